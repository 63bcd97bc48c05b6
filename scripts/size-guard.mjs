// Fails when the page's wasm grows past its budget (crates/worker/size-budget.json), so
// size cannot creep back silently. Sizes are gzip -9, what a plain static host sends, and
// for the engine also brotli 11, what a host serving precompressed files sends.
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

const ENGINE = /^memplay-worker_bg-[0-9a-f]{1,16}\.wasm$/;
const UI = /^memplay-ui-[0-9a-f]{1,16}_bg\.wasm$/;
// gzip -9 as computed here; brotli as the build's precompressed copy (FILE.br, quality 11,
// scripts/precompress.mjs), what a host set up for precompressed files sends.
const CHECKS = [
  { key: "engine_wasm_gzip_bytes", pattern: ENGINE, encoding: "gzip" },
  { key: "engine_wasm_brotli_bytes", pattern: ENGINE, encoding: "br" },
  { key: "ui_wasm_gzip_bytes", pattern: UI, encoding: "gzip" },
];

function size(file, encoding) {
  if (encoding === "gzip") return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  if (!fs.existsSync(`${file}.br`)) throw new Error(`size-guard: ${file}.br is missing (the build's scripts/precompress.mjs makes it)`);
  return fs.statSync(`${file}.br`).size;
}

let over = false;
for (const { key, pattern, encoding } of CHECKS) {
  const names = fs.readdirSync(dist).filter((name) => pattern.test(name));
  if (names.length !== 1) throw new Error(`size-guard: expected one file like ${pattern} in ${dist}, found ${names}`);
  const bytes = size(path.join(dist, names[0]), encoding);
  const limit = budget[key];
  const verdict = bytes <= limit ? "ok" : "OVER BUDGET";
  const label = encoding === "gzip" ? "gzipped" : "brotli 11";
  console.log(`${names[0]}: ${(bytes / 1e6).toFixed(3)} MB ${label}, budget ${(limit / 1e6).toFixed(3)} MB: ${verdict}`);
  over ||= bytes > limit;
}
if (over) {
  console.error(`size-guard: over budget. Shrink it, or raise ${path.relative(root, budgetFile)} with a reason in its note.`);
  process.exit(1);
}
