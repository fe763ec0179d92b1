//! A real sparse-index registry on loopback, for tests that point cargo at it.
//!
//! It speaks the protocol cargo speaks to crates.io: `config.json` at the
//! index root (its `dl` pointing back here, without `{crate}` markers so
//! that cargo appends `/{crate}/{version}/download` itself), one index file
//! per crate in the real layout (`1/`, `2/`, `3/x/`, `ab/cd/`), and the
//! `.crate` downloads. Everything it serves is built when the test starts:
//! gzipped tar archives with a real `Cargo.toml` each, their sha256 in the
//! index lines, so no test depends on what `~/.cargo` holds.
//!
//! The server is std's `TcpListener` with a thread per connection rather
//! than an HTTP crate: the tests need to misbehave at the byte level (a
//! download cut off after half its announced length), which a well-behaved
//! server library exists to prevent, and cargo needs nothing but `GET` with
//! `Connection: close`.

use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// One version of a crate in the registry.
#[derive(Clone, Default)]
pub struct Pkg {
    pub name: String,
    pub vers: String,
    pub yanked: bool,
    pub deps: Vec<Dep>,
    /// `[features]`, written to the manifest and the index line alike.
    pub features: Vec<(String, Vec<String>)>,
    /// Files besides `Cargo.toml`, relative to the package root.
    pub files: Vec<(String, String)>,
    pub fault: Fault,
}

/// How the registry misbehaves for one version's download.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Fault {
    #[default]
    None,
    /// The index line's `cksum` is not the archive's sha256.
    WrongChecksum,
    /// The connection closes after half of the announced bytes.
    CloseMidway,
}

#[derive(Clone)]
pub struct Dep {
    /// The name the dependent uses (the rename, when `package` is set).
    pub name: String,
    /// The real package name of a renamed dependency.
    pub package: Option<String>,
    pub req: String,
    pub optional: bool,
    /// Features of the dependency the dependent turns on.
    pub features: Vec<String>,
    /// `normal`, `dev` or `build`.
    pub kind: &'static str,
}

impl Pkg {
    /// A library crate whose `src/lib.rs` is `lib`.
    pub fn lib(name: &str, vers: &str, lib: &str) -> Pkg {
        Pkg {
            name: name.into(),
            vers: vers.into(),
            files: vec![("src/lib.rs".into(), lib.into())],
            ..Pkg::default()
        }
    }

    pub fn dep(mut self, name: &str, req: &str) -> Pkg {
        self.deps.push(Dep::normal(name, req));
        self
    }

    pub fn with(mut self, dep: Dep) -> Pkg {
        self.deps.push(dep);
        self
    }

    pub fn feature(mut self, name: &str, enables: &[&str]) -> Pkg {
        let enables = enables.iter().map(|s| s.to_string()).collect();
        self.features.push((name.into(), enables));
        self
    }

    pub fn file(mut self, path: &str, text: &str) -> Pkg {
        self.files.push((path.into(), text.into()));
        self
    }

    pub fn yanked(mut self) -> Pkg {
        self.yanked = true;
        self
    }

    pub fn fault(mut self, fault: Fault) -> Pkg {
        self.fault = fault;
        self
    }

    fn manifest(&self) -> String {
        let mut out = format!(
            "[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2021\"\n",
            self.name, self.vers
        );
        for (kind, table) in [
            ("normal", "dependencies"),
            ("dev", "dev-dependencies"),
            ("build", "build-dependencies"),
        ] {
            let deps: Vec<&Dep> = self.deps.iter().filter(|d| d.kind == kind).collect();
            if deps.is_empty() {
                continue;
            }
            out.push_str(&format!("\n[{table}]\n"));
            for d in deps {
                let mut entry = format!("version = \"{}\"", d.req);
                if let Some(package) = &d.package {
                    entry.push_str(&format!(", package = \"{package}\""));
                }
                if d.optional {
                    entry.push_str(", optional = true");
                }
                if !d.features.is_empty() {
                    entry.push_str(&format!(", features = {:?}", d.features));
                }
                out.push_str(&format!("{} = {{ {entry} }}\n", d.name));
            }
        }
        if !self.features.is_empty() {
            out.push_str("\n[features]\n");
            for (name, enables) in &self.features {
                out.push_str(&format!("{name} = {enables:?}\n"));
            }
        }
        out
    }

    /// The `.crate`: a gzipped tar of `{name}-{vers}/…`, as `cargo package` writes it.
    fn archive(&self) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut tar = tar::Builder::new(gz);
        let manifest = self.manifest();
        let entries = std::iter::once(("Cargo.toml", manifest.as_str()))
            .chain(self.files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        for (path, text) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(text.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            let path = format!("{}-{}/{path}", self.name, self.vers);
            tar.append_data(&mut header, path, text.as_bytes())
                .expect("tar entry");
        }
        tar.into_inner()
            .and_then(|gz| gz.finish())
            .expect("archive")
    }

