//! Module scopes: what each name means inside each module.
//!
//! Names are interned once, so lookups hash and compare `u32`s rather than
//! strings. Imports are resolved to a fixpoint before any reference is looked
//! up. Each `use` only ever adds to its module's tables (a name gains
//! definitions; an external path gives way to a definition; a glob adds a
//! source), so the fixpoint is reached in place, in source order, whatever
//! that order. A glob is kept as its source, not as copies of the source's
//! names: lookups walk the glob sources on demand.

use super::prelude::{prelude, STD_MACROS};
use super::{dedup, Target};
use crate::discover::Features;
use crate::model::{Graph, NodeId, NodeKind, Visibility};
use dashmap::DashMap;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;

/// An interned identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Name(u32);

/// A `use` leaf: what name it binds, to which path, in which module.
pub(super) struct UseBinding<'g> {
    pub node: NodeId,
    pub module: NodeId,
    /// The name it binds: the `as` name or the last segment; `None` for `_`.
    bound: Option<Name>,
    pub path: Vec<&'g str>,
    pub global: bool,
    pub glob: bool,
    pub public: bool,
}

/// The names a module binds by `use`, explicit or glob.
type Table = HashMap<Name, Target>;

#[derive(Default)]
struct ModuleTables {
    explicit: Table,
    /// The modules and enums this module glob-imports, sorted. The names
    /// they bring in are looked up through them; explicit names and items
    /// shadow those.
    globs: Vec<NodeId>,
}

/// Rounds of import resolution; real crates settle in two to five.
const MAX_ROUNDS: usize = 16;

/// Upper bound on the modules one glob lookup walks (input-derived).
const MAX_GLOB_MODULES: usize = 1024;

/// Upper bound on walks up the module tree (input-derived depth).
const MAX_DEPTH: usize = 10_000;

pub(super) struct Scopes<'g> {
    pub graph: &'g Graph,
    names: HashMap<&'g str, Name>,
    /// Named children of every container (module, enum, trait, impl, fn),
    /// sorted by name: `members[id]`.
    members: Vec<Vec<(Name, NodeId)>>,
    /// The container of every node; `NodeId::MAX` at the roots.
    parent: Vec<NodeId>,
    /// The nearest module of every node (itself for modules).
    module: Vec<NodeId>,
    pub uses: Vec<UseBinding<'g>>,
    tables: HashMap<NodeId, ModuleTables>,
    /// Once imports are settled: `glob_closure` of every module with globs,
    /// so that lookups do not walk the same glob graph again and again.
    glob_closures: HashMap<NodeId, Vec<NodeId>>,
    /// What [`Scopes::globbed`] found, by module and name, once imports are settled: calls ask
    /// for the same few names (`Some`, `Ok`, `Vec`) in the same modules again and again, and
    /// std's `use super::*` chains make each walk long. `None` while imports are resolved,
    /// as what a glob brings in still changes then.
    globbed_found: Option<DashMap<(NodeId, Name), Option<Target>, foldhash::fast::RandomState>>,
    crate_roots: HashMap<&'g str, NodeId>,
    /// `macro_rules!` macros by name, for textual scope across modules.
    macros: HashMap<Name, Vec<NodeId>>,
    /// By crate root: the features a default build turns on, when its manifest tells.
    crate_features: Option<&'g HashMap<NodeId, Features>>,
    /// The names each module binds by a (non-glob) `use`, for [`Scopes::in_module`]'s
    /// choice between an item and an import.
    imported: HashSet<(NodeId, Name)>,
}

/// How far [`Scopes::root_of`] and [`Scopes::cfg_rank`] walk up a node's containers.
const MAX_NESTING: usize = 16;

