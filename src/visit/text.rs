//! Compact, rustfmt-like text for token streams: signatures, type names and
//! attributes. `Vec < T >` and `Vec<T>` print alike, which makes this the
//! normal form that the type interner keys on.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use std::fmt::Write;

/// Prints any syntax node compactly.
pub fn tidy<T: ToTokens + ?Sized>(node: &T) -> String {
    tidy_tokens(node.to_token_stream())
}

/// [`tidy`] for a type, without building its tokens when it is a path with no generic
/// arguments (`usize`, `Self`, `io::Result`), the most common type by far: those print as
/// their segments joined by `::`, which is what `tidy` makes of them too.
pub fn tidy_type(ty: &syn::Type) -> String {
    let syn::Type::Path(syn::TypePath { qself: None, path }) = ty else {
        return tidy(ty);
    };
    if path
        .segments
        .iter()
        .any(|s| !matches!(s.arguments, syn::PathArguments::None))
    {
        return tidy(ty);
    }
    let mut out = String::new();
    for (index, segment) in path.segments.iter().enumerate() {
        if index > 0 || path.leading_colon.is_some() {
            out.push_str("::");
        }
        let _ = write!(out, "{}", segment.ident);
    }
    out
}

/// [`tidy`] for a function signature, printed straight from syn's tree in the common case
/// (no generics, no `where`, no variadic, no attributes on parameters, parameters that are
/// plain names or `self`), which is what `tidy` makes of it too: a signature is printed for
/// every function in the input, and building its tokens first was most of that. Anything
/// else goes through `tidy`.
pub fn tidy_signature(sig: &syn::Signature) -> String {
    let plain = sig.generics.params.is_empty()
        && sig.generics.where_clause.is_none()
        && sig.variadic.is_none()
        && sig.inputs.iter().all(|input| match input {
            syn::FnArg::Receiver(receiver) => receiver.attrs.is_empty(),
            syn::FnArg::Typed(typed) => {
                typed.attrs.is_empty()
                    && matches!(
                        &*typed.pat,
                        syn::Pat::Ident(syn::PatIdent {
                            attrs,
                            by_ref: None,
                            subpat: None,
                            ..
                        }) if attrs.is_empty()
                    )
            }
        });
    if !plain {
        return tidy(sig);
    }
    let mut out = String::new();
    for (present, word) in [
        (sig.constness.is_some(), "const "),
        (sig.asyncness.is_some(), "async "),
        (sig.unsafety.is_some(), "unsafe "),
    ] {
        if present {
            out.push_str(word);
        }
    }
    if let Some(abi) = &sig.abi {
        out.push_str("extern ");
        if let Some(name) = &abi.name {
            let _ = write!(out, "{} ", name.token());
        }
    }
    let _ = write!(out, "fn {}(", sig.ident);
    for (index, input) in sig.inputs.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        match input {
            syn::FnArg::Receiver(receiver) if receiver.colon_token.is_none() => {
                if let Some((_, lifetime)) = &receiver.reference {
                    out.push('&');
                    if let Some(lifetime) = lifetime {
                        let _ = write!(out, "{lifetime} ");
                    }
                }
                if receiver.mutability.is_some() {
                    out.push_str("mut ");
                }
                out.push_str("self");
            }
            syn::FnArg::Receiver(receiver) => {
                if receiver.mutability.is_some() {
                    out.push_str("mut ");
                }
                out.push_str("self: ");
                out.push_str(&tidy_type(&receiver.ty));
            }
            syn::FnArg::Typed(typed) => {
                if let syn::Pat::Ident(name) = &*typed.pat {
                    if name.mutability.is_some() {
                        out.push_str("mut ");
                    }
                    let _ = write!(out, "{}", name.ident);
                }
                out.push_str(": ");
                out.push_str(&tidy_type(&typed.ty));
            }
        }
    }
    if sig.inputs.trailing_punct() {
        out.push_str(", ");
    }
    out.push(')');
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        out.push_str(" -> ");
        out.push_str(&tidy_type(ty));
    }
    out
}

