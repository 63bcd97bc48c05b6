#!/usr/bin/env bash
# The browser benchmark (see bench/browser.mjs): builds the release page, installs the
# pinned Pyodide next to it, and prints the comparison table. RUNS=N changes the run count.
source "$(dirname "$0")/../scripts/env.sh"
source "$MEMPLAY_ROOT/scripts/tools.sh"
trunk build --release
npm ci --prefix bench/pyodide --no-audit --no-fund >/dev/null
node bench/browser.mjs
