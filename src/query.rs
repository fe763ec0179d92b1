//! Questions the front end asks of a frozen graph, answered from adjacency
//! indexes built once: callers, callees, neighbourhoods, module subtrees.

use crate::model::{EdgeKind, Graph, NodeId};
use std::collections::{BTreeSet, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Incoming,
    Outgoing,
    Both,
}

pub struct GraphIndex<'g> {
    graph: &'g Graph,
    /// Edge indexes by source, then by target; each list sorted.
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
}

impl<'g> GraphIndex<'g> {
    pub fn new(graph: &'g Graph) -> GraphIndex<'g> {
        let n = graph.nodes.len();
        let mut outgoing = vec![Vec::new(); n];
        let mut incoming = vec![Vec::new(); n];
        for (i, edge) in graph.edges.iter().enumerate() {
            if let (Some(out), Some(inc)) = (
                outgoing.get_mut(edge.source as usize),
                incoming.get_mut(edge.target as usize),
            ) {
                out.push(i);
                inc.push(i);
            }
        }
        GraphIndex {
            graph,
            outgoing,
            incoming,
        }
    }

    fn linked(&self, id: NodeId, kind: EdgeKind, direction: Direction) -> Vec<NodeId> {
        let mut out = BTreeSet::new();
        let edges = &self.graph.edges;
        if matches!(direction, Direction::Outgoing | Direction::Both) {
            for &e in self.outgoing.get(id as usize).into_iter().flatten() {
                if edges[e].kind == kind {
                    out.insert(edges[e].target);
                }
            }
        }
        if matches!(direction, Direction::Incoming | Direction::Both) {
            for &e in self.incoming.get(id as usize).into_iter().flatten() {
                if edges[e].kind == kind {
                    out.insert(edges[e].source);
                }
            }
        }
        out.into_iter().collect()
    }

    pub fn callers(&self, id: NodeId) -> Vec<NodeId> {
        self.linked(id, EdgeKind::Calls, Direction::Incoming)
    }

    pub fn callees(&self, id: NodeId) -> Vec<NodeId> {
        self.linked(id, EdgeKind::Calls, Direction::Outgoing)
    }

    /// Every node within `depth` edges of `id` (any kind), in id order.
    pub fn neighbourhood(&self, id: NodeId, depth: usize, direction: Direction) -> Vec<NodeId> {
        let edges = &self.graph.edges;
        let mut seen = BTreeSet::from([id]);
        let mut queue = VecDeque::from([(id, 0)]);
        while let Some((node, d)) = queue.pop_front() {
            if d == depth {
                continue;
            }
            let mut next = Vec::new();
            if matches!(direction, Direction::Outgoing | Direction::Both) {
                next.extend(
                    self.outgoing
                        .get(node as usize)
                        .into_iter()
                        .flatten()
                        .map(|&e| edges[e].target),
                );
            }
            if matches!(direction, Direction::Incoming | Direction::Both) {
                next.extend(
                    self.incoming
                        .get(node as usize)
                        .into_iter()
                        .flatten()
                        .map(|&e| edges[e].source),
                );
            }
            for n in next {
                if seen.insert(n) {
                    queue.push_back((n, d + 1));
                }
            }
        }
        seen.into_iter().collect()
    }

    /// A node and everything it contains, transitively, in id order.
    pub fn subtree(&self, id: NodeId) -> Vec<NodeId> {
        let mut seen = BTreeSet::from([id]);
        let mut stack = vec![id];
        while let Some(node) = stack.pop() {
            for child in self.linked(node, EdgeKind::Contains, Direction::Outgoing) {
                if seen.insert(child) {
                    stack.push(child);
                }
            }
        }
        seen.into_iter().collect()
    }
}
