// How deep Python recursion gets in the browser's engine worker before its stack runs
// out, for several shapes of recursion: the figure behind the engine's highest
// sys.setrecursionlimit (crates/engine/src/limits.rs, MAX_RECURSION_LIMIT).
// Usage, against a build whose limit is out of the way:
//   MEMPLAY_MAX_RECURSION_LIMIT=10000000 trunk build --release && node bench/recursion-depth.mjs
// Against a normal build it shows each shape ending in RecursionError at the limit.
import { openBrowser, pane, waitForEngine, setCode } from "../tests/e2e/browser.mjs";

const RAW_LIMIT = "import sys\nsys.setrecursionlimit(10**7)\n";
const shapes = {
  "plain function": "def f(n):\n    if n % 100 == 0: print(n, flush=True)\n    return f(n + 1)\nf(0)\n",
  "method": "class A:\n    def m(self, n):\n        if n % 100 == 0: print(n, flush=True)\n        return self.m(n + 1)\nA().m(0)\n",
  "__add__ (through a native slot)": "class A:\n    def __init__(self, n): self.n = n\n    def __add__(self, o):\n        if self.n % 100 == 0: print(self.n, flush=True)\n        return A(self.n + 1) + o\nA(0) + 1\n",
  "sorted key (native frames between)": "def f(n):\n    if n % 100 == 0: print(n, flush=True)\n    return sorted([1], key=lambda x: f(n + 1))\nf(0)\n",
  "generator yield from": "def g(n):\n    if n % 100 == 0: print(n, flush=True)\n    yield from g(n + 1)\nlist(g(0))\n",
};

const browser = await openBrowser();
try {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  for (const [name, code] of Object.entries(shapes)) {
    await waitForEngine(page);
    await setCode(page, "list", RAW_LIMIT + code);
    await pane(page, "list").getByTestId("run-pane").click();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="pane"][data-pane-title="list"] [data-testid="pane-status"]');
      return el && !/running|queued/i.test(el.textContent);
    }, null, { timeout: 120_000 });
    const status = await pane(page, "list").getByTestId("pane-status").textContent();
    const out = await pane(page, "list").getByTestId("output").textContent();
    const depths = [...out.matchAll(/^(\d+)$/gm)].map((m) => Number(m[1]));
    console.log(`${name}: deepest printed ${Math.max(0, ...depths)}; ${status.trim().slice(0, 100)}`);
  }
} finally {
  await browser.close();
}
