#!/usr/bin/env bash
# Sets everything up and runs every test: formatting, lints, the Rust tests,
# both wasm builds, and the browser tests in headless Chromium.
#
# About 15-20 minutes on a fresh 2-core machine, most of it compiling
# (wasm-bindgen-cli's install and the threaded build's std are the longest
# steps). The wasm builds are the release ones the app ships, wasm-opt
# included, so the browser tests test what users get.
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

step "wasm builds and front end (app and embed bundles)"
scripts/build-wasm.sh
npm run build

# Each browser suite is bounded, so a hung browser fails the run instead of
# eating CI's time.
step "browser tests: the engine (both builds, progress, cancel, crash, memory)"
timeout 900 npm run test:engine

step "browser tests: the app (input, views, exports, security)"
timeout 900 npm run test:app

step "browser tests: embeds, export, serve, docs examples"
timeout 900 npm run test:embed
