//! The WebAssembly API, called by `www/engine/worker.js` (never by a page's
//! main thread: the threaded build blocks with `Atomics.wait`).
//!
//! Two builds come from this file (`scripts/build-wasm.sh`):
//! - `threads`: the analysis runs on wasm-bindgen-rayon's pool of Web
//!   Workers. The engine thread (the worker that called [`analyze`]) only
//!   waits for the result and relays progress, so rayon never runs on it.
//! - single (`wasm` alone): everything runs on the engine thread, and rayon
//!   falls back to sequential iteration by itself.
//!
//! Nothing here may panic on bad input: in the threaded build a panic aborts
//! the whole instance. Errors become JS exceptions; a panic that slips
//! through anyway is caught by the hook installed by [`engine_init`], which
//! reports it before the abort.

use crate::model::Graph;
use crate::vfs::SourceFile;
use crate::{Options, Progress};
use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Wall-clock milliseconds, for the phase timings. `performance.timeOrigin +
/// performance.now()` rather than `now()` alone: each Worker has its own time
/// origin, and a run's clocks may be read on different pool threads.
pub fn now_ms() -> f64 {
    let global = js_sys::global();
    Reflect::get(&global, &"performance".into())
        .ok()
        .filter(|performance| !performance.is_undefined())
        .and_then(|performance| {
            let origin = Reflect::get(&performance, &"timeOrigin".into())
                .ok()?
                .as_f64()?;
            let now = Reflect::get(&performance, &"now".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            Some(origin + now.call0(&performance).ok()?.as_f64()?)
        })
        .unwrap_or_else(js_sys::Date::now)
}

/// Prepares the engine once its module (and in the threaded build, its
/// thread pool) is up; returns the number of threads that do the work.
#[wasm_bindgen(js_name = engineInit)]
pub fn engine_init() -> usize {
    failure::install_hook();
    #[cfg(feature = "threads")]
    {
        // Thread-local storage exists now on every thread (see `alloc`), so
        // the allocator's per-thread caches can be switched on.
        crate::wasm::alloc::enable_thread_cache();
        rayon::broadcast(|_| crate::wasm::alloc::enable_thread_cache());
    }
    rayon::current_num_threads()
}

/// Names this build, e.g. `cratemap 0.1.0 (threads, release)`.
#[wasm_bindgen(js_name = engineBuild)]
pub fn engine_build() -> String {
    format!(
        "cratemap {} ({}, {})",
        env!("CARGO_PKG_VERSION"),
        if cfg!(feature = "threads") {
            "threads"
        } else {
            "single"
        },
        if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        }
    )
}

/// This build's default nesting limit ([`crate::Limits::max_depth`]), which
/// [`analyze`]'s `max_depth` overrides.
#[wasm_bindgen(js_name = defaultMaxDepth)]
pub fn default_max_depth() -> usize {
    crate::Limits::default().max_depth
}

/// Analyzes the files and returns the graph (contract v1) as UTF-8 JSON.
///
/// `on_progress(phase, done, total)` is called on the engine thread. JSON
/// bytes, not a JS object: measured fastest for large graphs, and the bytes
/// transfer to the page without a copy (BENCHMARKS.md, "wasm").
///
/// `max_depth` overrides [`crate::Limits::max_depth`] (`None`: this build's
/// default); 0 is refused, as it would leave every item out.
///
/// `abort_for_test` makes the run panic midway, as a real bug would; the
/// engine's tests use it to check that a dead engine is reported and
/// replaced.
#[wasm_bindgen]
pub fn analyze(
    paths: Vec<String>,
    contents: Vec<Uint8Array>,
    timings: bool,
    max_depth: Option<u32>,
    on_progress: &Function,
    abort_for_test: bool,
) -> Result<Vec<u8>, JsError> {
    if paths.len() != contents.len() {
        return Err(JsError::new(&format!(
            "{} paths but {} file contents",
            paths.len(),
            contents.len()
        )));
    }
    let mut limits = crate::Limits::default();
    if let Some(depth) = max_depth {
        if depth == 0 {
            return Err(JsError::new("maxDepth must be at least 1"));
        }
        limits.max_depth = depth as usize;
    }
    let files: Vec<SourceFile> = paths
        .into_iter()
        .zip(contents)
        .map(|(path, bytes)| SourceFile::new(path, bytes.to_vec()))
        .collect();
    let options = Options {
        timings,
        limits,
        ..Options::default()
    };
    let hooks = Hooks {
        on_progress,
        abort_for_test,
    };
    let graph = run(files, options, hooks)?;
    // The CLI's serializer, so that both give the same bytes.
    let json = crate::export::json::to_string(&graph).into_bytes();
    release(graph);
    Ok(json)
}

