//! Pipelines and batch: `jdx score` (folders, NDJSON and CSV input, all
//! formats, threads), CI gating (`--fail-over`, `scan --format github`),
//! `jdx rewrite`, completions and the manual page.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as Process, Stdio};

mod common;

use common::{jdx, ndjson};
use jdx::{AnalyzeOptions, Document, Engine, RuleSet};
use serde_json::Value;

/// The keys of a score row, in order.
const ROW_KEYS: &[&str] = &[
    "schema",
    "file",
    "words",
    "matches",
    "density",
    "bs_index",
    "verdict",
    "role",
    "role_match",
];

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[derive(serde::Deserialize)]
struct Manifest {
    posting: Vec<Listed>,
}

#[derive(serde::Deserialize)]
struct Listed {
    file: String,
}

/// The corpus postings as `corpus/<file>`, sorted.
fn corpus_postings() -> Vec<String> {
    let src = std::fs::read_to_string("corpus/manifest.toml").expect("manifest");
    let mut files: Vec<String> = toml::from_str::<Manifest>(&src)
        .expect("valid manifest")
        .posting
        .into_iter()
        .map(|p| format!("corpus/{}", p.file))
        .collect();
    files.sort();
    files
}

/// NDJSON lines, one per corpus posting repeated `times`, with an `id` and a `team`.
fn corpus_ndjson(times: usize) -> String {
    let texts: Vec<String> = corpus_postings()
        .iter()
        .filter(|f| !f.ends_with(".html"))
        .map(|f| std::fs::read_to_string(f).expect("posting"))
        .collect();
    let mut out = String::new();
    for i in 0..times * texts.len() {
        let line = serde_json::json!({
            "id": format!("job-{i}"),
            "description": texts[i % texts.len()],
            "team": i % 7,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// score: folders

#[test]
fn score_corpus_gives_one_documented_row_per_posting_sorted_by_path() {
    let out = jdx()
        .args(["score", "corpus/", "--format", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = ndjson(&out.stdout);
    let postings = corpus_postings();
    assert_eq!(postings.len(), 42);
    assert_eq!(
        rows.len(),
        postings.len(),
        "one row per posting; manifest.toml and bs-index.dat are not postings"
    );
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, postings, "rows in path order");
    for row in &rows {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = ROW_KEYS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{row}");
        assert_eq!(row["schema"], "jdx/1");
        let density = row["density"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&density), "{row}");
        let bs = row["bs_index"].as_u64().unwrap();
        assert!(bs <= 100);
        assert_eq!(row["verdict"], jdx::score::verdict(bs as u8), "{row}");
        assert!(row["words"].as_u64().unwrap() > 0, "{row}");
        assert!(row["role"].is_string() && row["role_match"].as_u64().unwrap() <= 99);
    }
}

#[test]
fn score_rows_agree_with_the_full_analysis() {
    let engine = Engine::new(RuleSet::builtin().unwrap()).unwrap();
    let out = jdx()
        .args(["score", "corpus", "--format", "ndjson"])
        .output()
        .unwrap();
    for row in ndjson(&out.stdout) {
        let path = row["file"].as_str().unwrap();
        let bytes = std::fs::read(path).unwrap();
        let doc = Document::from_file(path, bytes);
        let report = engine.analyze(&doc, &AnalyzeOptions::default()).unwrap();
        assert_eq!(row["words"], report.scores.words, "{path}");
        assert_eq!(row["matches"], report.scores.matches, "{path}");
        assert_eq!(row["bs_index"], report.scores.bs_index, "{path}");
        assert_eq!(row["role"], report.role.role.id.as_str(), "{path}");
        assert_eq!(row["role_match"], report.role.percent, "{path}");
    }
}

#[test]
fn output_is_byte_identical_on_one_and_eight_threads() {
    for format in ["ndjson", "csv", "text", "json"] {
        let run = |threads: &str| {
            jdx()
                .args(["score", "corpus", "--format", format, "--threads", threads])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("8"), "--format {format}");
    }
    // More lines than one chunk (1,000), so chunks are scored and written in turn.
    let input = corpus_ndjson(30);
    assert!(input.lines().count() > 1000, "two chunks");
    let run = |threads: &str| {
        jdx()
            .args(["score", "--input-format", "ndjson", "--id-field", "id"])
            .args(["--format", "ndjson", "--threads", threads])
            .write_stdin(input.clone())
            .output()
            .unwrap()
    };
    let one = run("1");
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let eight = run("8");
    assert_eq!(one.stdout, eight.stdout);
    let rows = ndjson(&one.stdout);
    assert_eq!(rows.len(), input.lines().count());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["file"], format!("job-{i}"), "input order");
    }
}

#[test]
fn folders_respect_ignore_files_and_globs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    for (name, text) in [
        ("b.md", "# Engineer\nWe leverage synergy.\n"),
        ("a.txt", "A plain posting about databases.\n"),
        ("sub/c.html", "<h1>Analyst</h1><p>Fast-paced team.</p>"),
        ("skipped.txt", "ignored by .gitignore"),
        ("notes.toml", "not = \"a posting\""),
        (".gitignore", "skipped.txt\n"),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
    let files = |extra: &[&str]| -> Vec<String> {
        let out = jdx()
            .current_dir(root)
            .args(["score", ".", "--format", "ndjson"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        ndjson(&out.stdout)
            .iter()
            .map(|r| r["file"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(files(&[]), ["./a.txt", "./b.md", "./sub/c.html"]);
    assert_eq!(files(&["--glob", "*.md"]), ["./b.md"]);
    assert_eq!(
        files(&["--glob", "!b.md"]),
        ["./a.txt", "./sub/c.html"],
        "only exclusions: the default globs still pick"
    );
    assert_eq!(
        files(&["--glob", "*.toml", "--glob", "*.txt"]),
        ["./a.txt", "./notes.toml"]
    );
    // A file named on the command line is scored whatever the globs say.
    assert_eq!(
        files(&["notes.toml", "--glob", "*.md"]),
        ["./b.md", "notes.toml"]
    );
}

#[test]
fn score_reads_stdin_and_prints_a_table() {
    let out = jdx()
        .args(["score"])
        .write_stdin("Software Engineer\n\nWe leverage world-class synergy in a fast-paced team.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(" BS  VERDICT"), "{text}");
    assert!(lines[0].ends_with("FILE"), "{text}");
    assert!(lines[1].ends_with("  -"), "stdin is named -: {text}");
    assert!(
        lines[1].contains("TOTAL FOG") || lines[1].contains("SOUP"),
        "{text}"
    );
    assert!(lines[2].starts_with("1 posting · mean BS index "), "{text}");
}

#[test]
fn score_json_is_one_document_with_the_same_rows() {
    let out = jdx()
        .args(["score", "corpus", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["schema"], "jdx/1");
    assert_eq!(doc["postings"], 42);
    let rows = doc["rows"].as_array().unwrap();
    let lines = jdx()
        .args(["score", "corpus", "--format", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(rows, &ndjson(&lines.stdout));
}

#[test]
fn score_csv_and_tsv_have_a_header_and_quote_properly() {
    let out = jdx()
        .args(["score", "corpus", "--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ROW_KEYS[1..]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 42);
    assert!(records.iter().all(|r| r[0].starts_with("corpus/")));
    let verdicts: Vec<&str> = records.iter().map(|r| r.get(5).unwrap()).collect();
    assert!(verdicts.contains(&"TOTAL FOG") || verdicts.contains(&"BUZZWORD SOUP"));

    let tsv = jdx()
        .args(["score", "corpus/sdet-plain.txt", "--format", "tsv"])
        .output()
        .unwrap();
    let text = String::from_utf8(tsv.stdout).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("file\twords\tmatches\tdensity\tbs_index\tverdict\trole\trole_match")
    );
    assert_eq!(text.lines().count(), 2);
}

// ---------------------------------------------------------------------------
// score: NDJSON and CSV input

#[test]
fn ndjson_fields_pass_through_and_the_id_field_names_the_row() {
    let input = r#"{"id": "a1", "description": "We leverage synergy.", "company": "Acme, Inc.", "salary": 100, "tags": ["x"]}
{"id": 7, "description": "Plain words about databases.", "words": "shadowed"}
"#;
    let out = jdx()
        .args(["score", "--input-format", "ndjson", "--id-field", "id"])
        .args(["--text-field", "description", "--format", "ndjson"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = ndjson(&out.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["file"], "a1");
    assert_eq!(rows[0]["id"], "a1");
    assert_eq!(rows[0]["company"], "Acme, Inc.");
    assert_eq!(rows[0]["salary"], 100);
    assert_eq!(rows[0]["tags"], serde_json::json!(["x"]));
    assert!(
        rows[0].get("description").is_none(),
        "the text is not echoed"
    );
    assert!(rows[0]["matches"].as_u64().unwrap() >= 2);
    assert_eq!(rows[1]["file"], "7");
    assert_eq!(rows[1]["words"], 4, "jdx's own key wins");
    assert!(
        stderr(&out).contains("input field `words` has the name of a score column"),
        "{}",
        stderr(&out)
    );
    // Without --id-field a row is named SOURCE:LINE.
    let out = jdx()
        .args(["score", "--input-format", "ndjson", "--format", "ndjson"])
        .write_stdin(input)
        .output()
        .unwrap();
    let names: Vec<Value> = ndjson(&out.stdout)
        .into_iter()
        .map(|r| r["file"].clone())
        .collect();
    assert_eq!(names, ["-:1", "-:2"]);
}

#[test]
fn malformed_ndjson_lines_are_reported_with_their_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.ndjson");
    std::fs::write(
        &path,
        concat!(
            "{\"description\": \"We leverage synergy.\"}\n",
            "{\"description\": \"broken\n",
            "\n",
            "{\"description\": \"A plain posting.\"}\n",
            "[1, 2]\n",
            "{\"text\": \"no description\"}\n",
            "{\"description\": 42}\n",
            "{\"description\": \"Fast-paced.\"}",
        ),
    )
    .unwrap();
    let out = jdx()
        .current_dir(dir.path())
        .args(["score", "--input-format", "ndjson", "--format", "ndjson"])
        .arg("input.ndjson")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "errors make exit code 2");
    let names: Vec<Value> = ndjson(&out.stdout)
        .into_iter()
        .map(|r| r["file"].clone())
        .collect();
    assert_eq!(
        names,
        ["input.ndjson:1", "input.ndjson:4", "input.ndjson:8"],
        "the other rows are still scored"
    );
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].starts_with("jdx: input.ndjson:2: invalid JSON: "),
        "{err}"
    );
    assert!(
        lines[1].starts_with("jdx: input.ndjson:5: invalid JSON: "),
        "{err}"
    );
    assert_eq!(lines[2], "jdx: input.ndjson:6: no field `description`");
    assert_eq!(
        lines[3],
        "jdx: input.ndjson:7: field `description` is a number, not a string"
    );
}

#[test]
fn csv_input_passes_columns_through_and_reports_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jobs.csv");
    std::fs::write(
        &path,
        "id,title,description\n\
         j1,Engineer,\"We leverage synergy,\nevery day.\"\n\
         j2,Broken\n\
         j3,Analyst,\"Plain \"\"quoted\"\" words.\"\n",
    )
    .unwrap();
    let out = jdx()
        .current_dir(dir.path())
        .args([
            "score",
            "--input-format",
            "csv",
            "--text-column",
            "description",
        ])
        .args(["--id-column", "id", "--format", "csv", "jobs.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "jdx: jobs.csv:4: invalid CSV row: expected 3 fields, found 2",
        "the row's line, counting the quoted line break"
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "file",
            "words",
            "matches",
            "density",
            "bs_index",
            "verdict",
            "role",
            "role_match",
            "id",
            "title"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (&records[0][0], &records[0][8], &records[0][9]),
        ("j1", "j1", "Engineer")
    );
    assert_eq!(&records[0][1], "5", "words of the multi-line field");
    assert_eq!(&records[1][0], "j3");

    let missing = jdx()
        .current_dir(dir.path())
        .args([
            "score",
            "--input-format",
            "csv",
            "--text-column",
            "body",
            "jobs.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing).trim_end(),
        "jdx: jobs.csv: no column `body` in the CSV header (columns: id, title, description)"
    );
}

// ---------------------------------------------------------------------------
// CI gating

#[test]
fn fail_over_exits_1_above_the_threshold_and_0_below() {
    let posting = "corpus/data-scientist-growth.txt";
    let bs = ndjson(
        &jdx()
            .args(["score", posting, "--format", "ndjson"])
            .output()
            .unwrap()
            .stdout,
    )[0]["bs_index"]
        .as_u64()
        .unwrap();
    assert!(bs > 50, "a stuffed posting");
    for cmd in ["score", "scan"] {
        let above = jdx()
            .args([cmd, posting, "--fail-over", &(bs - 1).to_string()])
            .output()
            .unwrap();
        assert_eq!(above.status.code(), Some(1), "{cmd}: {}", stderr(&above));
        assert!(
            stderr(&above).contains(&format!("above {}", bs - 1)),
            "{cmd}: {}",
            stderr(&above)
        );
        let at = jdx()
            .args([cmd, posting, "--fail-over", &bs.to_string()])
            .output()
            .unwrap();
        assert_eq!(at.status.code(), Some(0), "{cmd}: equal is not above");
    }
    // A read error beats a threshold: exit 2.
    jdx()
        .args(["score", posting, "no-such-file.txt", "--fail-over", "0"])
        .assert()
        .code(2);
}

#[test]
fn scan_github_prints_escaped_annotations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a,b:c.txt"),
        "Title\nWe leverage 100% synergy.\n",
    )
    .unwrap();
    let out = jdx()
        .current_dir(dir.path())
        .args(["scan", "--format", "github", "a,b:c.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "::warning file=a%2Cb%3Ac.txt,line=2,col=4,title=jdx leadership/leverage::\"leverage\" → Use."
    );
    assert!(lines
        .iter()
        .all(|l| l.starts_with("::warning file=a%2Cb%3Ac.txt,line=2,")));
    let gated = jdx()
        .current_dir(dir.path())
        .args([
            "scan",
            "--format",
            "github",
            "--fail-over",
            "10",
            "a,b:c.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(gated.status.code(), Some(1));
    let last = String::from_utf8(gated.stdout).unwrap();
    assert!(
        last.lines()
            .last()
            .unwrap()
            .starts_with("::error file=a%2Cb%3Ac.txt,title=jdx BS index::BS index "),
        "{last}"
    );
}

// ---------------------------------------------------------------------------
// rewrite

#[test]
fn rewrite_keeps_crlf_and_replaces_rules_with_a_replacement() {
    let input =
        "Title\r\n\r\nWe LEVERAGE data.\r\nA world-class, fast-paced firm. Be a rockstar.\r\n";
    let out = jdx().args(["rewrite"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Title\r\n\r\nWe USE data.\r\nA competent, busy firm. Be a skilled.\r\n"
    );
    let diff = jdx()
        .args(["rewrite", "--diff", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    let diff = String::from_utf8(diff.stdout).unwrap();
    assert!(diff.starts_with("--- -\n+++ -\n@@ "), "{diff}");
    assert!(diff.contains("\n-We LEVERAGE data.\r\n"), "{diff}");
    assert!(diff.contains("\n+We USE data.\r\n"), "{diff}");
    assert!(!diff.contains("-Title"), "unchanged lines are context");
}

#[test]
fn rewrite_of_a_crlf_file_changes_only_the_replaced_words() {
    let path = "corpus/backend-engineer-crlf.txt";
    let bytes = std::fs::read(path).unwrap();
    let out = jdx().args(["rewrite", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let crlf = |b: &[u8]| b.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(crlf(&out.stdout), crlf(&bytes), "every CRLF kept");
    assert!(out.stdout.iter().filter(|&&b| b == b'\n').count() == crlf(&bytes));
    // With rules that have no `replace`, the output is the input, byte for byte.
    let same = jdx()
        .args([
            "rewrite",
            "--no-default-rules",
            "--rules",
            "tests/fixtures/semantics",
            path,
        ])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(same.stdout, bytes);
}

// ---------------------------------------------------------------------------
// shell polish

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = jdx().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in ["translate", "scan", "score", "rewrite"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let out = jdx().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie") || page.contains("\n.TH ") || page.starts_with(".TH "));
    assert!(page.contains(".TH jdx"), "{}", &page[..200.min(page.len())]);
    for section in ["JDX SCORE", "JDX REWRITE", "JDX SCAN", "JDX TRANSLATE"] {
        assert!(page.contains(&format!(".SH \"{section}\"")), "no {section}");
    }
    assert!(
        page.contains("fail\\-over"),
        "options of subcommands are listed"
    );
}

#[test]
fn every_subcommand_help_has_examples() {
    let out = jdx().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let subs: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|s| s != "help")
        .collect();
    assert!(subs.len() >= 6, "{help}");
    for sub in subs {
        let out = jdx().args([&sub, "--help"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Examples:\n  jdx "),
            "`jdx {sub} --help` has no examples"
        );
    }
}

#[test]
fn quiet_drops_warnings_but_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Caf\xe9 synergy\n").unwrap();
    for cmd in ["score", "scan"] {
        let run = |quiet: bool| {
            let mut c = jdx();
            c.current_dir(dir.path())
                .args([cmd, "latin1.txt", "missing.txt"]);
            if quiet {
                c.arg("--quiet");
            }
            c.output().unwrap()
        };
        let loud = stderr(&run(false));
        assert!(
            loud.contains("warning: latin1.txt: not valid UTF-8"),
            "{cmd}: {loud}"
        );
        let out = run(true);
        let quiet = stderr(&out);
        assert!(!quiet.contains("warning"), "{cmd}: {quiet}");
        assert!(
            quiet.contains("missing.txt: no such file"),
            "{cmd}: {quiet}"
        );
        assert_eq!(out.status.code(), Some(2));
    }
}

#[test]
fn a_closed_pipe_ends_score_quietly() {
    let input = corpus_ndjson(20);
    let mut child = Process::new(env!("CARGO_BIN_EXE_jdx"))
        .args(["score", "--input-format", "ndjson", "--format", "ndjson"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The child may stop reading once its output is closed.
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"schema\":\"jdx/1\""), "{first}");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "no broken-pipe message, no panic");
}
