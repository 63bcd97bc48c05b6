#!/usr/bin/env bash
# Sets everything up and runs every test. The README's test command; .ci/run calls it.
source "$(dirname "$0")/env.sh"
source "$MEMPLAY_ROOT/scripts/tools.sh"

step() { printf '\n== %s ==\n' "$*"; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step "format"
cargo fmt --all --check
step "clippy (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p memplay -p memplay-worker -p memplay-engine -- -D warnings

step "native tests (engine, protocol, CLI, UI logic)"
# One test at a time. RustPython 0.6 shares its GC lists and generation counts, its method
# cache and its ABC invalidation counter among all the interpreters of a process, so tests
# running side by side can move each other's exact figures (an allocation count was once
# off by one). The product runs one interpreter per process (a worker, the CLI), and so
# do the tests then; on 2 cores it costs 1.5 s (36.1 s against 34.7 s).
RUST_TEST_THREADS=1 cargo test --workspace 2>&1 | tee -a "$log"

step "browser tests of the protocol (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p memplay-protocol --target wasm32-unknown-unknown --test js_messages 2>&1 | tee -a "$log"

step "build the page (trunk, release: what readers download) and check its size"
trunk build --release
node scripts/size-guard.mjs

step "end-to-end tests (headless Chromium against dist/)"
node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee -a "$log"

# One closing line for the whole suite: cargo's "test result:" lines and node's "# pass/fail".
read -r passed failed < <(awk '
  /^test result:/ { p += $4; f += $6 }
  /^# pass /      { p += $3 }
  /^# fail /      { f += $3 }
  END { print p + 0, f + 0 }' "$log")
printf '\nsummary: %s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
