//! `jdx diff` output: a before/after table with the matches removed and
//! added, or one JSON document.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{ComboJson, MatchJson, SCHEMA};
use super::{sanitize, Palette};
use crate::combo::ComboHit;
use crate::diff::Diff;
use crate::engine::Hit;
use crate::report::Summary;

/// A diff with the names of the two inputs.
#[derive(Debug, Clone, Copy)]
pub struct NamedDiff<'a> {
    /// The old version's name (`-` for standard input).
    pub old: &'a str,
    /// The new version's name.
    pub new: &'a str,
    /// What the engine found.
    pub diff: &'a Diff<'a>,
}

/// The table, then `REMOVED` and `ADDED` lines as `- file:line:col
/// category/rule "text"`; fewer buzzwords are shown as good news (the plain
/// style), more as bad (the alert style).
pub fn text(w: &mut dyn Write, d: &NamedDiff<'_>, p: &Palette) -> io::Result<()> {
    let (old, new) = (&d.diff.old, &d.diff.new);
    let (s, g, a) = (p.strong, p.plain, p.alert);
    writeln!(w, "{s}OLD{s:#}  {}", sanitize(d.old))?;
    writeln!(w, "{s}NEW{s:#}  {}", sanitize(d.new))?;
    if d.diff.is_unchanged() {
        let sc = &new.scores;
        return writeln!(
            w,
            "No change in scores, role or buzzwords: BS index {} ({}), density {}, {} matches, role {}.",
            sc.bs_index,
            sc.verdict,
            percent(sc.density),
            sc.matches,
            role(new)
        );
    }
    let rows = [
        (
            "BS index",
            format!("{} {}", old.scores.bs_index, old.scores.verdict),
            format!("{} {}", new.scores.bs_index, new.scores.verdict),
            delta(old.scores.bs_index.into(), new.scores.bs_index.into(), ""),
        ),
        (
            "density",
            percent(old.scores.density),
            percent(new.scores.density),
            change_in_points(old.scores.density, new.scores.density),
        ),
        (
            "matches",
            old.scores.matches.to_string(),
            new.scores.matches.to_string(),
            delta(old.scores.matches as i64, new.scores.matches as i64, ""),
        ),
        (
            "combos",
            old.scores.combos.to_string(),
            new.scores.combos.to_string(),
            delta(old.scores.combos as i64, new.scores.combos as i64, ""),
        ),
        (
            "words",
            old.scores.words.to_string(),
            new.scores.words.to_string(),
            delta(old.scores.words as i64, new.scores.words as i64, ""),
        ),
        ("role", role(old), role(new), role_change(old, new)),
    ];
    // Without combination rules on either side the row says nothing.
    let shown = |label: &str| label != "combos" || old.scores.combos + new.scores.combos > 0;
    let rows: Vec<_> = rows.into_iter().filter(|r| shown(r.0)).collect();
    let w1 = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let w2 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let w3 = rows.iter().map(|r| r.2.chars().count()).max().unwrap_or(0);
    writeln!(w)?;
    writeln!(
        w,
        "{:w1$}  {s}{:w2$}  {:w3$}  CHANGE{s:#}",
        "", "OLD", "NEW"
    )?;
    for (label, before, after, change) in &rows {
        // Less fog (BS index, density, matches) is good news; words and the
        // role are neither.
        let style = if matches!(*label, "words" | "role") || change.sign == 0 {
            anstyle::Style::new()
        } else if change.sign < 0 {
            g
        } else {
            a
        };
        writeln!(
            w,
            "{label:w1$}  {before:w2$}  {after:w3$}  {style}{}{style:#}",
            change.text
        )?;
    }
    let removed = Changed {
        file: d.old,
        hits: &d.diff.removed,
        combos: &d.diff.removed_combos,
        members: &old.hits,
    };
    let added = Changed {
        file: d.new,
        hits: &d.diff.added,
        combos: &d.diff.added_combos,
        members: &new.hits,
    };
    section(w, "REMOVED", '-', &removed, g, p)?;
    section(w, "ADDED", '+', &added, a, p)
}

/// The matches and combination firings one side has and the other lacks.
struct Changed<'a> {
    /// The side's input name.
    file: &'a str,
    hits: &'a [Hit<'a>],
    combos: &'a [ComboHit<'a>],
    /// The side's hits, which combination members index.
    members: &'a [Hit<'a>],
}

/// One section of changed matches, then changed combination firings (`a" +
/// "b"`), left out when empty.
fn section(
    w: &mut dyn Write,
    title: &str,
    mark: char,
    side: &Changed<'_>,
    style: anstyle::Style,
    p: &Palette,
) -> io::Result<()> {
    let count = side.hits.len() + side.combos.len();
    if count == 0 {
        return Ok(());
    }
    let (s, c, d) = (p.strong, p.category, p.dim);
    writeln!(w)?;
    writeln!(w, "{s}{title} ({count}){s:#}")?;
    let file = sanitize(side.file);
    for hit in side.hits {
        writeln!(
            w,
            "  {style}{mark}{style:#} {file}:{}:{}  {c}{}{c:#}/{d}{}{d:#}  {style}\"{}\"{style:#}",
            hit.line,
            hit.column,
            hit.rule.category,
            hit.rule.id,
            sanitize(&collapse(hit.text)),
        )?;
    }
    for fired in side.combos {
        let texts: Vec<String> = fired
            .members
            .iter()
            .map(|&i| format!("\"{}\"", sanitize(&collapse(side.members[i].text))))
            .collect();
        writeln!(
            w,
            "  {style}{mark}{style:#} {file}:{}:{}  {c}{}{c:#}/{d}{}{d:#} (combo)  {style}{}{style:#}",
            fired.line,
            fired.column,
            fired.combo.category,
            fired.combo.id,
            texts.join(" + "),
        )?;
    }
    Ok(())
}

