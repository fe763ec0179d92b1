//! Crates as cargo sees them (feature `cli`): a crate from the registry by
//! name (`--crate NAME[@VERSION]`), and a crate's dependency tree
//! (`--with-deps`), turned into one input for [`crate::analyze`].
//!
//! cargo does the resolving and the downloading (`cargo metadata` on the
//! user's manifest, or on a throwaway one that depends on `NAME =
//! "=VERSION"`), so version picking, features, optional and renamed
//! dependencies, yanked versions, lock files, offline mode, mirrors and
//! source replacement are exactly cargo's, with the user's configuration.
//! Nothing here knows which registry it talks to. The CLI is one user;
//! `serve` can be another.

mod deps;
mod metadata;

use crate::model::{CrateDependency, CrateKind, Diagnostic, Graph, Severity};
use crate::vfs::SourceFile;
use std::path::{Path, PathBuf};

/// `NAME` or `NAME@VERSION`, checked by cargo's rules before cargo sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateSpec {
    pub name: String,
    /// An exact version; `None` takes the newest one cargo would pick.
    pub version: Option<semver::Version>,
}

impl std::str::FromStr for CrateSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<CrateSpec, String> {
        let (name, version) = match text.split_once('@') {
            Some((name, version)) => (name, Some(version)),
            None => (text, None),
        };
        check_name(name)?;
        let version = version
            .map(|v| {
                semver::Version::parse(v)
                    .map_err(|e| format!("`{v}` is not a version like 1.0.219 ({e})"))
            })
            .transpose()?;
        Ok(CrateSpec {
            name: name.to_string(),
            version,
        })
    }
}

/// cargo's rules for a package name: ASCII letters, digits, `-` and `_`,
/// not starting with a digit or `-`, at most 64 characters. Anything else
/// never reaches a manifest or a URL.
fn check_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a crate name (ASCII letters, digits, `-` and `_`, starting with a \
             letter or `_`, at most 64 characters)"
        ))
    }
}

/// Where the crate comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    /// A local crate or workspace folder, read with its own `Cargo.lock`.
    Path(PathBuf),
    Registry(CrateSpec),
}

#[derive(Clone, Debug)]
pub struct Request {
    pub origin: Origin,
    /// How deep the normal dependency tree goes: 0 for the crate alone, 1
    /// for its direct dependencies, `None` for all of it.
    pub depth: Option<u32>,
    /// The most bytes of input; dependencies past it are left out.
    pub max_bytes: u64,
}

/// What cargo said about the input's packages, for [`annotate`].
pub struct Loaded {
    /// The root package's folder on disk.
    pub root_dir: PathBuf,
    /// What was left out, and why: [`annotate`] makes them diagnostics.
    pub notes: Vec<String>,
    packages: Vec<Included>,
}

/// A package of the input.
struct Included {
    version: String,
    /// Its folder in the input, `""` or ending in `/`.
    prefix: String,
    /// Its library's root file in the input, if it has one.
    lib_root: Option<String>,
    /// Normal dependencies among the included packages: (index, the name
    /// the code uses, the version requirement).
    deps: Vec<(usize, String, String)>,
}

/// Asks cargo for the crate (and its dependencies) and reads the sources:
/// the input for `analyze`, and what to [`annotate`] its graph with.
pub fn load(request: &Request) -> Result<(Vec<SourceFile>, Loaded), String> {
    let mut notes = Vec::new();
    let throwaway;
    let (meta, roots, root_dir) = match &request.origin {
        Origin::Registry(spec) => {
            throwaway = tempfile::Builder::new()
                .prefix("cratemap-crate-")
                .tempdir()
                .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
            registry(spec, throwaway.path(), &mut notes)?
        }
        Origin::Path(path) => {
            let manifest = path.join("Cargo.toml");
            if !manifest.is_file() {
                return Err(format!(
                    "`{}` has no Cargo.toml: --with-deps needs cargo's view of the crate",
                    path.display()
                ));
            }
            local(&manifest)?
        }
    };
    let root_dir = root_dir
        .canonicalize()
        .map_err(|e| format!("cannot read `{}`: {e}", root_dir.display()))?;
    let mut files = crate::vfs::read_path(&root_dir)
        .map_err(|e| format!("cannot read `{}`: {e}", root_dir.display()))?;
    let packages = deps::add(
        &meta,
        &roots,
        &root_dir,
        request.depth,
        request.max_bytes,
        &mut files,
        &mut notes,
    );
    Ok((
        files,
        Loaded {
            root_dir,
            notes,
            packages,
        },
    ))
}

