#!/usr/bin/env bash
# Builds both WebAssembly engines from this crate:
#   www/engine/pkg-threads  threads on Web Workers (wasm-bindgen-rayon, shared memory)
#   www/engine/pkg-single   one thread, for pages that are not cross-origin isolated
#
# Usage: scripts/build-wasm.sh [--dev]
#   --dev   unoptimized Rust profile, no wasm-opt (quick iteration)
#
# Installs what is missing: the nightly components (rust-src, the wasm32
# target), wasm-bindgen-cli at exactly the version in Cargo.lock, and a
# recent wasm-opt (the npm package `binaryen`, see package.json).
# Safe to re-run; any failure stops the script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PROFILE=release
case "${1:-}" in
  "") ;;
  --dev) PROFILE=dev ;;
  *) echo "usage: $0 [--dev]" >&2; exit 2 ;;
esac
PROFILE_DIR=$([[ $PROFILE == dev ]] && echo debug || echo release)

TARGET=wasm32-unknown-unknown
# One target dir per build: the two builds use different RUSTFLAGS and
# would otherwise rebuild each other's dependencies every time.
TARGET_ROOT="${CARGO_TARGET_DIR:-$ROOT/target}/wasm"
OUT="$ROOT/www/engine"
# Wasm memory cap of the threaded build (shared memory must declare one):
# the whole 32-bit address space, 4 GiB.
MAX_MEMORY=4294967296
# Stack of the engine thread, which does all the parsing in the single
# build: syn's parser is recursive.
STACK_BYTES=$((8 << 20))

step() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'build-wasm: %s\n' "$*" >&2; exit 1; }

step "toolchain"
# rust-toolchain.toml selects nightly; make sure it has what wasm needs.
rustc --version >&2 || die "no Rust toolchain (install rustup, then re-run)"
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  rustup component add rust-src
fi
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  rustup target add "$TARGET"
fi

