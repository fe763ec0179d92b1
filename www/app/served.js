// `cratemap serve PATH`: the local server has analyzed a crate natively and
// serves its graph and sources. It marks the page with
// <meta name="cratemap-serve">; elsewhere (static hosts, vite) nothing here runs.

const POLL_MS = 1000;
const enc = new TextEncoder();

export function isServed() {
  return document.querySelector('meta[name="cratemap-serve"]') !== null;
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** The served crate: {version, root, graph, files: [{path, bytes}]}. */
export async function loadServed() {
  const session = await getJson('api/session');
  const [graph, sources] = await Promise.all([getJson('api/graph.json'), getJson('api/sources.json')]);
  const files = sources.files.map((f) => ({ path: f.path, bytes: enc.encode(f.text) }));
  return { version: session.version, root: session.root, graph, files };
}

/** Calls `onChange()` whenever the server has re-analyzed; `current()` is the version shown. */
export function watchServed(current, onChange) {
  let busy = false;
  setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const { version } = await getJson('api/session');
      if (version !== current()) await onChange();
    } catch {
      // The server may be restarting; try again on the next tick.
    } finally {
      busy = false;
    }
  }, POLL_MS);
}
