//! Batch input for `jdx score`: folders walked into posting files, and NDJSON
//! or CSV streams read in chunks of lines, so memory stays bounded on a stream
//! of any length.
//!
//! A reader hands out [`Job`]s a chunk at a time; [`Job::prepare`] (run on the
//! worker threads) turns one into a [`Posting`] or a one-line error message.

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jdx::Document;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::args::{InputKind, ReadArgs};
use super::input;

/// At most this many postings are read before a chunk is scored.
pub const CHUNK_POSTINGS: usize = 1000;
/// A chunk is also scored once its postings hold this many bytes.
pub const CHUNK_BYTES: usize = 32 << 20;
/// The room made for a posting file whose size was not asked for.
const FIRST_GUESS: u64 = 16 << 10;
/// The files `score` picks in folders when no `--glob` includes any.
pub const DEFAULT_GLOBS: &[&str] = &["*.txt", "*.md", "*.markdown", "*.html", "*.htm"];

/// One posting to be read and scored.
#[derive(Debug)]
pub enum Job {
    /// A posting file, read by the worker.
    File {
        path: PathBuf,
        /// Its size, when asked for before the read (the read's first guess).
        size: Option<u64>,
    },
    /// Standard input as one posting, read by the worker.
    Stdin,
    /// One NDJSON line (without its line break).
    Line {
        /// The stream's name (`-` for standard input).
        source: Arc<str>,
        /// 1-based line number.
        line: usize,
        /// The line as read.
        bytes: Vec<u8>,
    },
    /// One CSV record, or why it could not be read.
    Record {
        /// The stream's name and columns.
        table: Arc<CsvTable>,
        /// 1-based line number where the record starts.
        line: usize,
        /// The fields, or the problem as a message.
        record: Result<csv::StringRecord, String>,
    },
}

/// What a job needs besides itself.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The NDJSON field that holds the text.
    pub text_field: String,
    /// The NDJSON field whose value names the row.
    pub id_field: Option<String>,
    /// `--binary` and `--input` (also for the text of NDJSON and CSV rows).
    pub read: ReadArgs,
}

/// A posting ready to score.
#[derive(Debug)]
pub struct Posting {
    /// The row's name.
    pub name: String,
    /// The file it was read from (`-`: standard input), for jdx.toml's
    /// per-path overrides; `None` for an NDJSON or CSV row.
    pub path: Option<PathBuf>,
    /// Its text.
    pub doc: Document,
    /// Fields passed through to the row, in input order.
    pub extra: Vec<(String, Value)>,
    /// A warning to print (with `jdx: warning: ` before it) unless `--quiet`.
    pub warning: Option<String>,
}

impl Job {
    /// The size of a file posting, asked for now if it is not known yet.
    pub fn size(&mut self) -> Option<u64> {
        match self {
            Job::File { path, size } => {
                if size.is_none() {
                    *size = std::fs::metadata(path).ok().map(|m| m.len());
                }
                *size
            }
            _ => None,
        }
    }

    /// The size of a file posting, if it is known.
    fn known_size(&self) -> Option<u64> {
        match self {
            Job::File { size, .. } => *size,
            _ => None,
        }
    }

    /// Reads or parses the posting; the error is a message such as
    /// `input.ndjson:17: invalid JSON: …`.
    pub fn prepare(self, spec: &Spec) -> Result<Posting, String> {
        match self {
            Job::File { path, size } => {
                let name = path.display().to_string();
                // A size not asked for is guessed (postings are small; a larger
                // file is read on into more room): one system call less per file.
                let guess = size.unwrap_or(FIRST_GUESS);
                let bytes = read_file(&path, Some(guess)).map_err(|e| format!("{name}: {e}"))?;
                posting_from_bytes(&path, name, bytes, spec)
            }
            Job::Stdin => {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("-: {e}"))?;
                posting_from_bytes(Path::new("-"), "-".to_owned(), bytes, spec)
            }
            Job::Line {
                source,
                line,
                bytes,
            } => json_posting(&source, line, &bytes, spec)
                .map_err(|e| format!("{source}:{line}: {e}")),
            Job::Record {
                table,
                line,
                record,
            } => record
                .and_then(|r| table.posting(line, &r, spec.read.input_kind))
                .map_err(|e| format!("{}:{line}: {e}", table.source)),
        }
    }
}

