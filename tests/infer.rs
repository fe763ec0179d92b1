//! Local type inference for method calls: each rule binds a name whose type is not written
//! where it is used, and the call on it must reach the one right method. Every fixture has a
//! second type with a same-named method, so matching by name alone would be `ambiguous`.

mod common;

use cratemap::model::Confidence;

const TYPES: &str = "pub struct Node { w: u32, next: Option<Box<Node>> }\n\
    impl Node {\n\
        pub fn weight(&self) -> u32 { self.w }\n\
        pub fn find(&self) -> Option<Node> { None }\n\
        pub fn parse(&self) -> Result<Node, ()> { Err(()) }\n\
    }\n\
    pub struct Other;\n\
    impl Other { pub fn weight(&self) -> u32 { 0 } }\n\
    pub struct Point { pub at: Node, pub y: u32 }\n\
    pub struct Pair(pub Node, pub u32);\n";

/// The methods `function` calls, as (path, confidence), from `TYPES` plus `body`.
fn calls(body: &str, function: &str) -> Vec<(String, Option<Confidence>)> {
    common::calls_of(&format!("{TYPES}{body}"), function)
}

/// `function` calls `Node::weight`, inferred, and not `Other::weight`.
fn assert_weight(body: &str, function: &str) {
    common::assert_weight(&format!("{TYPES}{body}"), function);
}

#[test]
fn if_let_and_while_let_unwrap_their_scrutinee() {
    let body = "pub struct List { head: Option<Box<Node>> }\n\
        impl List {\n\
            pub fn first(&self) { if let Some(x) = &self.head { x.weight(); } }\n\
            pub fn walk(&self) { while let Some(x) = self.head.as_ref() { x.weight(); } }\n\
        }\n\
        pub fn found(n: Node) { if let Some(m) = n.find() { m.weight(); } }\n";
    assert_weight(body, "List::first");
    assert_weight(body, "List::walk");
    assert_weight(body, "found");
}

#[test]
fn match_arms_bind_payloads_and_restore_outer_names() {
    let body = "pub fn arms(n: Node, x: Other) {\n\
            match n.parse() { Ok(x) => { x.weight(); } Err(_) => {} }\n\
        }\n\
        pub fn after(n: Node, x: Other) { match n.parse() { Ok(x) => {} Err(_) => {} } x.weight(); }\n";
    assert_weight(body, "arms");
    // After the match, `x` is the parameter again.
    let found = calls(body, "after");
    assert!(
        found.contains(&("lib::Other::weight".into(), Some(Confidence::Inferred))),
        "{found:?}"
    );
}

#[test]
fn struct_and_tuple_struct_patterns_read_fields() {
    let body = "pub fn destructure(p: Point) { let Point { at, .. } = p; at.weight(); }\n\
        pub fn renamed(p: Point) { let Point { at: a, y: _ } = p; a.weight(); }\n\
        pub fn tuple(p: Pair) { let Pair(a, _) = p; a.weight(); }\n\
        pub fn index(p: Pair) { p.0.weight(); }\n";
    assert_weight(body, "destructure");
    assert_weight(body, "renamed");
    assert_weight(body, "tuple");
    assert_weight(body, "index");
}

#[test]
fn for_patterns_and_annotated_closure_parameters() {
    let body =
        "pub fn each(items: Vec<Point>) { for Point { at, .. } in &items { at.weight(); } }\n\
        pub fn refs(items: &[Node]) { for &ref n in items { n.weight(); } }\n\
        pub fn closure() { let f = |n: &Node| n.weight(); }\n\
        pub fn shadow(n: Node) { let f = |n| n.weight(); }\n";
    assert_weight(body, "each");
    assert_weight(body, "refs");
    assert_weight(body, "closure");
    // An unannotated closure parameter hides the outer `n`: its type is not known.
    let found = calls(body, "shadow");
    assert!(
        !found.contains(&("lib::Node::weight".into(), Some(Confidence::Inferred))),
        "{found:?}"
    );
}

#[test]
fn blanket_impls_reach_bounded_generics_implementing_types_and_function_items() {
    let text = "pub trait IterExt: Iterator { fn weigh(&mut self) -> u32 { 0 } }\n\
        impl<T: ?Sized> IterExt for T where T: Iterator {}\n\
        pub trait Parse { fn run(&mut self) -> u32; fn twice(&mut self) -> u32 { 0 } }\n\
        impl<F> Parse for F where F: FnMut() -> u32 { fn run(&mut self) -> u32 { self() } }\n\
        pub struct Wheel;\n\
        impl Iterator for Wheel { type Item = u32; fn next(&mut self) -> Option<u32> { None } }\n\
        pub struct Other;\n\
        impl Other { pub fn weigh(&self) -> u32 { 0 } pub fn run(&self) -> u32 { 0 } }\n\
        pub fn generic<I: Iterator>(mut it: I) { it.weigh(); }\n\
        pub struct Holder<I> { it: I }\n\
        impl<J: Iterator> Holder<J> { pub fn field(&mut self) { self.it.weigh(); } }\n\
        pub fn concrete(mut w: Wheel) { w.weigh(); }\n\
        fn digit() -> u32 { 1 }\n\
        pub fn item() { digit.run(); digit.twice(); }\n\
        pub fn unbounded<U>(u: U) { u.weigh(); }\n";
    let weigh = (
        "lib::IterExt::weigh".to_string(),
        Some(Confidence::Inferred),
    );
    for function in ["generic", "Holder::field", "concrete"] {
        assert_eq!(
            common::calls_of(text, function),
            std::slice::from_ref(&weigh),
            "{function}"
        );
    }
    let found = common::calls_of(text, "item");
    let expected = ["lib::digit", "lib::F::run", "lib::Parse::twice"];
    for path in expected {
        assert!(found.iter().any(|(p, _)| p == path), "{path}: {found:?}");
    }
    // A parameter bound by nothing is no iterator: at most a guess by name.
    let found = common::calls_of(text, "unbounded");
    assert!(
        found.iter().all(|(_, c)| *c == Some(Confidence::Ambiguous)),
        "{found:?}"
    );
}
