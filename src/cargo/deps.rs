//! The packages of one input: the root(s) and, to a depth, their normal
//! dependency tree as cargo resolved it, with each dependency's library read
//! into `deps/{name}-{version}/`.

use super::metadata::{Metadata, Package};
use super::Included;
use crate::vfs::SourceFile;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// Walks the resolve graph from `roots` (breadth first, so that near
/// dependencies come before far ones when the byte cap binds), adds the
/// files of each dependency outside `root_dir` to `files`, and returns the
/// included packages, roots first.
pub(super) fn add(
    meta: &Metadata,
    roots: &[String],
    root_dir: &Path,
    depth: Option<u32>,
    max_bytes: u64,
    files: &mut Vec<SourceFile>,
    notes: &mut Vec<String>,
) -> Vec<Included> {
    let packages: HashMap<&str, &Package> =
        meta.packages.iter().map(|p| (p.id.as_str(), p)).collect();
    let nodes: HashMap<&str, &super::metadata::Node> = meta
        .resolve
        .iter()
        .flat_map(|r| &r.nodes)
        .map(|n| (n.id.as_str(), n))
        .collect();

    let mut order: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<(&str, u32)> = roots.iter().map(|r| (r.as_str(), 0)).collect();
    while let Some((id, level)) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        order.push(id);
        if depth.is_some_and(|d| level >= d) {
            continue;
        }
        for dep in nodes.get(id).into_iter().flat_map(|n| &n.deps) {
            if dep.is_normal() {
                queue.push_back((dep.pkg.as_str(), level + 1));
            }
        }
    }

    let mut total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    let mut included = Vec::new();
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    let mut left_out = Vec::new();
    for id in order {
        let Some(package) = packages.get(id) else {
            continue;
        };
        let features = nodes.get(id).map_or(&[][..], |n| &n.features[..]);
        let place = match place(package, root_dir, features) {
            Ok(place) => place,
            Err(message) => {
                notes.push(format!(
                    "left out {} {}: {message}",
                    package.name, package.version
                ));
                continue;
            }
        };
        let bytes: u64 = place.files.iter().map(|f| f.bytes.len() as u64).sum();
        if total + bytes > max_bytes {
            left_out.push(format!("{} {}", package.name, package.version));
            continue;
        }
        total += bytes;
        files.extend(place.files);
        index_of.insert(id, included.len());
        included.push(Included {
            version: package.version.clone(),
            prefix: place.prefix,
            lib_root: place.lib_root,
            deps: Vec::new(),
        });
    }
    if !left_out.is_empty() {
        notes.push(format!(
            "the input reached its size cap of {} MiB: left out {} (raise --max-total-mib to add them)",
            max_bytes >> 20,
            left_out.join(", ")
        ));
    }

    for (&id, &index) in &index_of {
        let (Some(package), Some(node)) = (packages.get(id), nodes.get(id)) else {
            continue;
        };
        let mut deps: Vec<(usize, String, String)> = node
            .deps
            .iter()
            .filter(|dep| dep.is_normal())
            .filter_map(|dep| {
                let target = *index_of.get(dep.pkg.as_str())?;
                let target_name = &packages.get(dep.pkg.as_str())?.name;
                Some((
                    target,
                    dep.name.clone(),
                    requirement(package, &dep.name, target_name),
                ))
            })
            .collect();
        deps.sort();
        included[index].deps = deps;
    }
    included
}

/// The version requirement the dependent's manifest writes for the
/// dependency its code calls `name` (package `package`); empty when cargo
/// did not say.
fn requirement(dependent: &Package, name: &str, package: &str) -> String {
    dependent
        .dependencies
        .iter()
        .filter(|d| d.kind.is_none())
        .find(|d| match &d.rename {
            Some(rename) => rename.replace('-', "_") == name,
            None => d.name == package,
        })
        .map(|d| d.req.clone())
        .unwrap_or_default()
}

/// A package's files in the input.
struct Place {
    prefix: String,
    lib_root: Option<String>,
    /// Files to add: none for a package inside the root folder, which is
    /// read already.
    files: Vec<SourceFile>,
}

