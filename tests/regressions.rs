//! Regression inputs for the fuzz targets (fuzz/fuzz_targets/), replayed
//! in-process on every `cargo test` with the same checks the targets make,
//! so they need no nightly compiler.
//!
//! When `scripts/fuzz.sh` finds a crash, add its input to the list of the
//! target that found it (as bytes, with where it came from), fix the bug, and
//! keep it here. The lists also hold hand-picked hostile inputs, so the
//! targets' checks run on them even where nobody fuzzes.

use jdx::render::{self, json::ReportJson, record::Record, scan::FileScan, Palette};
use jdx::{AnalyzeOptions, Document, Engine, LoadOptions, RuleSet, Speed};

/// Inputs for the `analyze` target: a posting, read as text and as HTML.
const POSTINGS: &[(&str, &[u8])] = &[
    ("empty", b""),
    ("one space", b" "),
    ("BOM only", b"\xEF\xBB\xBF"),
    (
        "lone surrogate-like bytes",
        b"\xED\xA0\x80 rockstar \xF4\x90\x80\x80",
    ),
    ("truncated UTF-8 at the end", b"We need a rockstar \xE2\x80"),
    ("NUL inside a buzzword", b"rock\x00star synergy\x00"),
    ("lone CR lines", b"\rrockstar\r\rsynergy\r"),
    ("only line breaks", b"\n\r\n\r\n\n"),
    (
        "ANSI escapes",
        b"\x1b[2J\x1b[31mrockstar\x1b[0m \x1b]0;title\x07 synergy \xC2\x9B31m ninja\x08",
    ),
    (
        "bidi overrides",
        "\u{202E}rockstar\u{202C} \u{2067}synergy\u{2069}".as_bytes(),
    ),
    (
        "zero-width everywhere",
        "\u{200B}r\u{200D}o\u{200C}c\u{2060}k\u{AD}s\u{FEFF}tar".as_bytes(),
    ),
    (
        "combining marks on a buzzword",
        "rocks\u{301}tar ro\u{308}ckstar rockstar\u{301}".as_bytes(),
    ),
    (
        "hyphens and dashes only",
        "- -- --- \u{2010}\u{2011}\u{2013}\u{2014} -fast-paced-".as_bytes(),
    ),
    (
        "case folding that changes length",
        "\u{130}STANBUL ROCKSTAR \u{1E9E} SYNERGY \u{FB03}".as_bytes(),
    ),
    ("unclosed HTML", b"<p>rockstar <b>synergy <script>ninja"),
    ("markup as text", b"We need a rockstar <script>alert(1)</script> <img src=x onerror=alert(2)> <a href=\"javascript:x()\">synergy</a> <iframe>"),
    ("markup inside HTML entities", b"<p>rockstar &lt;script&gt;alert(1)&lt;/script&gt; &#60;img onerror=x&#62; synergy</p>"),
    (
        "HTML entities cut short",
        b"<p>rock&amp star &#x; &#99999999; &#0; &lt synergy</p>",
    ),
    (
        "HTML comment and CDATA",
        b"<!-- rockstar --><![CDATA[synergy]]><p>ninja</p>",
    ),
    ("a salary with no end", b"Salary: $120,000 - $"),
    ("a title line only", b"Title: Rockstar Ninja Engineer"),
    ("one long word", &[b'a'; 20_000]),
    ("many sentences without words", &[b'.'; 5_000]),
];

/// Inputs for the `html` target.
const HTML: &[(&str, &[u8])] = &[
    ("nested tags", b"<div><p><b><i>a</i></b></p></div>"),
    ("a tag cut short", b"<p class=\"x"),
    ("attributes only", b"<img src=x onerror=alert(1)>"),
    ("entities at the end", b"a &amp"),
    ("a CR inside a tag", b"<p\r>x</p\r>"),
    ("invalid UTF-8 inside a tag", b"<p \xff>x\xfe</p>"),
];

/// Inputs for the `rules` target: one pack file.
const PACKS: &[(&str, &[u8])] = &[
    ("empty file", b""),
    ("not TOML", b"\xff\xfe[[rule"),
    ("a rule with every key empty", b"[[rule]]\nid = \"\"\ncategory = \"\"\nweight = 0\nphrases = [\"\"]\nplain = \"\"\notiose = \"\"\n"),
    ("a huge weight", b"[[rule]]\nid = \"x\"\ncategory = \"hype\"\nweight = 99999999999999999999\n"),
    ("an unbalanced alternation", b"[[rule]]\nid = \"x\"\ncategory = \"hype\"\nweight = 1\nphrases = [\"a{b|c\", \"}{\", \"{|}\"]\nplain = \"p\"\notiose = \"The work is dull.\"\nexamples = [\"a b\"]\n"),
    ("a regex matching the empty string", b"[[rule]]\nid = \"x\"\ncategory = \"hype\"\nweight = 1\nregex = [\"a*\", \"\"]\nplain = \"p\"\notiose = \"The work is dull.\"\nexamples = [\"aaa\"]\n"),
    ("a role with nothing in it", b"[role]\nid = \"r\"\n"),
];

fn engines() -> [Engine; 2] {
    [
        Engine::with_speed(RuleSet::builtin().unwrap(), Speed::Startup).unwrap(),
        Engine::with_speed(RuleSet::builtin().unwrap(), Speed::Throughput).unwrap(),
    ]
}

