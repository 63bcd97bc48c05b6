// End to end: leaving the page ends its engine (src/engine_worker.rs, on `pagehide`), except
// when the browser keeps the page for the back button: a page restored from that cache
// must still run, with the engine it had.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, pane, waitForEngine, waitForStatus } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser({ backForwardCache: true }); });
after(async () => { await browser?.close(); });

test("a page restored by the back button runs with the engine it kept", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await page.evaluate(() => {
    window.memplayTestKept = true;
    addEventListener("pageshow", (event) => { window.memplayTestRestored = event.persisted; });
  });
  // Another site, then back: no `load` event when the page comes from the cache.
  await page.goto(`${browser.memplayOrigin}index.html?elsewhere=1`);
  await waitForEngine(page);
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => window.memplayTestRestored === true, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.memplayTestKept), true, "the same page, not a reload");
  await pane(page, "list").getByTestId("run-pane").click();
  await waitForStatus(page, "list", "completed", 60_000);
  await page.close();
});
