//! `cratemap analyze --crate` and `--with-deps` against a real sparse-index
//! registry on loopback (`common/registry.rs`), which a temporary
//! `CARGO_HOME` puts in crates.io's place by source replacement: the binary
//! and cargo run as a user runs them, and nothing reaches past 127.0.0.1.

#[path = "common/registry.rs"]
mod registry;

use registry::{Dep, Fault, Pkg, Registry};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// No run may hang a test: cargo's own timeouts are set by the harness, this
/// is the bound on everything else.
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `program` with `CARGO_HOME=home`, killed at the deadline.
fn run(program: &str, args: &[&str], home: &Path, dir: &Path) -> Output {
    run_with(program, args, home, dir, &[])
}

fn run_with(program: &str, args: &[&str], home: &Path, dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .envs(registry::ENV)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("CARGO_HOME", home)
        .env_remove("CARGO_TARGET_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("`{program} {args:?}` ran past {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// The registry every test reads, started once (tests run in parallel; each
/// has its own `CARGO_HOME`, so no download is shared).
fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::start(&[
            Pkg::lib("alpha", "1.0.0", "pub fn one() {}"),
            Pkg::lib("alpha", "1.1.0", "pub fn two() {}"),
            Pkg::lib("alpha", "1.2.0", "pub fn three() {}").yanked(),
            Pkg::lib("alpha", "2.0.0-beta.1", "pub fn four() {}"),
            Pkg::lib(
                "app",
                "0.1.0",
                "pub fn run() { al::two(); gamma::g(); delta::d(); }",
            )
            .with(Dep::renamed("al", "alpha", "^1"))
            .with(Dep::normal("beta", "^1").optional())
            .with(Dep::normal("delta", "^0.2").optional())
            .with(Dep::normal("gamma", "^0.3").features(&["fast"]))
            .with(Dep::normal("epsilon", "^1").kind("dev"))
            .with(Dep::normal("zeta", "^1").kind("build"))
            .feature("default", &["delta"])
            .file("src/bin/tool.rs", "fn main() { app::run(); }")
            .file("tests/it.rs", "#[test] fn t() {}"),
            Pkg::lib("beta", "1.0.0", "pub fn b() {}"),
            Pkg::lib("delta", "0.2.1", "pub fn d() {}")
                .file("src/bin/cli.rs", "fn main() {}")
                .file("tests/t.rs", "#[test] fn t() {}")
                .file("build.rs", "fn main() {}"),
            Pkg::lib(
                "gamma",
                "0.3.0",
                "pub fn g() { leaf::l() }\n#[cfg(feature = \"fast\")] pub fn fast() {}\n\
                 #[cfg(feature = \"slow\")] pub fn slow() {}\nmod broken { fn (( }",
            )
            .dep("leaf", "1")
            .feature("fast", &[])
            .feature("slow", &[]),
            Pkg::lib("leaf", "1.0.0", "pub fn l() {}"),
            Pkg::lib("epsilon", "1.0.0", ""),
            Pkg::lib("zeta", "1.0.0", ""),
            Pkg::lib("badsum", "1.0.0", "pub fn x() {}").fault(Fault::WrongChecksum),
            Pkg::lib("cut", "1.0.0", &"pub fn x() {}\n".repeat(20_000)).fault(Fault::CloseMidway),
            Pkg::lib("heavy", "1.0.0", "")
                .dep("big", "1")
                .dep("small", "1"),
            // Over 1 MiB of source, a few KiB of archive.
            Pkg::lib("big", "1.0.0", &"pub fn f() {}\n".repeat(100_000)),
            Pkg::lib("small", "1.0.0", "pub fn s() {}"),
            Pkg {
                name: "tool".into(),
                vers: "1.0.0".into(),
                files: vec![("src/main.rs".into(), "fn main() { leaf::l() }".into())],
                ..Pkg::default()
            }
            .dep("leaf", "1"),
            Pkg::lib("ab", "1.0.0", ""),
            Pkg::lib("abc", "1.0.0", ""),
        ])
    })
}

