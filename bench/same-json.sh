#!/usr/bin/env bash
# Checks that two cratemap binaries write byte-identical graph JSON, at 1 and
# 2 threads, on std's sources and on crates from the cargo registry cache.
# For refactors that must change no behaviour:
#   bench/same-json.sh OLD_BINARY NEW_BINARY [CRATE_DIR...]
# Without crate folders it takes every unpacked crate named in CRATES below
# that the registry cache holds (any version). Exits non-zero on a difference.
set -euo pipefail
old="$1" new="$2"; shift 2
CRATES="syn serde_json clap_builder rayon-core toml_parser winnow notify tiny_http regex-syntax proptest"
inputs=("$(rustc --print sysroot)/lib/rustlib/src/rust/library")
if (($#)); then
  inputs+=("$@")
else
  src="${CARGO_HOME:-$HOME/.cargo}/registry/src"
  for name in $CRATES; do
    for dir in "$src"/*/"$name"-[0-9]*; do [[ -d "$dir" ]] && inputs+=("$dir"); done
  done
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
status=0
for input in "${inputs[@]}"; do
  for threads in 1 2; do
    # A run may exit non-zero over the input's own errors and still write the
    # graph, so its exit code is not the test; a run that wrote nothing is.
    for side in old new; do
      rm -f "$out/$side.json"
      "${!side}" analyze "$input" --threads "$threads" -o "$out/$side.json" 2>"$out/$side.err" || true
    done
    missing=""
    for side in old new; do
      [[ -f "$out/$side.json" ]] || missing+=" $side ($(tail -n 1 "$out/$side.err"))"
    done
    if [[ -n "$missing" ]]; then
      echo "NO JSON  $threads thread(s)  $input  from:$missing"; status=1
    elif cmp -s "$out/old.json" "$out/new.json"; then
      echo "same     $threads thread(s)  $(wc -c <"$out/new.json") bytes  $input"
    else
      echo "DIFFERS  $threads thread(s)  $input"; status=1
    fi
  done
done
exit $status
