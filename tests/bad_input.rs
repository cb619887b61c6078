//! The bad-input matrix (SPEC §6, issue 7): one test per kind of hostile or
//! odd input, each run through `scan` (text, JSON, NDJSON) and `translate`
//! (text, JSON, Markdown) where that makes sense.
//!
//! Every run must end with the exact exit code, at most one line on standard
//! error (starting `jdx: ` and naming the input when it is about the input),
//! no panic, and standard output valid for the format: JSON that parses,
//! NDJSON whose every line parses, text and Markdown that are UTF-8 with no
//! control character but line breaks and tabs (nothing from the posting can
//! move the cursor or recolor the terminal).
//!
//! The single 100 MB line and the 1 GB inputs are in `scripts/stress.sh`.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The six command/format pairs of the matrix.
const FORMATS: [(&str, &str); 6] = [
    ("scan", "text"),
    ("scan", "json"),
    ("scan", "ndjson"),
    ("translate", "text"),
    ("translate", "json"),
    ("translate", "markdown"),
];

fn jdx() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jdx"));
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// A temporary folder holding one input file.
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn fixture(name: &str, bytes: &[u8]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Fixture { _dir: dir, path }
}

/// `jdx CMD --format FORMAT --color never [EXTRA…] PATH`
fn run(cmd: &str, format: &str, extra: &[&str], path: &Path) -> Output {
    jdx()
        .args([cmd, "--format", format, "--color", "never"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("standard error is UTF-8")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("standard output is UTF-8")
}

/// What a run is expected to print on standard error.
#[derive(Debug, Clone, Copy)]
enum Err<'a> {
    /// Nothing.
    Empty,
    /// One line, `jdx: NAME: …`, containing this text.
    Line(&'a str),
}

/// Exit code, standard error and standard output of one run, checked.
fn check(out: &Output, what: &str, code: i32, err: Err<'_>, name: &str) {
    let e = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: exit code; stderr: {e}"
    );
    assert!(!e.contains("panicked"), "{what}: panic: {e}");
    match err {
        Err::Empty => assert_eq!(e, "", "{what}: standard error"),
        Err::Line(text) => {
            assert_one_line(&e, what);
            assert!(e.contains(name), "{what}: names the input {name:?}: {e}");
            assert!(e.contains(text), "{what}: says {text:?}: {e}");
        }
    }
}

/// `stderr` is exactly one line starting with `jdx: `.
fn assert_one_line(stderr: &str, what: &str) {
    assert!(
        stderr.starts_with("jdx: ") && stderr.ends_with('\n') && stderr.lines().count() == 1,
        "{what}: one line on standard error, got {stderr:?}"
    );
}

/// Standard output is valid for `cmd --format format`; returns the JSON
/// values (the document, the NDJSON lines or the sequence of reports).
fn valid_stdout(cmd: &str, format: &str, out: &Output, what: &str) -> Vec<Value> {
    let text = stdout(out);
    match format {
        "json" => {
            let docs: Vec<Value> = serde_json::Deserializer::from_str(&text)
                .into_iter::<Value>()
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{what}: invalid JSON: {e}\n{text}"));
            for doc in &docs {
                assert_eq!(doc["schema"], "jdx/1", "{what}");
            }
            if cmd == "scan" {
                assert_eq!(docs.len(), 1, "{what}: scan --format json is one document");
            }
            docs
        }
        "ndjson" => text
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("{what}: invalid NDJSON line {l:?}: {e}"));
                assert!(v.is_object(), "{what}: {l}");
                v
            })
            .collect(),
        _ => {
            assert_terminal_safe(&text, what);
            Vec::new()
        }
    }
}

/// No control character but line breaks and tabs, no bidi override.
fn assert_terminal_safe(text: &str, what: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    });
    assert_eq!(bad, None, "{what}: a control character reached the output");
}

