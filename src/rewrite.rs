//! `jdx rewrite`: the posting with each buzzword swapped for its rule's drop-in
//! replacement (the rule key `replace`), everything else left byte for byte.
//!
//! ```
//! use jdx::{Document, Engine, RuleSet};
//!
//! let engine = Engine::new(RuleSet::builtin()?)?;
//! let doc = Document::new("We LEVERAGE a Fast-paced process.\r\n");
//! let hits = engine.scan(&doc).hits;
//! assert_eq!(
//!     jdx::rewrite::rewrite(doc.text(), &hits),
//!     "We USE a Busy process.\r\n"
//! );
//! # Ok::<(), jdx::Error>(())
//! ```

use crate::engine::Hit;
use crate::Document;

/// Returns `text` with every hit whose rule has a `replace` text replaced by
/// it, in the case of the original: an all-capitals match (two letters or
/// more) gets an upper-case replacement, a match starting with a capital gets
/// a capitalised one, anything else the replacement as written.
///
/// `hits` are those of one scan of a document whose text is `text` (their
/// `span`s index into it): in text order and not overlapping. A hit that does
/// not fit (out of order or out of range) is left as it is. Every byte outside
/// the replaced spans — line endings, a BOM, spacing — is kept.
pub fn rewrite(text: &str, hits: &[Hit<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for hit in hits {
        let Some(replacement) = hit.rule.replace.as_deref() else {
            continue;
        };
        let span = hit.span.clone();
        if span.start < copied {
            continue;
        }
        let (Some(before), Some(original)) = (text.get(copied..span.start), text.get(span.clone()))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str(&match_case(original, replacement));
        copied = span.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// [`rewrite`] for a whole document, in the form it was read: for a document
/// made from HTML the HTML is rewritten (the replacements escaped, and a match
/// that spans a tag or an entity left as it is), else its text.
///
/// A document whose bytes were not valid UTF-8 gets its (lossily decoded)
/// text rewritten, as there is no HTML to write back byte for byte.
pub fn rewrite_document(doc: &Document, hits: &[Hit<'_>]) -> String {
    if !doc.is_html() || doc.is_lossy() {
        return rewrite(doc.text(), hits);
    }
    let source = doc.source();
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    for hit in hits {
        let Some(replacement) = hit.rule.replace.as_deref() else {
            continue;
        };
        // Without lossy decoding the input range is a range of the HTML.
        let range = hit.input.clone();
        if range.start < copied {
            continue;
        }
        let (Some(before), Some(original)) =
            (source.get(copied..range.start), source.get(range.clone()))
        else {
            continue;
        };
        if original.contains(['<', '&']) {
            continue;
        }
        out.push_str(before);
        out.push_str(&escape_html(&match_case(original, replacement)));
        copied = range.end;
    }
    out.push_str(source.get(copied..).unwrap_or_default());
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `replacement` in the case of `original` (see [`rewrite`]).
pub fn match_case(original: &str, replacement: &str) -> String {
    let mut letters = original.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return replacement.to_owned();
    };
    let mut rest = letters.peekable();
    let all_caps = rest.peek().is_some() && first.is_uppercase() && rest.all(|c| !c.is_lowercase());
    if all_caps {
        return replacement.to_uppercase();
    }
    if first.is_uppercase() {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    replacement.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, RuleSet};

    fn rewritten(text: &str) -> String {
        let engine = Engine::new(RuleSet::builtin().unwrap()).unwrap();
        let doc = Document::new(text);
        let scan = engine.scan(&doc);
        rewrite(doc.text(), &scan.hits)
    }

    #[test]
    fn replaces_rules_with_a_replacement_and_keeps_the_rest() {
        assert_eq!(
            rewritten("We leverage world-class tools.\n"),
            "We use competent tools.\n"
        );
    }

    #[test]
    fn keeps_crlf_tabs_and_a_bom_byte_for_byte() {
        let text = "\u{feff}Title\r\n\r\n\tWe leverage  it.\r\nNothing else.\r\n";
        assert_eq!(
            rewritten(text),
            "\u{feff}Title\r\n\r\n\tWe use  it.\r\nNothing else.\r\n"
        );
    }

    #[test]
    fn follows_the_case_of_the_original() {
        assert_eq!(rewritten("Leverage it."), "Use it.");
        assert_eq!(rewritten("LEVERAGE IT."), "USE IT.");
        assert_eq!(match_case("Cutting-Edge", "modern"), "Modern");
        assert_eq!(match_case("cutting edge", "modern"), "modern");
        assert_eq!(match_case("AI", "machine learning"), "MACHINE LEARNING");
        assert_eq!(
            match_case("A", "one"),
            "One",
            "one capital letter is not all caps"
        );
        assert_eq!(
            match_case("über", "Über"),
            "Über",
            "a capital in the replacement stays"
        );
        assert_eq!(match_case("--", "x"), "x");
    }

    #[test]
    fn a_match_over_a_line_break_is_replaced_whole() {
        assert_eq!(
            rewritten("We build cutting\nedge tools."),
            "We build modern tools."
        );
    }

    #[test]
    fn rules_without_a_replacement_stay_as_written() {
        let engine = Engine::new(RuleSet::builtin().unwrap()).unwrap();
        let doc = Document::new("We are like a family and leverage it.");
        let scan = engine.scan(&doc);
        assert!(
            scan.hits.iter().any(|h| h.rule.replace.is_none()),
            "the example needs a rule without `replace`"
        );
        assert_eq!(
            rewrite(doc.text(), &scan.hits),
            "We are like a family and use it."
        );
    }

    #[test]
    fn html_is_rewritten_as_html() {
        let engine = Engine::new(RuleSet::builtin().unwrap()).unwrap();
        let html = "<html><body>\r\n<h1>Engineer</h1>\r\n<p>We <b>Leverage</b> a world-class&nbsp;stack and\r\n cutting-<i>edge</i> tools.</p>\r\n</body></html>\r\n";
        let doc = Document::from_html(html.to_owned());
        let hits = engine.scan(&doc).hits;
        assert_eq!(
            rewrite_document(&doc, &hits),
            "<html><body>\r\n<h1>Engineer</h1>\r\n<p>We <b>Use</b> a competent&nbsp;stack and\r\n cutting-<i>edge</i> tools.</p>\r\n</body></html>\r\n",
            "a match across a tag stays as written"
        );
        let text = Document::new("We leverage it.\r\n");
        let hits = engine.scan(&text).hits;
        assert_eq!(rewrite_document(&text, &hits), "We use it.\r\n");
    }

    #[test]
    fn no_hits_is_the_identity() {
        assert_eq!(rewrite("plain\r\ntext", &[]), "plain\r\ntext");
        assert_eq!(rewrite("", &[]), "");
    }
}
