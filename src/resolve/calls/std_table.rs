//! The std signatures table (`std_sigs.txt`, written from rust-src by `tests/sourcegen.rs`)
//! read into lookups, and the type text reader it shares with the crate's own type nodes
//! (the interner's normal form: `Vec<Node>`, `&'a mut T`, `impl Iterator<Item = &T>`).
//!
//! The table is embedded (no file is read at run time, also in the wasm build) and read once.

use foldhash::{HashMap, HashSet};
use std::sync::OnceLock;

const TABLE: &str = include_str!("../std_sigs.txt");

/// A type as written: in the table, generic parameters are paths of one segment that no
/// covered type is named by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// `a::B<Args, Assoc = T>`.
    Path {
        segments: Vec<Box<str>>,
        args: Vec<Shape>,
        assoc: Vec<(Box<str>, Shape)>,
    },
    Ref(Box<Shape>),
    /// `[T]` and `[T; N]`.
    Slice(Box<Shape>),
    Tuple(Vec<Shape>),
    /// `impl Trait<Assoc = T>` or `dyn Trait<..>`, by its first trait bound's last name.
    Impl(Box<str>, Vec<(Box<str>, Shape)>),
    /// `|A, B| R`, or `FnMut(A, B) -> R`.
    Closure(Vec<Shape>, Box<Shape>),
    Unknown,
}

/// One method or associated function of a covered type or trait.
#[derive(Debug)]
pub(super) struct MethodSig {
    /// The impl's self type (for a trait's own method: `Self`).
    pub owner: Shape,
    pub takes_self: bool,
    /// The arguments after `self`: closures by their signature, the rest `Unknown` or a
    /// generic parameter.
    pub args: Vec<Shape>,
    pub ret: Shape,
}

/// One impl of a covered trait for a covered type, with its associated types.
#[derive(Debug)]
pub(super) struct ImplSig {
    pub pattern: Shape,
    pub trait_name: Box<str>,
    pub assoc: Vec<(Box<str>, Shape)>,
}

#[derive(Default)]
pub(super) struct Table {
    /// By owner (a covered type's table name, `[]` for slices, or a trait) and method name.
    methods: HashMap<Box<str>, HashMap<Box<str>, Vec<MethodSig>>>,
    /// The covered types' (and aliases') table names.
    names: HashSet<Box<str>>,
    /// By the covered type's table name.
    impls: HashMap<Box<str>, Vec<ImplSig>>,
    /// `LockResult<T> = Result<T, PoisonError<T>>`: parameters and what they stand for.
    aliases: HashMap<Box<str>, (Vec<Box<str>>, Shape)>,
}

/// The traits whose own methods a type that implements them has, in the order tried.
pub(super) const TRAITS: &[&str] = &[
    "Iterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "IntoIterator",
    "Future",
    "Clone",
    "Deref",
];

pub(super) fn table() -> &'static Table {
    static READ: OnceLock<Table> = OnceLock::new();
    READ.get_or_init(|| Table::read(TABLE))
}

