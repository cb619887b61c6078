//! Inline suppression through the binary: every directive form, the JSON
//! flag, scores that leave suppressed matches out, and the warnings.

mod common;

use std::path::Path;

use common::{jdx, ndjson};
use serde_json::Value;

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write");
}

/// `(text, suppressed)` of every match `scan --format ndjson` reports for `file`.
fn scan(dir: &Path, file: &str) -> Vec<(String, bool)> {
    let out = jdx()
        .current_dir(dir)
        .args(["--no-config", "scan", "--format", "ndjson", file])
        .assert()
        .success();
    ndjson(&out.get_output().stdout)
        .iter()
        .map(|m| {
            (
                m["text"].as_str().expect("text").to_owned(),
                m["suppressed"].as_bool().expect("suppressed is a bool"),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, bool)]) -> Vec<(String, bool)> {
    expected.iter().map(|&(t, s)| (t.to_owned(), s)).collect()
}

#[test]
fn every_form_suppresses_what_it_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(
        d,
        "region.md",
        "Synergy first.\n<!-- jdx-disable -->\nWe leverage synergy.\n<!-- jdx-enable -->\nRockstars wanted.\n",
    );
    assert_eq!(
        scan(d, "region.md"),
        pairs(&[
            ("Synergy", false),
            ("leverage", true),
            ("synergy", true),
            ("Rockstars", false)
        ])
    );
    write(
        d,
        "named.md",
        "<!-- jdx-disable synergy, recruiting -- our product is called Synergy -->\nWe leverage synergy. Rockstars wanted.\n",
    );
    assert_eq!(
        scan(d, "named.md"),
        pairs(&[("leverage", false), ("synergy", true), ("Rockstars", true)])
    );
    write(
        d,
        "next.md",
        "<!-- jdx-disable-next-line leverage -->\nWe leverage synergy.\nWe leverage synergy.\n",
    );
    assert_eq!(
        scan(d, "next.md"),
        pairs(&[
            ("leverage", true),
            ("synergy", false),
            ("leverage", false),
            ("synergy", false)
        ])
    );
    write(
        d,
        "hash.txt",
        "# jdx-disable-next-line\nWe leverage synergy.\n  # jdx-disable rockstar\nRockstars wanted, synergy too.\n",
    );
    assert_eq!(
        scan(d, "hash.txt"),
        pairs(&[
            ("leverage", true),
            ("synergy", true),
            ("Rockstars", true),
            ("synergy", false)
        ])
    );
}

#[test]
fn an_html_posting_is_read_for_comments_its_text_does_not_have() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = "<html><body>\n<h1>Data Analyst</h1>\n<p>Synergy first.</p>\n<!-- jdx-disable-next-line -->\n<p>We <b>leverage</b> synergy.</p>\n</body></html>\n";
    write(dir.path(), "p.html", html);
    let found = scan(dir.path(), "p.html");
    assert_eq!(
        found,
        pairs(&[("Synergy", false), ("leverage", true), ("synergy", true)])
    );
    // The suppressed matches keep their offsets into the HTML.
    let out = jdx()
        .current_dir(dir.path())
        .args(["--no-config", "scan", "--format", "json", "p.html"])
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    for m in doc["matches"].as_array().expect("matches") {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&html[s..e], m["text"].as_str().unwrap());
    }
    assert_eq!(doc["matches"][1]["line"], 5);
}

/// A posting, with `synergy` suppressed or replaced by a plain word.
const SUPPRESSED: &str = "Title: Data Analyst\n<!-- jdx-disable-next-line synergy -->\nWe leverage synergy across teams and a fast-paced roadmap.\nYou will build dashboards.\n";
const PLAIN: &str = "Title: Data Analyst\n<!-- jdx-disable-next-line synergy -->\nWe leverage bananas across teams and a fast-paced roadmap.\nYou will build dashboards.\n";
const COUNTED: &str = "Title: Data Analyst\n<!-- jdx-disable-next-line leverage -->\nWe leverage synergy across teams and a fast-paced roadmap.\nYou will build dashboards.\n";

