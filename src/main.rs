//! `cratemap`: the command line over the library core.

use clap::{Parser, Subcommand, ValueEnum};
use cratemap::model::{Graph, Severity};
use cratemap::{Options, SourceFile};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cratemap", version, about = "Explore Rust code as a graph")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze a crate, a workspace or a single file and write its graph.
    Analyze {
        /// A directory (crate or workspace) or a single `.rs` file.
        path: PathBuf,
        /// Write the graph here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Print counts and per-phase timings to stderr, and put the run's
        /// timings and thread count into the JSON (which makes it differ
        /// between runs).
        #[arg(long)]
        stats: bool,
        /// Pretty-print the JSON.
        #[arg(long)]
        pretty: bool,
        /// Largest total input in MiB.
        #[arg(long, default_value_t = 512)]
        max_total_mib: u64,
        /// Largest number of files.
        #[arg(long, default_value_t = 50_000)]
        max_files: usize,
        /// Deepest nesting of code, in levels of groups and operator chains; deeper code is
        /// left out with a diagnostic instead of overflowing a stack.
        #[arg(long, default_value_t = cratemap::pipeline::MAX_DEPTH)]
        max_depth: usize,
    },
    /// Measure throughput (MB/s) on a directory: syn parse-only versus the
    /// full pipeline, on 1 thread and on N.
    Bench {
        path: PathBuf,
        /// The N of the multi-threaded runs (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Runs per measurement; the best is reported.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Dot,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Analyze {
            path,
            output,
            format,
            threads,
            stats,
            pretty,
            max_total_mib,
            max_files,
            max_depth,
        } => {
            let files = read_input(&path)?;
            let threads = threads.unwrap_or_else(default_threads);
            let options = Options {
                threads: Some(threads),
                limits: cratemap::Limits {
                    max_total_bytes: max_total_mib.saturating_mul(1 << 20),
                    max_files,
                    max_depth,
                    ..Default::default()
                },
                timings: stats,
            };
            let total_bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
            let bar = progress_bar(files.len(), total_bytes);
            let graph = cratemap::analyze_with_progress(files, &options, &|p| {
                if let Some(bar) = &bar {
                    bar.set_message(p.phase.as_str());
                    bar.set_position(p.done as u64);
                }
            });
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            print_diagnostics(&graph);
            let text = match format {
                Format::Json if pretty => cratemap::export::json::to_string_pretty(&graph),
                Format::Json => cratemap::export::json::to_string(&graph),
                Format::Dot => cratemap::export::dot::to_string(&graph),
            };
            write_output(output.as_deref(), &text)?;
            if stats {
                eprint!("{}", cratemap::metrics::table(&graph));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            path,
            threads,
            repeat,
        } => {
            let files = read_input(&path)?;
            let report = cratemap::metrics::bench(
                &files,
                threads.unwrap_or_else(default_threads),
                repeat.max(1),
            );
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn read_input(path: &Path) -> Result<Vec<SourceFile>, String> {
    if !path.exists() {
        return Err(format!("`{}` does not exist", path.display()));
    }
    let files = cratemap::vfs::read_path(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if !files.iter().any(|f| f.path.ends_with(".rs")) {
        return Err(format!(
            "no Rust files (`.rs`) found in `{}`",
            path.display()
        ));
    }
    Ok(files)
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

/// rustc's format, `file:line:col: severity: message`, on stderr.
fn print_diagnostics(graph: &Graph) {
    let mut stderr = std::io::stderr().lock();
    for d in &graph.diagnostics {
        let _ = writeln!(
            stderr,
            "{}:{}:{}: {}: {}",
            d.file,
            d.line,
            d.column + 1,
            d.severity.as_str(),
            d.message
        );
    }
    let errors = graph
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        let _ = writeln!(
            stderr,
            "cratemap: {errors} error(s); the graph keeps everything else"
        );
    }
}

fn write_output(output: Option<&Path>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.write_all(b"\n"))
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}
