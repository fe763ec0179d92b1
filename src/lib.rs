//! cratemap: Rust source in, code graph out.
//!
//! The pipeline (see ARCHITECTURE.md): decode → split → parse+visit (parallel)
//! → discover → freeze → resolve → export. [`analyze`] runs it all; the CLI
//! and the wasm API are thin layers over it.

#[cfg(feature = "cli")]
pub mod cargo;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnostics;
pub mod discover;
pub mod expand;
pub mod export;
pub mod freeze;
pub mod model;
pub mod pipeline;
pub mod resolve;
pub mod state;
pub mod syntax;
#[cfg(feature = "synth")]
pub mod synth;
pub mod vfs;
pub mod visit;

// Each part of it carries its own cfg (the API needs the `wasm` feature, the
// allocator is also compiled for native tests).
pub mod wasm;

pub use model::Graph;
pub use pipeline::{analyze, analyze_with_progress, Limits, Options, Phase, Progress};
pub use vfs::SourceFile;
