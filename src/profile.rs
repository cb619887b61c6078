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

/// Every role ranked best first (ties by id).
pub fn rank<'a>(
    rules: &'a RuleSet,
    doc: &Document,
    signals: &[SignalHit],
    hits: &[Hit<'a>],
) -> Vec<RoleScore<'a>> {
    let title_lines = title_lines(doc);
    let mut points = vec![0u32; rules.roles.len()];
    // Per role: title lines seen, body title mentions, mentions per keyword.
    let mut lines_seen: Vec<Vec<usize>> = vec![Vec::new(); rules.roles.len()];
    let mut body_titles = vec![0u32; rules.roles.len()];
    let mut keyword_mentions: BTreeMap<(usize, String), u32> = BTreeMap::new();
    for s in signals {
        let line = doc.line_of(s.span.start);
        match s.keyword_weight {
            None if title_lines.binary_search(&line).is_ok() => {
                let seen = &mut lines_seen[s.role];
                if !seen.contains(&line) && (seen.len() as u32) < TITLE_LINES_COUNTED {
                    seen.push(line);
                    points[s.role] += TITLE_LINE_POINTS;
                }
            }
            None => {
                if body_titles[s.role] < TITLE_BODY_COUNTED {
                    body_titles[s.role] += 1;
                    points[s.role] += TITLE_BODY_POINTS;
                }
            }
            Some(weight) => {
                let text = doc.text().get(s.span.clone()).unwrap_or_default();
                let key = (s.role, Normalized::new(text).as_str().to_owned());
                let n = keyword_mentions.entry(key).or_default();
                if *n < KEYWORD_MENTIONS_COUNTED {
                    *n += 1;
                    points[s.role] += u32::from(weight);
                }
            }
        }
    }
    for hit in hits {
        for (role_id, &w) in &hit.rule.roles {
            if let Some(i) = rules.roles.iter().position(|r| r.id == *role_id) {
                points[i] += u32::from(w);
            }
        }
    }
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

fn percent(points: u32) -> u8 {
    (99.0 * (1.0 - (-f64::from(points) / MATCH_SCALE).exp())).round() as u8
}

/// 1-based numbers of the lines that look like a posting's title or headings.
fn title_lines(doc: &Document) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut first_seen = false;
    for n in 1..=doc.line_count() {
        let t = doc.line(n).trim_start();
        let is_first = !first_seen && !t.is_empty();
        first_seen |= !t.is_empty();
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
        if is_first || t.starts_with('#') || html_heading || labelled {
            lines.push(n);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_saturates_below_100() {
        assert_eq!(percent(0), 0);
        assert!(percent(25) > 60 && percent(25) < 65);
        assert_eq!(percent(10_000), 99);
    }

    #[test]
    fn title_lines_are_first_line_headings_and_labels() {
        let doc = Document::new("\n  Senior SDET\nbody\n## About\nTitle: QA\nmore");
        assert_eq!(title_lines(&doc), [2, 4, 5]);
    }
}
