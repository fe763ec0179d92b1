//! Every node kind, edge kind and view, each defined by one row: its name in
//! the JSON and everything the front end and the exports need to know about
//! it. `www/core/kinds.generated.js` and README's kind lists are written from
//! these rows (`tests/sourcegen.rs` checks that the committed copies match),
//! so nothing else spells a list of kinds.

use serde::{Deserialize, Serialize};

/// Defines a kind enum and its rows in one place: each variant carries its
/// JSON name (`serde` and `as_str` both use it) and its row's fields.
macro_rules! kind_table {
    (
        $(#[$meta:meta])*
        pub enum $Kind:ident: $Row:ident {
            $(
                $(#[$variant_meta:meta])*
                $Variant:ident = $name:literal { $($field:ident: $value:expr),* $(,)? }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $Kind {
            $(
                $(#[$variant_meta])*
                #[serde(rename = $name)]
                $Variant,
            )*
        }

        impl $Kind {
            /// Every kind, in table order (the order the front end lists them in).
            pub const ALL: [$Kind; [$($name),*].len()] = [$($Kind::$Variant),*];

            /// The name in the JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($Kind::$Variant => $name,)*
                }
            }

            /// The kind's row in the table.
            pub fn row(self) -> &'static $Row {
                match self {
                    $($Kind::$Variant => {
                        const ROW: $Row = $Row { $($field: $value),* };
                        &ROW
                    })*
                }
            }
        }
    };
}

/// How a node kind is drawn and where it takes part.
#[derive(Debug)]
pub struct NodeRow {
    /// What the legend and the filters call it.
    pub label: &'static str,
    /// Fill color, readable on both themes.
    pub color: &'static str,
    /// A Cytoscape node shape.
    pub shape: &'static str,
    /// The views that show it by default.
    pub views: &'static [ViewKind],
    /// Can hold others through `contains`, and can be drawn as a box around them.
    pub container: bool,
    /// A type path can name it.
    pub type_definition: bool,
    /// Its place among the leaves of a packed box (reading order: collapsed
    /// modules, then types and traits near their impls, then the rest);
    /// `None` goes last.
    pub pack_rank: Option<u8>,
    /// The view that answers questions about it: focusing on one opens it.
    pub focus_view: Option<ViewKind>,
}

/// How an edge kind is drawn and where it takes part.
#[derive(Clone, Copy, Debug)]
pub struct EdgeRow {
    pub label: &'static str,
    /// Stroke color.
    pub color: &'static str,
    pub dashed: bool,
    /// A Cytoscape arrow shape; relations between types and traits get a hollow back.
    pub arrow: &'static str,
    /// The views that draw it by default.
    pub views: &'static [ViewKind],
}

/// What one call form is called in the filters and the details panel.
#[derive(Debug)]
pub struct CallFormRow {
    pub label: &'static str,
    /// What the form covers, for the filter's tooltip.
    pub title: &'static str,
}

/// What one view is.
#[derive(Debug)]
pub struct ViewRow {
    pub title: &'static str,
    /// Modules with nothing shown inside are still drawn.
    pub show_empty_modules: bool,
    /// The layout `auto` means: `boxes` (modules as nested boxes) or `hierarchical` (layered, flat).
    pub layout: &'static str,
}

use ViewKind::{Calls as C, Modules as M, Types as T};

kind_table! {
    /// The three views of one graph.
    pub enum ViewKind: ViewRow {
        Modules = "modules" { title: "Modules", show_empty_modules: true, layout: "boxes" },
        Types = "types" { title: "Types & traits", show_empty_modules: false, layout: "hierarchical" },
        Calls = "calls" { title: "Calls", show_empty_modules: false, layout: "hierarchical" },
    }
}

kind_table! {
    pub enum NodeKind: NodeRow {
        Module = "module" {
            label: "module", color: "#8a94a6", shape: "round-rectangle", views: &[M, T, C],
            container: true, type_definition: false, pack_rank: Some(0), focus_view: None,
        },
        Function = "function" {
            label: "fn", color: "#2f7fd1", shape: "round-rectangle", views: &[M, C],
            container: false, type_definition: false, pack_rank: Some(7), focus_view: Some(C),
        },
        Method = "method" {
            label: "method", color: "#4c9be8", shape: "round-rectangle", views: &[C],
            container: false, type_definition: false, pack_rank: Some(8), focus_view: Some(C),
        },
        Struct = "struct" {
            label: "struct", color: "#2e9e6a", shape: "round-rectangle", views: &[M, T],
            container: true, type_definition: true, pack_rank: Some(2), focus_view: Some(T),
        },
        Enum = "enum" {
            label: "enum", color: "#8b5cc7", shape: "round-rectangle", views: &[M, T],
            container: true, type_definition: true, pack_rank: Some(3), focus_view: Some(T),
        },
        Union = "union" {
            label: "union", color: "#6b8e23", shape: "round-rectangle", views: &[M, T],
            container: true, type_definition: true, pack_rank: Some(4), focus_view: Some(T),
        },
        Variant = "variant" {
            label: "variant", color: "#a57fd6", shape: "round-rectangle", views: &[],
            container: false, type_definition: false, pack_rank: None, focus_view: None,
        },
        Field = "field" {
            label: "field", color: "#5fb58a", shape: "round-rectangle", views: &[],
            container: false, type_definition: false, pack_rank: None, focus_view: None,
        },
        Trait = "trait" {
            label: "trait", color: "#d9822b", shape: "hexagon", views: &[M, T],
            container: true, type_definition: true, pack_rank: Some(1), focus_view: Some(T),
        },
        Impl = "impl" {
            label: "impl", color: "#a0785c", shape: "round-rectangle", views: &[M, T],
            container: true, type_definition: false, pack_rank: Some(6), focus_view: Some(T),
        },
        TypeAlias = "type_alias" {
            label: "type", color: "#1f9aa5", shape: "round-rectangle", views: &[M, T],
            container: false, type_definition: true, pack_rank: Some(5), focus_view: Some(T),
        },
        Const = "const" {
            label: "const", color: "#c2527a", shape: "round-tag", views: &[M],
            container: false, type_definition: false, pack_rank: Some(10), focus_view: None,
        },
        Static = "static" {
            label: "static", color: "#b23a5e", shape: "round-tag", views: &[M],
            container: false, type_definition: false, pack_rank: Some(11), focus_view: None,
        },
        Macro = "macro" {
            label: "macro", color: "#c99a12", shape: "round-octagon", views: &[M, C],
            container: false, type_definition: false, pack_rank: Some(9), focus_view: Some(C),
        },
        Use = "use" {
            label: "use", color: "#7d8796", shape: "round-rectangle", views: &[],
            container: false, type_definition: false, pack_rank: None, focus_view: None,
        },
        /// An interned type: one node per distinct type text.
        Type = "type" {
            label: "type ref", color: "#6c7a89", shape: "round-rectangle", views: &[],
            container: false, type_definition: false, pack_rank: None, focus_view: None,
        },
        /// Something named but not defined in the input (`std::vec::Vec`).
        External = "external" {
            label: "external", color: "#9aa3b1", shape: "round-rectangle", views: &[T, C],
            container: false, type_definition: false, pack_rank: None, focus_view: None,
        },
    }
}

kind_table! {
    pub enum EdgeKind: EdgeRow {
        Contains = "contains" {
            label: "contains", color: "#9aa3b1", dashed: false, arrow: "triangle", views: &[],
        },
        Implements = "implements" {
            label: "implements", color: "#d9822b", dashed: false, arrow: "triangle-backcurve",
            views: &[M, T],
        },
        ImplFor = "impl_for" {
            label: "impl for", color: "#2e9e6a", dashed: false, arrow: "triangle-backcurve",
            views: &[M, T],
        },
        Supertrait = "supertrait" {
            label: "supertrait", color: "#e0a030", dashed: true, arrow: "triangle-backcurve",
            views: &[T],
        },
        /// From an item with generics to the type node of each trait bound on
        /// them (`T: Display`, `where T: Iterator<Item = u8>`).
        Bound = "bound" {
            label: "bound", color: "#b07d3a", dashed: true, arrow: "triangle", views: &[],
        },
        ParamType = "param_type" {
            label: "param type", color: "#7a8ca8", dashed: true, arrow: "triangle", views: &[],
        },
        ReturnType = "return_type" {
            label: "return type", color: "#5c7fb0", dashed: true, arrow: "triangle", views: &[],
        },
        FieldType = "field_type" {
            label: "field type", color: "#5fb58a", dashed: true, arrow: "triangle", views: &[T],
        },
        AliasOf = "alias_of" {
            label: "alias of", color: "#1f9aa5", dashed: true, arrow: "triangle", views: &[T],
        },
        ValueType = "value_type" {
            label: "value type", color: "#c2527a", dashed: true, arrow: "triangle", views: &[],
        },
        TypeArg = "type_arg" {
            label: "type arg", color: "#8a94a6", dashed: true, arrow: "triangle", views: &[],
        },
        RefersTo = "refers_to" {
            label: "refers to", color: "#8a94a6", dashed: true, arrow: "triangle", views: &[],
        },
        Imports = "imports" {
            label: "imports", color: "#8b5cc7", dashed: true, arrow: "triangle", views: &[],
        },
        Reexports = "reexports" {
            label: "re-exports", color: "#a057d6", dashed: false, arrow: "triangle", views: &[M],
        },
        Calls = "calls" {
            label: "calls", color: "#2f7fd1", dashed: false, arrow: "triangle", views: &[C],
        },
        MacroCall = "macro_call" {
            label: "macro call", color: "#c99a12", dashed: true, arrow: "triangle", views: &[C],
        },
    }
}

kind_table! {
    /// How a `calls` edge's call is written. When one caller reaches one callee
    /// in several forms, the edge keeps the most confident, then the first in
    /// this order: a call written outside macro input wins over one inside it.
    pub enum CallForm: CallFormRow {
        /// A path called: `f(x)`, `Type::new()`, `<T as Trait>::m(x)`.
        Call = "call" { label: "call", title: "a path called: f(x), Type::new()" },
        /// `receiver.method(..)`.
        Method = "method" { label: "method", title: "a method call: x.m()" },
        /// An operator that runs one of the crate's own `std::ops`/`std::cmp`
        /// impls: `a + b`, `a += b`, `-a`, `a == b`, `a < b`, `x[i]`.
        Operator = "operator" {
            label: "operator", title: "an operator on a crate type: a + b, x[i], a == b",
        },
        /// A function named, not called: `.map(parse)`, `let f = Self::helper;`.
        Value = "value" { label: "value", title: "a function passed as a value: .map(f)" },
        /// A path or method call written inside a macro's input
        /// (`assert_eq!(f(x), y)`), read as expressions; operators and values
        /// there, and what the crate's own `macro_rules!` expand to, keep
        /// their own form.
        Macro = "macro" {
            label: "in macro", title: "a call written inside a macro's input: assert_eq!(f(x), y)",
        },
    }
}

impl NodeKind {
    /// Kinds that a type path can name.
    pub fn is_type_definition(self) -> bool {
        self.row().type_definition
    }
}

impl ViewKind {
    /// The node kinds the view shows by default, in table order.
    pub fn node_kinds(self) -> impl Iterator<Item = NodeKind> {
        NodeKind::ALL
            .into_iter()
            .filter(move |kind| kind.row().views.contains(&self))
    }

    /// The relations the view draws by default, in table order.
    pub fn edge_kinds(self) -> impl Iterator<Item = EdgeKind> {
        EdgeKind::ALL
            .into_iter()
            .filter(move |kind| kind.row().views.contains(&self))
    }
}