/// The metadata, root package ids and folder of a local manifest: its
/// package and the workspace members in its folder (all of them at a
/// workspace's root, as the input holds them all).
fn local(manifest: &Path) -> Result<(metadata::Metadata, Vec<String>, PathBuf), String> {
    let meta = metadata::metadata(manifest)?;
    let dir = manifest.parent().unwrap_or(Path::new(".")).to_path_buf();
    let inside = |id: &String| {
        let canonical = |p: &Path| p.canonicalize().ok();
        let member = meta.packages.iter().find(|p| &p.id == id);
        let member_dir = member.and_then(|p| p.manifest_path.parent().and_then(canonical));
        member_dir
            .zip(canonical(&dir))
            .is_some_and(|(m, d)| m.starts_with(d))
    };
    let mut roots: Vec<String> = meta.resolve.iter().filter_map(|r| r.root.clone()).collect();
    for member in meta.workspace_members.iter().filter(|m| inside(m)) {
        if !roots.contains(member) {
            roots.push(member.clone());
        }
    }
    Ok((meta, roots, dir))
}

/// The same for a registry crate, through a throwaway manifest in `temp`.
fn registry(
    spec: &CrateSpec,
    temp: &Path,
    notes: &mut Vec<String>,
) -> Result<(metadata::Metadata, Vec<String>, PathBuf), String> {
    // Beside the vendored copies below, not around them: they would take
    // the throwaway's `[workspace]` for theirs.
    let dir = &temp.join("manifest");
    std::fs::create_dir(dir).map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let exact = spec.version.as_ref().map(|v| format!("={v}"));
    let manifest = write_throwaway(dir, spec, exact.as_deref())?;
    let meta = match (metadata::metadata(&manifest), &spec.version) {
        // Whoever names a yanked version exactly wants that one: any
        // version is required, and the lock file pins it.
        (Err(e), Some(version)) if e.ends_with("is yanked") => {
            write_throwaway(dir, spec, None)?;
            metadata::pin(&manifest, &spec.name, &version.to_string())?;
            notes.push(format!("{} {version} is yanked", spec.name));
            metadata::metadata(&manifest)?
        }
        (result, _) => result?,
    };
    if let Some(root) = registry_root(&meta, spec) {
        let dir = package_dir(&meta, &root)?;
        return Ok((meta, vec![root], dir));
    }
    // cargo drops a dependency without a library from the resolve (with
    // only a warning), but its lock file has it and `cargo vendor` copies
    // its source: a local crate then, with its own published lock file.
    let vendor = temp.join("vendor");
    metadata::vendor(&manifest, &vendor)?;
    let copy = vendored(&vendor, spec).ok_or_else(|| format!("cargo found no `{}`", spec.name))?;
    local(&copy.join("Cargo.toml"))
}

/// The crate's folder among `cargo vendor --versioned-dirs`' `NAME-VERSION`
/// folders: the requested version, or the newest.
fn vendored(vendor: &Path, spec: &CrateSpec) -> Option<PathBuf> {
    let prefix = format!("{}-", spec.name);
    std::fs::read_dir(vendor)
        .ok()?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let version = semver::Version::parse(name.strip_prefix(&prefix)?).ok()?;
            let wanted = spec.version.as_ref().is_none_or(|v| *v == version);
            wanted.then(|| (version, vendor.join(&name)))
        })
        .max()
        .map(|(_, dir)| dir)
}

