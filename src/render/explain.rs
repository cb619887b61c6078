//! `jdx explain` as text: the rules that match, and why an expected one does not.

use std::io::{self, Write};

use serde::Serialize;

use super::json::SCHEMA;
use super::{sanitize, Palette};
use crate::explain::{Explanation, Nearest, Reason};

/// Writes `e`.
pub fn text(w: &mut dyn Write, e: &Explanation, p: &Palette) -> io::Result<()> {
    let (s, d, b, c, g) = (p.strong, p.dim, p.buzzword, p.category, p.plain);
    let heading = match e.matches.len() {
        0 => "no rule matches".to_owned(),
        1 => "1 rule matches".to_owned(),
        n => format!("{n} rules match"),
    };
    let fires = match e.combos.len() {
        0 => String::new(),
        1 => ", 1 combination rule fires".to_owned(),
        n => format!(", {n} combination rules fire"),
    };
    writeln!(w, "{s}{heading}{fires}{s:#}")?;
    let combos = e.combos.iter().map(|m| (m, " (combination)"));
    for (m, kind) in e.matches.iter().map(|m| (m, "")).chain(combos) {
        writeln!(
            w,
            "  {c}{}{c:#}/{}{kind}  {b}\"{}\"{b:#} → {g}{}{g:#}",
            m.category,
            m.rule,
            sanitize(&collapse(&m.text)),
            m.plain
        )?;
    }
    if let Some(x) = &e.expected {
        writeln!(w)?;
        match x.matched {
            true => writeln!(w, "{s}rule {} matches{s:#}", x.rule)?,
            false => writeln!(w, "{s}rule {} does not match{s:#}", x.rule)?,
        }
        if !x.matched && x.reasons.is_empty() {
            writeln!(w, "  {d}no reason found{d:#}")?;
        }
        for r in &x.reasons {
            writeln!(w, "  why: {}", reason(r, p))?;
        }
        if !x.nearest.is_empty() {
            writeln!(w, "  {s}its nearest variants{s:#}")?;
            nearest(w, &x.nearest, p)?;
        }
    }
    if !e.nearest.is_empty() {
        writeln!(w, "{s}nearest variants{s:#}")?;
        nearest(w, &e.nearest, p)?;
    }
    Ok(())
}

/// Whitespace runs as one space, so a match over a line break stays on one line.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn reason(r: &Reason, p: &Palette) -> String {
    let b = p.buzzword;
    let q = |t: &str| format!("{b}\"{}\"{b:#}", sanitize(&collapse(t)));
    match r {
        Reason::InsideWord { variant, word } => format!(
            "the variant \"{variant}\" is inside the word {} (rules match whole words; a hyphen joins words)",
            q(word)
        ),
        Reason::Exception { exception, text } => format!(
            "an exception of the rule covers it: \"{exception}\" matches {}",
            q(text)
        ),
        Reason::Overlap { rule, text } => format!(
            "rule {rule} took the text first: it matches {} (leftmost, then longest, wins)",
            q(text)
        ),
        Reason::Suppressed { text } => format!(
            "a jdx-disable directive in the text suppresses its match {}",
            q(text)
        ),
        Reason::Absent => "none of its variants is in the text".to_owned(),
        Reason::Inflection { variant, text } => format!(
            "{} differs from the variant \"{variant}\" only in its ending: that inflection is not declared (add it with {{a|b}} in a phrase)",
            q(text)
        ),
    }
}

fn nearest(w: &mut dyn Write, list: &[Nearest], p: &Palette) -> io::Result<()> {
    let d = p.dim;
    let rule_w = list
        .iter()
        .map(|n| n.rule.chars().count())
        .max()
        .unwrap_or(0);
    let variant_w = list
        .iter()
        .map(|n| n.variant.chars().count() + 2)
        .max()
        .unwrap_or(0);
    writeln!(
        w,
        "  {d}{:>8}  {:<rule_w$}  {:<variant_w$}  text{d:#}",
        "distance", "rule", "variant"
    )?;
    for n in list {
        writeln!(
            w,
            "  {:>8}  {:<rule_w$}  {:<variant_w$}  \"{}\"",
            n.distance,
            n.rule,
            format!("\"{}\"", n.variant),
            sanitize(&collapse(&n.text))
        )?;
    }
    Ok(())
}

/// Writes `e` as one JSON object: `schema`, then the explanation's keys.
pub fn json(w: &mut dyn Write, e: &Explanation) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema: &'static str,
        #[serde(flatten)]
        explanation: &'a Explanation,
    }
    let doc = Doc {
        schema: SCHEMA,
        explanation: e,
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
