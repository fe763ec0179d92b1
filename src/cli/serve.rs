//! `cratemap serve`: the web app on localhost, cross-origin isolated (COOP/COEP,
//! so the threaded engine runs), and optionally one local crate analyzed
//! natively, re-analyzed whenever its files change.
//!
//! What it serves, and nothing else:
//! - the built app (`www/dist`): files under that folder, looked up by name;
//! - `api/session` (`{"version": n, "root": "...", "files": n}`), `api/graph.json`
//!   and `api/sources.json` (`{"files": [{"path", "text"}]}`): the crate's
//!   graph and the Rust sources and manifests that went into it, from memory.
//!
//! A request path with a `..`, `.` or empty segment, a backslash or a NUL is
//! refused (400) before any lookup, and a looked-up file must still be inside
//! the app folder once symlinks are resolved (403). The app learns that it
//! is served this way from a `<meta name="cratemap-serve">` tag added to its
//! `index.html`, and polls `api/session` for new versions.

use super::args::ServeArgs;
use super::io::{default_threads, source, Source};
use crate::cargo::Request;
use crate::model::Graph;
use crate::Options;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// Quiet time after a file event before re-analyzing: editors write in bursts.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// How often the serving loop checks for shutdown.
const POLL: Duration = Duration::from_millis(100);

pub struct ServeOptions {
    pub addr: SocketAddr,
    /// The built app: a folder with `index.html`.
    pub app_dir: PathBuf,
    /// The crate (or workspace, or file) to analyze and watch.
    pub crate_path: Option<PathBuf>,
    /// When set, cargo supplies the input (`--crate`, or `crate_path` with
    /// its dependencies); a registry crate is not watched, it cannot change.
    pub cargo: Option<Request>,
    pub analyze: Options,
}

/// What the server knows about the analyzed crate.
struct Session {
    version: u64,
    root: String,
    graph_json: String,
    sources_json: String,
    files: usize,
}

