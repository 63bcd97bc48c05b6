// End to end: share links, the embed (from another origin, driven by postMessage) and
// the downloads, in headless Chromium against the built dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  openBrowser, screenshot, pane, waitForEngine, setCode, waitForStatus,
} from "./browser.mjs";
import { startServer } from "../../scripts/static-server.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function editorText(page, index) {
  return page.evaluate((i) => {
    const lines = document.querySelectorAll('[data-testid="pane"]')[i].querySelectorAll(".cm-line");
    return [...lines].map((l) => l.textContent).join("\n");
  }, index);
}

test("a share link restores panes, view, measure, axis and limits in a fresh page", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  // The limit first: its change event must be applied before Share reads the state.
  // Typed while the engine still loads: the page re-renders with every progress message,
  // and the field must keep what is typed.
  await pane(page, "generator").waitFor();
  await page.getByTestId("limit-time").fill("7");
  const hostile = `<img src=x onerror="window.__pwned=1">`;
  await pane(page, "list").locator(".pane-title").fill(hostile);
  await setCode(page, "generator", "import gc\nx = [[] for _ in range(10)]\nprint('ok')\n");
  await page.getByRole("button", { name: "Overlay" }).click();
  await page.getByRole("button", { name: "Time" }).click();
  await page.getByTestId("measure-rustpython").click();
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  assert.match(link, /#v1=[A-Za-z0-9_-]+$/);

  const fresh = await browser.newPage();
  await fresh.goto(link);
  // The UI renders once its wasm has loaded.
  await pane(fresh, "generator").waitFor();
  await fresh.locator(".cm-content").nth(1).waitFor();
  const titles = await fresh.locator('[data-testid="pane"]').evaluateAll((els) => els.map((e) => e.dataset.paneTitle));
  assert.deepEqual(titles, [hostile, "generator"]);
  assert.equal(await editorText(fresh, 1), "import gc\nx = [[] for _ in range(10)]\nprint('ok')\n");
  assert.equal(await editorText(fresh, 0), await editorText(page, 0));
  assert.equal(await fresh.locator(".toggle.on").allTextContents().then((t) => t.join(",")), "Overlay,RustPython heap,Time");
  assert.equal(await fresh.getByTestId("limit-time").inputValue(), "7");
  assert.equal(await fresh.evaluate(() => window.__pwned), undefined, "titles are text, never HTML");
  assert.equal(await fresh.locator(".pane img").count(), 0);
  await page.close();
  await fresh.close();
});

test("corrupt, future, oversized links open the defaults with a one-line reason", async () => {
  const cases = [
    ["#v1=bm90IGRlZmxhdGU<script>", /damaged/],
    ["#v9=abc", /newer Memplay/],
    [`#v1=${"A".repeat(70_000)}`, /too large/],
  ];
  for (const [fragment, reason] of cases) {
    const page = await browser.newPage();
    await page.goto(browser.server.url + fragment);
    const notice = await page.getByTestId("notice").textContent();
    assert.match(notice, reason);
    assert.equal(await page.locator('[data-testid="pane"]').count(), 2);
    await pane(page, "list").waitFor();
    if (reason.source === "damaged") await screenshot(page, "10-corrupt-link");
    await page.close();
  }
});

test("an embed on another origin runs and answers the postMessage API", async () => {
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-host-"));
  const memplayUrl = browser.server.url.replace("127.0.0.1", "localhost");
  fs.writeFileSync(path.join(hostDir, "index.html"), `<!doctype html>
<html><body><h1>A blog post</h1>
<iframe id="m" src="${memplayUrl}?embed=1" width="100%" height="460" style="border:0"></iframe>
<script>
  window.messages = [];
  addEventListener("message", (e) => {
    window.messages.push(e.data);
    if (e.data.type === "memplay:ready" && !window.asked) {
      window.asked = true;
      e.source.postMessage({ type: "memplay:run", panes: [
        { title: "list", code: "data = list(range(200_000))" },
        { title: "range", code: "data = range(200_000)" },
      ] }, "*");
    }
  });
</script></body></html>`);
  const host = await startServer(hostDir, 0, "127.0.0.1");
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.waitForFunction(() => window.messages.some((m) => m.type === "memplay:result"), null, { timeout: 120_000 });
  const messages = await page.evaluate(() => window.messages);
  const result = messages.find((m) => m.type === "memplay:result");
  assert.ok(messages.some((m) => m.type === "memplay:ready"));
  assert.deepEqual(result.runs.map((r) => r.title), ["list", "range"]);
  const [list, range] = result.runs;
  assert.ok(list.ok && range.ok, JSON.stringify(result));
  assert.ok(list.peak_bytes > 50 * range.peak_bytes + 1_000_000, JSON.stringify(result));
  assert.ok(list.steps > 0 && list.peak_objects >= 200_000);
  const frame = page.frameLocator("#m");
  await frame.getByTestId("summary").filter({ hasText: "list peaks at" }).waitFor();
  const open = await frame.getByTestId("open-in-memplay").getAttribute("href");
  assert.ok(open.includes("#v1="), open);
  await screenshot(page, "11-embed");
  await page.close();
  host.close();
  fs.rmSync(hostDir, { recursive: true, force: true });
});

test("downloads: CSV has a row per sample, JSON has the runs, SVG and PNG are images", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "list", "completed", 120_000);
  await waitForStatus(page, "generator", "completed", 120_000);
  const read = async (testid, nth = 0) => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId(testid).nth(nth).click(),
    ]);
    return fs.readFileSync(await download.path());
  };
  const csv = (await read("export-csv")).toString("utf8").trim().split("\n");
  const samples = await page.locator('[data-testid="chart-memory"]').evaluateAll(
    (els) => els.reduce((n, el) => n + Number(el.dataset.samples), 0));
  assert.equal(csv[0], "pane,step,t_ms,line,bytes,objects,high_before,cpython_bytes");
  assert.equal(csv.length - 1, samples);
  assert.ok(csv.slice(1).every((row) => row.split(",").length === 8));

  const json = JSON.parse((await read("export-json")).toString("utf8"));
  assert.deepEqual(json.runs.map((r) => r.file), ["list", "generator"]);
  assert.equal(json.runs[0].samples.length + json.runs[1].samples.length, samples);
  assert.ok(json.runs[0].cpython_peak_bytes > 30_000_000, JSON.stringify(json.runs[0].cpython_peak_bytes));
  assert.equal(json.runs[0].cpython_types_at_peak.int.count, 1_000_001);

  const svg = (await read("export-svg")).toString("utf8");
  assert.match(svg, /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /peak /);
  const png = await read("export-png");
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  await page.close();
});
