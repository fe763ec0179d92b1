//! The std signatures table (`src/resolve/std_sigs.txt`), written from the installed
//! toolchain's rust-src.
//!
//! It runs cratemap's own pipeline (`cratemap::analyze`) over core, alloc and std rather
//! than walking them with syn alone: the graph already has each impl with its self type
//! and trait (`impl_for`, `implements`), its generics and where clause, its associated
//! types and its methods' signatures, including impls that std writes through its own
//! `macro_rules!` (`slice::Iter`'s `Iterator` impl), which only the expander sees. syn
//! then reads the signature texts the graph carries.

use cratemap::model::{EdgeKind, Graph, NodeId, NodeKind, Visibility};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The std types the table covers: the name the table (and a user, through std's public
/// module) calls each one, and the path of its definition in the analyzed library. A
/// name is qualified by its public module where several types share it (`slice::Iter`).
const TYPES: &[(&str, &str)] = &[
    ("Arc", "alloc::sync::Arc"),
    ("BTreeMap", "alloc::collections::btree::map::BTreeMap"),
    ("BTreeSet", "alloc::collections::btree::set::BTreeSet"),
    ("Box", "alloc::boxed::Box"),
    ("Cell", "core::cell::Cell"),
    ("Chain", "core::iter::adapters::chain::Chain"),
    ("CharIndices", "core::str::iter::CharIndices"),
    ("Chars", "core::str::iter::Chars"),
    ("Cloned", "core::iter::adapters::cloned::Cloned"),
    ("Copied", "core::iter::adapters::copied::Copied"),
    ("Cow", "alloc::borrow::Cow"),
    ("Enumerate", "core::iter::adapters::enumerate::Enumerate"),
    ("Filter", "core::iter::adapters::filter::Filter"),
    ("FilterMap", "core::iter::adapters::filter_map::FilterMap"),
    ("FlatMap", "core::iter::adapters::flatten::FlatMap"),
    ("Flatten", "core::iter::adapters::flatten::Flatten"),
    ("HashMap", "std::collections::hash::map::HashMap"),
    ("HashSet", "std::collections::hash::set::HashSet"),
    ("Inspect", "core::iter::adapters::inspect::Inspect"),
    ("LockResult", "std::sync::poison::LockResult"),
    ("Map", "core::iter::adapters::map::Map"),
    ("Mutex", "std::sync::poison::mutex::Mutex"),
    ("MutexGuard", "std::sync::poison::mutex::MutexGuard"),
    ("Option", "core::option::Option"),
    ("Peekable", "core::iter::adapters::peekable::Peekable"),
    ("Pin", "core::pin::Pin"),
    ("PoisonError", "std::sync::poison::PoisonError"),
    ("Poll", "core::task::poll::Poll"),
    ("Ready", "core::future::ready::Ready"),
    ("Ref", "core::cell::Ref"),
    ("RefCell", "core::cell::RefCell"),
    ("RefMut", "core::cell::RefMut"),
    ("Rc", "alloc::rc::Rc"),
    ("Result", "core::result::Result"),
    ("Rev", "core::iter::adapters::rev::Rev"),
    ("RwLock", "std::sync::poison::rwlock::RwLock"),
    (
        "RwLockReadGuard",
        "std::sync::poison::rwlock::RwLockReadGuard",
    ),
    (
        "RwLockWriteGuard",
        "std::sync::poison::rwlock::RwLockWriteGuard",
    ),
    ("Skip", "core::iter::adapters::skip::Skip"),
    ("SkipWhile", "core::iter::adapters::skip_while::SkipWhile"),
    ("SplitWhitespace", "core::str::iter::SplitWhitespace"),
    ("StepBy", "core::iter::adapters::step_by::StepBy"),
    ("String", "alloc::string::String"),
    ("Take", "core::iter::adapters::take::Take"),
    ("TakeWhile", "core::iter::adapters::take_while::TakeWhile"),
    ("Vec", "alloc::vec::Vec"),
    ("VecDeque", "alloc::collections::vec_deque::VecDeque"),
    ("Zip", "core::iter::adapters::zip::Zip"),
    ("array::IntoIter", "core::array::iter::IntoIter"),
    (
        "btree_map::IntoIter",
        "alloc::collections::btree::map::IntoIter",
    ),
    ("btree_map::Iter", "alloc::collections::btree::map::Iter"),
    (
        "btree_map::IterMut",
        "alloc::collections::btree::map::IterMut",
    ),
    ("btree_map::Keys", "alloc::collections::btree::map::Keys"),
    (
        "btree_map::Values",
        "alloc::collections::btree::map::Values",
    ),
    (
        "btree_map::ValuesMut",
        "alloc::collections::btree::map::ValuesMut",
    ),
    (
        "btree_set::IntoIter",
        "alloc::collections::btree::set::IntoIter",
    ),
    ("btree_set::Iter", "alloc::collections::btree::set::Iter"),
    ("hash_map::Drain", "std::collections::hash::map::Drain"),
    (
        "hash_map::IntoIter",
        "std::collections::hash::map::IntoIter",
    ),
    ("hash_map::Iter", "std::collections::hash::map::Iter"),
    ("hash_map::IterMut", "std::collections::hash::map::IterMut"),
    ("hash_map::Keys", "std::collections::hash::map::Keys"),
    ("hash_map::Values", "std::collections::hash::map::Values"),
    (
        "hash_map::ValuesMut",
        "std::collections::hash::map::ValuesMut",
    ),
    (
        "hash_set::IntoIter",
        "std::collections::hash::set::IntoIter",
    ),
    ("hash_set::Iter", "std::collections::hash::set::Iter"),
    ("option::IntoIter", "core::option::IntoIter"),
    ("option::Iter", "core::option::Iter"),
    ("option::IterMut", "core::option::IterMut"),
    ("result::IntoIter", "core::result::IntoIter"),
    ("result::Iter", "core::result::Iter"),
    ("rc::Weak", "alloc::rc::Weak"),
    ("slice::Chunks", "core::slice::iter::Chunks"),
    ("slice::Iter", "core::slice::iter::Iter"),
    ("slice::IterMut", "core::slice::iter::IterMut"),
    ("slice::Windows", "core::slice::iter::Windows"),
    ("str::Lines", "core::str::iter::Lines"),
    ("str::Split", "core::str::iter::Split"),
    ("sync::Weak", "alloc::sync::Weak"),
    ("vec::Drain", "alloc::vec::drain::Drain"),
    ("vec::IntoIter", "alloc::vec::into_iter::IntoIter"),
    (
        "vec_deque::IntoIter",
        "alloc::collections::vec_deque::into_iter::IntoIter",
    ),
    (
        "vec_deque::Iter",
        "alloc::collections::vec_deque::iter::Iter",
    ),
    (
        "vec_deque::IterMut",
        "alloc::collections::vec_deque::iter_mut::IterMut",
    ),
];

/// The traits whose methods (from the trait's definition) and whose impls for the types
/// above (with their associated types) the table keeps.
const TRAITS: &[(&str, &str)] = &[
    ("Clone", "core::clone::Clone"),
    ("Deref", "core::ops::deref::Deref"),
    (
        "DoubleEndedIterator",
        "core::iter::traits::double_ended::DoubleEndedIterator",
    ),
    (
        "ExactSizeIterator",
        "core::iter::traits::exact_size::ExactSizeIterator",
    ),
    ("Future", "core::future::future::Future"),
    ("IntoIterator", "core::iter::traits::collect::IntoIterator"),
    ("Iterator", "core::iter::traits::iterator::Iterator"),
    ("Try", "core::ops::try_trait::Try"),
];

/// The table's text for the library at `library` (`…/lib/rustlib/src/rust/library`).
pub fn generate(library: &Path, toolchain: &str) -> Result<String, String> {
    let mut files = Vec::new();
    for krate in ["core", "alloc", "std"] {
        let dir = library.join(krate);
        let read = cratemap::vfs::read_path(&dir)
            .map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
        files.extend(read.into_iter().map(|mut file| {
            file.path = format!("{krate}/{}", file.path);
            file
        }));
    }
    let graph = cratemap::analyze(files, &cratemap::Options::default());
    let index = Index::new(&graph);
    let mut lines = BTreeSet::new();
    for &(name, path) in TRAITS {
        let Some(&def) = index.by_path.get(path) else {
            return Err(format!("std has no trait {path} any more: update TRAITS"));
        };
        for &child in index.children(def) {
            let module = module_of(&index.node(def).path);
            if let Some(line) = index.method_line(name, child, &[], module, false) {
                lines.insert(line);
            }
        }
    }
    for &(name, path) in TYPES {
        let Some(&def) = index.by_path.get(path) else {
            return Err(format!("std has no type {path} any more: update TYPES"));
        };
        if let Some(line) = index.alias_line(name, def) {
            lines.insert(line);
        }
    }
    for node in &graph.nodes {
        if node.kind == NodeKind::Impl {
            index.impl_lines(node.id, &mut lines);
        }
    }
    let mut out = format!(
        "# Generated from the rust-src of {toolchain} by `UPDATE_SOURCEGEN=1 cargo test --test sourcegen`; do not edit.\n\
         # `Type.method(args) -> Return` (a method), `Type::function(args) -> Return` (no self),\n\
         # `Trait.method(..)` (a trait's own method, `Self` its implementor), `Type: Trait<Assoc = Type>`\n\
         # (an impl), `Alias<T> = Type`. An argument is `|Params| Return` for a closure, a generic\n\
         # parameter by its name, `_` otherwise; trailing `_` are left out.\n"
    );
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

struct Index<'g> {
    graph: &'g Graph,
    by_path: HashMap<&'g str, NodeId>,
    children: HashMap<NodeId, Vec<NodeId>>,
    impl_for: HashMap<NodeId, NodeId>,
    implements: HashMap<NodeId, NodeId>,
    /// Table name of each covered type's definition.
    table_name: HashMap<NodeId, &'static str>,
    /// Covered types by their own name (`Iter`), with their definition's module path.
    by_ident: HashMap<&'static str, Vec<(&'static str, &'static str)>>,
    trait_name: HashMap<NodeId, &'static str>,
}

impl<'g> Index<'g> {
    fn new(graph: &'g Graph) -> Index<'g> {
        let mut by_path = HashMap::new();
        for node in &graph.nodes {
            let definition = matches!(
                node.kind,
                NodeKind::Struct | NodeKind::Enum | NodeKind::Trait | NodeKind::TypeAlias
            );
            if definition {
                by_path.entry(node.path.as_str()).or_insert(node.id);
            }
        }
        let mut children: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
        let mut impl_for = HashMap::new();
        let mut implements = HashMap::new();
        for edge in &graph.edges {
            match edge.kind {
                EdgeKind::Contains => children.entry(edge.source).or_default().push(edge.target),
                EdgeKind::ImplFor => {
                    impl_for.insert(edge.source, edge.target);
                }
                EdgeKind::Implements => {
                    implements.insert(edge.source, edge.target);
                }
                _ => {}
            }
        }
        let mut table_name = HashMap::new();
        let mut by_ident: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for &(name, path) in TYPES {
            if let Some(&def) = by_path.get(path) {
                table_name.insert(def, name);
            }
            let (module, ident) = path.rsplit_once("::").unwrap_or(("", path));
            by_ident.entry(ident).or_default().push((name, module));
        }
        let trait_name = TRAITS
            .iter()
            .filter_map(|&(name, path)| Some((*by_path.get(path)?, name)))
            .collect();
        Index {
            graph,
            by_path,
            children,
            impl_for,
            implements,
            table_name,
            by_ident,
            trait_name,
        }
    }

    fn children(&self, id: NodeId) -> &[NodeId] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    fn node(&self, id: NodeId) -> &'g cratemap::model::Node {
        &self.graph.nodes[id as usize]
    }

    /// `LockResult<T> = Result<T, PoisonError<T>>` for a covered type alias.
    fn alias_line(&self, name: &str, def: NodeId) -> Option<String> {
        let node = self.node(def);
        if node.kind != NodeKind::TypeAlias {
            return None;
        }
        let generics = node.details.generics().unwrap_or("");
        let params = generic_names(generics);
        let ty: syn::Type = syn::parse_str(node.details.ty()?).ok()?;
        let ctx = Ctx {
            index: self,
            generics: &params,
            module: module_of(&node.path),
        };
        let head = match params.as_slice() {
            [] => name.to_string(),
            params => format!("{name}<{}>", params.join(", ")),
        };
        Some(format!("{head} = {}", ctx.ty(&ty)))
    }

    /// The lines of one impl of a covered type: its methods when it is inherent, its
    /// associated types when it implements a covered trait.
    fn impl_lines(&self, imp: NodeId, lines: &mut BTreeSet<String>) {
        let node = self.node(imp);
        let Some(signature) = node.details.signature() else {
            return;
        };
        let Ok(item) = syn::parse_str::<syn::ItemImpl>(&format!("{signature} {{}}")) else {
            return;
        };
        // `impl !Iterator for Box<[I]>` says what a type does not implement.
        if matches!(item.trait_, Some((Some(_), _, _))) {
            return;
        }
        let generics = generic_names(node.details.generics().unwrap_or(""));
        let module = module_of(&node.path);
        let ctx = Ctx {
            index: self,
            generics: &generics,
            module,
        };
        // A covered definition, or a primitive: `impl<T> [T]`, `impl str`.
        let covered = self
            .impl_for
            .get(&imp)
            .is_some_and(|def| self.table_name.contains_key(def))
            || matches!(&*item.self_ty, syn::Type::Slice(_))
            || matches!(&*item.self_ty, syn::Type::Path(p) if p.path.is_ident("str"));
        if !covered {
            return;
        }
        let pattern = ctx.ty(&item.self_ty);
        match self.implements.get(&imp) {
            None if item.trait_.is_none() => {
                for &child in self.children(imp) {
                    if let Some(line) = self.method_line(&pattern, child, &generics, module, true) {
                        lines.insert(line);
                    }
                }
            }
            Some(trait_def) => {
                // Traits from another of the three crates are outside nodes (`std::iter::Iterator`).
                let trait_node = self.node(*trait_def);
                let trait_name = match trait_node.kind {
                    NodeKind::External => TRAITS.iter().map(|&(name, _)| name).find(|name| {
                        trait_node.path.rsplit("::").next() == Some(name)
                            && ["std::", "core::", "alloc::"]
                                .iter()
                                .any(|k| trait_node.path.starts_with(k))
                    }),
                    _ => self.trait_name.get(trait_def).copied(),
                };
                let Some(trait_name) = trait_name else {
                    return;
                };
                let mut assoc: Vec<String> = self
                    .children(imp)
                    .iter()
                    .map(|&c| self.node(c))
                    .filter(|c| c.kind == NodeKind::TypeAlias)
                    .filter_map(|c| {
                        let ty: syn::Type = syn::parse_str(c.details.ty()?).ok()?;
                        Some(format!("{} = {}", c.name, ctx.ty(&ty)))
                    })
                    .collect();
                assoc.sort();
                let line = if assoc.is_empty() {
                    format!("{pattern}: {trait_name}")
                } else {
                    format!("{pattern}: {trait_name}<{}>", assoc.join(", "))
                };
                lines.insert(line);
            }
            None => {}
        }
    }

    /// `Owner.method(args) -> Return` for a method or function node (a public one when
    /// `public`: a trait's methods are as public as the trait), written in `module`.
    fn method_line(
        &self,
        owner: &str,
        id: NodeId,
        outer: &[String],
        module: &'g str,
        public: bool,
    ) -> Option<String> {
        let node = self.node(id);
        if !matches!(node.kind, NodeKind::Method | NodeKind::Function) {
            return None;
        }
        if public && node.visibility != Visibility::Public {
            return None;
        }
        let sig: syn::Signature = syn::parse_str(node.details.signature()?).ok()?;
        let mut generics: Vec<String> = outer.to_vec();
        generics.extend(sig.generics.params.iter().filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(t.ident.to_string()),
            _ => None,
        }));
        let ctx = Ctx {
            index: self,
            generics: &generics,
            module,
        };
        let closures = closure_bounds(&sig.generics);
        let mut args = Vec::new();
        let mut takes_self = false;
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(_) => takes_self = true,
                syn::FnArg::Typed(typed) => args.push(ctx.argument(&typed.ty, &closures)),
            }
        }
        while args.last().is_some_and(|a| a == "_") {
            args.pop();
        }
        let ret = match &sig.output {
            syn::ReturnType::Default => "()".to_string(),
            syn::ReturnType::Type(_, ty) => ctx.ty(ty),
        };
        let dot = if takes_self { "." } else { "::" };
        Some(format!(
            "{owner}{dot}{}({}) -> {ret}",
            sig.ident,
            args.join(", ")
        ))
    }
}

