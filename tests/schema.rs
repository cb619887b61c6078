//! Every JSON output jdx prints validates against schema/jdx-1.schema.json:
//! the corpus snapshots and live runs of each command with a JSON format. The
//! schema forbids undocumented keys, so a key added to an output without the
//! schema (and README) fails here.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use boon::{Compiler, SchemaIndex, Schemas};
use common::{jdx, manifest, ndjson};
use serde_json::{json, Value};

const SCHEMA: &str = "schema/jdx-1.schema.json";

/// The compiled schema: compiling checks it against the draft 2020-12 metaschema.
struct Validator {
    schemas: Schemas,
    compiler: Compiler,
}

impl Validator {
    fn new() -> Self {
        Validator {
            schemas: Schemas::new(),
            compiler: Compiler::new(),
        }
    }

    /// The `$defs` entry `kind`, or the whole schema for `""`.
    fn kind(&mut self, kind: &str) -> SchemaIndex {
        let loc = match kind {
            "" => SCHEMA.to_owned(),
            k => format!("{SCHEMA}#/$defs/{k}"),
        };
        self.compiler
            .compile(&loc, &mut self.schemas)
            .unwrap_or_else(|e| panic!("{loc}: {e:#}"))
    }

    /// Whether `value` is a valid `kind`.
    fn accepts(&mut self, kind: &str, value: &Value) -> bool {
        let index = self.kind(kind);
        self.schemas.validate(value, index).is_ok()
    }

    /// Panics with every violation when `value` is not a valid `kind`.
    fn check(&mut self, kind: &str, value: &Value, what: &str) {
        let index = self.kind(kind);
        if let Err(e) = self.schemas.validate(value, index) {
            panic!("{what} is not a valid {kind}:\n{e:#}");
        }
    }
}

/// The JSON body of an insta snapshot (after its `---` header), if it is JSON.
fn snapshot_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).expect("snapshot");
    let body = text.splitn(3, "---\n").nth(2).expect("insta header");
    body.trim_start()
        .starts_with('{')
        .then(|| serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn stdout_json(args: &[&str]) -> Value {
    let out = jdx().args(args).output().expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {out:?}"
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

fn stdout_lines(args: &[&str]) -> Vec<Value> {
    let out = jdx().args(args).output().expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {out:?}"
    );
    ndjson(&out.stdout)
}

fn corpus_files() -> Vec<String> {
    manifest()
        .into_iter()
        .map(|p| format!("corpus/{}", p.file))
        .collect()
}

#[test]
fn every_json_snapshot_is_valid() {
    let mut v = Validator::new();
    let mut reports = 0;
    for entry in std::fs::read_dir("tests/snapshots").expect("tests/snapshots") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.ends_with(".snap") {
            continue;
        }
        let Some(value) = snapshot_json(&path) else {
            continue;
        };
        // The corpus suite snapshots `translate --format json` reports; any
        // other JSON snapshot must be one of the documented kinds.
        let kind = if name.starts_with("corpus__json@") {
            reports += 1;
            "report"
        } else {
            ""
        };
        v.check(kind, &value, name);
    }
    assert_eq!(reports, manifest().len(), "one report snapshot per posting");
}

#[test]
fn scan_ndjson_lines_and_the_scan_document_are_valid() {
    let mut v = Validator::new();
    let files = corpus_files();
    let mut args = vec!["scan", "--format", "ndjson"];
    args.extend(files.iter().map(String::as_str));
    let lines = stdout_lines(&args);
    assert!(
        lines.len() > 500,
        "only {} matches in the corpus",
        lines.len()
    );
    for (n, line) in lines.iter().enumerate() {
        v.check("scan-line", line, &format!("scan ndjson line {}", n + 1));
    }
    args[2] = "json";
    let doc = stdout_json(&args);
    v.check("scan", &doc, "scan --format json");
    // The lines are the document's matches, then its combination firings.
    let listed = |key: &str| doc[key].as_array().map_or(0, Vec::len);
    assert_eq!(listed("matches") + listed("combos"), lines.len());
}

