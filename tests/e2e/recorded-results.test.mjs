// End to end: recorded results travel with a link. A link or an embed with them draws
// its charts, summary and headline at once, marked "recorded", and downloads no engine
// until Run; a link whose results do not match its code (edited by hand) opens without
// them and says why; a blog post with five such embeds shows five charts and loads one
// engine, in the embed where Run was pressed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { openBrowser, hostPage, pane, waitForEngine, waitForStatus, screenshot } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const ENGINE = /memplay-worker_bg-[0-9a-f]+\.wasm$/;

/** A page that counts the engine downloads it (and its workers) asks for. */
async function countingPage() {
  const page = await browser.newPage();
  page.engineRequests = [];
  page.on("request", (r) => { if (ENGINE.test(r.url())) page.engineRequests.push(r.url()); });
  return page;
}

/** Each pane's drawn type series ({type: [peak, last]}) and the types the moment panel
 * lists at the pane's last census (End on its memory chart). */
async function types(page, titles) {
  const seen = {};
  for (const title of titles) {
    const series = await pane(page, title).getByTestId("chart-types").evaluate((chart) =>
      Object.fromEntries([...chart.querySelectorAll('[data-testid="type-series"]')]
        .map((g) => [g.dataset.type, [Number(g.dataset.peak), Number(g.dataset.last)]])));
    await pane(page, title).getByTestId("chart-memory").locator("svg").focus();
    await page.keyboard.press("End");
    const alive = await page.getByTestId("moment-panel").locator(".moment-alive tr").evaluateAll((trs) =>
      trs.map((tr) => tr.textContent));
    await page.keyboard.press("Escape");
    await page.getByTestId("moment-panel").waitFor({ state: "detached" });
    seen[title] = { series, alive };
  }
  return seen;
}

async function rows(page) {
  return page.locator('[data-testid="summary"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.paneTitle, tr.dataset.peakBytes, tr.dataset.finalBytes]));
}

/** The state inside a link's fragment, and a link holding another state. */
function unpack(link) {
  const payload = new URL(link).hash.match(/v2=([^&]*)/)[1];
  return JSON.parse(zlib.inflateRawSync(Buffer.from(payload, "base64url")).toString());
}
function repack(link, state) {
  const url = new URL(link);
  const payload = zlib.deflateRawSync(Buffer.from(JSON.stringify(state))).toString("base64url");
  url.hash = url.hash.replace(/v2=[^&]*/, `v2=${payload}`);
  return url.toString();
}

let recordedLink;

test("a shared link with results shows them at once, without the engine, until Run", async () => {
  const page = await browser.newPage();
  await page.goto(browser.memplayOrigin);
  await waitForEngine(page);
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "list", "completed", 120_000);
  await waitForStatus(page, "generator", "completed", 120_000);
  const measured = await rows(page);
  const headline = await page.locator(".headline").textContent();
  const measuredTypes = await types(page, ["list", "generator"]);
  assert.ok(measuredTypes.list.series.int, JSON.stringify(measuredTypes.list));
  assert.ok(measuredTypes.list.alive.some((row) => /int/.test(row)), JSON.stringify(measuredTypes.list));

  await page.getByTestId("share").click();
  const include = page.getByTestId("share-include-results");
  assert.ok(await include.isChecked(), "results are included by default once the panes have run");
  recordedLink = await page.getByTestId("share-link").inputValue();
  assert.match(recordedLink, /#v2=[^&]+&recorded=1$/);
  await include.uncheck();
  const plainLink = await page.getByTestId("share-link").inputValue();
  assert.doesNotMatch(plainLink, /recorded=1/);
  const added = recordedLink.length - plainLink.length;
  console.log(`# link without results ${plainLink.length} B, with results for two panes ${recordedLink.length} B (+${added} B)`);
  assert.ok(added <= 6 * 1024, `results for two panes add ${added} bytes to the link`);
  // The embed code carries them too, and leaves the engine for Run (the default then).
  await include.check();
  await page.getByTestId("embed").click();
  const code = await page.getByTestId("embed-code").inputValue();
  assert.match(code, /recorded=1/);
  assert.doesNotMatch(code, /load=/);
  assert.ok(await page.getByTestId("embed-load-click").isChecked());
  await page.close();

  const reader = await countingPage();
  await reader.goto(recordedLink);
  await reader.getByTestId("recorded-badge").first().waitFor();
  assert.equal(await reader.getByTestId("recorded-badge").count(), 2);
  assert.deepEqual(await rows(reader), measured, "the summary's figures are the measured ones, exactly");
  assert.equal(await reader.locator(".headline").textContent(), headline);
  // The link keeps each census's largest types: the type charts and the moment panel show
  // what the author saw, before Run.
  assert.deepEqual(await types(reader, ["list", "generator"]), measuredTypes);
  const points = await reader.locator('[data-testid="chart-memory"] g.series').first().getAttribute("data-points");
  assert.ok(Number(points) > 20, `the memory chart is drawn from the link (${points} points)`);
  assert.equal(await reader.getByTestId("engine-status").textContent(), "engine loads on Run");
  await screenshot(reader, "recorded-link");
  await reader.waitForTimeout(1_500);
  assert.deepEqual(reader.engineRequests, [], "no engine downloaded for a recorded link");

  await reader.getByTestId("run-all").click();
  await waitForStatus(reader, "generator", "completed", 120_000);
  await waitForStatus(reader, "list", "completed", 120_000);
  assert.ok(reader.engineRequests.length >= 1, "Run loaded the engine");
  assert.equal(await reader.getByTestId("recorded-badge").count(), 0, "measured here now");
  await reader.close();
});

/** Each pane's peak marks, as its memory and live-objects charts label them. */
async function peakLabels(page) {
  return page.locator('[data-testid="chart-memory"], [data-testid="chart-objects"]').evaluateAll((charts) =>
    charts.map((c) => [...c.querySelectorAll("g.peak text")].map((t) => t.textContent).join(" ")));
}

test("a link draws the peaks its author saw, also a peak inside the cycle collector", async () => {
  // objgraph's show_growth() runs the collector, whose own allocations make RustPython's
  // peak; CPython's does not allocate, and a link drew them as a 6.7 MB CPython peak
  // where the run had 4.4 MB.
  const page = await browser.newPage();
  await page.goto(browser.memplayOrigin);
  await waitForEngine(page);
  await page.getByTestId("gallery").selectOption("objgraph");
  await pane(page, "fixed").waitFor();
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "leak", "completed", 120_000);
  await waitForStatus(page, "fixed", "completed", 120_000);
  const measured = await peakLabels(page);
  assert.equal(measured.length, 4);
  assert.ok(measured.every((label) => /^peak /.test(label)), JSON.stringify(measured));
  const measuredRows = await rows(page);
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  assert.match(link, /recorded=1$/);
  await page.close();

  const reader = await browser.newPage();
  await reader.goto(link);
  await reader.getByTestId("recorded-badge").first().waitFor();
  assert.deepEqual(await rows(reader), measuredRows);
  // The link keeps bytes to an 8192th or finer of the highest sample, so a peak between censuses
  // (an estimate from them) can move in its last digit: 90.7 KB may read 90.6 KB.
  const value = (label) => {
    const [, n, unit] = label.match(/^peak ([\d.]+) ?(B|KB|MB|GB|k|M|G)?$/);
    return Number(n) * ({ KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 }[unit] ?? 1);
  };
  const linked = await peakLabels(reader);
  linked.forEach((label, i) => {
    const [got, want] = [value(label), value(measured[i])];
    assert.ok(Math.abs(got - want) <= want * 0.003, `${label} in the link, ${measured[i]} measured`);
  });
  await reader.close();
});

