#!/usr/bin/env bash
# Vendors the RustPython pieces Memplay changes, from the crates.io packages:
# - vendor/rustpython-vm: rustpython-vm 0.6.0 with Memplay's patch
#   (patches/rustpython-vm-0.6.0.patch: the probe hook at the eval breaker and between
#   the items a builtin drains from an iterator, no hand-made bytecode, a GC edge
#   from __slots__ member descriptors to their class, `GcState::for_each_object` (the
#   census walks the GC lists in place), and jiff without its bundled time
#   zone database, which the browser never reads: -87 KB gzipped; `s += t` growing the
#   string in place when CPython 3.11 would (with rustpython-common's patch) and `str +
#   str` taking its kind from its operands instead of scanning the result; a method-cache
#   miss that no longer allocates (the cache is one per process, so whether a lookup
#   misses depends on other threads: a run's allocation count must not); `[0] * n` and
#   `bytes(n)` with an n that fits CPython's 64-bit index but not wasm32's raising
#   MemoryError, as CPython does, instead of OverflowError; and a build script
#   that no longer watches a file the package lacks, which rebuilt the VM, 4-5 minutes,
#   on every cargo run), which Cargo.toml's [patch.crates-io] points at;
# - vendor/rustpython-stdlib: with patches/rustpython-stdlib-0.6.0.patch, which makes
#   `datetime.now()` read the clock `time.time_ns()` reads (the host's, in the browser)
#   instead of `SystemTime::now()`, which panics on wasm32, and puts bz2, lzma and the CJK
#   codecs behind features Memplay leaves off (1.0 MB of the engine's wasm);
# - vendor/rustpython-compiler-core: with patches/rustpython-compiler-core-0.6.0.patch,
#   which stores frozen modules' bytecode as plain bytes (an lz4 block of literals)
#   instead of lz4-compressed: the web host's gzip or brotli compresses the plain bytes
#   much better (engine wasm -0.3 MB brotli);
# - vendor/rustpython-common: with patches/rustpython-common-0.6.0.patch, which lets a
#   string that nothing else refers to grow its own buffer (`StrData::append`), as
#   CPython's `s += t` in a function does, instead of being copied on every `+=`;
# - vendor/rustpython-derive: with patches/rustpython-derive-0.6.0.patch, which compiles
#   frozen modules as `python -OO` does (no docstrings, no asserts) and without column
#   positions: the standard library's bytecode in the engine wasm shrinks accordingly;
# - vendor/stdlib-frozen and vendor/stdlib-lazy: RustPython's Python stdlib (from
#   rustpython-pylib 0.6.0) split by crates/engine/stdlib-frozen.txt into what the engine
#   freezes and what the page serves for on-demand imports (with an index.txt).
# Idempotent: each part is redone only when its inputs change.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${CARGO_HOME:-$HOME/.cargo}/registry/cache"
unpacked=""

# Prints the path of a crates.io package, letting cargo download it when it is missing.
crate_file() {
  local name=$1 version=$2 sha256=$3 file
  file=$(find "$cache" -name "$name-$version.crate" 2>/dev/null | head -n1 || true)
  if [ -z "$file" ]; then
    local tmp
    tmp=$(mktemp -d)
    mkdir -p "$tmp/src" && touch "$tmp/src/lib.rs"
    printf '[package]\nname = "fetch-crate"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = { version = "=%s", default-features = false }\n' \
      "$name" "$version" > "$tmp/Cargo.toml"
    cargo fetch --manifest-path "$tmp/Cargo.toml" >/dev/null
    rm -rf "$tmp"
    file=$(find "$cache" -name "$name-$version.crate" | head -n1)
  fi
  echo "$sha256  $file" | sha256sum -c --quiet - >&2
  echo "$file"
}

