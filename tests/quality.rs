//! The measured quality report of the built-in rules on the corpus.
//!
//! `corpus/QUALITY.md` is generated here from the corpus (corpus/manifest.toml
//! and the postings), the built-in rules, `corpus/never-fire.toml` (why each
//! rule that never fires on the corpus is kept) and
//! `corpus/precision-audit.toml` (matches judged by hand). The committed file
//! must be current: `JDX_UPDATE_QUALITY=1 cargo test --test quality` rewrites it.
//!
//! The other tests keep the two data files honest: every never-firing rule has
//! a reason and every reason names a rule that exists and still never fires;
//! every audited true positive still matches its rule at its position, and
//! every false positive is fixed and no longer does.

mod common;

use common::{engine, manifest, read};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use jdx::{AnalyzeOptions, Engine, RuleSet};

const REPORT: &str = "corpus/QUALITY.md";
const NEVER_FIRE: &str = "corpus/never-fire.toml";
const AUDIT: &str = "corpus/precision-audit.toml";

/// The sample size the precision audit must reach.
const MIN_AUDITED: usize = 100;
/// How many of the most frequent matches the report lists.
const TOP: usize = 20;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NeverFire {
    #[serde(default)]
    rule: Vec<Reason>,
    #[serde(default)]
    removed: Vec<Reason>,
}

/// Why a rule that never fires on the corpus stays, or why it was removed.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Reason {
    id: String,
    reason: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Audit {
    #[serde(rename = "match", default)]
    matches: Vec<Judged>,
}

/// One match of the precision audit, as judged by hand.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Judged {
    file: String,
    line: usize,
    column: usize,
    rule: String,
    category: String,
    text: String,
    /// `tp` (a true buzzword) or `fp` (a false positive).
    verdict: String,
    note: String,
    /// For an `fp`: whether the rules were changed so it no longer matches.
    #[serde(default)]
    fixed: bool,
    /// For a fixed `fp`: how.
    #[serde(default)]
    fix: Option<String>,
}

impl Judged {
    fn is_tp(&self) -> bool {
        self.verdict == "tp"
    }

    fn place(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One match found in the corpus, owned so it outlives the engine's borrow.
struct Found {
    rule: String,
    category: String,
    line: usize,
    column: usize,
    text: String,
}

impl Found {
    /// The 1-based (line, column) just past the match.
    fn end(&self) -> (usize, usize) {
        let (mut line, mut column) = (self.line, self.column);
        let mut chars = self.text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    line += 1;
                    column = 1;
                }
                _ => column += 1,
            }
        }
        (line, column)
    }

    /// Whether the match covers the character at `line:column`.
    fn covers(&self, line: usize, column: usize) -> bool {
        (self.line, self.column) <= (line, column) && (line, column) < self.end()
    }
}

/// What the engine made of one posting.
struct Outcome {
    file: String,
    role: String,
    kind: String,
    shape: String,
    words: usize,
    bs_index: u8,
    verdict: &'static str,
    won: String,
    percent: u8,
    runner_up: Option<(String, u8)>,
    hits: Vec<Found>,
}

struct Corpus {
    engine: Engine,
    postings: Vec<Outcome>,
}

impl Corpus {
    fn rules(&self) -> &RuleSet {
        self.engine.rules()
    }

    fn hits(&self) -> impl Iterator<Item = (&Outcome, &Found)> {
        self.postings
            .iter()
            .flat_map(|p| p.hits.iter().map(move |h| (p, h)))
    }

    fn posting(&self, file: &str) -> Option<&Outcome> {
        self.postings.iter().find(|p| p.file == file)
    }

    /// Ids of the rules with no match anywhere in the corpus, sorted.
    fn never_firing(&self) -> BTreeSet<&str> {
        let fired: BTreeSet<&str> = self.hits().map(|(_, h)| h.rule.as_str()).collect();
        self.rules()
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| !fired.contains(id))
            .collect()
    }
}

