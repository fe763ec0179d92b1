//! Measures error recovery over a source tree, such as the standard library's:
//!
//! - how many files plain `syn::parse_file` rejects whole;
//! - the `ok` / `partial` / `failed` status cratemap gives every file;
//! - how many items cratemap keeps from the files syn rejects, against the items
//!   `rust-analyzer parse` (an independent, error-tolerant parser) finds in them;
//! - what splitting and recovery cost on the files syn accepts: cratemap's parse path
//!   (split, depth scan, per-chunk parse) against one whole-file `syn::parse_file`, 1 thread,
//!   interleaved in one run.
//!
//! ```sh
//! RA_TOOLCHAIN=stable cargo run --release --example recovery -- \
//!     "$(rustc --print sysroot)/lib/rustlib/src/rust/library"
//! ```

use cratemap::model::{FileStatus, NodeKind};
use cratemap::syntax::scan::{nesting, Nesting};
use cratemap::{Limits, Options, SourceFile};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Item kinds both sides count, as (cratemap kinds, rust-analyzer node kinds). Modules are
/// left out: cratemap merges a `mod x;` declaration with the file it loads.
const CATEGORIES: &[(&str, &[NodeKind], &[&str])] = &[
    ("fn", &[NodeKind::Function, NodeKind::Method], &["FN"]),
    ("struct", &[NodeKind::Struct], &["STRUCT"]),
    ("enum", &[NodeKind::Enum], &["ENUM"]),
    ("union", &[NodeKind::Union], &["UNION"]),
    ("trait", &[NodeKind::Trait], &["TRAIT", "TRAIT_ALIAS"]),
    ("impl", &[NodeKind::Impl], &["IMPL"]),
    ("type", &[NodeKind::TypeAlias], &["TYPE_ALIAS"]),
    ("const", &[NodeKind::Const], &["CONST"]),
    ("static", &[NodeKind::Static], &["STATIC"]),
    ("macro", &[NodeKind::Macro], &["MACRO_RULES", "MACRO_DEF"]),
];

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: recovery <DIR> [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let files = cratemap::vfs::read_path(std::path::Path::new(&dir)).expect("readable tree");
    let rust: Vec<&SourceFile> = files.iter().filter(|f| f.path.ends_with(".rs")).collect();
    let texts: Vec<(&str, String)> = rust
        .iter()
        .filter_map(|f| {
            Some((
                f.path.as_str(),
                cratemap::vfs::decode(f.bytes.clone()).ok()?,
            ))
        })
        .collect();
    let rejected: Vec<&(&str, String)> = texts
        .iter()
        .filter(|(_, text)| syn::parse_file(text).is_err())
        .collect();
    proc_macro2::extra::invalidate_current_thread_spans();
    println!(
        "files: {} Rust files; plain syn::parse_file rejects {} whole",
        rust.len(),
        rejected.len()
    );

    let graph = cratemap::analyze(
        files.clone(),
        &Options {
            threads: Some(std::thread::available_parallelism().map_or(1, |n| n.get())),
            ..Options::default()
        },
    );
    let mut status: BTreeMap<&str, usize> = BTreeMap::new();
    for file in graph.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let name = match file.status {
            FileStatus::Ok => "ok",
            FileStatus::Partial => "partial",
            FileStatus::Failed => "failed",
        };
        *status.entry(name).or_default() += 1;
    }
    println!("cratemap status: {status:?}");
    let rejected_status: Vec<String> = rejected
        .iter()
        .filter_map(|(path, _)| graph.files.iter().find(|f| f.path == *path))
        .filter(|f| f.status != FileStatus::Partial)
        .map(|f| format!("{} ({:?})", f.path, f.status))
        .collect();
    println!("rejected files not `partial`: {rejected_status:?}");

    nesting_histogram(&texts);
    items_kept(&graph, &rejected);
    recovery_cost(&texts, &rejected, repeat);
}

