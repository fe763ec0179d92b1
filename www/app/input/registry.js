// A crate by name from a sparse-index registry (the protocol cargo speaks to crates.io):
// the index file lists every version with its sha256, `config.json` names the download
// host, and the `.crate` is fetched, counted as it arrives, checked against the index's
// checksum and kept in Cache Storage, so a second visit needs no network.

import rcompare from 'semver/functions/rcompare.js';
import valid from 'semver/functions/valid.js';
import { concat, LIMITS, readArchive } from './archive.js';
import { resolveDependencies } from './deps.js';
import { InputError } from './paths.js';

/** The index this build was made for (`CRATEMAP_REGISTRY` at `npm run build`; vite.config.js). */
export const BUILT_REGISTRY = typeof __CRATEMAP_REGISTRY__ === 'string' ? __CRATEMAP_REGISTRY__ : null;

const CACHE = 'cratemap-crates-v1';
/** An index file past this is not a registry's (serde's, with 300 versions, is 0.4 MB). */
const MAX_INDEX_BYTES = 16 * 1024 * 1024;
/** A request that sends nothing for this long is given up. */
export const STALL_MS = 30_000;

/** The registry to use: `?registry=URL` in the page's address, else the build's own. */
export function configuredRegistry(loc = location) {
  const param = new URLSearchParams(loc.search).get('registry');
  return checkIndexUrl(param || BUILT_REGISTRY);
}

