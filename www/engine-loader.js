// The engine worker's entry point (a classic script: Trunk builds workers for
// `no-modules`). It downloads the engine with progress reports, instantiates it and hands
// over to Rust (`start_engine`), which posts `ready` once the interpreter is built.
importScripts("./memplay-worker.js");

async function fetchWithProgress(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // Content-Length is the transferred size; with a compressed response the body we read
  // is larger, so the total is only trusted when no encoding is declared.
  const encoded = response.headers.get("Content-Encoding");
  const total = encoded ? 0 : Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let lastPost = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    const now = performance.now();
    if (now - lastPost > 50) {
      lastPost = now;
      postMessage({ type: "progress", loaded, total });
    }
  }
  postMessage({ type: "progress", loaded, total: total || loaded });
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

(async () => {
  try {
    const bytes = await fetchWithProgress("./memplay-worker_bg.wasm");
    await wasm_bindgen({ module_or_path: bytes });
    wasm_bindgen.start_engine();
  } catch (error) {
    postMessage({ type: "fatal", message: `the engine failed to load: ${error}` });
  }
})();
