//! Snapshot cases of whole postings: `DIR/tests/NAME.txt` (or `NAME.md`) is a
//! posting and `DIR/tests/NAME.snap` the output `jdx` is expected to print
//! for it, with colours off.
//!
//! The first line of a `.snap` says which command produced it, written as the
//! command line: `# jdx scan --format text` (the default),
//! `# jdx scan --format json|ndjson`, or `# jdx translate --format
//! text|markdown|json` with optional `--role ID`, `--autopsy N|all` and
//! `--width N` (default 80). The rest of the file is the output, byte for
//! byte, with the posting named `NAME.txt`.
//!
//! A case without a `.snap`, or whose output differs, gets a `NAME.snap.new`
//! next to it for review (or, when updating, a new `NAME.snap`). Files are
//! written to a temporary name and renamed into place, so concurrent runs never
//! leave a half-written file.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::render::{self, json::ReportJson, record::Record, scan::FileScan, Palette};
use crate::{AnalyzeOptions, Document, Engine};

/// The header a new snapshot gets: the scan matches as text.
pub const DEFAULT_HEADER: &str = "# jdx scan --format text";

/// Suffix of a snapshot waiting for review.
pub const PENDING_SUFFIX: &str = ".new";

/// Width of `translate --format text` snapshots unless the header says `--width`.
pub const DEFAULT_WIDTH: usize = 80;

/// One posting and its snapshot files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The posting's file name, `NAME.txt`: how the output names the input.
    pub name: String,
    /// The posting.
    pub posting: PathBuf,
    /// The expected output, `NAME.snap`.
    pub snap: PathBuf,
    /// The output waiting for review, `NAME.snap.new`.
    pub pending: PathBuf,
}

impl Case {
    /// The case of a posting file (its `.snap` sits next to it).
    pub fn new(posting: PathBuf) -> Self {
        let snap = posting.with_extension("snap");
        let pending = PathBuf::from(format!("{}{PENDING_SUFFIX}", snap.display()));
        let name = posting
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Case {
            name,
            posting,
            snap,
            pending,
        }
    }
}

/// The cases in a pack's `tests` folder: every `*.txt` and `*.md` file, by
/// name. A folder that does not exist has none.
pub fn cases(tests_dir: &Path) -> io::Result<Vec<Case>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(tests_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let posting = path.extension().is_some_and(|e| e == "txt" || e == "md");
        if posting && !hidden && entry.file_type()?.is_file() {
            out.push(Case::new(path));
        }
    }
    out.sort_by(|a, b| a.posting.cmp(&b.posting));
    Ok(out)
}

/// The snapshots waiting for review (`*.snap.new`) in a `tests` folder, sorted.
pub fn pending(tests_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(tests_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(".snap.new") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Accepts a pending snapshot: `NAME.snap.new` replaces `NAME.snap`.
/// Returns the snapshot's path.
pub fn accept(pending: &Path) -> io::Result<PathBuf> {
    let text = pending.to_string_lossy();
    let snap = PathBuf::from(text.strip_suffix(PENDING_SUFFIX).unwrap_or(&text));
    fs::rename(pending, &snap)?;
    Ok(snap)
}

/// The output formats of `jdx scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanFormat {
    /// Linter-style text.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per match.
    Ndjson,
}

/// The output formats of `jdx translate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranslateFormat {
    /// The file record as text.
    Text,
    /// The file record as Markdown.
    Markdown,
    /// The report as JSON.
    Json,
}

/// The command a snapshot holds the output of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `jdx scan`
    Scan {
        /// `--format`
        format: ScanFormat,
    },
    /// `jdx translate`
    Translate {
        /// `--format`
        format: TranslateFormat,
        /// `--role`
        role: Option<String>,
        /// `--autopsy` (`None`: all)
        autopsy: Option<usize>,
        /// `--width`
        width: usize,
    },
}

