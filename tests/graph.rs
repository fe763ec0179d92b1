//! The graph of fixture crates, snapshotted, and the contract's coverage.

mod common;

use common::{analyze_with, fixture, render};
use cratemap::model::{CrateKind, EdgeKind, NodeKind};
use std::collections::BTreeSet;

#[test]
fn kinds_fixture_snapshot() {
    let graph = analyze_with(fixture("kinds"), 2);
    insta::assert_snapshot!(render(&graph));
}

#[test]
fn kinds_fixture_covers_every_node_and_edge_kind() {
    let graph = analyze_with(fixture("kinds"), 2);
    let kinds: BTreeSet<NodeKind> = graph.nodes.iter().map(|n| n.kind).collect();
    for kind in NodeKind::ALL {
        assert!(kinds.contains(&kind), "no {} node", kind.as_str());
    }
    let edges: BTreeSet<EdgeKind> = graph.edges.iter().map(|e| e.kind).collect();
    for kind in EdgeKind::ALL {
        assert!(edges.contains(&kind), "no {} edge", kind.as_str());
    }
}

#[test]
fn modules_fixture_snapshot() {
    let graph = analyze_with(fixture("modules"), 2);
    insta::assert_snapshot!(render(&graph));
}

#[test]
fn json_contract_shape() {
    let graph = analyze_with(fixture("modules"), 1);
    let json: serde_json::Value =
        serde_json::from_str(&cratemap::export::json::to_string(&graph)).unwrap();
    assert_eq!(json["schema"], "cratemap/graph@1");
    for key in ["crates", "files", "nodes", "edges", "diagnostics"] {
        assert!(json[key].is_array(), "{key}");
    }
    let node = &json["nodes"][0];
    for key in ["id", "kind", "name", "path", "file", "span", "visibility"] {
        assert!(!node[key].is_null(), "node lacks {key}: {node}");
    }
    assert_eq!(node["span"]["start"], serde_json::json!([1, 0]));
    let back =
        cratemap::export::json::from_str(&cratemap::export::json::to_string(&graph)).unwrap();
    assert_eq!(back, graph, "JSON round-trips");
}

#[test]
fn type_interner_unifies_spacing() {
    let files = common::source(&[(
        "lib.rs",
        "pub fn a(x: Vec < u8 >) {}\npub fn b(x: Vec<u8>) -> Vec<u8> { x }\n",
    )]);
    let graph = analyze_with(files, 2);
    let vec_types: Vec<_> = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Type && n.name.starts_with("Vec"))
        .collect();
    assert_eq!(vec_types.len(), 1, "{vec_types:?}");
    assert_eq!(vec_types[0].name, "Vec<u8>");
    assert_eq!(graph.stats.type_interner.misses, 2, "Vec<u8> and u8");
}

#[test]
fn dot_export_names_every_node() {
    let graph = analyze_with(fixture("kinds"), 1);
    let dot = cratemap::export::dot::to_string(&graph);
    assert!(dot.starts_with("digraph cratemap {"));
    for node in &graph.nodes {
        assert!(
            dot.contains(&format!("n{} [", node.id)),
            "node {} missing",
            node.id
        );
    }
}

/// Callers, callees, a module's contents and an item's module, as the focus
/// of a view finds them.
#[test]
fn focus_neighbourhoods_answer_callers_callees_and_containers() {
    use cratemap::export::view::{select, Direction, ViewOptions};
    use cratemap::model::ViewKind;
    let graph = analyze_with(fixture("kinds"), 1);
    let around = |view: ViewKind, focus: &str, direction: Direction| -> Vec<String> {
        let options = ViewOptions {
            view,
            focus: Some(focus.to_string()),
            direction,
            ..Default::default()
        };
        let selection = select(&graph, &options, usize::MAX).unwrap();
        selection
            .nodes
            .iter()
            .map(|shown| graph.nodes[shown.node].path.clone())
            .collect()
    };
    let has = |paths: Vec<String>, path: &str| paths.iter().any(|p| p == path);
    assert!(has(
        around(ViewKind::Calls, "kinds::Point::new", Direction::Incoming),
        "kinds::Point::scaled"
    ));
    assert!(has(
        around(ViewKind::Calls, "kinds::Point::scaled", Direction::Outgoing),
        "kinds::Point::new"
    ));
    assert!(has(
        around(ViewKind::Modules, "kinds::shapes", Direction::Both),
        "kinds::shapes::Circle"
    ));
    assert!(has(
        around(ViewKind::Modules, "kinds::shapes::Circle", Direction::Both),
        "kinds::shapes"
    ));
}

