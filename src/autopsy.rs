//! The JD autopsy: the most buzzword-dense sentences, each with an otiose
//! translation composed from its matches' `otiose` texts.
//!
//! Composition (documented for rule authors in rules/README.md):
//! 1. A sentence's matches are deduplicated by rule and by `otiose` text;
//!    texts already said in an earlier pair of the autopsy are left out.
//! 2. At most [`MAX_CLAUSES`] are kept, by weight, then by position; they are
//!    said in the order they appear in the sentence.
//! 3. Two neighbouring short texts (≤ [`SHORT_WORDS`] words, no comma) merge
//!    with "and" when the second starts with a common word ("The", "You",
//!    "Every"…) that can be lower-cased safely. Each text merges at most once.
//!
//! Combination rules take part as well. A sentence or window combo belongs to
//! the sentence where its last member stands; its weight adds to the
//! sentence's rank, and its `otiose` text is kept before any phrase's (it is
//! the conclusion the phrases add up to) and said after them. Posting-wide
//! combos make one more entry, [`overall`], after the sentences.

use std::ops::Range;

use serde::Serialize;

use crate::combo::ComboHit;
use crate::engine::Hit;
use crate::rules::Scope;
use crate::score::SentenceScore;

/// Most `otiose` texts kept per sentence.
pub const MAX_CLAUSES: usize = 3;
/// Longest text, in words, that may merge with a neighbour.
pub const SHORT_WORDS: usize = 8;

/// First words that may be lower-cased when a text is joined to the one before.
const LOWERABLE: &[&str] = &[
    "a",
    "all",
    "an",
    "each",
    "every",
    "everyone",
    "everything",
    "half",
    "it",
    "its",
    "most",
    "no",
    "nobody",
    "nothing",
    "one",
    "someone",
    "success",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "you",
    "your",
];

/// Why a match of a quoted sentence is not in its translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dropped {
    /// Another match of the same rule, or with the same text, is already used.
    Repeat,
    /// An earlier pair of the autopsy already says this.
    SaidBefore,
    /// Three stronger claims in the same sentence already carry it.
    Weaker,
}

impl Dropped {
    /// A short explanation for the record.
    pub fn reason(self) -> &'static str {
        match self {
            Dropped::Repeat => "said once already in this sentence",
            Dropped::SaidBefore => "already translated above",
            Dropped::Weaker => "same sentence already carries stronger claims",
        }
    }
}

/// One LINKEDIN ILLUSION / OTIOSE TRANSLATION pair.
#[derive(Debug, Clone, Serialize)]
pub struct AutopsyPair {
    /// Byte range of the quoted sentence in the document text.
    pub span: Range<usize>,
    /// The sentence's density (matched words / words).
    pub density: f64,
    /// Indices (into the report's hits) of every match in the sentence.
    pub hits: Vec<usize>,
    /// Indices of the matches whose `otiose` texts make the translation, in order.
    pub kept: Vec<usize>,
    /// Indices of the matches left out, and why.
    pub dropped: Vec<(usize, Dropped)>,
    /// Indices (into the report's combos) of the combination rules of this
    /// sentence, each with `None` when its text is in the translation, else
    /// why it is not.
    pub combos: Vec<(usize, Option<Dropped>)>,
    /// The composed translation.
    pub translation: String,
}

/// The posting-wide combination rules: what the whole posting adds up to.
#[derive(Debug, Clone, Serialize)]
pub struct OverallPair {
    /// Indices into the report's combos, each with `None` when its text is in
    /// the translation, else why it is not.
    pub combos: Vec<(usize, Option<Dropped>)>,
    /// The composed translation.
    pub translation: String,
}

/// A text that may go into a translation: a match's or a combo's.
#[derive(Debug, Clone, Copy)]
struct Clause<'t> {
    /// A combo (index into the combos) or else a match (index into the hits).
    combo: Option<usize>,
    hit: usize,
    id: &'t str,
    weight: u8,
    otiose: &'t str,
}

