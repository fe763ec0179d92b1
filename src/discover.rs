//! Crate roots and the module tree.
//!
//! Every file is parsed before this phase runs (in parallel, in any order),
//! so discovery is pure bookkeeping over the recorded `mod x;` declarations:
//! it follows them from each crate root with rustc's file rules and tells
//! every file which module it is. Files that no root reaches are orphans.

use crate::model::{CrateKind, Severity};
use crate::state::raw::{FileIdx, ModDecl, RawNodeId};
use crate::state::store::VisitorState;
use crate::vfs::SourceFile;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, VecDeque};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateRoot {
    pub name: String,
    pub kind: CrateKind,
    pub file: FileIdx,
    /// The features a default build turns on, from the package's manifest;
    /// `None` without one (then every `feature` cfg is unknown).
    pub features: Option<Features>,
}

/// A package's default features, sorted.
pub type Features = std::sync::Arc<[String]>;

/// Which module a file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileModule {
    /// `None` for orphans.
    pub krate: Option<usize>,
    pub name: String,
    /// The qualified module path, starting with the crate name.
    pub path: String,
    /// The `mod` declaration that loads this file; `None` for crate roots and orphans.
    pub decl: Option<RawNodeId>,
}

#[derive(Clone, Debug, Default)]
pub struct ModuleTree {
    pub crates: Vec<CrateRoot>,
    pub files: BTreeMap<FileIdx, FileModule>,
    /// Declarations that load a file another declaration loads already
    /// (the same module under two `cfg`s): merged into that file's module.
    pub duplicate_decls: BTreeMap<RawNodeId, FileIdx>,
}

impl ModuleTree {
    pub fn is_orphan(&self, file: FileIdx) -> bool {
        self.files.get(&file).is_some_and(|m| m.krate.is_none())
    }

