//! A static SVG of one view ([`super::view`]), laid out natively
//! ([`super::layout`]): for READMEs and documentation that cannot run scripts.
//! Colors are the front end's: both come from the kinds table
//! ([`crate::model::NodeKind::row`]). Every label is escaped text; nothing
//! from the input becomes markup.

use super::layout::{self, Size, Spacing};
use super::view::{self, Selection, ViewError, ViewOptions};
use crate::model::{EdgeRow, Graph, NodeKind};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Debug)]
pub struct SvgOptions {
    pub view: ViewOptions,
    pub theme: Theme,
    /// Most nodes drawn; the rest is left out and the caption says so.
    pub max_nodes: usize,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            view: ViewOptions::default(),
            theme: Theme::Light,
            max_nodes: 150,
        }
    }
}

struct Palette {
    background: &'static str,
    text: &'static str,
    muted: &'static str,
    external_fill: &'static str,
    focus: &'static str,
}

impl Theme {
    fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: "#ffffff",
                text: "#1d2330",
                muted: "#687385",
                external_fill: "#e7eaef",
                focus: "#b7410e",
            },
            Theme::Dark => Palette {
                background: "#14171c",
                text: "#e4e7ec",
                muted: "#98a1b0",
                external_fill: "#3a414d",
                focus: "#e8703a",
            },
        }
    }
}

const FONT_SIZE: f64 = 11.0;
/// Average advance of the 11px UI font, per character (as the front end sizes nodes).
const CHAR_WIDTH: f64 = 6.6;
const NODE_HEIGHT: f64 = 26.0;
const MARGIN: f64 = 20.0;
const CAPTION: f64 = 24.0;

/// Renders the view. `title` names the picture (usually the crate).
pub fn to_svg(graph: &Graph, options: &SvgOptions, title: &str) -> Result<String, ViewError> {
    let selection = view::select(graph, &options.view, options.max_nodes.max(1))?;
    Ok(render(graph, &selection, options, title))
}

fn node_size(label: &str) -> Size {
    let chars = label.chars().count() as f64;
    Size {
        width: (chars * CHAR_WIDTH + 22.0).clamp(36.0, 280.0),
        height: NODE_HEIGHT,
    }
}

