//! Sentence splitting, for the autopsy that quotes the most buzzword-dense
//! sentences of a posting as written.
//!
//! [`sentences`] returns byte ranges into the original text, in one pass over
//! the lines (each line is looked at a bounded number of times):
//!
//! - A sentence ends after a run of `.` `!` `?` `…` (also `‼` `؟` and the CJK
//!   stops, which need no space after them) plus any closing quotes, brackets
//!   or emphasis (`"` `”` `’` `)` `*` …), when whitespace or the end follows.
//! - A single `.` after an abbreviation does not end it: see `ABBREVIATIONS`
//!   (some only when the next word is lower case, like "etc." and "Inc."),
//!   single capital initials ("J. Smith") and short dotted forms ("Ph.D.",
//!   "a.k.a."; only before a lower-case word). Decimals ("3.5") never end one.
//! - Lines: a blank line or a thematic break (`---`, `***`) ends the sentence
//!   and yields nothing. Bullets (`-` `*` `+` `•` `·` `–`, `1.` `1)` `a)` `(a)`;
//!   marker excluded; a leading emoji is kept) and headings (`#` lines, marker
//!   excluded; ALL CAPS lines; lines ending in `:`; short lines of at most 8
//!   words with no terminal punctuation) end at their line break. So does the
//!   line before an ALL CAPS line or a field line ("Salary: ...").
//! - Any other line break is a hard wrap and does not end the sentence. Even
//!   a short line, or one before an ALL CAPS or field line, wraps when the
//!   next line starts in lower case or it ends in `,` `;` `-` `&` `/` or a word
//!   like "the", "and", "who". A bullet goes on to the next line only then or
//!   if that line is indented deeper. `\n`, `\r\n` and a lone `\r` break lines.
//! - Ranges are trimmed of whitespace; Markdown emphasis and HTML tags stay in.

use std::ops::Range;

/// Whether a full stop after an abbreviation may still end a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    /// Never ends a sentence ("e.g.", "Dr.", "U.S.").
    Always,
    /// Ends one unless the next word starts in lower case ("etc.", "Inc.").
    BeforeLowercase,
}

/// Abbreviations, without their final dot, compared ASCII case-insensitively.
const ABBREVIATIONS: &[(&str, Abbrev)] = &[
    ("e.g", Abbrev::Always),
    ("i.e", Abbrev::Always),
    ("sr", Abbrev::Always),
    ("jr", Abbrev::Always),
    ("dr", Abbrev::Always),
    ("mr", Abbrev::Always),
    ("ms", Abbrev::Always),
    ("mrs", Abbrev::Always),
    ("prof", Abbrev::Always),
    ("vs", Abbrev::Always),
    ("approx", Abbrev::Always),
    ("incl", Abbrev::Always),
    ("excl", Abbrev::Always),
    ("esp", Abbrev::Always),
    ("cf", Abbrev::Always),
    ("u.s", Abbrev::Always),
    ("u.k", Abbrev::Always),
    ("u.s.a", Abbrev::Always),
    ("a.m", Abbrev::Always),
    ("p.m", Abbrev::Always),
    ("etc", Abbrev::BeforeLowercase),
    ("inc", Abbrev::BeforeLowercase),
    ("ltd", Abbrev::BeforeLowercase),
    ("corp", Abbrev::BeforeLowercase),
    ("co", Abbrev::BeforeLowercase),
    ("llc", Abbrev::BeforeLowercase),
    ("dir", Abbrev::BeforeLowercase),
    ("dept", Abbrev::BeforeLowercase),
    ("mgr", Abbrev::BeforeLowercase),
    ("yrs", Abbrev::BeforeLowercase),
    ("wks", Abbrev::BeforeLowercase),
    ("hrs", Abbrev::BeforeLowercase),
    ("mos", Abbrev::BeforeLowercase),
    ("min", Abbrev::BeforeLowercase),
    ("max", Abbrev::BeforeLowercase),
    ("avg", Abbrev::BeforeLowercase),
    ("est", Abbrev::BeforeLowercase),
];

/// The length of the longest entry of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut k = 0;
    while k < ABBREVIATIONS.len() {
        if ABBREVIATIONS[k].0.len() > longest {
            longest = ABBREVIATIONS[k].0.len();
        }
        k += 1;
    }
    longest
};

/// Words a heading never ends with: a short line ending in one is a hard wrap.
const DANGLING_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "who", "which", "whose", "that", "than",
    "our", "your", "their", "its", "my", "via",
];

/// A line of at most this many words, without terminal punctuation, is a heading.
const MAX_HEADING_WORDS: usize = 8;

