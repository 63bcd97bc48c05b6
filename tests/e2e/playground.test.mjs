// End to end: the playground in headless Chromium against the built dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  openBrowser, screenshot, pane, waitForEngine, setCode, paneStatus, waitForStatus, DIST,
} from "./browser.mjs";
import { countWorkerMessages, workerMessages } from "./worker-bytes.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** Records every text the engine status shows, from the first paint on. */
function recordEngineStatus() {
  window.__engineStatusLog = [];
  const log = () => {
    const el = document.querySelector('[data-testid="engine-status"]');
    const text = el?.textContent;
    if (text && window.__engineStatusLog.at(-1) !== text) window.__engineStatusLog.push(text);
  };
  new MutationObserver(log).observe(document, { subtree: true, childList: true, characterData: true });
}

test("the page paints first, shows the engine download, then reaches ready", async () => {
  const page = await browser.newPage();
  await page.addInitScript(recordEngineStatus);
  const started = Date.now();
  await page.goto(browser.server.url);
  await pane(page, "list").waitFor();
  await pane(page, "generator").waitFor();
  await waitForEngine(page);
  const readyMs = Date.now() - started;
  const log = await page.evaluate(() => window.__engineStatusLog);
  console.log(`engine ready ${readyMs} ms after navigation; status texts: ${log.length}`);
  assert.match(log[0], /^loading engine/);
  assert.ok(log.some((t) => /^loading engine: \d+% \([\d.]+ [KM]?B of [\d.]+ MB\)$/.test(t)),
    `a percentage of a total was shown: ${log}`);
  // The total is the build's figure, so it shows even when a host compresses the engine
  // (a compressed response does not say how large its body is).
  const loader = await (await fetch(new URL("engine-loader.js", browser.server.url))).text();
  const wasm = loader.match(/"\.\/(memplay-worker_bg-[0-9a-f]+\.wasm)"/)[1];
  const size = fs.statSync(path.join(DIST, wasm)).size;
  assert.match(loader, new RegExp(`const ENGINE_BYTES = ${size};`));
  assert.equal(log.at(-1), "ready");
  await screenshot(page, "01-loaded");
  await page.close();
});

test("run all: both panes chart samples, the generator peaks far below the list", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  // Run is pressed before the engine is ready: the runs wait in the queue.
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "list", "completed", 120_000);
  await waitForStatus(page, "generator", "completed", 120_000);

  for (const title of ["list", "generator"]) {
    for (const chart of ["chart-memory", "chart-objects"]) {
      const samples = Number(await pane(page, title).getByTestId(chart).getAttribute("data-samples"));
      assert.ok(samples >= 2, `${title} ${chart} has ${samples} samples`);
    }
  }
  const memorySamples = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
  assert.ok(memorySamples > 100, `the list run streamed ${memorySamples} samples`);

  const summary = page.getByTestId("summary");
  const peak = async (title) =>
    Number(await summary.locator(`tr[data-pane-title="${title}"]`).getAttribute("data-peak-bytes"));
  const listPeak = await peak("list");
  const generatorPeak = await peak("generator");
  assert.ok(listPeak > 30_000_000, `list peak ${listPeak}`);
  assert.ok(generatorPeak < 0.05 * listPeak, `generator ${generatorPeak} vs list ${listPeak}`);
  const ratio = (await summary.locator(".ratio").first().textContent()).trim();
  assert.match(ratio, /^list peaks at [\d,]+x the memory of generator$/);
  // CPython 3.11's figures by default: the model gives the browser exactly what
  // `memplay run` gives natively for this snippet (bench/snippets/list.py), within 1% of
  // python3's tracemalloc (40,440,536 bytes at the end).
  assert.equal(await summary.getAttribute("data-measure"), "cpython");
  const finalBytes = Number(await summary.locator('tr[data-pane-title="list"]').getAttribute("data-final-bytes"));
  assert.equal(finalBytes, 40_441_002);
  assert.ok(Math.abs(listPeak - 40_440_856) < 0.01 * 40_440_856, `CPython-model peak ${listPeak}`);
  // The switch shows RustPython's own heap: larger objects, a larger peak.
  await page.getByTestId("measure-rustpython").click();
  assert.equal(await summary.getAttribute("data-measure"), "rustpython");
  const rustPeak = await peak("list");
  assert.ok(rustPeak > 1.3 * listPeak, `RustPython heap ${rustPeak} vs CPython model ${listPeak}`);
  await screenshot(page, "02-rustpython-heap");
  await page.getByTestId("measure-cpython").click();

  // The list's objects rise with its memory: half way through the run both charts are
  // about as far up their own peak (a line that held the last census's count between
  // sparse censuses sat at a fifth of it while memory was at half).
  const heightAt = async (chart, fraction) => {
    const points = pathPoints(await pane(page, "list").getByTestId(chart).locator("g.series path").getAttribute("d"));
    const ys = points.map(([, y]) => y);
    const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
    const xs = points.map(([x]) => x);
    const x = xs[0] + fraction * (Math.max(...xs) - xs[0]);
    const [, y] = points.reduce((a, b) => (Math.abs(b[0] - x) < Math.abs(a[0] - x) ? b : a));
    return (bottom - y) / (bottom - top);
  };
  for (const fraction of [0.3, 0.5, 0.7]) {
    const memory = await heightAt("chart-memory", fraction);
    const objects = await heightAt("chart-objects", fraction);
    assert.ok(Math.abs(memory - objects) < 0.15,
      `at ${fraction} of the run: memory at ${memory.toFixed(2)} of its peak, objects at ${objects.toFixed(2)}`);
  }

  // The overlay view puts both panes on one pair of charts.
  await page.getByRole("button", { name: "Overlay" }).click();
  const overlay = page.locator(".overlay");
  assert.equal(await overlay.locator('[data-testid="chart-memory"] .series').count(), 2);
  await overlay.getByTestId("chart-memory").locator("svg").hover();
  await page.locator(".tooltip").first().waitFor();
  await screenshot(page, "02-overlay-hover");
  await page.getByRole("button", { name: "Side by side" }).click();
  await screenshot(page, "03-completed");
  await page.close();
});

