#!/usr/bin/env bash
# Sets everything up, builds both wasm engines and the front end, and serves
# the app on http://127.0.0.1:${PORT:-8080} with COOP/COEP headers (so the
# threaded engine is used), preloaded with cratemap's own source.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
scripts/build-wasm.sh
npm run build
exec npm run preview -- --host 127.0.0.1 --port "${PORT:-8080}" --strictPort
