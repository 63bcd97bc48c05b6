// End to end: phone-sized screens. The playground and the embed fit the screen's width
// (no sideways scroll), every toolbar action is on screen, and chart text is drawn at its
// size, not scaled down with the chart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, screenshot, pane, waitForStatus, hostPage } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** What overflows the screen sideways: the page's width and anything wider than it. */
function overflow() {
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest(".summary, .cm-scroller"))
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right ${Math.round(e.getBoundingClientRect().right)}`);
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide };
}

/** The smallest rendered font size (px) of the charts' text. */
function smallestChartText() {
  const sizes = [...document.querySelectorAll(".chart svg text:not(.svg-title)")]
    .filter((t) => t.getBoundingClientRect().height > 0)
    .map((t) => {
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return parseFloat(getComputedStyle(t).fontSize) * scale;
    });
  return Math.min(...sizes);
}

for (const [width, height] of [[360, 740], [390, 844]]) {
  test(`the playground at ${width}x${height}: no sideways scroll, every action on screen, readable charts`, async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(browser.server.url);
    await pane(page, "generator").waitFor();
    await page.getByTestId("run-all").click();
    await waitForStatus(page, "list", "completed", 120_000);
    await waitForStatus(page, "generator", "completed", 60_000);
    const fit = await page.evaluate(overflow);
    assert.ok(fit.scrollWidth <= fit.innerWidth, JSON.stringify(fit));
    for (const id of ["run-all", "gallery", "share", "embed", "theme-toggle", "limit-time", "limit-memory"]) {
      const box = await page.getByTestId(id).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${id} at ${JSON.stringify(box)}`);
    }
    for (const name of ["Overlay", "RustPython heap", "Time", "CSV", "JSON"]) {
      const box = await page.getByRole("button", { name, exact: true }).boundingBox();
      assert.ok(box && box.x + box.width <= width, `${name} at ${JSON.stringify(box)}`);
    }
    assert.doesNotMatch(await page.locator('[data-testid="pane-status"]').first().textContent(), /…/);
    // Each pane's Run and × stay on its title's row.
    const list = pane(page, "list");
    const title = await list.locator(".pane-title").boundingBox();
    for (const button of [list.getByTestId("run-pane"), list.getByRole("button", { name: "remove pane" })]) {
      const box = await button.boundingBox();
      const off = Math.abs(box.y + box.height / 2 - (title.y + title.height / 2));
      assert.ok(off < 6, `${await button.textContent()} is ${off.toFixed(0)} px off the title's row`);
    }
    const smallest = await page.evaluate(smallestChartText);
    assert.ok(smallest >= 10.5, `chart text drawn at ${smallest.toFixed(1)} px`);
    // The share popover fits too.
    await page.getByTestId("share").click();
    assert.ok((await page.evaluate(overflow)).scrollWidth <= width);
    await page.keyboard.press("Escape");
    assert.equal(await page.getByTestId("share-link").count(), 0, "Escape closes the share popover");
    await screenshot(page, `40-phone-${width}`);
    await page.close();
  });
}

test("the embed at 360 px wide: no sideways scroll and readable chart text", async () => {
  const host = await hostPage(`<!doctype html><html><body style="margin:0">
<iframe id="m" src="${browser.memplayOrigin}?embed=1" title="Memplay" style="border:0;width:360px;height:520px"></iframe>
</body></html>`);
  const page = await browser.newPage();
  await page.setViewportSize({ width: 400, height: 700 });
  await page.goto(host.url);
  const frame = page.frameLocator("#m");
  await frame.getByTestId("run-all").click();
  await frame.getByTestId("summary").filter({ hasText: "peaks at" }).waitFor({ timeout: 120_000 });
  const embed = page.frames().find((f) => f.url().includes("embed=1"));
  const fit = await embed.evaluate(overflow);
  assert.ok(fit.scrollWidth <= fit.innerWidth, JSON.stringify(fit));
  const smallest = await embed.evaluate(smallestChartText);
  assert.ok(smallest >= 10.5, `chart text drawn at ${smallest.toFixed(1)} px`);
  await screenshot(page, "41-embed-360");
  await page.close();
  host.close();
});
