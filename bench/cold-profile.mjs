// What the browser benchmarks share: a visit in a fresh Chromium profile (a cold cache)
// and medians.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../tests/e2e/browser.mjs";

/** Runs `fn(context)` in a browser with a profile of its own, removed afterwards. */
export async function withContext(fn, options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
