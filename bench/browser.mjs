// The browser benchmark: Memplay (the built dist/) against Pyodide (npm `pyodide`, served
// from bench/pyodide/node_modules) and native CPython, on localhost in headless Chromium.
// Prints Markdown tables: file sizes; per network (localhost, and a paced 20 Mbit/s link)
// bytes transferred, time to ready with a cold and a warm cache and first paint; and the
// run time of each bench/snippets/*.py. RUNS runs each (default 5), median (min-max).
//
//   bash bench/browser.sh        (builds dist/ first; this file expects it built)
//
// Both sides are served by scripts/static-server.mjs with compression (brotli when the
// browser offers it, else gzip) and the same cache rules, so transfers are what a static
// host would send, and both as a host set up for precompressed files sends them: the
// brotli-11 copies of scripts/precompress.mjs (Trunk's build makes Memplay's, this bench
// Pyodide's). Memplay's run times are its measured runs (what a reader waits for);
// Pyodide's and CPython's are plain `exec`s.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startServer } from "../scripts/static-server.mjs";
import { brotli11, precompress } from "../scripts/precompress.mjs";
import { median, withContext } from "./cold-profile.mjs";
import { CHROMIUM, DIST, ROOT } from "../tests/e2e/browser.mjs";

const RUNS = Number(process.env.RUNS || 5);
const SNIPPETS_DIR = path.join(ROOT, "bench", "snippets");
const PYODIDE_DIR = path.join(ROOT, "bench", "pyodide", "node_modules", "pyodide");
const SNIPPETS = fs
  .readdirSync(SNIPPETS_DIR)
  .filter((f) => f.endsWith(".py"))
  .sort()
  .map((f) => ({ name: path.basename(f, ".py"), code: fs.readFileSync(path.join(SNIPPETS_DIR, f), "utf8") }));

// --- helpers ---------------------------------------------------------------------------

const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const stat = (xs) => `${ms(median(xs))} (${ms(Math.min(...xs))}-${ms(Math.max(...xs))})`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;


// Run as soon as a page says it is ready: "first result" is when its answer is in, so it
// includes whatever an engine still does after announcing it is ready.
const FIRST_SNIPPET = "x = [0] * 1000\n";

// --- Memplay ---------------------------------------------------------------------------

// Memplay is visited as most readers meet it: its embed in a blog post (a page of
// another origin holding the iframe), which also is the only way to drive it, since the
// embed hears `memplay:run` from its parent window alone.
const memplayHostPage = (memplayUrl) => `<!doctype html><meta charset="utf-8"><title>A post</title>
<style>html, body, iframe { margin: 0; border: 0; width: 100%; height: 100%; display: block; }</style>
<iframe id="memplay" src="${new URL("?embed=1", memplayUrl)}"></iframe>`;

