//! `jdx score`: one row of scores per posting, for many postings, on all cores.
//!
//! Postings are read a chunk at a time (see [`super::batch`]), a chunk is
//! scored in parallel, and its rows are written in input order before the next
//! chunk is read: memory stays bounded and the output is the same on any
//! number of threads.

use std::io::{self, BufReader, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jdx::config::Config;
use jdx::explain_score::ScoreExplanation;
use jdx::render::{self, json::SCHEMA, sanitize};
use jdx::{Engine, Policy};
use rayon::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::args::ReadArgs;
use super::batch::{self, Chunks, CsvChunks, Job, NdjsonChunks, Spec};
use super::{Context, Exit, Failure};

/// Batches with more postings than this get a progress bar (on a terminal).
const PROGRESS_OVER: u64 = 200;

/// `jdx score`
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Posting files or folders (walked); `-` or nothing reads standard input
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ScoreFormat::Text)]
    pub format: ScoreFormat,
    /// Files to score in folders, as a gitignore-style glob (repeatable; `!GLOB` excludes)
    /// [default: *.txt *.md *.markdown *.html *.htm]
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Exit with code 1 when a posting's BS index is above N (for CI)
    #[arg(long, value_name = "N")]
    pub fail_over: Option<u8>,
    /// One posting per file, or one per NDJSON line or CSV row (with a header row)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Files)]
    pub input_format: InputFormat,
    /// The NDJSON field or CSV column that holds a posting's text
    #[arg(
        long,
        value_name = "NAME",
        default_value = "description",
        visible_alias = "text-column"
    )]
    pub text_field: String,
    /// The NDJSON field or CSV column whose value names a row [default: SOURCE:LINE]
    #[arg(long, value_name = "NAME", visible_alias = "id-column")]
    pub id_field: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Under each row (text) or in it (json, ndjson): how the BS index, flight risk and role match were computed
    #[arg(long)]
    pub explain_score: bool,
}

/// `--format` of `jdx score`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// An aligned table with a summary line
    Text,
    /// One JSON document: `{"schema", "rows": [...], "postings"}`
    Json,
    /// One JSON row per line
    Ndjson,
    /// Comma-separated values with a header row
    Csv,
    /// Tab-separated values with a header row
    Tsv,
}

/// `--input-format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Each file is one posting; folders are walked
    Files,
    /// One JSON object per line, the text in `--text-field`
    Ndjson,
    /// CSV with a header row, the text in `--text-column`
    Csv,
}

/// The columns every row has, in order.
const COLUMNS: &[&str] = &[
    "file",
    "words",
    "matches",
    "density",
    "bs_index",
    "verdict",
    "role",
    "role_match",
];

/// One posting's row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The posting's name: its path, `-`, the `--id-field` value or `SOURCE:LINE`.
    pub file: String,
    /// Unicode words.
    pub words: usize,
    /// Rule matches.
    pub matches: usize,
    /// Words covered by matches / words, 0..=1.
    pub density: f64,
    /// 0..=100.
    pub bs_index: u8,
    /// The band of `bs_index`.
    pub verdict: &'static str,
    /// The best-matching role's id (`None` when no roles are loaded).
    pub role: Option<String>,
    /// Its `SYSTEM MATCH` percentage.
    pub role_match: Option<u8>,
    /// Fields of batch input passed through, in input order.
    pub extra: Vec<(String, Value)>,
    /// How the scores came about (`--explain-score`).
    pub explanation: Option<ScoreExplanation>,
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("schema", SCHEMA)?;
        map.serialize_entry("file", &self.file)?;
        map.serialize_entry("words", &self.words)?;
        map.serialize_entry("matches", &self.matches)?;
        map.serialize_entry("density", &self.density)?;
        map.serialize_entry("bs_index", &self.bs_index)?;
        map.serialize_entry("verdict", self.verdict)?;
        map.serialize_entry("role", &self.role)?;
        map.serialize_entry("role_match", &self.role_match)?;
        if let Some(e) = &self.explanation {
            map.serialize_entry("explanation", e)?;
        }
        for (k, v) in self.passed_through() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Row {
    /// The pass-through fields that do not collide with jdx's own keys.
    fn passed_through(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.extra
            .iter()
            .filter(|(k, _)| !self.reserves(k))
            .map(|(k, v)| (k, v))
    }

    /// Whether `key` is one of the row's own keys (`explanation` only when it has one).
    fn reserves(&self, key: &str) -> bool {
        is_reserved(key) || (key == "explanation" && self.explanation.is_some())
    }
}

