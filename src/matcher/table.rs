//! The Aho-Corasick automaton of every pattern as one compact DFA table, and
//! the search that steps it.
//!
//! aho-corasick's own DFA over every pattern is 12–15 MB (32-bit state ids
//! in rows of 64) and takes an NFA to build. This table is built directly
//! from the patterns with at most 32 byte classes (the rare pattern bytes
//! share one, and what is found through it is checked), so that with at
//! most 65,536 states a row of 16-bit ids is one cache line and the whole
//! table a quarter of the size (a fixed shape that needs no bounds check).
//! The shallow states a search spends most of its time in are numbered
//! first, side by side; deeper, each phrase's states follow one another. The
//! search steps eight parts of the text in lockstep.

use std::ops::Range;

/// `(start, end, pattern)`: where a pattern occurs.
pub(crate) type Occurrence = (usize, usize, usize);

/// Which occurrences `(start, end)` a search keeps.
pub(crate) type Keep<'k> = &'k dyn Fn(usize, usize) -> bool;

/// Transition rows: the next state of each state and column.
pub(crate) trait Rows: Sized {
    /// A state id.
    type Id: Copy;
    /// Sets the transitions of `state`, column after column.
    fn set_row(&mut self, state: usize, row: impl Iterator<Item = usize>);
    fn next(&self, s: Self::Id, column: u8) -> Self::Id;
    fn id(index: usize) -> Self::Id;
    fn index(s: Self::Id) -> usize;
}

/// At most this many columns: a row of 16-bit ids is one 64-byte cache line.
const COLUMNS: usize = 32;

/// Up to 65,536 states of [`COLUMNS`] columns, with 16-bit ids. The shape is
/// fixed, so a step needs no bounds check (the rows past the last state are
/// never touched, so never take memory).
#[derive(Clone)]
pub(crate) struct Narrow(Box<[[u16; COLUMNS]; 1 << 16]>);

impl Narrow {
    /// Rows for `states` states of `columns` columns, every cell leading to
    /// state 0; `None` if this shape cannot hold them.
    fn new(states: usize, columns: usize) -> Option<Self> {
        if states > 1 << 16 || columns > COLUMNS {
            return None;
        }
        let rows = vec![[0u16; COLUMNS]; 1 << 16].into_boxed_slice();
        rows.try_into().ok().map(Narrow)
    }
}

impl Rows for Narrow {
    type Id = u16;

    fn set_row(&mut self, state: usize, row: impl Iterator<Item = usize>) {
        for (cell, to) in self.0[state].iter_mut().zip(row) {
            *cell = to as u16;
        }
    }

