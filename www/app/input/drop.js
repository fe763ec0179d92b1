// Files dropped anywhere on the page: an overlay while dragging, then the entries.

import { $ } from '../../core/dom.js';
import { showBanner } from '../chrome.js';
import { entriesFromDataTransfer } from './files.js';

/** `onEntries(entries)`: what was dropped (see files.js). */
export function acceptDrops(onEntries) {
  let depth = 0;
  const overlay = $('#drop-overlay');
  document.addEventListener('dragenter', (e) => {
    if (e.dataTransfer?.types?.includes('Files')) {
      depth++;
      overlay.hidden = false;
      e.preventDefault();
    }
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types?.includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', async (e) => {
    if (!e.dataTransfer?.types?.includes('Files')) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    try {
      await onEntries(await entriesFromDataTransfer(e.dataTransfer));
    } catch (err) {
      showBanner(err.message || String(err));
    }
  });
}