fn is_reserved(key: &str) -> bool {
    key == "schema" || COLUMNS.contains(&key)
}

/// One posting scored: its row, and what only the main thread uses.
struct Scored {
    row: Row,
    /// Its `fail-over` from jdx.toml (per-path overrides applied).
    fail_over: Option<u8>,
    /// Warnings about its `jdx-disable` directives, ready to print.
    notices: Vec<String>,
}

/// What a posting's summary leaves once the posting is let go: its scores,
/// best role (id and match %) and directive notices.
type Summed = (
    jdx::score::Scores,
    Option<(String, u8)>,
    Vec<jdx::suppress::Notice>,
);

/// From this many postings on, `score` builds the automaton for all of them
/// without asking how large they are: postings of a typical size (3 to 8 KB)
/// add up to about the input size where it pays for itself.
const FULL_AUTOMATON_POSTINGS: usize = 128;

/// Postings summarised together (see [`Engine::summarize_all`]): enough to
/// keep the automaton's tables in the cache, few enough to spread over threads.
const GROUP: usize = 32;

/// Prepares and scores a group of jobs, in order.
fn score_group(
    engine: &Engine,
    config: &Config,
    spec: &Spec,
    jobs: Vec<Job>,
    explain: bool,
) -> Vec<Outcome> {
    let prepared: Vec<Result<(batch::Posting, Policy), String>> = jobs
        .into_iter()
        .map(|job| {
            let posting = job.prepare(spec)?;
            let policy = config.policy(posting.path.as_deref());
            Ok((posting, policy))
        })
        .collect();
    let pairs: Vec<_> = prepared
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .map(|(posting, policy)| (&posting.doc, policy))
        .collect();
    let summed: Vec<Result<Summed, jdx::Error>> = engine
        .summarize_all(&pairs)
        .into_iter()
        .map(|summary| {
            summary.map(|s| {
                let role = s.role.map(|r| (r.role.id.clone(), r.percent));
                (s.scores, role, s.notices)
            })
        })
        .collect();
    let mut summed = summed.into_iter();
    prepared
        .into_iter()
        .map(|prepared| {
            let (posting, policy) = prepared?;
            let warning = posting.warning.clone();
            // One summary per posting prepared, in order.
            let summary = summed.next();
            Ok((score(engine, posting, policy, explain, summary), warning))
        })
        .collect()
}

/// Scores one posting under its `policy` from its `summary` (scanned again
/// without a role if there is none); with `explain`, also says how.
fn score(
    engine: &Engine,
    posting: batch::Posting,
    policy: Policy,
    explain: bool,
    summary: Option<Result<Summed, jdx::Error>>,
) -> Scored {
    let doc = &posting.doc;
    // Like the summary's role, the explanation is left out if the automaton
    // with the role signals cannot be built.
    let explanation = explain
        .then(|| engine.explain_scores(doc, &policy).ok())
        .flatten();
    let (scores, role, notices) = match summary {
        Some(Ok(summed)) => summed,
        // The automaton with the role signals could not be built: scores without a role.
        _ => {
            let scan = engine.scan_with(doc, &policy);
            let scores = jdx::score::score(doc.text(), &scan.hits, &scan.combos);
            (scores, None, scan.notices)
        }
    };
    let notices = super::notice_lines(&posting.name, doc, &notices);
    let (role, role_match) = role.unzip();
    let row = Row {
        file: posting.name,
        words: scores.words,
        matches: scores.matches,
        density: scores.density,
        bs_index: scores.bs_index,
        verdict: scores.verdict,
        role,
        role_match,
        extra: posting.extra,
        explanation,
    };
    Scored {
        row,
        fail_over: policy.fail_over,
        notices,
    }
}

