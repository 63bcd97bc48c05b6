// A CPU profile of Memplay's engine worker while it runs a snippet: the page in DIR is
// served, opened in headless Chromium with the snippet as its one pane, and each of RUNS
// runs is profiled in the worker that ran it (runs are sealed: a fresh worker each).
// Prints self time by function, summed over the runs (each worker's whole life: its
// start, warm-up and the run). Raw DevTools protocol, as Playwright has no way into a
// page's workers. `node --experimental-websocket bench/wasm-profile.mjs DIR snippet.py [RUNS]`
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startServer } from "../scripts/static-server.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../tests/e2e/browser.mjs";

const [dir, snippet, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const code = fs.readFileSync(snippet, "utf8");
const server = await startServer(dir);
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-profile-"));
const chromium = spawn(CHROMIUM, [...CHROMIUM_ARGS, "--headless=new", "--remote-debugging-port=0",
  `--user-data-dir=${profileDir}`, "about:blank"], { stdio: "ignore" });
try {
  await profile();
} finally {
  const exited = new Promise((resolve) => chromium.once("exit", resolve));
  chromium.kill();
  await exited;
  server.close();
  fs.rmSync(profileDir, { recursive: true, force: true });
}

async function profile() {
  const cdp = await connect();
  // The page with the snippet as its one pane (a v2 link without results).
  const state = zlib.deflateRawSync(JSON.stringify({ panes: [{ title: "bench", code }] }));
  const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
  const { sessionId: page } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
  const workers = new Set();
  let profiling = false;
  const start = (worker) => cdp.send("Profiler.enable", {}, worker)
    .then(() => cdp.send("Profiler.setSamplingInterval", { interval: 100 }, worker))
    .then(() => cdp.send("Profiler.start", {}, worker))
    .catch(() => {}); // already profiling, or already gone
  cdp.on("Target.attachedToTarget", ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== "worker") return;
    workers.add(sessionId);
    if (profiling) start(sessionId);
  });
  cdp.on("Target.detachedFromTarget", ({ sessionId }) => workers.delete(sessionId));
  await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, page);
  await cdp.send("Page.navigate", { url: `${server.url}#v2=${state.toString("base64url")}` }, page);
  const evaluate = async (expression) => (await cdp.send("Runtime.evaluate",
    { expression, awaitPromise: true, returnByValue: true }, page)).result.value;
  const until = async (expression, what) => {
    for (let i = 0; i < 6000; i++) {
      if (await evaluate(expression)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  await until(`document.querySelector('[data-testid="engine-status"]')?.textContent === "ready"`, "the engine");
  // A run is over when the pane's status turns to its outcome again (it reads
  // "completed" before a run as after it): counted as it changes.
  await evaluate(`window.finished = 0;
    new MutationObserver(() => {
      if (/completed|error|stopped|limit/i.test(document.querySelector('[data-testid="pane-status"]').textContent)) window.finished++;
    }).observe(document.querySelector('[data-testid="pane-status"]'), { childList: true, characterData: true, subtree: true });
    true`);
  const run = async () => {
    const before = await evaluate("window.finished");
    await evaluate(`document.querySelector('[data-testid="run-all"]').click()`);
    await until(`window.finished > ${before}`, "the run");
  };
  await run(); // the page's first run, as a reader's
  // A worker is ended as soon as its run is over: keep them until their profile is read.
  await evaluate(`window.kept = []; window.end = Worker.prototype.terminate;
    Worker.prototype.terminate = function () { window.kept.push(this); }; true`);
  profiling = true;
  for (const worker of workers) await start(worker);
  const profiles = [];
  for (let i = 0; i < runs; i++) {
    await run();
    const stopped = await Promise.all([...workers].map((w) =>
      cdp.send("Profiler.stop", {}, w).then((r) => r.profile, () => null)));
    // The worker that ran is the one with the most samples.
    const ran = stopped.filter(Boolean).sort((a, b) => b.samples.length - a.samples.length)[0];
    if (ran) profiles.push(ran);
    await evaluate(`for (const w of window.kept.splice(0)) window.end.call(w); true`);
    for (const worker of workers) start(worker);
  }
  report(profiles);
}

function report(profiles) {
  const self = new Map();
  let total = 0;
  for (const profile of profiles) {
    const hits = new Map();
    for (const node of profile.samples) hits.set(node, (hits.get(node) || 0) + 1);
    for (const node of profile.nodes) {
      const n = hits.get(node.id) || 0;
      // Crate hashes (`rustpython_vm[ed6b...]`) only lengthen the names.
      const name = (node.callFrame.functionName || `(${path.basename(node.callFrame.url)})`)
        .replace(/\[[0-9a-f]{16}\]/g, "");
      self.set(name, (self.get(name) || 0) + n);
      total += n;
    }
  }
  const busy = total - (self.get("(idle)") || 0);
  console.log(`${profiles.length} runs, ${(busy / 10).toFixed(0)} ms busy (100 µs samples); self time, % of busy:`);
  for (const [name, n] of [...self].filter(([k]) => k !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(100 * n / busy).toFixed(1).padStart(6)}  ${name.slice(0, 140)}`);
  }
}

/** The browser's DevTools endpoint, with flattened sessions. */
async function connect() {
  let port;
  for (let i = 0; i < 200 && !port; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      port = fs.readFileSync(path.join(profileDir, "DevToolsActivePort"), "utf8").split("\n")[0];
    } catch {}
  }
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const socket = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", reject);
  });
  let lastId = 0;
  const pending = new Map();
  const handlers = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    const waiting = pending.get(message.id);
    if (waiting) {
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    } else if (handlers.has(message.method)) {
      handlers.get(message.method)(message.params);
    }
  });
  return {
    on: (method, handler) => handlers.set(method, handler),
    send: (method, params, sessionId) => new Promise((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, sessionId }));
      // A session that ended (a worker gone) never answers.
      setTimeout(() => pending.delete(id) && reject(new Error(`${method}: no answer`)), 20_000);
    }),
  };
}
