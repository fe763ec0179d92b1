//! Rust text below the level of syn: cutting a file into item chunks, parsing a chunk with
//! recovery, doc comments read from the text, and span offsets.
//!
//! Everything here works on one file's text and needs no other phase, which makes it the fuzz
//! targets' unit (`fuzz/fuzz_targets/`).

pub mod docs;
pub mod offsets;
pub mod recover;
pub mod split;
