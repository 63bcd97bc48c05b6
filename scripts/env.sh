# Shared by every script: toolchain, vendored RustPython, and a target dir outside the clone
# (so repeated CI runs on one machine reuse builds). Source it; it changes nothing on its own
# beyond idempotent installs.
set -euo pipefail
MEMPLAY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export MEMPLAY_ROOT
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/memplay/target}"
cd "$MEMPLAY_ROOT"

# rustup here does not install rust-toolchain.toml by itself (RUSTUP_AUTO_INSTALL=0).
toolchain=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1 \
  || ! rustup target list --toolchain "$toolchain" --installed | grep -q wasm32-unknown-unknown; then
  echo "setup: installing Rust $toolchain" >&2
  rustup toolchain install "$toolchain" --profile minimal -c rustfmt -c clippy -t wasm32-unknown-unknown >&2
fi
bash scripts/vendor-rustpython.sh >&2
