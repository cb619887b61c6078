//! Every phrase variant, exception and role signal found in one pass over the
//! normalised text, kept where it stands as whole words, then leftmost-longest
//! selection.
//!
//! The pass is one Aho-Corasick DFA over every pattern (for big inputs), or,
//! where building that would take longer than the search, a lookup of each
//! word's patterns in an index (see [`HeadIndex`]). Either way every candidate
//! at every position is seen, overlapping ones included. That is what lets a
//! shorter variant win when the longest one at a position fails the boundary
//! check ("agile teams" still yields "agile" when "agile team" cannot match).

use std::hash::Hasher;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

mod table;

use self::table::Compact;
use crate::rules::RuleSet;
use crate::text::is_word_char;

/// Which automaton to build: quick to build, or quick to run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Speed {
    /// No automaton: at each word of a text, the patterns that begin with
    /// that word are compared with the text there. Nothing to build but an
    /// index, the quickest start; right for a few postings.
    #[default]
    Startup,
    /// One DFA over every pattern: slower and larger to build, the fastest
    /// scan; right for big inputs and batches.
    Throughput,
}

/// Which patterns a matcher holds: `scan` needs only the rules; analysis
/// finds the rules and the role signals in one pass.
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
    /// Patterns looked up by the words of the text (for a few postings).
    ByHead(HeadIndex),
}

/// Patterns indexed by their head (see [`second_word`]), compared with the text
/// where a word begins a head of the same hash.
///
/// A match whose first character is a word character must start a word of the
/// text (the boundary check requires it), and since the pattern's first word
/// ends where the pattern has a non-word character or ends, that text word
/// must equal it. If one non-word character and a second word follow in the
/// pattern, the text has that character there too, and the word after it
/// equals the pattern's unless the pattern ends with it (then the boundary
/// check fails on the rest of the text word). So comparing, at every start of
/// a word, the patterns with either of its two heads finds every occurrence
/// that can pass the boundary check; the few patterns that begin with
/// punctuation are searched for everywhere. Building an automaton per text
/// took longer than the whole search, and keying by the first word alone
/// left dozens of patterns to compare at "the" or "our".
#[derive(Debug, Clone)]
struct HeadIndex {
    /// Every pattern, one after the other (one allocation, not thousands).
    text: String,
    /// Where each pattern ends in `text`.
    ends: Vec<usize>,
    /// The heads' hashes, to the number of each head's group.
    slots: Slots,
    /// Each group's head hash.
    heads: Vec<u64>,
    /// `members[starts[g]..starts[g + 1]]` are the patterns of group `g`,
    /// ascending.
    starts: Vec<u32>,
    members: Vec<u32>,
    /// An automaton over the patterns that begin with a non-word character
    /// (none among the built-ins), and their ids.
    anywhere: Option<(AhoCorasick, Vec<usize>)>,
}

/// FNV-1a: deterministic and allocation-free, enough to bucket words.
fn word_hash(word: &[u8]) -> u64 {
    Fnv::default().extend(word)
}

/// The FNV-1a hasher: the patterns are thousands of short strings hashed
/// once at every start-up, where SipHash's cost showed.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// The hash of what was hashed so far followed by `bytes`.
    fn extend(mut self, bytes: &[u8]) -> u64 {
        self.write(bytes);
        self.0
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

/// Distinct strings numbered in the order they are first seen: an
/// open-addressing table of numbers (4 bytes a slot) over their FNV hashes.
/// A standard map of `&str` had 400 KB of fresh memory to fill at every
/// start, and was the slowest part of building a matcher.
struct Distinct<'r> {
    strings: Vec<&'r str>,
    hashes: Vec<u64>,
    slots: Slots,
}

impl<'r> Distinct<'r> {
    /// Room for `n` strings, no more: the caller counts them first.
    fn with_capacity(n: usize) -> Self {
        Distinct {
            strings: Vec::with_capacity(n),
            hashes: Vec::with_capacity(n),
            slots: Slots::with_room(n),
        }
    }

    /// The number of `s`, the next one if it is new.
    fn id(&mut self, s: &'r str) -> usize {
        let hash = word_hash(s.as_bytes());
        let (strings, hashes) = (&self.strings, &self.hashes);
        match self
            .slots
            .find(hash, |n| hashes[n] == hash && strings[n] == s)
        {
            Ok(n) => n,
            Err(slot) => {
                self.strings.push(s);
                self.hashes.push(hash);
                self.slots.fill(slot, self.strings.len() - 1);
                self.strings.len() - 1
            }
        }
    }
}

