use crate::freeze::freeze_sources;
use crate::model::{Confidence, EdgeKind, Graph, NodeKind};

fn resolved(source: &str) -> Graph {
    super::super::resolve(freeze_sources(&[("src/lib.rs", source)], &[0], 1))
}

/// The `calls` edges from the function at `caller`: each target's path, and how sure.
fn calls(graph: &Graph, caller: &str) -> Vec<(String, Confidence)> {
    let from: Vec<u32> = graph
        .nodes
        .iter()
        .filter(|n| n.path == caller && matches!(n.kind, NodeKind::Function | NodeKind::Method))
        .map(|n| n.id)
        .collect();
    assert_eq!(from.len(), 1, "one function at {caller}");
    let mut found: Vec<(String, Confidence)> = graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls && e.source == from[0])
        .map(|e| {
            let target = &graph.nodes[e.target as usize];
            let confidence = e.confidence.expect("a call edge says how sure it is");
            (target.path.clone(), confidence)
        })
        .collect();
    found.sort();
    found
}

fn exact(path: &str) -> (String, Confidence) {
    (path.to_string(), Confidence::Exact)
}

fn inferred(path: &str) -> (String, Confidence) {
    (path.to_string(), Confidence::Inferred)
}

fn ambiguous(path: &str) -> (String, Confidence) {
    (path.to_string(), Confidence::Ambiguous)
}

#[test]
fn a_path_call_resolves_in_scope_and_an_item_in_the_body_comes_first() {
    let graph = resolved(
        "fn helper() {}\n\
         mod m { pub fn g() {} }\n\
         fn f() { fn helper() {} helper(); m::g(); std::mem::drop(1); }\n\
         fn plain() { helper(); }\n",
    );
    assert_eq!(
        calls(&graph, "lib::f"),
        [
            exact("lib::f::helper"),
            exact("lib::m::g"),
            exact("std::mem::drop")
        ]
    );
    assert_eq!(calls(&graph, "lib::plain"), [exact("lib::helper")]);
}

#[test]
fn self_and_type_paths_call_into_the_type_s_impls() {
    let graph = resolved(
        "pub struct S;\n\
         impl S { pub fn new() -> S { S } pub fn make() -> S { Self::new() } }\n\
         pub type Alias = S;\n\
         fn f() { S::new(); Alias::make(); }\n",
    );
    assert_eq!(calls(&graph, "lib::S::make"), [exact("lib::S::new")]);
    assert_eq!(
        calls(&graph, "lib::f"),
        [exact("lib::S::make"), exact("lib::S::new")]
    );
}

#[test]
fn a_trait_path_call_runs_the_impl_for_its_first_argument() {
    let graph = resolved(
        "pub trait T { fn m(&self); }\n\
         pub struct A;\n\
         impl T for A { fn m(&self) {} }\n\
         fn f(a: A) { T::m(&a); }\n\
         fn g(a: A) { <A as T>::m(&a); }\n",
    );
    assert_eq!(calls(&graph, "lib::f"), [inferred("lib::A::m")]);
    assert_eq!(calls(&graph, "lib::g"), [exact("lib::A::m")]);
}

#[test]
fn receivers_are_typed_by_parameters_fields_returns_and_unwrapping() {
    // `B::go` makes a guess by name ambiguous: only a typed receiver gives `A::go` alone.
    let graph = resolved(
        "pub struct A;\n\
         impl A { pub fn go(&self) {} }\n\
         pub struct B;\n\
         impl B { pub fn go(&self) {} }\n\
         pub struct H { a: A, all: Vec<A> }\n\
         impl H { fn run(&self) { self.a.go(); } fn first(&self) { self.all[0].go(); } }\n\
         fn make() -> A { A }\n\
         fn maybe() -> Option<A> { None }\n\
         fn by_param(a: &A) { a.go(); }\n\
         fn by_return() { make().go(); }\n\
         fn by_unwrap() -> Option<()> { maybe()?.go(); None }\n\
         fn by_element(all: Vec<A>) { for a in all { a.go(); } }\n\
         fn unknown() { nowhere().go(); }\n",
    );
    let go = inferred("lib::A::go");
    assert_eq!(calls(&graph, "lib::H::run"), std::slice::from_ref(&go));
    assert_eq!(calls(&graph, "lib::H::first"), std::slice::from_ref(&go));
    assert_eq!(calls(&graph, "lib::by_param"), std::slice::from_ref(&go));
    assert_eq!(
        calls(&graph, "lib::by_return"),
        [go.clone(), exact("lib::make")]
    );
    assert_eq!(
        calls(&graph, "lib::by_unwrap"),
        [go.clone(), exact("lib::maybe")]
    );
    assert_eq!(calls(&graph, "lib::by_element"), [go]);
    assert_eq!(
        calls(&graph, "lib::unknown"),
        [ambiguous("lib::A::go"), ambiguous("lib::B::go")]
    );
}

