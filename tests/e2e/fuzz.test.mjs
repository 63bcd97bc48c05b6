// End to end: 1,000 damaged share links and 1,000 malformed memplay:* messages in the real
// browser. Each link opens a page with its panes (the link's or the defaults) and, when
// refused, a reason; no message breaks the embed; no page error anywhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { openBrowser } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** A small seeded generator, so a failure names a case that repeats. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
const pack = (text) => b64url(zlib.deflateRawSync(Buffer.from(text)));
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=&%#<>\"'";

function linkCases(valid, json, count) {
  const rnd = random(16);
  const pick = (s) => s[Math.floor(rnd() * s.length)];
  const payload = valid.slice(valid.indexOf("=") + 1);
  const makers = [
    () => valid.slice(0, Math.floor(rnd() * valid.length)),
    () => {
      const chars = [...valid];
      for (let i = 0; i < 1 + rnd() * 4; i++) chars[Math.floor(rnd() * chars.length)] = pick(ALPHABET);
      return chars.join("");
    },
    () => `v1=${Array.from({ length: Math.floor(rnd() * 400) }, () => pick(ALPHABET)).join("")}`,
    () => `v${pick(["0", "2", "99", "x", "", "-1", "1.5"])}=${payload}`,
    () => `v1=${pack(json.slice(0, Math.floor(rnd() * json.length)))}`,
    () => {
      const chars = [...json];
      for (let i = 0; i < 1 + rnd() * 3; i++) chars[Math.floor(rnd() * chars.length)] = pick('{}[]":,0a\\');
      return `v1=${pack(chars.join(""))}`;
    },
    () => `v1=${pack(pick([
      "null", "[]", "{}", '{"panes":5}', '{"panes":[]}', '{"panes":[{"title":1}]}',
      JSON.stringify({ panes: Array.from({ length: 50 }, (_, i) => ({ title: `p${i}`, code: "x" })) }),
      JSON.stringify({ panes: [{ title: "t".repeat(10_000), code: "\u0000\ud800" }] }),
      '{"panes":[{"title":"a","code":"b"}],"limits":{"time_ms":-1,"memory_bytes":1e308,"steps":"x"}}',
      "[".repeat(5_000),
    ]))}`,
    () => `v1=${payload}&run=${pick(["1", "0", "yes", ""])}`,
    () => `v1=${"A".repeat(60_000 + Math.floor(rnd() * 20_000))}`,
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]());
}

test("1,000 damaged share links each open a page with panes, and a reason when refused", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(browser.server.url);
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  const valid = link.slice(link.indexOf("#") + 1);
  const json = zlib.inflateRawSync(Buffer.from(valid.slice(3), "base64url")).toString();
  const cases = linkCases(valid, json, 1000);
  let refused = 0;
  for (const [i, fragment] of cases.entries()) {
    await page.goto(`${browser.server.url}?case=${i}#${fragment}`);
    await page.locator('[data-testid="pane"]').first().waitFor({ timeout: 10_000 });
    const notice = page.getByTestId("notice");
    if (await notice.count()) {
      refused += 1;
      assert.ok((await notice.textContent()).trim().length > 10, `case ${i}: #${fragment.slice(0, 80)}`);
    }
    assert.deepEqual(errors, [], `case ${i}: #${fragment.slice(0, 80)}`);
  }
  console.log(`${cases.length} links: ${refused} refused with a reason, the rest opened`);
  assert.ok(refused > 500, `${refused} refused`);
  await page.close();
});

test("1,000 malformed memplay:* messages leave the embed working, with no page error", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The embed in a frame of a page on the same server: its parent may talk to it.
  await page.goto(`${browser.server.url}?host`);
  await page.setContent(`<iframe id="m" src="${browser.server.url}?embed=1" width="800" height="600"></iframe>`);
  const frame = page.frameLocator("#m");
  await frame.locator('[data-testid="pane"]').first().waitFor({ timeout: 30_000 });
  const rnd = random(7);
  const pick = (s) => s[Math.floor(rnd() * s.length)];
  const values = [null, undefined, 0, -1, 1e308, "", "x".repeat(100_000), [], {}, [1, [2, [3]]],
    { type: "memplay:run" }, true, "<img src=x onerror=alert(1)>", { toString: null }];
  const messages = Array.from({ length: 1000 }, (_, i) => {
    const type = pick(["memplay:run", "memplay:set", "memplay:get", "memplay:theme", "memplay:", "memplay:x", "run", 42, null]);
    const message = { type };
    for (const key of ["id", "panes", "code", "title", "limits", "pane", "theme", "view"]) {
      if (rnd() < 0.4) message[key] = pick(values);
    }
    return i % 10 === 0 ? pick(values) : message;
  });
  // Each memplay: message is answered once, in order, with memplay:error and a reason;
  // anything else is not answered. (None of these is a readable memplay:run.)
  const sentTypes = await page.evaluate((list) => {
    const target = document.getElementById("m").contentWindow;
    window.replies = [];
    // Auto-height reports (memplay:resize) are the embed's own news, not answers.
    addEventListener("message", (e) => {
      if (e.source === target && e.data?.type !== "memplay:resize") window.replies.push(e.data);
    });
    const sent = [];
    for (const m of list) {
      try { target.postMessage(m, "*"); sent.push(m); } catch (_) { /* uncloneable: never sent */ }
    }
    return sent.map((m) => {
      const type = m !== null && typeof m === "object" ? m.type : undefined;
      const id = m !== null && typeof m === "object" ? m.id : undefined;
      const echoed = typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
      return { ours: typeof type === "string" && type.startsWith("memplay:"), id: echoed ? id : undefined };
    });
  }, messages);
  const expected = sentTypes.filter((m) => m.ours);
  assert.ok(expected.length > 500, `${expected.length} memplay: messages sent`);
  await page.waitForFunction((n) => window.replies.length >= n, expected.length, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  const replies = await page.evaluate(() => window.replies);
  assert.equal(replies.length, expected.length, "one answer per memplay: message, none for others");
  replies.forEach((reply, i) => {
    assert.equal(reply.type, "memplay:error", JSON.stringify(reply).slice(0, 300));
    assert.equal(reply.id, expected[i].id, `answer ${i} echoes its request's id`);
    assert.ok(typeof reply.reason === "string" && reply.reason.length > 20 && reply.reason.length <= 300,
      reply.reason);
  });
  assert.ok(replies.some((r) => /unknown message type/.test(r.reason)), "an unknown type is named");
  assert.ok(replies.some((r) => /memplay:run (not understood|has no panes)/.test(r.reason)), "a bad run says why");
  assert.deepEqual(errors, []);
  assert.ok(await frame.locator('[data-testid="pane"]').count() >= 1, "the embed still shows its panes");
  await page.close();
});
