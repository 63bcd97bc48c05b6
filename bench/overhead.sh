#!/usr/bin/env bash
# Instrumented vs uninstrumented run time of bench/snippets/*.py (target: ≤ 15% overhead).
source "$(dirname "$0")/../scripts/env.sh"
cargo run -q -p memplay-engine --example overhead -- "$@"
