//! `jdx.toml`: discovery, `--config`/`--no-config`, errors, per-path
//! overrides, `jdx config`, and that a disabled rule is gone everywhere.

mod common;

use std::path::Path;

use common::{jdx, ndjson};
use serde_json::Value;

/// A posting where `synergy` (weight 4) is one match among several.
const POSTING: &str = "Title: Backend Engineer\n\nWe leverage synergy across teams. Rockstars wanted for our fast-paced team.\nYou will write services in Rust.\n";

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

/// Runs jdx in `dir` and returns its standard output as JSON (exit 0).
fn json_in(dir: &Path, args: &[&str]) -> Value {
    let out = jdx().current_dir(dir).args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON")
}

fn rules_of(matches: &Value) -> Vec<String> {
    matches
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["rule"].as_str().expect("rule").to_owned())
        .collect()
}

#[test]
fn a_disabled_rule_is_gone_from_scan_score_and_translate_and_scores_drop() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "p.txt", POSTING);
    write(dir.path(), "jdx.toml", "[rules]\ndisable = [\"synergy\"]\n");
    let d = dir.path();

    let scan_on = json_in(d, &["--no-config", "scan", "--format", "json", "p.txt"]);
    let scan_off = json_in(d, &["scan", "--format", "json", "p.txt"]);
    assert!(rules_of(&scan_on["matches"]).contains(&"synergy".to_owned()));
    let mut expected = rules_of(&scan_on["matches"]);
    expected.retain(|r| r != "synergy");
    assert_eq!(
        rules_of(&scan_off["matches"]),
        expected,
        "only synergy is gone"
    );

    let score_on = json_in(d, &["--no-config", "score", "--format", "json", "p.txt"]);
    let score_off = json_in(d, &["score", "--format", "json", "p.txt"]);
    let (on, off) = (&score_on["rows"][0], &score_off["rows"][0]);
    assert_eq!(
        off["matches"].as_u64(),
        on["matches"].as_u64().map(|m| m - 1)
    );
    assert!(
        off["bs_index"].as_u64() < on["bs_index"].as_u64(),
        "the BS index drops: {} → {}",
        on["bs_index"],
        off["bs_index"]
    );

    let tr_on = json_in(
        d,
        &["--no-config", "translate", "--format", "json", "p.txt"],
    );
    let tr_off = json_in(d, &["translate", "--format", "json", "p.txt"]);
    assert_eq!(rules_of(&tr_off["matches"]), expected);
    // translate and score agree on the scores, with and without the rule.
    assert_eq!(tr_on["scores"]["bs_index"], on["bs_index"]);
    assert_eq!(tr_off["scores"]["bs_index"], off["bs_index"]);
    assert_eq!(tr_off["scores"]["matches"], off["matches"]);
}

#[test]
fn a_disabled_category_and_min_weight_apply_to_every_rule_they_cover() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "p.txt", POSTING);
    let all = json_in(dir.path(), &["scan", "--format", "json", "p.txt"]);
    write(
        dir.path(),
        "jdx.toml",
        "[rules]\ndisable = [\"hype\"]\nmin-weight = 3\n",
    );
    let kept = json_in(dir.path(), &["scan", "--format", "json", "p.txt"]);
    let expected: Vec<String> = all["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .filter(|m| m["category"] != "hype" && m["weight"].as_u64() >= Some(3))
        .map(|m| m["rule"].as_str().expect("rule").to_owned())
        .collect();
    assert!(!expected.is_empty() && expected.len() < rules_of(&all["matches"]).len());
    assert_eq!(rules_of(&kept["matches"]), expected);
}

#[test]
fn the_config_is_found_in_a_parent_folder_and_named_or_ignored_by_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "jdx.toml", "[rules]\ndisable = [\"synergy\"]\n");
    write(d, "ci/strict.toml", "[rules]\ndisable = [\"leverage\"]\n");
    write(d, "a/b/p.txt", POSTING);
    let sub = d.join("a/b");
    let found = rules_of(&json_in(&sub, &["scan", "--format", "json", "p.txt"])["matches"]);
    assert!(!found.contains(&"synergy".to_owned()) && found.contains(&"leverage".to_owned()));
    let named = json_in(
        &sub,
        &[
            "--config",
            "../../ci/strict.toml",
            "scan",
            "--format",
            "json",
            "p.txt",
        ],
    );
    let named = rules_of(&named["matches"]);
    assert!(named.contains(&"synergy".to_owned()) && !named.contains(&"leverage".to_owned()));
    let none =
        rules_of(&json_in(&sub, &["--no-config", "scan", "--format", "json", "p.txt"])["matches"]);
    assert!(none.contains(&"synergy".to_owned()) && none.contains(&"leverage".to_owned()));
    // A hidden .jdx.toml is found too.
    std::fs::remove_file(d.join("jdx.toml")).expect("remove");
    write(d, "a/.jdx.toml", "[rules]\ndisable = [\"leverage\"]\n");
    let hidden = rules_of(&json_in(&sub, &["scan", "--format", "json", "p.txt"])["matches"]);
    assert!(!hidden.contains(&"leverage".to_owned()));
    jdx()
        .current_dir(&sub)
        .args(["--config", "x.toml", "--no-config", "scan", "p.txt"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_key_is_one_located_error_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "p.txt", POSTING);
    write(
        dir.path(),
        "jdx.toml",
        "fail-over = 60\n\n[rules]\ndisabel = [\"synergy\"]\n",
    );
    for command in [
        &["scan", "p.txt"][..],
        &["score", "p.txt"],
        &["translate", "p.txt"],
        &["config"],
    ] {
        let out = jdx().current_dir(dir.path()).args(command).assert().code(2);
        let out = out.get_output();
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("jdx.toml:4:1: error: unknown key `disabel`, expected one of `packs`, `disable`, `min-weight`\n"),
            "{err}"
        );
        assert_eq!(err.matches("error").count(), 1, "one error: {err}");
        assert!(err.contains("4 | disabel = [\"synergy\"]\n"), "{err}");
    }
}