impl Table {
    fn read(text: &str) -> Table {
        let mut table = Table::default();
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // Lines that do not read are left out: the table is generated, and a reader
            // that panics would abort the threaded wasm build.
            let _ = table.read_line(line);
        }
        table
    }

    fn read_line(&mut self, line: &str) -> Option<()> {
        if let Some(at) = top_level(line, ": ") {
            let pattern = parse(&line[..at]);
            let Shape::Path {
                segments, assoc, ..
            } = parse(&line[at + 2..])
            else {
                return None;
            };
            let key = owner_key(&pattern)?;
            self.names.insert(key.clone());
            self.impls.entry(key).or_default().push(ImplSig {
                pattern,
                trait_name: segments.last()?.clone(),
                assoc,
            });
            return Some(());
        }
        let open = top_level(line, "(");
        if open.is_none() {
            let at = top_level(line, " = ")?;
            let Shape::Path { segments, args, .. } = parse(&line[..at]) else {
                return None;
            };
            let params = args
                .iter()
                .filter_map(|a| match a {
                    Shape::Path { segments, .. } => segments.first().cloned(),
                    _ => None,
                })
                .collect();
            let name: Box<str> = segments.join("::").into();
            self.names.insert(name.clone());
            self.aliases.insert(name, (params, parse(&line[at + 3..])));
            return Some(());
        }
        let open = open?;
        let head = &line[..open];
        let (owner, name, takes_self) = match (top_level_last(head, "."), head.rfind("::")) {
            (Some(dot), _) => (&head[..dot], &head[dot + 1..], true),
            (None, Some(colons)) => (&head[..colons], &head[colons + 2..], false),
            (None, None) => return None,
        };
        let close = open + matching_close(&line[open..])?;
        let args = split_top_level(&line[open + 1..close])
            .into_iter()
            .map(parse)
            .collect();
        let ret = parse(line[close + 1..].trim_start().strip_prefix("->")?);
        let owner = parse(owner);
        let key = match &owner {
            // A trait's own method: `Iterator.map`.
            Shape::Path { segments, args, .. }
                if args.is_empty() && TRAITS.iter().any(|t| segments.join("::") == *t) =>
            {
                segments.join("::").into()
            }
            owner => {
                let key = owner_key(owner)?;
                self.names.insert(key.clone());
                key
            }
        };
        self.methods
            .entry(key)
            .or_default()
            .entry(name.into())
            .or_default()
            .push(MethodSig {
                owner,
                takes_self,
                args,
                ret,
            });
        Some(())
    }

    pub fn methods(&self, owner: &str, method: &str) -> &[MethodSig] {
        self.methods
            .get(owner)
            .and_then(|m| m.get(method))
            .map_or(&[], Vec::as_slice)
    }

    pub fn impls(&self, owner: &str) -> &[ImplSig] {
        self.impls.get(owner).map_or(&[], Vec::as_slice)
    }

    pub fn alias(&self, name: &str) -> Option<&(Vec<Box<str>>, Shape)> {
        self.aliases.get(name)
    }

    /// The table's name of a covered type (or alias), as `name` is written or as its
    /// resolved path ends: `slice::Iter`, `HashMap`, `std::collections::hash_map::Iter`.
    pub fn covered<'t>(&'t self, segments: &[&str]) -> Option<&'t str> {
        let last = segments.last()?;
        if let [.., module, _] = segments {
            let qualified = format!("{module}::{last}");
            if let Some(key) = self.names.get(qualified.as_str()) {
                return Some(key);
            }
        }
        self.names.get(*last).map(|k| &**k)
    }

    /// The table's own spelling of a covered type's (or alias's) name.
    pub fn name(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(|k| &**k)
    }
}

/// How the table files a type: its path's name, `[]` for a slice.
fn owner_key(shape: &Shape) -> Option<Box<str>> {
    match shape {
        Shape::Path { segments, .. } => Some(segments.join("::").into()),
        Shape::Slice(_) => Some("[]".into()),
        _ => None,
    }
}

