//! What each type implements, from the resolved impl headers.

use super::generics::{generic_params, param_bound_names};
use super::{Found, Target};
use crate::model::{EdgeKind, Graph, NodeId, NodeKind};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// What each type definition implements, and the signature facts that
/// receiver types are read from.
pub(super) struct ImplIndex {
    /// Type definition → its impls.
    pub impls_of: HashMap<NodeId, Vec<NodeId>>,
    /// Impl → the type definition it is for.
    pub owner_of: HashMap<NodeId, NodeId>,
    /// Impl → the trait it implements, when the trait is in the input.
    pub trait_of: HashMap<NodeId, NodeId>,
    /// Impl → the path of the trait it implements, when it is not.
    pub external_trait_of: HashMap<NodeId, String>,
    /// Those impls by their trait's name (`Error` of `serde::de::Error`).
    pub impls_of_outside_trait: HashMap<String, Vec<NodeId>>,
    /// Impls for `&Type` or `&mut Type`, filed under `Type`.
    pub for_reference: HashSet<NodeId>,
    /// Trait → its supertraits in the input.
    pub supertraits: HashMap<NodeId, Vec<NodeId>>,
    /// Methods that take `self`, by name, for receivers of unknown type.
    pub methods_by_name: HashMap<String, Vec<NodeId>>,
    /// Every function's and method's name: most paths named as values are
    /// not one (`value` calls), and this turns them away before any lookup.
    pub callable_names: HashSet<String>,
    pub field_type: HashMap<NodeId, NodeId>,
    pub return_type: HashMap<NodeId, NodeId>,
    pub alias_of: HashMap<NodeId, NodeId>,
    /// A constant's or static's declared type.
    pub value_type: HashMap<NodeId, NodeId>,
    /// Each type's first type argument (the `T` of `&T`, `Box<T>`,
    /// `Result<T, E>`).
    pub first_arg: HashMap<NodeId, NodeId>,
    /// Impl → the interned type it is for, and that type → its impls: impls for path-less
    /// types (`[u8]`, `str`, `(A, B)`) have no definition to be filed under.
    pub self_type_of: HashMap<NodeId, NodeId>,
    pub impls_for_type: HashMap<NodeId, Vec<NodeId>>,
    /// Trait in the input → its impls.
    pub impls_of_trait: HashMap<NodeId, Vec<NodeId>>,
    /// Impl → the path of the type it is for, when the input does not define it
    /// (`Wrapping<T>`, `i32`).
    pub outside_self_of: HashMap<NodeId, String>,
    /// Impls of the input's traits for any type their bounds admit (`impl<T: Stream> StreamExt
    /// for T`, `impl<F: FnMut(I) -> O> Parser for F`), with the names of those bounds.
    pub blanket: Vec<(NodeId, Box<[Box<str>]>)>,
    /// The names of the functions those impls and their traits have: most calls that miss
    /// their receiver's impls name none, and this turns them away before any bound check.
    pub blanket_names: HashSet<String>,
}

