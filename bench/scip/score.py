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

Two rust-analyzer artefacts are kept out. A symbol defined at two places
(same-named helpers nested in different test functions) cannot say which
one a reference means: its calls are dropped and edges touching it do not
count. And rust-analyzer writes no reference for what a macro expansion
calls, so an edge from a function that invokes one of the crate's
`macro_rules!` to a function whose name that macro's text calls (directly
or through the crate macros it invokes) is outside the truth too: it is
reported as `via_macro`, not counted either way.

A cratemap node matches a truth item when it has the same file and name and
its span holds the line (the innermost such node wins). Calls compare as
pairs of matched nodes. `exact` and `inferred` edges give precision and
recall; `ambiguous` edges are reported on their own, and edges of the forms
`operator` and `value` are left out (rust-analyzer's references at `+` or at
a function passed as a value are not calls written `f(..)`; the table counts them
in their own column). Only edges between
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
    places = defaultdict(set)  # symbol -> where it is defined
    macros = {}  # macro symbol -> (names it calls, macro names it invokes)
    items = []
    functions_by_doc = defaultdict(list)  # path -> [(enclosing range, symbol)]
    texts = {}
    for doc in docs:
        lines = texts.setdefault(doc.path, load_lines(root, doc.path))
        for occ in doc.occurrences:
            if not occ.is_definition:
                continue
            if occ.symbol.startswith("local "):
                # A `macro_rules!` inside a function body has a local symbol: told by its text.
                if occ.line < len(lines) and occ.enclosing:
                    before, _ = char_slice(lines[occ.line], 0, occ.column)
                    if LOCAL_MACRO.search(before):
                        text = "\n".join(lines[occ.enclosing[0] : occ.enclosing[2] + 1])
                        macros[occ.symbol] = (set(CALLED.findall(text)), set(INVOKED.findall(text)))
                        defined.setdefault(occ.symbol, [doc.path, "", occ.line + 1])
                continue
            name, kind = descriptor_name(occ.symbol)
            if not name or kind is None or name in ("self", "Self", "crate"):
                continue
            if occ.line >= len(lines):
                continue
            written, _ = char_slice(lines[occ.line], occ.column, occ.end_column)
            # (A `macro_rules!`'s own range holds its docs' examples of invoking it.)
            if written != name or (kind != "macro" and inside_macro_call(lines, occ)):
                continue  # macro-generated
            if kind == "macro" and occ.enclosing:
                text = "\n".join(lines[occ.enclosing[0] : occ.enclosing[2] + 1])
                macros[occ.symbol] = (set(CALLED.findall(text)), set(INVOKED.findall(text)))
            places[occ.symbol].add((doc.path, occ.line))
            item = [doc.path, name, occ.line + 1]
            defined.setdefault(occ.symbol, item)
            items.append(item)
            if kind == "method" and occ.enclosing:
                functions_by_doc[doc.path].append((occ.enclosing, occ.symbol))
    unsure = sorted({(path, defined[s][1], line + 1)
                     for s, at in places.items() if len(at) > 1 and s in defined for path, line in at})
    for s, at in places.items():
        if len(at) > 1:
            defined.pop(s, None)
    calls = {}  # (caller, callee) -> (form, scope) of its first reference
    macro_uses = defaultdict(set)  # caller -> macro symbols it invokes
    functions_ranges = {sym: rng for fs in functions_by_doc.values() for rng, sym in fs}
    for doc in docs:
        lines = texts[doc.path]
        functions = functions_by_doc[doc.path]
        for occ in doc.occurrences:
            if occ.is_definition or occ.symbol not in defined or occ.line >= len(lines):
                continue
            if occ.symbol in macros:
                caller = innermost(functions, occ.line, occ.column)
                if caller in defined:
                    macro_uses[tuple(defined[caller])].add(occ.symbol)
                continue
            if descriptor_name(occ.symbol)[1] != "method":
                continue
            _, after = char_slice(lines[occ.line], occ.column, occ.end_column)
            if not CALL_AFTER.match(after):
                continue  # a function used as a value, or an import
            caller = innermost(functions, occ.line, occ.column)
            if caller not in defined:
                continue
            pair = (tuple(defined[caller]), tuple(defined[occ.symbol]))
            if pair not in calls:
                form = "method" if METHOD_BEFORE.search(before_text(lines, occ)) else "path"
                scope = "macro" if in_macro_input(lines, functions_ranges[caller], occ) else "plain"
                calls[pair] = (form, scope)
    items = sorted({tuple(i) for i in items})
    by_name = defaultdict(set)
    for symbol in macros:
        by_name[descriptor_name(symbol)[0]].add(symbol)
    via_macro = []
    for caller, used in sorted(macro_uses.items()):
        names, todo, seen = set(), list(used), set()
        while todo:  # the macros a macro's text invokes, by name
            symbol = todo.pop()
            if symbol in seen:
                continue
            seen.add(symbol)
            called, invoked = macros[symbol]
            names |= called
            todo.extend(s for n in invoked for s in by_name.get(n, ()))
        via_macro.append([list(caller), sorted(names)])
    return {
        "items": [list(i) for i in items],
        "unsure": [list(i) for i in unsure],
        "via_macro": via_macro,
        "calls": [[list(a), list(b), *calls[(a, b)]] for a, b in sorted(calls)],
        "impls": trait_impls(docs, texts),
    }


