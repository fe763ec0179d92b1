//! Each file's root module in the module tree: a crate root, a module loaded
//! by a `mod` declaration (which it replaces), or an orphan.

use super::numbering::Ids;
use super::raw_nodes::RawNodes;
use crate::discover::ModuleTree;
use crate::model::{NodeId, Text};
use crate::state::raw::{FileIdx, RawNodeId};
use dashmap::DashMap;
use foldhash::{HashMap, HashMapExt};

pub(super) struct Roots {
    /// Each file's root module.
    pub by_file: HashMap<FileIdx, RawNodeId>,
    /// Declarations merged into the root of the file they load: by the
    /// declaration's raw id, that root's. Names and calls recorded against a
    /// declaration resolve from the module it became.
    pub merged: HashMap<RawNodeId, RawNodeId>,
}

/// Names each file's root after its module and moves a declaration's place,
/// visibility, docs and attributes onto the root it loads, taking the
/// declaration out of the nodes.
pub(super) fn place(
    raw: &mut RawNodes,
    file_roots: DashMap<FileIdx, RawNodeId>,
    tree: &ModuleTree,
) -> Roots {
    let by_file: HashMap<FileIdx, RawNodeId> = file_roots.into_iter().collect();
    let mut merged: HashMap<RawNodeId, RawNodeId> = HashMap::new();
    for (&file, module) in &tree.files {
        let Some(&root) = by_file.get(&file) else {
            continue;
        };
        let decl = module.decl.and_then(|d| raw.take(d).map(|node| (d, node)));
        let Some(node) = raw.get_mut(root) else {
            continue;
        };
        node.name = module.name.as_str().into();
        if let Some((decl_id, decl)) = decl {
            merged.insert(decl_id, root);
            node.parent = decl.parent;
            node.visibility = decl.visibility;
            let own_attrs = std::mem::take(&mut node.details.attrs);
            let own_doc = node.details.doc().map(str::to_owned);
            node.details = decl.details;
            if node.details.doc().is_none() && own_doc.is_some() {
                node.details.set_text(Text::Doc, own_doc.as_deref());
            }
            node.details.attrs.extend(own_attrs);
        }
    }
    for (&decl, &file) in &tree.duplicate_decls {
        let (Some(node), Some(&root)) = (raw.take(decl), by_file.get(&file)) else {
            continue;
        };
        merged.insert(decl, root);
        if let Some(target) = raw.get_mut(root) {
            target.details.cfgs.extend(node.details.cfgs);
        }
    }
    Roots { by_file, merged }
}

/// A root's path comes from the module tree, by its final id.
pub(super) fn paths<'t>(
    tree: &'t ModuleTree,
    by_file: &HashMap<FileIdx, RawNodeId>,
    ids: &Ids,
) -> HashMap<NodeId, &'t str> {
    tree.files
        .iter()
        .filter_map(|(file, m)| Some((ids.direct(*by_file.get(file)?)?, m.path.as_str())))
        .collect()
}