test("a tooltip stays under a still pointer, inside its chart, when a new run replaces the data", async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await pane(page, "list").getByTestId("run-pane").click();
  await waitForStatus(page, "list", "completed");
  await setCode(page, "list", "x = [0] * 1000");
  // The pointer rests near the right end of the chart of a run of 4 million steps...
  const svg = pane(page, "list").getByTestId("chart-memory").locator("svg");
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await page.locator(".tooltip").first().waitFor();
  // ...while a run of a few steps replaces it (Run clicked without moving the pointer).
  await pane(page, "list").getByTestId("run-pane").dispatchEvent("click");
  await waitForStatus(page, "list", "completed");
  const where = await page.evaluate(() => {
    const figure = document.querySelector('[data-testid="pane"] [data-testid="chart-memory"]').getBoundingClientRect();
    const tip = document.querySelector('[data-testid="pane"] [data-testid="chart-memory"] .tooltip')?.getBoundingClientRect();
    return { figure: [figure.left, figure.right], tip: tip && [tip.left, tip.right],
             scroll: document.documentElement.scrollWidth, window: innerWidth };
  });
  // It used to keep the old run's step, which the new axis puts thousands of pixels to
  // the right: the page scrolled sideways.
  assert.ok(where.scroll <= where.window, JSON.stringify(where));
  assert.ok(where.tip && where.tip[0] >= where.figure[0] && where.tip[1] <= where.figure[1], JSON.stringify(where));
  await page.close();
});

test("the page receives each sample once: the run's last message is its summary alone", async () => {
  const page = await browser.newPage();
  await countWorkerMessages(page);
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await pane(page, "list").getByTestId("run-pane").click();
  await waitForStatus(page, "list", "completed");
  const sent = await workerMessages(page);
  const finished = sent.messages.filter((m) => m.type === "finished");
  const samples = sent.byType.samples;
  const charted = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
  console.log(`worker -> page, list pane: ${sent.total} bytes of JSON in all, samples ${samples}, ` +
    `finished ${sent.byType.finished} (${charted} samples charted)`);
  // What streaming costs while the run goes (samples with their censuses by type and
  // per-line figures): bytes per second of the run's samples messages.
  const batches = sent.messages.filter((m) => m.type === "samples");
  const spanMs = batches.at(-1).t - batches[0].t;
  const withCensuses = batches.filter((m) => m.keys.includes("censuses")).length;
  console.log(`samples messages: ${batches.length} (${withCensuses} with censuses), ${samples} bytes over ` +
    `${spanMs.toFixed(0)} ms = ${(samples / Math.max(spanMs, 1)).toFixed(1)} KB/s`);
  assert.ok(withCensuses >= 1, "censuses by type stream with the samples");
  assert.equal(finished.length, 1);
  assert.ok(!finished[0].keys.includes("report"), finished[0].keys.join());
  assert.ok(finished[0].keys.includes("summary"), finished[0].keys.join());
  // The summary holds figures, not the timeline: a small part of what streamed.
  assert.ok(sent.byType.finished < samples / 20, `finished ${sent.byType.finished} vs samples ${samples}`);
  assert.ok(charted > 100);
  await page.close();
});

