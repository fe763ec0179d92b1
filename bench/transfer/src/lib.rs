//! Three ways to hand a graph to JavaScript, on a synthetic graph shaped like
//! a real one (names, paths, spans, signatures; two edges per node).

use cratemap::model::{Details, Edge, EdgeKind, Graph, Node, NodeKind, Span, Visibility, SCHEMA};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static GRAPH: RefCell<Graph> = RefCell::new(Graph::default());
}

#[wasm_bindgen(js_name = makeGraph)]
pub fn make_graph(nodes: u32) {
    let kinds = [
        NodeKind::Function,
        NodeKind::Method,
        NodeKind::Struct,
        NodeKind::Field,
        NodeKind::Use,
        NodeKind::Type,
    ];
    let graph = Graph {
        schema: SCHEMA.into(),
        nodes: (0..nodes)
            .map(|id| {
                let name = format!("item_{id}");
                Node {
                    id,
                    kind: kinds[id as usize % kinds.len()],
                    path: format!("crate::module_{}::{name}", id / 40),
                    file: Some(format!("src/module_{}.rs", id / 40)),
                    span: Some(Span { start: [id % 900 + 1, 4], end: [id % 900 + 12, 5] }),
                    visibility: if id % 3 == 0 { Visibility::Public } else { Visibility::Private },
                    details: Details {
                        signature: (id % 2 == 0).then(|| format!("pub fn {name}(input: &str, limit: usize) -> Result<Vec<u8>, Error>")),
                        ..Details::default()
                    },
                    name,
                }
            })
            .collect(),
        edges: (1..nodes)
            .flat_map(|id| {
                [
                    Edge { source: id / 8, target: id, kind: EdgeKind::Contains, confidence: None, form: None },
                    Edge { source: id, target: (id * 7) % nodes, kind: EdgeKind::Calls, confidence: None, form: None },
                ]
            })
            .collect(),
        ..Graph::default()
    };
    GRAPH.with(|slot| *slot.borrow_mut() = graph);
}

#[wasm_bindgen(js_name = asObject)]
pub fn as_object() -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    GRAPH
        .with(|graph| graph.borrow().serialize(&serializer))
        .map_err(|err| JsError::new(&err.to_string()))
}

#[wasm_bindgen(js_name = asJsonString)]
pub fn as_json_string() -> Result<String, JsError> {
    GRAPH
        .with(|graph| serde_json::to_string(&*graph.borrow()))
        .map_err(|err| JsError::new(&err.to_string()))
}

#[wasm_bindgen(js_name = asJsonBytes)]
pub fn as_json_bytes() -> Result<Vec<u8>, JsError> {
    GRAPH
        .with(|graph| serde_json::to_vec(&*graph.borrow()))
        .map_err(|err| JsError::new(&err.to_string()))
}
