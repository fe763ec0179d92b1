//! Graphviz DOT: modules become clusters, so `dot -Tsvg` draws the tree.

use crate::model::{EdgeKind, Graph, NodeKind};
use std::collections::HashMap;
use std::fmt::Write;

pub fn to_string(graph: &Graph) -> String {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut has_parent = vec![false; graph.nodes.len()];
    for edge in graph.edges.iter().filter(|e| e.kind == EdgeKind::Contains) {
        children.entry(edge.source).or_default().push(edge.target);
        if let Some(flag) = has_parent.get_mut(edge.target as usize) {
            *flag = true;
        }
    }
    let mut out = String::from("digraph cratemap {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
    for node in graph.nodes.iter().filter(|n| !has_parent[n.id as usize]) {
        write_node(&mut out, graph, &children, node.id, 1);
    }
    for edge in graph.edges.iter().filter(|e| e.kind != EdgeKind::Contains) {
        let style = match edge.confidence {
            Some(crate::model::Confidence::Ambiguous) => ", style=dotted",
            Some(crate::model::Confidence::Inferred) => ", style=dashed",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  n{} -> n{} [label={}{}];",
            edge.source,
            edge.target,
            quote(edge.kind.as_str()),
            style
        );
    }
    out.push_str("}\n");
    out
}

/// Modules are clusters holding their contents; other nodes are boxes.
/// Iterative over an explicit stack, since module nesting can be deep.
fn write_node(
    out: &mut String,
    graph: &Graph,
    children: &HashMap<u32, Vec<u32>>,
    root: u32,
    indent: usize,
) {
    enum Step {
        Open(u32, usize),
        Close(usize),
    }
    let mut stack = vec![Step::Open(root, indent)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(depth) => {
                let _ = writeln!(out, "{}}}", "  ".repeat(depth));
            }
            Step::Open(id, depth) => {
                let node = &graph.nodes[id as usize];
                let pad = "  ".repeat(depth);
                let label = quote(&format!("{} {}", node.kind.as_str(), node.name));
                if node.kind == NodeKind::Module {
                    let _ = writeln!(
                        out,
                        "{pad}subgraph cluster_{id} {{\n{pad}  label={};",
                        quote(&node.path)
                    );
                    let _ = writeln!(out, "{pad}  n{id} [label={label}, shape=folder];");
                    stack.push(Step::Close(depth));
                    for &child in children.get(&id).into_iter().flatten().rev() {
                        stack.push(Step::Open(child, depth + 1));
                    }
                } else {
                    let _ = writeln!(out, "{pad}n{id} [label={label}];");
                    for &child in children.get(&id).into_iter().flatten().rev() {
                        stack.push(Step::Open(child, depth));
                    }
                }
            }
        }
    }
}

/// A DOT string literal: quotes and backslashes escaped, newlines kept as `\n`.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
