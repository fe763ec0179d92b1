// Share links: small inputs travel in the URL fragment, deflated and base64url-encoded
// (`#src=`); an archive opened from a URL travels as that URL (`#url=`), a crate from the
// registry as its name and version (`#crate=serde@1.0.219`). The fragment never reaches a
// server.

import { deflateSync, Inflate, strToU8, strFromU8 } from 'fflate';
import { inflateLimited } from './input/archive.js';

export const MAX_SHARE_SOURCE = 96 * 1024; // raw bytes of source
const MAX_FRAGMENT = 48 * 1024; // encoded characters
const MAX_INFLATED = 4 * 1024 * 1024;

function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '==='.slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const dec = new TextDecoder();

/** Returns the fragment (without '#') or throws when the input is too big to share. */
export function encodeShare(files, extra = {}) {
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > MAX_SHARE_SOURCE) {
    throw new Error(
      `This input is ${(total / 1024).toFixed(0)} KB; links can carry up to ${MAX_SHARE_SOURCE / 1024} KB of source. ` +
        'To share it, put its .crate, .zip or .tar.gz on a web server and open it here with ?url=<its address> ' +
        '(Share then links that address), or export the graph JSON.',
    );
  }
  const payload = { v: 1, files: files.map((f) => [f.path, dec.decode(f.bytes)]), ...extra };
  const packed = toBase64Url(deflateSync(strToU8(JSON.stringify(payload)), { level: 9 }));
  if (packed.length > MAX_FRAGMENT)
    throw new Error('This input does not compress small enough for a link. Export the graph JSON instead.');
  return `src=${packed}`;
}

/** Reads a fragment made by encodeShare; returns null when there is none. */
export function decodeShare(hash) {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new URLSearchParams(h);
  const packed = params.get('src');
  if (!packed) return null;
  if (packed.length > MAX_FRAGMENT * 2) throw new Error('The shared link is too long to open.');
  let out;
  try {
    out = inflateLimited(Inflate, fromBase64Url(packed), MAX_INFLATED);
  } catch {
    out = { error: true };
  }
  if (out.error) throw new Error('The shared link is damaged: its source could not be decompressed.');
  if (!out.bytes) throw new Error('The shared link expands to too much data.');
  const raw = out.bytes;
  let payload;
  try {
    payload = JSON.parse(strFromU8(raw));
  } catch {
    throw new Error('The shared link is damaged: bad data.');
  }
  if (payload?.v !== 1 || !Array.isArray(payload.files)) throw new Error('The shared link has an unknown format.');
  const enc = new TextEncoder();
  const files = payload.files
    .filter((f) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string')
    .map(([path, text]) => ({ path, bytes: enc.encode(text) }));
  return {
    files,
    view: typeof payload.view === 'string' ? payload.view : null,
    focus: typeof payload.focus === 'string' ? payload.focus : null,
  };
}

/** The ways a link names its source instead of carrying it. */
const LINK_KEYS = ['url', 'crate'];

/** The fragment for a source named by `link` (`{url}` or `{crate}`), with the view and focus. */
export function encodeLinkShare(link, { view, focus } = {}) {
  const params = new URLSearchParams(link);
  if (view) params.set('view', view);
  if (focus) params.set('focus', focus);
  return params.toString();
}

/**
 * `{url, view, focus}` from `?url=`/`#url=`, or `{crate, view, focus}` from
 * `?crate=`/`#crate=`, in the page's address; null when it names no source.
 */
export function sharedLink(loc) {
  for (const part of [loc.hash, loc.search]) {
    const params = new URLSearchParams((part || '').replace(/^[#?]/, ''));
    for (const key of LINK_KEYS) {
      const value = params.get(key);
      if (value)
        return { [key]: value, view: params.get('view'), focus: params.get('focus'), deps: params.get('deps') };
    }
  }
  return null;
}
