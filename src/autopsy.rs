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

use std::ops::Range;

use serde::Serialize;

use crate::engine::Hit;
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
    /// The composed translation.
    pub translation: String,
}

/// Picks up to `limit` sentences (all when `None`) by weight × density (so a
/// long sentence full of fog beats a two-word one), then position, skipping any
/// whose every text was said already; returns them in text order.
pub fn autopsy(
    sentences: &[SentenceScore],
    hits: &[Hit<'_>],
    limit: Option<usize>,
) -> Vec<AutopsyPair> {
    let mut order: Vec<&SentenceScore> = sentences.iter().filter(|s| !s.hits.is_empty()).collect();
    let key = |s: &SentenceScore| f64::from(s.weight) * s.density();
    order.sort_by(|a, b| {
        key(b)
            .total_cmp(&key(a))
            .then(a.span.start.cmp(&b.span.start))
    });
    // Choose by rank, then compose in text order so "said before" means above.
    let mut said: Vec<&str> = Vec::new();
    let mut chosen: Vec<&SentenceScore> = Vec::new();
    for s in order {
        if limit.is_some_and(|n| chosen.len() >= n) {
            break;
        }
        if pair(s, hits, &mut said).is_some() {
            chosen.push(s);
        }
    }
    chosen.sort_by_key(|s| s.span.start);
    let mut said: Vec<&str> = Vec::new();
    chosen
        .into_iter()
        .filter_map(|s| pair(s, hits, &mut said))
        .collect()
}

fn pair<'h>(s: &SentenceScore, hits: &[Hit<'h>], said: &mut Vec<&'h str>) -> Option<AutopsyPair> {
    let mut candidates = Vec::new();
    let mut dropped = Vec::new();
    for &i in &s.hits {
        let rule = hits[i].rule;
        let repeat = candidates.iter().any(|&j: &usize| {
            let other = hits[j].rule;
            other.id == rule.id || other.otiose == rule.otiose
        });
        if repeat {
            dropped.push((i, Dropped::Repeat));
        } else if said.contains(&rule.otiose.as_str()) {
            dropped.push((i, Dropped::SaidBefore));
        } else {
            candidates.push(i);
        }
    }
    if candidates.is_empty() {
        return None;
    }
    // Strongest first (stable: ties keep text order), keep MAX_CLAUSES, then text order.
    candidates.sort_by(|&a, &b| hits[b].rule.weight.cmp(&hits[a].rule.weight));
    for &i in candidates.iter().skip(MAX_CLAUSES) {
        dropped.push((i, Dropped::Weaker));
    }
    candidates.truncate(MAX_CLAUSES);
    candidates.sort_unstable();
    dropped.sort_unstable_by_key(|d| d.0);
    let texts: Vec<&str> = candidates
        .iter()
        .map(|&i| hits[i].rule.otiose.as_str())
        .collect();
    said.extend(candidates.iter().map(|&i| hits[i].rule.otiose.as_str()));
    Some(AutopsyPair {
        span: s.span.clone(),
        density: s.density(),
        hits: s.hits.clone(),
        kept: candidates,
        dropped,
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
    fn never_lowercases_a_proper_noun_and_fixes_punctuation() {
        assert_eq!(
            compose(&["the team is small", "Kubernetes runs the office."]),
            "The team is small. Kubernetes runs the office."
        );
        assert_eq!(compose(&[]), "");
    }
}
