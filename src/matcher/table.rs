//! The DFA as one compact transition table, and the search that steps it.
//!
//! aho-corasick's DFA over every pattern is 12–15 MB: 32-bit state ids in
//! rows of 64. A search over it waits on memory at nearly every byte. This
//! copy keeps the same transitions in half the space whenever there are at
//! most 65,536 states and 64 byte classes (16-bit ids, a fixed shape that
//! needs no bounds check), and numbers the states breadth-first, so the
//! shallow states a search spends most of its time in share cache lines and
//! pages. The search steps eight parts of the text in lockstep.

use std::ops::Range;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, PatternID};

/// `(start, end, pattern)`: where a pattern occurs.
pub(crate) type Occurrence = (usize, usize, usize);

/// Transition rows: the next state of each state and column.
pub(crate) trait Rows: Sized {
    /// A state id.
    type Id: Copy;
    /// Rows for `states` states of `columns` columns, every cell leading to
    /// state 0; `None` if this shape cannot hold them.
    fn new(states: usize, columns: usize) -> Option<Self>;
    fn set(&mut self, state: usize, column: usize, to: usize);
    fn next(&self, s: Self::Id, column: u8) -> Self::Id;
    fn id(index: usize) -> Self::Id;
    fn index(s: Self::Id) -> usize;
}

/// Up to 65,536 states of up to 64 columns, with 16-bit ids. The shape is
/// fixed, so a step needs no bounds check (the rows past the last state are
/// never touched, so never take memory).
#[derive(Clone)]
pub(crate) struct Narrow(Box<[[u16; 64]; 1 << 16]>);

impl Rows for Narrow {
    type Id = u16;

    fn new(states: usize, columns: usize) -> Option<Self> {
        if states > 1 << 16 || columns > 64 {
            return None;
        }
        let rows = vec![[0u16; 64]; 1 << 16].into_boxed_slice();
        rows.try_into().ok().map(Narrow)
    }

    fn set(&mut self, state: usize, column: usize, to: usize) {
        self.0[state][column] = to as u16;
    }

    #[inline(always)]
    fn next(&self, s: u16, column: u8) -> u16 {
        self.0[usize::from(s)][usize::from(column) & 63]
    }

    fn id(index: usize) -> u16 {
        index as u16
    }

    fn index(s: u16) -> usize {
        usize::from(s)
    }
}

impl std::fmt::Debug for Narrow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Narrow(..)")
    }
}

/// Any number of states and columns, with 32-bit ids in rows of a power-of-two width.
#[derive(Debug, Clone)]
pub(crate) struct Wide {
    shift: u32,
    next: Vec<u32>,
}

impl Rows for Wide {
    type Id = u32;

    fn new(states: usize, columns: usize) -> Option<Self> {
        let shift = columns.next_power_of_two().trailing_zeros();
        Some(Wide {
            shift,
            next: vec![0; states << shift],
        })
    }

    fn set(&mut self, state: usize, column: usize, to: usize) {
        self.next[(state << self.shift) | column] = to as u32;
    }

    #[inline(always)]
    fn next(&self, s: u32, column: u8) -> u32 {
        self.next[((s as usize) << self.shift) | usize::from(column)]
    }

    fn id(index: usize) -> u32 {
        index as u32
    }

    fn index(s: u32) -> usize {
        s as usize
    }
}

/// The transitions of an unanchored DFA, with the patterns each match state reports.
#[derive(Debug, Clone)]
pub(crate) struct Table<R: Rows> {
    /// Each byte's column: bytes found in no pattern share column 0.
    classes: [u8; 256],
    rows: R,
    /// The start state (unanchored).
    start: R::Id,
    /// States below this id are match states; the rest are not.
    matching: usize,
    /// `patterns[reports[s]..reports[s + 1]]`: the patterns match state `s` reports.
    reports: Vec<u32>,
    patterns: Vec<u32>,
    /// Each pattern's length in bytes.
    lengths: Vec<u32>,
    /// The longest pattern, in bytes.
    longest: usize,
}

