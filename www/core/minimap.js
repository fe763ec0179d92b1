// The overview minimap: the whole graph, small, in the canvas's top right corner, with
// the part on screen outlined; a click or a drag there moves the view. It is shown only
// while the graph is bigger than the view, which happens because fits never zoom below
// the readable zoom (render.js).
//
// Hand-written and small on purpose: Cytoscape has no well-kept navigator (the
// cytoscape-navigator plugin is unmaintained, and it re-renders a full image of the
// graph on every change). Here the graph is drawn once per layout as plain rectangles
// into a cached bitmap; panning and zooming only redraw the outline.

import { isBox } from './render.js';

const WIDTH = 180;
const HEIGHT = 120;
const PAD = 4;

export class Minimap {
  /** `container`: the Cytoscape container; the minimap sits in it, above the canvas. */
  constructor(cy, container) {
    this.cy = cy;
    this.el = document.createElement('canvas');
    this.el.className = 'cm-minimap';
    this.el.hidden = true;
    this.el.setAttribute('aria-hidden', 'true'); // a pointer aid; the keyboard has the arrows and Fit
    this.el.title = 'Overview: click or drag to move the view';
    container.appendChild(this.el);
    this.cache = null;
    this.map = null;
    this.pending = false;
    // Keep Cytoscape (whose handlers are on the container) from seeing the minimap's input.
    for (const type of ['mousedown', 'touchstart', 'pointerdown', 'dblclick', 'contextmenu'])
      this.el.addEventListener(type, (ev) => ev.stopPropagation());
    this.el.addEventListener('pointerdown', (ev) => {
      this.el.setPointerCapture(ev.pointerId);
      this.panTo(ev);
    });
    this.el.addEventListener('pointermove', (ev) => {
      if (this.el.hasPointerCapture(ev.pointerId)) this.panTo(ev);
    });
    cy.on('viewport resize', () => this.schedule());
    cy.on('dragfree', 'node', () => this.update());
  }

  /** Redraws the graph's picture (after a layout) and the outline. */
  update() {
    this.cache = null;
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  /** Whether the whole graph is on screen (then the minimap hides). */
  allVisible(bb) {
    const ext = this.cy.extent();
    const slack = 2 / this.cy.zoom();
    return bb.x1 >= ext.x1 - slack && bb.y1 >= ext.y1 - slack && bb.x2 <= ext.x2 + slack && bb.y2 <= ext.y2 + slack;
  }

  draw() {
    const cy = this.cy;
    const bb = cy.elements().boundingBox();
    const hide = !cy.elements().length || !Number.isFinite(bb.w) || this.allVisible(bb);
    this.el.hidden = hide;
    if (hide) return;
    // A host may zoom the minimap with its chrome (CSS zoom): draw at the pixels it covers.
    const dpr = (window.devicePixelRatio || 1) * (this.el.currentCSSZoom || 1);
    if (!this.cache) this.cache = this.picture(bb, dpr);
    const ctx = this.el.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.el.width, this.el.height);
    ctx.drawImage(this.cache, 0, 0);
    const { s, ox, oy } = this.map;
    const ext = cy.extent();
    const x1 = Math.max(0, ox + (ext.x1 - bb.x1) * s);
    const y1 = Math.max(0, oy + (ext.y1 - bb.y1) * s);
    const x2 = Math.min(WIDTH, ox + (ext.x2 - bb.x1) * s);
    const y2 = Math.min(HEIGHT, oy + (ext.y2 - bb.y1) * s);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const color = getComputedStyle(this.el).getPropertyValue('--focus').trim() || '#2f6fde';
    ctx.fillStyle = `${color}22`;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.fillRect(x1, y1, x2 - x1, y2 - y1);
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
  }

  /** The graph as rectangles: boxes outlined, items filled in their kind's colour. */
  picture(bb, dpr) {
    this.el.width = Math.round(WIDTH * dpr);
    this.el.height = Math.round(HEIGHT * dpr);
    const s = Math.min((WIDTH - 2 * PAD) / Math.max(bb.w, 1), (HEIGHT - 2 * PAD) / Math.max(bb.h, 1));
    this.map = { s, ox: (WIDTH - bb.w * s) / 2, oy: (HEIGHT - bb.h * s) / 2, bb };
    const { ox, oy } = this.map;
    const pic = document.createElement('canvas');
    pic.width = this.el.width;
    pic.height = this.el.height;
    const ctx = pic.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const border = getComputedStyle(this.el).getPropertyValue('--muted').trim() || '#687385';
    ctx.strokeStyle = border;
    ctx.lineWidth = 0.6;
    this.cy.nodes().forEach((n) => {
      const b = n.boundingBox({ includeLabels: false });
      const x = ox + (b.x1 - bb.x1) * s;
      const y = oy + (b.y1 - bb.y1) * s;
      const w = Math.max(1, b.w * s);
      const h = Math.max(1, b.h * s);
      if (isBox(n)) ctx.strokeRect(x, y, w, h);
      else {
        ctx.fillStyle = n.data('color') || border;
        ctx.fillRect(x, y, w, h);
      }
    });
    return pic;
  }

  /** Centers the view on the graph point under the pointer. */
  panTo(ev) {
    if (!this.map) return;
    const r = this.el.getBoundingClientRect();
    const zoom = this.el.currentCSSZoom || 1; // the rectangle is zoomed, the map is not
    const { s, ox, oy, bb } = this.map;
    const x = bb.x1 + ((ev.clientX - r.left) / zoom - ox) / s;
    const y = bb.y1 + ((ev.clientY - r.top) / zoom - oy) / s;
    const cy = this.cy;
    cy.stop(true, false);
    cy.pan({ x: cy.width() / 2 - x * cy.zoom(), y: cy.height() / 2 - y * cy.zoom() });
  }
}
