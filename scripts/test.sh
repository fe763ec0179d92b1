#!/usr/bin/env bash
# Sets everything up and runs every test: formatting, lints, the Rust tests,
# both wasm builds, and the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*" >&2; }

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

step "browser tests: the app (input, views, exports, security, both engines)"
timeout 900 npm run test:app

step "browser tests: embeds, export, serve, docs examples"
timeout 900 npm run test:embed
