//! The pre-pass: every `macro_rules!` definition of the input, read before the visit as
//! owned data, and which definition a name means at an invocation.
//!
//! The module tree is not known before the visit (discovery reads the visit's `mod`
//! declarations), so scope follows rustc's textual rules where one file shows them and file
//! paths beyond it: a definition is visible after it to the end of its enclosing block
//! (a `#[macro_use]` module's and a macro input's blocks do not end it); a file's top-level
//! definitions are visible in the files below its module's folder; any other top-level
//! definition of the same crate stands for `#[macro_use]` and `#[macro_export]` imports.

use super::rules::{owned, MacroRules, Tok};
use crate::discover::Features;
use crate::state::raw::FileIdx;
use crate::syntax::offsets::ChunkOffsets;
use crate::syntax::split::Split;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// One definition.
#[derive(Debug)]
pub struct Def {
    pub name: Box<str>,
    pub file: FileIdx,
    /// Byte offset of `macro_rules` in its file.
    pub at: usize,
    /// Where its textual scope ends in its file; `usize::MAX` when it reaches the file's end
    /// and the modules below.
    pub until: usize,
    pub exported: bool,
    /// Its `#[cfg(..)]` predicates, joined by `all(..)`: a crate may define a macro twice
    /// under opposite cfgs (`debug!` that logs, `debug!` that does nothing).
    pub cfg: Option<Box<str>>,
    /// Whether that cfg is false for its crate's default features (set by
    /// [`MacroTable::collect`], which knows the crates).
    pub left_out: bool,
    /// `None` when the rules are not well formed: the name is taken, but nothing expands.
    pub rules: Option<Arc<MacroRules>>,
}

/// How an invocation names its macro.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacroPath {
    /// `m!`: textual scope.
    Bare,
    /// `crate::m!` (or `$crate::m!`, written out): the crate's `#[macro_export]` macros.
    CrateRoot,
}

/// Every definition by name, each list in (file, position) order.
#[derive(Debug, Default)]
pub struct MacroTable {
    by_name: HashMap<Box<str>, Vec<Def>, foldhash::fast::RandomState>,
    /// By file: the folder its child modules' files live in, and its crate.
    files: Vec<(String, usize)>,
}

/// A package manifest of the input, for [`MacroTable::collect`].
pub struct Manifest<'a> {
    pub path: &'a str,
    pub features: Option<Features>,
}

/// A file for [`MacroTable::collect`]: its path, its text and its split, if it was read.
pub struct Input<'a> {
    pub path: &'a str,
    pub text: Option<&'a str>,
    pub split: Option<&'a Split>,
}

