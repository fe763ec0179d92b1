//! Name resolution rules, one fixture module per rule
//! (`tests/fixtures/resolution`), with the resolved edges snapshotted.

mod common;

use common::{analyze_with, fixture, source};
use cratemap::model::{Confidence, EdgeKind, Graph, Node};

/// A node by its path, and when paths repeat (a trait impl's method and an
/// inherent one), by the line it starts on.
fn label(node: &Node) -> String {
    match node.span {
        Some(span) => format!("{}:{}", node.path, span.start[0]),
        None => node.path.clone(),
    }
}

/// Every edge resolve adds, one per line, named by its ends.
fn render_resolved(graph: &Graph) -> String {
    let lines: Vec<String> = graph
        .edges
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EdgeKind::Imports
                    | EdgeKind::Reexports
                    | EdgeKind::RefersTo
                    | EdgeKind::Implements
                    | EdgeKind::ImplFor
                    | EdgeKind::Supertrait
                    | EdgeKind::Calls
                    | EdgeKind::MacroCall
            )
        })
        .map(|e| {
            let confidence = match e.confidence {
                Some(c) => format!("[{c:?}]").to_lowercase(),
                None => String::new(),
            };
            format!(
                "{} -{}{}-> {}",
                label(&graph.nodes[e.source as usize]),
                e.kind.as_str(),
                confidence,
                label(&graph.nodes[e.target as usize])
            )
        })
        .collect();
    common::sorted_lines(lines)
}

/// The targets of `kind` edges from the node at `from` (a path, optionally
/// `path:line`), as labels, with their confidence.
fn targets(graph: &Graph, from: &str, kind: EdgeKind) -> Vec<(String, Option<Confidence>)> {
    let sources: Vec<u32> = graph
        .nodes
        .iter()
        .filter(|n| n.path == from || label(n) == from)
        .map(|n| n.id)
        .collect();
    assert!(!sources.is_empty(), "no node {from}");
    graph
        .edges
        .iter()
        .filter(|e| e.kind == kind && sources.contains(&e.source))
        .map(|e| (label(&graph.nodes[e.target as usize]), e.confidence))
        .collect()
}

fn assert_edge(
    graph: &Graph,
    from: &str,
    kind: EdgeKind,
    to: &str,
    confidence: Option<Confidence>,
) {
    let found = targets(graph, from, kind);
    assert!(
        found
            .iter()
            .any(|(t, c)| (t == to || t.starts_with(&format!("{to}:"))) && *c == confidence),
        "{from} -{}-> {to} ({confidence:?}) missing; has {found:?}",
        kind.as_str()
    );
}

fn assert_no_edge(graph: &Graph, from: &str, kind: EdgeKind, to: &str) {
    let found = targets(graph, from, kind);
    assert!(
        !found
            .iter()
            .any(|(t, _)| t == to || t.starts_with(&format!("{to}:"))),
        "{from} -{}-> {to} should not exist",
        kind.as_str()
    );
}

fn fixture_graph() -> Graph {
    analyze_with(fixture("resolution"), 2)
}

const EXACT: Option<Confidence> = Some(Confidence::Exact);
const INFERRED: Option<Confidence> = Some(Confidence::Inferred);
const R: &str = "resolution";

#[test]
fn resolution_fixture_snapshot() {
    insta::assert_snapshot!(render_resolved(&fixture_graph()));
}

#[test]
fn reexport_chains_reach_the_origin() {
    let g = fixture_graph();
    let origin = "resolution::chain::inner::deepest::Origin";
    assert_edge(&g, R, EdgeKind::Reexports, origin, None);
    assert_edge(&g, "resolution::chain", EdgeKind::Reexports, origin, None);
    assert_edge(
        &g,
        "resolution::chain::through_chain",
        EdgeKind::Calls,
        "resolution::chain::inner::deepest::Origin::make",
        EXACT,
    );
}

#[test]
fn explicit_import_beats_glob_and_items_beat_both() {
    let g = fixture_graph();
    let run = "resolution::globs::user::run";
    assert_edge(
        &g,
        run,
        EdgeKind::Calls,
        "resolution::globs::two::pick",
        EXACT,
    );
    assert_no_edge(&g, run, EdgeKind::Calls, "resolution::globs::one::pick");
    assert_edge(
        &g,
        run,
        EdgeKind::Calls,
        "resolution::globs::one::only_here",
        EXACT,
    );
    assert_edge(
        &g,
        run,
        EdgeKind::Calls,
        "resolution::globs::user::shadowed",
        EXACT,
    );
    assert_no_edge(&g, run, EdgeKind::Calls, "resolution::globs::one::shadowed");
}