impl ImplIndex {
    pub fn build(
        graph: &Graph,
        headers: &[Found],
        refers: &HashMap<NodeId, Vec<NodeId>>,
    ) -> ImplIndex {
        let mut index = ImplIndex {
            impls_of: HashMap::new(),
            owner_of: HashMap::new(),
            trait_of: HashMap::new(),
            external_trait_of: HashMap::new(),
            impls_of_outside_trait: HashMap::new(),
            for_reference: HashSet::new(),
            supertraits: HashMap::new(),
            methods_by_name: HashMap::new(),
            callable_names: HashSet::new(),
            field_type: HashMap::new(),
            return_type: HashMap::new(),
            alias_of: HashMap::new(),
            value_type: HashMap::new(),
            first_arg: HashMap::new(),
            self_type_of: HashMap::new(),
            impls_for_type: HashMap::new(),
            impls_of_trait: HashMap::new(),
            outside_self_of: HashMap::new(),
            blanket: Vec::new(),
            blanket_names: HashSet::new(),
        };
        for found in headers {
            match (&found.target, found.kind) {
                (Target::Defs(defs), EdgeKind::ImplFor) => {
                    for &d in defs {
                        index.impls_of.entry(d).or_default().push(found.source);
                    }
                    if let [one] = defs.as_slice() {
                        index.owner_of.insert(found.source, *one);
                    }
                }
                (Target::Defs(defs), EdgeKind::Implements) => {
                    if let [one] = defs.as_slice() {
                        index.trait_of.insert(found.source, *one);
                        index
                            .impls_of_trait
                            .entry(*one)
                            .or_default()
                            .push(found.source);
                    }
                }
                (Target::External(path), EdgeKind::ImplFor) => {
                    index.outside_self_of.insert(found.source, path.clone());
                }
                (Target::External(path), EdgeKind::Implements) => {
                    let name = path.rsplit("::").next().unwrap_or(path);
                    let impls = index.impls_of_outside_trait.entry(name.to_string());
                    impls.or_default().push(found.source);
                    index.external_trait_of.insert(found.source, path.clone());
                }
                (Target::Defs(defs), EdgeKind::Supertrait) => {
                    index
                        .supertraits
                        .entry(found.source)
                        .or_default()
                        .extend(defs);
                }
                _ => {}
            }
        }
        // `impl Trait for &Type` and `&mut Type` are impls of `Type` too, for
        // method lookup: autoref reaches them.
        let text = |id: NodeId| graph.nodes.get(id as usize).map_or("", |n| n.name.as_str());
        let references: Vec<(NodeId, NodeId)> = graph
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::ImplFor && text(e.target).starts_with('&'))
            .map(|e| (e.source, e.target))
            .collect();
        let mut type_args: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
        for edge in &graph.edges {
            let map = match edge.kind {
                EdgeKind::ImplFor if is_interned(graph, edge.target) => {
                    index.self_type_of.insert(edge.source, edge.target);
                    let impls = index.impls_for_type.entry(edge.target).or_default();
                    impls.push(edge.source);
                    continue;
                }
                EdgeKind::FieldType => &mut index.field_type,
                EdgeKind::ReturnType => &mut index.return_type,
                EdgeKind::AliasOf => &mut index.alias_of,
                EdgeKind::ValueType => &mut index.value_type,
                EdgeKind::TypeArg => {
                    type_args.entry(edge.source).or_default().push(edge.target);
                    continue;
                }
                _ => continue,
            };
            map.insert(edge.source, edge.target);
        }
        index.blanket = blanket_impls(graph, &index);
        index.blanket_names = blanket_names(graph, &index);
        for (ty, args) in type_args {
            if let Some(first) = first_argument(text(ty), &args, text) {
                index.first_arg.insert(ty, first);
            }
        }
        for (imp, mut ty) in references {
            for _ in 0..8 {
                match index.first_arg.get(&ty) {
                    Some(&inner) if text(ty).starts_with('&') => ty = inner,
                    _ => break,
                }
            }
            let def = refers
                .get(&ty)
                .and_then(|defs| defs.iter().copied().find(|&d| is_type(graph, d)));
            if let Some(def) = def {
                index.impls_of.entry(def).or_default().push(imp);
                index.owner_of.entry(imp).or_insert(def);
                index.for_reference.insert(imp);
            }
        }
        for impls in index.impls_of.values_mut() {
            impls.sort_unstable();
            impls.dedup();
        }
        for node in &graph.nodes {
            if matches!(node.kind, NodeKind::Function | NodeKind::Method) {
                index.callable_names.insert(node.name.clone());
            }
            if node.kind == NodeKind::Method && node.details.flags.iter().any(|f| f == "self") {
                index
                    .methods_by_name
                    .entry(node.name.clone())
                    .or_default()
                    .push(node.id);
            }
        }
        index
    }
}

/// The impls of the input's traits whose self type is one of their own generic parameters.
fn blanket_impls(graph: &Graph, index: &ImplIndex) -> Vec<(NodeId, Box<[Box<str>]>)> {
    let mut blanket: Vec<(NodeId, Box<[Box<str>]>)> = index
        .self_type_of
        .iter()
        .filter(|(imp, _)| index.trait_of.contains_key(imp))
        .filter_map(|(&imp, &ty)| {
            let param = graph.nodes.get(ty as usize)?.name.as_str();
            let generics = graph.nodes.get(imp as usize)?.details.generics()?;
            if !generic_params(generics).any(|p| p == param) {
                return None;
            }
            let bounds = param_bound_names(generics, param);
            Some((imp, bounds.into_iter().map(Box::from).collect()))
        })
        .collect();
    blanket.sort_unstable();
    blanket
}

fn blanket_names(graph: &Graph, index: &ImplIndex) -> HashSet<String> {
    let mut containers: HashSet<NodeId> = HashSet::new();
    for (imp, _) in &index.blanket {
        containers.insert(*imp);
        containers.extend(index.trait_of.get(imp));
    }
    graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Contains && containers.contains(&e.source))
        .filter_map(|e| graph.nodes.get(e.target as usize))
        .filter(|n| matches!(n.kind, NodeKind::Function | NodeKind::Method))
        .map(|n| n.name.clone())
        .collect()
}

fn is_type(graph: &Graph, id: NodeId) -> bool {
    graph
        .nodes
        .get(id as usize)
        .is_some_and(|n| n.kind.is_type_definition())
}

/// Which of a type's argument types comes first in its text: edges are
/// sorted by id, not by position.
fn first_argument<'t>(
    text: &str,
    args: &[NodeId],
    arg_text: impl Fn(NodeId) -> &'t str,
) -> Option<NodeId> {
    if let [one] = args {
        return Some(*one);
    }
    let rest = &text[text.find('<')? + 1..];
    args.iter().copied().find(|&a| {
        let t = arg_text(a);
        rest.starts_with(t) && matches!(rest[t.len()..].chars().next(), Some(',' | '>' | ' '))
    })
}

fn is_interned(graph: &Graph, id: NodeId) -> bool {
    graph
        .nodes
        .get(id as usize)
        .is_some_and(|n| n.kind == NodeKind::Type)
}
