// Path rules for everything that comes in: uploads, folders and archive entries.

export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Normalizes an entry name to `a/b/c.rs`. Returns null for directory entries.
 * Throws on absolute names, drive letters, `..` segments and NUL bytes.
 */
export function normalizePath(name) {
  const raw = String(name);
  if (raw.includes('\0')) throw new InputError(`Refusing an entry with a NUL byte in its name.`);
  const unified = raw.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) {
    throw new InputError(`Refusing the absolute path "${raw}" in the archive.`);
  }
  if (unified.endsWith('/')) return null;
  const segs = [];
  for (const seg of unified.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..')
      throw new InputError(`Refusing the path "${raw}": it climbs out of the archive (path traversal).`);
    segs.push(seg);
  }
  return segs.length ? segs.join('/') : null;
}

const SKIP_DIRS = new Set(['target', '.git', 'node_modules', '.hg', '.svn']);

/** Rust sources and Cargo manifests, outside build and VCS folders. */
export function keepSourcePath(path) {
  const segs = path.split('/');
  if (segs.some((s) => SKIP_DIRS.has(s))) return false;
  const base = segs[segs.length - 1];
  return base.endsWith('.rs') || base === 'Cargo.toml';
}

/** Drops a leading folder shared by every file (`serde-1.0.0/src/lib.rs` → `src/lib.rs`). */
export function stripCommonRoot(files) {
  if (!files.length) return files;
  const first = files[0].path.split('/');
  if (first.length < 2) return files;
  const root = `${first[0]}/`;
  if (!files.every((f) => f.path.startsWith(root) && f.path.length > root.length)) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(root.length) }));
}

/** Sorted, de-duplicated by path (the last one wins). */
export function tidyFiles(files) {
  const map = new Map();
  for (const f of files) map.set(f.path, f);
  return [...map.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