/// Every posting of the manifest, sorted by file name, analysed with the built-in rules.
fn corpus() -> Corpus {
    let mut postings = manifest();
    postings.sort_by(|a, b| a.file.cmp(&b.file));
    let engine = engine();
    let results = postings
        .into_iter()
        .map(|p| {
            let doc = read(&p.file);
            let report = engine
                .analyze(&doc, &AnalyzeOptions::default())
                .expect("analyzes");
            let hits = report
                .hits
                .iter()
                .map(|h| Found {
                    rule: h.rule.id.clone(),
                    category: h.rule.category.clone(),
                    line: h.line,
                    column: h.column,
                    text: h.text.to_owned(),
                })
                .collect();
            Outcome {
                words: report.scores.words,
                bs_index: report.scores.bs_index,
                verdict: report.scores.verdict,
                won: report.role.role.id.clone(),
                percent: report.role.percent,
                runner_up: report
                    .related
                    .first()
                    .map(|r| (r.role.id.clone(), r.percent)),
                hits,
                file: p.file,
                role: p.role,
                kind: p.kind,
                shape: p.shape,
            }
        })
        .collect();
    Corpus {
        engine,
        postings: results,
    }
}

fn never_fire() -> NeverFire {
    let src = std::fs::read_to_string(NEVER_FIRE).expect(NEVER_FIRE);
    toml::from_str::<NeverFire>(&src).unwrap_or_else(|e| panic!("{NEVER_FIRE}: {e}"))
}

fn audit() -> Vec<Judged> {
    let src = std::fs::read_to_string(AUDIT).expect(AUDIT);
    toml::from_str::<Audit>(&src)
        .unwrap_or_else(|e| panic!("{AUDIT}: {e}"))
        .matches
}

/// Lower case, one space for each whitespace run, straight quotes and plain hyphens.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Text as inline code in a table cell.
fn code(text: &str) -> String {
    format!("`{}`", cell(text).replace('`', "'"))
}

/// At most 48 characters, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 48 {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(47).collect();
    short.push('…');
    short
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

/// Whether an audited match is still produced by the rules: exactly, for a tp;
/// anywhere over its first character, for an fp.
fn still_matches(corpus: &Corpus, j: &Judged) -> bool {
    let Some(p) = corpus.posting(&j.file) else {
        return false;
    };
    if j.is_tp() {
        p.hits.iter().any(|h| {
            h.rule == j.rule && h.line == j.line && h.column == j.column && h.text == j.text
        })
    } else {
        p.hits
            .iter()
            .any(|h| h.rule == j.rule && h.covers(j.line, j.column))
    }
}