/// What a worker hands back for one job.
type Outcome = Result<(Scored, Option<String>), String>;

pub fn run(cx: &mut Context, args: &ScoreArgs) -> Result<Exit, Failure> {
    if args.explain_score && matches!(args.format, ScoreFormat::Csv | ScoreFormat::Tsv) {
        writeln!(
            cx.err,
            "jdx: --explain-score works with --format text, json or ndjson"
        )?;
        return Ok(Exit::Failure);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
        .map_err(io::Error::other)?;
    let spec = Spec {
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        read: args.read,
    };
    let quiet = cx.global.quiet;
    let mut run = Run {
        spec,
        pool,
        engine: None,
        format: args.format,
        fail_over: args.fail_over,
        config: cx.config.clone(),
        explain: args.explain_score,
        quiet,
        progress: None,
        failed: false,
        over: Vec::new(),
        table: Table::default(),
    };
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    match args.input_format {
        InputFormat::Files => run.files(cx, &paths, &args.globs)?,
        InputFormat::Ndjson | InputFormat::Csv => {
            for path in &paths {
                run.stream(cx, path, args.input_format)?;
            }
        }
    }
    run.finish(cx)
}

/// The state of one `jdx score` run.
struct Run {
    spec: Spec,
    pool: rayon::ThreadPool,
    engine: Option<&'static Engine>,
    format: ScoreFormat,
    fail_over: Option<u8>,
    /// jdx.toml: each posting's policy and `fail-over`.
    config: Config,
    explain: bool,
    quiet: bool,
    progress: Option<ProgressBar>,
    failed: bool,
    /// `(bs_index, name)` of postings above `--fail-over` (or jdx.toml's).
    over: Vec<(u8, String)>,
    table: Table,
}

impl Run {
    /// Folders and files: walked first (cheap), then read and scored a chunk at a time.
    fn files(
        &mut self,
        cx: &mut Context,
        paths: &[PathBuf],
        globs: &[String],
    ) -> Result<(), Failure> {
        let mut problems = Vec::new();
        let walked = batch::walk(paths, globs, &mut |msg| {
            problems.push(msg);
            Ok(())
        })?;
        for msg in problems {
            self.error(cx, &msg)?;
        }
        let mut jobs = match walked {
            Ok(jobs) => jobs,
            Err(msg) => {
                self.error(cx, &msg)?;
                return Ok(());
            }
        };
        let count = jobs.len() as u64;
        // The automaton is picked by the input's size. So many postings are
        // taken to be large enough for the full one, so the files of a big
        // folder are not each asked for their size.
        let total = match jobs.len() >= FULL_AUTOMATON_POSTINGS {
            true => usize::MAX,
            false => {
                let bytes: u64 = jobs.iter_mut().filter_map(Job::size).sum();
                usize::try_from(bytes).unwrap_or(usize::MAX)
            }
        };
        self.engine(cx, total)?;
        self.start_progress(Some(count));
        self.table.begin(cx, self.format, self.engine)?;
        for chunk in batch::file_chunks(jobs) {
            self.chunk(cx, chunk)?;
        }
        Ok(())
    }

    /// One NDJSON or CSV file (or standard input), a chunk of lines at a time.
    fn stream(
        &mut self,
        cx: &mut Context,
        path: &std::path::Path,
        format: InputFormat,
    ) -> Result<(), Failure> {
        let name = path.display().to_string();
        let reader: Box<dyn io::BufRead> = if name == "-" {
            Box::new(io::stdin().lock())
        } else if path.is_dir() {
            self.error(cx, &format!("{name}: is a directory"))?;
            return Ok(());
        } else {
            match std::fs::File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    self.error(cx, &format!("{name}: {}", batch::describe(&e)))?;
                    return Ok(());
                }
            }
        };
        let size = std::fs::metadata(path)
            .ok()
            .filter(|_| name != "-")
            .map(|m| m.len());
        let mut chunks: Box<dyn Chunks> = match format {
            InputFormat::Csv => {
                match CsvChunks::new(
                    reader,
                    &name,
                    &self.spec.text_field,
                    self.spec.id_field.as_deref(),
                )? {
                    Ok(c) => Box::new(c),
                    Err(msg) => {
                        self.error(cx, &msg)?;
                        return Ok(());
                    }
                }
            }
            _ => Box::new(NdjsonChunks::new(reader, &name)),
        };
        let mut first = true;
        while let Some((jobs, bytes)) = chunks.next_chunk()? {
            if first {
                // The size decides the automaton: a file's size, or for a
                // stream whether it ended within the first chunk.
                let hint = match size {
                    Some(s) => usize::try_from(s).unwrap_or(usize::MAX),
                    None if jobs.len() < batch::CHUNK_POSTINGS && bytes < batch::CHUNK_BYTES => {
                        bytes
                    }
                    None => usize::MAX,
                };
                self.engine(cx, hint)?;
                self.start_progress(None);
                self.table.begin(cx, self.format, self.engine)?;
                first = false;
            }
            self.chunk(cx, jobs)?;
        }
        Ok(())
    }

    /// Builds the engine once, the first time it is needed.
    fn engine(&mut self, cx: &Context, input_bytes: usize) -> Result<(), Failure> {
        if self.engine.is_none() {
            self.engine = Some(cx.engine(input_bytes)?);
        }
        Ok(())
    }

    /// Scores `jobs` in parallel and writes their rows in order.
    fn chunk(&mut self, cx: &mut Context, jobs: Vec<Job>) -> Result<(), Failure> {
        let Some(engine) = self.engine.as_ref() else {
            return Ok(());
        };
        let spec = &self.spec;
        let config = &self.config;
        let explain = self.explain;
        let n = jobs.len() as u64;
        let outcomes: Vec<Outcome> = self.pool.install(|| {
            jobs.into_par_iter()
                .chunks(GROUP)
                .flat_map_iter(|group| score_group(engine, config, spec, group, explain))
                .collect()
        });
        for outcome in outcomes {
            match outcome {
                Ok((scored, warning)) => {
                    if let Some(w) = warning {
                        self.warn(cx, &w)?;
                    }
                    for line in scored.notices.iter().filter(|_| !self.quiet) {
                        self.say(cx, line)?;
                    }
                    let row = scored.row;
                    if self
                        .fail_over
                        .or(scored.fail_over)
                        .is_some_and(|n| row.bs_index > n)
                    {
                        self.over.push((row.bs_index, row.file.clone()));
                    }
                    let warnings = self.table.row(cx, self.format, &row)?;
                    for w in warnings {
                        self.warn(cx, &w)?;
                    }
                }
                Err(msg) => self.error(cx, &msg)?,
            }
        }
        if let Some(bar) = &self.progress {
            bar.inc(n);
        } else if self.table.rows > PROGRESS_OVER {
            self.start_progress(None);
            if let Some(bar) = &self.progress {
                bar.set_position(self.table.rows);
            }
        }
        cx.out.flush()?;
        Ok(())
    }

    fn finish(mut self, cx: &mut Context) -> Result<Exit, Failure> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        // What the postings were measured against: `--fail-over N`, else jdx.toml.
        let threshold = match self.fail_over {
            Some(n) => Some(n.to_string()),
            None => self
                .config
                .has_fail_over()
                .then(|| format!("the fail-over in {}", self.config.shown())),
        };
        self.table.end(
            cx,
            self.format,
            threshold.as_deref().map(|t| (t, self.over.len())),
        )?;
        cx.out.flush()?;
        if let Some(n) = threshold {
            if let Some((bs, name)) = self.over.iter().max_by_key(|(bs, _)| *bs) {
                let count = self.over.len();
                let postings = if count == 1 { "posting" } else { "postings" };
                writeln!(
                    cx.err,
                    "jdx: {count} {postings} with a BS index above {n} (highest: {bs}, {})",
                    sanitize(name)
                )?;
            }
        }
        Ok(if self.failed {
            Exit::Failure
        } else if !self.over.is_empty() {
            Exit::Threshold
        } else {
            Exit::Success
        })
    }

    /// A progress bar on standard error, for big batches on a terminal only.
    fn start_progress(&mut self, total: Option<u64>) {
        if self.progress.is_some() || self.quiet || !io::stderr().is_terminal() {
            return;
        }
        let bar = match total {
            Some(n) if n > PROGRESS_OVER => {
                let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template(
                    "{wide_bar} {pos}/{len} postings · {per_sec} · {eta} left",
                ) {
                    bar.set_style(style);
                }
                bar
            }
            Some(_) => return,
            None if self.table.rows <= PROGRESS_OVER => return,
            None => {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                if let Ok(style) =
                    ProgressStyle::with_template("{spinner} {pos} postings · {per_sec}")
                {
                    bar.set_style(style);
                }
                bar
            }
        };
        self.progress = Some(bar);
    }

    /// An error: always printed, and the run exits with code 2.
    fn error(&mut self, cx: &mut Context, msg: &str) -> io::Result<()> {
        self.failed = true;
        self.say(cx, &format!("jdx: {}", sanitize(msg)))
    }

    /// A warning: left out with `--quiet`.
    fn warn(&mut self, cx: &mut Context, msg: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.say(cx, &format!("jdx: warning: {}", sanitize(msg)))
    }

    fn say(&self, cx: &mut Context, line: &str) -> io::Result<()> {
        match &self.progress {
            Some(bar) => bar.suspend(|| writeln!(cx.err, "{line}")),
            None => writeln!(cx.err, "{line}"),
        }
    }
}