/// The matches of a run: scan NDJSON lines, the scan JSON document's
/// `matches`, or each translate report's `matches`.
fn matches(cmd: &str, format: &str, values: &[Value]) -> Vec<Value> {
    match (cmd, format) {
        ("scan", "ndjson") => values.to_vec(),
        (_, "json") => values
            .iter()
            .flat_map(|v| v["matches"].as_array().cloned().unwrap_or_default())
            .collect(),
        _ => Vec::new(),
    }
}

/// `(rule, line, column, start, end, text)` of each match.
fn located(matches: &[Value]) -> Vec<(String, u64, u64, u64, u64, String)> {
    matches
        .iter()
        .map(|m| {
            (
                m["rule"].as_str().unwrap().to_owned(),
                m["line"].as_u64().unwrap(),
                m["column"].as_u64().unwrap(),
                m["start"].as_u64().unwrap(),
                m["end"].as_u64().unwrap(),
                m["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Each match's `text` is exactly `input[start..end]`.
fn assert_text_is_the_input_slice(input: &[u8], matches: &[Value], what: &str) {
    for m in matches {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let slice = String::from_utf8_lossy(&input[s..e]);
        assert_eq!(slice, m["text"].as_str().unwrap(), "{what}: {m}");
    }
}

/// Runs all six command/format pairs on one input that every command reads
/// successfully: exit 0, standard error `scan_err` / `translate_err`, output
/// valid; returns the matches each JSON format reported.
fn all_succeed(
    fx: &Fixture,
    scan_err: Err<'_>,
    translate_err: Err<'_>,
) -> Vec<(String, Vec<Value>)> {
    let name = fx.path.display().to_string();
    let mut found = Vec::new();
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format}");
        let out = run(cmd, format, &[], &fx.path);
        let err = if cmd == "scan" {
            scan_err
        } else {
            translate_err
        };
        check(&out, &what, 0, err, &name);
        let values = valid_stdout(cmd, format, &out, &what);
        if format != "text" && format != "markdown" {
            found.push((what, matches(cmd, format, &values)));
        }
    }
    found
}

#[test]
fn empty_input() {
    for (name, bytes) in [("empty.txt", &b""[..]), ("bom-only.txt", b"\xEF\xBB\xBF")] {
        let fx = fixture(name, bytes);
        let path = fx.path.display().to_string();
        for (cmd, format) in FORMATS {
            let what = format!("{name}: {cmd} --format {format}");
            let out = run(cmd, format, &[], &fx.path);
            if cmd == "scan" {
                check(&out, &what, 0, Err::Empty, &path);
                let values = valid_stdout(cmd, format, &out, &what);
                match format {
                    "text" => assert_eq!(stdout(&out), "0 matches in 1 inputs\n", "{what}"),
                    "json" => {
                        assert_eq!(values[0]["files"], 1, "{what}");
                        assert_eq!(values[0]["matches"], Value::Array(vec![]), "{what}");
                    }
                    _ => assert_eq!(stdout(&out), "", "{what}"),
                }
            } else {
                check(&out, &what, 0, Err::Line("nothing to translate"), &path);
                assert_eq!(stdout(&out), "", "{what}: no record of nothing");
            }
        }
    }
    // Standard input, named `-`.
    let out = jdx()
        .args(["scan", "--format", "json"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    check(&out, "scan of empty stdin", 0, Err::Empty, "-");
    let out = jdx()
        .args(["translate"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    check(
        &out,
        "translate of empty stdin",
        0,
        Err::Line("nothing to translate"),
        "jdx: -:",
    );
}

#[test]
fn whitespace_only() {
    let fx = fixture("blank.txt", b"  \n\t\r\n \x0c\n\xC2\xA0\xE2\x80\x8B \n");
    let path = fx.path.display().to_string();
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format}");
        let out = run(cmd, format, &[], &fx.path);
        if cmd == "scan" {
            check(&out, &what, 0, Err::Empty, &path);
            let values = valid_stdout(cmd, format, &out, &what);
            assert!(matches(cmd, format, &values).is_empty(), "{what}");
        } else {
            check(&out, &what, 0, Err::Line("nothing to translate"), &path);
            assert_eq!(stdout(&out), "", "{what}");
        }
    }
}

#[test]
fn utf8_bom() {
    let input = "\u{FEFF}Title: Engineer\nWe need a rockstar.\n";
    let fx = fixture("bom.txt", input.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        assert_eq!(
            located(&found),
            [("rockstar".into(), 2, 11, 29, 37, "rockstar".into())],
            "{what}: the BOM is skipped for matching and counted in byte offsets"
        );
        assert_text_is_the_input_slice(input.as_bytes(), &found, &what);
    }
    let out = run("scan", "text", &[], &fx.path);
    assert!(!stdout(&out).contains('\u{FEFF}'), "the BOM is not echoed");
}

#[test]
fn crlf_and_lone_cr() {
    let input = "We need a rockstar.\r\nLeverage synergy.\rWe are agile.\r\n";
    let fx = fixture("crlf.txt", input.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        assert_eq!(
            located(&found),
            [
                ("rockstar".into(), 1, 11, 10, 18, "rockstar".into()),
                ("leverage".into(), 2, 1, 21, 29, "Leverage".into()),
                ("synergy".into(), 2, 10, 30, 37, "synergy".into()),
                ("agile".into(), 3, 8, 46, 51, "agile".into()),
            ],
            "{what}: CRLF and a lone CR each end a line"
        );
    }
    // A phrase wrapped over CRLF still matches.
    let fx = fixture(
        "wrapped.txt",
        b"A fast-paced\r\nenvironment and a\rrockstar.",
    );
    let out = run("scan", "ndjson", &[], &fx.path);
    check(&out, "wrapped", 0, Err::Empty, "");
    let found = valid_stdout("scan", "ndjson", &out, "wrapped");
    let texts: Vec<_> = found.iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["fast-paced\r\nenvironment", "rockstar"]);
}

#[test]
fn invalid_utf8() {
    let input = b"We need a \xFF\xFE rockstar \xC3 and synergy.\n";
    let fx = fixture("latin.txt", input);
    let warning = Err::Line("not valid UTF-8");
    for (what, found) in all_succeed(&fx, warning, warning) {
        assert_eq!(
            located(&found),
            [
                ("rockstar".into(), 1, 14, 13, 21, "rockstar".into()),
                ("synergy".into(), 1, 29, 28, 35, "synergy".into()),
            ],
            "{what}: offsets count the bytes as read, columns each bad sequence as one character"
        );
    }
    // The replacement characters are printed; the raw bytes never are.
    let out = run("scan", "text", &[], &fx.path);
    assert!(stdout(&out).contains("We need a \u{FFFD}\u{FFFD} rockstar"));
}

#[test]
fn nul_bytes_and_binary() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00rockstar\x00\xff\xd8";
    let text_with_nul = b"We need a rockstar.\x00\x00Leverage synergy.\n";
    for (name, bytes) in [("image.png", &png[..]), ("nul.txt", &text_with_nul[..])] {
        let fx = fixture(name, bytes);
        let path = fx.path.display().to_string();
        for (cmd, format) in FORMATS {
            let what = format!("{name}: {cmd} --format {format}");
            let out = run(cmd, format, &[], &fx.path);
            check(&out, &what, 2, Err::Line("looks like a binary file"), &path);
            assert!(
                stderr(&out).contains("--binary"),
                "{what}: says how to read it anyway"
            );
            let values = valid_stdout(cmd, format, &out, &what);
            match (cmd, format) {
                ("scan", "json") => {
                    assert_eq!(values[0]["files"], 0, "{what}");
                    assert_eq!(values[0]["matches"], Value::Array(vec![]), "{what}");
                }
                _ => assert_eq!(stdout(&out), "", "{what}: nothing for a refused input"),
            }
        }
    }
    // --binary reads it: NULs are not word characters, and are not printed raw.
    let fx = fixture("nul.txt", text_with_nul);
    let out = run("scan", "ndjson", &["--binary"], &fx.path);
    check(&out, "--binary", 0, Err::Empty, "");
    let found = valid_stdout("scan", "ndjson", &out, "--binary");
    let rules: Vec<_> = found.iter().map(|m| m["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["rockstar", "leverage", "synergy"]);
    for (cmd, format) in [
        ("scan", "text"),
        ("translate", "text"),
        ("translate", "markdown"),
    ] {
        let what = format!("--binary {cmd} --format {format}");
        let out = run(cmd, format, &["--binary"], &fx.path);
        check(&out, &what, 0, Err::Empty, "");
        valid_stdout(cmd, format, &out, &what);
    }
    let fx = fixture("image.png", png);
    for (cmd, format) in FORMATS {
        let what = format!("--binary png: {cmd} --format {format}");
        let out = run(cmd, format, &["--binary"], &fx.path);
        check(
            &out,
            &what,
            0,
            Err::Line("not valid UTF-8"),
            &fx.path.display().to_string(),
        );
        valid_stdout(cmd, format, &out, &what);
    }
}

#[test]
fn ten_thousand_tiny_lines() {
    let input: String = (0..10_000)
        .map(|i| if i % 10 == 0 { "synergy\n" } else { "a\n" })
        .collect();
    let fx = fixture("lines.txt", input.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        assert_eq!(found.len(), 1000, "{what}: every tenth line is a buzzword");
        for (i, m) in located(&found).iter().enumerate() {
            assert_eq!(
                (m.1, m.2),
                (10 * i as u64 + 1, 1),
                "{what}: line and column"
            );
        }
        assert_text_is_the_input_slice(input.as_bytes(), &found, &what);
    }
    let out = run("scan", "text", &[], &fx.path);
    assert!(stdout(&out).contains("\n9991 | synergy\n"));
    assert!(stdout(&out).ends_with("1000 matches in 1 inputs\n"));
}

#[test]
fn right_to_left_text() {
    let input = "نبحث عن rockstar مطور.\nאנחנו מחפשים ninja עם synergy.\n\u{202E}leverage\u{202C} \u{2067}agile\u{2069}\n";
    let fx = fixture("rtl.txt", input.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        assert_eq!(
            located(&found),
            [
                ("rockstar".into(), 1, 9, 14, 22, "rockstar".into()),
                ("ninja".into(), 2, 14, 57, 62, "ninja".into()),
                ("synergy".into(), 2, 23, 68, 75, "synergy".into()),
                ("leverage".into(), 3, 2, 80, 88, "leverage".into()),
                ("agile".into(), 3, 13, 95, 100, "agile".into()),
            ],
            "{what}: columns in characters, offsets in bytes"
        );
        assert_text_is_the_input_slice(input.as_bytes(), &found, &what);
    }
    // Bidi overrides cannot reorder the terminal line (checked by
    // valid_stdout); the Arabic and Hebrew text itself is printed as is.
    let out = run("scan", "text", &[], &fx.path);
    assert!(stdout(&out).contains("1 | نبحث عن rockstar مطور."));
    assert!(
        stdout(&out).contains("\\u{202e}leverage"),
        "the override is shown escaped"
    );
}

#[test]
fn emoji_and_combining_marks() {
    let input = "🚀🎉 Leverage synergy 👩\u{200D}💻 with an e\u{301}quipe of rockstars 🇫🇷.\n";
    let fx = fixture("emoji.txt", input.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        assert_eq!(
            located(&found),
            [
                ("leverage".into(), 1, 4, 9, 17, "Leverage".into()),
                ("synergy".into(), 1, 13, 18, 25, "synergy".into()),
                ("rockstar".into(), 1, 44, 58, 67, "rockstars".into()),
            ],
            "{what}: columns count characters (an emoji is one, a combining mark one)"
        );
        assert_text_is_the_input_slice(input.as_bytes(), &found, &what);
    }
    let out = run("scan", "text", &[], &fx.path);
    assert!(stdout(&out).contains("1 | 🚀🎉 Leverage synergy 👩\u{200D}💻 with an e\u{301}quipe"));
}

#[test]
fn zero_width_characters_inside_buzzwords() {
    // ZWJ, ZWNJ, zero-width space, word joiner and soft hyphen are normalised away.
    let input = "We need a rock\u{200D}star to lever\u{200C}age syn\u{200B}ergy as a nin\u{2060}ja in a fast\u{AD}-paced team.\n";
    let fx = fixture("zw.txt", input.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        let rules: Vec<_> = found.iter().map(|m| m["rule"].as_str().unwrap()).collect();
        assert_eq!(
            rules,
            [
                "rockstar",
                "leverage",
                "synergy",
                "ninja",
                "fast-paced-environment"
            ],
            "{what}"
        );
        assert_eq!(
            found[0]["text"], "rock\u{200D}star",
            "{what}: the text as written"
        );
        assert_eq!(
            (found[0]["start"].as_u64(), found[0]["end"].as_u64()),
            (Some(10), Some(21))
        );
        assert_text_is_the_input_slice(input.as_bytes(), &found, &what);
    }
}

/// A soft hyphen or zero-width character right after a hyphen (a word
/// processor's hyphenation point, HTML's `fast-&#8203;paced`) still lets the
/// hyphen join the words, as it does before the hyphen.
#[test]
fn zero_width_characters_after_a_hyphen() {
    for input in [
        "a fast-\u{AD}paced team",
        "a fast-\u{200B}paced team",
        "a self-\u{200D}starter",
    ] {
        let fx = fixture("zw.txt", input.as_bytes());
        let out = run("scan", "ndjson", &[], &fx.path);
        check(&out, input, 0, Err::Empty, "");
        let found = valid_stdout("scan", "ndjson", &out, input);
        assert_eq!(found.len(), 1, "{input:?}: one match");
        assert_text_is_the_input_slice(input.as_bytes(), &found, input);
    }
}

#[test]
fn html_with_script_event_handlers_and_javascript_links() {
    let html = r#"<!doctype html>
<html><head><title>Rockstar</title>
<script>var synergy = "leverage"; document.write("<p>ninja</p>");</script>
<style>.disrupt { color: red }</style></head>
<body><h1>Backend Engineer</h1>
<p onclick="leverage()">We want a rockstar. <img src=x onerror="alert('synergy')">
<a href="javascript:alert('ninja')" onmouseover="disrupt()">Apply &lt;script&gt;alert(1)&lt;/script&gt; now</a></p>
<iframe srcdoc="<p>synergy</p>"></iframe><noscript>leverage</noscript>
</body></html>
"#;
    let fx = fixture("posting.html", html.as_bytes());
    for (what, found) in all_succeed(&fx, Err::Empty, Err::Empty) {
        assert_eq!(
            located(&found),
            [("rockstar".into(), 6, 35, 239, 247, "rockstar".into())],
            "{what}: only the visible text is read"
        );
    }
    // `scan --format text` quotes the source line of each match (HTML as
    // written, like a compiler quoting code); every other output has only the
    // visible text.
    let out = run("scan", "text", &[], &fx.path);
    assert!(stdout(&out).contains("6 | <p onclick=\"leverage()\">We want a rockstar."));
    for (cmd, format) in FORMATS.into_iter().skip(1) {
        let out = run(cmd, format, autopsy_all(cmd), &fx.path);
        let text = stdout(&out);
        for hidden in [
            "alert(",
            "javascript:",
            "onerror",
            "onmouseover",
            "document.write",
        ] {
            assert!(
                !text.contains(hidden),
                "{cmd} --format {format}: {hidden} reached the output"
            );
        }
    }
    // The escaped tag in the text stays text: escaped again in Markdown.
    let out = run("translate", "markdown", &["--autopsy", "all"], &fx.path);
    assert_no_raw_tags(&stdout(&out));
    // The same HTML read as text (`--input text`) is quoted, every `<` escaped.
    let out = run(
        "translate",
        "markdown",
        &["--input", "text", "--autopsy", "all"],
        &fx.path,
    );
    check(&out, "--input text", 0, Err::Empty, "");
    let md = stdout(&out);
    assert!(md.contains("\\<script\\>var **synergy**"), "{md}");
    assert_no_raw_tags(&md);
}

/// Every `<` in Markdown output is escaped (`\<`), so no tag from the posting
/// survives rendering.
fn assert_no_raw_tags(md: &str) {
    for (i, _) in md.match_indices('<') {
        assert!(
            i > 0 && md.as_bytes()[i - 1] == b'\\',
            "a raw `<` at {i}: {md}"
        );
    }
}

#[test]
fn a_directory_passed_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().display().to_string();
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format}");
        let out = run(cmd, format, &[], dir.path());
        check(
            &out,
            &what,
            2,
            Err::Line("is a directory"),
            &format!("jdx: {name}: "),
        );
        let values = valid_stdout(cmd, format, &out, &what);
        assert!(matches(cmd, format, &values).is_empty(), "{what}");
    }
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let fx = fixture("secret.txt", b"We need a rockstar.\n");
    std::fs::set_permissions(&fx.path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&fx.path).is_ok() {
        #[allow(clippy::print_stderr)] // a skipped case says so
        {
            eprintln!("skipped: this user can read a file with mode 000 (root?)");
        }
        return;
    }
    let name = fx.path.display().to_string();
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format}");
        let out = run(cmd, format, &[], &fx.path);
        check(
            &out,
            &what,
            2,
            Err::Line("permission denied"),
            &format!("jdx: {name}: "),
        );
        valid_stdout(cmd, format, &out, &what);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn output_to_dev_full() {
    let fx = fixture(
        "posting.txt",
        b"Backend Engineer\n\nWe need a rockstar to leverage synergy.\n",
    );
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format} > /dev/full");
        let out = jdx()
            .args([cmd, "--format", format])
            .arg(&fx.path)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let e = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {e}");
        assert!(!e.contains("panicked"), "{what}: {e}");
        assert_one_line(&e, &what);
        assert!(e.contains("No space left on device"), "{what}: {e}");
    }
}

