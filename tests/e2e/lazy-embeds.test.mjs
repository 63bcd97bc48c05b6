// End to end: embeds cost the reader nothing until wanted. An embed with `load=click`
// downloads no engine until Run; one below the fold (the default, `load=visible`)
// downloads it when it scrolls into view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, hostPage } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

test("a click embed loads its engine on Run, one below the fold when it comes into view", async () => {
  const host = await hostPage(`<!doctype html><html><body>
<h1>A long blog post</h1>
<iframe id="click" src="${browser.memplayOrigin}?embed=1&load=click" title="Memplay: on click" width="100%" height="460" style="border:0"></iframe>
<div style="height:3000px">...</div>
<iframe id="below" src="${browser.memplayOrigin}?embed=1" title="Memplay: below the fold" width="100%" height="460" style="border:0"></iframe>
<script>
  window.messages = [];
  addEventListener("message", (e) => { if (e.data.type !== "memplay:resize") window.messages.push(e.data.type); });
</script></body></html>`);
  const page = await browser.newPage();
  const engineRequests = [];
  // The workers' requests too (Chromium reports them with their page).
  page.on("request", (r) => { if (/memplay-worker_bg-[0-9a-f]+\.wasm$/.test(r.url())) engineRequests.push(r.url()); });
  await page.goto(host.url);
  const click = page.frameLocator("#click");
  const below = page.frameLocator("#below");
  await click.getByTestId("engine-status").filter({ hasText: "engine loads on Run" }).waitFor();
  await below.getByTestId("engine-status").filter({ hasText: "engine loads on Run" }).waitFor();
  await page.waitForTimeout(1_500);
  assert.deepEqual(engineRequests, [], "no engine downloaded before it is wanted");
  // Both take requests at once (a request would load the engine).
  await page.waitForFunction(() => window.messages.filter((t) => t === "memplay:ready").length === 2);

  await click.getByTestId("run-all").click();
  await click.getByTestId("summary").filter({ hasText: "peaks at" }).waitFor({ timeout: 120_000 });
  // The requests are seen (so the count of none above means none was made).
  assert.ok(engineRequests.length >= 1, "the engine was requested on Run");
  assert.equal(await below.getByTestId("engine-status").textContent(), "engine loads on Run");

  await page.locator("#below").scrollIntoViewIfNeeded();
  await below.getByTestId("engine-status").filter({ hasText: "ready" }).waitFor({ timeout: 120_000 });
  await page.close();
  host.close();
});
