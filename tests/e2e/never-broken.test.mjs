// End to end: snippets that used to end the engine (or give a wrong answer) in the browser
// build end in a result or a clear Python error, the engine working for the next run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import {
  ROOT, CHROMIUM, CHROMIUM_ARGS, openBrowser, pane, waitForEngine, setCode, waitForStatus,
} from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const output = async (page, title) =>
  (await pane(page, title).getByTestId("output").textContent()) ?? "";

async function runIn(page, title, code, status, timeout = 60_000) {
  await setCode(page, title, code);
  await pane(page, title).getByTestId("run-pane").click();
  await waitForStatus(page, title, status, timeout);
  return output(page, title);
}

test("the stdlib's clocks, sleeps and local time work in the worker: no call panics", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  const audit = fs.readFileSync(path.join(ROOT, "tests/e2e/snippets/stdlib-audit.py"), "utf8");
  const startedAt = Date.now() / 1000;
  const text = await runIn(page, "list", audit, "completed", 90_000);
  assert.match(text, /audit done/, text);
  const now = text.match(/^now (\S+) (-?\d+)$/m);
  assert.ok(now, text);
  assert.equal(now[2], "0", "datetime.now() agrees with time.time()");
  const utc = text.match(/^utc (\S+)$/m);
  const shown = Date.parse(utc[1]) / 1000;
  assert.ok(Math.abs(shown - startedAt) < 60, `datetime.now(timezone.utc) ${utc[1]} is the time now`);
  assert.match(text, /^today True$/m);
  const slept = Number(text.match(/^slept ([\d.]+)$/m)?.[1]);
  assert.ok(slept >= 1.0 && slept < 1.5, `time.sleep(1) takes an int and waits a second: ${slept}`);
  // Calls that raise say why in Python; none is a missing clock.
  assert.doesNotMatch(text, /raised .*(NotImplementedError|PanicException)/, text);
  await page.close();
});

test("local time follows the reader's time zone", async () => {
  // A zone east of UTC with no summer time: every figure below is fixed.
  const other = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
  const context = await other.newContext({ timezoneId: "Asia/Kolkata" });
  const page = await context.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  const text = await runIn(page, "list",
    "import time, datetime\n" +
    "print(time.timezone, time.tzname[0], time.localtime(0).tm_hour, time.localtime(0).tm_min)\n" +
    "print(datetime.datetime.fromtimestamp(0).isoformat())\n" +
    "print(time.mktime(time.localtime(1_700_000_000)))\n" +
    "print(round((datetime.datetime.now() - datetime.datetime.utcnow()).total_seconds() / 60))\n",
    "completed");
  assert.match(text, /^-19800 UTC\+05:30 5 30$/m, text);
  assert.match(text, /^1970-01-01T05:30:00$/m, text);
  assert.match(text, /^1700000000\.0$/m, text);
  assert.match(text, /^330$/m, text);

  // A zone with summer time: mktime reads the wall time in the offset tm_isdst names
  // (figures from CPython 3.11 with TZ=America/New_York).
  const newYork = await (await other.newContext({ timezoneId: "America/New_York" })).newPage();
  await newYork.goto(browser.server.url);
  await waitForEngine(newYork);
  const mktimes = await runIn(newYork, "list",
    "import time\n" +
    "for month, yday in ((1, 15), (7, 197)):\n" +
    "    print(*(int(time.mktime((2024, month, 15, 12, 0, 0, 0, yday, dst))) for dst in (-1, 0, 1)))\n",
    "completed");
  assert.match(mktimes, /^1705338000 1705338000 1705334400\n1721059200 1721062800 1721059200$/m, mktimes);
  } finally {
    await other.close();
  }
});