/// Frees a graph without making the page wait: on a pool thread where
/// there is one (a std-sized graph takes 100 ms and more to free, node by
/// node).
fn release(graph: Graph) {
    #[cfg(feature = "threads")]
    rayon::spawn(move || drop(graph));
    #[cfg(not(feature = "threads"))]
    drop(graph);
}

/// Reports a progress event to JS, from the engine thread.
fn report(on_progress: &Function, progress: Progress) {
    // A throwing callback must not stop the analysis; its error is the
    // page's to see in the console.
    let _ = on_progress.call3(
        &JsValue::NULL,
        &progress.phase.as_str().into(),
        &(progress.done as f64).into(),
        &(progress.total as f64).into(),
    );
}

/// The test abort: a panic in the middle of the parse phase.
fn abort_midway(abort_for_test: bool, progress: Progress) {
    if abort_for_test && progress.done * 2 >= progress.total && progress.done > 0 {
        panic!("test abort requested by the caller");
    }
}

/// What the page asks of a run besides its input.
#[derive(Clone, Copy)]
struct Hooks<'a> {
    on_progress: &'a Function,
    abort_for_test: bool,
}

#[cfg(not(feature = "threads"))]
fn run(files: Vec<SourceFile>, options: Options, hooks: Hooks<'_>) -> Result<Graph, JsError> {
    // One thread: the progress callback runs right here, so it can call JS.
    // rayon calls it through a `Sync` closure; `on_progress` is not `Sync`,
    // so it waits in a thread-local that only this thread ever sets.
    use std::cell::RefCell;
    thread_local! {
        static SINK: RefCell<Option<Function>> = const { RefCell::new(None) };
    }
    SINK.with(|sink| *sink.borrow_mut() = Some(hooks.on_progress.clone()));
    let graph = crate::analyze_with_progress(files, &options, &|progress| {
        abort_midway(hooks.abort_for_test, progress);
        SINK.with(|sink| {
            if let Some(on_progress) = sink.borrow().as_ref() {
                report(on_progress, progress);
            }
        })
    });
    SINK.with(|sink| sink.borrow_mut().take());
    Ok(graph)
}

#[cfg(feature = "threads")]
fn run(files: Vec<SourceFile>, options: Options, hooks: Hooks<'_>) -> Result<Graph, JsError> {
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    #[derive(Default)]
    struct Job {
        progress: Option<Progress>,
        reported: Option<Progress>,
        graph: Option<Graph>,
    }

    /// How often the engine thread wakes to relay progress and to check for
    /// a dead pool thread (a panic's message, or [`pool_thread_died`]).
    const TICK: Duration = Duration::from_millis(40);

    let job = Arc::new((Mutex::new(Job::default()), Condvar::new()));
    let worker_job = Arc::clone(&job);
    let abort_for_test = hooks.abort_for_test;
    // The pool runs the analysis; this thread only waits, so it stays free
    // of rayon (and a pool of N workers uses N cores, not N + 1).
    rayon::spawn(move || {
        let (state, wake) = &*worker_job;
        let graph = crate::analyze_with_progress(files, &options, &|progress| {
            abort_midway(abort_for_test, progress);
            lock(state).progress = Some(progress);
        });
        lock(state).graph = Some(graph);
        wake.notify_all();
    });

    let (state, wake) = &*job;
    let mut guard = lock(state);
    loop {
        if let Some(message) = failure::take() {
            return Err(JsError::new(&message));
        }
        // Progress first, so that the last event (everything done) is
        // relayed before the graph.
        if guard.progress != guard.reported {
            if let Some(progress) = guard.progress {
                guard.reported = Some(progress);
                // Calling JS with the lock held would stall the pool threads
                // that report progress.
                drop(guard);
                report(hooks.on_progress, progress);
                guard = lock(state);
                continue;
            }
        }
        if let Some(graph) = guard.graph.take() {
            return Ok(graph);
        }
        guard = wake
            .wait_timeout(guard, TICK)
            .map(|(guard, _)| guard)
            .unwrap_or_else(|poisoned| poisoned.into_inner().0);
    }
}

