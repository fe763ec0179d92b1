//! The plain records parse+visit emits: raw nodes and relations, the names and call sites
//! resolve looks up, `mod` declarations, and the ids they refer to each other by.
//!
//! Ids come from atomic counters, so they depend on scheduling; `freeze` renumbers them
//! canonically. Everything here is owned, `Send` data: no syn tree or span.

use super::path_text::PathText;
use crate::model::{CallForm, Details, EdgeKind, NodeKind, Span, Visibility};

/// A node's id while building; unrelated to the final `NodeId`.
///
/// 32 bits, as the build state holds several per node (std's sources have 240,000 nodes): a
/// node takes at least a byte of input, and the input is capped far below 4 GiB
/// ([`crate::Limits::max_total_bytes`]). Past `u32::MAX` ids would saturate, never wrap.
pub type RawNodeId = u32;
/// An interned type's id while building.
pub type TypeId = u32;
pub type FileIdx = usize;

/// Either end of a relation recorded during the visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RawRef {
    Node(RawNodeId),
    Type(TypeId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RawEdge {
    pub source: RawRef,
    pub target: RawRef,
    pub kind: EdgeKind,
}

/// Where a node sorts in the canonical order: file, then the byte offset of
/// the chunk it came from, then its ordinal in that chunk's (sequential)
/// visit. All three are independent of thread scheduling. 32 bits each, for
/// the same reason as [`RawNodeId`]: [`SourceOrder::new`] narrows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceOrder {
    file: u32,
    chunk: u32,
    ordinal: u32,
}

impl SourceOrder {
    pub fn new(file: FileIdx, chunk: usize, ordinal: u32) -> SourceOrder {
        SourceOrder {
            file: narrow(file),
            chunk: narrow(chunk),
            ordinal,
        }
    }

    pub fn file(self) -> FileIdx {
        self.file as FileIdx
    }
}

#[derive(Clone, Debug)]
pub struct RawNode {
    pub kind: NodeKind,
    /// Boxed strings here and in `impl_self`: no capacity word, as in the model's
    /// [`Details`], for one node of many.
    pub name: Box<str>,
    pub order: SourceOrder,
    pub span: Option<Span>,
    /// The container (`contains` edge source); `None` for a file's root module.
    pub parent: Option<RawNodeId>,
    /// The nearest module: where names used by this node resolve.
    pub module: RawNodeId,
    pub visibility: Visibility,
    /// Boxed: the details are most of a node's size, and they only move
    /// from here to the frozen graph; a small entry keeps the concurrent
    /// map (sized in powers of two per shard) from wasting its slack on them.
    pub details: Box<Details>,
    /// For impls: the self type's last path segment, used in member paths.
    pub impl_self: Option<Box<str>>,
}

/// A `mod name;` declaration, resolved to a file by `discover`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModDecl {
    pub file: FileIdx,
    /// The declaring node's place in the canonical order and where it starts, so that
    /// `discover` needs no lookup among the nodes.
    pub order: SourceOrder,
    pub start: [u32; 2],
    pub name: String,
    /// The `#[path = ".."]` attribute, if any.
    pub path_attr: Option<String>,
    /// Inline modules between the file's root and this declaration, each
    /// with its own `#[path]`, which shape the directory rustc looks in.
    pub inline_chain: Vec<(String, Option<String>)>,
    pub has_cfg: bool,
}

/// A name written in the source that resolve must look up in a module scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathRef {
    pub source: RawRef,
    pub kind: EdgeKind,
    /// The module whose scope the path is resolved in.
    pub scope: RawNodeId,
    pub segments: PathText,
    /// The path started with `::` (an extern crate).
    pub global: bool,
}

