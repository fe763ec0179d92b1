// A crate by name from a sparse-index registry (the protocol cargo speaks to crates.io):
// the index file lists every version with its sha256, `config.json` names the download
// host, and the `.crate` is fetched, counted as it arrives, checked against the index's
// checksum and kept in Cache Storage, so a second visit needs no network.

import rcompare from 'semver/functions/rcompare.js';
import valid from 'semver/functions/valid.js';
import { concat, LIMITS, readArchive } from './archive.js';
import { InputError } from './paths.js';

/** The index this build was made for (`CRATEMAP_REGISTRY` at `npm run build`; vite.config.js). */
export const BUILT_REGISTRY = typeof __CRATEMAP_REGISTRY__ === 'string' ? __CRATEMAP_REGISTRY__ : null;

const CACHE = 'cratemap-crates-v1';

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
    versions.push({ name: entry.name, vers: entry.vers, cksum: entry.cksum, yanked: entry.yanked === true });
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
  const response = await fetchOrCached(url, { signal, what: `the index of ${name}` });
  if (response.status === 404 || response.status === 410) {
    throw new InputError(`There is no crate named ${name} in ${registry.host}.`);
  }
  if (!response.ok) throw new InputError(`${registry.host} answered ${response.status} for ${name}.`);
  const versions = parseIndex(await response.text(), name);
  if (!versions.length) throw new InputError(`${registry.host} lists no usable version of ${name}.`);
  return versions;
}

/**
 * Opens `spec` (`name` or `name@version`) from `registry`: {name, vers, files}.
 * `onProgress({loaded, total})` follows the download.
 */
export async function openCrate(spec, { registry, signal, onProgress = () => {}, limits = LIMITS } = {}) {
  const { name, version } = parseCrateSpec(spec);
  const versions = await crateVersions(registry, name, { signal });
  const picked = pickVersion(versions, version, name);
  const config = await fetchOrCached(new URL('config.json', registry), { signal, what: 'the registry configuration' });
  if (!config.ok) throw new InputError(`${registry.host} has no config.json (it answered ${config.status}).`);
  let dl;
  try {
    dl = (await config.json()).dl;
  } catch {
    dl = null;
  }
  if (typeof dl !== 'string') throw new InputError(`${registry.host}'s config.json names no download host (dl).`);
  const url = new URL(downloadUrl(dl, picked), registry);
  const bytes = await download(url, picked, { signal, onProgress, limits });
  const label = `${picked.name}-${picked.vers}.crate`;
  const files = readArchive(label, bytes, limits);
  return { name: picked.name, vers: picked.vers, yanked: picked.yanked, files };
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
  let response;
  try {
    response = await fetch(url, { signal, credentials: 'omit' });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new InputError(
      `Could not download ${name} ${vers} from ${url.host}: you are offline, or the host does not let this page read it (CORS).`,
    );
  }
  if (!response.ok) throw new InputError(`${url.host} answered ${response.status} for ${name} ${vers}.`);
  const tooBig = () =>
    new InputError(`${name} ${vers} is over ${limits.maxArchiveBytes / 1048576} MB; archives that big are not opened.`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (total > limits.maxArchiveBytes) throw tooBig();
  const chunks = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (err) {
      if (err?.name === 'AbortError') throw err;
      throw new InputError(`The download of ${name} ${vers} broke off after ${loaded} bytes.`);
    }
    if (step.done) break;
    loaded += step.value.length;
    if (loaded > limits.maxArchiveBytes) {
      reader.cancel();
      throw tooBig();
    }
    chunks.push(step.value);
    onProgress({ loaded, total });
  }
  if (total && loaded !== total)
    throw new InputError(`The download of ${name} ${vers} broke off after ${loaded} bytes.`);
  const bytes = concat(chunks, loaded);
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
 * (so it is fetched each time and cached as it comes); the cached copy when offline.
 */
async function fetchOrCached(url, { signal, what }) {
  const cache = await openCache();
  try {
    const response = await fetch(url, { signal, credentials: 'omit', cache: 'no-cache' });
    if (response.ok) await cache?.put(url.href, response.clone());
    return response;
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    const cached = await cache?.match(url.href);
    if (cached) return cached;
    throw new InputError(
      `Could not read ${what} from ${url.host}: you are offline, or the host does not let this page read it (CORS).`,
    );
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
