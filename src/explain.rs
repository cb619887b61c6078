//! `jdx explain TEXT`: which rules match a phrase or sentence, and why a rule
//! the user expected does not.
//!
//! The matches are the engine's own. For an expected rule that does not match,
//! the rule's variants (and regexes) are looked for in the normalised text
//! directly, and each place one is found says why the engine dropped it: it
//! sits inside a word, an exception of the rule covers it, or another rule's
//! match took the text. When no variant is found at all, the nearest variants
//! are listed by edit distance, and a word that differs from a variant only in
//! its ending is pointed out as an undeclared inflection.

use std::ops::Range;

use serde::Serialize;

use crate::matcher::at_word_boundaries;
use crate::rules::{Rule, RuleSet};
use crate::text::{is_word_char, Normalized};
use crate::{Document, Engine, Error};

/// How many nearest variants are listed.
pub const NEAREST: usize = 5;
/// Two differing words count as one inflected from the other when they share
/// at least this many leading characters…
const STEM_CHARS: usize = 4;
/// …and neither has more than this many characters past the shared part.
const ENDING_CHARS: usize = 4;
/// Punctuation around a word that does not take part in the comparison.
const TRIM: &[char] = &['.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']'];

/// What `jdx explain` found.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The text explained, as given.
    pub text: String,
    /// Every rule match, in text order.
    pub matches: Vec<RuleMatch>,
    /// Every combination rule that fires on the matches (`rule` is its id;
    /// the span runs from its first member to its last).
    pub combos: Vec<RuleMatch>,
    /// The expected rule (`--rule`), if one was named.
    pub expected: Option<Expected>,
    /// When nothing matched and no rule was named: the nearest variant of
    /// each of the nearest rules.
    pub nearest: Vec<Nearest>,
}

/// A rule that matched.
#[derive(Debug, Clone, Serialize)]
pub struct RuleMatch {
    /// Rule id.
    pub rule: String,
    /// Its category.
    pub category: String,
    /// The text matched, as written.
    pub text: String,
    /// Byte offsets into the text.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// What the rule says instead.
    pub plain: String,
}

/// The rule the user expected, and why it did or did not match.
#[derive(Debug, Clone, Serialize)]
pub struct Expected {
    /// Rule id.
    pub rule: String,
    /// Whether it matched.
    pub matched: bool,
    /// Why not (empty when it matched, or when no reason could be found).
    pub reasons: Vec<Reason>,
    /// Its variants nearest to the text (empty when it matched).
    pub nearest: Vec<Nearest>,
}

/// Why an expected rule did not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// The variant is in the text, but inside a word or joined to one by a hyphen.
    InsideWord {
        /// The variant (or regex) found.
        variant: String,
        /// The word it sits in, as written.
        word: String,
    },
    /// An exception of the rule covers the match.
    Exception {
        /// The exception variant that matched.
        exception: String,
        /// The text it matched, as written.
        text: String,
    },
    /// Another rule's match took the text (leftmost, then longest, wins).
    Overlap {
        /// The rule that won.
        rule: String,
        /// What it matched, as written.
        text: String,
    },
    /// A `jdx-disable` directive in the text suppresses the match.
    Suppressed {
        /// The text suppressed, as written.
        text: String,
    },
    /// None of the rule's variants or regexes occurs in the text, and no word
    /// looks like an undeclared inflection of one.
    Absent,
    /// A word of the text differs from a variant only in its ending: that
    /// inflection is not declared.
    Inflection {
        /// The variant.
        variant: String,
        /// The text, as written.
        text: String,
    },
}

/// A variant of a rule and how far the text is from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nearest {
    /// Rule id.
    pub rule: String,
    /// The variant (normalised).
    pub variant: String,
    /// The stretch of the text it was compared with, as written.
    pub text: String,
    /// Character edit distance between the two (normalised).
    pub distance: usize,
}