impl<'g> Scopes<'g> {
    /// `crate_features`: by crate root, for `cfg`s on features (see [`Scopes::cfg_rank`]).
    pub fn build(
        graph: &'g Graph,
        crate_features: Option<&'g HashMap<NodeId, Features>>,
    ) -> Scopes<'g> {
        let n = graph.nodes.len();
        let mut names: HashMap<&'g str, Name> = HashMap::new();
        let mut intern = |s: &'g str| {
            let next = Name(u32::try_from(names.len()).unwrap_or(u32::MAX));
            *names.entry(s).or_insert(next)
        };
        let mut parent = vec![NodeId::MAX; n];
        let mut members: Vec<Vec<(Name, NodeId)>> = vec![Vec::new(); n];
        let mut macros: HashMap<Name, Vec<NodeId>> = HashMap::new();
        for edge in graph
            .edges
            .iter()
            .filter(|e| e.kind == crate::model::EdgeKind::Contains)
        {
            let (Some(slot), Some(child)) = (
                parent.get_mut(edge.target as usize),
                graph.nodes.get(edge.target as usize),
            ) else {
                continue;
            };
            *slot = edge.source;
            if !matches!(child.kind, NodeKind::Impl | NodeKind::Use) {
                let name = intern(child.name.as_str());
                if let Some(list) = members.get_mut(edge.source as usize) {
                    list.push((name, child.id));
                }
                if child.kind == NodeKind::Macro {
                    macros.entry(name).or_default().push(child.id);
                }
            }
        }
        members.par_iter_mut().for_each(|list| list.sort_unstable());
        let module_ids = modules_of(graph, &parent);

        let mut uses = Vec::new();
        for node in graph.nodes.iter().filter(|n| n.kind == NodeKind::Use) {
            let Some(import) = node.details.import() else {
                continue;
            };
            let Some(&module) = parent.get(node.id as usize).filter(|&&p| p != NodeId::MAX) else {
                continue;
            };
            let global = import.starts_with("::");
            let glob = import.ends_with("::*") || import == "*";
            let mut path: Vec<&'g str> = import
                .trim_start_matches("::")
                .split("::")
                .filter(|s| !s.is_empty())
                .collect();
            if glob {
                path.pop();
            }
            let bound = node
                .details
                .alias()
                .or(path.last().copied())
                .filter(|n| *n != "_")
                .map(&mut intern);
            uses.push(UseBinding {
                node: node.id,
                module: module_ids.get(module as usize).copied().unwrap_or(module),
                bound,
                path,
                global,
                glob,
                public: node.visibility != Visibility::Private,
            });
        }
        let crate_roots = graph
            .crates
            .iter()
            .map(|c| (c.name.as_str(), c.module))
            .collect();
        let mut scopes = Scopes {
            graph,
            names,
            members,
            parent,
            module: module_ids,
            uses,
            tables: HashMap::new(),
            glob_closures: HashMap::new(),
            globbed_found: None,
            crate_roots,
            macros,
            crate_features,
            imported: HashSet::new(),
        };
        scopes.drop_imports_cfg_leaves_out();
        scopes.imported = scopes
            .uses
            .iter()
            .filter(|u| !u.glob)
            .filter_map(|u| Some((u.module, u.bound?)))
            .collect();
        scopes.resolve_imports();
        let with_globs: Vec<NodeId> = scopes
            .tables
            .iter()
            .filter(|(_, t)| !t.globs.is_empty())
            .map(|(&m, _)| m)
            .collect();
        let closures: Vec<(NodeId, Vec<NodeId>)> = with_globs
            .par_iter()
            .map(|&m| (m, scopes.glob_closure(m)))
            .collect();
        scopes.glob_closures = closures.into_iter().collect();
        scopes.globbed_found = Some(DashMap::default());
        scopes
    }

    /// Of `use`s that bind the same name in one module under different `cfg`s, drops those
    /// a default build leaves out (`use std::error::Error as StdError` under `feature =
    /// "std"`, `use core::error::Error as StdError` under its negation).
    fn drop_imports_cfg_leaves_out(&mut self) {
        let ranks: Vec<u8> = self.uses.iter().map(|u| self.cfg_rank(u.node)).collect();
        let mut kept: HashSet<(NodeId, Name)> = HashSet::new();
        for (binding, &rank) in self.uses.iter().zip(&ranks) {
            if let (Some(bound), false, true) = (binding.bound, binding.glob, rank > 0) {
                kept.insert((binding.module, bound));
            }
        }
        let mut ranks = ranks.into_iter();
        self.uses.retain(|binding| {
            let rank = ranks.next().unwrap_or(1);
            let replaced = binding
                .bound
                .is_some_and(|bound| kept.contains(&(binding.module, bound)));
            binding.glob || rank > 0 || !replaced
        });
    }

    /// Imports to a fixpoint; an import of something unknown is then known by its own path,
    /// and what depends on it gets another fixpoint. (Known by its path from the first
    /// round, an import not resolved *yet* would keep that path against the real one.)
    fn resolve_imports(&mut self) {
        self.import_rounds(false);
        self.import_rounds(true);
    }

    fn import_rounds(&mut self, by_path: bool) {
        for _ in 0..MAX_ROUNDS {
            // Every import of a round is resolved against the tables the round before left,
            // in parallel (one after another, the rounds were the one serial step of
            // building the scopes); the answers are then joined in, in order.
            let answers: Vec<Option<Target>> = self
                .uses
                .par_iter()
                .map(|b| self.resolve_path(b.module, b.path.iter().copied(), b.global))
                .collect();
            let mut changed = false;
            for (index, target) in answers.into_iter().enumerate() {
                let binding = &self.uses[index];
                let (module, bound) = (binding.module, binding.bound);
                if binding.glob {
                    if let Some(Target::Defs(sources)) = target {
                        let globs = &mut self.tables.entry(module).or_default().globs;
                        for source in sources.into_iter().filter(|&s| s != module) {
                            if let Err(at) = globs.binary_search(&source) {
                                globs.insert(at, source);
                                changed = true;
                            }
                        }
                    }
                    continue;
                }
                let Some(bound) = bound else {
                    continue;
                };
                // Known by its path only if the tables as they are now, with this round's
                // answers joined in, still do not resolve it.
                let target = match target {
                    Some(target) if !is_empty(&target) => target,
                    _ if by_path => {
                        let binding = &self.uses[index];
                        match self.resolve_path(
                            module,
                            binding.path.iter().copied(),
                            binding.global,
                        ) {
                            Some(target) if !is_empty(&target) => target,
                            _ => Target::External(binding.path.join("::")),
                        }
                    }
                    _ => continue,
                };
                let tables = self.tables.entry(module).or_default();
                changed |= join(tables.explicit.entry(bound).or_insert_with(empty), target);
            }
            if !changed {
                break;
            }
        }
    }

    /// What `name` means in `module` through its glob imports: everything
    /// each glob source defines or imports under that name, its own globs
    /// included, joined. Walked on demand rather than copied into each
    /// importer: std's `use super::*` chains would copy over a million
    /// entries.
    fn globbed(&self, module: NodeId, key: Name) -> Option<Target> {
        let mut found = empty();
        let walked;
        let sources = match self.glob_closures.get(&module) {
            Some(sources) => sources,
            None => {
                walked = self.glob_closure(module);
                &walked
            }
        };
        for &source in sources {
            let wanted = |kind: NodeKind| match self.kind(source) {
                NodeKind::Enum => kind == NodeKind::Variant,
                NodeKind::Module => !matches!(kind, NodeKind::Field | NodeKind::Variant),
                _ => false,
            };
            let defs: Vec<NodeId> = self
                .members_by_key(source, key)
                .iter()
                .map(|&(_, id)| id)
                .filter(|&d| wanted(self.kind(d)))
                .collect();
            if !defs.is_empty() {
                join(&mut found, Target::Defs(defs));
            }
            if let Some(target) = self.tables.get(&source).and_then(|t| t.explicit.get(&key)) {
                join(&mut found, target.clone());
            }
        }
        (!is_empty(&found)).then_some(found)
    }

    /// Every module and enum whose names reach `module` through globs, in
    /// breadth-first order. Iterative and bounded, since glob cycles are
    /// common (`pub use child::*` in a parent whose child has `use super::*`).
    fn glob_closure(&self, module: NodeId) -> Vec<NodeId> {
        let mut seen: HashSet<NodeId> = HashSet::new();
        seen.insert(module);
        let mut sources = Vec::new();
        let mut next = 0;
        let mut current = Some(module);
        while let Some(at) = current {
            for &source in self.tables.get(&at).map_or(&[][..], |t| &t.globs) {
                if sources.len() < MAX_GLOB_MODULES && seen.insert(source) {
                    sources.push(source);
                }
            }
            current = sources.get(next).copied();
            next += 1;
        }
        sources
    }

    /// The members of `container` called `name`.
    pub fn members_named(&self, container: NodeId, name: &str) -> &[(Name, NodeId)] {
        match self.names.get(name) {
            Some(&key) => self.members_by_key(container, key),
            None => &[],
        }
    }

    fn members_by_key(&self, container: NodeId, key: Name) -> &[(Name, NodeId)] {
        let Some(list) = self.members.get(container as usize) else {
            return &[];
        };
        let start = list.partition_point(|&(n, _)| n < key);
        let end = start + list[start..].partition_point(|&(n, _)| n == key);
        &list[start..end]
    }

    pub fn kind(&self, id: NodeId) -> NodeKind {
        self.graph
            .nodes
            .get(id as usize)
            .map_or(NodeKind::External, |n| n.kind)
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parent
            .get(id as usize)
            .copied()
            .filter(|&p| p != NodeId::MAX)
    }

    /// 2 when every `cfg` on the node and its containers holds on the reference build (a
    /// default Linux build, with the crate's default features), 0 when one does not, 1 when
    /// that is unknown.
    pub fn cfg_rank(&self, node: NodeId) -> u8 {
        let features = self
            .crate_features
            .and_then(|by_root| by_root.get(&self.root_of(node)))
            .map(|set| &set[..]);
        let mut rank = 2;
        let mut id = Some(node);
        for _ in 0..MAX_NESTING {
            let Some(current) = id else { break };
            let cfgs = self
                .graph
                .nodes
                .get(current as usize)
                .map_or(&[][..], |n| n.details.cfgs.as_slice());
            for predicate in cfgs {
                match super::cfg::evaluate(predicate, features) {
                    Some(true) => {}
                    Some(false) => return 0,
                    None => rank = 1,
                }
            }
            id = self.parent(current);
        }
        rank
    }

    /// The outermost container above a node: its crate's root module.
    pub fn root_of(&self, node: NodeId) -> NodeId {
        let mut root = node;
        for _ in 0..MAX_NESTING {
            match self.parent(root) {
                Some(parent) if parent != root => root = parent,
                _ => break,
            }
        }
        root
    }

    /// The module a node is in (itself for modules).
    pub fn module_of(&self, id: NodeId) -> NodeId {
        self.module.get(id as usize).copied().unwrap_or(id)
    }

    fn crate_root(&self, module: NodeId) -> NodeId {
        let mut id = module;
        for _ in 0..MAX_DEPTH {
            match self.parent(id) {
                Some(p) => id = p,
                None => break,
            }
        }
        id
    }

    fn super_of(&self, module: NodeId) -> NodeId {
        self.parent(module).map_or(module, |p| self.module_of(p))
    }

    /// Resolves a path as written in `scope`.
    pub fn resolve_path<'s>(
        &self,
        scope: NodeId,
        segments: impl IntoIterator<Item = &'s str>,
        global: bool,
    ) -> Option<Target> {
        let module = self.module_of(scope);
        let mut segments = segments.into_iter();
        let first = segments.next()?;
        let mut current = if global {
            match self.crate_roots.get(first) {
                Some(&root) => Target::Defs(vec![root]),
                None => Target::External(first.to_string()),
            }
        } else {
            match first {
                "crate" | "$crate" => Target::Defs(vec![self.crate_root(module)]),
                "self" => Target::Defs(vec![module]),
                "super" => Target::Defs(vec![self.super_of(module)]),
                name => self.lookup(module, name)?,
            }
        };
        for segment in segments {
            current = match current {
                Target::External(path) => Target::External(format!("{path}::{segment}")),
                Target::Defs(defs) => {
                    let mut next = Vec::new();
                    let mut external = None;
                    for &d in &defs {
                        match (segment, self.kind(d)) {
                            ("super", NodeKind::Module) => next.push(self.super_of(d)),
                            ("self", _) => next.push(d),
                            _ => match self.member(d, segment) {
                                Some(Target::Defs(found)) => next.extend(found),
                                Some(found @ Target::External(_)) => {
                                    external = external.or(Some(found))
                                }
                                None => {}
                            },
                        }
                    }
                    match (next.is_empty(), external) {
                        (false, _) => Target::Defs(dedup(next)),
                        (true, Some(external)) => external,
                        (true, None) => return None,
                    }
                }
            };
        }
        Some(current)
    }

    /// A name as seen inside `module`: its own items, explicit imports, glob
    /// imports, crates, then the prelude. Explicit beats glob, as in rustc.
    pub fn lookup(&self, module: NodeId, name: &str) -> Option<Target> {
        if let Some(found) = self.in_module(module, name) {
            return Some(found);
        }
        if let Some(&root) = self.crate_roots.get(name) {
            return Some(Target::Defs(vec![root]));
        }
        if let Some(path) = prelude(name) {
            return Some(Target::External(path.to_string()));
        }
        if matches!(name, "std" | "core" | "alloc" | "proc_macro" | "test") {
            return Some(Target::External(name.to_string()));
        }
        None
    }

    /// A module's own items and imports, without crates or the prelude.
    fn in_module(&self, module: NodeId, name: &str) -> Option<Target> {
        // A name no item or import binds anywhere is in no module.
        let &key = self.names.get(name)?;
        let defs: Vec<NodeId> = self
            .members_by_key(module, key)
            .iter()
            .map(|&(_, id)| id)
            .collect();
        let tables = self.tables.get(&module);
        if !defs.is_empty() {
            // An item under a `cfg` a default build leaves out loses to an import of the same
            // name that it keeps (`#[cfg(feature = "std")] use std::error::Error as StdError;`
            // beside `#[cfg(not(feature = "std"))] trait StdError`). While imports are still
            // being resolved, one not resolved yet means nothing yet (rather than the item,
            // which would stick).
            if self.imported.contains(&(module, key)) && defs.iter().all(|&d| self.cfg_rank(d) == 0)
            {
                let import = tables.and_then(|t| t.explicit.get(&key));
                return Some(import.cloned().unwrap_or_else(empty));
            }
            return Some(Target::Defs(defs));
        }
        let tables = tables?;
        match tables.explicit.get(&key) {
            Some(explicit) => (!is_empty(explicit)).then(|| explicit.clone()),
            None if tables.globs.is_empty() => None,
            None => {
                let Some(memo) = &self.globbed_found else {
                    return self.globbed(module, key);
                };
                // Looked up, then filled in: no lock of the map is held across the walk.
                if let Some(found) = memo.get(&(module, key)) {
                    return found.clone();
                }
                let found = self.globbed(module, key);
                memo.insert((module, key), found.clone());
                found
            }
        }
    }

    /// A name inside a definition: a module's items and imports, an enum's
    /// variants, a trait's items.
    fn member(&self, def: NodeId, name: &str) -> Option<Target> {
        match self.kind(def) {
            NodeKind::Module => self.in_module(def, name),
            _ => {
                let defs: Vec<NodeId> = self
                    .members_named(def, name)
                    .iter()
                    .map(|&(_, id)| id)
                    .collect();
                (!defs.is_empty()).then_some(Target::Defs(defs))
            }
        }
    }

    /// The `macro_rules!` macros a bare `name!` can mean from `scope`: the
    /// nearest enclosing module that defines one (textual scope flows into
    /// child modules), else any in the crate (`#[macro_use]` and
    /// `#[macro_export]` carry them across modules), else a std macro.
    pub fn macro_named(&self, scope: NodeId, name: &str) -> Option<Target> {
        let is_macro = |&(_, id): &(Name, NodeId)| self.kind(id) == NodeKind::Macro;
        let mut module = Some(self.module_of(scope));
        for _ in 0..MAX_DEPTH {
            let Some(m) = module else { break };
            let found: Vec<NodeId> = self
                .members_named(m, name)
                .iter()
                .filter(|e| is_macro(e))
                .map(|&(_, id)| id)
                .collect();
            if !found.is_empty() {
                return Some(Target::Defs(found));
            }
            module = self.parent(m).map(|p| self.module_of(p));
        }
        let root = self.crate_root(self.module_of(scope));
        let in_crate: Vec<NodeId> = self
            .names
            .get(name)
            .and_then(|key| self.macros.get(key))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&m| self.crate_root(self.module_of(m)) == root)
            .collect();
        if !in_crate.is_empty() {
            return Some(Target::Defs(in_crate));
        }
        STD_MACROS
            .contains(&name)
            .then(|| Target::External(format!("std::{name}")))
    }
}

