#!/usr/bin/env python3
"""Scores cratemap's definitions and `calls` edges against rust-analyzer.

Ground truth comes from `rust-analyzer scip`, an independent, type-checked
index. It is reduced to a small, tool-neutral truth file:

  items: [[file, name, line], ...]            every named definition
  calls: [[caller, callee], ...]              caller/callee are [file, name, line]

`line` is the 1-based line of the definition's name. A call is a reference
to a function or method defined in the crate, written as a call (the name
is followed by `(`, possibly after a turbofish), inside the body of a
function or method defined in the crate. Definitions whose name is not
written at their position are macro-generated and left out.

A cratemap node matches a truth item when it has the same file and name and
its span holds the line (the innermost such node wins). Calls compare as
pairs of matched nodes. `exact` and `inferred` edges give precision and
recall; `ambiguous` edges are reported on their own. Only edges between
functions that rust-analyzer saw count toward precision: code under an
inactive `cfg` is invisible to it.

Usage:
  score.py truth --scip index.scip --root CRATE_DIR -o truth.json
  score.py score --truth truth.json --graph graph.json [--only src/] [--name NAME] [--misses N]
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scip_index import read_index  # noqa: E402

CALL_AFTER = re.compile(r"\s*(::\s*<[^;{}]*?>\s*)?\(")
NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*|`[^`]*`)")


def descriptor_name(symbol):
    """The last descriptor's name and suffix of a SCIP symbol."""
    # Symbols look like `rust-analyzer cargo semver 1.0.28 impls/impl#[A][B]cmp().`
    body = symbol.split(" ", 4)[-1] if symbol.count(" ") >= 4 else symbol
    for suffix, kind in (("().", "method"), ("!", "macro"), ("/", "namespace"),
                         ("#", "type"), (".", "term")):
        if body.endswith(suffix):
            stem = body[: -len(suffix)]
            match = re.search(r"([A-Za-z_][A-Za-z0-9_]*|`[^`]*`)$", stem)
            if not match:
                return None, kind
            return match.group(1).strip("`"), kind
    return None, None


def load_lines(root, path):
    try:
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            return f.read().split("\n")
    except OSError:
        return []


def char_slice(line, start, end):
    # rust-analyzer writes UTF-8 offsets by default; ASCII identifiers make
    # the difference moot except after non-ASCII text on the line.
    raw = line.encode("utf-8")
    return raw[start:end].decode("utf-8", "replace"), raw[end:].decode("utf-8", "replace")


def truth_from_scip(scip, root):
    docs = read_index(scip)
    defined = {}  # symbol -> [file, name, line]
    items = []
    functions_by_doc = defaultdict(list)  # path -> [(enclosing range, symbol)]
    texts = {}
    for doc in docs:
        lines = texts.setdefault(doc.path, load_lines(root, doc.path))
        for occ in doc.occurrences:
            if not occ.is_definition or occ.symbol.startswith("local "):
                continue
            name, kind = descriptor_name(occ.symbol)
            if not name or kind is None or name in ("self", "Self", "crate"):
                continue
            if occ.line >= len(lines):
                continue
            written, _ = char_slice(lines[occ.line], occ.column, occ.end_column)
            if written != name or inside_macro_call(lines, occ):
                continue  # macro-generated
            item = [doc.path, name, occ.line + 1]
            defined.setdefault(occ.symbol, item)
            items.append(item)
            if kind == "method" and occ.enclosing:
                functions_by_doc[doc.path].append((occ.enclosing, occ.symbol))
    calls = set()
    for doc in docs:
        lines = texts[doc.path]
        functions = functions_by_doc[doc.path]
        for occ in doc.occurrences:
            if occ.is_definition or occ.symbol not in defined:
                continue
            if descriptor_name(occ.symbol)[1] != "method" or occ.line >= len(lines):
                continue
            _, after = char_slice(lines[occ.line], occ.column, occ.end_column)
            if not CALL_AFTER.match(after):
                continue  # a function used as a value, or an import
            caller = innermost(functions, occ.line, occ.column)
            if caller is None:
                continue
            calls.add((tuple(defined[caller]), tuple(defined[occ.symbol])))
    items = sorted({tuple(i) for i in items})
    return {
        "items": [list(i) for i in items],
        "calls": [[list(a), list(b)] for a, b in sorted(calls)],
    }


