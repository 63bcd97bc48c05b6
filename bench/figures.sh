#!/usr/bin/env bash
# The deterministic figures of every bench/snippets/*.py (steps, bytes, the sample
# series, censuses, per-line figures), compared with the digest saved in bench/figures/
# (each figure, or a hash of a series).
# A change that should not move figures (a refactor) must leave them identical:
#   bash bench/figures.sh          # compare; exit 1 and list what moved
#   bash bench/figures.sh --save   # record the current figures as the reference
source "$(dirname "$0")/../scripts/env.sh"
cargo build -q -p memplay-cli
memplay="$CARGO_TARGET_DIR/debug/memplay"
status=0
for file in bench/snippets/*.py; do
  name=$(basename "$file" .py)
  # A time limit far away: a run that reaches it would not be deterministic.
  "$memplay" run --json --time-limit 900 "$file" > "/tmp/memplay-figures-$name.json" || true
  node bench/figures.mjs "${1:-}" "$name" "/tmp/memplay-figures-$name.json" "bench/figures/$name.json" || status=1
done
exit $status
