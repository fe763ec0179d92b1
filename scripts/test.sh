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

step "cargo fuzz (each target for a bounded time)"
# cargo-fuzz builds the targets in fuzz/ (its own workspace) with sanitizers on the pinned
# nightly. A crash fails the run and leaves its input in fuzz/artifacts/; add it as a test.
if ! command -v cargo-fuzz >/dev/null; then
  timeout 900 cargo install cargo-fuzz --locked >&2
fi
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
for target in analyze split; do
  # No sanitizer: the code is safe Rust, and a stack overflow still crashes (guard page).
  timeout $((FUZZ_SECONDS + 900)) cargo fuzz run --sanitizer none "$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 >&2
done