/// Where `needle` first occurs outside any brackets.
fn top_level(text: &str, needle: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (at, c) in text.char_indices() {
        if depth == 0 && text[at..].starts_with(needle) {
            return Some(at);
        }
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' if !text[..at].ends_with('-') => depth -= 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn top_level_last(text: &str, needle: &str) -> Option<usize> {
    let mut found = None;
    let mut depth = 0i32;
    for (at, c) in text.char_indices() {
        if depth == 0 && text[at..].starts_with(needle) {
            found = Some(at);
        }
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' if !text[..at].ends_with('-') => depth -= 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    found
}

/// The offset of the `)` that closes the `(` `text` starts with.
fn matching_close(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            '<' => depth += 1,
            '>' if !text[..at].ends_with('-') => depth -= 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// The comma-separated parts of an argument list, closures' own commas kept.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_closure = false;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '|' if depth == 0 => in_closure = !in_closure,
            '<' | '(' | '[' => depth += 1,
            '>' if !text[..at].ends_with('-') => depth -= 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 && !in_closure => {
                parts.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(text[start..].trim());
    }
    parts
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token<'t> {
    Word(&'t str),
    Lifetime,
    Punct(&'t str),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let c = bytes[at];
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        if c.is_ascii_whitespace() {
            at += 1;
        } else if c == b'\'' {
            at += 1;
            while at < bytes.len() && word(bytes[at]) {
                at += 1;
            }
            out.push(Token::Lifetime);
        } else if word(c) {
            let start = at;
            while at < bytes.len() && word(bytes[at]) {
                at += 1;
            }
            out.push(Token::Word(&text[start..at]));
        } else {
            let two = text.get(at..at + 2);
            let len = match two {
                Some("::" | "->") => 2,
                _ => text[at..].chars().next().map_or(1, char::len_utf8),
            };
            out.push(Token::Punct(&text[at..at + len]));
            at += len;
        }
    }
    out
}

/// Reads a type's text; what it cannot read is [`Shape::Unknown`].
pub(super) fn parse(text: &str) -> Shape {
    let tokens = tokens(text);
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
    };
    match parser.ty(MAX_DEPTH) {
        Some(shape) if parser.at == tokens.len() => shape,
        _ => Shape::Unknown,
    }
}

/// Type texts come from input: nesting beyond this is unknown.
const MAX_DEPTH: u32 = 24;

struct Parser<'t> {
    tokens: &'t [Token<'t>],
    at: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<Token<'t>> {
        self.tokens.get(self.at).copied()
    }

    fn eat(&mut self, punct: &str) -> bool {
        if self.peek() == Some(Token::Punct(punct)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.peek() == Some(Token::Word(word)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn ty(&mut self, depth: u32) -> Option<Shape> {
        let depth = depth.checked_sub(1)?;
        match self.peek()? {
            Token::Punct("&") => {
                self.at += 1;
                while self.peek() == Some(Token::Lifetime) {
                    self.at += 1;
                }
                self.eat_word("mut");
                Some(Shape::Ref(Box::new(self.ty(depth)?)))
            }
            Token::Punct("[") => {
                self.at += 1;
                let elem = self.ty(depth)?;
                if self.eat(";") {
                    // The length: anything up to the closing bracket.
                    let mut open = 0u32;
                    loop {
                        match self.peek()? {
                            Token::Punct("]") if open == 0 => break,
                            Token::Punct("[" | "(" | "{") => open += 1,
                            Token::Punct("]" | ")" | "}") => open = open.saturating_sub(1),
                            _ => {}
                        }
                        self.at += 1;
                    }
                }
                self.eat("]").then(|| Shape::Slice(Box::new(elem)))
            }
            Token::Punct("(") => {
                self.at += 1;
                let mut elems = Vec::new();
                while !self.eat(")") {
                    elems.push(self.ty(depth)?);
                    if !self.eat(",") && self.peek() != Some(Token::Punct(")")) {
                        return None;
                    }
                }
                Some(Shape::Tuple(elems))
            }
            Token::Punct("|") => {
                self.at += 1;
                let mut params = Vec::new();
                while !self.eat("|") {
                    params.push(self.ty(depth)?);
                    if !self.eat(",") && self.peek() != Some(Token::Punct("|")) {
                        return None;
                    }
                }
                Some(Shape::Closure(params, Box::new(self.ty(depth)?)))
            }
            Token::Word("impl" | "dyn") => {
                self.at += 1;
                self.bounds(depth)
            }
            Token::Word("_") => {
                self.at += 1;
                Some(Shape::Unknown)
            }
            Token::Word("mut" | "const" | "fn" | "unsafe" | "extern" | "for") => None,
            Token::Word(_) => self.path(depth),
            Token::Punct("::") => self.path(depth),
            _ => None,
        }
    }

    /// `Trait<..> + Send + 'a`: the first trait bound, the rest read past.
    fn bounds(&mut self, depth: u32) -> Option<Shape> {
        let mut first = None;
        loop {
            self.eat("?");
            match self.peek()? {
                Token::Lifetime => self.at += 1,
                _ => {
                    let bound = self.path(depth)?;
                    if first.is_none() {
                        first = Some(bound);
                    }
                }
            }
            if !self.eat("+") {
                break;
            }
        }
        match first? {
            Shape::Path {
                segments, assoc, ..
            } => Some(Shape::Impl(segments.last()?.clone(), assoc)),
            closure @ Shape::Closure(..) => Some(closure),
            _ => Some(Shape::Unknown),
        }
    }

    fn path(&mut self, depth: u32) -> Option<Shape> {
        let depth = depth.checked_sub(1)?;
        self.eat("::");
        let mut segments: Vec<Box<str>> = Vec::new();
        let mut args = Vec::new();
        let mut assoc = Vec::new();
        loop {
            let Token::Word(word) = self.peek()? else {
                return None;
            };
            self.at += 1;
            segments.push(word.into());
            if self.eat("<") {
                args.clear();
                assoc.clear();
                while !self.eat(">") {
                    match (self.peek()?, self.tokens.get(self.at + 1)) {
                        (Token::Lifetime, _) => self.at += 1,
                        (Token::Word(name), Some(Token::Punct("="))) => {
                            self.at += 2;
                            assoc.push((name.into(), self.ty(depth)?));
                        }
                        _ => args.push(self.ty(depth)?),
                    }
                    if !self.eat(",") && self.peek() != Some(Token::Punct(">")) {
                        return None;
                    }
                }
            } else if self.peek() == Some(Token::Punct("(")) {
                // `FnMut(A) -> B`.
                self.at += 1;
                let mut params = Vec::new();
                while !self.eat(")") {
                    params.push(self.ty(depth)?);
                    if !self.eat(",") && self.peek() != Some(Token::Punct(")")) {
                        return None;
                    }
                }
                let ret = match self.eat("->") {
                    true => self.ty(depth)?,
                    false => Shape::Tuple(Vec::new()),
                };
                return Some(Shape::Closure(params, Box::new(ret)));
            }
            if !self.eat("::") {
                break;
            }
        }
        Some(Shape::Path {
            segments,
            args,
            assoc,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(name: &str, args: Vec<Shape>) -> Shape {
        Shape::Path {
            segments: name.split("::").map(Into::into).collect(),
            args,
            assoc: Vec::new(),
        }
    }

    #[test]
    fn every_line_of_the_table_reads() {
        let mut table = Table::default();
        for line in TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert!(table.read_line(line).is_some(), "{line}");
        }
    }

    #[test]
    fn types_read_as_written() {
        assert_eq!(
            parse("Option<&'a mut Vec<T>>"),
            path(
                "Option",
                vec![Shape::Ref(Box::new(path("Vec", vec![path("T", vec![])])))]
            )
        );
        assert_eq!(
            parse("impl Iterator<Item = &'a str> + '_"),
            Shape::Impl(
                "Iterator".into(),
                vec![("Item".into(), Shape::Ref(Box::new(path("str", vec![]))))]
            )
        );
        assert_eq!(
            parse("|B, Self::Item| B"),
            Shape::Closure(
                vec![path("B", vec![]), path("Self::Item", vec![])],
                Box::new(path("B", vec![]))
            )
        );
        assert_eq!(
            parse("[u8; 4 * N]"),
            Shape::Slice(Box::new(path("u8", vec![])))
        );
        assert_eq!(parse("Vec<<T as X>::Y>"), Shape::Unknown);
        assert_eq!(parse("fn(u8) -> u8"), Shape::Unknown);
        assert_eq!(parse("Vec<"), Shape::Unknown);
        assert_eq!(parse(&"Box<".repeat(100)), Shape::Unknown);
    }

    #[test]
    fn the_table_knows_std() {
        let table = table();
        assert!(!table.methods("Option", "map").is_empty());
        assert!(!table.methods("[]", "iter").is_empty());
        assert!(!table.methods("Iterator", "map").is_empty());
        assert!(table
            .impls("slice::Iter")
            .iter()
            .any(|i| &*i.trait_name == "Iterator"));
        assert!(table.alias("LockResult").is_some());
        assert_eq!(
            table.covered(&["std", "slice", "Iter"]),
            Some("slice::Iter")
        );
        assert_eq!(table.covered(&["Vec"]), Some("Vec"));
        assert_eq!(table.covered(&["Iter"]), None);
    }
}