    #[inline(always)]
    fn next(&self, s: u16, column: u8) -> u16 {
        self.0[usize::from(s)][usize::from(column) % COLUMNS]
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

impl Wide {
    /// Rows for `states` states of `columns` columns, every cell leading to state 0.
    fn new(states: usize, columns: usize) -> Self {
        let shift = columns.next_power_of_two().trailing_zeros();
        Wide {
            shift,
            next: vec![0; states << shift],
        }
    }
}

impl Rows for Wide {
    type Id = u32;

    fn set_row(&mut self, state: usize, row: impl Iterator<Item = usize>) {
        for (cell, to) in self.next[state << self.shift..].iter_mut().zip(row) {
            *cell = to as u32;
        }
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
    /// Each pattern's length in bytes, with [`CHECKED`] set for a pattern
    /// that holds a rare byte (the only ones `checked` is looked up for).
    lengths: Vec<u32>,
    /// Each state's depth: the length of the text it stands for.
    depths: Vec<u32>,
    /// The patterns that hold a rare byte, spelled out to be checked against
    /// the text (`spelled[checked[p]]`; an empty range: no check needed).
    checked: Vec<Range<usize>>,
    spelled: Vec<u8>,
}

/// A table of the most compact shape that holds the automaton.
#[derive(Debug, Clone)]
pub(crate) enum Compact {
    Narrow(Table<Narrow>),
    Wide(Table<Wide>),
}

impl Compact {
    /// The Aho-Corasick automaton over `patterns` (every occurrence of each,
    /// overlapping), as a compact table.
    pub(crate) fn new(patterns: &[&str]) -> Self {
        let dfa = Dfa::new(patterns);
        let (states, columns) = (dfa.order.len(), dfa.columns);
        match Narrow::new(states, columns) {
            Some(rows) => Compact::Narrow(Table::new(&dfa, patterns, rows)),
            None => Compact::Wide(Table::new(&dfa, patterns, Wide::new(states, columns))),
        }
    }

    /// Every occurrence `(start, end, pattern)` of every pattern in `text`,
    /// as an overlapping search finds them, for which `keep(start, end)`
    /// holds. Most occurrences fail the word-boundary check: asked at once,
    /// they are never stored (30 of the 407 MB a 100 MB scan committed).
    pub(crate) fn find(&self, text: &[u8], keep: Keep<'_>) -> Vec<Occurrence> {
        match self {
            Compact::Narrow(t) => t.interleaved_search(text, keep),
            Compact::Wide(t) => t.interleaved_search(text, keep),
        }
    }
}

/// Each byte's column, the number of columns, and the column shared by the
/// rare bytes if there is one. Column 0 stands for every byte no pattern
/// holds (from any state, such a byte leads back to the start). The pattern
/// bytes get a column each, most frequent first, as long as there are
/// columns; the rest (digits, punctuation, the bytes of letters beyond ASCII)
/// share the last one. A search then finds every occurrence of a pattern and
/// a few false ones, where another rare byte stands in the text: the
/// patterns that hold a rare byte are checked against the text.
fn byte_classes(patterns: &[&str]) -> ([u8; 256], usize, Option<u8>) {
    let mut counts = [0usize; 256];
    for p in patterns {
        for &b in p.as_bytes() {
            counts[usize::from(b)] += 1;
        }
    }
    // With every byte in some pattern there is no column for the others.
    let shared = usize::from(counts.contains(&0));
    let mut used: Vec<u8> = (0..=255u8)
        .filter(|&b| counts[usize::from(b)] > 0)
        .collect();
    used.sort_by_key(|&b| (std::cmp::Reverse(counts[usize::from(b)]), b));
    let own = match used.len() + shared <= COLUMNS {
        true => used.len(),
        false => COLUMNS - shared - 1,
    };
    let mut classes = [0u8; 256];
    for (i, &b) in used.iter().enumerate() {
        classes[usize::from(b)] = (shared + i.min(own)) as u8;
    }
    let rare = (used.len() > own).then_some((shared + own) as u8);
    (classes, shared + own + usize::from(rare.is_some()), rare)
}

/// The Aho-Corasick automaton of a set of patterns as a DFA, its states
/// numbered as the trie grew (the start is 0).
///
/// Built directly rather than through aho-corasick's DFA, which first builds
/// an NFA, then a DFA of 32-bit rows, only for this table to be copied out of
/// it: that took most of the start-up of a batch. The tests hold the result
/// to aho-corasick's own overlapping search.
struct Dfa {
    classes: [u8; 256],
    columns: usize,
    /// The column the rare bytes share, if any.
    rare: Option<u8>,
    /// Each state's next state in each column (those past `columns` unused).
    rows: Vec<[u32; COLUMNS]>,
    /// The patterns that end at each state of the trie, as sorted
    /// `(state, pattern)` pairs.
    own: Vec<(u32, u32)>,
    /// Each state's failure state (the longest proper suffix in the trie).
    fail: Vec<u32>,
    /// Each state's depth in the trie.
    depth: Vec<u32>,
    /// The states in breadth-first order.
    order: Vec<u32>,
    /// Where each state's children lie in `order` (side by side, in column order).
    children: Vec<(u32, u32)>,
}

impl Dfa {
    fn new(patterns: &[&str]) -> Self {
        let (classes, columns, rare) = byte_classes(patterns);
        // The trie: a 0 in a row is "no child" (no edge leads back to the start).
        // Room for its largest possible size, so that it is never copied to
        // grow. Rows of every column there can be (the unused ones stay 0),
        // so that the loops over a row have a fixed length: vector code.
        let most_states = 1 + patterns.iter().map(|p| p.len()).sum::<usize>();
        let mut rows: Vec<[u32; COLUMNS]> = Vec::with_capacity(most_states);
        rows.push([0; COLUMNS]);
        let mut own = Vec::with_capacity(patterns.len());
        for (p, pattern) in patterns.iter().enumerate() {
            // The empty pattern would occur at every position; no rule has one.
            if pattern.is_empty() {
                continue;
            }
            let mut s = 0;
            for &b in pattern.as_bytes() {
                let column = usize::from(classes[usize::from(b)]) % COLUMNS;
                if rows[s][column] == 0 {
                    rows[s][column] = rows.len() as u32;
                    rows.push([0; COLUMNS]);
                }
                s = rows[s][column] as usize;
            }
            own.push((s as u32, p as u32));
        }
        own.sort_unstable();
        // Breadth-first: a state's failure state is shallower, so its row is
        // complete when the state's own missing transitions are copied from it.
        let states = rows.len();
        let mut fail = vec![0u32; states];
        let mut depth = vec![1u32; states];
        depth[0] = 0;
        let mut order = Vec::with_capacity(states);
        order.extend(rows[0].iter().copied().filter(|&t| t != 0));
        let mut children = vec![(0, order.len() as u32); states];
        let mut head = 0;
        while let Some(&s) = order.get(head) {
            let (s, f) = (s as usize, fail[s as usize] as usize);
            let first = order.len() as u32;
            let via_fail = rows[f];
            let row = &mut rows[s];
            for (&child, &to) in row.iter().zip(via_fail.iter()) {
                if child != 0 {
                    fail[child as usize] = to;
                    depth[child as usize] = depth[s] + 1;
                    order.push(child);
                }
            }
            // The missing transitions, all at once: without a branch, vector code.
            for (cell, &to) in row.iter_mut().zip(via_fail.iter()) {
                *cell |= to & u32::from(*cell == 0).wrapping_neg();
            }
            children[s] = (first, order.len() as u32);
            head += 1;
        }
        // With the start put first, every position in `order` moves up by one.
        order.insert(0, 0);
        for range in &mut children {
            *range = (range.0 + 1, range.1 + 1);
        }
        Dfa {
            classes,
            columns,
            rare,
            rows,
            own,
            fail,
            depth,
            order,
            children,
        }
    }

    /// The states in the order of the table: the shallow ones (hot in any
    /// search) breadth-first, then each deeper branch depth-first, so that
    /// the states a search steps through inside one phrase lie side by side.
    fn layout(&self) -> Vec<u32> {
        const SHALLOW: u32 = 2;
        let mut layout: Vec<u32> = self
            .order
            .iter()
            .copied()
            .take_while(|&s| self.depth[s as usize] <= SHALLOW)
            .collect();
        let mut stack: Vec<u32> = Vec::new();
        for i in 0..layout.len() {
            let s = layout[i];
            if self.depth[s as usize] != SHALLOW {
                continue;
            }
            stack.push(s);
            while let Some(s) = stack.pop() {
                if self.depth[s as usize] > SHALLOW {
                    layout.push(s);
                }
                let (first, end) = self.children[s as usize];
                stack.extend(self.order[first as usize..end as usize].iter().rev());
            }
        }
        layout
    }

    /// Every state's patterns: its own, then those of its failure state
    /// (an overlapping search reports every pattern ending where it stands).
    fn reports(&self) -> Vec<Vec<u32>> {
        let mut reports = vec![Vec::new(); self.fail.len()];
        for &(s, p) in &self.own {
            reports[s as usize].push(p);
        }
        for &s in &self.order[1..] {
            let f = self.fail[s as usize] as usize;
            if !reports[f].is_empty() {
                let inherited = reports[f].clone();
                reports[s as usize].extend(inherited);
            }
        }
        reports
    }
}

impl<R: Rows> Table<R> {
    fn new(dfa: &Dfa, patterns: &[&str], mut rows: R) -> Self {
        let reported = dfa.reports();
        // Our ids: match states first, then the others, each in the order of the layout.
        let matching = dfa
            .order
            .iter()
            .filter(|&&s| !reported[s as usize].is_empty())
            .count();
        let layout = dfa.layout();
        let mut ours = vec![0u32; dfa.order.len()];
        let (mut next_match, mut next_other) = (0, matching as u32);
        for &s in &layout {
            let next = match reported[s as usize].is_empty() {
                false => &mut next_match,
                true => &mut next_other,
            };
            ours[s as usize] = *next;
            *next += 1;
        }
        for (s, row) in dfa.rows.iter().enumerate() {
            let renumbered = row[..dfa.columns]
                .iter()
                .map(|&to| ours[to as usize] as usize);
            rows.set_row(ours[s] as usize, renumbered);
        }
        let mut spelled = Vec::new();
        let checked: Vec<Range<usize>> = patterns
            .iter()
            .map(|p| {
                let from = spelled.len();
                if p.bytes()
                    .any(|b| Some(dfa.classes[usize::from(b)]) == dfa.rare)
                {
                    spelled.extend_from_slice(p.as_bytes());
                }
                from..spelled.len()
            })
            .collect();
        let lengths = patterns
            .iter()
            .zip(&checked)
            .map(|(p, check)| p.len() as u32 | if check.is_empty() { 0 } else { CHECKED })
            .collect();
        let mut reports = vec![0u32];
        let mut reported_patterns = Vec::new();
        for &s in layout.iter().filter(|&&s| !reported[s as usize].is_empty()) {
            reported_patterns.extend_from_slice(&reported[s as usize]);
            reports.push(reported_patterns.len() as u32);
        }
        let mut depths = vec![0; dfa.order.len()];
        for (s, &d) in dfa.depth.iter().enumerate() {
            depths[ours[s] as usize] = d;
        }
        Table {
            classes: dfa.classes,
            rows,
            start: R::id(ours[0] as usize),
            matching,
            reports,
            patterns: reported_patterns,
            lengths,
            depths,
            checked,
            spelled,
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
    /// start state: eight for a long text, fewer for a short one, where the
    /// parts' overruns (below) would cost too much.
    fn interleaved_search(&self, text: &[u8], keep: Keep<'_>) -> Vec<Occurrence> {
        let mut found = Found {
            list: Vec::new(),
            keep,
        };
        match text.len() {
            n if n >= 8 * MIN_PART => self.lanes::<8>(text, &mut found),
            n if n >= 4 * MIN_PART => self.lanes::<4>(text, &mut found),
            n => self.run_on(text, self.start, 0, n, &mut found),
        }
        found.list
    }

    /// [`Table::interleaved_search`] on `N` parts. A part reports only the
    /// occurrences that start in it, and reads on past its end far enough to
    /// finish them, so each occurrence is reported exactly once.
    fn lanes<const N: usize>(&self, text: &[u8], found: &mut Found<'_>) {
        // About one kept occurrence in 60 to 140 bytes of postings: grown
        // rarely, not from empty.
        found.list.reserve(text.len() / 48);
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
                        self.report(s, k * part + offset, owns_to(k), text, found);
                    }
                }
            }
        }
        // Each part's rest: the last part's odd bytes, and the overrun.
        for (k, s) in states.into_iter().enumerate() {
            self.run_on(text, s, k * part + part, owns_to(k), found);
        }
    }

    /// Steps on from state `s` at `from`, reporting the occurrences that
    /// start before `owns_to`, to the end of the text or until the text the
    /// state stands for begins at `owns_to` or later: no occurrence that ends
    /// further on can then begin before it. Past a part's end, that is mostly
    /// the rest of a word, not the longest pattern.
    fn run_on(
        &self,
        text: &[u8],
        mut s: R::Id,
        from: usize,
        owns_to: usize,
        found: &mut Found<'_>,
    ) {
        for (i, &byte) in text.iter().enumerate().skip(from) {
            if i.saturating_sub(self.depths[R::index(s)] as usize) >= owns_to {
                break;
            }
            s = self.step(s, byte);
            if self.is_match(s) {
                self.report(s, i, owns_to, text, found);
            }
        }
    }

    /// The occurrences ending at `at` (inclusive) in match state `s`, those
    /// starting before `owns_to` (and spelled as in `text`, for a pattern with
    /// a rare byte).
    #[cold]
    fn report(&self, s: R::Id, at: usize, owns_to: usize, text: &[u8], found: &mut Found<'_>) {
        let i = R::index(s);
        let reported = self.reports[i] as usize..self.reports[i + 1] as usize;
        for &p in &self.patterns[reported] {
            let length = self.lengths[p as usize];
            let begin = at + 1 - (length & !CHECKED) as usize;
            let spelled = || {
                let check = self.checked[p as usize].clone();
                text.get(begin..=at) == self.spelled.get(check)
            };
            if begin < owns_to
                && (length & CHECKED == 0 || spelled())
                && (found.keep)(begin, at + 1)
            {
                found.list.push((begin, at + 1, p as usize));
            }
        }
    }
}

/// The occurrences a search has kept, and the test they pass.
struct Found<'k> {
    list: Vec<Occurrence>,
    keep: Keep<'k>,
}

