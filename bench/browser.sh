#!/usr/bin/env bash
# The browser benchmark (see bench/browser.mjs): builds the release page, installs the
# pinned Pyodide next to it (and python3 for the CPython column, when missing), and prints
# the comparison tables. RUNS=N changes the run count (default 5).
source "$(dirname "$0")/../scripts/env.sh"
source "$MEMPLAY_ROOT/scripts/tools.sh"
command -v python3 >/dev/null 2>&1 || apt_install python3
trunk build --release
npm ci --prefix bench/pyodide --no-audit --no-fund >/dev/null
node bench/browser.mjs