/** An index URL as cargo writes it (`sparse+https://…/`), checked and ending in `/`. */
export function checkIndexUrl(text) {
  const bare = String(text || '').replace(/^sparse\+/, '');
  let url;
  try {
    url = new URL(bare);
  } catch {
    throw new InputError(`"${text}" is not a registry index URL.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(`${url.href}: a registry index must be https (or http on localhost).`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * `name` or `name@version`, checked by crates.io's rules before either goes into a URL:
 * ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters; a
 * version is semver.
 */
export function parseCrateSpec(text) {
  const [name, version, ...rest] = String(text).trim().split('@');
  if (rest.length || !/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name)) {
    throw new InputError(`"${text}" is not a crate name (letters, digits, - and _, at most 64).`);
  }
  if (version !== undefined && !valid(version)) {
    throw new InputError(`"${version}" is not a version (semver, such as 1.0.219).`);
  }
  return { name, version: version ?? null };
}

/** Where the index keeps a crate: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`, lower-cased. */
export function indexPath(name) {
  const n = name.toLowerCase();
  return `${prefixOf(n)}/${n}`;
}

/** cargo's `{prefix}` of a name: the index folders it lives in, in the name's own case. */
function prefixOf(name) {
  if (name.length <= 2) return String(name.length);
  if (name.length === 3) return `3/${name[0]}`;
  return `${name.slice(0, 2)}/${name.slice(2, 4)}`;
}

/** An index file's versions, newest first: [{vers, cksum, yanked}]. Lines that do not parse are skipped. */
export function parseIndex(text, name) {
  const versions = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry?.vers !== 'string' || !valid(entry.vers) || !/^[0-9a-f]{64}$/.test(entry.cksum)) continue;
    if (String(entry.name).toLowerCase() !== name.toLowerCase()) continue;
    versions.push({
      name: entry.name,
      vers: entry.vers,
      cksum: entry.cksum,
      yanked: entry.yanked === true,
      deps: Array.isArray(entry.deps) ? entry.deps : [],
      features: { ...entry.features, ...entry.features2 },
    });
  }
  return versions.sort((a, b) => rcompare(a.vers, b.vers));
}

/** The version to open: the one asked for, else the newest release that is not yanked (cargo's pick). */
export function pickVersion(versions, wanted, name) {
  if (wanted) {
    const found = versions.find((v) => v.vers === wanted);
    if (!found) throw new InputError(`${name} has no version ${wanted}.`);
    return found;
  }
  const picked = versions.find((v) => !v.yanked && !v.vers.includes('-')) ?? versions.find((v) => !v.yanked) ?? null;
  if (!picked) throw new InputError(`Every version of ${name} is yanked; ask for one by its number.`);
  return picked;
}

/** The download URL from `config.json`'s `dl`, with cargo's markers, or `/{crate}/{version}/download` appended. */
export function downloadUrl(dl, { name, vers, cksum }) {
  const prefix = prefixOf(name);
  if (!/\{(crate|version|prefix|lowerprefix|sha256-checksum)\}/.test(dl)) {
    return `${dl.replace(/\/$/, '')}/${name}/${vers}/download`;
  }
  return dl
    .replaceAll('{crate}', name)
    .replaceAll('{version}', vers)
    .replaceAll('{prefix}', prefix)
    .replaceAll('{lowerprefix}', prefix.toLowerCase())
    .replaceAll('{sha256-checksum}', cksum);
}

/** The versions of `name` in `registry`, newest first; the cached index when the network fails. */
export async function crateVersions(registry, name, { signal } = {}) {
  const url = new URL(indexPath(name), registry);
  const { response, stall } = await fetchOrCached(url, { signal, what: `the index of ${name}` });
  if (!response.ok) stall?.done();
  if (response.status === 404 || response.status === 410) {
    throw new InputError(`There is no crate named ${name} in ${registry.host}.`);
  }
  if (!response.ok) throw new InputError(`${registry.host} answered ${response.status} for ${name}.`);
  const body = await readBody(response, { maxBytes: MAX_INDEX_BYTES, what: `the index of ${name}`, stall });
  const versions = parseIndex(new TextDecoder().decode(body), name);
  if (!versions.length) throw new InputError(`${registry.host} lists no usable version of ${name}.`);
  return versions;
}

/** Downloads at once while a dependency tree is fetched. */
const CONCURRENT_DOWNLOADS = 6;

/**
 * Opens `spec` (`name` or `name@version`) from `registry`: {name, vers, yanked, files,
 * crates, notes}. With `deps` ({maxDepth}), its dependency tree comes too, each
 * dependency's files under `deps/NAME-VERSION/` beside the crate's own, as one input.
 * `onProgress({loaded, total, done, count})` follows the downloads.
 */
export async function openCrate(spec, { registry, signal, onProgress = () => {}, limits = LIMITS, deps = null } = {}) {
  const { name, version } = parseCrateSpec(spec);
  const indexes = new Map();
  const versionsOf = (crate) => {
    const key = crate.toLowerCase();
    if (!indexes.has(key)) indexes.set(key, crateVersions(registry, crate, { signal }));
    return indexes.get(key);
  };
  const picked = pickVersion(await versionsOf(name), version, name);
  const dl = await downloadHost(registry, signal);
  const tree = deps
    ? await resolveDependencies(picked, { versionsOf, maxDepth: deps.maxDepth })
    : { packages: [], notes: [] };
  const wanted = [picked, ...tree.packages.map((p) => p.entry)];
  const progress = wanted.map(() => ({ loaded: 0, total: 0 }));
  let done = 0;
  const report = () =>
    onProgress({
      loaded: progress.reduce((n, p) => n + p.loaded, 0),
      total: progress.reduce((n, p) => n + p.total, 0),
      done,
      count: wanted.length,
    });
  const archives = await inParallel(wanted, CONCURRENT_DOWNLOADS, async (entry, i) => {
    const url = new URL(downloadUrl(dl, entry), registry);
    try {
      const bytes = await download(url, entry, {
        signal,
        limits,
        onProgress: ({ loaded, total }) => {
          progress[i] = { loaded, total };
          report();
        },
      });
      return { bytes };
    } catch (err) {
      if (i === 0 || err?.name === 'AbortError') throw err;
      return { error: err.message || String(err) };
    } finally {
      done++;
      report();
    }
  });
  const notes = [...tree.notes];
  const files = readArchive(`${picked.name}-${picked.vers}.crate`, archives[0].bytes, limits);
  const rootDir = commonFolder(files);
  let bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  for (let i = 1; i < wanted.length; i++) {
    const { name: dep, vers } = wanted[i];
    if (archives[i].error) {
      notes.push(`${dep} ${vers} is left out: ${archives[i].error}`);
      continue;
    }
    let read;
    try {
      read = readArchive(`${dep}-${vers}.crate`, archives[i].bytes, limits);
    } catch (err) {
      notes.push(`${dep} ${vers} is left out: ${err.message || err}`);
      continue;
    }
    const size = read.reduce((n, f) => n + f.bytes.length, 0);
    if (bytes + size > limits.maxCrateTreeBytes) {
      notes.push(
        `${dep} ${vers} is left out: with it the sources would pass ${limits.maxCrateTreeBytes / 1048576} MB, the limit for one graph.`,
      );
      continue;
    }
    bytes += size;
    for (const f of read) files.push({ path: `${rootDir}deps/${f.path}`, bytes: f.bytes });
  }
  return {
    name: picked.name,
    vers: picked.vers,
    yanked: picked.yanked,
    files,
    crates: wanted.length - notes.filter((n) => / is left out: /.test(n)).length,
    notes,
  };
}

/** `config.json`'s `dl`: where the registry's archives are downloaded from. */
async function downloadHost(registry, signal) {
  const { dl } = await registryConfig(registry, signal);
  if (typeof dl !== 'string') throw new InputError(`${registry.host}'s config.json names no download host (dl).`);
  return dl;
}

/** The registry's `config.json` ({dl, api}), once per page and registry. */
function registryConfig(registry, signal) {
  const key = registry.href;
  if (!configs.has(key)) {
    const load = (async () => {
      const url = new URL('config.json', registry);
      const { response, stall } = await fetchOrCached(url, { signal, what: 'the registry configuration' });
      if (!response.ok) {
        stall?.done();
        throw new InputError(`${registry.host} has no config.json (it answered ${response.status}).`);
      }
      const body = await readBody(response, { maxBytes: MAX_INDEX_BYTES, what: 'config.json', stall });
      try {
        return JSON.parse(new TextDecoder().decode(body));
      } catch {
        throw new InputError(`${registry.host}'s config.json is not JSON.`);
      }
    })();
    load.catch(() => configs.delete(key));
    configs.set(key, load);
  }
  return configs.get(key);
}
const configs = new Map();

/**
 * Crates whose names match `text`, from the registry's web API (`config.json`'s `api`, as
 * crates.io's names it): [{name, version, description}]; none when it has no API. The
 * caller keeps to the API's pace (crates.io asks for one request a second).
 */
export async function suggestCrates(registry, text, { signal } = {}) {
  const query = String(text).trim();
  if (!/^[A-Za-z0-9_-]{2,64}$/.test(query)) return [];
  const { api } = await registryConfig(registry, signal);
  if (typeof api !== 'string' || !/^https?:\/\//.test(api)) return [];
  const url = new URL('api/v1/crates', api.endsWith('/') ? api : `${api}/`);
  url.searchParams.set('q', query);
  url.searchParams.set('per_page', '8');
  const response = await fetch(url, { signal, credentials: 'omit' });
  if (!response.ok) return [];
  const body = await response.json().catch(() => null);
  return (Array.isArray(body?.crates) ? body.crates : [])
    .filter((c) => typeof c?.name === 'string')
    .map((c) => ({
      name: c.name,
      version: String(c.max_stable_version || c.max_version || ''),
      description: String(c.description || ''),
    }));
}

/** The folder every path starts with (an archive's `name-version/`), or ''. */
function commonFolder(files) {
  const first = files[0]?.path.split('/')[0];
  return first && files.every((f) => f.path.startsWith(`${first}/`)) ? `${first}/` : '';
}

/** `fn` over `items` with at most `limit` running at once; the results in order. */
async function inParallel(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The archive's bytes, from the cache or the network, checked against the index's sha256. */
async function download(url, { name, vers, cksum }, { signal, onProgress, limits }) {
  const cache = await openCache();
  const cached = await cache?.match(url.href);
  if (cached) {
    const bytes = new Uint8Array(await cached.arrayBuffer());
    if ((await sha256(bytes)) === cksum) {
      onProgress({ loaded: bytes.length, total: bytes.length, cached: true });
      return bytes;
    }
    await cache.delete(url.href);
  }
  const stall = stallGuard(signal);
  let response;
  try {
    response = await fetch(url, { signal: stall.signal, credentials: 'omit' });
  } catch (err) {
    stall.done();
    if (err?.name === 'AbortError' && signal?.aborted) throw err;
    throw new InputError(
      stall.stalled
        ? `${url.host} stopped answering for ${name} ${vers} (nothing for ${STALL_MS / 1000} s).`
        : `Could not download ${name} ${vers} from ${url.host}: you are offline, or the host does not let this page read it (CORS).`,
    );
  }
  if (!response.ok) {
    stall.done();
    throw new InputError(`${url.host} answered ${response.status} for ${name} ${vers}.`);
  }
  const total = Number(response.headers.get('content-length')) || 0;
  const bytes = await readBody(response, {
    maxBytes: limits.maxArchiveBytes,
    what: `${name} ${vers}`,
    stall,
    onChunk: (loaded) => onProgress({ loaded, total }),
  });
  if ((await sha256(bytes)) !== cksum) {
    throw new InputError(
      `${name} ${vers} from ${url.host} does not match the index's checksum: the download is damaged or was changed, so it is not opened.`,
    );
  }
  await cache?.put(url.href, new Response(bytes, { headers: { 'Content-Type': 'application/gzip' } }));
  return bytes;
}

/**
 * The network's answer for an index file, which changes when a version is published
 * (so it is fetched each time and cached as it comes); the cached copy when offline:
 * {response, stall}, the guard its body is read under.
 */
async function fetchOrCached(url, { signal, what }) {
  const cache = await openCache();
  const stall = stallGuard(signal);
  try {
    const response = await fetch(url, { signal: stall.signal, credentials: 'omit', cache: 'no-cache' });
    if (response.ok) await cache?.put(url.href, response.clone());
    return { response, stall };
  } catch (err) {
    stall.done();
    if (err?.name === 'AbortError' && signal?.aborted) throw err;
    const cached = await cache?.match(url.href);
    if (cached) return { response: cached, stall: null };
    throw new InputError(
      `Could not read ${what} from ${url.host}: you are offline, or the host does not let this page read it (CORS).`,
    );
  }
}

/**
 * Aborts a request that sends nothing for `STALL_MS` (`stallMs`): `signal` for fetch,
 * `alive()` after each chunk, `done()` at the end; `stalled` says why it was aborted.
 */
export function stallGuard(outer, stallMs = STALL_MS) {
  const controller = new AbortController();
  const guard = { signal: controller.signal, stalled: false };
  const abort = () => controller.abort(outer.reason);
  outer?.addEventListener('abort', abort, { once: true });
  let timer = 0;
  guard.alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      guard.stalled = true;
      controller.abort(new DOMException('stalled', 'TimeoutError'));
    }, stallMs);
  };
  guard.done = () => {
    clearTimeout(timer);
    outer?.removeEventListener('abort', abort);
  };
  guard.alive();
  return guard;
}