# Unpacks crates.io package NAME VERSION (checked against SHA256) into vendor/NAME with
# patches/NAME-VERSION.patch applied; redone only when the patch changes.
vendor_patched() {
  local name=$1 version=$2 sha256=$3
  local patch="$root/patches/$name-$version.patch"
  local dest="$root/vendor/$name"
  local stamp="$dest/.memplay-patch" want file
  want=$(sha256sum "$patch" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  file=$(crate_file "$name" "$version" "$sha256")
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$file" -C "$dest" --strip-components=1
  patch -s -d "$dest" -p1 < "$patch"
  echo "$want" > "$stamp"
  echo "vendored $name $version with the Memplay patch" >&2
}

split_stdlib() {
  local list="$root/crates/engine/stdlib-frozen.txt"
  local frozen="$root/vendor/stdlib-frozen" lazy="$root/vendor/stdlib-lazy"
  local stamp="$root/vendor/.stdlib-split" want file lib name rel path module
  want=$(cat "$list" "$0" | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$frozen" ] && [ -d "$lazy" ]; then
    return
  fi
  file=$(crate_file rustpython-pylib 0.6.0 1a90d294a244005c8ee19bb3c2ae6682fc72c3a5dae749b5fb603989b4ba5d65)
  lib=$(mktemp -d)
  unpacked=$lib
  trap 'rm -rf "$unpacked"' EXIT
  tar -xzf "$file" -C "$lib" --strip-components=2 rustpython-pylib-0.6.0/Lib
  rm -rf "$frozen" "$lazy" && mkdir -p "$frozen" "$lazy"
  while read -r name; do
    case "$name" in '' | '#'*) continue ;; esac
    rel=${name//.//}
    if [ -f "$lib/$rel.py" ]; then
      path="$rel.py"
    elif [ -f "$lib/$rel/__init__.py" ]; then
      path="$rel/__init__.py"
    else
      echo "stdlib-frozen.txt: no module $name in RustPython's Lib" >&2
      exit 1
    fi
    mkdir -p "$frozen/$(dirname "$path")"
    mv "$lib/$path" "$frozen/$path"
  done < "$list"
  # The rest, importable by name: index.txt maps a module to its file.
  (cd "$lib" && find . -name '*.py' | sed 's|^\./||' | LC_ALL=C sort) | while read -r path; do
    module=${path%.py}
    module=${module%/__init__}
    module=${module//\//.}
    # Only importable names (Lib also holds test data such as badsyntax files).
    [[ "$module" =~ ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$ ]] || continue
    mkdir -p "$lazy/$(dirname "$path")"
    mv "$lib/$path" "$lazy/$path"
    printf '%s %s\n' "$module" "$path"
  done > "$lazy.index"
  mv "$lazy.index" "$lazy/index.txt"
  echo "$want" > "$stamp"
  echo "split RustPython's stdlib: $(grep -c . "$lazy/index.txt") modules on demand" >&2
}

# The Unicode character names crates/unicode-names reads on first use (served with the
# on-demand stdlib): from the UnicodeData.txt and NameAliases.txt unicode_names2 3.1.0
# builds its tables from, without the fields and the `<...>` entries it does not read.
unicode_names() {
  local out="$root/vendor/stdlib-lazy/unicode-names.txt" stamp="$root/vendor/.unicode-names"
  local want file data
  want=$(sha256sum "$0" | cut -d' ' -f1)
  if [ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  file=$(crate_file unicode_names2 3.1.0 82c3e18d850bb6ebd57735e5654f0af65e572b05c2397e7b2b1a7c6a792cc29c)
  data=$(mktemp -d)
  tar -xzf "$file" -C "$data" --strip-components=2 unicode_names2-3.1.0/data
  {
    echo "# Unicode character names (CODE;NAME) and aliases (CODE;ALIAS;TYPE), from the"
    echo "# Unicode Character Database as unicode_names2 3.1.0 ships it; Unicode license:"
    echo "# https://www.unicode.org/license.txt"
    awk -F';' '$2 !~ /^</ || $2 ~ /^<CJK Ideograph/ { print $1 ";" $2 }' "$data/UnicodeData.txt"
    grep -v '^#' "$data/NameAliases.txt" | grep .
  } > "$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$data"
  echo "$want" > "$stamp"
  echo "wrote $(grep -c . "$out") Unicode names and aliases to vendor/stdlib-lazy" >&2
}

vendor_patched rustpython-vm 0.6.0 0f5e6290260601ddbba6cbe917df9d24725aa6664f61c5bdc1ba24db9c81f346
vendor_patched rustpython-stdlib 0.6.0 be63f0082b47da64d81c00af0e807e9a39d71843cb19a8e8a83a573f34900b0e
vendor_patched rustpython-compiler-core 0.6.0 eb32abe513ebec41ece35d8865fed562f1d262525a085593f927863729c1e863
vendor_patched rustpython-common 0.6.0 ee61139fe4c98223662d922bbed5451dd5fa350bd2bf4772804b21ddbbeb3f30
vendor_patched rustpython-derive 0.6.0 fdd56a9161f03f360742ef7504137d5d969f37171815ec0842b4e6f8142fd8ba
split_stdlib
unicode_names