METHOD_BEFORE = re.compile(r"\.\s*$")
LOCAL_MACRO = re.compile(r"\bmacro_rules\s*!\s*$")
CALLED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:::\s*<[^;{}]*?>\s*)?\(")
INVOKED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*!")
IMPL_HEAD = re.compile(r"\bimpl\b[^{};]*$")
TRAIT_FOR = re.compile(r"\s*(<[^{};]*?>)?\s+for\b")


def before_text(lines, occ):
    """The text before a reference, back to the previous line (a method
    chain's `.` often ends the line before)."""
    prev = lines[occ.line - 1] if occ.line > 0 else ""
    return prev + "\n" + lines[occ.line].encode("utf-8")[: occ.column].decode("utf-8", "replace")


def trait_impls(docs, texts):
    """`impl Trait for Type` headers, as [file, line, trait name]: the trait
    is a type reference that rust-analyzer resolved, after `impl` and before
    `for`. (This rust-analyzer writes no SymbolInformation.relationships, so
    the header is read from the source at resolved occurrences.)"""
    impls = set()
    for doc in docs:
        lines = texts[doc.path]
        for occ in doc.occurrences:
            if occ.is_definition or not occ.symbol.endswith("#") or occ.line >= len(lines):
                continue
            line = lines[occ.line].encode("utf-8")
            before = line[: occ.column].decode("utf-8", "replace")
            after = line[occ.end_column:].decode("utf-8", "replace")
            head = IMPL_HEAD.search(before)
            if head and TRAIT_FOR.match(after) and outside_generics(head.group(0)):
                name, _ = descriptor_name(occ.symbol)
                if name:
                    impls.add((doc.path, occ.line + 1, name))
    return [list(i) for i in sorted(impls)]


def outside_generics(head):
    """Whether `impl<..> a::b` ends outside every `<..>` (the trait itself,
    not one of its generic arguments)."""
    depth = 0
    for ch in head[4:]:
        depth += (ch == "<") - (ch == ">")
    return depth == 0


OPEN, CLOSE = "([{", ")]}"
TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'|[A-Za-z_][A-Za-z0-9_]*\s*!\s*[(\[{]|[()\[\]{}]', re.S)


