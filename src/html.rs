//! HTML postings: the text a reader sees, and the way back to the HTML's bytes.
//!
//! A posting saved from a job board is HTML. [`to_text`] turns it into the
//! plain text the rest of jdx reads, with an [`OffsetMap`] from every byte of
//! that text back to the HTML, so matches are still reported at their place in
//! the file as written.
//!
//! Tokenizing (tags, attributes, comments, raw-text elements such as
//! `<script>`) and character references are the work of
//! [html5gum](https://docs.rs/html5gum), a WHATWG-compliant tokenizer that
//! reports the byte span of every token. What this module adds is the layout:
//!
//! - the contents of `<head>`, `<script>`, `<style>`, `<title>`, `<template>`,
//!   `<noscript>`, `<iframe>`, `<svg>`, form controls and the like are dropped;
//!   attributes never reach the text (so `onerror=` or `javascript:` URLs
//!   cannot either);
//! - character references are decoded (`&amp;` → `&`, `&nbsp;` → U+00A0,
//!   `&rsquo;`, `&#8217;` and `&#x2019;` → `’`);
//! - block elements (`p`, `div`, `h1`–`h6`, `ul`, `tr`, …) end a paragraph
//!   (a blank line), `<br>` ends a line, a list item starts a line with
//!   `- `, and a heading with `#` marks (one per level), so that
//!   [`crate::sentence::sentences`] sees paragraphs, bullets and headings;
//! - elsewhere, as in a browser, a run of ASCII whitespace is one space and
//!   whitespace at the start of a line is dropped; `<pre>` keeps its text as is.
//!
//! Text between tags is copied byte for byte, so most of the map is implicit:
//! only decoded references, collapsed whitespace, the inserted line breaks and
//! markers, and the jumps over skipped markup are recorded.

use std::collections::HashMap;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Token, Tokenizer};

use crate::text::OffsetMap;

/// Elements whose contents never reach the text.
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"title",
    b"template",
    b"noscript",
    b"iframe",
    b"noembed",
    b"noframes",
    b"object",
    b"svg",
    b"math",
    b"select",
    b"textarea",
    b"datalist",
    b"canvas",
    b"video",
    b"audio",
];

/// Elements that may sit in `<head>` without ending it.
const HEAD_ELEMENTS: &[&[u8]] = &[
    b"head",
    b"title",
    b"meta",
    b"link",
    b"style",
    b"script",
    b"base",
    b"noscript",
    b"template",
];

/// Block elements: each start and end tag ends the paragraph.
const BLOCKS: &[&[u8]] = &[
    b"p",
    b"div",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"table",
    b"thead",
    b"tbody",
    b"tfoot",
    b"tr",
    b"caption",
    b"blockquote",
    b"pre",
    b"hr",
    b"section",
    b"article",
    b"aside",
    b"header",
    b"footer",
    b"main",
    b"nav",
    b"address",
    b"figure",
    b"figcaption",
    b"details",
    b"summary",
    b"dialog",
    b"fieldset",
    b"legend",
    b"form",
    b"hgroup",
    b"center",
    b"body",
    b"html",
];

/// Tags whose presence near the start marks a file as HTML (see [`looks_like_html`]).
const SNIFFED_TAGS: &[&[u8]] = &[
    b"p", b"div", b"li", b"ul", b"ol", b"br", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"table",
    b"span", b"strong", b"b", b"em",
];

/// How far into a file [`looks_like_html`] looks.
const SNIFF_WINDOW: usize = 4096;

/// How many [`SNIFFED_TAGS`] make a file HTML when it does not start with a tag.
const SNIFF_TAGS_NEEDED: usize = 3;

/// Text extracted from HTML and the map back to the HTML's bytes.
///
/// For every range `s..e` of the text, `map.orig_start(s)..map.orig_end(e)`
/// is the range of `html` it came from: a word as written (a decoded
/// reference maps to the whole reference), never a position inside a tag.
///
/// ```
/// let html = "<h2>About</h2><ul><li>R&amp;D &amp; <b>fast</b>-paced</li></ul>";
/// let (text, map) = jdx::html::to_text(html);
/// assert_eq!(text, "## About\n\n- R&D & fast-paced");
/// let at = text.find("R&D").unwrap();
/// assert_eq!(&html[map.orig_start(at)..map.orig_end(at + 3)], "R&amp;D");
/// let at = text.find("fast-paced").unwrap();
/// assert_eq!(&html[map.orig_start(at)..map.orig_end(at + 10)], "fast</b>-paced");
/// ```
pub fn to_text(html: &str) -> (String, OffsetMap) {
    let mut w = Writer::default();
    let mut state = State::default();
    for event in Tokenizer::new_with_emitter(html, emitter()).flatten() {
        match event {
            Event::Start {
                name,
                span,
                self_closing,
            } => state.start(&mut w, &name, span, self_closing),
            Event::End { name, span } => state.end(&mut w, &name, span),
            Event::Text(span) => {
                if let Some(text) = html.get(span.clone()) {
                    state.text(&mut w, span.start, text);
                }
            }
        }
    }
    (w.out, w.map)
}

