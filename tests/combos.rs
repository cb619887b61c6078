//! Combination rules: validation errors at load, and what `scan` and
//! `translate` show when one fires.

mod common;

use common::jdx;
use jdx::{Diagnostic, LoadOptions, RuleSet};
use serde_json::Value;

/// Loads the built-ins and a pack holding `combo.toml` with `src`; the errors.
fn errors(src: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("combo.toml"), src).unwrap();
    let options = LoadOptions {
        packs: vec![dir.path().to_path_buf()],
        ..LoadOptions::default()
    };
    match RuleSet::load(&options) {
        Ok(_) => panic!("the pack loaded:\n{src}"),
        Err(d) => d.0,
    }
}

/// The one error whose message contains `needle`, checked to point at
/// `line:column` of combo.toml with that line quoted.
fn error_at(src: &str, needle: &str, line: usize, column: usize) -> Diagnostic {
    let all = errors(src);
    let found: Vec<&Diagnostic> = all.iter().filter(|d| d.message.contains(needle)).collect();
    assert_eq!(found.len(), 1, "{needle:?} in:\n{all:#?}");
    let d = found[0].clone();
    assert!(d.path.ends_with("combo.toml"), "{d:?}");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert_eq!(d.source_line, src.lines().nth(line - 1).unwrap(), "{d}");
    d
}

/// A valid combo with `extra` lines in place of its scope and members.
fn combo(id: &str, extra: &str) -> String {
    format!(
        "[[combo]]\nid = \"{id}\"\ncategory = \"hustle\"\nweight = 3\n{extra}\nplain = \"Say it.\"\notiose = \"The team is small.\"\nexamples = [\"Rockstars who hustle.\"]\n"
    )
}

const MEMBERS: &str = "all = [\"rockstar\", \"hustle\"]";

#[test]
fn a_valid_pack_combo_loads_and_names_builtin_rules() {
    let dir = tempfile::tempdir().unwrap();
    let src = combo("pack-combo", &format!("{MEMBERS}\nwithin = \"sentence\""));
    std::fs::write(dir.path().join("combo.toml"), src).unwrap();
    let options = LoadOptions {
        packs: vec![dir.path().to_path_buf()],
        ..LoadOptions::default()
    };
    let rules = RuleSet::load(&options).unwrap_or_else(|d| panic!("{d}"));
    let c = rules.combo("pack-combo").expect("loaded");
    assert_eq!(
        c.all,
        [vec!["rockstar".to_owned()], vec!["hustle".to_owned()]]
    );
    assert_eq!(c.scope, jdx::rules::Scope::Sentence);
}

#[test]
fn an_unknown_key_is_an_error_at_the_key() {
    let src = combo(
        "c",
        &format!("{MEMBERS}\nwithin = \"sentence\"\nweigth = 2"),
    );
    error_at(&src, "unknown field `weigth`", 7, 1);
}

#[test]
fn an_unknown_member_rule_is_an_error_at_the_id() {
    let src = combo(
        "c",
        "all = [\"rockstar|rokstar\", \"hustle\"]\nwithin = \"sentence\"",
    );
    error_at(&src, "unknown rule `rokstar`", 5, 18);
}

#[test]
fn a_duplicate_combo_id_names_both_places() {
    let one = combo("twice", &format!("{MEMBERS}\nwithin = \"sentence\""));
    let src = format!("{one}\n{one}");
    let d = error_at(&src, "duplicate combo id `twice`", 12, 6);
    assert!(d.message.contains("first defined at"), "{d}");
    assert!(d.message.ends_with("combo.toml:2:6"), "{d}");
}

#[test]
fn a_combo_id_may_not_be_a_rule_id() {
    let src = combo("rockstar", &format!("{MEMBERS}\nwithin = \"sentence\""));
    error_at(&src, "combo id `rockstar` is also a rule id", 2, 6);
}

#[test]
fn too_few_members_is_an_error_at_all() {
    let src = combo("c", "all = [\"rockstar\"]\nwithin = \"sentence\"");
    error_at(&src, "combo has 1 members in `all`: expected 2 to 8", 5, 7);
}

#[test]
fn one_rule_in_two_members_is_an_error() {
    let src = combo(
        "c",
        "all = [\"rockstar\", \"hustle|rockstar\"]\nwithin = \"sentence\"",
    );
    error_at(&src, "rule `rockstar` fills two members", 5, 28);
}

#[test]
fn a_malformed_member_is_an_error() {
    let src = combo(
        "c",
        "all = [\"rockstar||ninja\", \"hustle\"]\nwithin = \"sentence\"",
    );
    error_at(&src, "invalid member `rockstar||ninja`", 5, 18);
}