/// A table of the most compact shape that holds the automaton.
#[derive(Debug, Clone)]
pub(crate) enum Compact {
    Narrow(Table<Narrow>),
    Wide(Table<Wide>),
}

impl Compact {
    /// The same automaton as `dfa` (built with `MatchKind::Standard`, no
    /// prefilter, unanchored), as a compact table.
    pub(crate) fn new(dfa: &DFA, patterns: &[&str]) -> Option<Self> {
        let walk = Walk::new(dfa, byte_classes(patterns))?;
        let (states, columns) = (walk.states.len(), walk.columns);
        Some(match Narrow::new(states, columns) {
            Some(rows) => Compact::Narrow(Table::new(dfa, &walk, rows)),
            None => Compact::Wide(Table::new(dfa, &walk, Wide::new(states, columns)?)),
        })
    }

    /// Every occurrence `(start, end, pattern)` of every pattern in `text`,
    /// as an overlapping search finds them.
    pub(crate) fn find(&self, text: &[u8]) -> Vec<Occurrence> {
        match self {
            Compact::Narrow(t) => t.interleaved_search(text),
            Compact::Wide(t) => t.interleaved_search(text),
        }
    }
}

/// Each byte's column: one per distinct pattern byte, and column 0 for every
/// byte no pattern holds (from any state, such a byte leads back to the start).
fn byte_classes(patterns: &[&str]) -> ([u8; 256], usize) {
    let mut used = [false; 256];
    for p in patterns {
        for &b in p.as_bytes() {
            used[usize::from(b)] = true;
        }
    }
    let mut classes = [0u8; 256];
    // With every byte in some pattern there is no shared column.
    let mut next = usize::from(used.iter().any(|&u| !u));
    for (b, &u) in used.iter().enumerate() {
        if u {
            classes[b] = next as u8;
            next += 1;
        }
    }
    (classes, next)
}

/// The DFA's reachable states, walked breadth-first from the start.
struct Walk {
    classes: [u8; 256],
    columns: usize,
    /// aho-corasick's id of each state, in the order walked.
    states: Vec<StateID>,
    /// Row after row, the next state of each state and column (as an index into `states`).
    rows: Vec<u32>,
    /// Our id of each state (by index into `states`): match states first,
    /// then the others, each group in the order walked.
    ours: Vec<u32>,
    /// How many states are match states.
    matching: usize,
}

impl Walk {
    /// `None` if the DFA has no unanchored start.
    fn new(dfa: &DFA, (classes, columns): ([u8; 256], usize)) -> Option<Self> {
        let start = dfa.start_state(Anchored::No).ok()?;
        // One byte standing for each column.
        let mut sample = vec![0u8; columns];
        for b in (0..=255u8).rev() {
            sample[usize::from(classes[usize::from(b)])] = b;
        }
        // aho-corasick's ids are premultiplied by its row size, a power of two:
        // indexed by id over that, the map of where each state was walked is
        // small enough for the cache. The row size is guessed from the ids
        // out of the start state, and the walk starts again with a smaller
        // one should an id not be a multiple of it.
        let mut zeros = sample
            .iter()
            .map(|&b| dfa.next_state(Anchored::No, start, b).as_u32())
            .chain([start.as_u32()])
            .filter(|&id| id != 0)
            .map(u32::trailing_zeros)
            .min()
            .unwrap_or(0);
        let (states, rows) = loop {
            match walk(dfa, start, &sample, zeros) {
                Ok(walked) => break walked,
                Err(fewer) => zeros = fewer,
            }
        };
        let is_match: Vec<bool> = states.iter().map(|&s| dfa.is_match(s)).collect();
        let matching = is_match.iter().filter(|&&m| m).count();
        let mut ours = vec![0; states.len()];
        let (mut next_match, mut next_other) = (0, matching as u32);
        for (our, &m) in ours.iter_mut().zip(&is_match) {
            let next = if m { &mut next_match } else { &mut next_other };
            *our = *next;
            *next += 1;
        }
        Some(Walk {
            classes,
            columns,
            states,
            rows,
            ours,
            matching,
        })
    }
}

