#!/usr/bin/env python3
"""Recall of calls into dependencies, against rust-analyzer.

The truth is every reference in the crate's `src/` from a function or method
of the crate to a function or method of one of its dependencies (not std,
core or alloc), written as a call (the name followed by `(`), as
`rust-analyzer scip` resolved it, to the packages the graph holds (not
dev-dependencies, which `--with-deps` leaves out). A dependency's definitions are not in the
index, so the callee is named by its SCIP symbol, read as a path: package,
modules, then the type (an `impl#[Type]` block's type) and the name, the
path cratemap gives the definition (`itoa::Buffer::new`). The graph is
`cratemap analyze CRATE --with-deps`; a call is found when an `exact` or
`inferred` `calls` edge goes from the caller's node to a node with that
path (`ambiguous` edges are counted apart).

Usage:
  deps.py --scip index.scip --root CRATE_DIR --graph graph.json --crate NAME [--misses N]
"""

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scip_index import read_index  # noqa: E402
from score import CALL_AFTER, Matcher, char_slice, descriptor_name, innermost, load_lines  # noqa: E402

STD = {"std", "core", "alloc", "proc_macro", "test"}
IDENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*|`[^`]*`)")


def normal(path):
    """One spelling of an impl's type for both sides: rust-analyzer and
    cratemap keep or drop lifetimes, spaces and a tuple's trailing comma
    independently (`&'i [T]`, `&[T]`; `(F1, F2, )`, `(F1, F2)`)."""
    path = re.sub(r"'[A-Za-z_][A-Za-z0-9_]*", "", path)
    path = re.sub(r"\s+", "", path)
    return path.replace(",)", ")")


def bracketed(text, at):
    """The text inside the `[...]` opening at `at`, brackets nested, and where it ends."""
    depth = 0
    for i in range(at, len(text)):
        depth += (text[i] == "[") - (text[i] == "]")
        if depth == 0:
            return text[at + 1 : i], i + 1
    return text[at + 1 :], len(text)


def symbol_path(package, descriptors):
    """`impl#[Buffer]new().` of package `itoa` → `itoa::Buffer::new`: the
    namespaces, an impl block's type (its trait, the second `[...]`, is not
    in the path), a type, and the name."""
    segments = [package.replace("-", "_")]
    at = 0
    while at < len(descriptors):
        if descriptors.startswith("impl#[", at):
            ty, at = bracketed(descriptors, at + 5)
            ty = ty.strip("`")
            # cratemap names a named type's impl by the type's name alone.
            segments.append(ty.split("<")[0] if IDENT.match(ty) else ty)
            if descriptors.startswith("[", at):
                _, at = bracketed(descriptors, at)
            continue
        if descriptors[at] == "[":  # a type parameter
            _, at = bracketed(descriptors, at)
            continue
        m = IDENT.match(descriptors, at)
        if not m:
            at += 1
            continue
        segments.append(m.group(1).strip("`"))
        at = m.end()
        for suffix in ("().", "/", "#", ".", "!"):
            if descriptors.startswith(suffix, at):
                at += len(suffix)
                break
    return normal("::".join(segments))


def truth(scip, root, own):
    docs = read_index(scip)
    calls = {}  # (caller item, callee path) -> package
    for doc in docs:
        if not doc.path.startswith("src/"):
            continue
        lines = load_lines(root, doc.path)
        functions = []
        for occ in doc.occurrences:
            if not occ.is_definition or occ.symbol.startswith("local ") or occ.line >= len(lines):
                continue
            name, kind = descriptor_name(occ.symbol)
            written, _ = char_slice(lines[occ.line], occ.column, occ.end_column)
            if kind == "method" and name and written == name and occ.enclosing:
                functions.append((occ.enclosing, (doc.path, name, occ.line + 1)))
        for occ in doc.occurrences:
            if occ.is_definition or occ.line >= len(lines):
                continue
            parts = occ.symbol.split(" ", 4)
            if len(parts) < 5 or parts[2] in STD or parts[2] == own:
                continue
            if descriptor_name(occ.symbol)[1] != "method":
                continue
            _, after = char_slice(lines[occ.line], occ.column, occ.end_column)
            if not CALL_AFTER.match(after):
                continue
            caller = innermost(functions, occ.line, occ.column)
            if caller:
                calls.setdefault((caller, symbol_path(parts[2], parts[4])), parts[2])
    return calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scip", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--graph", required=True)
    ap.add_argument("--crate", required=True, help="the crate's package name in SCIP symbols")
    ap.add_argument("--misses", type=int, default=0)
    args = ap.parse_args()
    calls = truth(args.scip, args.root, args.crate)
    with open(args.graph) as f:
        graph = json.load(f)
    # Dev-dependencies (what `#[cfg(test)]` code in `src/` calls) are not in
    # a `--with-deps` graph by design: only the packages it holds count.
    held = {c["name"] for c in graph["crates"] if c["kind"] == "lib"}
    dev = Counter(p for p in calls.values() if p.replace("-", "_") not in held)
    calls = {k: p for k, p in calls.items() if p.replace("-", "_") in held}
    matcher = Matcher(graph)
    by_path = defaultdict(set)
    for i, node in enumerate(graph["nodes"]):
        if node["kind"] in Matcher.CALLABLE:
            by_path[normal(node["path"])].add(i)
    edges = defaultdict(dict)  # source -> target -> confidence
    for e in graph["edges"]:
        if e["kind"] == "calls":
            edges[e["source"]][e["target"]] = e.get("confidence")
    ids = {id(n): i for i, n in enumerate(graph["nodes"])}
    outcome = Counter()
    per_package = defaultdict(Counter)
    misses = []
    for (caller, path), package in sorted(calls.items()):
        node = matcher.find(caller, Matcher.CALLABLE)
        targets = by_path.get(path, set())
        if node is None:
            kind = "caller not in graph"
        elif not targets:
            kind = "callee not in graph"
        else:
            found = {edges[ids[id(node)]].get(t) for t in targets} - {None}
            kind = ("found" if found & {"exact", "inferred"}
                    else "ambiguous" if "ambiguous" in found else "missed")
        outcome[kind] += 1
        per_package[package][kind] += 1
        if kind != "found" and len(misses) < args.misses:
            misses.append(f"  {kind}: {caller[0]}:{caller[2]} {caller[1]} -> {path}")
    total = sum(outcome.values())
    print(f"{args.crate}: {total} calls into dependencies; found {outcome['found']} "
          f"(recall {outcome['found'] / max(1, total):.3f}), ambiguous {outcome['ambiguous']}, "
          f"missed {outcome['missed']}, callee not in graph {outcome['callee not in graph']}, "
          f"caller not in graph {outcome['caller not in graph']}; "
          f"left out, to packages not in the graph (dev-dependencies): {dict(dev)}")
    for package, counts in sorted(per_package.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(counts.values())
        print(f"  {package}: {n}, found {counts['found']} ({counts['found'] / n:.2f})")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