/// The longest text `explain` takes: a paragraph, explained in well under a second.
pub const MAX_CHARS: usize = 4_096;

impl Engine {
    /// Explains which rules match `text`; with `expected` (a rule id), also why
    /// that rule does or does not. An unknown id is [`Error::UnknownRule`].
    pub fn explain(&self, text: &str, expected: Option<&str>) -> Result<Explanation, Error> {
        let chars = text.chars().count();
        if chars > MAX_CHARS {
            return Err(Error::TooLongToExplain {
                chars,
                limit: MAX_CHARS,
            });
        }
        let rule = match expected {
            Some(id) => Some(self.rules().find_rule(id)?),
            None => None,
        };
        let doc = Document::new(text);
        let scan = self.scan(&doc);
        let hits = scan.hits;
        let matches: Vec<RuleMatch> = hits
            .iter()
            .map(|h| RuleMatch {
                rule: h.rule.id.clone(),
                category: h.rule.category.clone(),
                text: h.text.to_owned(),
                start: h.span.start,
                end: h.span.end,
                plain: h.rule.plain.clone(),
            })
            .collect();
        let combos: Vec<RuleMatch> = scan
            .combos
            .iter()
            .map(|c| RuleMatch {
                rule: c.combo.id.clone(),
                category: c.combo.category.clone(),
                text: c.text(&hits),
                start: c.span.start,
                end: c.span.end,
                plain: c.combo.plain.clone(),
            })
            .collect();
        // Stretches one word longer than the longest variant are compared.
        let longest = self
            .rules()
            .rules
            .iter()
            .flat_map(|r| &r.variants)
            .map(|v| v.split(' ').count() + 1)
            .max()
            .unwrap_or(1);
        let text = Text::new(doc.text(), longest);
        let expected = rule.map(|rule| {
            let matched = hits.iter().any(|h| h.rule.id == rule.id);
            let mut reasons = Vec::new();
            let mut nearest = Vec::new();
            if !matched {
                nearest = text.nearest_variants(rule);
                let suppressed: Vec<Range<usize>> = scan
                    .suppressed
                    .iter()
                    .filter(|h| h.rule.id == rule.id)
                    .map(|h| h.span.clone())
                    .collect();
                reasons = text.reasons(rule, &matches, &suppressed, &nearest);
                nearest.truncate(NEAREST);
            }
            Expected {
                rule: rule.id.clone(),
                matched,
                reasons,
                nearest,
            }
        });
        let nearest = match (matches.is_empty(), &expected) {
            (true, None) => text.nearest_rules(&self.rules().rules),
            _ => Vec::new(),
        };
        Ok(Explanation {
            text: doc.text().to_owned(),
            matches,
            combos,
            expected,
            nearest,
        })
    }
}

// Here rather than in `rules/`, which `build.rs` compiles without the crate's `Error`.
impl RuleSet {
    /// The rule with this id, or [`Error::UnknownRule`] naming the
    /// ids that contain it or that it contains.
    pub fn find_rule(&self, id: &str) -> Result<&Rule, Error> {
        self.rule(id).ok_or_else(|| Error::UnknownRule {
            id: id.to_owned(),
            similar: self
                .rules
                .iter()
                .map(|r| r.id.as_str())
                .filter(|r| r.contains(id) || id.contains(r))
                .take(5)
                .map(str::to_owned)
                .collect(),
        })
    }
}

/// The text explained: as written, normalised, and cut into words.
struct Text<'t> {
    original: &'t str,
    norm: Normalized,
    /// `windows[k - 1]`: the distinct stretches of `k` words of the normalised
    /// text (punctuation around them left out), each where it first occurs,
    /// sorted by length in characters.
    windows: Vec<Vec<Window>>,
}

/// A stretch of words of the normalised text, as characters for the edit distance.
struct Window {
    span: Range<usize>,
    chars: Vec<char>,
}

