//! Output formats for a frozen graph.

pub mod dot;
pub mod json;