/// A failed write names standard output (it used to say only `jdx: No space
/// left on device (os error 28)`).
#[cfg(target_os = "linux")]
#[test]
fn output_to_dev_full_names_standard_output() {
    let fx = fixture("posting.txt", b"We need a rockstar.\n");
    let out = jdx()
        .args(["scan", "--format", "ndjson"])
        .arg(&fx.path)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let e = stderr(&out);
    assert_one_line(&e, "scan > /dev/full");
    assert!(e.contains("standard output"), "{e}");
}

/// `--autopsy all` for `translate` (every sentence with a match is quoted).
fn autopsy_all(cmd: &str) -> &'static [&'static str] {
    if cmd == "translate" {
        &["--autopsy", "all"]
    } else {
        &[]
    }
}

#[test]
fn a_closed_pipe() {
    // More output than a pipe holds, so the writer must meet the closed end.
    let input: String = "We are a fast-paced family of rockstars.\n".repeat(2_000);
    let fx = fixture("big.txt", input.as_bytes());
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format} | head -c 1");
        let mut child = jdx()
            .args([cmd, "--format", format])
            .args(autopsy_all(cmd))
            .args(std::iter::repeat_n(
                &fx.path,
                if cmd == "scan" { 1 } else { 4 },
            ))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let got = reader.fill_buf().unwrap();
        assert!(!got.is_empty(), "{what}: some output first");
        drop(reader);
        let mut e = String::new();
        child.stderr.take().unwrap().read_to_string(&mut e).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{what}: ends quietly; stderr: {e}");
        assert_eq!(e, "", "{what}: no broken-pipe message, no panic");
    }
}

