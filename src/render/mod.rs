//! Renderers: they take values the engine produced and write them out.
//! They never re-run the matcher or re-read the input.

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

/// A line of `^` under `width` characters starting at 1-based `column` of `line`,
/// padded so that tabs line up.
pub fn underline(line: &str, column: usize, width: usize) -> String {
    let pad: String = line
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{pad}{}", "^".repeat(width.max(1)))
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
    fn underline_keeps_tabs_aligned() {
        assert_eq!(underline("\tab cd", 5, 2), "\t   ^^");
    }
}
