//! Which of several same-named definitions a build would see.
//!
//! Platform code often defines one function twice, under `#[cfg(unix)]` and
//! `#[cfg(windows)]`. A call can only reach one of them; resolve prefers the
//! one a default build on a 64-bit Linux host compiles (what rust-analyzer
//! sees by default, and what most readers run), with `test` and
//! `debug_assertions` on, and the package's default features (from its
//! manifest; without one, features are unknown). Custom cfgs are unknown: a
//! candidate under them is neither preferred nor dropped.

use crate::discover::Features;
use crate::model::{EdgeKind, Graph, NodeId};
use foldhash::HashMap;
use std::borrow::Cow;

/// The flag of a node that one of its own `cfg`s leaves out of the reference
/// build: the views fold cfg twins (`#[cfg(unix)] struct Handle` and
/// `#[cfg(windows)] struct Handle`) onto the one without it.
pub const OFF_FLAG: &str = "cfg_off";

/// Flags every node whose own `cfg`s do not hold on the reference build
/// with its crate's default features (unknown ones leave a node unflagged).
pub(super) fn flag_off(graph: &mut Graph, crate_features: &HashMap<NodeId, Features>) {
    let features = features_by_node(graph, crate_features);
    for (node, features) in graph.nodes.iter_mut().zip(features) {
        if node
            .details
            .cfgs
            .iter()
            .any(|predicate| evaluate(predicate, features.as_deref()) == Some(false))
        {
            node.details.flags.push(Cow::Borrowed(OFF_FLAG));
        }
    }
}

/// Each node's crate's default features, down the `contains` tree from each
/// crate's root module (`None` outside every crate or without a manifest).
fn features_by_node(
    graph: &Graph,
    crate_features: &HashMap<NodeId, Features>,
) -> Vec<Option<Features>> {
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); graph.nodes.len()];
    for edge in graph.edges.iter().filter(|e| e.kind == EdgeKind::Contains) {
        if let Some(list) = children.get_mut(edge.source as usize) {
            list.push(edge.target);
        }
    }
    let mut features = vec![None; graph.nodes.len()];
    for krate in &graph.crates {
        let Some(set) = crate_features.get(&krate.module) else {
            continue;
        };
        let mut todo = vec![krate.module];
        while let Some(id) = todo.pop() {
            match features.get_mut(id as usize) {
                Some(slot @ None) => *slot = Some(set.clone()),
                _ => continue,
            }
            todo.extend(children.get(id as usize).into_iter().flatten().copied());
        }
    }
    features
}

/// Evaluates a `cfg` predicate as written (`unix`, `not(windows)`,
/// `any(target_os = "linux", feature = "x")`) with `features` on (`None`:
/// features unknown): `None` when it depends on something unknown, or does
/// not parse.
pub(crate) fn evaluate(predicate: &str, features: Option<&[String]>) -> Option<bool> {
    let mut parser = Parser {
        rest: predicate.trim(),
        depth: 0,
        features,
    };
    let value = parser.predicate()?;
    parser.rest.trim().is_empty().then_some(value?)
}

/// How many nested `any`/`all`/`not` a predicate may have.
const MAX_DEPTH: usize = 32;

struct Parser<'s> {
    rest: &'s str,
    depth: usize,
    features: Option<&'s [String]>,
}

impl<'s> Parser<'s> {
    /// `Some(value)` on a parse, where `value` is `None` when unknown.
    fn predicate(&mut self) -> Option<Option<bool>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let name = self.ident()?;
        let value = match name {
            "any" | "all" | "not" => {
                self.eat('(')?;
                let mut values = Vec::new();
                while !self.peek(')') {
                    values.push(self.predicate()?);
                    if !self.peek(')') {
                        self.eat(',')?;
                    }
                }
                self.eat(')')?;
                match name {
                    "not" => match values.as_slice() {
                        [one] => one.map(|v| !v),
                        _ => return None,
                    },
                    "any" if values.contains(&Some(true)) => Some(true),
                    "all" if values.contains(&Some(false)) => Some(false),
                    _ if values.contains(&None) => None,
                    "any" => Some(false),
                    _ => Some(true),
                }
            }
            key if self.peek('=') => {
                self.eat('=')?;
                let value = self.string()?;
                match (key, self.features) {
                    ("feature", Some(on)) => Some(on.iter().any(|f| f == value)),
                    _ => option(key, value),
                }
            }
            flag => flag_value(flag),
        };
        self.depth -= 1;
        Some(value)
    }

    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn peek(&mut self, c: char) -> bool {
        self.skip_space();
        self.rest.starts_with(c)
    }

    fn eat(&mut self, c: char) -> Option<()> {
        self.skip_space();
        self.rest = self.rest.strip_prefix(c)?;
        Some(())
    }

    fn ident(&mut self) -> Option<&'s str> {
        self.skip_space();
        let end = self
            .rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return None;
        }
        let rest: &'s str = self.rest;
        let (ident, rest) = rest.split_at(end);
        self.rest = rest;
        Some(ident)
    }

    fn string(&mut self) -> Option<&'s str> {
        self.eat('"')?;
        let end = self.rest.find('"')?;
        let rest: &'s str = self.rest;
        let (value, rest) = rest.split_at(end);
        self.rest = &rest[1..];
        Some(value)
    }
}

