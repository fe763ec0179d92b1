//! `cratemap`: the command line over the library core. The commands live in
//! the library's `cli` module; this file only sets up the allocator and
//! dispatches.

use clap::Parser;
use cratemap::cli::args::{Cli, Command};
use cratemap::cli::{analyze, export, metrics, serve};
use std::process::ExitCode;

/// The CLI's allocator; the library leaves the choice to its user.
///
/// Two of mimalloc's defaults cost this workload, measured on std's sources
/// (BENCHMARKS.md, "Memory and the post-parse phases"): transparent huge
/// pages (turned off by the `no_thp` feature) made the kernel zero whole
/// 2 MiB pages that a run then used only in part, about 0.6 s of system time
/// and 30 MB more peak; and mimalloc v3 keeps freed pages for a second
/// before it returns them, while a run frees its input text and its build
/// state phase by phase. See [`purge_freed_pages_soon`].
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e`, the
/// same in v2 and v3, which the `libmimalloc-sys` bindings do not name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds before mimalloc returns freed pages. On std, 1 thread:
/// 1000 (v3's default) peaks at 459 MB; 10 at 406 MB at the same pipeline
/// speed; 0 lower still, but the pipeline then runs 10% slower (every page
/// a phase frees is faulted in and zeroed again by the next). A loop that
/// only parses and drops syn trees (`bench`'s parse-only) runs ~20% slower
/// at 10 ms than at 1000.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// `MIMALLOC_PURGE_DELAY` in the environment still wins, for measurements.
fn purge_freed_pages_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option; mimalloc reads options
        // atomically, and this runs before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

fn main() -> ExitCode {
    purge_freed_pages_soon();
    let done = match Cli::parse().command {
        Command::Analyze(args) => analyze::run(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Bench(args) => metrics::run(args),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
