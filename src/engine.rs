//! The compiled rule set and the scan that turns a document into hits.

use std::ops::Range;
use std::sync::OnceLock;

use crate::combo::{ComboHit, ComboIndex};
use crate::document::Document;
use crate::matcher::{Found, Matcher, Part, RawHit, Signal, Speed};
use crate::rules::{Rule, RuleSet};
use crate::suppress::{self, Notice, Policy};
use crate::text::{Normalized, OffsetMap};
use crate::Error;

/// Rules compiled for matching. Build once, analyse many documents.
#[derive(Debug, Clone)]
pub struct Engine {
    rules: RuleSet,
    /// Rule phrases (an engine made by [`Engine::scanner`]), or rule phrases
    /// and role signals, found in one pass.
    matcher: Matcher,
    /// Which combination-rule members each rule fills.
    pub(crate) combo_index: ComboIndex,
    /// Rule phrases and role signals, when `matcher` holds only the rules:
    /// built on first use.
    combined: OnceLock<Matcher>,
    speed: Speed,
}

/// What the automaton found in one document, before it is turned into hits.
#[derive(Debug)]
pub(crate) struct Matched {
    found: Found,
    map: OffsetMap,
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
    /// The automaton's pattern: the same for two signals exactly when their
    /// normalised text is the same.
    pub(crate) pattern: usize,
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
    /// Compiles `rules` for the quickest start (right for a few postings).
    pub fn new(rules: RuleSet) -> Result<Self, Error> {
        Self::with_speed(rules, Speed::Startup)
    }

    /// Compiles `rules` for the search chosen by `speed`: the rules and the
    /// role signals together, so analysis is one pass.
    pub fn with_speed(rules: RuleSet, speed: Speed) -> Result<Self, Error> {
        Ok(Engine {
            matcher: Matcher::new(&rules, Part::RulesAndRoles, speed)?,
            combo_index: ComboIndex::new(&rules),
            combined: OnceLock::new(),
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
            combined: OnceLock::new(),
            speed,
            rules,
        })
    }

    /// The rules this engine was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Finds every rule match in `doc`: one pass over its text. The
    /// posting's own `jdx-disable` directives apply.
    pub fn scan<'a>(&'a self, doc: &'a Document) -> Scan<'a> {
        self.scan_with(doc, &Policy::default())
    }

    /// [`Engine::scan`] under `policy` (rules, categories and weights turned off).
    pub fn scan_with<'a>(&'a self, doc: &'a Document, policy: &Policy) -> Scan<'a> {
        let Matched { found, map } = pass(&self.matcher, doc);
        self.scan_found(doc, found.hits, &map, policy)
    }

    /// The scan and, when `with_signals`, the role signals (for analysis):
    /// one pass over a normalised copy, freed before the hits are made.
    pub(crate) fn scan_and_signals<'a>(
        &'a self,
        doc: &'a Document,
        policy: &Policy,
        with_signals: bool,
    ) -> Result<(Scan<'a>, Vec<SignalHit>), Error> {
        let matched = self.match_text(doc, with_signals)?;
        Ok(self.finish_scan(doc, matched, policy))
    }

    /// The automaton's pass over `doc` (the first half of
    /// [`Engine::scan_and_signals`]): what it finds and the map back to the text.
    pub(crate) fn match_text(&self, doc: &Document, with_signals: bool) -> Result<Matched, Error> {
        let matcher = match with_signals {
            true => self.combined_matcher()?,
            false => &self.matcher,
        };
        Ok(pass(matcher, doc))
    }

    /// The second half of [`Engine::scan_and_signals`]: hits, suppression,
    /// combos and role signals from what the pass found.
    pub(crate) fn finish_scan<'a>(
        &'a self,
        doc: &'a Document,
        Matched { found, map }: Matched,
        policy: &Policy,
    ) -> (Scan<'a>, Vec<SignalHit>) {
        let signals = found.signals.iter().map(|s| signal_hit(s, &map)).collect();
        (self.scan_found(doc, found.hits, &map, policy), signals)
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
        // Hits are in text order: offsets are mapped and columns counted on
        // from one hit to the next, in linear time.
        let mut cursor = map.cursor();
        let spans: Vec<Range<usize>> = found
            .iter()
            .map(|h| cursor.start(h.start)..cursor.end(h.end))
            .collect();
        let positions = doc.line_cols(spans.iter().map(|s| s.start));
        let hits = found
            .into_iter()
            .zip(spans)
            .zip(positions)
            .map(|((h, span), (line, column))| Hit {
                rule: &self.rules.rules[h.rule],
                rule_index: h.rule,
                input: doc.input_range(span.clone()),
                text: doc.text().get(span.clone()).unwrap_or_default(),
                span,
                line,
                column,
            })
            .collect();
        let mut scan = suppress::apply(&self.rules, doc, hits, policy);
        scan.combos = self.find_combos(doc, &scan.hits, policy);
        scan
    }

    /// The automaton of rules and role signals: built on first use for an
    /// engine made by [`Engine::scanner`].
    fn combined_matcher(&self) -> Result<&Matcher, Error> {
        if self.matcher.part == Part::RulesAndRoles {
            return Ok(&self.matcher);
        }
        Ok(match self.combined.get() {
            Some(m) => m,
            None => {
                let built = Matcher::new(&self.rules, Part::RulesAndRoles, self.speed)?;
                self.combined.get_or_init(|| built)
            }
        })
    }
}

/// One pass of `matcher` over a normalised copy of `doc`'s text. The copy is
/// as large as the input: it is freed here, before any hit is made.
fn pass(matcher: &Matcher, doc: &Document) -> Matched {
    let norm = Normalized::new(doc.text());
    let found = matcher.find(norm.as_str());
    Matched {
        found,
        map: norm.into_map(),
    }
}

fn signal_hit(s: &Signal, map: &OffsetMap) -> SignalHit {
    SignalHit {
        role: s.role,
        keyword_weight: s.keyword_weight,
        span: map.orig_start(s.start)..map.orig_end(s.end),
        pattern: s.pattern,
    }
}
