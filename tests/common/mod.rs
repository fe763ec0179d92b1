//! Helpers shared by the integration tests.
#![allow(dead_code)] // Each test binary uses its own subset.

use cratemap::model::{Confidence, EdgeKind, Graph, Node};
use cratemap::{analyze, Options, SourceFile};
use std::fmt::Write;
use std::path::Path;

/// Every file under a fixture folder, as the CLI would read it.
pub fn fixture(name: &str) -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    cratemap::vfs::read_path(&root).expect("fixture exists")
}

pub fn analyze_with(files: Vec<SourceFile>, threads: usize) -> Graph {
    analyze(
        files,
        &Options {
            threads: Some(threads),
            ..Options::default()
        },
    )
}

pub fn source(files: &[(&str, &str)]) -> Vec<SourceFile> {
    files
        .iter()
        .map(|(path, text)| SourceFile::new(*path, text.as_bytes()))
        .collect()
}

fn label(node: &Node) -> String {
    format!("{} {}", node.kind.as_str(), node.path)
}

/// Snapshot lines, sorted so that the order edges are stored in does not matter, one per
/// line.
pub fn sorted_lines(mut lines: Vec<String>) -> String {
    lines.sort();
    lines.iter().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "{line}");
        out
    })
}

/// A reviewable text form of a graph for snapshots: one line per crate,
/// file, node, edge and diagnostic, with edges named by their ends' paths.
pub fn render(graph: &Graph) -> String {
    let mut out = String::new();
    for c in &graph.crates {
        let _ = writeln!(
            out,
            "crate {} ({:?}) {} -> {}",
            c.name,
            c.kind,
            c.root,
            label(&graph.nodes[c.module as usize])
        );
    }
    for f in &graph.files {
        let _ = writeln!(
            out,
            "file {} {:?} {} lines{}",
            f.path,
            f.status,
            f.lines,
            if f.orphan { " orphan" } else { "" }
        );
    }
    for n in &graph.nodes {
        let at = match (&n.file, &n.span) {
            (Some(file), Some(span)) => {
                format!(
                    " @{file}:{}:{}-{}:{}",
                    span.start[0], span.start[1], span.end[0], span.end[1]
                )
            }
            _ => String::new(),
        };
        let mut extra = Vec::new();
        if let Some(sig) = n.details.signature() {
            extra.push(format!("sig `{sig}`"));
        }
        if let Some(ty) = n.details.ty() {
            extra.push(format!("ty `{ty}`"));
        }
        if !n.details.flags.is_empty() {
            extra.push(format!("flags {:?}", n.details.flags));
        }
        if !n.details.cfgs.is_empty() {
            extra.push(format!("cfg {:?}", n.details.cfgs));
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" [{}]", extra.join("; "))
        };
        let _ = writeln!(
            out,
            "node {} {} {}{at}{extra}",
            n.id,
            label(n),
            n.visibility.as_string()
        );
    }
    for e in &graph.edges {
        let confidence = e
            .confidence
            .map(|c| format!(" ({c:?})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "edge {} {} -> {}{confidence}",
            e.kind.as_str(),
            label(&graph.nodes[e.source as usize]),
            label(&graph.nodes[e.target as usize])
        );
    }
    for d in &graph.diagnostics {
        let _ = writeln!(
            out,
            "diag {}:{}:{} {}: {}",
            d.file,
            d.line,
            d.column,
            d.severity.as_str(),
            d.message
        );
    }
    out
}

/// The methods `function` (in `lib`) calls in `text`, as (path, confidence).
pub fn calls_of(text: &str, function: &str) -> Vec<(String, Option<Confidence>)> {
    let graph: Graph = analyze_with(source(&[("lib.rs", text)]), 1);
    let id = graph
        .nodes
        .iter()
        .find(|n| n.path == format!("lib::{function}"))
        .unwrap_or_else(|| panic!("no function {function}"))
        .id;
    graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls && e.source == id)
        .map(|e| (graph.nodes[e.target as usize].path.clone(), e.confidence))
        .collect()
}

/// `function` in `text` calls `Node::weight`, inferred, and not `Other::weight`: the two
/// same-named methods the inference fixtures tell apart.
pub fn assert_weight(text: &str, function: &str) {
    let found = calls_of(text, function);
    assert!(
        found.contains(&("lib::Node::weight".into(), Some(Confidence::Inferred))),
        "{function}: {found:?}"
    );
    assert!(
        !found.iter().any(|(path, _)| path == "lib::Other::weight"),
        "{function}: {found:?}"
    );
}
