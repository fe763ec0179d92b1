//! The `cratemap` command line (feature `cli`): its arguments ([`args`]) and
//! one module per command, each with a `run` that `src/main.rs` dispatches to.
//! A library module rather than the binary's own, so that the tests drive the
//! real server ([`serve::start`]) in-process.

pub mod analyze;
pub mod args;
pub mod export;
mod io;
pub mod metrics;
pub mod serve;
