//! The compiled rule set and the scan that turns a document into hits.

use std::ops::Range;
use std::sync::OnceLock;

use crate::document::Document;
use crate::matcher::{BuildError, Matcher, Part, Speed};
use crate::rules::{Rule, RuleSet};
use crate::text::Normalized;
use crate::Error;

/// Rules compiled for matching. Build once, analyse many documents.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: RuleSet,
    /// Rule phrases: what `scan` runs.
    matcher: Matcher,
    /// Role signals: run only for role matching; built on first use when the
    /// engine was made for scanning alone.
    signals: OnceLock<Matcher>,
    speed: Speed,
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
}

impl Engine {
    /// Compiles `rules` with an automaton that builds fast (right for a few postings).
    pub fn new(rules: RuleSet) -> Result<Self, Error> {
        Self::with_speed(rules, Speed::Startup)
    }

    /// Compiles `rules` with the automata chosen by `speed`. The rule and the
    /// role automata are built on two threads.
    pub fn with_speed(rules: RuleSet, speed: Speed) -> Result<Self, Error> {
        let (matcher, signals) = std::thread::scope(|s| {
            let roles = s.spawn(|| Matcher::new(&rules, Part::Roles, speed));
            let matcher = Matcher::new(&rules, Part::Rules, speed);
            let signals = roles.join().unwrap_or_else(|_| Err(BuildError::panicked()));
            (matcher, signals)
        });
        Ok(Engine {
            matcher: matcher?,
            signals: OnceLock::from(signals?),
            speed,
            rules,
        })
    }

    /// Compiles only what [`Engine::scan`] needs; role matching (for
    /// [`Engine::analyze`]) is compiled on first use.
    pub fn scanner(rules: RuleSet, speed: Speed) -> Result<Self, Error> {
        Ok(Engine {
            matcher: Matcher::new(&rules, Part::Rules, speed)?,
            signals: OnceLock::new(),
            speed,
            rules,
        })
    }

    /// The rules this engine was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Finds every rule match in `doc`: one pass of one automaton.
    pub fn scan<'a>(&'a self, doc: &'a Document) -> Scan<'a> {
        self.scan_normalized(doc, &Normalized::new(doc.text()))
    }

    pub(crate) fn scan_normalized<'a>(&'a self, doc: &'a Document, norm: &Normalized) -> Scan<'a> {
        let found = self.matcher.find(norm.as_str());
        let map = norm.map();
        let spans: Vec<Range<usize>> = found
            .hits
            .iter()
            .map(|h| map.orig_start(h.start)..map.orig_end(h.end))
            .collect();
        // Hits are in text order, so columns are counted on incrementally.
        let positions = doc.line_cols(spans.iter().map(|s| s.start));
        let hits = found
            .hits
            .iter()
            .zip(spans)
            .zip(positions)
            .map(|((h, span), (line, column))| Hit {
                rule: &self.rules.rules[h.rule],
                input: doc.input_range(span.clone()),
                text: doc.text().get(span.clone()).unwrap_or_default(),
                span,
                line,
                column,
            })
            .collect();
        Scan { hits }
    }

    /// Every role signal in the normalised text of a document.
    pub(crate) fn signals(&self, norm: &Normalized) -> Result<Vec<SignalHit>, Error> {
        let matcher = match self.signals.get() {
            Some(m) => m,
            None => {
                let built = Matcher::new(&self.rules, Part::Roles, self.speed)?;
                self.signals.get_or_init(|| built)
            }
        };
        let map = norm.map();
        Ok(matcher
            .find(norm.as_str())
            .signals
            .iter()
            .map(|s| SignalHit {
                role: s.role,
                keyword_weight: s.keyword_weight,
                span: map.orig_start(s.start)..map.orig_end(s.end),
            })
            .collect())
    }
}
