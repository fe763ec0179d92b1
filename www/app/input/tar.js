// A small, strict tar reader (ustar, GNU long names, pax path records).
// Only regular files are returned; links and devices are skipped and reported.

import { normalizePath, keepSourcePath, InputError } from './paths.js';

const dec = new TextDecoder();

function field(buf, off, len) {
  let end = off;
  while (end < off + len && buf[end] !== 0) end++;
  return dec.decode(buf.subarray(off, end));
}

function octal(buf, off, len, what) {
  // GNU base-256 encoding for big sizes: refuse (nothing we read is that large).
  if (buf[off] & 0x80) throw new InputError(`The tar archive has an oversized ${what}.`);
  const s = field(buf, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new InputError(`The tar archive is corrupt (bad ${what} field).`);
  return parseInt(s, 8);
}

function checksumOk(buf, off) {
  const stored = octal(buf, off + 148, 8, 'checksum');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : buf[off + i];
  return sum === stored;
}

function parsePax(text) {
  const out = {};
  let pos = 0;
  while (pos < text.length) {
    const sp = text.indexOf(' ', pos);
    if (sp < 0) break;
    const len = parseInt(text.slice(pos, sp), 10);
    if (!(len > 0)) break;
    const rec = text.slice(sp + 1, pos + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Returns [{path, bytes}] for the Rust sources and manifests in a tar archive. */
export function readTar(data, limits, name = 'archive') {
  const out = [];
  const problems = [];
  let off = 0;
  let entries = 0;
  let total = 0;
  let longName = null;
  let pax = null;
  let globalPax = {};
  while (off + 512 <= data.length) {
    // Two zero blocks end the archive; one is enough for us.
    let zero = true;
    for (let i = 0; i < 512; i++)
      if (data[off + i] !== 0) {
        zero = false;
        break;
      }
    if (zero) break;
    if (!checksumOk(data, off))
      throw new InputError(`${name}: the tar header at byte ${off} is corrupt (checksum mismatch).`);
    entries++;
    if (entries > limits.maxEntries) throw new InputError(`${name} has more than ${limits.maxEntries} entries.`);
    const size = octal(data, off + 124, 12, 'size');
    const type = String.fromCharCode(data[off + 156] || 48);
    const magic = field(data, off + 257, 6);
    let entryName = field(data, off + 0, 100);
    const prefix = magic.startsWith('ustar') ? field(data, off + 345, 155) : '';
    if (prefix) entryName = `${prefix}/${entryName}`;
    const bodyStart = off + 512;
    const bodyEnd = bodyStart + size;
    if (bodyEnd > data.length)
      throw new InputError(`${name} is truncated (an entry claims ${size} bytes past the end).`);
    const body = data.subarray(bodyStart, bodyEnd);
    off = bodyStart + Math.ceil(size / 512) * 512;

    if (type === 'L') {
      longName = field(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      pax = parsePax(dec.decode(body));
      continue;
    }
    if (type === 'g') {
      globalPax = { ...globalPax, ...parsePax(dec.decode(body)) };
      continue;
    }
    const fullName = pax?.path || longName || globalPax.path || entryName;
    longName = null;
    pax = null;

    const path = normalizePath(fullName); // throws on traversal and absolute names
    if (type === '5' || path === null) continue; // directory
    if (type === '1' || type === '2') {
      problems.push(`${path}: skipped a ${type === '2' ? 'symbolic' : 'hard'} link`);
      continue;
    }
    if (type !== '0' && type !== '7' && type !== '\0') {
      problems.push(`${path}: skipped a special entry (type ${type})`);
      continue;
    }
    if (!keepSourcePath(path)) continue;
    if (size > limits.maxFileBytes)
      throw new InputError(`${name}: ${path} is larger than ${(limits.maxFileBytes / 1048576).toFixed(0)} MB.`);
    total += size;
    if (total > limits.maxTotalBytes)
      throw new InputError(`${name} holds more than ${(limits.maxTotalBytes / 1048576).toFixed(0)} MB of source.`);
    out.push({ path, bytes: body.slice() });
  }
  out.problems = problems;
  return out;
}
