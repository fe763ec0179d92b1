//! The WebAssembly build: the API that `www/engine/worker.js` calls
//! ([`api`], with the `wasm` feature) and the threaded build's global
//! allocator (`alloc`, compiled for native tests too, so that its lists and
//! depots are tested without a browser).

#[cfg(feature = "wasm")]
pub mod api;

#[cfg(any(test, all(target_arch = "wasm32", target_feature = "atomics")))]
mod alloc;