/// States and rows of [`Walk::new`], with aho-corasick's ids taken to be
/// multiples of `1 << zeros`; `Err` with a smaller guess if one is not.
fn walk(
    dfa: &DFA,
    start: StateID,
    sample: &[u8],
    zeros: u32,
) -> Result<(Vec<StateID>, Vec<u32>), u32> {
    const UNSEEN: u32 = u32::MAX;
    let mut seen: Vec<u32> = vec![UNSEEN; (start.as_usize() >> zeros) + 1];
    seen[start.as_usize() >> zeros] = 0;
    let mut states = vec![start];
    let mut rows = Vec::with_capacity(sample.len() * 1024);
    let mut head = 0;
    while let Some(&sid) = states.get(head) {
        for &b in sample {
            let to = dfa.next_state(Anchored::No, sid, b);
            if to.as_u32().trailing_zeros() < zeros {
                return Err(to.as_u32().trailing_zeros());
            }
            let i = to.as_usize() >> zeros;
            if i >= seen.len() {
                seen.resize(i + 1, UNSEEN);
            }
            if seen[i] == UNSEEN {
                seen[i] = states.len() as u32;
                states.push(to);
            }
            rows.push(seen[i]);
        }
        head += 1;
    }
    Ok((states, rows))
}

impl<R: Rows> Table<R> {
    fn new(dfa: &DFA, walk: &Walk, mut rows: R) -> Self {
        for (w, row) in walk.rows.chunks_exact(walk.columns).enumerate() {
            for (column, &to) in row.iter().enumerate() {
                rows.set(
                    walk.ours[w] as usize,
                    column,
                    walk.ours[to as usize] as usize,
                );
            }
        }
        // Match states, in our order: their ids in the walk.
        let mut by_ours = vec![0; walk.matching];
        for (w, &our) in walk.ours.iter().enumerate() {
            if let Some(slot) = by_ours.get_mut(our as usize) {
                *slot = w;
            }
        }
        let mut reports = vec![0u32];
        let mut patterns = Vec::new();
        for w in by_ours {
            let sid = walk.states[w];
            patterns.extend((0..dfa.match_len(sid)).map(|k| dfa.match_pattern(sid, k).as_u32()));
            reports.push(patterns.len() as u32);
        }
        let lengths = (0..dfa.patterns_len())
            .map(|p| dfa.pattern_len(PatternID::new_unchecked(p)) as u32)
            .collect();
        Table {
            classes: walk.classes,
            rows,
            start: R::id(walk.ours[0] as usize),
            matching: walk.matching,
            reports,
            patterns,
            lengths,
            longest: dfa.max_pattern_len(),
        }
    }

    #[inline(always)]
    fn step(&self, s: R::Id, byte: u8) -> R::Id {
        self.rows.next(s, self.classes[usize::from(byte)])
    }

    #[inline(always)]
    fn is_match(&self, s: R::Id) -> bool {
        R::index(s) < self.matching
    }

    /// Every occurrence `(start, end, pattern)` of every pattern in `text`.
    ///
    /// One step waits on the one before (a load from a table larger than the
    /// cache); steps of separate streams do not, so the processor overlaps
    /// them. The text is cut into parts searched in lockstep, each from the
    /// start state: eight for a long text, fewer for a short one, where each
    /// part's overrun (below) would cost too much.
    fn interleaved_search(&self, text: &[u8]) -> Vec<Occurrence> {
        match text.len() {
            n if n >= 8 * MIN_PART => self.lanes::<8>(text),
            n if n >= 4 * MIN_PART => self.lanes::<4>(text),
            n => {
                let mut found = Vec::new();
                self.stream(text, self.start, 0..n, n, &mut found);
                found
            }
        }
    }

