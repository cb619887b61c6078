//! The corpus suite: every posting in corpus/ is a snapshot case (text record
//! and JSON), and the manifest says which role each was written for.

mod common;

use common::{engine, manifest, read};
use jdx::render::{json::ReportJson, record::Record, text, Palette};
use jdx::text::is_word_char;
use jdx::{AnalyzeOptions, Document};

#[test]
fn snapshots_of_every_posting() {
    let engine = engine();
    // insta matches globs case-insensitively, so `[a-z]*` would not leave out
    // QUALITY.md; every posting name has a hyphen and the reports do not.
    insta::glob!("../corpus", "*-*.{txt,md,html}", |path| {
        let doc = Document::from_file(
            &path.to_string_lossy(),
            std::fs::read(path).expect("posting"),
        );
        let report = engine
            .analyze(&doc, &AnalyzeOptions::default())
            .expect("analyzes");
        let mut out = Vec::new();
        text::record(&mut out, &Record::new(&report), 80, &Palette::default()).expect("renders");
        let plain =
            anstream::adapter::strip_str(&String::from_utf8(out).expect("utf-8")).to_string();
        insta::assert_snapshot!("record", plain);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("-");
        let json =
            serde_json::to_string_pretty(&ReportJson::new(name, &report)).expect("serializes");
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn every_posting_is_listed_with_its_role() {
    let listed: Vec<String> = manifest().into_iter().map(|p| p.file).collect();
    for entry in std::fs::read_dir("corpus").expect("corpus/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        // Postings start with a lower-case letter; QUALITY.md and the like are reports.
        let posting = name.starts_with(|c: char| c.is_ascii_lowercase());
        if posting && [".txt", ".md", ".html"].iter().any(|e| name.ends_with(e)) {
            assert!(
                listed.contains(&name),
                "{name} is not in corpus/manifest.toml"
            );
        }
    }
}

#[test]
fn role_accuracy_is_at_least_90_percent() {
    let engine = engine();
    let postings = manifest();
    let mut wrong = Vec::new();
    for p in &postings {
        let doc = read(&p.file);
        let report = engine
            .analyze(&doc, &AnalyzeOptions::default())
            .expect("analyzes");
        if report.role.role.id != p.role {
            wrong.push(format!(
                "{}: written for {}, came out {}",
                p.file, p.role, report.role.role.id
            ));
        }
    }
    let right = postings.len() - wrong.len();
    assert!(
        right * 10 >= postings.len() * 9,
        "{right}/{} right:\n{}",
        postings.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_named_postings_come_out_as_their_roles() {
    let engine = engine();
    for (file, role) in [
        (
            "machine-learning-engineer-fintech.md",
            "machine-learning-engineer",
        ),
        (
            "machine-learning-engineer-retail-vision.txt",
            "machine-learning-engineer",
        ),
        ("sdet-payments.md", "sdet"),
        ("sdet-startup.txt", "sdet"),
        ("enterprise-architect-insurance.md", "enterprise-architect"),
    ] {
        let doc = read(file);
        let report = engine
            .analyze(&doc, &AnalyzeOptions::default())
            .expect("analyzes");
        assert_eq!(report.role.role.id, role, "{file}");
    }
}

#[test]
fn plain_postings_score_low_and_stuffed_ones_high() {
    let engine = engine();
    for p in manifest() {
        let doc = read(&p.file);
        let bs = engine
            .analyze(&doc, &AnalyzeOptions::default())
            .expect("analyzes")
            .scores
            .bs_index;
        match p.kind.as_str() {
            "plain" => {
                assert!(bs < 20, "{}: plain posting has BS index {bs}", p.file);
                assert_eq!(jdx::score::verdict(bs), "PLAIN-SPOKEN", "{}", p.file);
            }
            "stuffed" => assert!(bs > 70, "{}: stuffed posting has BS index {bs}", p.file),
            _ => {}
        }
    }
}

#[test]
fn no_match_starts_or_ends_inside_a_word() {
    let engine = engine();
    for p in manifest() {
        let doc = read(&p.file);
        let text = doc.text();
        for hit in engine.scan(&doc).hits {
            let (before, after) = (&text[..hit.span.start], &text[hit.span.end..]);
            let first = hit.text.chars().next().is_some_and(is_word_char);
            let last = hit.text.chars().next_back().is_some_and(is_word_char);
            assert!(
                !(first && before.chars().next_back().is_some_and(is_word_char)),
                "{}:{}:{} {:?} starts inside a word",
                p.file,
                hit.line,
                hit.column,
                hit.text
            );
            assert!(
                !(last && after.chars().next().is_some_and(is_word_char)),
                "{}:{}:{} {:?} ends inside a word",
                p.file,
                hit.line,
                hit.column,
                hit.text
            );
        }
    }
}

/// corpus/bs-index.dat (the percentile baseline embedded in the binary) must
/// match the corpus and rules; `JDX_UPDATE_CORPUS_SCORES=1` rewrites it.
#[test]
fn stored_corpus_scores_are_current() {
    let engine = engine();
    let mut scores: Vec<u8> = manifest()
        .iter()
        .map(|p| {
            let doc = read(&p.file);
            engine
                .analyze(&doc, &AnalyzeOptions::default())
                .expect("analyzes")
                .scores
                .bs_index
        })
        .collect();
    scores.sort_unstable();
    let expected: String = scores.iter().map(|s| format!("{s}\n")).collect();
    let path = "corpus/bs-index.dat";
    if std::env::var_os("JDX_UPDATE_CORPUS_SCORES").is_some() {
        std::fs::write(path, &expected).expect("writes");
    }
    let stored = std::fs::read_to_string(path).expect("reads");
    assert_eq!(
        stored, expected,
        "run JDX_UPDATE_CORPUS_SCORES=1 cargo test --test corpus"
    );
}

#[test]
fn the_word_count_is_uax29_on_every_posting() {
    use unicode_segmentation::UnicodeSegmentation;
    for p in manifest() {
        let doc = read(&p.file);
        let text = doc.text();
        assert_eq!(
            jdx::score::word_count(text),
            text.unicode_words().count(),
            "{}",
            p.file
        );
    }
}

#[test]
fn both_automaton_modes_find_the_same_matches_in_every_posting() {
    let small = engine();
    let rules = jdx::RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"));
    let whole = jdx::Engine::with_speed(rules, jdx::Speed::Throughput).expect("compiles");
    for p in manifest() {
        let doc = read(&p.file);
        let key = |h: &jdx::Hit<'_>| (h.rule.id.clone(), h.input.clone());
        let a: Vec<_> = small.scan(&doc).hits.iter().map(key).collect();
        let b: Vec<_> = whole.scan(&doc).hits.iter().map(key).collect();
        assert_eq!(a, b, "{}", p.file);
    }
}

#[test]
fn summarizing_together_equals_summarizing_one_by_one() {
    let rules = jdx::RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"));
    let engine = jdx::Engine::with_speed(rules, jdx::Speed::Throughput).expect("compiles");
    let docs: Vec<_> = manifest().iter().map(|p| read(&p.file)).collect();
    let policy = jdx::suppress::Policy::default();
    let pairs: Vec<_> = docs.iter().map(|d| (d, &policy)).collect();
    let together = engine.summarize_all(&pairs);
    assert_eq!(together.len(), docs.len());
    let key = |s: &jdx::Summary<'_>| {
        let scores = serde_json::to_string(&s.scores).expect("serialises");
        let role = s.role.as_ref().map(|r| (r.role.id.clone(), r.percent));
        let hits: Vec<_> = s.hits.iter().map(|h| h.input.clone()).collect();
        (scores, role, hits, s.combos.len())
    };
    for (doc, summary) in docs.iter().zip(together) {
        let alone = engine.summarize(doc).expect("summarises");
        assert_eq!(key(&summary.expect("summarises")), key(&alone));
    }
}