    /// Adds crate roots and follows their `mod` declarations, breadth first.
    fn add_roots(
        &mut self,
        roots: Vec<CrateRoot>,
        files: &[SourceFile],
        decls_by_file: &BTreeMap<FileIdx, Vec<(RawNodeId, ModDecl)>>,
        rust_file: &dyn Fn(&str) -> Option<FileIdx>,
        state: &VisitorState,
    ) {
        let mut queue = VecDeque::new();
        for root in roots {
            if self.files.contains_key(&root.file) {
                continue;
            }
            let krate = self.crates.len();
            self.files.insert(
                root.file,
                FileModule {
                    krate: Some(krate),
                    name: root.name.clone(),
                    path: root.name.clone(),
                    decl: None,
                },
            );
            self.crates.push(root.clone());
            queue.push_back((root.file, true));
        }
        while let Some((file, owns_dir)) = queue.pop_front() {
            let Some(decls) = decls_by_file.get(&file) else {
                continue;
            };
            let parent = self.files[&file].clone();
            for (decl_id, decl) in decls {
                let candidates = candidate_paths(&files[file].path, owns_dir, decl);
                let Some(target) = candidates.iter().find_map(|c| rust_file(c)) else {
                    let tried = candidates
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    let message = format!(
                        "file not found for module `{}`: looked for {tried}",
                        decl.name
                    );
                    report(state, decl, file, Severity::Error, message);
                    continue;
                };
                let mut path = parent.path.clone();
                for (name, _) in &decl.inline_chain {
                    path.push_str("::");
                    path.push_str(name);
                }
                path.push_str("::");
                path.push_str(&decl.name);
                match self.files.get(&target) {
                    Some(existing) if existing.path == path && existing.decl.is_some() => {
                        if !decl.has_cfg {
                            let message = format!("module `{}` is declared twice", decl.name);
                            report(state, decl, file, Severity::Warning, message);
                        }
                        self.duplicate_decls.insert(*decl_id, target);
                    }
                    Some(existing) => {
                        let message = format!(
                            "module `{}` would load `{}`, which is already module `{}` (a `#[path]` cycle or a shared file); left empty",
                            decl.name, files[target].path, existing.path
                        );
                        report(state, decl, file, Severity::Warning, message);
                    }
                    None => {
                        self.files.insert(
                            target,
                            FileModule {
                                krate: parent.krate,
                                name: decl.name.clone(),
                                path,
                                decl: Some(*decl_id),
                            },
                        );
                        let owns =
                            decl.path_attr.is_some() || file_stem(&files[target].path) == "mod";
                        queue.push_back((target, owns));
                    }
                }
            }
        }
    }
}
pub fn discover(files: &[SourceFile], state: &VisitorState) -> ModuleTree {
    let index: HashMap<&str, FileIdx> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let rust_file = |path: &str| {
        index
            .get(path)
            .copied()
            .filter(|&i| files[i].path.ends_with(".rs"))
    };

    let mut decls_by_file: BTreeMap<FileIdx, Vec<(RawNodeId, ModDecl)>> = BTreeMap::new();
    for entry in state.mod_decls.iter() {
        decls_by_file
            .entry(entry.file)
            .or_default()
            .push((*entry.key(), entry.value().clone()));
    }
    // Declaration order within a file decides which of two claims wins.
    for decls in decls_by_file.values_mut() {
        decls.sort_by_key(|(_, decl)| decl.order);
    }

    let mut tree = ModuleTree::default();
    // Rounds of roots, each followed through its `mod` declarations before
    // the next: the manifests' targets; then `lib.rs`/`main.rs` files that
    // nothing reached (an example folder without a manifest), with the
    // targets laid out beside a `src/` one; then, when
    // there is no crate at all, every file that no declaration loads.
    let manifest_roots = crate_roots(files, &index, state);
    tree.add_roots(manifest_roots, files, &decls_by_file, &rust_file, state);
    let mut unreached_roots: Vec<CrateRoot> = files
        .iter()
        .enumerate()
        .filter(|(i, f)| {
            f.path.ends_with(".rs")
                && !tree.files.contains_key(i)
                && matches!(file_stem(&f.path), "lib" | "main")
        })
        .map(|(file, f)| CrateRoot {
            name: crate_name_from_path(&f.path),
            kind: if file_stem(&f.path) == "lib" {
                CrateKind::Lib
            } else {
                CrateKind::Bin
            },
            file,
            features: None,
        })
        .collect();
    // Beside such a `src/` root, `tests/`, `benches/`, `examples/` and `src/bin/` hold that
    // package's other targets, as they would with a manifest (and the filters treat them so).
    let package_dirs: std::collections::BTreeSet<&str> = unreached_roots
        .iter()
        .filter_map(|root| parent_dir(&files[root.file].path).strip_suffix("src"))
        .filter(|dir| dir.is_empty() || dir.ends_with('/'))
        .map(|dir| dir.trim_end_matches('/'))
        .collect();
    let mut layout = Vec::new();
    for dir in package_dirs {
        layout_targets(files, dir, |_| true, &mut |name, kind, path| {
            if let Some(&file) = index.get(path.as_str()) {
                if !tree.files.contains_key(&file) {
                    layout.push(CrateRoot {
                        name: sanitize_name(&name),
                        kind,
                        file,
                        features: None,
                    });
                }
            }
        });
    }
    // `tests/it/main.rs` is a test target, not a binary of its own.
    unreached_roots.retain(|root| !layout.iter().any(|t| t.file == root.file));
    unreached_roots.extend(layout);
    tree.add_roots(unreached_roots, files, &decls_by_file, &rust_file, state);
    if tree.crates.is_empty() {
        let loose = undeclared_files(files, &decls_by_file, &rust_file);
        tree.add_roots(loose, files, &decls_by_file, &rust_file, state);
    }

    for (file, source) in files.iter().enumerate() {
        if !source.path.ends_with(".rs") || tree.files.contains_key(&file) {
            continue;
        }
        let (name, path) = orphan_path(&source.path, &tree.crates, files);
        tree.files.insert(
            file,
            FileModule {
                krate: None,
                name,
                path,
                decl: None,
            },
        );
        state.diagnostics.report(
            file,
            [1, 0],
            Severity::Warning,
            "file is not reachable from any crate root through `mod` declarations (orphan); analyzed on its own",
        );
    }
    tree
}

fn report(
    state: &VisitorState,
    decl: &ModDecl,
    file: FileIdx,
    severity: Severity,
    message: String,
) {
    state
        .diagnostics
        .report(file, decl.start, severity, message);
}

