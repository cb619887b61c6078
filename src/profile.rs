//! Role matching: which profile a posting describes, from the signals one scan found.
//!
//! Points per role (documented in README.md):
//! - a title pattern, alias or title on a *title line* (the first non-blank
//!   line, a Markdown heading, an HTML `<h1>`/`<title>` line, or a line starting
//!   with `Title:`, `Job title:`, `Position:` or `Role:`): 12 per line, at most 2 lines;
//! - a title pattern elsewhere: 3 per mention, at most 3 mentions;
//! - a keyword: its weight per mention, at most 2 mentions of the same keyword;
//! - a phrase rule with a `roles` signal: that weight per match.
//!
//! `SYSTEM MATCH` is `round(99 × (1 − e^(−points / 25)))` percent. Ties are
//! broken by role id, so the choice is deterministic.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::engine::{Hit, SignalHit};
use crate::rules::{Role, RuleSet};
use crate::text::Normalized;
use crate::Document;

const TITLE_LINE_POINTS: u32 = 12;
const TITLE_LINES_COUNTED: u32 = 2;
const TITLE_BODY_POINTS: u32 = 3;
const TITLE_BODY_COUNTED: u32 = 3;
const KEYWORD_MENTIONS_COUNTED: u32 = 2;
const MATCH_SCALE: f64 = 25.0;

/// How well one role fits the posting.
#[derive(Debug, Clone, Serialize)]
pub struct RoleScore<'a> {
    /// The profile.
    #[serde(skip)]
    pub role: &'a Role,
    /// Raw points.
    pub points: u32,
    /// `SYSTEM MATCH`, 0..=99.
    pub percent: u8,
}

/// What kind of signal gave a role points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteKind {
    /// A title pattern, alias or title on a title line.
    TitleLine,
    /// A title pattern, alias or title elsewhere.
    Title,
    /// A body keyword.
    Keyword,
    /// A phrase rule's `roles` signal.
    Rule,
}

/// The points one signal gave one role, summed over its counted mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vote {
    /// What kind of signal it is.
    pub kind: VoteKind,
    /// The phrase found (normalised), or the rule id.
    pub signal: String,
    /// Mentions that counted (mentions over a cap do not).
    pub count: u32,
    /// Points they gave.
    pub points: u32,
}

