//! `jdx roles [ID]`: list the role profiles, or show one whole.

use std::io::Write;

use clap::Args;
use jdx::render::json::SCHEMA;
use jdx::render::Palette;
use jdx::rules::Role;
use serde::Serialize;

use super::rules_cmd::{load, place, source, ListFormat};
use super::{Context, Exit, Failure};

/// `jdx roles`
#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Show this role's whole profile instead of the list
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// A role in the list.
#[derive(Serialize)]
struct RoleSummary<'a> {
    schema: &'static str,
    id: &'a str,
    title: &'a str,
    aliases: &'a [String],
    description: &'a str,
    source: String,
}

/// A whole profile.
#[derive(Serialize)]
struct RoleProfile<'a> {
    schema: &'static str,
    #[serde(flatten)]
    role: &'a Role,
    source: String,
}

pub fn run(cx: &mut Context, args: &RolesArgs) -> Result<Exit, Failure> {
    let rules = load(cx, &[]).map_err(jdx::Error::from)?;
    let Some(id) = &args.id else {
        list(&mut cx.out, &rules.roles, args.format, &cx.palette)?;
        cx.out.flush()?;
        return Ok(Exit::Success);
    };
    let Some(role) = rules.role(id) else {
        writeln!(cx.err, "jdx: unknown role `{id}` (see `jdx roles`)")?;
        return Ok(Exit::Failure);
    };
    let out = &mut cx.out;
    match args.format {
        ListFormat::Json => {
            let profile = RoleProfile {
                schema: SCHEMA,
                role,
                source: source(&role.origin),
            };
            serde_json::to_writer_pretty(&mut *out, &profile).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Text => profile(out, role, &cx.palette)?,
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn list(
    out: &mut dyn Write,
    roles: &[Role],
    format: ListFormat,
    p: &Palette,
) -> std::io::Result<()> {
    if format == ListFormat::Json {
        let list: Vec<RoleSummary<'_>> = roles
            .iter()
            .map(|r| RoleSummary {
                schema: SCHEMA,
                id: &r.id,
                title: &r.title,
                aliases: &r.aliases,
                description: &r.description,
                source: source(&r.origin),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        return writeln!(out);
    }
    let id_w = roles
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0);
    let title_w = roles
        .iter()
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(0);
    let (s, d) = (p.strong, p.dim);
    for r in roles {
        writeln!(
            out,
            "{s}{:<id_w$}{s:#}  {:<title_w$}  {d}aka {}{d:#}",
            r.id,
            r.title,
            r.aliases.join(", ")
        )?;
    }
    Ok(())
}

/// Every section of the profile, in record order.
fn profile(out: &mut dyn Write, r: &Role, p: &Palette) -> std::io::Result<()> {
    let s = p.strong;
    let builtin = match r.origin.builtin {
        true => " (built-in)",
        false => "",
    };
    writeln!(out, "{s}{}{s:#}: {}", r.id, r.title)?;
    writeln!(out, "  defined at  {}{builtin}", place(&r.origin))?;
    writeln!(out, "  {}", r.description)?;
    writeln!(out, "  aliases     {}", r.aliases.join(", "))?;
    writeln!(out, "{s}signals{s:#}")?;
    writeln!(out, "  titles      {}", r.signals.titles.join(", "))?;
    let keywords: Vec<String> = r
        .signals
        .keywords
        .iter()
        .map(|(k, w)| format!("{k} = {w}"))
        .collect();
    writeln!(out, "  keywords    {}", keywords.join(", "))?;
    writeln!(out, "{s}[01] org chart{s:#}")?;
    writeln!(out, "  reports to  {}", r.org_chart.reports_to)?;
    writeln!(out, "  pressure    {}", r.org_chart.pressure)?;
    writeln!(out, "{s}[02] habitat{s:#}")?;
    for h in &r.habitat {
        writeln!(out, "  - {h}")?;
    }
    writeln!(out, "{s}[03] salary{s:#}")?;
    writeln!(
        out,
        "  market average  {} {}",
        thousands(r.salary.market_average),
        r.salary.currency
    )?;
    writeln!(out, "  caveat          {}", r.salary.caveat)?;
    writeln!(out, "  quip            {}", r.salary.quip)?;
    let level = match r.flight_risk.base {
        0..40 => "LOW",
        40..70 => "MEDIUM",
        _ => "HIGH",
    };
    writeln!(out, "{s}[04] flight risk{s:#}")?;
    writeln!(out, "  base        {}% ({level})", r.flight_risk.base)?;
    writeln!(out, "  diagnosis   {}", r.flight_risk.diagnosis)?;
    writeln!(out, "{s}[05] metrics{s:#}")?;
    for m in &r.metrics {
        writeln!(out, "  - {}: {}", m.name, m.explanation)?;
    }
    writeln!(out, "{s}[06] weapons{s:#}")?;
    for w in &r.weapons {
        writeln!(out, "  - {}: {}", w.name, w.description)?;
    }
    writeln!(out, "{s}[07] survival: if engaged{s:#}")?;
    for line in &r.survival {
        writeln!(out, "  - {line}")?;
    }
    writeln!(out, "{s}[09] day in the life{s:#}")?;
    for slot in &r.day {
        writeln!(
            out,
            "  [{}] {}: {}",
            slot.time, slot.activity, slot.description
        )?;
    }
    writeln!(out, "{s}[10] complaints{s:#}")?;
    for c in &r.complaints {
        writeln!(out, "  - {} ({})", c.text, c.source)?;
    }
    Ok(())
}

/// 175000 → "175,000"
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(175_000), "175,000");
        assert_eq!(super::thousands(1_250_000), "1,250,000");
        assert_eq!(super::thousands(999), "999");
    }
}
