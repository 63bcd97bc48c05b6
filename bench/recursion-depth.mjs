// How deep Python recursion gets in the browser's engine worker before its stack runs
// out, for several shapes of recursion: the figure behind the engine's highest
// sys.setrecursionlimit (crates/engine/src/limits.rs, MAX_RECURSION_LIMIT).
// Usage, against a build whose limit is out of the way:
//   MEMPLAY_MAX_RECURSION_LIMIT=10000000 trunk build --release && node bench/recursion-depth.mjs
// Against a normal build it shows each shape ending in RecursionError at the limit.
import { openBrowser, pane, waitForEngine, setCode } from "../tests/e2e/browser.mjs";

const RAW_LIMIT = "import sys\nsys.setrecursionlimit(10**7)\n";
// Each shape prints how deep it got every 10 levels (what an overflowed engine leaves),
// and catches RecursionError to print the depth it struck at.
const reach = "    global deepest\n    deepest = n\n    if n % 10 == 0: print(n, flush=True)\n";
const caught = (call) => `deepest = 0\ntry:\n    ${call}\nexcept RecursionError:\n    print("RecursionError at", deepest)\n`;
const shapes = {
  "plain function": `def f(n):\n${reach}    return f(n + 1)\n` + caught("f(0)"),
  "method": `class A:\n    def m(self, n):\n${reach.replace(/^(?=.)/gm, "    ")}        return self.m(n + 1)\n` + caught("A().m(0)"),
  "__add__ (through a native slot)": `class A:\n    def __init__(self, n): self.n = n\n    def __add__(self, o):\n        n = self.n\n${reach.replace(/^(?=.)/gm, "    ")}        return A(n + 1) + o\n` + caught("A(0) + 1"),
  "__getattr__ (through a native slot)": `class A:\n    def __getattr__(self, name):\n        n = int(name[1:])\n${reach.replace(/^(?=.)/gm, "    ")}        return getattr(self, "a" + str(n + 1))\n` + caught("A().a0"),
  "sorted key (native frames between)": `def f(n):\n${reach}    return sorted([1], key=lambda x: f(n + 1))\n` + caught("f(0)"),
  "generator yield from": `def g(n):\n${reach}    yield from g(n + 1)\n` + caught("list(g(0))"),
  "repr of nested lists": `x = []\nfor _ in range(100000):\n    x = [x]\ndeepest = "(no count)"\n` + caught("repr(x)"),
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
    const struck = out.match(/RecursionError at (.*)/);
    console.log(`${name}: ${struck ? `RecursionError at ${struck[1]}` : `deepest printed ${Math.max(0, ...depths)}`}; ${status.trim().slice(0, 100)}`);
  }
} finally {
  await browser.close();
}
