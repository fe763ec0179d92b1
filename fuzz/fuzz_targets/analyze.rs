//! The whole `analyze` entry point on arbitrary bytes: it must never panic, overflow a stack or
//! hang. The input is one or more files: `src/lib.rs`, then `src/m1.rs`, `src/m2.rs`... cut at
//! every 0xFE byte (never valid UTF-8, so it cannot hide valid source), which `mod m1;` in the
//! input can reach.
#![no_main]

use cratemap::{analyze, Options, SourceFile};
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

fuzz_target!(|data: &[u8]| {
    static POOL: Once = Once::new();
    // The stack the CLI gives its workers; the depth guard must hold on it.
    POOL.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .stack_size(cratemap::pipeline::WORKER_STACK_BYTES)
            .build_global();
    });
    let files: Vec<SourceFile> = data
        .split(|&b| b == 0xFE)
        .take(8)
        .enumerate()
        .map(|(i, bytes)| {
            let path = match i {
                0 => "src/lib.rs".to_string(),
                i => format!("src/m{i}.rs"),
            };
            SourceFile::new(path, bytes)
        })
        .collect();
    let graph = analyze(files, &Options::default());
    let json = cratemap::export::json::to_string(&graph);
    assert!(json.starts_with('{'));
    let _ = cratemap::export::dot::to_string(&graph);
});