/// What a type's names mean where the graph's text was written.
struct Ctx<'i, 'g> {
    index: &'i Index<'g>,
    /// The generic parameters in scope (the impl's, then the method's).
    generics: &'i [String],
    module: &'g str,
}

impl Ctx<'_, '_> {
    /// The table's text for a type: covered types by their table name, generic parameters
    /// and `Self` by name, projections as `I::Item`, lifetimes left out; any other path by
    /// its last name (an opaque type to resolve), anything else `_`.
    fn ty(&self, ty: &syn::Type) -> String {
        match ty {
            syn::Type::Reference(r) => match r.mutability {
                Some(_) => format!("&mut {}", self.ty(&r.elem)),
                None => format!("&{}", self.ty(&r.elem)),
            },
            syn::Type::Paren(p) => self.ty(&p.elem),
            syn::Type::Group(g) => self.ty(&g.elem),
            syn::Type::Slice(s) => format!("[{}]", self.ty(&s.elem)),
            syn::Type::Array(a) => format!("[{}; _]", self.ty(&a.elem)),
            syn::Type::Tuple(t) => match t.elems.len() {
                0 => "()".into(),
                1 => format!("({},)", self.ty(&t.elems[0])),
                _ => {
                    let elems: Vec<String> = t.elems.iter().map(|e| self.ty(e)).collect();
                    format!("({})", elems.join(", "))
                }
            },
            syn::Type::ImplTrait(t) => {
                let bounds: Vec<String> = t
                    .bounds
                    .iter()
                    .filter_map(|b| match b {
                        syn::TypeParamBound::Trait(t) => Some(self.path(&t.path)),
                        _ => None,
                    })
                    .collect();
                match bounds.is_empty() {
                    true => "_".into(),
                    false => format!("impl {}", bounds.join(" + ")),
                }
            }
            syn::Type::Path(p) => match &p.qself {
                // `<I as Iterator>::Item`, `<<P as Deref>::Target as Future>::Output`.
                Some(qself) => {
                    let base = self.ty(&qself.ty);
                    let rest: Vec<String> = p
                        .path
                        .segments
                        .iter()
                        .skip(qself.position)
                        .map(|s| s.ident.to_string())
                        .collect();
                    format!("{base}::{}", rest.join("::"))
                }
                None => self.path(&p.path),
            },
            _ => "_".into(),
        }
    }

