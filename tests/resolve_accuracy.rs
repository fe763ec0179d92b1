//! Pins resolution accuracy on real crates against rust-analyzer.
//!
//! `tests/fixtures/{semver,bitflags,walkdir}` are semver 1.0.28 (plain library code),
//! bitflags 2.13.2 (items and impls written by `macro_rules!`) and walkdir 2.5.1
//! (filesystem, CLI style) from crates.io: their manifests, licenses and `src/`, unchanged.
//! Each `<name>.truth.json` is what `rust-analyzer scip` says about its `src/`, reduced by
//! `bench/scip/score.py truth` (see BENCHMARKS.md). This test scores the graph the same way
//! the bench does (symbols defined twice left out, calls through the crate's macros not
//! counted), so a change to lowering or resolution that loses accuracy fails here, with no
//! rust-analyzer needed.

mod common;

use common::{analyze_with, fixture};
use cratemap::model::{CallForm, Confidence, EdgeKind, Graph, Node, NodeId, NodeKind};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// A definition: file, name, 1-based line of the name.
type Item = (String, String, u32);

#[derive(Deserialize)]
struct Truth {
    items: Vec<Item>,
    calls: Vec<(Item, Item)>,
    /// Defined at several places: rust-analyzer cannot say which one a call means.
    #[serde(default)]
    unsure: Vec<Item>,
    /// Callers that invoke the crate's macros, with the names those macros' text calls.
    #[serde(default)]
    via_macro: Vec<(Item, Vec<String>)>,
}

/// Finds the node a truth item names: same file and name, span holding
/// the line, innermost first (as `bench/scip/score.py` does).
struct Matcher<'g> {
    by_key: HashMap<(&'g str, &'g str), Vec<&'g Node>>,
}

impl<'g> Matcher<'g> {
    fn new(graph: &'g Graph) -> Matcher<'g> {
        let mut by_key: HashMap<(&str, &str), Vec<&Node>> = HashMap::new();
        for node in &graph.nodes {
            let (Some(file), Some(_)) = (&node.file, node.span) else {
                continue;
            };
            let name = match node.kind {
                NodeKind::Use if node.details.flags.iter().any(|f| f == "extern_crate") => node
                    .details
                    .alias()
                    .or(node.details.import())
                    .unwrap_or(&node.name),
                NodeKind::Use | NodeKind::Impl | NodeKind::Type | NodeKind::External => continue,
                _ => &node.name,
            };
            by_key.entry((file, name)).or_default().push(node);
        }
        Matcher { by_key }
    }

    fn find(&self, (file, name, line): &Item, callable: bool) -> Option<NodeId> {
        self.by_key
            .get(&(file.as_str(), name.as_str()))?
            .iter()
            .filter(|n| !callable || matches!(n.kind, NodeKind::Function | NodeKind::Method))
            .filter_map(|n| {
                let span = n.span?;
                (span.start[0] <= *line && *line <= span.end[0])
                    .then_some((span.end[0] - span.start[0], n.id))
            })
            .min()
            .map(|(_, id)| id)
    }
}

struct Score {
    item_recall: f64,
    precision: f64,
    recall: f64,
}

fn score(graph: &Graph, truth: &Truth) -> Score {
    let matcher = Matcher::new(graph);
    let found = truth
        .items
        .iter()
        .filter(|i| matcher.find(i, false).is_some())
        .count();
    let mut indexed: BTreeSet<NodeId> = truth
        .items
        .iter()
        .filter_map(|i| matcher.find(i, true))
        .collect();
    let unsure: BTreeSet<NodeId> = truth
        .unsure
        .iter()
        .filter_map(|i| matcher.find(i, true))
        .collect();
    indexed.retain(|id| !unsure.contains(id));
    let via_macro: HashMap<NodeId, &[String]> = truth
        .via_macro
        .iter()
        .filter_map(|(caller, names)| Some((matcher.find(caller, true)?, names.as_slice())))
        .collect();
    let expected: Vec<Option<(NodeId, NodeId)>> = truth
        .calls
        .iter()
        .map(|(a, b)| Some((matcher.find(a, true)?, matcher.find(b, true)?)))
        .collect();
    let true_pairs: BTreeSet<(NodeId, NodeId)> = expected.iter().flatten().copied().collect();
    let predicted: BTreeSet<(NodeId, NodeId)> = graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls)
        .filter(|e| matches!(e.confidence, Some(Confidence::Exact | Confidence::Inferred)))
        // rust-analyzer's index has no reference at an operator's sign or at a
        // function named as a value followed by no `(`: those forms are not in
        // the truth, so they cannot count against it.
        .filter(|e| !matches!(e.form, Some(CallForm::Operator | CallForm::Value)))
        .filter(|e| indexed.contains(&e.source) && indexed.contains(&e.target))
        .map(|e| (e.source, e.target))
        .filter(|pair| {
            let name = &graph.nodes[pair.1 as usize].name;
            true_pairs.contains(pair)
                || !via_macro
                    .get(&pair.0)
                    .is_some_and(|names| names.contains(name))
        })
        .collect();
    let hits = predicted.intersection(&true_pairs).count() as f64;
    let unmatched = expected.iter().filter(|p| p.is_none()).count();
    Score {
        item_recall: found as f64 / truth.items.len().max(1) as f64,
        precision: hits / predicted.len().max(1) as f64,
        recall: hits / (true_pairs.len() + unmatched).max(1) as f64,
    }
}

/// Scores the committed crate `name` against its truth file, and fails below the floors
/// (item recall, calls precision, calls recall).
fn pinned(name: &str, floors: [f64; 3]) {
    let path = format!(
        "{}/tests/fixtures/{name}.truth.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let truth: Truth = serde_json::from_str(&std::fs::read_to_string(path).expect("truth file"))
        .expect("truth parses");
    assert!(truth.items.len() > 100 && truth.calls.len() > 100);
    let graph = analyze_with(fixture(name), 2);
    let s = score(&graph, &truth);
    eprintln!(
        "{name}: item recall {:.3}, calls precision {:.3}, recall {:.3}",
        s.item_recall, s.precision, s.recall
    );
    let [items, precision, recall] = floors;
    assert!(
        s.item_recall >= items,
        "{name} item recall {:.3}",
        s.item_recall
    );
    assert!(
        s.precision >= precision,
        "{name} calls precision {:.3}",
        s.precision
    );
    assert!(s.recall >= recall, "{name} calls recall {:.3}", s.recall);
}

// Each floor is what was measured when it was last raised, rounded down; raise them as
// resolution improves.

#[test]
fn semver_accuracy_against_rust_analyzer() {
    // 1.000, 1.000, 0.963 when added; 1.000 recall since session 17.
    pinned("semver", [0.99, 0.99, 0.99]);
}

#[test]
fn bitflags_accuracy_against_rust_analyzer() {
    // 1.000, 1.000, 0.952 (session 17).
    pinned("bitflags", [0.99, 0.99, 0.95]);
}

#[test]
fn walkdir_accuracy_against_rust_analyzer() {
    // 1.000, 0.993, 0.973 (session 17).
    pinned("walkdir", [0.99, 0.99, 0.97]);
}
