//! Resolve: syntax-only name resolution over the frozen graph.
//!
//! Three passes, each parallel over its references with rayon:
//! 1. impl and trait headers (`implements`, `impl_for`, `supertrait`), which
//!    build the index of what each type implements;
//! 2. every other path (`refers_to`, `macro_call`) and every `use`
//!    (`imports`, `reexports`);
//! 3. calls, which need both.
//!
//! A name that resolves to nothing in the input becomes an `external` node
//! when its path is known (an extern crate path, a prelude name), so a
//! reference never just disappears.

use crate::freeze::{Call, Frozen, Reference};
use crate::model::{Confidence, Edge, EdgeKind, Graph, Node, NodeId, NodeKind, Visibility};
use crate::state::{Callee, Receiver};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a path led.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// Definitions in the input (more than one under different `cfg`s).
    Defs(Vec<NodeId>),
    /// Something outside the input, by its full path.
    External(String),
}

/// An edge to be added; externals are numbered once all are known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    source: NodeId,
    kind: EdgeKind,
    target: Target,
    confidence: Option<Confidence>,
}

pub fn resolve(frozen: &mut Frozen) {
    let scopes = Scopes::build(&frozen.graph, &frozen.impl_self);

    let headers: Vec<Found> = frozen
        .references
        .par_iter()
        .filter(|r| {
            matches!(
                r.kind,
                EdgeKind::Implements | EdgeKind::ImplFor | EdgeKind::Supertrait
            )
        })
        .flat_map_iter(|r| scopes.reference(r))
        .collect();
    let impls = ImplIndex::build(&frozen.graph, &headers);

    let mut found: Vec<Found> = frozen
        .references
        .par_iter()
        .filter(|r| {
            !matches!(
                r.kind,
                EdgeKind::Implements | EdgeKind::ImplFor | EdgeKind::Supertrait
            )
        })
        .flat_map_iter(|r| scopes.reference(r))
        .collect();
    found.extend(headers);
    found.par_extend(
        scopes
            .uses
            .par_iter()
            .flat_map_iter(|u| scopes.use_edges(u)),
    );

    // Field types resolve through `refers_to`, which calls on `self.field` need.
    let refers: HashMap<NodeId, Vec<NodeId>> = {
        let mut map: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
        for f in found.iter().filter(|f| f.kind == EdgeKind::RefersTo) {
            if let Target::Defs(defs) = &f.target {
                map.entry(f.source).or_default().extend(defs);
            }
        }
        map
    };
    let calls = Calls {
        scopes: &scopes,
        impls: &impls,
        refers: &refers,
        graph: &frozen.graph,
    };
    found.par_extend(frozen.calls.par_iter().flat_map_iter(|c| calls.resolve(c)));

    add_found(&mut frozen.graph, found);
    crate::freeze::count(&mut frozen.graph);
}

/// Adds the edges, numbering the externals they name after every other node,
/// in path order.
fn add_found(graph: &mut Graph, found: Vec<Found>) {
    let externals: BTreeSet<&str> = found
        .iter()
        .filter_map(|f| match &f.target {
            Target::External(path) => Some(path.as_str()),
            Target::Defs(_) => None,
        })
        .collect();
    let first = graph.nodes.len();
    let external_id: HashMap<String, NodeId> = externals
        .iter()
        .enumerate()
        .map(|(i, path)| {
            (
                path.to_string(),
                NodeId::try_from(first + i).unwrap_or(NodeId::MAX),
            )
        })
        .collect();
    for path in externals {
        let id = external_id[path];
        graph.nodes.push(Node {
            id,
            kind: NodeKind::External,
            name: path.rsplit("::").next().unwrap_or(path).to_string(),
            path: path.to_string(),
            file: None,
            span: None,
            visibility: Visibility::Public,
            details: Default::default(),
        });
    }
    for f in found {
        let targets = match f.target {
            Target::Defs(defs) => defs,
            Target::External(path) => vec![external_id[&path]],
        };
        for target in targets {
            graph.edges.push(Edge {
                source: f.source,
                target,
                kind: f.kind,
                confidence: f.confidence,
            });
        }
    }
    graph.edges.sort_unstable();
    graph
        .edges
        .dedup_by(|b, a| (a.source, a.target, a.kind) == (b.source, b.target, b.kind));
}

