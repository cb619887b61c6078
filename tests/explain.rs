//! Explainability: `--explain-score` on translate, scan and score, and `jdx explain`.

mod common;

use common::{jdx, ndjson};
use serde_json::Value;

const GROWTH: &str = "corpus/data-scientist-growth.txt";
const FINTECH: &str = "corpus/machine-learning-engineer-fintech.md";

fn json(args: &[&str]) -> Value {
    let out = jdx().args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

fn text(args: &[&str]) -> String {
    let out = jdx().args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

/// The checks every explanation object must pass: the rules' points sum to
/// the index, the weights to the total, the flight risk adds up, and the
/// votes sum to each role's points with the margin between them.
fn check_explanation(e: &Value, bs_index: i64) {
    let index = &e["bs_index"];
    assert_eq!(int(&index["bs_index"]), bs_index);
    let rules = index["rules"].as_array().expect("rules");
    let points: i64 = rules.iter().map(|r| int(&r["points"])).sum();
    assert_eq!(points, bs_index, "points sum to the index");
    let weight: i64 = rules.iter().map(|r| int(&r["weight"])).sum();
    assert_eq!(weight, int(&index["weight"]));
    let words = int(&index["words"]) as f64;
    let load = index["load"].as_f64().expect("load");
    assert!((load - 100.0 * weight as f64 / words).abs() < 1e-9);
    let expected = (100.0 * (1.0 - (-load / 16.0).exp())).round() as i64;
    assert_eq!(expected, bs_index, "the index follows from the load");
    let ordered = rules
        .windows(2)
        .all(|w| int(&w[0]["points"]) >= int(&w[1]["points"]));
    assert!(ordered, "most points first");

    let risk = &e["flight_risk"];
    let added: i64 = risk["factors"]
        .as_array()
        .expect("factors")
        .iter()
        .map(|f| int(&f["points"]))
        .sum();
    assert_eq!(
        int(&risk["base"]) + added - int(&risk["capped"]),
        int(&risk["percent"])
    );

    let role = &e["role"];
    for side in ["best", "runner_up"] {
        let r = &role[side];
        let votes: i64 = r["votes"]
            .as_array()
            .expect("votes")
            .iter()
            .map(|v| int(&v["points"]))
            .sum();
        assert_eq!(votes, int(&r["points"]), "{side}: votes sum to the points");
    }
    assert_eq!(
        int(&role["margin_points"]),
        int(&role["best"]["points"]) - int(&role["runner_up"]["points"])
    );
    assert_eq!(
        int(&role["margin_percent"]),
        int(&role["best"]["percent"]) - int(&role["runner_up"]["percent"])
    );
}

#[test]
fn translate_json_explains_the_report_it_belongs_to() {
    let doc = json(&["translate", "--format", "json", "--explain-score", GROWTH]);
    let e = &doc["explanation"];
    check_explanation(e, int(&doc["scores"]["bs_index"]));
    assert_eq!(e["role"]["best"]["role"], doc["role"]["id"]);
    assert_eq!(e["role"]["best"]["points"], doc["role"]["points"]);
    assert_eq!(e["role"]["runner_up"]["role"], doc["related"][0]["id"]);
    assert_eq!(e["role"]["forced"], false);
    assert!(int(&e["role"]["margin_points"]) > 0, "the best role leads");
    assert_eq!(e["flight_risk"]["percent"], doc["flight_risk"]["percent"]);
    assert_eq!(e["flight_risk"]["role"], doc["role"]["id"]);
    let matches: i64 = e["bs_index"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| int(&r["matches"]))
        .sum();
    let combos = doc["combos"].as_array().map_or(0, Vec::len) as i64;
    assert_eq!(
        matches,
        int(&doc["scores"]["matches"]) + combos,
        "every match and firing is counted once"
    );
    let title = e["role"]["best"]["votes"]
        .as_array()
        .expect("votes")
        .iter()
        .find(|v| v["kind"] == "title-line")
        .expect("the title line voted");
    assert_eq!(title["signal"], "data scientist");
    assert_eq!(title["points"], 12);
}

#[test]
fn without_the_flag_the_json_has_no_explanation() {
    let doc = json(&["translate", "--format", "json", GROWTH]);
    assert!(doc.get("explanation").is_none());
    let doc = json(&["scan", "--format", "json", GROWTH]);
    assert!(doc.get("explanations").is_none());
    let rows = ndjson(
        &jdx()
            .args(["score", "--format", "ndjson", GROWTH])
            .output()
            .expect("runs")
            .stdout,
    );
    assert!(rows[0].get("explanation").is_none());
}

#[test]
fn a_forced_role_can_trail_the_runner_up() {
    let doc = json(&[
        "translate",
        "--format",
        "json",
        "--explain-score",
        "--role",
        "sdet",
        GROWTH,
    ]);
    let role = &doc["explanation"]["role"];
    assert_eq!(role["forced"], true);
    assert_eq!(role["best"]["role"], "sdet");
    assert_eq!(role["runner_up"]["role"], "data-scientist");
    assert!(int(&role["margin_points"]) < 0);
    check_explanation(&doc["explanation"], int(&doc["scores"]["bs_index"]));
}

#[test]
fn translate_text_adds_the_explanation_after_the_record() {
    let out = text(&["translate", "--explain-score", GROWTH]);
    let record_end = out.find("[11]").expect("the record's last section");
    let at = out.find("SCORE EXPLANATION").expect("the explanation");
    assert!(at > record_end, "after the record");
    let section = &out[at..];
    let index: i64 = section
        .split("BS INDEX ")
        .nth(1)
        .and_then(|s| s.split(':').next())
        .and_then(|s| s.parse().ok())
        .expect("BS INDEX N:");
    // The table: from the header to the note under it; points in the first column.
    let points: i64 = section
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("points  weight"))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("points:"))
        .map(|l| {
            l.split_whitespace()
                .next()
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or_else(|| panic!("no points in {l:?}"))
        })
        .sum();
    assert_eq!(points, index);
    for heading in [
        "FLIGHT RISK",
        "ROLE MATCH data-scientist",
        "runner-up",
        "margin",
    ] {
        assert!(section.contains(heading), "{heading} in\n{section}");
    }
}

