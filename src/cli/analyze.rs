//! `cratemap analyze`: one crate's graph as JSON or DOT.

use super::args::{AnalyzeArgs, Format};
use super::io::{default_threads, print_diagnostics, read_source, write_output};
use crate::Options;
use std::io::IsTerminal;

pub fn run(args: AnalyzeArgs) -> Result<(), String> {
    let AnalyzeArgs {
        input,
        output,
        format,
        threads,
        stats,
        pretty,
        max_files,
        max_depth,
    } = args;
    let (files, packages) = read_source(&input)?;
    let threads = threads.unwrap_or_else(default_threads);
    let options = Options {
        threads: Some(threads),
        limits: crate::Limits {
            max_total_bytes: input.max_total_bytes(),
            max_files,
            max_depth,
            ..Default::default()
        },
        timings: stats,
    };
    let total_bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let bar = progress_bar(files.len(), total_bytes);
    let mut graph = crate::analyze_with_progress(files, &options, &|p| {
        if let Some(bar) = &bar {
            bar.set_message(p.phase.as_str());
            bar.set_position(p.done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(packages) = &packages {
        crate::cargo::annotate(&mut graph, packages);
    }
    print_diagnostics(&graph);
    let write = |out: &mut dyn std::io::Write| match format {
        Format::Json => crate::export::json::to_writer(&graph, out, pretty),
        Format::Dot => out.write_all(crate::export::dot::to_string(&graph).as_bytes()),
    };
    match crate::pipeline::worker_pool(threads) {
        Some(pool) => pool.install(|| write_output(output.as_deref(), write)),
        None => write_output(output.as_deref(), write),
    }?;
    if stats {
        eprint!("{}", super::metrics::table(&graph));
    }
    // The process ends now: freeing a std-sized graph node by node
    // would only add 75-150 ms of cache misses before the exit.
    std::mem::forget(graph);
    Ok(())
}

/// A bar only for a person watching a large input.
fn progress_bar(files: usize, bytes: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || (files < 200 && bytes < 4 << 20) {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg:>8} [{bar:40}] {pos}/{len} files")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}
