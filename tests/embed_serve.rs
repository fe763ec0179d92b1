//! `cratemap serve`: what it serves, what it refuses, and re-analysis on change.
//! Raw HTTP over a TcpStream, so that `../` reaches the server exactly as sent
//! (HTTP clients and browsers normalize it away). The app folder is a stand-in
//! `index.html`; the browser test (tests/browser/embed.serve.test.mjs) uses the real app.

use cratemap::cli::serve::{start, ServeOptions, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A fresh folder under the system temp dir; removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("cratemap-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// (status, headers, body) of one request sent verbatim.
fn get(server: &Server, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

struct Fixture {
    server: Option<Server>,
    crate_dir: PathBuf,
    _app: TempDir,
    _work: TempDir,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
    }
}

fn serve_fixture(name: &str) -> Fixture {
    let app = TempDir::new(&format!("{name}-app"));
    std::fs::write(
        app.0.join("index.html"),
        "<!doctype html><html><head><title>app</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::create_dir_all(app.0.join("assets")).unwrap();
    std::fs::write(app.0.join("assets/app.js"), "export {};").unwrap();
    let work = TempDir::new(&format!("{name}-crate"));
    let crate_dir = work.0.join("kinds");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kinds"),
        &crate_dir,
    );
    // A secret next to the app and the crate: nothing may reach it.
    std::fs::write(work.0.join("secret.txt"), "do not serve").unwrap();
    let server = start(ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        app_dir: app.0.clone(),
        crate_path: Some(crate_dir.clone()),
        cargo: None,
        analyze: cratemap::Options {
            threads: Some(1),
            ..Default::default()
        },
    })
    .unwrap();
    Fixture {
        server: Some(server),
        crate_dir,
        _app: app,
        _work: work,
    }
}

#[test]
fn serves_the_app_isolated_and_the_crate_from_memory() {
    let fx = serve_fixture("serves");
    let server = fx.server.as_ref().unwrap();
    let (status, head, body) = get(server, "/");
    assert_eq!(status, 200);
    assert!(
        head.contains("Cross-Origin-Opener-Policy: same-origin"),
        "{head}"
    );
    assert!(
        head.contains("Cross-Origin-Embedder-Policy: require-corp"),
        "{head}"
    );
    assert!(
        body.contains(r#"<meta name="cratemap-serve" content="1">"#),
        "{body}"
    );
    assert_eq!(get(server, "/assets/app.js").0, 200);
    assert_eq!(get(server, "/missing.js").0, 404);

    let (status, _, session) = get(server, "/api/session");
    assert_eq!(status, 200);
    let session: serde_json::Value = serde_json::from_str(&session).unwrap();
    assert_eq!(session["version"], 1);
    assert_eq!(session["root"], "kinds");

    let (_, _, graph) = get(server, "/api/graph.json");
    let graph: cratemap::Graph = serde_json::from_str(&graph).unwrap();
    assert!(graph.nodes.iter().any(|n| n.path == "kinds::Point"));

    let (_, _, sources) = get(server, "/api/sources.json");
    let sources: serde_json::Value = serde_json::from_str(&sources).unwrap();
    let paths: Vec<&str> = sources["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["Cargo.toml", "src/lib.rs", "src/shapes.rs"]);
}

#[test]
fn refuses_path_traversal() {
    let fx = serve_fixture("traversal");
    let server = fx.server.as_ref().unwrap();
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/./index.html",
        "//etc/passwd",
    ] {
        let (status, _, body) = get(server, path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(!body.contains("do not serve"));
    }
    // Absolute paths and the crate's own folder are not reachable either.
    for path in ["/etc/passwd", "/kinds/src/lib.rs", "/api/../secret.txt"] {
        let (status, _, body) = get(server, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!body.contains("do not serve") && !body.contains("pub struct"));
    }
    assert_eq!(get(server, "/api/nope").0, 404);
}

#[test]
fn reanalyzes_when_a_source_changes() {
    let fx = serve_fixture("watch");
    let server = fx.server.as_ref().unwrap();
    let lib = fx.crate_dir.join("src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).unwrap();
    text.push_str("\npub fn added_while_serving() {}\n");
    std::fs::write(&lib, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, _, graph) = get(server, "/api/graph.json");
        if graph.contains("kinds::added_while_serving") {
            break;
        }
        assert!(Instant::now() < deadline, "no re-analysis within 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, _, session) = get(server, "/api/session");
    let session: serde_json::Value = serde_json::from_str(&session).unwrap();
    assert!(session["version"].as_u64().unwrap() >= 2);
    let (_, _, sources) = get(server, "/api/sources.json");
    assert!(sources.contains("added_while_serving"));
}

#[test]
fn without_a_built_app_the_error_says_what_to_do() {
    let empty = TempDir::new("noapp");
    let error = start(ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        app_dir: empty.0.clone(),
        crate_path: None,
        cargo: None,
        analyze: Default::default(),
    })
    .err()
    .unwrap();
    assert!(error.to_string().contains("npm run build"), "{error}");
}
