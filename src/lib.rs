//! cratemap: Rust source in, code graph out.
//!
//! The pipeline (see ARCHITECTURE.md): decode → split → parse+visit (parallel)
//! → discover → freeze → resolve → export. [`analyze`] runs it all; the CLI
//! and the wasm API are thin layers over it.

pub mod discover;
pub mod export;
pub mod freeze;
#[cfg(feature = "cli")]
pub mod metrics;
pub mod model;
pub mod path_text;
pub mod pipeline;
pub mod resolve;
#[cfg(feature = "cli")]
pub mod serve;
pub mod state;
pub mod syntax;
#[cfg(feature = "synth")]
pub mod synth;
pub mod vfs;
pub mod visit;

#[cfg(feature = "wasm")]
pub mod wasm;

// The threaded wasm build's allocator; compiled for native tests too.
#[cfg(any(test, all(target_arch = "wasm32", target_feature = "atomics")))]
mod alloc;

pub use model::Graph;
pub use pipeline::{analyze, analyze_with_progress, Limits, Options, Phase, Progress};
pub use vfs::SourceFile;
