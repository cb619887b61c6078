//! Two versions of a posting compared: scores and role before and after, and
//! the matches one version has that the other lacks (what `jdx diff` shows).
//!
//! Matches are compared as a multiset keyed by rule and normalised text, so a
//! phrase that only moved (another line, another paragraph, rewrapped) is
//! neither added nor removed; only a change in how often it occurs is.
//! Combination-rule firings likewise, keyed by rule and their members' keys.

use std::collections::BTreeMap;

use crate::combo::ComboHit;
use crate::engine::{Engine, Hit};
use crate::report::Summary;
use crate::text::Normalized;
use crate::{Document, Error, Policy};

/// What changed between an old and a new version of a posting.
#[derive(Debug, Clone)]
pub struct Diff<'a> {
    /// The old version's matches, scores and best role.
    pub old: Summary<'a>,
    /// The new version's.
    pub new: Summary<'a>,
    /// Matches of the old version with no counterpart in the new one, in old text order.
    pub removed: Vec<Hit<'a>>,
    /// Matches of the new version with no counterpart in the old one, in new text order.
    pub added: Vec<Hit<'a>>,
    /// Combination firings of the old version with no counterpart in the new
    /// one; their members index `old.hits`.
    pub removed_combos: Vec<ComboHit<'a>>,
    /// Combination firings of the new version with no counterpart in the old
    /// one; their members index `new.hits`.
    pub added_combos: Vec<ComboHit<'a>>,
}

impl Diff<'_> {
    /// Whether nothing the report shows changed: scores, role, matches.
    pub fn is_unchanged(&self) -> bool {
        let role = |s: &Summary<'_>| s.role.as_ref().map(|r| (r.role.id.clone(), r.percent));
        self.removed.is_empty()
            && self.added.is_empty()
            && self.removed_combos.is_empty()
            && self.added_combos.is_empty()
            && role(&self.old) == role(&self.new)
            && self.old.scores.words == self.new.scores.words
            && self.old.scores.matches == self.new.scores.matches
            && self.old.scores.matched_words == self.new.scores.matched_words
            && self.old.scores.bs_index == self.new.scores.bs_index
    }
}

impl Engine {
    /// Compares two versions of a posting.
    pub fn diff<'a>(&'a self, old: &'a Document, new: &'a Document) -> Result<Diff<'a>, Error> {
        self.diff_with(old, new, &Policy::default())
    }

    /// [`Engine::diff`] with both versions under `policy`: one set of rules,
    /// so that only the text makes a difference.
    pub fn diff_with<'a>(
        &'a self,
        old: &'a Document,
        new: &'a Document,
        policy: &Policy,
    ) -> Result<Diff<'a>, Error> {
        let old = self.summarize_with(old, policy)?;
        let new = self.summarize_with(new, policy)?;
        let hit_keys = |s: &Summary<'a>| s.hits.iter().map(hit_key).collect();
        let (removed, added) = unpaired(hit_keys(&old), hit_keys(&new));
        let combo_keys = |s: &Summary<'a>| s.combos.iter().map(|c| combo_key(c, &s.hits)).collect();
        let (removed_combos, added_combos) = unpaired(combo_keys(&old), combo_keys(&new));
        Ok(Diff {
            removed: pick(&old.hits, removed),
            added: pick(&new.hits, added),
            removed_combos: pick(&old.combos, removed_combos),
            added_combos: pick(&new.combos, added_combos),
            old,
            new,
        })
    }
}

/// What pairs a match with its counterpart: its rule and normalised text.
fn hit_key<'a>(h: &Hit<'a>) -> (&'a str, String) {
    (&h.rule.id, Normalized::new(h.text).as_str().to_owned())
}

/// What pairs a combination firing: its rule and its members' keys, sorted
/// (members come in text order, which a move may change).
fn combo_key<'a>(c: &ComboHit<'a>, hits: &[Hit<'a>]) -> (&'a str, Vec<(&'a str, String)>) {
    let mut members: Vec<_> = c.members.iter().map(|&i| hit_key(&hits[i])).collect();
    members.sort_unstable();
    (&c.combo.id, members)
}

/// The indices of `old` and of `new` left over once the items of each key
/// are paired in order: the surplus of the side that has more of them.
fn unpaired<K: Ord>(old: Vec<K>, new: Vec<K>) -> (Vec<usize>, Vec<usize>) {
    let mut by_key: BTreeMap<K, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, k) in old.into_iter().enumerate() {
        by_key.entry(k).or_default().0.push(i);
    }
    for (i, k) in new.into_iter().enumerate() {
        by_key.entry(k).or_default().1.push(i);
    }
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for (o, n) in by_key.into_values() {
        let paired = o.len().min(n.len());
        removed.extend_from_slice(&o[paired..]);
        added.extend_from_slice(&n[paired..]);
    }
    removed.sort_unstable();
    added.sort_unstable();
    (removed, added)
}