test("builtins filling memory, deep recursion, hand-made bytecode and input() end in Python errors", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await waitForEngine(page);
  await page.getByTestId("limit-memory").fill("64");
  await page.getByTestId("limit-memory").press("Tab");

  for (const code of ["d = dict.fromkeys(range(10**9))\n", "import itertools\nx = list(itertools.count())\n"]) {
    const text = await runIn(page, "list", code, "stopped by the memory cap");
    assert.match(text, /MemoryError: memory cap of 64\.0 MB reached/, text);
    const samples = Number(await pane(page, "list").getByTestId("chart-memory").getAttribute("data-samples"));
    assert.ok(samples > 5, `${code}: the chart kept ${samples} samples up to the cap`);
  }
  // A size that fits CPython's 64-bit index but not wasm32's: CPython tries to allocate
  // it and raises MemoryError, and so does the engine (not OverflowError).
  for (const code of ["x = [0] * 10**10\n", "x = 'ab' * 10**10\n", "x = bytearray(10**10)\n"]) {
    const text = await runIn(page, "list", code, "MemoryError");
    assert.match(text, /^MemoryError$/m, `${code}: ${text}`);
  }
  // Nothing to repeat is no allocation, a negative size is a ValueError and a count past
  // 64 bits overflows, as in CPython (these take the 32-bit branches only here).
  const edges = await runIn(page, "list", [
    "assert [] * 10**10 == [] and [0] * -10**10 == [] and 'ab' * -10**10 == ''",
    "try:\n    bytes(-10**10)\nexcept ValueError as e:\n    print('bytes:', e)",
    "try:\n    [0] * 10**20\nexcept OverflowError as e:\n    print('overflow:', e)",
  ].join("\n") + "\n", "completed");
  assert.match(edges, /^bytes: negative count$/m, edges);
  assert.match(edges, /^overflow: cannot fit 'int' into an index-sized integer$/m, edges);

  let text = await runIn(page, "generator",
    "import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)\n", "RecursionError");
  assert.match(text, /Memplay lowered sys\.setrecursionlimit\(1000000\) to \d+/, text);
  assert.match(text, /\[Previous line repeated \d+ more times\]/, text);

  // Recursion through native code takes many times the stack of a plain call; the engine
  // stops it with a RecursionError the snippet can catch, before the worker's stack runs
  // out (which would end the engine).
  const nativeRecursions = {
    "__add__": "class A:\n    def __add__(self, other):\n        return A() + other\nA() + 1",
    "__getattr__": "class B:\n    def __getattr__(self, name):\n        return self.missing\nB().x",
    "sort key": "def f(n):\n    return sorted([1], key=lambda x: f(n + 1))\nf(0)",
    "yield from": "def g():\n    yield from g()\nlist(g())",
    "repr": "x = []\nfor _ in range(100000):\n    x = [x]\nrepr(x)",
  };
  for (const [shape, code] of Object.entries(nativeRecursions)) {
    const indented = code.split("\n").map((line) => "    " + line).join("\n");
    text = await runIn(page, "generator",
      `try:\n${indented}\nexcept RecursionError as e:\n    print("caught:", e)\n`, "completed");
    assert.match(text, /^caught: maximum recursion depth exceeded/m, `${shape}: ${text}`);
  }
  text = await runIn(page, "generator", nativeRecursions.__add__ + "\n", "RecursionError");
  assert.match(text, /the engine's stack is full/, text);

  for (const change of ["co_code=bytes(len(c.co_code))", "co_consts=()", "co_stacksize=1"]) {
    text = await runIn(page, "generator",
      `f = lambda: 0\nc = f.__code__\nf.__code__ = c.replace(${change})\nf()\n`, "NotImplementedError");
    assert.match(text, /hand-made bytecode/, `${change}: ${text}`);
  }

  text = await runIn(page, "generator", "name = input('name? ')\n", "EOFError");
  assert.match(text, /Memplay has no standard input/, text);

  text = await runIn(page, "generator", "open('data.txt')\n", "OSError");
  assert.match(text, /io\.StringIO/, text);

  // asyncio runs its loop in the worker (no network, no threads).
  text = await runIn(page, "generator",
    "import asyncio\nasync def one(i):\n    await asyncio.sleep(0.01)\n    return i * i\n" +
    "async def main():\n    return sum(await asyncio.gather(*(one(i) for i in range(10))))\n" +
    "print(asyncio.run(main()))\n", "completed");
  assert.match(text, /^285$/m, text);
  text = await runIn(page, "generator", "import sqlite3\n", "ModuleNotFoundError");
  assert.match(await output(page, "generator") + await pane(page, "generator").textContent(),
    /sqlite3 cannot run in Memplay/);

  // The engine is whole: an ordinary run after all of it.
  text = await runIn(page, "generator", "print(sum(range(10)))\n", "completed");
  assert.match(text, /^45$/m);
  await page.close();
});