#[test]
fn a_suppressed_match_counts_in_no_score() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "suppressed.md", SUPPRESSED);
    write(d, "plain.md", PLAIN);
    write(d, "counted.md", COUNTED);
    let score = |file: &str| {
        let out = jdx()
            .current_dir(d)
            .args([
                "--no-config",
                "--quiet",
                "score",
                "--format",
                "ndjson",
                file,
            ])
            .assert()
            .success();
        ndjson(&out.get_output().stdout).remove(0)
    };
    let translate = |file: &str| -> Value {
        let out = jdx()
            .current_dir(d)
            .args([
                "--no-config",
                "--quiet",
                "translate",
                "--format",
                "json",
                file,
            ])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).expect("JSON")
    };
    // Suppressed, `synergy` scores like a plain word in its place…
    let (s, p) = (score("suppressed.md"), score("plain.md"));
    for key in ["words", "matches", "density", "bs_index"] {
        assert_eq!(s[key], p[key], "{key}");
    }
    let (ts, tp) = (translate("suppressed.md"), translate("plain.md"));
    assert_eq!(ts["scores"], tp["scores"]);
    assert_eq!(ts["flight_risk"], tp["flight_risk"]);
    assert_eq!(
        ts["autopsy"][0]["translation"],
        tp["autopsy"][0]["translation"]
    );
    // …and is still listed, marked.
    let listed: Vec<(&str, bool)> = ts["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            (
                m["text"].as_str().unwrap(),
                m["suppressed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(listed.contains(&("synergy", true)) && listed.contains(&("leverage", false)));
    // The same posting with `leverage` suppressed instead scores differently.
    assert_ne!(score("counted.md")["bs_index"], s["bs_index"]);
}

#[test]
fn text_output_leaves_suppressed_matches_out_and_counts_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "p.md", SUPPRESSED);
    let out = jdx()
        .current_dir(dir.path())
        .args(["--no-config", "scan", "p.md"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!text.contains("hype/synergy"), "{text}");
    assert!(text.contains("leadership/leverage"), "{text}");
    assert!(
        text.ends_with("matches in 1 inputs (1 suppressed, not shown)\n"),
        "{text}"
    );
}

#[test]
fn rewrite_leaves_a_suppressed_buzzword_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "p.txt",
        "<!-- jdx-disable-next-line -->\nWe leverage it.\nWe leverage it.\n",
    );
    jdx()
        .current_dir(dir.path())
        .args(["--no-config", "rewrite", "p.txt"])
        .assert()
        .success()
        .stdout("<!-- jdx-disable-next-line -->\nWe leverage it.\nWe use it.\n");
}

#[test]
fn unused_and_unknown_suppressions_are_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "p.md",
        "Synergy.\n<!-- jdx-disable-next-line -->\nplain words here\n  <!-- jdx-disable no-such-rule, synergy -->\nsynergy\n",
    );
    let out = jdx()
        .current_dir(dir.path())
        .args(["--no-config", "scan", "--format", "json", "p.md"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(
        err,
        "p.md:2:1: warning: unused suppression: `jdx-disable-next-line` suppresses no match\n\
         p.md:4:20: warning: `no-such-rule` names no rule or category: see `jdx rules list`\n"
    );
    // The same in score (a folder) and translate; none with --quiet.
    for command in [&["score", "."][..], &["translate", "p.md"]] {
        let out = jdx()
            .current_dir(dir.path())
            .arg("--no-config")
            .args(command)
            .assert()
            .success();
        let err = String::from_utf8_lossy(&out.get_output().stderr);
        assert!(
            err.contains("p.md:2:1: warning: unused suppression"),
            "{err}"
        );
    }
    jdx()
        .current_dir(dir.path())
        .args(["--no-config", "--quiet", "scan", "p.md"])
        .assert()
        .success()
        .stderr("");
}
