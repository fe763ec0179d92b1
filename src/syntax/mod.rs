//! Rust text below the level of syn: a lexer, the splitter that cuts a file into item chunks
//! with it, recovery's scanners over one item's tokens, parsing a chunk with recovery (and the stubs it
//! keeps of items whose header does not parse), doc
//! comments read from the text, and span offsets.
//!
//! Everything here works on one file's text and needs no other phase, which makes it the fuzz
//! targets' unit (`fuzz/fuzz_targets/`).

pub mod docs;
mod lexer;
pub mod offsets;
pub mod recover;
pub mod scan;
pub mod split;
mod stub;
#[cfg(test)]
mod testing;