/// A `use` leaf: what name it binds, to which path, in which module.
struct UseBinding {
    node: NodeId,
    module: NodeId,
    /// The name it binds: the `as` name or the last segment.
    bound: Option<String>,
    path: Vec<String>,
    global: bool,
    glob: bool,
    public: bool,
}

/// Names bound in a module by `use` items, explicit or glob.
type NameTable = BTreeMap<String, Target>;

/// Module scopes: the names each module defines and imports.
///
/// Imports are resolved to a fixpoint before any reference is looked up:
/// each round resolves every `use` against the previous round's tables, so
/// chains of re-exports and globs settle in a few rounds, and the result is
/// a function of the input alone (no lookup order, no recursion, no cycles).
struct Scopes<'g> {
    graph: &'g Graph,
    /// Named children of each container (module, enum, trait, impl, fn).
    members: HashMap<NodeId, HashMap<&'g str, Vec<NodeId>>>,
    uses: Vec<UseBinding>,
    /// Use bindings of each module, in source order.
    module_uses: BTreeMap<NodeId, Vec<usize>>,
    /// Names that explicit `use` items bind, per module.
    imported: HashMap<NodeId, NameTable>,
    /// Names that glob imports bring in, per module (explicit ones win).
    globbed: HashMap<NodeId, NameTable>,
    parent: HashMap<NodeId, NodeId>,
    crate_roots: HashMap<&'g str, NodeId>,
    /// The impl's self type name, for impls.
    impl_self: &'g HashMap<NodeId, String>,
}

/// Rounds of import resolution; real crates settle in two to five.
const MAX_ROUNDS: usize = 12;