/// A running server; dropping it does not stop it, [`Server::stop`] does.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    /// Kept alive while serving: dropping the watcher ends file events.
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Asks the threads to stop and waits for them.
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        for thread in self.threads {
            let _ = thread.join();
        }
    }

    /// Serves until the process ends.
    pub fn wait(self) {
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

#[derive(Debug)]
pub enum ServeError {
    NoApp(PathBuf),
    Bind(SocketAddr, String),
    Read(PathBuf, io::Error),
    Watch(PathBuf, notify::Error),
    Cargo(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::NoApp(dir) => write!(
                f,
                "the web app is not built: `{}` has no index.html (run `scripts/build-wasm.sh && npm run build`, or pass --app-dir)",
                dir.display()
            ),
            ServeError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            ServeError::Read(path, e) => write!(f, "cannot read `{}`: {e}", path.display()),
            ServeError::Watch(path, e) => write!(f, "cannot watch `{}`: {e}", path.display()),
            ServeError::Cargo(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for ServeError {}

/// `cratemap serve`: starts the server, says where, and serves until killed.
pub fn run(args: ServeArgs) -> Result<(), String> {
    let ServeArgs {
        input,
        host,
        port,
        app_dir,
        threads,
        open,
    } = args;
    let cargo = match source(&input)? {
        Some(Source::Cargo(request)) => Some(request),
        Some(Source::Files(_)) | None => None,
    };
    let path = input.path.clone();
    if let Some(path) = &path {
        if !path.exists() {
            return Err(format!("`{}` does not exist", path.display()));
        }
    }
    let app_dir = app_dir.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("www/dist"));
    let server = start(ServeOptions {
        addr: SocketAddr::new(host, port),
        app_dir,
        crate_path: path.clone(),
        cargo,
        analyze: Options {
            threads: Some(threads.unwrap_or_else(default_threads)),
            limits: crate::Limits {
                max_total_bytes: input.max_total_bytes(),
                ..Default::default()
            },
            ..Default::default()
        },
    })
    .map_err(|e| e.to_string())?;
    if !host.is_loopback() {
        eprintln!("warning: listening on {host}: anyone who can reach it can read the sources");
    }
    let what = match (&input.krate, path) {
        (Some(spec), _) => format!("crate `{}`", spec.name),
        (None, Some(p)) => format!("`{}` (watching for changes)", p.display()),
        (None, None) => "the app".to_string(),
    };
    let url = format!("http://{}/", server.addr());
    // Tests and scripts read this line for the port.
    println!("cratemap serve: {what} on {url}");
    let _ = io::stdout().flush();
    if open {
        open_in_browser(&url);
    }
    server.wait();
    Ok(())
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

/// Analyzes the crate (if any), starts watching it and starts serving.
pub fn start(options: ServeOptions) -> Result<Server, ServeError> {
    let app_dir = options
        .app_dir
        .canonicalize()
        .ok()
        .filter(|dir| dir.join("index.html").is_file())
        .ok_or_else(|| ServeError::NoApp(options.app_dir.clone()))?;
    let stop = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();
    let mut watcher = None;
    let session = match &options.crate_path {
        None => options
            .cargo
            .as_ref()
            .map(|request| analyze_through_cargo(request, &options.analyze, 1))
            .transpose()?
            .map(|session| Arc::new(RwLock::new(session))),
        Some(path) => {
            let session = Arc::new(RwLock::new(analyze(
                path,
                options.cargo.as_ref(),
                &options.analyze,
                1,
            )?));
            let (tx, rx) = mpsc::channel();
            let mut w =
                notify::recommended_watcher(tx).map_err(|e| ServeError::Watch(path.clone(), e))?;
            use notify::Watcher;
            w.watch(path, notify::RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch(path.clone(), e))?;
            watcher = Some(w);
            let (path, cargo, analyze_options, session_ref, stop_ref) = (
                path.clone(),
                options.cargo.clone(),
                options.analyze.clone(),
                Arc::clone(&session),
                Arc::clone(&stop),
            );
            threads.push(std::thread::spawn(move || {
                let analyze = |version| analyze(&path, cargo.as_ref(), &analyze_options, version);
                watch_loop(&analyze, &session_ref, &rx, &stop_ref)
            }));
            Some(session)
        }
    };
    let http = tiny_http::Server::http(options.addr)
        .map_err(|e| ServeError::Bind(options.addr, e.to_string()))?;
    let addr = http
        .server_addr()
        .to_ip()
        .ok_or_else(|| ServeError::Bind(options.addr, "not an IP address".into()))?;
    let stop_ref = Arc::clone(&stop);
    threads.push(std::thread::spawn(move || {
        while !stop_ref.load(Ordering::SeqCst) {
            match http.recv_timeout(POLL) {
                Ok(Some(request)) => respond(request, &app_dir, session.as_deref()),
                Ok(None) => {}
                Err(_) => break,
            }
        }
    }));
    Ok(Server {
        addr,
        stop,
        threads,
        _watcher: watcher,
    })
}

fn analyze(
    path: &Path,
    cargo: Option<&Request>,
    options: &Options,
    version: u64,
) -> Result<Session, ServeError> {
    if let Some(request) = cargo {
        return analyze_through_cargo(request, options, version);
    }
    let files = crate::vfs::read_path(path).map_err(|e| ServeError::Read(path.to_path_buf(), e))?;
    Ok(session(files, None, path, options, version))
}

fn analyze_through_cargo(
    request: &Request,
    options: &Options,
    version: u64,
) -> Result<Session, ServeError> {
    let (files, loaded) = crate::cargo::load(request).map_err(ServeError::Cargo)?;
    let root = loaded.root_dir.clone();
    Ok(session(files, Some(&loaded), &root, options, version))
}

fn session(
    files: Vec<crate::SourceFile>,
    packages: Option<&crate::cargo::Loaded>,
    path: &Path,
    options: &Options,
    version: u64,
) -> Session {
    let sources_json = crate::export::sources::to_string(&files);
    let count = files.len();
    let mut graph: Graph = crate::analyze(files, options);
    if let Some(packages) = packages {
        crate::cargo::annotate(&mut graph, packages);
    }
    let root = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "crate".into());
    Session {
        version,
        root,
        graph_json: crate::export::json::to_string(&graph),
        sources_json,
        files: count,
    }
}

/// Re-analyzes after file events that concern sources, once things are quiet.
fn watch_loop(
    analyze: &dyn Fn(u64) -> Result<Session, ServeError>,
    session: &RwLock<Session>,
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    stop: &AtomicBool,
) {
    while !stop.load(Ordering::SeqCst) {
        match events.recv_timeout(POLL) {
            Ok(Ok(event)) if concerns_sources(&event) => {}
            Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
        // Swallow the rest of the burst.
        while events.recv_timeout(DEBOUNCE).is_ok() {}
        let version = session.read().map_or(0, |s| s.version) + 1;
        match analyze(version) {
            Ok(next) => {
                eprintln!(
                    "cratemap serve: re-analyzed {} files (version {version})",
                    next.files
                );
                if let Ok(mut current) = session.write() {
                    *current = next;
                }
            }
            Err(e) => eprintln!("cratemap serve: {e}"),
        }
    }
}

fn concerns_sources(event: &notify::Event) -> bool {
    use notify::EventKind;
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) && event.paths.iter().any(|p| {
        let in_build_output = p.components().any(|c| {
            matches!(
                c.as_os_str().to_str(),
                Some("target" | ".git" | "node_modules")
            )
        });
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !in_build_output && crate::vfs::is_source_name(name)
    })
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not valid percent-encoding or not UTF-8.
    Malformed,
    /// A `..`, `.` or empty segment, a backslash or a NUL.
    Traversal,
}

/// The segments of a request path (`/a/b.js?x` → `["a", "b.js"]`), refusing
/// anything that could name a file outside the served folder.
pub fn request_segments(url: &str) -> Result<Vec<String>, PathError> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(PathError::Malformed)?;
    let trimmed = decoded.strip_prefix('/').unwrap_or(&decoded);
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let mut out = Vec::new();
    for segment in trimmed.split('/') {
        if matches!(segment, "" | "." | "..") || segment.contains(['\\', '\0']) {
            return Err(PathError::Traversal);
        }
        out.push(segment.to_string());
    }
    Ok(out)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    // Only our own ASCII constants come here, never request data.
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn respond(request: tiny_http::Request, app_dir: &Path, session: Option<&RwLock<Session>>) {
    let (status, content_type, body) = route(request.method(), request.url(), app_dir, session);
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Embedder-Policy", "require-corp"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ] {
        response.add_header(header(name, value));
    }
    // The client may have gone; nothing to do about it.
    let _ = request.respond(response);
}

type Reply = (u16, &'static str, Vec<u8>);

fn text(status: u16, message: &str) -> Reply {
    (
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

fn route(
    method: &tiny_http::Method,
    url: &str,
    app_dir: &Path,
    session: Option<&RwLock<Session>>,
) -> Reply {
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return text(405, "only GET and HEAD");
    }
    let segments = match request_segments(url) {
        Ok(segments) => segments,
        Err(PathError::Malformed) => return text(400, "malformed path"),
        Err(PathError::Traversal) => return text(400, "path traversal refused"),
    };
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    if let ["api", endpoint] = segments.as_slice() {
        let Some(session) = session.and_then(|s| s.read().ok()) else {
            return text(
                404,
                "no crate is being served (start with `cratemap serve PATH`)",
            );
        };
        const JSON: &str = "application/json";
        return match *endpoint {
            "session" => (
                200,
                JSON,
                serde_json::json!({
                    "version": session.version,
                    "root": session.root,
                    "files": session.files,
                })
                .to_string()
                .into_bytes(),
            ),
            "graph.json" => (200, JSON, session.graph_json.clone().into_bytes()),
            "sources.json" => (200, JSON, session.sources_json.clone().into_bytes()),
            _ => text(404, "unknown endpoint"),
        };
    }
    let relative: PathBuf = if segments.is_empty() {
        PathBuf::from("index.html")
    } else {
        segments.iter().collect()
    };
    let Ok(file) = app_dir.join(&relative).canonicalize() else {
        return text(404, "not found");
    };
    // A symlink inside the app must not lead out of it.
    if !file.starts_with(app_dir) {
        return text(403, "outside the app");
    }
    let Ok(bytes) = std::fs::read(&file) else {
        return text(404, "not found");
    };
    let content_type = content_type(&file);
    if relative == Path::new("index.html") && session.is_some() {
        return (200, content_type, mark_served(bytes));
    }
    (200, content_type, bytes)
}

/// Adds the tag by which the app knows to load the served crate.
fn mark_served(page: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&page);
    let tag = r#"<meta name="cratemap-serve" content="1">"#;
    match text.find("<head>") {
        Some(at) => {
            let end = at + "<head>".len();
            format!("{}\n{tag}{}", &text[..end], &text[end..]).into_bytes()
        }
        None => format!("{tag}\n{text}").into_bytes(),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "rs" | "toml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths() {
        assert_eq!(request_segments("/").unwrap(), Vec::<String>::new());
        assert_eq!(
            request_segments("/assets/a%20b.js?v=1").unwrap(),
            ["assets", "a b.js"]
        );
        for bad in [
            "/../Cargo.toml",
            "/assets/../../x",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/a//b",
            "/a/./b",
            "/..%5c..%5cx",
            "/a%00b",
        ] {
            assert_eq!(request_segments(bad), Err(PathError::Traversal), "{bad}");
        }
        assert_eq!(request_segments("/%zz"), Err(PathError::Malformed));
        assert_eq!(request_segments("/%ff"), Err(PathError::Malformed));
    }

    #[test]
    fn index_is_marked() {
        let page = mark_served(b"<html><head><title>x</title></head></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<head>\n<meta name=\"cratemap-serve\" content=\"1\"><title>"));
    }
}
