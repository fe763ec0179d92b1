//! Rust's lexical grammar, as far as the splitter and recovery's scanners need it: plain and
//! doc comments (block comments nest), every kind of literal (strings with escapes, raw strings,
//! chars and bytes, told apart from lifetimes), words, delimiters and single ASCII punctuation.
//!
//! Whitespace is skipped, never returned. The lexer never fails: a token that the text ends
//! inside runs to the end and says so (`Token::unterminated`), and a stray quote stops at its
//! line's end, as in rustc.

/// What a token is, as far as splitting cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A plain (non-doc) comment: never part of a chunk's edges. Whitespace is no token at all.
    Comment,
    /// A doc comment: inner (`//!`, `/*!`) or outer (`///`, `/**`).
    Doc {
        inner: bool,
    },
    /// An identifier, keyword, raw identifier or number.
    Word,
    Lifetime,
    /// A string with escapes: `"..."`, `b"..."` or `c"..."`.
    Str,
    /// A raw string, a char or a byte literal.
    Literal,
    Open(u8),
    Close(u8),
    /// `->` or `=>`, lexed whole because their `>` closes no generics.
    Arrow,
    /// Any other ASCII character, one at a time.
    Punct(u8),
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Set when the text ended inside the token: what to report.
    pub(super) unterminated: Option<&'static str>,
}

