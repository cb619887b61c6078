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
    /// Follow symbolic links that lead out of a rule pack folder (skipped with a warning otherwise)
    #[arg(long, global = true)]
    pub follow_links: bool,
    /// When to use colors (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    /// Do not print warnings on standard error (errors are still printed)
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Read this configuration file instead of looking for jdx.toml or .jdx.toml
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore jdx.toml and .jdx.toml
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
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
        after_help = "Examples:\n  jdx translate < posting.txt\n  jdx translate --format markdown posting.md > record.md\n  jdx translate --role sdet --autopsy all posting.txt\n  jdx translate --explain-score posting.md"
    )]
    Translate(TranslateArgs),
    /// List every buzzword in postings, linter-style
    #[command(
        after_help = "Examples:\n  jdx scan posting.md\n  cat posting.txt | jdx scan --format ndjson\n  jdx scan a.txt b.txt --format json\n  jdx scan --explain-score posting.md"
    )]
    Scan(ScanArgs),
    /// One row of scores per posting: words, matches, density, BS index, verdict, role
    #[command(
        after_help = "Examples:\n  jdx score corpus/\n  jdx score --format csv postings/ > scores.csv\n  jdx score --input-format ndjson --text-field description --id-field id < jobs.ndjson\n  jdx score --fail-over 60 --glob '*.md' postings/\n  jdx score --explain-score --format json posting.md"
    )]
    Score(super::score_cmd::ScoreArgs),
    /// Print a posting with each buzzword replaced by a plain word where a rule gives one
    #[command(
        after_help = "Examples:\n  jdx rewrite posting.md > plain.md\n  jdx rewrite --diff posting.txt\n  cat posting.txt | jdx rewrite"
    )]
    Rewrite(super::rewrite_cmd::RewriteArgs),
    /// Compare two versions of a posting: scores, role and buzzwords before and after
    #[command(
        after_help = "Examples:\n  jdx diff posting.md posting-v2.md\n  jdx rewrite posting.txt | jdx diff posting.txt -\n  jdx diff --format json old.html new.html\n  jdx diff --fail-over 40 main.md branch.md\n\nExit codes: 0 whether or not anything changed; 1 with --fail-over N when NEW's BS index is above N; 2 when an input cannot be read or both are `-`."
    )]
    Diff(super::diff_cmd::DiffArgs),
    /// Print the effective configuration and where each value came from
    #[command(
        after_help = "Without FILE, the top level of jdx.toml and every [[override]]; with FILE, the settings for that posting.\n\nExamples:\n  jdx config\n  jdx config careers/engineering/sre.md\n  jdx --config ci/jdx.toml config --format json"
    )]
    Config(super::config_cmd::ConfigArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  jdx completions bash > ~/.local/share/bash-completion/completions/jdx\n  jdx completions zsh > ~/.zfunc/_jdx\n  jdx completions fish > ~/.config/fish/completions/jdx.fish"
    )]
    Completions(super::shell::CompletionsArgs),
    /// Print the manual page (roff) to standard output
    #[command(after_help = "Examples:\n  jdx man > jdx.1\n  jdx man | man -l -")]
    Man,
    /// Tools for rule authors: check, test, list and explain rules
    #[command(
        after_help = "Examples:\n  jdx rules check my-pack\n  jdx rules test my-pack\n  jdx rules list --category hype\n  jdx rules explain leverage"
    )]
    Rules(super::rules_cmd::RulesArgs),
    /// Show which rules match a phrase or sentence, and why an expected rule does not
    #[command(
        after_help = "Examples:\n  jdx explain \"We leverage synergies\"\n  jdx explain levrage\n  jdx explain --rule hustle \"the hustle and bustle of downtown\"\n  echo \"Leveraging our platform\" | jdx explain --rule leverage --format json -"
    )]
    Explain(super::explain_cmd::ExplainArgs),
    /// List the role profiles, or show one whole
    #[command(after_help = "Examples:\n  jdx roles\n  jdx roles sdet\n  jdx roles --format json")]
    Roles(super::roles_cmd::RolesArgs),
}

/// Where postings come from.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Posting files; `-` or nothing reads standard input
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How postings are read, for every command that reads them.
#[derive(Debug, Clone, Copy, Args)]
pub struct ReadArgs {
    /// Read files that look binary (contain NUL bytes) instead of refusing them
    #[arg(long)]
    pub binary: bool,
    /// How to read postings: `auto` reads `.html`/`.htm` files and input that looks like HTML as HTML
    #[arg(long = "input", value_enum, value_name = "KIND", default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
}

/// `--input`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// HTML for `.html`/`.htm` files and input that looks like HTML, text otherwise
    Auto,
    /// Plain text or Markdown, read as is
    Text,
    /// HTML: the visible text is read; lines and columns point into the HTML
    Html,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,
    /// Exit with code 1 when a posting's BS index is above N (for CI)
    #[arg(long, value_name = "N")]
    pub fail_over: Option<u8>,
    /// After each posting's matches, how its BS index, flight risk and role match were computed (text, json)
    #[arg(long)]
    pub explain_score: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// `file:line:col`, the rule, the suggestion and the underlined line
    Text,
    /// One JSON document
    Json,
    /// One JSON match object per line
    Ndjson,
    /// GitHub Actions annotations (`::warning file=…,line=…,col=…::…`)
    Github,
    /// One self-contained HTML page: the posting with every match highlighted
    Html,
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
    /// After the record, how its BS index, flight risk and role match were computed (text, json)
    #[arg(long)]
    pub explain_score: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranslateFormat {
    /// The file record for a terminal
    Text,
    /// Markdown, to paste into an issue or chat
    Markdown,
    /// The whole report as JSON
    Json,
    /// One self-contained HTML page: the record, charts and the highlighted posting
    Html,
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