fn pick<T: Clone>(items: &[T], indices: Vec<usize>) -> Vec<T> {
    indices.into_iter().map(|i| items[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    fn engine() -> Engine {
        Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"))).expect("compiles")
    }

    fn texts<'a>(hits: &'a [Hit<'a>]) -> Vec<(usize, &'a str)> {
        hits.iter().map(|h| (h.line, h.text)).collect()
    }

    #[test]
    fn the_same_text_is_unchanged() {
        let engine = engine();
        let doc = Document::new("We are a fast-paced team of rockstars.\nSynergy!");
        let diff = engine.diff(&doc, &doc).expect("diffs");
        assert!(diff.is_unchanged());
        assert!(diff.removed.is_empty() && diff.added.is_empty());
        assert_eq!(diff.old.scores.bs_index, diff.new.scores.bs_index);
    }

    #[test]
    fn moved_and_rewrapped_phrases_are_not_changes() {
        let engine = engine();
        let old = Document::new("Join our rockstars.\nWe leverage synergies.");
        let new = Document::new("We leverage\nsynergies.\n\nJoin our ROCKSTARS.");
        let diff = engine.diff(&old, &new).expect("diffs");
        assert!(diff.removed.is_empty(), "{:?}", texts(&diff.removed));
        assert!(diff.added.is_empty(), "{:?}", texts(&diff.added));
    }

    #[test]
    fn only_the_surplus_of_a_repeated_phrase_is_reported() {
        let engine = engine();
        let old = Document::new("Rockstars wanted.\nMore rockstars.\nRockstars only.");
        let new = Document::new("Rockstars wanted.\nA cutting-edge team.");
        let diff = engine.diff(&old, &new).expect("diffs");
        // Two of the three are gone: the first one pairs with the one left.
        assert_eq!(texts(&diff.removed), [(2, "rockstars"), (3, "Rockstars")]);
        assert_eq!(texts(&diff.added), [(2, "cutting-edge")]);
        assert!(!diff.is_unchanged());
        assert!(diff.new.scores.matches < diff.old.scores.matches);
    }

    #[test]
    fn another_phrase_of_the_same_rule_is_a_change() {
        let engine = engine();
        let old = Document::new("A cutting-edge stack.");
        let new = Document::new("A bleeding-edge stack.");
        let diff = engine.diff(&old, &new).expect("diffs");
        assert_eq!(texts(&diff.removed), [(1, "cutting-edge")]);
        assert_eq!(texts(&diff.added), [(1, "bleeding-edge")]);
        // Same rule, same scores: only the wording changed, and that shows.
        assert_eq!(diff.old.scores.bs_index, diff.new.scores.bs_index);
        assert!(!diff.is_unchanged());
    }

    #[test]
    fn combination_firings_are_paired_like_matches() {
        let engine = engine();
        let old = Document::new("We work hard, play hard, and never miss a happy hour.");
        let moved = Document::new("We never miss a happy hour.\nWe work hard, play hard.");
        let gone = Document::new("We work hard and never miss a happy hour.");
        let fired = |d: &Diff<'_>| {
            d.old
                .combos
                .iter()
                .map(|c| c.combo.id.clone())
                .collect::<Vec<_>>()
        };

        let diff = engine.diff(&old, &moved).expect("diffs");
        assert_eq!(fired(&diff), ["mandatory-fun"]);
        assert!(diff.removed_combos.is_empty() && diff.added_combos.is_empty());

        let diff = engine.diff(&old, &gone).expect("diffs");
        let removed: Vec<_> = diff
            .removed_combos
            .iter()
            .map(|c| c.combo.id.as_str())
            .collect();
        assert_eq!(removed, ["mandatory-fun"]);
        assert!(diff.added_combos.is_empty());
        assert!(diff.new.scores.bs_index < diff.old.scores.bs_index);
    }
}