#[test]
fn inherent_methods_win_and_traits_dispatch_through_bounds_and_supertraits() {
    let graph = resolved(
        "pub trait Base { fn base(&self) {} fn go(&self); }\n\
         pub trait Sub: Base { fn sub(&self) {} }\n\
         pub struct A;\n\
         impl Base for A { fn go(&self) {} }\n\
         impl A { pub fn go(&self) {} }\n\
         fn f(a: A) { a.go(); a.base(); }\n\
         fn g<X: Sub>(x: X) { x.base(); x.sub(); }\n",
    );
    // Both `go`s are `crate::A::go`: the inherent one is on line 5.
    let go_lines: Vec<u32> = graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls && graph.nodes[e.source as usize].path == "lib::f")
        .map(|e| &graph.nodes[e.target as usize])
        .filter(|n| n.path == "lib::A::go")
        .filter_map(|n| Some(n.span?.start[0]))
        .collect();
    assert_eq!(go_lines, [5], "the inherent `go`");
    assert!(calls(&graph, "lib::f").contains(&inferred("lib::Base::base")));
    assert_eq!(
        calls(&graph, "lib::g"),
        [inferred("lib::Base::base"), inferred("lib::Sub::sub")]
    );
}

#[test]
fn an_unknown_receiver_matches_by_name_with_the_confidence_its_count_gives() {
    let mut source = String::from(
        "pub struct A; pub struct B;\n\
         impl A { pub fn unique(&self) {} pub fn shared(&self) {} pub fn len(&self) {} }\n\
         impl B { pub fn shared(&self) {} }\n",
    );
    for i in 0..7 {
        source.push_str(&format!(
            "pub struct C{i}; impl C{i} {{ pub fn crowded(&self) {{}} }}\n"
        ));
    }
    source.push_str(
        "fn f() { let a = nowhere(); a.unique(); a.shared(); a.len(); a.crowded(); }\n\
         fn outside(p: std::path::PathBuf) { p.unique(); }\n",
    );
    let graph = resolved(&source);
    assert_eq!(
        calls(&graph, "lib::f"),
        [
            ambiguous("lib::A::len"),
            ambiguous("lib::A::shared"),
            inferred("lib::A::unique"),
            ambiguous("lib::B::shared"),
        ],
        "a lone match is inferred unless its name is a common one; 2 to 6 are ambiguous, more say nothing"
    );
    assert_eq!(
        calls(&graph, "lib::outside"),
        [],
        "a receiver of a type from outside the input is never guessed by name"
    );
}