test("Stop ends a runaway loop within a second, and the next run works", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await setCode(page, "list", "data = []\nwhile True:\n    data.append(len(data))\n");
  await pane(page, "list").getByTestId("run-pane").click();
  await waitForStatus(page, "list", "running");
  await page.waitForTimeout(1000);
  const samplesBefore = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
  assert.ok(samplesBefore > 1, "the runaway loop streamed samples while running");

  const pressed = Date.now();
  await page.getByTestId("stop").click();
  await waitForStatus(page, "list", "Stopped");
  const stopMs = Date.now() - pressed;
  console.log(`Stop took ${stopMs} ms`);
  assert.ok(stopMs < 1000, `stopped in ${stopMs} ms`);
  const samplesAfter = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
  assert.ok(samplesAfter >= samplesBefore, "the samples so far stay on the chart");
  // No final census after Stop, yet the live objects are known at every sample (the
  // interpreter's count): the chart and the summary say how many were alive.
  const objects = await pane(page, "list").getByTestId("chart-objects").getByTestId("chart-summary").textContent();
  assert.match(objects, /up to [\d.]+[kM] live objects, at line [23]/);
  const row = page.getByTestId("summary").locator('tr[data-pane-title="list"] td');
  const atPeak = await row.nth(2).textContent();
  assert.match(atPeak, /^≈[\d,]+$/);
  assert.ok(Number(atPeak.slice(1).replaceAll(",", "")) > 1000, atPeak);

  await pane(page, "generator").getByTestId("run-pane").click();
  await waitForStatus(page, "generator", "completed", 120_000);
  await screenshot(page, "04-stopped");
  await page.close();
});

test("runs are sealed: a pane that tampers with Python changes nothing for the next", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await setCode(page, "list", [
    "import builtins, json, sys, random",
    "SECRET = 'api-key-1234'",
    "builtins.len = lambda x: 42",
    "json.dumps = lambda *a, **k: 'patched'",
    "sys.setrecursionlimit(60)",
    "sys.meta_path.clear()",
    "random.seed(99)",
    "print(len([1, 2]), json.dumps(1))",
  ].join("\n"));
  await setCode(page, "generator", [
    "import gc, json, linecache, random, sys",
    "needle = 'api-key-' + str(1234)  # built here: this source does not hold the secret",
    "found = needle in str(linecache.cache)",
    "found = found or any('SECRET' in o for o in gc.get_objects() if isinstance(o, dict) and o is not globals())",
    "print(len([1, 2]), json.dumps(1), sys.getrecursionlimit() > 60, len(sys.meta_path) > 0)",
    "print('secret found' if found else 'no secret', random.random())",
  ].join("\n"));
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "generator", "completed", 120_000);
  const output = (title) => pane(page, title).getByTestId("output").textContent();
  assert.match(await output("list"), /42 patched/);
  const probed = await output("generator");
  assert.match(probed, /^2 1 True True\nno secret 0\.\d+/);
  const samples = () => pane(page, "generator").getByTestId("chart-memory").getAttribute("data-samples");
  const afterTamper = [probed, await samples()];
  // The probe alone gives the same output and the same timeline.
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="pane"][data-pane-title="generator"]');
    window.sawRerun = false;
    new MutationObserver(() => {
      const status = el.querySelector('[data-testid="pane-status"]')?.textContent ?? "";
      if (!status.includes("completed")) window.sawRerun = true;
    }).observe(el, { subtree: true, childList: true, characterData: true });
  });
  await pane(page, "generator").getByTestId("run-pane").click();
  await page.waitForFunction(() => window.sawRerun, null, { timeout: 60_000 });
  await waitForStatus(page, "generator", "completed", 120_000);
  assert.deepEqual([await output("generator"), await samples()], afterTamper);
  await page.close();
});

