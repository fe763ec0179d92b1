//! `cratemap`: the command line over the library core.

use clap::{Args, Parser, Subcommand, ValueEnum};
use cratemap::export::view::{ViewOptions, VisibilityClass};
use cratemap::model::{EdgeKind, NodeKind, ViewKind};
use cratemap::model::{Graph, Severity};
use cratemap::{Options, SourceFile};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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
    /// Write an embeddable page (`--format html`: viewer and graph in one file,
    /// no network requests) or a static picture (`--format svg`) of one view.
    Export {
        /// A crate, a workspace, a `.rs` file, or a graph JSON from `analyze`.
        path: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        view: ViewArgs,
        /// `light` or `dark` (SVG); HTML also takes `auto`, the reader's preference.
        #[arg(long, value_enum, default_value_t = ThemeArg::Auto)]
        theme: ThemeArg,
        /// SVG: the most nodes drawn.
        #[arg(long, default_value_t = 150)]
        max_nodes: usize,
        /// HTML: inline the Rust sources too, so that the details panel shows
        /// each item's code (the page grows by their size).
        #[arg(long)]
        sources: bool,
        /// HTML: the viewer bundle to inline (default: the one built by
        /// `npm run build` in this checkout, www/dist/embed/cratemap-viewer.js).
        #[arg(long)]
        viewer: Option<PathBuf>,
    },
    /// Serve the web app on localhost with COOP/COEP headers; given a PATH,
    /// analyze it natively, load its graph and sources into the app, and
    /// re-analyze when its files change.
    Serve {
        /// A crate, a workspace or a `.rs` file.
        path: Option<PathBuf>,
        /// The address to listen on. Anything but loopback exposes your
        /// sources to the network.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// 0 picks a free port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The built app (default: www/dist in this checkout).
        #[arg(long)]
        app_dir: Option<PathBuf>,
        /// Analysis threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Open the app in the desktop's browser.
        #[arg(long)]
        open: bool,
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

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Html,
    Svg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ThemeArg {
    Auto,
    Light,
    Dark,
}

/// The options of `<cratemap-graph>`, under the same names.
#[derive(Args)]
struct ViewArgs {
    #[arg(long, value_enum, default_value_t = ViewArg::Modules)]
    view: ViewArg,
    /// Center on this item (its path, e.g. `my_crate::parser::Parser`).
    #[arg(long)]
    focus: Option<String>,
    /// Neighbourhood depth around the focus (1 to 3).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    depth: u8,
    #[arg(long, value_enum, default_value_t = DirectionArg::Both)]
    direction: DirectionArg,
    /// Item kinds to show instead of the view's (comma separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_node_kind)]
    node_kinds: Option<Vec<NodeKind>>,
    /// Relations to draw instead of the view's (comma separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_edge_kind)]
    edge_kinds: Option<Vec<EdgeKind>>,
    /// Visibility classes to show: pub, crate, private (comma separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_visibility)]
    visibility: Option<Vec<VisibilityClass>>,
    #[arg(long)]
    hide_external: bool,
    /// Show tests (`#[test]`, `#[cfg(test)]`, test crates), hidden by default.
    #[arg(long)]
    show_tests: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ViewArg {
    Modules,
    Types,
    Calls,
}

#[derive(Clone, Copy, ValueEnum)]
enum DirectionArg {
    In,
    Out,
    Both,
}

fn parse_node_kind(word: &str) -> Result<NodeKind, String> {
    NodeKind::ALL
        .into_iter()
        .find(|k| k.as_str() == word)
        .ok_or_else(|| format!("unknown node kind `{word}`"))
}

fn parse_edge_kind(word: &str) -> Result<EdgeKind, String> {
    EdgeKind::ALL
        .into_iter()
        .find(|k| k.as_str() == word)
        .ok_or_else(|| format!("unknown edge kind `{word}`"))
}

fn parse_visibility(word: &str) -> Result<VisibilityClass, String> {
    [
        VisibilityClass::Pub,
        VisibilityClass::Crate,
        VisibilityClass::Private,
    ]
    .into_iter()
    .find(|v| v.as_str() == word)
    .ok_or_else(|| format!("unknown visibility `{word}` (pub, crate, private)"))
}

impl ViewArgs {
    fn options(&self) -> ViewOptions {
        ViewOptions {
            view: match self.view {
                ViewArg::Modules => ViewKind::Modules,
                ViewArg::Types => ViewKind::Types,
                ViewArg::Calls => ViewKind::Calls,
            },
            focus: self.focus.clone(),
            depth: usize::from(self.depth),
            direction: match self.direction {
                DirectionArg::In => cratemap::export::view::Direction::Incoming,
                DirectionArg::Out => cratemap::export::view::Direction::Outgoing,
                DirectionArg::Both => cratemap::export::view::Direction::Both,
            },
            node_kinds: self.node_kinds.clone(),
            edge_kinds: self.edge_kinds.clone(),
            visibility: self.visibility.clone(),
            hide_external: self.hide_external,
            show_tests: self.show_tests,
        }
    }
}

fn main() -> ExitCode {
    purge_freed_pages_soon();
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
            write_output(output.as_deref(), |out| match format {
                Format::Json => cratemap::export::json::to_writer(&graph, out, pretty),
                Format::Dot => out.write_all(cratemap::export::dot::to_string(&graph).as_bytes()),
            })?;
            if stats {
                eprint!("{}", cratemap::metrics::table(&graph));
            }
            // The process ends now: freeing a std-sized graph node by node
            // would only add 75-150 ms of cache misses before the exit.
            std::mem::forget(graph);
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            path,
            format,
            output,
            view,
            theme,
            max_nodes,
            sources,
            viewer,
        } => {
            let (graph, files) = read_graph(&path, sources)?;
            let title = graph
                .crates
                .first()
                .map_or_else(|| "graph".to_string(), |c| c.name.clone());
            let view = view.options();
            let text = match format {
                ExportFormat::Svg => {
                    let options = cratemap::export::svg::SvgOptions {
                        view,
                        theme: match theme {
                            ThemeArg::Dark => cratemap::export::svg::Theme::Dark,
                            ThemeArg::Light | ThemeArg::Auto => cratemap::export::svg::Theme::Light,
                        },
                        max_nodes,
                    };
                    cratemap::export::svg::to_svg(&graph, &options, &title)
                        .map_err(|e| format!("--focus: {e}"))?
                }
                ExportFormat::Html => {
                    // The page would show the same complaint; say it here.
                    if let Some(focus) = &view.focus {
                        if cratemap::export::view::find_by_path(&graph, focus).is_none() {
                            return Err(format!("--focus: no item has the path `{focus}`"));
                        }
                    }
                    let options = cratemap::export::html::HtmlOptions {
                        view,
                        theme: Some(
                            match theme {
                                ThemeArg::Auto => "auto",
                                ThemeArg::Light => "light",
                                ThemeArg::Dark => "dark",
                            }
                            .to_string(),
                        ),
                    };
                    let viewer_js = viewer_bundle(viewer.as_deref())?;
                    cratemap::export::html::to_html(&graph, &options, &files, &viewer_js, &title)
                }
            };
            // `write_output` ends the output with the one newline.
            let text = text.strip_suffix('\n').unwrap_or(&text);
            write_output(output.as_deref(), |out| out.write_all(text.as_bytes()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            path,
            host,
            port,
            app_dir,
            threads,
            open,
        } => {
            if let Some(path) = &path {
                if !path.exists() {
                    return Err(format!("`{}` does not exist", path.display()));
                }
            }
            let app_dir =
                app_dir.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("www/dist"));
            let server = cratemap::serve::start(cratemap::serve::ServeOptions {
                addr: std::net::SocketAddr::new(host, port),
                app_dir,
                crate_path: path.clone(),
                analyze: Options {
                    threads: Some(threads.unwrap_or_else(default_threads)),
                    ..Default::default()
                },
            })
            .map_err(|e| e.to_string())?;
            if !host.is_loopback() {
                eprintln!(
                    "warning: listening on {host}: anyone who can reach it can read the sources"
                );
            }
            let what = path.map_or_else(
                || "the app".to_string(),
                |p| format!("`{}` (watching for changes)", p.display()),
            );
            let url = format!("http://{}/", server.addr());
            // Tests and scripts read this line for the port.
            println!("cratemap serve: {what} on {url}");
            let _ = std::io::stdout().flush();
            if open {
                open_in_browser(&url);
            }
            server.wait();
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

/// Best effort: without a desktop the printed URL is the way in.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("cannot start `{opener}` ({e}): open {url} yourself");
    }
}

/// A graph JSON from `analyze`, or sources analyzed now; with `keep_sources`,
/// also the sources.
fn read_graph(path: &Path, keep_sources: bool) -> Result<(Graph, Vec<SourceFile>), String> {
    if path.extension().is_some_and(|e| e == "json") {
        if keep_sources {
            return Err("--sources needs the crate itself, not a graph JSON".into());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let graph = cratemap::export::json::from_str(&text)
            .map_err(|e| format!("`{}` is not a cratemap graph: {e}", path.display()))?;
        return Ok((graph, Vec::new()));
    }
    let files = read_input(path)?;
    let kept = if keep_sources {
        files.clone()
    } else {
        Vec::new()
    };
    let graph = cratemap::analyze(
        files,
        &Options {
            threads: Some(default_threads()),
            ..Default::default()
        },
    );
    print_diagnostics(&graph);
    Ok((graph, kept))
}

/// The embed viewer: compiled in (feature `bundled-viewer`), or the front-end
/// build's output read now.
fn viewer_bundle(path: Option<&Path>) -> Result<String, String> {
    #[cfg(feature = "bundled-viewer")]
    if path.is_none() {
        return Ok(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/dist/embed/cratemap-viewer.js"
        ))
        .to_string());
    }
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/dist/embed/cratemap-viewer.js");
    let path = path.unwrap_or(&default);
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the embed viewer `{}` ({e}): build it with `npm run build` \
             (or `npm run build:embed`) in the cratemap repository, or pass --viewer",
            path.display()
        )
    })
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

/// Writes through a buffer to the file or to standard output, ending with a
/// newline; the graph is streamed, never held as one string.
fn write_output(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let (sink, name): (Box<dyn Write>, String) = match output {
        Some(path) => (
            Box::new(
                std::fs::File::create(path)
                    .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
            ),
            format!("`{}`", path.display()),
        ),
        None => (Box::new(std::io::stdout().lock()), "standard output".into()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    write(&mut out)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to {name}: {e}"))
}