    fn index_line(&self, archive: &[u8]) -> String {
        let mut cksum = hex(&Sha256::digest(archive));
        if self.fault == Fault::WrongChecksum {
            cksum = hex(&Sha256::digest(b"not the archive"));
        }
        let deps: Vec<serde_json::Value> = self
            .deps
            .iter()
            .map(|d| {
                serde_json::json!({
                    "name": d.name, "req": d.req, "features": d.features, "optional": d.optional,
                    "default_features": true, "target": null, "kind": d.kind,
                    "package": d.package,
                })
            })
            .collect();
        let features: serde_json::Map<String, serde_json::Value> = self
            .features
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::json!(v)))
            .collect();
        serde_json::json!({
            "name": self.name, "vers": self.vers, "deps": deps, "cksum": cksum,
            "features": features, "yanked": self.yanked, "links": null,
        })
        .to_string()
    }
}

impl Dep {
    pub fn normal(name: &str, req: &str) -> Dep {
        Dep {
            name: name.into(),
            package: None,
            req: req.into(),
            optional: false,
            features: Vec::new(),
            kind: "normal",
        }
    }

    pub fn renamed(name: &str, package: &str, req: &str) -> Dep {
        Dep {
            package: Some(package.into()),
            ..Dep::normal(name, req)
        }
    }

    pub fn optional(self) -> Dep {
        Dep {
            optional: true,
            ..self
        }
    }

    pub fn features(self, features: &[&str]) -> Dep {
        let features = features.iter().map(|f| f.to_string()).collect();
        Dep { features, ..self }
    }

    pub fn kind(self, kind: &'static str) -> Dep {
        Dep { kind, ..self }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the sparse index keeps a crate's file: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`.
pub fn index_path(name: &str) -> String {
    let n = name.to_ascii_lowercase();
    match n.len() {
        1 => format!("1/{n}"),
        2 => format!("2/{n}"),
        3 => format!("3/{}/{n}", &n[..1]),
        _ => format!("{}/{}/{n}", &n[..2], &n[2..4]),
    }
}

struct Content {
    /// Request path (without the leading `/`) → what it answers.
    files: std::collections::HashMap<String, (Vec<u8>, Fault)>,
}

/// What every process a test runs against the registry needs in its
/// environment: loopback bypasses the dead proxy of [`Registry::cargo_home`].
pub const ENV: [(&str, &str); 2] = [("NO_PROXY", "127.0.0.1"), ("no_proxy", "127.0.0.1")];

/// The running registry; stops when dropped.
pub struct Registry {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Registry {
    pub fn start(pkgs: &[Pkg]) -> Registry {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("addr").port();
        let mut files = std::collections::HashMap::new();
        let config = format!(r#"{{"dl":"http://127.0.0.1:{port}/api/v1/crates","api":null}}"#);
        files.insert(
            "config.json".to_string(),
            (config.into_bytes(), Fault::None),
        );
        let mut index: std::collections::BTreeMap<String, String> = Default::default();
        for pkg in pkgs {
            let archive = pkg.archive();
            let lines = index.entry(index_path(&pkg.name)).or_default();
            lines.push_str(&pkg.index_line(&archive));
            lines.push('\n');
            let download = format!("api/v1/crates/{}/{}/download", pkg.name, pkg.vers);
            files.insert(download, (archive, pkg.fault));
        }
        for (path, lines) in index {
            files.insert(path, (lines.into_bytes(), Fault::None));
        }
        let content = Arc::new(Content { files });
        let stop = Arc::new(AtomicBool::new(false));
        let stop_ref = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_ref.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let content = Arc::clone(&content);
                    std::thread::spawn(move || serve(stream, &content));
                }
            }
        });
        Registry {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn index_url(&self) -> String {
        format!("sparse+http://127.0.0.1:{}/", self.port)
    }

    /// Writes a `CARGO_HOME` whose crates.io is this registry, by source
    /// replacement, exactly as a user's mirror is configured.
    pub fn cargo_home(&self, dir: &Path) {
        let config = format!(
            "[source.crates-io]\nreplace-with = \"loopback\"\n\n\
             [source.loopback]\nregistry = \"{}\"\n\n\
             # A failed download fails now: cargo's retries would only wait.\n\
             [net]\nretry = 0\n\n\
             # Anything but loopback (exempt by NO_PROXY, see `ENV`) goes to a\n\
             # closed port: a test that would reach the network fails instead.\n\
             [http]\ntimeout = 20\nproxy = \"127.0.0.1:9\"\n",
            self.index_url()
        );
        std::fs::create_dir_all(dir).expect("cargo home");
        std::fs::write(dir.join("config.toml"), config).expect("config.toml");
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(mut stream: TcpStream, content: &Content) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&request);
    let path = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .trim_start_matches('/');
    let Some((body, fault)) = content.files.get(path) else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let sent = if *fault == Fault::CloseMidway {
        &body[..body.len() / 2]
    } else {
        &body[..]
    };
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(sent);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}
