//! Text normalisation for matching, and the way back to the original input.
//!
//! The matcher never looks at the input as written. It looks at a *normalised*
//! copy in which case is folded (Unicode lower case), typographic variants are
//! unified (curly quotes → straight, dashes → `-`), every run of whitespace
//! (line breaks included) is one space, and invisible characters (soft hyphen,
//! zero-width space/joiners, BOM) are gone. Phrases are normalised the same way,
//! so one literal automaton serves every spelling.
//!
//! Most characters map one-to-one, byte for byte. Only the irregular ones
//! (a collapsed whitespace run, a deleted character, a character whose lower
//! case has another length) are recorded, so the map stays small and mapping a
//! position back is a binary search.

/// A normalised copy of some text plus the map back to the original bytes.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    map: OffsetMap,
}

/// Maps positions in a rewritten text back to the text it was made from.
///
/// Holds only the irregular stretches, sorted by their rewritten offset;
/// between them, offsets differ by a constant.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    norm: usize,
    norm_len: usize,
    orig: usize,
    orig_len: usize,
}

/// Whether hyphens between letters are removed (posting text) or kept (phrases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hyphens {
    Join,
    Keep,
}

/// What normalisation does with one character.
enum Fold {
    /// Removed: invisible characters that may sit inside a word.
    Delete,
    /// Part of a whitespace run (collapsed to one space).
    Space,
    /// Replaced by an ASCII stand-in.
    Ascii(u8),
    /// Lower-cased.
    Lower,
}

fn fold(c: char) -> Fold {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Fold::Delete,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Fold::Ascii(b'-')
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => Fold::Ascii(b'\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => {
            Fold::Ascii(b'"')
        }
        c if c.is_whitespace() => Fold::Space,
        _ => Fold::Lower,
    }
}

impl Normalized {
    /// Normalises posting text (see the module docs). A hyphen (or dash) between
    /// two letters is removed, so "cutting-edge" reads "cuttingedge" and
    /// "read-only" is one word.
    pub fn new(input: &str) -> Self {
        Self::with_hyphens::<true>(input, Hyphens::Join)
    }

    /// Normalises a phrase: like [`Normalized::new`], but every hyphen stays, for
    /// the phrase syntax to expand.
    pub fn phrase(input: &str) -> Self {
        Self::with_hyphens::<true>(input, Hyphens::Keep)
    }

    /// The normalisation proper. `BULK` turns on the fast paths (runs of plain
    /// ASCII copied at once, a lone line break or tab); without them every
    /// character takes the general path, which the tests compare against.
    fn with_hyphens<const BULK: bool>(input: &str, hyphens: Hyphens) -> Self {
        // Postings have an irregular stretch (a paragraph break, a curly quote,
        // a joined hyphen) in about 90 bytes. Room is made up front: grown by
        // doubling, the map of a 100 MB input was copied into fresh memory
        // again and again, a quarter of the memory the scan touched.
        let mut out = Normalizer {
            text: String::with_capacity(input.len()),
            map: OffsetMap {
                segments: Vec::with_capacity(input.len() / 64),
            },
        };
        let bytes = input.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let end = match BULK {
                true => plain_run(bytes, i),
                false => i,
            };
            if end > i {
                let start = out.text.len();
                out.text.push_str(&input[i..end]);
                out.text[start..].make_ascii_lowercase();
                i = end;
                continue;
            }
            // A line break or tab alone between two words becomes a space, byte for byte.
            if BULK
                && matches!(bytes[i], b'\n' | b'\t')
                && bytes.get(i + 1).is_some_and(|&b| is_plain(b) && b != b' ')
            {
                out.text.push(' ');
                i += 1;
                continue;
            }
            // `i` is on a char boundary: every step below advances by whole chars.
            let c = input[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            match fold(c) {
                Fold::Space => i = out.space_run(input, i),
                Fold::Delete => {
                    out.irregular(i, len, |_| {});
                    i += len;
                }
                Fold::Ascii(b'-') => {
                    let joins = hyphens == Hyphens::Join
                        && out
                            .text
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphabetic)
                        // Invisible characters after the hyphen are deleted
                        // anyway, so the letter after them decides.
                        && input[i + len..]
                            .chars()
                            .find(|&c| !matches!(fold(c), Fold::Delete))
                            .is_some_and(char::is_alphabetic);
                    match (joins, c) {
                        (true, _) => out.irregular(i, len, |_| {}),
                        (false, '-') => out.text.push('-'),
                        (false, _) => out.irregular(i, len, |t| t.push('-')),
                    }
                    i += len;
                }
                Fold::Ascii(a) => {
                    out.irregular(i, len, |t| t.push(char::from(a)));
                    i += len;
                }
                Fold::Lower => {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) if l.len_utf8() == len => out.text.push(l),
                        _ => out.irregular(i, len, |t| t.extend(c.to_lowercase())),
                    }
                    i += len;
                }
            }
        }
        Normalized {
            text: out.text,
            map: out.map,
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The map back to the input's byte offsets.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// The map alone, the normalised text freed (it is as large as the input).
    pub fn into_map(self) -> OffsetMap {
        self.map
    }
}

