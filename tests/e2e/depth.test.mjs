// End to end: seeing inside a run. The objgraph gallery example: which objects pile up
// (the type chart), which line made them (the editor's gutter), what was alive at a
// moment (click a chart, step with the arrow keys, keep it in a link).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  openBrowser, screenshot, pane, waitForEngine, waitForStatus,
} from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function runObjgraph(page) {
  await page.getByTestId("gallery").selectOption("objgraph");
  await pane(page, "fixed").waitFor();
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "leak", "completed", 60_000);
  await waitForStatus(page, "fixed", "completed", 60_000);
}

/** The drawn type series of a pane's type chart: {type: {peak, last}}. */
async function typeSeries(page, title) {
  return pane(page, title).getByTestId("chart-types").evaluate((chart) => {
    const series = {};
    for (const g of chart.querySelectorAll('[data-testid="type-series"]')) {
      series[g.dataset.type] = { peak: Number(g.dataset.peak), last: Number(g.dataset.last) };
    }
    return series;
  });
}

/** Clicks a pane's memory chart at its peak mark. */
async function clickPeak(page, title) {
  const peak = pane(page, title).getByTestId("chart-memory").locator("g.peak circle");
  const box = await peak.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

const momentStep = async (page) => Number(await page.getByTestId("moment-panel").getAttribute("data-step"));

test("objgraph's leak shows in the type chart, the gutter and at a moment", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await runObjgraph(page);

  // Objects by type: the leak's Session series rises round after round to 6,000 (one
  // census per show_growth() call); the fixed pane never holds more than the one in use.
  const leak = await typeSeries(page, "leak");
  assert.ok(leak.Session, JSON.stringify(leak));
  assert.equal(leak.Session.last, 6000);
  const fixed = await typeSeries(page, "fixed");
  assert.ok(!fixed.Session || fixed.Session.peak <= 1, JSON.stringify(fixed));
  const censuses = Number(await pane(page, "leak").getByTestId("chart-types").getAttribute("data-censuses"));
  assert.ok(censuses >= 5, `censuses: ${censuses}`);
  // Live objects as the view counts them: CPython keeps a Session's attributes inside
  // it, RustPython in a dict of its own, so the RustPython view counts at least the
  // 6,000 dicts more, in the summary and on the live-objects chart.
  const peakObjects = async () => {
    const cell = page.getByTestId("summary").locator('tr[data-pane-title="leak"] td').nth(2);
    return Number((await cell.textContent()).replace(/,/g, ""));
  };
  const objectsSummary = () =>
    pane(page, "leak").getByTestId("chart-objects").getByTestId("chart-summary").textContent();
  const cpythonObjects = await peakObjects();
  const cpythonChart = await objectsSummary();
  await page.getByTestId("measure-rustpython").click();
  const rustpythonObjects = await peakObjects();
  assert.ok(cpythonObjects >= 6000, `${cpythonObjects}`);
  assert.ok(rustpythonObjects >= cpythonObjects + 6000, `${rustpythonObjects} vs ${cpythonObjects}`);
  assert.notEqual(await objectsSummary(), cpythonChart);
  await page.getByTestId("measure-cpython").click();
  assert.equal(await objectsSummary(), cpythonChart);

  // Bytes by type (CPython's view).
  await pane(page, "leak").getByTestId("types-bytes").click();
  const leakBytes = await typeSeries(page, "leak");
  assert.ok(Object.values(leakBytes).some((s) => s.last > 1_000_000), JSON.stringify(leakBytes));
  assert.equal(await pane(page, "leak").getByTestId("chart-types").getAttribute("data-measure"), "bytes");
  await pane(page, "leak").getByTestId("types-count").click();

  // Memory per line: the gutter's largest mark is a line that builds Sessions (their
  // attributes, the history list, the Session, the append that keeps it).
  const marks = await pane(page, "leak").getByTestId("gutter-mark").evaluateAll((els) =>
    els.map((e) => ({ line: Number(e.dataset.line), bytes: Number(e.dataset.bytes), hits: Number(e.dataset.hits),
                      objects: Number(e.dataset.objects), title: e.title,
                      heat: Number(e.style.getPropertyValue("--heat")) })));
  assert.ok(marks.length >= 5, JSON.stringify(marks));
  const top = marks.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  assert.ok([7, 8, 13, 14].includes(top.line), JSON.stringify(marks));
  assert.ok(top.bytes > 1_000_000, JSON.stringify(top));
  // The heat colour follows the bytes the marks show: the line that kept the most is the
  // hottest, and a line keeps its share of that colour (the `def` lines, which allocate
  // a function once, used to outshine the loop's).
  assert.equal(top.heat, 1, JSON.stringify(top));
  for (const m of marks) {
    assert.ok(Math.abs(m.heat - Math.max(m.bytes, 0) / top.bytes) < 1e-4, JSON.stringify(m));
  }
  assert.equal(marks.find((m) => m.line === 8).hits, 6000, "each Session's history, 6,000 times");
  // Objects made per line: two lists per call on line 8 (`[user]`, then the history
  // it repeats into); a Session per call on line 13. Hovering a mark says so.
  const history = marks.find((m) => m.line === 8);
  assert.equal(history.objects, 12_000, JSON.stringify(history));
  assert.ok(marks.find((m) => m.line === 13).objects >= 6000, JSON.stringify(marks));
  assert.match(history.title, /\nobjects made 12,000 /);

  // Travel to the peak: a marker on each of the pane's charts, the line running then
  // highlighted, and the panel lists the Sessions alive then.
  await clickPeak(page, "leak");
  const panel = page.getByTestId("moment-panel");
  await panel.waitFor();
  assert.equal(await pane(page, "leak").getByTestId("moment-marker").count(), 3);
  assert.equal(await pane(page, "fixed").getByTestId("moment-marker").count(), 0);
  const where = await panel.getByTestId("moment-where").textContent();
  const line = Number(where.match(/line (\d+)/)[1]);
  assert.equal(await pane(page, "leak").getByTestId("moment-line").getAttribute("data-line"), String(line));
  assert.match(await panel.locator('tr[data-type="Session"]').textContent(), /6,000/);
  await screenshot(page, "20-moment-light");

  // The arrow keys step from census to census; the panel says what grew since the one
  // before: back from the peak, a census shows a round's +2,000 Sessions.
  const peakStep = await momentStep(page);
  await page.keyboard.press("ArrowLeft");
  const earlier = await momentStep(page);
  assert.ok(earlier < peakStep, `${earlier} < ${peakStep}`);
  await page.keyboard.press("ArrowRight");
  assert.ok(await momentStep(page) > earlier);
  let before = null;
  for (let i = 0; i < 8 && before === null; i++) {
    await page.keyboard.press("ArrowLeft");
    const growth = await panel.locator(".moment-growth").textContent();
    if (/\+2,000\s*Session/.test(growth)) before = await momentStep(page);
  }
  assert.ok(before !== null, "a census where a round's Sessions appear");
  // The arrows land on censuses: the panel says which two censuses the change is between.
  assert.match(await panel.locator(".moment-growth h4").textContent(),
    /^Changed at this census \(from step [\d,]+ to step [\d,]+\)$/);

  // The moment is in the link. With the results (the default), the link opens at it at
  // once, from them: the step, the census, its growth and the line running then, without
  // running anything.
  const lineOf = async (page) => (await page.getByTestId("moment-where").textContent()).match(/line (\d+)/)[1];
  const lineThen = await lineOf(page);
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  assert.doesNotMatch(link, /&run=1/);
  const opened = await browser.newPage();
  await opened.goto(link);
  await opened.getByTestId("moment-panel").waitFor();
  assert.equal(await opened.getByTestId("recorded-badge").count(), 2, "shown from the link, not run");
  assert.equal(await momentStep(opened), before);
  assert.match(await opened.getByTestId("moment-growth").textContent(), /\+2,000\s*Session/);
  assert.equal(await lineOf(opened), lineThen);
  assert.equal(await opened.getByTestId("moment-line").getAttribute("data-line"), lineThen);
  await opened.close();
  // Without them, the link runs the code again to reach the moment, to the step.
  await page.getByTestId("share-include-results").uncheck();
  const running = await page.getByTestId("share-link").inputValue();
  assert.match(running, /&run=1/);
  const rerun = await browser.newPage();
  await rerun.goto(running);
  await waitForStatus(rerun, "leak", "completed", 120_000);
  await waitForStatus(rerun, "fixed", "completed", 60_000);
  await rerun.getByTestId("moment-panel").waitFor();
  assert.equal(await momentStep(rerun), before);
  assert.match(await rerun.getByTestId("moment-growth").textContent(), /\+2,000\s*Session/);
  await rerun.close();
  await page.getByTestId("share").click();

  // Escape leaves the moment.
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("moment-line").count(), 0);

  // From the keyboard alone: Tab reaches the charts; Home and End go to the first and the
  // last census, and the arrows then step without scrolling the page (the key listener
  // is not passive, so its preventDefault holds: a window listener, called after the
  // document's, sees the key's default prevented).
  const warnings = [];
  page.on("console", (m) => { if (/passive/i.test(m.text())) warnings.push(m.text()); });
  await page.evaluate(() => addEventListener("keydown", (e) => { window.lastKeyPrevented = e.defaultPrevented; }));
  const chart = pane(page, "leak").getByTestId("chart-memory").locator("svg");
  await chart.focus();
  assert.equal(await chart.getAttribute("tabindex"), "0");
  // With no moment, → starts at the first census (not one past it).
  await page.keyboard.press("ArrowRight");
  await panel.waitFor();
  const started = await momentStep(page);
  await page.keyboard.press("Home");
  const first = await momentStep(page);
  assert.equal(started, first, "→ with no moment goes to the first census, as Home does");
  await page.keyboard.press("End");
  const last = await momentStep(page);
  assert.ok(first < last, `Home ${first} before End ${last}`);
  await page.keyboard.press("ArrowLeft");
  assert.ok(await momentStep(page) < last);
  assert.equal(await page.evaluate(() => window.lastKeyPrevented), true, "the arrow's default (scrolling) is prevented");
  assert.deepEqual(warnings, []);
  await page.close();
});

