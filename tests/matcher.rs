//! The matcher's semantics (SPEC §3), pinned down on a fixture pack.

use jdx::{Document, Engine, LoadOptions, RuleSet};

fn engine() -> Engine {
    let options = LoadOptions {
        builtin: false,
        packs: vec!["tests/fixtures/semantics".into()],
        ..LoadOptions::default()
    };
    Engine::new(RuleSet::load(&options).expect("fixture pack loads")).expect("compiles")
}

/// `(rule id, text as written)` of every match.
fn found(text: &str) -> Vec<(String, String)> {
    let engine = engine();
    let doc = Document::new(text);
    let scan = engine.scan(&doc);
    scan.hits
        .iter()
        .map(|h| (h.rule.id.clone(), h.text.to_owned()))
        .collect()
}

fn pair(rule: &str, text: &str) -> (String, String) {
    (rule.to_owned(), text.to_owned())
}

#[test]
fn ai_is_a_whole_word_only() {
    for text in ["maintain", "said", "email", "Thailand", "AIR", "naive"] {
        assert_eq!(found(text), [], "{text:?}");
    }
    assert_eq!(found("Powered by AI."), [pair("ai", "AI")]);
    assert_eq!(found("(AI)"), [pair("ai", "AI")]);
}

#[test]
fn cutting_edge_in_every_spelling() {
    for text in [
        "cutting-edge",
        "cutting edge",
        "cuttingedge",
        "Cutting\u{2013}Edge",
        "cutting\u{2014}edge",
        "cutting\u{AD}edge",
        "cutting\u{2011}edge",
        "cutting\u{A0}edge",
        "cutting\u{200B}-edge",
        "CUTTING  \r\n  EDGE",
    ] {
        let got = found(&format!("We build {text} tools."));
        assert_eq!(got, [pair("cutting-edge", text)], "{text:?}");
    }
}

#[test]
fn a_phrase_wrapped_over_a_crlf_line_break_matches() {
    let text = "Thrive in a fast-paced\r\nenvironment.";
    assert_eq!(
        found(text),
        [pair("fast-paced-environment", "fast-paced\r\nenvironment")]
    );
}

#[test]
fn curly_apostrophes_match_straight_ones() {
    assert_eq!(
        found("We\u{2019}re like a family here."),
        [pair("like-a-family", "We\u{2019}re like a family")]
    );
}

#[test]
fn leftmost_longest_wins_and_shorter_variants_survive_boundaries() {
    assert_eq!(
        found("a fast-paced environment"),
        [pair("fast-paced-environment", "fast-paced environment")]
    );
    assert_eq!(found("our agile team"), [pair("agile-team", "agile team")]);
    assert_eq!(
        found("two agile teams"),
        [pair("agile", "agile")],
        "'agile team' fails the boundary, 'agile' still matches"
    );
}

#[test]
fn inflections_and_unicode_case() {
    let got: Vec<String> = found("Leverage, leverages, LEVERAGED, leveraging; leverager")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert_eq!(got, ["Leverage", "leverages", "LEVERAGED", "leveraging"]);
    assert_eq!(found("ÜBER cool"), [pair("uber", "ÜBER")]);
}

#[test]
fn exceptions_suppress_overlapping_matches() {
    assert_eq!(found("We sell Ninja Blenders."), []);
    assert_eq!(
        found("A ninja who sells blenders."),
        [pair("ninja", "ninja")]
    );
}

#[test]
fn regex_rules_respect_word_boundaries() {
    assert_eq!(found("Need 10+ years of Go."), [pair("years", "10+ years")]);
    assert_eq!(found("a 110 years old firm"), [], "no match inside 110");
    assert_eq!(found("3years"), []);
}

#[test]
fn punctuation_edged_phrases_match() {
    assert_eq!(found("Modern C++ and Rust"), [pair("c-plus-plus", "C++")]);
    // A phrase that begins with punctuation may begin inside a word.
    assert_eq!(found("ASP.NET Core"), [pair("dot-net", ".NET")]);
    assert_eq!(found("on .NET."), [pair("dot-net", ".NET")]);
    assert_eq!(found("a .network"), []);
}

#[test]
fn both_automaton_modes_agree_on_the_fixture_pack() {
    let options = LoadOptions {
        builtin: false,
        packs: vec!["tests/fixtures/semantics".into()],
        ..LoadOptions::default()
    };
    let rules = RuleSet::load(&options).expect("fixture pack loads");
    let whole = Engine::with_speed(rules, jdx::Speed::Throughput).expect("compiles");
    let small = engine();
    let text = "ASP.NET..NET .net, agile teams in a fast-paced\r\nenvironment; \
                C++ 10+ years ÜBER ninjas; we\u{2019}re like a family. leveraged AI-adjacent AI";
    let key = |h: &jdx::Hit<'_>| (h.rule.id.clone(), h.input.clone());
    let doc = Document::new(text);
    let a: Vec<_> = small.scan(&doc).hits.iter().map(key).collect();
    let b: Vec<_> = whole.scan(&doc).hits.iter().map(key).collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), 12, "{a:?}");
}

#[test]
fn hyphen_compounds_are_one_word() {
    assert_eq!(found("an AI-adjacent role"), [], "AI joined by a hyphen");
}

#[test]
fn offsets_point_into_the_original_bytes() {
    let input = "\u{FEFF}Über\r\nWe’re like a family. Ça va: AI!";
    let engine = engine();
    let doc = Document::new(input);
    let scan = engine.scan(&doc);
    let got: Vec<_> = scan
        .hits
        .iter()
        .map(|h| (h.rule.id.as_str(), h.line, h.column, h.text))
        .collect();
    assert_eq!(
        got,
        [
            ("uber", 1, 2, "Über"),
            ("like-a-family", 2, 1, "We’re like a family"),
            ("ai", 2, 29, "AI"),
        ]
    );
    for h in &scan.hits {
        assert_eq!(&input[h.input.clone()], h.text, "BOM counted in offsets");
    }
    assert_eq!(scan.hits[0].input.start, 3, "the BOM is three bytes");
}

#[test]
fn invalid_utf8_offsets_count_bytes_as_read() {
    let engine = engine();
    let doc = Document::from_bytes(b"\xff\xfe AI".to_vec());
    let scan = engine.scan(&doc);
    assert_eq!(scan.hits.len(), 1);
    assert_eq!(scan.hits[0].input, 3..5);
    assert_eq!(scan.hits[0].column, 4, "each bad sequence is one character");
}

#[test]
fn every_fixture_example_holds() {
    let engine = engine();
    let failures: Vec<String> = jdx::examples::run(&engine)
        .iter()
        .filter(|c| !c.passed())
        .map(ToString::to_string)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
