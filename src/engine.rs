//! The compiled rule set and the scan that turns a document into hits.

use std::ops::Range;
use std::sync::OnceLock;

use crate::combo::{ComboHit, ComboIndex};
use crate::document::Document;
use crate::matcher::{BuildError, Matcher, Part, RawHit, Signal, Speed};
use crate::rules::{Rule, RuleSet};
use crate::suppress::{self, Notice, Policy};
use crate::text::{Normalized, OffsetMap};
use crate::Error;

/// Rules compiled for matching. Build once, analyse many documents.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: RuleSet,
    /// Rule phrases: what `scan` runs.
    matcher: Matcher,
    /// Which combination-rule members each rule fills.
    pub(crate) combo_index: ComboIndex,
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
    /// Index of `rule` in the engine's rule set (for combination rules).
    pub(crate) rule_index: usize,
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

/// Everything one pass of the matcher finds in a document, split by the
/// posting's `jdx-disable` directives and the [`Policy`] (see [`crate::suppress`]).
#[derive(Debug, Clone)]
pub struct Scan<'a> {
    /// Rule matches that count, in text order, never overlapping.
    pub hits: Vec<Hit<'a>>,
    /// Matches a directive of the posting suppresses, in text order: reported
    /// (with `"suppressed": true` in JSON), never counted.
    pub suppressed: Vec<Hit<'a>>,
    /// Directive problems and unused suppressions, in source order.
    pub notices: Vec<Notice>,
    /// Combination rules that fire on the matches that count, in text order
    /// of their first member.
    pub combos: Vec<ComboHit<'a>>,
}

impl<'a> Scan<'a> {
    /// Every reported match in text order, with whether it is suppressed.
    pub fn all(&self) -> impl Iterator<Item = (&Hit<'a>, bool)> {
        in_order(&self.hits, &self.suppressed)
    }
}

/// Counting and suppressed matches merged into text order, with whether each is suppressed.
pub fn in_order<'h, 'a>(
    hits: &'h [Hit<'a>],
    suppressed: &'h [Hit<'a>],
) -> impl Iterator<Item = (&'h Hit<'a>, bool)> {
    let (mut a, mut b) = (hits.iter().peekable(), suppressed.iter().peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.span.start < x.span.start => b.next().map(|h| (h, true)),
        (Some(_), _) => a.next().map(|h| (h, false)),
        (None, _) => b.next().map(|h| (h, true)),
    })
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
            combo_index: ComboIndex::new(&rules),
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
            combo_index: ComboIndex::new(&rules),
            signals: OnceLock::new(),
            speed,
            rules,
        })
    }

    /// The rules this engine was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Finds every rule match in `doc`: one pass of one automaton. The
    /// posting's own `jdx-disable` directives apply.
    pub fn scan<'a>(&'a self, doc: &'a Document) -> Scan<'a> {
        self.scan_with(doc, &Policy::default())
    }

    /// [`Engine::scan`] under `policy` (rules, categories and weights turned off).
    pub fn scan_with<'a>(&'a self, doc: &'a Document, policy: &Policy) -> Scan<'a> {
        let norm = Normalized::new(doc.text());
        let found = self.matcher.find(norm.as_str()).hits;
        // The normalised copy is as large as the input: freed before the hits are made.
        self.scan_found(doc, found, &norm.into_map(), policy)
    }

    /// The scan and, when `with_signals`, the role signals (for analysis):
    /// both automata run over one normalised copy, freed before the hits are made.
    pub(crate) fn scan_and_signals<'a>(
        &'a self,
        doc: &'a Document,
        policy: &Policy,
        with_signals: bool,
    ) -> Result<(Scan<'a>, Vec<SignalHit>), Error> {
        let norm = Normalized::new(doc.text());
        let found = self.matcher.find(norm.as_str()).hits;
        let raw = match with_signals {
            true => self.signal_matcher()?.find(norm.as_str()).signals,
            false => Vec::new(),
        };
        let map = norm.into_map();
        let signals = raw.iter().map(|s| signal_hit(s, &map)).collect();
        Ok((self.scan_found(doc, found, &map, policy), signals))
    }

    /// Turns the matcher's hits into [`Hit`]s and decides which count. Memory
    /// per match is what bounds a scan of a huge input, so no list is kept
    /// that is not needed.
    fn scan_found<'a>(
        &'a self,
        doc: &'a Document,
        found: Vec<RawHit>,
        map: &OffsetMap,
        policy: &Policy,
    ) -> Scan<'a> {
        // Hits are in text order, so columns are counted on incrementally.
        let positions = doc.line_cols(found.iter().map(|h| map.orig_start(h.start)));
        let hits = found
            .into_iter()
            .zip(positions)
            .map(|(h, (line, column))| {
                let span = map.orig_start(h.start)..map.orig_end(h.end);
                Hit {
                    rule: &self.rules.rules[h.rule],
                    rule_index: h.rule,
                    input: doc.input_range(span.clone()),
                    text: doc.text().get(span.clone()).unwrap_or_default(),
                    span,
                    line,
                    column,
                }
            })
            .collect();
        let mut scan = suppress::apply(&self.rules, doc, hits, policy);
        scan.combos = self.find_combos(doc, &scan.hits, policy);
        scan
    }

    /// The role automaton, built on first use for an engine made by [`Engine::scanner`].
    fn signal_matcher(&self) -> Result<&Matcher, Error> {
        Ok(match self.signals.get() {
            Some(m) => m,
            None => {
                let built = Matcher::new(&self.rules, Part::Roles, self.speed)?;
                self.signals.get_or_init(|| built)
            }
        })
    }
}

fn signal_hit(s: &Signal, map: &OffsetMap) -> SignalHit {
    SignalHit {
        role: s.role,
        keyword_weight: s.keyword_weight,
        span: map.orig_start(s.start)..map.orig_end(s.end),
    }
}
