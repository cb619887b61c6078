//! One Aho-Corasick automaton over every phrase variant, exception and role
//! signal, then a word-boundary filter and leftmost-longest selection.
//!
//! The automaton runs once over the normalised text in overlapping mode, so
//! every candidate at every position is seen. That is what lets a shorter
//! variant win when the longest one at a position fails the boundary check
//! ("agile teams" still yields "agile" when "agile team" cannot match).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

mod table;

use self::table::Compact;
use crate::rules::RuleSet;
use crate::text::is_word_char;

/// Which automaton to build: quick to build, or quick to run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Speed {
    /// Per text, a small automaton over only the patterns whose first word
    /// occurs in it: the quickest start; right for a few postings.
    #[default]
    Startup,
    /// One DFA over every pattern: slower and larger to build, the fastest
    /// scan; right for big inputs and batches.
    Throughput,
}

/// Which patterns an automaton holds: `scan` needs only the rules; analysis
/// finds the rules and the role signals in one pass of one automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Rule phrases, exceptions and regexes.
    Rules,
    /// Those and the role titles, aliases and keywords.
    RulesAndRoles,
}

/// Who a pattern of the automaton belongs to (a rule or role index): eight
/// bytes, looked up for every occurrence a search finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Rule(u32),
    Exception(u32),
    /// A role's title or alias.
    RoleTitle(u32),
    /// A role's body keyword with its weight.
    RoleKeyword(u32, u8),
}

const _: () = assert!(std::mem::size_of::<Owner>() == 8);

/// A role signal found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signal {
    /// Role index into [`RuleSet::roles`].
    pub role: usize,
    /// `None` for a title pattern, else the keyword weight.
    pub keyword_weight: Option<u8>,
    /// The pattern found: one id per distinct normalised phrase.
    pub pattern: usize,
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

/// A rule match in normalised coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawHit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
}

/// What one pass finds.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub hits: Vec<RawHit>,
    pub signals: Vec<Signal>,
}

/// The compiled matcher.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// What it holds.
    pub part: Part,
    automaton: Automaton,
    /// `owners[owner_starts[p]..owner_starts[p + 1]]` are the owners of pattern `p`.
    owners: Vec<Owner>,
    owner_starts: Vec<u32>,
    regexes: Vec<(usize, Regex)>,
}

/// How the patterns are searched.
#[derive(Debug, Clone)]
enum Automaton {
    /// One DFA over every pattern, built once (for big inputs).
    Whole(Box<Compact>),
    /// An automaton built per text over only the patterns that can match in it.
    Pruned(Pruned),
}

/// Patterns indexed by their first word, for building small automata.
///
/// A match whose first character is a word character must start a word of the
/// text (the boundary check requires it), and since the pattern's first word
/// ends where the pattern has a non-word character or ends, that text word
/// must equal it. So a text can only hold patterns whose first word is one of
/// its words, plus the few patterns that begin with punctuation. Building the
/// automaton over those is much quicker than over all of them, and the one pass
/// over the text finds exactly the same matches.
#[derive(Debug, Clone)]
struct Pruned {
    /// Every pattern, one after the other (one allocation, not thousands).
    text: String,
    /// Where each pattern ends in `text`.
    ends: Vec<usize>,
    /// `(hash of the first word, pattern id)`, sorted: a collision only adds
    /// candidates, which never changes what is found.
    by_first_word: Vec<(u64, u32)>,
    /// Patterns that begin with a non-word character: always included.
    always: Vec<u32>,
}

/// FNV-1a: deterministic and allocation-free, enough to bucket words.
fn word_hash(word: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(word.as_bytes());
    h.finish()
}