impl<'g> Scopes<'g> {
    fn build(graph: &'g Graph, impl_self: &'g HashMap<NodeId, String>) -> Scopes<'g> {
        let mut parent = HashMap::new();
        let mut members: HashMap<NodeId, HashMap<&str, Vec<NodeId>>> = HashMap::new();
        for edge in graph.edges.iter().filter(|e| e.kind == EdgeKind::Contains) {
            parent.insert(edge.target, edge.source);
            let child = &graph.nodes[edge.target as usize];
            if !matches!(child.kind, NodeKind::Impl | NodeKind::Use) {
                members
                    .entry(edge.source)
                    .or_default()
                    .entry(child.name.as_str())
                    .or_default()
                    .push(child.id);
            }
        }
        let mut uses = Vec::new();
        let mut module_uses: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
        for node in graph.nodes.iter().filter(|n| n.kind == NodeKind::Use) {
            let (Some(import), Some(&module)) = (&node.details.import, parent.get(&node.id)) else {
                continue;
            };
            let global = import.starts_with("::");
            let glob = import.ends_with("::*") || import == "*";
            let mut path: Vec<String> = import
                .trim_start_matches("::")
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if glob {
                path.pop();
            }
            module_uses.entry(module).or_default().push(uses.len());
            uses.push(UseBinding {
                node: node.id,
                module,
                bound: node.details.alias.clone().or_else(|| path.last().cloned()),
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
            members,
            uses,
            module_uses,
            imported: HashMap::new(),
            globbed: HashMap::new(),
            parent,
            crate_roots,
            impl_self,
        };
        for _ in 0..MAX_ROUNDS {
            let tables: Vec<(NodeId, NameTable, NameTable)> = scopes
                .module_uses
                .par_iter()
                .map(|(&module, bindings)| {
                    let (imported, globbed) = scopes.import_round(module, bindings);
                    (module, imported, globbed)
                })
                .collect();
            let mut changed = false;
            for (module, imported, globbed) in tables {
                if scopes.imported.get(&module) != Some(&imported) {
                    scopes.imported.insert(module, imported);
                    changed = true;
                }
                if scopes.globbed.get(&module) != Some(&globbed) {
                    scopes.globbed.insert(module, globbed);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        scopes
    }

    /// One round for one module: its `use` items against the current tables.
    fn import_round(&self, module: NodeId, bindings: &[usize]) -> (NameTable, NameTable) {
        let mut imported = NameTable::new();
        let mut globbed = NameTable::new();
        for &index in bindings {
            let binding = &self.uses[index];
            let target = self.resolve_path(module, &binding.path, binding.global);
            if binding.glob {
                let Some(Target::Defs(sources)) = target else {
                    continue;
                };
                for source in sources {
                    for (name, target) in self.visible_names(source) {
                        globbed.entry(name).or_insert(target);
                    }
                }
                continue;
            }
            let Some(bound) = binding.bound.clone().filter(|n| n != "_") else {
                continue;
            };
            // An import of something unknown is still known by its path.
            let target = target.unwrap_or_else(|| Target::External(binding.path.join("::")));
            match (imported.get_mut(&bound), target) {
                (Some(Target::Defs(defs)), Target::Defs(more)) => {
                    defs.extend(more);
                    *defs = dedup(std::mem::take(defs));
                }
                (Some(existing @ Target::External(_)), target @ Target::Defs(_)) => {
                    *existing = target
                }
                (Some(_), _) => {}
                (None, target) => {
                    imported.insert(bound, target);
                }
            }
        }
        (imported, globbed)
    }

    /// Everything a glob import of `source` brings in.
    fn visible_names(&self, source: NodeId) -> Vec<(String, Target)> {
        let mut out: Vec<(String, Target)> = Vec::new();
        if let Some(members) = self.members.get(&source) {
            let wanted = |kind: NodeKind| match self.kind(source) {
                NodeKind::Enum => kind == NodeKind::Variant,
                NodeKind::Module => !matches!(kind, NodeKind::Field | NodeKind::Variant),
                _ => false,
            };
            for (name, defs) in members {
                let defs: Vec<NodeId> = defs
                    .iter()
                    .copied()
                    .filter(|&d| wanted(self.kind(d)))
                    .collect();
                if !defs.is_empty() {
                    out.push((name.to_string(), Target::Defs(defs)));
                }
            }
        }
        for table in [self.imported.get(&source), self.globbed.get(&source)]
            .into_iter()
            .flatten()
        {
            out.extend(table.iter().map(|(n, t)| (n.clone(), t.clone())));
        }
        out
    }

    fn kind(&self, id: NodeId) -> NodeKind {
        self.graph.nodes[id as usize].kind
    }

    /// The module a node is in (itself for modules).
    fn module_of(&self, mut id: NodeId) -> NodeId {
        for _ in 0..10_000 {
            if self.kind(id) == NodeKind::Module {
                return id;
            }
            match self.parent.get(&id) {
                Some(&p) => id = p,
                None => return id,
            }
        }
        id
    }

    fn crate_root(&self, module: NodeId) -> NodeId {
        let mut id = module;
        for _ in 0..10_000 {
            match self.parent.get(&id) {
                Some(&p) => id = p,
                None => break,
            }
        }
        id
    }

    fn reference(&self, r: &Reference) -> Option<Found> {
        let resolved = self.resolve_path(r.scope, &r.segments, r.global);
        let target = match (resolved, r.kind, r.segments.as_slice()) {
            (Some(target), _, _) => target,
            (None, EdgeKind::MacroCall, [name]) if STD_MACROS.contains(&name.as_str()) => {
                Target::External(format!("std::{name}"))
            }
            (None, ..) => return None,
        };
        let target = match (r.kind, target) {
            // A macro is named by its invocation path; one defined outside
            // the input is known by that path plus `!`.
            (EdgeKind::MacroCall, Target::Defs(defs)) => {
                let macros: Vec<NodeId> = defs
                    .into_iter()
                    .filter(|&d| self.kind(d) == NodeKind::Macro)
                    .collect();
                if macros.is_empty() {
                    Target::External(format!("{}!", r.segments.join("::")))
                } else {
                    Target::Defs(macros)
                }
            }
            (EdgeKind::MacroCall, Target::External(path)) => Target::External(format!("{path}!")),
            (_, Target::Defs(defs)) => {
                let wanted: Vec<NodeId> = defs
                    .iter()
                    .copied()
                    .filter(|&d| {
                        self.kind(d).is_type_definition() || self.kind(d) == NodeKind::Variant
                    })
                    .collect();
                if wanted.is_empty() {
                    return None;
                }
                Target::Defs(wanted)
            }
            (_, external) => external,
        };
        Some(Found {
            source: r.source,
            kind: r.kind,
            target,
            confidence: None,
        })
    }

    fn use_edges(&self, binding: &UseBinding) -> Vec<Found> {
        let target = match self.resolve_path(binding.module, &binding.path, binding.global) {
            Some(target) => target,
            None if binding.glob => return Vec::new(),
            None => Target::External(binding.path.join("::")),
        };
        let mut out = vec![Found {
            source: binding.node,
            kind: EdgeKind::Imports,
            target: target.clone(),
            confidence: None,
        }];
        if binding.public && !binding.glob {
            out.push(Found {
                source: binding.module,
                kind: EdgeKind::Reexports,
                target,
                confidence: None,
            });
        }
        out
    }

    /// Resolves a path as written in `scope`.
    fn resolve_path(&self, scope: NodeId, segments: &[String], global: bool) -> Option<Target> {
        let module = self.module_of(scope);
        let (first, rest) = segments.split_first()?;
        let mut current = if global {
            match self.crate_roots.get(first.as_str()) {
                Some(&root) => Target::Defs(vec![root]),
                None => Target::External(first.clone()),
            }
        } else {
            match first.as_str() {
                "crate" => Target::Defs(vec![self.crate_root(module)]),
                "self" => Target::Defs(vec![module]),
                "super" => Target::Defs(vec![self.super_of(module)]),
                name => self.lookup(module, name)?,
            }
        };
        for segment in rest {
            current = match current {
                Target::External(path) => Target::External(format!("{path}::{segment}")),
                Target::Defs(defs) => {
                    let mut next = Vec::new();
                    let mut external = None;
                    for &d in &defs {
                        match (segment.as_str(), self.kind(d)) {
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

    fn super_of(&self, module: NodeId) -> NodeId {
        self.parent
            .get(&module)
            .map_or(module, |&p| self.module_of(p))
    }

    /// A name as seen inside `module`: its own items, explicit imports, glob
    /// imports, crates, then the prelude. Explicit beats glob, as in rustc.
    fn lookup(&self, module: NodeId, name: &str) -> Option<Target> {
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
        if let Some(defs) = self.members.get(&module).and_then(|m| m.get(name)) {
            return Some(Target::Defs(defs.clone()));
        }
        [self.imported.get(&module), self.globbed.get(&module)]
            .into_iter()
            .flatten()
            .find_map(|table| table.get(name).cloned())
    }

    /// A name inside a definition: a module's items and imports, an enum's
    /// variants, a trait's items.
    fn member(&self, def: NodeId, name: &str) -> Option<Target> {
        match self.kind(def) {
            NodeKind::Module => self.in_module(def, name),
            _ => self
                .members
                .get(&def)
                .and_then(|m| m.get(name))
                .map(|defs| Target::Defs(defs.clone())),
        }
    }
}

/// Macros every crate can name without an import.
const STD_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "include",
    "include_bytes",
    "include_str",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// Names the std prelude brings into every module, by their canonical path.
fn prelude(name: &str) -> Option<&'static str> {
    Some(match name {
        "Vec" => "std::vec::Vec",
        "String" => "std::string::String",
        "Box" => "std::boxed::Box",
        "Option" => "std::option::Option",
        "Some" => "std::option::Option::Some",
        "None" => "std::option::Option::None",
        "Result" => "std::result::Result",
        "Ok" => "std::result::Result::Ok",
        "Err" => "std::result::Result::Err",
        "ToString" => "std::string::ToString",
        "ToOwned" => "std::borrow::ToOwned",
        "Clone" => "std::clone::Clone",
        "Copy" => "std::marker::Copy",
        "Send" => "std::marker::Send",
        "Sync" => "std::marker::Sync",
        "Sized" => "std::marker::Sized",
        "Unpin" => "std::marker::Unpin",
        "Default" => "std::default::Default",
        "Drop" => "std::ops::Drop",
        "Fn" => "std::ops::Fn",
        "FnMut" => "std::ops::FnMut",
        "FnOnce" => "std::ops::FnOnce",
        "PartialEq" => "std::cmp::PartialEq",
        "Eq" => "std::cmp::Eq",
        "PartialOrd" => "std::cmp::PartialOrd",
        "Ord" => "std::cmp::Ord",
        "AsRef" => "std::convert::AsRef",
        "AsMut" => "std::convert::AsMut",
        "From" => "std::convert::From",
        "Into" => "std::convert::Into",
        "TryFrom" => "std::convert::TryFrom",
        "TryInto" => "std::convert::TryInto",
        "Iterator" => "std::iter::Iterator",
        "IntoIterator" => "std::iter::IntoIterator",
        "DoubleEndedIterator" => "std::iter::DoubleEndedIterator",
        "ExactSizeIterator" => "std::iter::ExactSizeIterator",
        "Extend" => "std::iter::Extend",
        "FromIterator" => "std::iter::FromIterator",
        "Hash" => "std::hash::Hash",
        "Debug" => "std::fmt::Debug",
        "drop" => "std::mem::drop",
        "bool" | "char" | "str" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8"
        | "i16" | "i32" | "i64" | "i128" | "isize" | "f32" | "f64" => return primitive(name),
        _ => return None,
    })
}

fn primitive(name: &str) -> Option<&'static str> {
    const PRIMITIVES: [&str; 17] = [
        "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32",
        "i64", "i128", "isize", "f32", "f64",
    ];
    PRIMITIVES.iter().find(|p| **p == name).copied()
}

fn dedup(mut ids: Vec<NodeId>) -> Vec<NodeId> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// What each type definition implements, from the resolved impl headers.
struct ImplIndex {
    /// Type definition → its impls.
    impls_of: HashMap<NodeId, Vec<NodeId>>,
    /// Impl → the type definition it is for.
    owner_of: HashMap<NodeId, NodeId>,
    /// Impl → the trait it implements.
    trait_of: HashMap<NodeId, NodeId>,
    /// Methods that take `self`, by name, for receivers of unknown type.
    methods_by_name: HashMap<String, Vec<NodeId>>,
    field_type: HashMap<NodeId, NodeId>,
    /// Each type's first type argument (the `T` of `&T`, `Box<T>`).
    first_arg: HashMap<NodeId, NodeId>,
}

impl ImplIndex {
    fn build(graph: &Graph, headers: &[Found]) -> ImplIndex {
        let mut impls_of: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
        let mut owner_of = HashMap::new();
        let mut trait_of = HashMap::new();
        for found in headers {
            let Target::Defs(defs) = &found.target else {
                continue;
            };
            match found.kind {
                EdgeKind::ImplFor => {
                    for &d in defs {
                        impls_of.entry(d).or_default().push(found.source);
                    }
                    if let [one] = defs.as_slice() {
                        owner_of.insert(found.source, *one);
                    }
                }
                EdgeKind::Implements => {
                    if let [one] = defs.as_slice() {
                        trait_of.insert(found.source, *one);
                    }
                }
                _ => {}
            }
        }
        for impls in impls_of.values_mut() {
            impls.sort_unstable();
            impls.dedup();
        }
        let mut methods_by_name: HashMap<String, Vec<NodeId>> = HashMap::new();
        for node in &graph.nodes {
            if node.kind == NodeKind::Method && node.details.flags.iter().any(|f| f == "self") {
                methods_by_name
                    .entry(node.name.clone())
                    .or_default()
                    .push(node.id);
            }
        }
        let mut field_type = HashMap::new();
        let mut first_arg = HashMap::new();
        for edge in &graph.edges {
            match edge.kind {
                EdgeKind::FieldType => {
                    field_type.insert(edge.source, edge.target);
                }
                EdgeKind::TypeArg => {
                    first_arg.entry(edge.source).or_insert(edge.target);
                }
                _ => {}
            }
        }
        ImplIndex {
            impls_of,
            owner_of,
            trait_of,
            methods_by_name,
            field_type,
            first_arg,
        }
    }
}

/// Methods that std types have; an unknown receiver calling one of these
/// most likely calls std, so a lone match by name in the input is not
/// evidence enough.
const COMMON_METHODS: &[&str] = &[
    "new",
    "len",
    "is_empty",
    "push",
    "pop",
    "insert",
    "remove",
    "get",
    "get_mut",
    "iter",
    "iter_mut",
    "into_iter",
    "map",
    "and_then",
    "unwrap",
    "expect",
    "clone",
    "to_string",
    "as_str",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "contains",
    "collect",
    "next",
    "fmt",
    "eq",
    "cmp",
    "partial_cmp",
    "hash",
    "default",
    "from",
    "into",
    "write",
    "read",
    "flush",
    "clear",
    "extend",
    "take",
    "replace",
    "filter",
    "find",
    "any",
    "all",
    "count",
    "last",
    "first",
    "drop",
    "lock",
    "send",
    "recv",
    "join",
    "split",
    "trim",
    "parse",
    "ok",
    "err",
    "is_some",
    "is_none",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "to_owned",
    "deref",
    "index",
    "keys",
    "values",
    "entry",
    "or_insert",
    "with_capacity",
    "chars",
    "bytes",
    "lines",
    "starts_with",
    "ends_with",
    "sort",
    "sort_by",
    "dedup",
    "retain",
    "truncate",
    "append",
    "drain",
    "reserve",
    "capacity",
    "swap",
    "reverse",
    "rev",
    "zip",
    "enumerate",
    "skip",
    "step_by",
    "chain",
    "cloned",
    "copied",
    "flatten",
    "flat_map",
    "fold",
    "sum",
    "max",
    "min",
    "position",
    "to_vec",
    "as_slice",
    "as_bytes",
    "is_ok",
    "is_err",
    "map_err",
    "ok_or",
    "ok_or_else",
    "get_or_insert_with",
    "set",
    "load",
    "store",
    "call",
    "visit",
    "build",
    "run",
    "start",
    "finish",
    "close",
    "open",
    "display",
    "err_into",
];

const MAX_AMBIGUOUS: usize = 6;

struct Calls<'a, 'g> {
    scopes: &'a Scopes<'g>,
    impls: &'a ImplIndex,
    refers: &'a HashMap<NodeId, Vec<NodeId>>,
    graph: &'g Graph,
}

impl Calls<'_, '_> {
    fn resolve(&self, call: &Call) -> Vec<Found> {
        let edge = |target: Target, confidence: Confidence| Found {
            source: call.caller,
            kind: EdgeKind::Calls,
            target,
            confidence: Some(confidence),
        };
        match &call.callee {
            Callee::Path { segments, global } => self
                .path_call(call, segments, *global)
                .map(|(t, c)| edge(t, c))
                .into_iter()
                .collect(),
            Callee::Qualified {
                self_ty,
                trait_path,
                method,
            } => {
                let owner = self.type_def(call, self_ty);
                let trait_def = match self.scopes.resolve_path(call.scope, trait_path, false) {
                    Some(Target::Defs(defs)) => defs
                        .into_iter()
                        .find(|&d| self.scopes.kind(d) == NodeKind::Trait),
                    _ => None,
                };
                if let (Some(owner), Some(trait_def)) = (owner, trait_def) {
                    if let Some(m) = self.trait_impl_method(owner, trait_def, method) {
                        return vec![edge(Target::Defs(vec![m]), Confidence::Exact)];
                    }
                }
                match trait_def.and_then(|t| self.child_named(t, method)) {
                    Some(m) => vec![edge(Target::Defs(vec![m]), Confidence::Exact)],
                    None => Vec::new(),
                }
            }
            Callee::Method { method, receiver } => {
                let owner = match receiver {
                    Receiver::Type(path) => self.type_def(call, path),
                    Receiver::SelfField(field) => self.self_field_type(call.caller, field),
                    Receiver::Unknown => None,
                };
                if let Some(owner) = owner {
                    if let Some(m) = self.method_of(owner, method) {
                        return vec![edge(Target::Defs(vec![m]), Confidence::Inferred)];
                    }
                }
                self.by_name(method)
                    .into_iter()
                    .map(|(t, c)| edge(t, c))
                    .collect()
            }
        }
    }

    /// `f()`, `a::b::f()`, `Self::new()`, `Type::assoc()`, `Trait::m(x)`.
    fn path_call(
        &self,
        call: &Call,
        segments: &[String],
        global: bool,
    ) -> Option<(Target, Confidence)> {
        if let Some((last, owner_path)) = segments.split_last() {
            if owner_path.first().is_some_and(|s| s == "Self") && owner_path.len() == 1 {
                let owner = self.impl_self_def(call.caller)?;
                return self
                    .method_of(owner, last)
                    .map(|m| (Target::Defs(vec![m]), Confidence::Exact));
            }
            if segments.len() == 1 {
                // An item declared in the function's own body comes first.
                if let Some(local) = self.local_item(call.caller, last) {
                    return Some((Target::Defs(vec![local]), Confidence::Exact));
                }
            }
        }
        match self.scopes.resolve_path(call.scope, segments, global) {
            Some(Target::Defs(defs)) => {
                let callable: Vec<NodeId> = defs
                    .into_iter()
                    .filter(|&d| {
                        matches!(self.scopes.kind(d), NodeKind::Function | NodeKind::Method)
                    })
                    .collect();
                if !callable.is_empty() {
                    return Some((Target::Defs(callable), Confidence::Exact));
                }
            }
            Some(Target::External(path))
                if segments.len() > 1 || prelude(&segments[0]).is_some() =>
            {
                return Some((Target::External(path), Confidence::Exact));
            }
            Some(Target::External(_)) | None => {}
        }
        // `Type::assoc()`: resolve the type, then look in its impls.
        let (last, owner_path) = segments.split_last()?;
        if owner_path.is_empty() {
            return None;
        }
        let owner = match self.scopes.resolve_path(call.scope, owner_path, global)? {
            Target::Defs(defs) => defs
                .into_iter()
                .find(|&d| self.scopes.kind(d).is_type_definition())?,
            Target::External(_) => return None,
        };
        self.method_of(owner, last)
            .map(|m| (Target::Defs(vec![m]), Confidence::Exact))
    }

    fn local_item(&self, caller: NodeId, name: &str) -> Option<NodeId> {
        self.scopes
            .members
            .get(&caller)
            .and_then(|m| m.get(name))
            .and_then(|d| {
                d.iter()
                    .copied()
                    .find(|&d| self.scopes.kind(d) == NodeKind::Function)
            })
    }

    /// The definition a type path names in the caller's scope.
    fn type_def(&self, call: &Call, path: &[String]) -> Option<NodeId> {
        if path.len() == 1 && path[0] == "Self" {
            return self.impl_self_def(call.caller);
        }
        match self.scopes.resolve_path(call.scope, path, false)? {
            Target::Defs(defs) => defs
                .into_iter()
                .find(|&d| self.scopes.kind(d).is_type_definition()),
            Target::External(_) => None,
        }
    }

    /// The type definition of the impl (or trait) the caller is in.
    fn impl_self_def(&self, caller: NodeId) -> Option<NodeId> {
        let mut id = caller;
        for _ in 0..64 {
            let parent = *self.scopes.parent.get(&id)?;
            match self.scopes.kind(parent) {
                NodeKind::Impl => {
                    return self.impls.owner_of.get(&parent).copied().or_else(|| {
                        let name = self.scopes.impl_self.get(&parent)?;
                        let module = self.scopes.module_of(parent);
                        match self.scopes.lookup(module, name)? {
                            Target::Defs(d) => d
                                .into_iter()
                                .find(|&d| self.scopes.kind(d).is_type_definition()),
                            Target::External(_) => None,
                        }
                    });
                }
                NodeKind::Trait => return Some(parent),
                _ => id = parent,
            }
        }
        None
    }

    fn self_field_type(&self, caller: NodeId, field: &str) -> Option<NodeId> {
        let owner = self.impl_self_def(caller)?;
        let field = self.child_named(owner, field)?;
        let ty = *self.impls.field_type.get(&field)?;
        let receiver_ty = self.strip_wrappers(ty);
        self.refers
            .get(&receiver_ty)?
            .iter()
            .copied()
            .find(|&d| self.scopes.kind(d).is_type_definition())
    }

    /// `&T`, `Box<T>`, `Arc<T>`, `Rc<T>` dispatch methods on `T`.
    fn strip_wrappers(&self, mut ty: NodeId) -> NodeId {
        for _ in 0..8 {
            let name = &self.graph.nodes[ty as usize].name;
            let wrapper = name.starts_with('&')
                || ["Box<", "Arc<", "Rc<", "RefCell<", "Mutex<", "RwLock<"]
                    .iter()
                    .any(|w| name.starts_with(w));
            if !wrapper {
                break;
            }
            match self.impls.first_arg.get(&ty) {
                Some(&inner) => ty = inner,
                None => break,
            }
        }
        ty
    }

    fn child_named(&self, parent: NodeId, name: &str) -> Option<NodeId> {
        self.scopes
            .members
            .get(&parent)?
            .get(name)?
            .first()
            .copied()
    }

    /// A method of a type: inherent impls first, then trait impls, then
    /// the default body in the trait.
    fn method_of(&self, owner: NodeId, method: &str) -> Option<NodeId> {
        if self.scopes.kind(owner) == NodeKind::Trait {
            return self.child_named(owner, method);
        }
        let impls = self.impls.impls_of.get(&owner)?;
        let (inherent, traits): (Vec<NodeId>, Vec<NodeId>) = impls
            .iter()
            .partition(|i| !self.impls.trait_of.contains_key(i));
        for imp in inherent.iter().chain(&traits) {
            if let Some(m) = self.child_named(*imp, method) {
                return Some(m);
            }
        }
        traits
            .iter()
            .find_map(|imp| self.child_named(*self.impls.trait_of.get(imp)?, method))
    }

    fn trait_impl_method(&self, owner: NodeId, trait_def: NodeId, method: &str) -> Option<NodeId> {
        let impls = self.impls.impls_of.get(&owner)?;
        impls
            .iter()
            .filter(|i| self.impls.trait_of.get(i) == Some(&trait_def))
            .find_map(|i| self.child_named(*i, method))
    }

    /// Methods anywhere in the input with this name, for an unknown receiver.
    fn by_name(&self, method: &str) -> Option<(Target, Confidence)> {
        let candidates = self
            .impls
            .methods_by_name
            .get(method)
            .cloned()
            .unwrap_or_default();
        match candidates.len() {
            0 => None,
            1 if !COMMON_METHODS.contains(&method) => {
                Some((Target::Defs(candidates), Confidence::Inferred))
            }
            n if n <= MAX_AMBIGUOUS => Some((Target::Defs(candidates), Confidence::Ambiguous)),
            _ => None,
        }
    }
}
