//! `cratemap export`: one view as a self-contained HTML page or a static SVG.

use super::args::InputArgs;
use super::args::{ExportArgs, ExportFormat, ThemeArg};
use super::io::{default_threads, print_diagnostics, read_source, write_output};
use crate::export::{html, svg};
use crate::model::Graph;
use crate::{Options, SourceFile};
use std::path::Path;

pub fn run(args: ExportArgs) -> Result<(), String> {
    let ExportArgs {
        input,
        format,
        output,
        view,
        theme,
        max_nodes,
        sources,
        viewer,
    } = args;
    let (graph, files) = read_graph(&input, sources)?;
    let title = graph
        .crates
        .first()
        .map_or_else(|| "graph".to_string(), |c| c.name.clone());
    let view = view.options();
    let text = match format {
        ExportFormat::Svg => {
            let options = svg::SvgOptions {
                view,
                theme: match theme {
                    ThemeArg::Dark => svg::Theme::Dark,
                    ThemeArg::Light | ThemeArg::Auto => svg::Theme::Light,
                },
                max_nodes,
            };
            svg::to_svg(&graph, &options, &title).map_err(|e| format!("--focus: {e}"))?
        }
        ExportFormat::Html => {
            // The page would show the same complaint; say it here.
            if let Some(focus) = &view.focus {
                if crate::export::view::find_by_path(&graph, focus).is_none() {
                    return Err(format!("--focus: no item has the path `{focus}`"));
                }
            }
            let options = html::HtmlOptions {
                view,
                theme: Some(
                    match theme {
                        ThemeArg::Auto => "auto",
                        ThemeArg::Light => "light",
                        ThemeArg::Dark => "dark",
                    }
                    .to_string(),
                ),
            };
            let viewer_js = viewer_bundle(viewer.as_deref())?;
            html::to_html(&graph, &options, &files, &viewer_js, &title)
        }
    };
    // `write_output` ends the output with the one newline.
    let text = text.strip_suffix('\n').unwrap_or(&text);
    write_output(output.as_deref(), |out| out.write_all(text.as_bytes()))
}

/// A graph JSON from `analyze`, or sources analyzed now; with `keep_sources`,
/// also the sources.
fn read_graph(input: &InputArgs, keep_sources: bool) -> Result<(Graph, Vec<SourceFile>), String> {
    if let Some(path) = input
        .path
        .as_deref()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        if keep_sources || input.with_deps {
            return Err("--sources and --with-deps need the crate itself, not a graph JSON".into());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let graph = crate::export::json::from_str(&text)
            .map_err(|e| format!("`{}` is not a cratemap graph: {e}", path.display()))?;
        return Ok((graph, Vec::new()));
    }
    let (files, packages) = read_source(input)?;
    let kept = if keep_sources {
        files.clone()
    } else {
        Vec::new()
    };
    let mut graph = crate::analyze(
        files,
        &Options {
            threads: Some(default_threads()),
            limits: crate::Limits {
                max_total_bytes: input.max_total_bytes(),
                ..Default::default()
            },
            ..Default::default()
        },
    );
    if let Some(packages) = &packages {
        crate::cargo::annotate(&mut graph, packages);
    }
    print_diagnostics(&graph);
    Ok((graph, kept))
}

/// The embed viewer: compiled in (feature `bundled-viewer`), or the front-end
/// build's output read now.
fn viewer_bundle(path: Option<&Path>) -> Result<String, String> {
    #[cfg(feature = "bundled-viewer")]
    if path.is_none() {
        return Ok(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/dist/embed/cratemap-viewer.js"
        ))
        .to_string());
    }
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/dist/embed/cratemap-viewer.js");
    let path = path.unwrap_or(&default);
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the embed viewer `{}` ({e}): build it with `npm run build` \
             (or `npm run build:embed`) in the cratemap repository, or pass --viewer",
            path.display()
        )
    })
}
