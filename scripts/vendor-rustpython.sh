#!/usr/bin/env bash
# Unpacks rustpython-vm 0.6.0 from crates.io into vendor/ and applies Memplay's probe patch
# (patches/rustpython-vm-0.6.0-probe.patch), which Cargo.toml's [patch.crates-io] points at.
# Idempotent: does nothing when vendor/ already holds this exact patch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
crate=rustpython-vm-0.6.0
sha256=0f5e6290260601ddbba6cbe917df9d24725aa6664f61c5bdc1ba24db9c81f346
patch="$root/patches/$crate-probe.patch"
dest="$root/vendor/rustpython-vm"
stamp="$dest/.memplay-patch"
want=$(sha256sum "$patch" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
cache="${CARGO_HOME:-$HOME/.cargo}/registry/cache"
file=$(find "$cache" -name "$crate.crate" 2>/dev/null | head -n1 || true)
if [ -z "$file" ]; then
  # Let cargo download the pristine crate through its own registry set-up.
  tmp=$(mktemp -d)
  mkdir -p "$tmp/src" && touch "$tmp/src/lib.rs"
  printf '[package]\nname = "fetch-rustpython"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nrustpython-vm = { version = "=0.6.0", default-features = false }\n' > "$tmp/Cargo.toml"
  cargo fetch --manifest-path "$tmp/Cargo.toml" >/dev/null
  rm -rf "$tmp"
  file=$(find "$cache" -name "$crate.crate" | head -n1)
fi
echo "$sha256  $file" | sha256sum -c --quiet -
rm -rf "$dest" && mkdir -p "$dest"
tar -xzf "$file" -C "$dest" --strip-components=1
patch -s -d "$dest" -p1 < "$patch"
echo "$want" > "$stamp"
echo "vendored $crate with the Memplay probe patch"
