//! Call forms (`call`, `method`, `operator`, `value`, `macro`), one fixture
//! module per form (`tests/fixtures/forms`), with the calls edges snapshotted.

mod common;

use common::{analyze_with, fixture};
use cratemap::model::{CallForm, EdgeKind, Graph};

/// Every calls edge between the fixture's own items: caller, callee, confidence and form.
fn render_calls(graph: &Graph) -> String {
    let lines: Vec<String> = graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls)
        .map(|e| {
            let confidence = e.confidence.map(|c| format!("{c:?}").to_lowercase());
            format!(
                "{} -> {} [{}, {}]",
                graph.nodes[e.source as usize].path,
                graph.nodes[e.target as usize].path,
                confidence.unwrap_or_default(),
                e.form.map_or("", CallForm::as_str)
            )
        })
        .collect();
    common::sorted_lines(lines)
}

fn graph() -> Graph {
    analyze_with(fixture("forms"), 2)
}

#[test]
fn forms_fixture_snapshot() {
    insta::assert_snapshot!(render_calls(&graph()));
}

#[test]
fn every_calls_edge_has_a_form_and_no_other_edge_does() {
    let one = serde_json::to_string(&analyze_with(fixture("forms"), 1)).unwrap();
    for threads in [1, 2, 4, 8] {
        let g = analyze_with(fixture("forms"), threads);
        for e in &g.edges {
            assert_eq!(e.kind == EdgeKind::Calls, e.form.is_some(), "{e:?}");
        }
        // Several forms of one pair keep one, whatever the scheduling.
        assert_eq!(serde_json::to_string(&g).unwrap(), one, "{threads} threads");
    }
}

#[test]
fn the_json_names_the_form() {
    let g = graph();
    let json = serde_json::to_value(&g).unwrap();
    let forms: Vec<&str> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.get("form")?.as_str())
        .collect();
    for form in ["call", "method", "macro"] {
        assert!(forms.contains(&form), "no `{form}` in {forms:?}");
    }
}
