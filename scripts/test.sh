#!/usr/bin/env bash
# Sets everything up and runs every test: formatting, lints, the Rust tests,
# both wasm builds, and the browser tests in headless Chromium.
#
# Estimated 15-20 minutes on a fresh 2-core machine, most of it compiling:
# wasm-bindgen-cli's install (~4 min), the Rust tests, and the two release
# wasm builds (~3 min with wasm-opt). The engine's browser tests took 3 min
# and the app's under 1 min on the shared VM. The wasm builds are the
# release ones the app ships, so the browser tests test what users get.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }

scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets -- -D warnings

step "cargo test"
cargo test --all-targets

step "wasm builds"
scripts/build-wasm.sh

step "browser tests: the engine"
npm run test:engine

step "browser tests: the app"
npm run build
npm run test:app
