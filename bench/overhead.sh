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
# The profile the page ships (fat LTO; the interpreter and the engine at opt-level 3, the
# rest at "s"; the first build takes ~5 minutes). The dev profile's 256 codegen units
# leave std's thread-local accessors and other small cross-crate calls out of line, which
# charges each line event several times what the shipped build pays (class_plain +19.2%
# in dev, +11.3% in release, same tree, 2026-11-28). PROFILE=dev measures the dev build.
if [ "${PROFILE:-release}" = dev ]; then
  cargo run -q -p memplay-engine --example overhead -- "$@"
else
  cargo run -q --release -p memplay-engine --example overhead -- "$@"
fi
