//! The whole run: options, limits, phases, progress and timing.

use crate::freeze::FileFacts;
use crate::model::{Graph, Severity};
use crate::state::raw::FileIdx;
use crate::state::store::VisitorState;
use crate::syntax::split::Split;
use crate::vfs::SourceFile;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Caps that turn hostile input into a clear diagnostic instead of a crash
/// or an out-of-memory abort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes of all files; files past the cap are skipped with an error.
    pub max_total_bytes: u64,
    pub max_files: usize,
    /// One file larger than this is skipped with an error.
    pub max_file_bytes: u64,
    /// How deeply code may nest, in [`crate::syntax::scan::nesting`]'s units (one per group and per
    /// token of an operator chain). Deeper groups are emptied before syn sees them, so that
    /// no recursive parse or walk can overflow a thread's stack.
    pub max_depth: usize,
}

/// The default [`Limits::max_depth`]: about half of what a 2 MiB native stack survives for the
/// costliest construct measured (nested blocks, about 4 KiB of stack per level in a release
/// build), a third of what the wasm builds survive in Chromium (`return return ..` chains on a
/// pool thread, bound by V8's own stack limit, not by the 8 MiB of linear-memory stack), and
/// above the deepest code in std's sources. See BENCHMARKS.md ("Recovery and hostile input")
/// for the measurements, and `examples/stack_depth.rs` and `bench/stack_depth.mjs` to repeat
/// them.
pub const MAX_DEPTH: usize = 256;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // The analysis peaks at a few times its input; in wasm that must stay well under
            // the 4 GiB shared memory maximum (scripts/build-wasm.sh).
            max_total_bytes: if cfg!(target_arch = "wasm32") {
                256 << 20
            } else {
                512 << 20
            },
            max_files: 50_000,
            max_file_bytes: 64 << 20,
            max_depth: MAX_DEPTH,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Worker threads. `None` uses the current rayon pool as it is (the wasm
    /// build's pool, or rayon's global one).
    pub threads: Option<usize>,
    pub limits: Limits,
    /// Put run facts (`stats.threads`, `stats.phases_ms`) in the graph. They
    /// differ from run to run, so reproducible output leaves them out.
    pub timings: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Decode,
    Parse,
    Discover,
    Freeze,
    Resolve,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Decode => "decode",
            Phase::Parse => "parse",
            Phase::Discover => "discover",
            Phase::Freeze => "freeze",
            Phase::Resolve => "resolve",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    /// Files done in this phase, out of `total`.
    pub done: usize,
    pub total: usize,
}

/// Stack for native worker threads: syn's parser is recursive, and deeply
/// nested input must hit the depth guard before it hits the stack's end.
pub const WORKER_STACK_BYTES: usize = 64 << 20;

pub fn analyze(files: Vec<SourceFile>, options: &Options) -> Graph {
    analyze_with_progress(files, options, &|_| {})
}

pub fn analyze_with_progress(
    files: Vec<SourceFile>,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Graph {
    match options.threads {
        Some(threads) => match worker_pool(threads) {
            Some(pool) => {
                let graph = pool.install(|| run(files, options, progress));
                pool.broadcast(|_| proc_macro2::extra::invalidate_current_thread_spans());
                graph
            }
            // No threads to be had (a sandbox, a wasm build without them):
            // the same work, on this thread.
            None => run(files, options, progress),
        },
        None => {
            let graph = run(files, options, progress);
            rayon::broadcast(|_| proc_macro2::extra::invalidate_current_thread_spans());
            graph
        }
    }
}

/// The pool an analysis runs on; the CLI writes the JSON on one like it, so
/// that `--threads` bounds the whole run. `None` where no threads can start.
pub fn worker_pool(threads: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|i| format!("cratemap-{i}"))
        .build()
        .ok()
}

fn run(files: Vec<SourceFile>, options: &Options, progress: &(dyn Fn(Progress) + Sync)) -> Graph {
    let mut phases = BTreeMap::new();
    let mut state = VisitorState::default();
    let total = files.len();

    let clock = Clock::start();
    let (files, facts, texts) = admit(files, &options.limits, &state);
    phases.insert(Phase::Decode, clock.ms());

    let clock = Clock::start();
    let done = AtomicUsize::new(0);
    progress(Progress {
        phase: Phase::Parse,
        done: 0,
        total,
    });
    // Per file: split into item chunks; then the input's own `macro_rules!` definitions,
    // which the visit expands; then parse and visit the chunks (in parallel too).
    // Each text is dropped as soon as its file is visited: from here on the
    // graph is the only copy of the input anyone needs.
    let splits: Vec<Option<Split>> = texts
        .par_iter()
        .enumerate()
        .map(|(file, text)| Some(split_file(&state, file, text.as_deref()?)))
        .collect();
    state.macros = collect_macros(&files, &texts, &splits, options.limits.max_depth);
    texts
        .into_par_iter()
        .zip(splits)
        .enumerate()
        .for_each(|(file, (text, split))| {
            if let (Some(text), Some(split)) = (text, split) {
                crate::visit::visit_file(&state, file, &text, &split, options.limits.max_depth);
            }
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress {
                phase: Phase::Parse,
                done,
                total,
            });
        });
    // This thread may have parsed too (sequential fallback, nested joins).
    proc_macro2::extra::invalidate_current_thread_spans();
    phases.insert(Phase::Parse, clock.ms());

    let clock = Clock::start();
    progress(Progress {
        phase: Phase::Discover,
        done: 0,
        total,
    });
    let tree = crate::discover::discover(&files, &state);
    phases.insert(Phase::Discover, clock.ms());

    let clock = Clock::start();
    progress(Progress {
        phase: Phase::Freeze,
        done: 0,
        total,
    });
    let frozen = crate::freeze::freeze(&files, &facts, state, &tree);
    drop(files);
    phases.insert(Phase::Freeze, clock.ms());

    let clock = Clock::start();
    progress(Progress {
        phase: Phase::Resolve,
        done: 0,
        total,
    });
    let mut graph = crate::resolve::resolve(frozen);
    phases.insert(Phase::Resolve, clock.ms());
    progress(Progress {
        phase: Phase::Resolve,
        done: total,
        total,
    });

    if options.timings {
        graph.stats.threads = Some(rayon::current_num_threads());
        graph.stats.phases_ms = Some(
            phases
                .into_iter()
                .map(|(phase, ms)| (phase.as_str().to_string(), ms))
                .collect(),
        );
    }
    graph
}

