use crate::freeze::{freeze_sources, Frozen};
use crate::model::{EdgeKind, NodeKind};

const SOURCES: &[(&str, &str)] = &[
    ("src/a.rs", "pub fn h(y: u8) -> Vec<u8> { Vec::new() }\n"),
    (
        "src/lib.rs",
        "mod a;\n\
         pub struct S { pub x: u8 }\n\
         pub fn f(s: S) -> Option<S> { g(); a::h(1); None }\n\
         fn g() -> Vec<S> { Vec::new() }\n",
    ),
];

/// Everything freeze hands resolve, as comparable text.
fn render(frozen: &Frozen) -> String {
    let mut calls: Vec<_> = frozen.calls.iter().flatten().collect();
    calls.sort();
    format!(
        "{}\n{:?}\n{calls:?}",
        crate::export::json::to_string(&frozen.graph),
        frozen.references,
    )
}

fn id_of(frozen: &Frozen, kind: NodeKind, name: &str) -> u32 {
    let found: Vec<u32> = frozen
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == kind && n.name == name)
        .map(|n| n.id)
        .collect();
    assert_eq!(found.len(), 1, "one {kind:?} named {name}");
    found[0]
}

#[test]
fn ids_follow_file_then_position_then_types_by_text() {
    let frozen = freeze_sources(SOURCES, &[1, 0], 1);
    let nodes = &frozen.graph.nodes;
    for (position, node) in nodes.iter().enumerate() {
        assert_eq!(node.id as usize, position, "a node's id is its position");
    }
    let defined: Vec<(NodeKind, &str)> = nodes
        .iter()
        .filter(|n| n.kind != NodeKind::Type)
        .map(|n| (n.kind, n.name.as_str()))
        .collect();
    // src/a.rs sorts before src/lib.rs; in a file, items come in source order, each before
    // what it contains. `mod a;` is merged into the module its file is.
    assert_eq!(
        defined,
        [
            (NodeKind::Module, "a"),
            (NodeKind::Function, "h"),
            (NodeKind::Module, "lib"),
            (NodeKind::Struct, "S"),
            (NodeKind::Field, "x"),
            (NodeKind::Function, "f"),
            (NodeKind::Function, "g"),
        ]
    );
    let types: Vec<&str> = nodes
        .iter()
        .skip(defined.len())
        .map(|n| {
            assert_eq!(n.kind, NodeKind::Type, "types come after every definition");
            n.name.as_str()
        })
        .collect();
    let mut sorted = types.clone();
    sorted.sort_unstable();
    assert_eq!(types, sorted, "types are numbered by text");
    assert!(types.contains(&"Vec<S>") && types.contains(&"u8"));
}

#[test]
fn relations_references_and_calls_carry_the_final_ids() {
    let frozen = freeze_sources(SOURCES, &[0, 1], 1);
    let module_a = id_of(&frozen, NodeKind::Module, "a");
    let root = id_of(&frozen, NodeKind::Module, "lib");
    let f = id_of(&frozen, NodeKind::Function, "f");
    let edges = &frozen.graph.edges;
    assert!(
        edges
            .iter()
            .any(|e| (e.source, e.target, e.kind) == (root, module_a, EdgeKind::Contains)),
        "the declaration's parent contains the module it loads"
    );
    let mut sorted = edges.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(edges, &sorted, "edges are sorted and deduplicated");
    let from_f: Vec<String> = frozen
        .calls
        .iter()
        .flatten()
        .filter(|c| c.caller == f)
        .map(|c| {
            assert_eq!(c.scope, root);
            format!("{:?}", c.callee)
        })
        .collect();
    assert_eq!(from_f.len(), 2, "{from_f:?}");
    let type_s = id_of(&frozen, NodeKind::Type, "S");
    assert!(frozen
        .references
        .iter()
        .any(|r| r.source == type_s && r.scope == root && r.kind == EdgeKind::RefersTo));
    let mut references = frozen.references.clone();
    references.sort_unstable();
    assert_eq!(frozen.references, references, "references are sorted");
}

#[test]
fn ids_do_not_depend_on_visit_order_or_threads() {
    let expected = render(&freeze_sources(SOURCES, &[0, 1], 1));
    assert_eq!(render(&freeze_sources(SOURCES, &[1, 0], 1)), expected);
    for order in [[0, 1], [1, 0]] {
        assert_eq!(render(&freeze_sources(SOURCES, &order, 2)), expected);
    }
}
