#!/usr/bin/env bash
# Where the engine's wasm goes, by name: its code size by crate, and a CPU profile of the
# engine worker in headless Chromium while it runs a snippet (self time by function).
#   bash bench/wasm-profile.sh [snippet ...]     (default: every bench/snippets/*.py)
# RUNS=N profiles N runs of each (default 5). Needs a release page in dist/ (trunk build
# --release). The engine is built again with its symbol names (the shipped one is
# stripped) in a target directory of its own, so the shipped build's stays as it is; the
# first build takes ~12 minutes.
source "$(dirname "$0")/../scripts/env.sh"
cd "$MEMPLAY_ROOT"
NAMES_TARGET="${CARGO_TARGET_DIR}-names"
CARGO_TARGET_DIR="$NAMES_TARGET" CARGO_PROFILE_RELEASE_STRIP=false \
  cargo build -q --release --target wasm32-unknown-unknown -p memplay-worker
# The page in dist/, with the named engine in place of its own (the same code: only the
# glue's shape may differ, so both files are swapped; the brotli copies are dropped).
page="$NAMES_TARGET/page"
rm -rf "$page" "$page.bindgen"
cp -a dist "$page"
wasm-bindgen --target no-modules --no-typescript --out-dir "$page.bindgen" \
  "$NAMES_TARGET/wasm32-unknown-unknown/release/memplay_worker.wasm"
wasm=$(cd "$page" && ls memplay-worker_bg-*.wasm)
glue=$(cd "$page" && ls memplay-worker-*.js)
cp "$page.bindgen/memplay_worker_bg.wasm" "$page/$wasm"
cp "$page.bindgen/memplay_worker.js" "$page/$glue"
rm -f "$page"/memplay-worker*.br
# Sized before wasm-bindgen, whose output keeps the names of only some functions.
node bench/wasm-sizes.mjs "$NAMES_TARGET/wasm32-unknown-unknown/release/memplay_worker.wasm"
snippets=("$@")
[ ${#snippets[@]} -gt 0 ] || snippets=(bench/snippets/*.py)
for snippet in "${snippets[@]}"; do
  [ -f "$snippet" ] || snippet="bench/snippets/$snippet.py"
  echo "== $snippet"
  # Node 20's WebSocket (the raw DevTools protocol reaches the page's workers).
  node --experimental-websocket --no-warnings bench/wasm-profile.mjs "$page" "$snippet" "${RUNS:-5}"
done
