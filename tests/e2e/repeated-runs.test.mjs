// End to end: the same pane run 50 times in a row. Each run has a fresh engine, so the
// figures must repeat exactly, and the page must not grow: its JS heap after the 50th
// run stays near where it was after the 5th (each run replaces the pane's last one).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, pane, waitForEngine, waitForStatus } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const RUNS = 50;

test(`${RUNS} runs of the default list pane: the same figures each time, and no growth of the page`, async () => {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "JSHeapUsedSize").value;
  };
  await page.goto(browser.server.url);
  const figures = [];
  let heapAfterFifth = 0;
  for (let run = 1; run <= RUNS; run++) {
    await waitForEngine(page);
    await pane(page, "list").getByTestId("run-pane").click();
    await waitForStatus(page, "list", "completed", 60_000);
    const row = page.getByTestId("summary").locator('tr[data-pane-title="list"]');
    figures.push(`${await row.getAttribute("data-peak-bytes")}/${await row.getAttribute("data-final-bytes")}`);
    if (run === 5) heapAfterFifth = await heap();
  }
  const heapAfterLast = await heap();
  const growth = heapAfterLast - heapAfterFifth;
  console.log(`page JS heap after run 5: ${(heapAfterFifth / 1e6).toFixed(2)} MB, after run ${RUNS}: ${(heapAfterLast / 1e6).toFixed(2)} MB; figures ${figures[0]} (peak/final bytes)`);
  assert.equal(new Set(figures).size, 1, `figures moved: ${[...new Set(figures)].join(", ")}`);
  assert.ok(growth < 2e6, `the page's JS heap grew ${(growth / 1e6).toFixed(2)} MB over ${RUNS - 5} runs`);
  await page.close();
});
