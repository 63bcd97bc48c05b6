#!/usr/bin/env bash
# Sets everything up and runs every test. The README's test command; .ci/run calls it.
source "$(dirname "$0")/env.sh"

step() { printf '\n== %s ==\n' "$*"; }

step "format"
cargo fmt --all --check
step "clippy"
cargo clippy --workspace --all-targets -- -D warnings
step "native tests (engine, protocol, CLI)"
cargo test --workspace
step "engine builds for wasm32"
cargo build -p memplay-engine --target wasm32-unknown-unknown