/// A `.snap` header that is not a command jdx can replay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad snapshot header `{header}`: {reason} (expected e.g. `{DEFAULT_HEADER}` or `# jdx translate --format markdown`)")]
pub struct HeaderError {
    /// The header line.
    pub header: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Parses a header line such as `# jdx translate --format json --role sdet`.
pub fn parse_header(line: &str) -> Result<Command, HeaderError> {
    let fail = |reason: String| HeaderError {
        header: line.trim().to_owned(),
        reason,
    };
    let mut words = line.split_whitespace();
    if words.next() != Some("#") || words.next() != Some("jdx") {
        return Err(fail("it must start with `# jdx`".to_owned()));
    }
    let command = words.next().unwrap_or_default();
    let mut options: Vec<(String, String)> = Vec::new();
    while let Some(word) = words.next() {
        let (key, value) = match word.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => {
                let value = words
                    .next()
                    .ok_or_else(|| fail(format!("`{word}` needs a value")))?;
                (word.to_owned(), value.to_owned())
            }
        };
        options.push((key, value));
    }
    let mut format = None;
    let mut role = None;
    let mut autopsy = Some(3);
    let mut width = DEFAULT_WIDTH;
    for (key, value) in options {
        match (command, key.as_str()) {
            (_, "--format") => format = Some(value),
            ("translate", "--role") => role = Some(value),
            ("translate", "--autopsy") if value.eq_ignore_ascii_case("all") => autopsy = None,
            ("translate", "--autopsy") => {
                autopsy = Some(value.parse().map_err(|_| {
                    fail(format!("--autopsy takes a number or `all`, not `{value}`"))
                })?)
            }
            ("translate", "--width") => {
                width = value
                    .parse()
                    .map_err(|_| fail(format!("--width takes a number, not `{value}`")))?
            }
            _ => return Err(fail(format!("unknown option `{key}` for `{command}`"))),
        }
    }
    let format = format.as_deref();
    match command {
        "scan" => Ok(Command::Scan {
            format: match format {
                None | Some("text") => ScanFormat::Text,
                Some("json") => ScanFormat::Json,
                Some("ndjson") => ScanFormat::Ndjson,
                Some(f) => return Err(fail(format!("scan has no format `{f}`"))),
            },
        }),
        "translate" => Ok(Command::Translate {
            format: match format {
                None | Some("text") => TranslateFormat::Text,
                Some("markdown") => TranslateFormat::Markdown,
                Some("json") => TranslateFormat::Json,
                Some(f) => return Err(fail(format!("translate has no format `{f}`"))),
            },
            role,
            autopsy,
            width,
        }),
        other => Err(fail(format!(
            "unknown command `{other}`: expected `scan` or `translate`"
        ))),
    }
}

/// Splits a `.snap` file into its header line (if the first line is one) and
/// the expected output.
pub fn split(snap: &str) -> (Option<&str>, &str) {
    let (first, rest) = snap.split_once('\n').unwrap_or((snap, ""));
    if first.trim_start().starts_with("# jdx") {
        (Some(first.trim_end_matches('\r')), rest)
    } else {
        (None, snap)
    }
}