test("the overlay compares one type across panes; dark theme and a phone", async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.server.url}?theme=dark`);
  await waitForEngine(page);
  await runObjgraph(page);
  await page.getByRole("button", { name: "Overlay" }).click();
  const chart = page.getByTestId("chart-types");
  await chart.getByTestId("type-select").selectOption("Session");
  const series = await chart.evaluate((c) => [...c.querySelectorAll('[data-testid="type-series"]')]
    .map((g) => [g.dataset.type, Number(g.dataset.last)]));
  assert.deepEqual(Object.fromEntries(series), { leak: 6000, fixed: 0 });
  // Clicking the overlay picks the pane whose line is under the pointer.
  const peak = page.getByTestId("chart-memory").locator('g.series[data-series="leak"] g.peak circle');
  const box = await peak.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId("moment-panel").waitFor();
  assert.match(await page.getByTestId("moment-panel").locator("h3").textContent(), /^leak at/);
  await screenshot(page, "21-overlay-dark");
  // The embed shows the compact version: the type chart and the moment panel; a link
  // with a moment opens there too.
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  const url = new URL(link);
  url.search = "?embed=1";
  const embed = await browser.newPage();
  await embed.setViewportSize({ width: 900, height: 900 });
  await embed.goto(url.toString());
  await embed.getByTestId("moment-panel").locator('tr[data-type="Session"]').waitFor({ timeout: 120_000 });
  assert.equal(await embed.getByTestId("chart-types").count(), 1);
  assert.match(await embed.getByTestId("moment-panel").locator("h3").textContent(), /^leak at/);
  await screenshot(embed, "23-embed-moment");
  await embed.close();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Side by side" }).click();
  await screenshot(page, "22-phone-dark");
  await page.close();
});
