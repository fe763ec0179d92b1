// A crate's dependency tree by cargo's rules, from the registry's index alone: each
// requirement takes the greatest compatible version that is not yanked (one version per
// semver-compatible range, shared by every dependent that it satisfies), with features
// unified across dependents (default features unless turned off, the ones a dependent
// asks for, and what each feature enables), optional dependencies only when a feature
// turns them on, and renamed dependencies (`package = ...`) by their real name.
//
// Decisions where cargo needs what a page does not have: dev- and build-dependencies are
// left out (they are not part of what a crate's users compile), and so are
// platform-specific ones (`[target.'cfg(..)'.dependencies]`), since which of those a build
// takes depends on a platform the page does not know.

import maxSatisfying from 'semver/ranges/max-satisfying.js';
import satisfies from 'semver/functions/satisfies.js';
import major from 'semver/functions/major.js';
import minor from 'semver/functions/minor.js';
import patch from 'semver/functions/patch.js';

/** cargo's requirement syntax as a node-semver range: a bare `1.2.3` is `^1.2.3` in cargo. */
export function cargoRange(req) {
  return String(req)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (/^[\d]/.test(part) ? `^${part}` : part.replace(/^([<>=~^]+)\s+/, '$1')))
    .join(' ');
}

/** The semver-compatible range a version is in (`1.x`, `0.3.x`, `0.0.4`): cargo keeps one version per range. */
function compatible(vers) {
  if (major(vers) > 0) return `${major(vers)}`;
  if (minor(vers) > 0) return `0.${minor(vers)}`;
  return `0.0.${patch(vers)}`;
}

/**
 * The packages `root` (an index entry) depends on, nearest first: [{entry, depth, reqs}],
 * each `reqs` the requirements that chose it ({from, name, req}); `notes` says what was
 * left out and why. `versionsOf(name)` resolves with a crate's index entries;
 * `maxDepth` 1 stops at direct dependencies.
 */
export async function resolveDependencies(root, { versionsOf, maxDepth = Number.POSITIVE_INFINITY, maxCrates = 500 }) {
  const notes = [];
  /** Packages by `name@range`: {entry, depth, features: Set, reqs}. */
  const chosen = new Map();
  const rootPkg = { entry: root, depth: 0, features: new Set(['default']), reqs: [] };
  let queue = [rootPkg];
  while (queue.length) {
    // Every index file this level needs, asked for at once: the walk below then waits on
    // none of them one by one.
    const level = queue.filter((pkg) => pkg.depth < maxDepth);
    await Promise.allSettled(level.flatMap((pkg) => wanted(pkg.entry, pkg.features).map((w) => versionsOf(w.package))));
    const next = [];
    for (const pkg of queue) {
      if (pkg.depth >= maxDepth) continue;
      for (const want of wanted(pkg.entry, pkg.features)) {
        const found = await choose(want, pkg, versionsOf, chosen, notes);
        if (!found) continue;
        let added = found.fresh;
        for (const f of want.features) {
          if (!found.pkg.features.has(f)) {
            found.pkg.features.add(f);
            added = true;
          }
        }
        if (added) next.push(found.pkg);
      }
      if (chosen.size > maxCrates) {
        notes.push(`The dependency tree has more than ${maxCrates} crates; the rest is left out.`);
        queue = [];
        break;
      }
    }
    queue = [...new Set(next)];
  }
  const packages = [...chosen.values()].sort((a, b) => a.depth - b.depth || a.entry.name.localeCompare(b.entry.name));
  return { packages, notes };
}

/** The version a requirement takes: the one already chosen in its range if it fits, else the greatest. */
async function choose(want, from, versionsOf, chosen, notes) {
  let entries;
  try {
    entries = await versionsOf(want.package);
  } catch (err) {
    notes.push(`${want.package} (a dependency of ${from.entry.name}) is left out: ${err.message || err}`);
    return null;
  }
  const range = cargoRange(want.req);
  for (const pkg of chosen.values()) {
    if (pkg.entry.name === entries[0]?.name && satisfies(pkg.entry.vers, range)) {
      addReq(pkg, from, want);
      return { pkg, fresh: false };
    }
  }
  const usable = entries.filter((e) => !e.yanked).map((e) => e.vers);
  const vers = maxSatisfying(usable, range);
  if (!vers) {
    notes.push(
      `${want.package} ${want.req} (a dependency of ${from.entry.name}) is left out: no version that is not yanked matches.`,
    );
    return null;
  }
  const entry = entries.find((e) => e.vers === vers);
  const pkg = { entry, depth: from.depth + 1, features: new Set(), reqs: [] };
  addReq(pkg, from, want);
  chosen.set(`${entry.name}@${compatible(vers)}`, pkg);
  return { pkg, fresh: true };
}

/** Records that `from` requires `pkg`, once however often `from` is revisited for more features. */
function addReq(pkg, from, want) {
  if (!pkg.reqs.some((r) => r.from === from.entry.name && r.name === want.name && r.req === want.req))
    pkg.reqs.push({ from: from.entry.name, name: want.name, req: want.req });
}

/**
 * The dependencies `entry` compiles with `features` on: [{name, package, req, features}],
 * each with the features it gets (its own list, `default` unless turned off, and what the
 * dependent's features ask of it with `dep/feature`).
 */
export function wanted(entry, features) {
  const on = enabled(entry, features);
  const out = [];
  for (const dep of entry.deps ?? []) {
    if ((dep.kind ?? 'normal') !== 'normal' || dep.target) continue;
    if (dep.optional && !on.optional.has(dep.name)) continue;
    const asked = new Set(dep.features ?? []);
    if (dep.default_features !== false) asked.add('default');
    for (const f of on.depFeatures.get(dep.name) ?? []) asked.add(f);
    out.push({ name: dep.name, package: dep.package ?? dep.name, req: dep.req, features: asked });
  }
  return out;
}

/** What `features` turn on in `entry`: its features, its optional dependencies, and features of dependencies. */
function enabled(entry, features) {
  const table = { ...(entry.features ?? {}), ...(entry.features2 ?? {}) };
  const optionalDeps = new Set((entry.deps ?? []).filter((d) => d.optional).map((d) => d.name));
  // An optional dependency is its own feature unless some feature names it as `dep:x`.
  const explicit = new Set(
    Object.values(table)
      .flat()
      .filter((f) => f.startsWith('dep:'))
      .map((f) => f.slice(4)),
  );
  const seen = new Set();
  const optional = new Set();
  const depFeatures = new Map();
  const weak = [];
  const stack = [...features];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.startsWith('dep:')) {
      optional.add(f.slice(4));
      continue;
    }
    const slash = f.indexOf('/');
    if (slash > 0) {
      const dep = f.slice(0, slash);
      const feature = f.slice(slash + 1);
      if (dep.endsWith('?')) {
        weak.push([dep.slice(0, -1), feature]);
        continue;
      }
      if (optionalDeps.has(dep)) {
        optional.add(dep);
        if (!explicit.has(dep)) stack.push(dep);
      }
      addTo(depFeatures, dep, feature);
      continue;
    }
    if (table[f]) stack.push(...table[f]);
    else if (optionalDeps.has(f) && !explicit.has(f)) optional.add(f);
  }
  // `dep?/feature` turns the feature on only where the dependency is on anyway.
  for (const [dep, feature] of weak) if (!optionalDeps.has(dep) || optional.has(dep)) addTo(depFeatures, dep, feature);
  return { optional, depFeatures };
}

function addTo(map, key, value) {
  if (!map.has(key)) map.set(key, new Set());
  map.get(key).add(value);
}