/// Why a case could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The posting has no text (`translate` refuses it, as the command does).
    #[error("nothing to translate (the posting is empty)")]
    Empty,
    /// The analysis failed (an unknown `--role`, no roles loaded).
    #[error(transparent)]
    Jdx(#[from] crate::Error),
    /// Writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The output of `command` for the posting `doc` named `name`, as `jdx`
/// prints it with colours off.
pub fn render(
    engine: &Engine,
    command: &Command,
    name: &str,
    doc: &Document,
) -> Result<String, RenderError> {
    let mut out: Vec<u8> = Vec::new();
    let palette = Palette::default();
    match command {
        Command::Scan { format } => {
            let scan = engine.scan(doc);
            let file = FileScan {
                name,
                doc,
                scan: &scan,
            };
            match format {
                ScanFormat::Text => {
                    render::scan::text(&mut out, &file, &palette)?;
                    render::scan::summary(&mut out, &[file])?;
                }
                ScanFormat::Json => render::scan::json(&mut out, &[file])?,
                ScanFormat::Ndjson => render::scan::ndjson(&mut out, &file)?,
            }
        }
        Command::Translate {
            format,
            role,
            autopsy,
            width,
        } => {
            if doc.is_blank() {
                return Err(RenderError::Empty);
            }
            let options = AnalyzeOptions {
                role: role.clone(),
                autopsy: *autopsy,
            };
            let report = engine.analyze(doc, &options)?;
            match format {
                TranslateFormat::Text => {
                    render::text::record(&mut out, &Record::new(&report), *width, &palette)?
                }
                TranslateFormat::Markdown => {
                    render::markdown::record(&mut out, &Record::new(&report))?
                }
                TranslateFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &ReportJson::new(name, &report))
                        .map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&out);
    Ok(anstream::adapter::strip_str(&text).to_string())
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The output equals the snapshot.
    Passed,
    /// The output differs: a unified diff from the snapshot to the output,
    /// which was written to `NAME.snap.new` (or to `NAME.snap` when updating).
    Changed {
        /// The diff, `---` snapshot, `+++` output.
        diff: String,
        /// Whether `NAME.snap` was rewritten.
        updated: bool,
    },
    /// There was no snapshot, or one with only a header line: the output was
    /// written to `NAME.snap.new` (or to `NAME.snap` when updating).
    New {
        /// Whether `NAME.snap` was written.
        updated: bool,
    },
    /// The case cannot run: a bad header, or a posting `translate` refuses.
    Invalid(String),
}

impl Outcome {
    /// Whether the case counts as passed: it matched, or `--update` made it match.
    pub fn passed(&self) -> bool {
        match self {
            Outcome::Passed => true,
            Outcome::Changed { updated, .. } | Outcome::New { updated } => *updated,
            Outcome::Invalid(_) => false,
        }
    }
}

impl fmt::Display for Outcome {
    /// A word for the case's status line: `ok`, `FAILED`, `new`, `updated`, `written`, `invalid`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Passed => "ok",
            Outcome::Changed { updated: false, .. } => "FAILED",
            Outcome::Changed { updated: true, .. } => "updated",
            Outcome::New { updated: false } => "new",
            Outcome::New { updated: true } => "written",
            Outcome::Invalid(_) => "invalid",
        })
    }
}

