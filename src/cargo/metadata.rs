//! Running cargo: `cargo metadata` on a manifest (the user's, or a throwaway
//! one that depends on the requested crate), the part of its JSON we read,
//! and its errors shortened to what a person needs.

use serde::Deserialize;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The package that stands in for the user in a throwaway manifest; a name
/// no published crate can clash with by accident (and none is looked up).
pub const THROWAWAY: &str = "cratemap-throwaway-manifest";

#[derive(Deserialize)]
pub struct Metadata {
    pub packages: Vec<Package>,
    pub resolve: Option<Resolve>,
    pub workspace_members: Vec<String>,
}

#[derive(Deserialize)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub version: String,
    pub manifest_path: PathBuf,
    pub dependencies: Vec<Dependency>,
    pub targets: Vec<Target>,
}

#[derive(Deserialize)]
pub struct Dependency {
    /// The package name (the original one, for a renamed dependency).
    pub name: String,
    pub req: String,
    /// `None` for normal dependencies, `dev` or `build` otherwise.
    pub kind: Option<String>,
    pub rename: Option<String>,
}

#[derive(Deserialize)]
pub struct Target {
    pub kind: Vec<String>,
    pub name: String,
    pub src_path: PathBuf,
}

impl Target {
    /// What dependents link to: `lib`, `rlib`, `proc-macro` and the like.
    pub fn is_lib(&self) -> bool {
        self.kind
            .iter()
            .any(|k| k.ends_with("lib") || k == "proc-macro")
    }
}

#[derive(Deserialize)]
pub struct Resolve {
    pub nodes: Vec<Node>,
    pub root: Option<String>,
}

#[derive(Deserialize)]
pub struct Node {
    pub id: String,
    pub deps: Vec<NodeDep>,
    /// The features cargo turns on for this package in this build.
    pub features: Vec<String>,
}

#[derive(Deserialize)]
pub struct NodeDep {
    /// The name the dependent's code uses (a rename, `-` as `_`).
    pub name: String,
    pub pkg: String,
    pub dep_kinds: Vec<DepKind>,
}

#[derive(Deserialize)]
pub struct DepKind {
    pub kind: Option<String>,
}

impl NodeDep {
    /// Whether the dependent's own code uses it (not only its tests or
    /// build script).
    pub fn is_normal(&self) -> bool {
        self.dep_kinds.iter().any(|k| k.kind.is_none())
    }
}

/// `cargo metadata` for `manifest`, resolved for the host platform (what
/// would build here; other platforms' dependencies are not even downloaded).
/// Resolution, downloads, checksums, source replacement, offline mode and
/// the lock file are all cargo's.
pub fn metadata(manifest: &Path) -> Result<Metadata, String> {
    let mut args: Vec<&OsStr> = ["metadata", "--format-version", "1", "--manifest-path"]
        .map(OsStr::new)
        .to_vec();
    args.push(manifest.as_os_str());
    let host = host_triple();
    if let Some(host) = &host {
        args.extend([OsStr::new("--filter-platform"), OsStr::new(host)]);
    }
    let stdout = run(&args)?;
    serde_json::from_slice(&stdout).map_err(|e| format!("cannot read cargo metadata's output: {e}"))
}

/// Locks `name` at `version` in the lock file beside `manifest`: cargo's one
/// way to a yanked version (`cargo update --precise` allows it, with a
/// warning), which no requirement ever selects.
pub fn pin(manifest: &Path, name: &str, version: &str) -> Result<(), String> {
    let mut args: Vec<&OsStr> = vec![OsStr::new("update"), OsStr::new("--manifest-path")];
    args.push(manifest.as_os_str());
    args.extend(["-p", name, "--precise", version].map(OsStr::new));
    run(&args).map(drop)
}

/// Copies the sources of every package in the lock file beside `manifest`
/// into `dir`, one `NAME-VERSION` folder each, from the sources the user's
/// configuration names (`cargo vendor` alone ignores source replacement).
pub fn vendor(manifest: &Path, dir: &Path) -> Result<(), String> {
    let mut args: Vec<&OsStr> = vec![OsStr::new("vendor"), OsStr::new("--manifest-path")];
    args.push(manifest.as_os_str());
    args.extend(["--versioned-dirs", "--respect-source-config"].map(OsStr::new));
    args.push(dir.as_os_str());
    run(&args).map(drop)
}

