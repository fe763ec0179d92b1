// The Export menu and the Share button: the graph JSON, the view on the canvas as
// SVG, DOT or PNG, and a link that carries the sources.

import { showBanner, toast } from '../chrome.js';
import { encodeLinkShare, encodeShare } from '../share.js';
import { toDot } from './dot.js';
import { baseName, download } from './download.js';
import { toSvg } from './svg.js';

/**
 * The PNG's size: twice the screen's pixels for small views, and at most 4000 px on its
 * long side (a whole-graph picture at scale 2 was 4.3 MB for 120 nodes).
 */
const PNG_SIZE = { scale: 2, longSide: 4000 };

/** `kind`: json, svg, dot or png; `controller`: the view controller showing the graph. */
export function exportAs(kind, controller) {
  const { graph, view } = controller;
  const { canvas } = controller;
  const { cy } = canvas;
  if (!graph) {
    toast('Nothing to export yet.');
    return;
  }
  const base = baseName(graph);
  const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
  if (kind === 'json')
    download(new Blob([JSON.stringify(graph, null, 1)], { type: 'application/json' }), `${base}.graph.json`);
  else if (kind === 'svg')
    download(
      new Blob([canvas.withoutHighlight(() => toSvg(cy, { background: bg, title: `${base} — cratemap` }))], {
        type: 'image/svg+xml',
      }),
      `${base}.${view}.svg`,
    );
  else if (kind === 'dot')
    download(new Blob([toDot(cy, { title: base })], { type: 'text/vnd.graphviz' }), `${base}.${view}.dot`);
  else if (kind === 'png') {
    const bb = cy.elements().boundingBox();
    const scale = Math.min(PNG_SIZE.scale, PNG_SIZE.longSide / Math.max(bb.w, bb.h, 1));
    const blob = canvas.withoutHighlight(() => cy.png({ output: 'blob', full: true, bg, scale }));
    download(blob, `${base}.${view}.png`);
  }
}

/**
 * Puts the input, the view and the selection into the page's address and the clipboard:
 * what the source came from when it names one (`sourceLink`: an archive's URL, a crate's
 * name and version), else the files themselves.
 */
export async function share(files, controller, sourceLink = null) {
  if (!files.length && !sourceLink) {
    toast('Share links carry source; load or paste some first.');
    return;
  }
  const { index, selected, view } = controller;
  const state = { view, focus: selected !== null ? index?.node(selected)?.path : undefined };
  try {
    const frag = sourceLink ? encodeLinkShare(sourceLink, state) : encodeShare(files, state);
    // A crate link keeps the page's `?registry=`, which says where the crate is.
    const search = sourceLink?.crate ? location.search : '';
    const url = `${location.origin}${location.pathname}${search}#${frag}`;
    history.replaceState(null, '', `#${frag}`);
    try {
      await navigator.clipboard.writeText(url);
      toast('Link copied to the clipboard.');
    } catch {
      showBanner(
        `Share this link (${sourceLink ? 'it opens the same source again' : 'the source is inside it'}):\n${url}`,
        'info',
      );
    }
  } catch (err) {
    showBanner(err.message, 'info');
  }
}