/// Every escape character in `out` starts a style the renderer wrote (SGR:
/// `ESC [ digits/semicolons m`); returns how many there are.
fn only_renderer_styles(out: &str, what: &str) -> usize {
    let mut styles = 0;
    for (i, _) in out.match_indices('\u{1b}') {
        let rest = &out[i + 1..];
        let sgr = rest.strip_prefix('[').and_then(|r| {
            let end = r.find(|c: char| !c.is_ascii_digit() && c != ';')?;
            (r.as_bytes()[end] == b'm').then_some(())
        });
        assert!(
            sgr.is_some(),
            "{what}: a raw ESC that is not a renderer style: {:?}",
            &out[i..(i + 12).min(out.len())]
        );
        styles += 1;
    }
    styles
}

#[test]
fn ansi_escapes_and_control_characters_are_neutralised() {
    let input = "Backend Engineer\n\nWe need a rockstar \u{1b}[2J\u{1b}[31m ninja to leverage synergy\u{7} and \u{1b}]0;pwned\u{7} disrupt \u{9b}31m the market\u{8}\u{8}\u{8}.\n";
    let fx = fixture("ansi.txt", input.as_bytes());
    for (cmd, format) in FORMATS {
        let what = format!("{cmd} --format {format} --color always");
        let out = jdx()
            .args([cmd, "--format", format, "--color", "always"])
            .args(autopsy_all(cmd))
            .arg(&fx.path)
            .output()
            .unwrap();
        check(&out, &what, 0, Err::Empty, "");
        let text = stdout(&out);
        for seq in ["[2J", "[31m ninja", "]0;pwned"] {
            for (i, _) in text.match_indices(seq) {
                assert!(
                    i == 0 || text.as_bytes()[i - 1] != 0x1b,
                    "{what}: the input's {seq:?} is preceded by a raw ESC"
                );
            }
        }
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{8}'),
            "{what}: BEL or BS"
        );
        if format == "text" || format == "markdown" {
            // JSON may carry U+009B as is (only U+0000–U+001F must be escaped).
            assert!(!text.contains('\u{9b}'), "{what}: the C1 CSI");
        }
        match format {
            "text" => {
                assert!(only_renderer_styles(&text, &what) > 0, "{what}: styled");
                assert!(
                    text.contains("\\u{1b}[2J"),
                    "{what}: the input's escape is shown escaped"
                );
            }
            "markdown" => {
                only_renderer_styles(&text, &what);
            }
            _ => {
                assert!(
                    !text.contains('\u{1b}'),
                    "{what}: JSON escapes control characters"
                );
                let values = valid_stdout(cmd, format, &out, &what);
                let found = matches(cmd, format, &values);
                let rules: Vec<_> = found.iter().map(|m| m["rule"].as_str().unwrap()).collect();
                assert_eq!(
                    rules,
                    ["rockstar", "ninja", "leverage", "synergy", "disrupt"],
                    "{what}"
                );
                assert_text_is_the_input_slice(input.as_bytes(), &found, &what);
            }
        }
    }
    // Without colors the terminal output has no escape at all.
    for (cmd, format) in [
        ("scan", "text"),
        ("translate", "text"),
        ("translate", "markdown"),
    ] {
        let what = format!("{cmd} --format {format} --color never");
        let out = run(cmd, format, &[], &fx.path);
        check(&out, &what, 0, Err::Empty, "");
        valid_stdout(cmd, format, &out, &what);
    }
}