#[test]
fn score_rows_are_valid_and_rows_from_files_have_exactly_the_documented_keys() {
    let mut v = Validator::new();
    let rows = stdout_lines(&["score", "corpus/", "--format", "ndjson"]);
    assert_eq!(rows.len(), manifest().len());
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).expect("schema"))
        .expect("schema is JSON");
    let documented: BTreeSet<&str> = schema["$defs"]["score-row"]["required"]
        .as_array()
        .expect("score-row lists its keys")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for row in &rows {
        v.check("score-row", row, &format!("score row {}", row["file"]));
        let keys: BTreeSet<&str> = row
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, documented, "{}", row["file"]);
    }
    let doc = stdout_json(&["score", "corpus/", "--format", "json"]);
    v.check("score", &doc, "score --format json");
}

#[test]
fn score_rows_from_ndjson_input_carry_their_pass_through_fields_and_stay_valid() {
    let mut v = Validator::new();
    let input = "{\"id\": \"j1\", \"description\": \"Rockstars wanted for a fast-paced team.\", \"team\": {\"size\": 3}}\n";
    let out = jdx()
        .args([
            "score",
            "--input-format",
            "ndjson",
            "--id-field",
            "id",
            "--format",
            "ndjson",
        ])
        .write_stdin(input)
        .output()
        .expect("runs");
    let rows = ndjson(&out.stdout);
    assert_eq!(rows.len(), 1, "{out:?}");
    assert_eq!(rows[0]["team"], json!({"size": 3}));
    v.check("score-row", &rows[0], "score row from NDJSON input");
}