/// Locks a mutex, ignoring poisoning: a panic aborts the instance before any
/// other thread could observe a poisoned lock.
#[cfg(feature = "threads")]
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The last words of a run that went wrong: a panic's message, or in the
/// threaded build the allocator's report that the heap is full. wasm aborts
/// right after a panic, so the message is kept where the engine thread (or,
/// after a trap, the worker's JS through [`take_failure`]) can read it.
mod failure {
    use std::sync::Mutex;

    static MESSAGE: Mutex<Option<String>> = Mutex::new(None);

    pub fn install_hook() {
        std::panic::set_hook(Box::new(|info| {
            // One line, "at file:line:col: message", for the page's error.
            let payload = info.payload();
            let what = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("a panic without a message");
            let message = match info.location() {
                Some(at) => format!("the engine panicked at {at}: {what}"),
                None => format!("the engine panicked: {what}"),
            };
            if let Ok(mut slot) = MESSAGE.try_lock() {
                slot.get_or_insert(message);
            }
        }));
    }

    /// How a pool thread died, as [`super::pool_thread_died`] records it: 0 alive, then
    /// [`STACK_EXHAUSTED`] or [`TRAPPED`].
    #[cfg(feature = "threads")]
    pub static POOL_THREAD_DIED: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);
    #[cfg(feature = "threads")]
    pub const STACK_EXHAUSTED: u8 = 1;
    #[cfg(feature = "threads")]
    pub const TRAPPED: u8 = 2;

    pub fn take() -> Option<String> {
        #[cfg(feature = "threads")]
        match POOL_THREAD_DIED.load(std::sync::atomic::Ordering::Relaxed) {
            0 => {}
            // A panic's message says more than the trap that follows it.
            _ if MESSAGE.try_lock().is_ok_and(|slot| slot.is_some()) => {}
            STACK_EXHAUSTED => {
                return Some(
                    "a thread of the engine ran out of stack (code nested too deeply for \
                     `maxDepth`); the analysis is lost"
                        .into(),
                )
            }
            _ => {
                return Some(
                    "a thread of the engine crashed without a message; the analysis is lost".into(),
                )
            }
        }
        #[cfg(feature = "threads")]
        if crate::wasm::alloc::heap_exhausted() {
            return Some(format!(
                "out of memory: the engine's heap reached {} MiB",
                (core::arch::wasm32::memory_size(0) * 65536) >> 20
            ));
        }
        MESSAGE.try_lock().ok()?.take()
    }
}

/// Called by a pool thread's Worker (see `patch_pool_worker` in
/// scripts/build-wasm.sh) when its thread trapped: a wasm stack overflow or a
/// trap leaves no panic message, and rayon would wait for the dead thread's
/// work forever. Takes no string: that would allocate, on a heap the trap may
/// have left half-updated. The engine thread reports it on its next tick.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolThreadDied)]
pub fn pool_thread_died(stack_exhausted: bool) {
    let how = if stack_exhausted {
        failure::STACK_EXHAUSTED
    } else {
        failure::TRAPPED
    };
    failure::POOL_THREAD_DIED.store(how, std::sync::atomic::Ordering::Relaxed);
}

/// Why the engine died, if it left a message: the worker calls this after a
/// wasm trap (`unreachable` after a panic in the single build).
#[wasm_bindgen(js_name = takeFailure)]
pub fn take_failure() -> Option<String> {
    failure::take()
}
