// End to end: the page's main thread stays free while Python runs, prints and streams
// samples, in the playground and in an embed inside a blog post on another site (where
// a frozen iframe freezes the reader's page). A long-task observer (tasks over 50 ms)
// records the longest one per scenario; the target is 50 ms, and the assertion allows
// three times that, so a loaded 2-core machine does not fail it (each run prints its
// figure: the issue notes quote them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, pane, waitForEngine, setCode, waitForStatus, hostPage } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** Blocks `frame`'s main thread for 80 ms from a task of its own, and waits until its
 * long-task observer has seen it: proof that the observer works there. */
async function checkObserver(frame) {
  await frame.evaluate(() => new Promise((done) => setTimeout(() => {
    const t = performance.now();
    while (performance.now() - t < 80);
    done();
  }, 0)));
  await frame.waitForFunction(() => window.__longTasks.some((d) => d >= 75), null, { timeout: 5_000 });
}

/** Starts recording the page's long tasks (from the first script on). */
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
}

const BUDGET_MS = 150;

const scenarios = [
  ["300,000 printed lines", "for i in range(300_000):\n    print(i)\n", "completed"],
  ["a 100 MB print", "print('x' * 10**8)\n", "completed"],
  ["__del__ printing exceptions in a loop",
    "class A:\n    def __del__(self):\n        raise ValueError('in __del__')\nfor _ in range(20_000):\n    A()\n",
    "completed"],
  ["a runaway loop to the time limit (100,000+ samples)", "while True:\n    pass\n", "time limit"],
  // Each snapshot is a census: 1,000 of them, each streamed with the samples.
  ["1,000 censuses (tracemalloc snapshots in a loop)",
    "import tracemalloc\ntracemalloc.start()\nclass Session:\n    pass\nkept = []\n" +
    "for i in range(1_000):\n    kept.extend(Session() for _ in range(5))\n    tracemalloc.take_snapshot()\n",
    "completed"],
];

for (const [name, code, status] of scenarios) {
  test(`the page stays responsive during ${name}`, async (t) => {
    const page = await browser.newPage();
    t.after(() => page.close());
    await page.addInitScript(observeLongTasks);
    await page.goto(browser.server.url);
    await waitForEngine(page);
    await setCode(page, "list", code);
    await checkObserver(page.mainFrame());
    // Only what happens from Run on counts (loading the page is not this test's).
    await page.evaluate(() => { window.__longTasks.length = 0; });
    await pane(page, "list").getByTestId("run-pane").click();
    await waitForStatus(page, "list", status, 120_000);
    // Let the last render land.
    await page.waitForTimeout(500);
    const tasks = await page.evaluate(() => window.__longTasks);
    const samples = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
    const longest = Math.max(0, ...tasks);
    console.log(`${name}: longest main-thread task ${longest.toFixed(0)} ms (${tasks.length} over 50 ms), ${samples} samples`);
    assert.ok(longest <= BUDGET_MS, `${name}: a ${longest.toFixed(0)} ms task blocked the page`);
    if (status === "time limit") assert.ok(samples > 100_000, `${samples} samples`);
    if (name.includes("censuses")) {
      // 1,000 asked for (the engine's cap on asked censuses is 1,000) and the final one.
      const censuses = Number(await pane(page, "list").getByTestId("chart-types").getAttribute("data-censuses"));
      assert.ok(censuses >= 1_000, `${censuses} censuses`);
    }
  });
}

test("a blog post and its embed stay responsive while the embed prints and loops", async (t) => {
  const host = await hostPage(`<!doctype html>
<html><body><h1>A blog post</h1><p>Some text the reader scrolls.</p>
<iframe id="m" src="${browser.memplayOrigin}?embed=1" width="100%" height="460" style="border:0"></iframe>
<script>
  window.messages = [];
  addEventListener("message", (e) => {
    if (e.source === document.getElementById("m").contentWindow) window.messages.push(e.data);
  });
</script></body></html>`);
  t.after(() => host.close());
  const page = await browser.newPage();
  t.after(() => page.close());
  // In every frame: the post's and the embed's own main thread.
  await page.addInitScript(observeLongTasks);
  await page.goto(host.url);
  await page.waitForFunction(() => window.messages.some((m) => m.type === "memplay:ready"), null, { timeout: 120_000 });
  const embed = page.frames().find((f) => f.url().includes("embed=1"));
  for (const frame of [page.mainFrame(), embed]) {
    await checkObserver(frame);
    await frame.evaluate(() => { window.__longTasks.length = 0; });
  }
  await page.evaluate(() => document.getElementById("m").contentWindow.postMessage({
    type: "memplay:run", id: "heavy", panes: [
      { title: "prints", code: "for i in range(300_000):\n    print(i)\n" },
      // Fourteen seconds of sampling, well inside the 20 s limit (the clock calls make
      // it fewer samples than the playground's runaway loop, its 100,000-sample case).
      { title: "loop", code: "import time\nend = time.monotonic() + 14\nwhile time.monotonic() < end:\n    pass\n" },
    ] }, "*"));
  await page.waitForFunction(() => window.messages.some((m) => m.type === "memplay:result"), null, { timeout: 180_000 });
  await page.waitForTimeout(500);
  const result = (await page.evaluate(() => window.messages)).find((m) => m.type === "memplay:result");
  assert.deepEqual(result.runs.map((r) => [r.title, r.ok]), [["prints", true], ["loop", true]], JSON.stringify(result));
  // The embed draws both runs on one chart: the loop's own line.
  const samples = Number(await embed.locator('[data-testid="chart-memory"] [data-series="loop"]').first().getAttribute("data-points"));
  for (const [where, frame] of [["the blog post", page.mainFrame()], ["the embed", embed]]) {
    const tasks = await frame.evaluate(() => window.__longTasks);
    const longest = Math.max(0, ...tasks);
    console.log(`${where}: longest main-thread task ${longest.toFixed(0)} ms (${tasks.length} over 50 ms), ${samples} samples in the loop`);
    assert.ok(longest <= BUDGET_MS, `${where}: a ${longest.toFixed(0)} ms task blocked it`);
  }
  assert.ok(samples > 30_000, `${samples} samples`);
});
