// A blog post with five Memplay embeds, each with recorded results, as a reader opens it:
// bytes transferred and the time until all five charts are drawn, cold cache (a fresh
// profile each visit), on localhost and on the paced 20 Mbit/s link of bench/browser.mjs.
// Targets (issue 19): under 600 KB and under 1.5 s on the paced link. RUNS visits each
// (default 5), median (min-max).
//
//   bash bench/recorded-embeds.sh        (builds dist/ first; this file expects it built)
//
// The recorded link is made as an author would: the default panes run in the playground,
// then Share with "include results". The post is served by a second server (another
// origin), like a blog; both servers compress and pace like a static host.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../scripts/static-server.mjs";
import { DIST } from "../tests/e2e/browser.mjs";
import { median, withContext } from "./cold-profile.mjs";

const RUNS = Number(process.env.RUNS || 5);
const EMBEDS = 5;
const ENGINE = /memplay-worker_bg-[0-9a-f]+\.wasm$/;

const stat = (xs, unit, f) => `${f(median(xs))}${unit} (${f(Math.min(...xs))}-${f(Math.max(...xs))})`;


/** The playground's link with results for its default panes (list and generator). */
async function recordedFragment(url) {
  return withContext(async (context) => {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId("run-all").click({ timeout: 120_000 });
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="pane-status"]')].every((s) => s.textContent === "completed"),
      null,
      { timeout: 120_000 },
    );
    await page.getByTestId("share").click();
    const link = await page.getByTestId("share-link").inputValue();
    if (!link.includes("recorded=1")) throw new Error(`no results in ${link}`);
    return new URL(link).hash;
  });
}

function postHtml(memplayUrl, fragment) {
  const embeds = Array.from({ length: EMBEDS }, (_, i) =>
    `<h2>Example ${i + 1}</h2>\n<iframe src="${memplayUrl}?embed=1${fragment}" width="100%" height="460" style="border:0" loading="lazy" title="Memplay: example ${i + 1}"></iframe>\n<p>Prose between the examples.</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Five examples</title></head><body><h1>Python memory, five ways</h1>\n${embeds.join("\n")}</body></html>`;
}

/** One cold visit: bytes both servers sent, ms until every embed drew its chart. */
async function visit(post, memplay, blog) {
  return withContext(async (context) => {
    const page = await context.newPage();
    // Tall enough that all five embeds are in view (lazy iframes load when near it).
    await page.setViewportSize({ width: 1000, height: 3200 });
    let engine = 0;
    page.on("request", (r) => { if (ENGINE.test(r.url())) engine += 1; });
    memplay.takeBytesSent();
    blog.takeBytesSent();
    const start = Date.now();
    await page.goto(post);
    await page.waitForFunction(
      (n) => document.querySelectorAll("iframe").length === n,
      EMBEDS,
    );
    for (let i = 0; i < EMBEDS; i += 1) {
      await page
        .frameLocator(`iframe >> nth=${i}`)
        .locator('[data-testid="chart-memory"] g.series')
        .first()
        .waitFor({ timeout: 60_000 });
    }
    const drawn = Date.now() - start;
    // Anything still in flight (none expected) would count too.
    await page.waitForTimeout(500);
    if (engine !== 0) throw new Error(`${engine} engine downloads before Run`);
    return { drawn, bytes: memplay.takeBytesSent() + blog.takeBytesSent() };
  });
}

const NETWORKS = [
  { label: "localhost", network: null },
  { label: "20 Mbit/s, 40 ms", network: { bytesPerSecond: 2.5e6, latencyMs: 40 } },
];

const maker = await startServer(DIST, 0, "127.0.0.1", { compress: true });
const fragment = await recordedFragment(maker.url);
maker.close();
console.log(`Recorded link fragment: ${fragment.length} bytes; ${EMBEDS} embeds, ${RUNS} cold visits each, median (min-max).\n`);
console.log("| network | bytes transferred | all charts drawn |");
console.log("|---|---:|---:|");
for (const { label, network } of NETWORKS) {
  const memplay = await startServer(DIST, 0, "127.0.0.1", { compress: true, network });
  // The blog on another origin (localhost against 127.0.0.1: another site).
  const blogRoot = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-post-"));
  fs.writeFileSync(path.join(blogRoot, "index.html"), postHtml(memplay.url.replace("127.0.0.1", "localhost"), fragment));
  const blog = await startServer(blogRoot, 0, "127.0.0.1", { compress: true, network });
  // Warm the servers' compression caches, so no visit waits for compression.
  await visit(blog.url, memplay, blog);
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await visit(blog.url, memplay, blog));
  console.log(`| ${label} | ${stat(runs.map((r) => r.bytes / 1024), " KB", (x) => x.toFixed(0))} | ${stat(runs.map((r) => r.drawn), " ms", (x) => x.toFixed(0))} |`);
  memplay.close();
  blog.close();
  fs.rmSync(blogRoot, { recursive: true, force: true });
}
process.exit(0);