struct Run {
    out: Output,
    graph: serde_json::Value,
}

impl Run {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    /// `name version` of each library crate.
    fn libs(&self) -> Vec<String> {
        let mut libs: Vec<String> = self.graph["crates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "lib")
            .map(|c| {
                format!(
                    "{} {}",
                    c["name"].as_str().unwrap(),
                    c["version"].as_str().unwrap_or("-")
                )
            })
            .collect();
        libs.sort();
        libs
    }

    fn function(&self, path: &str) -> Option<(usize, &serde_json::Value)> {
        self.graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .find(|(_, n)| n["kind"] == "function" && n["path"] == path)
    }

    fn has_function(&self, path: &str) -> bool {
        self.function(path).is_some()
    }

    fn calls(&self, from: &str, to: &str) -> bool {
        let (Some((from, _)), Some((to, _))) = (self.function(from), self.function(to)) else {
            return false;
        };
        self.graph["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "calls" && e["source"] == from as u64 && e["target"] == to as u64)
    }
}

/// `cratemap ARGS` with a fresh `CARGO_HOME` pointed at the loopback registry.
fn cratemap(args: &[&str]) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry().cargo_home(&home);
    cratemap_in(args, &home, tmp.path())
}

fn cratemap_in(args: &[&str], home: &Path, dir: &Path) -> Run {
    let out = run(env!("CARGO_BIN_EXE_cratemap"), args, home, dir);
    let graph = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    Run { out, graph }
}

/// A failed run and its message, which must be short: cargo's error, not
/// its whole report.
fn failure(args: &[&str]) -> String {
    let run = cratemap(args);
    assert!(!run.out.status.success(), "{args:?} succeeded");
    let stderr = run.stderr();
    assert!(stderr.lines().count() <= 3, "too long:\n{stderr}");
    stderr
}

/// The safety net: cargo under the tests' configuration cannot reach past
/// loopback.
#[test]
fn nothing_but_loopback_is_reachable() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry().cargo_home(&home);
    std::fs::write(
        home.join("config.toml"),
        std::fs::read_to_string(home.join("config.toml"))
            .unwrap()
            .replace("replace-with", "# replace-with"),
    )
    .unwrap();
    let start = Instant::now();
    let run = cratemap_in(&["analyze", "--crate", "alpha"], &home, tmp.path());
    assert!(!run.out.status.success(), "reached crates.io");
    assert!(run.stderr().contains("via 127.0.0.1"), "{}", run.stderr());
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn newest_non_yanked_version_by_default() {
    let run = cratemap(&["analyze", "--crate", "alpha"]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(run.libs(), ["alpha 1.1.0"]);
    assert!(run.has_function("alpha::two"));
}

#[test]
fn exact_version() {
    let run = cratemap(&["analyze", "--crate", "alpha@1.0.0"]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(run.libs(), ["alpha 1.0.0"]);
    assert!(run.has_function("alpha::one"));
    // Short names live in the index's `1/`, `2/` and `3/x/` folders.
    for name in ["ab", "abc"] {
        let run = cratemap(&["analyze", "--crate", name]);
        assert!(run.out.status.success(), "{}", run.stderr());
    }
}

/// cargo never picks a yanked version for a requirement, but whoever names
/// one exactly gets it (as `cargo update --precise` allows).
#[test]
fn yanked_version_requested_exactly() {
    let run = cratemap(&["analyze", "--crate", "alpha@1.2.0"]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(run.libs(), ["alpha 1.2.0"]);
    assert!(run.has_function("alpha::three"));
    let diagnostic = "Cargo.toml:1:1: warning: alpha 1.2.0 is yanked";
    assert!(run.stderr().contains(diagnostic), "{}", run.stderr());
}

#[test]
fn no_such_crate_or_version() {
    let stderr = failure(&["analyze", "--crate", "nope"]);
    assert!(
        stderr.contains("no matching package named `nope`"),
        "{stderr}"
    );
    let stderr = failure(&["analyze", "--crate", "alpha@3.0.0"]);
    assert!(
        stderr.contains("`alpha = \"=3.0.0\"`: candidate versions found which didn't match: "),
        "{stderr}"
    );
}

#[test]
fn offline_with_nothing_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry().cargo_home(&home);
    let exe = env!("CARGO_BIN_EXE_cratemap");
    let args = ["analyze", "--crate", "alpha"];
    let out = run_with(
        exe,
        &args,
        &home,
        tmp.path(),
        &[("CARGO_NET_OFFLINE", "true")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("(cargo is offline"), "{stderr}");
}

/// cargo depends only on libraries; a crate of binaries is read from its
/// vendored copy instead, with its own lock file.
#[test]
fn crate_with_only_binaries() {
    let run = cratemap(&["analyze", "--crate", "tool", "--with-deps"]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(run.libs(), ["leaf 1.0.0"]);
    let tool = &run.graph["crates"][0];
    assert_eq!(tool["name"], "tool");
    assert_eq!(tool["kind"], "bin");
    assert_eq!(tool["version"], "1.0.0");
    assert_eq!(tool["dependencies"][0]["name"], "leaf");
}

#[test]
fn names_and_versions_are_checked_before_cargo_runs() {
    for spec in ["../etc", "a b", "alpha@latest", "alpha@^1"] {
        let run = cratemap(&["analyze", "--crate", spec]);
        assert!(!run.out.status.success(), "{spec} accepted");
        assert!(!run.stderr().contains("cargo"), "{}", run.stderr());
    }
}

#[test]
fn checksum_mismatch() {
    let stderr = failure(&["analyze", "--crate", "badsum"]);
    assert!(stderr.contains("checksum"), "{stderr}");
}

#[test]
fn connection_closed_mid_download() {
    let stderr = failure(&["analyze", "--crate", "cut"]);
    assert!(stderr.contains("failed to download"), "{stderr}");
}

/// Renamed and optional dependencies as cargo resolves them: the rename is
/// the name the code uses, an optional dependency is in only when a
/// feature turns it on, dev- and build-dependencies are not the crate's.
#[test]
fn with_deps_follows_cargos_resolution() {
    let run = cratemap(&["analyze", "--crate", "app", "--with-deps"]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(
        run.libs(),
        [
            "alpha 1.1.0",
            "app 0.1.0",
            "delta 0.2.1",
            "gamma 0.3.0",
            "leaf 1.0.0"
        ]
    );
    let crates = run.graph["crates"].as_array().unwrap();
    let index = |name: &str| {
        crates
            .iter()
            .position(|c| c["name"] == name && c["kind"] == "lib")
            .unwrap()
    };
    let app = &crates[index("app")];
    let deps: Vec<(String, String, String)> = app["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let target = crates[d["crate"].as_u64().unwrap() as usize]["name"]
                .as_str()
                .unwrap();
            (
                target.into(),
                d["name"].as_str().unwrap().into(),
                d["req"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        deps,
        [
            ("alpha".into(), "al".into(), "^1".into()),
            ("delta".into(), "delta".into(), "^0.2".into()),
            ("gamma".into(), "gamma".into(), "^0.3".into()),
        ]
    );
    // A dependency is its library: no binaries, tests or build script.
    let files: Vec<&str> = run.graph["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .filter(|p| p.starts_with("deps/delta"))
        .collect();
    assert_eq!(
        files,
        ["deps/delta-0.2.1/Cargo.toml", "deps/delta-0.2.1/src/lib.rs"]
    );
    // The features cargo turned on are the ones the dependency is read with.
    let cfg_off = |path: &str| {
        let flags = &run.function(path).unwrap().1["flags"];
        flags
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f == "cfg_off"))
    };
    assert!(!cfg_off("gamma::fast") && cfg_off("gamma::slow"));
    // A path through a dependency's own name reaches its item (a renamed
    // one does not yet: cross-crate resolution is a later step).
    assert!(run.calls("app::run", "gamma::g"));
    // The same bytes every run, whichever CARGO_HOME held the archives.
    let again = cratemap(&["analyze", "--crate", "app", "--with-deps"]);
    assert_eq!(run.out.stdout, again.out.stdout);
    // A broken dependency costs only its broken part.
    assert!(run.has_function("gamma::g") && run.has_function("leaf::l"));
    assert!(
        run.stderr().contains("deps/gamma-0.3.0/src/lib.rs:4"),
        "{}",
        run.stderr()
    );

    let run = cratemap(&[
        "analyze",
        "--crate",
        "app",
        "--with-deps",
        "--deps-depth",
        "1",
    ]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(
        run.libs(),
        ["alpha 1.1.0", "app 0.1.0", "delta 0.2.1", "gamma 0.3.0"]
    );
}

#[test]
fn byte_cap_leaves_dependencies_out_with_a_message() {
    let run = cratemap(&[
        "analyze",
        "--crate",
        "heavy",
        "--with-deps",
        "--max-total-mib",
        "1",
    ]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(run.libs(), ["heavy 1.0.0", "small 1.0.0"]);
    let stderr = run.stderr();
    assert!(
        stderr.contains("size cap of 1 MiB: left out big 1.0.0"),
        "{stderr}"
    );
    // In the graph too, where the app shows problems.
    let diagnostics = run.graph["diagnostics"].to_string();
    assert!(diagnostics.contains("left out big 1.0.0"), "{diagnostics}");
}

/// A local crate with its own lock file: the dependency is the locked
/// version, not the newest.
#[test]
fn local_path_with_deps_uses_its_lock_file() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry().cargo_home(&home);
    let project = tmp.path().join("local");
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join("src/lib.rs"), "pub fn go() { alpha::one(); }").unwrap();
    std::fs::write(
        project.join("Cargo.toml"),
        "[package]\nname = \"local\"\nversion = \"0.1.0\"\n[dependencies]\nalpha = \"1\"\n",
    )
    .unwrap();
    let lock = run(
        &cargo(),
        &["update", "-p", "alpha", "--precise", "1.0.0"],
        &home,
        &project,
    );
    assert!(
        lock.status.success(),
        "{}",
        String::from_utf8_lossy(&lock.stderr)
    );
    let path = project.to_str().unwrap();
    let run = cratemap_in(&["analyze", path, "--with-deps"], &home, tmp.path());
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(run.libs(), ["alpha 1.0.0", "local 0.1.0"]);
    // Without --with-deps the graph is what it always was.
    let run = cratemap_in(&["analyze", path], &home, tmp.path());
    assert_eq!(run.libs(), ["local -"], "no versions without cargo");
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The harness itself: plain cargo resolves and downloads from it.
#[test]
fn cargo_resolves_and_downloads_from_the_loopback_registry() {
    let registry = Registry::start(&[
        Pkg::lib("alpha", "1.0.0", "pub fn one() {}"),
        Pkg::lib("alpha", "1.1.0", "pub fn two() {}"),
        Pkg::lib("alpha", "1.2.0", "pub fn three() {}").yanked(),
        Pkg::lib("xy", "0.1.0", "").with(Dep::renamed("al", "alpha", "^1")),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry.cargo_home(&home);
    let project = tmp.path().join("p");
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join("src/lib.rs"), "").unwrap();
    std::fs::write(
        project.join("Cargo.toml"),
        "[package]\nname = \"p\"\nversion = \"0.0.0\"\n[dependencies]\nxy = \"0.1\"\n[workspace]\n",
    )
    .unwrap();
    let out = run(
        &cargo(),
        &["metadata", "--format-version", "1"],
        &home,
        &project,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let versions: Vec<String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["name"].as_str().unwrap(),
                p["version"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        versions.contains(&"alpha 1.1.0".to_string()),
        "{versions:?}"
    );
    assert!(versions.contains(&"xy 0.1.0".to_string()), "{versions:?}");
}

#[test]
fn export_takes_the_same_options() {
    let run = cratemap(&["export", "--crate", "app", "--with-deps", "--format", "svg"]);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert!(String::from_utf8_lossy(&run.out.stdout).contains("<svg"));
}

/// `serve --crate` hands the app the crate's graph, through the same cargo path.
#[test]
fn serve_takes_the_same_options() {
    use std::io::{BufRead, Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry().cargo_home(&home);
    let app = tmp.path().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(app.join("index.html"), "<html><head></head></html>").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cratemap"))
        .args([
            "serve",
            "--crate",
            "alpha@1.0.0",
            "--port",
            "0",
            "--app-dir",
        ])
        .arg(&app)
        .env("CARGO_HOME", &home)
        .envs(registry::ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /api/graph.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let read = stream.read_to_string(&mut response);
    let _ = child.kill();
    let _ = child.wait();
    read.unwrap();
    assert!(line.contains("crate `alpha`"), "{line}");
    assert!(response.contains(r#""version":"1.0.0""#), "{response}");
}

/// A virtual workspace: every member is a root, a path dependency between
/// members is a crate-level edge to the member already in the input.
#[test]
fn workspace_with_deps() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    registry().cargo_home(&home);
    let ws = tmp.path().join("ws");
    let write = |path: &str, text: &str| {
        let path = ws.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"a\", \"b\"]\nresolver = \"2\"\n",
    );
    write(
        "a/Cargo.toml",
        "[package]\nname = \"a\"\nversion = \"0.1.0\"\n[dependencies]\nalpha = \"1\"\n",
    );
    write("a/src/lib.rs", "pub fn a() { alpha::two() }");
    write(
        "b/Cargo.toml",
        "[package]\nname = \"b\"\nversion = \"0.2.0\"\n\
         [dependencies]\na = { path = \"../a\" }\nleaf = \"1\"\n",
    );
    write("b/src/lib.rs", "pub fn b() { a::a(); leaf::l() }");
    let path = ws.to_str().unwrap();
    let run = cratemap_in(&["analyze", path, "--with-deps"], &home, tmp.path());
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(
        run.libs(),
        ["a 0.1.0", "alpha 1.1.0", "b 0.2.0", "leaf 1.0.0"]
    );
    let crates = run.graph["crates"].as_array().unwrap();
    let b = crates.iter().find(|c| c["name"] == "b").unwrap();
    let deps: Vec<&str> = b["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            crates[d["crate"].as_u64().unwrap() as usize]["root"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(deps, ["a/src/lib.rs", "deps/leaf-1.0.0/src/lib.rs"]);
    assert!(run.calls("b::b", "a::a") && run.calls("a::a", "alpha::two"));

    // A workspace whose root is a package too: its members are roots as well.
    write(
        "Cargo.toml",
        "[package]\nname = \"top\"\nversion = \"1.0.0\"\n[workspace]\nmembers = [\"a\", \"b\"]\n",
    );
    write("src/lib.rs", "");
    let run = cratemap_in(&["analyze", path, "--with-deps"], &home, tmp.path());
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(
        run.libs(),
        [
            "a 0.1.0",
            "alpha 1.1.0",
            "b 0.2.0",
            "leaf 1.0.0",
            "top 1.0.0"
        ]
    );
    // A member's folder alone: that member, its siblings are dependencies.
    let member = ws.join("b");
    let run = cratemap_in(
        &["analyze", member.to_str().unwrap(), "--with-deps"],
        &home,
        tmp.path(),
    );
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(
        run.libs(),
        ["a 0.1.0", "alpha 1.1.0", "b 0.2.0", "leaf 1.0.0"]
    );
    let roots = run.graph["crates"].to_string();
    assert!(
        roots.contains(r#""root":"deps/a-0.1.0/src/lib.rs""#),
        "{roots}"
    );
}