/// The `analyze` target's checks: hits in bounds and in order, JSON that
/// parses, terminal output (without colors) free of control characters.
fn analyze(engine: &Engine, name: &str, posting: &[u8], html: bool, width: usize) {
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
            "{name}: hits overlap or are out of order"
        );
        assert!(hit.span.start < hit.span.end, "{name}: an empty hit");
        assert!(
            text.get(hit.span.clone()).is_some(),
            "{name}: span out of the text"
        );
        assert!(
            hit.input.start <= hit.input.end && hit.input.end <= posting.len(),
            "{name}: input range out of the bytes"
        );
        assert!(hit.line >= 1 && hit.column >= 1, "{name}");
        last_end = hit.span.end;
    }

    let file = FileScan {
        name: "regression",
        doc: &doc,
        scan: &scan,
    };
    let mut out = Vec::new();
    render::scan::text(&mut out, &file, &Palette::plain()).unwrap();
    assert_terminal_safe(&out, name);
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
    assert_html_safe(&out, name);

    assert!(
        jdx::score::score(text, &scan.hits, &scan.combos).bs_index <= 100,
        "{name}"
    );
    let _ = jdx::rewrite::rewrite_document(&doc, &scan.hits);

    if doc.is_blank() {
        return;
    }
    let options = AnalyzeOptions {
        role: None,
        autopsy: None,
    };
    let report = engine.analyze(&doc, &options).unwrap();
    let record = Record::new(&report);
    let mut out = Vec::new();
    render::text::record(&mut out, &record, width, &Palette::plain()).unwrap();
    assert_terminal_safe(&out, name);
    let mut out = Vec::new();
    render::markdown::record(&mut out, &record).unwrap();
    std::str::from_utf8(&out).expect("markdown is UTF-8");
    let json = serde_json::to_vec(&ReportJson::new("regression", &report)).unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).expect("translate json parses");
    let mut out = Vec::new();
    render::html::record_page(&mut out, &[("regression", report)], categories).unwrap();
    assert_html_safe(&out, name);
}

/// The tags jdx's HTML pages are made of (src/render/html.rs), as in the
/// fuzz target: any other tag in a page came from the posting.
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

/// Nothing from the posting became markup: only the page's own tags, no
/// event-handler attribute, no `javascript:` value, no control character.
fn assert_html_safe(page: &[u8], name: &str) {
    let page = std::str::from_utf8(page).expect("the page is UTF-8");
    let bad = page
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t');
    assert_eq!(bad, None, "{name}: a control character in the page");
    let mut tags = 0;
    for token in html5gum::Tokenizer::new(page).flatten() {
        let html5gum::Token::StartTag(tag) = token else {
            continue;
        };
        tags += 1;
        let tag_name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        assert!(
            PAGE_TAGS.contains(&tag_name.as_str()),
            "{name}: a <{tag_name}> tag in the page"
        );
        for (attr, value) in &tag.attributes {
            let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "{name}: {attr} on <{tag_name}>");
            let value = String::from_utf8_lossy(value).trim().to_ascii_lowercase();
            assert!(!value.starts_with("javascript:"), "{name}: {attr}={value}");
        }
    }
    assert!(tags > 10, "the page was tokenised");
}

fn assert_terminal_safe(out: &[u8], name: &str) {
    let out = std::str::from_utf8(out).expect("terminal output is UTF-8");
    let bad = out
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t');
    assert_eq!(
        bad, None,
        "{name}: a control character reached terminal output"
    );
}

#[test]
fn analyze_regressions() {
    let engines = engines();
    for (name, posting) in POSTINGS {
        for engine in &engines {
            for html in [false, true] {
                for width in [0, 1, 40, 80, 500] {
                    analyze(engine, name, posting, html, width);
                }
            }
        }
    }
}

#[test]
fn html_regressions() {
    for (name, bytes) in HTML.iter().chain(POSTINGS) {
        let html = String::from_utf8_lossy(bytes);
        let (text, map) = jdx::html::to_text(&html);
        let mut last = 0;
        for (pos, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let start = map.orig_start(pos);
            let end = map.orig_end(pos);
            assert!(
                start <= html.len() && html.is_char_boundary(start),
                "{name}: orig_start({pos})"
            );
            assert!(
                end <= html.len() && html.is_char_boundary(end),
                "{name}: orig_end({pos})"
            );
            assert!(
                start >= last,
                "{name}: orig_start is not monotonic at {pos}"
            );
            last = start;
        }
        let _ = jdx::html::looks_like_html(bytes);
    }
}

#[test]
fn rules_regressions() {
    let dir = tempfile::tempdir().unwrap();
    for (name, toml) in PACKS {
        std::fs::write(dir.path().join("pack.toml"), toml).unwrap();
        for builtin in [false, true] {
            let options = LoadOptions {
                builtin,
                packs: vec![dir.path().to_path_buf()],
                ..LoadOptions::default()
            };
            // A hostile pack is an error with a location, never a panic.
            let Ok(rules) = RuleSet::load(&options) else {
                continue;
            };
            let engine = Engine::new(rules)
                .unwrap_or_else(|e| panic!("{name}: loads but does not build: {e}"));
            let _ = jdx::examples::run(&engine);
            let doc =
                Document::new("We leverage synergy as rockstar ninjas in a fast-paced team.\n");
            let scan = engine.scan(&doc);
            let _ = jdx::score::score(doc.text(), &scan.hits, &scan.combos);
        }
    }
}
