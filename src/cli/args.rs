//! The command line: its commands and their flags (clap derive). Each
//! command's `run` takes its own arguments struct.

use crate::export::view::{Direction, ViewOptions, VisibilityClass};
use crate::model::{EdgeKind, NodeKind, ViewKind};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "cratemap", version, about = "Explore Rust code as a graph")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Analyze a crate, a workspace or a single file and write its graph.
    Analyze(AnalyzeArgs),
    /// Write an embeddable page (`--format html`: viewer and graph in one file,
    /// no network requests) or a static picture (`--format svg`) of one view.
    Export(ExportArgs),
    /// Serve the web app on localhost with COOP/COEP headers; given a PATH,
    /// analyze it natively, load its graph and sources into the app, and
    /// re-analyze when its files change.
    Serve(ServeArgs),
    /// Measure throughput (MB/s) on a directory: syn parse-only versus the
    /// full pipeline, on 1 thread and on N.
    Bench(BenchArgs),
}

/// What to analyze: a folder or a file, or a crate from the registry, with
/// or without its dependencies.
#[derive(Args)]
pub struct InputArgs {
    /// A directory (crate or workspace) or a single `.rs` file.
    pub path: Option<PathBuf>,
    /// A crate from the registry cargo is configured with (crates.io, or
    /// your mirror), by name; cargo resolves and downloads it. Without a
    /// version, the newest that cargo would pick.
    #[arg(long = "crate", value_name = "NAME[@VERSION]", conflicts_with = "path")]
    pub krate: Option<crate::cargo::CrateSpec>,
    /// Add the normal dependency tree as cargo resolves it (features,
    /// `Cargo.lock`, host platform), one crate per package, each dependency's
    /// library under `deps/NAME-VERSION/`.
    #[arg(long)]
    pub with_deps: bool,
    /// With --with-deps: how deep (1: direct dependencies only); default all.
    #[arg(long, requires = "with_deps", value_parser = clap::value_parser!(u32).range(1..))]
    pub deps_depth: Option<u32>,
    /// Largest total input in MiB; dependencies past it are left out, with a
    /// message naming them.
    #[arg(long, default_value_t = 512)]
    pub max_total_mib: u64,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the graph here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print counts and per-phase timings to stderr, and put the run's
    /// timings and thread count into the JSON (which makes it differ
    /// between runs).
    #[arg(long)]
    pub stats: bool,
    /// Pretty-print the JSON.
    #[arg(long)]
    pub pretty: bool,
    /// Largest number of files.
    #[arg(long, default_value_t = 50_000)]
    pub max_files: usize,
    /// Deepest nesting of code, in levels of groups and operator chains; deeper code is
    /// left out with a diagnostic instead of overflowing a stack.
    #[arg(long, default_value_t = crate::pipeline::MAX_DEPTH)]
    pub max_depth: usize,
}

#[derive(Args)]
pub struct ExportArgs {
    /// PATH may also be a graph JSON from `analyze`.
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub view: ViewArgs,
    /// `light` or `dark` (SVG); HTML also takes `auto`, the reader's preference.
    #[arg(long, value_enum, default_value_t = ThemeArg::Auto)]
    pub theme: ThemeArg,
    /// SVG: the most nodes drawn.
    #[arg(long, default_value_t = 150)]
    pub max_nodes: usize,
    /// HTML: inline the Rust sources too, so that the details panel shows
    /// each item's code (the page grows by their size).
    #[arg(long)]
    pub sources: bool,
    /// HTML: the viewer bundle to inline (default: the one built by
    /// `npm run build` in this checkout, www/dist/embed/cratemap-viewer.js).
    #[arg(long)]
    pub viewer: Option<PathBuf>,
}

#[derive(Args)]
pub struct ServeArgs {
    /// A PATH is watched and re-analyzed on changes; without any input, the
    /// app alone is served.
    #[command(flatten)]
    pub input: InputArgs,
    /// The address to listen on. Anything but loopback exposes your
    /// sources to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// 0 picks a free port.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The built app (default: www/dist in this checkout).
    #[arg(long)]
    pub app_dir: Option<PathBuf>,
    /// Analysis threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Open the app in the desktop's browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Args)]
pub struct BenchArgs {
    pub path: PathBuf,
    /// The N of the multi-threaded runs (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Runs per measurement; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Dot,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Html,
    Svg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Auto,
    Light,
    Dark,
}

/// The options of `<cratemap-graph>`, under the same names.
#[derive(Args)]
pub struct ViewArgs {
    #[arg(long, value_enum, default_value_t = ViewArg::Modules)]
    pub view: ViewArg,
    /// Center on this item (its path, e.g. `my_crate::parser::Parser`).
    #[arg(long)]
    pub focus: Option<String>,
    /// Neighbourhood depth around the focus (1 to 3).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub depth: u8,
    #[arg(long, value_enum, default_value_t = DirectionArg::Both)]
    pub direction: DirectionArg,
    /// Item kinds to show instead of the view's (comma separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_node_kind)]
    pub node_kinds: Option<Vec<NodeKind>>,
    /// Relations to draw instead of the view's (comma separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_edge_kind)]
    pub edge_kinds: Option<Vec<EdgeKind>>,
    /// Visibility classes to show: pub, crate, private (comma separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_visibility)]
    pub visibility: Option<Vec<VisibilityClass>>,
    #[arg(long)]
    pub hide_external: bool,
    /// Show tests (`#[test]`, `#[cfg(test)]`, test crates), hidden by default.
    #[arg(long)]
    pub show_tests: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ViewArg {
    Modules,
    Types,
    Calls,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DirectionArg {
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
    pub fn options(&self) -> ViewOptions {
        ViewOptions {
            view: match self.view {
                ViewArg::Modules => ViewKind::Modules,
                ViewArg::Types => ViewKind::Types,
                ViewArg::Calls => ViewKind::Calls,
            },
            focus: self.focus.clone(),
            depth: usize::from(self.depth),
            direction: match self.direction {
                DirectionArg::In => Direction::Incoming,
                DirectionArg::Out => Direction::Outgoing,
                DirectionArg::Both => Direction::Both,
            },
            node_kinds: self.node_kinds.clone(),
            edge_kinds: self.edge_kinds.clone(),
            visibility: self.visibility.clone(),
            hide_external: self.hide_external,
            show_tests: self.show_tests,
        }
    }
}
