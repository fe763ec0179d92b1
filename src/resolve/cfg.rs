//! Which of several same-named definitions a build would see.
//!
//! Platform code often defines one function twice, under `#[cfg(unix)]` and
//! `#[cfg(windows)]`. A call can only reach one of them; resolve prefers the
//! one a default build on a 64-bit Linux host compiles (what rust-analyzer
//! sees by default, and what most readers run), with `test` and
//! `debug_assertions` on. Features and custom cfgs are unknown: a candidate
//! under them is neither preferred nor dropped.

use crate::model::Node;
use std::borrow::Cow;

/// The flag of a node that one of its own `cfg`s leaves out of the reference
/// build: the views fold cfg twins (`#[cfg(unix)] struct Handle` and
/// `#[cfg(windows)] struct Handle`) onto the one without it.
pub const OFF_FLAG: &str = "cfg_off";

/// Flags every node whose own `cfg`s do not hold on the reference build
/// (unknown ones, such as features, leave a node unflagged).
pub(super) fn flag_off(nodes: &mut [Node]) {
    for node in nodes {
        if node
            .details
            .cfgs
            .iter()
            .any(|predicate| evaluate(predicate) == Some(false))
        {
            node.details.flags.push(Cow::Borrowed(OFF_FLAG));
        }
    }
}

/// Evaluates a `cfg` predicate as written (`unix`, `not(windows)`,
/// `any(target_os = "linux", feature = "x")`): `None` when it depends on
/// something unknown, or does not parse.
pub(super) fn evaluate(predicate: &str) -> Option<bool> {
    let mut parser = Parser {
        rest: predicate.trim(),
        depth: 0,
    };
    let value = parser.predicate()?;
    parser.rest.trim().is_empty().then_some(value?)
}

/// How many nested `any`/`all`/`not` a predicate may have.
const MAX_DEPTH: usize = 32;

struct Parser<'s> {
    rest: &'s str,
    depth: usize,
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
                option(key, value)
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
    fn platform_predicates() {
        assert_eq!(evaluate("unix"), Some(true));
        assert_eq!(evaluate("windows"), Some(false));
        assert_eq!(evaluate("not(windows)"), Some(true));
        assert_eq!(evaluate("not(any(unix, windows))"), Some(false));
        assert_eq!(evaluate(r#"target_os = "linux""#), Some(true));
        assert_eq!(
            evaluate(r#"all(unix, not(target_os = "macos"))"#),
            Some(true)
        );
    }

    #[test]
    fn unknown_and_malformed() {
        assert_eq!(evaluate(r#"feature = "std""#), None);
        assert_eq!(evaluate(r#"any(unix, feature = "std")"#), Some(true));
        assert_eq!(evaluate(r#"all(unix, feature = "std")"#), None);
        assert_eq!(evaluate(r#"all(windows, feature = "std")"#), Some(false));
        assert_eq!(evaluate("not(unix"), None);
        assert_eq!(evaluate("any(unix,"), None);
        assert_eq!(evaluate(""), None);
        assert_eq!(evaluate(&"not(".repeat(100)), None);
    }
}
