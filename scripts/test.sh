#!/usr/bin/env bash
# Sets everything up and runs every test: formatting, lints (Rust and JS), the Rust tests,
# a bounded fuzz run, both wasm builds, and the browser tests in headless
# Chromium (last, so the output ends with their pass/fail summary).
#
# Roughly 20-25 minutes on a fresh 2-core machine, most of it compiling:
# wasm-bindgen-cli's and cargo-fuzz's installs, the Rust tests, the fuzz
# targets, and the two release wasm builds (~3 min with wasm-opt); the
# browser suites take about 5 minutes. The wasm builds are the release ones
# the app ships, so the browser tests test what users get.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }

scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets -- -D warnings

step "biome (JS and CSS: formatting and lints)"
npm run lint

step "cargo test"
cargo test --all-targets

step "cargo fuzz (each target for a bounded time)"
# cargo-fuzz builds the targets in fuzz/ (its own workspace) on the nightly toolchain.
# A crash fails the run and leaves its input in fuzz/artifacts/; add it as a test.
if ! command -v cargo-fuzz >/dev/null; then
  timeout 900 cargo install cargo-fuzz --locked >&2
fi
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
for target in analyze split; do
  # No sanitizer: the code is safe Rust, and a stack overflow still crashes (guard page).
  timeout $((FUZZ_SECONDS + 900)) cargo fuzz run --sanitizer none "$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 >&2
done

step "wasm builds and front end (app and embed bundles)"
scripts/build-wasm.sh
npm run build

step "front end without a browser: the shared view fixtures, search ranking"
npm run test:node

# Each browser suite is bounded, so a hung browser fails the run instead of
# eating CI's time.
step "browser tests: the engine (both builds, progress, cancel, crash, memory)"
timeout 900 npm run test:engine

step "browser tests: the app (input, views, exports, security)"
timeout 900 npm run test:app

step "browser tests: embeds, export, serve, docs examples"
timeout 900 npm run test:embed
