//! The frozen code graph: the JSON contract `cratemap/graph@1`.
//!
//! Everything here is plain data with canonical ids, so it serializes to the
//! same bytes whatever the thread count was. Adding a field is fine; renaming
//! or dropping one is a schema bump.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

mod details;
mod kinds;

pub use details::{DetailFields, Details, Text};
pub use kinds::{CallForm, CallFormRow, EdgeKind, EdgeRow, NodeKind, NodeRow, ViewKind, ViewRow};

pub const SCHEMA: &str = "cratemap/graph@1";

pub type NodeId = u32;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    pub schema: String,
    pub crates: Vec<Crate>,
    pub files: Vec<File>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crate {
    pub name: String,
    /// The root file, relative to the analyzed root.
    pub root: String,
    pub kind: CrateKind,
    /// The crate's root `module` node.
    pub module: NodeId,
    /// The package version, when cargo supplied the input (`--crate`,
    /// `--with-deps`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The crates of the input this crate depends on (normal dependencies,
    /// as cargo resolved them); empty unless `--with-deps` put them in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<CrateDependency>,
}

/// A crate-level dependency edge, kept with the crates rather than among the
/// edges: an `Edge` has no room for its label (the version requirement), and
/// it links crates, not nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrateDependency {
    /// The dependency's index in `crates`.
    #[serde(rename = "crate")]
    pub krate: usize,
    /// The name the dependent's code uses for it (its rename, if any).
    pub name: String,
    /// The version requirement, as the dependent's manifest writes it.
    pub req: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrateKind {
    Lib,
    Bin,
    Test,
    Example,
    Bench,
    /// A lone file, or a file that nothing else declares when there is no manifest.
    File,
}

impl CrateKind {
    /// The name in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CrateKind::Lib => "lib",
            CrateKind::Bin => "bin",
            CrateKind::Test => "test",
            CrateKind::Example => "example",
            CrateKind::Bench => "bench",
            CrateKind::File => "file",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    pub path: String,
    pub bytes: u64,
    pub lines: u32,
    pub status: FileStatus,
    /// True when no crate root reaches this file through `mod` declarations.
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphan: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Every item parsed.
    Ok,
    /// Some items were lost or kept only in part; the rest of the file is in the graph.
    Partial,
    /// Nothing could be read from the file (bad encoding, over a limit, no item parsed).
    Failed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: NodeId,
    pub kind: NodeKind,
    pub name: String,
    pub path: String,
    /// Shared by every node of the file: one path string per file rather
    /// than one per node (std has 2,900 files and 240,000 nodes in them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    pub visibility: Visibility,
    /// Boxed: the details are two thirds of a node's inline size, and
    /// freeze moves the visitor's box here as it is.
    #[serde(flatten)]
    pub details: Box<Details>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The path resolved to exactly this definition.
    Exact,
    /// A heuristic (a receiver's likely type) chose the target.
    Inferred,
    /// Several candidates matched by name only; there is an edge to each.
    Ambiguous,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edge {
    pub source: NodeId,
    pub target: NodeId,
    pub kind: EdgeKind,
    /// `calls` edges only: how sure resolve is of the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// `calls` edges only: how the call is written (see [`CallForm`]). A byte
    /// in the padding `confidence` leaves, so an edge stays 12 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<CallForm>,
}

// std's graph has half a million edges.
const _: () = assert!(std::mem::size_of::<Edge>() == 12);

/// `start`/`end` are `[line, column]`: lines 1-based, columns 0-based in
/// characters, as proc-macro2 reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: [u32; 2],
    pub end: [u32; 2],
}

/// Visibility as declared. Items that cannot carry a visibility keyword get
/// the one they effectively have: variants, trait items and the items of
/// trait impls are `pub`; impls, interned types and externals are `pub`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Visibility {
    Public,
    Crate,
    Super,
    SelfOnly,
    /// `pub(in path)`.
    In(String),
    Private,
}

impl Visibility {
    pub fn as_string(&self) -> String {
        match self {
            Visibility::Public => "pub".into(),
            Visibility::Crate => "pub(crate)".into(),
            Visibility::Super => "pub(super)".into(),
            Visibility::SelfOnly => "pub(self)".into(),
            Visibility::In(path) => format!("pub(in {path})"),
            Visibility::Private => "private".into(),
        }
    }
}

impl From<Visibility> for String {
    fn from(v: Visibility) -> String {
        v.as_string()
    }
}

impl TryFrom<String> for Visibility {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Ok(match s.as_str() {
            "pub" => Visibility::Public,
            "pub(crate)" => Visibility::Crate,
            "pub(super)" => Visibility::Super,
            "pub(self)" => Visibility::SelfOnly,
            "private" => Visibility::Private,
            other => match other
                .strip_prefix("pub(in ")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                Some(path) => Visibility::In(path.to_string()),
                None => return Err(format!("unknown visibility `{other}`")),
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Counts are a function of the input alone. `threads` and `phases_ms` describe
/// one run; they are left out (`None`) when output must be reproducible.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    pub files: usize,
    pub bytes: u64,
    pub nodes: usize,
    pub edges: usize,
    /// Nodes per kind.
    pub items: BTreeMap<String, usize>,
    pub type_interner: InternerStats,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phases_ms: Option<BTreeMap<String, f64>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternerStats {
    /// Lookups that found the type already interned.
    pub hits: u64,
    /// Lookups that interned a new type: exactly one per distinct type.
    pub misses: u64,
}

fn is_false(b: &bool) -> bool {
    !*b
}
