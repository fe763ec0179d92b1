//! Reading a run's numbers: the `--stats` table and the `bench` command.

use crate::model::Graph;
use crate::vfs::SourceFile;
use crate::Options;
use rayon::prelude::*;
use std::fmt::Write;
use std::time::Instant;

/// The `--stats` table: counts per kind, interner use, phase timings.
pub fn table(graph: &Graph) -> String {
    let stats = &graph.stats;
    let mut out = String::new();
    let _ = writeln!(out, "files      {:>10}", stats.files);
    let _ = writeln!(out, "bytes      {:>10}", stats.bytes);
    let _ = writeln!(out, "nodes      {:>10}", stats.nodes);
    let _ = writeln!(out, "edges      {:>10}", stats.edges);
    if let Some(threads) = stats.threads {
        let _ = writeln!(out, "threads    {threads:>10}");
    }
    let _ = writeln!(
        out,
        "types      {:>10} interned, {} hits",
        stats.type_interner.misses, stats.type_interner.hits
    );
    let _ = writeln!(out, "items:");
    for (kind, count) in &stats.items {
        let _ = writeln!(out, "  {kind:<12} {count:>8}");
    }
    if let Some(phases) = &stats.phases_ms {
        let total: f64 = phases.values().sum();
        let _ = writeln!(out, "phases (ms):");
        for (phase, ms) in phases {
            let _ = writeln!(out, "  {phase:<12} {ms:>10.1}");
        }
        let mb = stats.bytes as f64 / 1e6;
        let _ = writeln!(
            out,
            "  {:<12} {total:>10.1}  ({:.1} MB/s)",
            "total",
            mb / (total / 1000.0)
        );
    }
    out
}

/// Throughput of syn parse-only and of the full pipeline, on 1 thread and
/// on `threads`, best of `repeat` runs each, on the same files.
pub fn bench(files: &[SourceFile], threads: usize, repeat: usize) -> String {
    let texts: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .filter_map(|f| crate::vfs::decode(&f.bytes).ok())
        .collect();
    let bytes: usize = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.bytes.len())
        .sum();
    let mb = bytes as f64 / 1e6;
    let mut out = String::new();
    let _ = writeln!(out, "corpus: {} files, {:.2} MB", texts.len(), mb);
    let mut rows = Vec::new();
    for n in dedup_threads(threads) {
        let parse = best_of(repeat, || parse_only(&texts, n));
        let full = best_of(repeat, || {
            let options = Options {
                threads: Some(n),
                ..Options::default()
            };
            crate::analyze(files.to_vec(), &options);
        });
        rows.push((n, mb / parse, mb / full));
    }
    let _ = writeln!(
        out,
        "{:>8} {:>16} {:>16} {:>10}",
        "threads", "parse-only MB/s", "pipeline MB/s", "ratio"
    );
    for (n, parse, full) in &rows {
        let _ = writeln!(
            out,
            "{n:>8} {parse:>16.2} {full:>16.2} {:>10.2}",
            full / parse
        );
    }
    if let (Some(one), Some(many)) = (rows.first(), rows.last()) {
        if rows.len() > 1 {
            let _ = writeln!(
                out,
                "scaling {}→{} threads: parse-only {:.2}x, pipeline {:.2}x",
                one.0,
                many.0,
                many.1 / one.1,
                many.2 / one.2
            );
        }
    }
    out
}

fn dedup_threads(threads: usize) -> Vec<usize> {
    if threads <= 1 {
        vec![1]
    } else {
        vec![1, threads]
    }
}

/// `syn::parse_file` on every file: the floor the pipeline is measured against.
fn parse_only(texts: &[String], threads: usize) {
    let run = || {
        texts.par_iter().for_each(|text| {
            let _ = std::hint::black_box(syn::parse_file(text));
        });
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(crate::pipeline::WORKER_STACK_BYTES)
        .build()
    {
        Ok(pool) => {
            pool.install(run);
            pool.broadcast(|_| proc_macro2::extra::invalidate_current_thread_spans());
        }
        Err(_) => run(),
    }
}

fn best_of(repeat: usize, mut f: impl FnMut()) -> f64 {
    (0..repeat)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}