/// How far back (in bytes) a word before a full stop is looked at; longer
/// words are not abbreviations.
const ABBREVIATION_WINDOW: usize = 24;

/// Byte ranges of the sentences of `text`, in order, trimmed of surrounding whitespace
/// and list markers, never empty, never overlapping, always on char boundaries.
///
/// See the [module documentation](self) for the rules. Runs in linear time and
/// allocates only the returned vector.
///
/// ```
/// let text = "About us\nWe ship, e.g. weekly. Join us!\n\n- Rust\n- Go";
/// let found: Vec<&str> = jdx::sentence::sentences(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(found, ["About us", "We ship, e.g. weekly.", "Join us!", "Rust", "Go"]);
/// ```
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut splitter = Splitter {
        text,
        out: Vec::new(),
        open: None,
        bullet_indent: None,
    };
    let start = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    if start >= text.len() {
        return splitter.out;
    }
    let mut line = Line::at(text, start);
    loop {
        let next = (line.next < text.len()).then(|| Line::at(text, line.next));
        splitter.line(&line, next.as_ref());
        match next {
            Some(next) => line = next,
            None => break,
        }
    }
    splitter.out
}

/// The sentences around positions of a text asked for in ascending order,
/// split a stretch at a time: the splitter starts afresh at every empty line,
/// so the text between two empty lines splits alone exactly as it does
/// within the whole. For a few places in a long text (the matches of a
/// sentence-scope combination rule) this skips splitting most of it.
pub(crate) struct Around<'t> {
    text: &'t str,
    /// The sentences of the stretch split last, absolute.
    spans: Vec<Range<usize>>,
    /// The first of `spans` not yet passed.
    next: usize,
    /// Where the stretch split last ends: an empty line's start, or the end.
    split_to: usize,
}

impl<'t> Around<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Around {
            text,
            spans: Vec::new(),
            next: 0,
            split_to: 0,
        }
    }

    /// The start of the first sentence of [`sentences`]`(text)` that ends
    /// after `pos`, or `text.len()` when none does. `pos` must not decrease
    /// from one call to the next.
    pub(crate) fn sentence_after(&mut self, pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        loop {
            while self.spans.get(self.next).is_some_and(|s| s.end <= pos) {
                self.next += 1;
            }
            if let Some(s) = self.spans.get(self.next) {
                return s.start;
            }
            if self.split_to >= bytes.len() {
                return bytes.len();
            }
            // The stretch from the last empty line at or before `pos` (never
            // before what is split already) to the next empty line after it.
            let at = pos.clamp(self.split_to, bytes.len() - 1);
            let mut from = self.split_to;
            let mut back = at + 1;
            while let Some(i) = memchr::memrchr2(b'\n', b'\r', &bytes[from..back]) {
                if empty_line_at(bytes, from + i) {
                    from += i;
                    break;
                }
                back = from + i;
            }
            let mut to = bytes.len();
            let mut ahead = at + 1;
            while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[ahead..]) {
                if empty_line_at(bytes, ahead + i) {
                    to = ahead + i;
                    break;
                }
                ahead += i + 1;
            }
            let stretch = self.text.get(from..to).unwrap_or_default();
            self.spans = sentences(stretch)
                .into_iter()
                .map(|r| r.start + from..r.end + from)
                .collect();
            self.next = 0;
            self.split_to = to;
        }
    }
}

/// Whether an empty line starts at `i`: a line break right after another
/// (`\r\n` being one break).
fn empty_line_at(bytes: &[u8], i: usize) -> bool {
    let is_break = |b: u8| b == b'\n' || b == b'\r';
    i > 0
        && bytes.get(i).is_some_and(|&b| is_break(b))
        && is_break(bytes[i - 1])
        && !(bytes[i - 1] == b'\r' && bytes[i] == b'\n')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Only whitespace.
    Blank,
    /// A thematic break or setext underline (`---`, `* * *`, `===`).
    Rule,
    /// A list item (or a line led by an emoji).
    Bullet,
    /// A Markdown `#` heading.
    Heading,
    /// Anything else.
    Plain,
}

/// One line, classified. Positions are absolute byte offsets.
#[derive(Debug, Clone, Copy)]
struct Line {
    kind: Kind,
    /// Bytes of leading whitespace.
    indent: usize,
    /// Content start, after indentation and any marker.
    start: usize,
    /// Content end, before trailing whitespace (and a heading's closing `#`s).
    end: usize,
    /// Start of the following line.
    next: usize,
    /// A plain line in ALL CAPS.
    caps: bool,
    /// A plain line that starts with a field label ("Salary: ...").
    label: bool,
    /// The content starts with a lower-case letter (after opening punctuation).
    starts_lower: bool,
}

