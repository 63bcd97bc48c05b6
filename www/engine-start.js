// Starts the engine worker as soon as the page's head is parsed, before the UI's wasm has
// even downloaded, so the two load side by side. The UI adopts this worker for its first
// engine (src/engine_worker.rs) and replays what it posted in the meantime (download
// progress, ready), which is kept here until then. Embeds, and links with recorded results,
// start theirs from the UI when the reader wants it (src/hooks/use_engine_when_visible.rs).
(() => {
  // An embed loads its engine only when wanted (in view, or on Run): the UI starts it.
  if (new URLSearchParams(location.search).get("embed") === "1") return;
  // A link with recorded results shows them without Python (src/page.rs, EngineLoad),
  // unless it also runs on open.
  if (/[#&]recorded=1(&|$)/.test(location.hash) && !/[#&]run=1(&|$)/.test(location.hash)) return;
  try {
    const worker = new Worker("./engine-loader.js");
    const early = [];
    worker.onmessage = (event) => early.push(event);
    worker.onerror = (event) => early.push(event);
    window.memplayEarlyEngine = { worker, early };
    // Leaving the page before the UI adopted the worker ends it now (the UI does the same
    // for the engines it owns): its wasm memory is given back before the next page starts
    // one. A page kept for the back button comes back with it.
    addEventListener("pagehide", (event) => {
      if (!event.persisted) worker.terminate();
    });
  } catch (error) {
    // The UI starts its own worker and reports the failure if it recurs.
  }
})();
