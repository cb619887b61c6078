//! The binary: inputs, formats, exit codes and error classes.

mod common;

use common::{jdx, ndjson};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn scan_reads_stdin_and_reports_byte_offsets_into_it() {
    let input = "Intro\r\nWe\u{2019}re like a family and you\u{2019}ll be a rockstar.";
    let out = jdx()
        .args(["scan", "--format", "ndjson"])
        .write_stdin(input)
        .assert()
        .success();
    let rows = ndjson(&out.get_output().stdout);
    assert!(!rows.is_empty());
    for row in &rows {
        for key in [
            "file", "rule", "category", "weight", "start", "end", "line", "column", "text",
            "plain", "otiose",
        ] {
            assert!(row.get(key).is_some(), "missing {key} in {row}");
        }
        let (s, e) = (
            row["start"].as_u64().unwrap() as usize,
            row["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&input[s..e], row["text"].as_str().unwrap());
        assert_eq!(row["file"], "-");
    }
    let family = rows
        .iter()
        .find(|r| r["text"] == "like a family")
        .expect("family found");
    assert_eq!(
        (family["line"].as_u64(), family["column"].as_u64()),
        (Some(2), Some(7))
    );
}

#[test]
fn scan_text_shows_location_rule_and_underline() {
    jdx()
        .args(["scan", "-"])
        .write_stdin("Join a fast-paced team of rockstars.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "-:1:8  hustle/fast-paced-environment  \"fast-paced team\" →",
        ))
        .stdout(predicate::str::contains(
            "1 | Join a fast-paced team of rockstars.",
        ))
        .stdout(predicate::str::contains("  |        ^^^^^^^^^^^^^^^"))
        .stdout(predicate::str::contains("matches in 1 inputs"));
}

#[test]
fn scan_json_is_one_document_over_several_files() {
    let out = jdx()
        .args(["scan", "--format", "json", "corpus/sdet-startup.txt", "-"])
        .write_stdin("a ninja")
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    assert_eq!(doc["schema"], "jdx/1");
    assert_eq!(doc["files"], 2);
    let files: Vec<&str> = doc["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"corpus/sdet-startup.txt") && files.contains(&"-"));
}

#[test]
fn empty_and_blank_input_scan_to_nothing() {
    for input in ["", "  \n\t\r\n"] {
        jdx()
            .args(["scan", "--format", "ndjson"])
            .write_stdin(input)
            .assert()
            .success()
            .stdout("");
    }
}

#[test]
fn a_missing_file_is_one_line_and_the_others_are_still_scanned() {
    let out = jdx()
        .args([
            "scan",
            "--format",
            "ndjson",
            "no/such/posting.txt",
            "corpus/sdet-startup.txt",
        ])
        .assert()
        .code(2)
        .stderr("jdx: no/such/posting.txt: no such file\n");
    assert!(!ndjson(&out.get_output().stdout).is_empty());
}

#[test]
fn a_directory_passed_as_a_file_is_an_error() {
    jdx()
        .args(["scan", "corpus"])
        .assert()
        .code(2)
        .stderr("jdx: corpus: is a directory\n");
}

#[test]
fn binary_input_is_refused_unless_asked() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR rockstar";
    jdx()
        .args(["scan"])
        .write_stdin(png.to_vec())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("jdx: -: looks like a binary file")
                .and(predicate::str::ends_with("\n")),
        )
        .stdout("");
    jdx()
        .args(["scan", "--binary", "--format", "ndjson"])
        .write_stdin(png.to_vec())
        .assert()
        .success();
}

