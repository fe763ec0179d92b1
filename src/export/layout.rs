//! A layered (Sugiyama-style) layout for static pictures, left to right like the
//! front end's hierarchical layout (dagre): break cycles, rank by longest path,
//! order each rank by barycenters, then stack ranks into columns. Nodes without
//! any edge are packed into a grid under the drawing instead of piling up in
//! the first column.
//!
//! Pure geometry on indices: no graph types, deterministic, linear passes plus
//! a fixed number of ordering sweeps.

/// Size of one node box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// Where a node box is: its center.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub centers: Vec<Point>,
    /// Extent of the drawing, from (0, 0).
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Horizontal gap between ranks.
    pub rank: f64,
    /// Vertical gap between nodes of one rank.
    pub node: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing {
            rank: 70.0,
            node: 14.0,
        }
    }
}

/// Barycenter sweeps (down and up count as one each).
const SWEEPS: usize = 8;

/// Lays out `sizes.len()` nodes joined by `edges` (pairs of node indices;
/// out-of-range and self edges are ignored).
pub fn layered(sizes: &[Size], edges: &[(usize, usize)], spacing: Spacing) -> Layout {
    let n = sizes.len();
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(s, t)| s < n && t < n && s != t)
        .collect();
    let mut connected = vec![false; n];
    for &(s, t) in &edges {
        connected[s] = true;
        connected[t] = true;
    }
    let forward = acyclic(n, &edges);
    let rank = longest_path_ranks(n, &forward, &connected);
    let ranks = order_ranks(n, &forward, &rank, &connected);

    let mut centers = vec![Point { x: 0.0, y: 0.0 }; n];
    let column_heights: Vec<f64> = ranks
        .iter()
        .map(|column| {
            column.iter().map(|&v| sizes[v].height).sum::<f64>()
                + spacing.node * column.len().saturating_sub(1) as f64
        })
        .collect();
    let tallest = column_heights.iter().copied().fold(0.0, f64::max);
    let mut x = 0.0;
    let mut width: f64 = 0.0;
    for (column, &column_height) in ranks.iter().zip(&column_heights) {
        let column_width = column.iter().map(|&v| sizes[v].width).fold(0.0, f64::max);
        // Columns are centered on the tallest one.
        let mut y = (tallest - column_height) / 2.0;
        for &v in column {
            centers[v] = Point {
                x: x + column_width / 2.0,
                y: y + sizes[v].height / 2.0,
            };
            y += sizes[v].height + spacing.node;
        }
        width = x + column_width;
        x += column_width + spacing.rank;
    }

    // Unconnected nodes: rows under the layered part, as wide as it (or 800).
    let loose: Vec<usize> = (0..n).filter(|&v| !connected[v]).collect();
    let mut height = tallest;
    if !loose.is_empty() {
        let row_limit = width.max(800.0);
        let mut x = 0.0;
        let mut y = if tallest > 0.0 {
            tallest + spacing.rank / 2.0
        } else {
            0.0
        };
        let mut row_height: f64 = 0.0;
        for v in loose {
            let size = sizes[v];
            if x > 0.0 && x + size.width > row_limit {
                x = 0.0;
                y += row_height + spacing.node;
                row_height = 0.0;
            }
            centers[v] = Point {
                x: x + size.width / 2.0,
                y: y + size.height / 2.0,
            };
            x += size.width + spacing.node;
            row_height = row_height.max(size.height);
            width = width.max(x - spacing.node);
        }
        height = y + row_height;
    }
    Layout {
        centers,
        width,
        height,
    }
}

/// The edges with each back edge of a depth-first search turned around, so
/// that the result has no cycle. Iterative: depth comes from the input.
fn acyclic(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(s, _)) in edges.iter().enumerate() {
        out_edges[s].push(k);
    }
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&k) = out_edges[v].get(top.1) {
                top.1 += 1;
                let t = edges[k].1;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => reversed[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    edges
        .iter()
        .zip(reversed)
        .map(|(&(s, t), back)| if back { (t, s) } else { (s, t) })
        .collect()
}

/// Rank = length of the longest path reaching a node (Kahn's order).
fn longest_path_ranks(n: usize, edges: &[(usize, usize)], connected: &[bool]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(s, t) in edges {
        indegree[t] += 1;
        out_edges[s].push(t);
    }
    let mut rank = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n)
        .filter(|&v| connected[v] && indegree[v] == 0)
        .collect();
    while let Some(v) = queue.pop() {
        for &t in &out_edges[v] {
            rank[t] = rank[t].max(rank[v] + 1);
            indegree[t] -= 1;
            if indegree[t] == 0 {
                queue.push(t);
            }
        }
    }
    rank
}

