// End to end: colour themes and the keyboard. Auto follows the reader's system setting,
// live; the playground's toggle forces one and is remembered; an embed takes its host's
// switch (memplay:theme); code is readable (4.5:1) in both; the editor never traps focus.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, screenshot, pane, hostPage } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const shown = (target) => target.evaluate(() => document.documentElement.dataset.theme);

/** The contrast ratio (WCAG) of an element's text colour on the editor's background. */
function codeContrast(selector) {
  const rgb = (css) => css.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = (css) => {
    const [r, g, b] = rgb(css).map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const token = document.querySelector(selector);
  const editor = token.closest(".cm-editor");
  const [a, b] = [luminance(getComputedStyle(token).color), luminance(getComputedStyle(editor).backgroundColor === "rgba(0, 0, 0, 0)" ? "rgb(255, 255, 255)" : getComputedStyle(editor).backgroundColor)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

test("auto follows the system live; the toggle forces a theme and is remembered", async () => {
  const page = await browser.newPage();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(browser.server.url);
  await pane(page, "generator").waitFor();
  await page.locator(".tok-keyword").first().waitFor();
  assert.equal(await shown(page), "dark");
  for (const token of [".tok-keyword", ".tok-number"]) {
    const ratio = await page.evaluate(codeContrast, token);
    assert.ok(ratio >= 4.5, `${token} at ${ratio.toFixed(2)}:1 in the dark theme`);
  }
  await screenshot(page, "30-dark-playground");
  await page.emulateMedia({ colorScheme: "light" });
  await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
  for (const token of [".tok-keyword", ".tok-number"]) {
    const ratio = await page.evaluate(codeContrast, token);
    assert.ok(ratio >= 4.5, `${token} at ${ratio.toFixed(2)}:1 in the light theme`);
  }

  // auto -> light -> dark: forced whatever the system says, and kept for the next visit.
  const toggle = page.getByTestId("theme-toggle");
  assert.equal(await toggle.getAttribute("data-theme-choice"), "auto");
  await toggle.click();
  await toggle.click();
  assert.equal(await toggle.getAttribute("data-theme-choice"), "dark");
  assert.equal(await shown(page), "dark");
  await page.reload();
  await pane(page, "generator").waitFor();
  assert.equal(await shown(page), "dark", "the choice survives a reload on a light system");
  await page.getByTestId("theme-toggle").click();
  assert.equal(await page.getByTestId("theme-toggle").getAttribute("data-theme-choice"), "auto");
  assert.equal(await shown(page), "light");
  await page.close();
});

test("an embed follows its reader's setting and its host's switch, and lets Tab leave its editor", async () => {
  const host = await hostPage(`<!doctype html>
<html><body><h1>A blog post</h1><a href="#before" id="before">before</a>
<iframe id="m" src="${browser.memplayOrigin}?embed=1&editable=1" title="Memplay example" width="100%" height="460" style="border:0"></iframe>
<a href="#after" id="after">after</a>
<script>
  window.messages = [];
  addEventListener("message", (e) => window.messages.push(e.data));
  window.theme = (theme) => document.getElementById("m").contentWindow.postMessage({ type: "memplay:theme", theme }, "*");
</script></body></html>`);
  const page = await browser.newPage();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(host.url);
  const frame = page.frameLocator("#m");
  await frame.locator(".cm-content").first().waitFor();
  const embed = page.frames().find((f) => f.url().includes("embed=1"));
  assert.equal(await shown(embed), "dark");
  await screenshot(page, "31-dark-embed");

  await page.evaluate(() => window.theme("light"));
  await embed.waitForFunction(() => document.documentElement.dataset.theme === "light");
  await page.evaluate(() => window.theme("purple"));
  await page.waitForFunction(() => window.messages.some((m) => m.type === "memplay:error"));
  const error = (await page.evaluate(() => window.messages)).find((m) => m.type === "memplay:error");
  assert.match(error.reason, /memplay:theme not understood/);
  assert.equal(await shown(embed), "light", "a theme it cannot read changes nothing");
  await page.evaluate(() => window.theme("auto"));
  await embed.waitForFunction(() => document.documentElement.dataset.theme === "dark");

  // In the editor Tab indents; Escape then Tab moves on, out of the editor.
  const editor = frame.locator(".cm-content").first();
  assert.equal(await editor.getAttribute("aria-label"), "code of list");
  assert.match(await editor.getAttribute("aria-description"), /Escape, then Tab/);
  const inFirstEditor = () =>
    embed.evaluate(() => document.querySelectorAll(".cm-editor")[0].contains(document.activeElement));
  await editor.click();
  await page.keyboard.press("Tab");
  assert.ok(await inFirstEditor(), "Tab alone stays, to indent");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  // Focus moves on to the next stop (the second pane's editor), out of the first.
  assert.ok(!(await inFirstEditor()), "Escape then Tab leaves the editor");
  await page.close();
  host.close();
});