/// Where a counted signal came from: a span of the document or a rule match.
enum Source<'s> {
    Span(&'s Range<usize>),
    Rule(&'s str),
}

/// Runs the point rules of the module docs over the signals and the hits,
/// calling `count(role, kind, source, points)` for every mention that counts.
/// [`rank`] sums the points; [`votes`] keeps them apart for the explanation.
fn tally(
    rules: &RuleSet,
    doc: &Document,
    signals: &[SignalHit],
    hits: &[Hit<'_>],
    mut count: impl FnMut(usize, VoteKind, Source<'_>, u32),
) {
    let title_lines = TitleLines::new(doc);
    // Per role: title lines seen, body title mentions, mentions per keyword.
    let mut lines_seen: Vec<Vec<usize>> = vec![Vec::new(); rules.roles.len()];
    let mut body_titles = vec![0u32; rules.roles.len()];
    // Keyed by pattern, which stands for the keyword's normalised text.
    let mut keyword_mentions: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for s in signals {
        let line = doc.line_of(s.span.start);
        match s.keyword_weight {
            None if title_lines.contains(line) => {
                let seen = &mut lines_seen[s.role];
                if !seen.contains(&line) && (seen.len() as u32) < TITLE_LINES_COUNTED {
                    seen.push(line);
                    count(
                        s.role,
                        VoteKind::TitleLine,
                        Source::Span(&s.span),
                        TITLE_LINE_POINTS,
                    );
                }
            }
            None => {
                if body_titles[s.role] < TITLE_BODY_COUNTED {
                    body_titles[s.role] += 1;
                    count(
                        s.role,
                        VoteKind::Title,
                        Source::Span(&s.span),
                        TITLE_BODY_POINTS,
                    );
                }
            }
            Some(weight) => {
                let n = keyword_mentions.entry((s.role, s.pattern)).or_default();
                if *n < KEYWORD_MENTIONS_COUNTED {
                    *n += 1;
                    count(
                        s.role,
                        VoteKind::Keyword,
                        Source::Span(&s.span),
                        u32::from(weight),
                    );
                }
            }
        }
    }
    for hit in hits {
        for (role_id, &w) in &hit.rule.roles {
            if let Some(i) = rules.roles.iter().position(|r| r.id == *role_id) {
                count(i, VoteKind::Rule, Source::Rule(&hit.rule.id), u32::from(w));
            }
        }
    }
}

/// Every role ranked best first (ties by id).
pub fn rank<'a>(
    rules: &'a RuleSet,
    doc: &Document,
    signals: &[SignalHit],
    hits: &[Hit<'a>],
) -> Vec<RoleScore<'a>> {
    let mut points = vec![0u32; rules.roles.len()];
    tally(rules, doc, signals, hits, |role, _, _, p| points[role] += p);
    let mut ranked: Vec<RoleScore<'a>> = rules
        .roles
        .iter()
        .zip(points)
        .map(|(role, points)| RoleScore {
            role,
            points,
            percent: percent(points),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then_with(|| a.role.id.cmp(&b.role.id))
    });
    ranked
}

/// What gave the role `role_id` its points in [`rank`], one [`Vote`] per
/// signal, most points first (ties by kind, then signal). Their points sum to
/// the role's.
pub fn votes(
    rules: &RuleSet,
    doc: &Document,
    signals: &[SignalHit],
    hits: &[Hit<'_>],
    role_id: &str,
) -> Vec<Vote> {
    let Some(wanted) = rules.roles.iter().position(|r| r.id == role_id) else {
        return Vec::new();
    };
    let mut by_signal: BTreeMap<(VoteKind, String), (u32, u32)> = BTreeMap::new();
    tally(rules, doc, signals, hits, |role, kind, source, points| {
        if role != wanted {
            return;
        }
        let signal = match source {
            Source::Span(span) => Normalized::new(doc.text().get(span.clone()).unwrap_or_default())
                .as_str()
                .to_owned(),
            Source::Rule(id) => id.to_owned(),
        };
        let entry = by_signal.entry((kind, signal)).or_default();
        entry.0 += 1;
        entry.1 += points;
    });
    let mut votes: Vec<Vote> = by_signal
        .into_iter()
        .map(|((kind, signal), (count, points))| Vote {
            kind,
            signal,
            count,
            points,
        })
        .collect();
    // The map is ordered by (kind, signal); a stable sort keeps that for ties.
    votes.sort_by_key(|v| std::cmp::Reverse(v.points));
    votes
}

fn percent(points: u32) -> u8 {
    (99.0 * (1.0 - (-f64::from(points) / MATCH_SCALE).exp())).round() as u8
}

/// Which lines look like a posting's title or headings: asked only of the
/// lines where a title pattern is found, not of every line.
struct TitleLines<'d> {
    doc: &'d Document,
    /// The first line that is not blank.
    first: Option<usize>,
}

impl<'d> TitleLines<'d> {
    fn new(doc: &'d Document) -> Self {
        let first = (1..=doc.line_count()).find(|&n| !doc.line(n).trim_start().is_empty());
        TitleLines { doc, first }
    }

    /// Whether 1-based line `n` is the first non-blank line, a heading or a
    /// labelled title.
    fn contains(&self, n: usize) -> bool {
        let t = self.doc.line(n).trim_start();
        let starts = |prefix: &str| {
            t.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        };
        let labelled = ["title:", "job title:", "position:", "role:"]
            .iter()
            .any(|p| starts(p));
        let html_heading = t.contains('<') && {
            let lower = t.to_ascii_lowercase();
            lower.contains("<h1") || lower.contains("<title")
        };
        self.first == Some(n) || t.starts_with('#') || html_heading || labelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_add_up_to_the_ranked_points_with_the_caps_applied() {
        let engine = crate::Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}")))
            .expect("compiles");
        let doc = Document::new(
            "# Data Scientist\n## Data Scientist\n## Data Scientist\n\
             SQL, SQL and SQL. A data scientist, a data scientist, a data scientist \
             and a data scientist run A/B testing.",
        );
        let (scan, signals) = engine
            .scan_and_signals(&doc, &crate::suppress::Policy::default(), true)
            .expect("signals");
        let hits = scan.hits;
        let ranked = rank(engine.rules(), &doc, &signals, &hits);
        for r in &ranked {
            let votes = votes(engine.rules(), &doc, &signals, &hits, &r.role.id);
            let sum: u32 = votes.iter().map(|v| v.points).sum();
            assert_eq!(sum, r.points, "{}", r.role.id);
        }
        let best = votes(engine.rules(), &doc, &signals, &hits, "data-scientist");
        let find = |kind: VoteKind, signal: &str| {
            best.iter()
                .find(|v| v.kind == kind && v.signal == signal)
                .unwrap_or_else(|| panic!("{kind:?} {signal} in {best:?}"))
        };
        let lines = find(VoteKind::TitleLine, "data scientist");
        assert_eq!(
            (lines.count, lines.points),
            (2, 24),
            "two title lines count"
        );
        let body = find(VoteKind::Title, "data scientist");
        assert_eq!(
            (body.count, body.points),
            (3, 9),
            "three body mentions count"
        );
        assert_eq!(
            find(VoteKind::Keyword, "sql").count,
            2,
            "two mentions a keyword"
        );
        assert!(votes(engine.rules(), &doc, &signals, &hits, "no-such-role").is_empty());
    }

    #[test]
    fn percent_saturates_below_100() {
        assert_eq!(percent(0), 0);
        assert!(percent(25) > 60 && percent(25) < 65);
        assert_eq!(percent(10_000), 99);
    }

    #[test]
    fn title_lines_are_first_line_headings_and_labels() {
        let doc = Document::new("\n  Senior SDET\nbody\n## About\nTitle: QA\nmore");
        let titles = TitleLines::new(&doc);
        let lines: Vec<usize> = (1..=doc.line_count())
            .filter(|&n| titles.contains(n))
            .collect();
        assert_eq!(lines, [2, 4, 5]);
    }
}