fn posting_from_bytes(
    path: &Path,
    name: String,
    bytes: Vec<u8>,
    spec: &Spec,
) -> Result<Posting, String> {
    if !spec.read.binary && memchr::memchr(0, &bytes).is_some() {
        return Err(format!(
            "{name}: looks like a binary file (it contains NUL bytes); pass --binary to read it anyway"
        ));
    }
    let doc = input::document(path, bytes, spec.read.input_kind);
    let warning = doc.is_lossy().then(|| {
        format!("{name}: not valid UTF-8; invalid bytes read as U+FFFD (offsets still count the bytes as read)")
    });
    Ok(Posting {
        name,
        path: Some(path.to_path_buf()),
        doc,
        extra: Vec::new(),
        warning,
    })
}

/// The bytes of the file at `path`, whose `size` may be known already; the
/// error says what went wrong in a few words.
pub fn read_file(path: &Path, size: Option<u64>) -> Result<Vec<u8>, String> {
    // No system call that can be spared: in a batch of thousands of files they show.
    let read = || {
        let file = std::fs::File::open(path)?;
        let size = match size {
            Some(size) => size,
            // Asked of the open file, not of the path (no second lookup).
            None => file.metadata()?.len(),
        };
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
        // `File::read_to_end` asks for the size again (`fstat` and `lseek`);
        // through `take` it reads into the room made for it.
        file.take(u64::MAX).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    read().map_err(|e| match path.is_dir() {
        true => "is a directory".to_owned(),
        false => describe(&e),
    })
}

/// A short description of an I/O error, as `jdx` reports it.
pub fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => e.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Folders

/// Posting files found for `paths`, in order: each path as given, a folder's
/// files sorted by path. `-` is standard input. A file named is asked its
/// size; a file found in a folder is not (a `stat` per file shows in a
/// folder of thousands, see [`Job::size`]). Problems are handed to `report`
/// as messages and the walk goes on; the globs are checked first (an invalid
/// glob is returned as an error).
pub fn walk(
    paths: &[PathBuf],
    globs: &[String],
    report: &mut dyn FnMut(String) -> io::Result<()>,
) -> io::Result<Result<Vec<Job>, String>> {
    let globs = effective_globs(globs);
    let mut jobs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            jobs.push(Job::Stdin);
            continue;
        }
        if !path.is_dir() {
            jobs.push(Job::File {
                path: path.clone(),
                size: std::fs::metadata(path).ok().map(|m| m.len()),
            });
            continue;
        }
        // The globs pick among the files the ignore files leave (as overrides
        // of the walk they would beat the ignore files).
        let mut builder = ignore::overrides::OverrideBuilder::new(path);
        for glob in &globs {
            if let Err(e) = builder.add(glob) {
                return Ok(Err(format!("invalid --glob `{glob}`: {e}")));
            }
        }
        let picked = match builder.build() {
            Ok(o) => o,
            Err(e) => return Ok(Err(format!("invalid --glob: {e}"))),
        };
        let walker = ignore::WalkBuilder::new(path)
            .standard_filters(true)
            .require_git(false)
            .git_global(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && picked.matched(entry.path(), false).is_whitelist() {
                        jobs.push(Job::File {
                            path: entry.into_path(),
                            size: None,
                        });
                    }
                }
                Err(e) => report(walk_error(&e))?,
            }
        }
    }
    Ok(Ok(jobs))
}

/// The user's globs, or the defaults when none of them includes files (only
/// `!` exclusions, or none at all).
fn effective_globs(globs: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    if globs.iter().all(|g| g.starts_with('!')) {
        all.extend(DEFAULT_GLOBS.iter().map(|g| (*g).to_owned()));
    }
    all.extend(globs.iter().cloned());
    all
}