#[test]
fn wrong_values_and_unknown_ids_are_located_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "p.txt", POSTING);
    let error = |config: &str| {
        write(dir.path(), "jdx.toml", config);
        let out = jdx()
            .current_dir(dir.path())
            .args(["scan", "p.txt"])
            .assert()
            .code(2);
        String::from_utf8_lossy(&out.get_output().stderr).into_owned()
    };
    let err = error("fail-over = \"high\"\n");
    assert!(
        err.starts_with("jdx.toml:1:13: error: invalid type: string \"high\""),
        "{err}"
    );
    let err = error("fail-over = 101\n");
    assert!(
        err.starts_with(
            "jdx.toml:1:13: error: `fail-over` is 101: expected an integer from 0 to 100"
        ),
        "{err}"
    );
    let err = error("[rules]\ndisable = [\"synergy\", \"synergee\"]\n");
    assert!(
        err.starts_with("jdx.toml:2:23: error: `synergee` names no rule or category"),
        "{err}"
    );
}

#[test]
fn overrides_apply_per_path_in_a_folder_score() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "careers/engineering/backend.txt", POSTING);
    write(d, "careers/sales/backend.txt", POSTING);
    write(
        d,
        "jdx.toml",
        "fail-over = 100\n\n[[override]]\npaths = [\"careers/engineering/**\"]\nfail-over = 20\nrules = { disable = [\"synergy\", \"rockstar\"] }\n",
    );
    let out = jdx()
        .current_dir(d)
        .args(["score", "--format", "ndjson", "careers"])
        .assert()
        .code(1);
    let rows = ndjson(&out.get_output().stdout);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} in {rows:?}"))
    };
    let (eng, sales) = (row("engineering/backend.txt"), row("sales/backend.txt"));
    assert_eq!(
        eng["matches"].as_u64(),
        sales["matches"].as_u64().map(|m| m - 2),
        "the override disables two rules for engineering only"
    );
    assert!(eng["bs_index"].as_u64() < sales["bs_index"].as_u64());
    let err = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        err.contains("1 posting with a BS index above the fail-over in jdx.toml"),
        "only engineering is over its fail-over of 20: {err}"
    );
    // The flag wins over the configuration.
    jdx()
        .current_dir(d)
        .args(["score", "--fail-over", "100", "careers"])
        .assert()
        .success();
}

#[test]
fn jdx_config_says_where_each_value_came_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "house/extra.toml", "[[rule]]\nid = \"synergize\"\ncategory = \"hype\"\nweight = 2\nphrases = [\"synergize\"]\nplain = \"Work together.\"\notiose = \"A meeting will be scheduled about meetings.\"\nexamples = [\"We synergize daily.\"]\n");
    write(
        d,
        "jdx.toml",
        "fail-over = 60\n[rules]\npacks = [\"house\"]\ndisable = [\"synergize\"]\n\n[[override]]\npaths = [\"eng/**\"]\nfail-over = 30\n",
    );
    write(d, "sub/.keep", "");
    let out = jdx()
        .current_dir(d.join("sub"))
        .args(["config"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["configuration:", "../jdx.toml"]);
    let expected: &[&[&str]] = &[
        &["rules.builtin", "true", "default"],
        &["rules.packs", "house", "../jdx.toml:3"],
        &["rules.disable", "synergize", "../jdx.toml:4"],
        &["rules.min-weight", "1", "default"],
        &["fail-over", "60", "../jdx.toml:1"],
        &["override[1].paths", "eng/**", "../jdx.toml:7"],
        &["override[1].fail-over", "30", "../jdx.toml:8"],
    ];
    assert_eq!(&lines[1..], expected);

    // For one posting, with a flag: the override's value and its line.
    let json = json_in(
        &d.join("sub"),
        &[
            "--rules",
            "../house",
            "config",
            "--format",
            "json",
            "../eng/a.md",
        ],
    );
    assert_eq!(json["schema"], "jdx/1");
    assert_eq!(json["config"], "../jdx.toml");
    let settings: Vec<(String, Value, String)> = json["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .map(|s| {
            (
                s["key"].as_str().expect("key").to_owned(),
                s["value"].clone(),
                s["source"].as_str().expect("source").to_owned(),
            )
        })
        .collect();
    let has = |key: &str, value: Value, source: &str| {
        assert!(
            settings.contains(&(key.to_owned(), value.clone(), source.to_owned())),
            "{key} = {value} from {source} in {settings:?}"
        )
    };
    has("rules.packs", "../house".into(), "--rules");
    has("fail-over", 30.into(), "../jdx.toml:8");
    has("override", serde_json::json!(["eng/**"]), "../jdx.toml:6");

    let none = json_in(d, &["--no-config", "config", "--format", "json"]);
    assert_eq!(none["config"], Value::Null);
    let sources: Vec<&Value> = none["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .map(|s| &s["source"])
        .collect();
    assert_eq!(sources, ["default", "default", "default"]);
}
