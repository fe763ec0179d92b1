//! Receivers typed through std's signatures (`src/resolve/std_sigs.txt`): chains through
//! std's methods with their generic arguments substituted, closure parameters of std's
//! adapters, `Deref` through smart pointers and guards, `?` and `.await`. Every fixture has
//! a second type with a same-named method, so matching by name alone would be `ambiguous`.

mod common;

use common::{analyze_with, source};
use cratemap::model::{Confidence, EdgeKind, Graph};

const TYPES: &str = "use std::collections::HashMap;\n\
    use std::rc::Rc;\n\
    use std::cell::RefCell;\n\
    use std::sync::{Arc, Mutex, RwLock};\n\
    use std::pin::Pin;\n\
    pub struct Node { w: u32 }\n\
    impl Node {\n\
        pub fn weight(&self) -> u32 { self.w }\n\
        pub fn len(&self) -> usize { 0 }\n\
    }\n\
    pub struct Other;\n\
    impl Other {\n\
        pub fn weight(&self) -> u32 { 0 }\n\
        pub fn len(&self) -> usize { 0 }\n\
    }\n";

const CHAINS: &str = "pub struct Graph { items: Vec<Node>, by_name: HashMap<String, Node> }\n\
        impl Graph {\n\
            pub fn first(&self) { self.items.iter().next().unwrap().weight(); }\n\
            pub fn last(&self) { self.items.last().unwrap().weight(); }\n\
            pub fn named(&self) { self.by_name.get(\"a\").unwrap().weight(); }\n\
            pub fn values(&self) { self.by_name.values().next().unwrap().weight(); }\n\
            pub fn loops(&self) { for n in self.items.iter().rev() { n.weight(); } }\n\
            pub fn pairs(&self) { for (i, n) in self.items.iter().enumerate() { n.weight(); } }\n\
            pub fn entries(&self) { for (k, v) in &self.by_name { v.weight(); } }\n\
        }\n\
        pub fn slices(xs: &[Node]) { xs.first().unwrap().weight(); }\n";

const CLOSURES: &str = "pub struct Graph { items: Vec<Node>, maybe: Option<Node>, by_name: HashMap<u32, Node> }\n\
        impl Graph {\n\
            pub fn mapped(&self) { self.items.iter().map(|e| e.weight()); }\n\
            pub fn filtered(&self) { self.items.iter().filter(|e| e.weight() > 0).for_each(|e| { e.weight(); }); }\n\
            pub fn folded(&self) { self.items.iter().fold(0, |acc, e| acc + e.weight()); }\n\
            pub fn any(&self) { self.items.iter().any(|e| e.weight() > 1); }\n\
            pub fn optional(&self) { self.maybe.as_ref().map(|e| e.weight()); }\n\
            pub fn pairs(&self) { self.by_name.iter().for_each(|(k, v)| { v.weight(); }); }\n\
        }\n";

const DEREF: &str = "pub struct Holder {\n\
            boxed: Box<Node>, shared: Rc<Node>, arc: Arc<Node>,\n\
            cell: RefCell<Node>, rc_cell: Rc<RefCell<Node>>,\n\
            locked: Arc<Mutex<Node>>, rw: RwLock<Node>, pinned: Pin<Box<Node>>,\n\
        }\n\
        impl Holder {\n\
            pub fn via_boxed(&self) { self.boxed.weight(); }\n\
            pub fn via_shared(&self) { self.shared.weight(); }\n\
            pub fn via_arc(&self) { self.arc.weight(); }\n\
            pub fn via_cell(&self) { self.cell.borrow().weight(); }\n\
            pub fn via_rc_cell(&self) { self.rc_cell.borrow_mut().weight(); }\n\
            pub fn via_locked(&self) { self.locked.lock().unwrap().weight(); }\n\
            pub fn via_read(&self) { self.rw.read().unwrap().weight(); }\n\
            pub fn via_pinned(&self) { self.pinned.as_ref().get_ref().weight(); }\n\
        }\n";

const TRY_AWAIT: &str = "pub struct Svc { lookup: HashMap<u32, Node> }\n\
        pub fn load() -> Result<Vec<Node>, ()> { Ok(Vec::new()) }\n\
        pub async fn fetch() -> Node { Node { w: 0 } }\n\
        pub fn later() -> impl std::future::Future<Output = Node> { async { Node { w: 0 } } }\n\
        pub fn tried() -> Result<(), ()> { load()?.first().unwrap().weight(); Ok(()) }\n\
        pub fn optional(s: &Svc) -> Option<u32> { Some(s.lookup.get(&1)?.weight()) }\n\
        pub async fn awaited() { fetch().await.weight(); }\n\
        pub async fn future() { later().await.weight(); }\n";

const FUNCTIONS: &str = "pub fn boxed(n: Node) { Box::new(n).weight(); }\n\
        pub fn pinned(n: &mut Node) { Pin::new(n).weight(); }\n\
        pub fn shared(n: Node) { Rc::new(RefCell::new(n)).borrow().weight(); }\n";

