// Writes FILE.br (brotli at quality 11) next to each file of a directory (not its
// subfolders) that compresses, for static hosts that serve precompressed files (nginx
// `brotli_static`, Caddy `precompressed br`, scripts/static-server.mjs). Quality 11 is too
// slow for a server to spend on each response, and pays: the engine wasm is 3.42 MB at
// quality 11 against 3.95 MB at the quality 9 our server used on the fly (2026-11-29),
// 0.53 MB less for every cold visit, ~210 ms at 20 Mbit/s.
//
// Quality 11 takes ~35 s for the 17 MB engine, so results are kept by content and settings
// in $CARGO_TARGET_DIR/memplay-precompressed: a build that changed nothing compresses
// nothing. As a Trunk hook it only runs for release builds (`trunk serve` never serves
// the copies).
//
//   node scripts/precompress.mjs [DIR]     (default: $TRUNK_STAGING_DIR)
//
// `brotli11` is the one definition of "brotli 11" the build, the size guard and the
// browser bench report.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { COMPRESSIBLE } from "./static-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Part of each cache key: a change of settings (or of Node's brotli) makes new entries.
const SETTINGS = `brotli-q11-lgwin22-node${process.versions.brotli ?? ""}`;
// Below this a response is a packet or two either way.
const MIN_BYTES = 4096;
// Cached results not used by any build for this long are removed.
const KEEP_DAYS = 14;

/** `data` at brotli quality 11. */
export function brotli11(data) {
  return zlib.brotliCompressSync(data, {
    params: {
      // The default window (4 MB): a 16 MB one made the engine 6 KB larger.
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

/** Writes FILE.br next to each file of `dir` the static server would compress (not a
 *  .zip, such as Pyodide's python_stdlib.zip: compressed already), reusing `cache`. */
export function precompress(dir, cache = path.join(process.env.CARGO_TARGET_DIR || path.join(root, "target"), "memplay-precompressed")) {
  fs.mkdirSync(cache, { recursive: true });
  const now = new Date();
  let made = 0;
  let reused = 0;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    if (!stat.isFile() || !COMPRESSIBLE.has(path.extname(name)) || stat.size < MIN_BYTES) continue;
    const data = fs.readFileSync(file);
    const key = crypto.createHash("sha256").update(SETTINGS).update("\0").update(data).digest("hex");
    const cached = path.join(cache, `${key}.br`);
    if (fs.existsSync(cached)) {
      reused += 1;
    } else {
      made += 1;
      // Written whole, then renamed: an interrupted build leaves no truncated entry, and
      // two builds sharing the cache do not write into one file.
      const partial = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(partial, brotli11(data));
      fs.renameSync(partial, cached);
    }
    try {
      // Marks the entry as in use (an entry of another user's may refuse; it is only kept).
      fs.utimesSync(cached, now, now);
    } catch {}
    fs.copyFileSync(cached, `${file}.br`);
  }
  console.log(`precompress: ${made} compressed, ${reused} from the cache (${cache})`);
  const oldest = now.getTime() - KEEP_DAYS * 24 * 3600 * 1000;
  for (const name of fs.readdirSync(cache)) {
    const entry = path.join(cache, name);
    if (fs.statSync(entry).mtimeMs < oldest) fs.rmSync(entry, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error("precompress: no directory (run as a Trunk hook or pass one)");
  const releaseOrNamed = process.argv[2] || !process.env.TRUNK_PROFILE || process.env.TRUNK_PROFILE === "release";
  if (releaseOrNamed) precompress(dir);
}