impl OffsetMap {
    /// Records that `orig..orig+orig_len` of the source became `norm..norm+norm_len`.
    /// Calls must come in increasing order of `norm`.
    pub fn push(&mut self, norm: usize, norm_len: usize, orig: usize, orig_len: usize) {
        self.segments.push(Segment {
            norm,
            norm_len,
            orig,
            orig_len,
        });
    }

    /// Maps a normalised position where a match starts to the original byte offset.
    pub fn orig_start(&self, pos: usize) -> usize {
        self.start_in(self.segments.partition_point(|s| s.norm <= pos), pos)
    }

    /// Maps a normalised position where a match ends to the original byte offset.
    pub fn orig_end(&self, pos: usize) -> usize {
        self.end_in(self.segments.partition_point(|s| s.norm < pos), pos)
    }

    /// A cursor for mapping many ascending positions.
    pub fn cursor(&self) -> MapCursor<'_> {
        MapCursor {
            map: self,
            starts: 0,
            ends: 0,
        }
    }

    /// [`OffsetMap::orig_start`] given `idx`, the number of segments starting at or before `pos`.
    fn start_in(&self, idx: usize, pos: usize) -> usize {
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            None => pos,
            Some(s) if pos < s.norm + s.norm_len => s.orig,
            Some(s) => s.orig + s.orig_len + (pos - s.norm - s.norm_len),
        }
    }

    /// [`OffsetMap::orig_end`] given `idx`, the number of segments starting before `pos`.
    fn end_in(&self, idx: usize, pos: usize) -> usize {
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            None => pos,
            Some(s) if pos <= s.norm + s.norm_len => s.orig + s.orig_len,
            Some(s) => s.orig + s.orig_len + (pos - s.norm - s.norm_len),
        }
    }
}

/// Whether an ASCII byte normalises to itself (lower-cased): the graphic
/// ones but the hyphen, and the space. Branch-free, so a block of 16 checks
/// compiles to a few vector instructions.
fn is_plain(b: u8) -> bool {
    (b.wrapping_sub(b' ') < 0x5f) & (b != b'-')
}

/// The end of the run of bytes from `i` that map one-to-one (lower-cased):
/// plain ASCII, with no space that starts a longer whitespace run.
fn plain_run(bytes: &[u8], i: usize) -> usize {
    // Built once: normalisation runs on every phrase and signal, often on a few bytes.
    static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    let rest = &bytes[i..];
    let mut len = 0;
    for block in rest.chunks_exact(16) {
        if !block.iter().fold(true, |all, &b| all & is_plain(b)) {
            break;
        }
        len += 16;
    }
    len += rest[len..]
        .iter()
        .position(|&b| !is_plain(b))
        .unwrap_or(rest.len() - len);
    if let Some(double) = DOUBLE_SPACE.find(&rest[..len]) {
        len = double;
    }
    // A space before a non-plain byte may start a run of whitespace.
    if len > 0 && rest[len - 1] == b' ' && len < rest.len() {
        len -= 1;
    }
    i + len
}

/// Maps ascending positions through an [`OffsetMap`] in linear time: the
/// segment search resumes where the last one ended (starts and ends are
/// tracked apart, each must not decrease; a smaller one is searched anew).
#[derive(Debug)]
pub struct MapCursor<'m> {
    map: &'m OffsetMap,
    /// Segments before these indices lie wholly at or before the last position asked.
    starts: usize,
    ends: usize,
}

