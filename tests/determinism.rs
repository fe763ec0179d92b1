//! Same input, same bytes out, whatever the thread count.

mod common;

use common::{analyze_with, fixture};
use cratemap::export::json;
use proptest::prelude::*;

#[test]
fn generated_crate_is_byte_identical_across_thread_counts() {
    let files = cratemap::synth::generate(42, 210, 3);
    assert!(files.len() >= 200);
    let reference = json::to_string(&analyze_with(files.clone(), 1));
    for threads in [2, 4, 8] {
        for run in 0..2 {
            let out = json::to_string(&analyze_with(files.clone(), threads));
            assert!(
                out == reference,
                "{threads} threads, run {run}: output differs from 1 thread"
            );
        }
    }
    // The input order must not matter either.
    let mut reversed = files;
    reversed.reverse();
    assert!(json::to_string(&analyze_with(reversed, 4)) == reference);
}

#[test]
fn macro_expansion_is_byte_identical_across_thread_counts() {
    let files = fixture("expansion");
    let reference = json::to_string(&analyze_with(files.clone(), 1));
    for threads in [2, 4, 8] {
        let out = json::to_string(&analyze_with(files.clone(), threads));
        assert!(
            out == reference,
            "{threads} threads: output differs from 1 thread"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_crates_give_the_same_graph_for_1_and_n_threads(seed in any::<u64>(), files in 1usize..30, items in 1usize..5, threads in 2usize..9) {
        let input = cratemap::synth::generate(seed, files, items);
        let one = json::to_string(&analyze_with(input.clone(), 1));
        let many = json::to_string(&analyze_with(input, threads));
        prop_assert!(one == many);
    }
}
