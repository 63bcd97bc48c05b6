// End to end: share links, the embed (from another origin, driven by postMessage) and
// the downloads, in headless Chromium against the built dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import {
  openBrowser, screenshot, pane, waitForEngine, setCode, waitForStatus, hostPage,
} from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function editorText(page, index) {
  return page.evaluate((i) => {
    const lines = document.querySelectorAll('[data-testid="pane"]')[i].querySelectorAll(".cm-line");
    return [...lines].map((l) => l.textContent).join("\n");
  }, index);
}

test("a share link restores panes, view, measure, axis and limits in a fresh page", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  // The limit first: its change event must be applied before Share reads the state.
  // Typed while the engine still loads: the page re-renders with every progress message,
  // and the field must keep what is typed.
  await pane(page, "generator").waitFor();
  await page.getByTestId("limit-time").fill("7");
  const hostile = `<img src=x onerror="window.__pwned=1">`;
  await pane(page, "list").locator(".pane-title").fill(hostile);
  await setCode(page, "generator", "import gc\nx = [[] for _ in range(10)]\nprint('ok')\n");
  await page.getByRole("button", { name: "Overlay" }).click();
  await page.getByRole("button", { name: "Time" }).click();
  await page.getByTestId("measure-rustpython").click();
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  // Nothing has run: no results, so the link is v1 (what every build opens).
  assert.match(link, /#v1=[A-Za-z0-9_-]+$/);

  const fresh = await browser.newPage();
  await fresh.goto(link);
  // The UI renders once its wasm has loaded.
  await pane(fresh, "generator").waitFor();
  await fresh.locator(".cm-content").nth(1).waitFor();
  const titles = await fresh.locator('[data-testid="pane"]').evaluateAll((els) => els.map((e) => e.dataset.paneTitle));
  assert.deepEqual(titles, [hostile, "generator"]);
  assert.equal(await editorText(fresh, 1), "import gc\nx = [[] for _ in range(10)]\nprint('ok')\n");
  assert.equal(await editorText(fresh, 0), await editorText(page, 0));
  assert.equal(await fresh.locator(".switches .toggle.on").allTextContents().then((t) => t.join(",")), "Overlay,RustPython heap,Time");
  assert.equal(await fresh.getByTestId("limit-time").inputValue(), "7");
  assert.equal(await fresh.evaluate(() => window.__pwned), undefined, "titles are text, never HTML");
  assert.equal(await fresh.locator(".pane img").count(), 0);
  await page.close();
  await fresh.close();
});

test("corrupt, future, oversized links open the defaults with a one-line reason", async () => {
  const cases = [
    ["#v1=bm90IGRlZmxhdGU<script>", /damaged/],
    ["#v9=abc", /newer Memplay/],
    [`#v1=${"A".repeat(70_000)}`, /too large/],
  ];
  for (const [fragment, reason] of cases) {
    const page = await browser.newPage();
    await page.goto(browser.server.url + fragment);
    const notice = await page.getByTestId("notice").textContent();
    assert.match(notice, reason);
    assert.equal(await page.locator('[data-testid="pane"]').count(), 2);
    await pane(page, "list").waitFor();
    if (reason.source === "damaged") await screenshot(page, "10-corrupt-link");
    await page.close();
  }
});

test("the full playground ignores memplay:run from a page that opened it", async () => {
  const host = await hostPage(`<!doctype html><html><body><h1>Another site</h1><script>
  window.heard = [];
  addEventListener("message", (e) => window.heard.push(e.data));
</script></body></html>`);
  const page = await browser.newPage();
  await page.goto(host.url);
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    page.evaluate((url) => { window.opened = window.open(url); }, browser.memplayOrigin),
  ]);
  await waitForEngine(popup);
  await page.evaluate(() => {
    for (let id = 0; id < 5; id++) {
      window.opened.postMessage({ type: "memplay:run", id, panes: [
        { title: "attacker", code: "import linecache\nleak = str(linecache.cache)\n" },
      ] }, "*");
    }
  });
  await popup.waitForTimeout(2_000);
  const titles = await popup.locator('[data-testid="pane"]').evaluateAll((els) => els.map((e) => e.dataset.paneTitle));
  assert.deepEqual(titles, ["list", "generator"], "the panes were not replaced");
  assert.equal(await popup.locator('[data-testid="pane-status"]').filter({ hasText: /running|queued|completed/ }).count(), 0);
  assert.deepEqual(await page.evaluate(() => window.heard), [], "nothing was answered");
  await popup.close();
  await page.close();
  host.close();
});

