//! The JSON contract, `cratemap/graph@1`.

use crate::model::Graph;

pub fn to_string(graph: &Graph) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string(graph).unwrap_or_default()
}

pub fn to_string_pretty(graph: &Graph) -> String {
    serde_json::to_string_pretty(graph).unwrap_or_default()
}

/// Streams the graph to `out` without building the whole text in memory;
/// for a large crate the text is bigger than its source. Pass a buffered
/// writer: serde_json writes in small pieces.
pub fn to_writer(graph: &Graph, out: impl std::io::Write, pretty: bool) -> std::io::Result<()> {
    let result = if pretty {
        serde_json::to_writer_pretty(out, graph)
    } else {
        serde_json::to_writer(out, graph)
    };
    result.map_err(std::io::Error::from)
}

pub fn from_str(text: &str) -> Result<Graph, serde_json::Error> {
    serde_json::from_str(text)
}
