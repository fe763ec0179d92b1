//! The lexer-level layer on arbitrary text: the splitter, the item-body finder, the resync
//! points, the nesting estimate and the nightly-keyword finder must never panic and must
//! return ranges that slice the text.
#![no_main]

use cratemap::syntax::scan::{item_body, nesting, nightly_keywords, resync_points, Nesting};
use cratemap::syntax::split::split;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let out = split(text);
    let mut end = 0;
    for chunk in &out.chunks {
        assert!(end <= chunk.start && chunk.start < chunk.end && chunk.end <= text.len());
        let source = &text[chunk.start..chunk.end];
        end = chunk.end;
        if let Some(body) = item_body(source) {
            assert!(body.open < body.close.max(body.open + 1) && body.close <= source.len());
            assert!(source.is_char_boundary(body.open) && source.is_char_boundary(body.close));
        }
        if let Nesting::Prune(groups) = nesting(source, 16) {
            for group in groups {
                assert!(group.start <= group.end && group.end <= source.len());
                let _ = &source[group];
            }
        }
        let mut last = 0;
        for point in resync_points(source, 4) {
            assert!(last < point && point < source.len() && source.is_char_boundary(point));
            last = point;
        }
        for keyword in nightly_keywords(source) {
            let _ = &source[keyword];
        }
    }
    for pair in out.errors.windows(2) {
        assert!(pair[0].offset <= pair[1].offset);
    }
});