#[test]
fn translate_json_is_valid_for_text_html_and_several_inputs() {
    let mut v = Validator::new();
    let out = jdx()
        .args([
            "translate",
            "--format",
            "json",
            "--autopsy",
            "all",
            "corpus/data-analyst-html.html",
            "corpus/sdet-payments.md",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    // Several inputs: one document after another.
    let docs: Vec<Value> = serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("JSON documents");
    assert_eq!(docs.len(), 2);
    for doc in &docs {
        v.check("report", doc, &format!("translate report {}", doc["file"]));
    }
}

#[test]
fn diff_json_is_valid_for_the_same_and_for_a_rewritten_posting() {
    let mut v = Validator::new();
    let posting = "corpus/mlops-engineer-hype.txt";
    let same = stdout_json(&["diff", "--format", "json", posting, posting]);
    v.check("diff", &same, "diff of a posting with itself");
    let rewritten = jdx().args(["rewrite", posting]).output().expect("runs");
    let out = jdx()
        .args(["diff", "--format", "json", posting, "-"])
        .write_stdin(rewritten.stdout)
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        !doc["removed"].as_array().expect("removed").is_empty(),
        "{doc}"
    );
    v.check("diff", &doc, "diff of a posting with its rewrite");
}

#[test]
fn the_schema_rejects_undocumented_missing_and_mistyped_keys() {
    let mut v = Validator::new();
    let line = stdout_lines(&[
        "scan",
        "--format",
        "ndjson",
        "corpus/mlops-engineer-hype.txt",
    ])
    .into_iter()
    .next()
    .expect("a match");
    assert!(v.accepts("scan-line", &line));
    // The whole schema takes it too.
    assert!(v.accepts("", &line));

    let mut extra = line.clone();
    extra["severity"] = json!("high");
    assert!(!v.accepts("scan-line", &extra), "an undocumented key");
    let mut untagged = line.clone();
    untagged.as_object_mut().expect("object").remove("schema");
    assert!(!v.accepts("scan-line", &untagged), "no schema tag");
    assert!(v.accepts("match", &untagged), "a match without the tag");
    let mut retyped = line.clone();
    retyped["line"] = json!("12");
    assert!(!v.accepts("scan-line", &retyped), "a line as a string");
    let mut versioned = line;
    versioned["schema"] = json!("jdx/2");
    assert!(
        !v.accepts("scan-line", &versioned),
        "another schema version"
    );
    assert!(!v.accepts("", &versioned));
}

#[test]
fn config_json_and_suppressed_matches_are_valid() {
    let mut v = Validator::new();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("jdx.toml"),
        "fail-over = 100\n[rules]\ndisable = [\"rockstar\"]\n[[override]]\npaths = [\"eng/**\"]\nrules = { min-weight = 2 }\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("p.md"),
        "<!-- jdx-disable-next-line -->\nWe leverage synergy.\nSynergy again.\n",
    )
    .expect("write");
    let run = |args: &[&str]| -> Value {
        let out = jdx()
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    };
    for args in [
        &["config", "--format", "json"][..],
        &["config", "--format", "json", "eng/a.md"],
        &["--no-config", "config", "--format", "json"],
    ] {
        let doc = run(args);
        v.check("config", &doc, &format!("{args:?}"));
        assert!(v.accepts("", &doc));
    }
    let scan = run(&["scan", "--format", "json", "p.md"]);
    v.check("scan", &scan, "scan with suppressed matches");
    let flags: Vec<&Value> = scan["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| &m["suppressed"])
        .collect();
    assert_eq!(flags, [&json!(true), &json!(true), &json!(false)]);
    v.check(
        "report",
        &run(&["translate", "--format", "json", "p.md"]),
        "translate",
    );
}

#[test]
fn explained_scores_and_jdx_explain_are_valid() {
    let mut v = Validator::new();
    let files = corpus_files();
    let mut args = vec!["scan", "--format", "json", "--explain-score"];
    args.extend(files.iter().map(String::as_str));
    let doc = stdout_json(&args);
    v.check("scan", &doc, "scan --format json --explain-score");
    assert_eq!(
        doc["explanations"].as_array().map(Vec::len),
        Some(files.len())
    );
    for file in &files {
        let doc = stdout_json(&["translate", "--format", "json", "--explain-score", file]);
        v.check("report", &doc, &format!("translate --explain-score {file}"));
    }
    // The explanation's keys are a contract too: an extra or a missing one fails.
    let doc = stdout_json(&[
        "translate",
        "--format",
        "json",
        "--explain-score",
        &files[0],
    ]);
    let mut extra = doc.clone();
    extra["explanation"]["role"]["best"]["votes"][0]["why"] = json!("extra");
    assert!(!v.accepts("report", &extra), "an undocumented key");
    let mut missing = doc.clone();
    missing["explanation"]["bs_index"]["rules"][0]
        .as_object_mut()
        .expect("a rule")
        .remove("points");
    assert!(!v.accepts("report", &missing), "a missing key");
    let doc = stdout_json(&["score", "corpus/", "--format", "json", "--explain-score"]);
    v.check("score", &doc, "score --format json --explain-score");
    // Each kind of answer: matches, nearest variants, a combination, and
    // each reason an expected rule does not match.
    for (rule, text) in [
        (None, "We leverage synergies"),
        (None, "levrage"),
        (None, "fast-paced, wear many hats, self-starter"),
        (Some("hustle"), "hustle and bustle"),
        (Some("leverage"), "Unleverageable"),
        (Some("leverage"), "leveraging"),
        (Some("fast-paced"), "fast-paced environment"),
        (
            Some("leverage"),
            "<!-- jdx-disable-next-line -->\nWe leverage it",
        ),
        (Some("leverage"), "Nothing here"),
    ] {
        let mut args = vec!["explain", "--format", "json", text];
        args.extend(rule.map(|r| ["--rule", r]).into_iter().flatten());
        let doc = stdout_json(&args);
        v.check("explain", &doc, &format!("{args:?}"));
        v.check("", &doc, &format!("{args:?} as any jdx document"));
    }
}

#[test]
fn rule_and_role_listings_are_tagged_arrays() {
    let mut v = Validator::new();
    let rules = stdout_json(&["rules", "list", "--format", "json"]);
    v.check("rules-list", &rules, "rules list --format json");
    assert!(
        rules.as_array().is_some_and(|a| a.len() >= 500),
        "an array of every rule"
    );
    let roles = stdout_json(&["roles", "--format", "json"]);
    v.check("roles-list", &roles, "roles --format json");
    for role in roles.as_array().expect("an array") {
        let id = role["id"].as_str().expect("an id");
        let profile = stdout_json(&["roles", id, "--format", "json"]);
        v.check(
            "role-profile",
            &profile,
            &format!("roles {id} --format json"),
        );
    }
    // The profile inside a report stays closed: no tag, no source.
    let mut profile = stdout_json(&["roles", "sdet", "--format", "json"]);
    assert!(
        !v.accepts("profile", &profile),
        "a listed profile is not a report's"
    );
    let object = profile.as_object_mut().expect("an object");
    object.remove("schema");
    object.remove("source");
    assert!(
        v.accepts("profile", &profile),
        "the sections alone are a report's profile"
    );
}
