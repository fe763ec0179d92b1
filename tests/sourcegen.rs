//! Files written from the kinds table (`src/model/kinds.rs`), checked in so
//! that the front end and readers need no build step. Each test renders its
//! file again and fails when the committed copy differs; run
//! `UPDATE_SOURCEGEN=1 cargo test --test sourcegen` to rewrite them.

use cratemap::model::{CallForm, EdgeKind, NodeKind, ViewKind};
use std::fmt::Write;
use std::path::Path;

const GENERATED_JS: &str = "www/core/kinds.generated.js";

#[test]
fn kinds_module_is_fresh() {
    check(GENERATED_JS, &kinds_js());
}

#[test]
fn readme_kind_lists_are_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let readme = replace_between(
        &readme,
        "node-kinds",
        &code_list(NodeKind::ALL.map(NodeKind::as_str)),
    );
    let readme = replace_between(
        &readme,
        "edge-kinds",
        &code_list(EdgeKind::ALL.map(EdgeKind::as_str)),
    );
    let readme = replace_between(
        &readme,
        "call-forms",
        &code_list(CallForm::ALL.map(CallForm::as_str)),
    );
    check("README.md", &readme);
}

fn kinds_js() -> String {
    let quoted = |words: &mut dyn Iterator<Item = &str>| {
        let words: Vec<String> = words.map(js_string).collect();
        format!("[{}]", words.join(", "))
    };
    let mut js = String::new();
    let w = &mut js;
    let _ = writeln!(
        w,
        "// Generated from src/model/kinds.rs by `UPDATE_SOURCEGEN=1 cargo test --test sourcegen`; do not edit."
    );
    let _ = writeln!(
        w,
        "// Node and edge kinds of the graph contract v1, with how each is drawn, and the three views.\n"
    );
    let _ = writeln!(
        w,
        "export const NODE_KINDS = {};\n",
        quoted(&mut NodeKind::ALL.iter().map(|k| k.as_str()))
    );
    let _ = writeln!(
        w,
        "export const EDGE_KINDS = {};\n",
        quoted(&mut EdgeKind::ALL.iter().map(|k| k.as_str()))
    );
    let _ = writeln!(
        w,
        "/** How a `calls` edge's call is written (its `form`), in the order the edge keeps one. */"
    );
    let _ = writeln!(
        w,
        "export const CALL_FORMS = {};\n",
        quoted(&mut CallForm::ALL.iter().map(|k| k.as_str()))
    );
    let _ = writeln!(w, "export const CALL_FORM_STYLE = {{");
    for form in CallForm::ALL {
        let row = form.row();
        let _ = writeln!(
            w,
            "  {}: {{ label: {}, title: {} }},",
            form.as_str(),
            js_string(row.label),
            js_string(row.title)
        );
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(w, "/** Colors chosen to stay readable on both themes. */");
    let _ = writeln!(w, "export const KIND_STYLE = {{");
    for kind in NodeKind::ALL {
        let row = kind.row();
        let _ = writeln!(
            w,
            "  {}: {{ color: {}, shape: {}, label: {} }},",
            kind.as_str(),
            js_string(row.color),
            js_string(row.shape),
            js_string(row.label)
        );
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(w, "export const EDGE_STYLE = {{");
    for kind in EdgeKind::ALL {
        let row = kind.row();
        let _ = writeln!(
            w,
            "  {}: {{ color: {}, dashed: {}, label: {}, arrow: {} }},",
            kind.as_str(),
            js_string(row.color),
            row.dashed,
            js_string(row.label),
            js_string(row.arrow)
        );
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(
        w,
        "/**\n * A view says which node kinds take part and which edge kinds are drawn by default.\n \
         * Modules are always containers. `type` nodes (interned types) are resolved through\n \
         * to their definitions unless the user turns the `type` kind on.\n */"
    );
    let _ = writeln!(w, "export const VIEWS = {{");
    for view in ViewKind::ALL {
        let row = view.row();
        let _ = writeln!(w, "  {}: {{", view.as_str());
        let _ = writeln!(w, "    title: {},", js_string(row.title));
        let _ = writeln!(
            w,
            "    nodeKinds: {},",
            quoted(&mut view.node_kinds().map(NodeKind::as_str))
        );
        let _ = writeln!(
            w,
            "    edgeKinds: {},",
            quoted(&mut view.edge_kinds().map(EdgeKind::as_str))
        );
        let _ = writeln!(w, "    showEmptyModules: {},", row.show_empty_modules);
        let _ = writeln!(w, "    layout: {},", js_string(row.layout));
        let _ = writeln!(w, "  }},");
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(
        w,
        "/** Kinds that can hold others through `contains` and can be drawn as boxes. */"
    );
    let _ = writeln!(
        w,
        "export const CONTAINER_KINDS = new Set({});\n",
        quoted(
            &mut NodeKind::ALL
                .into_iter()
                .filter(|k| k.row().container)
                .map(NodeKind::as_str)
        )
    );
    let mut ranked: Vec<(u8, NodeKind)> = NodeKind::ALL
        .into_iter()
        .filter_map(|k| Some((k.row().pack_rank?, k)))
        .collect();
    ranked.sort();
    let _ = writeln!(
        w,
        "/** Reading order of leaves in a packed box: collapsed modules, then types and traits near\n \
         * their impls, then the rest; kinds not listed come last. */"
    );
    let _ = writeln!(
        w,
        "export const PACK_ORDER = {};\n",
        quoted(&mut ranked.iter().map(|(_, k)| k.as_str()))
    );
    let _ = writeln!(
        w,
        "/** The view that answers questions about a node of each kind: focusing on one opens it. */"
    );
    let _ = writeln!(w, "export const FOCUS_VIEW = {{");
    for kind in NodeKind::ALL {
        if let Some(view) = kind.row().focus_view {
            let _ = writeln!(w, "  {}: {},", kind.as_str(), js_string(view.as_str()));
        }
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(w, "export function kindColor(kind) {{");
    let _ = writeln!(
        w,
        "  return (KIND_STYLE[kind] || KIND_STYLE.external).color;"
    );
    let _ = writeln!(w, "}}");
    js
}

fn js_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// `a`, `b`, … as Markdown code, wrapped at 80 columns, ending with a period.
fn code_list(words: impl IntoIterator<Item = &'static str>) -> String {
    let words: Vec<String> = words.into_iter().map(|w| format!("`{w}`")).collect();
    let mut out = String::new();
    let mut line = String::new();
    for (k, word) in words.iter().enumerate() {
        let word = if k + 1 == words.len() {
            format!("{word}.")
        } else {
            format!("{word},")
        };
        if !line.is_empty() && line.len() + 1 + word.len() > 80 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// `text` with what lies between `<!-- sourcegen:{name} -->` and its closing marker replaced.
fn replace_between(text: &str, name: &str, body: &str) -> String {
    let open = format!("<!-- sourcegen:{name} -->\n");
    let close = format!("<!-- /sourcegen:{name} -->");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("README.md lacks the marker `{}`", open.trim_end()))
        + open.len();
    let end = start
        + text[start..]
            .find(&close)
            .unwrap_or_else(|| panic!("README.md lacks the marker `{close}`"));
    format!("{}{body}{}", &text[..start], &text[end..])
}

/// Compares a committed file with what it should be, or rewrites it under `UPDATE_SOURCEGEN`.
fn check(relative: &str, expected: &str) {
    check_generated(relative, expected, "src/model/kinds.rs");
}

fn check_generated(relative: &str, expected: &str, source: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("UPDATE_SOURCEGEN").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    panic!(
        "{relative} is not what {source} generates; \
         run `UPDATE_SOURCEGEN=1 cargo test --test sourcegen` and commit the result"
    );
}

#[path = "sourcegen/std_sigs.rs"]
mod std_sigs;

const STD_SIGS: &str = "src/resolve/std_sigs.txt";

/// The std signatures table is what the installed toolchain's std says. CI installs
/// rust-src (scripts/setup.sh), so a missing rust-src fails rather than passes.
#[test]
fn std_signatures_are_fresh() {
    let output = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .expect("rustc runs");
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let library = Path::new(&sysroot).join("lib/rustlib/src/rust/library");
    assert!(
        library.join("core/src/lib.rs").is_file(),
        "no rust-src at {}: run scripts/setup.sh (it installs the rust-src component)",
        library.display()
    );
    let version = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .arg("--version")
        .output()
        .expect("rustc runs");
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let table = std_sigs::generate(&library, &version).unwrap_or_else(|err| panic!("{err}"));
    check_generated(STD_SIGS, &table, "the installed toolchain's rust-src");
}