    /// [`Table::interleaved_search`] on `N` parts. A part reports only the
    /// occurrences that start in it, and reads on past its end far enough to
    /// finish them, so each occurrence is reported exactly once.
    fn lanes<const N: usize>(&self, text: &[u8]) -> Vec<Occurrence> {
        let mut found = Vec::new();
        let part = text.len() / N;
        let owns_to = |k: usize| match k + 1 == N {
            true => text.len(),
            false => (k + 1) * part,
        };
        let parts: [&[u8]; N] = std::array::from_fn(|k| &text[k * part..][..part]);
        // `N` is a constant: the compiler unrolls the loops over the parts.
        let mut states = [self.start; N];
        for offset in 0..part {
            let mut any = false;
            for (s, bytes) in states.iter_mut().zip(&parts) {
                *s = self.step(*s, bytes[offset]);
                any |= self.is_match(*s);
            }
            if any {
                for (k, &s) in states.iter().enumerate() {
                    if self.is_match(s) {
                        self.report(s, k * part + offset, owns_to(k), &mut found);
                    }
                }
            }
        }
        // Each part's rest: the last part's odd bytes, and the overrun.
        let overrun = self.longest.saturating_sub(1);
        for (k, s) in states.into_iter().enumerate() {
            let end = (owns_to(k) + overrun).min(text.len());
            self.stream(text, s, k * part + part..end, owns_to(k), &mut found);
        }
        found
    }

    /// One stream of [`Table::interleaved_search`] from state `s` over `text[range]`.
    fn stream(
        &self,
        text: &[u8],
        mut s: R::Id,
        range: Range<usize>,
        owns_to: usize,
        found: &mut Vec<Occurrence>,
    ) {
        let from = range.start;
        for (i, &byte) in text[range].iter().enumerate() {
            s = self.step(s, byte);
            if self.is_match(s) {
                self.report(s, from + i, owns_to, found);
            }
        }
    }

    /// The occurrences ending at `at` (inclusive) in match state `s`, those
    /// starting before `owns_to`.
    #[cold]
    fn report(&self, s: R::Id, at: usize, owns_to: usize, found: &mut Vec<Occurrence>) {
        let i = R::index(s);
        let reported = self.reports[i] as usize..self.reports[i + 1] as usize;
        for &p in &self.patterns[reported] {
            let begin = at + 1 - self.lengths[p as usize] as usize;
            if begin < owns_to {
                found.push((begin, at + 1, p as usize));
            }
        }
    }
}

/// The shortest part of a text searched in lockstep with others.
const MIN_PART: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    fn both(patterns: &[&str], text: &str) -> [Vec<Occurrence>; 2] {
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .expect("builds");
        let table = Compact::new(&dfa, patterns).expect("a start state");
        let one = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("builds");
        let mut got = table.find(text.as_bytes());
        got.sort_unstable();
        let mut want: Vec<_> = one
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        want.sort_unstable();
        [got, want]
    }

    proptest::proptest! {
        #[test]
        fn the_table_finds_what_one_search_finds(text in "[abcé -]{0,3000}") {
            let patterns = ["ab", "abc", "b", "bca", "cab", "a b", "c c", "abcabca", "-a", "é", "cé"];
            let [got, want] = both(&patterns, &text);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn more_states_than_sixteen_bits_take_wide_ids() {
        // 70,000 distinct four-letter patterns: more than 65,536 states.
        let words: Vec<String> = (0..70_000u32)
            .map(|i| {
                let b = |k: u32| char::from(b'a' + ((i / 26u32.pow(k)) % 26) as u8);
                [b(0), b(1), b(2), b(3)].iter().collect()
            })
            .collect();
        let patterns: Vec<&str> = words.iter().map(String::as_str).collect();
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&patterns)
            .expect("builds");
        let table = Compact::new(&dfa, &patterns).expect("a start state");
        assert!(matches!(table, Compact::Wide(_)));
        let text = "zzzz abcd qqqq ".repeat(100);
        let [got, want] = both(&patterns, &text);
        assert_eq!(got, want);
    }
}
