//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Reads a job description and says what it actually means.
#[derive(Debug, Parser)]
#[command(name = "jdx", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Add a rule pack folder; its rules and roles replace built-ins with the same id (repeatable)
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rules and roles
    #[arg(long, global = true)]
    pub no_default_rules: bool,
    /// When to use colors (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
}

/// `--color`
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the file record of a posting: the role it describes and what it means
    #[command(
        after_help = "Examples:\n  jdx translate < posting.txt\n  jdx translate --format markdown posting.md > record.md\n  jdx translate --role sdet --autopsy all posting.txt"
    )]
    Translate(TranslateArgs),
    /// List every buzzword in postings, linter-style
    #[command(
        after_help = "Examples:\n  jdx scan posting.md\n  cat posting.txt | jdx scan --format ndjson\n  jdx scan a.txt b.txt --format json"
    )]
    Scan(ScanArgs),
}

/// Where postings come from.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Posting files; `-` or nothing reads standard input
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read files that look binary (contain NUL bytes) instead of refusing them
    #[arg(long)]
    pub binary: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// `file:line:col`, the rule, the suggestion and the underlined line
    Text,
    /// One JSON document
    Json,
    /// One JSON match object per line
    Ndjson,
}

#[derive(Debug, Args)]
pub struct TranslateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = TranslateFormat::Text)]
    pub format: TranslateFormat,
    /// Use this role profile instead of the best match
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
    /// How many sentences the autopsy quotes: a number or `all`
    #[arg(long, value_name = "N|all", default_value = "3", value_parser = parse_autopsy)]
    pub autopsy: Autopsy,
    /// Wrap text at this width (default: the terminal's, 80 when not a terminal)
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranslateFormat {
    /// The file record for a terminal
    Text,
    /// Markdown, to paste into an issue or chat
    Markdown,
    /// The whole report as JSON
    Json,
}

/// `--autopsy N|all`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Autopsy {
    Count(usize),
    All,
}

fn parse_autopsy(s: &str) -> Result<Autopsy, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(Autopsy::All);
    }
    s.parse()
        .map(Autopsy::Count)
        .map_err(|_| format!("expected a number or `all`, got `{s}`"))
}