/// Whether `bytes` look like an HTML document or fragment.
///
/// True when, after a BOM and whitespace, the file starts with `<!doctype
/// html`, `<html`, `<head` or `<body`, or with one of the common tags below;
/// or when at least three of `<p>`, `<div>`, `<li>`, `<ul>`, `<ol>`, `<br>`,
/// `<h1>`–`<h6>`, `<table>`, `<span>`, `<strong>`, `<b>`, `<em>` (any case,
/// with or without attributes) occur in the first 4 KiB.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(SNIFF_WINDOW)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lead = &head[start..];
    let documentish = [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|p| starts_with_ignore_case(lead, p) && tag_name_ends(lead, p.len()));
    if documentish || sniffed_tag_at(lead) {
        return true;
    }
    let found = memchr::memchr_iter(b'<', head)
        .filter(|&i| sniffed_tag_at(&head[i..]))
        .take(SNIFF_TAGS_NEEDED)
        .count();
    found >= SNIFF_TAGS_NEEDED
}

/// Whether `s` starts with `<` and one of [`SNIFFED_TAGS`] as a whole name.
fn sniffed_tag_at(s: &[u8]) -> bool {
    let Some(rest) = s.strip_prefix(b"<") else {
        return false;
    };
    SNIFFED_TAGS
        .iter()
        .any(|t| starts_with_ignore_case(rest, t) && tag_name_ends(rest, t.len()))
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Whether the tag name that starts `s` ends at `len` (followed by `>`, `/`,
/// whitespace or the end).
fn tag_name_ends(s: &[u8], len: usize) -> bool {
    s.get(len)
        .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

/// What [`to_text`] needs from the tokenizer.
enum Event {
    Start {
        name: Vec<u8>,
        span: Range<usize>,
        self_closing: bool,
    },
    End {
        name: Vec<u8>,
        span: Range<usize>,
    },
    Text(Range<usize>),
}

/// A tokenizer callback that turns html5gum's events into [`Event`]s with
/// byte spans (a start tag's span runs from its `<` to its `>`).
fn emitter(
) -> CallbackEmitter<impl FnMut(CallbackEvent<'_>, Span<usize>) -> Option<Event>, Event, usize> {
    let mut open: Option<(Vec<u8>, usize)> = None;
    let mut emitter =
        CallbackEmitter::new(
            move |event: CallbackEvent<'_>, span: Span<usize>| match event {
                CallbackEvent::OpenStartTag { name } => {
                    open = Some((name.to_vec(), span.start));
                    None
                }
                CallbackEvent::CloseStartTag { self_closing } => {
                    open.take().map(|(name, start)| Event::Start {
                        name,
                        span: start..span.end,
                        self_closing,
                    })
                }
                CallbackEvent::EndTag { name } => Some(Event::End {
                    name: name.to_vec(),
                    span: span.start..span.end,
                }),
                CallbackEvent::String { .. } => Some(Event::Text(span.start..span.end)),
                _ => None,
            },
        );
    // Script, style, title and the other raw-text elements are tokenized as
    // text up to their end tag, as a browser does.
    emitter.naively_switch_states(true);
    emitter
}

/// Which elements the tokens are in, as far as the layout cares.
#[derive(Default)]
struct State {
    /// Inside `<head>` (until `</head>`, `<body>` or body content).
    in_head: bool,
    /// Inside an element whose content is dropped: its name and nesting depth.
    skip: Option<(Vec<u8>, usize)>,
    /// Depth of `<pre>` elements.
    pre: usize,
}

impl State {
    fn start(&mut self, w: &mut Writer, name: &[u8], span: Range<usize>, self_closing: bool) {
        if let Some((skipped, depth)) = &mut self.skip {
            if skipped == name && !self_closing {
                *depth += 1;
            }
            return;
        }
        if name == b"head" {
            self.in_head = true;
        } else if self.in_head && !HEAD_ELEMENTS.contains(&name) {
            self.in_head = false;
        }
        if SKIPPED.contains(&name) {
            if !self_closing {
                self.skip = Some((name.to_vec(), 1));
            }
            return;
        }
        if name == b"pre" {
            self.pre += 1;
        }
        self.layout(w, name, span, true);
    }

    fn end(&mut self, w: &mut Writer, name: &[u8], span: Range<usize>) {
        if let Some((skipped, depth)) = &mut self.skip {
            if skipped == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        if name == b"head" {
            self.in_head = false;
        }
        if name == b"pre" {
            self.pre = self.pre.saturating_sub(1);
        }
        self.layout(w, name, span, false);
    }

    /// The line breaks and markers a tag stands for.
    fn layout(&self, w: &mut Writer, name: &[u8], span: Range<usize>, start: bool) {
        match name {
            b"br" => w.line_break(span),
            b"li" => {
                w.break_lines(1, span.clone());
                if start {
                    w.prefix("- ", span);
                }
            }
            [b'h', level @ b'1'..=b'6'] => {
                w.break_lines(2, span.clone());
                if start {
                    let marks = usize::from(level - b'0');
                    w.prefix(&"###### "[6 - marks..], span);
                }
            }
            b"td" | b"th" => w.separate(span),
            _ if BLOCKS.contains(&name) => w.break_lines(2, span),
            _ => {}
        }
    }

    fn text(&mut self, w: &mut Writer, at: usize, text: &str) {
        if self.skip.is_some() {
            return;
        }
        if self.in_head {
            if text.bytes().all(|b| b.is_ascii_whitespace()) {
                return;
            }
            self.in_head = false;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let end = if bytes[i] == b'&' {
                let end = reference_end(text, i);
                w.reference(at + i, &text[i..end]);
                end
            } else if self.pre == 0 && bytes[i].is_ascii_whitespace() {
                let end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .map_or(bytes.len(), |k| i + k);
                w.space(at + i..at + end);
                end
            } else {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'&' || (self.pre == 0 && b.is_ascii_whitespace()))
                    .map_or(bytes.len(), |k| i + k);
                w.verbatim(at + i, &text[i..end]);
                end
            };
            i = end;
        }
    }
}

/// The end of the character reference candidate starting at the `&` at `i`:
/// `&`, an optional `#`, ASCII letters and digits and an optional `;`.
/// Every reference (named, decimal or hex, with
/// or without its `;`) lies within such a candidate, and what follows it
/// cannot change how it decodes.
fn reference_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = i + 1;
    if bytes.get(end) == Some(&b'#') {
        end += 1;
    }
    end += bytes[end..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if bytes.get(end) == Some(&b';') {
        end += 1;
    }
    end
}

/// Decodes the character references in `candidate` (text content with no
/// markup in it).
fn decode(candidate: &str) -> String {
    let mut out = Vec::with_capacity(candidate.len());
    for token in Tokenizer::new(candidate).flatten() {
        if let Token::String(s) = token {
            out.extend_from_slice(&s);
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The extracted text under construction, its map, and what is pending
/// before the next piece of text.
#[derive(Default)]
struct Writer {
    out: String,
    map: OffsetMap,
    /// End of the last recorded segment: (text offset, HTML offset).
    last: (usize, usize),
    /// Line breaks owed before the next text (2 = a blank line), and the tag
    /// that asked for them.
    lines: usize,
    lines_src: Range<usize>,
    /// Whitespace owed before the next text (collapsed to one space).
    space: Option<Range<usize>>,
    /// A list or heading marker owed at the start of the next line.
    marker: Option<(&'static str, Range<usize>)>,
    /// Reference candidates decoded so far.
    decoded: HashMap<String, String>,
}

impl Writer {
    /// Asks for at least `n` line breaks before the next text.
    fn break_lines(&mut self, n: usize, src: Range<usize>) {
        if self.lines == 0 {
            self.lines_src = src;
        }
        self.lines = self.lines.max(n);
        self.space = None;
    }

    /// `<br>`: one more line break (a blank line at most).
    fn line_break(&mut self, src: Range<usize>) {
        if self.lines == 0 {
            self.lines_src = src;
        }
        self.lines = (self.lines + 1).min(2);
        self.space = None;
    }

    /// A table cell: a space between it and the text before it on the line.
    fn separate(&mut self, src: Range<usize>) {
        self.space(src);
    }

    /// A marker (`- `, `## `) at the start of the next line.
    fn prefix(&mut self, marker: &'static str, src: Range<usize>) {
        self.marker = Some((marker, src));
    }

    /// Collapsible whitespace: one space before the next text, unless the
    /// text would start a line.
    fn space(&mut self, src: Range<usize>) {
        let at_line_start = self.out.is_empty()
            || self.lines > 0
            || self.marker.is_some()
            || self.out.ends_with(|c: char| c.is_ascii_whitespace());
        if !at_line_start && self.space.is_none() {
            self.space = Some(src);
        }
    }

    /// Emits whatever is owed before the next text.
    fn flush(&mut self) {
        if self.lines > 0 {
            if !self.out.is_empty() {
                let src = std::mem::take(&mut self.lines_src);
                self.segment(&"\n\n"[..self.lines.min(2)], src);
            }
            self.lines = 0;
        } else if let Some(src) = self.space.take() {
            self.segment(" ", src);
        }
        self.space = None;
        if let Some((marker, src)) = self.marker.take() {
            self.segment(marker, src);
        }
    }

    /// Text that stands in for `src` of the HTML as a whole.
    fn segment(&mut self, text: &str, src: Range<usize>) {
        self.map
            .push(self.out.len(), text.len(), src.start, src.end - src.start);
        self.out.push_str(text);
        self.last = (self.out.len(), src.end);
    }

    /// Text copied from the HTML at `at`, byte for byte.
    fn verbatim(&mut self, at: usize, text: &str) {
        self.flush();
        let (norm, orig) = self.last;
        if self.out.len() - norm != at - orig {
            // A jump over skipped markup: record the new offset difference.
            self.map.push(self.out.len(), 0, at, 0);
            self.last = (self.out.len(), at);
        }
        self.out.push_str(text);
    }

    /// A character reference candidate at `at` (see [`reference_end`]).
    fn reference(&mut self, at: usize, candidate: &str) {
        let decoded = match self.decoded.get(candidate) {
            Some(d) => d.clone(),
            None => {
                let d = decode(candidate);
                self.decoded.insert(candidate.to_owned(), d.clone());
                d
            }
        };
        if decoded == candidate {
            // A bare `&` (as in "R&D"): no reference.
            self.verbatim(at, candidate);
            return;
        }
        // The decoded text is the reference's expansion followed by the rest
        // of the candidate unchanged ("&rsquo;s" → "’s"): find that rest.
        let (c, d) = (candidate.as_bytes(), decoded.as_bytes());
        let max_tail = d.len().saturating_sub(1).min(c.len().saturating_sub(2));
        let tail = (0..max_tail)
            .take_while(|&k| c[c.len() - 1 - k] == d[d.len() - 1 - k])
            .count();
        let (ref_len, exp_len) = (c.len() - tail, d.len() - tail);
        if candidate.is_char_boundary(ref_len) && decoded.is_char_boundary(exp_len) {
            self.flush();
            self.segment(&decoded[..exp_len], at..at + ref_len);
            if tail > 0 {
                self.verbatim(at + ref_len, &candidate[ref_len..]);
            }
        } else {
            self.flush();
            self.segment(&decoded, at..at + candidate.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every whitespace-separated word of the text, with the HTML it maps back to.
    fn words_back(html: &str) -> Vec<(String, String)> {
        let (text, map) = to_text(html);
        let mut out = Vec::new();
        let mut at = 0;
        for word in text.split_ascii_whitespace() {
            let start = at + text[at..].find(word).unwrap();
            let end = start + word.len();
            at = end;
            let back = &html[map.orig_start(start)..map.orig_end(end)];
            out.push((word.to_owned(), back.to_owned()));
        }
        out
    }

    #[test]
    fn every_word_maps_back_to_itself_as_written() {
        let html = "<!DOCTYPE html>\n<html><head><title>Ignored</title></head>\n<body>\n\
            <h1 class=\"t\">Data&nbsp;Analyst</h1>\n<p>We&rsquo;re  a\n   <b>fast</b>-paced team.</p>\n\
            <ul>\n  <li>R&amp;D &amp; ops</li>\n  <li>x&#8217;y &#x2019;z</li>\n</ul></body></html>";
        let pairs = words_back(html);
        let expected = [
            ("#", "<h1 class=\"t\">"),
            ("Data\u{a0}Analyst", "Data&nbsp;Analyst"),
            ("We\u{2019}re", "We&rsquo;re"),
            ("a", "a"),
            ("fast-paced", "fast</b>-paced"),
            ("team.", "team."),
            ("-", "<li>"),
            ("R&D", "R&amp;D"),
            ("&", "&amp;"),
            ("ops", "ops"),
            ("-", "<li>"),
            ("x\u{2019}y", "x&#8217;y"),
            ("\u{2019}z", "&#x2019;z"),
        ];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn layout_has_headings_paragraphs_and_bullets() {
        let html = "<h2>What you&rsquo;ll do</h2>\n<ul>\n  <li>Build things</li>\n  <li>Ship\n     them</li>\n</ul>\n<p>Line one<br>line two<br/><br>Para</p><table><tr><td>a</td><td>b</td></tr></table>";
        let (text, _) = to_text(html);
        assert_eq!(
            text,
            "## What you\u{2019}ll do\n\n- Build things\n- Ship them\n\nLine one\nline two\n\nPara\n\na b"
        );
        let found: Vec<&str> = crate::sentence::sentences(&text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            [
                "What you\u{2019}ll do",
                "Build things",
                "Ship them",
                "Line one\nline two",
                "Para",
                "a b"
            ]
        );
    }

    #[test]
    fn scripts_styles_and_attributes_never_reach_the_text() {
        let html = "<head><style>p { color: red }</style><script>document.title = 'pwned';</script></head>\
            <body><p onclick=\"alert(1)\">Hi <img src=x onerror=\"alert('xss')\">there \
            <a href=\"javascript:alert(2)\">apply</a></p><script>if (a < b) { x('</p>') }</script>\
            <noscript><p>enable js</p></noscript><template><p>hidden</p></template>\
            <svg><text>chart</text></svg><!-- a comment --><p>end</p></body>";
        let (text, _) = to_text(html);
        assert_eq!(text, "Hi there apply\n\nend");
    }

    #[test]
    fn entities_decode_like_a_browser() {
        let (text, _) = to_text(
            "<p>&amp; &lt;b&gt; &nbsp; &rsquo; &#8217; &#x2019; &mdash; &eacute; &notit; &amp &#0; R&D &bogus;</p>",
        );
        assert_eq!(
            text,
            "& <b> \u{a0} \u{2019} \u{2019} \u{2019} \u{2014} \u{e9} \u{ac}it; & \u{FFFD} R&D &bogus;"
        );
    }

    #[test]
    fn long_numeric_references_decode_whole() {
        let html = format!("<p>x&#{}65;y</p>", "0".repeat(100));
        let (text, map) = to_text(&html);
        assert_eq!(text, "xAy");
        assert_eq!(
            &html[map.orig_start(1)..map.orig_end(2)],
            format!("&#{}65;", "0".repeat(100))
        );
    }

    #[test]
    fn references_map_to_the_whole_reference() {
        let html = "<p>&notit; &amp;amp; &semi;;</p>";
        let pairs = words_back(html);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        assert_eq!(
            pairs,
            [
                ("\u{ac}it;", "&notit;"),
                ("&amp;", "&amp;amp;"),
                (";;", "&semi;;")
            ]
        );
        let (text, map) = to_text(html);
        // "¬" alone is the 4 bytes "&not".
        assert_eq!((map.orig_start(0), map.orig_end(2)), (3, 7));
        assert_eq!(&text[2..], "it; &amp; ;;");
    }

    #[test]
    fn positions_after_skipped_markup_map_past_it() {
        let html = "<p>one<!-- c --><span class=\"x\">two</span></p>";
        let (text, map) = to_text(html);
        assert_eq!(text, "onetwo");
        // The end of "one" is before the comment, the start of "two" after the tag.
        assert_eq!(map.orig_end(3), html.find("<!--").unwrap());
        assert_eq!(map.orig_start(3), html.find("two").unwrap());
        assert_eq!(map.orig_end(6), html.find("</span>").unwrap());
        assert_eq!(map.orig_start(0), 3);
    }

    #[test]
    fn inserted_breaks_and_markers_map_to_their_tags() {
        let html = "<p>a</p><ul><li>b</li></ul>";
        let (text, map) = to_text(html);
        assert_eq!(text, "a\n\n- b");
        assert_eq!(&html[map.orig_start(1)..map.orig_end(3)], "</p>");
        assert_eq!(&html[map.orig_start(3)..map.orig_end(5)], "<li>");
        assert_eq!(&html[map.orig_start(5)..map.orig_end(6)], "b");
    }

    #[test]
    fn pre_keeps_its_whitespace() {
        let html = "<p>a   b</p><pre>x   y\n  z</pre>";
        let (text, map) = to_text(html);
        assert_eq!(text, "a b\n\nx   y\n  z");
        let at = text.find('z').unwrap();
        assert_eq!(map.orig_start(at), html.find('z').unwrap());
    }

    #[test]
    fn unclosed_head_ends_at_body_content() {
        let (text, _) = to_text("<html><head><meta charset=utf-8><title>T</title><p>Body");
        assert_eq!(text, "Body");
        let (text, _) = to_text("<head><title>T</title>\nplain text");
        assert_eq!(text, "plain text");
    }

    #[test]
    fn malformed_html_never_panics() {
        for html in [
            "",
            "<",
            "&",
            "&#",
            "&#x",
            "<p",
            "</",
            "<script>",
            "<p>a<",
            "é&",
            "&é",
            "x<y",
            "<svg><svg></svg>a</svg>b",
            "&#99999999999999999999;",
            "<li><li><h7>x",
            "\u{FEFF}<p>\r\n</p>",
        ] {
            let (text, map) = to_text(html);
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k + 1..] {
                    let (s, e) = (map.orig_start(start), map.orig_end(end));
                    assert!(
                        s < e && e <= html.len(),
                        "{html:?}: {start}..{end} → {s}..{e}"
                    );
                    assert!(html.is_char_boundary(s) && html.is_char_boundary(e));
                }
            }
        }
    }

    const PIECES: &[&str] = &[
        "a",
        "Zé",
        " ",
        "\n",
        "\r\n",
        "&amp;",
        "&rsquo;",
        "&#8217;",
        "&#x2019;",
        "&notit;",
        "&",
        "&amp",
        "&semi;",
        ";",
        "#",
        "x",
        "<b>",
        "</b>",
        "<span class=\"c\">",
        "<!-- c -->",
        "<",
        ">",
        "&nbsp;",
        "&#0;",
        "&bogus;",
    ];
    const BLOCK_PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<br>",
        "<h2>",
        "</h2>",
        "<td>",
        "<pre>",
        "</pre>",
        "<script>x<p>y</script>",
        "<style>p{}</style>",
    ];

    fn html_from(picks: &[usize], pieces: &[&str]) -> String {
        picks.iter().map(|&i| pieces[i % pieces.len()]).collect()
    }

    proptest::proptest! {
        #[test]
        fn inline_text_decodes_as_html5gum_does(picks in proptest::collection::vec(0usize..100, 0..40)) {
            let html = html_from(&picks, PIECES);
            let (text, _) = to_text(&html);
            let mut expected = Vec::new();
            for token in Tokenizer::new(html.as_str()).flatten() {
                if let Token::String(s) = token {
                    expected.extend_from_slice(&s);
                }
            }
            let squeeze = |b: &[u8]| {
                let kept: Vec<u8> = b.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
                String::from_utf8_lossy(&kept).into_owned()
            };
            proptest::prop_assert_eq!(squeeze(text.as_bytes()), squeeze(&expected));
        }

        #[test]
        fn words_map_back_in_order_inside_the_html(picks in proptest::collection::vec(0usize..100, 0..40)) {
            let pieces: Vec<&str> = PIECES.iter().chain(BLOCK_PIECES).copied().collect();
            let html = html_from(&picks, &pieces);
            let (text, map) = to_text(&html);
            let mut last_end = 0;
            let mut at = 0;
            for word in text.split_ascii_whitespace() {
                let start = at + text[at..].find(word).unwrap_or(0);
                let end = start + word.len();
                at = end;
                let (s, e) = (map.orig_start(start), map.orig_end(end));
                proptest::prop_assert!(last_end <= s && s < e && e <= html.len(), "{:?} in {:?}", word, html);
                proptest::prop_assert!(html.is_char_boundary(s) && html.is_char_boundary(e));
                last_end = e;
            }
        }
    }

    #[test]
    fn sniffs_documents_and_fragments() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html(b"<HTML lang=en>"));
        assert!(looks_like_html(b"<p>We are hiring.</p>"));
        assert!(looks_like_html(
            b"Senior engineer\n<div>About</div><ul><li>Rust</li></ul>"
        ));
        assert!(!looks_like_html(
            b"# Senior engineer\n\nWe use <T> generics."
        ));
        assert!(!looks_like_html(b"Senior engineer <br> and <p>aragraph"));
        assert!(!looks_like_html(b"<pre>x</pre> plain"));
        assert!(!looks_like_html(b""));
    }
}