const STD_METHODS: &str = "pub struct Graph { items: Vec<Node>, cell: RefCell<Node> }\n\
        impl Graph {\n\
            pub fn count(&self) -> usize { self.items.iter().len() + self.items.len() }\n\
            pub fn cloned(&self) { self.cell.clone(); }\n\
        }\n";

/// The methods `function` calls, as (path, confidence), from `TYPES` plus `body`.
fn calls(body: &str, function: &str) -> Vec<(String, Option<Confidence>)> {
    common::calls_of(&format!("{TYPES}{body}"), function)
}

/// `function` calls `Node::weight`, inferred, and not `Other::weight`.
fn assert_weight(body: &str, function: &str) {
    common::assert_weight(&format!("{TYPES}{body}"), function);
}

#[test]
fn chains_substitute_generic_arguments() {
    let body = CHAINS;
    for function in [
        "Graph::first",
        "Graph::last",
        "Graph::named",
        "Graph::values",
        "Graph::loops",
        "Graph::pairs",
        "Graph::entries",
        "slices",
    ] {
        assert_weight(body, function);
    }
}

#[test]
fn closure_parameters_of_std_adapters() {
    let body = CLOSURES;
    for function in [
        "Graph::mapped",
        "Graph::filtered",
        "Graph::folded",
        "Graph::any",
        "Graph::optional",
        "Graph::pairs",
    ] {
        assert_weight(body, function);
    }
}

#[test]
fn deref_through_smart_pointers_and_guards() {
    let body = DEREF;
    for function in [
        "Holder::via_boxed",
        "Holder::via_shared",
        "Holder::via_arc",
        "Holder::via_cell",
        "Holder::via_rc_cell",
        "Holder::via_locked",
        "Holder::via_read",
        "Holder::via_pinned",
    ] {
        assert_weight(body, function);
    }
}

#[test]
fn question_mark_and_await() {
    let body = TRY_AWAIT;
    for function in ["tried", "optional", "awaited", "future"] {
        assert_weight(body, function);
    }
}

#[test]
fn std_functions_bind_their_arguments() {
    let body = FUNCTIONS;
    for function in ["boxed", "pinned", "shared"] {
        assert_weight(body, function);
    }
}

#[test]
fn declared_std_types_keep_their_arguments() {
    let body = "pub fn optional(x: Option<Node>) { x.unwrap().weight(); }\n\
        pub fn map(m: &HashMap<String, Node>) { m.get(\"a\").unwrap().weight(); }\n\
        pub fn shared(c: Rc<RefCell<Node>>) { c.borrow().weight(); }\n\
        pub fn annotated() { let v: Option<&Node> = None; v.unwrap().weight(); }\n";
    for function in ["optional", "map", "shared", "annotated"] {
        assert_weight(body, function);
    }
}

/// `Box<Node>` is no iterator (the table's `impl<I: Iterator> ExactSizeIterator for Box<I>`
/// needs `I` to be one): its `len` is `Node`'s, through `Deref`; a declared `Rc<Node>`'s
/// `clone` is `Rc`'s.
#[test]
fn pass_through_impls_need_their_parameter() {
    let body = "pub fn boxed(b: Box<Node>) -> usize { b.len() }\n\
        pub fn shared(r: Rc<Node>) { r.clone(); }\n";
    let found = calls(body, "boxed");
    assert!(
        found.contains(&("lib::Node::len".into(), Some(Confidence::Inferred))),
        "{found:?}"
    );
    assert!(
        calls(body, "shared").is_empty(),
        "{:?}",
        calls(body, "shared")
    );
}

/// A std method is std's: `len` of a `Vec` reaches neither `Node::len` nor `Other::len`,
/// and a method std's types do not have still finds the crate's by name.
#[test]
fn std_methods_make_no_edge_to_the_crate() {
    let body = STD_METHODS;
    let found = calls(body, "Graph::count");
    assert!(
        !found.iter().any(|(path, _)| path.ends_with("::len")),
        "{found:?}"
    );
}

/// Every rule's fixture, each in its own module, as the edges its functions' calls get.
#[test]
fn std_types_fixture_snapshot() {
    let imports = "use super::*; use std::collections::HashMap; use std::rc::Rc; \
        use std::cell::RefCell; use std::sync::{Arc, Mutex, RwLock}; use std::pin::Pin;\n";
    let mut text = TYPES.to_string();
    for (name, body) in [
        ("chains", CHAINS),
        ("closures", CLOSURES),
        ("deref", DEREF),
        ("try_await", TRY_AWAIT),
        ("functions", FUNCTIONS),
        ("std_methods", STD_METHODS),
    ] {
        text.push_str(&format!("pub mod {name} {{\n{imports}{body}}}\n"));
    }
    let graph: Graph = analyze_with(source(&[("lib.rs", &text)]), 1);
    let mut lines: Vec<String> = graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls)
        .map(|e| {
            format!(
                "{} -> {} ({:?})",
                graph.nodes[e.source as usize].path,
                graph.nodes[e.target as usize].path,
                e.confidence
            )
        })
        .collect();
    lines.sort();
    insta::assert_snapshot!(lines.join("\n"));
}