test("a syntax error names its line and highlights it in the editor", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await setCode(page, "generator", "x = 1\ny = = 2\n");
  await pane(page, "generator").getByTestId("run-pane").click();
  await waitForStatus(page, "generator", "SyntaxError");
  const output = await pane(page, "generator").getByTestId("output").textContent();
  assert.match(output, /line 2/);
  const marked = pane(page, "generator").locator(".cm-error-line");
  assert.equal(await marked.count(), 1);
  assert.equal((await marked.textContent()).trim(), "y = = 2");
  assert.match(await paneStatus(page, "generator"), /SyntaxError/);
  // The error sits right under the code, above the empty charts that point to it.
  const order = await pane(page, "generator").evaluate((p) => {
    const output = p.querySelector('[data-testid="output"]');
    const chart = p.querySelector('[data-testid="chart-memory"]');
    return output.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, "the error comes before the charts");
  assert.match(await pane(page, "generator").getByTestId("chart-memory").textContent(), /see the error above/);
  await screenshot(page, "05-syntax-error");

  // After 64 KB of prints, how the run ended stays in view: the output scrolls in a box
  // of its own, the cut notice and the traceback below it.
  await setCode(page, "generator", "for i in range(100_000):\n    print(i)\n1 / 0\n");
  await pane(page, "generator").getByTestId("run-pane").click();
  await waitForStatus(page, "generator", "ZeroDivisionError");
  const seen = await pane(page, "generator").getByTestId("output").evaluate((console) => {
    const box = console.querySelector(".stdout-box");
    const below = [...console.querySelectorAll(".notice, .error")];
    return { box: box.getBoundingClientRect().bottom, boxScrolls: box.scrollHeight > box.clientHeight,
             consoleScrolls: console.scrollHeight > console.clientHeight + 1,
             below: below.map((e) => [e.textContent.slice(0, 40), e.getBoundingClientRect().top]) };
  });
  assert.deepEqual(seen.below.map(([text]) => text.split(/[.:]/)[0]), ["Output cut at 64 KB", "Traceback (most recent call last)"]);
  assert.ok(seen.below.every(([, top]) => top >= seen.box - 1), JSON.stringify(seen));
  // The prints scroll; the console around them does not (it used to, hiding the end).
  assert.ok(seen.boxScrolls && !seen.consoleScrolls, JSON.stringify(seen));
  await page.close();
});

test("limits: a stuck builtin hits the time limit, a growing list hits the memory cap", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await page.getByTestId("limit-time").fill("1");
  await page.getByTestId("limit-time").press("Tab");
  await page.getByTestId("limit-memory").fill("32");
  await page.getByTestId("limit-memory").press("Tab");

  // No bytecode runs inside sum(), so only the page's watchdog can end it.
  await setCode(page, "generator", "total = sum(range(10**15))\n");
  // Where the list pane's Run button is drawn, every frame, through the restart: the
  // engine's status (download progress, then "ready") must not move the panes under the
  // pointer of someone about to press Run (it once pushed them 27 px down for ~120 ms).
  await page.evaluate(() => {
    window.runButtonAt = new Set();
    const watch = () => {
      const button = document.querySelector('[data-pane-title="list"] [data-testid="run-pane"]');
      const box = button?.getBoundingClientRect();
      if (box) window.runButtonAt.add(`${Math.round(box.x)},${Math.round(box.y)}`);
      window.watching = requestAnimationFrame(watch);
    };
    watch();
  });
  const started = Date.now();
  await pane(page, "generator").getByTestId("run-pane").click();
  await waitForStatus(page, "generator", "Time limit of 1 s reached", 10_000);
  // The limit (1 s) plus the watchdog's grace (4 s: the warm-up before the run included),
  // plus slack for a loaded machine.
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 7000, `the watchdog ended the run after ${elapsed} ms`);
  await waitForEngine(page);
  const positions = await page.evaluate(() => {
    cancelAnimationFrame(window.watching);
    return [...window.runButtonAt];
  });
  assert.equal(positions.length, 1, `the list pane's Run button moved during the restart: ${positions}`);

  await pane(page, "list").getByTestId("run-pane").click();
  await waitForStatus(page, "list", "stopped by the memory cap", 60_000);
  const output = await pane(page, "list").getByTestId("output").textContent();
  assert.match(output, /MemoryError: memory cap of 32\.0 MB reached/);
  assert.match(output, /File "list", line 1/);
  const highlighted = await pane(page, "list").locator(".cm-error-line").textContent();
  assert.match(highlighted, /^data = \[i for i in range/);
  const samples = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
  assert.ok(samples > 10, `the capped run kept its ${samples} samples`);
  await screenshot(page, "06-limits");
  await page.close();
});