/**
 * A response's body, counted as it arrives and refused past `maxBytes`; `what` names it
 * in the errors (too big, cut off, stalled).
 */
export async function readBody(response, { maxBytes, what, stall = null, onChunk = () => {} }) {
  const declared = Number(response.headers.get('content-length')) || 0;
  const tooBig = () => new InputError(`${what} is over ${Math.round(maxBytes / 1048576)} MB; that is not opened.`);
  try {
    if (declared > maxBytes) throw tooBig();
    const chunks = [];
    let loaded = 0;
    const reader = response.body.getReader();
    for (;;) {
      let step;
      try {
        step = await reader.read();
      } catch (err) {
        if (stall?.stalled) throw new InputError(`${what} stopped arriving (nothing for ${STALL_MS / 1000} s).`);
        if (err?.name === 'AbortError') throw err;
        throw new InputError(`${what} broke off after ${loaded} bytes.`);
      }
      if (step.done) break;
      stall?.alive();
      loaded += step.value.length;
      if (loaded > maxBytes) {
        reader.cancel();
        throw tooBig();
      }
      chunks.push(step.value);
      onChunk(loaded);
    }
    if (declared && loaded !== declared) throw new InputError(`${what} broke off after ${loaded} bytes.`);
    return concat(chunks, loaded);
  } finally {
    stall?.done();
  }
}

/** Cache Storage, where the page has it (a secure context); null elsewhere, which only costs the cache. */
async function openCache() {
  try {
    return globalThis.caches ? await caches.open(CACHE) : null;
  } catch {
    return null;
  }
}

/** Forgets every downloaded crate and index file. */
export async function clearCrateCache() {
  if (globalThis.caches) await caches.delete(CACHE);
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