test("an embed on another origin answers its parent only, one answer per request", async () => {
  const host = await hostPage(`<!doctype html>
<html><body><h1>A blog post</h1>
<iframe id="m" src="${browser.memplayOrigin}?embed=1" width="100%" height="460" style="border:0"></iframe>
<iframe id="sibling" srcdoc="<script>
  window.heard = [];
  addEventListener('message', (e) => window.heard.push(e.data));
  window.attack = () => parent.frames[0].postMessage({ type: 'memplay:run', id: 'sibling',
    panes: [{ title: 'attacker', code: 'x = 1' }] }, '*');
</script>"></iframe>
<script>
  window.messages = [];
  addEventListener("message", (e) => {
    if (e.source !== document.getElementById("m").contentWindow) return;
    // Auto-height reports come whenever the content's height changes: not answers.
    if (e.data.type === "memplay:resize") return;
    window.messages.push({ origin: e.origin, ...e.data });
  });
  window.ask = (id, panes) => document.getElementById("m").contentWindow.postMessage(
    { type: "memplay:run", id, panes }, "*");
</script></body></html>`);
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.waitForFunction(() => window.messages.some((m) => m.type === "memplay:ready"), null, { timeout: 120_000 });
  const ready = (await page.evaluate(() => window.messages)).find((m) => m.type === "memplay:ready");
  assert.equal(ready.origin, new URL(browser.memplayOrigin).origin);

  // A sibling frame is not the parent: its request is ignored and not answered.
  await page.evaluate(() => document.getElementById("sibling").contentWindow.attack());
  await page.waitForTimeout(1_500);
  const frame = page.frameLocator("#m");
  assert.equal(await frame.locator('[data-pane-title="attacker"]').count(), 0);
  assert.deepEqual(await page.evaluate(() => document.getElementById("sibling").contentWindow.heard), []);
  assert.deepEqual((await page.evaluate(() => window.messages)).map((m) => m.type), ["memplay:ready"]);

  // The parent's request runs; one sent while it runs is answered "busy" at once.
  await page.evaluate(() => {
    window.ask("first", [
      { title: "list", code: "data = list(range(200_000))" },
      { title: "range", code: "data = range(200_000)" },
    ]);
    window.ask(7, [{ title: "late", code: "x = 1" }]);
  });
  await page.waitForFunction(() => window.messages.some((m) => m.type === "memplay:result"), null, { timeout: 120_000 });
  const messages = await page.evaluate(() => window.messages);
  assert.deepEqual(messages.map((m) => [m.type, m.id]), [
    ["memplay:ready", undefined], ["memplay:busy", 7], ["memplay:result", "first"],
  ]);
  const result = messages.find((m) => m.type === "memplay:result");
  assert.deepEqual(result.runs.map((r) => r.title), ["list", "range"]);
  const [list, range] = result.runs;
  assert.ok(list.ok && range.ok, JSON.stringify(result));
  assert.ok(list.peak_bytes > 50 * range.peak_bytes + 1_000_000, JSON.stringify(result));
  assert.ok(list.cpython_peak_bytes > 50 * range.cpython_peak_bytes, JSON.stringify(result));
  assert.ok(list.steps > 0 && list.peak_objects >= 200_000);
  assert.ok(list.cpython_peak_objects >= 200_000 && list.cpython_peak_objects <= list.peak_objects);
  await frame.getByTestId("summary").filter({ hasText: "list peaks at" }).waitFor();
  const open = await frame.getByTestId("open-in-memplay").getAttribute("href");
  // Its runs ended: the playground opens with their results.
  assert.match(open, /#v2=[^&]+&recorded=1$/);
  await screenshot(page, "11-embed");

  // An embed whose panes printed nothing shows no output area.
  assert.equal(await frame.getByTestId("output").count(), 0);

  // Once idle, the next request runs again; what it prints, and an error with its line,
  // show under the code.
  await page.evaluate(() => window.ask("again", [
    { title: "small", code: "x = [0] * 10\nprint(len(x))" },
    { title: "fails", code: "x = 1\ny = x / 0" },
  ]));
  await page.waitForFunction(() => window.messages.some((m) => m.id === "again"), null, { timeout: 60_000 });
  const again = (await page.evaluate(() => window.messages)).find((m) => m.id === "again");
  assert.equal(again.type, "memplay:result");
  assert.deepEqual(again.runs.map((r) => [r.title, r.ok]), [["small", true], ["fails", false]]);
  assert.equal((await frame.locator('[data-pane-title="small"]').getByTestId("output").textContent()).trim(), "10");
  assert.match(await frame.locator('[data-pane-title="fails"]').getByTestId("output").textContent(),
    /ZeroDivisionError: division by zero\s*\(line 2\)/);
  await screenshot(page, "11-embed-output");
  await page.close();
  host.close();
});

test("the generated embed code: a lazy iframe named after its example, sized to its content", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await page.getByTestId("gallery").selectOption("generators");
  // The example's panes have the default panes' titles: wait for the example itself
  // (loading it closes an open Embed panel, which a click before it would race).
  await page.getByTestId("example-note").filter({ hasText: "Generators" }).waitFor();
  await page.getByTestId("embed").click();
  const code = await page.getByTestId("embed-code").inputValue();
  assert.match(code, /^<iframe src="[^"]+\?embed=1#v1=[^"]+" width="100%" height="460" style="border:0" loading="lazy" title="Memplay: Generators vs lists"><\/iframe>\n<script>/);
  await page.keyboard.press("Escape");
  assert.equal(await page.getByTestId("embed-code").count(), 0, "Escape closes the embed dialog");
  await page.close();

  const host = await hostPage(`<!doctype html><html><body><h1>A blog post</h1>${code}<p>after</p></body></html>`);
  const blog = await browser.newPage();
  await blog.goto(host.url);
  const iframe = blog.locator("iframe");
  // The embed reports its content's height; the host's script applies it.
  await blog.waitForFunction(() => /^\d+px$/.test(document.querySelector("iframe").style.height), null, { timeout: 60_000 });
  const embed = blog.frames().find((f) => f.url().includes("embed=1"));
  // The content may still settle (the engine's status line): the two meet within seconds.
  let applied, content;
  for (let tries = 0; tries < 50; tries++) {
    content = await embed.evaluate(() => Math.ceil(document.querySelector(".app.embed").getBoundingClientRect().height));
    applied = parseInt(await iframe.evaluate((f) => f.style.height), 10);
    if (Math.abs(applied - content) <= 1) break;
    await blog.waitForTimeout(100);
  }
  assert.ok(Math.abs(applied - content) <= 1, `iframe ${applied}px, content ${content}px`);
  assert.notEqual(applied, 460);
  await blog.close();
  host.close();
});

