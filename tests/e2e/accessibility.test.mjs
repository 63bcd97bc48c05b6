// End to end: an accessibility audit (axe-core, injected into the page) of the playground
// and the embed, each in the light and the dark theme, after a run (charts, headline and
// summary drawn): no serious or critical violation, colour contrast included.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openBrowser, ROOT, pane, waitForStatus } from "./browser.mjs";

const AXE = path.join(ROOT, "node_modules", "axe-core", "axe.min.js");

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** axe's serious and critical violations on `page`, one line each. */
async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 2).join("")}`),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

for (const theme of ["light", "dark"]) {
  test(`the playground in the ${theme} theme has no serious accessibility violation`, async () => {
    const page = await browser.newPage();
    await page.goto(`${browser.server.url}?theme=${theme}`);
    await pane(page, "generator").waitFor();
    await page.getByTestId("run-all").click();
    await waitForStatus(page, "list", "completed", 120_000);
    await waitForStatus(page, "generator", "completed", 60_000);
    const found = await audit(page);
    assert.deepEqual(found, [], JSON.stringify(found, null, 1));
    // The results are announced to screen readers once the runs end.
    assert.match(await page.getByTestId("results-announcement").textContent(), /list: completed, peak .*generator: completed/);
    await page.close();
  });

  test(`the embed in the ${theme} theme has no serious accessibility violation`, async () => {
    const page = await browser.newPage();
    await page.goto(`${browser.server.url}?embed=1&theme=${theme}`);
    await page.getByTestId("run-all").click();
    await page.getByTestId("summary").filter({ hasText: "peaks at" }).waitFor({ timeout: 120_000 });
    const found = await audit(page);
    assert.deepEqual(found, [], JSON.stringify(found, null, 1));
    await page.close();
  });
}
