//! Output formats for a frozen graph.

pub mod dot;
pub mod html;
pub mod json;
pub mod layout;
pub mod sources;
pub mod svg;
pub mod view;
