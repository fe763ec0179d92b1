// Go to definition through the graph: the node a name at a place in a source file
// refers to, read from the graph's edges (calls, references, imports) of the items
// around that place. No name resolution of its own: the engine did that.

/** Edge kinds by how directly a use of a name points at its definition; unlisted kinds come last. */
const EDGE_RANK = ['calls', 'macro_call', 'refers_to', 'imports', 'reexports', 'implements', 'impl_for', 'supertrait'];
const CONFIDENCE_RANK = { exact: 0, inferred: 1, ambiguous: 2 };
/** How far to follow interned types (`Result<Vec<Token>, E>` → `Vec<Token>` → `Token`). */
const TYPE_DEPTH = 8;

const rank = (kind) => {
  const r = EDGE_RANK.indexOf(kind);
  return r < 0 ? EDGE_RANK.length : r;
};
const compare = (p, q) => p[0] - q[0] || p[1] - q[1];
const contains = (span, line, column) =>
  (span.start[0] < line || (span.start[0] === line && span.start[1] <= column)) &&
  (span.end[0] > line || (span.end[0] === line && span.end[1] >= column));

/** The nodes of `file` whose span holds (line, column), innermost first. */
export function nodesAt(index, file, line, column) {
  const hits = [];
  for (let i = 0; i < index.n; i++) {
    const node = index.node(i);
    if (node.file === file && node.span && contains(node.span, line, column)) hits.push(i);
  }
  // Spans nest, so the one starting last is the innermost; on a tie the shorter one.
  const span = (i) => index.node(i).span;
  return hits.sort((a, b) => compare(span(b).start, span(a).start) || compare(span(a).end, span(b).end));
}

/**
 * What `name` at (line, column) of `file` refers to: `{ idx }`, or `{ reason }` when
 * nothing (or more than one thing) matches. Lines are 1-based, columns 0-based chars.
 */
export function definitionAt(index, file, line, column, name) {
  if (!index || !name) return { reason: 'No name under the cursor.' };
  const around = nodesAt(index, file, line, column);
  for (const i of around) {
    // The name of the item itself: the click was on its definition.
    if (index.node(i).name === name && index.node(i).kind !== 'impl') return { idx: i };
    const hit = bestTarget(index, i, name);
    if (hit !== -1) return { idx: hit };
  }
  const named = [];
  for (let i = 0; i < index.n; i++) {
    const node = index.node(i);
    if (node.name === name && node.kind !== 'type' && node.kind !== 'use') named.push(i);
  }
  if (named.length === 1) return { idx: named[0] };
  if (named.length > 1) return { reason: `${named.length} items are named ${name}, and no edge here says which.` };
  return { reason: `No item named ${name} is in the graph.` };
}

/** The best target named `name` among `from`'s outgoing edges, through interned types; -1 if none. */
function bestTarget(index, from, name) {
  let best = -1;
  let bestScore = Infinity;
  const seen = new Set([from]);
  let frontier = [{ node: from, depth: 0 }];
  while (frontier.length) {
    const next = [];
    for (const { node, depth } of frontier) {
      for (const k of index.out[node]) {
        const e = index.edges[k];
        const target = index.node(e.t);
        if (target.name === name && target.kind !== 'type') {
          // Direct edges before ones found through a type; then by kind and confidence.
          const score = depth * 100 + rank(e.kind) * 4 + (CONFIDENCE_RANK[e.confidence] ?? 0);
          if (score < bestScore) [best, bestScore] = [e.t, score];
        }
        if (target.kind === 'type' && depth < TYPE_DEPTH && !seen.has(e.t)) {
          seen.add(e.t);
          next.push({ node: e.t, depth: depth + 1 });
        }
      }
    }
    frontier = next;
  }
  return best;
}