test("Share and Embed open inside a 1280 px window, and Embed copies its code", async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: browser.server.url });
  await page.goto(browser.server.url);
  await pane(page, "list").waitFor();
  // Neither panel may reach past the window's edge, nor give the page a sideways scroll
  // (anchored at the buttons, each ran 110 px off a 1280 px window).
  const fits = () => page.evaluate(() => {
    const panel = document.querySelector(".popover").getBoundingClientRect();
    return { left: panel.left, right: panel.right, window: innerWidth,
             scroll: document.documentElement.scrollWidth };
  });
  for (const which of ["share", "embed"]) {
    await page.getByTestId(which).click();
    const f = await fits();
    assert.ok(f.left >= 0 && f.right <= f.window && f.scroll <= f.window, `${which}: ${JSON.stringify(f)}`);
    await screenshot(page, `popover-${which}-1280`);
  }
  await page.getByTestId("embed-copy").click();
  const code = await page.getByTestId("embed-code").inputValue();
  assert.match(code, /^<iframe /);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  assert.match(await page.locator(".popover .hint").textContent(), /^Copy code Copied\. Paste it/);
  await browser.context.clearPermissions();
  await page.close();
});

test("a link with limits out of range opens with them clamped and a notice", async () => {
  const page = await browser.newPage();
  const json = JSON.stringify({
    panes: [{ title: "a", code: "x = 1\n" }],
    // 2^31 ms used to end every run at once; steps past 2^53 broke JavaScript's numbers.
    limits: { time_ms: 2 ** 31, memory_bytes: 0, steps: 2 ** 60 },
  });
  const fragment = await page.evaluate(async (text) => {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }, json);
  await page.goto(`${browser.server.url}#v1=${fragment}&run=1`);
  const notice = await page.getByTestId("notice").textContent();
  assert.match(notice, /Limits out of range were adjusted: time limit 600 s, memory cap 1\.0 MB, step limit 9,007,199,254,740,991/);
  assert.equal(await page.getByTestId("limit-time").inputValue(), "600");
  assert.equal(await page.getByTestId("limit-memory").inputValue(), "1");
  await waitForStatus(page, "a", "completed", 120_000);
  await page.close();
});

