//! Located problems in rule files: `path:line:col`, the offending line, a caret.

use std::fmt;
use std::ops::Range;

/// How bad a [`Diagnostic`] is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The pack cannot be used.
    Error,
    /// The pack works, but something in it is probably not what the author meant.
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it (built-ins as `rules/…`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The offending line as written, control characters escaped; a long
    /// line is cut to `CONTEXT` characters either side of the span (cuts
    /// marked `…`), so a one-line hostile file cannot make every diagnostic
    /// hold a copy of it.
    pub source_line: String,
    /// 1-based column of the span within `source_line`.
    pub shown_column: usize,
    /// How many characters of `source_line` to underline (at least 1).
    pub width: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic for the byte range `span` of `source`, the content of `path`.
    pub fn at(
        severity: Severity,
        path: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_end =
            line_end - usize::from(source[..line_end].ends_with('\r') && line_end > start);
        let end = floor_char_boundary(source, span.end.clamp(start, line_end));
        // Only the shown stretch of the line is copied and escaped.
        let from = source[line_start..start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let to = source[end..line_end]
            .char_indices()
            .nth(CONTEXT)
            .map_or(line_end, |(i, _)| end + i);
        let cut_head = if from > line_start { "…" } else { "" };
        let cut_tail = if to < line_end { "…" } else { "" };
        let head = format!("{cut_head}{}", escape(&source[from..start]));
        let marked = escape(&source[start..end]);
        Diagnostic {
            severity,
            path: path.to_owned(),
            line: memchr::memchr_iter(b'\n', &source.as_bytes()[..line_start]).count() + 1,
            column: source[line_start..start].chars().count() + 1,
            shown_column: head.chars().count() + 1,
            width: marked.chars().count().max(1),
            source_line: format!("{head}{marked}{}{cut_tail}", escape(&source[end..to])),
            message: message.into(),
        }
    }

    /// An error about a whole file or folder (unreadable, too large, empty).
    pub fn file(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: 0,
            column: 0,
            source_line: String::new(),
            shown_column: 0,
            width: 0,
            message: message.into(),
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Characters of a long offending line shown on either side of the span.
const CONTEXT: usize = 160;

/// Control characters (ANSI escapes included) as visible `\u{..}`; tabs stay.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c.is_control() && c != '\t' {
            true => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            false => out.push(c),
        }
    }
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the line and a caret under the span.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            return write!(f, "{}: {label}: {}", self.path, self.message);
        }
        let gutter = self.line.to_string().len();
        let pad: String = self
            .source_line
            .chars()
            .take(self.shown_column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        writeln!(
            f,
            "{}:{}:{}: {label}: {}",
            self.path, self.line, self.column, self.message
        )?;
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, self.source_line)?;
        write!(f, "{:gutter$} | {pad}{}", "", "^".repeat(self.width))
    }
}

/// Every problem found while loading rules; loading fails if any is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_span_with_line_and_char_column() {
        let src = "a = 1\nbé = \"x\"\n";
        let d = Diagnostic::at(Severity::Error, "p.toml", src, 11..14, "bad");
        assert_eq!((d.line, d.column, d.width), (2, 5, 3));
        assert_eq!(d.source_line, "bé = \"x\"");
        assert_eq!(
            d.to_string(),
            "p.toml:2:5: error: bad\n  |\n2 | bé = \"x\"\n  |     ^^^"
        );
    }

    #[test]
    fn long_lines_are_cut_and_control_characters_escaped() {
        let src = format!(
            "x = [{}\u{1b}[2J {}]\r\n",
            "1,".repeat(5_000),
            "2,".repeat(5_000)
        );
        let at = src.find('\u{1b}').unwrap();
        let d = Diagnostic::at(Severity::Error, "p.toml", &src, at..at + 1, "bad");
        assert_eq!(d.column, at + 1);
        assert!(d.source_line.starts_with('…') && d.source_line.ends_with('…'));
        assert_eq!(d.source_line.chars().count(), 1 + CONTEXT + 6 + CONTEXT + 1);
        let shown = d.to_string();
        assert!(!shown.contains('\u{1b}'), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let column = |line: &str, at: usize| line[..at].chars().count();
        let escape = lines[2].find("\\u{1b}").unwrap();
        let caret = lines[3].find('^').unwrap();
        assert_eq!(column(lines[3], caret), column(lines[2], escape));
        assert_eq!(lines[3].matches('^').count(), 6);
    }
}