MACRO_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\s*!\s*[(\[{]")


def inside_macro_call(lines, occ):
    """A definition whose item text starts with a macro invocation
    (`make_fn!(name)`): the macro wrote the item, the input only the name."""
    if not occ.enclosing:
        return False
    l0, c0 = occ.enclosing[0], occ.enclosing[1]
    if (l0, c0) > (occ.line, occ.column):
        return False
    prefix = []
    for l in range(l0, occ.line + 1):
        line = lines[l] if l < len(lines) else ""
        start = c0 if l == l0 else 0
        end = occ.column if l == occ.line else len(line)
        prefix.append(line.encode("utf-8")[start:end].decode("utf-8", "replace"))
    return bool(MACRO_CALL.search("\n".join(prefix)))


def innermost(functions, line, column):
    best, best_size = None, None
    for (l0, c0, l1, c1), symbol in functions:
        if (l0, c0) <= (line, column) <= (l1, c1):
            size = (l1 - l0, c1 - c0)
            if best_size is None or size < best_size:
                best, best_size = symbol, size
    return best


class Matcher:
    """Finds the cratemap node a truth item names."""

    CALLABLE = {"function", "method"}
    NOT_ITEMS = {"use", "impl", "type", "external"}

    def __init__(self, graph):
        self.by_key = defaultdict(list)
        for node in graph["nodes"]:
            if "span" not in node or "file" not in node:
                continue
            name = node["name"]
            if node["kind"] == "use" and "extern_crate" in node.get("flags", ()):
                # `extern crate a as b;` defines `b` (or `a`).
                name = node.get("alias") or node.get("import", name)
            elif node["kind"] in self.NOT_ITEMS:
                continue
            self.by_key[(node["file"], name)].append(node)

    def find(self, item, kinds=None):
        file, name, line = item
        best = None
        for node in self.by_key.get((file, name), ()):
            if kinds and node["kind"] not in kinds:
                continue
            start, end = node["span"]["start"][0], node["span"]["end"][0]
            if start <= line <= end and (best is None or end - start < best[1]):
                best = (node, end - start)
        return best[0] if best else None


def score(truth, graph, misses=0, only=""):
    truth = {
        "items": [i for i in truth["items"] if i[0].startswith(only)],
        "calls": [c for c in truth["calls"] if c[0][0].startswith(only)],
    }
    matcher = Matcher(graph)
    found = [item for item in truth["items"] if matcher.find(item)]
    item_recall = len(found) / max(1, len(truth["items"]))

    ids = {}
    for caller, callee in truth["calls"]:
        for item in (caller, callee):
            node = matcher.find(item, Matcher.CALLABLE)
            if node is not None:
                ids[tuple(item)] = node["id"]
    true_pairs = set()
    unmatched = 0
    for caller, callee in truth["calls"]:
        a, b = ids.get(tuple(caller)), ids.get(tuple(callee))
        if a is None or b is None:
            unmatched += 1
        else:
            true_pairs.add((a, b))
    seen_callers = set()
    for item in truth["items"]:
        node = matcher.find(item, Matcher.CALLABLE)
        if node is not None:
            seen_callers.add(node["id"])

    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    predicted, ambiguous = set(), defaultdict(set)
    for edge in graph["edges"]:
        if edge["kind"] != "calls":
            continue
        if kinds.get(edge["target"]) not in Matcher.CALLABLE:
            continue
        # Both ends must be definitions rust-analyzer indexed and wrote in the
        # source: code under an inactive cfg and macro-written functions are
        # outside the truth either way.
        if edge["source"] not in seen_callers or edge["target"] not in seen_callers:
            continue
        pair = (edge["source"], edge["target"])
        if edge.get("confidence") == "ambiguous":
            ambiguous[edge["source"]].add(edge["target"])
        else:
            predicted.add(pair)
    hits = predicted & true_pairs
    amb_edges = sum(len(t) for t in ambiguous.values())
    amb_hits = sum(1 for a, b in true_pairs if b in ambiguous.get(a, ()) and (a, b) not in predicted)
    result = {
        "items": len(truth["items"]),
        "item_recall": item_recall,
        "calls": len(truth["calls"]),
        "predicted": len(predicted),
        "precision": len(hits) / max(1, len(predicted)),
        "recall": len(hits) / max(1, len(true_pairs) + unmatched),
        "ambiguous_edges": amb_edges,
        "ambiguous_hits": amb_hits,
    }
    if misses:
        nodes = {n["id"]: n for n in graph["nodes"]}
        label = lambda i: f'{nodes[i]["path"]} ({nodes[i]["file"]}:{nodes[i]["span"]["start"][0]})'
        missing_items = [i for i in truth["items"] if not matcher.find(i)]
        print(f"-- items missed ({len(missing_items)}):", file=sys.stderr)
        for item in missing_items[:misses]:
            print("  ", item, file=sys.stderr)
        print(f"-- calls missed ({len(true_pairs - predicted)} + {unmatched} unmatched):", file=sys.stderr)
        for a, b in sorted(true_pairs - predicted)[:misses]:
            print(f"   {label(a)} -> {label(b)}", file=sys.stderr)
        print(f"-- wrong calls ({len(predicted - true_pairs)}):", file=sys.stderr)
        for a, b in sorted(predicted - true_pairs)[:misses]:
            print(f"   {label(a)} -> {label(b)}", file=sys.stderr)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("truth", help="reduce a SCIP index to a truth file")
    t.add_argument("--scip", required=True)
    t.add_argument("--root", required=True, help="the indexed crate's directory")
    t.add_argument("-o", "--output", required=True)
    s = sub.add_parser("score", help="score a cratemap graph against a truth file")
    s.add_argument("--truth", required=True)
    s.add_argument("--graph", required=True)
    s.add_argument("--name", default="")
    s.add_argument("--misses", type=int, default=0, help="list up to N misses on stderr")
    s.add_argument("--json", action="store_true")
    s.add_argument("--only", default="", help="score only files under this path prefix")
    args = parser.parse_args()
    if args.command == "truth":
        truth = truth_from_scip(args.scip, args.root)
        with open(args.output, "w") as f:
            json.dump(truth, f, indent=0, separators=(",", ":"))
            f.write("\n")
        print(f"{len(truth['items'])} items, {len(truth['calls'])} calls", file=sys.stderr)
        return
    with open(args.truth) as f:
        truth = json.load(f)
    with open(args.graph) as f:
        graph = json.load(f)
    r = score(truth, graph, args.misses, args.only)
    if args.json:
        print(json.dumps(r))
        return
    print(
        f"| {args.name} | {r['items']} | {r['item_recall']:.3f} | {r['calls']} | {r['predicted']} "
        f"| {r['precision']:.3f} | {r['recall']:.3f} | {r['ambiguous_edges']} ({r['ambiguous_hits']} right) |"
    )


if __name__ == "__main__":
    main()