#[test]
fn globs_reach_through_chains_and_cycles() {
    // `pub use child::*` in a parent whose child has `use super::*` is a
    // glob cycle; names flow both ways, and through a second hop.
    let g = analyze_with(
        source(&[(
            "lib.rs",
            "pub mod outer {\n\
               pub use self::inner::*;\n\
               pub fn up() {}\n\
               pub fn calls_down() { down(); }\n\
               pub mod inner {\n\
                 use super::*;\n\
                 pub fn down() {}\n\
                 pub fn calls_up() { up(); }\n\
               }\n\
             }\n\
             pub mod user {\n\
               use crate::outer::*;\n\
               pub fn both() { up(); down(); missing(); }\n\
             }\n",
        )]),
        1,
    );
    for (caller, callee) in [
        ("lib::outer::calls_down", "lib::outer::inner::down"),
        ("lib::outer::inner::calls_up", "lib::outer::up"),
        ("lib::user::both", "lib::outer::up"),
        ("lib::user::both", "lib::outer::inner::down"),
    ] {
        assert_edge(&g, caller, EdgeKind::Calls, callee, EXACT);
    }
    assert_eq!(targets(&g, "lib::user::both", EdgeKind::Calls).len(), 2);
}

#[test]
fn relative_paths_and_use_groups_with_renames() {
    let g = fixture_graph();
    let climb = "resolution::nested::deep::deeper::climb";
    assert_edge(&g, climb, EdgeKind::Calls, "resolution::nested::top", EXACT);
    assert_edge(
        &g,
        climb,
        EdgeKind::Calls,
        "resolution::nested::deep::deeper::local",
        EXACT,
    );
    let local = "resolution::nested::deep::deeper::local";
    assert_edge(
        &g,
        local,
        EdgeKind::Calls,
        "resolution::twins::a::helper",
        EXACT,
    );
    assert_edge(
        &g,
        local,
        EdgeKind::Calls,
        "resolution::twins::b::helper",
        EXACT,
    );
}

#[test]
fn same_name_in_two_modules() {
    let g = fixture_graph();
    let both = "resolution::twins::both";
    for to in [
        "resolution::twins::a::helper",
        "resolution::twins::b::helper",
        "resolution::helper",
    ] {
        assert_edge(&g, both, EdgeKind::Calls, to, EXACT);
    }
}

#[test]
fn prelude_extern_crate_and_macros() {
    let g = fixture_graph();
    assert_edge(
        &g,
        "resolution::uses_prelude",
        EdgeKind::Calls,
        "std::boxed::Box::new",
        EXACT,
    );
    assert_edge(&g, "Vec<String>", EdgeKind::RefersTo, "std::vec::Vec", None);
    assert_edge(
        &g,
        "resolution::heap_vec",
        EdgeKind::Calls,
        "alloc::vec::Vec::new",
        EXACT,
    );
    assert_edge(
        &g,
        "resolution::calls_macro",
        EdgeKind::MacroCall,
        "resolution::macros::local_max",
        None,
    );
    assert_edge(
        &g,
        "resolution::methods::by_path",
        EdgeKind::MacroCall,
        "std::format!",
        None,
    );
}

#[test]
fn impls_traits_and_supertraits() {
    let g = fixture_graph();
    let s = "resolution::shapes";
    assert_edge(
        &g,
        &format!("{s}::Titled"),
        EdgeKind::Supertrait,
        &format!("{s}::Named"),
        None,
    );
    let generic = format!("{s}::<impl Named for Wrapper<T>>");
    assert_edge(
        &g,
        &generic,
        EdgeKind::Implements,
        &format!("{s}::Named"),
        None,
    );
    assert_edge(
        &g,
        &generic,
        EdgeKind::ImplFor,
        &format!("{s}::Wrapper"),
        None,
    );
    let blanket = format!("{s}::<impl Titled for T>");
    assert_edge(
        &g,
        &blanket,
        EdgeKind::Implements,
        &format!("{s}::Titled"),
        None,
    );
    assert_edge(&g, &blanket, EdgeKind::ImplFor, "T", None);
    let outside = format!("{s}::<impl Named for String>");
    assert_edge(&g, &outside, EdgeKind::ImplFor, "std::string::String", None);
    let display = format!("{s}::<impl fmt::Display for Circle>");
    assert_edge(
        &g,
        &display,
        EdgeKind::Implements,
        "std::fmt::Display",
        None,
    );
}

