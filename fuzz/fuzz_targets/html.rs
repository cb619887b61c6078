//! The HTML converter over arbitrary input: `jdx::html::to_text` and its
//! offset map, and the HTML sniffer.
//!
//! Besides "no panic", it checks that every position of the text maps into
//! the HTML, monotonically, onto character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jdx::html::looks_like_html(data);
    let html = String::from_utf8_lossy(data);
    let (text, map) = jdx::html::to_text(&html);
    let mut last = 0;
    for (pos, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let start = map.orig_start(pos);
        assert!(
            start <= html.len(),
            "orig_start({pos}) = {start} is past the HTML ({})",
            html.len()
        );
        assert!(
            html.is_char_boundary(start),
            "orig_start({pos}) = {start} splits a character"
        );
        assert!(start >= last, "orig_start is not monotonic at {pos}");
        last = start;
        let end = map.orig_end(pos);
        assert!(
            end <= html.len(),
            "orig_end({pos}) = {end} is past the HTML ({})",
            html.len()
        );
        assert!(
            html.is_char_boundary(end),
            "orig_end({pos}) = {end} splits a character"
        );
    }
    // The same through a Document, as `--input html` reads it.
    let doc = jdx::Document::from_html_bytes(data.to_vec());
    let _ = doc.line_count();
    let _ = doc.is_blank();
});