/// The output in progress: what has been written and what a format needs to remember.
#[derive(Default)]
struct Table {
    begun: bool,
    rows: u64,
    bs_sum: u64,
    /// Width of the role column (text).
    role_width: usize,
    /// The pass-through columns (CSV/TSV), fixed by the first row.
    extra_columns: Option<Vec<String>>,
    /// Pass-through fields already warned about.
    warned: Vec<String>,
}

impl Table {
    /// Writes what comes before the first row (once).
    fn begin(
        &mut self,
        cx: &mut Context,
        format: ScoreFormat,
        engine: Option<&Engine>,
    ) -> io::Result<()> {
        if self.begun {
            return Ok(());
        }
        self.begun = true;
        let out = &mut cx.out;
        match format {
            ScoreFormat::Text => {
                self.role_width = engine
                    .and_then(|e| e.rules().roles.iter().map(|r| r.id.len()).max())
                    .unwrap_or(0)
                    .max(4);
                let s = cx.palette.strong;
                writeln!(
                    out,
                    "{s}{:>3}  {:<16}  {:>7}  {:>7}  {:>7}  {:<rw$}  {:>5}  FILE{s:#}",
                    "BS",
                    "VERDICT",
                    "WORDS",
                    "MATCHES",
                    "DENSITY",
                    "ROLE",
                    "MATCH",
                    rw = self.role_width
                )?;
            }
            ScoreFormat::Json => write!(out, "{{\n  \"schema\": \"{SCHEMA}\",\n  \"rows\": [")?,
            ScoreFormat::Ndjson | ScoreFormat::Csv | ScoreFormat::Tsv => {}
        }
        Ok(())
    }