#[test]
fn inherent_method_wins_over_trait_method_of_the_same_name() {
    let g = fixture_graph();
    // `Circle::name` at line 31 is inherent, at 38 the `Named` impl's.
    assert_edge(
        &g,
        "resolution::receivers::Holder::fields",
        EdgeKind::Calls,
        "resolution::shapes::Circle::name:31",
        INFERRED,
    );
    // `<Circle as Named>::name(&c)` and `Named::name(&c)` pick the impl.
    assert_edge(
        &g,
        "resolution::methods::by_path",
        EdgeKind::Calls,
        "resolution::shapes::Circle::name:38",
        EXACT,
    );
    assert_no_edge(
        &g,
        "resolution::methods::by_path",
        EdgeKind::Calls,
        "resolution::shapes::Circle::name:31",
    );
}

#[test]
fn receiver_heuristics() {
    let g = fixture_graph();
    let bump = "resolution::methods::Counter::bump";
    for caller in [
        "resolution::receivers::annotated",
        "resolution::receivers::constructed",
        "resolution::receivers::parameter",
        "resolution::receivers::chained",
        "resolution::receivers::Holder::fields",
        "resolution::methods::by_path",
        "resolution::receivers::indexed",
        "resolution::receivers::looped",
    ] {
        assert_edge(&g, caller, EdgeKind::Calls, bump, INFERRED);
    }
    assert_edge(
        &g,
        "resolution::receivers::chained",
        EdgeKind::Calls,
        "resolution::receivers::Holder::counter",
        INFERRED,
    );
    // A generic's bound, and a where clause's.
    assert_edge(
        &g,
        "resolution::receivers::generic",
        EdgeKind::Calls,
        "resolution::shapes::Named::name",
        INFERRED,
    );
    assert_edge(
        &g,
        "resolution::shapes::describe",
        EdgeKind::Calls,
        "resolution::shapes::Named::shout",
        INFERRED,
    );
    // `fmt::Display::fmt(self, f)` runs this crate's `Display` impl.
    assert_edge(
        &g,
        "resolution::shapes::Circle::fmt:63",
        EdgeKind::Calls,
        "resolution::shapes::Circle::fmt:56",
        INFERRED,
    );
    assert_edge(
        &g,
        "resolution::methods::Counter::new",
        EdgeKind::Calls,
        "resolution::methods::Counter::with",
        EXACT,
    );
}

#[test]
fn unknown_receivers_match_by_name_only_when_unique() {
    let g = analyze_with(
        source(&[(
            "lib.rs",
            "pub struct A; pub struct B;\n\
             impl A { pub fn frobnicate(&self) {} pub fn shared(&self) {} }\n\
             impl B { pub fn shared(&self) {} }\n\
             pub fn f(x: &dyn std::any::Any, y: u8) { let a = pick(); a.frobnicate(); a.shared(); }\n\
             fn pick() -> A { A }\n\
             pub fn g(p: std::path::PathBuf) { p.frobnicate(); }\n",
        )]),
        1,
    );
    // `pick()` returns `A`: both calls are inferred through it.
    assert_edge(
        &g,
        "lib::f",
        EdgeKind::Calls,
        "lib::A::frobnicate",
        INFERRED,
    );
    assert_edge(&g, "lib::f", EdgeKind::Calls, "lib::A::shared", INFERRED);
    assert_no_edge(&g, "lib::f", EdgeKind::Calls, "lib::B::shared");
    // A receiver of an outside type calls outside code.
    assert!(targets(&g, "lib::g", EdgeKind::Calls).is_empty());
}

#[test]
fn cfg_duplicates_prefer_the_linux_build() {
    let g = analyze_with(
        source(&[(
            "lib.rs",
            "#[cfg(windows)] fn sys() -> u8 { 1 }\n\
             #[cfg(unix)] fn sys() -> u8 { 2 }\n\
             pub fn call() -> u8 { sys() }\n",
        )]),
        1,
    );
    assert_edge(&g, "lib::call", EdgeKind::Calls, "lib::sys:2", EXACT);
    assert_no_edge(&g, "lib::call", EdgeKind::Calls, "lib::sys:1");
}

#[test]
fn hostile_import_cycles_settle() {
    let g = analyze_with(
        source(&[(
            "lib.rs",
            "mod a { pub use super::b::*; pub fn fa() {} }\n\
             mod b { pub use super::a::*; pub use self::x as y; pub use self::y as x; }\n\
             pub fn f() { a::fa(); b::fa(); b::x(); }\n",
        )]),
        2,
    );
    assert_edge(&g, "lib::f", EdgeKind::Calls, "lib::a::fa", EXACT);
}

