//! The JSON contract, `cratemap/graph@1`.

use crate::model::Graph;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

pub fn to_string(graph: &Graph) -> String {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail, and the output is UTF-8 by construction.
    let _ = to_writer(graph, &mut bytes, false);
    String::from_utf8(bytes).unwrap_or_default()
}

pub fn to_string_pretty(graph: &Graph) -> String {
    serde_json::to_string_pretty(graph).unwrap_or_default()
}

/// Streams the graph to `out` without building the whole text in memory;
/// for a large crate the text is bigger than its source. Pass a buffered
/// writer: serde_json writes in small pieces.
///
/// The compact form serializes the nodes and edges on the current rayon
/// pool, a window of chunks at a time: on std that text is 120 MB, and
/// writing it serially took a seventh of the whole 2-thread run. The bytes
/// are exactly serde_json's (`tests::parallel_matches_serde`).
pub fn to_writer(graph: &Graph, mut out: impl Write, pretty: bool) -> std::io::Result<()> {
    if pretty {
        return serde_json::to_writer_pretty(out, graph).map_err(std::io::Error::from);
    }
    // Destructured so that a new field of `Graph` cannot be forgotten here;
    // the order is the struct's, which is serde's.
    let Graph {
        schema,
        crates,
        files,
        nodes,
        edges,
        diagnostics,
        stats,
    } = graph;
    out.write_all(b"{\"schema\":")?;
    serde_json::to_writer(&mut out, schema)?;
    out.write_all(b",\"crates\":")?;
    serde_json::to_writer(&mut out, crates)?;
    out.write_all(b",\"files\":")?;
    serde_json::to_writer(&mut out, files)?;
    out.write_all(b",\"nodes\":")?;
    write_array(&mut out, nodes)?;
    out.write_all(b",\"edges\":")?;
    write_array(&mut out, edges)?;
    out.write_all(b",\"diagnostics\":")?;
    serde_json::to_writer(&mut out, diagnostics)?;
    out.write_all(b",\"stats\":")?;
    serde_json::to_writer(&mut out, stats)?;
    out.write_all(b"}")
}

/// Elements per parallel task, and tasks per window: a window's text (a few
/// MB on std) is all that is held in memory at once.
const CHUNK: usize = 2048;
const WINDOW: usize = 16 * CHUNK;

fn write_array<T: Serialize + Sync>(out: &mut impl Write, items: &[T]) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (w, window) in items.chunks(WINDOW).enumerate() {
        let texts: Vec<std::io::Result<Vec<u8>>> = window
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut text = Vec::with_capacity(chunk.len() * 128);
                for (i, item) in chunk.iter().enumerate() {
                    if i > 0 {
                        text.push(b',');
                    }
                    serde_json::to_writer(&mut text, item)?;
                }
                Ok(text)
            })
            .collect();
        for (c, text) in texts.into_iter().enumerate() {
            if w > 0 || c > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&text?)?;
        }
    }
    out.write_all(b"]")
}

pub fn from_str(text: &str) -> Result<Graph, serde_json::Error> {
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_matches_serde() {
        // More nodes than a window holds, and an empty crate for the edge case.
        let body: String = (0..WINDOW + CHUNK + 3)
            .map(|i| format!("pub fn f{i}() {{ f{}(); }}\n", i + 1))
            .collect();
        for source in [body.as_str(), ""] {
            let graph = crate::analyze(
                vec![crate::SourceFile::new(
                    "src/lib.rs",
                    source.as_bytes().to_vec(),
                )],
                &crate::Options::default(),
            );
            assert_eq!(to_string(&graph), serde_json::to_string(&graph).unwrap());
        }
    }
}