impl MacroTable {
    /// Reads the definitions of every file (in parallel). `manifests` are the paths of the
    /// input's `Cargo.toml` files, which tell crates apart and say which features are on.
    pub fn collect(
        inputs: &[Input<'_>],
        manifests: &[Manifest<'_>],
        max_depth: usize,
    ) -> MacroTable {
        let found: Vec<Vec<Def>> = inputs
            .par_iter()
            .enumerate()
            .map(|(file, input)| match (input.text, input.split) {
                (Some(text), Some(split)) => file_defs(file, text, split, max_depth),
                _ => Vec::new(),
            })
            .collect();
        let crate_dirs: Vec<&str> = manifests
            .iter()
            .map(|m| m.path.strip_suffix("Cargo.toml").unwrap_or(m.path))
            .collect();
        let files = inputs
            .iter()
            .map(|input| {
                let group = crate_dirs
                    .iter()
                    .enumerate()
                    .filter(|(_, dir)| input.path.starts_with(**dir))
                    .max_by_key(|(_, dir)| dir.len())
                    .map_or(usize::MAX, |(i, _)| i);
                (module_dir(input.path), group)
            })
            .collect::<Vec<_>>();
        let mut by_name: HashMap<Box<str>, Vec<Def>, _> = HashMap::default();
        for mut def in found.into_iter().flatten() {
            if let Some(cfg) = &def.cfg {
                let group = files.get(def.file).map_or(usize::MAX, |f| f.1);
                let features = manifests.get(group).and_then(|m| m.features.as_deref());
                def.left_out = crate::resolve::cfg::evaluate(cfg, features) == Some(false);
            }
            by_name.entry(def.name.clone()).or_default().push(def);
        }
        MacroTable { by_name, files }
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The definition `name!` means at byte `at` of `file`, if the input has one. Of
    /// definitions under opposite cfgs, the one a default build compiles (by the crate's
    /// default features) wins; failing that, any.
    pub fn lookup(&self, name: &str, path: MacroPath, file: FileIdx, at: usize) -> Option<&Def> {
        let defs = self.by_name.get(name)?;
        let compiled = self.lookup_among(defs, |d| !d.left_out, path, file, at);
        match compiled {
            None if defs.iter().any(|d| d.left_out) => {
                self.lookup_among(defs, |_| true, path, file, at)
            }
            found => found,
        }
    }

    /// [`MacroTable::lookup`] among the definitions `keep` takes.
    fn lookup_among<'d>(
        &self,
        defs: &'d [Def],
        keep: impl Fn(&Def) -> bool,
        path: MacroPath,
        file: FileIdx,
        at: usize,
    ) -> Option<&'d Def> {
        let (_, group) = self.files.get(file)?;
        let same_crate = |def: &&Def| self.files.get(def.file).map(|f| f.1) == Some(*group);
        let defs = || defs.iter().filter(|d| keep(d));
        if path == MacroPath::CrateRoot {
            return defs().filter(same_crate).find(|d| d.exported);
        }
        let textual = defs().rfind(|d| d.file == file && d.at < at && at < d.until);
        let path_of = |f: FileIdx| self.files.get(f).map(|(dir, _)| dir.as_str());
        let here = path_of(file).unwrap_or_default();
        let above = || {
            defs()
                .filter(same_crate)
                .filter(|d| d.until == usize::MAX && d.file != file)
                .filter_map(|d| Some((path_of(d.file)?, d)))
                .filter(|(dir, _)| dir.is_empty() || here.starts_with(&format!("{dir}/")))
                .max_by_key(|(dir, d)| (dir.len(), d.file, d.at))
                .map(|(_, d)| d)
        };
        let anywhere = || defs().filter(same_crate).find(|d| d.until == usize::MAX);
        textual.or_else(above).or_else(anywhere)
    }
}

/// The folder holding a file's child modules' files (rustc's rule: `a/mod.rs`, `lib.rs` and
/// `main.rs` own their folder, `a.rs` owns `a/`), or the file's own path minus `.rs` for
/// the others; compared with other files' paths.
fn module_dir(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    match file {
        "mod.rs" | "lib.rs" | "main.rs" => dir.to_string(),
        _ => path.strip_suffix(".rs").unwrap_or(path).to_string(),
    }
}

/// The definitions in one file's chunks that mention `macro_rules`.
fn file_defs(file: FileIdx, text: &str, split: &Split, max_depth: usize) -> Vec<Def> {
    let finder = memchr::memmem::Finder::new("macro_rules");
    let mut defs = Vec::new();
    for chunk in &split.chunks {
        let Some(source) = text.get(chunk.start..chunk.end) else {
            continue;
        };
        if finder.find(source.as_bytes()).is_none() {
            continue;
        }
        if let Ok(stream) = source.parse::<TokenStream>() {
            let tokens: Vec<TokenTree> = stream.into_iter().collect();
            let walk = Walk {
                file,
                base: chunk.start,
                offsets: ChunkOffsets::new(source),
                max_depth,
            };
            walk.level(&tokens, usize::MAX, false, 0, &mut defs);
        }
        // The chunk's tokens are gone: so may be their spans.
        proc_macro2::extra::invalidate_current_thread_spans();
    }
    defs
}

struct Walk {
    file: FileIdx,
    /// The chunk's offset in its file.
    base: usize,
    offsets: ChunkOffsets,
    max_depth: usize,
}

impl Walk {
    /// Finds definitions among `tokens` (one group's), whose textual scope ends at `until`.
    /// Inside a macro's input (`in_input`), no block ends a scope: the macro may well put
    /// what is there at its invocation (`cfg_if! { if #[cfg(x)] { .. } }`).
    fn level(
        &self,
        tokens: &[TokenTree],
        until: usize,
        in_input: bool,
        depth: usize,
        defs: &mut Vec<Def>,
    ) {
        if depth > self.max_depth {
            return;
        }
        for (i, tree) in tokens.iter().enumerate() {
            let TokenTree::Group(group) = tree else {
                continue;
            };
            let before = &tokens[..i];
            if let [.., TokenTree::Ident(rules), TokenTree::Punct(bang), TokenTree::Ident(name)] =
                before
            {
                if rules == "macro_rules" && bang.as_char() == '!' {
                    let at = self.base + self.offsets.range(rules.span()).start;
                    let body = owned(group.stream(), self.max_depth.saturating_sub(depth));
                    defs.push(Def {
                        name: name.to_string().into(),
                        file: self.file,
                        at,
                        until,
                        exported: has_attr(&before[..before.len() - 3], "macro_export"),
                        cfg: cfg_of(&before[..before.len() - 3]),
                        left_out: false,
                        rules: body
                            .and_then(|body: Vec<Tok>| MacroRules::parse(&body).ok())
                            .map(Arc::new),
                    });
                    continue;
                }
            }
            let input =
                in_input || matches!(before, [.., TokenTree::Punct(b)] if b.as_char() == '!');
            let transparent = input
                || match before {
                    [.., TokenTree::Ident(kw), TokenTree::Ident(_)] if kw == "mod" => {
                        let mut head = &before[..before.len() - 2];
                        if let [rest @ .., TokenTree::Ident(p), TokenTree::Group(g)] = head {
                            if p == "pub" && g.delimiter() == Delimiter::Parenthesis {
                                head = rest;
                            }
                        }
                        if let [rest @ .., TokenTree::Ident(p)] = head {
                            if p == "pub" {
                                head = rest;
                            }
                        }
                        has_attr(head, "macro_use")
                    }
                    _ => false,
                };
            let inner_until = if transparent {
                until
            } else {
                self.base + self.offsets.range(group.span_close()).end
            };
            let inside: Vec<TokenTree> = group.stream().into_iter().collect();
            self.level(&inside, inner_until, input, depth + 1, defs);
        }
    }
}

/// Whether the attributes that end `tokens` (`#[..]` groups) include `#[name]`.
fn has_attr(tokens: &[TokenTree], name: &str) -> bool {
    attrs(tokens).any(|attr| matches!(attr.first(), Some(TokenTree::Ident(i)) if i == name))
}

/// The `#[cfg(..)]` predicates among the attributes that end `tokens`, as one predicate.
fn cfg_of(tokens: &[TokenTree]) -> Option<Box<str>> {
    let predicates: Vec<String> = attrs(tokens)
        .filter_map(|attr| match attr.as_slice() {
            [TokenTree::Ident(cfg), TokenTree::Group(args)]
                if cfg == "cfg" && args.delimiter() == Delimiter::Parenthesis =>
            {
                Some(args.stream().to_string())
            }
            _ => None,
        })
        .collect();
    match predicates.as_slice() {
        [] => None,
        [one] => Some(one.as_str().into()),
        many => Some(format!("all({})", many.join(", ")).into()),
    }
}

/// The attributes that end `tokens` (`#[..]` groups), last first, each as its tokens.
fn attrs(tokens: &[TokenTree]) -> impl Iterator<Item = Vec<TokenTree>> + '_ {
    let mut rest = tokens;
    std::iter::from_fn(move || match rest {
        [head @ .., TokenTree::Punct(pound), TokenTree::Group(attr)]
            if pound.as_char() == '#' && attr.delimiter() == Delimiter::Bracket =>
        {
            rest = head;
            Some(attr.stream().into_iter().collect())
        }
        _ => None,
    })
}
