// Shared set-up for the end-to-end tests: serve dist/, launch Debian's headless Chromium
// through playwright-core, and helpers that speak the page's data-testid vocabulary.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../../scripts/static-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../..");
export const DIST = path.join(ROOT, "dist");
export const SCREENSHOTS = path.join(ROOT, "tests", "screenshots");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Host pages still open when their browser closes (a test that failed before closing its
// own): closed with it, so a failure never leaves a server keeping the test run alive.
const openHosts = new Set();

/** `backForwardCache`: keep pages for the back button, as browsers do (Playwright turns
 * the cache off by default). */
export async function openBrowser({ backForwardCache = false } = {}) {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error("dist/ is missing: build it with `trunk build` (scripts/test.sh does)");
  }
  const server = await startServer(DIST);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: backForwardCache ? ["--disable-back-forward-cache"] : [],
  });
  return {
    server,
    context,
    /** Memplay's origin as a page on `hostPage`'s origin sees it: another site. */
    memplayOrigin: server.url.replace("127.0.0.1", "localhost"),
    async newPage() {
      const page = await context.newPage();
      // Print the page's and the worker's errors, so a failing test shows the engine panic.
      page.on("console", (m) => { if (m.type() === "error") console.error(`[page] ${m.text()}`); });
      page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
      page.on("worker", (w) => w.on("console", (m) => console.error(`[worker] ${m.text()}`)));
      return page;
    },
    async close() {
      await context.close();
      server.close();
      for (const host of openHosts) host.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A blog post that embeds Memplay: a page served on 127.0.0.1, another site than
 * Memplay's, which it reaches as `memplayOrigin` (localhost). */
export async function hostPage(html) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-host-"));
  fs.writeFileSync(path.join(dir, "index.html"), html);
  const server = await startServer(dir, 0, "127.0.0.1");
  const host = {
    url: server.url,
    close() {
      if (!openHosts.delete(host)) return;
      server.close();
      // Keep-alive connections from the browser would hold the server open.
      server.server.closeAllConnections();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  openHosts.add(host);
  return host;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export function pane(page, title) {
  return page.locator(`[data-testid="pane"][data-pane-title="${title}"]`);
}

export async function waitForEngine(page, timeout = 120_000) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="engine-status"]')?.textContent === "ready",
    null,
    { timeout },
  );
}

/** Replaces a pane's code by typing into its editor, as a person would. */
export async function setCode(page, title, code) {
  const content = pane(page, title).locator(".cm-content");
  await content.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // CodeMirror auto-indents after a newline; insert the text as one paste-like edit.
  await page.keyboard.insertText(code);
}

export async function paneStatus(page, title) {
  return (await pane(page, title).locator('[data-testid="pane-status"]').textContent()).trim();
}

export async function waitForStatus(page, title, expected, timeout = 60_000) {
  try {
    await page.waitForFunction(
      ([t, want]) => {
        const el = document.querySelector(`[data-testid="pane"][data-pane-title="${t}"] [data-testid="pane-status"]`);
        return el && el.textContent.includes(want);
      },
      [title, expected],
      { timeout },
    );
  } catch (error) {
    // Say what the page showed instead: a timeout alone cannot tell a queued run from a
    // stuck one or one that ended otherwise.
    const seen = await page
      .evaluate(() => ({
        panes: [...document.querySelectorAll('[data-testid="pane"]')].map(
          (p) => `${p.dataset.paneTitle}: ${p.querySelector('[data-testid="pane-status"]')?.textContent.trim()}`,
        ),
        engine: document.querySelector('[data-testid="engine-status"]')?.textContent,
      }))
      .catch(() => null);
    error.message += `\nwaiting for ${title} to show "${expected}"; the page showed ${JSON.stringify(seen)}`;
    throw error;
  }
}
