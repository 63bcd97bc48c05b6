#!/usr/bin/env bash
# Instrumented vs uninstrumented run time of bench/snippets/*.py (target: ≤ 15% overhead).
# SHOW_RUNS=1 also prints every run's time.
source "$(dirname "$0")/../scripts/env.sh"
# glibc's malloc gives freed memory back to the OS and moves its mmap threshold as it goes,
# so a run could find the heap trimmed and page it in again: every other run was up to
# 40% slower, a pattern the bench's alternating order turned into a bias for one side
# (tuple_records read +36.7% while its runs differed by 7 ms). Fixed thresholds keep the
# heap, as the browser's wasm allocator does (wasm memory never shrinks).
export GLIBC_TUNABLES="glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=33554432${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
cargo run -q -p memplay-engine --example overhead -- "$@"