#[test]
fn every_bad_scope_is_an_error() {
    let none = combo("c", MEMBERS);
    error_at(&none, "combo has no scope", 2, 6);
    let both = combo(
        "c",
        &format!("{MEMBERS}\nwithin = \"sentence\"\nwindow = 20"),
    );
    error_at(&both, "both `within` and `window`", 7, 10);
    let unknown = combo("c", &format!("{MEMBERS}\nwithin = \"paragraph\""));
    error_at(&unknown, "unknown scope `paragraph`", 6, 10);
    let wide = combo("c", &format!("{MEMBERS}\nwindow = 5000"));
    error_at(
        &wide,
        "window 5000 is out of range: expected 2 to 200 words",
        6,
        10,
    );
}

#[test]
fn missing_examples_and_unknown_category_are_errors() {
    let src = "[[combo]]\nid = \"c\"\ncategory = \"nope\"\nweight = 3\nall = [\"rockstar\", \"hustle\"]\nwithin = \"sentence\"\nplain = \"Say it.\"\notiose = \"The team is small.\"\n";
    error_at(src, "combo has no `examples`", 2, 6);
    error_at(src, "unknown category `nope`", 3, 12);
}

/// `jdx ARGS` on `text` through standard input: its standard output as JSON.
fn json(args: &[&str], text: &str) -> Value {
    let out = jdx().args(args).write_stdin(text).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The same words in one sentence (the built-in `fog-machine` fires) and in two (it does not).
const TOGETHER: &str = "Frontend Engineer\n\nWe use cutting-edge tools to disrupt payroll.\n";
const APART: &str = "Frontend Engineer\n\nWe use cutting-edge tools. To disrupt payroll.\n";

#[test]
fn scan_json_marks_a_combo_with_its_members() {
    let doc = json(&["scan", "--format", "json"], TOGETHER);
    let combos = doc["combos"].as_array().expect("combos array");
    assert_eq!(combos.len(), 1, "{doc:#}");
    let c = &combos[0];
    assert_eq!(c["kind"], "combo");
    assert_eq!(c["rule"], "fog-machine");
    assert_eq!(c["scope"], "sentence");
    assert_eq!(c["text"], "cutting-edge + disrupt");
    let members: Vec<(&str, &str)> = c["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["rule"].as_str().unwrap(), m["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        members,
        [("cutting-edge", "cutting-edge"), ("disrupt", "disrupt")]
    );
    // The span runs from the first member's start to the last member's end.
    let (start, end) = (c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap());
    assert_eq!(
        &TOGETHER[start as usize..end as usize],
        "cutting-edge tools to disrupt"
    );
    assert_eq!(
        (c["line"].as_u64(), c["column"].as_u64()),
        (Some(3), Some(8))
    );
    // Matches are unchanged and carry no `kind`.
    assert!(doc["matches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m.get("kind").is_none()));
    let apart = json(&["scan", "--format", "json"], APART);
    assert_eq!(apart["combos"], Value::Array(Vec::new()));
}

#[test]
fn scan_ndjson_and_text_show_the_combo_after_the_matches() {
    let out = jdx()
        .args(["scan", "--format", "ndjson"])
        .write_stdin(TOGETHER)
        .output()
        .unwrap();
    let lines = common::ndjson(&out.stdout);
    let last = lines.last().expect("lines");
    assert_eq!(
        (last["kind"].as_str(), last["rule"].as_str()),
        (Some("combo"), Some("fog-machine"))
    );
    assert_eq!(last["schema"], "jdx/1");
    let out = jdx()
        .args(["scan", "--color", "never"])
        .write_stdin(TOGETHER)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("-:3:8  hype/fog-machine (combo, sentence)  \"cutting-edge\" + \"disrupt\" → Name the product"),
        "{text}"
    );
    assert!(
        text.contains("  = members: 3:8 cutting-edge, 3:30 disrupt\n"),
        "{text}"
    );
}

#[test]
fn a_combo_raises_the_bs_index_and_counts_in_its_category() {
    let together = json(&["translate", "--format", "json"], TOGETHER);
    let apart = json(&["translate", "--format", "json"], APART);
    let (t, a) = (&together["scores"], &apart["scores"]);
    assert_eq!(t["words"], a["words"], "same words");
    assert_eq!(t["matches"], a["matches"], "same matches");
    assert_eq!(
        (t["combos"].as_u64(), a["combos"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(
        t["bs_index"].as_u64() > a["bs_index"].as_u64(),
        "{} vs {}",
        t["bs_index"],
        a["bs_index"]
    );
    let hype = |s: &Value| {
        s["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == "hype")
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!((hype(t), hype(a)), (Some(3), Some(2)));
}

#[test]
fn translate_composes_the_combo_into_its_sentence() {
    let report = json(&["translate", "--format", "json"], TOGETHER);
    assert_eq!(report["combos"][0]["rule"], "fog-machine");
    let pair = &report["autopsy"][0];
    assert_eq!(
        pair["sentence"],
        "We use cutting-edge tools to disrupt payroll."
    );
    assert_eq!(pair["combos"][0]["rule"], "fog-machine");
    assert_eq!(pair["combos"][0]["dropped"], Value::Null);
    let translation = pair["translation"].as_str().unwrap();
    assert!(
        translation.ends_with("The pitch deck is newer than the product."),
        "the combo's text comes last: {translation}"
    );
    let text = jdx()
        .args(["translate", "--color", "never", "--width", "200"])
        .write_stdin(TOGETHER)
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("cutting-edge + disrupt → The pitch deck is newer than the product."),
        "{text}"
    );
    assert!(text.contains("· 1 combination ·"), "{text}");
}

#[test]
fn a_posting_combo_is_the_last_autopsy_entry() {
    let posting = "Backend Engineer\n\nJoin our fast-paced team.\n\nYou will wear many hats.\n\nWe want a self-starter.\n";
    let report = json(
        &["translate", "--format", "json", "--autopsy", "all"],
        posting,
    );
    let overall = &report["autopsy_posting"];
    assert_eq!(overall["combos"][0]["rule"], "understaffed-team");
    assert_eq!(
        overall["translation"],
        "The team is three people short and this hire is all three of them."
    );
    let factors: Vec<&str> = report["flight_risk"]["factors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        factors.first(),
        Some(&"understaffed-team"),
        "red-flag combos come first"
    );
    let text = jdx()
        .args(["translate", "--color", "never"])
        .write_stdin(posting)
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("ACROSS THE WHOLE POSTING"), "{text}");
}

#[test]
fn rules_test_runs_a_packs_combo_examples_and_names_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!(
        "{}counterexamples = [\"Rockstars who hustle.\"]\n",
        combo("pack-combo", &format!("{MEMBERS}\nwithin = \"sentence\""))
    );
    std::fs::write(dir.path().join("combo.toml"), src).unwrap();
    let out = jdx()
        .args(["rules", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "FAILED   combo `pack-combo` counterexample \"Rockstars who hustle.\": fired (found: costumed-overtime \"Rockstars + hustle\", pack-combo \"Rockstars + hustle\")"
        ),
        "{text}"
    );
    assert!(text.ends_with("1 passed, 1 failed\n"), "{text}");
}

#[test]
fn rules_list_and_explain_show_combos() {
    let out = jdx()
        .args(["rules", "list", "--category", "hype"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("fog-machine "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.ends_with("combo within sentence: cutting-edge|state-of-the-art|next-gen + disrupt|revolutionize|game-changer|paradigm-shift"),
        "{line}"
    );
    let out = jdx()
        .args(["rules", "explain", "fog-machine"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "fog-machine (combination rule)\n  defined at       rules/combos/process.toml:"
        ),
        "{text}"
    );
    assert!(text.contains("  within           sentence\n"), "{text}");
    assert!(
        text.contains("  1.  cutting-edge  cutting-edge, bleeding-edge, leading-edge\n"),
        "{text}"
    );
}

#[test]
fn disabling_a_combo_in_jdx_toml_turns_it_off_and_lowers_the_index() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.txt"), TOGETHER).unwrap();
    let run = |config: &str| {
        std::fs::write(dir.path().join("jdx.toml"), config).unwrap();
        let out = jdx()
            .current_dir(dir.path())
            .args(["translate", "--format", "json", "p.txt"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let on = run("[rules]\ndisable = []\n");
    let off = run("[rules]\ndisable = [\"fog-machine\"]\n");
    assert_eq!(on["combos"].as_array().map(Vec::len), Some(1));
    assert_eq!(off["combos"].as_array().map(Vec::len), Some(0));
    assert_eq!(on["matches"], off["matches"], "the phrase matches stay");
    assert!(on["scores"]["bs_index"].as_u64() > off["scores"]["bs_index"].as_u64());
}

#[test]
fn the_scan_html_page_lists_the_combinations() {
    let out = jdx()
        .args(["scan", "--format", "html"])
        .write_stdin(TOGETHER)
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains("<h2 id=\"f1-combos\">COMBINATIONS</h2>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>cutting-edge + disrupt (hype, sentence)</dt><dd>Name the product, the customer and what it replaces. The pitch deck is newer than the product.</dd>"),
        "{page}"
    );
    let plain = jdx()
        .args(["scan", "--format", "html"])
        .write_stdin(APART)
        .output()
        .unwrap();
    assert!(!String::from_utf8(plain.stdout)
        .unwrap()
        .contains("COMBINATIONS"));
}