impl<'t> Text<'t> {
    /// Cuts `original` into stretches of up to `longest` words.
    fn new(original: &'t str, longest: usize) -> Self {
        let norm = Normalized::new(original);
        let n = norm.as_str();
        let mut words = Vec::new();
        let mut at = 0;
        for token in n.split(' ') {
            let trimmed = token.trim_start_matches(TRIM);
            let start = at + (token.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(TRIM);
            if !trimmed.is_empty() {
                words.push(start..start + trimmed.len());
            }
            at += token.len() + 1;
        }
        let windows = (1..=longest.min(words.len()))
            .map(|size| {
                let mut seen = std::collections::BTreeSet::new();
                let mut windows: Vec<Window> = words
                    .windows(size)
                    .filter_map(|w| {
                        let span = w.first()?.start..w.last()?.end;
                        let text = n.get(span.clone())?;
                        seen.insert(text).then(|| Window {
                            chars: text.chars().collect(),
                            span,
                        })
                    })
                    .collect();
                windows.sort_by_key(|w| (w.chars.len(), w.span.start));
                windows
            })
            .collect();
        Text {
            original,
            norm,
            windows,
        }
    }

    /// The original text of a normalised byte range.
    fn written(&self, span: &Range<usize>) -> String {
        let map = self.norm.map();
        let (s, e) = (map.orig_start(span.start), map.orig_end(span.end));
        self.original.get(s..e).unwrap_or_default().to_owned()
    }

    /// Every place the rule's variants or regexes occur in the normalised
    /// text, boundaries not checked: `(span, what was found)`.
    fn candidates(&self, rule: &Rule) -> Vec<(Range<usize>, String)> {
        let n = self.norm.as_str();
        let mut found = Vec::new();
        for v in &rule.variants {
            found.extend(occurrences(n, v).map(|s| (s..s + v.len(), v.clone())));
        }
        for (re, pattern) in rule.compiled_regex.iter().zip(&rule.regex) {
            found.extend(
                re.find_iter(n)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.range(), format!("/{pattern}/"))),
            );
        }
        found.sort_by(|a, b| (a.0.start, b.0.end, &a.1).cmp(&(b.0.start, a.0.end, &b.1)));
        found
    }

    /// Why each place where the rule's phrases occur did not become a match.
    /// `suppressed` are the byte ranges of the rule's matches that a
    /// directive of the text suppresses; `nearest` the rule's nearest variants.
    fn reasons(
        &self,
        rule: &Rule,
        matches: &[RuleMatch],
        suppressed: &[Range<usize>],
        nearest: &[Nearest],
    ) -> Vec<Reason> {
        let candidates = self.candidates(rule);
        if candidates.is_empty() {
            let inflection = nearest.iter().find_map(|n| self.inflection(n));
            return vec![inflection.unwrap_or(Reason::Absent)];
        }
        let n = self.norm.as_str();
        let map = self.norm.map();
        let mut reasons: Vec<Reason> = Vec::new();
        let mut add = |r: Reason| {
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        };
        for (span, variant) in candidates {
            if !at_word_boundaries(n, span.start, span.end) {
                add(Reason::InsideWord {
                    variant,
                    word: self.written(&word_around(n, &span)),
                });
                continue;
            }
            let mut excepted = false;
            for x in &rule.exception_variants {
                for s in occurrences(n, x) {
                    let e = s + x.len();
                    if at_word_boundaries(n, s, e) && s < span.end && span.start < e {
                        excepted = true;
                        add(Reason::Exception {
                            exception: x.clone(),
                            text: self.written(&(s..e)),
                        });
                    }
                }
            }
            if excepted {
                continue;
            }
            let (s, e) = (map.orig_start(span.start), map.orig_end(span.end));
            if suppressed.iter().any(|x| x.start < e && s < x.end) {
                add(Reason::Suppressed {
                    text: self.written(&span),
                });
                continue;
            }
            for m in matches.iter().filter(|m| m.start < e && s < m.end) {
                add(Reason::Overlap {
                    rule: m.rule.clone(),
                    text: m.text.clone(),
                });
            }
        }
        reasons
    }

    /// An undeclared inflection, if the stretch of text nearest to a variant
    /// has its words and differs from it only in word endings.
    fn inflection(&self, near: &Nearest) -> Option<Reason> {
        let norm = Normalized::new(&near.text);
        let words: Vec<&str> = norm.as_str().split(' ').collect();
        let variant: Vec<&str> = near.variant.split(' ').collect();
        let inflected = words.len() == variant.len()
            && words != variant
            && words
                .iter()
                .zip(&variant)
                .all(|(w, v)| w == v || same_stem(w, v));
        inflected.then(|| Reason::Inflection {
            variant: near.variant.clone(),
            text: near.text.clone(),
        })
    }

    /// The best stretch of the text for one variant within `bound` edits:
    /// `(distance, span)`, the earliest of the nearest. Stretches of one word
    /// fewer or more than the variant are tried too.
    fn best_window(
        &self,
        variant: &str,
        bound: usize,
        row: &mut Vec<usize>,
    ) -> Option<(usize, Range<usize>)> {
        let k = variant.split(' ').count();
        let variant: Vec<char> = variant.chars().collect();
        let mut best: Option<(usize, &Window)> = None;
        let sizes = k.saturating_sub(1).max(1)..=k + 1;
        for windows in sizes.filter_map(|size| self.windows.get(size - 1)) {
            // A window whose length differs by more than the bound is too far.
            let from =
                windows.partition_point(|w| w.chars.len().saturating_add(bound) < variant.len());
            for w in &windows[from..] {
                let limit = best.map_or(bound, |b| b.0.min(bound));
                if w.chars.len() > variant.len().saturating_add(limit) {
                    break;
                }
                if let Some(d) = levenshtein_within(&w.chars, &variant, limit, row) {
                    let better = best.is_none_or(|(bd, bw)| {
                        (d, w.span.start, w.span.end) < (bd, bw.span.start, bw.span.end)
                    });
                    if better {
                        best = Some((d, w));
                    }
                }
            }
        }
        best.map(|(d, w)| (d, w.span.clone()))
    }

    /// Every variant of `rule`, nearest first (ties by variant).
    fn nearest_variants(&self, rule: &Rule) -> Vec<Nearest> {
        let mut row = Vec::new();
        let mut near: Vec<Nearest> = rule
            .variants
            .iter()
            .filter_map(|v| {
                let (distance, window) = self.best_window(v, usize::MAX, &mut row)?;
                Some(Nearest {
                    rule: rule.id.clone(),
                    variant: v.clone(),
                    text: self.written(&window),
                    distance,
                })
            })
            .collect();
        near.sort_by(|a, b| (a.distance, &a.variant).cmp(&(b.distance, &b.variant)));
        near
    }

    /// The [`NEAREST`] rules with a variant nearest to the text, each with its
    /// nearest variant (ties by rule id, then variant).
    fn nearest_rules(&self, rules: &[Rule]) -> Vec<Nearest> {
        let mut row = Vec::new();
        let mut near: Vec<Nearest> = Vec::new();
        for rule in rules {
            // Only a variant that could enter the list is worth measuring.
            let mut bound = match near.len() {
                NEAREST => near.last().map_or(usize::MAX, |n| n.distance),
                _ => usize::MAX,
            };
            let mut best: Option<(usize, &String, Range<usize>)> = None;
            for v in &rule.variants {
                if let Some((d, w)) = self.best_window(v, bound, &mut row) {
                    if best.as_ref().is_none_or(|b| (d, v) < (b.0, b.1)) {
                        bound = d;
                        best = Some((d, v, w));
                    }
                }
            }
            if let Some((distance, variant, window)) = best {
                near.push(Nearest {
                    rule: rule.id.clone(),
                    variant: variant.clone(),
                    text: self.written(&window),
                    distance,
                });
                near.sort_by(|a, b| {
                    (a.distance, &a.rule, &a.variant).cmp(&(b.distance, &b.rule, &b.variant))
                });
                near.truncate(NEAREST);
            }
        }
        near
    }
}

