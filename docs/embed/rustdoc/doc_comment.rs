//! # demo
//!
//! No `--html-in-header`: the doc comment loads the element itself. The
//! paths are relative to `target/doc/demo/index.html`.
//!
//! <script type="module" src="../../cratemap/cratemap-graph.js"></script>
//! <cratemap-graph src="../graph.json" view="calls" focus="kinds::total" readonly height="360"></cratemap-graph>

/// A point on the plane.
pub struct Point {
    pub x: f64,
    pub y: f64,
}