fn walk_error(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { path, err } => match err.as_ref() {
            ignore::Error::Io(io) => format!("{}: {}", path.display(), describe(io)),
            other => format!("{}: {other}", path.display()),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        other => other.to_string(),
    }
}

/// `jobs` split into chunks of at most [`CHUNK_POSTINGS`] postings and about
/// [`CHUNK_BYTES`] bytes (of the sizes known).
pub fn file_chunks(jobs: Vec<Job>) -> Vec<Vec<Job>> {
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut bytes = 0u64;
    for job in jobs {
        let size = job.known_size().unwrap_or(0);
        if !chunk.is_empty() && (chunk.len() >= CHUNK_POSTINGS || bytes + size > CHUNK_BYTES as u64)
        {
            chunks.push(std::mem::take(&mut chunk));
            bytes = 0;
        }
        bytes += size;
        chunk.push(job);
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

// ---------------------------------------------------------------------------
// NDJSON

/// An NDJSON stream read a chunk of lines at a time.
pub struct NdjsonChunks<R> {
    reader: R,
    source: Arc<str>,
    line: usize,
    done: bool,
}

impl<R: BufRead> NdjsonChunks<R> {
    /// Reads `reader`, naming it `source` in messages and rows.
    pub fn new(reader: R, source: &str) -> Self {
        NdjsonChunks {
            reader,
            source: source.into(),
            line: 0,
            done: false,
        }
    }
}

/// A source of chunks of jobs.
pub trait Chunks {
    /// The next chunk (never empty), `None` at the end, and how many bytes it holds.
    fn next_chunk(&mut self) -> io::Result<Option<(Vec<Job>, usize)>>;
}

impl<R: BufRead> Chunks for NdjsonChunks<R> {
    fn next_chunk(&mut self) -> io::Result<Option<(Vec<Job>, usize)>> {
        let mut jobs = Vec::new();
        let mut bytes = 0;
        while !self.done && jobs.len() < CHUNK_POSTINGS && bytes < CHUNK_BYTES {
            let mut buf = Vec::new();
            if self.reader.read_until(b'\n', &mut buf)? == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            if self.line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            bytes += buf.len();
            jobs.push(Job::Line {
                source: Arc::clone(&self.source),
                line: self.line,
                bytes: buf,
            });
        }
        Ok((!jobs.is_empty()).then_some((jobs, bytes)))
    }
}

/// A JSON object's members in the order written (a repeated key keeps its
/// first place and its last value).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members: Vec<(String, Value)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    match members.iter_mut().find(|(key, _)| *key == k) {
                        Some(slot) => slot.1 = v,
                        None => members.push((k, v)),
                    }
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(V)
    }
}

fn json_posting(source: &str, line: usize, bytes: &[u8], spec: &Spec) -> Result<Posting, String> {
    let Members(mut members) = serde_json::from_slice(bytes).map_err(|e| {
        let mut msg = e.to_string();
        if let Some(at) = msg.rfind(" at line ") {
            msg.truncate(at);
        }
        format!("invalid JSON: {msg} (column {})", e.column())
    })?;
    let at = members
        .iter()
        .position(|(k, _)| *k == spec.text_field)
        .ok_or_else(|| format!("no field `{}`", spec.text_field))?;
    let text = match members.remove(at).1 {
        Value::String(s) => s,
        other => {
            return Err(format!(
                "field `{}` is {}, not a string",
                spec.text_field,
                kind(&other)
            ))
        }
    };
    let name = spec
        .id_field
        .as_ref()
        .and_then(|id| members.iter().find(|(k, _)| k == id))
        .map_or_else(|| format!("{source}:{line}"), |(_, v)| value_text(v));
    Ok(Posting {
        name,
        path: None,
        doc: text_document(text, spec.read.input_kind),
        extra: members,
        warning: None,
    })
}

