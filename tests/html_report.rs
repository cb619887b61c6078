//! The HTML report: a snapshot of one corpus posting's page; the structure of
//! every corpus page (known tags and attributes only, no script, one style
//! sheet, unique ids, references that resolve); every match highlighted with
//! its meanings; `scan --format html`; and a hostile posting rendered as text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use html5gum::{Token, Tokenizer};
use jdx::render::html;
use jdx::{AnalyzeOptions, Document, Engine, RuleSet};

const HOSTILE: &str = "tests/fixtures/hostile-posting.txt";

fn engine() -> Engine {
    Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"))).expect("compiles")
}

/// The record page of one corpus posting, through the library.
fn record_page(engine: &Engine, path: &Path) -> String {
    let name = path.to_string_lossy().into_owned();
    let doc = Document::from_file(&name, std::fs::read(path).expect("posting"));
    let report = engine
        .analyze(&doc, &AnalyzeOptions::default())
        .expect("analyzes");
    let mut out = Vec::new();
    html::record_page(
        &mut out,
        &[(name.as_str(), report)],
        &engine.rules().categories,
    )
    .expect("renders");
    String::from_utf8(out).expect("utf-8")
}

fn jdx(args: &[&str]) -> String {
    let out = Command::cargo_bin("jdx")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "jdx {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

fn text(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

/// What the tokenizer saw in a page.
#[derive(Default)]
struct Parsed {
    /// `(tag, attributes)` of every start tag, in order.
    tags: Vec<(String, BTreeMap<String, String>)>,
    /// All text, decoded (the style sheet's included).
    text: String,
}

fn parse(page: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for token in Tokenizer::new(page).flatten() {
        match token {
            Token::StartTag(tag) => {
                let attributes = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| (text(k), text(v)))
                    .collect();
                parsed.tags.push((text(&tag.name), attributes));
            }
            Token::String(s) => parsed.text.push_str(&text(&s)),
            _ => {}
        }
    }
    parsed
}

const TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "nav",
    "article",
    "section",
    "h1",
    "h2",
    "p",
    "span",
    "strong",
    "a",
    "ol",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "div",
    "figure",
    "figcaption",
    "blockquote",
    "mark",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "svg",
    "title",
    "desc",
    "path",
    "line",
    "rect",
    "text",
];

const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "http-equiv",
    "name",
    "content",
    "class",
    "id",
    "href",
    "role",
    "tabindex",
    "data-rule",
    "data-category",
    "scope",
    "viewbox",
    "width",
    "height",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "text-anchor",
];

/// The page is built only from the tags and attributes the renderer writes:
/// whatever a posting or a rule pack holds, it cannot add an element, an event
/// handler, a link out, a second style sheet or a script.
fn assert_structure(page: &str, what: &str) {
    let parsed = parse(page);
    let mut ids = BTreeSet::new();
    let mut references = Vec::new();
    let mut styles = 0;
    for (tag, attributes) in &parsed.tags {
        assert!(TAGS.contains(&tag.as_str()), "{what}: unexpected <{tag}>");
        styles += usize::from(tag == "style");
        for (name, value) in attributes {
            assert!(
                ATTRIBUTES.contains(&name.as_str()) || name.starts_with("aria-"),
                "{what}: unexpected attribute {name}={value:?} on <{tag}>"
            );
            match name.as_str() {
                "href" => assert!(value.starts_with('#'), "{what}: link out: {value}"),
                "id" => assert!(ids.insert(value.clone()), "{what}: duplicate id {value}"),
                "aria-describedby" | "aria-labelledby" => {
                    references.extend(value.split_whitespace().map(str::to_owned))
                }
                "http-equiv" => assert_eq!(value, "Content-Security-Policy", "{what}"),
                _ => {}
            }
        }
    }
    assert_eq!(styles, 1, "{what}: one style sheet");
    for id in references {
        assert!(ids.contains(&id), "{what}: reference to missing id {id}");
    }
    for (tag, attributes) in &parsed.tags {
        if tag == "a" {
            let target = attributes["href"].trim_start_matches('#');
            assert!(ids.contains(target), "{what}: link to missing #{target}");
        }
    }
    let csp = parsed
        .tags
        .iter()
        .find(|(tag, a)| tag == "meta" && a.contains_key("http-equiv"))
        .map(|(_, a)| a["content"].clone());
    assert_eq!(csp.as_deref(), Some(html::CSP), "{what}: CSP");
}