/// cargo's standard output, or its error explained. A person watching sees
/// cargo's progress lines (`Downloading crates ...`) as they come: a cold
/// cache can take a while.
fn run(args: &[&OsStr]) -> Result<Vec<u8>, String> {
    let mut child = Command::new(cargo())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo ({e}); is it installed and on PATH?"))?;
    let stderr = child.stderr.take().map(|pipe| {
        std::thread::spawn(move || {
            let watched = std::io::stderr().is_terminal();
            let mut text = String::new();
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if watched && is_progress(&line) {
                    eprintln!("{line}");
                }
                text.push_str(&line);
                text.push('\n');
            }
            text
        })
    });
    let mut stdout = Vec::new();
    if let Some(mut pipe) = child.stdout.take() {
        pipe.read_to_end(&mut stdout)
            .map_err(|e| format!("cannot read cargo's output: {e}"))?;
    }
    let status = child
        .wait()
        .map_err(|e| format!("cargo did not finish: {e}"))?;
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if !status.success() {
        return Err(explain(&stderr));
    }
    Ok(stdout)
}

fn is_progress(line: &str) -> bool {
    let word = line.trim_start().split(' ').next().unwrap_or("");
    matches!(word, "Updating" | "Downloading" | "Downloaded" | "Locking")
}

/// The cargo that runs us, as cargo subcommands find it (`CARGO` is set under
/// `cargo run` and in cargo's tests), else the one on `PATH`.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The host's target triple from `rustc -vV`; without it every platform's
/// dependencies are kept.
fn host_triple() -> Option<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc).arg("-vV").output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(|host| host.trim().to_string())
}

/// cargo's error, shortened: its `error:` line and its most specific cause
/// (the last line of the `Caused by:` chain, or the line that follows), without
/// the lines that name the throwaway manifest or the dependent, the places searched, or give
/// cargo-specific advice (`help:`, `note:`), which would mislead here.
pub fn explain(stderr: &str) -> String {
    let mut lines = stderr.lines().map(str::trim);
    let Some(error) = lines.find_map(|line| line.strip_prefix("error:")) else {
        return format!("cargo failed: {}", stderr.trim());
    };
    let cause = lines
        .take_while(|line| !line.starts_with("help:") && !line.starts_with("note:"))
        .filter(|line| {
            !line.is_empty()
                && *line != "Caused by:"
                && !line.contains(THROWAWAY)
                && !line.starts_with("location searched")
                && !line.starts_with("required by package")
        })
        .last();
    // "failed to get `x` as a dependency of package `<throwaway> (/tmp/…)`"
    let error = match error.find(" as a dependency of package") {
        Some(end) if error.contains(THROWAWAY) => &error[..end],
        _ => error,
    };
    let mut message = format!("cargo: {}", error.trim());
    if let Some(cause) = cause {
        message.push_str(": ");
        // cargo aligns its columns with runs of spaces.
        message.push_str(&cause.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if stderr.contains("offline mode") {
        message.push_str(" (cargo is offline: `net.offline`, `--offline` or `CARGO_NET_OFFLINE`)");
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_keeps_the_error_and_its_last_cause() {
        let stderr =
            "    Updating crates.io index\nerror: failed to download from `http://x/y`\n\n\
                      Caused by:\n  transfer closed with 10 bytes remaining to read\n";
        assert_eq!(
            explain(stderr),
            "cargo: failed to download from `http://x/y`: transfer closed with 10 bytes remaining to read"
        );
        let stderr = format!(
            "error: no matching package named `nope` found\nlocation searched: registry `crates-io`\n\
             required by package `{THROWAWAY} v0.0.0 (/tmp/x)`\n"
        );
        assert_eq!(
            explain(&stderr),
            "cargo: no matching package named `nope` found"
        );
        let stderr = "error: failed to select a version for the requirement `t = \"^1.0.125\"`\n\
                      candidate versions found which didn't match: 1.0.122, 1.0.121\n\
                      location searched: crates.io index\n\
                      required by package `a v1.0.0 (/home/a)`\n";
        assert_eq!(
            explain(stderr),
            "cargo: failed to select a version for the requirement `t = \"^1.0.125\"`: \
             candidate versions found which didn't match: 1.0.122, 1.0.121"
        );
        let stderr = format!(
            "error: failed to get `x` as a dependency of package `{THROWAWAY} v0.0.0 (/tmp/m)`\n\n\
             Caused by:\n  download of config.json failed\n"
        );
        assert_eq!(
            explain(&stderr),
            "cargo: failed to get `x`: download of config.json failed"
        );
    }
}
