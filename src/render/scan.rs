//! `jdx scan` output: linter-style text, JSON and NDJSON.

use std::io::{self, Write};

use serde::Serialize;

use super::explain_score::FileExplanation;
use super::json::{ComboJson, MatchJson, SCHEMA};
use super::{sanitize, Excerpt, Palette};
use crate::rules::Rule;
use crate::{Document, Hit, Scan};

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
    // Lines are built in one buffer and written 64 KB at a time: serde writes
    // a line in dozens of small pieces, each a call through `dyn Write`, and
    // a write this large passes the output's buffer without a copy into it.
    const BATCH: usize = 1 << 16;
    let mut line = Vec::with_capacity(BATCH + 1024);
    let mut matches = MatchLines::new(file.name)?;
    for (hit, suppressed) in file.scan.all() {
        matches.build(&mut line, hit, suppressed)?;
        if line.len() >= BATCH {
            w.write_all(&line)?;
            line.clear();
        }
    }
    w.write_all(&line)?;
    line.clear();
    for fired in &file.scan.combos {
        let object = ComboJson {
            schema: Some(SCHEMA),
            ..ComboJson::new(file.name, fired, &file.scan.hits)
        };
        write_line(w, &mut line, &object)?;
    }
    Ok(())
}

/// The NDJSON lines of one input's matches, built from pieces escaped once
/// per input and once per rule: the bytes serde writes for a [`MatchJson`]
/// with its schema (a test holds them equal), without escaping fourteen
/// keys and the rule's texts again on every line of a large scan.
struct MatchLines {
    /// `{"schema":…,"file":…,`
    head: Vec<u8>,
    /// By rule index: what stands between `head` and the start offset, and
    /// between the matched text and the suppressed flag.
    rules: Vec<Option<(Vec<u8>, Vec<u8>)>>,
}

impl MatchLines {
    fn new(file: &str) -> io::Result<Self> {
        let mut head = br#"{"schema":"#.to_vec();
        serde_json::to_writer(&mut head, SCHEMA)?;
        head.extend_from_slice(br#","file":"#);
        serde_json::to_writer(&mut head, file)?;
        head.push(b',');
        Ok(MatchLines {
            head,
            rules: Vec::new(),
        })
    }

    /// Appends the line of `hit` (with its newline) to `line`.
    fn build(&mut self, line: &mut Vec<u8>, hit: &Hit<'_>, suppressed: bool) -> io::Result<()> {
        if self.rules.len() <= hit.rule_index {
            self.rules.resize(hit.rule_index + 1, None);
        }
        let (before, after) = match &mut self.rules[hit.rule_index] {
            Some(pieces) => pieces,
            slot => slot.insert(rule_pieces(hit.rule)?),
        };
        let mut number = itoa::Buffer::new();
        line.extend_from_slice(&self.head);
        line.extend_from_slice(before);
        line.extend_from_slice(number.format(hit.input.start).as_bytes());
        line.extend_from_slice(br#","end":"#);
        line.extend_from_slice(number.format(hit.input.end).as_bytes());
        line.extend_from_slice(br#","line":"#);
        line.extend_from_slice(number.format(hit.line).as_bytes());
        line.extend_from_slice(br#","column":"#);
        line.extend_from_slice(number.format(hit.column).as_bytes());
        line.extend_from_slice(br#","text":"#);
        serde_json::to_writer(&mut *line, hit.text)?;
        line.extend_from_slice(after);
        line.extend_from_slice(if suppressed { b"true}\n" } else { b"false}\n" });
        Ok(())
    }
}

/// A rule's two pieces of [`MatchLines`].
fn rule_pieces(rule: &Rule) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let mut before = br#""rule":"#.to_vec();
    serde_json::to_writer(&mut before, &rule.id)?;
    before.extend_from_slice(br#","category":"#);
    serde_json::to_writer(&mut before, &rule.category)?;
    before.extend_from_slice(br#","weight":"#);
    before.extend_from_slice(itoa::Buffer::new().format(rule.weight).as_bytes());
    before.extend_from_slice(br#","red_flag":"#);
    before.extend_from_slice(if rule.red_flag { b"true" } else { b"false" });
    before.extend_from_slice(br#","start":"#);
    let mut after = br#","plain":"#.to_vec();
    serde_json::to_writer(&mut after, &rule.plain)?;
    after.extend_from_slice(br#","otiose":"#);
    serde_json::to_writer(&mut after, &rule.otiose)?;
    after.extend_from_slice(br#","suppressed":"#);
    Ok((before, after))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, RuleSet};

    /// What [`ndjson`] writes, had every match line gone through serde.
    fn by_serde(file: &FileScan<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        for marked in file.scan.all() {
            let object = MatchJson {
                schema: Some(SCHEMA),
                ..MatchJson::marked(file.name, marked)
            };
            write_line(&mut out, &mut Vec::new(), &object).expect("writes");
        }
        for fired in &file.scan.combos {
            let object = ComboJson {
                schema: Some(SCHEMA),
                ..ComboJson::new(file.name, fired, &file.scan.hits)
            };
            write_line(&mut out, &mut Vec::new(), &object).expect("writes");
        }
        out
    }

    #[test]
    fn match_lines_are_what_serde_writes() {
        let engine = Engine::new(RuleSet::builtin().expect("built-ins")).expect("compiles");
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<Vec<u8>> = std::fs::read_dir(corpus)
            .expect("corpus")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "txt"))
            .map(|p| std::fs::read(p).expect("readable"))
            .collect();
        // Suppressed matches, a BOM, CRLF, escapes in the text.
        texts.push(
            "\u{feff}<!-- jdx-disable synergy -->\r\nSynergy\t\"rockstar\" ninja\u{1}!\r\nWe leverage synergy."
                .into(),
        );
        let mut lines = 0;
        for (k, bytes) in texts.into_iter().enumerate() {
            let doc = Document::from_bytes(bytes);
            let scan = engine.scan(&doc);
            for name in ["-", "jobs/\"odd\" \\ name✓\u{7}.md"] {
                let file = FileScan {
                    name,
                    doc: &doc,
                    scan: &scan,
                };
                let mut out = Vec::new();
                ndjson(&mut out, &file).expect("writes");
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&by_serde(&file)),
                    "posting {k}"
                );
                lines += out.iter().filter(|&&b| b == b'\n').count();
            }
        }
        assert!(lines > 1000, "only {lines} lines compared");
    }
}