/// The text of a row as a document: HTML when `kind` says so, or with `auto`
/// when it looks like HTML.
fn text_document(text: String, kind: InputKind) -> Document {
    input::document(Path::new(""), text.into_bytes(), kind)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as one cell of text: strings as they are, `null` empty, anything
/// else as compact JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------
// CSV

/// A CSV stream's name and columns.
#[derive(Debug)]
pub struct CsvTable {
    source: String,
    columns: Vec<String>,
    text: usize,
    id: Option<usize>,
}

impl CsvTable {
    fn posting(
        &self,
        line: usize,
        record: &csv::StringRecord,
        kind: InputKind,
    ) -> Result<Posting, String> {
        let text = record
            .get(self.text)
            .ok_or_else(|| format!("no column `{}` in this row", self.columns[self.text]))?;
        let name = match self.id.and_then(|i| record.get(i)) {
            Some(id) => id.to_owned(),
            None => format!("{}:{line}", self.source),
        };
        let extra = self
            .columns
            .iter()
            .zip(record.iter())
            .enumerate()
            .filter(|(i, _)| *i != self.text)
            .map(|(_, (k, v))| (k.clone(), Value::String(v.to_owned())))
            .collect();
        Ok(Posting {
            name,
            path: None,
            doc: text_document(text.to_owned(), kind),
            extra,
            warning: None,
        })
    }
}

/// A CSV stream (with a header row) read a chunk of records at a time.
pub struct CsvChunks<R> {
    reader: csv::Reader<R>,
    table: Arc<CsvTable>,
    done: bool,
}

impl<R: Read> CsvChunks<R> {
    /// Reads the header of `reader`; an error names what is wrong with it.
    pub fn new(
        reader: R,
        source: &str,
        text_column: &str,
        id_column: Option<&str>,
    ) -> io::Result<Result<Self, String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let header = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                return match io_error(e) {
                    Ok(io) => Err(io),
                    Err(msg) => Ok(Err(format!("{source}: invalid CSV header: {msg}"))),
                }
            }
        };
        let columns: Vec<String> = header
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        let find = |name: &str| columns.iter().position(|c| c == name);
        let Some(text) = find(text_column) else {
            return Ok(Err(format!(
                "{source}: no column `{text_column}` in the CSV header (columns: {})",
                columns.join(", ")
            )));
        };
        let id = match id_column {
            Some(name) => match find(name) {
                Some(i) => Some(i),
                None => {
                    return Ok(Err(format!(
                        "{source}: no column `{name}` in the CSV header (columns: {})",
                        columns.join(", ")
                    )))
                }
            },
            None => None,
        };
        Ok(Ok(CsvChunks {
            reader,
            table: Arc::new(CsvTable {
                source: source.to_owned(),
                columns,
                text,
                id,
            }),
            done: false,
        }))
    }
}

impl<R: Read> Chunks for CsvChunks<R> {
    fn next_chunk(&mut self) -> io::Result<Option<(Vec<Job>, usize)>> {
        let mut jobs = Vec::new();
        let mut bytes = 0;
        let mut raw = csv::ByteRecord::new();
        while !self.done && jobs.len() < CHUNK_POSTINGS && bytes < CHUNK_BYTES {
            let (line, record) = match self.reader.read_byte_record(&mut raw) {
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Ok(true) => {
                    bytes += raw.as_slice().len();
                    let line = raw.position().map_or(0, |p| p.line() as usize);
                    let record = csv::StringRecord::from_byte_record(raw.clone()).map_err(|e| {
                        format!(
                            "invalid CSV row: field {} is not valid UTF-8",
                            e.utf8_error().field() + 1
                        )
                    });
                    (line, record)
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    match io_error(e) {
                        Ok(io) => return Err(io),
                        Err(msg) => (line, Err(format!("invalid CSV row: {msg}"))),
                    }
                }
            };
            jobs.push(Job::Record {
                table: Arc::clone(&self.table),
                line,
                record,
            });
        }
        Ok((!jobs.is_empty()).then_some((jobs, bytes)))
    }
}