/// `(rule, text)` of every highlighted match, in page order.
fn highlights(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut depth = 0;
    for token in Tokenizer::new(page).flatten() {
        match token {
            Token::StartTag(tag) if text(&tag.name) == "mark" => {
                if let Some(rule) = tag.attributes.get(b"data-rule".as_slice()) {
                    current = Some((text(rule), String::new()));
                    depth = 0;
                }
            }
            Token::StartTag(tag) if current.is_some() && text(&tag.name) == "span" => depth += 1,
            Token::EndTag(tag) if current.is_some() && text(&tag.name) == "span" => depth -= 1,
            Token::EndTag(tag) if text(&tag.name) == "mark" => out.extend(current.take()),
            Token::String(s) if depth == 0 => {
                if let Some((_, t)) = current.as_mut() {
                    t.push_str(&text(&s));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn snapshot_of_one_posting() {
    let page = record_page(&engine(), Path::new("corpus/data-engineer-streaming.md"));
    insta::assert_snapshot!("data-engineer-streaming", page);
}

#[test]
fn every_corpus_page_is_well_formed_and_highlights_every_match() {
    let engine = engine();
    let mut pages = 0;
    for entry in std::fs::read_dir("corpus").expect("corpus/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let posting = name.starts_with(|c: char| c.is_ascii_lowercase())
            && [".txt", ".md", ".html"].iter().any(|e| name.ends_with(e));
        if !posting {
            continue;
        }
        let page = record_page(&engine, &path);
        assert_structure(&page, name);
        let doc = Document::from_file(name, std::fs::read(&path).expect("posting"));
        let expected: Vec<(String, String)> = engine
            .scan(&doc)
            .hits
            .iter()
            .map(|h| {
                let shown = &doc.text()[h.span.clone()];
                (h.rule.id.clone(), shown.replace("\r\n", "\n"))
            })
            .collect();
        assert_eq!(highlights(&page), expected, "{name}");
        pages += 1;
    }
    assert!(pages >= 40, "only {pages} corpus postings rendered");
}

#[test]
fn each_highlight_carries_its_category_plain_and_otiose_text() {
    let engine = engine();
    let page = record_page(
        &engine,
        Path::new("corpus/machine-learning-engineer-fintech.md"),
    );
    let rule = engine.rules().rule("rockstar").expect("rockstar rule");
    let tip = format!(
        "<span class=\"tip-row\"><span class=\"tip-k\">Plain</span> {}</span><span class=\"tip-row\"><span class=\"tip-k\">Otiose</span> {}</span>",
        html::escape(&rule.plain),
        html::escape(&rule.otiose)
    );
    let at = page
        .find("data-rule=\"rockstar\"")
        .expect("a rockstar highlight");
    let start = page[..at].rfind("<mark ").expect("in a mark");
    let end = at + page[at..].find("</mark>").expect("closed");
    let mark = &page[start..end];
    let start_tag = &mark[..mark.find('>').expect("start tag")];
    // Focusable, and described by its tooltip, which it holds.
    assert!(start_tag.contains(" tabindex=\"0\" "), "{start_tag}");
    let described_by = start_tag
        .split("aria-describedby=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("aria-describedby");
    assert!(
        mark.contains(&format!(
            "<span class=\"tip\" role=\"tooltip\" id=\"{described_by}\">"
        )),
        "{mark}"
    );
    assert!(mark.contains(&tip), "{mark}");
    assert!(mark.contains("<span class=\"tag\" aria-hidden=\"true\">recruiting</span>"));
    assert!(mark.contains("Recruiting cliches · rockstar · line "));
}

#[test]
fn hostile_posting_renders_as_text() {
    let posting = std::fs::read_to_string(HOSTILE).expect("fixture");
    // As written in the posting, and as the page shows it (controls made visible).
    let needles = [
        ("<script>document.title='pwned'</script>", None),
        ("onerror=\"document.body.dataset.pwned=1\"", None),
        (
            "<a href=\"javascript:document.body.dataset.pwned=2\">",
            None,
        ),
        ("</style><script>", None),
        ("&lt;b&gt;", None),
        ("<![CDATA[ x ]]>", None),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:",
            None,
        ),
        (
            "\u{202e}desrever\u{202c}",
            Some("\\u{202e}desrever\\u{202c}"),
        ),
        ("\u{1b}[31mred", Some("\\u{1b}[31mred")),
    ];
    let translate = ["translate", "--format", "html", HOSTILE];
    let scan = ["scan", "--format", "html", HOSTILE];
    for args in [translate, scan] {
        let page = jdx(&args);
        assert_structure(&page, &format!("{args:?}"));
        let shown = parse(&page).text;
        for (written, visible) in needles {
            assert!(posting.contains(written), "fixture lacks {written:?}");
            let visible = visible.unwrap_or(written);
            assert!(
                shown.contains(visible),
                "{args:?}: {visible:?} not shown as text"
            );
        }
        assert!(!page.contains('\u{1b}') && !page.contains('\u{202e}'));
    }
}

#[test]
fn scan_html_is_the_highlighted_posting_alone() {
    let posting = "corpus/machine-learning-engineer-fintech.md";
    let page = jdx(&["scan", "--format", "html", posting]);
    assert_structure(&page, "scan");
    let json: serde_json::Value =
        serde_json::from_str(&jdx(&["scan", "--format", "json", posting])).expect("json");
    let expected: Vec<(String, String)> = json["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            (
                m["rule"].as_str().unwrap_or_default().to_owned(),
                m["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(highlights(&page), expected);
    assert!(page.contains(&format!("<h1 id=\"f1-h\">{posting}</h1>")));
    assert!(page.contains(&format!("<p class=\"match\">{} matches · ", expected.len())));
    // No record around it: no numbered sections, no charts.
    assert!(!page.contains("[01]") && !page.contains("<svg"));
}

#[test]
fn several_inputs_make_one_page() {
    let page = jdx(&[
        "translate",
        "--format",
        "html",
        "corpus/sdet-plain.txt",
        "corpus/data-analyst-html.html",
    ]);
    assert_structure(&page, "two postings");
    assert_eq!(page.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(page.matches("<article ").count(), 2);
    assert!(page.contains("<title>2 file records — jdx</title>"));
    let first = page.find("<h1 id=\"r1-h\">").expect("first record");
    let second = page.find("<h1 id=\"r2-h\">").expect("second record");
    assert!(first < second);
    assert!(page.contains("Source: corpus/data-analyst-html.html"));
}

#[test]
fn blank_input_writes_no_page() {
    let out = Command::cargo_bin("jdx")
        .expect("binary")
        .args(["translate", "--format", "html"])
        .write_stdin("  \n")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("nothing to translate"));
}
