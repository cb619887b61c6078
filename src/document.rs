//! A posting as read: its text, its lines, and the way back to the bytes as read.

use crate::text::{LineIndex, OffsetMap};

/// One posting's text, ready for analysis.
///
/// Built from bytes, invalid UTF-8 is decoded lossily (each bad sequence becomes
/// U+FFFD) and every offset jdx reports still counts the bytes as they were read.
///
/// Built from HTML ([`Document::from_html`]), the text is what a reader sees
/// (see [`crate::html`]), while input ranges, lines and columns point into the
/// HTML as written: [`Document::source`].
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    /// Line starts of [`Document::source`].
    lines: LineIndex,
    /// Present only when decoding replaced bytes: from the (decoded) source to the bytes as read.
    to_input: Option<OffsetMap>,
    /// Present only when the text was extracted from HTML.
    html: Option<Box<HtmlSource>>,
}

/// The HTML a document's text was extracted from.
#[derive(Debug, Clone)]
struct HtmlSource {
    /// The HTML (after lossy decoding, if any).
    source: String,
    /// From the text to `source`.
    to_source: OffsetMap,
}

impl Document {
    /// A document from text.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        Document {
            lines: LineIndex::new(&text),
            text,
            to_input: None,
            html: None,
        }
    }

    /// A document from bytes; invalid UTF-8 is replaced (see [`Document::is_lossy`]).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        let (text, to_input) = decode(bytes);
        Document {
            lines: LineIndex::new(&text),
            text,
            to_input,
            html: None,
        }
    }

    /// A document from an HTML posting: its text is the text a reader sees
    /// ([`crate::html::to_text`]); [`Document::input_range`],
    /// [`Document::line_col`] and [`Document::line`] refer to the HTML.
    pub fn from_html(html: String) -> Self {
        Self::html(html, None)
    }

    /// A document from a file's bytes: HTML when the name ends in `.html`,
    /// `.htm` or `.xhtml`, text for `.txt`, `.md` and `.markdown`, and for any
    /// other name (standard input included) HTML only if the bytes look like it.
    pub fn from_file(name: &str, bytes: Vec<u8>) -> Self {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let html = match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => true,
            Some("txt" | "md" | "markdown") => false,
            _ => crate::html::looks_like_html(&bytes),
        };
        if html {
            Self::from_html_bytes(bytes)
        } else {
            Self::from_bytes(bytes)
        }
    }

    /// [`Document::from_html`] from bytes; invalid UTF-8 is replaced as in
    /// [`Document::from_bytes`] and input ranges still count the bytes as read.
    pub fn from_html_bytes(bytes: Vec<u8>) -> Self {
        let (html, to_input) = decode(bytes);
        Self::html(html, to_input)
    }

    fn html(source: String, to_input: Option<OffsetMap>) -> Self {
        let (text, to_source) = crate::html::to_text(&source);
        Document {
            lines: LineIndex::new(&source),
            text,
            to_input,
            html: Some(Box::new(HtmlSource { source, to_source })),
        }
    }

    /// The text (after lossy decoding, if any; extracted from the HTML for an HTML document).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What lines and columns count in: the HTML for a document made from
    /// HTML, else [`Document::text`].
    pub fn source(&self) -> &str {
        self.html.as_ref().map_or(&self.text, |h| &h.source)
    }

    /// Whether the text was extracted from HTML.
    pub fn is_html(&self) -> bool {
        self.html.is_some()
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

    /// 1-based line and column (in characters) of a byte offset into
    /// [`Document::text`], counted in [`Document::source`] (the HTML's line
    /// and column for an HTML document).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let at = match &self.html {
            Some(h) => h.to_source.orig_start(offset),
            None => offset,
        };
        self.lines.line_col(self.source(), at)
    }

    /// The 1-based line of a byte offset into [`Document::text`] (in
    /// [`Document::source`] for an HTML document): no column, no counting.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(self.source_offset(offset))
    }

    /// [`Document::line_col`] for many ascending offsets, in linear time.
    pub fn line_cols(&self, offsets: impl IntoIterator<Item = usize>) -> Vec<(usize, usize)> {
        let source = offsets.into_iter().map(|o| self.source_offset(o));
        self.lines.line_cols(self.source(), source)
    }

    fn source_offset(&self, offset: usize) -> usize {
        match &self.html {
            Some(h) => h.to_source.orig_start(offset),
            None => offset,
        }
    }

    /// The number of lines of [`Document::source`].
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// 1-based `line` of [`Document::source`], without its line break.
    pub fn line(&self, line: usize) -> &str {
        let source = self.source();
        &source[self.lines.line_range(source, line)]
    }

    /// Byte range of 1-based `line` in [`Document::source`], without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        self.lines.line_range(self.source(), line)
    }

    /// Maps a range of [`Document::text`] to a range of [`Document::source`]:
    /// the HTML it was extracted from (a decoded reference maps to the whole
    /// reference, a range across markup covers the markup), else the same range.
    pub fn source_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match &self.html {
            Some(h) => h.to_source.orig_start(range.start)..h.to_source.orig_end(range.end),
            None => range,
        }
    }

    /// Maps a range of [`Document::text`] to byte offsets into the input as read
    /// (the HTML file for an HTML document).
    pub fn input_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let range = self.source_range(range);
        match &self.to_input {
            None => range,
            Some(map) => map.orig_start(range.start)..map.orig_end(range.end),
        }
    }
}

/// Decodes `bytes` as UTF-8, replacing invalid sequences, with the map back
/// to the bytes when anything was replaced.
fn decode(bytes: Vec<u8>) -> (String, Option<OffsetMap>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
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
            (text, Some(map))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_positions_are_the_html_files() {
        let html = "<html>\n<head><title>x</title></head>\n<body>\n  <h1>Data Analyst</h1>\n  <p>We&rsquo;re a fast-paced team.</p>\n</body>\n</html>\n";
        let doc = Document::from_html(html.to_owned());
        assert!(doc.is_html() && !doc.is_lossy());
        assert_eq!(
            doc.text(),
            "# Data Analyst\n\nWe\u{2019}re a fast-paced team."
        );
        assert_eq!(doc.source(), html);
        let at = doc.text().find("fast-paced").unwrap();
        let input = doc.input_range(at..at + "fast-paced".len());
        assert_eq!(&html[input.clone()], "fast-paced");
        let we = doc.text().find("We").unwrap();
        let written = &doc.source()[doc.source_range(we..we + "We\u{2019}re".len())];
        assert_eq!(written, "We&rsquo;re");
        assert_eq!(
            doc.line_col(at),
            (5, 20),
            "line 5 of the HTML, after `  <p>We&rsquo;re a `"
        );
        assert_eq!(doc.line(5), "  <p>We&rsquo;re a fast-paced team.</p>");
        assert_eq!(doc.line_count(), 8);
        let written = html.find("We&rsquo;re").unwrap();
        assert_eq!(
            doc.input_range(we..we + "We\u{2019}re".len()),
            written..written + "We&rsquo;re".len()
        );
    }

    #[test]
    fn html_from_bytes_counts_the_bytes_as_read() {
        let doc = Document::from_html_bytes(b"<p>\xff&amp; synergy</p>".to_vec());
        assert!(doc.is_lossy() && doc.is_html());
        assert_eq!(doc.text(), "\u{FFFD}& synergy");
        let at = doc.text().find("synergy").unwrap();
        assert_eq!(doc.input_range(at..at + 7), 10..17);
        assert_eq!(
            doc.input_range(0..4),
            3..9,
            "U+FFFD and `&amp;` are the bytes `\\xff&amp;`"
        );
    }

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
