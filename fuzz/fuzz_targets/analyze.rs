//! The analyzer over arbitrary bytes: every code path of `scan`, `score`,
//! `translate` and `rewrite`, rendered to text, JSON, NDJSON and Markdown.
//!
//! The first byte picks the options (HTML or text, the automaton, the text
//! width); the rest is the posting. Besides "no panic", it checks that hits
//! are in bounds and in order, that JSON output parses, and that terminal
//! output (plain palette) carries no control character from the input.
#![no_main]

use jdx::render::{self, json::ReportJson, record::Record, scan::FileScan, Palette};
use jdx::{AnalyzeOptions, Document, Engine, RuleSet, Speed};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static ENGINES: [Engine; 2] = [
        Engine::with_speed(RuleSet::builtin().unwrap(), Speed::Startup).unwrap(),
        Engine::with_speed(RuleSet::builtin().unwrap(), Speed::Throughput).unwrap(),
    ];
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, posting)) = data.split_first() else {
        return;
    };
    let html = flags & 1 != 0;
    let engine = usize::from(flags & 2 != 0);
    let width = usize::from(flags >> 2) * 2;
    ENGINES.with(|engines| check(&engines[engine], posting, html, width));
});

fn check(engine: &Engine, posting: &[u8], html: bool, width: usize) {
    let doc = if html {
        Document::from_html_bytes(posting.to_vec())
    } else {
        Document::from_bytes(posting.to_vec())
    };
    let scan = engine.scan(&doc);
    let text = doc.text();
    let mut last_end = 0;
    for hit in &scan.hits {
        assert!(hit.span.start >= last_end, "hits overlap or are out of order");
        assert!(hit.span.start < hit.span.end, "empty hit");
        assert!(text.get(hit.span.clone()).is_some(), "span out of the text");
        assert!(hit.input.start <= hit.input.end && hit.input.end <= posting.len(), "input range out of the bytes");
        assert!(hit.line >= 1 && hit.column >= 1);
        last_end = hit.span.end;
    }

    // scan: text (no colors), NDJSON, JSON.
    let file = FileScan { name: "fuzz", doc: &doc, scan: &scan };
    let mut out = Vec::new();
    render::scan::text(&mut out, &file, &Palette::plain()).unwrap();
    assert_terminal_safe(&out, "scan text");
    let mut out = Vec::new();
    render::scan::ndjson(&mut out, &file).unwrap();
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("scan ndjson line parses");
    }
    let mut out = Vec::new();
    render::scan::json(&mut out, &[file]).unwrap();
    serde_json::from_slice::<serde_json::Value>(&out).expect("scan json parses");

    // score
    let scores = jdx::score::score(text, &scan.hits);
    assert!(scores.bs_index <= 100);

    // rewrite
    let _ = jdx::rewrite::rewrite_document(&doc, &scan.hits);

    // translate: the record as text, Markdown and JSON.
    if doc.is_blank() {
        return;
    }
    let options = AnalyzeOptions { role: None, autopsy: None };
    let Ok(report) = engine.analyze(&doc, &options) else {
        return;
    };
    let record = Record::new(&report);
    let mut out = Vec::new();
    render::text::record(&mut out, &record, width, &Palette::plain()).unwrap();
    assert_terminal_safe(&out, "translate text");
    let mut out = Vec::new();
    render::markdown::record(&mut out, &record).unwrap();
    std::str::from_utf8(&out).expect("markdown is UTF-8");
    let json = serde_json::to_vec(&ReportJson::new("fuzz", &report)).unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).expect("translate json parses");
}

/// Terminal output without colors has no control characters but line breaks
/// and tabs: nothing from the posting can move the cursor or restyle.
fn assert_terminal_safe(out: &[u8], what: &str) {
    let out = std::str::from_utf8(out).expect("terminal output is UTF-8");
    if let Some(c) = out.chars().find(|&c| c.is_control() && c != '\n' && c != '\t') {
        panic!("{what}: control character {c:?} reached terminal output");
    }
}
