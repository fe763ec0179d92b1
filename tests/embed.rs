//! `cratemap export`: view selection, the static SVG and the self-contained
//! HTML page. None of this needs the front-end build: the HTML tests inline a
//! stand-in viewer, and the browser tests (tests/browser/embed.*) load the real one.

mod common;

use cratemap::export::html::{to_html, HtmlOptions};
use cratemap::export::svg::{to_svg, SvgOptions};
use cratemap::export::view::Direction;
use cratemap::export::view::{select, ViewError, ViewOptions};
use cratemap::model::{EdgeKind, Graph, NodeKind, ViewKind};

fn kinds() -> Graph {
    common::analyze_with(common::fixture("kinds"), 2)
}

fn calls_around(focus: &str, direction: Direction) -> ViewOptions {
    ViewOptions {
        view: ViewKind::Calls,
        focus: Some(focus.into()),
        direction,
        ..Default::default()
    }
}

fn paths(graph: &Graph, options: &ViewOptions) -> Vec<String> {
    let selection = select(graph, options, 500).expect("selection");
    let mut out: Vec<String> = selection
        .nodes
        .iter()
        .map(|n| graph.nodes[n.node].path.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn focus_is_the_neighbourhood_over_the_views_relations() {
    let graph = kinds();
    let callers = paths(
        &graph,
        &calls_around("kinds::Point::new", Direction::Incoming),
    );
    assert_eq!(
        callers,
        ["kinds::Point::new", "kinds::Point::scaled", "kinds::total"],
        "tests are hidden by default"
    );
    let mut with_tests = calls_around("kinds::Point::new", Direction::Incoming);
    with_tests.show_tests = true;
    assert!(paths(&graph, &with_tests).contains(&"kinds::shapes::tests::area_is_positive".into()));

    let callees = paths(&graph, &calls_around("kinds::total", Direction::Outgoing));
    assert_eq!(
        callees,
        ["kinds::Point::new", "kinds::Point::norm", "kinds::total"]
    );
    let two_steps = ViewOptions {
        depth: 2,
        ..calls_around("kinds::total", Direction::Incoming)
    };
    assert_eq!(paths(&graph, &two_steps), ["kinds::total"]);
}

#[test]
fn types_are_resolved_to_definitions_and_items_lift_to_containers() {
    let graph = kinds();
    let options = ViewOptions {
        view: ViewKind::Types,
        focus: Some("kinds::Area".into()),
        ..Default::default()
    };
    let selection = select(&graph, &options, 500).unwrap();
    let shown: Vec<&str> = selection
        .nodes
        .iter()
        .map(|n| graph.nodes[n.node].path.as_str())
        .collect();
    assert!(
        shown.contains(&"kinds::shapes::<impl Area for Circle>"),
        "{shown:?}"
    );
    assert!(selection
        .edges
        .iter()
        .all(|e| e.kind == EdgeKind::Implements
            || e.kind == EdgeKind::Supertrait
            || e.kind == EdgeKind::ImplFor
            || e.kind == EdgeKind::FieldType
            || e.kind == EdgeKind::AliasOf));
    let focus: Vec<_> = selection.nodes.iter().filter(|n| n.focus).collect();
    assert_eq!(focus.len(), 1);
    assert_eq!(graph.nodes[focus[0].node].kind, NodeKind::Trait);

    // A field's type lifts to its struct: Circle's `center: Point` is Circle → Point.
    let circle = ViewOptions {
        view: ViewKind::Types,
        focus: Some("kinds::shapes::Circle".into()),
        direction: Direction::Outgoing,
        ..Default::default()
    };
    assert!(paths(&graph, &circle).contains(&"kinds::Point".into()));
}

#[test]
fn focus_problems_are_errors_not_empty_pictures() {
    let graph = kinds();
    let unknown = calls_around("kinds::nope", Direction::Both);
    assert_eq!(
        select(&graph, &unknown, 10),
        Err(ViewError::UnknownFocus("kinds::nope".into()))
    );
    // A struct is not part of the calls view.
    let hidden = calls_around("kinds::Point", Direction::Both);
    assert!(matches!(
        select(&graph, &hidden, 10),
        Err(ViewError::FocusNotShown { .. })
    ));
}

#[test]
fn svg_draws_the_focused_nodes_escaped_and_deterministic() {
    let graph = kinds();
    let options = SvgOptions {
        view: calls_around("kinds::Point::new", Direction::Incoming),
        ..Default::default()
    };
    let svg = to_svg(&graph, &options, "kinds").unwrap();
    assert!(svg.starts_with("<?xml"));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains(r#"<g class="node focus" data-kind="method" data-path="kinds::Point::new">"#)
    );
    for path in ["kinds::Point::scaled", "kinds::total"] {
        assert!(svg.contains(&format!(r#"data-path="{path}""#)), "{path}");
    }
    assert_eq!(svg.matches(r#"class="edge""#).count(), 2);
    assert_eq!(svg, to_svg(&graph, &options, "kinds").unwrap());

    // Generic impl names carry `<`, `>` and `->`: all escaped.
    let types = SvgOptions {
        view: ViewOptions {
            view: ViewKind::Types,
            ..Default::default()
        },
        ..Default::default()
    };
    let svg = to_svg(&graph, &types, "kinds <&> \"x\"").unwrap();
    assert!(svg.contains("Box&lt;dyn Fn(T) -&gt; T + Send&gt;"));
    assert!(!svg.contains("Box<dyn"));
    assert!(svg.contains("kinds &lt;&amp;&gt; &quot;x&quot;"));
}

#[test]
fn svg_is_capped_and_says_so() {
    let graph = common::analyze_with(cratemap::synth::generate(3, 12, 4), 2);
    let options = SvgOptions {
        max_nodes: 25,
        ..Default::default()
    };
    let svg = to_svg(&graph, &options, "synth").unwrap();
    assert_eq!(svg.matches("<g class=\"node\" ").count(), 25);
    assert!(svg.contains("(truncated)"));
}

#[test]
fn html_inlines_viewer_and_graph_safely() {
    let graph = kinds();
    let options = HtmlOptions {
        view: ViewOptions {
            view: ViewKind::Types,
            focus: Some("kinds::<\"odd\">".into()),
            depth: 2,
            hide_external: true,
            ..Default::default()
        },
        theme: Some("dark".into()),
    };
    let viewer = "const closer = '</script>'; /* <!-- */ customElements;";
    let sources = common::source(&[("src/lib.rs", "pub fn f() {} // </script> <!--")]);
    let page = to_html(&graph, &options, &sources, viewer, "kinds");
    assert!(page.starts_with("<!doctype html>"));
    // The page's only </script> closers are its own three.
    assert_eq!(page.matches("</script>").count(), 3);
    assert!(page.contains(r"const closer = '<\/script>';"));
    assert!(!page.contains("<!--"));
    assert!(page.contains(r#"view="types""#));
    assert!(page.contains(r#"focus="kinds::&lt;&quot;odd&quot;&gt;""#));
    assert!(page.contains(r#"depth="2""#));
    assert!(page.contains(" hide-external"));
    assert!(page.contains(r#"theme="dark""#));
    assert!(page.contains(" readonly"));
    // No network: nothing refers to another resource.
    assert!(!page.contains(" src="));
    assert!(!page.contains("href="));

    let opening = r#"<script type="application/json">"#;
    let start = page.find(opening).unwrap() + opening.len();
    let end = start + page[start..].find("</script>").unwrap();
    let inlined: Graph = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(inlined, graph);
    let opening = r#"<script type="application/json" data-sources>"#;
    let start = page.find(opening).unwrap() + opening.len();
    let end = start + page[start..].find("</script>").unwrap();
    let inlined: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(
        inlined["files"][0]["text"],
        "pub fn f() {} // </script> <!--"
    );
    assert!(!to_html(&graph, &options, &[], viewer, "kinds").contains("data-sources"));
}

/// A hand-edited graph JSON: dangling ids, a `contains` cycle, duplicate paths.
#[test]
fn hostile_graph_json_is_drawn_without_panicking() {
    let json = r#"{"schema":"cratemap/graph@1","crates":[{"name":"x","root":"src/lib.rs","kind":"lib","module":99}],
      "files":[],"diagnostics":[],"stats":{"files":0,"bytes":0,"nodes":0,"edges":0,"items":{},"type_interner":{"hits":0,"misses":0}},
      "nodes":[
        {"id":7,"kind":"module","name":"a","path":"a","visibility":"pub"},
        {"id":8,"kind":"module","name":"b","path":"a","visibility":"pub"},
        {"id":9,"kind":"function","name":"f","path":"a::f","visibility":"pub"},
        {"id":10,"kind":"function","name":"","path":"","visibility":"private"}],
      "edges":[
        {"source":7,"target":8,"kind":"contains"},{"source":8,"target":7,"kind":"contains"},
        {"source":8,"target":9,"kind":"contains"},{"source":9,"target":9,"kind":"calls"},
        {"source":9,"target":1234,"kind":"calls"},{"source":10,"target":9,"kind":"calls"}]}"#;
    let graph: Graph = cratemap::export::json::from_str(json).unwrap();
    for view in ViewKind::ALL {
        for focus in [None, Some("a"), Some("a::f")] {
            let options = SvgOptions {
                view: ViewOptions {
                    view,
                    focus: focus.map(String::from),
                    depth: 3,
                    ..Default::default()
                },
                ..Default::default()
            };
            // Errors are fine (a module is not in the calls view); panics are not.
            if let Ok(svg) = to_svg(&graph, &options, "x") {
                assert!(svg.ends_with("</svg>\n"));
            }
        }
    }
    let calls = SvgOptions {
        view: calls_around("a::f", Direction::Both),
        ..Default::default()
    };
    let svg = to_svg(&graph, &calls, "x").unwrap();
    assert!(svg.contains("(anonymous)"));
}
