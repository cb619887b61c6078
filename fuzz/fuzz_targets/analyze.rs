//! The analyzer over arbitrary bytes: every code path of `scan`, `score`,
//! `translate` and `rewrite`, rendered to text, JSON, NDJSON, Markdown and HTML.
//!
//! The first byte picks the options (HTML or text, the automaton, the text
//! width); the rest is the posting. Besides "no panic", it checks that hits
//! are in bounds and in order, that JSON output parses, that terminal
//! output (plain palette) carries no control character from the input, and
//! that HTML pages carry no markup from it.
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
        assert!(
            hit.span.start >= last_end,
            "hits overlap or are out of order"
        );
        assert!(hit.span.start < hit.span.end, "empty hit");
        assert!(text.get(hit.span.clone()).is_some(), "span out of the text");
        assert!(
            hit.input.start <= hit.input.end && hit.input.end <= posting.len(),
            "input range out of the bytes"
        );
        assert!(hit.line >= 1 && hit.column >= 1);
        last_end = hit.span.end;
    }

    // scan: text (no colors), NDJSON, JSON.
    let file = FileScan {
        name: "fuzz",
        doc: &doc,
        scan: &scan,
    };
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
    let categories = &engine.rules().categories;
    let mut out = Vec::new();
    render::html::scan_page(&mut out, &[file], categories).unwrap();
    assert_html_safe(&out, "scan html");

    // score
    let scores = jdx::score::score(text, &scan.hits, &scan.combos);
    assert!(scores.bs_index <= 100);

    // rewrite
    let _ = jdx::rewrite::rewrite_document(&doc, &scan.hits);

    // translate: the record as text, Markdown and JSON.
    if doc.is_blank() {
        return;
    }
    let options = AnalyzeOptions {
        role: None,
        autopsy: None,
    };
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
    let mut out = Vec::new();
    render::html::record_page(&mut out, &[("fuzz", report)], categories).unwrap();
    assert_html_safe(&out, "translate html");
}

/// The tags jdx's HTML pages are made of (src/render/html.rs): any other
/// tag in a page came from the posting.
const PAGE_TAGS: &[&str] = &[
    "a",
    "article",
    "b",
    "blockquote",
    "body",
    "dd",
    "desc",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "head",
    "header",
    "html",
    "img",
    "li",
    "line",
    "main",
    "mark",
    "meta",
    "nav",
    "ol",
    "p",
    "path",
    "rect",
    "section",
    "span",
    "style",
    "svg",
    "table",
    "tbody",
    "td",
    "text",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Nothing from the posting became markup: every tag is one of the page's
/// own, no attribute is an event handler, no link or source is `javascript:`,
/// and no control character but line breaks and tabs is written.
fn assert_html_safe(page: &[u8], what: &str) {
    let page = std::str::from_utf8(page).expect("the page is UTF-8");
    if let Some(c) = page
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        panic!("{what}: control character {c:?} in the page");
    }
    let mut tags = 0;
    for token in html5gum::Tokenizer::new(page).flatten() {
        let html5gum::Token::StartTag(tag) = token else {
            continue;
        };
        tags += 1;
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        assert!(
            PAGE_TAGS.contains(&name.as_str()),
            "{what}: a <{name}> tag in the page"
        );
        for (attr, value) in &tag.attributes {
            let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "{what}: an {attr} attribute on <{name}>"
            );
            let value = String::from_utf8_lossy(value).trim().to_ascii_lowercase();
            assert!(
                !value.starts_with("javascript:"),
                "{what}: a javascript: {attr} on <{name}>"
            );
        }
    }
    assert!(tags > 10, "the page was tokenised");
}

/// Terminal output without colors has no control characters but line breaks
/// and tabs: nothing from the posting can move the cursor or restyle.
fn assert_terminal_safe(out: &[u8], what: &str) {
    let out = std::str::from_utf8(out).expect("terminal output is UTF-8");
    if let Some(c) = out
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        panic!("{what}: control character {c:?} reached terminal output");
    }
}