test("downloads: CSV has a row per sample, JSON has the runs, SVG and PNG are images", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await page.getByTestId("run-all").click();
  await waitForStatus(page, "list", "completed", 120_000);
  await waitForStatus(page, "generator", "completed", 120_000);
  const names = [];
  const read = async (testid, nth = 0) => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId(testid).nth(nth).click(),
    ]);
    names.push(download.suggestedFilename());
    return fs.readFileSync(await download.path());
  };
  const csv = (await read("export-csv")).toString("utf8").trim().split("\n");
  const samples = await page.locator('[data-testid="chart-memory"]').evaluateAll(
    (els) => els.reduce((n, el) => n + Number(el.dataset.samples), 0));
  assert.equal(
    csv[0], "pane,step,t_ms,line,bytes,objects,high_before,cpython_bytes,cpython_objects,net_objects");
  assert.equal(csv.length - 1, samples);
  // Every sample of a live run has the interpreter's object count (the last column).
  assert.ok(csv.slice(1).every((row) => /^-?\d+$/.test(row.split(",")[9]) && row.split(",").length === 10));

  const json = JSON.parse((await read("export-json")).toString("utf8"));
  assert.deepEqual(json.runs.map((r) => r.file), ["list", "generator"]);
  assert.equal(json.runs[0].samples.length + json.runs[1].samples.length, samples);
  assert.ok(json.runs[0].cpython_peak_bytes > 30_000_000, JSON.stringify(json.runs[0].cpython_peak_bytes));
  assert.equal(json.runs[0].cpython_types_at_peak.int.count, 1_000_001);

  const svg = (await read("export-svg")).toString("utf8");
  assert.match(svg, /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /peak /);
  // The file names its chart and shows its title and legend, each pane in its colour.
  assert.match(svg, /Memory \(CPython 3.11, model\)/);
  assert.match(svg, /<tspan fill="#2563eb">\s*■\s*<\/tspan><tspan>list<\/tspan>/);
  // Inert: no script, no event handler, nothing fetched from elsewhere.
  assert.doesNotMatch(svg, /<script|\son[a-z]+=|href=|url\(|<foreignObject|<image/i);
  const png = await read("export-png");
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.deepEqual(names, [
    "memplay-samples.csv", "memplay-runs.json", "memplay-list-memory.svg", "memplay-list-memory.png",
  ]);
  await page.close();
});
