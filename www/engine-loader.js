// The engine worker's entry point (a classic script: Trunk builds workers for
// `no-modules`). It downloads and compiles the engine at once (streaming compilation),
// reports download progress, and hands over to Rust (`start_engine`), which posts `ready`
// once the interpreter is built.
//
// The two engine file names below are rewritten to content-hashed ones by
// scripts/hash-engine.mjs after each build, so browsers may cache them for good.
importScripts("./memplay-worker.js");
const ENGINE_WASM = "./memplay-worker_bg.wasm";
// The engine wasm's size in bytes, written here by scripts/hash-engine.mjs at build time:
// a compressed response does not tell the size of the body it decodes to.
const ENGINE_BYTES = 0;

// Counts the bytes of `response` as they arrive, on a copy of the stream, so the
// original still goes to the compiler untouched (and the browser may cache its
// compiled code, which it only does for a response straight from fetch).
async function reportProgress(response) {
  // Content-Length is the transferred size; with a compressed response the body we read
  // is larger, so without the build's figure it is only trusted when no encoding is
  // declared.
  const encoded = response.headers.get("Content-Encoding");
  const total = ENGINE_BYTES || (encoded ? 0 : Number(response.headers.get("Content-Length")) || 0);
  const reader = response.body.getReader();
  let loaded = 0;
  let lastPost = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.length;
    const now = performance.now();
    if (now - lastPost > 50) {
      lastPost = now;
      postMessage({ type: "progress", loaded, total });
    }
  }
  postMessage({ type: "progress", loaded, total: total || loaded });
}

// A trap (an abort inside the engine) or a stack overflow reaches here as an uncaught
// error. Say what happened in Python's words instead of "unreachable" or "Maximum call
// stack size exceeded"; the page keeps the samples streamed so far either way.
const STACK_OVERFLOW =
  "RecursionError: maximum recursion depth exceeded: the recursion went deeper than the " +
  "browser's stack holds (a level of recursion through an operator such as __add__, a " +
  "sort key or yield from takes several times the stack of a plain call)";

self.addEventListener("error", (event) => {
  let report;
  try {
    report = wasm_bindgen.refusal_report();
  } catch (_) {
    report = undefined;
  }
  if (!report && /Maximum call stack size exceeded/.test(String(event.message))) {
    report = STACK_OVERFLOW;
  }
  if (report) {
    event.preventDefault();
    postMessage({ type: "fatal", message: report });
  }
});

(async () => {
  try {
    const response = await fetch(ENGINE_WASM);
    if (!response.ok) throw new Error(`${ENGINE_WASM}: HTTP ${response.status}`);
    const progress = reportProgress(response.clone());
    await wasm_bindgen({ module_or_path: response });
    await progress;
    wasm_bindgen.start_engine();
  } catch (error) {
    postMessage({ type: "fatal", message: `the engine failed to load: ${error}` });
  }
})();
