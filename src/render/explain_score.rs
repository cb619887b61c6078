//! `--explain-score` as text: the BS index rule by rule, the flight risk factor
//! by factor, the role match signal by signal.

use std::io::{self, Write};

use serde::Serialize;

use super::{sanitize, Palette};
use crate::explain_score::{
    IndexExplanation, RiskExplanation, RoleExplanation, RoleVotes, ScoreExplanation,
};
use crate::profile::VoteKind;

/// A JSON object with an `"explanation"` key after the keys of `inner`.
#[derive(Debug, Serialize)]
pub struct Explained<'a, T> {
    /// The document or row explained.
    #[serde(flatten)]
    pub inner: T,
    /// How its scores came about.
    pub explanation: &'a ScoreExplanation,
}

/// One input's explanation in `scan --format json --explain-score`.
#[derive(Debug, Serialize)]
pub struct FileExplanation<'a> {
    /// The input's name (`-` for standard input).
    pub file: &'a str,
    /// How its scores came about.
    #[serde(flatten)]
    pub explanation: &'a ScoreExplanation,
}

/// Writes `e`, every line starting with `indent`.
pub fn text(w: &mut dyn Write, e: &ScoreExplanation, indent: &str, p: &Palette) -> io::Result<()> {
    let s = p.strong;
    writeln!(w, "{indent}{s}SCORE EXPLANATION{s:#}")?;
    index(w, &e.bs_index, indent, p)?;
    if let Some(risk) = &e.flight_risk {
        flight_risk(w, risk, indent, p)?;
    }
    if let Some(role) = &e.role {
        role_match(w, role, indent, p)?;
    }
    Ok(())
}

fn index(w: &mut dyn Write, e: &IndexExplanation, indent: &str, p: &Palette) -> io::Result<()> {
    let (s, d, c) = (p.strong, p.dim, p.category);
    writeln!(
        w,
        "{indent}{s}BS INDEX {}{s:#}: load = 100 × {} / {} words = {:.2}; round(100 × (1 − e^(−{:.2}/16))) = {}",
        e.bs_index, e.weight, e.words, e.load, e.load, e.bs_index
    )?;
    if e.rules.is_empty() {
        return writeln!(w, "{indent}  {d}no matches: nothing adds to the load{d:#}");
    }
    writeln!(
        w,
        "{indent}  {d}{:>6}  {:>6}  {:>7}  {:>6}  rule{d:#}",
        "points", "weight", "matches", "load"
    )?;
    for r in &e.rules {
        writeln!(
            w,
            "{indent}  {s}{:>6}{s:#}  {:>6}  {:>7}  {:>6.2}  {c}{}{c:#}/{}{}",
            r.points,
            r.weight,
            r.matches,
            r.load,
            r.category,
            r.rule,
            if r.combo { " (combination)" } else { "" }
        )?;
    }
    writeln!(
        w,
        "{indent}  {d}points: the index shared out by weight (largest remainders round up), summing to {}{d:#}",
        e.bs_index
    )
}

fn flight_risk(
    w: &mut dyn Write,
    e: &RiskExplanation,
    indent: &str,
    p: &Palette,
) -> io::Result<()> {
    let (s, d, b) = (p.strong, p.dim, p.buzzword);
    writeln!(w, "{indent}{s}FLIGHT RISK {}% {}{s:#}", e.percent, e.level)?;
    writeln!(w, "{indent}  {:>6}  base of the {} profile", e.base, e.role)?;
    for f in &e.factors {
        let what = match &f.rule {
            Some(rule) => format!("red flag {rule} {b}\"{}\"{b:#}", sanitize(&f.text)),
            None => f.text.clone(),
        };
        writeln!(w, "{indent}  {:>6}  {what}", format!("+{}", f.points))?;
    }
    if e.capped > 0 {
        writeln!(w, "{indent}  {:>6}  capped at 99", format!("-{}", e.capped))?;
    }
    if !e.over_cap.is_empty() {
        writeln!(
            w,
            "{indent}  {d}no points (red-flag points at their cap): {}{d:#}",
            e.over_cap.join(", ")
        )?;
    }
    Ok(())
}

fn role_match(w: &mut dyn Write, e: &RoleExplanation, indent: &str, p: &Palette) -> io::Result<()> {
    let s = p.strong;
    let best = &e.best;
    write!(
        w,
        "{indent}{s}ROLE MATCH {} {}%{s:#} ({} points",
        best.role, best.percent, best.points
    )?;
    if e.forced {
        write!(w, ", forced with --role")?;
    }
    match &e.runner_up {
        Some(r) => writeln!(
            w,
            "); runner-up {} {}% ({} points); margin {} points, {}%",
            r.role, r.percent, r.points, e.margin_points, e.margin_percent
        )?,
        None => writeln!(w, "); no runner-up")?,
    }
    votes(w, best, indent, p)?;
    if let Some(r) = &e.runner_up {
        votes(w, r, indent, p)?;
    }
    Ok(())
}

fn votes(w: &mut dyn Write, r: &RoleVotes, indent: &str, p: &Palette) -> io::Result<()> {
    let (d, b) = (p.dim, p.buzzword);
    writeln!(w, "{indent}  {}", r.role)?;
    if r.votes.is_empty() {
        return writeln!(w, "{indent}    {d}no signal found{d:#}");
    }
    for v in &r.votes {
        let kind = match v.kind {
            VoteKind::TitleLine => "title line",
            VoteKind::Title => "title",
            VoteKind::Keyword => "keyword",
            VoteKind::Rule => "rule",
        };
        let signal = match v.kind {
            VoteKind::Rule => v.signal.clone(),
            _ => format!("{b}\"{}\"{b:#}", sanitize(&v.signal)),
        };
        let times = match v.count {
            1 => String::new(),
            n => format!(" ×{n}"),
        };
        writeln!(
            w,
            "{indent}    {:>6}  {kind:<10}  {signal}{times}",
            v.points
        )?;
    }
    Ok(())
}