/// The FNV-1a hasher: the patterns are thousands of short strings hashed
/// once at every start-up, where SipHash's cost showed.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `(pattern, owner)` pairs grouped by pattern: the owners one after the
/// other, and where each pattern's owners begin (with one more offset, the
/// end). A counting pass, not a sort (thousands of pairs at every start-up);
/// a repeated owner is dropped, the order within a group does not matter
/// (what a pass finds is sorted).
fn group_owners(owned: Vec<(usize, Owner)>, patterns: usize) -> (Vec<Owner>, Vec<u32>) {
    let mut starts = vec![0; patterns + 1];
    for &(p, _) in &owned {
        starts[p + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut grouped = vec![Owner::Rule(0); owned.len()];
    let mut next = starts.clone();
    for (p, owner) in owned {
        grouped[next[p]] = owner;
        next[p] += 1;
    }
    let mut owners = Vec::with_capacity(grouped.len());
    let mut from_to = Vec::with_capacity(patterns + 1);
    from_to.push(0);
    for bounds in starts.windows(2) {
        let group = &mut grouped[bounds[0]..bounds[1]];
        group.sort_unstable();
        let from = owners.len();
        for &owner in group.iter() {
            if owners[from..].last() != Some(&owner) {
                owners.push(owner);
            }
        }
        from_to.push(owners.len() as u32);
    }
    (owners, from_to)
}

impl Pruned {
    fn new(patterns: &[&str]) -> Self {
        let mut text = String::with_capacity(patterns.iter().map(|p| p.len()).sum());
        let mut ends = Vec::with_capacity(patterns.len());
        for p in patterns {
            text.push_str(p);
            ends.push(text.len());
        }
        let mut by_first_word = Vec::with_capacity(patterns.len());
        let mut always = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let end = p.find(|c: char| !is_word_char(c)).unwrap_or(p.len());
            match end {
                0 => always.push(i as u32),
                _ => by_first_word.push((word_hash(&p[..end]), i as u32)),
            }
        }
        by_first_word.sort_unstable();
        Pruned {
            text,
            ends,
            by_first_word,
            always,
        }
    }

    fn pattern(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j]);
        &self.text[start..self.ends[i]]
    }

    /// The ids of the patterns that can match in `text`, ascending.
    fn candidates(&self, text: &str) -> Vec<u32> {
        let mut chosen = vec![false; self.ends.len()];
        for &i in &self.always {
            chosen[i as usize] = true;
        }
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let h = word_hash(text.get(s..i).unwrap_or_default());
                    let from = self.by_first_word.partition_point(|&(k, _)| k < h);
                    for &(_, p) in self.by_first_word[from..]
                        .iter()
                        .take_while(|&&(k, _)| k == h)
                    {
                        chosen[p as usize] = true;
                    }
                    start = None;
                }
                _ => {}
            }
        }
        (0..self.ends.len() as u32)
            .filter(|&p| chosen[p as usize])
            .collect()
    }
}

/// The automaton could not be built (a pack too large for it).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the rules into one automaton: {0}")]
pub struct BuildError(String);