/// A package depending on the crate with `req` (without one, on any version,
/// `*`: the newest cargo picks), in a workspace of its own so that no folder
/// around the temporary one claims it.
fn write_throwaway(dir: &Path, spec: &CrateSpec, req: Option<&str>) -> Result<PathBuf, String> {
    let req = req.unwrap_or("*");
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\n\n[dependencies]\n{} = \"{req}\"\n\n[workspace]\n",
        metadata::THROWAWAY,
        spec.name
    );
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text)
            .map_err(|e| format!("cannot write the temporary manifest: {e}"))
    };
    write("lib.rs", "")?;
    write("Cargo.toml", &manifest)?;
    Ok(dir.join("Cargo.toml"))
}

/// The requested crate's package id: the throwaway package's one
/// dependency, if cargo kept it (it keeps only libraries).
fn registry_root(meta: &metadata::Metadata, spec: &CrateSpec) -> Option<String> {
    let resolve = meta.resolve.as_ref()?;
    let throwaway = meta
        .packages
        .iter()
        .find(|p| p.name == metadata::THROWAWAY)?;
    let node = resolve.nodes.iter().find(|n| n.id == throwaway.id)?;
    let dep = node.deps.first()?;
    let package = meta.packages.iter().find(|p| p.id == dep.pkg)?;
    (package.name == spec.name).then(|| dep.pkg.clone())
}

fn package_dir(meta: &metadata::Metadata, id: &str) -> Result<PathBuf, String> {
    meta.packages
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| p.manifest_path.parent())
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("cargo metadata has no package `{id}`"))
}

/// Gives the graph's crates their package version and, with dependencies,
/// their crate-level dependency edges (to the dependency's library crate);
/// the notes become warnings on the root manifest, where the app and the
/// CLI show problems.
pub fn annotate(graph: &mut Graph, loaded: &Loaded) {
    if let Some(root) = loaded.packages.first() {
        let manifest = format!("{}Cargo.toml", root.prefix);
        if graph.files.iter().any(|f| f.path == manifest) {
            graph
                .diagnostics
                .extend(loaded.notes.iter().map(|note| Diagnostic {
                    file: manifest.clone(),
                    line: 1,
                    column: 0,
                    severity: Severity::Warning,
                    message: note.clone(),
                }));
            graph.diagnostics.sort();
        }
    }
    // A crate belongs to the package with the deepest folder holding its root.
    let package_of = |root: &str| {
        loaded
            .packages
            .iter()
            .enumerate()
            .filter(|(_, p)| root.starts_with(&p.prefix))
            .max_by_key(|(_, p)| p.prefix.len())
            .map(|(i, _)| i)
    };
    let lib_crate: Vec<Option<usize>> = loaded
        .packages
        .iter()
        .map(|p| {
            let root = p.lib_root.as_deref()?;
            graph.crates.iter().position(|c| c.root == root)
        })
        .collect();
    for krate in &mut graph.crates {
        let Some(package) = package_of(&krate.root) else {
            continue;
        };
        let package = &loaded.packages[package];
        krate.version = Some(package.version.clone());
        // What the package is (its library and binaries) depends on them;
        // its tests, examples and benches also use its dev-dependencies,
        // which are not in the input.
        if !matches!(krate.kind, CrateKind::Lib | CrateKind::Bin) {
            continue;
        }
        krate.dependencies = package
            .deps
            .iter()
            .filter_map(|(dep, name, req)| {
                Some(CrateDependency {
                    krate: lib_crate[*dep]?,
                    name: name.clone(),
                    req: req.clone(),
                })
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_follow_cargos_rules() {
        let spec: CrateSpec = "serde_json@1.0.140".parse().unwrap();
        assert_eq!(spec.name, "serde_json");
        assert_eq!(spec.version.unwrap().to_string(), "1.0.140");
        assert_eq!("regex-syntax".parse::<CrateSpec>().unwrap().version, None);
        for bad in [
            "",
            "a/b",
            "../x",
            "x y",
            "1abc",
            "-x",
            "é",
            "x@1",
            "x@^1.0",
            "x@",
            &"a".repeat(65),
        ] {
            assert!(bad.parse::<CrateSpec>().is_err(), "{bad:?} accepted");
        }
        assert!("a".repeat(64).parse::<CrateSpec>().is_ok());
    }
}
