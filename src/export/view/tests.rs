//! The view rules' shared fixtures (`tests/fixtures/views/*.json`), run
//! against this module; `tests/node/views.test.mjs` runs the same cases
//! against the front end's view builder, whose behaviour wrote the
//! expectations. A failure here means the export no longer selects or labels
//! what the app shows.

use super::*;
use crate::model::NodeId;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct Fixture {
    graph: Graph,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    options: CaseOptions,
    expect: Observed,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseOptions {
    view: String,
    focus: Option<String>,
    depth: Option<usize>,
    direction: Option<String>,
    node_kinds: Option<Vec<String>>,
    edge_kinds: Option<Vec<String>>,
    visibility: Option<Vec<String>>,
    #[serde(default)]
    hide_external: bool,
    #[serde(default)]
    show_tests: bool,
}

/// What a view selects, named by node ids (see `observe` in the Node test).
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Observed {
    shown: Vec<NodeId>,
    edges: Vec<String>,
    start: Option<NodeId>,
    members: Option<Vec<NodeId>>,
    drawn: BTreeMap<String, String>,
    drawn_edges: Vec<String>,
}

fn view_options(o: &CaseOptions) -> ViewOptions {
    let node_kind = |w: &String| NodeKind::ALL.into_iter().find(|k| k.as_str() == w);
    let edge_kind = |w: &String| EdgeKind::ALL.into_iter().find(|k| k.as_str() == w);
    let class = |w: &String| {
        [
            VisibilityClass::Pub,
            VisibilityClass::Crate,
            VisibilityClass::Private,
        ]
        .into_iter()
        .find(|c| c.as_str() == w)
    };
    ViewOptions {
        view: ViewKind::ALL
            .into_iter()
            .find(|v| v.as_str() == o.view)
            .expect("a view's name"),
        focus: o.focus.clone(),
        depth: o.depth.unwrap_or(1),
        direction: match o.direction.as_deref() {
            Some("in") => Direction::Incoming,
            Some("out") => Direction::Outgoing,
            _ => Direction::Both,
        },
        node_kinds: o
            .node_kinds
            .as_ref()
            .map(|ks| ks.iter().filter_map(node_kind).collect()),
        edge_kinds: o
            .edge_kinds
            .as_ref()
            .map(|ks| ks.iter().filter_map(edge_kind).collect()),
        visibility: o
            .visibility
            .as_ref()
            .map(|cs| cs.iter().filter_map(class).collect()),
        hide_external: o.hide_external,
        show_tests: o.show_tests,
    }
}

fn observe(graph: &Graph, options: &ViewOptions) -> Observed {
    let id = |i: usize| graph.nodes[i].id;
    let edge = |s: usize, kind: EdgeKind, t: usize, count: usize| {
        format!("{} -{}-> {} ×{count}", id(s), kind.as_str(), id(t))
    };
    let prep = rules::prepare(Tree::new(graph), options);
    let mut shown: Vec<NodeId> = (0..graph.nodes.len())
        .filter(|&i| prep.shown[i])
        .map(id)
        .collect();
    shown.sort_unstable();
    let mut edges: Vec<String> = prep
        .edges
        .iter()
        .map(|e| edge(e.source, e.kind, e.target, e.count))
        .collect();
    edges.sort();
    let (mut start, mut members) = (None, None);
    if let Some(path) = &options.focus {
        let found = find_by_path(graph, path).expect("the focus exists");
        let from = prep.lift[found].unwrap_or(found);
        let (seen, _) =
            rules::neighbourhood(&prep, from, options.depth, options.direction, usize::MAX);
        let mut seen: Vec<NodeId> = seen.into_iter().map(id).collect();
        seen.sort_unstable();
        start = Some(id(from));
        members = Some(seen);
    }
    let selection = select(graph, options, usize::MAX).expect("the case draws");
    let item = |k: usize| graph.nodes[selection.nodes[k].node].kind != NodeKind::Module;
    let drawn = (0..selection.nodes.len())
        .filter(|&k| item(k))
        .map(|k| {
            let shown = &selection.nodes[k];
            (id(shown.node).to_string(), shown.label.clone())
        })
        .collect();
    let mut drawn_edges: Vec<String> = selection
        .edges
        .iter()
        .filter(|e| e.kind != EdgeKind::Contains && item(e.source) && item(e.target))
        .map(|e| {
            let node = |k: usize| selection.nodes[k].node;
            edge(node(e.source), e.kind, node(e.target), e.count)
        })
        .collect();
    drawn_edges.sort();
    Observed {
        shown,
        edges,
        start,
        members,
        drawn,
        drawn_edges,
    }
}

#[test]
fn export_selects_what_the_front_end_shows() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/views");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    let mut failures = Vec::new();
    for file in files {
        let fixture: Fixture =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in &fixture.cases {
            let observed = observe(&fixture.graph, &view_options(&case.options));
            if observed != case.expect {
                failures.push(format!(
                    "{}: {}\n  expected {:?}\n  found    {:?}",
                    file.display(),
                    case.name,
                    case.expect,
                    observed
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the export's view rules differ from the front end's:\n{}",
        failures.join("\n")
    );
}
