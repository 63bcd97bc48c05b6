// End to end: the page's main thread stays free while Python runs, prints and streams
// samples. A long-task observer (tasks over 50 ms) records the longest one per scenario;
// the target is 50 ms, and the assertion allows three times that, so a loaded 2-core machine does not fail it
// (each run prints its figure: the issue notes quote them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, pane, waitForEngine, setCode, waitForStatus } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

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
];

for (const [name, code, status] of scenarios) {
  test(`the page stays responsive during ${name}`, async () => {
    const page = await browser.newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(browser.server.url);
    await waitForEngine(page);
    await setCode(page, "list", code);
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
    await page.close();
  });
}
