//! HTML postings through the binary: detection, the text read, and positions
//! that point into the HTML file as written.

mod common;

use common::{jdx, ndjson};
use serde_json::Value;

const POSTING: &str = "corpus/data-analyst-html.html";

fn scan_rows(args: &[&str], stdin: Option<&str>) -> Vec<Value> {
    let mut cmd = jdx();
    cmd.args(["scan", "--format", "ndjson"]).args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.assert().success();
    ndjson(&out.get_output().stdout)
}

fn range(row: &Value) -> std::ops::Range<usize> {
    let at = |k: &str| row[k].as_u64().expect("offset") as usize;
    at("start")..at("end")
}

/// The 1-based line and column (in characters) of byte `offset` of `src`.
fn line_col(src: &str, offset: usize) -> (u64, u64) {
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        line as u64,
        src[line_start..offset].chars().count() as u64 + 1,
    )
}

/// What a stretch of HTML reads as: tags dropped, the references the corpus
/// file uses decoded, whitespace runs collapsed. Only for checking.
fn as_read(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    out.push_str(rest);
    let decoded = [
        ("&amp;", "&"),
        ("&rsquo;", "\u{2019}"),
        ("&nbsp;", "\u{a0}"),
        ("&ndash;", "\u{2013}"),
        ("&mdash;", "\u{2014}"),
        ("&ldquo;", "\u{201c}"),
        ("&rdquo;", "\u{201d}"),
        ("&middot;", "\u{b7}"),
        ("&#8209;", "\u{2011}"),
    ]
    .iter()
    .fold(out, |s, (from, to)| s.replace(from, to));
    decoded
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn matches_in_an_html_file_point_into_the_file_as_written() {
    let html = std::fs::read_to_string(POSTING).expect("corpus posting");
    let rows = scan_rows(&[POSTING], None);
    assert!(
        rows.len() >= 5,
        "the posting has buzzwords in several sections: {rows:?}"
    );
    for row in &rows {
        let r = range(row);
        let text = row["text"].as_str().expect("text");
        // The text reported is the text read; the range is where it is written.
        assert_eq!(as_read(&html[r.clone()]), as_read(text), "{row}");
        assert!(!text.contains('<') && !text.contains("&amp;"), "{row}");
        assert_eq!(
            (
                row["line"].as_u64().unwrap(),
                row["column"].as_u64().unwrap()
            ),
            line_col(&html, r.start),
            "line:col of {row} in the HTML file"
        );
    }
    // A known phrase: its line in the file, found by searching the file itself.
    let eoe = rows
        .iter()
        .find(|r| r["rule"] == "equal-opportunity-employer")
        .expect("equal opportunity employer found");
    let at = html.find("equal opportunity employer").unwrap();
    assert_eq!(range(eoe), at..at + "equal opportunity employer".len());
    assert_eq!(
        html.lines().nth(eoe["line"].as_u64().unwrap() as usize - 1),
        Some(
            "<p>Copperleaf Home is an equal opportunity employer. We welcome applicants of all backgrounds&nbsp;&mdash; please apply even if you don&rsquo;t check every box.</p>"
        )
    );
    // Nothing is found in the <head> (the title repeats the <h1>).
    let body = html.find("<body>").unwrap();
    assert!(rows.iter().all(|r| range(r).start > body), "{rows:?}");
}

#[test]
fn scan_text_quotes_the_html_line() {
    let html = std::fs::read_to_string(POSTING).expect("corpus posting");
    let at = html.find("equal opportunity employer").unwrap();
    let (line, col) = line_col(&html, at);
    let out = jdx()
        .args(["scan", "--color", "never", POSTING])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains(&format!("{POSTING}:{line}:{col}  ")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{line} | <p>Copperleaf Home is an equal opportunity employer."
        )),
        "{stdout}"
    );
}

#[test]
fn translate_reads_the_text_not_the_markup_or_the_script() {
    let out = jdx()
        .args(["translate", "--color", "never", "--autopsy", "all", POSTING])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("DATA-ANALYST"), "{stdout}");
    for absent in [
        "pwned",
        "document.title",
        "font-family",
        "&rsquo;",
        "&amp;",
        "<h2>",
        "<li>",
    ] {
        assert!(!stdout.contains(absent), "{absent:?} in {stdout}");
    }
    let json = jdx()
        .args(["translate", "--format", "json", POSTING])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&json.get_output().stdout).into_owned();
    assert!(!stdout.contains("pwned"), "{stdout}");
}

#[test]
fn html_on_stdin_is_sniffed_and_maps_back_through_tags_and_references() {
    let input = "<div>\n<p>Join our fast&#8209;paced team of <b>rock</b>stars!</p>\n\
        <p><img src=x onerror=\"alert('rockstar')\"><a href=\"javascript:rockstar()\">Apply</a></p>\n\
        <script>var s = 'synergy rockstar ninja';</script>\n</div>\n";
    let rows = scan_rows(&[], Some(input));
    let found: Vec<(&str, &str, u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap(),
                &input[range(r)],
                r["line"].as_u64().unwrap(),
                r["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("fast\u{2011}paced team", "fast&#8209;paced team", 2, 13),
            ("rockstars", "rock</b>stars", 2, 41),
        ],
        "attributes and the script are not read"
    );

    // The same input read as text: the markup is in the way.
    let rows = scan_rows(&["--input", "text"], Some(input));
    assert!(rows.iter().all(|r| r["text"] != "rockstars"), "{rows:?}");
    assert!(rows.iter().any(|r| r["text"] == "synergy"), "{rows:?}");
}

#[test]
fn html_files_are_known_by_their_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "Join our <em>fast-paced</em> team of rockstars.\n";
    let as_html = dir.path().join("posting.htm");
    let as_text = dir.path().join("posting.txt");
    std::fs::write(&as_html, body).unwrap();
    std::fs::write(&as_text, body).unwrap();
    let texts = |path: &std::path::Path, extra: &[&str]| -> Vec<String> {
        let mut args = vec![path.to_str().unwrap()];
        args.extend_from_slice(extra);
        scan_rows(&args, None)
            .iter()
            .map(|r| r["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&as_html, &[]), ["fast-paced team", "rockstars"]);
    assert_eq!(texts(&as_text, &[]), ["fast-paced", "rockstars"]);
    assert_eq!(
        texts(&as_text, &["--input", "html"]),
        ["fast-paced team", "rockstars"]
    );
    assert_eq!(
        texts(&as_html, &["--input", "text"]),
        ["fast-paced", "rockstars"]
    );
}