fn render(graph: &Graph, selection: &Selection, options: &SvgOptions, title: &str) -> String {
    let palette = options.theme.palette();
    let sizes: Vec<Size> = selection
        .nodes
        .iter()
        .map(|n| node_size(&n.label))
        .collect();
    let pairs: Vec<(usize, usize)> = selection
        .edges
        .iter()
        .map(|e| (e.source, e.target))
        .collect();
    let layout = layout::layered(&sizes, &pairs, Spacing::default());

    let width = layout.width + 2.0 * MARGIN;
    let height = layout.height + 2.0 * MARGIN + CAPTION;
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.1} {height:.1}" width="{width:.0}" height="{height:.0}" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="{FONT_SIZE}" data-view="{}">"#,
        options.view.view.as_str()
    );
    let caption = caption(graph, selection, options, title);
    let _ = writeln!(out, "<title>{}</title>", escape(&caption));
    let _ = writeln!(
        out,
        r#"<rect x="0" y="0" width="{width:.1}" height="{height:.1}" fill="{}"/>"#,
        palette.background
    );

    let mut colors: Vec<&str> = selection.edges.iter().map(|e| e.kind.row().color).collect();
    colors.sort_unstable();
    colors.dedup();
    out.push_str("<defs>\n");
    for (k, color) in colors.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<marker id="arrow{k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
        );
    }
    out.push_str("</defs>\n");

    let at = |i: usize| {
        let c = layout.centers[i];
        (c.x + MARGIN, c.y + MARGIN)
    };
    out.push_str("<g class=\"edges\" fill=\"none\" stroke-width=\"1.4\">\n");
    for edge in &selection.edges {
        let EdgeRow { color, dashed, .. } = *edge.kind.row();
        let marker = colors.iter().position(|c| *c == color).unwrap_or(0);
        let (sx, sy) = at(edge.source);
        let (tx, ty) = at(edge.target);
        let (sw, tw) = (
            sizes[edge.source].width / 2.0,
            sizes[edge.target].width / 2.0,
        );
        // Leave from the side that faces the target; curve like dagre's splines.
        let (x1, x2) = if tx >= sx {
            (sx + sw, tx - tw)
        } else {
            (sx - sw, tx + tw)
        };
        let bend = ((x2 - x1) / 2.0).abs().max(30.0) * if x2 >= x1 { 1.0 } else { -1.0 };
        let _ = write!(
            out,
            r#"<path class="edge" data-kind="{}" d="M{x1:.1},{sy:.1} C{:.1},{sy:.1} {:.1},{ty:.1} {x2:.1},{ty:.1}" stroke="{color}" marker-end="url(#arrow{marker})""#,
            edge.kind.as_str(),
            x1 + bend,
            x2 - bend,
        );
        if dashed {
            out.push_str(r#" stroke-dasharray="6,4""#);
        }
        let _ = writeln!(
            out,
            "><title>{}{}</title></path>",
            edge.kind.as_str(),
            if edge.count > 1 {
                format!(" ×{}", edge.count)
            } else {
                String::new()
            }
        );
    }
    out.push_str("</g>\n<g class=\"nodes\" text-anchor=\"middle\" font-weight=\"600\">\n");
    for (k, shown) in selection.nodes.iter().enumerate() {
        let node = &graph.nodes[shown.node];
        let (x, y) = at(k);
        let size = sizes[k];
        let external = node.kind == NodeKind::External;
        let (fill, text_color) = if external {
            (palette.external_fill, palette.text)
        } else {
            (node.kind.row().color, "#ffffff")
        };
        let stroke = if shown.focus {
            format!(r#" stroke="{}" stroke-width="3""#, palette.focus)
        } else if external {
            format!(r#" stroke="{}" stroke-dasharray="4,3""#, palette.muted)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            r#"<g class="node{}" data-kind="{}" data-path="{}"><title>{}: {}</title><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{fill}"{stroke}/><text x="{x:.1}" y="{:.1}" dominant-baseline="central" fill="{text_color}">{}</text></g>"#,
            if shown.focus { " focus" } else { "" },
            node.kind.as_str(),
            escape(&node.path),
            node.kind.as_str(),
            escape(&node.path),
            x - size.width / 2.0,
            y - size.height / 2.0,
            size.width,
            size.height,
            y,
            escape(&ellipsize(&shown.label, size.width)),
        );
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        r#"<text x="{MARGIN}" y="{:.1}" fill="{}" font-size="11">{}</text>"#,
        height - MARGIN / 2.0,
        palette.muted,
        escape(&caption)
    );
    out.push_str("</svg>\n");
    out
}

fn caption(graph: &Graph, selection: &Selection, options: &SvgOptions, title: &str) -> String {
    let view = &options.view;
    let mut text = format!("{title} — {}", view.view.row().title);
    if let Some(focus) = &view.focus {
        let _ = write!(text, " around {focus} (depth {})", view.depth.clamp(1, 3));
    }
    let _ = write!(
        text,
        " · {} of {} nodes",
        selection.nodes.len(),
        graph.nodes.len()
    );
    if selection.truncated {
        text.push_str(" (truncated)");
    }
    text.push_str(" · cratemap");
    text
}

/// Cuts a label to what fits the box (the box is capped at 280px).
fn ellipsize(label: &str, width: f64) -> String {
    let fits = ((width - 16.0) / CHAR_WIDTH).floor().max(1.0) as usize;
    if label.chars().count() <= fits {
        return label.to_string();
    }
    let mut cut: String = label.chars().take(fits.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Text and attribute escaping for XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 has no way to write most control characters: drop them.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