test("results that do not match their code are not shown, and the page says why", async () => {
  assert.ok(recordedLink, "the first test made a link");
  const state = unpack(recordedLink);
  assert.equal(state.results.length, 2);
  state.panes[0].code = "data = [0] * 10\n";
  const page = await browser.newPage();
  await page.goto(repack(recordedLink, state));
  await page.getByTestId("recorded-badge").first().waitFor();
  assert.equal(await page.getByTestId("recorded-badge").count(), 1);
  assert.equal(await pane(page, "list").getByTestId("recorded-badge").count(), 0);
  assert.match(await page.locator("body").textContent(), /recorded results of pane 1 do not match its code/);
  assert.equal(await pane(page, "list").getByTestId("pane-status").textContent(), "not run yet");
  await page.close();
});

test("five recorded embeds in a post: five charts, no engine until Run, then one", async () => {
  assert.ok(recordedLink, "the first test made a link");
  const fragment = new URL(recordedLink).hash;
  const frames = [1, 2, 3, 4, 5].map((i) =>
    `<h2>Example ${i}</h2><iframe id="e${i}" src="${browser.memplayOrigin}?embed=1${fragment}" title="Memplay: example ${i}" width="100%" height="460" style="border:0" loading="lazy"></iframe><p>Some prose between the examples.</p>`);
  const host = await hostPage(`<!doctype html><html><body><h1>Python memory, five ways</h1>${frames.join("\n")}</body></html>`);
  const page = await countingPage();
  await page.setViewportSize({ width: 1000, height: 4000 });
  await page.goto(host.url);
  for (const i of [1, 2, 3, 4, 5]) {
    const frame = page.frameLocator(`#e${i}`);
    await frame.getByTestId("recorded-badge").waitFor();
    await frame.locator('[data-testid="chart-memory"] g.series').first().waitFor();
    assert.match(await frame.getByTestId("summary").textContent(), /peaks at/);
    const censuses = await frame.getByTestId("chart-types").first().getAttribute("data-censuses");
    assert.ok(Number(censuses) > 0, `the embed's type chart is drawn from the link (${censuses} censuses)`);
  }
  await page.waitForTimeout(1_500);
  assert.deepEqual(page.engineRequests, [], "five recorded embeds download no engine");

  const third = page.frameLocator("#e3");
  await third.getByTestId("run-all").click();
  await third.getByTestId("engine-status").filter({ hasText: "ready" }).waitFor({ timeout: 120_000 });
  await third.getByTestId("recorded-badge").waitFor({ state: "detached", timeout: 120_000 });
  await third.getByTestId("summary").filter({ hasText: "peaks at" }).waitFor({ timeout: 120_000 });
  assert.equal(new Set(page.engineRequests).size, 1, "one engine, for the embed that ran");
  for (const i of [1, 2, 4, 5]) {
    assert.equal(await page.frameLocator(`#e${i}`).getByTestId("engine-status").textContent(), "engine loads on Run");
  }
  await page.close();
  host.close();
});
