// Bundled examples. The default is cratemap's own source, read at build time.

import selfSource from 'virtual:cratemap-self';

const raw = import.meta.glob('./examples/**/*.{rs,toml}', { query: '?raw', import: 'default', eager: true });

function group(prefix) {
  const files = [];
  for (const [key, text] of Object.entries(raw)) {
    if (key.startsWith(`./examples/${prefix}/`)) files.push({ path: key.slice(`./examples/${prefix}/`.length), text });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export const EXAMPLES = [
  { id: 'cratemap', title: 'cratemap (this tool’s own source)', files: () => selfSource },
  { id: 'interpreter', title: 'Expression interpreter (3 modules)', files: () => group('interpreter') },
  { id: 'shapes', title: 'Shapes (traits and impls)', files: () => group('shapes') },
  { id: 'kvstore', title: 'Key-value store (binary, nested modules)', files: () => group('kvstore') },
];

export const DEFAULT_EXAMPLE = 'cratemap';

const enc = new TextEncoder();
export function exampleFiles(id) {
  const ex = EXAMPLES.find((e) => e.id === id) || EXAMPLES[0];
  return ex.files().map((f) => ({ path: f.path, bytes: enc.encode(f.text) }));
}
