//! `jdx rules check|test|list|explain`: the rule author's tools.
//!
//! `check` and `test` take pack folders as arguments. With none they work on
//! everything loaded (the built-ins, plus any `--rules` packs). With folders
//! they load the built-ins (unless `--no-default-rules`), any `--rules` packs
//! and the folders, so a pack is checked and tested exactly as it will be used,
//! and report on what the folders define: their rules' examples, warnings about
//! their phrases, their `tests/` snapshot cases.

use std::io::Write;
use std::path::{Path, PathBuf};

use anstyle::Style;
use clap::{Args, Subcommand, ValueEnum};
use jdx::authoring::{check, snapshot};
use jdx::render::Palette;
use jdx::rules::{Combo, Origin, Rule};
use jdx::{Diagnostics, Engine, LoadOptions, RuleSet};
use serde::Serialize;

use super::{Context, Exit, Failure};

/// `jdx rules`
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate rule packs: every error located, and warnings about phrases that can never match
    #[command(
        after_help = "Without DIR, checks the built-in rules. With DIR, loads the built-ins (unless --no-default-rules) and the packs, and warns about what the packs define.\n\nExamples:\n  jdx rules check\n  jdx rules check my-pack\n  jdx --no-default-rules rules check my-pack"
    )]
    Check(CheckArgs),
    /// Run every rule's examples and counterexamples and each pack's snapshot cases (tests/NAME.txt + NAME.snap)
    #[command(
        after_help = "Without DIR, tests every loaded rule and the snapshot cases in ./rules/tests (if that folder exists). A new or changed snapshot is written as NAME.snap.new for review.\n\nExamples:\n  jdx rules test my-pack\n  jdx rules test my-pack --update\n  jdx rules test my-pack --accept"
    )]
    Test(TestArgs),
    /// List the loaded rules: id, category, weight, phrases
    #[command(
        after_help = "Examples:\n  jdx rules list\n  jdx rules list --category hype\n  jdx --rules my-pack rules list --format json"
    )]
    List(ListArgs),
    /// Show one rule: its phrases and every variant they expand to, examples, and where it is defined
    #[command(
        after_help = "Examples:\n  jdx rules explain leverage\n  jdx --rules my-pack rules explain rockstar"
    )]
    Explain(ExplainArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Pack folders to check (default: the built-in rules)
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Pack folders to test (default: everything loaded, and ./rules/tests)
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Write new and changed snapshots to NAME.snap instead of NAME.snap.new
    #[arg(long, conflicts_with_all = ["accept", "reject"])]
    pub update: bool,
    /// Accept the pending snapshots: rename each NAME.snap.new to NAME.snap (runs no tests)
    #[arg(long, conflicts_with = "reject")]
    pub accept: bool,
    /// Reject the pending snapshots: delete each NAME.snap.new (runs no tests)
    #[arg(long)]
    pub reject: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the rules of this category
    #[arg(long, value_name = "ID")]
    pub category: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `--format` of `rules list` and `roles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned text
    Text,
    /// A JSON array of objects
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id
    pub id: String,
}

pub fn run(cx: &mut Context, args: &RulesArgs) -> Result<Exit, Failure> {
    match &args.command {
        RulesCommand::Check(a) => run_check(cx, a),
        RulesCommand::Test(a) => run_test(cx, a),
        RulesCommand::List(a) => run_list(cx, a),
        RulesCommand::Explain(a) => run_explain(cx, a),
    }
}

/// Loads the built-ins (unless `--no-default-rules`), the packs of jdx.toml
/// and `--rules`, and `dirs`.
pub fn load(cx: &Context, dirs: &[PathBuf]) -> Result<RuleSet, Diagnostics> {
    let mut packs = cx.packs();
    packs.extend(dirs.iter().cloned());
    RuleSet::load(&LoadOptions {
        builtin: !cx.global.no_default_rules,
        packs,
        follow_links: cx.global.follow_links,
    })
}

/// Whether something defined at `origin` belongs to the packs under test
/// (everything, when no folder was named).
fn in_scope(dirs: &[PathBuf], origin: &Origin) -> bool {
    dirs.is_empty()
        || (!origin.builtin && dirs.iter().any(|d| Path::new(&origin.path).starts_with(d)))
}

/// "built-in rules" or the folders, for summaries.
fn subject(cx: &Context, dirs: &[PathBuf]) -> String {
    if !dirs.is_empty() {
        return dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
    }
    match (cx.global.no_default_rules, cx.packs().is_empty()) {
        (false, true) => "built-in rules".to_owned(),
        (false, false) => "built-in rules and --rules packs".to_owned(),
        (true, _) => "--rules packs".to_owned(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run_check(cx: &mut Context, args: &CheckArgs) -> Result<Exit, Failure> {
    let dirs = &args.dirs;
    let what = subject(cx, dirs);
    let loaded = load(cx, dirs);
    let out = &mut cx.out;
    let rules = match loaded {
        Ok(rules) => rules,
        Err(diags) => {
            for d in diags.0.iter().filter(|d| d.is_error() || !cx.global.quiet) {
                writeln!(out, "{d}\n")?;
            }
            let warnings = diags.0.len() - diags.error_count();
            writeln!(
                out,
                "{what}: {}, {}",
                plural(diags.error_count(), "error", "errors"),
                plural(warnings, "warning", "warnings")
            )?;
            out.flush()?;
            return Ok(Exit::Failure);
        }
    };
    let rule_count = rules
        .rules
        .iter()
        .filter(|r| in_scope(dirs, &r.origin))
        .count();
    let category_count = rules
        .categories
        .iter()
        .filter(|c| in_scope(dirs, &c.origin))
        .count();
    let role_count = rules
        .roles
        .iter()
        .filter(|r| in_scope(dirs, &r.origin))
        .count();
    let combo_count = rules
        .combos
        .iter()
        .filter(|c| in_scope(dirs, &c.origin))
        .count();
    let engine = Engine::new(rules)?;
    let mut warnings = engine.rules().warnings.clone();
    warnings.extend(check::overlaps(&engine, &mut check::Sources::new(), |r| {
        in_scope(dirs, &r.origin)
    }));
    let out = &mut cx.out;
    // `--quiet` leaves the warnings out of the report; the summary still counts them.
    for w in warnings.iter().filter(|_| !cx.global.quiet) {
        writeln!(out, "{w}\n")?;
    }
    // Combination rules are counted only where a pack has some.
    let combos = match combo_count {
        0 => String::new(),
        n => format!(", {}", plural(n, "combo", "combos")),
    };
    writeln!(
        out,
        "{what}: {}{combos}, {}, {}; 0 errors, {}",
        plural(rule_count, "rule", "rules"),
        plural(category_count, "category", "categories"),
        plural(role_count, "role", "roles"),
        plural(warnings.len(), "warning", "warnings")
    )?;
    out.flush()?;
    Ok(Exit::Success)
}

/// The `tests` folders whose snapshot cases a run covers.
fn tests_dirs(cx: &Context, dirs: &[PathBuf]) -> Vec<PathBuf> {
    if dirs.is_empty() {
        let builtin = Path::new("rules/tests");
        return match !cx.global.no_default_rules && builtin.is_dir() {
            true => vec![builtin.to_path_buf()],
            false => Vec::new(),
        };
    }
    dirs.iter().map(|d| d.join("tests")).collect()
}

fn run_test(cx: &mut Context, args: &TestArgs) -> Result<Exit, Failure> {
    let dirs = &args.dirs;
    let tests = tests_dirs(cx, dirs);
    if args.accept || args.reject {
        return review(cx, &tests, args.accept);
    }
    let rules = load(cx, dirs).map_err(jdx::Error::from)?;
    let engine = Engine::new(rules)?;
    let what = subject(cx, dirs);
    let palette = cx.palette;
    let (red, green) = (palette.alert, palette.plain);
    let out = &mut cx.out;
    let (mut passed, mut failed) = (0, 0);
    let cases = jdx::examples::run(&engine);
    let mut rules_tested = std::collections::BTreeSet::new();
    for case in cases.iter().filter(|c| in_scope(dirs, c.origin)) {
        rules_tested.insert((case.subject == jdx::examples::Subject::Combo, case.id));
        if case.passed() {
            passed += 1;
        } else {
            failed += 1;
            writeln!(out, "{red}FAILED{red:#}   {case}")?;
        }
    }
    writeln!(
        out,
        "{what}: {} of {}, {} failed",
        plural(
            passed + failed,
            "example or counterexample",
            "examples and counterexamples"
        ),
        plural(rules_tested.len(), "rule", "rules"),
        failed
    )?;
    for dir in &tests {
        for case in snapshot::cases(dir)? {
            let outcome = snapshot::run(&engine, &case, args.update)?;
            let style = match &outcome {
                snapshot::Outcome::Passed => green,
                o if o.passed() => palette.buzzword,
                _ => red,
            };
            let pending = case.pending.display();
            let snap = case.snap.display();
            let status = outcome.to_string();
            write!(
                out,
                "{style}{status:<8}{style:#} {}",
                case.posting.display()
            )?;
            match &outcome {
                snapshot::Outcome::Passed => writeln!(out)?,
                snapshot::Outcome::Changed { diff, updated } => {
                    match updated {
                        true => writeln!(out, " ({snap} rewritten)")?,
                        false => writeln!(
                            out,
                            " (output differs from {snap}; written to {pending}: review it, then --accept or --reject, or run with --update)"
                        )?,
                    }
                    write_diff(out, diff, &palette)?;
                }
                snapshot::Outcome::New { updated: true } => writeln!(out, " (new snapshot {snap})")?,
                snapshot::Outcome::New { updated: false } => writeln!(
                    out,
                    " (no snapshot yet; output written to {pending}: review it, then --accept or --reject, or run with --update)"
                )?,
                snapshot::Outcome::Invalid(why) => writeln!(out, " ({why})")?,
            }
            if outcome.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    out.flush()?;
    Ok(if failed > 0 {
        Exit::Threshold
    } else {
        Exit::Success
    })
}

fn write_diff(out: &mut dyn Write, diff: &str, p: &Palette) -> std::io::Result<()> {
    for line in diff.lines() {
        let style = match line.as_bytes().first() {
            Some(b'-') if !line.starts_with("---") => p.alert,
            Some(b'+') if !line.starts_with("+++") => p.plain,
            Some(b'@') => p.category,
            _ => Style::new(),
        };
        writeln!(out, "    {style}{line}{style:#}")?;
    }
    Ok(())
}

/// `--accept` / `--reject`: settles every pending `NAME.snap.new`.
fn review(cx: &mut Context, tests: &[PathBuf], accept: bool) -> Result<Exit, Failure> {
    let out = &mut cx.out;
    let mut n = 0;
    for dir in tests {
        for pending in snapshot::pending(dir)? {
            if accept {
                let snap = snapshot::accept(&pending)?;
                writeln!(out, "accepted {}", snap.display())?;
            } else {
                std::fs::remove_file(&pending)?;
                writeln!(out, "rejected {}", pending.display())?;
            }
            n += 1;
        }
    }
    let verb = if accept { "accepted" } else { "rejected" };
    match n {
        0 => writeln!(out, "no pending snapshots")?,
        _ => writeln!(out, "{} {verb}", plural(n, "snapshot", "snapshots"))?,
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// `path:line`, with `builtin:` in front for a built-in.
pub fn source(origin: &Origin) -> String {
    let prefix = if origin.builtin { "builtin:" } else { "" };
    format!("{prefix}{}", place(origin))
}

/// `path:line` of a definition, as the text listings show it.
pub fn place(origin: &Origin) -> String {
    format!("{}:{}", origin.path, origin.line)
}

/// A rule as `rules list --format json` prints it.
#[derive(Serialize)]
struct RuleJson<'a> {
    schema: &'static str,
    id: &'a str,
    category: &'a str,
    weight: u8,
    phrases: &'a [String],
    regex: &'a [String],
    exceptions: &'a [String],
    plain: &'a str,
    otiose: &'a str,
    replace: Option<&'a str>,
    red_flag: bool,
    roles: &'a std::collections::BTreeMap<String, u8>,
    examples: &'a [String],
    counterexamples: &'a [String],
    source: String,
}

impl<'a> RuleJson<'a> {
    fn new(r: &'a Rule) -> Self {
        RuleJson {
            schema: jdx::render::json::SCHEMA,
            id: &r.id,
            category: &r.category,
            weight: r.weight,
            phrases: &r.phrases,
            regex: &r.regex,
            exceptions: &r.exceptions,
            plain: &r.plain,
            otiose: &r.otiose,
            replace: r.replace.as_deref(),
            red_flag: r.red_flag,
            roles: &r.roles,
            examples: &r.examples,
            counterexamples: &r.counterexamples,
            source: source(&r.origin),
        }
    }
}

fn run_list(cx: &mut Context, args: &ListArgs) -> Result<Exit, Failure> {
    let rules = load(cx, &[]).map_err(jdx::Error::from)?;
    if let Some(c) = &args.category {
        if rules.category(c).is_none() {
            let known: Vec<&str> = rules.categories.iter().map(|c| c.id.as_str()).collect();
            writeln!(
                cx.err,
                "jdx: unknown category `{c}` (known: {})",
                known.join(", ")
            )?;
            return Ok(Exit::Failure);
        }
    }
    let selected: Vec<&Rule> = rules
        .rules
        .iter()
        .filter(|r| args.category.as_ref().is_none_or(|c| r.category == *c))
        .collect();
    let out = &mut cx.out;
    match args.format {
        ListFormat::Json => {
            let list: Vec<RuleJson<'_>> = selected.iter().map(|r| RuleJson::new(r)).collect();
            serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            let id_w = selected
                .iter()
                .map(|r| r.id.chars().count())
                .max()
                .unwrap_or(0);
            let cat_w = selected
                .iter()
                .map(|r| r.category.chars().count())
                .max()
                .unwrap_or(0);
            let (s, d) = (cx.palette.strong, cx.palette.dim);
            for r in &selected {
                let mut what: Vec<String> = r.phrases.clone();
                what.extend(r.regex.iter().map(|re| format!("/{re}/")));
                writeln!(
                    out,
                    "{s}{:<id_w$}{s:#}  {d}{:<cat_w$}{d:#}  {}  {}",
                    r.id,
                    r.category,
                    r.weight,
                    what.join(", ")
                )?;
            }
            // Combination rules follow, marked with their scope.
            let combos = rules
                .combos
                .iter()
                .filter(|c| args.category.as_ref().is_none_or(|cat| c.category == *cat));
            for c in combos {
                let members: Vec<String> = c.all.iter().map(|m| m.join("|")).collect();
                writeln!(
                    out,
                    "{s}{:<id_w$}{s:#}  {d}{:<cat_w$}{d:#}  {}  combo within {}: {}",
                    c.id,
                    c.category,
                    c.weight,
                    c.scope,
                    members.join(" + ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// `jdx rules explain ID` for a combination rule: every key, and each member's
/// rules with the phrases they match.
fn explain_combo(cx: &mut Context, rules: &RuleSet, combo: &Combo) -> Result<Exit, Failure> {
    let (s, d) = (cx.palette.strong, cx.palette.dim);
    let out = &mut cx.out;
    writeln!(out, "{s}{}{s:#} {d}(combination rule){d:#}", combo.id)?;
    let builtin = if combo.origin.builtin {
        " (built-in)"
    } else {
        ""
    };
    writeln!(out, "  defined at       {}{builtin}", place(&combo.origin))?;
    writeln!(out, "  category         {}", combo.category)?;
    writeln!(out, "  weight           {}", combo.weight)?;
    let red_flag = if combo.red_flag { "yes" } else { "no" };
    writeln!(out, "  red flag         {red_flag}")?;
    writeln!(out, "  within           {}", combo.scope)?;
    writeln!(out, "  plain            {}", combo.plain)?;
    writeln!(out, "  otiose           {}", combo.otiose)?;
    writeln!(out, "{s}members{s:#} {d}({}){d:#}", combo.all.len())?;
    for (n, member) in combo.all.iter().enumerate() {
        for (k, id) in member.iter().enumerate() {
            let lead = if k == 0 {
                format!("{}.", n + 1)
            } else {
                "or".to_owned()
            };
            let phrases = rules
                .rule(id)
                .map(|r| r.phrases.join(", "))
                .unwrap_or_default();
            writeln!(out, "  {lead:<3} {id}  {d}{phrases}{d:#}")?;
        }
    }
    for (title, items) in [
        ("examples", &combo.examples),
        ("counterexamples", &combo.counterexamples),
    ] {
        if !items.is_empty() {
            writeln!(out, "{s}{title}{s:#} {d}({}){d:#}", items.len())?;
            for item in items {
                writeln!(out, "  {item:?}")?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn run_explain(cx: &mut Context, args: &ExplainArgs) -> Result<Exit, Failure> {
    let rules = load(cx, &[]).map_err(jdx::Error::from)?;
    if let Some(combo) = rules.combo(&args.id) {
        return explain_combo(cx, &rules, combo);
    }
    let rule = rules.find_rule(&args.id)?;
    let overrides = !rule.origin.builtin
        && !cx.global.no_default_rules
        && RuleSet::builtin().is_ok_and(|b| b.rule(&rule.id).is_some());
    let category = rules
        .category(&rule.category)
        .map_or(String::new(), |c| format!(" ({})", c.label));
    let (s, d) = (cx.palette.strong, cx.palette.dim);
    let out = &mut cx.out;
    writeln!(out, "{s}{}{s:#}", rule.id)?;
    let defined = match (rule.origin.builtin, overrides) {
        (true, _) => " (built-in)",
        (false, true) => " (replaces the built-in rule with this id)",
        (false, false) => "",
    };
    writeln!(out, "  defined at       {}{defined}", place(&rule.origin))?;
    writeln!(out, "  category         {}{category}", rule.category)?;
    writeln!(out, "  weight           {}", rule.weight)?;
    writeln!(
        out,
        "  red flag         {}",
        if rule.red_flag { "yes" } else { "no" }
    )?;
    writeln!(out, "  plain            {}", rule.plain)?;
    writeln!(out, "  otiose           {}", rule.otiose)?;
    if let Some(r) = &rule.replace {
        writeln!(out, "  replace with     {r}")?;
    }
    if !rule.roles.is_empty() {
        let roles: Vec<String> = rule
            .roles
            .iter()
            .map(|(k, w)| format!("{k} = {w}"))
            .collect();
        writeln!(out, "  votes for roles  {}", roles.join(", "))?;
    }
    let list = |out: &mut dyn Write, title: &str, items: &[String], quote: bool| {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out, "{s}{title}{s:#} {d}({}){d:#}", items.len())?;
        for item in items {
            match quote {
                true => writeln!(out, "  {item:?}")?,
                false => writeln!(out, "  {item}")?,
            }
        }
        Ok::<(), std::io::Error>(())
    };
    list(out, "phrases", &rule.phrases, false)?;
    list(out, "variants", &rule.variants, false)?;
    list(out, "regex", &rule.regex, false)?;
    list(out, "exceptions", &rule.exceptions, false)?;
    list(out, "exception variants", &rule.exception_variants, false)?;
    list(out, "examples", &rule.examples, true)?;
    list(out, "counterexamples", &rule.counterexamples, true)?;
    out.flush()?;
    Ok(Exit::Success)
}