/// The connected nodes of each rank, ordered to reduce crossings: alternate
/// sweeps sort each rank by the mean position of its neighbours in the rank
/// before (downward) or after (upward). Ties keep the previous order.
fn order_ranks(
    n: usize,
    edges: &[(usize, usize)],
    rank: &[usize],
    connected: &[bool],
) -> Vec<Vec<usize>> {
    let rank_count = (0..n)
        .filter(|&v| connected[v])
        .map(|v| rank[v] + 1)
        .max()
        .unwrap_or(0);
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for v in (0..n).filter(|&v| connected[v]) {
        ranks[rank[v]].push(v);
    }
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(s, t) in edges {
        succs[s].push(t);
        preds[t].push(s);
    }
    let mut position = vec![0f64; n];
    let place = |ranks: &Vec<Vec<usize>>, position: &mut Vec<f64>| {
        for column in ranks {
            for (k, &v) in column.iter().enumerate() {
                position[v] = k as f64;
            }
        }
    };
    place(&ranks, &mut position);
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..rank_count).collect()
        } else {
            (0..rank_count.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &preds } else { &succs };
            let mut keyed: Vec<(f64, usize)> = ranks[r]
                .iter()
                .map(|&v| {
                    let near = &neighbours[v];
                    let key = if near.is_empty() {
                        position[v]
                    } else {
                        near.iter().map(|&u| position[u]).sum::<f64>() / near.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            ranks[r] = keyed.into_iter().map(|(_, v)| v).collect();
            for (k, &v) in ranks[r].iter().enumerate() {
                position[v] = k as f64;
            }
        }
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(n: usize) -> Vec<Size> {
        vec![
            Size {
                width: 40.0,
                height: 20.0
            };
            n
        ]
    }

    #[test]
    fn edges_point_right_and_boxes_do_not_overlap() {
        let edges = [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (4, 1)];
        let layout = layered(&boxes(6), &edges, Spacing::default());
        // 4 → 1 closes a cycle; every other edge goes to a later column.
        for &(s, t) in &edges[..5] {
            assert!(layout.centers[s].x < layout.centers[t].x, "{s} -> {t}");
        }
        for a in 0..6 {
            for b in a + 1..6 {
                let (p, q) = (layout.centers[a], layout.centers[b]);
                assert!(
                    (p.x - q.x).abs() >= 40.0 || (p.y - q.y).abs() >= 20.0,
                    "{a} and {b} overlap"
                );
            }
        }
        // Node 5 has no edge: it sits under the layered part.
        assert!(
            layout.centers[5].y
                > layout
                    .centers
                    .iter()
                    .take(5)
                    .map(|c| c.y)
                    .fold(0.0, f64::max)
        );
        assert!(layout.width > 0.0 && layout.height > 0.0);
    }

    #[test]
    fn barycenters_uncross_a_simple_crossing() {
        // 0→3 and 1→2 cross when rank 1 keeps index order (2 above 3).
        let layout = layered(&boxes(4), &[(0, 3), (1, 2)], Spacing::default());
        let c = &layout.centers;
        assert_eq!(c[0].y < c[1].y, c[3].y < c[2].y);
    }

    #[test]
    fn hostile_input_is_ignored_not_fatal() {
        let layout = layered(&boxes(2), &[(0, 0), (0, 9), (9, 1)], Spacing::default());
        assert_eq!(layout.centers.len(), 2);
        let empty = layered(&[], &[], Spacing::default());
        assert_eq!((empty.width, empty.height), (0.0, 0.0));
    }

    #[test]
    fn a_long_chain_needs_no_recursion() {
        let n = 20_000;
        let edges: Vec<(usize, usize)> = (1..n).map(|v| (v - 1, v)).collect();
        let layout = layered(&boxes(n), &edges, Spacing::default());
        assert!(layout.centers[n - 1].x > layout.centers[0].x);
    }
}
