//! The graph's crates, files (with their status) and diagnostics, and its
//! input totals.

use super::numbering::Ids;
use super::FileFacts;
use crate::discover::ModuleTree;
use crate::model::{Crate, Diagnostic, File, FileStatus, InternerStats, Severity, Stats};
use crate::state::raw::{FileIdx, RawDiagnostic, RawNodeId};
use crate::vfs::SourceFile;
use dashmap::DashSet;
use foldhash::HashMap;
use std::collections::BTreeSet;
use std::sync::Mutex;

pub(super) fn crates(
    files: &[SourceFile],
    tree: &ModuleTree,
    roots: &HashMap<FileIdx, RawNodeId>,
    ids: &Ids,
) -> Vec<Crate> {
    tree.crates
        .iter()
        .filter_map(|c| {
            Some(Crate {
                name: c.name.clone(),
                root: files[c.file].path.clone(),
                kind: c.kind,
                module: ids.node(*roots.get(&c.file)?)?,
            })
        })
        .collect()
}

/// Every diagnostic, by file path, sorted and deduplicated.
pub(super) fn diagnostics(raw: Mutex<Vec<RawDiagnostic>>, files: &[SourceFile]) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = raw
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|d| Diagnostic {
            file: files[d.file].path.clone(),
            line: d.line,
            column: d.column,
            severity: d.severity,
            message: d.message,
        })
        .collect();
    diagnostics.sort();
    diagnostics.dedup();
    diagnostics
}

/// The input files with their status: `failed` when nothing of a Rust file
/// could be read, `partial` when something was lost or has an error.
pub(super) fn list(
    files: &[SourceFile],
    facts: &[FileFacts],
    tree: &ModuleTree,
    failed: DashSet<FileIdx>,
    damaged: DashSet<FileIdx>,
    diagnostics: &[Diagnostic],
) -> Vec<File> {
    let failed: BTreeSet<usize> = failed.into_iter().collect();
    let damaged: BTreeSet<usize> = damaged.into_iter().collect();
    let has_error: BTreeSet<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.as_str())
        .collect();
    files
        .iter()
        .zip(facts)
        .enumerate()
        .map(|(i, (f, facts))| {
            let rust = f.path.ends_with(".rs");
            let status = if rust && (failed.contains(&i) || !facts.readable) {
                FileStatus::Failed
            } else if damaged.contains(&i) || has_error.contains(f.path.as_str()) {
                FileStatus::Partial
            } else {
                FileStatus::Ok
            };
            File {
                path: f.path.clone(),
                bytes: facts.bytes,
                lines: facts.lines,
                status,
                orphan: tree.is_orphan(i),
            }
        })
        .collect()
}

/// The input's totals; the graph's counts come after resolve.
pub(super) fn stats(files: &[SourceFile], facts: &[FileFacts], interner: InternerStats) -> Stats {
    Stats {
        threads: None,
        files: files.len(),
        bytes: facts.iter().map(|f| f.bytes).sum(),
        nodes: 0,
        edges: 0,
        items: Default::default(),
        type_interner: interner,
        phases_ms: None,
    }
}