/// The files rustc would try for `mod name;`, in order.
fn candidate_paths(file: &str, owns_dir: bool, decl: &ModDecl) -> Vec<String> {
    let dir = parent_dir(file);
    if decl.inline_chain.is_empty() {
        if let Some(path) = &decl.path_attr {
            return vec![join(dir, path)];
        }
    }
    let mut base = if owns_dir {
        dir.to_string()
    } else {
        join(dir, file_stem(file))
    };
    for (name, path_attr) in &decl.inline_chain {
        base = join(&base, path_attr.as_deref().unwrap_or(name));
    }
    match &decl.path_attr {
        Some(path) => vec![join(&base, path)],
        None => vec![
            join(&base, &format!("{}.rs", decl.name)),
            join(&base, &format!("{}/mod.rs", decl.name)),
        ],
    }
}

fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit_once('/').map_or(path, |(_, name)| name);
    name.strip_suffix(".rs").unwrap_or(name)
}

fn join(dir: &str, rest: &str) -> String {
    crate::vfs::normalize_path(&if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    })
}

#[derive(Deserialize, Default)]
struct Manifest {
    package: Option<Package>,
    lib: Option<Target>,
    #[serde(default)]
    bin: Vec<Target>,
    #[serde(default)]
    test: Vec<Target>,
    #[serde(default)]
    example: Vec<Target>,
    #[serde(default)]
    bench: Vec<Target>,
    #[serde(default)]
    features: BTreeMap<String, Vec<String>>,
}

/// The default features of the package a manifest's text describes: `None`
/// when it does not parse or has no `[package]`.
pub(crate) fn manifest_default_features(text: &str) -> Option<Features> {
    let manifest: Manifest = toml::from_str(text).ok()?;
    manifest.package.as_ref()?;
    Some(default_features(&manifest.features))
}

/// The features `default` turns on, through the lists of the features it
/// names. `dep:x` and `x/f` (a dependency's feature) are not features of this
/// package; an optional dependency named plainly is its implicit feature.
fn default_features(table: &BTreeMap<String, Vec<String>>) -> Features {
    let mut on = std::collections::BTreeSet::new();
    if table.contains_key("default") {
        on.insert("default".to_owned());
    }
    let mut todo = vec!["default"];
    while let Some(name) = todo.pop() {
        for entry in table.get(name).into_iter().flatten() {
            if entry.starts_with("dep:") || entry.contains('/') {
                continue;
            }
            if on.insert(entry.clone()) {
                todo.push(entry);
            }
        }
    }
    on.into_iter().collect()
}

