// Uploads: several files, a folder (directory picker or drop), archives, graph JSON.

import { readArchive, isArchiveName, LIMITS } from './archive.js';
import { normalizePath, keepSourcePath, stripCommonRoot, tidyFiles, InputError } from './paths.js';

export { InputError };

async function bytesOf(file) {
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Turns picked or dropped files into the analyzer's input. `entries` is a list of
 * {file: File, path: string}. Returns {files, problems, graph} where `graph` is set
 * when a single graph JSON was given instead of sources.
 */
export async function collectInput(entries) {
  const files = [];
  const problems = [];
  let total = 0;
  if (entries.length === 1 && /\.json$/i.test(entries[0].path)) {
    return { files: [], problems, graphText: await entries[0].file.text(), name: entries[0].path };
  }
  for (const { file, path } of entries) {
    if (isArchiveName(path)) {
      const unpacked = readArchive(path, await bytesOf(file));
      problems.push(...(unpacked.problems || []));
      for (const f of stripCommonRoot(unpacked)) {
        files.push(f);
        total += f.bytes.length;
      }
      continue;
    }
    let norm;
    try {
      norm = normalizePath(path);
    } catch (err) {
      problems.push(err.message);
      continue;
    }
    if (!norm || !keepSourcePath(norm)) continue;
    if (file.size > LIMITS.maxFileBytes) {
      problems.push(`${norm}: larger than ${LIMITS.maxFileBytes / 1048576} MB, skipped`);
      continue;
    }
    total += file.size;
    if (total > LIMITS.maxTotalBytes)
      throw new InputError(`The input is larger than ${LIMITS.maxTotalBytes / 1048576} MB of source.`);
    if (files.length >= LIMITS.maxEntries) throw new InputError(`More than ${LIMITS.maxEntries} files were given.`);
    files.push({ path: norm, bytes: await bytesOf(file) });
  }
  const folderLike = entries.some((e) => e.path.includes('/')) && !entries.some((e) => isArchiveName(e.path));
  let out = tidyFiles(folderLike ? stripCommonRoot(files) : files);
  // Loose .rs files without a crate layout: put them under src/ so `lib.rs`/`main.rs` are roots.
  if (!folderLike && out.length && out.every((f) => !f.path.includes('/')) && out.some((f) => f.path.endsWith('.rs'))) {
    out = out.map((f) => (f.path.endsWith('.rs') ? { ...f, path: `src/${f.path}` } : f));
  }
  if (!out.length) throw new InputError('No Rust sources (.rs) or Cargo.toml were found in what was given.');
  return { files: out, problems };
}

/** From an <input type=file> (plain or webkitdirectory). */
export function entriesFromFileList(list) {
  return [...list].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/** From a drop: walks dropped folders through the entries API. */
export async function entriesFromDataTransfer(dt) {
  const items = [...(dt.items || [])];
  const roots = items.map((it) => (it.webkitGetAsEntry ? it.webkitGetAsEntry() : null)).filter(Boolean);
  if (!roots.length) return entriesFromFileList(dt.files || []);
  const out = [];
  let count = 0;
  const walk = async (entry, prefix) => {
    if (++count > LIMITS.maxEntries) throw new InputError(`More than ${LIMITS.maxEntries} files were dropped.`);
    if (entry.isFile) {
      const file = await new Promise((res, rej) => entry.file(res, rej));
      out.push({ file, path: prefix + entry.name });
    } else if (entry.isDirectory) {
      if (['target', '.git', 'node_modules'].includes(entry.name)) return;
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix + entry.name}/`);
      }
    }
  };
  for (const r of roots) await walk(r, '');
  return out;
}
