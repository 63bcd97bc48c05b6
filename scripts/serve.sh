#!/usr/bin/env bash
# Sets everything up, builds the optimised app into dist/ and serves it; prints the URL.
#   bash scripts/serve.sh [PORT]      (default 8080)
source "$(dirname "$0")/env.sh"
source "$MEMPLAY_ROOT/scripts/tools.sh"

trunk build --release
exec node scripts/static-server.mjs dist "${1:-8080}"