/// Rust's lexical grammar, as far as splitting needs it. Tokens start and end on char
/// boundaries: the lexer only ever stops at an ASCII byte, after a whole char, or at the end.
#[derive(Clone)]
pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    unterminated: Option<&'static str>,
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        // Whitespace is skipped rather than returned: nothing looks at it, and a token per
        // gap between tokens was a third of the splitting time.
        self.whitespace();
        let start = self.pos;
        let first = *self.text.as_bytes().get(start)?;
        let kind = match first {
            b'/' if self.at(start + 1) == b'/' => self.line_comment(),
            b'/' if self.at(start + 1) == b'*' => self.block_comment(),
            b'"' => self.string(start + 1, "unterminated string literal"),
            b'\'' => self.quote(),
            b'(' | b'[' | b'{' => self.single(Kind::Open(first)),
            b')' | b']' | b'}' => self.single(Kind::Close(first)),
            b'-' | b'=' if self.at(start + 1) == b'>' => {
                self.pos += 2;
                Kind::Arrow
            }
            b if b.is_ascii() && !is_word_byte(b) => self.single(Kind::Punct(b)),
            _ => self.word(),
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
            unterminated: self.unterminated.take(),
        })
    }
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str, pos: usize) -> Self {
        Lexer {
            text,
            pos,
            unterminated: None,
        }
    }

    /// The byte at `i`, or 0 past the end (callers never look for a NUL).
    fn at(&self, i: usize) -> u8 {
        self.text.as_bytes().get(i).copied().unwrap_or(0)
    }

    fn rest(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.pos..).unwrap_or_default()
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().next()
    }

    fn single(&mut self, kind: Kind) -> Kind {
        self.pos += 1;
        kind
    }

    fn whitespace(&mut self) {
        loop {
            let ascii = self
                .rest()
                .iter()
                .take_while(|&&b| is_space_byte(b))
                .count();
            self.pos += ascii;
            // Nearly always ASCII (or the end, 0): no character to decode then.
            if self.at(self.pos).is_ascii() {
                return;
            }
            match self.char_at(self.pos) {
                Some(c) if is_whitespace(c) => self.pos += c.len_utf8(),
                _ => return,
            }
        }
    }

    fn eat_word(&mut self) {
        loop {
            let ascii = self
                .rest()
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
                .count();
            self.pos += ascii;
            if self.at(self.pos).is_ascii() {
                return;
            }
            match self.char_at(self.pos) {
                Some(c) if !is_whitespace(c) => self.pos += c.len_utf8(),
                _ => return,
            }
        }
    }

    /// A word, unless it is the prefix of a literal: `r"..."`, `b'x'`, `c"..."`, `br#"..."#`...
    fn word(&mut self) -> Kind {
        let start = self.pos;
        self.eat_word();
        let open = self.pos + 1;
        match (&self.text[start..self.pos], self.at(self.pos)) {
            ("r", b'"' | b'#') => self.raw("unterminated raw string literal", true),
            ("br", b'"' | b'#') => self.raw("unterminated raw byte string literal", false),
            ("cr", b'"' | b'#') => self.raw("unterminated raw C string literal", false),
            ("b", b'"') => self.string(open, "unterminated byte string literal"),
            ("c", b'"') => self.string(open, "unterminated C string literal"),
            ("b", b'\'') => {
                self.single_quoted(open);
                Kind::Literal
            }
            _ => Kind::Word,
        }
    }

    /// After a raw prefix, at `#` or `"`: a raw string `r##"..."##`, a raw identifier
    /// `r#type` (if `ident_allowed`), or else just the prefix as a word.
    fn raw(&mut self, message: &'static str, ident_allowed: bool) -> Kind {
        let hashes_start = self.pos;
        while self.at(self.pos) == b'#' {
            self.pos += 1;
        }
        let hashes = self.pos - hashes_start;
        if self.at(self.pos) != b'"' {
            if ident_allowed && hashes == 1 && self.char_at(self.pos).is_some_and(is_ident_start) {
                self.eat_word();
            } else {
                self.pos = hashes_start;
            }
            return Kind::Word;
        }
        let bytes = self.text.as_bytes();
        let mut p = self.pos + 1;
        while let Some(quote) = bytes[p..].iter().position(|&b| b == b'"') {
            p += quote + 1;
            let closes = bytes
                .get(p..p + hashes)
                .is_some_and(|h| h.iter().all(|&b| b == b'#'));
            if closes {
                self.pos = p + hashes;
                return Kind::Literal;
            }
        }
        self.pos = bytes.len();
        self.unterminated = Some(message);
        Kind::Literal
    }

    /// The rest of a string with escapes, from `p` just after its opening `"`.
    fn string(&mut self, mut p: usize, message: &'static str) -> Kind {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(p) {
            match b {
                b'"' => {
                    self.pos = p + 1;
                    return Kind::Str;
                }
                b'\\' => p += 2,
                _ => p += 1,
            }
        }
        self.pos = bytes.len();
        self.unterminated = Some(message);
        Kind::Str
    }

    /// At a `'`: a char literal (`'a'`, `'\n'`, `'\''`) or a lifetime or label (`'a`,
    /// `'static`), told apart the way rustc does: `'x` followed by a word is a lifetime unless
    /// a `'` ends the word.
    fn quote(&mut self) -> Kind {
        let first = self.pos + 1;
        let Some(c) = self.char_at(first) else {
            self.pos = first;
            return Kind::Literal;
        };
        let second = first + c.len_utf8();
        if self.at(second) != b'\'' && (is_ident_start(c) || c.is_ascii_digit()) {
            self.pos = second;
            self.eat_word();
            if self.at(self.pos) == b'\'' {
                self.pos += 1;
                return Kind::Literal;
            }
            return Kind::Lifetime;
        }
        self.single_quoted(first);
        Kind::Literal
    }

    /// The body of a char or byte literal from `first`, just after its `'`. Like rustc, an
    /// unterminated one stops at a newline or `/`, so that a stray quote never swallows the
    /// rest of the file.
    fn single_quoted(&mut self, first: usize) {
        if let Some(c) = self.char_at(first) {
            if c != '\\' && self.at(first + c.len_utf8()) == b'\'' {
                self.pos = first + c.len_utf8() + 1;
                return;
            }
        }
        let bytes = self.text.as_bytes();
        let mut p = first;
        while let Some(&b) = bytes.get(p) {
            match b {
                b'\'' => {
                    self.pos = p + 1;
                    return;
                }
                b'/' => break,
                b'\n' if self.at(p + 1) != b'\'' => break,
                b'\\' => p += 2,
                _ => p += 1,
            }
        }
        self.pos = p.min(bytes.len());
    }

    fn line_comment(&mut self) -> Kind {
        let start = self.pos;
        let kind = match (self.at(start + 2), self.at(start + 3)) {
            (b'!', _) => Kind::Doc { inner: true },
            (b'/', next) if next != b'/' => Kind::Doc { inner: false },
            _ => Kind::Comment,
        };
        self.pos = match self.text[start..].find('\n') {
            // Not the `\r` of a CRLF either: a doc comment ending a chunk with a bare `\r`
            // would not parse.
            Some(newline) if self.at(start + newline - 1) == b'\r' => start + newline - 1,
            Some(newline) => start + newline,
            None => self.text.len(),
        };
        kind
    }

    /// A block comment, nested ones included. `/**/` and `/***` are plain, as in rustc.
    fn block_comment(&mut self) -> Kind {
        let start = self.pos;
        let kind = match (self.at(start + 2), self.at(start + 3)) {
            (b'!', _) => Kind::Doc { inner: true },
            (b'*', next) if next != b'*' && next != b'/' => Kind::Doc { inner: false },
            _ => Kind::Comment,
        };
        let bytes = self.text.as_bytes();
        let mut depth = 1usize;
        let mut p = start + 2;
        while let Some(&b) = bytes.get(p) {
            match (b, self.at(p + 1)) {
                (b'/', b'*') => {
                    depth += 1;
                    p += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    p += 2;
                    if depth == 0 {
                        self.pos = p;
                        return kind;
                    }
                }
                _ => p += 1,
            }
        }
        self.pos = bytes.len();
        self.unterminated = Some(if kind == Kind::Comment {
            "unterminated block comment"
        } else {
            "unterminated doc comment"
        });
        kind
    }
}