/// The whole report.
fn render(corpus: &Corpus, never_fire: &NeverFire, audited: &[Judged]) -> String {
    let mut out = String::new();
    let rules = corpus.rules();
    let words: usize = corpus.postings.iter().map(|p| p.words).sum();
    let matches = corpus.hits().count();
    let never = corpus.never_firing();
    let right = corpus.postings.iter().filter(|p| p.won == p.role).count();
    let judged_tp = audited.iter().filter(|j| j.is_tp()).count();
    let still: Vec<bool> = audited.iter().map(|j| still_matches(corpus, j)).collect();
    let after_tp = audited
        .iter()
        .zip(&still)
        .filter(|(j, s)| j.is_tp() && **s)
        .count();
    let after_all = still.iter().filter(|s| **s).count();

    let mut categories: Vec<&jdx::rules::Category> = rules.categories.iter().collect();
    categories.sort_by(|a, b| a.id.cmp(&b.id));

    // Header and summary.
    let _ = writeln!(out, "# jdx corpus quality report\n");
    let _ = writeln!(
        out,
        "Generated by `tests/quality.rs` from the corpus (`corpus/manifest.toml`), the built-in \
         rules, `corpus/never-fire.toml` and `corpus/precision-audit.toml`. Do not edit by hand: \
         `JDX_UPDATE_QUALITY=1 cargo test --test quality` rewrites it, and the test fails while it \
         is stale.\n"
    );
    let _ = writeln!(out, "| measure | value |");
    let _ = writeln!(out, "| --- | --- |");
    let _ = writeln!(
        out,
        "| corpus | {} postings, {words} words, {matches} matches |",
        corpus.postings.len()
    );
    let _ = writeln!(
        out,
        "| rules | {} phrase rules in {} categories, {} roles |",
        rules.rules.len(),
        categories.len(),
        rules.roles.len()
    );
    let _ = writeln!(
        out,
        "| rules that fire on the corpus | {} of {} ({}) |",
        rules.rules.len() - never.len(),
        rules.rules.len(),
        percent(rules.rules.len() - never.len(), rules.rules.len())
    );
    let _ = writeln!(
        out,
        "| rules that never fire | {} kept, each with a reason below; {} removed |",
        never.len(),
        never_fire.removed.len()
    );
    let _ = writeln!(
        out,
        "| role accuracy | {right} of {} ({}) |",
        corpus.postings.len(),
        percent(right, corpus.postings.len())
    );
    let _ = writeln!(
        out,
        "| precision audit | {} matches judged by hand; precision {} before the fixes, {} after |",
        audited.len(),
        percent(judged_tp, audited.len()),
        percent(after_tp, after_all)
    );
    out.push('\n');

    // Per category.
    let _ = writeln!(out, "## Rules per category\n");
    let _ = writeln!(
        out,
        "How many rules each category has, how many of them match at least once in the corpus, \
         and how many matches they make in all.\n"
    );
    let _ = writeln!(
        out,
        "| category | rules | firing | never firing | share firing | matches |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, h) in corpus.hits() {
        *per_category.entry(h.category.as_str()).or_default() += 1;
    }
    for c in &categories {
        let total = rules.rules.iter().filter(|r| r.category == c.id).count();
        let silent = rules
            .rules
            .iter()
            .filter(|r| r.category == c.id && never.contains(r.id.as_str()))
            .count();
        let _ = writeln!(
            out,
            "| {} | {total} | {} | {silent} | {} | {} |",
            c.id,
            total - silent,
            percent(total - silent, total),
            per_category.get(c.id.as_str()).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(
        out,
        "| **all** | **{}** | **{}** | **{}** | **{}** | **{matches}** |\n",
        rules.rules.len(),
        rules.rules.len() - never.len(),
        never.len(),
        percent(rules.rules.len() - never.len(), rules.rules.len())
    );

    // The most frequent matches.
    let _ = writeln!(out, "## The {TOP} most frequent matches\n");
    let _ = writeln!(
        out,
        "Matches counted by rule and normalised text (lower case, whitespace runs as one space, \
         straight quotes); ties in id and text order.\n"
    );
    let _ = writeln!(out, "| # | rule | category | text | matches | postings |");
    let _ = writeln!(out, "| ---: | --- | --- | --- | ---: | ---: |");
    let mut counts: BTreeMap<(&str, String), (usize, BTreeSet<&str>, &str)> = BTreeMap::new();
    for (p, h) in corpus.hits() {
        let entry = counts
            .entry((h.rule.as_str(), normalise(&h.text)))
            .or_insert((0, BTreeSet::new(), h.category.as_str()));
        entry.0 += 1;
        entry.1.insert(p.file.as_str());
    }
    let mut ranked: Vec<_> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    for (i, ((rule, text), (n, files, category))) in ranked.iter().take(TOP).enumerate() {
        let _ = writeln!(
            out,
            "| {} | {rule} | {category} | {} | {n} | {} |",
            i + 1,
            code(text),
            files.len()
        );
    }
    out.push('\n');

    // Never-firing rules.
    let reason: BTreeMap<&str, &str> = never_fire
        .rule
        .iter()
        .map(|r| (r.id.as_str(), r.reason.as_str()))
        .collect();
    let _ = writeln!(out, "## Rules that never fire ({})\n", never.len());
    let _ = writeln!(
        out,
        "Rules with no match anywhere in the corpus. Each is kept because it is a phrase real \
         postings use and this corpus happens not to contain; the reason comes from \
         `corpus/never-fire.toml`. Implausible or duplicate rules were removed instead.\n"
    );
    for c in &categories {
        let silent: Vec<&jdx::rules::Rule> = rules
            .rules
            .iter()
            .filter(|r| r.category == c.id && never.contains(r.id.as_str()))
            .collect();
        if silent.is_empty() {
            continue;
        }
        let mut silent = silent;
        silent.sort_by(|a, b| a.id.cmp(&b.id));
        let _ = writeln!(out, "### {} ({})\n", c.id, silent.len());
        let _ = writeln!(out, "| rule | weight | phrases | why it stays |");
        let _ = writeln!(out, "| --- | ---: | --- | --- |");
        for r in silent {
            let mut phrases: Vec<String> = r
                .phrases
                .iter()
                .take(3)
                .map(|p| code(&shorten(p)))
                .collect();
            if r.phrases.len() > 3 {
                phrases.push(format!("+{} more", r.phrases.len() - 3));
            }
            if r.phrases.is_empty() {
                phrases = r.regex.iter().take(1).map(|p| code(&shorten(p))).collect();
            }
            let why = reason
                .get(r.id.as_str())
                .map_or_else(|| "**(no reason recorded)**".to_owned(), |w| cell(w));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {why} |",
                r.id,
                r.weight,
                phrases.join(", ")
            );
        }
        out.push('\n');
    }
    if !never_fire.removed.is_empty() {
        let mut removed: Vec<&Reason> = never_fire.removed.iter().collect();
        removed.sort_by(|a, b| a.id.cmp(&b.id));
        let _ = writeln!(
            out,
            "### Removed ({})\n\nRules that never fired and were removed as implausible in a job \
             posting or duplicative:\n",
            removed.len()
        );
        let _ = writeln!(out, "| rule | why it went |");
        let _ = writeln!(out, "| --- | --- |");
        for r in removed {
            let _ = writeln!(out, "| {} | {} |", r.id, cell(&r.reason));
        }
        out.push('\n');
    }

    // Role confusion.
    let _ = writeln!(out, "## Role confusion\n");
    let _ = writeln!(
        out,
        "The role each posting was written for (the manifest) against the role that won, with \
         its SYSTEM MATCH and the runner-up. {right} of {} right ({}).\n",
        corpus.postings.len(),
        percent(right, corpus.postings.len())
    );
    let _ = writeln!(
        out,
        "| posting | written for | came out | SYSTEM MATCH | runner-up | right |"
    );
    let _ = writeln!(out, "| --- | --- | --- | ---: | --- | :---: |");
    for p in &corpus.postings {
        let runner = p
            .runner_up
            .as_ref()
            .map_or_else(|| "–".to_owned(), |(id, pc)| format!("{id} ({pc}%)"));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}% | {runner} | {} |",
            p.file,
            p.role,
            p.won,
            p.percent,
            if p.won == p.role { "✓" } else { "✗" }
        );
    }
    out.push('\n');
    let mut by_role: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut confusions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for p in &corpus.postings {
        let e = by_role.entry(p.role.as_str()).or_default();
        e.0 += 1;
        if p.won == p.role {
            e.1 += 1;
        } else {
            *confusions
                .entry((p.role.as_str(), p.won.as_str()))
                .or_default() += 1;
        }
    }
    let _ = writeln!(out, "| written for | postings | came out right |");
    let _ = writeln!(out, "| --- | ---: | ---: |");
    for (role, (n, ok)) in &by_role {
        let _ = writeln!(out, "| {role} | {n} | {ok} |");
    }
    out.push('\n');
    if confusions.is_empty() {
        let _ = writeln!(out, "Confusions: none.\n");
    } else {
        let _ = writeln!(out, "Confusions (written for → came out):\n");
        for ((from, to), n) in &confusions {
            let _ = writeln!(out, "- {from} → {to}: {n}");
        }
        out.push('\n');
    }

    // BS index per posting.
    let _ = writeln!(out, "## BS index per posting\n");
    let _ = writeln!(
        out,
        "The manifest's kind of each posting: plain postings must score below 20, stuffed ones \
         above 70 (`tests/corpus.rs` checks both).\n"
    );
    let _ = writeln!(
        out,
        "| posting | kind | shape | words | matches | BS index | verdict | band |"
    );
    let _ = writeln!(
        out,
        "| --- | --- | --- | ---: | ---: | ---: | --- | :---: |"
    );
    for p in &corpus.postings {
        let band = match p.kind.as_str() {
            "plain" if p.bs_index < 20 => "✓ < 20",
            "plain" => "✗ ≥ 20",
            "stuffed" if p.bs_index > 70 => "✓ > 70",
            "stuffed" => "✗ ≤ 70",
            _ => "–",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {band} |",
            p.file,
            p.kind,
            p.shape,
            p.words,
            p.hits.len(),
            p.bs_index,
            p.verdict
        );
    }
    out.push('\n');

    // Precision audit.
    let _ = writeln!(out, "## Precision audit\n");
    let _ = writeln!(
        out,
        "A sample of {} matches, drawn before any fix: the matches in corpus order (postings by \
         file name, matches by offset) and, within each category, every 5th one (the 1st, 6th, \
         11th, …). Each was judged by hand by reading the sentence it sits in: a true positive \
         (tp) is the phrase used in the sense its rule targets; a false positive (fp) is another \
         sense of the words, part of a job title or product name, or a phrase the posting \
         negates or quotes to reject. The judgements and notes are in \
         `corpus/precision-audit.toml`.\n",
        audited.len()
    );
    let _ = writeln!(
        out,
        "- **Before the fixes**: {judged_tp} true positives of {} judged: precision **{}**.",
        audited.len(),
        percent(judged_tp, audited.len())
    );
    let _ = writeln!(
        out,
        "- **After the fixes**: of the audited matches the rules still produce, {after_tp} of \
         {after_all} are true positives: precision **{}**. Every false positive was fixed in the \
         rules (exception, narrower phrase or removal, each with a counterexample), and the test \
         checks that each audited true positive still matches.\n",
        percent(after_tp, after_all)
    );
    let _ = writeln!(
        out,
        "| category | judged | tp | fp | precision before | still matching | precision after |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut per_cat: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for (j, s) in audited.iter().zip(&still) {
        let e = per_cat.entry(j.category.as_str()).or_default();
        e[0] += 1;
        if j.is_tp() {
            e[1] += 1;
            if *s {
                e[3] += 1;
            }
        }
        if *s {
            e[2] += 1;
        }
    }
    for (category, [n, tp, live, live_tp]) in &per_cat {
        let _ = writeln!(
            out,
            "| {category} | {n} | {tp} | {} | {} | {live} | {} |",
            n - tp,
            percent(*tp, *n),
            percent(*live_tp, *live)
        );
    }
    let _ = writeln!(
        out,
        "| **all** | **{}** | **{judged_tp}** | **{}** | **{}** | **{after_all}** | **{}** |\n",
        audited.len(),
        audited.len() - judged_tp,
        percent(judged_tp, audited.len()),
        percent(after_tp, after_all)
    );
    let _ = writeln!(out, "### False positives found and fixed\n");
    let _ = writeln!(
        out,
        "| where | rule | text | why it was wrong | fix | gone |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | :---: |");
    for (j, s) in audited.iter().zip(&still) {
        if j.is_tp() {
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            j.place(),
            j.rule,
            code(&j.text),
            cell(&j.note),
            cell(j.fix.as_deref().unwrap_or("not fixed")),
            if *s { "✗" } else { "✓" }
        );
    }
    out
}