/// File names in error and warning lines are neutralised: a file named with
/// an escape sequence cannot restyle the terminal (standard error keeps
/// escapes on a terminal and with `--color always`).
#[cfg(unix)]
#[test]
fn a_file_name_with_escapes_is_neutralised_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone\u{1b}[2J.txt");
    let lossy = dir.path().join("latin\u{1b}[31m.txt");
    std::fs::write(&lossy, b"a \xff rockstar\n").unwrap();
    for (path, says) in [(&missing, "no such file"), (&lossy, "not valid UTF-8")] {
        let out = jdx()
            .args(["--color", "always", "scan", "--format", "ndjson"])
            .arg(path)
            .output()
            .unwrap();
        let e = stderr(&out);
        assert_one_line(&e, says);
        assert!(e.contains(says), "{e}");
        assert!(!e.contains('\u{1b}'), "a raw ESC from the file name: {e:?}");
    }
}

/// `scan --format text` prints control characters escaped (`\u{1b}` is 6
/// characters wide); the carets still sit under the match.
#[test]
fn the_underline_lines_up_after_escaped_control_characters() {
    let fx = fixture("ctl.txt", b"a \x1b[2J then a rockstar\n");
    let out = run("scan", "text", &[], &fx.path);
    check(&out, "scan", 0, Err::Empty, "");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let quoted = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
    let at = lines[quoted].find("rockstar").unwrap();
    let carets = lines[quoted + 1].find('^').unwrap();
    assert_eq!(carets, at, "{text}");
}