/// A call through a bound is one edge to the bounding trait's method, at
/// every level the bound can be written: fn and impl generics, inline and in
/// `where`, trait generics, `impl Trait` and `dyn Trait`, associated types,
/// supertraits, fields typed by the struct's parameter.
#[test]
fn calls_through_bounds_reach_the_one_trait_method() {
    let graph = resolved(
        "pub trait Error { fn custom(m: &str) -> Self; fn code(&self) -> u32; }\n\
         pub trait Other { fn code(&self) -> u32; }\n\
         pub struct E1; impl Error for E1 { fn custom(_: &str) -> Self { E1 } fn code(&self) -> u32 { 1 } }\n\
         impl Other for E1 { fn code(&self) -> u32 { 3 } }\n\
         pub fn inline<E: Error>(e: &E) -> E { e.code(); E::custom(\"x\") }\n\
         pub fn where_clause<E>(e: &mut E) -> E where E: Error { e.code(); E::custom(\"x\") }\n\
         pub fn impl_arg(e: impl Error) -> u32 { e.code() }\n\
         pub fn two<E: Error + Other>(e: E) -> u32 { e.code() }\n\
         pub fn dyn_ref(e: &dyn Error, b: Box<dyn Error>) -> u32 { e.code() + b.code() }\n\
         pub struct Swap<A, B> { a: A, b: B, d: Box<dyn Other> }\n\
         impl<P: Other, Q: Error> Swap<Q, P> { pub fn get(&self) -> u32 { self.b.code() } }\n\
         impl<P, Q> Swap<Q, P> { pub fn dynamic(&self) -> u32 { self.d.code() } }\n\
         pub struct Tup<T>(pub T);\n\
         impl<T: Error> Tup<T> { pub fn get(&self) -> u32 { self.0.code() } }\n\
         pub trait Sup { fn sup(&self) -> u32; }\n\
         pub trait Sub: Sup { fn sub(&self) -> u32 { self.sup() } fn def() -> u32 { 0 } }\n\
         pub fn through_super<G: Sub>(g: &G) -> u32 { g.sup() + G::def() }\n\
         pub trait New { fn new() -> Self; }\n\
         pub trait Has { type Item: New; fn make() -> Self::Item { Self::Item::new() } }\n\
         pub fn assoc<T: Has>(x: T::Item) -> T::Item { T::Item::new() }\n\
         pub fn assoc_where<T: Iterator>() -> T::Item where T::Item: New { T::Item::new() }\n\
         pub struct Gen<E>(E);\n\
         impl<E: Error> Gen<E> { pub fn make() -> E { E::custom(\"y\") } }\n\
         pub trait WithParam<E: Error> { fn make() -> E { E::custom(\"z\") } }\n",
    );
    let custom = || inferred("lib::Error::custom");
    let code = || inferred("lib::Error::code");
    assert_eq!(calls(&graph, "lib::inline"), [code(), custom()]);
    assert_eq!(calls(&graph, "lib::where_clause"), [code(), custom()]);
    assert_eq!(calls(&graph, "lib::impl_arg"), [code()]);
    assert_eq!(
        calls(&graph, "lib::two"),
        [ambiguous("lib::Error::code"), ambiguous("lib::Other::code")]
    );
    assert_eq!(calls(&graph, "lib::dyn_ref"), [code()]);
    assert_eq!(
        calls(&graph, "lib::Swap::get"),
        [inferred("lib::Other::code")]
    );
    assert_eq!(
        calls(&graph, "lib::Swap::dynamic"),
        [inferred("lib::Other::code")]
    );
    assert_eq!(calls(&graph, "lib::Tup::get"), [code()]);
    assert_eq!(calls(&graph, "lib::Sub::sub"), [inferred("lib::Sup::sup")]);
    assert_eq!(
        calls(&graph, "lib::through_super"),
        [inferred("lib::Sub::def"), inferred("lib::Sup::sup")]
    );
    for caller in ["lib::Has::make", "lib::assoc", "lib::assoc_where"] {
        assert_eq!(
            calls(&graph, caller),
            [inferred("lib::New::new")],
            "{caller}"
        );
    }
    assert_eq!(calls(&graph, "lib::Gen::make"), [custom()]);
    assert_eq!(calls(&graph, "lib::WithParam::make"), [custom()]);
}

#[test]
fn an_outside_traits_function_without_self_reaches_the_inputs_one_impl_of_it() {
    let graph = resolved(
        "use serde::de;\n\
         pub struct Error;\n\
         impl de::Error for Error { fn custom(msg: u8) -> Self { Error } }\n\
         impl std::fmt::Display for Error { fn fmt(&self, f: &mut u8) -> u8 { 0 } }\n\
         pub struct Other;\n\
         impl std::fmt::Display for Other { fn fmt(&self, f: &mut u8) -> u8 { 0 } }\n\
         pub fn fail() -> Error { de::Error::custom(1) }\n\
         pub fn show(x: u8, f: &mut u8) { std::fmt::Display::fmt(&x, f); }\n",
    );
    assert_eq!(calls(&graph, "lib::fail"), [inferred("lib::Error::custom")]);
    // `fmt` takes `self`: its first argument tells the impl, and an unknown one tells none.
    let show = calls(&graph, "lib::show");
    assert!(
        show.iter().all(|(path, _)| !path.starts_with("lib::")),
        "{show:?}"
    );
}