async function memplayVisit(page, url) {
  await page.goto(url);
  const frame = await (await page.waitForSelector("#memplay")).contentFrame();
  await frame.waitForFunction(
    () => document.querySelector('[data-testid="engine-status"]')?.textContent === "ready",
    null,
    { timeout: 120_000, polling: 10 },
  );
  const ready = await page.evaluate(() => performance.now());
  // The embed's first paint, on the post's clock.
  const paint = await frame.evaluate(
    () => performance.timeOrigin + (performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
  );
  return { ready, paint: paint - (await page.evaluate(() => performance.timeOrigin)) };
}

async function memplayRun(page, code) {
  const result = await page.evaluate(
    (code) =>
      new Promise((resolve, reject) => {
        // An answer other than a result (busy, a refused request) or none at all fails
        // the bench instead of leaving it waiting.
        const timer = setTimeout(() => reject(new Error("no memplay:result in 300 s")), 300_000);
        const onMessage = (event) => {
          const type = event.data?.type;
          if (type !== "memplay:result" && type !== "memplay:busy" && type !== "memplay:error") return;
          window.removeEventListener("message", onMessage);
          clearTimeout(timer);
          if (type === "memplay:result") resolve(event.data.runs[0]);
          else reject(new Error(`${type}: ${JSON.stringify(event.data)}`));
        };
        window.addEventListener("message", onMessage);
        document
          .getElementById("memplay")
          .contentWindow.postMessage({ type: "memplay:run", panes: [{ title: "bench", code }] }, "*");
      }),
    code,
  );
  assert.ok(result.ok, `Memplay: ${result.error}`);
  return result.wall_ms;
}

async function memplayFirstResult(page) {
  await memplayRun(page, FIRST_SNIPPET);
  return page.evaluate(() => performance.now());
}

// --- Pyodide ---------------------------------------------------------------------------

const PYODIDE_PAGE = `<!doctype html><meta charset="utf-8"><title>Pyodide</title>
<p>Pyodide: loading</p>
<script src="pyodide/pyodide.js"></script>
<script>
  window.pyodideReady = loadPyodide({ indexURL: "pyodide/" }).then((py) => {
    window.py = py;
    return performance.now();
  });
  window.runSnippet = (code) => {
    const globals = py.toPy({});
    const start = performance.now();
    py.runPython(code, { globals });
    const elapsed = performance.now() - start;
    globals.destroy();
    return elapsed;
  };
</script>`;

async function pyodideVisit(page, url) {
  await page.goto(url);
  const ready = await page.evaluate(() => window.pyodideReady);
  const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
  return { ready, paint };
}

async function pyodideFirstResult(page) {
  return page.evaluate((code) => {
    window.runSnippet(code);
    return performance.now();
  }, FIRST_SNIPPET);
}

// --- CPython ---------------------------------------------------------------------------

function cpythonTimes() {
  const script = `
import json, sys, time
snippets = json.load(sys.stdin)
out = {}
for name, code in snippets.items():
    compiled = compile(code, name, "exec")
    times = []
    for _ in range(${RUNS}):
        start = time.perf_counter()
        exec(compiled, {"__name__": "__main__"})
        times.append((time.perf_counter() - start) * 1000)
    out[name] = times
print(json.dumps({"version": sys.version.split()[0], "times": out}))
`;
  const input = JSON.stringify(Object.fromEntries(SNIPPETS.map((s) => [s.name, s.code])));
  return JSON.parse(execFileSync("python3", ["-c", script], { input, maxBuffer: 1 << 20 }).toString());
}

// --- the run ---------------------------------------------------------------------------

function fileSizes(file) {
  const data = fs.readFileSync(file);
  return {
    raw: data.length,
    gzip: zlib.gzipSync(data, { level: 9 }).length,
    // The build's precompressed copy when there is one (the same settings).
    br: fs.existsSync(`${file}.br`) ? fs.statSync(`${file}.br`).size : brotli11(data).length,
  };
}

// Visits on localhost, and on a link like a good home connection: cold visits pay the
// download there, warm ones come from the browser's cache.
const NETWORKS = [
  { label: "localhost", network: null },
  { label: "20 Mbit/s, 40 ms", network: { bytesPerSecond: 2.5e6, latencyMs: 40 } },
];

async function serveBoth(pyodideRoot, network) {
  const options = { compress: true, network };
  const memplay = await startServer(DIST, 0, "127.0.0.1", options);
  const pyodide = await startServer(pyodideRoot, 0, "127.0.0.1", options);
  const postDir = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-bench-post-"));
  fs.writeFileSync(path.join(postDir, "index.html"), memplayHostPage(memplay.url));
  const post = await startServer(postDir, 0, "127.0.0.1", options);
  return {
    Memplay: {
      server: {
        close() {
          memplay.close();
          post.close();
          fs.rmSync(postDir, { recursive: true, force: true });
        },
      },
      url: post.url,
      visit: memplayVisit,
      firstResult: memplayFirstResult,
      bytes: memplay.takeBytesSent,
    },
    Pyodide: {
      server: pyodide,
      url: pyodide.url,
      visit: pyodideVisit,
      firstResult: pyodideFirstResult,
      bytes: pyodide.takeBytesSent,
    },
  };
}

async function visits(tools, label) {
  const results = {};
  // Warm the servers' compression caches, so no visit waits for compression.
  for (const { url, visit } of Object.values(tools)) await withContext(async (c) => visit(await c.newPage(), url));
  for (const [name, tool] of Object.entries(tools)) {
    const r = (results[name] = { cold: [], first: [], warm: [], paint: [], bytesCold: [], bytesWarm: [] });
    for (let i = 0; i < RUNS; i++) {
      await withContext(async (context) => {
        tool.bytes();
        const page = await context.newPage();
        const cold = await tool.visit(page, tool.url);
        r.bytesCold.push(tool.bytes());
        r.cold.push(cold.ready);
        r.paint.push(cold.paint);
        r.first.push(await tool.firstResult(page));
        // A second visit in the same browser: files come from its cache.
        await page.close();
        const again = await context.newPage();
        const warm = await tool.visit(again, tool.url);
        r.bytesWarm.push(tool.bytes());
        r.warm.push(warm.ready);
      });
      process.stderr.write(
        `${label}: ${name} visit ${i + 1}: cold ${ms(r.cold.at(-1))} ms (first result ${ms(r.first.at(-1))} ms), warm ${ms(r.warm.at(-1))} ms\n`,
      );
    }
  }
  return results;
}

async function runTimes(tools) {
  const runs = {};
  for (const [name, tool] of Object.entries(tools)) {
    runs[name] = {};
    await withContext(async (context) => {
      const page = await context.newPage();
      await tool.visit(page, tool.url);
      for (const snippet of SNIPPETS) {
        const times = [];
        for (let i = 0; i < RUNS; i++) {
          times.push(
            name === "Memplay"
              ? await memplayRun(page, snippet.code)
              : await page.evaluate((code) => window.runSnippet(code), snippet.code),
          );
        }
        runs[name][snippet.name] = times;
        process.stderr.write(`${name} ${snippet.name}: ${stat(times)} ms\n`);
      }
    });
  }
  return runs;
}

async function main() {
  assert.ok(fs.existsSync(path.join(DIST, "index.html")), "build dist/ first (bash bench/browser.sh does)");
  assert.ok(fs.existsSync(PYODIDE_DIR), "npm install in bench/pyodide first (bash bench/browser.sh does)");
  precompress(PYODIDE_DIR);
  const pyodideRoot = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-bench-pyodide-"));
  fs.writeFileSync(path.join(pyodideRoot, "index.html"), PYODIDE_PAGE);
  fs.symlinkSync(PYODIDE_DIR, path.join(pyodideRoot, "pyodide"));
  const byNetwork = [];
  let runs;
  try {
    for (const { label, network } of NETWORKS) {
      const tools = await serveBoth(pyodideRoot, network);
      try {
        byNetwork.push({ label, results: await visits(tools, label) });
        if (!network) runs = await runTimes(tools);
      } finally {
        for (const tool of Object.values(tools)) tool.server.close();
      }
    }
  } finally {
    fs.rmSync(pyodideRoot, { recursive: true, force: true });
  }
  const cpython = cpythonTimes();

  const engine = fs.readdirSync(DIST).find((f) => /^memplay-worker_bg.*\.wasm$/.test(f));
  const ui = fs.readdirSync(DIST).find((f) => /^memplay-ui.*_bg\.wasm$/.test(f));
  const sizes = {
    "Memplay engine wasm": fileSizes(path.join(DIST, engine)),
    "Memplay UI wasm": fileSizes(path.join(DIST, ui)),
    "Pyodide pyodide.asm.wasm": fileSizes(path.join(PYODIDE_DIR, "pyodide.asm.wasm")),
    "Pyodide python_stdlib.zip": fileSizes(path.join(PYODIDE_DIR, "python_stdlib.zip")),
  };

  const lines = [];
  lines.push(`Chromium ${execFileSync(CHROMIUM, ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()}, ${os.cpus().length} cores, ${RUNS} runs each: median (min-max).`, "");
  lines.push("| file | raw | gzip -9 | brotli 11 |", "|---|---:|---:|---:|");
  for (const [name, s] of Object.entries(sizes)) lines.push(`| ${name} | ${mb(s.raw)} | ${mb(s.gzip)} | ${mb(s.br)} |`);
  lines.push("", "| network | | Memplay | Pyodide 0.29.0 | Pyodide / Memplay |", "|---|---|---:|---:|---:|");
  for (const { label, results } of byNetwork) {
    const M = results.Memplay;
    const P = results.Pyodide;
    const row = (name, m, p) =>
      lines.push(`| ${label} | ${name} | ${stat(m)} ms | ${stat(p)} ms | ${(median(p) / median(m)).toFixed(2)}x |`);
    row("time to ready, cold cache", M.cold, P.cold);
    row("first result, cold cache", M.first, P.first);
    row("time to ready, warm cache", M.warm, P.warm);
    row("first contentful paint", M.paint, P.paint);
    lines.push(
      `| ${label} | cold / warm ready | ${(median(M.cold) / median(M.warm)).toFixed(2)}x | ${(median(P.cold) / median(P.warm)).toFixed(2)}x | |`,
      `| ${label} | bytes transferred, cold | ${mb(median(M.bytesCold))} | ${mb(median(P.bytesCold))} | ${(median(P.bytesCold) / median(M.bytesCold)).toFixed(2)}x |`,
      `| ${label} | bytes transferred, warm | ${mb(median(M.bytesWarm))} | ${mb(median(P.bytesWarm))} | |`,
    );
  }
  lines.push(
    "",
    `| snippet | Memplay (measured) ms | Pyodide ms | CPython ${cpython.version} ms | Memplay / Pyodide | Memplay / CPython |`,
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const { name } of SNIPPETS) {
    const m = runs.Memplay[name];
    const p = runs.Pyodide[name];
    const c = cpython.times[name];
    lines.push(
      `| ${name} | ${stat(m)} | ${stat(p)} | ${stat(c)} | ${(median(m) / median(p)).toFixed(2)} | ${(median(m) / median(c)).toFixed(2)} |`,
    );
  }
  console.log(lines.join("\n"));
}

await main();