#[test]
fn self_in_an_impl_for_a_reference_stays_in_that_impl() {
    let g = analyze_with(
        source(&[(
            "lib.rs",
            "pub trait Read { fn read(self) -> u8; fn twice(self) -> u8; }\n\
             pub struct V;\n\
             impl Read for V { fn read(self) -> u8 { 1 } fn twice(self) -> u8 { 2 } }\n\
             impl<'a> Read for &'a V { fn read(self) -> u8 { 3 } fn twice(self) -> u8 { self.read() } }\n",
        )]),
        1,
    );
    let twice = "lib::&'a V::twice";
    assert_edge(&g, twice, EdgeKind::Calls, "lib::&'a V::read", INFERRED);
    assert_no_edge(&g, twice, EdgeKind::Calls, "lib::V::read");
}

#[test]
fn trait_bounds_refer_to_their_traits() {
    let g = fixture_graph();
    let s = "resolution::bounds";
    let bounds = |from: &str| -> Vec<String> {
        let mut found: Vec<String> = targets(&g, from, EdgeKind::Bound)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        found.sort();
        found
    };
    // `?Sized` and lifetimes get no edge.
    assert_eq!(bounds(&format!("{s}::show")), ["Clone", "Display"]);
    assert_eq!(bounds(&format!("{s}::total")), ["Iterator<Item = u32>"]);
    assert_eq!(bounds(&format!("{s}::apply")), ["Fn(u8) -> u8"]);
    assert_eq!(bounds(&format!("{s}::Labelled")), ["Named"]);
    assert_eq!(bounds(&format!("{s}::<impl Labelled<T>>")), ["Named"]);
    assert_eq!(
        bounds(&format!("{s}::Measured::Unit")),
        ["Clone", "Display"]
    );
    assert_eq!(bounds(&format!("{s}::Pair")), ["Measured"]);
    // The bound types resolve like any other type: in-crate traits through
    // imports, std traits through imports or the prelude.
    assert_edge(
        &g,
        "Named",
        EdgeKind::RefersTo,
        "resolution::shapes::Named",
        None,
    );
    assert_edge(
        &g,
        "Measured",
        EdgeKind::RefersTo,
        &format!("{s}::Measured"),
        None,
    );
    assert_edge(&g, "Display", EdgeKind::RefersTo, "std::fmt::Display", None);
    assert_edge(&g, "Clone", EdgeKind::RefersTo, "std::clone::Clone", None);
    assert_edge(
        &g,
        "Iterator<Item = u32>",
        EdgeKind::RefersTo,
        "std::iter::Iterator",
        None,
    );
    assert_edge(&g, "Fn(u8) -> u8", EdgeKind::RefersTo, "std::ops::Fn", None);
}

#[test]
fn calls_inside_a_macro_s_own_syntax_are_found_in_its_braces() {
    let g = analyze_with(
        source(&[(
            "src/lib.rs",
            "pub fn fast() -> u8 { 1 }\n\
             pub fn slow() -> u8 { 2 }\n\
             pub fn all() -> bool { true }\n\
             pub fn pick() -> u8 {\n\
                 cfg_if::cfg_if! {\n\
                     if #[cfg(all(unix, target_feature = \"x\"))] { fast() } else { slow() }\n\
                 }\n\
             }\n",
        )]),
        1,
    );
    let exact = Some(Confidence::Exact);
    assert_edge(&g, "lib::pick", EdgeKind::Calls, "lib::fast", exact);
    assert_edge(&g, "lib::pick", EdgeKind::Calls, "lib::slow", exact);
    assert_no_edge(&g, "lib::pick", EdgeKind::Calls, "lib::all");
}

