// Archives: .zip (fflate), .crate / .tar.gz / .tgz (gzip + our tar reader), plain .tar.
// Inflation is streamed in small input chunks and the output is counted as it comes,
// so a zip bomb is stopped at the limit whatever its headers claim.

import { Unzip, UnzipInflate, Gunzip } from 'fflate';
import { readTar } from './tar.js';
import { normalizePath, keepSourcePath, InputError } from './paths.js';

export const LIMITS = {
  maxArchiveBytes: 200 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024, // uncompressed bytes we are willing to produce
  maxEntries: 50000,
  maxFileBytes: 16 * 1024 * 1024, // one source file
  maxCrateTreeBytes: 64 * 1024 * 1024, // a crate and its dependencies from the registry, in sources
};

const CHUNK = 16 * 1024;

export function isArchiveName(name) {
  return /\.(zip|crate|tar\.gz|tgz|tar)$/i.test(name);
}

/** Reads an archive into [{path, bytes}] (only Rust sources and Cargo manifests). */
export function readArchive(name, data, limits = LIMITS) {
  if (data.length > limits.maxArchiveBytes) {
    throw new InputError(
      `${name} is ${mb(data.length)} MB; archives over ${mb(limits.maxArchiveBytes)} MB are not accepted.`,
    );
  }
  const lower = name.toLowerCase();
  let entries;
  if (lower.endsWith('.zip') || isZip(data)) entries = readZip(name, data, limits);
  else if (lower.endsWith('.tar') && !isGzip(data)) entries = readTar(data, limits, name);
  else if (isGzip(data)) entries = readTar(gunzipLimited(name, data, limits), limits, name);
  else throw new InputError(`${name} is not a zip or gzip archive.`);
  return entries;
}

function isZip(d) {
  return d.length >= 4 && d[0] === 0x50 && d[1] === 0x4b && (d[2] === 3 || d[2] === 5);
}
function isGzip(d) {
  return d.length >= 2 && d[0] === 0x1f && d[1] === 0x8b;
}
function mb(n) {
  return (n / 1048576).toFixed(n < 10485760 ? 1 : 0);
}

function gunzipLimited(name, data, limits = LIMITS) {
  const out = inflateLimited(Gunzip, data, limits.maxTotalBytes);
  if (out.error) throw new InputError(`${name}: the gzip data is corrupt (${out.error.message || out.error}).`);
  if (!out.bytes)
    throw new InputError(
      `${name} expands to more than ${mb(limits.maxTotalBytes)} MB; refusing to unpack it (possible decompression bomb).`,
    );
  return out.bytes;
}

/**
 * Runs fflate's streaming `Decoder` (Gunzip, Inflate) over `data` in small chunks and
 * stops as soon as the output passes `maxBytes`. Returns {bytes} or, past the limit,
 * {bytes: null}; {error} when the data is corrupt.
 */
export function inflateLimited(Decoder, data, maxBytes) {
  const chunks = [];
  let total = 0;
  let over = false;
  const stream = new Decoder((chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      over = true;
      return;
    }
    chunks.push(chunk);
  });
  try {
    for (let off = 0; off < data.length && !over; off += CHUNK) {
      stream.push(data.subarray(off, Math.min(off + CHUNK, data.length)), off + CHUNK >= data.length);
    }
  } catch (error) {
    return { error };
  }
  return { bytes: over ? null : concat(chunks, total) };
}

function readZip(name, data, limits) {
  const out = [];
  const problems = [];
  let total = 0;
  let entries = 0;
  let failure = null;
  const uz = new Unzip();
  uz.register(UnzipInflate);
  uz.onfile = (file) => {
    if (failure) return;
    entries++;
    if (entries > limits.maxEntries) {
      failure = new InputError(`${name} has more than ${limits.maxEntries} entries.`);
      return;
    }
    let path;
    try {
      path = normalizePath(file.name);
    } catch (err) {
      failure = err;
      return;
    }
    if (path === null || !keepSourcePath(path)) return; // a directory, or not a source file
    if (file.compression !== 0 && file.compression !== 8) {
      problems.push(`${path}: unsupported compression method ${file.compression}`);
      return;
    }
    const chunks = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new InputError(`${name}: ${path} is corrupt (${err.message || err}).`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxFileBytes) {
        failure = new InputError(
          `${name}: ${path} expands past ${mb(limits.maxFileBytes)} MB; refusing it (possible zip bomb).`,
        );
        file.terminate();
        return;
      }
      if (total > limits.maxTotalBytes) {
        failure = new InputError(
          `${name} expands past ${mb(limits.maxTotalBytes)} MB; refusing it (possible zip bomb).`,
        );
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out.push({ path, bytes: concat(chunks, size) });
    };
    file.start();
  };
  try {
    for (let off = 0; off < data.length && !failure; off += CHUNK) {
      uz.push(data.subarray(off, Math.min(off + CHUNK, data.length)), off + CHUNK >= data.length);
    }
  } catch (err) {
    if (!failure) failure = new InputError(`${name} is not a readable zip archive (${err.message || err}).`);
  }
  if (failure) throw failure;
  out.problems = problems;
  return out;
}

export function concat(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const buf = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    buf.set(c, off);
    off += c.length;
  }
  return buf;
}
