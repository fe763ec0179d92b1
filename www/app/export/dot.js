// DOT (Graphviz) export of the current view: boxes become clusters.

import { isBox, boxChildren } from '../../core/render.js';

function q(s) {
  return `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** `cy`: the Cytoscape instance showing the view. */
export function toDot(cy, { title = 'cratemap' } = {}) {
  const lines = [
    `digraph ${q(title)} {`,
    '  graph [rankdir=LR, fontname="Helvetica", compound=true];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, color="#00000033"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  const emit = (node, indent) => {
    const pad = '  '.repeat(indent);
    if (isBox(node)) {
      lines.push(`${pad}subgraph ${q(`cluster_${node.id()}`)} {`);
      lines.push(`${pad}  label=${q(node.data('label'))}; style="rounded,dashed"; color="#8a94a6";`);
      for (const child of boxChildren(node)) emit(child, indent + 1);
      lines.push(`${pad}}`);
    } else {
      const color = node.style('background-color');
      const attrs = [
        `label=${q(node.data('label'))}`,
        `fillcolor=${q(toHex(color))}`,
        `tooltip=${q(node.data('kind') || '')}`,
      ];
      if (node.data('collapsed')) attrs.push('peripheries=2');
      if (node.data('kind') === 'external') attrs.push('style="rounded,dashed,filled"');
      attrs.push(`fontcolor=${q(toHex(node.style('color')))}`); // as on the canvas
      lines.push(`${pad}${q(node.id())} [${attrs.join(', ')}];`);
    }
  };
  for (const root of cy
    .nodes()
    .orphans()
    .filter((n) => !n.data('box')))
    emit(root, 1);
  for (const e of cy.edges()) {
    const attrs = [`color=${q(toHex(e.style('line-color')))}`];
    const kind = e.data('kind');
    if (kind) attrs.push(`tooltip=${q(kind)}`);
    if (e.data('label')) attrs.push(`label=${q(e.data('label'))}`);
    if (e.style('line-style') === 'dashed') attrs.push('style=dashed');
    if (e.style('line-style') === 'dotted') attrs.push('style=dotted');
    lines.push(`  ${q(e.source().id())} -> ${q(e.target().id())} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function toHex(color) {
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(String(color));
  if (!m) return String(color).startsWith('#') ? color : '#888888';
  return `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
}
