# The web build and browser-test tools, installed only when missing or at the wrong
# version (source after env.sh). Pinned: trunk, the wasm-bindgen-cli matching Cargo.toml's
# wasm-bindgen, npm packages from package-lock.json (binaryen's wasm-opt, esbuild,
# CodeMirror, playwright-core), Debian's chromium and chromium-driver.

TRUNK_VERSION=0.22.1
# Must equal the `wasm-bindgen = "=X"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

has_version() { # command, expected version: true when `command --version` mentions it
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)" >&2
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked >&2
fi
if ! has_version trunk "$TRUNK_VERSION"; then
  echo "setup: installing trunk $TRUNK_VERSION (about 10 minutes)" >&2
  cargo install trunk --version "$TRUNK_VERSION" --locked >&2
fi

# npm ci only when package-lock.json changed since the last install.
if [ ! -f node_modules/.memplay-installed ] || [ package-lock.json -nt node_modules/.memplay-installed ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
  touch node_modules/.memplay-installed
fi
export PATH="$MEMPLAY_ROOT/node_modules/.bin:$PATH"

apt_install() { # Debian packages, with sudo when not root
  echo "setup: installing $* from Debian" >&2
  local sudo_if_needed=""
  [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update >&2
  $sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2
}

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt_install chromium chromium-driver
fi
# The CPython 3.11 model's tests compare with python3's tracemalloc (Debian 12's is 3.11).
if ! command -v python3 >/dev/null 2>&1; then
  apt_install python3
fi
