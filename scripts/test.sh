#!/usr/bin/env bash
# Sets everything up and runs every test. The README's test command; .ci/run calls it.
source "$(dirname "$0")/env.sh"

step() { printf '\n== %s ==\n' "$*"; }

step "format"
cargo fmt --all --check
step "clippy"
cargo clippy --workspace --all-targets -- -D warnings
step "native tests (engine, protocol, CLI)"
log=$(mktemp)
cargo test --workspace 2>&1 | tee "$log"
# One closing line for the whole suite (cargo's last line is the doc-tests' "0 passed").
read -r passed failed < <(awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$log")
rm -f "$log"
step "engine builds for wasm32"
cargo build -p memplay-engine --target wasm32-unknown-unknown

printf '\nsummary: %s passed, %s failed\n' "$passed" "$failed"
