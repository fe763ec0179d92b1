//! The one sink for every phase's diagnostics: decoding and the input limits, the split,
//! recovery and the visit, discovery. Any thread reports into it while the files are
//! worked on; freeze turns what it holds into the graph's diagnostics and file statuses.

use crate::model::{Diagnostic, FileStatus, Severity};
use crate::state::raw::FileIdx;
use crate::vfs::SourceFile;
use dashmap::DashSet;
use std::collections::BTreeSet;
use std::sync::Mutex;

#[derive(Default)]
pub struct Diagnostics {
    reported: Mutex<Vec<Reported>>,
    /// Files where an item was lost or only partly read.
    damaged: DashSet<FileIdx>,
    /// Files where not a single item could be read.
    failed: DashSet<FileIdx>,
}

/// A diagnostic while its file is still known by index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Reported {
    file: FileIdx,
    line: u32,
    column: u32,
    severity: Severity,
    message: String,
}

impl Diagnostics {
    /// A problem at `[line, column]` of a file (lines from 1, columns from 0).
    pub fn report(
        &self,
        file: FileIdx,
        [line, column]: [u32; 2],
        severity: Severity,
        message: impl Into<String>,
    ) {
        let reported = Reported {
            file,
            line,
            column,
            severity,
            message: message.into(),
        };
        // A poisoned lock only means another thread panicked mid-push; the
        // vector itself is still whole.
        let mut list = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        list.push(reported);
    }

    /// A problem that cost code: reported, and its file is partial.
    pub fn lost(
        &self,
        file: FileIdx,
        at: [u32; 2],
        severity: Severity,
        message: impl Into<String>,
    ) {
        self.report(file, at, severity, message);
        self.damaged(file);
    }

    /// Something of the file was lost or only partly read: it is partial.
    pub fn damaged(&self, file: FileIdx) {
        self.damaged.insert(file);
    }

    /// Not a single item of the file could be read.
    pub fn failed(&self, file: FileIdx) {
        self.failed.insert(file);
    }

    /// What the graph keeps: the diagnostics by file path, sorted and deduplicated, and
    /// what makes a file's status. `files` are the paths the indices name, each once.
    pub fn finish(self, files: &[SourceFile]) -> Findings {
        let reported = self
            .reported
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let with_errors = reported
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.file)
            .collect();
        let mut diagnostics: Vec<Diagnostic> = reported
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
        Findings {
            diagnostics,
            failed: self.failed.into_iter().collect(),
            damaged: self.damaged.into_iter().collect(),
            with_errors,
        }
    }
}

/// The diagnostics, finished, and what they say of each file.
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    failed: BTreeSet<FileIdx>,
    damaged: BTreeSet<FileIdx>,
    with_errors: BTreeSet<FileIdx>,
}

impl Findings {
    /// `failed` when nothing of a Rust file could be read (`readable` is false for one that
    /// was refused or not decoded), `partial` when something was lost or has an error.
    pub fn status(&self, file: FileIdx, path: &str, readable: bool) -> FileStatus {
        let rust = path.ends_with(".rs");
        if rust && (self.failed.contains(&file) || !readable) {
            FileStatus::Failed
        } else if self.damaged.contains(&file) || self.with_errors.contains(&file) {
            FileStatus::Partial
        } else {
            FileStatus::Ok
        }
    }
}