/// `scan --format text` quotes a bounded stretch of the line around each
/// match, so on one long line the output grows with the matches, not with
/// matches × line length.
#[test]
fn scan_text_output_is_bounded_on_one_long_line() {
    let line = "We leverage synergy as a fast-paced team of rockstar ninjas. ".repeat(2_000);
    let fx = fixture("line.txt", line.as_bytes());
    let out = run("scan", "text", &[], &fx.path);
    check(&out, "scan", 0, Err::Empty, "");
    let text = stdout(&out);
    let matches = text.lines().filter(|l| l.contains("line.txt:1:")).count();
    assert!(matches >= 5 * 2_000, "{matches} matches");
    // Header, quoted stretch and carets: a few hundred bytes per match.
    assert!(
        out.stdout.len() < 400 * matches,
        "{} bytes of output for {matches} matches on a {} byte line",
        out.stdout.len(),
        line.len()
    );
    let quoted = text
        .lines()
        .find(|l| l.starts_with("1 | "))
        .unwrap_or_default();
    assert!(
        quoted.ends_with('…') && quoted.contains("leverage"),
        "{quoted}"
    );
}

/// HTML output (`scan --format html`, `translate --format html`): markup,
/// quotes and control characters from the posting arrive escaped, whether
/// the posting is read as text or as HTML.
#[test]
fn html_output_escapes_the_posting() {
    let posting = "Senior Engineer\n\nWe leverage synergy <script>alert(\"jdx-pwned\")</script> as a rockstar <img src=x onerror=\"jdx_pwned()\"> <a href=\"javascript:jdx_pwned()\">ninja</a> & \"quotes\" 'single' \u{1b}[2J\u{7}.\n";
    let fx = fixture("evil.txt", posting.as_bytes());
    for cmd in ["scan", "translate"] {
        for input in ["text", "html"] {
            let what = format!("{cmd} --format html --input {input}");
            let out = run(cmd, "html", &["--input", input], &fx.path);
            check(&out, &what, 0, Err::Empty, "");
            let page = stdout(&out);
            assert!(
                page.contains("<html") && page.contains("</html>"),
                "{what}: a page"
            );
            for raw in [
                "<script>alert(",
                "<img src=x",
                "onerror=\"jdx",
                "<a href=\"javascript:",
                "\u{1b}",
                "\u{7}",
            ] {
                assert!(
                    !page.contains(raw),
                    "{what}: {raw:?} reached the page unescaped"
                );
            }
            if input == "text" {
                assert!(
                    page.contains("&lt;script&gt;alert(&quot;jdx-pwned&quot;)&lt;/script&gt;"),
                    "{what}: the tag is shown as text"
                );
            }
        }
    }
}