fn empty() -> Target {
    Target::Defs(Vec::new())
}

fn is_empty(target: &Target) -> bool {
    matches!(target, Target::Defs(d) if d.is_empty())
}

/// Merges what a `use` found into what a name already meant: definitions
/// accumulate, and a definition wins over an external path. True on change.
fn join(slot: &mut Target, found: Target) -> bool {
    match (&mut *slot, found) {
        (Target::Defs(defs), Target::Defs(more)) => {
            let before = defs.len();
            defs.extend(more);
            *defs = dedup(std::mem::take(defs));
            defs.len() != before
        }
        (Target::Defs(defs), external @ Target::External(_)) if defs.is_empty() => {
            *slot = external;
            true
        }
        (Target::External(_), found @ Target::Defs(_)) if !is_empty(&found) => {
            *slot = found;
            true
        }
        (Target::External(old), Target::External(new)) if new < *old => {
            *old = new;
            true
        }
        _ => false,
    }
}

/// The nearest module of every node, in one pass over the parent links.
fn modules_of(graph: &Graph, parent: &[NodeId]) -> Vec<NodeId> {
    let kind = |id: NodeId| graph.nodes.get(id as usize).map(|n| n.kind);
    (0..parent.len())
        .into_par_iter()
        .map(|start| {
            let mut id = NodeId::try_from(start).unwrap_or(NodeId::MAX);
            for _ in 0..MAX_DEPTH {
                if kind(id) == Some(NodeKind::Module) {
                    return id;
                }
                match parent.get(id as usize).filter(|&&p| p != NodeId::MAX) {
                    Some(&p) => id = p,
                    None => return id,
                }
            }
            id
        })
        .collect()
}

#[cfg(test)]
mod tests;
