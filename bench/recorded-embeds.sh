#!/usr/bin/env bash
# Five recorded embeds in one blog post, cold (see bench/recorded-embeds.mjs): builds the
# release page and prints bytes transferred and the time until all five charts are drawn.
# RUNS=N changes the visit count (default 5).
source "$(dirname "$0")/../scripts/env.sh"
source "$MEMPLAY_ROOT/scripts/tools.sh"
trunk build --release
node bench/recorded-embeds.mjs
