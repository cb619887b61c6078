//! Benchmarks of the library: loading the rules, compiling the engine,
//! scanning one posting and about a megabyte of postings (as `jdx scan` does),
//! summarising every corpus posting one by one (as `jdx score` does) and
//! counting the words of about a megabyte.
//!
//! Run with `cargo bench --bench scan`.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use jdx::{Document, Engine, RuleSet, Speed};

/// The posting scanned on its own (a markdown posting of about 3 KB).
const POSTING: &str = "corpus/machine-learning-engineer-fintech.md";

/// The size of the concatenated corpus scanned in the bulk benchmarks.
const BULK_BYTES: usize = 1 << 20;

/// Both speeds, as benchmark arguments.
const SPEEDS: [Speed; 2] = [Speed::Startup, Speed::Throughput];

fn main() {
    divan::main();
}

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

fn rules() -> RuleSet {
    RuleSet::builtin().expect("the built-in rules load")
}

/// The engine `jdx scan` builds: the rule automaton alone.
fn scanner(speed: Speed) -> &'static Engine {
    static STARTUP: OnceLock<Engine> = OnceLock::new();
    static THROUGHPUT: OnceLock<Engine> = OnceLock::new();
    let cell = match speed {
        Speed::Startup => &STARTUP,
        Speed::Throughput => &THROUGHPUT,
    };
    cell.get_or_init(|| Engine::scanner(rules(), speed).expect("the built-in rules compile"))
}

/// Every `.txt` and `.md` posting of the corpus, sorted by name.
fn postings() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut paths: Vec<_> = fs::read_dir(corpus_dir())
            .expect("corpus/ is readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "corpus/ holds no .txt or .md file");
        paths
            .iter()
            .map(|p| Document::from_bytes(fs::read(p).expect("corpus file is readable")))
            .collect()
    })
}

fn posting() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(POSTING);
        Document::from_bytes(fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    })
}

/// Every `.txt` and `.md` posting of the corpus, concatenated (blank line between)
/// and repeated until the text reaches [`BULK_BYTES`].
fn bulk() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut one = String::new();
        for doc in postings() {
            one.push_str(doc.text());
            one.push_str("\n\n");
        }
        let mut text = String::with_capacity(BULK_BYTES + one.len());
        while text.len() < BULK_BYTES {
            text.push_str(&one);
        }
        Document::new(text)
    })
}

/// Loading and validating the built-in rule packs.
#[divan::bench(sample_count = 50)]
fn rules_load() -> RuleSet {
    rules()
}

/// Compiling the built-in rules into an engine.
#[divan::bench(args = SPEEDS, sample_count = 20, sample_size = 1)]
fn engine_compile(bencher: Bencher, speed: Speed) {
    bencher.with_inputs(rules).bench_values(|rules| {
        Engine::with_speed(rules, speed).expect("the built-in rules compile")
    });
}

/// Scanning one posting with an engine already built.
#[divan::bench(args = SPEEDS, sample_count = 100)]
fn scan_posting(bencher: Bencher, speed: Speed) {
    let engine = scanner(speed);
    let doc = posting();
    bencher
        .counter(BytesCount::of_str(doc.text()))
        .bench(|| engine.scan(black_box(doc)).hits.len());
}

/// Scanning about 1 MB of postings, reported as throughput.
#[divan::bench(args = SPEEDS, sample_count = 10, sample_size = 1)]
fn scan_1mb(bencher: Bencher, speed: Speed) {
    let engine = scanner(speed);
    let doc = bulk();
    bencher
        .counter(BytesCount::of_str(doc.text()))
        .bench(|| engine.scan(black_box(doc)).hits.len());
}

/// [`scan_1mb`] with the combination rules left out: what finding combos costs
/// (the bulk text fires several of them).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn scan_1mb_without_combos(bencher: Bencher) {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        let mut rules = rules();
        rules.combos.clear();
        Engine::scanner(rules, Speed::Throughput).expect("the built-in rules compile")
    });
    let doc = bulk();
    bencher
        .counter(BytesCount::of_str(doc.text()))
        .bench(|| engine.scan(black_box(doc)).hits.len());
}

/// Summarising every corpus posting one by one (scores and best role, as a
/// row of `jdx score`), reported as throughput.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn summarize_corpus(bencher: Bencher) {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        Engine::with_speed(rules(), Speed::Throughput).expect("the built-in rules compile")
    });
    let docs = postings();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|doc| {
                engine
                    .summarize(black_box(doc))
                    .map_or(0, |s| s.scores.words)
            })
            .sum::<usize>()
    });
}

/// Counting the words of about 1 MB of postings (every score needs it).
#[divan::bench(sample_count = 20)]
fn word_count_1mb(bencher: Bencher) {
    let text = bulk().text();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| jdx::score::word_count(black_box(text)));
}