test("the gallery loads an example that then runs", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await page.getByTestId("gallery").selectOption("slots");
  await pane(page, "__slots__").waitFor();
  assert.match(await page.getByTestId("example-note").textContent(), /__slots__ vs regular classes/);
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "regular", "completed", 60_000);
  await waitForStatus(page, "__slots__", "completed", 60_000);
  const summary = page.getByTestId("summary");
  const peak = async (title) =>
    Number(await summary.locator(`tr[data-pane-title="${title}"]`).getAttribute("data-peak-bytes"));
  assert.ok(await peak("__slots__") < await peak("regular"));
  await screenshot(page, "07-gallery");
  await page.close();
});

/** The y of every point of an SVG path written as `M x y L x y ...`. */
function pathPoints(d) {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

test("an example's headline states its own point, its censuses are marked, and its link keeps it", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await page.getByTestId("gallery").selectOption("scope");
  await pane(page, "in a function").waitFor();
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "module level", "completed", 60_000);
  await waitForStatus(page, "in a function", "completed", 60_000);
  // Both peak alike; the point is what each still holds after the run.
  const headline = page.getByTestId("summary").locator(".ratio");
  assert.equal(await headline.count(), 1);
  assert.equal(await headline.getAttribute("data-figure"), "final");
  assert.equal(await headline.getAttribute("data-lower"), "in a function");
  assert.match(await headline.textContent(), /^after the run, module level still holds [\d.]+ MB; in a function holds [\d.]+ (B|KB)$/);

  // Live objects are counted at censuses, each marked by a dot; between them the line is
  // an estimate.
  const objects = pane(page, "in a function").getByTestId("chart-objects");
  const censuses = Number(await objects.locator("g.series").getAttribute("data-points"));
  assert.ok(censuses >= 3, `${censuses} censuses`);
  assert.equal(await objects.locator("circle.census").count(), censuses);
  await screenshot(page, "08-scope-headline");

  // The link names the example and holds its results: a fresh page shows its explanation
  // and its point at once (recorded, no engine yet) and again when run.
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  const fresh = await browser.newPage();
  await fresh.goto(link);
  assert.match(await fresh.getByTestId("example-note").textContent(), /Scope exit frees memory/);
  await fresh.getByTestId("recorded-badge").first().waitFor();
  assert.equal(await fresh.getByTestId("summary").locator(".ratio").getAttribute("data-figure"), "final");
  // It opens on what its author saw: the output, and the gutter's figures by line.
  const recorded = pane(fresh, "in a function");
  assert.equal((await recorded.getByTestId("output").textContent()).trim(), "44999850000");
  const authorMarks = await pane(page, "in a function").getByTestId("gutter-mark").evaluateAll((els) =>
    els.map((e) => [e.dataset.line, e.dataset.hits, e.dataset.bytes]));
  const linkMarks = await recorded.getByTestId("gutter-mark").evaluateAll((els) =>
    els.map((e) => [e.dataset.line, e.dataset.hits, e.dataset.bytes]));
  assert.ok(authorMarks.length >= 3, `${authorMarks.length} gutter marks`);
  assert.deepEqual(linkMarks.map(([line, hits]) => [line, hits]), authorMarks.map(([line, hits]) => [line, hits]));
  // Bytes in CPython's view are scaled by a census's ratio, which the link's thinned
  // timeline keeps to a 4096th.
  linkMarks.forEach(([line, , bytes], i) => {
    const author = Number(authorMarks[i][2]);
    assert.ok(Math.abs(Number(bytes) - author) <= 0.01 * Math.abs(author) + 1, `line ${line}: ${bytes} vs ${author}`);
  });
  await fresh.getByTestId("run-all").click();
  await waitForEngine(fresh);
  await fresh.getByTestId("recorded-badge").first().waitFor({ state: "detached", timeout: 60_000 });
  await waitForStatus(fresh, "in a function", "completed", 60_000);
  assert.equal(await fresh.getByTestId("summary").locator(".ratio").getAttribute("data-figure"), "final");
  await fresh.close();
  await page.close();
});

