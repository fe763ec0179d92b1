use super::super::Target;
use super::Scopes;
use crate::freeze::freeze_sources;
use crate::model::{Graph, NodeId, NodeKind};

fn graph(source: &str) -> Graph {
    freeze_sources(&[("src/lib.rs", source)], &[0], 1).graph
}

fn id(graph: &Graph, path: &str) -> NodeId {
    let found: Vec<NodeId> = graph
        .nodes
        .iter()
        .filter(|n| n.path == path && !matches!(n.kind, NodeKind::Use | NodeKind::Type))
        .map(|n| n.id)
        .collect();
    assert_eq!(found.len(), 1, "one node at {path}");
    found[0]
}

fn defs(graph: &Graph, paths: &[&str]) -> Option<Target> {
    let mut ids: Vec<NodeId> = paths.iter().map(|p| id(graph, p)).collect();
    ids.sort_unstable();
    Some(Target::Defs(ids))
}

fn resolve(scopes: &Scopes, graph: &Graph, scope: &str, path: &str) -> Option<Target> {
    scopes.resolve_path(id(graph, scope), path.split("::"), false)
}

#[test]
fn a_use_binds_its_last_segment_or_its_alias() {
    let graph = graph(
        "pub mod a { pub fn f() {} pub struct T; }\n\
         mod b { use crate::a::f; use crate::a::T as U; use crate::a::{self as m}; use crate::a::T as _; }\n",
    );
    let scopes = Scopes::build(&graph, None);
    let b = id(&graph, "lib::b");
    assert_eq!(scopes.lookup(b, "f"), defs(&graph, &["lib::a::f"]));
    assert_eq!(scopes.lookup(b, "U"), defs(&graph, &["lib::a::T"]));
    assert_eq!(
        scopes.lookup(b, "T"),
        None,
        "a renamed import binds only its alias"
    );
    assert_eq!(
        resolve(&scopes, &graph, "lib::b", "m::f"),
        defs(&graph, &["lib::a::f"])
    );
}

#[test]
fn imports_settle_whatever_their_source_order() {
    // Each import names one that comes later in the source.
    let graph = graph(
        "mod z { use crate::a::X; }\n\
         mod a { pub use crate::b::X; }\n\
         mod b { pub use crate::c::X; }\n\
         mod c { pub struct X; }\n",
    );
    let scopes = Scopes::build(&graph, None);
    assert_eq!(
        scopes.lookup(id(&graph, "lib::z"), "X"),
        defs(&graph, &["lib::c::X"])
    );
}

#[test]
fn an_unknown_import_is_known_by_its_path() {
    let graph = graph("mod m { use serde::Serialize; use self::gone::Thing; }\n");
    let scopes = Scopes::build(&graph, None);
    let m = id(&graph, "lib::m");
    assert_eq!(
        scopes.lookup(m, "Serialize"),
        Some(Target::External("serde::Serialize".into()))
    );
    assert_eq!(
        scopes.lookup(m, "Thing"),
        Some(Target::External("self::gone::Thing".into()))
    );
}

#[test]
fn globs_reach_through_chains_and_cycles() {
    let graph = graph(
        "pub mod a { pub fn f() {} pub fn g() {} }\n\
         pub mod b { pub use crate::a::*; }\n\
         mod c { use crate::b::*; }\n\
         mod x { pub use super::y::*; pub fn fx() {} }\n\
         mod y { pub use super::x::*; pub fn fy() {} }\n",
    );
    let scopes = Scopes::build(&graph, None);
    assert_eq!(
        scopes.lookup(id(&graph, "lib::c"), "f"),
        defs(&graph, &["lib::a::f"])
    );
    assert_eq!(
        scopes.lookup(id(&graph, "lib::x"), "fy"),
        defs(&graph, &["lib::y::fy"])
    );
    assert_eq!(
        scopes.lookup(id(&graph, "lib::y"), "fx"),
        defs(&graph, &["lib::x::fx"])
    );
    assert_eq!(scopes.lookup(id(&graph, "lib::x"), "nothing"), None);
}