/// Whitespace runs (line breaks included) as one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A change column's text and which way it went.
struct Change {
    text: String,
    sign: i64,
}

fn delta(old: i64, new: i64, unit: &str) -> Change {
    let d = new - old;
    Change {
        text: match d {
            0 => "0".to_owned(),
            _ => format!("{d:+}{unit}"),
        },
        sign: d.signum(),
    }
}

/// The change of a 0..=1 share, in percentage points to one decimal.
fn change_in_points(old: f64, new: f64) -> Change {
    let tenths = |x: f64| (x * 1000.0).round() as i64;
    let d = tenths(new) - tenths(old);
    let sign = match d.signum() {
        -1 => "-",
        1 => "+",
        _ => "",
    };
    Change {
        text: format!("{sign}{}.{} pts", d.abs() / 10, d.abs() % 10),
        sign: d.signum(),
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn role(s: &Summary<'_>) -> String {
    s.role.as_ref().map_or_else(
        || "none".to_owned(),
        |r| format!("{} {}%", sanitize(&r.role.title), r.percent),
    )
}

fn role_change(old: &Summary<'_>, new: &Summary<'_>) -> Change {
    match (&old.role, &new.role) {
        (Some(o), Some(n)) if o.role.id == n.role.id => {
            delta(o.percent.into(), n.percent.into(), " pts")
        }
        (None, None) => delta(0, 0, ""),
        _ => Change {
            text: "another role".to_owned(),
            sign: 1,
        },
    }
}

/// One side of the JSON diff: the keys of a `score` row without `schema`.
#[derive(Serialize)]
struct SideJson<'a> {
    file: &'a str,
    words: usize,
    matches: usize,
    density: f64,
    bs_index: u8,
    verdict: &'a str,
    role: Option<&'a str>,
    role_match: Option<u8>,
}

impl<'a> SideJson<'a> {
    fn new(file: &'a str, s: &'a Summary<'a>) -> Self {
        SideJson {
            file,
            words: s.scores.words,
            matches: s.scores.matches,
            density: s.scores.density,
            bs_index: s.scores.bs_index,
            verdict: s.scores.verdict,
            role: s.role.as_ref().map(|r| r.role.id.as_str()),
            role_match: s.role.as_ref().map(|r| r.percent),
        }
    }
}

/// New minus old.
#[derive(Serialize)]
struct ChangeJson {
    bs_index: i64,
    matches: i64,
    words: i64,
}

#[derive(Serialize)]
struct DiffJson<'a> {
    schema: &'static str,
    old: SideJson<'a>,
    new: SideJson<'a>,
    changed: bool,
    change: ChangeJson,
    removed: Vec<MatchJson<'a>>,
    added: Vec<MatchJson<'a>>,
    removed_combos: Vec<ComboJson<'a>>,
    added_combos: Vec<ComboJson<'a>>,
}

/// One JSON document (see `$defs/diff` in schema/jdx-1.schema.json).
pub fn json(w: &mut dyn Write, d: &NamedDiff<'_>) -> io::Result<()> {
    let (old, new) = (&d.diff.old.scores, &d.diff.new.scores);
    let doc = DiffJson {
        schema: SCHEMA,
        old: SideJson::new(d.old, &d.diff.old),
        new: SideJson::new(d.new, &d.diff.new),
        changed: !d.diff.is_unchanged(),
        change: ChangeJson {
            bs_index: i64::from(new.bs_index) - i64::from(old.bs_index),
            matches: new.matches as i64 - old.matches as i64,
            words: new.words as i64 - old.words as i64,
        },
        removed: d
            .diff
            .removed
            .iter()
            .map(|h| MatchJson::new(d.old, h))
            .collect(),
        added: d
            .diff
            .added
            .iter()
            .map(|h| MatchJson::new(d.new, h))
            .collect(),
        removed_combos: d
            .diff
            .removed_combos
            .iter()
            .map(|c| ComboJson::new(d.old, c, &d.diff.old.hits))
            .collect(),
        added_combos: d
            .diff
            .added_combos
            .iter()
            .map(|c| ComboJson::new(d.new, c, &d.diff.new.hits))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_and_points_have_one_decimal() {
        assert_eq!(delta(93, 41, "").text, "-52");
        assert_eq!(delta(80, 82, " pts").text, "+2 pts");
        assert_eq!(delta(4, 4, " pts").text, "0");
        assert_eq!(change_in_points(0.273, 0.081).text, "-19.2 pts");
        assert_eq!(change_in_points(0.05, 0.101).text, "+5.1 pts");
        assert_eq!(change_in_points(0.1, 0.1).text, "0.0 pts");
    }
}