pub fn tidy_tokens(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_stream(&mut out, tokens);
    out
}

/// What the last emitted piece was, which decides the space before the next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Word,
    /// A keyword after which a `(` or `[` group is spaced (`mut [u8]`, `dyn (A)`).
    Keyword,
    /// An operator after which the next token sticks (`&`, `::`, `<`, `'`, ...).
    Tight,
    /// An operator that already ended with a space (`, `, ` = `, ...).
    Spaced,
    Close,
}

// Printing goes straight into `out` (`write!` cannot fail on a `String`): this runs for
// every type and signature in the input, and a `String` per token added up.
fn write_stream(out: &mut String, tokens: TokenStream) {
    let mut last = Last::Start;
    let mut op = String::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        match tree {
            TokenTree::Ident(ident) => {
                if matches!(last, Last::Word | Last::Keyword | Last::Close) {
                    out.push(' ');
                }
                let at = out.len();
                let _ = write!(out, "{ident}");
                last = if SPACED_KEYWORDS.contains(&&out[at..]) {
                    Last::Keyword
                } else {
                    Last::Word
                };
            }
            TokenTree::Literal(lit) => {
                if matches!(last, Last::Word | Last::Keyword | Last::Close) {
                    out.push(' ');
                }
                let _ = write!(out, "{lit}");
                last = Last::Word;
            }
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                let space = match delimiter {
                    Delimiter::Brace => !matches!(last, Last::Start | Last::Spaced),
                    Delimiter::None => matches!(last, Last::Word | Last::Keyword | Last::Close),
                    Delimiter::Parenthesis | Delimiter::Bracket => last == Last::Keyword,
                };
                if space {
                    out.push(' ');
                }
                let inner = group.stream();
                // Without the group's own handle on its tokens, iterating them takes them
                // instead of copying them all.
                drop(group);
                if delimiter == Delimiter::Brace && inner.is_empty() {
                    out.push_str("{}");
                } else {
                    out.push_str(open);
                    write_stream(out, inner);
                    out.push_str(close);
                }
                last = Last::Close;
            }
            TokenTree::Punct(first) => {
                op.clear();
                op.push(first.as_char());
                let mut spacing = first.spacing();
                while spacing == Spacing::Joint {
                    match iter.peek() {
                        Some(TokenTree::Punct(next)) if first.as_char() != '\'' => {
                            op.push(next.as_char());
                            spacing = next.spacing();
                            iter.next();
                        }
                        _ => break,
                    }
                }
                last = write_op(out, &op, last);
            }
        }
    }
}

/// Keywords that a following `(` or `[` does not stick to, unlike a name in
/// a call or an index (`f(x)`, `a[i]`). `fn(u8)` and `pub(crate)` stay tight.
const SPACED_KEYWORDS: &[&str] = &[
    "as", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "move", "mut", "ref",
    "return", "static", "unsafe", "where", "while",
];

