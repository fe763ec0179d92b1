//! The JSON contract, `cratemap/graph@1`.

use crate::model::Graph;

pub fn to_string(graph: &Graph) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string(graph).unwrap_or_default()
}

pub fn to_string_pretty(graph: &Graph) -> String {
    serde_json::to_string_pretty(graph).unwrap_or_default()
}

pub fn from_str(text: &str) -> Result<Graph, serde_json::Error> {
    serde_json::from_str(text)
}