impl Line {
    /// Classifies the line starting at `pos` (a char boundary below `text.len()`).
    fn at(text: &str, pos: usize) -> Line {
        let bytes = text.as_bytes();
        let (end, next) = match memchr::memchr2(b'\n', b'\r', bytes.get(pos..).unwrap_or_default())
        {
            Some(k) => {
                let e = pos + k;
                let crlf = bytes[e] == b'\r' && bytes.get(e + 1) == Some(&b'\n');
                (e, e + 1 + usize::from(crlf))
            }
            None => (text.len(), text.len()),
        };
        let raw = text.get(pos..end).unwrap_or("");
        let body = raw.trim_start();
        let indent = raw.len() - body.len();
        let body = body.trim_end();
        let mut line = Line {
            kind: Kind::Plain,
            indent,
            start: pos + indent,
            end: pos + indent + body.len(),
            next,
            caps: false,
            label: false,
            starts_lower: false,
        };
        if body.is_empty() {
            line.kind = Kind::Blank;
        } else if is_rule(body) {
            line.kind = Kind::Rule;
        } else if let Some((from, to)) = heading(body) {
            line.kind = Kind::Heading;
            line.end = line.start + to;
            line.start += from;
        } else if let Some(from) = bullet(body) {
            line.kind = Kind::Bullet;
            line.start += from;
        } else {
            line.caps = is_all_caps(body);
            line.label = is_label(body);
        }
        line.starts_lower = text.get(line.start..line.end).is_some_and(starts_lower);
        line
    }
}

/// The sentence-building state.
struct Splitter<'a> {
    text: &'a str,
    out: Vec<Range<usize>>,
    /// Where the pending sentence starts (its range is trimmed when cut), or
    /// `None` right after a hard break.
    open: Option<usize>,
    /// The indentation of the bullet the pending text belongs to.
    bullet_indent: Option<usize>,
}

