//! # demo
//!
//! The crate at a glance (the graph is `graph.json`, written by
//! `cratemap analyze . -o target/doc/graph.json`):
//!
//! <cratemap-graph src="../graph.json" view="types" readonly height="420"></cratemap-graph>

/// A point on the plane.
pub struct Point {
    pub x: f64,
    pub y: f64,
}