/// An open-addressing table over 64-bit hashes whose slots hold 1 + an
/// index into the caller's entries, or 0 when empty. Made with room for
/// twice the entries it will hold, so a probe ends soon.
#[derive(Debug, Clone)]
struct Slots(Vec<u32>);

impl Slots {
    /// Room for `n` entries, no more: the caller counts them first.
    fn with_room(n: usize) -> Self {
        Slots(vec![0; (n * 2).next_power_of_two().max(16)])
    }

    /// `Ok` with the index of the entry of `hash` for which `is` holds, or
    /// `Err` with the empty slot where it belongs.
    fn find(&self, hash: u64, is: impl Fn(usize) -> bool) -> Result<usize, usize> {
        let mask = self.0.len() - 1;
        // FNV-1a's low bits alone mix poorly.
        let mut slot = (hash ^ (hash >> 32)) as usize & mask;
        loop {
            match self.0[slot] as usize {
                0 => return Err(slot),
                n if is(n - 1) => return Ok(n - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Puts entry `index` in the empty `slot` that [`Slots::find`] gave.
    fn fill(&mut self, slot: usize, index: usize) {
        debug_assert!(
            index * 2 < self.0.len(),
            "more entries than room was made for"
        );
        self.0[slot] = index as u32 + 1;
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

impl HeadIndex {
    fn new(patterns: &[&str]) -> Result<Self, BuildError> {
        let mut text = String::with_capacity(patterns.iter().map(|p| p.len()).sum());
        let mut ends = Vec::with_capacity(patterns.len());
        for p in patterns {
            text.push_str(p);
            ends.push(text.len());
        }
        // Patterns are grouped by head in one pass, counted per group, then
        // placed: no sort of thousands of entries at every start.
        let mut slots = Slots::with_room(patterns.len());
        let mut heads: Vec<u64> = Vec::new();
        let mut group_of = Vec::with_capacity(patterns.len());
        let mut anywhere = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let word = word_end(p, 0);
            if word == 0 {
                anywhere.push(i);
                continue;
            }
            let head = second_word(p, word).map_or(word, |w| w.end);
            let hash = word_hash(&p.as_bytes()[..head]);
            let group = match slots.find(hash, |g| heads[g] == hash) {
                Ok(g) => g,
                Err(slot) => {
                    heads.push(hash);
                    slots.fill(slot, heads.len() - 1);
                    heads.len() - 1
                }
            };
            group_of.push((group, i as u32));
        }
        let mut starts = vec![0u32; heads.len() + 1];
        for &(g, _) in &group_of {
            starts[g + 1] += 1;
        }
        for g in 0..heads.len() {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut members = vec![0u32; group_of.len()];
        for &(g, i) in &group_of {
            members[next[g] as usize] = i;
            next[g] += 1;
        }
        let anywhere = match anywhere.is_empty() {
            true => None,
            false => {
                let ac = build(
                    &anywhere.iter().map(|&i| patterns[i]).collect::<Vec<_>>(),
                    AhoCorasickKind::NoncontiguousNFA,
                )?;
                Some((ac, anywhere))
            }
        };
        Ok(HeadIndex {
            text,
            ends,
            slots,
            heads,
            starts,
            members,
            anywhere,
        })
    }

    fn pattern(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j]);
        &self.text[start..self.ends[i]]
    }

    /// The patterns whose head hashes to `hash` (and a colliding few).
    fn beginning_with(&self, hash: u64) -> &[u32] {
        match self.slots.find(hash, |g| self.heads[g] == hash) {
            Ok(g) => &self.members[self.starts[g] as usize..self.starts[g + 1] as usize],
            Err(_) => &[],
        }
    }

    /// Every occurrence `(start, end, pattern)` in `text` that passes the
    /// boundary check: those of the patterns beginning with a word character
    /// are looked for at the starts of words, those of the others anywhere.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        // The second word of the last head, measured already.
        let mut measured: Option<Range<usize>> = None;
        while i < bytes.len() {
            let word = match &measured {
                Some(w) if w.start == i => w.end,
                _ => word_end(text, i),
            };
            if word == i {
                i += char_after(text, i).map_or(1, char::len_utf8);
                continue;
            }
            let one = word_hash(&bytes[i..word]);
            measured = second_word(text, word);
            let two = measured
                .as_ref()
                .map(|second| Fnv(one).extend(&bytes[word..second.end]))
                // Two heads hashing alike would find each pattern twice.
                .filter(|&h| h != one);
            let heads = [Some(one), two];
            for &p in heads
                .into_iter()
                .flatten()
                .flat_map(|h| self.beginning_with(h))
            {
                let pattern = self.pattern(p as usize).as_bytes();
                let end = i + pattern.len();
                if bytes.get(i..end) == Some(pattern) && at_word_boundaries(text, i, end) {
                    found.push((i, end, p as usize));
                }
            }
            i = word;
        }
        if let Some((ac, ids)) = &self.anywhere {
            found.extend(
                ac.find_overlapping_iter(text)
                    .filter(|m| at_word_boundaries(text, m.start(), m.end()))
                    .map(|m| (m.start(), m.end(), ids[m.pattern().as_usize()])),
            );
        }
        found
    }
}

/// A head is the first word of a pattern (or of the text at some word), and
/// when one non-word character and a second word follow, those too: the
/// range of that second word, the first ending at `word`.
fn second_word(text: &str, word: usize) -> Option<Range<usize>> {
    let c = char_after(text, word).filter(|&c| !is_word_char(c))?;
    let from = word + c.len_utf8();
    Some(from..word_end(text, from)).filter(|w| !w.is_empty())
}

/// Where the run of word characters that begins at byte `i` of `text` ends.
fn word_end(text: &str, mut i: usize) -> usize {
    /// What each byte is: 1 a word character, 0 another ASCII character,
    /// 2 the start (or inside) of a character to decode.
    const BYTES: [u8; 256] = {
        let mut t = [2; 256];
        let mut b = 0;
        while b < 128 {
            t[b] = (b as u8).is_ascii_alphanumeric() as u8 | (b == b'_' as usize) as u8;
            b += 1;
        }
        t
    };
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        match BYTES[usize::from(b)] {
            1 => i += 1,
            0 => break,
            _ => match char_after(text, i) {
                Some(c) if is_word_char(c) => i += c.len_utf8(),
                _ => break,
            },
        }
    }
    i
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
        let mut distinct = Distinct::with_capacity(variants);
        let mut owned: Vec<(usize, Owner)> = Vec::with_capacity(variants);
        let mut add = |variant: &'r str, owner: Owner| owned.push((distinct.id(variant), owner));
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
        let patterns = distinct.strings;
        let automaton = match speed {
            Speed::Startup => Automaton::ByHead(HeadIndex::new(&patterns)?),
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
            Automaton::Whole(table) => {
                let whole_words = |start, end| at_word_boundaries(text, start, end);
                self.select(text, table.find(text.as_bytes(), &whole_words))
            }
            Automaton::ByHead(index) => self.select(text, index.occurrences(text)),
        }
    }

    /// From every occurrence `(start, end, pattern)` of a pattern that stands
    /// as whole words, in any order: the rule matches (exceptions applied,
    /// leftmost-longest) and the role signals.
    fn select(
        &self,
        text: &str,
        candidates: impl IntoIterator<Item = (usize, usize, usize)>,
    ) -> Found {
        let candidates = candidates.into_iter();
        // Sized for the candidates (each is a rule match or a signal, mostly),
        // not grown from empty.
        let expected = candidates.size_hint().0;
        let mut hits = Vec::with_capacity(expected);
        let mut exceptions = Vec::new();
        let mut signals = Vec::with_capacity(match self.part {
            Part::Rules => 0,
            Part::RulesAndRoles => expected / 2,
        });
        for (start, end, pattern) in candidates {
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
    fn distinct_strings_are_numbered_in_the_order_first_seen() {
        let words: Vec<String> = (0..500).map(|n| format!("w{n}")).collect();
        let mut distinct = Distinct::with_capacity(words.len() * 2);
        for (n, w) in words.iter().enumerate() {
            assert_eq!(distinct.id(w), n);
        }
        for (n, w) in words.iter().enumerate().rev() {
            assert_eq!(distinct.id(w), n, "seen before: the same number");
        }
        assert_eq!(distinct.strings.len(), words.len());
        assert_eq!(distinct.id(""), words.len());
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