impl Splitter<'_> {
    fn line(&mut self, line: &Line, next: Option<&Line>) {
        if matches!(line.kind, Kind::Blank | Kind::Rule) {
            self.open = None;
            self.bullet_indent = None;
            return;
        }
        if self.open.is_none() {
            self.open = Some(line.start);
            self.bullet_indent = (line.kind == Kind::Bullet).then_some(line.indent);
        }
        let lower_after = next.is_some_and(|n| n.kind == Kind::Plain && n.starts_lower);
        self.scan(line.start, line.end, lower_after);
        if self.breaks_after(line, next) {
            if let Some(open) = self.open.take() {
                self.push(open, line.end);
            }
            self.bullet_indent = None;
        }
    }

    /// Cuts sentences that end inside `start..end` (one line's content).
    /// `lower_after`: the next line starts with a lower-case word.
    fn scan(&mut self, start: usize, end: usize, lower_after: bool) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = start;
        while i < end {
            // Skip to the next byte that may start a terminal (always a char boundary).
            match bytes[i..end]
                .iter()
                .position(|&b| STOP_LEADS[usize::from(b)])
            {
                Some(k) => i += k,
                None => break,
            }
            let (c, len) = char_at(text, i);
            if !is_terminal(c) {
                i += len;
                continue;
            }
            let stop = i;
            let mut unspaced = false;
            while i < end {
                let (c, len) = char_at(text, i);
                if !is_terminal(c) {
                    break;
                }
                unspaced |= is_unspaced_terminal(c);
                i += len;
            }
            let single_dot = i == stop + 1 && bytes[stop] == b'.';
            while i < end {
                let (c, len) = char_at(text, i);
                if !is_closer(c) {
                    break;
                }
                i += len;
            }
            let ends = i >= end || unspaced || char_at(text, i).0.is_whitespace();
            if ends && !(single_dot && self.abbreviation(start, stop, i, end, lower_after)) {
                self.cut(i);
            }
        }
    }

    /// Whether the `.` at `dot` (with the sentence going on at `after`) follows
    /// an abbreviation. `start..end` is the line content.
    fn abbreviation(
        &self,
        start: usize,
        dot: usize,
        after: usize,
        end: usize,
        lower_after: bool,
    ) -> bool {
        let Some(word) = word_before(self.text, start, dot) else {
            return false;
        };
        let word = word.trim_start_matches(is_opener);
        let listed = (word.len() <= LONGEST_ABBREVIATION)
            .then(|| {
                ABBREVIATIONS
                    .iter()
                    .find(|(a, _)| a.eq_ignore_ascii_case(word))
            })
            .flatten();
        let kind = listed
            .map(|&(_, kind)| kind)
            .or_else(|| is_initial(word).then_some(Abbrev::Always))
            .or_else(|| is_dotted(word).then_some(Abbrev::BeforeLowercase));
        match kind {
            None => false,
            Some(Abbrev::Always) => true,
            Some(Abbrev::BeforeLowercase) => {
                let rest = self.text.get(after..end).unwrap_or("").trim_start();
                if rest.is_empty() {
                    lower_after
                } else {
                    starts_lower(rest)
                }
            }
        }
    }

    /// Whether the line break after `line` ends the pending sentence.
    fn breaks_after(&self, line: &Line, next: Option<&Line>) -> bool {
        let Some(next) = next else {
            return true;
        };
        if next.kind != Kind::Plain || line.kind == Kind::Heading || line.caps {
            return true;
        }
        let body = self.text.get(line.start..line.end).unwrap_or("");
        let tail = body.trim_end_matches(is_closer);
        let Some(last) = tail.chars().next_back() else {
            return true;
        };
        if matches!(last, ':' | '：') {
            return true;
        }
        let last_word = tail.rsplit(char::is_whitespace).next().unwrap_or("");
        let goes_on = next.starts_lower
            || is_connector(last)
            || DANGLING_WORDS
                .iter()
                .any(|w| w.eq_ignore_ascii_case(last_word));
        if let Some(indent) = self.bullet_indent {
            return !(goes_on || next.indent > indent);
        }
        if goes_on {
            return false;
        }
        if next.caps || next.label {
            return true;
        }
        if is_terminal(last) {
            // An abbreviation ("Dr.\nSmith"): real ends are cut already.
            return false;
        }
        body.split_whitespace().nth(MAX_HEADING_WORDS).is_none()
    }

    /// Ends the pending sentence at `at`; the next one starts there.
    fn cut(&mut self, at: usize) {
        if let Some(open) = self.open {
            self.push(open, at);
        }
        self.open = Some(at);
    }

    /// Records `from..to`, trimmed, unless it is empty.
    fn push(&mut self, from: usize, to: usize) {
        let Some(s) = self.text.get(from..to) else {
            debug_assert!(false, "not a char range: {from}..{to}");
            return;
        };
        let trimmed = s.trim_start();
        let start = to - trimmed.len();
        let trimmed = trimmed.trim_end();
        if !trimmed.is_empty() {
            self.out.push(start..start + trimmed.len());
        }
    }
}

/// The char at byte `i` and its length (`i` must be a char boundary).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\0', 1),
    }
}

/// The whitespace-delimited word ending at `dot`, not reaching before `start`;
/// `None` if it is longer than [`ABBREVIATION_WINDOW`].
fn word_before(text: &str, start: usize, dot: usize) -> Option<&str> {
    let mut lo = dot.saturating_sub(ABBREVIATION_WINDOW).max(start);
    while lo < dot && !text.is_char_boundary(lo) {
        lo += 1;
    }
    let window = text.get(lo..dot)?;
    match window
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
    {
        Some((k, c)) => window.get(k + c.len_utf8()..),
        None if lo == start => Some(window),
        None => None,
    }
}

/// A single capital letter, as in "J. Smith".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Short dotted forms such as "Ph.D" or "a.k.a" (the final dot not included).
fn is_dotted(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// Sentence-final punctuation.
const TERMINALS: [char; 14] = [
    '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '؟', '।', '。', '｡', '！', '？',
];

/// The first UTF-8 byte of each of [`TERMINALS`], for a fast skip over the rest.
const STOP_LEADS: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < TERMINALS.len() {
        let c = TERMINALS[k] as u32;
        let lead = match c {
            0..=0x7F => c,
            0x80..=0x7FF => 0xC0 | (c >> 6),
            0x800..=0xFFFF => 0xE0 | (c >> 12),
            _ => 0xF0 | (c >> 18),
        };
        table[lead as usize] = true;
        k += 1;
    }
    table
};

fn is_terminal(c: char) -> bool {
    TERMINALS.contains(&c)
}

/// Full stops of scripts written without spaces: they end a sentence anywhere.
fn is_unspaced_terminal(c: char) -> bool {
    matches!(c, '。' | '｡' | '！' | '？')
}

/// What may follow a sentence's final punctuation and still belong to it.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '*' | '_' | '”' | '’' | '»' | '›' | '」' | '』' | '）'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '{' | '*' | '_' | '“' | '‘' | '«' | '‹' | '¿' | '¡'
    )
}

