// How long a fresh engine takes after each run (runs are sealed: every run gets a new
// worker). Needs dist/ (trunk build --release). Usage: node bench/fresh-engine.mjs
import { openBrowser, waitForEngine, pane, waitForStatus } from "../tests/e2e/browser.mjs";
const browser = await openBrowser();
const page = await browser.newPage();
await page.goto(browser.server.url);
await waitForEngine(page);
const gaps = [];
for (let i = 0; i < 5; i++) {
  await page.evaluate(() => {
    window.gap = null;
    const status = () => document.querySelector('[data-testid="engine-status"]')?.textContent;
    const obs = new MutationObserver(() => {
      if (status() !== "ready" && window.leftReady == null) window.leftReady = performance.now();
      if (status() === "ready" && window.leftReady != null && window.gap == null) window.gap = performance.now() - window.leftReady;
    });
    window.leftReady = null;
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await pane(page, "generator").getByTestId("run-pane").click();
  await page.waitForFunction(() => window.gap != null, null, { timeout: 60_000 });
  gaps.push(await page.evaluate(() => window.gap));
}
console.log("fresh engine after a run (ms):", gaps.map((g) => g.toFixed(0)).join(", "));
await browser.close();