/// A CSV error as an I/O error (to stop the run) or a message (to skip the row).
fn io_error(e: csv::Error) -> Result<io::Error, String> {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Ok(io),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Err(format!("expected {expected_len} fields, found {len}")),
        csv::ErrorKind::Utf8 { err, .. } => {
            Err(format!("field {} is not valid UTF-8", err.field() + 1))
        }
        other => Err(format!("{other:?}")),
    }
}

// ---------------------------------------------------------------------------
// --quiet

/// Standard error with warnings (`jdx: warning: …` lines) left out when `quiet`.
pub struct QuietFilter<'a, W: Write> {
    inner: &'a mut W,
    quiet: bool,
    line: Vec<u8>,
}

impl<'a, W: Write> QuietFilter<'a, W> {
    /// Wraps `inner`.
    pub fn new(inner: &'a mut W, quiet: bool) -> Self {
        QuietFilter {
            inner,
            quiet,
            line: Vec::new(),
        }
    }

    fn emit_line(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.line);
        if !line.starts_with(b"jdx: warning:") {
            self.inner.write_all(&line)?;
        }
        Ok(())
    }
}

impl<W: Write> Write for QuietFilter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.quiet {
            return self.inner.write(buf);
        }
        for &b in buf {
            self.line.push(b);
            if b == b'\n' {
                self.emit_line()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.emit_line()?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for QuietFilter<'_, W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec {
            text_field: "description".to_owned(),
            id_field: Some("id".to_owned()),
            read: ReadArgs {
                binary: false,
                input_kind: InputKind::Auto,
            },
        }
    }

    #[test]
    fn ndjson_lines_keep_numbers_skip_blanks_and_pass_fields_through() {
        let input = "\u{feff}{\"id\": 7, \"description\": \"Leverage it.\", \"b\": 1, \"a\": [2]}\r\n\n  \n{\"description\": \"x\"}\n{oops\n";
        let mut chunks = NdjsonChunks::new(input.as_bytes(), "in.ndjson");
        let (jobs, _) = chunks.next_chunk().unwrap().unwrap();
        assert!(chunks.next_chunk().unwrap().is_none());
        let lines: Vec<usize> = jobs
            .iter()
            .map(|j| match j {
                Job::Line { line, .. } => *line,
                _ => 0,
            })
            .collect();
        assert_eq!(lines, [1, 4, 5], "blank lines are skipped but counted");
        let mut prepared = jobs.into_iter().map(|j| j.prepare(&spec()));
        let first = prepared.next().unwrap().unwrap();
        assert_eq!(first.name, "7");
        assert_eq!(first.doc.text(), "Leverage it.");
        let keys: Vec<&str> = first.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["id", "b", "a"], "input order, text field left out");
        assert_eq!(prepared.next().unwrap().unwrap().name, "in.ndjson:4");
        let err = prepared.next().unwrap().unwrap_err();
        assert!(err.starts_with("in.ndjson:5: invalid JSON: "), "{err}");
        assert!(!err.contains("at line"), "{err}");
    }

    #[test]
    fn ndjson_problems_name_the_field() {
        let bad = |line: &str| {
            Job::Line {
                source: "s".into(),
                line: 3,
                bytes: line.as_bytes().to_vec(),
            }
            .prepare(&spec())
            .unwrap_err()
        };
        assert_eq!(bad("{\"text\": \"x\"}"), "s:3: no field `description`");
        assert_eq!(
            bad("{\"description\": null}"),
            "s:3: field `description` is null, not a string"
        );
        assert!(bad("[1, 2]")
            .starts_with("s:3: invalid JSON: invalid type: sequence, expected a JSON object"));
    }

    #[test]
    fn ndjson_chunks_are_bounded() {
        let input = "{\"description\": \"a\"}\n".repeat(CHUNK_POSTINGS + 5);
        let mut chunks = NdjsonChunks::new(input.as_bytes(), "-");
        assert_eq!(
            chunks.next_chunk().unwrap().unwrap().0.len(),
            CHUNK_POSTINGS
        );
        assert_eq!(chunks.next_chunk().unwrap().unwrap().0.len(), 5);
        assert!(chunks.next_chunk().unwrap().is_none());
    }

    #[test]
    fn csv_rows_report_their_line_and_the_reader_goes_on() {
        let input = "id,description,team\n1,\"Two\nlines\",x\n2,short\n3,fine,y\n";
        let mut chunks = CsvChunks::new(input.as_bytes(), "in.csv", "description", Some("id"))
            .unwrap()
            .unwrap();
        let (jobs, _) = chunks.next_chunk().unwrap().unwrap();
        let out: Vec<Result<Posting, String>> =
            jobs.into_iter().map(|j| j.prepare(&spec())).collect();
        assert_eq!(out.len(), 3);
        let first = out[0].as_ref().unwrap();
        assert_eq!((first.name.as_str(), first.doc.text()), ("1", "Two\nlines"));
        let keys: Vec<&str> = first.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["id", "team"]);
        assert_eq!(
            out[1].as_ref().unwrap_err(),
            "in.csv:4: invalid CSV row: expected 3 fields, found 2"
        );
        assert_eq!(out[2].as_ref().unwrap().name, "3");
    }

    #[test]
    fn csv_header_must_name_the_columns() {
        let err = CsvChunks::new("a,b\n1,2\n".as_bytes(), "t.csv", "description", None)
            .unwrap()
            .err()
            .unwrap();
        assert_eq!(
            err,
            "t.csv: no column `description` in the CSV header (columns: a, b)"
        );
    }

    #[test]
    fn a_folder_s_files_are_sized_only_when_asked_and_read_either_way() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Rockstar wanted.").unwrap();
        std::fs::write(dir.path().join("b.md"), "Ninja").unwrap();
        let named = dir.path().join("b.md");
        let paths = [dir.path().to_path_buf(), named];
        let mut jobs = walk(&paths, &[], &mut |m| panic!("{m}")).unwrap().unwrap();
        let sizes: Vec<_> = jobs.iter().map(Job::known_size).collect();
        assert_eq!(
            sizes,
            [None, None, Some(5)],
            "a named file is sized, a walked one not"
        );
        assert_eq!(jobs[0].size(), Some(16));
        assert_eq!(jobs[0].known_size(), Some(16));
        for (job, want) in jobs.into_iter().zip(["Rockstar wanted.", "Ninja", "Ninja"]) {
            let posting = job.prepare(&spec()).unwrap();
            assert_eq!(posting.doc.text(), want);
        }
        assert_eq!(
            read_file(&dir.path().join("a.txt"), None).unwrap(),
            b"Rockstar wanted."
        );
        assert_eq!(read_file(dir.path(), None).unwrap_err(), "is a directory");
    }

    #[test]
    fn globs_fall_back_to_the_defaults_when_they_only_exclude() {
        assert_eq!(effective_globs(&[]).len(), DEFAULT_GLOBS.len());
        let only_md = effective_globs(&["*.md".to_owned()]);
        assert_eq!(only_md, ["*.md"]);
        let excl = effective_globs(&["!draft-*".to_owned()]);
        assert_eq!(excl.last().unwrap(), "!draft-*");
        assert_eq!(excl.len(), DEFAULT_GLOBS.len() + 1);
    }

    #[test]
    fn quiet_filter_drops_only_warnings() {
        let mut err = Vec::new();
        {
            let mut f = QuietFilter::new(&mut err, true);
            write!(f, "jdx: warning: x").unwrap();
            writeln!(f, " is odd, in two writes").unwrap();
            writeln!(f, "jdx: x: no such file").unwrap();
        }
        assert_eq!(String::from_utf8(err).unwrap(), "jdx: x: no such file\n");
    }
}
