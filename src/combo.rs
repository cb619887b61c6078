//! Combination rules: finding where every member of a `[[combo]]` matches
//! within its scope (a sentence, a window of words, the whole posting).
//!
//! Only matches that count are considered (the scan's `hits`: never a
//! suppressed or disabled one). The search is deterministic:
//!
//! - the counting matches are walked in text order; for each member the latest
//!   match filling it is remembered;
//! - when every member is filled, the firing is the tightest one ending at the
//!   current match (the latest match of each member): it fires if it fits the
//!   scope (for a window: first member's start to last member's end spans at
//!   most N words), and the search goes on after it, so firings never share a
//!   match;
//! - a sentence-scope combo fires at most once per sentence (its matches start
//!   in the same sentence), a posting-scope combo at most once per posting, a
//!   window combo once per window (non-overlapping).
//!
//! A firing reports the span from its first member's start to its last
//! member's end, and the first member's line and column.
//!
//! Nothing is computed for a document unless some combo has a match for every
//! member: the check is one lookup per match, so postings on which no combo can
//! fire cost what they cost before.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::engine::{Engine, Hit};
use crate::rules::{Combo, RuleSet, Scope};
use crate::score::word_count;
use crate::sentence::Around;
use crate::suppress::Policy;
use crate::Document;

/// One firing of a combination rule.
#[derive(Debug, Clone)]
pub struct ComboHit<'a> {
    /// The combination rule.
    pub combo: &'a Combo,
    /// Indices into the scan's `hits`, one per member, in text order.
    pub members: Vec<usize>,
    /// Byte range into [`Document::text`]: first member's start to last member's end.
    pub span: Range<usize>,
    /// Byte range into the input as read.
    pub input: Range<usize>,
    /// 1-based line of the first member.
    pub line: usize,
    /// 1-based column of the first member, in characters.
    pub column: usize,
}