fn place(package: &Package, root_dir: &Path, features: &[String]) -> Result<Place, String> {
    let dir = package
        .manifest_path
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .ok_or("its folder cannot be read")?;
    let lib = package.targets.iter().find(|t| t.is_lib());
    if let Ok(inside) = dir.strip_prefix(root_dir) {
        let prefix = slash_path(inside);
        let prefix = if prefix.is_empty() {
            prefix
        } else {
            prefix + "/"
        };
        let lib_root =
            lib.and_then(|t| relative(&t.src_path, &dir).map(|p| format!("{prefix}{p}")));
        return Ok(Place {
            prefix,
            lib_root,
            files: Vec::new(),
        });
    }
    let lib = lib.ok_or("it has no library target")?;
    let lib_path = relative(&lib.src_path, &dir).ok_or("its library is outside its folder")?;
    let prefix = format!("deps/{}-{}/", package.name, package.version);
    let mut files = library_files(package, &dir, &lib.src_path, &prefix)?;
    files.push(SourceFile::new(
        format!("{prefix}Cargo.toml"),
        manifest(package, &lib.name, &lib_path, features),
    ));
    Ok(Place {
        lib_root: Some(format!("{prefix}{lib_path}")),
        prefix,
        files,
    })
}

/// What a dependent compiles of a dependency: its library, i.e. the Rust
/// files in its library's folder, without its other targets (binaries,
/// tests, examples, benches, build script), which would only be orphans.
fn library_files(
    package: &Package,
    dir: &Path,
    lib_src: &Path,
    prefix: &str,
) -> Result<Vec<SourceFile>, String> {
    let lib_dir = lib_src.parent().unwrap_or(dir);
    let lib_dir = lib_dir
        .canonicalize()
        .unwrap_or_else(|_| lib_dir.to_path_buf());
    let others: Vec<PathBuf> = package
        .targets
        .iter()
        .filter(|t| !t.is_lib())
        .map(|t| {
            t.src_path
                .canonicalize()
                .unwrap_or_else(|_| t.src_path.clone())
        })
        .collect();
    let skipped_dirs = [
        lib_dir.join("bin"),
        dir.join("tests"),
        dir.join("examples"),
        dir.join("benches"),
    ];
    let read = crate::vfs::read_path(&lib_dir).map_err(|e| e.to_string())?;
    let in_package = relative(&lib_dir, dir).unwrap_or_default();
    Ok(read
        .into_iter()
        .filter(|f| f.path.ends_with(".rs"))
        .filter(|f| {
            let full = lib_dir.join(&f.path);
            !others.contains(&full) && !skipped_dirs.iter().any(|d| full.starts_with(d))
        })
        .map(|f| {
            let path = if in_package.is_empty() {
                format!("{prefix}{}", f.path)
            } else {
                format!("{prefix}{in_package}/{}", f.path)
            };
            SourceFile::new(path, f.bytes)
        })
        .collect())
}

/// The manifest a dependency is analyzed with: its library target, and as
/// its `default` features the ones cargo turned on for it in this build, so
/// that `#[cfg(feature = ...)]` is read as this build compiles it (not as
/// the package's own defaults would). Written into the input as its
/// `Cargo.toml`, saying so.
fn manifest(package: &Package, lib_name: &str, lib_path: &str, features: &[String]) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let features: Vec<String> = features.iter().map(|f| quote(f)).collect();
    format!(
        "# Written by cratemap from `cargo metadata`: the library of {} {} and, as `default`,\n\
         # the features cargo turns on for it in this build.\n\
         [package]\nname = {}\nversion = {}\n\
         autobins = false\nautotests = false\nautoexamples = false\nautobenches = false\n\n\
         [lib]\nname = {}\npath = {}\n\n[features]\ndefault = [{}]\n",
        package.name,
        package.version,
        quote(&package.name),
        quote(&package.version),
        quote(lib_name),
        quote(lib_path),
        features.join(", ")
    )
}

fn relative(path: &Path, dir: &Path) -> Option<String> {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.strip_prefix(dir).ok().map(slash_path)
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
