//! Macros: `macro_rules!` and macro 2.0 definitions, and macro invocations outside bodies,
//! whose inputs may hold items. Which inputs are worth parsing is decided here for bodies too.

use super::expansion::{parse, Many};
use super::scope::{Container, Scope};
use super::{Decl, ItemVisitor};
use crate::model::{EdgeKind, NodeKind, Visibility};
use crate::state::raw::RawNodeId;
use crate::syntax::recover::MacroDef;
use syn::spanned::Spanned;

impl ItemVisitor<'_> {
    pub(super) fn item_macro(&self, item: &syn::ItemMacro, scope: &Scope) {
        let is_rules = item.mac.path.is_ident("macro_rules");
        match (&item.ident, is_rules) {
            (Some(ident), true) => {
                let end = item
                    .semi_token
                    .map_or(delimiter_close(&item.mac.delimiter), |s| s.span);
                let decl = Decl::new(
                    &item.attrs,
                    &syn::Visibility::Inherited,
                    item.mac.path.span(),
                    end,
                );
                let mut node = self.declared(NodeKind::Macro, ident.to_string(), decl);
                node.details.flags.push("macro_rules".into());
                if item.attrs.iter().any(|a| a.path().is_ident("macro_export")) {
                    node.details.flags.push("macro_export".into());
                    node.visibility = Visibility::Public;
                }
                self.add(scope, node);
            }
            _ => {
                let before = self.out.borrow().nodes.len();
                self.macro_use(scope.parent, &item.mac, scope);
                self.cfg_since(before, &item.attrs);
            }
        }
    }

    /// A `#[cfg(..)]` on an invocation holds for everything it wrote: the nodes this chunk
    /// added after the first `count` carry it too (so cfg twins written as macros fold
    /// like hand-written ones).
    fn cfg_since(&self, count: usize, attrs: &[syn::Attribute]) {
        let cfgs: Vec<String> = attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .filter_map(|a| match &a.meta {
                syn::Meta::List(list) => Some(super::text::tidy_tokens(list.tokens.clone())),
                _ => None,
            })
            .collect();
        if cfgs.is_empty() {
            return;
        }
        for (_, node) in self.out.borrow_mut().nodes.iter_mut().skip(count) {
            node.details.cfgs.extend(cfgs.iter().cloned());
        }
    }

    /// A macro 2.0 definition, which syn leaves as tokens (see
    /// [`crate::syntax::recover::macro_def`]).
    pub(super) fn macro_def(&self, def: &MacroDef, scope: &Scope) {
        let decl = Decl::new(&def.attrs, &def.vis, def.macro_token, def.end);
        let mut node = self.declared(NodeKind::Macro, def.ident.to_string(), decl);
        node.details.flags.push("macro".into());
        self.add(scope, node);
    }

    /// A macro invocation outside a body: a `macro_call` from the container, and then
    /// the items of its expansion when it is one of the input's own macros; otherwise
    /// whatever items its input holds, since many macros wrap items they pass through
    /// (`cfg_if!`, `bitflags!`-style wrappers). Those items are flagged `in_macro`.
    pub(super) fn macro_use(&self, source: RawNodeId, mac: &syn::Macro, scope: &Scope) {
        self.path_ref(source, EdgeKind::MacroCall, scope, &mac.path);
        let expanded = self.expand_with(mac, |tokens| match scope.container {
            Container::Impl { .. } => parse::<Many<syn::ImplItem>>(tokens)
                .map(|items| items.0.iter().for_each(|i| self.impl_item(i, scope)))
                .is_some(),
            Container::Trait => parse::<Many<syn::TraitItem>>(tokens)
                .map(|items| items.0.iter().for_each(|i| self.trait_item(i, scope)))
                .is_some(),
            Container::Module | Container::Function => parse::<syn::File>(tokens)
                .map(|file| file.items.iter().for_each(|i| self.item(i, scope)))
                .is_some(),
        });
        if expanded || !self.macro_may_hold(mac, Search::Items) {
            return;
        }
        if let Ok(file) = syn::parse2::<syn::File>(mac.tokens.clone()) {
            let before = self.out.borrow().nodes.len();
            for item in &file.items {
                self.item(item, scope);
            }
            self.flag_since(before, "in_macro");
        }
    }

    /// Whether a macro's input could hold what `search` looks for, judged from its source
    /// text: an item or a typed local needs its keyword, a nested macro a `!`, a call a `(`,
    /// an operator its sign (`a == b` may run the crate's `PartialEq`). Most macro inputs
    /// (`"{}", x`, tables of numbers) hold none, and parsing them
    /// copies their tokens first. Comments and strings count as text too, which costs only a
    /// parse; a span that does not lead back to the macro's delimiters counts as "maybe".
    pub(super) fn macro_may_hold(&self, mac: &syn::Macro, search: Search) -> bool {
        let (open, close) = match mac.delimiter {
            syn::MacroDelimiter::Paren(_) => ('(', ')'),
            syn::MacroDelimiter::Brace(_) => ('{', '}'),
            syn::MacroDelimiter::Bracket(_) => ('[', ']'),
        };
        let Some(inside) = self.group_inside(*mac.delimiter.span(), open, close) else {
            return true;
        };
        let opens =
            |b: u8| b == b'!' || (search == Search::Everything && b"(=<>+-*/%^|&[".contains(&b));
        if inside.bytes().any(opens) {
            return true;
        }
        inside
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| {
                ITEM_KEYWORDS.contains(&word)
                    || (search == Search::Everything && (word == "let" || word == "for"))
            })
    }

    /// Flags every node this chunk added after the first `count`.
    fn flag_since(&self, count: usize, flag: &'static str) {
        for (_, node) in self.out.borrow_mut().nodes.iter_mut().skip(count) {
            node.details.flags.push(flag.into());
        }
    }
}