/// Applies the limits and decodes every admitted file. The returned facts
/// and texts line up with the files; `None` marks a file that could not be
/// read, which already has its diagnostic. A Rust file's bytes are dropped
/// once decoded (its text is the one copy kept), so `files` keeps only paths
/// and manifests.
fn admit(
    files: Vec<SourceFile>,
    limits: &Limits,
    state: &VisitorState,
) -> (Vec<SourceFile>, Vec<FileFacts>, Vec<Option<String>>) {
    let mut files = files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|b, a| a.path == b.path);
    let mut total_bytes = 0u64;
    let mut admitted = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let size = file.bytes.len() as u64;
        let refusal = if index >= limits.max_files {
            Some(format!(
                "skipped: the input has more than {} files (the file limit)",
                limits.max_files
            ))
        } else if size > limits.max_file_bytes {
            Some(format!(
                "skipped: file is {} bytes, over the per-file limit of {} bytes",
                size, limits.max_file_bytes
            ))
        } else if total_bytes + size > limits.max_total_bytes {
            Some(format!(
                "skipped: the input passed the total size limit of {} bytes",
                limits.max_total_bytes
            ))
        } else {
            None
        };
        match refusal {
            Some(message) => {
                state
                    .diagnostics
                    .report(index, [1, 0], Severity::Error, message);
                admitted.push(false);
            }
            None => {
                total_bytes += size;
                admitted.push(true);
            }
        }
    }
    let (facts, texts) = files
        .par_iter_mut()
        .zip(admitted.par_iter())
        .enumerate()
        .map(|(index, (file, &admitted))| {
            if !file.path.ends_with(".rs") {
                return (FileFacts::of(&file.bytes, true), None);
            }
            let bytes = std::mem::take(&mut file.bytes);
            if !admitted {
                return (FileFacts::of(&bytes, false), None);
            }
            let facts = FileFacts::of(&bytes, true);
            match crate::vfs::decode(bytes) {
                Ok(text) => (facts, Some(text)),
                Err(err) => {
                    state.diagnostics.report(
                        index,
                        [err.line, err.column],
                        Severity::Error,
                        err.message,
                    );
                    let facts = FileFacts {
                        readable: false,
                        ..facts
                    };
                    (facts, None)
                }
            }
        })
        .unzip();
    (files, facts, texts)
}

/// The `macro_rules!` definitions of every file (see [`crate::expand::defs`]).
fn collect_macros(
    files: &[SourceFile],
    texts: &[Option<String>],
    splits: &[Option<Split>],
    max_depth: usize,
) -> crate::expand::MacroTable {
    use crate::expand::defs::{Input, Manifest};
    let inputs: Vec<Input<'_>> = files
        .iter()
        .zip(texts)
        .zip(splits)
        .map(|((file, text), split)| Input {
            path: &file.path,
            text: text.as_deref(),
            split: split.as_ref(),
        })
        .collect();
    let manifests: Vec<Manifest<'_>> = files
        .iter()
        .filter(|f| f.path == "Cargo.toml" || f.path.ends_with("/Cargo.toml"))
        .map(|f| Manifest {
            path: &f.path,
            features: crate::discover::manifest_default_features(&String::from_utf8_lossy(
                &f.bytes,
            )),
        })
        .collect();
    crate::expand::MacroTable::collect(&inputs, &manifests, max_depth)
}

/// Cuts a file into item chunks, and reports what does not lex: a file with such an error is
/// damaged, whatever its chunks' visit makes of the rest.
fn split_file(state: &VisitorState, file: FileIdx, text: &str) -> Split {
    let split = crate::syntax::split::split(text);
    for error in &split.errors {
        state.diagnostics.lost(
            file,
            [error.line, error.column],
            Severity::Error,
            error.message.as_str(),
        );
    }
    split
}

/// Wall time that works natively and in wasm (where `Instant` panics).
struct Clock(f64);

impl Clock {
    fn start() -> Clock {
        Clock(now_ms())
    }
    fn ms(&self) -> f64 {
        ((now_ms() - self.0) * 1000.0).round() / 1000.0
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    crate::wasm::api::now_ms()
}
