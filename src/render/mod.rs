//! Renderers: they take values the engine produced and write them out.
//! They never re-run the matcher or re-read the input.

pub mod diff;
pub mod explain;
pub mod explain_score;
pub mod html;
pub mod json;
pub mod markdown;
pub mod record;
pub mod scan;
mod style;
pub mod text;

pub use style::Palette;

/// Makes text from a posting safe to echo to a terminal: control characters
/// (ANSI escapes included) become visible `\u{..}` escapes; tabs stay.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters of the line shown on either side of a match.
const CONTEXT: usize = 80;

/// A match's line as quoted under its `path:line:col`: at most `CONTEXT`
/// characters either side of the match (cuts marked `…`), sanitised, with the
/// `^` line that underlines the match in what is shown.
#[derive(Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The quoted line.
    pub line: String,
    /// Padding and carets that line up under it (tabs kept).
    pub marks: String,
}

impl Excerpt {
    /// Quotes `line` around the match `line[at..at + len]` (byte offsets,
    /// clamped to the line and to character boundaries). Costs the context,
    /// not the line: a match on a 100 MB line is quoted as fast as any other.
    pub fn new(line: &str, at: usize, len: usize) -> Self {
        let at = floor_char_boundary(line, at.min(line.len()));
        let end = floor_char_boundary(line, at.saturating_add(len).min(line.len()));
        let before = &line[..at];
        let from = before
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        let after = &line[end..];
        let to = after
            .char_indices()
            .nth(CONTEXT)
            .map_or(line.len(), |(i, _)| end + i);
        let (head, matched, tail) = (
            sanitize(&line[from..at]),
            sanitize(&line[at..end]),
            sanitize(&line[end..to]),
        );
        let cut_head = if from > 0 { "…" } else { "" };
        let cut_tail = if to < line.len() { "…" } else { "" };
        let pad: String = cut_head
            .chars()
            .chain(head.chars())
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        Excerpt {
            line: format!("{cut_head}{head}{matched}{tail}{cut_tail}"),
            marks: format!("{pad}{}", "^".repeat(matched.chars().count().max(1))),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_neutralises_escapes_and_bidi_controls() {
        assert_eq!(sanitize("a\x1b[31mb\tc"), "a\\u{1b}[31mb\tc");
        assert_eq!(sanitize("x\u{202E}y"), "x\\u{202e}y");
        assert!(matches!(sanitize("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn excerpt_keeps_tabs_aligned() {
        let e = Excerpt::new("\tab cd", 4, 2);
        assert_eq!(e.line, "\tab cd");
        assert_eq!(e.marks, "\t   ^^");
    }

    #[test]
    fn excerpt_underlines_after_escaped_control_characters() {
        let line = "a \x1b[2J then a rockstar";
        let e = Excerpt::new(line, line.find("rockstar").unwrap(), 8);
        let at = e.line.find("rockstar").unwrap();
        assert_eq!(e.marks.find('^'), Some(at));
        assert_eq!(e.marks.len() - at, 8);
    }

    #[test]
    fn excerpt_cuts_long_lines_at_characters() {
        let line = format!("{}rockstar{}", "é".repeat(500), "ü".repeat(500));
        let e = Excerpt::new(&line, 1000, 8);
        assert_eq!(
            e.line,
            format!("…{}rockstar{}…", "é".repeat(CONTEXT), "ü".repeat(CONTEXT))
        );
        assert_eq!(e.marks, format!("{}^^^^^^^^", " ".repeat(CONTEXT + 1)));
        // An offset inside a character is moved back to its start.
        assert_eq!(Excerpt::new("é rockstar", 1, 1).line, "é rockstar");
    }
}
