// End to end: every gallery example, run in the page, is headlined with its own point
// (the manifest's `expect`: peak, final memory, allocations or steps) and the right pane
// as the one that uses less.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { openBrowser, ROOT, waitForEngine, waitForStatus } from "./browser.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "www", "gallery", "manifest.json"), "utf8"));
// The manifest's kinds, as the headline names its figure (data-figure).
const FIGURE = { peak_below: "peak", final_below: "final", allocations_below: "allocations", steps_below: "steps" };

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

test("each gallery example's headline states its own figure and the right winner", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  assert.equal(manifest.examples.length, 12);
  for (const example of manifest.examples) {
    await page.getByTestId("gallery").selectOption(example.id);
    await page.locator(`[data-testid="example-note"][data-example="${example.id}"]`).waitFor();
    await page.getByTestId("run-all").click();
    for (const p of example.panes) await waitForStatus(page, p.title, "completed", 120_000);
    const headline = page.getByTestId("summary").locator(".ratio");
    await headline.first().waitFor();
    const said = await headline.evaluateAll((els) => els.map((e) => [e.dataset.figure, e.dataset.lower, e.textContent]));
    assert.deepEqual(said.map(([figure, lower]) => [figure, lower]), [[FIGURE[example.expect.kind], example.expect.a]],
      `${example.id}: ${JSON.stringify(said)}`);
    console.log(`${example.id}: ${said[0][2]}`);
  }
  await page.close();
});