/// Start offsets of every occurrence of `needle` in `hay`, overlapping ones included.
fn occurrences<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + hay.get(from..)?.find(needle)?;
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// The word (word characters and the hyphens between them) around `span`.
fn word_around(text: &str, span: &Range<usize>) -> Range<usize> {
    let part = |c: char| is_word_char(c) || c == '-';
    let start = text
        .get(..span.start)
        .unwrap_or_default()
        .char_indices()
        .rev()
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(span.start, |(i, _)| i);
    let end = span.end
        + text
            .get(span.end..)
            .unwrap_or_default()
            .chars()
            .take_while(|&c| part(c))
            .map(char::len_utf8)
            .sum::<usize>();
    start..end
}

/// Whether two different words look like inflections of one stem.
fn same_stem(a: &str, b: &str) -> bool {
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let longer = a.chars().count().max(b.chars().count());
    shared >= STEM_CHARS && longer - shared <= ENDING_CHARS
}

/// The Levenshtein distance between `a` and `b`, or `None` when it is above
/// `limit`. Only the cells within `limit` of the diagonal are computed (a
/// path through any other costs more), and the work stops as soon as a whole
/// row is over the limit. `row` is scratch space.
fn levenshtein_within(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit.saturating_add(1);
    row.clear();
    row.extend((0..=b.len()).map(|j| if j <= limit { j } else { over }));
    for (i, ca) in (1usize..).zip(a) {
        let lo = i.saturating_sub(limit).max(1);
        let hi = i.saturating_add(limit).min(b.len());
        let mut diagonal = row[lo - 1];
        row[lo - 1] = if lo == 1 && i <= limit { i } else { over };
        let mut lowest = row[lo - 1];
        for j in lo..=hi {
            let above = row[j];
            let cell = diagonal
                .saturating_add(usize::from(*ca != b[j - 1]))
                .min(above.saturating_add(1))
                .min(row[j - 1].saturating_add(1))
                .min(over);
            row[j] = cell;
            diagonal = above;
            lowest = lowest.min(cell);
        }
        if lowest > limit {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"))).expect("compiles")
    }

    fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
        let chars = |t: &str| t.chars().collect::<Vec<_>>();
        levenshtein_within(&chars(a), &chars(b), limit, &mut Vec::new())
    }

    fn distance(a: &str, b: &str) -> Option<usize> {
        within(a, b, usize::MAX)
    }

    #[test]
    fn levenshtein_counts_character_edits() {
        assert_eq!(distance("levrage", "leverage"), Some(1));
        assert_eq!(distance("kitten", "sitting"), Some(3));
        assert_eq!(distance("", "abc"), Some(3));
        assert_eq!(distance("über", "uber"), Some(1), "characters, not bytes");
        assert_eq!(within("kitten", "sitting", 2), None);
        assert_eq!(within("kitten", "sitting", 3), Some(3));
    }

    proptest::proptest! {
        #[test]
        fn the_band_agrees_with_the_full_table(a in "[ab ]{0,9}", b in "[ab ]{0,9}", limit in 0usize..5) {
            let full = distance(&a, &b).expect("no limit");
            proptest::prop_assert_eq!(within(&a, &b, limit), Some(full).filter(|&d| d <= limit));
        }
    }

    #[test]
    fn words_around_a_span_include_hyphens() {
        let t = "a read-only b";
        assert_eq!(&t[word_around(t, &(7..11))], "read-only");
        assert_eq!(&t[word_around(t, &(0..1))], "a");
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        assert_eq!(occurrences("aaa", "aa").collect::<Vec<_>>(), [0, 1]);
        assert_eq!(occurrences("é é", "é").collect::<Vec<_>>(), [0, 3]);
    }

    #[test]
    fn stems_allow_short_endings_only() {
        assert!(same_stem("leveraging", "leverage"));
        assert!(same_stem("synergies", "synergy"));
        assert!(same_stem("management", "manage"));
        assert!(
            !same_stem("lever", "leverageable"),
            "an ending of 7 characters"
        );
        assert!(!same_stem("cat", "cats"), "too short to call a stem");
    }

    #[test]
    fn matches_come_from_the_engine() {
        let e = engine()
            .explain("We leverage synergies.", None)
            .expect("explains");
        let rules: Vec<&str> = e.matches.iter().map(|m| m.rule.as_str()).collect();
        assert_eq!(rules, ["leverage", "synergy"]);
        assert_eq!(e.matches[1].text, "synergies");
        assert!(e.nearest.is_empty(), "nearest only when nothing matched");
    }

    #[test]
    fn a_misspelling_finds_the_variant() {
        let e = engine().explain("levrage", None).expect("explains");
        assert!(e.matches.is_empty());
        let first = e.nearest.first().expect("nearest");
        assert_eq!(
            (first.rule.as_str(), first.variant.as_str()),
            ("leverage", "leverage")
        );
        assert_eq!(first.distance, 1);
        assert!(e.nearest.len() <= NEAREST);
        let distances: Vec<usize> = e.nearest.iter().map(|n| n.distance).collect();
        assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    }

    #[test]
    fn an_exception_is_named() {
        let e = engine()
            .explain("The hustle and bustle of downtown.", Some("hustle"))
            .expect("explains");
        let x = e.expected.expect("expected");
        assert!(!x.matched);
        assert_eq!(
            x.reasons,
            [Reason::Exception {
                exception: "hustle and bustle".into(),
                text: "hustle and bustle".into()
            }]
        );
    }

    #[test]
    fn a_variant_inside_a_word_is_named() {
        let e = engine()
            .explain("Unleverageable", Some("leverage"))
            .expect("explains");
        let x = e.expected.expect("expected");
        assert_eq!(
            x.reasons,
            [Reason::InsideWord {
                variant: "leverage".into(),
                word: "Unleverageable".into()
            }]
        );
    }

    #[test]
    fn an_undeclared_inflection_is_named() {
        let e = engine()
            .explain("Leveraging it", Some("leverage"))
            .expect("explains");
        let x = e.expected.expect("expected");
        assert_eq!(
            x.reasons,
            [Reason::Inflection {
                variant: "leverage".into(),
                text: "Leveraging".into()
            }]
        );
        assert_eq!(x.nearest[0].distance, 3);
    }

    #[test]
    fn a_suppressed_match_and_an_absent_variant_are_named() {
        let e = engine()
            .explain(
                "<!-- jdx-disable-next-line -->\nWe leverage it",
                Some("leverage"),
            )
            .expect("explains");
        let x = e.expected.expect("expected");
        assert_eq!(
            x.reasons,
            [Reason::Suppressed {
                text: "leverage".into()
            }]
        );
        let e = engine()
            .explain("Nothing here", Some("leverage"))
            .expect("explains");
        assert_eq!(e.expected.expect("expected").reasons, [Reason::Absent]);
    }

    #[test]
    fn a_matching_expected_rule_has_no_reasons() {
        let e = engine()
            .explain("We leverage it", Some("leverage"))
            .expect("explains");
        let x = e.expected.expect("expected");
        assert!(x.matched && x.reasons.is_empty() && x.nearest.is_empty());
    }

    #[test]
    fn an_unknown_rule_is_an_error() {
        let err = engine().explain("x", Some("no-such-rule")).unwrap_err();
        assert!(matches!(err, Error::UnknownRule { .. }), "{err}");
    }
}