fn flag_value(flag: &str) -> Option<bool> {
    match flag {
        "unix" | "test" | "debug_assertions" | "panic_unwind" => Some(true),
        "windows" | "miri" | "doc" | "doctest" => Some(false),
        _ => None,
    }
}

fn option(key: &str, value: &str) -> Option<bool> {
    let host = match key {
        "target_os" => "linux",
        "target_family" => "unix",
        "target_arch" => "x86_64",
        "target_pointer_width" => "64",
        "target_endian" => "little",
        "target_env" => "gnu",
        "target_vendor" => "unknown",
        "panic" => "unwind",
        _ => return None,
    };
    Some(value == host)
}

#[cfg(test)]
mod tests {
    use super::{evaluate, OFF_FLAG};
    use crate::vfs::SourceFile;

    #[test]
    fn twins_off_the_reference_build_are_flagged() {
        let text = "#[cfg(unix)] struct H;\n#[cfg(windows)] struct H;\n\
                    #[cfg(feature = \"x\")] struct H;\nstruct Plain;\n";
        let file = SourceFile {
            path: "lib.rs".into(),
            bytes: text.into(),
        };
        let graph = crate::analyze(vec![file], &Default::default());
        let off: Vec<(&str, bool)> = graph
            .nodes
            .iter()
            .filter(|n| n.kind == crate::model::NodeKind::Struct)
            .map(|n| {
                let cfg = n.details.cfgs.first().map_or("", |c| c.as_str());
                (cfg, n.details.flags.iter().any(|f| f == OFF_FLAG))
            })
            .collect();
        assert_eq!(
            off,
            [
                ("unix", false),
                ("windows", true),
                (r#"feature = "x""#, false),
                ("", false)
            ]
        );
    }

    #[test]
    fn a_package_s_default_features_decide_its_twins() {
        let manifest = "[package]\nname = \"k\"\nversion = \"0.1.0\"\n\
                        [features]\ndefault = [\"std\", \"dep:serde\", \"log/std\"]\n\
                        std = [\"alloc\"]\nalloc = []\nextra = []\n";
        let lib = "#[cfg(feature = \"alloc\")] pub fn pick() {}\n\
                   #[cfg(not(feature = \"alloc\"))] pub fn pick() {}\n\
                   #[cfg(feature = \"extra\")] pub fn more() {}\n\
                   #[cfg(feature = \"default\")] pub fn base() {}\n\
                   pub fn call() { pick() }\n";
        let files = vec![
            SourceFile::new("Cargo.toml", manifest),
            SourceFile::new("src/lib.rs", lib),
        ];
        let graph = crate::analyze(files, &Default::default());
        let fns: Vec<(u32, &str, bool)> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == crate::model::NodeKind::Function && n.name != "call")
            .map(|(id, n)| {
                let cfg = n.details.cfgs.first().map_or("", |c| c.as_str());
                (
                    id as u32,
                    cfg,
                    n.details.flags.iter().any(|f| f == OFF_FLAG),
                )
            })
            .collect();
        let off: Vec<(&str, bool)> = fns.iter().map(|&(_, cfg, off)| (cfg, off)).collect();
        assert_eq!(
            off,
            [
                (r#"feature = "alloc""#, false),
                (r#"not(feature = "alloc")"#, true),
                (r#"feature = "extra""#, true),
                (r#"feature = "default""#, false),
            ]
        );
        let targets: Vec<u32> = graph
            .edges
            .iter()
            .filter(|e| e.kind == crate::model::EdgeKind::Calls)
            .map(|e| e.target)
            .collect();
        assert_eq!(
            targets,
            [fns[0].0],
            "the call reaches the default build's twin"
        );
    }

    #[test]
    fn platform_predicates() {
        assert_eq!(evaluate("unix", None), Some(true));
        assert_eq!(evaluate("windows", None), Some(false));
        assert_eq!(evaluate("not(windows)", None), Some(true));
        assert_eq!(evaluate("not(any(unix, windows))", None), Some(false));
        assert_eq!(evaluate(r#"target_os = "linux""#, None), Some(true));
        assert_eq!(
            evaluate(r#"all(unix, not(target_os = "macos"))"#, None),
            Some(true)
        );
    }

    #[test]
    fn unknown_and_malformed() {
        assert_eq!(evaluate(r#"feature = "std""#, None), None);
        assert_eq!(evaluate(r#"any(unix, feature = "std")"#, None), Some(true));
        assert_eq!(evaluate(r#"all(unix, feature = "std")"#, None), None);
        assert_eq!(
            evaluate(r#"all(windows, feature = "std")"#, None),
            Some(false)
        );
        assert_eq!(evaluate("not(unix", None), None);
        assert_eq!(evaluate("any(unix,", None), None);
        assert_eq!(evaluate("", None), None);
        assert_eq!(evaluate(&"not(".repeat(100), None), None);
    }
}