impl ComboHit<'_> {
    /// The members' texts as written, whitespace collapsed, joined with ` + `.
    pub fn text(&self, hits: &[Hit<'_>]) -> String {
        self.members
            .iter()
            .map(|&i| {
                hits[i]
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// For each rule (by index in the rule set): the `(combo, member)` slots it fills.
#[derive(Debug, Clone, Default)]
pub(crate) struct ComboIndex {
    slots: Vec<Vec<(usize, usize)>>,
}

impl ComboIndex {
    /// Resolves every member's rule ids (validated at load) to rule indices.
    pub(crate) fn new(rules: &RuleSet) -> Self {
        if rules.combos.is_empty() {
            return ComboIndex::default();
        }
        let by_id: BTreeMap<&str, usize> = rules
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut slots = vec![Vec::new(); rules.rules.len()];
        for (c, combo) in rules.combos.iter().enumerate() {
            for (m, ids) in combo.all.iter().enumerate() {
                for id in ids {
                    if let Some(&r) = by_id.get(id.as_str()) {
                        slots[r].push((c, m));
                    }
                }
            }
        }
        ComboIndex { slots }
    }

    fn of(&self, hit: &Hit<'_>) -> &[(usize, usize)] {
        self.slots.get(hit.rule_index).map_or(&[], Vec::as_slice)
    }
}

impl Engine {
    /// The combination rules that fire on the counting `hits` of `doc` (in
    /// text order of their first member), leaving out combos `policy` turns
    /// off.
    pub(crate) fn find_combos<'a>(
        &'a self,
        doc: &Document,
        hits: &[Hit<'a>],
        policy: &Policy,
    ) -> Vec<ComboHit<'a>> {
        let combos = &self.rules().combos;
        // The cheap check: which members of which combos have a match at all.
        let mut filled: Vec<u32> = Vec::new();
        for hit in hits {
            for &(c, m) in self.combo_index.of(hit) {
                if filled.is_empty() {
                    filled = vec![0; combos.len()];
                }
                filled[c] |= 1 << m;
            }
        }
        let candidates: Vec<usize> = filled
            .iter()
            .enumerate()
            .filter(|&(c, &bits)| {
                let combo = &combos[c];
                bits == full(combo.all.len()) && policy.allows_combo(combo)
            })
            .map(|(c, _)| c)
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let text = doc.text();
        // For each candidate, `(hit, member)` in text order: the matches that fill it.
        let mut events: Vec<Vec<(usize, usize)>> = vec![Vec::new(); candidates.len()];
        for (i, hit) in hits.iter().enumerate() {
            for &(c, m) in self.combo_index.of(hit) {
                if let Ok(k) = candidates.binary_search(&c) {
                    events[k].push((i, m));
                }
            }
        }
        let sentence_of = self.sentences_of(text, hits, &candidates, &events);
        let mut fired = Vec::new();
        for (&c, events) in candidates.iter().zip(&events) {
            let combo = &combos[c];
            let found = match combo.scope {
                Scope::Posting => sweep(combo, events, |_| 0, true, |_, _| true),
                Scope::Sentence => sweep(combo, events, |i| sentence_of[i], true, |_, _| true),
                Scope::Window(n) => {
                    let fits = |first: usize, last: usize| {
                        let span = hits[first].span.start..hits[last].span.end;
                        !more_words_than(text.get(span).unwrap_or_default(), n as usize)
                    };
                    sweep(combo, events, |_| 0, false, fits)
                }
            };
            fired.extend(found.into_iter().map(|members| {
                let (first, last) = (&hits[members[0]], &hits[members[members.len() - 1]]);
                let span = first.span.start..last.span.end;
                ComboHit {
                    combo,
                    input: doc.input_range(span.clone()),
                    span,
                    line: first.line,
                    column: first.column,
                    members,
                }
            }));
        }
        // Text order; at one position, rule-set order (stable sort).
        fired.sort_by_key(|f| (f.span.start, f.span.end));
        fired
    }

    /// For each hit that fills a member of a sentence-scope candidate (by
    /// index into `hits`), the start of its sentence: one id per sentence.
    /// Only the stretches of text around those hits are split.
    fn sentences_of(
        &self,
        text: &str,
        hits: &[Hit<'_>],
        candidates: &[usize],
        events: &[Vec<(usize, usize)>],
    ) -> Vec<usize> {
        let combos = &self.rules().combos;
        let sentence_scope = |&c: &usize| combos[c].scope == Scope::Sentence;
        if !candidates.iter().any(sentence_scope) {
            return Vec::new();
        }
        let mut needed = vec![false; hits.len()];
        for (&c, events) in candidates.iter().zip(events) {
            if sentence_scope(&c) {
                for &(i, _) in events {
                    needed[i] = true;
                }
            }
        }
        let mut ids = vec![usize::MAX; hits.len()];
        let mut around = Around::new(text);
        // Hits are in text order, as `Around` needs.
        for (i, _) in needed.iter().enumerate().filter(|(_, &n)| n) {
            ids[i] = around.sentence_after(hits[i].span.start);
        }
        ids
    }
}

/// The bit set of `n` members.
fn full(n: usize) -> u32 {
    (1u32 << n) - 1
}

/// Whether `text` holds more than `n` words, counting no further than needed:
/// a piece of a few hundred bytes at a time, cut at ASCII whitespace (which
/// always separates words, so the pieces' counts add up exactly).
fn more_words_than(text: &str, n: usize) -> bool {
    const PIECE: usize = 256;
    let mut words = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest
            .as_bytes()
            .iter()
            .skip(PIECE)
            .position(u8::is_ascii_whitespace)
            .map_or(rest.len(), |k| PIECE + k);
        let (piece, after) = rest.split_at(cut);
        words += word_count(piece);
        if words > n {
            return true;
        }
        rest = after;
    }
    false
}

/// The firings of `combo` over `events` (`(hit, member)` in text order): see
/// the module docs. `group` names the scope instance of a hit (a sentence);
/// `once` allows one firing per group; `fits(first, last)` checks the span.
fn sweep(
    combo: &Combo,
    events: &[(usize, usize)],
    mut group: impl FnMut(usize) -> usize,
    once: bool,
    fits: impl Fn(usize, usize) -> bool,
) -> Vec<Vec<usize>> {
    let n = combo.all.len();
    let mut latest: Vec<Option<usize>> = vec![None; n];
    let mut filled = 0; // how many of `latest` are set
    let mut current = None;
    let mut done = false;
    let mut out = Vec::new();
    for &(hit, member) in events {
        let g = group(hit);
        if current != Some(g) {
            current = Some(g);
            latest.iter_mut().for_each(|l| *l = None);
            filled = 0;
            done = false;
        }
        if done {
            continue;
        }
        filled += usize::from(latest[member].replace(hit).is_none());
        if filled < n {
            continue;
        }
        let mut members: Vec<usize> = latest.iter().flatten().copied().collect();
        members.sort_unstable();
        if fits(members[0], hit) {
            out.push(members);
            latest.iter_mut().for_each(|l| *l = None);
            filled = 0;
            done = once;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Origin;

    /// The built-in rules with `combos` in place of the built-in combos.
    fn engine(combos: Vec<Combo>) -> Engine {
        let mut rules = RuleSet::builtin().expect("built-ins load");
        rules.combos = combos;
        Engine::new(rules).expect("engine builds")
    }

    fn combo(id: &str, all: &[&str], scope: Scope) -> Combo {
        Combo {
            id: id.to_owned(),
            category: "hustle".to_owned(),
            weight: 5,
            all: all
                .iter()
                .map(|m| m.split('|').map(str::to_owned).collect())
                .collect(),
            scope,
            plain: "Say it.".to_owned(),
            otiose: "The team is small.".to_owned(),
            red_flag: false,
            examples: Vec::new(),
            counterexamples: Vec::new(),
            origin: Origin {
                path: "test".to_owned(),
                line: 1,
                builtin: false,
            },
        }
    }

    /// Each firing as `(combo id, member texts)`.
    fn fired(engine: &Engine, text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text);
        let scan = engine.scan(&doc);
        scan.combos
            .iter()
            .map(|c| (c.combo.id.clone(), c.text(&scan.hits)))
            .collect()
    }

    fn pair(id: &str, text: &str) -> (String, String) {
        (id.to_owned(), text.to_owned())
    }

    #[test]
    fn a_sentence_combo_needs_its_members_in_one_sentence_and_fires_once_there() {
        let e = engine(vec![combo("c", &["rockstar", "hustle"], Scope::Sentence)]);
        assert_eq!(
            fired(&e, "Rockstars who hustle."),
            [pair("c", "Rockstars + hustle")]
        );
        assert!(fired(&e, "Rockstars welcome. We hustle.").is_empty());
        assert_eq!(
            fired(
                &e,
                "Rockstars hustle, rockstars hustle. A rockstar will hustle."
            ),
            [
                pair("c", "Rockstars + hustle"),
                pair("c", "rockstar + hustle")
            ],
            "once per sentence, in each sentence"
        );
    }

    proptest::proptest! {
        #[test]
        fn counting_by_pieces_agrees_with_counting_all(
            text in "[ab1 \n.'’é—-]{0,900}",
            n in 0usize..200,
        ) {
            proptest::prop_assert_eq!(more_words_than(&text, n), word_count(&text) > n);
        }
    }

    #[test]
    fn a_window_combo_counts_words_from_first_member_to_last() {
        let e = engine(vec![combo("w", &["rockstar", "hustle"], Scope::Window(5))]);
        // "rockstar one two three hustle" is five words.
        assert_eq!(
            fired(&e, "A rockstar one two three hustle."),
            [pair("w", "rockstar + hustle")]
        );
        assert!(fired(&e, "A rockstar one two three four hustle.").is_empty());
        // Across a sentence boundary is fine for a window.
        assert_eq!(
            fired(&e, "Rockstar. Hustle."),
            [pair("w", "Rockstar + Hustle")]
        );
    }

    #[test]
    fn window_firings_are_the_tightest_and_never_share_a_match() {
        let e = engine(vec![combo("w", &["rockstar", "hustle"], Scope::Window(4))]);
        // The second rockstar is nearer: it is the one reported.
        assert_eq!(
            fired(&e, "rockstar rockstar hustle hustle rockstar"),
            [
                pair("w", "rockstar + hustle"),
                pair("w", "hustle + rockstar")
            ]
        );
        let doc = Document::new("rockstar rockstar hustle");
        let scan = e.scan(&doc);
        assert_eq!(scan.combos[0].members, [1, 2]);
        assert_eq!(scan.combos[0].span, 9..24);
        assert_eq!((scan.combos[0].line, scan.combos[0].column), (1, 10));
    }

    #[test]
    fn a_posting_combo_fires_once_anywhere_and_only_with_every_member() {
        let e = engine(vec![combo(
            "p",
            &["rockstar|ninja", "hustle", "self-starter"],
            Scope::Posting,
        )]);
        let text = "Ninjas wanted.\n\nLots of words in between here.\n\nWe hustle. Self-starters only. A rockstar who hustles.";
        assert_eq!(
            fired(&e, text),
            [pair("p", "Ninjas + hustle + Self-starters")]
        );
        assert!(fired(&e, "Ninjas wanted. We hustle.").is_empty());
    }

    #[test]
    fn firings_are_deterministic_and_in_text_order() {
        let e = engine(vec![
            combo("late", &["hustle", "self-starter"], Scope::Posting),
            combo("early", &["rockstar", "hustle"], Scope::Sentence),
        ]);
        let text = "Self-starters apply. Rockstars hustle.";
        let first = fired(&e, text);
        assert_eq!(
            first,
            [
                pair("late", "Self-starters + hustle"),
                pair("early", "Rockstars + hustle")
            ]
        );
        for _ in 0..5 {
            assert_eq!(fired(&e, text), first);
        }
    }

    #[test]
    fn only_matches_that_count_fill_members() {
        let mut off = combo("off", &["rockstar", "hustle"], Scope::Sentence);
        off.category = "culture".to_owned();
        let e = engine(vec![
            combo("c", &["rockstar", "hustle"], Scope::Sentence),
            off,
        ]);
        // A suppressed member does not count.
        let text = "<!-- jdx-disable hustle -->\nRockstars who hustle.\n<!-- jdx-enable -->\n";
        assert!(fired(&e, text).is_empty());
        // A disabled rule, a disabled combo or its category.
        let doc = Document::new("Rockstars who hustle.");
        let policy = |ids: &[&str]| Policy {
            disabled: ids.iter().map(|s| (*s).to_owned()).collect(),
            ..Policy::default()
        };
        let ids = |p: &Policy| -> Vec<String> {
            e.scan_with(&doc, p)
                .combos
                .iter()
                .map(|c| c.combo.id.clone())
                .collect()
        };
        assert_eq!(ids(&policy(&[])), ["c", "off"]);
        assert!(ids(&policy(&["rockstar"])).is_empty());
        assert_eq!(ids(&policy(&["c"])), ["off"]);
        assert_eq!(ids(&policy(&["culture"])), ["c"]);
    }

    #[test]
    fn without_combos_nothing_is_computed() {
        let e = engine(Vec::new());
        assert!(e.combo_index.slots.is_empty());
        assert!(fired(&e, "Rockstars who hustle.").is_empty());
    }
}