/// A line ending in one of these goes on on the next line.
fn is_connector(c: char) -> bool {
    matches!(c, ',' | ';' | '-' | '–' | '—' | '&' | '/' | '+' | '(')
}

fn starts_lower(s: &str) -> bool {
    s.trim_start_matches(is_opener)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// At least two upper-case letters and no lower-case one.
fn is_all_caps(body: &str) -> bool {
    let mut upper = 0usize;
    for c in body.chars() {
        if c.is_lowercase() {
            return false;
        }
        upper += usize::from(c.is_uppercase());
    }
    upper >= 2
}

/// Starts with a field label: up to three words, the first capitalised, then
/// `:` and a space ("Salary: ...", "Reports to: ...").
fn is_label(body: &str) -> bool {
    let body = body.trim_start_matches(is_opener);
    let mut spaces = 0;
    for (k, c) in body.char_indices().take(40) {
        match c {
            _ if k == 0 => {
                if !c.is_uppercase() {
                    return false;
                }
            }
            ':' | '：' => {
                let rest = body[k + c.len_utf8()..].trim_start_matches(is_closer);
                return rest.is_empty() || rest.starts_with(char::is_whitespace);
            }
            ' ' => {
                spaces += 1;
                if spaces > 2 {
                    return false;
                }
            }
            c if c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '&' | '/' | '(' | ')') => {
            }
            _ => return false,
        }
    }
    false
}

/// `---`, `* * *`, `___`, `===` and the like: three or more of one character.
fn is_rule(body: &str) -> bool {
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !matches!(first, '-' | '*' | '_' | '=' | '~' | '—' | '─' | '═') {
        return false;
    }
    let mut count = 1usize;
    for c in chars {
        if c == first {
            count += 1;
        } else if c != ' ' && c != '\t' {
            return false;
        }
    }
    count >= 3
}