def in_macro_input(lines, enclosing, occ):
    """Whether a reference sits inside a macro invocation's input within its
    function (`assert_eq!(f(x), 1)`): a delimiter stack over the function's
    text up to the reference, skipping comments and string literals."""
    l0, c0 = enclosing[0], enclosing[1]
    parts = []
    for l in range(l0, occ.line + 1):
        line = lines[l] if l < len(lines) else ""
        raw = line.encode("utf-8")
        start = c0 if l == l0 else 0
        end = occ.column if l == occ.line else len(raw)
        parts.append(raw[start:end].decode("utf-8", "replace"))
    stack = []
    for m in TOKENS.finditer("\n".join(parts)):
        t = m.group(0)
        if t[0] in "/\"'":
            continue
        if t[-1] in OPEN:
            stack.append(len(t) > 1)
        elif t in CLOSE and stack:
            stack.pop()
    return any(stack)


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
        "impls": [i for i in truth.get("impls", []) if i[0].startswith(only)],
        "unsure": truth.get("unsure", []),
        "via_macro": [v for v in truth.get("via_macro", []) if v[0][0].startswith(only)],
    }
    matcher = Matcher(graph)
    found = [item for item in truth["items"] if matcher.find(item)]
    item_recall = len(found) / max(1, len(truth["items"]))

    ids = {}
    for caller, callee, *_ in truth["calls"]:
        for item in (caller, callee):
            node = matcher.find(item, Matcher.CALLABLE)
            if node is not None:
                ids[tuple(item)] = node["id"]
    true_pairs = set()
    unmatched = 0
    kind_of = {}  # matched pair -> (form, scope); "unmatched" pairs count as missed in their class
    classes = defaultdict(lambda: [0, 0])  # (form, scope) -> [truth calls, found]
    for caller, callee, *cls in truth["calls"]:
        cls = tuple(cls) or ("path", "plain")
        classes[cls][0] += 1
        a, b = ids.get(tuple(caller)), ids.get(tuple(callee))
        if a is None or b is None:
            unmatched += 1
        else:
            true_pairs.add((a, b))
            kind_of.setdefault((a, b), cls)
    seen_callers = set()
    for item in truth["items"]:
        node = matcher.find(item, Matcher.CALLABLE)
        if node is not None:
            seen_callers.add(node["id"])
    for item in truth.get("unsure", []):
        node = matcher.find(item, Matcher.CALLABLE)
        if node is not None:
            seen_callers.discard(node["id"])
    via = {}  # caller node -> names the crate macros it invokes call
    for caller, names in truth.get("via_macro", []):
        node = matcher.find(caller, Matcher.CALLABLE)
        if node is not None:
            via[node["id"]] = set(names)

    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    predicted, ambiguous = set(), defaultdict(set)
    unscored = defaultdict(int)  # form -> edges of the forms the truth cannot hold
    for edge in graph["edges"]:
        if edge["kind"] != "calls":
            continue
        if kinds.get(edge["target"]) not in Matcher.CALLABLE:
            continue
        # The truth is calls written `f(..)` or `.f(..)`: an operator's impl (`a + b`) and a
        # function passed as a value are not in it.
        if edge.get("form") in ("operator", "value"):
            unscored[edge["form"]] += 1
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
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    via_macro = {(a, b) for a, b in predicted - true_pairs if names.get(b) in via.get(a, ())}
    predicted -= via_macro
    hits = predicted & true_pairs
    for pair in hits:
        classes[kind_of[pair]][1] += 1
    impls_found, missing_impls = impl_recall(truth.get("impls", []), graph, only)
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
        "via_macro": len(via_macro),
        "operator_edges": unscored["operator"],
        "value_edges": unscored["value"],
        "ambiguous_hits": amb_hits,
        "hits": len(hits),
        "true_calls": len(true_pairs) + unmatched,
        "impls": len([i for i in truth.get("impls", []) if i[0].startswith(only)]),
        "impls_found": impls_found,
        "by_class": {f"{f}/{m}": v for (f, m), v in sorted(classes.items())},
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
            form, scope = kind_of[(a, b)]
            amb = " [ambiguous edge]" if b in ambiguous.get(a, ()) else ""
            print(f"   {form:6} {scope:5} {label(a)} -> {label(b)}{amb}", file=sys.stderr)
        print(f"-- trait impls missed ({len(missing_impls)}):", file=sys.stderr)
        for item in missing_impls[:misses]:
            print("  ", item, file=sys.stderr)
        print(f"-- calls through the crate's macros, not scored ({len(via_macro)}):", file=sys.stderr)
        for a, b in sorted(via_macro)[:misses]:
            print(f"   {label(a)} -> {label(b)}", file=sys.stderr)
        print(f"-- wrong calls ({len(predicted - true_pairs)}):", file=sys.stderr)
        for a, b in sorted(predicted - true_pairs)[:misses]:
            print(f"   {label(a)} -> {label(b)}", file=sys.stderr)
    return result


