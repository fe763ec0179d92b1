//! `use` declarations, one node per leaf of the tree, and `extern crate`.

use super::scope::Scope;
use super::{Decl, ItemVisitor};
use crate::model::NodeKind;

impl ItemVisitor<'_> {
    pub(super) fn use_item(&self, item: &syn::ItemUse, scope: &Scope) {
        let mut leaves = Vec::new();
        use_leaves(&item.tree, &mut Vec::new(), &mut leaves);
        let decl = Decl::new(
            &item.attrs,
            &item.vis,
            item.use_token.span,
            item.semi_token.span,
        );
        let node = self.declared(NodeKind::Use, String::new(), decl);
        let prefix = if item.leading_colon.is_some() {
            "::"
        } else {
            ""
        };
        for leaf in leaves {
            let (name, alias) = match &leaf.binding {
                Binding::Name => (leaf.path.join("::"), None),
                Binding::Rename(alias) => (
                    format!("{} as {alias}", leaf.path.join("::")),
                    Some(alias.clone()),
                ),
                Binding::Glob => (format!("{}::*", leaf.path.join("::")), None),
            };
            let import = match leaf.binding {
                Binding::Glob => format!("{}::*", leaf.path.join("::")),
                _ => leaf.path.join("::"),
            };
            let mut leaf_node = node.clone();
            leaf_node.name = format!("{prefix}{name}");
            leaf_node.details.import = Some(format!("{prefix}{import}").into());
            leaf_node.details.alias = alias.map(Into::into);
            self.add(scope, leaf_node);
        }
    }

    pub(super) fn extern_crate(&self, item: &syn::ItemExternCrate, scope: &Scope) {
        let alias = item.rename.as_ref().map(|(_, alias)| alias.to_string());
        let name = match &alias {
            Some(alias) => format!("{} as {alias}", item.ident),
            None => item.ident.to_string(),
        };
        let decl = Decl::new(
            &item.attrs,
            &item.vis,
            item.extern_token.span,
            item.semi_token.span,
        );
        let mut node = self.declared(NodeKind::Use, name, decl);
        node.details.import = Some(item.ident.to_string().into());
        node.details.alias = alias.map(Into::into);
        node.details.flags.push("extern_crate".into());
        self.add(scope, node);
    }
}

/// One name a `use` tree brings in.
struct UseLeaf {
    path: Vec<String>,
    binding: Binding,
}

enum Binding {
    Name,
    Rename(String),
    Glob,
}

fn use_leaves(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseLeaf>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            // `use a::{self}` imports `a` itself.
            if n.ident != "self" || prefix.is_empty() {
                path.push(n.ident.to_string());
            }
            out.push(UseLeaf {
                path,
                binding: Binding::Name,
            });
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" || prefix.is_empty() {
                path.push(r.ident.to_string());
            }
            out.push(UseLeaf {
                path,
                binding: Binding::Rename(r.rename.to_string()),
            });
        }
        syn::UseTree::Glob(_) => out.push(UseLeaf {
            path: prefix.clone(),
            binding: Binding::Glob,
        }),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_leaves(tree, prefix, out);
            }
        }
    }
}