/// Runs one case: renders the posting with the command its snapshot names and
/// compares. With `update`, a new or different output is written to
/// `NAME.snap`; without, to `NAME.snap.new`. A stale `NAME.snap.new` of a case
/// that now passes is removed.
pub fn run(engine: &Engine, case: &Case, update: bool) -> io::Result<Outcome> {
    let doc = Document::from_bytes(fs::read(&case.posting)?);
    let existing = match fs::read_to_string(&case.snap) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (header, expected) = match &existing {
        Some(s) => split(s),
        None => (None, ""),
    };
    let header = header.unwrap_or(DEFAULT_HEADER);
    let command = match parse_header(header) {
        Ok(c) => c,
        Err(e) => return Ok(Outcome::Invalid(format!("{}: {e}", case.snap.display()))),
    };
    let actual = match render(engine, &command, &case.name, &doc) {
        Ok(a) => a,
        Err(RenderError::Io(e)) => return Err(e),
        Err(e) => return Ok(Outcome::Invalid(format!("{}: {e}", case.posting.display()))),
    };
    if existing.is_some() && expected == actual {
        remove_if_present(&case.pending)?;
        return Ok(Outcome::Passed);
    }
    let contents = format!("{header}\n{actual}");
    let target = if update { &case.snap } else { &case.pending };
    write_atomic(target, &contents)?;
    if update {
        remove_if_present(&case.pending)?;
    }
    Ok(match existing {
        // No snapshot, or only its header (written by hand to choose the command).
        None => Outcome::New { updated: update },
        Some(_) if expected.is_empty() => Outcome::New { updated: update },
        Some(_) => Outcome::Changed {
            diff: diff(
                expected,
                &actual,
                &case.snap.display().to_string(),
                "output",
            ),
            updated: update,
        },
    })
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A unified diff of two texts, line by line, with three lines of context.
pub fn diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// Writes `contents` to a temporary file next to `path`, then renames it into
/// place: a reader (or a concurrent run) sees the old file or the new one,
/// never a half-written one.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    static SEQUENCE: AtomicUsize = AtomicUsize::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = path.with_file_name(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        SEQUENCE.fetch_add(1, Ordering::Relaxed)
    ));
    fs::write(&tmp, contents)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn headers_parse_into_commands() {
        assert_eq!(
            parse_header(DEFAULT_HEADER),
            Ok(Command::Scan {
                format: ScanFormat::Text
            })
        );
        assert_eq!(
            parse_header("# jdx translate --format=markdown --role sdet --autopsy all"),
            Ok(Command::Translate {
                format: TranslateFormat::Markdown,
                role: Some("sdet".to_owned()),
                autopsy: None,
                width: DEFAULT_WIDTH,
            })
        );
        let e = parse_header("# jdx scan --format csv").unwrap_err();
        assert_eq!(e.reason, "scan has no format `csv`");
        let e = parse_header("# jdx scan --role sdet").unwrap_err();
        assert_eq!(e.reason, "unknown option `--role` for `scan`");
        assert!(parse_header("# jdx rewrite").is_err());
    }

    #[test]
    fn split_keeps_the_body_exactly() {
        assert_eq!(
            split("# jdx scan\r\na\nb\n"),
            (Some("# jdx scan"), "a\nb\n")
        );
        assert_eq!(split("a\nb\n"), (None, "a\nb\n"));
        assert_eq!(split("# jdx scan"), (Some("# jdx scan"), ""));
    }

    #[test]
    fn the_diff_is_unified() {
        let d = diff("a\nb\nc\n", "a\nB\nc\n", "x.snap", "output");
        assert_eq!(
            d,
            "--- x.snap\n+++ output\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }

    #[test]
    fn new_changed_and_passing_cases_follow_the_review_flow() {
        let dir = tempfile::tempdir().unwrap();
        let posting = dir.path().join("p.txt");
        fs::write(&posting, "We want a rockstar.\n").unwrap();
        let engine = Engine::new(RuleSet::builtin().unwrap()).unwrap();
        let case = Case::new(posting.clone());
        assert_eq!(cases(dir.path()).unwrap(), vec![case.clone()]);

        // No snapshot: written for review, counted as failed.
        let outcome = run(&engine, &case, false).unwrap();
        assert_eq!(outcome, Outcome::New { updated: false });
        assert!(!outcome.passed());
        let pending_text = fs::read_to_string(&case.pending).unwrap();
        assert!(pending_text.starts_with("# jdx scan --format text\np.txt:1:11  "));
        assert!(pending_text.ends_with("1 matches in 1 inputs\n"));
        assert_eq!(pending(dir.path()).unwrap(), vec![case.pending.clone()]);

        // Accepted, it passes.
        assert_eq!(accept(&case.pending).unwrap(), case.snap);
        assert_eq!(run(&engine, &case, false).unwrap(), Outcome::Passed);

        // The posting changes: a diff, and a pending file; `update` rewrites the snapshot.
        fs::write(&posting, "We want a ninja.\n").unwrap();
        let Outcome::Changed { diff, updated } = run(&engine, &case, false).unwrap() else {
            panic!("expected a change")
        };
        assert!(!updated);
        assert!(
            diff.contains("-p.txt:1:11") && diff.contains("\"rockstar\""),
            "{diff}"
        );
        assert!(case.pending.exists());
        assert!(run(&engine, &case, true).unwrap().passed());
        assert!(!case.pending.exists(), "update removes the pending file");
        assert_eq!(run(&engine, &case, false).unwrap(), Outcome::Passed);
    }

    #[test]
    fn a_header_picks_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let posting = dir.path().join("p.md");
        fs::write(&posting, "# Rockstar wanted\n").unwrap();
        let case = Case::new(posting);
        fs::write(&case.snap, "# jdx scan --format ndjson\n").unwrap();
        let engine = Engine::new(RuleSet::builtin().unwrap()).unwrap();
        assert!(run(&engine, &case, true).unwrap().passed());
        let snap = fs::read_to_string(&case.snap).unwrap();
        let (header, body) = split(&snap);
        assert_eq!(header, Some("# jdx scan --format ndjson"));
        assert!(
            body.starts_with("{\"schema\":\"jdx/1\",\"file\":\"p.md\""),
            "{body}"
        );

        fs::write(&case.snap, "# jdx scan --format csv\n").unwrap();
        let Outcome::Invalid(why) = run(&engine, &case, true).unwrap() else {
            panic!("a bad header is reported")
        };
        assert!(why.contains("scan has no format `csv`"), "{why}");
    }
}
