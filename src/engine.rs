//! The compiled rule set and the scan that turns a document into hits.

use std::ops::Range;

use crate::document::Document;
use crate::matcher::{Matcher, Speed};
use crate::rules::{Rule, RuleSet};
use crate::text::Normalized;
use crate::Error;

/// Rules compiled for matching. Build once, analyse many documents.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: RuleSet,
    matcher: Matcher,
}

/// One match of a rule in a document.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    /// The rule that matched.
    pub rule: &'a Rule,
    /// Byte range into the input as read (a BOM and invalid bytes counted).
    pub input: Range<usize>,
    /// Byte range into [`Document::text`].
    pub span: Range<usize>,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// The text as written.
    pub text: &'a str,
}

/// A role signal found in a document (a title pattern or a keyword of a role).
#[derive(Debug, Clone)]
pub struct SignalHit {
    /// Index into [`RuleSet::roles`].
    pub role: usize,
    /// `None` for a title pattern or alias, else the keyword's weight.
    pub keyword_weight: Option<u8>,
    /// Byte range into [`Document::text`].
    pub span: Range<usize>,
}

/// Everything one pass of the matcher finds in a document.
#[derive(Debug, Clone)]
pub struct Scan<'a> {
    /// Rule matches, in text order, never overlapping.
    pub hits: Vec<Hit<'a>>,
    /// Role signals, in text order.
    pub signals: Vec<SignalHit>,
}

impl Engine {
    /// Compiles `rules` with an automaton that builds fast (right for a few postings).
    pub fn new(rules: RuleSet) -> Result<Self, Error> {
        Self::with_speed(rules, Speed::Startup)
    }

    /// Compiles `rules` with the automaton chosen by `speed`.
    pub fn with_speed(rules: RuleSet, speed: Speed) -> Result<Self, Error> {
        let matcher = Matcher::new(&rules, speed)?;
        Ok(Engine { rules, matcher })
    }

    /// The rules this engine was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Finds every rule match and role signal in `doc`.
    pub fn scan<'a>(&'a self, doc: &'a Document) -> Scan<'a> {
        let norm = Normalized::new(doc.text());
        let found = self.matcher.find(norm.as_str());
        let map = norm.map();
        let hits = found
            .hits
            .iter()
            .map(|h| {
                let span = map.orig_start(h.start)..map.orig_end(h.end);
                let (line, column) = doc.line_col(span.start);
                Hit {
                    rule: &self.rules.rules[h.rule],
                    input: doc.input_range(span.clone()),
                    text: doc.text().get(span.clone()).unwrap_or_default(),
                    span,
                    line,
                    column,
                }
            })
            .collect();
        let signals = found
            .signals
            .iter()
            .map(|s| SignalHit {
                role: s.role,
                keyword_weight: s.keyword_weight,
                span: map.orig_start(s.start)..map.orig_end(s.end),
            })
            .collect();
        Scan { hits, signals }
    }
}