    /// Writes one row; returns warnings to print.
    fn row(&mut self, cx: &mut Context, format: ScoreFormat, row: &Row) -> io::Result<Vec<String>> {
        let mut warnings = Vec::new();
        for (k, _) in &row.extra {
            if row.reserves(k) && !self.warned.contains(k) {
                warnings.push(format!(
                    "{}: input field `{k}` has the name of a score column; left out",
                    row.file
                ));
                self.warned.push(k.clone());
            }
        }
        let out = &mut cx.out;
        match format {
            ScoreFormat::Text => {
                let p = cx.palette;
                let band = match row.bs_index {
                    60.. => p.alert,
                    40..=59 => p.buzzword,
                    0..=19 => p.plain,
                    _ => anstyle::Style::new(),
                };
                let matched = row
                    .role_match
                    .map_or_else(|| "-".to_owned(), |m| format!("{m}%"));
                writeln!(
                    out,
                    "{band}{:>3}  {:<16}{band:#}  {:>7}  {:>7}  {:>6.1}%  {:<rw$}  {:>5}  {}",
                    row.bs_index,
                    row.verdict,
                    row.words,
                    row.matches,
                    row.density * 100.0,
                    row.role.as_deref().unwrap_or("-"),
                    matched,
                    sanitize(&row.file),
                    rw = self.role_width
                )?;
                if let Some(e) = &row.explanation {
                    render::explain_score::text(out, e, "     ", &p)?;
                }
            }
            ScoreFormat::Json => {
                out.write_all(if self.rows == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                })?;
                serde_json::to_writer(&mut *out, row)?;
            }
            ScoreFormat::Ndjson => {
                serde_json::to_writer(&mut *out, row)?;
                writeln!(out)?;
            }
            ScoreFormat::Csv | ScoreFormat::Tsv => {
                let delimiter = if format == ScoreFormat::Csv {
                    b','
                } else {
                    b'\t'
                };
                let mut w = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(Vec::new());
                let first = self.extra_columns.is_none();
                let columns = self
                    .extra_columns
                    .get_or_insert_with(|| row.passed_through().map(|(k, _)| k.clone()).collect());
                if first {
                    let header = COLUMNS
                        .iter()
                        .copied()
                        .chain(columns.iter().map(String::as_str));
                    w.write_record(header).map_err(csv_io)?;
                }
                for (k, _) in row.passed_through() {
                    if !columns.contains(k) && !self.warned.contains(k) {
                        warnings.push(format!(
                            "{}: field `{k}` is not among the CSV columns (taken from the first row); left out",
                            row.file
                        ));
                        self.warned.push(k.clone());
                    }
                }
                let mut record = vec![
                    row.file.clone(),
                    row.words.to_string(),
                    row.matches.to_string(),
                    row.density.to_string(),
                    row.bs_index.to_string(),
                    row.verdict.to_owned(),
                    row.role.clone().unwrap_or_default(),
                    row.role_match.map(|m| m.to_string()).unwrap_or_default(),
                ];
                record.extend(columns.iter().map(|c| {
                    row.passed_through()
                        .find(|(k, _)| *k == c)
                        .map(|(_, v)| batch::value_text(v))
                        .unwrap_or_default()
                }));
                w.write_record(&record).map_err(csv_io)?;
                out.write_all(&w.into_inner().map_err(|e| e.into_error())?)?;
            }
        }
        self.rows += 1;
        self.bs_sum += u64::from(row.bs_index);
        Ok(warnings)
    }

    /// Writes what comes after the last row; `over` is `(N, postings above N)`
    /// with `--fail-over N` or a `fail-over` in jdx.toml.
    fn end(
        &mut self,
        cx: &mut Context,
        format: ScoreFormat,
        over: Option<(&str, usize)>,
    ) -> io::Result<()> {
        let out = &mut cx.out;
        match format {
            ScoreFormat::Text if self.begun => {
                let postings = if self.rows == 1 {
                    "posting"
                } else {
                    "postings"
                };
                write!(out, "{} {postings}", self.rows)?;
                if self.rows > 0 {
                    let mean = self.bs_sum as f64 / self.rows as f64;
                    write!(out, " · mean BS index {mean:.0}")?;
                }
                if let Some((n, count)) = over {
                    write!(out, " · {count} above {n}")?;
                }
                writeln!(out)?;
            }
            ScoreFormat::Json => {
                if !self.begun {
                    write!(out, "{{\n  \"schema\": \"{SCHEMA}\",\n  \"rows\": [")?;
                }
                write!(out, "\n  ],\n  \"postings\": {}\n}}\n", self.rows)?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// A CSV write error as the I/O error underneath (so a closed pipe stays quiet).
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}
