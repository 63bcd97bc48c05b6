// Fails when the page's wasm grows past its budget (crates/worker/size-budget.json), so
// size cannot creep back silently. Sizes are gzip -9, what a plain static host sends.
//
//   node scripts/size-guard.mjs [DIST]      (after `trunk build --release`)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.resolve(process.argv[2] || path.join(root, "dist"));
const budgetFile = path.join(root, "crates", "worker", "size-budget.json");
const budget = JSON.parse(fs.readFileSync(budgetFile, "utf8"));

const FILES = {
  engine_wasm_gzip_bytes: /^memplay-worker_bg-[0-9a-f]{1,16}\.wasm$/,
  ui_wasm_gzip_bytes: /^memplay-ui-[0-9a-f]{1,16}_bg\.wasm$/,
};

let over = false;
for (const [key, pattern] of Object.entries(FILES)) {
  const names = fs.readdirSync(dist).filter((name) => pattern.test(name));
  if (names.length !== 1) throw new Error(`size-guard: expected one file like ${pattern} in ${dist}, found ${names}`);
  const gzip = zlib.gzipSync(fs.readFileSync(path.join(dist, names[0])), { level: 9 }).length;
  const limit = budget[key];
  const verdict = gzip <= limit ? "ok" : "OVER BUDGET";
  console.log(`${names[0]}: ${(gzip / 1e6).toFixed(3)} MB gzipped, budget ${(limit / 1e6).toFixed(3)} MB: ${verdict}`);
  over ||= gzip > limit;
}
if (over) {
  console.error(`size-guard: over budget. Shrink it, or raise ${path.relative(root, budgetFile)} with a reason in its note.`);
  process.exit(1);
}