#[test]
fn an_import_a_default_build_keeps_beats_an_item_it_leaves_out() {
    let manifest = "[package]\nname = \"twins\"\nversion = \"0.1.0\"\n\n\
                    [features]\ndefault = [\"std\"]\nstd = []\n";
    // `user` comes first in the order imports are resolved in, so it asks for the root's
    // `StdError` before the root's own import of it is resolved.
    let lib = "pub mod user { use crate::StdError; pub struct Late; impl StdError for Late {} }\n\
               #[cfg(not(feature = \"std\"))]\nuse core::error::Error as StdError;\n\
               #[cfg(feature = \"std\")]\nuse std::error::Error as StdError;\n\
               #[cfg(not(feature = \"std\"))]\npub trait StdError {}\n\
               #[derive(Debug)]\npub struct Oops;\n\
               impl std::fmt::Display for Oops {\n\
                   fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }\n\
               }\n\
               impl StdError for Oops {}\n";
    let g = analyze_with(source(&[("Cargo.toml", manifest), ("src/lib.rs", lib)]), 1);
    assert_edge(
        &g,
        "twins::<impl StdError for Oops>",
        EdgeKind::Implements,
        "std::error::Error",
        None,
    );
    assert_no_edge(
        &g,
        "twins::<impl StdError for Oops>",
        EdgeKind::Implements,
        "twins::StdError",
    );
    assert_edge(
        &g,
        "twins::user::<impl StdError for Late>",
        EdgeKind::Implements,
        "std::error::Error",
        None,
    );
}

#[test]
fn self_in_an_impl_for_a_slice_calls_the_impls_for_that_slice() {
    let g = analyze_with(
        source(&[(
            "src/lib.rs",
            "pub trait Ext { fn cast(&self) -> u8; fn twice(&self) -> u8; }\n\
             pub trait More { fn extra(&self) -> u8; }\n\
             impl Ext for [u16] {\n\
                 fn cast(&self) -> u8 { 0 }\n\
                 fn twice(&self) -> u8 { self.cast() + self.extra() + self.len() as u8 }\n\
             }\n\
             impl More for [u16] { fn extra(&self) -> u8 { 1 } }\n\
             pub struct Other;\n\
             impl Other { pub fn len(&self) -> usize { 0 } pub fn cast(&self) -> u8 { 2 } }\n",
        )]),
        1,
    );
    let from = "lib::[u16]::twice";
    let inferred = Some(Confidence::Inferred);
    assert_edge(&g, from, EdgeKind::Calls, "lib::[u16]::cast", inferred);
    assert_edge(&g, from, EdgeKind::Calls, "lib::[u16]::extra", inferred);
    assert_no_edge(&g, from, EdgeKind::Calls, "lib::Other::len");
    assert_no_edge(&g, from, EdgeKind::Calls, "lib::Other::cast");
}

#[test]
fn a_qualified_path_on_an_outside_type_calls_the_input_s_impl_for_it() {
    let g = analyze_with(
        source(&[(
            "src/lib.rs",
            "use std::num::Wrapping;\n\
             pub trait Bounded { fn min_value() -> Self; }\n\
             impl<T: Bounded> Bounded for Wrapping<T> { fn min_value() -> Self { Wrapping(T::min_value()) } }\n\
             impl Bounded for i32 { fn min_value() -> Self { 0 } }\n\
             pub fn f() { <Wrapping<i32> as Bounded>::min_value(); <i32 as Bounded>::min_value(); }\n\
             pub fn g() { <u8 as Bounded>::min_value(); }\n",
        )]),
        1,
    );
    let exact = Some(Confidence::Exact);
    assert_edge(
        &g,
        "lib::f",
        EdgeKind::Calls,
        "lib::Wrapping::min_value",
        exact,
    );
    assert_edge(&g, "lib::f", EdgeKind::Calls, "lib::i32::min_value", exact);
    assert_no_edge(&g, "lib::f", EdgeKind::Calls, "lib::Bounded::min_value");
    // No impl for `u8` in the input: the trait's method, as before.
    assert_edge(
        &g,
        "lib::g",
        EdgeKind::Calls,
        "lib::Bounded::min_value",
        exact,
    );
}

#[test]
fn a_pin_projection_has_the_struct_s_fields() {
    let g = analyze_with(
        source(&[(
            "src/lib.rs",
            "use std::pin::Pin;\n\
             pub struct Inner;\n\
             impl Inner { pub fn poll_inner(self: Pin<&mut Self>) -> u8 { 0 } }\n\
             pin_project_lite::pin_project! {\n\
                 pub struct Outer { #[pin] inner: Inner }\n\
             }\n\
             impl Outer {\n\
                 pub fn poll(self: Pin<&mut Self>) -> u8 { self.project().inner.poll_inner() }\n\
             }\n",
        )]),
        1,
    );
    let inferred = Some(Confidence::Inferred);
    assert_edge(
        &g,
        "lib::Outer::poll",
        EdgeKind::Calls,
        "lib::Inner::poll_inner",
        inferred,
    );
}