/// Rust's whitespace (`Pattern_White_Space`), which is not `char::is_whitespace`.
pub(super) fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{b}'
            | '\u{c}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The ASCII part of [`is_whitespace`], for the fast path.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Any non-ASCII character that is not whitespace counts as part of a word: close enough to
/// `XID_Continue` for splitting, where only ASCII punctuation matters.
pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && !is_whitespace(c))
}

/// The opening delimiter that `closer` (a `)`, `]` or `}`) closes.
pub(super) fn opener_for(closer: u8) -> u8 {
    match closer {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::split::split;
    use crate::syntax::testing::{
        assert_items_are_chunks, assert_round_trip, check_invariants, chunks,
    };
    use proptest::prelude::*;

    #[test]
    fn comments_hide_delimiters() {
        let text = "fn a() { // }\n}\n/* } /* nested } */ still } */\nfn b() {}\n// {\n";
        assert_eq!(chunks(text), ["fn a() { // }\n}", "fn b() {}"]);
        assert_round_trip(text);
    }

    #[test]
    fn doc_comments_start_chunks_and_plain_ones_do_not() {
        let text = "/// outer\nfn a() {}\n/** block */\nfn b() {}\n/**/ fn c() {}\n\
                    /*** plain */ fn d() {}\n//// plain\nfn e() {}\n#[cfg(x)] // note\nfn f() {}";
        assert_eq!(
            chunks(text),
            [
                "/// outer\nfn a() {}",
                "/** block */\nfn b() {}",
                "fn c() {}",
                "fn d() {}",
                "fn e() {}",
                "#[cfg(x)] // note\nfn f() {}",
            ]
        );
        assert_round_trip(text);
    }

    #[test]
    fn strings_hide_delimiters() {
        let items = [
            r#"fn a() { let _ = "}\"}"; }"#,
            r#"fn b() { let _ = "\\"; }"#,
            r##"fn c() { let _ = r#"}"}"#; }"##,
            r###"fn d() { let _ = r##"}"#}"##; }"###,
            r#"fn e() { let _ = r"}\"; }"#,
            r#"fn f() { let _ = b"}\"}"; }"#,
            r##"fn g() { let _ = br#"}"}"#; }"##,
            r#"fn h() { let _ = c"}\"}"; }"#,
            r##"fn i() { let _ = cr#"}"}"#; }"##,
            "fn j() { let _ = \"multi\n}\nline\"; }",
        ];
        assert_items_are_chunks(&items);
    }

    #[test]
    fn char_literals_versus_lifetimes() {
        let items = [
            "fn a<'a>(x: &'a str) -> char { '}' }",
            r"fn b() { let _ = ['\'', '\\', '\n', '\u{1F600}', '\u{7d}', '{', '}', '(']; }",
            r"fn c() { let _ = [b'}', b'\'', b'\\', b'{']; }",
            "fn d() -> &'static str { 'outer: loop { break 'outer \"}\"; } }",
            "fn e(_: &'_ u8) { let _ = 'x'; }",
            "fn f() { let _ = ['😀', 'é', '\"']; }",
            "fn g<'a, 'b: 'a>() where 'a: 'b {}",
        ];
        assert_items_are_chunks(&items);
    }

    #[test]
    fn raw_identifiers_are_not_keywords() {
        // `r#static` is a macro name here, not the `static` that would wait for a `;`.
        assert_eq!(
            chunks("r#static! {}\nstruct S;"),
            ["r#static! {}", "struct S;"]
        );
        let text = "fn r#match(r#type: u8) { let r#struct = '}'; }\nstruct r#enum;";
        assert_eq!(
            chunks(text),
            [
                "fn r#match(r#type: u8) { let r#struct = '}'; }",
                "struct r#enum;"
            ]
        );
        assert_round_trip(text);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "",
            "'",
            "''",
            "'''",
            "'\\",
            "r",
            "r#",
            "r##",
            "r#\"",
            "b",
            "b'",
            "br",
            "br#",
            "c",
            "cr#",
            "c\"",
            "\"",
            "\"\\",
            "/",
            "/*",
            "/**",
            "/*!",
            "//",
            "#",
            "#!",
            "#![",
            "}",
            ")",
            "]",
            "{",
            "(",
            "[",
            "é'",
            "'é",
            "'\u{2028}'",
            "\u{2028}\u{85}",
            "\0",
            "-",
            "=",
            "'0",
            "r#é",
            "'r#a",
            "b'\\",
            "\r",
            "#!\n",
            "x\u{85}y",
        ] {
            check_invariants(text, &split(text));
        }
    }

    /// Tokens to build Rust-like text from, chosen to hit every corner of the lexer.
    const PIECES: &[&str] = &[
        "fn",
        "struct",
        "const",
        "static",
        "use",
        "let",
        "extern",
        "crate",
        "pub",
        "impl",
        "macro_rules!",
        "m!",
        "r#type",
        "x",
        "_",
        "0",
        " ",
        "\n",
        "\r\n",
        "\t",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "<",
        ">",
        "->",
        "=",
        ",",
        ";",
        "#",
        "!",
        "#![",
        "#[",
        "'",
        "'a",
        "'a'",
        "'\\''",
        "b'",
        "\"",
        "\\",
        "\"\\\"",
        "r\"",
        "r#\"",
        "\"#",
        "br#\"",
        "b\"",
        "c\"",
        "cr#\"",
        "r#",
        "/*",
        "*/",
        "/**",
        "/*!",
        "//",
        "///",
        "//!",
        "\nfn",
        "é",
        "😀",
        "\u{2028}",
        "\u{85}",
    ];

    proptest! {
        #[test]
        fn arbitrary_text(text in any::<String>()) {
            check_invariants(&text, &split(&text));
        }

        #[test]
        fn rust_like_text(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..80)) {
            let text = pieces.concat();
            check_invariants(&text, &split(&text));
        }

    }
}