test("the article's memory_profiler and objgraph examples print their tables in the page", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  const output = (title) => pane(page, title).getByTestId("output");

  await page.getByTestId("gallery").selectOption("memory-profiler");
  // The example's panes share their titles with the default ones: wait for its code.
  await pane(page, "list").locator(".cm-content").filter({ hasText: "squares = [i * i" }).waitFor();
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "list", "completed", 60_000);
  await waitForStatus(page, "generator", "completed", 60_000);
  const table = await output("list").textContent();
  assert.match(table, /Line #\s+Mem usage\s+Increment\s+Occurrences\s+Line Contents/);
  // The list line's increment is megabytes, in memory_profiler's "N.N MiB" form.
  const listLine = table.split("\n").find((line) => line.includes("squares = [i * i"));
  assert.ok(listLine, table);
  const increment = Number(listLine.match(/MiB\s+(-?[\d.]+) MiB/)[1]);
  assert.ok(increment > 1, listLine);
  await screenshot(page, "09-memory-profiler");

  await page.getByTestId("gallery").selectOption("objgraph");
  await pane(page, "fixed").waitFor();
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "leak", "completed", 60_000);
  await waitForStatus(page, "fixed", "completed", 60_000);
  assert.match(await output("leak").textContent(), /after round 3:\s*Session\s+6000\s+\+2000/);
  assert.match(await output("fixed").textContent(), /Session objects alive: 0/);
  // The chart's peak is the run's exact one, even where it lasted less than an instruction
  // (show_growth's own lists): a spike drawn at the sample after it.
  for (const title of ["leak", "fixed"]) {
    const exact = await page.getByTestId("summary").locator(`tr[data-pane-title="${title}"] td`).first().textContent();
    const marked = await page.getByTestId("chart-memory").locator(`g.series[data-series="${title}"] g.peak text`).textContent();
    assert.equal(marked, `peak ${exact}`);
  }
  await screenshot(page, "10-objgraph");
  await page.close();
});

test("the engine's stdlib in the browser: Unicode names, local time, an on-demand import", async () => {
  // What only the wasm build can show: the parser and unicodedata read the Unicode names
  // from dist/stdlib/ (crates/unicode-names; that start-up and the warm-up do not is
  // crates/engine/tests/unicode_names.rs's to check), time runs without a bundled zone
  // database, and a module outside the frozen set (shlex) is fetched from dist/stdlib/
  // on its first import.
  const page = await browser.newPage();
  const namesFetched = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/stdlib/unicode-names.txt")) namesFetched.push(request.url());
  });
  await page.goto(browser.server.url);
  await waitForEngine(page);
  assert.equal(namesFetched.length, 0, "the names are read before the engine is ready");
  await setCode(page, "list", [
    "import time, unicodedata, statistics, shlex",
    "s = '\\N{SNOWMAN}'",
    "print(unicodedata.name(s), unicodedata.lookup('SNOWMAN') == s)",
    "print(time.localtime(0).tm_year in (1969, 1970), time.strftime('%Y-%m-%d', time.gmtime(86400)))",
    "print(statistics.median([3, 1, 2]), shlex.split('a \"b c\"'))",
  ].join("\n"));
  await pane(page, "list").getByTestId("run-pane").click();
  await waitForStatus(page, "list", "completed", 60_000);
  const output = await pane(page, "list").getByTestId("output").textContent();
  assert.match(output, /SNOWMAN True/);
  assert.match(output, /True 1970-01-02/);
  assert.match(output, /2 \['a', 'b c'\]/);
  // Once: the parser's `\N{SNOWMAN}` and unicodedata's questions share the list.
  assert.equal(namesFetched.length, 1);
  await page.close();
});
