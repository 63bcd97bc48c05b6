// End to end: nothing a person typed is lost. A reload opens the edited panes, an example
// loaded over them can be undone, a limit that is no limit says so and keeps the one in
// use, and a blank title still names its pane.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, screenshot, pane, setCode } from "./browser.mjs";

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** The text of each pane's editor, in page order. */
async function editorTexts(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="pane"]')].map((p) =>
      [...p.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n")));
}

async function titles(page) {
  return page.locator('[data-testid="pane"]').evaluateAll((els) => els.map((e) => e.dataset.paneTitle));
}

test("a reload opens the panes as they were edited", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await pane(page, "generator").waitFor();
  const before = page.url();
  await setCode(page, "generator", "kept = [n for n in range(3)]\nprint(kept)");
  await pane(page, "list").locator(".pane-title").fill("my list");
  await page.getByTestId("limit-time").fill("9");
  await page.waitForFunction((start) => location.href !== start, before);
  // The address is written once typing pauses (300 ms).
  await page.waitForTimeout(1_000);
  await page.reload();
  await pane(page, "my list").waitFor();
  await page.locator(".cm-content").nth(1).waitFor();
  assert.deepEqual(await titles(page), ["my list", "generator"]);
  assert.equal((await editorTexts(page))[1], "kept = [n for n in range(3)]\nprint(kept)");
  assert.equal(await page.getByTestId("limit-time").inputValue(), "9");
  // The address holds no run request: a reload does not start the code by itself.
  assert.doesNotMatch(page.url(), /run=1/);

  // A link pasted into the address bar of the open page opens (a fragment change).
  const other = await browser.newPage();
  await other.goto(browser.server.url);
  await pane(other, "generator").waitFor();
  await setCode(other, "list", "pasted = True");
  await other.getByTestId("share").click();
  const link = await other.getByTestId("share-link").inputValue();
  await other.close();
  await page.evaluate((hash) => { location.hash = hash; }, new URL(link).hash);
  await page.locator(".cm-content").filter({ hasText: "pasted = True" }).waitFor();
  assert.deepEqual(await titles(page), ["list", "generator"]);
  await page.close();
});

test("an example loaded over edited panes can be undone", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await pane(page, "generator").waitFor();
  await setCode(page, "list", "mine = 'hours of work'");
  const edited = await editorTexts(page);
  await page.getByTestId("gallery").selectOption("slots");
  await pane(page, "__slots__").waitFor();
  const offer = page.getByTestId("example-undo");
  assert.match(await offer.textContent(), /__slots__ vs regular classes.*replaced your panes/);
  await screenshot(page, "20-undo-example");
  await page.getByTestId("undo-example").click();
  await pane(page, "list").waitFor();
  assert.deepEqual(await titles(page), ["list", "generator"]);
  assert.deepEqual(await editorTexts(page), edited);
  assert.equal(await page.getByTestId("example-note").count(), 0);
  assert.equal(await offer.count(), 0);
  await page.close();
});

test("limit fields refuse 0, negatives and blanks, and say what they use instead", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await pane(page, "generator").waitFor();
  const time = page.getByTestId("limit-time");
  const note = page.getByTestId("limit-time-note");
  for (const typed of ["0", "-5", ""]) {
    await time.fill(typed);
    assert.equal(await note.textContent(), "type a time limit above 0 (up to 600 s): the limit stays 20 s", typed);
    assert.equal(await time.getAttribute("aria-invalid"), "true");
  }
  await screenshot(page, "21-limit-refused");
  const memory = page.getByTestId("limit-memory");
  await memory.fill("4000");
  assert.equal(await page.getByTestId("limit-memory-note").textContent(), "memory limits go from 1 to 2048 MB: using 2048 MB");
  await time.fill("7");
  assert.equal(await note.count(), 0);
  assert.equal(await time.getAttribute("aria-invalid"), "false");
  // What Share writes is what the fields say is in use.
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  const fresh = await browser.newPage();
  await fresh.goto(link);
  await pane(fresh, "generator").waitFor();
  assert.equal(await fresh.getByTestId("limit-time").inputValue(), "7");
  assert.equal(await fresh.getByTestId("limit-memory").inputValue(), "2048");
  await fresh.close();
  await page.close();
});

test("a blank title names its pane by its place, and the 40-character cut is said", async () => {
  const page = await browser.newPage();
  await page.goto(browser.server.url);
  await pane(page, "generator").waitFor();
  const title = pane(page, "list").locator(".pane-title");
  await title.fill("");
  await pane(page, "pane 1").waitFor();
  assert.equal(await pane(page, "pane 1").getByTestId("pane-title-note").textContent(), "A blank title reads as “pane 1”.");
  await pane(page, "pane 1").locator(".pane-title").fill("x".repeat(60));
  const long = "x".repeat(40);
  await pane(page, long).waitFor();
  assert.equal(await pane(page, long).getByTestId("pane-title-note").textContent(), "Titles stop at 40 characters.");
  await page.close();
});