/// The bit of [`Table::lengths`] that marks a pattern to be checked.
const CHECKED: u32 = 1 << 31;

/// The shortest part of a text searched in lockstep with others.
const MIN_PART: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    fn both(patterns: &[&str], text: &str) -> [Vec<Occurrence>; 2] {
        let table = Compact::new(patterns);
        let one = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("builds");
        let mut got = table.find(text.as_bytes(), &|_, _| true);
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

    proptest::proptest! {
        /// Texts strung together from long patterns and their pieces, so that
        /// long occurrences straddle the parts searched in lockstep.
        #[test]
        fn long_occurrences_across_parts_are_found_once(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["ab", "bcab ", "bcab bcab bcab", "a b ", " ", "c", "é-", "a b a b a b a b"]),
                0..600,
            )
        ) {
            let patterns = ["bcab bcab bcab", "a b a b a b a b", "b a", "cab", "ab b"];
            let [got, want] = both(&patterns, &pieces.concat());
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        /// More distinct pattern bytes than columns: the rare ones share a
        /// column, and what a search finds through it is checked.
        #[test]
        fn rare_bytes_sharing_a_column_find_only_true_occurrences(
            text in "[a-z0-9 .,+#/()&:;!?@*=%$éü-]{0,2500}"
        ) {
            let patterns = [
                "c++", "c#", "a/b", "r&d", "9-5", "24/7", "401(k)", "10x", "x10", "a.b",
                "q:", "$5", "100%", "@me", "a=b", "wow!", "why?", "é", "üé", "e;", "7*",
                "a", "b c", "de", "fgh", "ij", "kl", "mno", "pq", "rs", "tu", "vw", "yz",
            ];
            let table = Compact::new(&patterns);
            let Compact::Narrow(narrow) = &table else {
                return Err(proptest::test_runner::TestCaseError::fail("a narrow table"));
            };
            proptest::prop_assert!(narrow.checked.iter().any(|c| !c.is_empty()));
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
        let table = Compact::new(&patterns);
        assert!(matches!(table, Compact::Wide(_)));
        let text = "zzzz abcd qqqq ".repeat(100);
        let [got, want] = both(&patterns, &text);
        assert_eq!(got, want);
    }
}