#[test]
fn invalid_utf8_warns_once_and_offsets_count_the_bytes_read() {
    let out = jdx()
        .args(["scan", "--format", "ndjson"])
        .write_stdin(b"\xff\xfe rockstar".to_vec())
        .assert()
        .success()
        .stderr(
            predicate::str::contains("not valid UTF-8")
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
    let rows = ndjson(&out.get_output().stdout);
    assert_eq!(
        (rows[0]["start"].as_u64(), rows[0]["end"].as_u64()),
        (Some(3), Some(11))
    );
}

#[test]
fn colors_follow_the_color_flag() {
    let run = |when: &str| {
        let out = jdx()
            .args(["scan", "--color", when])
            .write_stdin("a rockstar")
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    assert!(run("always").contains("\u{1b}["));
    assert!(!run("never").contains("\u{1b}["));
    assert!(!run("auto").contains("\u{1b}["), "not a terminal");
}

#[test]
fn a_broken_pack_reports_every_error_located() {
    let out = jdx()
        .args(["--rules", "tests/fixtures/broken-pack", "scan"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stdout("");
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let pack = "tests/fixtures/broken-pack";
    for expected in [
        format!("{pack}/a-syntax.toml:2:13: error: invalid basic string"),
        format!("{pack}/b-rules.toml:14:1: error: unknown field `colour`"),
        format!("{pack}/b-rules.toml:26:6: error: duplicate rule id `north-star`: first defined at {pack}/b-rules.toml:17:6"),
        format!("{pack}/b-rules.toml:38:10: error: invalid regex"),
        format!("{pack}/b-rules.toml:45:12: error: unknown category `no-such-category`"),
        format!("{pack}/b-rules.toml:46:10: error: weight 9 is out of range: expected 1 to 5"),
        format!("{pack}/b-rules.toml:47:12: error: phrase ``: empty phrase"),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        err.contains("46 | weight = 9"),
        "shows the offending line:\n{err}"
    );
    assert!(err.contains("jdx: 7 error(s) in rule files"), "{err}");
}

#[test]
fn an_unknown_category_is_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.toml"),
        "[[rule]]\nid = \"x\"\ncategory = \"nope\"\nweight = 1\nphrases = [\"x\"]\nplain = \"p\"\notiose = \"O.\"\nexamples = [\"x\"]\n",
    )
    .unwrap();
    jdx()
        .args(["--rules", dir.path().to_str().unwrap(), "scan"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "r.toml:3:12: error: unknown category `nope`",
        ));
}

#[test]
fn a_pack_overrides_builtins_by_id_and_no_default_rules_drops_them() {
    let out = jdx()
        .args([
            "--rules",
            "tests/fixtures/override-pack",
            "scan",
            "--format",
            "ndjson",
        ])
        .write_stdin("A rockstar at our pizza party, fast-paced.")
        .assert()
        .success();
    let rows = ndjson(&out.get_output().stdout);
    let rules: Vec<&str> = rows.iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        ["rockstar", "pizza-party", "fast-paced"],
        "the pack's rule wins a shared phrase"
    );
    assert_eq!(rows[0]["plain"], "Overridden: name the skill.");

    jdx()
        .args([
            "--no-default-rules",
            "--rules",
            "tests/fixtures/override-pack",
            "scan",
        ])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown category `recruiting`"));
}

#[test]
fn translate_prints_every_section_in_order() {
    let out = jdx()
        .args(["translate", "corpus/sdet-startup.txt"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("FILE RECORD: SDET"));
    let mut at = 0;
    for heading in [
        "BUZZWORD DENSITY",
        "[01] THE ORG-CHART ARCHITECTURE",
        "KNOWN ALIASES / DISGUISES",
        "[02] THE HABITAT (NATURAL RANGE)",
        "[03] SALARY DELUSION",
        "[04] THE FLIGHT RISK",
        "[05] THE BULLSHIT METRICS",
        "[06] SIGNATURE WEAPONRY",
        "[07] SURVIVAL / ENCOUNTER GUIDE",
        "[08] THE JD AUTOPSY: WHAT DO THEY ACTUALLY DO?",
        "LINKEDIN ILLUSION",
        "OTIOSE TRANSLATION",
        "[09] DAY-IN-THE-LIFE LOG",
        "[10] THE BURN WARD (UNFILTERED COMPLAINTS)",
        "[11] RELATED SPECIMENS",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found;
    }
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "wrapped at 80 when not a terminal"
    );
}

#[test]
fn translate_of_nothing_says_so_and_succeeds() {
    jdx()
        .args(["translate"])
        .write_stdin(" \n\u{200B}\n")
        .assert()
        .success()
        .stdout("")
        .stderr("jdx: -: nothing to translate (the posting is empty)\n");
}

#[test]
fn translate_json_has_the_documented_keys() {
    let out = jdx()
        .args([
            "translate",
            "--format",
            "json",
            "corpus/data-engineer-streaming.md",
        ])
        .assert()
        .success();
    let r: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(r["schema"], "jdx/1");
    assert_eq!(r["role"]["id"], "data-engineer");
    assert!(r["role"]["match"].as_u64().is_some() && r["role"]["title"].is_string());
    assert!(r["related"]
        .as_array()
        .is_some_and(|a| a.iter().all(|x| x["id"].is_string() && x["match"].is_u64())));
    for key in ["words", "density", "bs_index", "verdict", "percentile"] {
        assert!(!r["scores"][key].is_null(), "scores.{key}");
    }
    assert!(r["matches"].as_array().is_some_and(|m| !m.is_empty()));
    assert!(r["autopsy"][0]["translation"].is_string());
    assert_eq!(r["salary"]["stated"]["low"], 120000.0);
    assert_eq!(r["salary"]["difference_percent"], 4);
    assert!(r["flight_risk"]["factors"].is_array());
}

#[test]
fn role_and_autopsy_flags() {
    jdx()
        .args([
            "translate",
            "--role",
            "scrum-master",
            "corpus/sdet-startup.txt",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("FILE RECORD: SCRUM-MASTER")
                .and(predicate::str::contains("forced with --role")),
        );
    jdx()
        .args(["translate", "--role", "wizard", "corpus/sdet-startup.txt"])
        .assert()
        .code(2)
        .stderr("jdx: unknown role `wizard` (see `jdx roles`)\n");
    let count = |arg: &str| {
        let out = jdx()
            .args(["translate", "--autopsy", arg, "corpus/sdet-startup.txt"])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout)
            .matches("LINKEDIN ILLUSION")
            .count()
    };
    assert_eq!(count("1"), 1);
    assert_eq!(count("3"), 3);
    assert!(count("all") > 3);
    jdx()
        .args(["translate", "--autopsy", "many"])
        .assert()
        .code(2);
}

#[test]
fn markdown_escapes_posting_text() {
    jdx()
        .args(["translate", "--format", "markdown"])
        .write_stdin("# Rockstar SDET\nA <script>alert(1)</script> rockstar in a fast-paced team with Selenium.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("# FILE RECORD: SDET"))
        .stdout(predicate::str::contains("\\<script\\>").and(predicate::str::contains("<script>").not()));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("jdx");
    let big = "We are a fast-paced family of rockstars.\n".repeat(50_000);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), big).unwrap();
    let mut child = Std::new(bin)
        .args(["scan", "--format", "ndjson"])
        .arg(file.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
