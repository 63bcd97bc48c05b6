// Counts what the engine worker posts to the page, by message type, in JSON bytes: an
// init script wraps `Worker` before the page's own scripts start the engine.
export async function countWorkerMessages(page) {
  await page.addInitScript(() => {
    const Native = window.Worker;
    const counts = { total: 0, byType: {}, messages: [] };
    window.__workerMessages = counts;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", (event) => {
          const bytes = JSON.stringify(event.data ?? null).length;
          const type = event.data?.type ?? "?";
          counts.total += bytes;
          counts.byType[type] = (counts.byType[type] ?? 0) + bytes;
          counts.messages.push({ type, bytes, keys: Object.keys(event.data ?? {}), t: performance.now() });
        });
      }
    };
  });
}

export function workerMessages(page) {
  return page.evaluate(() => window.__workerMessages);
}