/// A call site in a function body, kept as plain data for resolve.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallSite {
    pub caller: RawNodeId,
    pub scope: RawNodeId,
    pub callee: Callee,
    /// How the call is written; the `calls` edge carries it.
    pub form: CallForm,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Callee {
    /// `a::b::f(..)`, `Self::new(..)`, `Type::assoc(..)`, `Trait::m(x, ..)`;
    /// `first_arg` is what the first argument is, for `Trait::m(x)`.
    Path {
        segments: PathText,
        global: bool,
        first_arg: Receiver,
    },
    /// `<T as Trait>::m(..)`: the trait's path and the method.
    Qualified {
        self_ty: PathText,
        trait_path: PathText,
        method: Box<str>,
    },
    /// `recv.m(..)`, with what the visitor could tell about `recv`.
    Method {
        method: Box<str>,
        receiver: Receiver,
    },
    /// A path named as a value, not called (`.map(parse)`, `let f = Self::helper;`):
    /// a call of whatever function it names, if any.
    Value { segments: PathText, global: bool },
    /// `a + b`, `a += b`, `-a`, `a == b`, `x[i]`: the method of the std
    /// trait the operator calls (`Add::add`), on the left operand.
    Operator {
        trait_name: &'static str,
        method: &'static str,
        operand: Receiver,
    },
}

/// What the visitor could tell about a value's type, for method calls on
/// it. Resolve turns it into a type definition when it can.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Receiver {
    /// A type path, from a declaration, a constructor or `self`.
    Type(PathText),
    /// A declared path type with type arguments (`Option<Node>`, `HashMap<K, Node>`):
    /// the path and what each type argument is.
    Declared(PathText, Box<[Receiver]>),
    /// A generic parameter or `impl Trait`: the traits it is bound by.
    Bounded(Box<[PathText]>),
    /// `base.field`: the field's declared type.
    Field(Box<Receiver>, Box<str>),
    /// What a call returns: the callee's declared return type.
    Returns(Box<Callee>),
    /// `x?`, `x.unwrap()`, `x.expect(..)`: the `T` of `Result<T, _>` or
    /// `Option<T>`.
    Unwrapped(Box<Receiver>),
    /// `e` of an `Err(e)` pattern: the `E` of `Result<_, E>`.
    Failed(Box<Receiver>),
    /// `xs[i]`, or `x` in `for x in xs`: the `T` of `Vec<T>`, `[T]`, `[T; N]`.
    Element(Box<Receiver>),
    /// `self` in an impl whose self type is no path (`impl Ext for [u8]`, `for str`, `for
    /// (A, B)`): whatever that impl is for, which the impls for the same type share.
    ImplSelf,
    /// A declared `Vec<T>`, `VecDeque<T>`, `[T]` or `[T; N]`, by its element.
    Collection(Box<Receiver>),
    /// `x.await`: the `Output` of the future `x` is.
    Awaited(Box<Receiver>),
    /// Parameter `param` of a closure passed as argument `arg` of a method call
    /// (`e` in `items.iter().map(|e| ..)`), typed by the method's signature.
    ClosureParam {
        call: Box<Callee>,
        arg: u32,
        param: u32,
    },
    /// A value named by a capitalized path (`MAX`, `f16::ONE`, `Self::EMPTY`, `Unit`,
    /// `Color::Red`): a constant's or static's declared type, a unit struct's or a
    /// variant's own type; as a method's receiver, any path no local binds, which may be a
    /// function item (`dec_uint.parse_next(i)`).
    Named(PathText),
    Unknown,
}

/// `Type::new(..)`, `Type::with_capacity(..)`, `Type::from_str(..)`, `Type::default()`:
/// a function of this name builds its owner type, when nothing else tells.
pub fn is_constructor(name: &str) -> bool {
    name == "new" || name.starts_with("with_") || name.starts_with("from") || name == "default"
}

/// The trait bounds of the generic parameters in scope of a function
/// (its own and its impl's or trait's), by parameter name.
pub type GenericBounds = Box<[(Box<str>, Box<[PathText]>)]>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeEntry {
    pub text: String,
    /// For path types: the segments without generic arguments, to resolve.
    pub base_path: Option<(PathText, bool)>,
}

/// An id counter's value as an id (see [`RawNodeId`]).
pub(super) fn narrow(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}
