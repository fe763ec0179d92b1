#!/usr/bin/env bash
# Resolution accuracy against rust-analyzer, on crates from the cargo registry.
#
#   bench/scip/run.sh [crate-dir-name ...]   (default: every crate in corpus.txt)
#   MISSES=N bench/scip/run.sh CRATE         (also lists up to N misses of each kind)
#
# Each crate is copied to $WORK (rust-analyzer writes into the crate), indexed
# once with `rust-analyzer scip` (cached as $WORK/<crate>.scip), reduced to a
# truth file, analyzed with the release cratemap, and scored on its `src/`.
# rust-analyzer comes from `rustup component add rust-analyzer` (on a toolchain
# that ships it: RUSTUP_TOOLCHAIN=stable if the pinned nightly has none).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
WORK="${WORK:-/tmp/cratemap-scip}"
registry="$(ls -d "$HOME"/.cargo/registry/src/*/ | head -1)"
crates=("$@")
if [ ${#crates[@]} -eq 0 ]; then
  mapfile -t crates < <(grep -v '^#' "$here/corpus.txt" | awk 'NF {print $1}')
fi
mkdir -p "$WORK"
(cd "$repo" && cargo build --release --quiet)
for crate in "${crates[@]}"; do
  dir="$WORK/$crate"
  if [ ! -f "$WORK/$crate.scip" ]; then
    rm -rf "$dir" && cp -r "$registry/$crate" "$dir"
    (cd "$dir" && rust-analyzer scip . --output "$WORK/$crate.scip" >"$WORK/$crate.log" 2>&1)
  fi
  [ -d "$dir" ] || cp -r "$registry/$crate" "$dir"
  python3 "$here/score.py" truth --scip "$WORK/$crate.scip" --root "$dir" -o "$WORK/$crate.truth.json" 2>/dev/null
  "$repo/target/release/cratemap" analyze "$dir" -o "$WORK/$crate.graph.json" 2>/dev/null
  python3 "$here/score.py" score --truth "$WORK/$crate.truth.json" --graph "$WORK/$crate.graph.json" \
    --only src/ --name "$crate" --json ${MISSES:+--misses "$MISSES"} >"$WORK/$crate.score.json"
done
scores=()
for crate in "${crates[@]}"; do scores+=("$WORK/$crate.score.json"); done
python3 "$here/score.py" table "${scores[@]}"
