// Trunk post-build hook: gives the engine worker's files content-hashed names, as Trunk
// already does for the UI's, so a static host can let browsers cache them for good
// (a new build gets new names). Trunk names worker output plainly because the worker is
// loaded by a fixed URL; here the loader (www/engine-loader.js, small, revalidated on
// each visit) is rewritten to point at the hashed names, and told the engine's size.
//
// Also writes `_headers` (the Netlify / Cloudflare Pages format) marking every hashed file
// immutable; the rest keep the host's default (revalidate).
//
//   node scripts/hash-engine.mjs [DIR]     (default: $TRUNK_STAGING_DIR)
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("hash-engine: no directory (run as a Trunk hook or pass one)");

const LOADER = "engine-loader.js";
const ENGINE_FILES = ["memplay-worker_bg.wasm", "memplay-worker.js"];

function hashedName(file) {
  const digest = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, file)));
  const hash = digest.digest("hex").slice(0, 16);
  const ext = path.extname(file);
  return `${path.basename(file, ext)}-${hash}${ext}`;
}

let loader = fs.readFileSync(path.join(dir, LOADER), "utf8");
// The engine's size, for the loader's progress (a compressed response hides it).
const SIZE_MARK = "const ENGINE_BYTES = 0;";
if (!loader.includes(SIZE_MARK)) throw new Error(`hash-engine: ${LOADER} has no ${SIZE_MARK}`);
const engineBytes = fs.statSync(path.join(dir, ENGINE_FILES[0])).size;
loader = loader.replace(SIZE_MARK, `const ENGINE_BYTES = ${engineBytes};`);
for (const file of ENGINE_FILES) {
  const reference = `"./${file}"`;
  if (!loader.includes(reference)) throw new Error(`hash-engine: ${LOADER} does not load ${reference}`);
  const hashed = hashedName(file);
  fs.renameSync(path.join(dir, file), path.join(dir, hashed));
  loader = loader.replace(reference, `"./${hashed}"`);
}
fs.writeFileSync(path.join(dir, LOADER), loader);

// Content-hashed names (Trunk's and ours end in -<16 hex digits>) never change content.
fs.writeFileSync(
  path.join(dir, "_headers"),
  [
    ...fs
      .readdirSync(dir)
      .filter((name) => /-[0-9a-f]{1,16}(_bg)?\.(wasm|js|css)$/.test(name))
      .flatMap((name) => [`/${name}`, "  Cache-Control: public, max-age=31536000, immutable"]),
    "",
  ].join("\n"),
);
