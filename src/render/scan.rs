//! `jdx scan` output: linter-style text, JSON and NDJSON.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{MatchJson, SCHEMA};
use super::{sanitize, Excerpt, Palette};
use crate::{Document, Scan};

/// One scanned input.
#[derive(Debug, Clone, Copy)]
pub struct FileScan<'a> {
    /// The input's name (`-` for standard input).
    pub name: &'a str,
    /// Its text.
    pub doc: &'a Document,
    /// What the engine found.
    pub scan: &'a Scan<'a>,
}

/// `path:line:col  category/rule  "text" → plain`, then the line with the span underlined.
pub fn text(w: &mut dyn Write, file: &FileScan<'_>, p: &Palette) -> io::Result<()> {
    for hit in &file.scan.hits {
        // Underline the match as it stands in the source (for HTML: with its tags
        // and entities), on its first line only.
        let lines = file.doc.line_range(hit.line);
        let source = file.doc.source_range(hit.span.clone());
        let excerpt = Excerpt::new(
            file.doc.line(hit.line),
            source.start.saturating_sub(lines.start),
            source.len(),
        );
        let gutter = hit.line.to_string().len();
        let (s, d, b, c, g, a) = (p.strong, p.dim, p.buzzword, p.category, p.plain, p.alert);
        writeln!(
            w,
            "{s}{}:{}:{}{s:#}  {c}{}{c:#}/{d}{}{d:#}  {b}\"{}\"{b:#} → {g}{}{g:#}",
            sanitize(file.name),
            hit.line,
            hit.column,
            hit.rule.category,
            hit.rule.id,
            sanitize(&hit.text.split_whitespace().collect::<Vec<_>>().join(" ")),
            hit.rule.plain,
        )?;
        writeln!(w, "{:gutter$} |", "")?;
        writeln!(w, "{} | {}", hit.line, excerpt.line)?;
        writeln!(w, "{:gutter$} | {a}{}{a:#}", "", excerpt.marks)?;
        writeln!(w)?;
    }
    Ok(())
}

/// One match object per line.
pub fn ndjson(w: &mut dyn Write, file: &FileScan<'_>) -> io::Result<()> {
    for hit in &file.scan.hits {
        serde_json::to_writer(&mut *w, &MatchJson::new(file.name, hit))?;
        writeln!(w)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ScanDocument<'a> {
    schema: &'static str,
    files: usize,
    matches: Vec<MatchJson<'a>>,
}

/// One JSON document with every match of every input.
pub fn json(w: &mut dyn Write, files: &[FileScan<'_>]) -> io::Result<()> {
    let doc = ScanDocument {
        schema: SCHEMA,
        files: files.len(),
        matches: files
            .iter()
            .flat_map(|f| f.scan.hits.iter().map(|h| MatchJson::new(f.name, h)))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