fn write_op(out: &mut String, op: &str, last: Last) -> Last {
    match op {
        "," | ";" => {
            out.push_str(op);
            out.push(' ');
            Last::Spaced
        }
        ":" => {
            out.push_str(": ");
            Last::Spaced
        }
        "=" | "->" | "=>" | "+" | "==" | "!=" | "+=" | "-=" | "|=" | "&=" | "&&" | "||" | "<="
        | ">=" | "/" | "%" | "^" | ".." | "..=" => {
            if last != Last::Spaced && last != Last::Start {
                out.push(' ');
            }
            out.push_str(op);
            out.push(' ');
            Last::Spaced
        }
        // A leading `::` (a global path) or one after a word is tight either way.
        ">" | ">>" | ")" => {
            out.push_str(op);
            Last::Close
        }
        _ => {
            // `&`, `*`, `::`, `<`, `'`, `#`, `!`, `?`, `-`, `.`, `|`, `@`, `$`, `~`
            let after_word = matches!(op, "|" | "-" | "*" | "&" | "@")
                && matches!(last, Last::Word | Last::Close);
            // `dyn ?Sized`, `mut *p`, `as *const T`; but `impl<T>` and `for<'a>`.
            let after_keyword = last == Last::Keyword && !matches!(op, "<" | "::");
            if after_word || after_keyword {
                out.push(' ');
            }
            out.push_str(op);
            Last::Tight
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_print_as_their_tokens_do() {
        for source in [
            "fn f()",
            "pub const unsafe extern \"C-unwind\" fn r#match(mut x: u8, _y: &'a mut [T]) -> !",
            "async fn f(&self, f: impl Fn(u8) -> u8) -> Result<(), Box<dyn Error + Send>>",
            "fn f(&'a mut self, x: (u8, &str), y: [u8; N]) -> *const u8",
            "fn f(mut self, p: <T as Tr>::Out) -> Self",
            "fn f(self: Box<Self>, g: fn(u8) -> u8)",
            "fn f(mut self: Pin<&mut Self>)",
            "fn f(\n    a: u8,\n    b: u8,\n) -> u8",
            "extern fn f(&mut self)",
            "fn f<T: Clone>(x: T) where T: Send",
            "fn f((a, b): (u8, u8), Foo { x, .. }: Foo, ref r: u8)",
            "unsafe extern \"C\" fn f(x: i32, ...)",
        ] {
            let item: syn::ForeignItemFn = syn::parse_str(&format!("{source};")).unwrap();
            assert_eq!(tidy_signature(&item.sig), tidy(&item.sig), "{source}");
        }
    }

    fn ty(src: &str) -> String {
        tidy(&syn::parse_str::<syn::Type>(src).unwrap())
    }

    #[test]
    fn types_print_compactly() {
        assert_eq!(ty("Vec < T >"), "Vec<T>");
        assert_eq!(ty("& 'a mut [u8]"), "&'a mut [u8]");
        assert_eq!(
            ty("HashMap<String,Vec<(u8,i32)>>"),
            "HashMap<String, Vec<(u8, i32)>>"
        );
        assert_eq!(
            ty("Box<dyn Fn(u8)->u8 + Send + 'static>"),
            "Box<dyn Fn(u8) -> u8 + Send + 'static>"
        );
        assert_eq!(ty("*const T"), "*const T");
        assert_eq!(ty("[u8; 4]"), "[u8; 4]");
        assert_eq!(ty("<T as Iterator>::Item"), "<T as Iterator>::Item");
        assert_eq!(
            ty("impl Iterator<Item = &'a str>"),
            "impl Iterator<Item = &'a str>"
        );
        assert_eq!(ty("fn(&str) -> !"), "fn(&str) -> !");
        assert_eq!(ty("::std::vec::Vec<u8>"), "::std::vec::Vec<u8>");
        assert_eq!(ty("Option<&dyn ?Sized>"), "Option<&dyn ?Sized>");
    }

    #[test]
    fn plain_paths_print_alike_both_ways() {
        for src in [
            "usize",
            "Self",
            "io::Result",
            "::std::io::Error",
            "r#type",
            "crate::a::B",
            "Vec<u8>",
            "&str",
            "<T as Tr>::Out",
            "super::X",
        ] {
            let ty = syn::parse_str::<syn::Type>(src).unwrap();
            assert_eq!(tidy_type(&ty), tidy(&ty), "{src}");
        }
    }

    #[test]
    fn signatures_print_compactly() {
        let f: syn::ItemFn = syn::parse_str(
            "pub async fn f<'a, T: Clone>(x: &'a T, y: u8) -> Result<T, E> where T: Send {}",
        )
        .unwrap();
        assert_eq!(
            tidy(&f.sig),
            "async fn f<'a, T: Clone>(x: &'a T, y: u8) -> Result<T, E> where T: Send"
        );
    }
}