def impl_recall(impls, graph, only):
    """How many `impl Trait for Type` headers have an impl node spanning the
    header's line with an `implements` edge to a node of the trait's name."""
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    traits = defaultdict(set)
    for edge in graph["edges"]:
        if edge["kind"] == "implements":
            traits[edge["source"]].add(names.get(edge["target"], "").split("<")[0].split("::")[-1])
    by_file = defaultdict(list)
    for node in graph["nodes"]:
        if node["kind"] == "impl" and "span" in node:
            by_file[node.get("file")].append(node)
    found, missing = 0, []
    for file, line, name in impls:
        if not file.startswith(only):
            continue
        if any(n["span"]["start"][0] <= line <= n["span"]["end"][0] and name in traits[n["id"]]
               for n in by_file.get(file, ())):
            found += 1
        else:
            missing.append([file, line, name])
    return found, missing


def print_table(paths):
    """Per crate and overall (sums, not means): items recall, calls recall
    (exact + inferred) and precision, trait-impl recall, then calls recall by
    form (path or method call) and by place (plain code or macro input)."""
    rows, total = [], defaultdict(float)
    classes = ["path/plain", "method/plain", "path/macro", "method/macro"]
    for path in paths:
        with open(path) as f:
            r = json.load(f)
        rows.append((os.path.basename(path).removesuffix(".score.json"), r))
        for k in ("items", "hits", "true_calls", "predicted", "impls", "impls_found", "via_macro"):
            total[k] += r[k]
        for k in ("operator_edges", "value_edges"):
            total[k] += r.get(k, 0)
        total["items_found"] += r["item_recall"] * r["items"]
        for c in classes:
            n, found = r["by_class"].get(c, [0, 0])
            total[c + "#n"] += n
            total[c + "#f"] += found
    ratio = lambda a, b: f"{a / b:.3f}" if b else "–"
    head = ["crate", "items", "items recall", "calls", "calls recall", "calls precision",
            "impls", "impls recall"] + [f"{c} recall (n)" for c in classes] + ["via macro", "operator / value edges (not scored)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    def line(name, items, items_found, r, cls):
        cells = [name, str(int(items)), ratio(items_found, items), str(int(r["true_calls"])),
                 ratio(r["hits"], r["true_calls"]), ratio(r["hits"], r["predicted"]),
                 str(int(r["impls"])), ratio(r["impls_found"], r["impls"])]
        cells += [f"{ratio(f, n)} ({int(n)})" for n, f in cls]
        cells.append(str(int(r.get("via_macro", 0))))
        cells.append(f'{int(r.get("operator_edges", 0))} / {int(r.get("value_edges", 0))}')
        print("| " + " | ".join(cells) + " |")
    for name, r in rows:
        line(name, r["items"], r["item_recall"] * r["items"], r,
             [r["by_class"].get(c, [0, 0]) for c in classes])
    line("**all**", total["items"], total["items_found"], total,
         [(total[c + "#n"], total[c + "#f"]) for c in classes])


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
    tb = sub.add_parser("table", help="the corpus table from `score --json` files")
    tb.add_argument("scores", nargs="+")
    args = parser.parse_args()
    if args.command == "truth":
        truth = truth_from_scip(args.scip, args.root)
        with open(args.output, "w") as f:
            json.dump(truth, f, indent=0, separators=(",", ":"))
            f.write("\n")
        print(f"{len(truth['items'])} items, {len(truth['calls'])} calls", file=sys.stderr)
        return
    if args.command == "table":
        return print_table(args.scores)
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
