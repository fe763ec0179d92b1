//! One self-contained HTML page: the engine-less `<cratemap-graph>` viewer and
//! the graph, both inlined. No network request, so it opens from `file://` and
//! can be dropped into any documentation site.
//!
//! The viewer is the front end's build output (`www/dist/embed/cratemap-viewer.js`,
//! made by `npm run build`); the caller supplies its text, so this module and its
//! tests do not depend on a front-end build.

use super::svg::escape;
use super::view::ViewOptions;
use crate::model::Graph;
use crate::vfs::SourceFile;

#[derive(Clone, Debug, Default)]
pub struct HtmlOptions {
    pub view: ViewOptions,
    /// `light`, `dark` or `auto` (the reader's preference).
    pub theme: Option<String>,
}

/// The page. `viewer_js` is the viewer bundle; `title` names the page. With
/// `sources`, the details panel shows each item's code.
pub fn to_html(
    graph: &Graph,
    options: &HtmlOptions,
    sources: &[SourceFile],
    viewer_js: &str,
    title: &str,
) -> String {
    let mut attributes = options.view.attributes();
    if let Some(theme) = &options.theme {
        attributes.push(("theme", theme.clone()));
    }
    attributes.push(("readonly", String::new()));
    let attributes: String = attributes
        .iter()
        .map(|(name, value)| {
            if value.is_empty() {
                format!(" {name}")
            } else {
                format!(" {name}=\"{}\"", escape(value))
            }
        })
        .collect();
    // `<` only occurs inside JSON strings, where `\u003c` means the same.
    let graph_json = super::json::to_string(graph).replace('<', "\\u003c");
    let sources = if sources.is_empty() {
        String::new()
    } else {
        format!(
            r#"<script type="application/json" data-sources>{}</script>"#,
            super::sources::to_string(sources).replace('<', "\\u003c")
        )
    };
    let title = escape(title);
    let viewer = script_safe(viewer_js);
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cratemap {version}">
<title>{title} — cratemap</title>
<style>html, body {{ margin: 0; height: 100%; }} cratemap-graph {{ height: 100vh; border: 0; border-radius: 0; }}</style>
<script type="module">
{viewer}
</script>
</head>
<body>
<cratemap-graph{attributes} height="100vh"><script type="application/json">{graph_json}</script>{sources}</cratemap-graph>
</body>
</html>
"#,
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Text that can sit inside a `<script>` element: the HTML parser ends a script
/// at `</script` and changes state at `<!--`, whatever JavaScript context they
/// are in. `<\/` and `\x3C!--` mean the same in JS strings, templates and
/// regular expressions.
fn script_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let lower = tail.get(..8).map(|s| s.to_ascii_lowercase());
        if lower.as_deref() == Some("</script") {
            out.push_str("<\\/");
            rest = &tail[2..];
        } else if let Some(after) = tail.strip_prefix("<!--") {
            out.push_str("\\x3C!--");
            rest = after;
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_closers_are_neutralized() {
        assert_eq!(script_safe("a</script>b"), "a<\\/script>b");
        assert_eq!(script_safe("a</SCRIPT b"), "a<\\/SCRIPT b");
        assert_eq!(script_safe("x<!--y"), "x\\x3C!--y");
        assert_eq!(script_safe("1 < 2 </scrip"), "1 < 2 </scrip");
        assert_eq!(script_safe("é<"), "é<");
    }
}