#[test]
fn quality_report_is_current() {
    let corpus = corpus();
    let report = render(&corpus, &never_fire(), &audit());
    if std::env::var_os("JDX_UPDATE_QUALITY").is_some() {
        std::fs::write(REPORT, &report).expect("writes corpus/QUALITY.md");
    }
    let stored = std::fs::read_to_string(REPORT).unwrap_or_default();
    assert!(
        stored == report,
        "{REPORT} is stale: run JDX_UPDATE_QUALITY=1 cargo test --test quality"
    );
}

#[test]
fn every_never_firing_rule_has_a_reason_and_every_reason_a_silent_rule() {
    let corpus = corpus();
    let never = corpus.never_firing();
    let never_fire = never_fire();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for r in &never_fire.removed {
        if corpus.rules().rule(&r.id).is_some() {
            problems.push(format!(
                "{}: listed as removed but the rule exists (move it to [[rule]])",
                r.id
            ));
        }
        if r.reason.trim().is_empty() {
            problems.push(format!("{}: removed without a reason", r.id));
        }
    }
    for r in &never_fire.rule {
        if !seen.insert(r.id.as_str()) {
            problems.push(format!("{}: listed twice", r.id));
        }
        if r.reason.trim().is_empty() {
            problems.push(format!("{}: empty reason", r.id));
        }
        if corpus.rules().rule(&r.id).is_none() {
            problems.push(format!("{}: no such rule (remove the entry)", r.id));
        } else if !never.contains(r.id.as_str()) {
            problems.push(format!(
                "{}: fires on the corpus now (remove the entry)",
                r.id
            ));
        }
    }
    for id in &never {
        if !seen.contains(id) {
            problems.push(format!(
                "{id}: never fires on the corpus and has no reason in {NEVER_FIRE} \
                 (give one, or remove the rule)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn audited_true_positives_still_match_and_false_positives_are_gone() {
    let corpus = corpus();
    let audited = audit();
    let mut problems = Vec::new();
    for j in &audited {
        match (j.verdict.as_str(), still_matches(&corpus, j)) {
            ("tp", true) => {}
            ("tp", false) => problems.push(format!(
                "{}: judged a true {} match of {:?}, which the rules no longer produce",
                j.place(),
                j.rule,
                j.text
            )),
            ("fp", live) => {
                if !j.fixed || j.fix.as_deref().is_none_or(|f| f.trim().is_empty()) {
                    problems.push(format!(
                        "{}: false positive {} {:?} is not marked fixed with a `fix`",
                        j.place(),
                        j.rule,
                        j.text
                    ));
                }
                if live {
                    problems.push(format!(
                        "{}: false positive {} {:?} still matches",
                        j.place(),
                        j.rule,
                        j.text
                    ));
                }
            }
            (other, _) => problems.push(format!(
                "{}: verdict must be \"tp\" or \"fp\", not {other:?}",
                j.place()
            )),
        }
        if j.note.trim().is_empty() {
            problems.push(format!("{}: no note", j.place()));
        }
        if j.is_tp() && (j.fixed || j.fix.is_some()) {
            problems.push(format!("{}: a tp has nothing to fix", j.place()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_audit_sample_is_large_and_covers_every_category() {
    let corpus = corpus();
    let audited = audit();
    assert!(
        audited.len() >= MIN_AUDITED,
        "{} audited matches, at least {MIN_AUDITED} needed",
        audited.len()
    );
    let places: BTreeSet<String> = audited.iter().map(Judged::place).collect();
    assert_eq!(places.len(), audited.len(), "a match is audited twice");
    let sampled: BTreeSet<&str> = audited.iter().map(|j| j.category.as_str()).collect();
    let firing: BTreeSet<&str> = corpus.hits().map(|(_, h)| h.category.as_str()).collect();
    let missing: Vec<&&str> = firing.difference(&sampled).collect();
    assert!(
        missing.is_empty(),
        "categories with matches but none audited: {missing:?}"
    );
    for j in &audited {
        assert!(
            corpus.posting(&j.file).is_some(),
            "{}: not a corpus posting",
            j.place()
        );
        assert!(
            corpus.rules().category(&j.category).is_some(),
            "{}: unknown category {}",
            j.place(),
            j.category
        );
    }
}

#[test]
fn normalise_folds_case_space_and_typography() {
    assert_eq!(normalise("Fast-Paced\r\n  Team"), "fast-paced team");
    assert_eq!(
        normalise("We\u{2019}re \u{201C}Agile\u{201D}"),
        "we're \"agile\""
    );
    assert_eq!(normalise("cutting\u{2013}edge"), "cutting-edge");
}

#[test]
fn a_match_covers_its_own_characters_only() {
    let hit = Found {
        rule: "r".into(),
        category: "c".into(),
        line: 3,
        column: 5,
        text: "fast\r\npaced".into(),
    };
    assert!(hit.covers(3, 5));
    assert!(hit.covers(3, 8));
    assert!(hit.covers(4, 1));
    assert!(!hit.covers(4, 6));
    assert!(!hit.covers(3, 4));
    assert!(!hit.covers(2, 9));
}
