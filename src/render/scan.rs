//! `jdx scan` output: linter-style text, JSON and NDJSON.

use std::io::{self, Write};

use serde::Serialize;

use super::explain_score::FileExplanation;
use serde_json::value::{to_raw_value, RawValue};

use super::json::{ComboJson, MatchJson, Text, SCHEMA};
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
    combos_text(w, file, p)
}

/// `path:line:col  category/id (combo, scope)  "a" + "b" → plain`, then where each member stands.
fn combos_text(w: &mut dyn Write, file: &FileScan<'_>, p: &Palette) -> io::Result<()> {
    let hits = &file.scan.hits;
    for fired in &file.scan.combos {
        let (s, d, b, c, g) = (p.strong, p.dim, p.buzzword, p.category, p.plain);
        let texts: Vec<String> = fired
            .members
            .iter()
            .map(|&i| format!("{b}\"{}\"{b:#}", sanitize(&collapse(hits[i].text))))
            .collect();
        writeln!(
            w,
            "{s}{}:{}:{}{s:#}  {c}{}{c:#}/{d}{}{d:#} (combo, {})  {} → {g}{}{g:#}",
            sanitize(file.name),
            fired.line,
            fired.column,
            fired.combo.category,
            fired.combo.id,
            fired.combo.scope,
            texts.join(" + "),
            fired.combo.plain,
        )?;
        let members: Vec<String> = fired
            .members
            .iter()
            .map(|&i| format!("{}:{} {}", hits[i].line, hits[i].column, hits[i].rule.id))
            .collect();
        writeln!(w, "  = members: {}", members.join(", "))?;
        writeln!(w)?;
    }
    Ok(())
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The closing line of the text output: `N matches in N inputs`, with the
/// combinations that fired and the matches suppressed (not shown) when there are any.
pub fn summary(w: &mut dyn Write, files: &[FileScan<'_>]) -> io::Result<()> {
    let count = |f: fn(&Scan<'_>) -> usize| files.iter().map(|file| f(file.scan)).sum::<usize>();
    write!(w, "{} matches", count(|s| s.hits.len()))?;
    let combos = count(|s| s.combos.len());
    if combos > 0 {
        write!(w, " and {combos} combinations")?;
    }
    write!(w, " in {} inputs", files.len())?;
    let suppressed = count(|s| s.suppressed.len());
    if suppressed > 0 {
        write!(w, " ({suppressed} suppressed, not shown)")?;
    }
    writeln!(w)
}

/// One match object per line.
pub fn ndjson(w: &mut dyn Write, file: &FileScan<'_>) -> io::Result<()> {
    // Each line is built in one buffer and written at once: serde writes a
    // line in dozens of small pieces, each a call through `dyn Write`.
    let mut line = Vec::with_capacity(1024);
    let name = to_raw_value(file.name)?;
    // Each rule's texts, escaped once, by rule index.
    let mut escaped: Vec<Option<[Box<RawValue>; 4]>> = Vec::new();
    for marked in file.scan.all() {
        let (hit, _) = marked;
        if escaped.len() <= hit.rule_index {
            escaped.resize(hit.rule_index + 1, None);
        }
        let texts = match &mut escaped[hit.rule_index] {
            Some(texts) => texts,
            slot => slot.insert([
                to_raw_value(&hit.rule.id)?,
                to_raw_value(&hit.rule.category)?,
                to_raw_value(&hit.rule.plain)?,
                to_raw_value(&hit.rule.otiose)?,
            ]),
        };
        let [rule, category, plain, otiose] = texts.each_ref().map(|t| Text::Escaped(t));
        let object = MatchJson {
            schema: Some(SCHEMA),
            file: Text::Escaped(&name),
            rule,
            category,
            plain,
            otiose,
            ..MatchJson::marked(file.name, marked)
        };
        write_line(w, &mut line, &object)?;
    }
    for fired in &file.scan.combos {
        let object = ComboJson {
            schema: Some(SCHEMA),
            ..ComboJson::new(file.name, fired, &file.scan.hits)
        };
        write_line(w, &mut line, &object)?;
    }
    Ok(())
}

/// `object` as one line of JSON, built in `buffer` and written at once.
fn write_line(w: &mut dyn Write, buffer: &mut Vec<u8>, object: &impl Serialize) -> io::Result<()> {
    buffer.clear();
    serde_json::to_writer(&mut *buffer, object)?;
    buffer.push(b'\n');
    w.write_all(buffer)
}

#[derive(Serialize)]
struct ScanDocument<'a> {
    schema: &'static str,
    files: usize,
    matches: Vec<MatchJson<'a>>,
    combos: Vec<ComboJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanations: Option<&'a [FileExplanation<'a>]>,
}

/// One JSON document with every match of every input.
pub fn json(w: &mut dyn Write, files: &[FileScan<'_>]) -> io::Result<()> {
    json_explained(w, files, None)
}

/// [`json`], with an `"explanations"` array (`--explain-score`) when given.
pub fn json_explained(
    w: &mut dyn Write,
    files: &[FileScan<'_>],
    explanations: Option<&[FileExplanation<'_>]>,
) -> io::Result<()> {
    let doc = ScanDocument {
        explanations,
        schema: SCHEMA,
        files: files.len(),
        matches: files
            .iter()
            .flat_map(|f| f.scan.all().map(|m| MatchJson::marked(f.name, m)))
            .collect(),
        combos: files
            .iter()
            .flat_map(|f| {
                f.scan
                    .combos
                    .iter()
                    .map(|c| ComboJson::new(f.name, c, &f.scan.hits))
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
