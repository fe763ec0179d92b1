//! What every command reads and writes the same way: the input crate, the
//! diagnostics on stderr, the output file or stdout, the thread count.

use super::args::InputArgs;
use crate::cargo::{Loaded, Origin, Request};
use crate::model::{Graph, Severity};
use crate::SourceFile;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The input's files; when cargo supplied them (`--crate`, `--with-deps`),
/// also what it said about their packages, for [`crate::cargo::annotate`].
pub fn read_source(input: &InputArgs) -> Result<(Vec<SourceFile>, Option<Loaded>), String> {
    let request = match source(input)? {
        Some(Source::Files(path)) => return Ok((read_input(&path)?, None)),
        Some(Source::Cargo(request)) => request,
        None => return Err("give a PATH or --crate NAME[@VERSION]".into()),
    };
    if let Origin::Registry(spec) = &request.origin {
        eprintln!("cratemap: asking cargo for `{}`", spec.name);
    }
    let (files, loaded) = crate::cargo::load(&request)?;
    Ok((files, Some(loaded)))
}

pub enum Source {
    /// A plain PATH, read as it is.
    Files(PathBuf),
    /// What cargo supplies.
    Cargo(Request),
}

/// Where the input comes from; `None` when none was given.
pub fn source(input: &InputArgs) -> Result<Option<Source>, String> {
    let origin = match (&input.krate, &input.path) {
        (Some(spec), _) => Origin::Registry(spec.clone()),
        (None, Some(path)) if input.with_deps => Origin::Path(path.clone()),
        (None, Some(path)) => return Ok(Some(Source::Files(path.clone()))),
        (None, None) if input.with_deps => return Err("--with-deps needs a PATH or --crate".into()),
        (None, None) => return Ok(None),
    };
    Ok(Some(Source::Cargo(Request {
        origin,
        depth: if input.with_deps {
            input.deps_depth
        } else {
            Some(0)
        },
        max_bytes: input.max_total_bytes(),
    })))
}

impl InputArgs {
    pub fn max_total_bytes(&self) -> u64 {
        self.max_total_mib.saturating_mul(1 << 20)
    }
}

pub fn read_input(path: &Path) -> Result<Vec<SourceFile>, String> {
    if !path.exists() {
        return Err(format!("`{}` does not exist", path.display()));
    }
    let files = crate::vfs::read_path(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if !files.iter().any(|f| f.path.ends_with(".rs")) {
        return Err(format!(
            "no Rust files (`.rs`) found in `{}`",
            path.display()
        ));
    }
    Ok(files)
}

/// rustc's format, `file:line:col: severity: message`, on stderr.
pub fn print_diagnostics(graph: &Graph) {
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
pub fn write_output(
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