/// Items cratemap keeps from the files syn rejects, against rust-analyzer's count per file
/// and category (the smaller of the two counts per file and category, so that items cratemap
/// finds and rust-analyzer does not cannot make up for lost ones).
fn items_kept(graph: &cratemap::Graph, rejected: &[&(&str, String)]) {
    let mut ours_total = [0usize; CATEGORIES.len()];
    let mut theirs_total = [0usize; CATEGORIES.len()];
    let mut kept_total = [0usize; CATEGORIES.len()];
    let mut worst: Vec<(usize, &str)> = Vec::new();
    for (path, text) in rejected {
        let Some(theirs) = rust_analyzer_counts(text) else {
            println!(
                "rust-analyzer not available: `rustup component add rust-analyzer`, \
                 or RA_TOOLCHAIN=<a toolchain that has it>"
            );
            return;
        };
        let mut lost = 0;
        for (i, (_, kinds, _)) in CATEGORIES.iter().enumerate() {
            let ours = graph
                .nodes
                .iter()
                .filter(|n| n.file.as_deref() == Some(*path))
                .filter(|n| kinds.contains(&n.kind))
                .filter(|n| !n.details.flags.iter().any(|f| f == "in_macro"))
                .count();
            ours_total[i] += ours;
            theirs_total[i] += theirs[i];
            kept_total[i] += ours.min(theirs[i]);
            lost += theirs[i].saturating_sub(ours);
        }
        worst.push((lost, path));
    }
    println!(
        "{:<8} {:>14} {:>10} {:>10}",
        "items", "rust-analyzer", "cratemap", "kept"
    );
    for (i, (name, _, _)) in CATEGORIES.iter().enumerate() {
        println!(
            "{name:<8} {:>14} {:>10} {:>10}",
            theirs_total[i], ours_total[i], kept_total[i]
        );
    }
    let theirs: usize = theirs_total.iter().sum();
    let kept: usize = kept_total.iter().sum();
    println!(
        "items kept from the {} files syn rejects: {kept} of {theirs} ({:.2}%)",
        rejected.len(),
        100.0 * kept as f64 / theirs.max(1) as f64
    );
    worst.sort_unstable_by(|a, b| b.cmp(a));
    let worst: Vec<_> = worst.iter().take(5).filter(|(lost, _)| *lost > 0).collect();
    println!("most items lost: {worst:?}");
}

/// Item counts per category in rust-analyzer's syntax tree of `text`.
fn rust_analyzer_counts(text: &str) -> Option<[usize; CATEGORIES.len()]> {
    // The toolchain this repository pins may lack the component that another one has:
    // `RA_TOOLCHAIN=stable` picks that one.
    let mut command = Command::new("rust-analyzer");
    if let Ok(toolchain) = std::env::var("RA_TOOLCHAIN") {
        command.env("RUSTUP_TOOLCHAIN", toolchain);
    }
    let mut child = command
        .arg("parse")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    let mut counts = [0; CATEGORIES.len()];
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((kind, _)) = line.trim_start().split_once('@') else {
            continue;
        };
        if let Some(i) = CATEGORIES.iter().position(|(_, _, ra)| ra.contains(&kind)) {
            counts[i] += 1;
        }
    }
    Some(counts)
}

/// Best-of-`repeat` time of cratemap's parse path against whole-file syn on the files syn
/// accepts, on this thread, interleaved so that both see the same machine load.
fn recovery_cost(texts: &[(&str, String)], rejected: &[&(&str, String)], repeat: usize) {
    let valid: Vec<&str> = texts
        .iter()
        .filter(|t| !rejected.iter().any(|r| r.0 == t.0))
        .map(|(_, text)| text.as_str())
        .collect();
    let bytes: usize = valid.iter().map(|t| t.len()).sum();
    let (mut whole, mut ours) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..repeat {
        let start = Instant::now();
        for text in &valid {
            std::hint::black_box(syn::parse_file(text).is_ok());
            proc_macro2::extra::invalidate_current_thread_spans();
        }
        whole = whole.min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        for text in &valid {
            for chunk in cratemap::syntax::split::split(text).chunks {
                let source = &text[chunk.start..chunk.end];
                let parsed =
                    cratemap::syntax::recover::parse_chunk(source, Limits::default().max_depth);
                std::hint::black_box(parsed.file.is_some());
                proc_macro2::extra::invalidate_current_thread_spans();
            }
        }
        ours = ours.min(start.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "parse path on the {} files syn accepts ({mb:.1} MB, 1 thread, best of {repeat}): \
         whole-file syn {:.2} MB/s, split + recovering parse {:.2} MB/s, cost {:+.1}%",
        valid.len(),
        mb / whole,
        mb / ours,
        100.0 * (ours / whole - 1.0)
    );
}

/// How many chunks the depth guard would prune at a few limits: real code must stay well
/// inside the default.
fn nesting_histogram(texts: &[(&str, String)]) {
    let limits = [64, 128, 256, 512, 1000];
    let mut over = [0usize; 5];
    let mut deepest = (0, "");
    for (path, text) in texts {
        for chunk in cratemap::syntax::split::split(text).chunks {
            let source = &text[chunk.start..chunk.end];
            for (i, &limit) in limits.iter().enumerate() {
                if source.len() > limit && nesting(source, limit) != Nesting::Within {
                    over[i] += 1;
                    if limit >= deepest.0 {
                        deepest = (limit, path);
                    }
                }
            }
        }
    }
    let counts: Vec<String> = limits
        .iter()
        .zip(over)
        .map(|(limit, n)| format!("> {limit}: {n}"))
        .collect();
    println!(
        "chunks nested deeper than (guard units): {}; deepest past {} in {}",
        counts.join(", "),
        deepest.0,
        deepest.1
    );
}
