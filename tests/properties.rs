//! Property tests: over arbitrary Unicode input the matcher never panics and
//! every reported offset is exact.

use std::sync::OnceLock;

use jdx::{Document, Engine, RuleSet};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE
        .get_or_init(|| Engine::new(RuleSet::builtin().expect("built-ins load")).expect("compiles"))
}

fn dfa_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = RuleSet::builtin().expect("built-ins load");
        Engine::with_speed(rules, jdx::Speed::Throughput).expect("compiles")
    })
}

/// The fixture pack (a phrase that begins with punctuation among its rules),
/// compiled for both automaton modes.
fn fixture_engines() -> &'static [Engine; 2] {
    static ENGINES: OnceLock<[Engine; 2]> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let options = jdx::LoadOptions {
            builtin: false,
            packs: vec!["tests/fixtures/semantics".into()],
            ..jdx::LoadOptions::default()
        };
        let rules = || RuleSet::load(&options).expect("fixture pack loads");
        [
            Engine::with_speed(rules(), jdx::Speed::Startup).expect("compiles"),
            Engine::with_speed(rules(), jdx::Speed::Throughput).expect("compiles"),
        ]
    })
}

/// Text made of buzzword fragments, separators and awkward characters.
fn posting() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "cutting",
        "edge",
        "-",
        "\u{2013}",
        "\u{AD}",
        "\u{200B}",
        "\u{200D}",
        "fast",
        "paced",
        "team",
        "we\u{2019}re",
        "like a family",
        "AI",
        "rockstar",
        "10+ years of",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\u{FEFF}",
        "İ",
        "ÜBER",
        "é",
        "e\u{301}",
        "😀",
        "שלום",
        "مرحبا",
        ".",
        "!",
        "\t",
        "\u{1b}[31m",
        "\0",
        "leverage",
        "synergy",
        "ninja",
        "C++",
        "a/b testing",
        "\u{A0}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// The 1-based line and character column of `offset`, computed the slow way.
fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let mut line = 1;
    let mut column = 1;
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        // `\r\n` is one break (counted at the `\n`); a lone `\r` is one too.
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let doc = Document::new(text);
    for hit in engine().scan(&doc).hits {
        prop_assert!(
            text.is_char_boundary(hit.input.start) && text.is_char_boundary(hit.input.end)
        );
        prop_assert!(hit.input.start < hit.input.end);
        prop_assert_eq!(&text[hit.input.clone()], hit.text);
        prop_assert_eq!(
            (hit.line, hit.column),
            naive_line_col(text, hit.input.start)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offsets_are_exact_on_buzzword_soup(text in posting()) {
        check(&text)?;
    }

    #[test]
    fn offsets_are_exact_on_any_text(text in "\\PC*") {
        check(&text)?;
    }

    #[test]
    fn looking_up_words_finds_what_the_whole_dfa_finds(text in posting()) {
        let doc = Document::new(text);
        let key = |h: &jdx::Hit<'_>| (h.rule.id.clone(), h.input.clone());
        let small: Vec<_> = engine().scan(&doc).hits.iter().map(key).collect();
        let whole: Vec<_> = dfa_engine().scan(&doc).hits.iter().map(key).collect();
        prop_assert_eq!(small, whole);
    }

    #[test]
    fn both_modes_agree_on_phrases_that_begin_with_punctuation(
        pieces in prop::collection::vec(prop::sample::select(vec![
            ".", "net", ".NET", "asp", "work", " ", "-", "\u{2013}", "\r\n", "c++", "C", "+",
            "ai", "agile", " team", "s", "über", "e\u{301}", "\u{AD}", "10+ years", "1",
        ]), 0..30)
    ) {
        let doc = Document::new(pieces.concat());
        let key = |h: &jdx::Hit<'_>| (h.rule.id.clone(), h.input.clone());
        let [small, whole] = fixture_engines();
        let small: Vec<_> = small.scan(&doc).hits.iter().map(key).collect();
        let whole: Vec<_> = whole.scan(&doc).hits.iter().map(key).collect();
        prop_assert_eq!(small, whole);
    }

    #[test]
    fn any_bytes_analyse_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let len = bytes.len();
        let doc = Document::from_bytes(bytes);
        let report = engine().analyze(&doc, &jdx::AnalyzeOptions::default());
        prop_assert!(report.is_ok());
        for hit in engine().scan(&doc).hits {
            prop_assert!(hit.input.start < hit.input.end && hit.input.end <= len);
        }
    }
}