/// What a macro's input is searched for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Search {
    /// Items, outside bodies.
    Items,
    /// Calls, items and typed locals, in a body.
    Everything,
}

/// Keywords that start an item.
const ITEM_KEYWORDS: &[&str] = &[
    "const", "enum", "extern", "fn", "impl", "macro", "mod", "static", "struct", "trait", "type",
    "union", "use",
];

/// Statements without braces: the input of `thread_local!`-like or
/// `quote!`-free statement macros.
pub(super) struct BlockBody(pub(super) Vec<syn::Stmt>);

impl syn::parse::Parse for BlockBody {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        syn::Block::parse_within(input).map(BlockBody)
    }
}

pub(super) fn delimiter_close(delimiter: &syn::MacroDelimiter) -> proc_macro2::Span {
    match delimiter {
        syn::MacroDelimiter::Paren(d) => d.span.close(),
        syn::MacroDelimiter::Brace(d) => d.span.close(),
        syn::MacroDelimiter::Bracket(d) => d.span.close(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{EdgeKind, Graph, NodeKind};
    use crate::vfs::SourceFile;

    fn node(graph: &Graph, kind: NodeKind, name: &str) -> u32 {
        let found = graph
            .nodes
            .iter()
            .find(|n| n.kind == kind && n.name == name);
        found.map(|n| n.id).expect(name)
    }

    #[test]
    fn macro_inputs_are_searched_when_they_may_hold_something() {
        let source = r#"
struct S;
impl S { fn go(&self) {} }
fn make() -> S { S }
fn helper() -> bool { true }
fn f() {
    assert!(true, "a call? (no)");
    println!("{}", 1);
    stmts! { let s: S = S; }
    s.go();
    let v = vec![make(), S];
    stmts! { struct Inner; }
    debug_assert!(helper() == true);
}
"#;
        let graph = crate::analyze(
            vec![SourceFile::new("lib.rs", source.as_bytes())],
            &crate::Options::default(),
        );
        let f = node(&graph, NodeKind::Function, "f");
        let calls = |target: u32| {
            graph
                .edges
                .iter()
                .any(|e| e.kind == EdgeKind::Calls && e.source == f && e.target == target)
        };
        assert!(
            calls(node(&graph, NodeKind::Method, "go")),
            "typed by a macro's `let`"
        );
        assert!(calls(node(&graph, NodeKind::Function, "make")));
        assert!(calls(node(&graph, NodeKind::Function, "helper")));
        let inner = node(&graph, NodeKind::Struct, "Inner");
        assert!(graph
            .edges
            .iter()
            .any(|e| e.kind == EdgeKind::Contains && e.source == f && e.target == inner));
    }
}