impl MapCursor<'_> {
    /// [`OffsetMap::orig_start`].
    pub fn start(&mut self, pos: usize) -> usize {
        let segments = &self.map.segments;
        if self.starts > 0 && segments[self.starts - 1].norm > pos {
            self.starts = segments.partition_point(|s| s.norm <= pos);
        }
        while self.starts < segments.len() && segments[self.starts].norm <= pos {
            self.starts += 1;
        }
        self.map.start_in(self.starts, pos)
    }

    /// [`OffsetMap::orig_end`].
    pub fn end(&mut self, pos: usize) -> usize {
        let segments = &self.map.segments;
        if self.ends > 0 && segments[self.ends - 1].norm >= pos {
            self.ends = segments.partition_point(|s| s.norm < pos);
        }
        while self.ends < segments.len() && segments[self.ends].norm < pos {
            self.ends += 1;
        }
        self.map.end_in(self.ends, pos)
    }
}

struct Normalizer {
    text: String,
    map: OffsetMap,
}

impl Normalizer {
    /// Records that the original `orig..orig+orig_len` became whatever `emit` pushes.
    fn irregular(&mut self, orig: usize, orig_len: usize, emit: impl FnOnce(&mut String)) {
        let norm = self.text.len();
        emit(&mut self.text);
        let norm_len = self.text.len() - norm;
        self.map.push(norm, norm_len, orig, orig_len);
    }

    /// Collapses the whitespace run (invisible characters included) starting at `start`.
    fn space_run(&mut self, input: &str, start: usize) -> usize {
        let mut end = start;
        for c in input[start..].chars() {
            match fold(c) {
                Fold::Space | Fold::Delete => end += c.len_utf8(),
                _ => break,
            }
        }
        if end - start == 1 {
            // One ASCII space character (a line break, a tab) becomes one
            // space, byte for byte: nothing to record.
            self.text.push(' ');
        } else {
            self.irregular(start, end - start, |t| t.push(' '));
        }
        end
    }
}

/// Whether `c` is part of a word for whole-word matching.
///
/// Combining marks count as word characters, so "cafe\u{301}" is one word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric()
        || c == '_'
        || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Byte offsets of line starts, for turning offsets into 1-based line and column.