impl Matcher {
    pub fn new<'r>(rules: &'r RuleSet, part: Part, speed: Speed) -> Result<Self, BuildError> {
        // Sized up front and flat: this runs at every start-up.
        let role_list = match part {
            Part::Rules => &[][..],
            Part::RulesAndRoles => &rules.roles[..],
        };
        let variants: usize = rules
            .rules
            .iter()
            .map(|r| r.variants.len() + r.exception_variants.len())
            .chain(
                role_list
                    .iter()
                    .map(|r| r.signals.title_variants.len() + r.signals.keyword_variants.len()),
            )
            .sum();
        let mut by_pattern: HashMap<&str, usize, BuildHasherDefault<Fnv>> =
            HashMap::with_capacity_and_hasher(variants, BuildHasherDefault::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(variants);
        let mut owned: Vec<(usize, Owner)> = Vec::with_capacity(variants);
        let mut add = |variant: &'r str, owner: Owner| {
            let next = patterns.len();
            let p = *by_pattern.entry(variant).or_insert(next);
            if p == next {
                patterns.push(variant);
            }
            owned.push((p, owner));
        };
        let mut regexes = Vec::new();
        for (i, rule) in rules.rules.iter().enumerate() {
            for v in &rule.variants {
                add(v, Owner::Rule(i as u32));
            }
            for v in &rule.exception_variants {
                add(v, Owner::Exception(i as u32));
            }
            regexes.extend(rule.compiled_regex.iter().map(|re| (i, re.clone())));
        }
        for (i, role) in role_list.iter().enumerate() {
            for v in &role.signals.title_variants {
                add(v, Owner::RoleTitle(i as u32));
            }
            for (v, w) in &role.signals.keyword_variants {
                add(v, Owner::RoleKeyword(i as u32, *w));
            }
        }
        let automaton = match speed {
            Speed::Startup => Automaton::Pruned(Pruned::new(&patterns)),
            Speed::Throughput => Automaton::Whole(Box::new(Compact::new(&patterns))),
        };
        let (owners, owner_starts) = group_owners(owned, patterns.len());
        Ok(Matcher {
            part,
            automaton,
            owners,
            owner_starts,
            regexes,
        })
    }

    /// Every rule match (leftmost-longest, exceptions applied) and role signal in `text`,
    /// which must be normalised.
    pub fn find(&self, text: &str) -> Found {
        match &self.automaton {
            Automaton::Whole(table) => self.select(text, table.find(text.as_bytes())),
            Automaton::Pruned(pruned) => {
                let ids = pruned.candidates(text);
                let patterns: Vec<&str> = ids.iter().map(|&i| pruned.pattern(i as usize)).collect();
                // The full set compiled when the rules were checked, so a subset
                // cannot exceed the automaton's limits; no patterns, no matches.
                match build(&patterns, AhoCorasickKind::NoncontiguousNFA) {
                    Ok(ac) if !patterns.is_empty() => {
                        self.find_with(&ac, text, |p| ids[p] as usize)
                    }
                    _ => self.find_with_regexes_only(text),
                }
            }
        }
    }

    fn find_with_regexes_only(&self, text: &str) -> Found {
        let none = AhoCorasick::new(std::iter::empty::<&str>()).ok();
        match none {
            Some(ac) => self.find_with(&ac, text, |p| p),
            None => Found::default(),
        }
    }

    /// The search proper over automaton `ac`, whose pattern `p` is pattern
    /// `pattern(p)` of this matcher.
    fn find_with(&self, ac: &AhoCorasick, text: &str, pattern: impl Fn(usize) -> usize) -> Found {
        let candidates = ac
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), pattern(m.pattern().as_usize())));
        self.select(text, candidates)
    }

    /// From every occurrence `(start, end, pattern)` of a pattern, in any
    /// order: the rule matches (whole words, exceptions applied, leftmost-longest)
    /// and the role signals.
    fn select(
        &self,
        text: &str,
        candidates: impl IntoIterator<Item = (usize, usize, usize)>,
    ) -> Found {
        let candidates = candidates.into_iter();
        // Sized for most of the candidates, not grown from empty.
        let expected = candidates.size_hint().0 / 2;
        let mut hits = Vec::with_capacity(expected);
        let mut exceptions = Vec::new();
        let mut signals = Vec::with_capacity(match self.part {
            Part::Rules => 0,
            Part::RulesAndRoles => expected,
        });
        for (start, end, pattern) in candidates {
            if !at_word_boundaries(text, start, end) {
                continue;
            }
            let owners =
                self.owner_starts[pattern] as usize..self.owner_starts[pattern + 1] as usize;
            for owner in &self.owners[owners] {
                match *owner {
                    Owner::Rule(rule) => hits.push(RawHit {
                        rule: rule as usize,
                        start,
                        end,
                    }),
                    Owner::Exception(rule) => exceptions.push(RawHit {
                        rule: rule as usize,
                        start,
                        end,
                    }),
                    Owner::RoleTitle(role) => signals.push(Signal {
                        role: role as usize,
                        keyword_weight: None,
                        pattern,
                        start,
                        end,
                    }),
                    Owner::RoleKeyword(role, w) => signals.push(Signal {
                        role: role as usize,
                        keyword_weight: Some(w),
                        pattern,
                        start,
                        end,
                    }),
                }
            }
        }
        for (rule, re) in &self.regexes {
            for m in re.find_iter(text) {
                if !m.is_empty() && at_word_boundaries(text, m.start(), m.end()) {
                    hits.push(RawHit {
                        rule: *rule,
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
        if !exceptions.is_empty() {
            // Sorted by start, an exception overlapping `h` starts before `h.end`
            // and no earlier than `h.start - longest`: a short window to check.
            exceptions.sort_unstable_by_key(|x| x.start);
            let longest = exceptions
                .iter()
                .map(|x| x.end - x.start)
                .max()
                .unwrap_or(0);
            hits.retain(|h| {
                let upto = exceptions.partition_point(|x| x.start < h.end);
                !exceptions[..upto]
                    .iter()
                    .rev()
                    .take_while(|x| x.start + longest > h.start)
                    .any(|x| x.rule == h.rule && h.start < x.end)
            });
        }
        // A rule's matches with one span are the same match.
        let mut hits = leftmost_longest(hits, |h| (h.start, h.end, usize::MAX - h.rule), |_| 0);
        // One rule per span: the one loaded last (a user's pack beats a built-in).
        hits.dedup_by_key(|h| (h.start, h.end));
        Found {
            hits,
            // A role's title before its keywords, lighter keywords first: the
            // order its owners are found in.
            signals: leftmost_longest(
                signals,
                |s| (s.start, s.end, s.role),
                |s| s.keyword_weight.map_or(0, |w| usize::from(w) + 1),
            ),
        }
    }
}

/// An automaton over `patterns` for overlapping search.
fn build(patterns: &[&str], kind: AhoCorasickKind) -> Result<AhoCorasick, BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(patterns)
        .map_err(|e| BuildError(e.to_string()))
}

/// Keeps non-overlapping items, preferring the leftmost start, then the longest,
/// then the lowest id. Items sharing the winner's exact span all stay (several
/// roles may own one signal), lowest id first; of items with the same span
/// and id, the one of lowest `rank`.
fn leftmost_longest<T: Copy>(
    mut items: Vec<T>,
    key: impl Fn(&T) -> (usize, usize, usize),
    rank: impl Fn(&T) -> usize,
) -> Vec<T> {
    // Not a stable sort (that showed in profiles): `rank` orders what the key ties.
    items.sort_unstable_by_key(|x| {
        let (s, e, id) = key(x);
        (s, std::cmp::Reverse(e), id, rank(x))
    });
    let mut last: Option<(usize, usize, usize)> = None;
    // In place: on a huge input the matches are much of the memory.
    items.retain(|item| {
        let (s, e, id) = key(item);
        let keep = match last {
            Some((ls, le, lid)) if s == ls && e == le => id != lid,
            Some((_, le, _)) => s >= le,
            None => true,
        };
        if keep {
            last = Some((s, e, id));
        }
        keep
    });
    items.shrink_to_fit();
    items
}

/// Whether `text[start..end]` stands as whole words.
///
/// A side made of a word character must not touch another word character, nor a
/// hyphen that joins it to one ("read-only" holds no "only"). A side made of
/// punctuation ("c++") needs no boundary.
pub(crate) fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    if start == end {
        return true;
    }
    // Called for every occurrence: the characters around the edges are read
    // where they stand, not by iterating over the text before and after.
    let first_is_word = char_after(text, start).is_some_and(is_word_char);
    let last_is_word = char_before(text, end).is_some_and(is_word_char);
    let touches_before =
        first_is_word && joined(char_before(text, start), || char_before(text, start - 1));
    let touches_after = last_is_word && joined(char_after(text, end), || char_after(text, end + 1));
    !touches_before && !touches_after
}

/// Whether the characters leading away from a match (`next`, then the one
/// past it, read only after a hyphen) continue its word.
fn joined(next: Option<char>, past: impl FnOnce() -> Option<char>) -> bool {
    match next {
        Some('-') => past().is_some_and(is_word_char),
        c => c.is_some_and(is_word_char),
    }
}

/// The character that begins at byte `i` (a char boundary) of `text`.
fn char_after(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

/// The character that ends at byte `i` (a char boundary) of `text`.
fn char_before(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i.checked_sub(1)?) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(..i)?.chars().next_back(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_whole_words_and_hyphen_compounds() {
        let t = "maintain ai, read-only x-ai c++ é";
        let at = |needle: &str| {
            let s = t.find(needle).unwrap();
            at_word_boundaries(t, s, s + needle.len())
        };
        assert!(!at_word_boundaries(t, 2, 4), "'ai' inside 'maintain'");
        assert!(at("ai,"));
        assert!(!at("only"), "hyphen joins 'read-only'");
        assert!(at("c++"));
        assert!(at("é"));
    }

    /// [`at_word_boundaries`] by iterating over the text around the span.
    fn at_word_boundaries_by_iterating(text: &str, start: usize, end: usize) -> bool {
        let (Some(inner), Some(before), Some(after)) =
            (text.get(start..end), text.get(..start), text.get(end..))
        else {
            return false;
        };
        let joined = |away: &mut dyn Iterator<Item = char>| match away.next() {
            Some(c) if is_word_char(c) => true,
            Some('-') => away.next().is_some_and(is_word_char),
            _ => false,
        };
        let mut chars = inner.chars();
        let first_is_word = chars.next().is_some_and(is_word_char);
        let last_is_word = chars
            .next_back()
            .or(inner.chars().next())
            .is_some_and(is_word_char);
        let touches_before = first_is_word && joined(&mut before.chars().rev());
        let touches_after = last_is_word && joined(&mut after.chars());
        !touches_before && !touches_after
    }

    #[test]
    fn boundaries_read_in_place_agree_with_iterating() {
        // Every text of up to four of these characters, every range in it.
        let alphabet = ["a", "1", "-", " ", "é", "’", "_"];
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in &texts {
            for start in 0..=text.len() + 1 {
                for end in 0..=text.len() + 1 {
                    assert_eq!(
                        at_word_boundaries(text, start, end),
                        at_word_boundaries_by_iterating(text, start, end),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn owners_are_grouped_by_pattern_once_each() {
        let owned = vec![
            (1, Owner::Rule(3)),
            (0, Owner::Exception(2)),
            (1, Owner::Rule(0)),
            (1, Owner::Rule(3)),
            (3, Owner::RoleKeyword(1, 2)),
        ];
        let (owners, ranges) = group_owners(owned, 4);
        let group = |p: usize| &owners[ranges[p] as usize..ranges[p + 1] as usize];
        assert_eq!(group(0), [Owner::Exception(2)]);
        assert_eq!(group(1), [Owner::Rule(0), Owner::Rule(3)]);
        assert_eq!(group(2), []);
        assert_eq!(group(3), [Owner::RoleKeyword(1, 2)]);
    }

    #[test]
    fn leftmost_longest_keeps_co_owners_of_one_span() {
        let got = leftmost_longest(
            vec![(0, 4, 2), (0, 9, 1), (0, 9, 3), (5, 7, 0), (10, 12, 0)],
            |&x| x,
            |_| 0,
        );
        assert_eq!(got, [(0, 9, 1), (0, 9, 3), (10, 12, 0)]);
    }

    #[test]
    fn leftmost_longest_keeps_the_lowest_rank_of_one_span_and_id() {
        let got = leftmost_longest(
            vec![
                (0, 9, 1, 3),
                (0, 9, 2, 5),
                (0, 9, 1, 0),
                (0, 9, 2, 4),
                (0, 9, 1, 2),
            ],
            |&(s, e, id, _)| (s, e, id),
            |&(.., rank)| rank,
        );
        assert_eq!(got, [(0, 9, 1, 0), (0, 9, 2, 4)]);
    }
}