#[derive(Deserialize)]
struct Package {
    name: String,
    /// Cargo's `autolib`, `autobins`, ... keys: `false` turns off discovery
    /// by layout for that kind, leaving only the targets the manifest lists
    /// (std's `alloctests` relies on it: its `tests/*.rs` are modules of one
    /// test crate, not crates of their own).
    #[serde(default = "yes")]
    autolib: bool,
    #[serde(default = "yes")]
    autobins: bool,
    #[serde(default = "yes")]
    autotests: bool,
    #[serde(default = "yes")]
    autoexamples: bool,
    #[serde(default = "yes")]
    autobenches: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct Target {
    name: Option<String>,
    path: Option<String>,
}

/// Crates from every `Cargo.toml` with a `[package]`: a workspace's members
/// are found through their own manifests. Targets follow cargo's layout
/// conventions plus explicit `[lib]`/`[[bin]]`/... entries.
fn crate_roots(
    files: &[SourceFile],
    index: &HashMap<&str, FileIdx>,
    state: &VisitorState,
) -> Vec<CrateRoot> {
    let mut roots = Vec::new();
    for (file_idx, file) in files.iter().enumerate() {
        if file.path != "Cargo.toml" && !file.path.ends_with("/Cargo.toml") {
            continue;
        }
        let text = String::from_utf8_lossy(&file.bytes);
        let manifest: Manifest = match toml::from_str(&text) {
            Ok(manifest) => manifest,
            Err(err) => {
                state.diagnostics.report(
                    file_idx,
                    [1, 0],
                    Severity::Warning,
                    format!("cannot read manifest: {}", err.message()),
                );
                continue;
            }
        };
        let Some(package) = &manifest.package else {
            continue;
        };
        let dir = parent_dir(&file.path);
        let crate_name = package.name.replace('-', "_");
        let features = default_features(&manifest.features);
        let exists = |path: &str| index.contains_key(path);
        let mut add = |name: String, kind: CrateKind, path: String| {
            if let Some(&file) = index.get(path.as_str()) {
                if !roots.iter().any(|r: &CrateRoot| r.file == file) {
                    roots.push(CrateRoot {
                        name: name.replace('-', "_"),
                        kind,
                        file,
                        features: Some(features.clone()),
                    });
                }
            }
        };
        if package.autolib || manifest.lib.is_some() {
            let lib_path = manifest
                .lib
                .as_ref()
                .and_then(|l| l.path.clone())
                .unwrap_or_else(|| "src/lib.rs".into());
            let lib_name = manifest
                .lib
                .as_ref()
                .and_then(|l| l.name.clone())
                .unwrap_or_else(|| crate_name.clone());
            add(lib_name, CrateKind::Lib, join(dir, &lib_path));
        }
        for (targets, kind, folder) in [
            (&manifest.bin, CrateKind::Bin, "src/bin"),
            (&manifest.test, CrateKind::Test, "tests"),
            (&manifest.example, CrateKind::Example, "examples"),
            (&manifest.bench, CrateKind::Bench, "benches"),
        ] {
            for target in targets {
                let name = target.name.clone().unwrap_or_else(|| crate_name.clone());
                let path = match &target.path {
                    Some(path) => join(dir, path),
                    None if kind == CrateKind::Bin && name.replace('-', "_") == crate_name => {
                        join(dir, "src/main.rs")
                    }
                    None => join(dir, &format!("{folder}/{name}.rs")),
                };
                add(name, kind, path);
            }
        }
        if package.autobins && exists(&join(dir, "src/main.rs")) {
            add(crate_name.clone(), CrateKind::Bin, join(dir, "src/main.rs"));
        }
        let auto = |kind| match kind {
            CrateKind::Bin => package.autobins,
            CrateKind::Test => package.autotests,
            CrateKind::Example => package.autoexamples,
            CrateKind::Bench => package.autobenches,
            CrateKind::Lib | CrateKind::File => false,
        };
        layout_targets(files, dir, auto, &mut add);
    }
    roots
}

/// The targets cargo finds by layout in the package folder `dir`: `src/bin/*.rs`, `tests/*.rs`,
/// `examples/*.rs` and `benches/*.rs` (or `<folder>/<name>/main.rs`), for the kinds `auto`
/// allows. `add` takes each target's name, kind and root file.
fn layout_targets(
    files: &[SourceFile],
    dir: &str,
    auto: impl Fn(CrateKind) -> bool,
    add: &mut impl FnMut(String, CrateKind, String),
) {
    for (folder, kind) in [
        ("src/bin", CrateKind::Bin),
        ("tests", CrateKind::Test),
        ("examples", CrateKind::Example),
        ("benches", CrateKind::Bench),
    ] {
        if !auto(kind) {
            continue;
        }
        let prefix = join(dir, folder) + "/";
        for other in files.iter().filter(|f| f.path.starts_with(&prefix)) {
            let rest = &other.path[prefix.len()..];
            match rest.split('/').collect::<Vec<_>>().as_slice() {
                [name] if name.ends_with(".rs") => {
                    add(file_stem(name).to_string(), kind, other.path.clone())
                }
                [name, "main.rs"] => add(name.to_string(), kind, other.path.clone()),
                _ => {}
            }
        }
    }
}

/// Without any crate: every file that no `mod` declaration could load is a
/// root of its own (a pasted file, a loose folder of files).
fn undeclared_files(
    files: &[SourceFile],
    decls_by_file: &BTreeMap<FileIdx, Vec<(RawNodeId, ModDecl)>>,
    rust_file: &dyn Fn(&str) -> Option<FileIdx>,
) -> Vec<CrateRoot> {
    let mut loaded = std::collections::HashSet::new();
    for (&file, decls) in decls_by_file {
        let owns_dir = file_stem(&files[file].path) == "mod";
        for (_, decl) in decls {
            let target = candidate_paths(&files[file].path, owns_dir, decl)
                .iter()
                .find_map(|c| rust_file(c));
            if let Some(target) = target.filter(|&t| t != file) {
                loaded.insert(target);
            }
        }
    }
    files
        .iter()
        .enumerate()
        .filter(|(i, f)| f.path.ends_with(".rs") && !loaded.contains(i))
        .map(|(file, f)| CrateRoot {
            name: sanitize_name(file_stem(&f.path)),
            kind: CrateKind::File,
            file,
            features: None,
        })
        .collect()
}

/// `x/src/lib.rs` is crate `x`; a root with no such folder is named by its file.
fn crate_name_from_path(path: &str) -> String {
    let dir = parent_dir(path);
    let dir = if dir == "src" {
        ""
    } else {
        dir.strip_suffix("/src").unwrap_or(dir)
    };
    let name = dir
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(file_stem(path));
    sanitize_name(name)
}

/// A file name as a Rust identifier: `my-file` → `my_file`.
fn sanitize_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The module path an orphan would have if its crate declared it: relative
/// to the nearest crate root's folder when there is one.
fn orphan_path(path: &str, crates: &[CrateRoot], files: &[SourceFile]) -> (String, String) {
    let without_ext = path.strip_suffix(".rs").unwrap_or(path);
    let without_mod = without_ext.strip_suffix("/mod").unwrap_or(without_ext);
    let owner = crates
        .iter()
        .filter_map(|c| {
            let dir = parent_dir(&files[c.file].path);
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            without_mod
                .strip_prefix(&prefix)
                .map(|rest| (c, rest, dir.len()))
        })
        .max_by_key(|(_, _, len)| *len);
    let segments: Vec<String> = match owner {
        Some((krate, rest, _)) => std::iter::once(krate.name.clone())
            .chain(rest.split('/').map(sanitize_name))
            .collect(),
        None => without_mod.split('/').map(sanitize_name).collect(),
    };
    let name = segments.last().cloned().unwrap_or_default();
    (name, segments.join("::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(name: &str, path_attr: Option<&str>, chain: &[(&str, Option<&str>)]) -> ModDecl {
        ModDecl {
            file: 0,
            order: crate::state::raw::SourceOrder::new(0, 0, 0),
            start: [1, 0],
            name: name.into(),
            path_attr: path_attr.map(Into::into),
            inline_chain: chain
                .iter()
                .map(|(n, p)| (n.to_string(), p.map(Into::into)))
                .collect(),
            has_cfg: false,
        }
    }

    #[test]
    fn candidates_follow_rustc_rules() {
        assert_eq!(
            candidate_paths("src/lib.rs", true, &decl("a", None, &[])),
            ["src/a.rs", "src/a/mod.rs"]
        );
        assert_eq!(
            candidate_paths("src/a.rs", false, &decl("b", None, &[])),
            ["src/a/b.rs", "src/a/b/mod.rs"]
        );
        assert_eq!(
            candidate_paths("src/a.rs", false, &decl("b", Some("x/y.rs"), &[])),
            ["src/x/y.rs"]
        );
        assert_eq!(
            candidate_paths(
                "src/lib.rs",
                true,
                &decl("c", None, &[("inner", None), ("deep", Some("d"))])
            ),
            ["src/inner/d/c.rs", "src/inner/d/c/mod.rs"]
        );
        assert_eq!(
            candidate_paths(
                "src/a.rs",
                false,
                &decl("c", Some("z.rs"), &[("inner", None)])
            ),
            ["src/a/inner/z.rs"]
        );
    }

    #[test]
    fn orphan_paths_are_relative_to_their_crate() {
        let files = vec![
            SourceFile::new("src/lib.rs", ""),
            SourceFile::new("src/extra/mod.rs", ""),
        ];
        let crates = vec![CrateRoot {
            name: "k".into(),
            kind: CrateKind::Lib,
            file: 0,
            features: None,
        }];
        assert_eq!(
            orphan_path("src/extra/mod.rs", &crates, &files),
            ("extra".into(), "k::extra".into())
        );
        assert_eq!(
            orphan_path("other/x-y.rs", &crates, &files),
            ("x_y".into(), "other::x_y".into())
        );
    }
}