#[test]
fn an_err_pattern_binds_the_result_s_error_type() {
    let g = analyze_with(
        source(&[(
            "src/lib.rs",
            "pub struct MyError;\n\
             impl MyError { pub fn describe(&self) -> u8 { 0 } }\n\
             pub struct Other;\n\
             impl Other { pub fn describe(&self) -> u8 { 1 } }\n\
             pub trait Fail { fn describe(&self) -> u8; }\n\
             pub fn parse() -> Result<u8, MyError> { Ok(1) }\n\
             pub fn generic<E: Fail>(r: Result<u8, E>) -> u8 { match r { Ok(v) => v, Err(e) => e.describe() } }\n\
             pub fn user() -> u8 { match parse() { Ok(v) => v, Err(e) => e.describe() } }\n\
             pub fn other() -> u8 { if let Err(e) = parse() { e.describe() } else { 0 } }\n",
        )]),
        1,
    );
    let inferred = Some(Confidence::Inferred);
    for caller in ["lib::user", "lib::other"] {
        assert_edge(
            &g,
            caller,
            EdgeKind::Calls,
            "lib::MyError::describe",
            inferred,
        );
        assert_no_edge(&g, caller, EdgeKind::Calls, "lib::Other::describe");
    }
    // Not yet: a parameter declared `Result<u8, E>` is known by its path alone, so its
    // error type is not read (the call stays ambiguous among the three).
    let generic = targets(&g, "lib::generic", EdgeKind::Calls);
    assert!(generic.iter().all(|(_, c)| *c != inferred), "{generic:?}");
}

#[test]
fn of_type_twins_under_opposite_cfgs_the_compiled_one_s_methods_are_called() {
    let manifest = "[package]\nname = \"twins\"\nversion = \"0.1.0\"\n\n[features]\nunion = []\n";
    let lib = "#[cfg(feature = \"union\")]\npub union Data { a: u8 }\n\
               #[cfg(feature = \"union\")]\nimpl Data { pub fn empty() -> Data { Data { a: 0 } } pub fn heap(&self) -> u8 { 0 } }\n\
               #[cfg(not(feature = \"union\"))]\npub enum Data { A }\n\
               #[cfg(not(feature = \"union\"))]\nimpl Data { pub fn empty() -> Data { Data::A } pub fn heap(&self) -> u8 { 1 } }\n\
               pub struct Holder { data: Data }\n\
               impl Holder {\n\
                   pub fn new() -> Holder { Holder { data: Data::empty() } }\n\
                   pub fn get(&self) -> u8 { self.data.heap() }\n\
               }\n";
    let g = analyze_with(source(&[("Cargo.toml", manifest), ("src/lib.rs", lib)]), 1);
    // The enum's impl starts on line 8 of the file, the union's on line 4.
    let called = |from: &str| {
        targets(&g, from, EdgeKind::Calls)
            .into_iter()
            .map(|(to, _)| to)
            .collect::<Vec<_>>()
    };
    assert_eq!(called("twins::Holder::new"), ["twins::Data::empty:8"]);
    assert_eq!(called("twins::Holder::get"), ["twins::Data::heap:8"]);
}

#[test]
fn a_guess_by_name_skips_methods_the_caller_cannot_see() {
    let g = analyze_with(
        source(&[(
            "src/lib.rs",
            "pub mod a {\n\
                 pub struct S;\n\
                 impl S { fn hidden_poll(&self) {} pub(crate) fn shared_poll(&self) {} }\n\
                 pub fn inside() { let x = unknown(); x.hidden_poll(); }\n\
                 pub mod deeper { pub fn below() { let x = unknown(); x.hidden_poll(); } }\n\
             }\n\
             pub mod b {\n\
                 pub fn outside() { let x = unknown(); x.hidden_poll(); x.shared_poll(); }\n\
             }\n",
        )]),
        1,
    );
    let inferred = Some(Confidence::Inferred);
    assert_edge(
        &g,
        "lib::a::inside",
        EdgeKind::Calls,
        "lib::a::S::hidden_poll",
        inferred,
    );
    assert_edge(
        &g,
        "lib::a::deeper::below",
        EdgeKind::Calls,
        "lib::a::S::hidden_poll",
        inferred,
    );
    assert_no_edge(
        &g,
        "lib::b::outside",
        EdgeKind::Calls,
        "lib::a::S::hidden_poll",
    );
    assert_edge(
        &g,
        "lib::b::outside",
        EdgeKind::Calls,
        "lib::a::S::shared_poll",
        inferred,
    );
}
