// An archive (.crate, .zip, .tar.gz) opened from a URL (`?url=` or `#url=`): fetched
// with fetch(), counted as it arrives, then read like a local archive. Each way it
// can fail has its own message, since the reader only sees the page.

import { concat, LIMITS, readArchive } from './archive.js';
import { InputError } from './paths.js';

/** Hosts a page may fetch over plain http: this machine (the CSP's connect-src says the same). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URL checked: https, or http on this machine or the page's own origin. */
export function checkArchiveUrl(text) {
  let url;
  try {
    url = new URL(text, location.href);
  } catch {
    throw new InputError(`"${text}" is not a URL.`);
  }
  const ok =
    url.protocol === 'https:' ||
    url.origin === location.origin ||
    (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!ok) throw new InputError(`${url.href}: only https URLs (or http on localhost) can be opened.`);
  return url;
}

/** Fetches the archive at `text` and reads it: [{path, bytes}]. */
export async function fetchArchive(text, { signal, limits = LIMITS } = {}) {
  const url = checkArchiveUrl(text);
  let res;
  try {
    res = await fetch(url, { signal, credentials: 'omit' });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new InputError(
      `Could not fetch ${url.href}: the server is unreachable, or it does not allow other sites to read it (CORS).`,
    );
  }
  if (!res.ok) throw new InputError(`${url.href} answered ${res.status} ${res.statusText || ''}`.trim() + '.');
  const declared = Number(res.headers.get('content-length'));
  const tooBig = () =>
    new InputError(`${url.href} is over ${limits.maxArchiveBytes / 1048576} MB; archives that big are not opened.`);
  if (declared > limits.maxArchiveBytes) throw tooBig();
  const chunks = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limits.maxArchiveBytes) {
      reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  const name = decodeURIComponent(url.pathname.split('/').pop() || url.hostname);
  try {
    return readArchive(name, concat(chunks, total), limits);
  } catch (err) {
    const type = res.headers.get('content-type');
    throw new InputError(
      `${url.href} is not a .crate, .zip or .tar.gz archive${type ? ` (the server says ${type})` : ''}: ${err.message}`,
    );
  }
}