    fn path(&self, path: &syn::Path) -> String {
        let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
        let Some(last) = segments.last() else {
            return "_".into();
        };
        let first = segments[0].ident.to_string();
        // `Self::Item`, `I::Item`: a projection off a parameter.
        if segments.len() > 1 && (first == "Self" || self.generics.contains(&first)) {
            let names: Vec<String> = segments.iter().map(|s| s.ident.to_string()).collect();
            return names.join("::");
        }
        let ident = last.ident.to_string();
        let name = if segments.len() == 1 && (ident == "Self" || self.generics.contains(&ident)) {
            ident
        } else {
            self.covered(&segments, &ident)
                .map_or(ident, |name| name.to_string())
        };
        let args: Vec<String> = match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => args
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(t) => Some(self.ty(t)),
                    syn::GenericArgument::AssocType(a) => {
                        Some(format!("{} = {}", a.ident, self.ty(&a.ty)))
                    }
                    syn::GenericArgument::Const(_) => Some("_".into()),
                    _ => None,
                })
                .collect(),
            syn::PathArguments::Parenthesized(p) => {
                let inputs: Vec<String> = p.inputs.iter().map(|t| self.ty(t)).collect();
                let output = match &p.output {
                    syn::ReturnType::Default => "()".into(),
                    syn::ReturnType::Type(_, t) => self.ty(t),
                };
                return format!("|{}| {output}", inputs.join(", "));
            }
            syn::PathArguments::None => Vec::new(),
        };
        match args.is_empty() {
            true => name,
            false => format!("{name}<{}>", args.join(", ")),
        }
    }

    /// The covered type a path names: the one of its name whose module is nearest to
    /// where the path is written (`Iter` in `core::slice` is `slice::Iter`), preferring
    /// one the path's own qualifier names.
    fn covered(&self, segments: &[&syn::PathSegment], ident: &str) -> Option<&'static str> {
        let candidates = self.index.by_ident.get(ident)?;
        if segments.len() == 1 {
            let here = format!("{}::{ident}", self.module);
            if let Some(def) = self.index.by_path.get(here.as_str()) {
                if !self.index.table_name.contains_key(def) {
                    return None;
                }
            }
        }
        if let [.., qualifier, _] = segments {
            let qualified = format!("{}::{ident}", qualifier.ident);
            if let Some(&(name, _)) = candidates.iter().find(|(name, _)| *name == qualified) {
                return Some(name);
            }
        }
        let shared = |module: &str| {
            module
                .split("::")
                .zip(self.module.split("::"))
                .take_while(|(a, b)| a == b)
                .count()
        };
        candidates
            .iter()
            .max_by_key(|(name, module)| (shared(module), std::cmp::Reverse(*name)))
            .map(|&(name, _)| name)
    }

    /// An argument: a closure (`F` bound by `FnMut(A) -> B`, or `impl FnMut(A) -> B`) as
    /// `|A| B`, a bare generic parameter by name, anything else `_`.
    fn argument(&self, ty: &syn::Type, closures: &HashMap<String, syn::Path>) -> String {
        match ty {
            syn::Type::ImplTrait(t) => t
                .bounds
                .iter()
                .find_map(|b| match b {
                    syn::TypeParamBound::Trait(t) if is_fn_trait(&t.path) => {
                        Some(self.path(&t.path))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| "_".into()),
            syn::Type::Path(p) if p.qself.is_none() => match p.path.get_ident() {
                Some(ident) => {
                    let name = ident.to_string();
                    match closures.get(&name) {
                        Some(bound) => self.path(bound),
                        None if self.generics.contains(&name) => name,
                        None => "_".into(),
                    }
                }
                None => "_".into(),
            },
            _ => "_".into(),
        }
    }
}

/// `F: FnMut(A) -> B` bounds of a signature's generics, inline or in `where`.
fn closure_bounds(generics: &syn::Generics) -> HashMap<String, syn::Path> {
    let mut out = HashMap::new();
    let mut add = |name: String, bounds: &syn::punctuated::Punctuated<_, _>| {
        for bound in bounds {
            if let syn::TypeParamBound::Trait(t) = bound {
                if is_fn_trait(&t.path) {
                    out.entry(name.clone()).or_insert_with(|| t.path.clone());
                }
            }
        }
    };
    for param in &generics.params {
        if let syn::GenericParam::Type(t) = param {
            add(t.ident.to_string(), &t.bounds);
        }
    }
    if let Some(clause) = &generics.where_clause {
        for predicate in &clause.predicates {
            if let syn::WherePredicate::Type(p) = predicate {
                if let syn::Type::Path(ty) = &p.bounded_ty {
                    if let Some(ident) = ty.path.get_ident() {
                        add(ident.to_string(), &p.bounds);
                    }
                }
            }
        }
    }
    out
}

fn is_fn_trait(path: &syn::Path) -> bool {
    path.segments.last().is_some_and(|s| {
        matches!(s.ident.to_string().as_str(), "Fn" | "FnMut" | "FnOnce")
            && matches!(s.arguments, syn::PathArguments::Parenthesized(_))
    })
}

/// The type parameter names of a generics text (`<T, A: Allocator> where …`).
fn generic_names(generics: &str) -> Vec<String> {
    let params = generics.split(" where ").next().unwrap_or("");
    let Ok(parsed) = syn::parse_str::<syn::Generics>(params) else {
        return Vec::new();
    };
    parsed
        .params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The module a node's path is in: `alloc::vec::<impl Vec<T, A>>::push` → `alloc::vec`.
fn module_of(path: &str) -> &str {
    match path.find("::<impl") {
        Some(at) => &path[..at],
        None => path.rsplit_once("::").map_or(path, |(m, _)| m),
    }
}