#[test]
fn scan_explains_each_input_after_its_matches() {
    let doc = json(&[
        "scan",
        "--format",
        "json",
        "--explain-score",
        GROWTH,
        FINTECH,
    ]);
    let explanations = doc["explanations"].as_array().expect("explanations");
    assert_eq!(explanations.len(), 2);
    let rows = ndjson(
        &jdx()
            .args(["score", "--format", "ndjson", GROWTH, FINTECH])
            .output()
            .expect("runs")
            .stdout,
    );
    for (e, row) in explanations.iter().zip(&rows) {
        assert_eq!(e["file"], row["file"]);
        check_explanation(e, int(&row["bs_index"]));
        assert_eq!(e["role"]["best"]["role"], row["role"]);
    }

    let out = text(&["scan", "--explain-score", GROWTH, FINTECH]);
    let explained: Vec<usize> = out
        .match_indices("SCORE EXPLANATION")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(explained.len(), 2);
    let second_file = out
        .find(&format!("{FINTECH}:"))
        .expect("second file's matches");
    assert!(explained[0] < second_file && second_file < explained[1]);
    assert!(
        out.trim_end().ends_with(" in 2 inputs"),
        "the summary comes last"
    );
}

#[test]
fn score_rows_carry_their_explanation() {
    let rows = ndjson(
        &jdx()
            .args([
                "score",
                "--format",
                "ndjson",
                "--explain-score",
                GROWTH,
                FINTECH,
            ])
            .output()
            .expect("runs")
            .stdout,
    );
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let e = &row["explanation"];
        check_explanation(e, int(&row["bs_index"]));
        assert_eq!(e["role"]["best"]["role"], row["role"]);
        assert_eq!(e["role"]["best"]["percent"], row["role_match"]);
    }
    let doc = json(&["score", "--format", "json", "--explain-score", GROWTH]);
    check_explanation(
        &doc["rows"][0]["explanation"],
        int(&doc["rows"][0]["bs_index"]),
    );

    let out = text(&["score", "--explain-score", GROWTH, FINTECH]);
    let lines: Vec<&str> = out.lines().collect();
    for file in [GROWTH, FINTECH] {
        let row = lines.iter().position(|l| l.ends_with(file)).expect("row");
        assert!(
            lines[row + 1].trim() == "SCORE EXPLANATION",
            "under the row of {file}"
        );
    }
}

#[test]
fn explain_score_refuses_formats_it_cannot_show() {
    for args in [
        &["score", "--format", "csv", "--explain-score", GROWTH][..],
        &["scan", "--format", "github", "--explain-score", GROWTH],
        &["translate", "--format", "html", "--explain-score", GROWTH],
    ] {
        let out = jdx().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("jdx: --explain-score works with --format"),
            "{err}"
        );
    }
}

