#!/usr/bin/env bash
# Installs what cratemap's builds and tests need, on a fresh Debian machine
# with rustup and Node.js. Idempotent: re-running installs nothing twice.
#
# Usage: scripts/setup.sh [--browser]
#   --browser   also Debian's chromium, for the Playwright tests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "Rust components"
# rust-toolchain.toml selects the machine's nightly. `component add` and
# `target add` install only what is missing and never update the toolchain.
rustup component add --toolchain nightly rust-src rustfmt clippy >&2
rustup target add --toolchain nightly wasm32-unknown-unknown >&2

if [[ "${1:-}" == "--browser" ]] && ! command -v chromium >/dev/null; then
  step "chromium (Debian) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi

if [[ -f package-lock.json ]]; then
  if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "npm packages"
    npm ci --no-audit --no-fund >&2
  fi
fi