# The CLI must match the wasm-bindgen crate exactly, or its output is refused.
WB_VERSION="$(cargo pkgid wasm-bindgen | sed 's/.*[@#]//')"
[[ $WB_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read the wasm-bindgen version from Cargo.lock (got '$WB_VERSION')"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]]; then
  step "installing wasm-bindgen-cli $WB_VERSION (about 4 minutes)"
  # No --locked: its lock file pins a yanked crate for some versions.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# wasm-opt must read what rustc emits today (reference types, table.fill):
# Debian's binaryen 108 cannot, so take a recent one from PATH or from the
# `binaryen` npm package in package.json (a node build, no download step).
WASM_OPT_MIN=116
wasm_opt_version() { "$1" --version 2>/dev/null | grep -o 'version[ _][0-9]*' | head -1 | grep -o '[0-9]*$'; }
find_wasm_opt() {
  local candidate version
  for candidate in "$(command -v wasm-opt || true)" "$ROOT/node_modules/.bin/wasm-opt"; do
    [[ -n $candidate && -x $candidate ]] || continue
    version="$(wasm_opt_version "$candidate")"
    if [[ -n $version && $version -ge $WASM_OPT_MIN ]]; then
      echo "$candidate"
      return
    fi
  done
}
if [[ $PROFILE == release ]]; then
  WASM_OPT="$(find_wasm_opt)"
  if [[ -z $WASM_OPT ]]; then
    step "installing binaryen from npm (package.json)"
    command -v npm >/dev/null || die "need wasm-opt >= $WASM_OPT_MIN: install Node.js and npm, or binaryen"
    npm install --no-audit --no-fund >&2
    WASM_OPT="$(find_wasm_opt)"
    [[ -n $WASM_OPT ]] || die "no wasm-opt >= $WASM_OPT_MIN after npm install"
  fi
  echo "wasm-opt: $WASM_OPT (version $(wasm_opt_version "$WASM_OPT"))" >&2
fi

# Features every browser with wasm threads has; wasm-opt must know them to
# read rustc's output. (rustc enables the same set by default.)
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)

# build NAME FEATURES RUSTFLAGS [CARGO_ARGS...]
build() {
  local name=$1 features=$2 rustflags=$3
  shift 3
  local target_dir="$TARGET_ROOT/$name"
  step "cargo build ($name, $PROFILE)"
  local profile_arg=()
  [[ $PROFILE == release ]] && profile_arg=(--release)
  RUSTFLAGS="$rustflags" CARGO_TARGET_DIR="$target_dir" \
    cargo build --lib --target "$TARGET" --no-default-features --features "$features" "${profile_arg[@]}" "$@"

  local wasm="$target_dir/$TARGET/$PROFILE_DIR/cratemap.wasm"
  [[ -f $wasm ]] || die "cargo produced no $wasm"
  local pkg="$OUT/pkg-$name"
  step "wasm-bindgen ($name)"
  rm -rf "$pkg"
  wasm-bindgen --target web --out-dir "$pkg" --out-name cratemap "$wasm"
  [[ $name == threads ]] && patch_pool_worker "$pkg"

  if [[ $PROFILE == release ]]; then
    step "wasm-opt -O3 ($name)"
    local opt_features=("${WASM_OPT_FEATURES[@]}")
    [[ $name == threads ]] && opt_features+=(--enable-threads)
    "$WASM_OPT" -O3 "${opt_features[@]}" "$pkg/cratemap_bg.wasm" -o "$pkg/cratemap_bg.opt.wasm"
    mv "$pkg/cratemap_bg.opt.wasm" "$pkg/cratemap_bg.wasm"
  fi
}

# Two patches to wasm-bindgen-rayon's pool thread script:
# - It starts each pool thread with wasm-bindgen's default 2 MiB stack, and
#   wasm has no guard page: a deeper recursion would silently overwrite the
#   heap. Pool threads get the engine thread's stack size (this also moves the
#   call to wasm-bindgen's current, non-deprecated signature).
# - A pool thread that traps (V8's stack limit, or a trap without a panic
#   message) would leave rayon waiting for its work forever: it tells the
#   engine (`poolThreadDied` in src/wasm/api.rs), which fails the run.
patch_pool_worker() {
  local helper
  helper="$(find "$1/snippets" -name 'workerHelpers.no-bundler.js' | head -1)"
  [[ -n $helper ]] || die "wasm-bindgen-rayon's workerHelpers.no-bundler.js is not in $1/snippets"
  replace "$helper" 'await pkg.default(data.module, data.memory);' \
    "await pkg.default({ module_or_path: data.module, memory: data.memory, thread_stack_size: $STACK_BYTES });"
  replace "$helper" 'pkg.wbg_rayon_start_worker(data.receiver);' \
    'try { pkg.wbg_rayon_start_worker(data.receiver); } catch (error) { pkg.poolThreadDied(error instanceof RangeError && /call stack/i.test(error.message)); throw error; }'
}

# replace FILE OLD NEW: replaces the one OLD in FILE, or stops the build.
replace() {
  grep -qF "$2" "$1" || die "$1 changed upstream: re-check the pool worker patches in $0"
  OLD="$2" NEW="$3" perl -0pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/' "$1"
  grep -qF "$3" "$1" || die "patching $1 failed"
}

COMMON_FLAGS="-C link-arg=-zstack-size=$STACK_BYTES"

build threads threads \
  "$COMMON_FLAGS -C target-feature=+atomics,+bulk-memory \
   -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=$MAX_MEMORY \
   -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
   -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base" \
  -Z build-std=panic_abort,std

build single wasm "$COMMON_FLAGS"

step "sizes"
printf '%-8s %12s %12s\n' build raw gzip
for name in threads single; do
  wasm="$OUT/pkg-$name/cratemap_bg.wasm"
  printf '%-8s %12s %12s\n' "$name" "$(wc -c <"$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
done
