//! The graph's crates and files (with their status), and its input totals.

use super::numbering::Ids;
use super::FileFacts;
use crate::diagnostics::Findings;
use crate::discover::{Features, ModuleTree};
use crate::model::{Crate, File, InternerStats, NodeId, Stats};
use crate::state::raw::{FileIdx, RawNodeId};
use crate::vfs::SourceFile;
use foldhash::HashMap;

pub(super) fn crates(
    files: &[SourceFile],
    tree: &ModuleTree,
    roots: &HashMap<FileIdx, RawNodeId>,
    ids: &Ids,
) -> (Vec<Crate>, HashMap<NodeId, Features>) {
    let mut features = HashMap::default();
    let crates = tree
        .crates
        .iter()
        .filter_map(|c| {
            let module = ids.node(*roots.get(&c.file)?)?;
            if let Some(set) = &c.features {
                features.insert(module, set.clone());
            }
            Some(Crate {
                name: c.name.clone(),
                root: files[c.file].path.clone(),
                kind: c.kind,
                module,
                version: None,
                dependencies: Vec::new(),
            })
        })
        .collect();
    (crates, features)
}

/// The input files with their status.
pub(super) fn list(
    files: &[SourceFile],
    facts: &[FileFacts],
    tree: &ModuleTree,
    findings: &Findings,
) -> Vec<File> {
    files
        .iter()
        .zip(facts)
        .enumerate()
        .map(|(i, (f, facts))| File {
            path: f.path.clone(),
            bytes: facts.bytes,
            lines: facts.lines,
            status: findings.status(i, &f.path, facts.readable),
            orphan: tree.is_orphan(i),
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
