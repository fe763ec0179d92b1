//! What parse+visit hands the later phases. `raw` is the plain data it emits (nodes,
//! relations, names and call sites to resolve, `mod` declarations), with
//! `path_text` for the paths in it; `freeze` and `resolve` read these. `store` is the
//! concurrent [`store::VisitorState`] the visit fills from many threads, in `batches`, and
//! that `freeze` consumes.

pub mod batches;
pub mod path_text;
pub mod raw;
pub mod store;
