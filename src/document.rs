//! A posting as read: its text, its lines, and the way back to the bytes as read.

use crate::text::{LineIndex, OffsetMap};

/// One posting's text, ready for analysis.
///
/// Built from bytes, invalid UTF-8 is decoded lossily (each bad sequence becomes
/// U+FFFD) and every offset jdx reports still counts the bytes as they were read.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    lines: LineIndex,
    /// Present only when decoding replaced bytes.
    to_input: Option<OffsetMap>,
}

impl Document {
    /// A document from text.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        Document {
            lines: LineIndex::new(&text),
            text,
            to_input: None,
        }
    }

    /// A document from bytes; invalid UTF-8 is replaced (see [`Document::is_lossy`]).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self::new(text),
            Err(e) => {
                let bytes = e.into_bytes();
                let mut text = String::with_capacity(bytes.len() + 16);
                let mut map = OffsetMap::default();
                let mut read = 0;
                for chunk in bytes.utf8_chunks() {
                    text.push_str(chunk.valid());
                    read += chunk.valid().len();
                    let bad = chunk.invalid().len();
                    if bad > 0 {
                        map.push(text.len(), '\u{FFFD}'.len_utf8(), read, bad);
                        text.push('\u{FFFD}');
                        read += bad;
                    }
                }
                Document {
                    lines: LineIndex::new(&text),
                    text,
                    to_input: Some(map),
                }
            }
        }
    }

    /// The text (after lossy decoding, if any).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether invalid UTF-8 was replaced while decoding.
    pub fn is_lossy(&self) -> bool {
        self.to_input.is_some()
    }

    /// Whether the text is empty or only whitespace (invisible characters included).
    pub fn is_blank(&self) -> bool {
        crate::text::Normalized::new(&self.text)
            .as_str()
            .trim()
            .is_empty()
    }

    /// 1-based line and column (in characters) of a byte offset into [`Document::text`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line(&self, line: usize) -> &str {
        &self.text[self.lines.line_range(&self.text, line)]
    }

    /// Byte range of 1-based `line` in [`Document::text`], without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        self.lines.line_range(&self.text, line)
    }

    /// Maps a range of [`Document::text`] to byte offsets into the input as read.
    pub fn input_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match &self.to_input {
            None => range,
            Some(map) => map.orig_start(range.start)..map.orig_end(range.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_offsets_count_the_bytes_as_read() {
        let doc = Document::from_bytes(b"a\xff\xfeb synergy".to_vec());
        assert!(doc.is_lossy());
        assert_eq!(doc.text(), "a\u{FFFD}\u{FFFD}b synergy");
        let at = doc.text().find("synergy").unwrap();
        assert_eq!(doc.input_range(at..at + 7), 5..12);
    }

    #[test]
    fn blank_means_nothing_but_space_and_invisibles() {
        assert!(Document::new(" \r\n\t\u{200B}\u{FEFF}").is_blank());
        assert!(!Document::new(" x ").is_blank());
    }
}