/// A Markdown `#` heading: the content's byte range within `body`.
fn heading(body: &str) -> Option<(usize, usize)> {
    let hashes = body.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &body[hashes..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let content = rest.trim();
    let from = body.len() - rest.trim_start().len();
    // An optional closing sequence: "## Perks ##".
    let closed = content.trim_end_matches('#');
    let content = if closed.len() < content.len() && closed.ends_with(char::is_whitespace) {
        closed.trim_end()
    } else {
        content
    };
    Some((from, from + content.len()))
}

/// A list marker at the start of `body`: the byte offset just after it.
fn bullet(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let first = body.chars().next()?;
    let spaced = |at: usize| {
        let rest = body.get(at..)?;
        (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(at)
    };
    match first {
        '-' | '*' | '+' | '–' | '—' => spaced(first.len_utf8()),
        '•' | '·' | '◦' | '▪' | '▫' | '‣' | '●' | '○' | '■' | '□' | '►' | '▸' | '▹' | '➤' | '➢'
        | '→' | '✓' | '✔' | '✗' | '✘' | '☐' | '☑' | '☒' => Some(first.len_utf8()),
        // Emoji used as bullets stay in the sentence, but still start one.
        '\u{1F300}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' => Some(0),
        '0'..='9' => {
            let digits = bytes
                .iter()
                .take(4)
                .take_while(|b| b.is_ascii_digit())
                .count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 3 => spaced(digits + 1),
                _ => None,
            }
        }
        '(' => {
            let inner = bytes[1..]
                .iter()
                .take(4)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let label = &bytes[1..1 + inner];
            let ok = (1..=3).contains(&inner)
                && (label.iter().all(u8::is_ascii_digit)
                    || inner == 1
                    || label.iter().all(|b| b"ivxIVX".contains(b)));
            match bytes.get(1 + inner) {
                Some(b')') if ok => spaced(inner + 2),
                _ => None,
            }
        }
        'a'..='z' | 'A'..='Z' => {
            let letters = bytes
                .iter()
                .take(5)
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let label = &bytes[..letters];
            let ok = letters == 1 || (letters <= 4 && label.iter().all(|b| b"ivxIVX".contains(b)));
            match bytes.get(letters) {
                Some(b')') if ok => spaced(letters + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    fn check_invariants(text: &str) -> Result<(), TestCaseError> {
        let mut last = 0;
        for r in sentences(text) {
            prop_assert!(r.start >= last, "out of order or overlapping: {r:?}");
            prop_assert!(r.start < r.end, "empty: {r:?}");
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
            last = r.end;
        }
        Ok(())
    }

    // 1. Terminal punctuation.

    #[test]
    fn ends_at_terminal_punctuation() {
        assert_eq!(
            split("We ship. Do you? Great! Next…  Then... done"),
            ["We ship.", "Do you?", "Great!", "Next…", "Then...", "done"]
        );
        assert_eq!(split("Really?! Yes."), ["Really?!", "Yes."]);
    }

    #[test]
    fn needs_whitespace_or_end_after_punctuation() {
        assert_eq!(
            split("Visit jdx.io today. Node.js and v1.2.3 are fine."),
            ["Visit jdx.io today.", "Node.js and v1.2.3 are fine."]
        );
        assert_eq!(split("Ends here."), ["Ends here."]);
    }

    #[test]
    fn closing_quotes_and_brackets_belong_to_the_sentence() {
        assert_eq!(
            split(r#"He said "ship it." Then left. (We mean it!) Really."#),
            [
                r#"He said "ship it.""#,
                "Then left.",
                "(We mean it!)",
                "Really."
            ]
        );
        assert_eq!(
            split("They call it “fun.” We call it ‘work.’ **Apply now.** Thanks"),
            [
                "They call it “fun.”",
                "We call it ‘work.’",
                "**Apply now.**",
                "Thanks"
            ]
        );
    }

    #[test]
    fn unspaced_scripts_and_other_stops() {
        assert_eq!(split("我们招聘。欢迎加入！"), ["我们招聘。", "欢迎加入！"]);
        assert_eq!(
            split("هل أنت مستعد؟ انضم إلينا."),
            ["هل أنت مستعد؟", "انضم إلينا."]
        );
    }

    // 2. Abbreviations and numbers.

    #[test]
    fn always_abbreviations_do_not_end() {
        for text in [
            "Use tools, e.g. Jira and Git.",
            "Use one tool, i.e. Jira.",
            "Report to the Sr. Director of Sales.",
            "Join John Smith Jr. and the team.",
            "Meet Dr. Jones today.",
            "Meet Mr. Jones and Ms. Lee and Mrs. Park.",
            "Rust vs. Go is moot.",
            "We pay approx. $100k a year.",
            "Benefits incl. Dental and vision.",
            "Work in the U.S. Office in Austin.",
            "Visit the U.K. Team soon.",
            "Shifts run 9 a.m. To 5 p.m. Every day.",
            "Ask J. Smith or A. B. Jones.",
            "E.G. Jira or I.E. Git, DR. Who.",
        ] {
            assert_eq!(split(text), [text], "{text}");
        }
    }

    #[test]
    fn lowercase_only_abbreviations() {
        assert_eq!(
            split("Jira, Git, etc. are used. We like Jira, Git, etc. The end."),
            [
                "Jira, Git, etc. are used.",
                "We like Jira, Git, etc.",
                "The end."
            ]
        );
        assert_eq!(
            split("Acme Inc. is hiring. We are Acme Inc. We build."),
            ["Acme Inc. is hiring.", "We are Acme Inc.", "We build."]
        );
        assert_eq!(
            split("Acme Ltd. is big. We love Acme Ltd. It pays."),
            ["Acme Ltd. is big.", "We love Acme Ltd.", "It pays."]
        );
        assert_eq!(
            split("A Ph.D. in physics helps. So does a B.Sc. Really."),
            ["A Ph.D. in physics helps.", "So does a B.Sc.", "Really."]
        );
        // The next word may be on the next line.
        assert_eq!(
            split("Jira, Git, etc.\nare used."),
            ["Jira, Git, etc.\nare used."]
        );
    }

    #[test]
    fn decimals_do_not_end() {
        assert_eq!(
            split("You have 3.5 years of Rust. We raised $1.2M. It is 2.0 now."),
            [
                "You have 3.5 years of Rust.",
                "We raised $1.2M.",
                "It is 2.0 now."
            ]
        );
    }

    #[test]
    fn ordinary_words_still_end() {
        assert_eq!(
            split("I am a. We are b. Ship it. A plan."),
            ["I am a.", "We are b.", "Ship it.", "A plan."]
        );
    }

    // 3. Line structure.

    #[test]
    fn blank_line_ends_a_sentence() {
        assert_eq!(
            split("We build the future of work and play and\n\nyou will love it"),
            [
                "We build the future of work and play and",
                "you will love it"
            ]
        );
        assert_eq!(split("One e.g.\n \t\nTwo"), ["One e.g.", "Two"]);
    }

    #[test]
    fn bullets_are_their_own_sentences_without_marker() {
        let text = "Requirements\n- Rust\n* Go and Python\n  + Nested item\n• Tea\n·Coffee\n– Dash item\n1. First\n2) Second\na) Alpha\n(b) Beta\nii) Roman\n- Two things. In one line.\n-\n- ";
        assert_eq!(
            split(text),
            [
                "Requirements",
                "Rust",
                "Go and Python",
                "Nested item",
                "Tea",
                "Coffee",
                "Dash item",
                "First",
                "Second",
                "Alpha",
                "Beta",
                "Roman",
                "Two things.",
                "In one line.",
            ]
        );
    }

    #[test]
    fn not_bullets() {
        assert_eq!(
            split("-5% churn this year is great for all of us\n*really* great news for the team"),
            ["-5% churn this year is great for all of us\n*really* great news for the team"]
        );
        assert_eq!(split("1.5 years of Rust."), ["1.5 years of Rust."]);
    }

    #[test]
    fn bullet_continuation_lines() {
        assert_eq!(
            split("- Design and build scalable pipelines that\n  process billions of events\n- Mentor\nWe offer snacks."),
            [
                "Design and build scalable pipelines that\n  process billions of events",
                "Mentor",
                "We offer snacks."
            ]
        );
        assert_eq!(
            split("- Build things that\nmatter to people\nWe offer snacks."),
            ["Build things that\nmatter to people", "We offer snacks."]
        );
    }

    #[test]
    fn markdown_headings() {
        assert_eq!(
            split("# Senior Engineer\nWe are hiring.\n## Perks ##\n###\n#hashtag is fine."),
            [
                "Senior Engineer",
                "We are hiring.",
                "Perks",
                "#hashtag is fine."
            ]
        );
    }

    #[test]
    fn all_caps_lines_are_headings() {
        assert_eq!(
            split("ABOUT THE ROLE AND THE TEAM WE ARE BUILDING TOGETHER NOW\nwe build things.\nC++ / C#\nmore text here."),
            [
                "ABOUT THE ROLE AND THE TEAM WE ARE BUILDING TOGETHER NOW",
                "we build things.",
                "C++ / C#",
                "more text here."
            ]
        );
    }

    #[test]
    fn short_lines_and_colons_are_headings() {
        let text = "Senior Machine Learning Engineer\nAcme Corp\nWhat you'll do:\nBuild models. Ship them.\n**Requirements:**\nthree years of Python, SQL, and Spark in production settings or similar\n";
        assert_eq!(
            split(text),
            [
                "Senior Machine Learning Engineer",
                "Acme Corp",
                "What you'll do:",
                "Build models.",
                "Ship them.",
                "**Requirements:**",
                "three years of Python, SQL, and Spark in production settings or similar",
            ]
        );
    }

    #[test]
    fn field_lines_start_a_sentence() {
        let text = "Location: Raleigh, N.C. (hybrid) or remote anywhere in the U.S.\n**Salary:** $150,000 base, plus equity and a generous bonus scheme\nReports to: Dir. of Product, Core HR";
        assert_eq!(
            split(text),
            [
                "Location: Raleigh, N.C. (hybrid) or remote anywhere in the U.S.",
                "**Salary:** $150,000 base, plus equity and a generous bonus scheme",
                "Reports to: Dir. of Product, Core HR",
            ]
        );
        // Not labels: too many words before the colon, or lower case.
        assert!(!is_label("We are hiring for three roles: backend"));
        assert!(!is_label("note: lower case"));
        assert!(is_label("Q: why?") && is_label("Hours:"));
    }

    #[test]
    fn wrap_signals_beat_headings() {
        // A trailing comma or dangling word carries on into an ALL CAPS line.
        assert_eq!(
            split("- Strong networking fundamentals (DNS, TCP, load balancing,\nTLS).\n- Go"),
            [
                "Strong networking fundamentals (DNS, TCP, load balancing,\nTLS).",
                "Go"
            ]
        );
        assert_eq!(
            split("We deploy to the\nAWS CLOUD every day.\nNEXT"),
            ["We deploy to the\nAWS CLOUD every day.", "NEXT"]
        );
        // ... but a bare long line before an ALL CAPS line ends.
        assert_eq!(
            split("Competitive salary and equity and a great team culture for all\nABOUT US"),
            [
                "Competitive salary and equity and a great team culture for all",
                "ABOUT US"
            ]
        );
    }

    #[test]
    fn thematic_breaks_separate_and_vanish() {
        assert_eq!(
            split("About us\n---\nWe ship.\n* * *\n====\nDone"),
            ["About us", "We ship.", "Done"]
        );
    }

    // 4. Hard wraps.

    #[test]
    fn hard_wrapped_lines_join() {
        assert_eq!(
            split("We are looking for an engineer who\nenjoys debugging. Apply."),
            [
                "We are looking for an engineer who\nenjoys debugging.",
                "Apply."
            ]
        );
        // Long line, next line continues the prose even in upper case.
        assert_eq!(
            split("We are looking for a senior engineer to join our platform team in\nBerlin and help us scale. Apply."),
            [
                "We are looking for a senior engineer to join our platform team in\nBerlin and help us scale.",
                "Apply."
            ]
        );
        // Short lines that cannot be headings.
        assert_eq!(
            split("We build tools for the\nWorld. Our team is small,\nFocused and\nKind."),
            [
                "We build tools for the\nWorld.",
                "Our team is small,\nFocused and\nKind."
            ]
        );
        assert_eq!(
            split("Our CEO is Dr.\nSmith, a legend."),
            ["Our CEO is Dr.\nSmith, a legend."]
        );
    }

    #[test]
    fn crlf_and_lone_cr() {
        for nl in ["\n", "\r\n", "\r"] {
            let text = format!(
                "About us{nl}We are looking for an engineer who{nl}enjoys debugging.{nl}{nl}- Rust{nl}- Go"
            );
            let want = format!("We are looking for an engineer who{nl}enjoys debugging.");
            assert_eq!(
                split(&text),
                ["About us", want.as_str(), "Rust", "Go"],
                "{nl:?}"
            );
        }
    }

    // 5. Markdown and HTML are kept as written.

    #[test]
    fn markdown_and_html_stay_in_the_range() {
        assert_eq!(
            split(
                "We are a **fast-paced** _rockstar_ team. <b>Note:</b> we ship. <i>Fast</i> too."
            ),
            [
                "We are a **fast-paced** _rockstar_ team.",
                "<b>Note:</b> we ship.",
                "<i>Fast</i> too."
            ]
        );
    }

    // 6. Robustness.

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "",
            " ",
            "\n\r\n\r",
            " \t\n  \u{A0}\u{3000}",
            "\u{FEFF}",
            "\u{FEFF}Hi. There",
            ".",
            "?!.…",
            "...\n!!!\n---\n- .\n# !",
            "😀. 🎉! 👩‍💻",
            "שלום. עולם!",
            "e\u{301}. Cafe\u{301}.",
            "\u{301}.\u{301} \u{301}",
            "(((\"",
            "a)\n(\n(1\n1\n1.\n#######",
        ] {
            let got = sentences(text);
            assert!(check_invariants(text).is_ok(), "{text:?} -> {got:?}");
        }
        assert_eq!(split("?!.…"), ["?!.…"]);
        assert_eq!(split("😀. 🎉! 👩‍💻"), ["😀.", "🎉!", "👩‍💻"]);
        assert_eq!(split("\u{FEFF}Hi. There"), ["Hi.", "There"]);
        assert!(split("").is_empty() && split(" \n \r\n").is_empty());
    }

    #[test]
    fn one_megabyte_lines() {
        let mb = 1 << 20;
        for unit in [
            "a",
            ".",
            " ",
            "A. ",
            "etc.      ",
            "e.g. ",
            "a.b",
            "- ",
            "x ",
            "\u{E9}.",
            "((((e",
        ] {
            let text = unit.repeat(mb / unit.len());
            check_invariants(&text).unwrap();
        }
        let text = "Line of words\n".repeat(mb / 14);
        assert_eq!(sentences(&text).len(), mb / 14);
    }

    proptest! {
        #[test]
        fn invariants_on_arbitrary_text(text in "\\PC*") {
            check_invariants(&text)?;
        }

        #[test]
        fn invariants_on_punctuation_soup(text in "[.!? \n\r*#ABCabc-]*") {
            check_invariants(&text)?;
        }

        #[test]
        fn invariants_on_markup_soup(text in "[.!? \n\r\t*#ABCabc1()\"”’:…•é😀\u{301}-]{0,300}") {
            check_invariants(&text)?;
        }

        #[test]
        fn splitting_around_places_agrees_with_splitting_all(
            text in "[.!? \n\r\t*#ABCabc1()\"”’:…•é\u{FEFF}-]{0,300}",
            stride in 1usize..40,
        ) {
            let all = sentences(&text);
            let mut around = Around::new(&text);
            let places = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(stride);
            for pos in places {
                let want = all.iter().find(|s| s.end > pos).map_or(text.len(), |s| s.start);
                prop_assert_eq!(around.sentence_after(pos), want, "at {}", pos);
            }
        }
    }
}