///
/// A line ends at `\n`, at `\r\n`, or at a lone `\r`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // Room for a line in 64 bytes (postings average about 90), so that a
        // big text's index is neither grown by copies nor copied to shrink.
        let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let lone_cr_or_lf = bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n');
            if lone_cr_or_lf {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The number of lines (an empty text has one).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: even an empty text has one line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The 1-based line and 1-based column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// The 1-based line of byte `offset` (no column: a binary search only).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// Line and column of each offset in `offsets`, which must ascend; columns
    /// are counted on from the previous offset on the same line, so a single
    /// 100 MB line with many matches stays linear.
    pub fn line_cols(
        &self,
        text: &str,
        offsets: impl IntoIterator<Item = usize>,
    ) -> Vec<(usize, usize)> {
        let mut last: Option<(usize, usize, usize)> = None; // (line, offset, column)
        offsets
            .into_iter()
            .map(|offset| {
                // Lines are found by walking on from the last one, not searched.
                let line = match last {
                    Some((mut line, at, _)) if at <= offset => {
                        while self.starts.get(line).is_some_and(|&s| s <= offset) {
                            line += 1;
                        }
                        line
                    }
                    _ => self.line_of(offset),
                };
                let column = match last {
                    Some((l, at, column)) if l == line && at <= offset => {
                        column + text.get(at..offset).map_or(0, |s| s.chars().count())
                    }
                    _ => self.line_col(text, offset).1,
                };
                last = Some((line, offset, column));
                (line, column)
            })
            .collect()
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self
            .starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(text.len());
        let mut end = self.starts.get(line).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(input: &str, from: usize, to: usize) -> (usize, usize) {
        let n = Normalized::new(input);
        (n.map().orig_start(from), n.map().orig_end(to))
    }

    #[test]
    fn folds_case_dashes_quotes_and_space() {
        let n = Normalized::new("We\u{2019}re  LIKE\r\na  Cutting\u{2013}Edge \u{00C4}i 3-5 - x");
        assert_eq!(n.as_str(), "we're like a cuttingedge äi 3-5 - x");
        let p = Normalized::phrase("Cutting\u{2013}Edge");
        assert_eq!(p.as_str(), "cutting-edge");
    }

    #[test]
    fn deletes_invisible_characters() {
        let n = Normalized::new("\u{FEFF}cutting\u{AD}edge z\u{200B}ai");
        assert_eq!(n.as_str(), "cuttingedge zai");
        // "cuttingedge" → bytes 3..16 of the original (BOM is 3 bytes, soft hyphen 2).
        assert_eq!((n.map().orig_start(0), n.map().orig_end(11)), (3, 16));
    }

    #[test]
    fn invisible_characters_beside_a_hyphen_do_not_stop_the_join() {
        for input in [
            "fast-\u{AD}paced",
            "fast\u{AD}-paced",
            "fast-\u{200B}\u{200D}paced",
        ] {
            let n = Normalized::new(input);
            assert_eq!(n.as_str(), "fastpaced", "{input:?}");
            assert_eq!(
                (n.map().orig_start(0), n.map().orig_end(9)),
                (0, input.len())
            );
        }
        // Before a digit or a space the hyphen stays.
        assert_eq!(Normalized::new("x-\u{AD}3").as_str(), "x-3");
    }

    #[test]
    fn maps_across_collapsed_whitespace() {
        let input = "fast\r\n   paced team";
        let n = Normalized::new(input);
        assert_eq!(n.as_str(), "fast paced team");
        assert_eq!(map(input, 0, 10), (0, 14));
        assert_eq!(&input[n.map().orig_start(11)..n.map().orig_end(15)], "team");
    }

    #[test]
    fn maps_expanding_lowercase_to_whole_char() {
        // 'İ' lower-cases to "i\u{307}" (3 bytes from 2).
        let input = "xİy";
        let n = Normalized::new(input);
        assert_eq!(n.as_str(), "xi\u{307}y");
        assert_eq!(n.map().orig_start(1), 1);
        assert_eq!(
            n.map().orig_end(2),
            3,
            "an end inside an expansion maps to the char's end"
        );
        assert_eq!(&input[n.map().orig_start(4)..n.map().orig_end(5)], "y");
    }

    proptest::proptest! {
        #[test]
        fn the_cursor_maps_as_the_search_does(
            input in "[a-zA-Z \t\r\n\u{AD}\u{2013}\u{130}é-]{0,40}",
            mut positions in proptest::collection::vec(0usize..60, 0..12),
        ) {
            let n = Normalized::new(&input);
            let len = n.as_str().len();
            positions.iter_mut().for_each(|p| *p = (*p).min(len));
            let (map, mut cursor) = (n.map(), n.map().cursor());
            // Ascending runs and a step back now and then, as callers may do.
            for (i, &p) in positions.iter().enumerate() {
                let p = if i % 5 == 4 { p / 2 } else { p };
                proptest::prop_assert_eq!(cursor.start(p), map.orig_start(p));
                proptest::prop_assert_eq!(cursor.end(p), map.orig_end(p));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn bulk_copying_changes_nothing(
            odd in "[aZ9 .,'\t\r\n\u{A0}\u{AD}\u{200B}\u{2013}\u{2019}\u{130}é-]{0,60}",
            // Long plain runs, for the 16-byte blocks.
            runs in "([a-zA-Z .,']{10,40}[ \t\n\u{2013}-]){0,4}",
        ) {
            let input = format!("{runs}{odd}{runs}");
            for hyphens in [Hyphens::Join, Hyphens::Keep] {
                let bulk = Normalized::with_hyphens::<true>(&input, hyphens);
                let each = Normalized::with_hyphens::<false>(&input, hyphens);
                proptest::prop_assert_eq!(bulk.as_str(), each.as_str());
                for pos in 0..=bulk.as_str().len() {
                    proptest::prop_assert_eq!(bulk.map().orig_start(pos), each.map().orig_start(pos));
                    proptest::prop_assert_eq!(bulk.map().orig_end(pos), each.map().orig_end(pos));
                }
            }
        }
    }

    #[test]
    fn incremental_columns_equal_single_lookups() {
        let text = "ab\r\ncé d\ré f g";
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let one_by_one: Vec<_> = offsets.iter().map(|&o| idx.line_col(text, o)).collect();
        assert_eq!(idx.line_cols(text, offsets.iter().copied()), one_by_one);
    }

    #[test]
    fn line_index_handles_crlf_and_lone_cr() {
        let text = "ab\r\ncé\rx\ny";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 4), (2, 1));
        assert_eq!(idx.line_col(text, 7), (2, 3), "columns count characters");
        assert_eq!(idx.line_col(text, 8), (3, 1));
        assert_eq!(idx.line_col(text, 10), (4, 1));
        assert_eq!(&text[idx.line_range(text, 1)], "ab");
        assert_eq!(&text[idx.line_range(text, 2)], "cé");
    }
}