#[test]
fn cargo_auto_keys_turn_off_layout_discovery() {
    let files = common::source(&[
        (
            "Cargo.toml",
            "[package]\nname = \"t\"\nautotests = false\n\n\
             [[test]]\nname = \"all\"\npath = \"tests/lib.rs\"\n",
        ),
        ("src/lib.rs", "pub fn f() {}\n"),
        ("tests/lib.rs", "mod arc;\n"),
        ("tests/arc.rs", "fn arc_test() {}\n"),
    ]);
    let graph = analyze_with(files, 1);
    let roots: Vec<(&str, CrateKind)> = graph
        .crates
        .iter()
        .map(|c| (c.root.as_str(), c.kind))
        .collect();
    assert_eq!(
        roots,
        [
            ("src/lib.rs", CrateKind::Lib),
            ("tests/lib.rs", CrateKind::Test)
        ]
    );
    let arc = graph.nodes.iter().find(|n| n.name == "arc_test").unwrap();
    assert_eq!(arc.path, "all::arc::arc_test");
    assert!(
        graph
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("already module")),
        "{:?}",
        graph.diagnostics
    );
}

/// #17 item 5: without a manifest, `tests/`, `benches/` and `examples/` beside a `src/` root are
/// that package's targets (kinds the "Hide tests" filter knows), not orphans or crates of
/// their own.
#[test]
fn layout_targets_without_a_manifest() {
    let files = common::source(&[
        ("pkg/src/lib.rs", "pub fn f() {}\n"),
        ("pkg/tests/it.rs", "#[test]\nfn it() { pkg::f(); }\n"),
        ("pkg/tests/suite/main.rs", "mod helper;\n"),
        ("pkg/tests/suite/helper.rs", "fn help() {}\n"),
        ("pkg/benches/speed.rs", "fn bench() {}\n"),
        ("pkg/examples/demo.rs", "fn main() {}\n"),
        ("other/tests/loose.rs", "fn loose() {}\n"),
    ]);
    let graph = analyze_with(files, 1);
    let roots: Vec<(&str, &str, CrateKind)> = graph
        .crates
        .iter()
        .map(|c| (c.name.as_str(), c.root.as_str(), c.kind))
        .collect();
    assert_eq!(
        roots,
        [
            ("pkg", "pkg/src/lib.rs", CrateKind::Lib),
            ("it", "pkg/tests/it.rs", CrateKind::Test),
            ("suite", "pkg/tests/suite/main.rs", CrateKind::Test),
            ("demo", "pkg/examples/demo.rs", CrateKind::Example),
            ("speed", "pkg/benches/speed.rs", CrateKind::Bench),
        ]
    );
    let path = |name: &str| &graph.nodes.iter().find(|n| n.name == name).unwrap().path;
    assert_eq!(path("help"), "suite::helper::help");
    // No `src/` root beside it: still an orphan.
    let loose = graph
        .files
        .iter()
        .find(|f| f.path == "other/tests/loose.rs");
    assert!(loose.unwrap().orphan);
}

#[test]
fn an_item_starts_at_its_outer_attributes_not_its_inner_ones() {
    let text = "pub mod inner_only {\n    //! Docs.\n    #![allow(dead_code)]\n}\n\
                /// Outer.\n#[cfg(unix)]\npub mod both {\n    //! Inner.\n}\n";
    let graph = analyze_with(common::source(&[("src/lib.rs", text)]), 1);
    let start = |name: &str| {
        let node = graph.nodes.iter().find(|n| n.name == name).expect(name);
        node.span.expect("span").start
    };
    assert_eq!(start("inner_only"), [1, 0]);
    assert_eq!(start("both"), [5, 0]);
}