#[test]
fn items_shadow_imports_and_explicit_imports_shadow_globs() {
    let graph = graph(
        "pub mod x { pub struct T; pub fn own() {} }\n\
         pub mod y { pub struct T; pub fn own() {} pub fn only_y() {} }\n\
         mod m { use crate::x::T; use crate::y::*; fn own() {} }\n",
    );
    let scopes = Scopes::build(&graph, None);
    let m = id(&graph, "lib::m");
    assert_eq!(scopes.lookup(m, "T"), defs(&graph, &["lib::x::T"]));
    assert_eq!(scopes.lookup(m, "own"), defs(&graph, &["lib::m::own"]));
    assert_eq!(
        scopes.lookup(m, "only_y"),
        defs(&graph, &["lib::y::only_y"])
    );
}

#[test]
fn a_glob_of_an_enum_brings_its_variants() {
    let graph = graph(
        "pub enum E { A, B }\n\
         mod m { use super::E::*; }\n",
    );
    let scopes = Scopes::build(&graph, None);
    assert_eq!(
        scopes.lookup(id(&graph, "lib::m"), "B"),
        defs(&graph, &["lib::E::B"])
    );
}

#[test]
fn relative_paths_start_where_they_say() {
    let graph = graph(
        "pub fn top() {}\n\
         pub mod a { pub fn f() {} pub mod inner { pub fn g() {} } }\n",
    );
    let scopes = Scopes::build(&graph, None);
    let inner = "lib::a::inner";
    assert_eq!(
        resolve(&scopes, &graph, inner, "super::f"),
        defs(&graph, &["lib::a::f"])
    );
    assert_eq!(
        resolve(&scopes, &graph, inner, "self::g"),
        defs(&graph, &["lib::a::inner::g"])
    );
    assert_eq!(
        resolve(&scopes, &graph, inner, "crate::top"),
        defs(&graph, &["lib::top"])
    );
    assert_eq!(
        resolve(&scopes, &graph, inner, "super::super::top"),
        defs(&graph, &["lib::top"])
    );
    assert_eq!(
        resolve(&scopes, &graph, inner, "top"),
        None,
        "no implicit parent scope"
    );
}

#[test]
fn the_prelude_comes_after_the_input() {
    let graph = graph(
        "mod m { pub struct Vec; }\n\
         mod n {}\n",
    );
    let scopes = Scopes::build(&graph, None);
    assert_eq!(
        scopes.lookup(id(&graph, "lib::m"), "Vec"),
        defs(&graph, &["lib::m::Vec"])
    );
    assert_eq!(
        scopes.lookup(id(&graph, "lib::n"), "Vec"),
        Some(Target::External("std::vec::Vec".into()))
    );
    assert_eq!(
        resolve(&scopes, &graph, "lib::n", "std::mem::swap"),
        Some(Target::External("std::mem::swap".into()))
    );
}

#[test]
fn macro_rules_scope_is_textual_then_crate_wide_then_std() {
    let graph = graph(
        "macro_rules! m { () => {} }\n\
         mod a { macro_rules! m { () => {} } mod deep {} }\n\
         mod b { macro_rules! only_b { () => {} } }\n\
         mod c {}\n",
    );
    let scopes = Scopes::build(&graph, None);
    let macros: Vec<&str> = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Macro)
        .map(|n| n.path.as_str())
        .collect();
    assert_eq!(macros, ["lib::m", "lib::a::m", "lib::b::only_b"]);
    let macro_id = |path: &str| {
        graph
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Macro && n.path == path)
            .map(|n| n.id)
            .expect("the macro")
    };
    let deep = id(&graph, "lib::a::deep");
    let c = id(&graph, "lib::c");
    assert_eq!(
        scopes.macro_named(deep, "m"),
        Some(Target::Defs(vec![macro_id("lib::a::m")])),
        "the nearest enclosing module's macro"
    );
    assert_eq!(
        scopes.macro_named(c, "m"),
        Some(Target::Defs(vec![macro_id("lib::m")]))
    );
    assert_eq!(
        scopes.macro_named(c, "only_b"),
        Some(Target::Defs(vec![macro_id("lib::b::only_b")])),
        "a macro elsewhere in the crate"
    );
    assert_eq!(
        scopes.macro_named(c, "println"),
        Some(Target::External("std::println".into()))
    );
    assert_eq!(scopes.macro_named(c, "unknown"), None);
}
