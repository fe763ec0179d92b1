//! What each type implements, from the resolved impl headers.

use super::{Found, Target};
use crate::model::{EdgeKind, Graph, NodeId, NodeKind};
use std::collections::HashMap;

/// What each type definition implements.
pub(super) struct ImplIndex {
    /// Type definition → its impls.
    pub impls_of: HashMap<NodeId, Vec<NodeId>>,
    /// Impl → the type definition it is for.
    pub owner_of: HashMap<NodeId, NodeId>,
    /// Impl → the trait it implements.
    pub trait_of: HashMap<NodeId, NodeId>,
    /// Methods that take `self`, by name, for receivers of unknown type.
    pub methods_by_name: HashMap<String, Vec<NodeId>>,
    pub field_type: HashMap<NodeId, NodeId>,
    /// Each type's first type argument (the `T` of `&T`, `Box<T>`).
    pub first_arg: HashMap<NodeId, NodeId>,
}

impl ImplIndex {
    pub fn build(graph: &Graph, headers: &[Found]) -> ImplIndex {
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