/// Picks up to `limit` sentences (all when `None`) by weight × density (so a
/// long sentence full of fog beats a two-word one; a combo's weight counts in
/// its sentence), then position, skipping any whose every text was said
/// already; returns them in text order.
pub fn autopsy(
    sentences: &[SentenceScore],
    hits: &[Hit<'_>],
    combos: &[ComboHit<'_>],
    limit: Option<usize>,
) -> Vec<AutopsyPair> {
    let owned = combos_by_sentence(sentences, hits, combos);
    let mut order: Vec<usize> = (0..sentences.len())
        .filter(|&i| !sentences[i].hits.is_empty())
        .collect();
    let key = |i: usize| {
        let s = &sentences[i];
        let extra: u32 = owned[i]
            .iter()
            .map(|&c| u32::from(combos[c].combo.weight))
            .sum();
        f64::from(s.weight + extra) * s.density()
    };
    order.sort_by(|&a, &b| {
        key(b)
            .total_cmp(&key(a))
            .then(sentences[a].span.start.cmp(&sentences[b].span.start))
    });
    // Choose by rank, then compose in text order so "said before" means above.
    let mut said: Vec<&str> = Vec::new();
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if limit.is_some_and(|n| chosen.len() >= n) {
            break;
        }
        if pair(&sentences[i], &owned[i], hits, combos, &mut said).is_some() {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    let mut said: Vec<&str> = Vec::new();
    chosen
        .into_iter()
        .filter_map(|i| pair(&sentences[i], &owned[i], hits, combos, &mut said))
        .collect()
}

/// The posting-wide combos as one last entry, leaving out texts `pairs`
/// already said; `None` when there are none (or nothing new to say).
pub fn overall(
    pairs: &[AutopsyPair],
    hits: &[Hit<'_>],
    combos: &[ComboHit<'_>],
) -> Option<OverallPair> {
    let mut said: Vec<&str> = Vec::new();
    for p in pairs {
        said.extend(p.kept.iter().map(|&i| hits[i].rule.otiose.as_str()));
        said.extend(
            p.combos
                .iter()
                .filter(|(_, d)| d.is_none())
                .map(|&(c, _)| combos[c].combo.otiose.as_str()),
        );
    }
    let clauses: Vec<Clause<'_>> = combos
        .iter()
        .enumerate()
        .filter(|(_, c)| c.combo.scope == Scope::Posting)
        .map(|(i, c)| combo_clause(i, c))
        .collect();
    let (kept, dropped) = choose(clauses, &mut said);
    if kept.is_empty() {
        return None;
    }
    let texts: Vec<&str> = kept.iter().map(|c| c.otiose).collect();
    let all = combos_of(&kept, &dropped);
    Some(OverallPair {
        combos: all,
        translation: compose(&texts),
    })
}

/// For each sentence, the sentence and window combos whose last member is one
/// of its matches.
fn combos_by_sentence(
    sentences: &[SentenceScore],
    hits: &[Hit<'_>],
    combos: &[ComboHit<'_>],
) -> Vec<Vec<usize>> {
    let mut owned = vec![Vec::new(); sentences.len()];
    for (c, combo) in combos.iter().enumerate() {
        if combo.combo.scope == Scope::Posting {
            continue;
        }
        let Some(&last) = combo.members.last() else {
            continue;
        };
        let at = hits[last].span.start;
        let s = sentences.partition_point(|s| s.span.end <= at);
        if sentences
            .get(s)
            .is_some_and(|s| s.hits.binary_search(&last).is_ok())
        {
            owned[s].push(c);
        }
    }
    owned
}

fn combo_clause<'t>(index: usize, c: &'t ComboHit<'_>) -> Clause<'t> {
    Clause {
        combo: Some(index),
        hit: c.members.last().copied().unwrap_or_default(),
        id: &c.combo.id,
        weight: c.combo.weight,
        otiose: &c.combo.otiose,
    }
}

/// The combination rules among the clauses, by index: kept (`None`) or
/// dropped, with why.
fn combos_of(
    kept: &[Clause<'_>],
    dropped: &[(Clause<'_>, Dropped)],
) -> Vec<(usize, Option<Dropped>)> {
    let mut combos: Vec<(usize, Option<Dropped>)> = kept
        .iter()
        .filter_map(|c| c.combo.map(|i| (i, None)))
        .chain(
            dropped
                .iter()
                .filter_map(|(c, why)| c.combo.map(|i| (i, Some(*why)))),
        )
        .collect();
    combos.sort_unstable_by_key(|c| c.0);
    combos
}

/// Steps 1 and 2 of the composition: drops repeats and texts said before,
/// keeps at most [`MAX_CLAUSES`] (combos first, then by weight, then by
/// position), in the order they are said: matches in text order, then combos.
fn choose<'t>(
    clauses: Vec<Clause<'t>>,
    said: &mut Vec<&'t str>,
) -> (Vec<Clause<'t>>, Vec<(Clause<'t>, Dropped)>) {
    let mut candidates: Vec<Clause<'t>> = Vec::new();
    let mut dropped = Vec::new();
    for c in clauses {
        let repeat = candidates.iter().any(|k| {
            (k.combo.is_some() == c.combo.is_some() && k.id == c.id) || k.otiose == c.otiose
        });
        if repeat {
            dropped.push((c, Dropped::Repeat));
        } else if said.contains(&c.otiose) {
            dropped.push((c, Dropped::SaidBefore));
        } else {
            candidates.push(c);
        }
    }
    // Strongest first (stable: ties keep their order), keep MAX_CLAUSES.
    candidates.sort_by(|a, b| {
        b.combo
            .is_some()
            .cmp(&a.combo.is_some())
            .then(b.weight.cmp(&a.weight))
    });
    for &c in candidates.iter().skip(MAX_CLAUSES) {
        dropped.push((c, Dropped::Weaker));
    }
    candidates.truncate(MAX_CLAUSES);
    candidates.sort_by_key(|c| (c.combo.is_some(), c.hit, c.combo));
    said.extend(candidates.iter().map(|c| c.otiose));
    (candidates, dropped)
}

fn pair<'h>(
    s: &SentenceScore,
    own: &[usize],
    hits: &'h [Hit<'_>],
    combos: &'h [ComboHit<'_>],
    said: &mut Vec<&'h str>,
) -> Option<AutopsyPair> {
    // Combos first, so that a phrase repeating a combo's text is the one dropped.
    let clauses: Vec<Clause<'h>> = own
        .iter()
        .map(|&c| combo_clause(c, &combos[c]))
        .chain(s.hits.iter().map(|&i| Clause {
            combo: None,
            hit: i,
            id: &hits[i].rule.id,
            weight: hits[i].rule.weight,
            otiose: &hits[i].rule.otiose,
        }))
        .collect();
    let (kept, dropped) = choose(clauses, said);
    if kept.is_empty() {
        return None;
    }
    let texts: Vec<&str> = kept.iter().map(|c| c.otiose).collect();
    let pair_combos = combos_of(&kept, &dropped);
    let mut dropped_hits: Vec<(usize, Dropped)> = dropped
        .iter()
        .filter(|(c, _)| c.combo.is_none())
        .map(|(c, why)| (c.hit, *why))
        .collect();
    dropped_hits.sort_unstable_by_key(|d| d.0);
    Some(AutopsyPair {
        span: s.span.clone(),
        density: s.density(),
        hits: s.hits.clone(),
        kept: kept
            .iter()
            .filter(|c| c.combo.is_none())
            .map(|c| c.hit)
            .collect(),
        dropped: dropped_hits,
        combos: pair_combos,
        translation: compose(&texts),
    })
}

/// Joins `otiose` texts into prose (see the module docs).
pub fn compose(texts: &[&str]) -> String {
    let clauses: Vec<String> = texts.iter().map(|t| sentence_case(t)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < clauses.len() {
        let this = &clauses[i];
        match clauses.get(i + 1) {
            Some(next) if mergeable(this) && mergeable(next) && lowerable(next) => {
                let head = this.trim_end_matches('.');
                out.push(format!("{head} and {}", lower_first(next)));
                i += 2;
            }
            _ => {
                out.push(this.clone());
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// Trimmed, capitalised, ending with terminal punctuation.
fn sentence_case(text: &str) -> String {
    let t = text.trim();
    let mut chars = t.chars();
    let mut s: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !s.is_empty() && !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

fn mergeable(clause: &str) -> bool {
    clause.split_whitespace().count() <= SHORT_WORDS
        && !clause.contains([',', ';', ':'])
        && clause.ends_with('.')
}

fn lowerable(clause: &str) -> bool {
    let first = clause.split_whitespace().next().unwrap_or_default();
    LOWERABLE.contains(&first.to_lowercase().as_str())
}

fn lower_first(clause: &str) -> String {
    let mut chars = clause.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_like_the_spec_example() {
        let got = compose(&[
            "The team is understaffed.",
            "The org chart is redrawn every quarter.",
            "You will call an off-the-shelf API and call it research.",
            "Success is a slide, not a number.",
        ]);
        assert_eq!(
            got,
            "The team is understaffed and the org chart is redrawn every quarter. \
             You will call an off-the-shelf API and call it research. Success is a slide, not a number."
        );
    }

    #[test]
    fn a_combo_is_kept_before_heavier_phrases_and_said_after_them() {
        let clause = |combo: Option<usize>, hit, id, weight, otiose| Clause {
            combo,
            hit,
            id,
            weight,
            otiose,
        };
        let clauses = vec![
            clause(Some(0), 3, "c", 2, "The team is short."),
            clause(None, 0, "a", 5, "One is heavy."),
            clause(None, 1, "b", 5, "Two is heavy."),
            clause(None, 2, "d", 5, "Three is heavy."),
            clause(None, 3, "e", 1, "The team is short."),
        ];
        let mut said = vec!["Three is heavy."];
        let (kept, dropped) = choose(clauses, &mut said);
        let texts: Vec<&str> = kept.iter().map(|c| c.otiose).collect();
        assert_eq!(
            texts,
            ["One is heavy.", "Two is heavy.", "The team is short."]
        );
        let why: Vec<(&str, Dropped)> = dropped.iter().map(|(c, w)| (c.id, *w)).collect();
        assert_eq!(why, [("d", Dropped::SaidBefore), ("e", Dropped::Repeat)]);
        assert_eq!(said.len(), 4, "the kept texts count as said");
    }

    #[test]
    fn never_lowercases_a_proper_noun_and_fixes_punctuation() {
        assert_eq!(
            compose(&["the team is small", "Kubernetes runs the office."]),
            "The team is small. Kubernetes runs the office."
        );
        assert_eq!(compose(&[]), "");
    }
}
