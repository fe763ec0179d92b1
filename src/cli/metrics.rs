//! Reading a run's numbers: the `--stats` table and the `bench` command.

use super::args::BenchArgs;
use super::io::{default_threads, read_input};
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

/// `cratemap bench`: the [`bench`] report on stdout.
pub fn run(args: BenchArgs) -> Result<(), String> {
    let files = read_input(&args.path)?;
    let threads = args.threads.unwrap_or_else(default_threads);
    print!("{}", bench(&files, threads, args.repeat.max(1)));
    Ok(())
}

/// Throughput of syn parse-only and of the full pipeline, on 1 thread and
/// on `threads`, best of `repeat` runs each, on the same files. Each figure
/// is given twice: per wall-clock second, and per CPU second of the whole
/// process. On a busy machine the wall figures sink; the CPU figures (and so
/// the 1-thread ratio) do not, but they cannot show a parallel speedup.
///
/// The pipeline's time ends when `analyze` hands back the graph. Freeing the
/// graph afterwards is its user's cost, not the pipeline's, and no user waits
/// for it (the CLI exits without it, the wasm engine frees it in the
/// background): it is timed on its own and printed below the table.
pub fn bench(files: &[SourceFile], threads: usize, repeat: usize) -> String {
    let texts: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .filter_map(|f| crate::vfs::decode(f.bytes.clone()).ok())
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
    let mut drops = Vec::new();
    for n in dedup_threads(threads) {
        let (parse, _) = best_of(repeat, || (), |()| parse_only(&texts, n));
        let options = Options {
            threads: Some(n),
            ..Options::default()
        };
        // The pipeline takes its input by value: the copy handed to each run
        // is made before its clock starts, as parse-only's texts are.
        let (full, drop_ms) = best_of(
            repeat,
            || files.to_vec(),
            |input| crate::analyze(input, &options),
        );
        rows.push((n, parse.throughput(mb), full.throughput(mb)));
        drops.push((n, drop_ms));
    }
    let _ = writeln!(
        out,
        "{:>8} {:>16} {:>16} {:>8} {:>18} {:>18} {:>10}",
        "threads",
        "parse-only MB/s",
        "pipeline MB/s",
        "ratio",
        "parse-only MB/cpu-s",
        "pipeline MB/cpu-s",
        "cpu ratio"
    );
    for (n, parse, full) in &rows {
        let _ = writeln!(
            out,
            "{n:>8} {:>16.2} {:>16.2} {:>8.2} {:>18.2} {:>18.2} {:>10.2}",
            parse.0,
            full.0,
            full.0 / parse.0,
            parse.1,
            full.1,
            full.1 / parse.1
        );
    }
    if let (Some(one), Some(many)) = (rows.first(), rows.last()) {
        if rows.len() > 1 {
            let _ = writeln!(
                out,
                "scaling {}→{} threads (wall): parse-only {:.2}x, pipeline {:.2}x",
                one.0,
                many.0,
                many.1 .0 / one.1 .0,
                many.2 .0 / one.2 .0
            );
        }
    }
    let drops: Vec<String> = drops
        .iter()
        .map(|(n, ms)| format!("{ms:.0} ms after {n} thread(s)"))
        .collect();
    let _ = writeln!(
        out,
        "freeing the graph (not in pipeline time): {}",
        drops.join(", ")
    );
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

/// One measurement: wall seconds and CPU seconds (all threads).
#[derive(Clone, Copy)]
struct Cost {
    wall: f64,
    cpu: f64,
}

impl Cost {
    /// MB per wall second and MB per CPU second.
    fn throughput(self, mb: f64) -> (f64, f64) {
        (mb / self.wall, mb / self.cpu)
    }
}

/// The cheapest of `repeat` runs of `run` on what `prepare` gives it, wall
/// and CPU each taken at its minimum, and the cheapest time in milliseconds
/// to drop what a run returned. Neither preparing nor dropping is part of a
/// run's cost.
fn best_of<I, T>(
    repeat: usize,
    mut prepare: impl FnMut() -> I,
    mut run: impl FnMut(I) -> T,
) -> (Cost, f64) {
    let mut best = Cost {
        wall: f64::INFINITY,
        cpu: f64::INFINITY,
    };
    let mut drop_ms = f64::INFINITY;
    for _ in 0..repeat {
        let input = prepare();
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let result = run(input);
        best.wall = best.wall.min(start.elapsed().as_secs_f64());
        best.cpu = best.cpu.min(cpu_seconds() - cpu);
        let start = Instant::now();
        drop(result);
        drop_ms = drop_ms.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    (best, drop_ms)
}

/// User plus system CPU time of this process, all threads, in seconds.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage only writes the struct it is handed, which is
    // zero-initialized and so valid whatever it leaves untouched.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return f64::NAN;
        }
        usage.assume_init()
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// No portable CPU clock elsewhere: the CPU columns read NaN.
#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    f64::NAN
}