#[test]
fn explain_lists_every_rule_that_matches() {
    let out = text(&["explain", "We leverage synergies"]);
    assert!(out.starts_with("2 rules match\n"), "{out}");
    assert!(
        out.contains("leadership/leverage  \"leverage\" → "),
        "{out}"
    );
    assert!(out.contains("hype/synergy  \"synergies\" → "), "{out}");

    let doc = json(&["explain", "--format", "json", "We", "leverage", "synergies"]);
    assert_eq!(doc["schema"], "jdx/1");
    assert_eq!(
        doc["text"], "We leverage synergies",
        "words are joined with spaces"
    );
    let rules: Vec<&str> = doc["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, ["leverage", "synergy"]);
    assert_eq!(doc["matches"][0]["start"], 3);
    assert_eq!(doc["matches"][0]["end"], 11);
    assert!(doc["nearest"].as_array().expect("nearest").is_empty());
    assert!(doc["expected"].is_null());
}

#[test]
fn explain_of_a_misspelling_shows_the_nearest_variant() {
    let out = text(&["explain", "levrage"]);
    assert!(
        out.starts_with("no rule matches\nnearest variants\n"),
        "{out}"
    );
    let first = out.lines().nth(3).expect("first nearest");
    let cells: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(cells, ["1", "leverage", "\"leverage\"", "\"levrage\""]);

    let doc = json(&["explain", "--format", "json", "levrage"]);
    let nearest = doc["nearest"].as_array().expect("nearest");
    assert_eq!(nearest[0]["rule"], "leverage");
    assert_eq!(nearest[0]["distance"], 1);
    assert!(nearest.len() <= 5);
    let keys: Vec<(i64, &str)> = nearest
        .iter()
        .map(|n| (int(&n["distance"]), n["rule"].as_str().expect("rule")))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "by distance, ties by rule id");
}

#[test]
fn explain_names_the_exception_that_fired() {
    let out = jdx()
        .args(["explain", "--rule", "hustle", "-"])
        .write_stdin("The office sits amid the hustle and bustle of downtown.")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("rule hustle does not match"), "{out}");
    assert!(
        out.contains("why: an exception of the rule covers it: \"hustle and bustle\" matches \"hustle and bustle\""),
        "{out}"
    );

    let doc = json(&[
        "explain",
        "--format",
        "json",
        "--rule",
        "hustle",
        "the Hustle and Bustle",
    ]);
    let expected = &doc["expected"];
    assert_eq!(expected["matched"], false);
    assert_eq!(expected["reasons"][0]["kind"], "exception");
    assert_eq!(expected["reasons"][0]["exception"], "hustle and bustle");
    assert_eq!(
        expected["reasons"][0]["text"], "Hustle and Bustle",
        "as written"
    );
    assert_eq!(expected["nearest"][0]["variant"], "hustle");
    assert_eq!(expected["nearest"][0]["distance"], 0);
}

#[test]
fn explain_names_a_longer_rule_and_an_undeclared_inflection() {
    let doc = json(&[
        "explain",
        "--format",
        "json",
        "--rule",
        "fast-paced",
        "a fast-paced environment",
    ]);
    let reason = &doc["expected"]["reasons"][0];
    assert_eq!(reason["kind"], "overlap");
    assert_eq!(reason["rule"], "fast-paced-environment");

    let doc = json(&[
        "explain",
        "--format",
        "json",
        "--rule",
        "leverage",
        "Leveraging it",
    ]);
    let reason = &doc["expected"]["reasons"][0];
    assert_eq!(reason["kind"], "inflection");
    assert_eq!(reason["variant"], "leverage");
    assert_eq!(reason["text"], "Leveraging");

    let out = text(&["explain", "--rule", "leverage", "We leverage it"]);
    assert!(out.contains("rule leverage matches"), "{out}");
}

#[test]
fn explain_of_an_unknown_rule_is_one_line_and_exit_2() {
    let out = jdx()
        .args(["explain", "--rule", "no-such-rule", "anything"])
        .output()
        .expect("runs");
    refused(
        &out,
        "jdx: unknown rule `no-such-rule` (see `jdx rules list`)\n",
    );
}

/// Exit 2, nothing on standard output, exactly `stderr` on standard error.
fn refused(out: &std::process::Output, stderr: &str) {
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(String::from_utf8_lossy(&out.stderr), stderr);
}

#[test]
fn explain_refuses_a_whole_posting_in_one_line() {
    let posting = "We leverage synergy in a fast-paced team. ".repeat(200);
    let out = jdx()
        .args(["explain", "-"])
        .write_stdin(posting)
        .output()
        .expect("runs");
    refused(
        &out,
        "jdx: explain takes a phrase or a sentence of at most 4096 characters, not 8400; use `jdx scan` for a whole posting\n",
    );
}

#[test]
fn the_explanation_counts_what_the_configuration_leaves() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("jdx.toml"),
        "[rules]\ndisable = [\"leverage\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("p.txt"),
        "Data Scientist\n\nWe leverage synergies in a fast-paced team.\n",
    )
    .unwrap();
    for args in [
        &["scan", "--format", "json", "--explain-score", "p.txt"][..],
        &["translate", "--format", "json", "--explain-score", "p.txt"],
    ] {
        let out = jdx()
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let e = doc
            .get("explanation")
            .unwrap_or_else(|| &doc["explanations"][0]);
        let rules: Vec<&str> = e["bs_index"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| r["rule"].as_str().expect("id"))
            .collect();
        assert!(!rules.contains(&"leverage"), "{args:?}: {rules:?}");
        assert!(rules.contains(&"synergy"), "{args:?}: {rules:?}");
        let points: i64 = e["bs_index"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| int(&r["points"]))
            .sum();
        assert_eq!(points, int(&e["bs_index"]["bs_index"]));
    }
}
