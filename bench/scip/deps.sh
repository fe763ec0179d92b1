#!/usr/bin/env bash
# Recall of calls into dependencies (bench/scip/deps.py), on crates whose SCIP
# index bench/scip/run.sh has made already ($WORK/<crate>.scip, $WORK/<crate>):
#
#   WORK=/tmp/cratemap-scip OUT=/tmp/cratemap-deps bench/scip/deps.sh CRATE-DIR-NAME ...
#
# Each crate is copied to $OUT (cargo may touch its lock file) and analyzed
# with `--with-deps`, resolved from the same Cargo.lock rust-analyzer used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
WORK="${WORK:-/tmp/cratemap-scip}"
OUT="${OUT:-/tmp/cratemap-deps}"
mkdir -p "$OUT"
(cd "$repo" && cargo build --release --quiet)
for crate in "$@"; do
  rm -rf "${OUT:?}/$crate" && cp -r "$WORK/$crate" "$OUT/$crate" && rm -rf "$OUT/$crate/target"
  "$repo/target/release/cratemap" analyze "$OUT/$crate" --with-deps -o "$OUT/$crate.graph.json" 2>/dev/null
  python3 "$here/deps.py" --scip "$WORK/$crate.scip" --root "$OUT/$crate" \
    --graph "$OUT/$crate.graph.json" --crate "${crate%%-[0-9]*}" ${MISSES:+--misses "$MISSES"}
done
