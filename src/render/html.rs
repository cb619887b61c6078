//! The file record as one self-contained HTML page: inline CSS, inline SVG
//! charts, no scripts and no network requests (a Content-Security-Policy meta
//! tag forbids both). Every byte that comes from a posting or a rule pack goes
//! through [`escape`].
//!
//! The record's sections come from the same [`Record`] outline as the text and
//! Markdown renderers, so the three stay in step; the page adds the posting
//! itself with every match highlighted (its `plain` and `otiose` meanings in a
//! tooltip shown on hover and on keyboard focus), a gauge of the BS index and
//! bar charts of the matches per category and of the role match scores.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::io::{self, Write};

use super::record::{Block, Piece, Record};
use super::scan::FileScan;
use crate::engine::Hit;
use crate::report::Report;
use crate::rules::Category;
use crate::score::VERDICTS;

/// The page's Content-Security-Policy: no scripts, no requests; inline styles
/// and `data:` images only.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Highlight colours; a category's colour is its index modulo this.
const HUES: usize = 7;
/// Underline styles; a category's style is its index modulo this, so the first
/// 35 categories all differ in colour-and-underline even without colour.
const LINES: usize = 5;

/// Escapes text for HTML element content and quoted attribute values.
///
/// `&`, `<`, `>`, `"` and `'` become character references; a CRLF becomes one
/// line feed; other control characters and bidirectional overrides become
/// visible `\u{..}` escapes (as in [`super::sanitize`]), so a posting cannot
/// reorder or hide the text around it. Tabs and line feeds stay.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r')
        || (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Writes one page holding the file record of each `(input name, report)`.
/// Writes nothing when `reports` is empty.
pub fn record_page(
    w: &mut dyn Write,
    reports: &[(&str, Report<'_>)],
    categories: &[Category],
) -> io::Result<()> {
    let Some((_, first)) = reports.first() else {
        return Ok(());
    };
    let title = match reports.len() {
        1 => format!("FILE RECORD: {} — jdx", first.role.role.id.to_uppercase()),
        n => format!("{n} file records — jdx"),
    };
    head(
        w,
        &title,
        "jdx · file records · for internal amusement only",
    )?;
    for (n, (name, report)) in reports.iter().enumerate() {
        let record = Record::new(report);
        record_article(w, &format!("r{}", n + 1), name, report, &record, categories)?;
    }
    let postings = match reports.len() {
        1 => "one posting".to_owned(),
        n => format!("{n} postings"),
    };
    foot(w, &postings)
}

/// Writes one page with each scanned posting and its matches highlighted.
/// Writes nothing when `files` is empty.
pub fn scan_page(
    w: &mut dyn Write,
    files: &[FileScan<'_>],
    categories: &[Category],
) -> io::Result<()> {
    let Some(first) = files.first() else {
        return Ok(());
    };
    let title = match files.len() {
        1 => format!("jdx scan: {}", first.name),
        n => format!("jdx scan: {n} postings"),
    };
    head(w, &title, "jdx · scan · every match marked")?;
    let styles = Styles::new(categories);
    for (n, file) in files.iter().enumerate() {
        let id = format!("f{}", n + 1);
        let hits = &file.scan.hits;
        writeln!(w, "<article class=\"sheet\" aria-labelledby=\"{id}-h\">")?;
        writeln!(w, "<header class=\"record-head\">")?;
        writeln!(w, "<p class=\"file\">jdx scan</p>")?;
        writeln!(w, "<h1 id=\"{id}-h\">{}</h1>", escape(file.name))?;
        let used = styles.counts(hits).len();
        writeln!(
            w,
            "<p class=\"match\">{} · {}</p>",
            plural(hits.len(), "match", "matches"),
            plural(used, "category", "categories")
        )?;
        writeln!(w, "</header>")?;
        posting(
            w,
            &id,
            "THE POSTING, ANNOTATED",
            file.doc.text(),
            hits,
            &styles,
        )?;
        combinations(w, &id, file)?;
        match_index(w, &id, hits, &styles)?;
        writeln!(w, "</article>")?;
    }
    let postings = match files.len() {
        1 => "one posting".to_owned(),
        n => format!("{n} postings"),
    };
    foot(w, &postings)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn head(w: &mut dyn Write, title: &str, masthead: &str) -> io::Result<()> {
    writeln!(w, "<!DOCTYPE html>")?;
    writeln!(w, "<html lang=\"en\">")?;
    writeln!(w, "<head>")?;
    writeln!(w, "<meta charset=\"utf-8\">")?;
    writeln!(
        w,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    )?;
    writeln!(
        w,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(w, "<meta name=\"referrer\" content=\"no-referrer\">")?;
    writeln!(w, "<meta name=\"generator\" content=\"jdx\">")?;
    writeln!(w, "<title>{}</title>", escape(title))?;
    writeln!(w, "<style>{STYLE}</style>")?;
    writeln!(w, "</head>")?;
    writeln!(w, "<body>")?;
    writeln!(w, "<header class=\"masthead\"><p>{masthead}</p></header>")?;
    writeln!(w, "<main>")
}

fn foot(w: &mut dyn Write, postings: &str) -> io::Result<()> {
    writeln!(w, "</main>")?;
    writeln!(
        w,
        "<footer class=\"colophon\"><p>Compiled by jdx from {postings}. A match is a phrase a rule \
         names, not a judgment of anyone who wrote or reads it. This page runs no scripts and \
         loads nothing.</p></footer>"
    )?;
    writeln!(w, "</body>")?;
    writeln!(w, "</html>")
}

fn record_article(
    w: &mut dyn Write,
    id: &str,
    name: &str,
    report: &Report<'_>,
    record: &Record,
    categories: &[Category],
) -> io::Result<()> {
    let styles = Styles::new(categories);
    let verdict = report.scores.verdict;
    writeln!(w, "<article class=\"sheet\" aria-labelledby=\"{id}-h\">")?;
    writeln!(w, "<header class=\"record-head\">")?;
    writeln!(w, "<p class=\"file\">Source: {}</p>", escape(name))?;
    writeln!(
        w,
        "<h1 id=\"{id}-h\">FILE RECORD: <span class=\"slug\">{}</span></h1>",
        escape(&record.slug)
    )?;
    writeln!(w, "<p class=\"role-title\">{}</p>", escape(&record.title))?;
    writeln!(w, "<p class=\"match\">{}</p>", escape(&record.match_line))?;
    writeln!(
        w,
        "<p class=\"stamp\" aria-hidden=\"true\">{}</p>",
        escape(verdict)
    )?;
    writeln!(w, "</header>")?;

    // Contents.
    writeln!(
        w,
        "<nav class=\"toc\" aria-label=\"Contents of this record\"><ol>"
    )?;
    writeln!(w, "<li><a href=\"#{id}-readout\">Buzzword readout</a></li>")?;
    writeln!(
        w,
        "<li><a href=\"#{id}-posting\">Exhibit A: the posting</a></li>"
    )?;
    for section in &record.sections {
        writeln!(
            w,
            "<li><a href=\"#{id}-s{:02}\">[{:02}] {}</a></li>",
            section.number,
            section.number,
            escape(section.title)
        )?;
    }
    writeln!(w, "</ol></nav>")?;

    // Readout: the record's two lines, then the charts.
    writeln!(
        w,
        "<section class=\"readout\" aria-labelledby=\"{id}-readout\">"
    )?;
    writeln!(w, "<h2 id=\"{id}-readout\">BUZZWORD READOUT</h2>")?;
    writeln!(
        w,
        "<p class=\"readout-line\"><span>{}</span> <span>{}</span></p>",
        escape(&record.density),
        escape(&record.index)
    )?;
    writeln!(
        w,
        "<p class=\"readout-detail\">{}</p>",
        escape(&record.readout_detail)
    )?;
    writeln!(w, "<div class=\"charts\">")?;
    gauge(w, id, record.bs_index, verdict)?;
    category_chart(w, id, report, &styles)?;
    role_chart(w, id, report)?;
    writeln!(w, "</div>")?;
    writeln!(w, "</section>")?;

    posting(
        w,
        id,
        "EXHIBIT A: THE POSTING, ANNOTATED",
        report.doc.text(),
        &report.hits,
        &styles,
    )?;
    match_index(w, id, &report.hits, &styles)?;

    for section in &record.sections {
        writeln!(
            w,
            "<section class=\"record-section\" aria-labelledby=\"{id}-s{:02}\">",
            section.number
        )?;
        writeln!(
            w,
            "<h2 id=\"{id}-s{:02}\"><span class=\"num\">[{:02}]</span> {}</h2>",
            section.number,
            section.number,
            escape(section.title)
        )?;
        blocks(w, &section.blocks)?;
        writeln!(w, "</section>")?;
    }
    writeln!(w, "</article>")
}

/// Lays out a section's blocks. Consecutive fields form one definition list;
/// a quotation opens an exhibit box that holds what follows it up to the next
/// quotation (the autopsy's illusion, mapping and translation).
fn blocks(w: &mut dyn Write, blocks: &[Block]) -> io::Result<()> {
    let mut in_fields = false;
    let mut in_exhibit = false;
    for block in blocks {
        let field = matches!(block, Block::Field(..));
        if in_fields && !field {
            writeln!(w, "</dl>")?;
            in_fields = false;
        }
        if let Block::Quote(..) = block {
            if in_exhibit {
                writeln!(w, "</div>")?;
            }
            writeln!(w, "<div class=\"exhibit\">")?;
            in_exhibit = true;
        }
        match block {
            Block::Field(label, value) => {
                if !in_fields {
                    writeln!(w, "<dl class=\"fields\">")?;
                    in_fields = true;
                }
                writeln!(w, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value))?;
            }
            Block::Para(text) => writeln!(w, "<p>{}</p>", escape(text))?,
            Block::Items(items) => {
                writeln!(w, "<ul class=\"items\">")?;
                for (title, body) in items {
                    if title.is_empty() {
                        writeln!(w, "<li>{}</li>", escape(body))?;
                    } else {
                        writeln!(
                            w,
                            "<li><span class=\"item-title\">{}</span> <span class=\"item-body\">{}</span></li>",
                            escape(title),
                            escape(body)
                        )?;
                    }
                }
                writeln!(w, "</ul>")?;
            }
            Block::Quote(label, pieces) => quote(w, label, pieces)?,
            Block::Mapping(lines) => {
                writeln!(w, "<dl class=\"mapping\">")?;
                for (phrase, meaning) in lines {
                    writeln!(w, "<dt>{}</dt><dd>{}</dd>", escape(phrase), escape(meaning))?;
                }
                writeln!(w, "</dl>")?;
            }
            Block::Attributed(text, source) => {
                writeln!(
                    w,
                    "<figure class=\"complaint\"><blockquote><p>{}</p></blockquote><figcaption>— {}</figcaption></figure>",
                    escape(text),
                    escape(source)
                )?;
            }
        }
    }
    if in_fields {
        writeln!(w, "</dl>")?;
    }
    if in_exhibit {
        writeln!(w, "</div>")?;
    }
    Ok(())
}

fn quote(w: &mut dyn Write, label: &str, pieces: &[Piece]) -> io::Result<()> {
    write!(
        w,
        "<figure class=\"quote\"><figcaption>{}</figcaption><blockquote><p>",
        escape(label)
    )?;
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        let mut text = piece.text.as_str();
        if i == 0 {
            text = text.trim_start();
        }
        if i == last {
            text = text.trim_end();
        }
        match piece.highlight {
            true => write!(w, "<mark class=\"q\">{}</mark>", escape(text))?,
            false => write!(w, "{}", escape(text))?,
        }
    }
    writeln!(w, "</p></blockquote></figure>")
}

/// Which highlight style each category gets: by its position in the rule set,
/// so a category keeps its look from posting to posting.
struct Styles<'c> {
    categories: &'c [Category],
}

impl<'c> Styles<'c> {
    fn new(categories: &'c [Category]) -> Self {
        Styles { categories }
    }

    fn index(&self, category: &str) -> usize {
        self.categories
            .iter()
            .position(|c| c.id == category)
            .unwrap_or(self.categories.len())
    }

    /// `h3 u2`: the colour and underline classes of `category`.
    fn class(&self, category: &str) -> String {
        let i = self.index(category);
        format!("h{} u{}", i % HUES, i % LINES)
    }

    fn label(&self, category: &str) -> Option<&'c str> {
        self.categories
            .iter()
            .find(|c| c.id == category)
            .map(|c| c.label.as_str())
    }

    /// Matches per category, in rule-set order.
    fn counts<'h>(&self, hits: &'h [Hit<'_>]) -> Vec<(&'h str, usize)> {
        let mut counts: BTreeMap<(usize, &'h str), usize> = BTreeMap::new();
        for hit in hits {
            let category = hit.rule.category.as_str();
            *counts.entry((self.index(category), category)).or_default() += 1;
        }
        counts.into_iter().map(|((_, c), n)| (c, n)).collect()
    }
}

/// The posting with every match highlighted, its legend, and a tooltip per match.
fn posting(
    w: &mut dyn Write,
    id: &str,
    heading: &str,
    text: &str,
    hits: &[Hit<'_>],
    styles: &Styles<'_>,
) -> io::Result<()> {
    writeln!(
        w,
        "<section class=\"exhibit-a\" aria-labelledby=\"{id}-posting\">"
    )?;
    writeln!(w, "<h2 id=\"{id}-posting\">{}</h2>", escape(heading))?;
    let counts = styles.counts(hits);
    if counts.is_empty() {
        writeln!(
            w,
            "<p class=\"hint\">No rule matches this posting: nothing to highlight.</p>"
        )?;
    } else {
        writeln!(
            w,
            "<p class=\"hint\">Each match is marked with its category. Hover over it, tap it or move \
             to it with the Tab key to read what it means.</p>"
        )?;
        writeln!(w, "<ul class=\"legend\" aria-label=\"Categories\">")?;
        for (category, count) in &counts {
            writeln!(
                w,
                "<li><span class=\"swatch hl {}\"><span class=\"tag\">{}</span></span> {} <span class=\"count\">{count}</span></li>",
                styles.class(category),
                escape(category),
                escape(styles.label(category).unwrap_or(category)),
            )?;
        }
        writeln!(w, "</ul>")?;
    }
    let body = text.trim_end();
    write!(w, "<div class=\"posting\">")?;
    let mut at = 0;
    for (n, hit) in hits.iter().enumerate() {
        let span = &hit.span;
        // Matches do not overlap; if a pack's regex ever makes one, the first wins.
        let (Some(before), Some(matched)) = (text.get(at..span.start), text.get(span.clone()))
        else {
            continue;
        };
        write!(w, "{}", escape(before))?;
        let rule = hit.rule;
        let tip = format!("{id}-m{}", n + 1);
        let category = rule.category.as_str();
        write!(
            w,
            "<mark class=\"hl {}\" tabindex=\"0\" aria-describedby=\"{tip}\" data-rule=\"{}\" data-category=\"{}\">{}<span class=\"tag\" aria-hidden=\"true\">{}</span><span class=\"tip\" role=\"tooltip\" id=\"{tip}\"><span class=\"tip-head\">{} · {} · line {}, col {}</span><span class=\"tip-row\"><span class=\"tip-k\">Plain</span> {}</span><span class=\"tip-row\"><span class=\"tip-k\">Otiose</span> {}</span></span></mark>",
            styles.class(category),
            escape(&rule.id),
            escape(category),
            escape(matched),
            escape(category),
            escape(styles.label(category).unwrap_or(category)),
            escape(&rule.id),
            hit.line,
            hit.column,
            escape(&rule.plain),
            escape(&rule.otiose),
        )?;
        at = span.end;
    }
    if let Some(rest) = text.get(at..body.len().max(at)) {
        write!(w, "{}", escape(rest))?;
    }
    writeln!(w, "</div>")?;
    writeln!(w, "</section>")
}

/// Every match as a table row: printed in place of the tooltips.
/// The combination rules that fired: members, scope, plain and otiose.
fn combinations(w: &mut dyn Write, id: &str, file: &FileScan<'_>) -> io::Result<()> {
    if file.scan.combos.is_empty() {
        return Ok(());
    }
    writeln!(w, "<section aria-labelledby=\"{id}-combos\">")?;
    writeln!(w, "<h2 id=\"{id}-combos\">COMBINATIONS</h2>")?;
    writeln!(w, "<dl class=\"mapping\">")?;
    for fired in &file.scan.combos {
        let combo = fired.combo;
        writeln!(
            w,
            "<dt>{} ({}, {})</dt><dd>{} {}</dd>",
            escape(&fired.text(&file.scan.hits)),
            escape(&combo.category),
            combo.scope,
            escape(&combo.plain),
            escape(&combo.otiose),
        )?;
    }
    writeln!(w, "</dl>")?;
    writeln!(w, "</section>")
}

fn match_index(
    w: &mut dyn Write,
    id: &str,
    hits: &[Hit<'_>],
    styles: &Styles<'_>,
) -> io::Result<()> {
    if hits.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "<section class=\"print-only\" aria-labelledby=\"{id}-index\">"
    )?;
    writeln!(w, "<h2 id=\"{id}-index\">MATCH INDEX</h2>")?;
    writeln!(w, "<table class=\"match-index\">")?;
    writeln!(w, "<thead><tr><th scope=\"col\">Line:col</th><th scope=\"col\">Category</th><th scope=\"col\">As written</th><th scope=\"col\">Plain</th><th scope=\"col\">Otiose</th></tr></thead>")?;
    writeln!(w, "<tbody>")?;
    for hit in hits {
        let rule = hit.rule;
        let written = hit.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            w,
            "<tr><td>{}:{}</td><td><span class=\"hl {}\"><span class=\"tag\">{}</span></span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            hit.line,
            hit.column,
            styles.class(&rule.category),
            escape(&rule.category),
            escape(&written),
            escape(&rule.plain),
            escape(&rule.otiose),
        )?;
    }
    writeln!(w, "</tbody>")?;
    writeln!(w, "</table>")?;
    writeln!(w, "</section>")
}

/// A point on the gauge's arc for an index of `value` (0 on the left, 100 on the right).
fn arc_point(value: f64) -> (f64, f64) {
    const CX: f64 = 120.0;
    const CY: f64 = 118.0;
    const R: f64 = 90.0;
    let angle = PI * value / 100.0;
    (CX - R * angle.cos(), CY - R * angle.sin())
}

fn arc(from: f64, to: f64) -> String {
    let (x1, y1) = arc_point(from);
    let (x2, y2) = arc_point(to);
    format!("M{x1:.1} {y1:.1}A90 90 0 0 1 {x2:.1} {y2:.1}")
}

/// The verdict band `index` falls in: 0 for the first of [`VERDICTS`].
fn band(index: u8) -> usize {
    VERDICTS
        .iter()
        .rposition(|(min, _)| index >= *min)
        .unwrap_or(0)
}

fn gauge(w: &mut dyn Write, id: &str, index: u8, verdict: &str) -> io::Result<()> {
    let bands: Vec<String> = VERDICTS
        .iter()
        .enumerate()
        .map(|(i, (min, label))| {
            let max = VERDICTS.get(i + 1).map_or(100, |(next, _)| next - 1);
            format!("{min}–{max} {label}")
        })
        .collect();
    writeln!(w, "<figure class=\"chart gauge\">")?;
    writeln!(
        w,
        "<svg viewBox=\"0 0 240 172\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-gauge-t {id}-gauge-d\">"
    )?;
    writeln!(
        w,
        "<title id=\"{id}-gauge-t\">BS index {index} out of 100: {}</title>",
        escape(verdict)
    )?;
    writeln!(
        w,
        "<desc id=\"{id}-gauge-d\">Bands: {}.</desc>",
        bands.join(", ")
    )?;
    writeln!(w, "<path class=\"track\" d=\"{}\"/>", arc(0.0, 100.0))?;
    if index > 0 {
        writeln!(
            w,
            "<path class=\"value b{}\" d=\"{}\"/>",
            band(index),
            arc(0.0, f64::from(index.min(100)))
        )?;
    }
    for (min, _) in VERDICTS.iter().skip(1) {
        let v = f64::from(*min);
        let angle = PI * v / 100.0;
        let (x1, y1) = (120.0 - 76.0 * angle.cos(), 118.0 - 76.0 * angle.sin());
        let (x2, y2) = (120.0 - 104.0 * angle.cos(), 118.0 - 104.0 * angle.sin());
        let (tx, ty) = (120.0 - 114.0 * angle.cos(), 118.0 - 114.0 * angle.sin());
        writeln!(
            w,
            "<line class=\"tick\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"/><text class=\"tick-label\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{min}</text>",
            ty + 3.0
        )?;
    }
    writeln!(
        w,
        "<text class=\"tick-label\" x=\"30\" y=\"134\" text-anchor=\"middle\">0</text><text class=\"tick-label\" x=\"210\" y=\"134\" text-anchor=\"middle\">100</text>"
    )?;
    writeln!(
        w,
        "<text class=\"gauge-value\" x=\"120\" y=\"110\" text-anchor=\"middle\">{index}</text>"
    )?;
    writeln!(
        w,
        "<text class=\"gauge-unit\" x=\"120\" y=\"130\" text-anchor=\"middle\">/ 100</text>"
    )?;
    writeln!(
        w,
        "<text class=\"gauge-verdict v{}\" x=\"120\" y=\"162\" text-anchor=\"middle\">{}</text>",
        band(index),
        escape(verdict)
    )?;
    writeln!(w, "</svg>")?;
    writeln!(w, "<figcaption>BS index and verdict</figcaption>")?;
    writeln!(w, "</figure>")
}

/// Shortens `text` to `max` characters with an ellipsis.
fn clip(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        Cow::Borrowed(text)
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        Cow::Owned(format!("{kept}…"))
    }
}

fn category_chart(
    w: &mut dyn Write,
    id: &str,
    report: &Report<'_>,
    styles: &Styles<'_>,
) -> io::Result<()> {
    const ROW: usize = 22;
    let rows = &report.scores.categories;
    let max = rows.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let height = (rows.len().max(1) * ROW + 6) as f64;
    let summary: Vec<String> = rows
        .iter()
        .map(|c| format!("{} {}", escape(&c.category), c.count))
        .collect();
    writeln!(w, "<figure class=\"chart cats\">")?;
    writeln!(
        w,
        "<svg viewBox=\"0 0 300 {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-cats-t\">"
    )?;
    writeln!(
        w,
        "<title id=\"{id}-cats-t\">Matches per category: {}</title>",
        if summary.is_empty() {
            "none".to_owned()
        } else {
            summary.join(", ")
        }
    )?;
    if rows.is_empty() {
        writeln!(
            w,
            "<text class=\"svg-label\" x=\"0\" y=\"16\">No matches.</text>"
        )?;
    }
    for (i, row) in rows.iter().enumerate() {
        let y = (i * ROW + 3) as f64;
        let width = 168.0 * row.count as f64 / max as f64;
        let class = styles.class(&row.category);
        writeln!(
            w,
            "<text class=\"svg-label\" x=\"92\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"bar {class}\" x=\"98\" y=\"{:.1}\" width=\"{width:.1}\" height=\"14\"/><text class=\"svg-value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 14.0,
            escape(&clip(&row.category, 12)),
            y + 3.0,
            98.0 + width + 6.0,
            y + 14.0,
            row.count
        )?;
    }
    writeln!(w, "</svg>")?;
    writeln!(w, "<figcaption>Matches per category</figcaption>")?;
    writeln!(w, "</figure>")
}

fn role_chart(w: &mut dyn Write, id: &str, report: &Report<'_>) -> io::Result<()> {
    const ROW: usize = 38;
    let rows: Vec<_> = std::iter::once(&report.role)
        .chain(report.related.iter())
        .collect();
    let height = (rows.len() * ROW + 4) as f64;
    let summary: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {}%", escape(&r.role.title), r.percent))
        .collect();
    writeln!(w, "<figure class=\"chart roles\">")?;
    writeln!(
        w,
        "<svg viewBox=\"0 0 300 {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-roles-t\">"
    )?;
    writeln!(
        w,
        "<title id=\"{id}-roles-t\">System match by role: {}</title>",
        summary.join(", ")
    )?;
    for (i, role) in rows.iter().enumerate() {
        let y = (i * ROW) as f64;
        let width = 252.0 * f64::from(role.percent.min(100)) / 100.0;
        let (label, bar) = match i {
            0 => ("svg-label chosen", "role-bar chosen"),
            _ => ("svg-label", "role-bar"),
        };
        writeln!(
            w,
            "<text class=\"{label}\" x=\"0\" y=\"{:.1}\">{}</text><rect class=\"role-track\" x=\"0\" y=\"{:.1}\" width=\"252\" height=\"10\"/><rect class=\"{bar}\" x=\"0\" y=\"{:.1}\" width=\"{width:.1}\" height=\"10\"/><text class=\"svg-value\" x=\"300\" y=\"{:.1}\" text-anchor=\"end\">{}%</text>",
            y + 14.0,
            escape(&clip(&role.role.title, 40)),
            y + 20.0,
            y + 20.0,
            y + 29.5,
            role.percent
        )?;
    }
    writeln!(w, "</svg>")?;
    let caption = match report.role_forced {
        true => "System match by role (the first was forced with --role)",
        false => "System match by role",
    };
    writeln!(w, "<figcaption>{caption}</figcaption>")?;
    writeln!(w, "</figure>")
}

/// The page's stylesheet: a paper dossier on screen, ink only in print.
const STYLE: &str = r#"
:root{color-scheme:light;--paper:#fdfcf8;--desk:#e2ded3;--ink:#1c1b19;--muted:#57534a;--rule:#cfc8b8;--red:#a3191b;--mono:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"DejaVu Serif",Georgia,serif;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--desk);color:var(--ink);font:1rem/1.55 var(--serif);overflow-wrap:anywhere}
main{display:block}
.masthead,.colophon{max-width:64rem;margin:0 auto;padding:.9rem 1.25rem;font:600 .72rem/1.5 var(--mono);letter-spacing:.14em;text-transform:uppercase;color:var(--muted)}
.masthead p,.colophon p{margin:0}
.colophon{letter-spacing:.04em;text-transform:none;font-weight:400;padding-bottom:2rem}
.sheet{background:var(--paper);max-width:64rem;margin:0 auto 1.5rem;padding:2.25rem clamp(1rem,4.5vw,3.5rem) 2.75rem;border-top:6px solid var(--ink);box-shadow:0 1px 2px rgba(0,0,0,.1),0 10px 30px rgba(0,0,0,.08)}
.record-head{display:grid;grid-template-columns:minmax(0,1fr) auto;column-gap:1.5rem;align-items:start;border-bottom:3px double var(--ink);padding-bottom:1.1rem}
.record-head>*{grid-column:1}
.file{margin:0;font:.72rem/1.5 var(--mono);letter-spacing:.1em;text-transform:uppercase;color:var(--muted)}
h1{margin:.3rem 0 .35rem;font:700 clamp(1.3rem,3.4vw,2.15rem)/1.15 var(--mono);letter-spacing:.01em}
h1 .slug{display:inline-block}
.role-title{margin:0;font-size:1.3rem;font-style:italic}
.match{margin:.35rem 0 0;font:700 .8rem/1.4 var(--mono);letter-spacing:.12em;text-transform:uppercase}
.stamp{grid-column:2;grid-row:1/span 4;align-self:center;margin:0;padding:.45rem .8rem;border:3px double var(--red);color:var(--red);font:800 1rem/1.15 var(--mono);letter-spacing:.14em;text-align:center;text-transform:uppercase;transform:rotate(-5deg);max-width:11rem}
.toc{margin:1rem 0 0;padding:.7rem .9rem;border:1px solid var(--rule);background:#fff}
.toc ol{margin:0;padding:0;list-style:none;columns:3 15rem;column-gap:1.5rem}
.toc li{font:.74rem/1.9 var(--mono);letter-spacing:.03em;text-transform:uppercase;break-inside:avoid}
.toc a{color:var(--ink);text-decoration:underline;text-decoration-color:var(--rule);text-underline-offset:.2em}
.toc a:hover{text-decoration-color:var(--ink)}
a:focus-visible,mark.hl:focus-visible{outline:3px solid #1b4f8c;outline-offset:2px}
h2{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .6rem;margin:2.4rem 0 .9rem;padding-bottom:.35rem;border-bottom:1px solid var(--ink);font:700 .95rem/1.35 var(--mono);letter-spacing:.07em;text-transform:uppercase}
h2 .num{background:var(--ink);color:var(--paper);padding:.05rem .4rem;font-size:.85em;letter-spacing:.04em}
.readout h2{margin-top:1.8rem}
.readout-line{display:flex;flex-wrap:wrap;gap:.2rem 1.5rem;margin:0 0 .25rem;font:700 1rem/1.5 var(--mono);letter-spacing:.04em}
.readout-detail{margin:0 0 1.1rem;color:var(--muted)}
.charts{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem}
@media (min-width:44rem){.charts{grid-template-columns:minmax(0,1fr) minmax(0,1fr);grid-template-areas:"gauge cats" "roles cats"}.gauge{grid-area:gauge}.cats{grid-area:cats}.roles{grid-area:roles}}
.cats svg{max-width:24rem;margin:0 auto}
.roles svg{max-width:23rem}
figure{margin:0}
.chart{display:flex;flex-direction:column;height:100%;border:1px solid var(--rule);background:#fff;padding:.85rem .9rem .6rem}
.chart svg{margin-bottom:.75rem}
.chart figcaption{margin-top:auto;padding-top:.4rem;border-top:1px solid var(--rule);font:600 .7rem/1.4 var(--mono);letter-spacing:.1em;text-transform:uppercase;color:var(--muted)}
svg{display:block;width:100%;height:auto;max-width:100%;overflow:visible}
.gauge svg{max-width:19rem;margin:0 auto}
.track{fill:none;stroke:#ebe7de;stroke-width:20}
.value{fill:none;stroke-width:20}
.value.b0{stroke:#2e7048}.value.b1{stroke:#7d7415}.value.b2{stroke:#b26a12}.value.b3{stroke:#c2461a}.value.b4{stroke:#a3191b}
.tick{stroke:var(--ink);stroke-width:1.5}
.tick-label{font:9px var(--mono);fill:var(--muted)}
.gauge-value{font:700 44px var(--mono);fill:var(--ink)}
.gauge-unit{font:11px var(--mono);fill:var(--muted);letter-spacing:.1em}
.gauge-verdict{font:700 14px var(--mono);letter-spacing:.1em}
.v0{fill:#24613c}.v1{fill:#5e5710}.v2{fill:#8a500b}.v3{fill:#a13a12}.v4{fill:#a3191b}
.svg-label{font:12px var(--mono);fill:var(--ink)}
.svg-label.chosen{font-weight:700}
.svg-value{font:700 12px var(--mono);fill:var(--ink)}
.role-track{fill:#ebe7de}
.role-bar{fill:#8a8477}
.role-bar.chosen{fill:var(--ink)}
.hint{margin:0 0 .6rem;color:var(--muted);font-size:.92rem}
.legend{display:flex;flex-wrap:wrap;gap:.35rem 1.1rem;margin:0 0 .9rem;padding:0;list-style:none;font:.82rem/1.6 var(--sans)}
.legend .count{font:700 .75rem var(--mono);color:var(--muted)}
.swatch{display:inline-block;min-width:1.5rem;padding:0 .25rem;line-height:1.3}
.posting{position:relative;margin:0;padding:1.2rem clamp(.8rem,3vw,1.6rem);background:#fff;border:1px solid var(--rule);white-space:pre-wrap;tab-size:4;font:1.02rem/1.85 var(--serif)}
mark.hl,.swatch{color:var(--ink);border-radius:2px;text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:.24em;text-decoration-skip-ink:none}
mark.hl{padding:.05em .12em;cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.hl .tag{display:inline-block;margin-left:.2em;font:700 .6rem/1 var(--mono);letter-spacing:.04em;text-transform:uppercase;vertical-align:.45em;white-space:nowrap}
.swatch .tag{margin:0;vertical-align:0}
.h0{background:#fdebbd;text-decoration-color:#6f4a00}.h0 .tag{color:#6f4a00}.bar.h0{fill:#c58a17}
.h1{background:#fbdada;text-decoration-color:#8f1b1b}.h1 .tag{color:#8f1b1b}.bar.h1{fill:#b8393a}
.h2{background:#d8e9fb;text-decoration-color:#1b4f8c}.h2 .tag{color:#1b4f8c}.bar.h2{fill:#3a78bf}
.h3{background:#d6f0de;text-decoration-color:#1c6336}.h3 .tag{color:#1c6336}.bar.h3{fill:#3a9160}
.h4{background:#e8def8;text-decoration-color:#55308f}.h4 .tag{color:#55308f}.bar.h4{fill:#7d58b8}
.h5{background:#d0eeee;text-decoration-color:#115a62}.h5 .tag{color:#115a62}.bar.h5{fill:#2d8b94}
.h6{background:#fde2cf;text-decoration-color:#8a3c0c}.h6 .tag{color:#8a3c0c}.bar.h6{fill:#cc6a2c}
.u0{text-decoration-style:solid}.u1{text-decoration-style:double}.u2{text-decoration-style:dotted}.u3{text-decoration-style:dashed}.u4{text-decoration-style:wavy}
.tip{display:none;position:absolute;left:clamp(.5rem,3vw,1.6rem);right:clamp(.5rem,3vw,1.6rem);z-index:10;margin-top:-.45rem;border-top:.55rem solid transparent;background-clip:padding-box;padding:.6rem .75rem;border-radius:3px;background:var(--ink);color:#fdfcf8;box-shadow:0 8px 22px rgba(0,0,0,.28);font:400 .86rem/1.45 var(--sans);font-style:normal;white-space:normal;text-align:left;cursor:auto}
mark.hl:hover .tip,mark.hl:focus .tip{display:block}
.tip-head{display:block;margin-bottom:.3rem;font:700 .68rem/1.4 var(--mono);letter-spacing:.08em;text-transform:uppercase;color:#f6cf6b}
.tip-row{display:block;margin-top:.2rem}
.tip-k{margin-right:.35rem;font:700 .68rem var(--mono);letter-spacing:.08em;text-transform:uppercase;color:#a9d6ff}
.record-section p{margin:0 0 .8rem}
.fields{display:grid;grid-template-columns:minmax(7rem,max-content) minmax(0,1fr);gap:.45rem 1.1rem;margin:0 0 .9rem}
.fields dt{font:700 .72rem/1.9 var(--mono);letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
.fields dd{margin:0}
.items{margin:0 0 .9rem;padding:0;list-style:none}
.items li{position:relative;padding:.45rem 0 .45rem 1.2rem;border-bottom:1px dotted var(--rule)}
.items li:last-child{border-bottom:0}
.items li::before{content:"";position:absolute;left:.15rem;top:1.05rem;width:.4rem;height:.4rem;background:var(--red)}
.item-title{display:block;font:700 .85rem/1.5 var(--mono);letter-spacing:.02em}
.exhibit{margin:0 0 1.2rem;padding:1rem 1.2rem;border:1px solid var(--rule);border-left:4px solid var(--red);background:#fff}
.quote figcaption,.exhibit .fields dt{font:700 .7rem/1.5 var(--mono);letter-spacing:.12em;text-transform:uppercase;color:var(--red)}
.quote blockquote{margin:.3rem 0 .8rem;font-size:1.08rem;font-style:italic}
.quote blockquote p{margin:0}
.quote blockquote p::before{content:"\201C"}.quote blockquote p::after{content:"\201D"}
mark.q{background:#fdebbd;color:var(--ink);font-style:normal;text-decoration:underline 2px #6f4a00;text-underline-offset:.22em;padding:0 .1em}
.mapping{display:grid;grid-template-columns:minmax(8rem,max-content) minmax(0,1fr);gap:.3rem 1rem;margin:0 0 .9rem;font-size:.93rem}
.mapping dt{font:600 .8rem/1.7 var(--mono)}
.mapping dt::after{content:" →";color:var(--muted)}
.mapping dd{margin:0}
.exhibit .mapping,.exhibit .fields{grid-template-columns:minmax(0,13rem) minmax(0,1fr)}
.exhibit .fields{margin:0;padding-top:.7rem;border-top:1px dashed var(--rule)}
.exhibit .fields dd{font-weight:700}
.complaint{margin:0 0 1rem;padding-left:1rem;border-left:3px solid var(--ink)}
.complaint blockquote{margin:0;font-style:italic;font-size:1.05rem}
.complaint blockquote p{margin:0}
.complaint figcaption{font:.78rem/1.6 var(--mono);color:var(--muted)}
.print-only{display:none}
.match-index{width:100%;border-collapse:collapse;font:.8rem/1.4 var(--sans)}
.match-index th,.match-index td{padding:.25rem .4rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top;overflow-wrap:break-word}
.match-index td:first-child{white-space:nowrap}
@media (max-width:40rem){
.record-head{grid-template-columns:minmax(0,1fr)}
.stamp{grid-column:1;grid-row:auto;justify-self:start;margin-top:.9rem;transform:rotate(-3deg)}
.fields,.mapping{grid-template-columns:minmax(0,1fr);gap:.1rem}
.fields dd,.mapping dd{margin-bottom:.5rem}
}
@media print{
@page{margin:14mm 12mm}
body{background:#fff;font-size:10pt}
.masthead,.toc,.tip,.hint{display:none!important}
.sheet{max-width:none;margin:0;padding:0;border-top:3px solid #000;box-shadow:none;background:none}
.sheet+.sheet{break-before:page}
.print-only{display:block}
.posting,.chart,.exhibit,.toc{background:#fff}
mark.hl,mark.q,.swatch,.bar,.value{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}
figure,.exhibit,.items li,.fields,tr{break-inside:avoid}
.charts{grid-template-columns:minmax(0,1fr) minmax(0,1fr);grid-template-areas:"gauge cats" "roles cats"}.gauge{grid-area:gauge}.cats{grid-area:cats}.roles{grid-area:roles}
a{color:inherit;text-decoration:none}
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_turns_markup_into_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a \"b\" 'c'"), "a &quot;b&quot; &#39;c&#39;");
        assert_eq!(escape("R&D &amp;"), "R&amp;D &amp;amp;");
        assert_eq!(escape("</style><b>"), "&lt;/style&gt;&lt;b&gt;");
        assert_eq!(
            escape("<img src=x onerror=\"alert(1)\">"),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
        );
    }

    #[test]
    fn escape_keeps_plain_text_and_neutralises_controls() {
        assert!(matches!(escape("plain text, 100%"), Cow::Borrowed(_)));
        assert_eq!(escape("a\tb\nc"), "a\tb\nc");
        assert_eq!(escape("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(escape("x\u{1b}[31my\0"), "x\\u{1b}[31my\\u{0}");
        assert_eq!(escape("l\u{202E}r"), "l\\u{202e}r");
    }

    #[test]
    fn bands_follow_the_verdicts() {
        assert_eq!(band(0), 0);
        assert_eq!(band(19), 0);
        assert_eq!(band(20), 1);
        assert_eq!(band(84), 3);
        assert_eq!(band(85), 4);
        assert_eq!(band(100), 4);
    }

    #[test]
    fn the_gauge_arc_runs_left_over_the_top_to_right() {
        assert_eq!(arc(0.0, 100.0), "M30.0 118.0A90 90 0 0 1 210.0 118.0");
        let (x, y) = arc_point(50.0);
        assert!((x - 120.0).abs() < 1e-9 && (y - 28.0).abs() < 1e-9);
    }

    fn page(posting: &str) -> String {
        let engine = crate::Engine::new(crate::RuleSet::builtin().expect("built-ins load"))
            .expect("built-ins compile");
        let doc = crate::Document::new(posting);
        let report = engine
            .analyze(&doc, &crate::AnalyzeOptions::default())
            .expect("analyzes");
        let mut out = Vec::new();
        record_page(
            &mut out,
            &[("posting.txt", report)],
            &engine.rules().categories,
        )
        .expect("renders");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn every_section_heading_appears_once_and_in_order() {
        let html = page(
            "Senior Machine Learning Engineer\n\nJoin our fast-paced team of rockstars and \
             leverage cutting-edge AI to drive impactful business outcomes.",
        );
        let h1 = html.find("<h1 ").expect("an h1");
        let mut headings = vec![
            "BUZZWORD READOUT</h2>".to_owned(),
            "EXHIBIT A: THE POSTING, ANNOTATED</h2>".to_owned(),
        ];
        let titles = [
            "THE ORG-CHART ARCHITECTURE",
            "THE HABITAT (NATURAL RANGE)",
            "SALARY DELUSION",
            "THE FLIGHT RISK",
            "THE BULLSHIT METRICS",
            "SIGNATURE WEAPONRY",
            "SURVIVAL / ENCOUNTER GUIDE",
            "THE JD AUTOPSY: WHAT DO THEY ACTUALLY DO?",
            "DAY-IN-THE-LIFE LOG",
            "THE BURN WARD (UNFILTERED COMPLAINTS)",
            "RELATED SPECIMENS",
        ];
        for (n, title) in titles.iter().enumerate() {
            headings.push(format!(
                "<span class=\"num\">[{:02}]</span> {}</h2>",
                n + 1,
                escape(title)
            ));
        }
        let mut at = h1;
        for heading in &headings {
            assert_eq!(html.matches(heading.as_str()).count(), 1, "{heading}");
            let found = html[at..]
                .find(heading.as_str())
                .unwrap_or_else(|| panic!("{heading} is missing or out of order"));
            at += found + heading.len();
        }
        // Every h2 of the page is one of them (plus the printed match index).
        assert_eq!(html.matches("<h2 ").count(), headings.len() + 1);
    }

    #[test]
    fn the_posting_is_highlighted_and_the_record_escaped() {
        let html = page("Rockstar wanted <script>alert(1)</script> & \"fast-paced\" team.");
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;"));
        assert!(html.contains("data-rule=\"rockstar\" data-category=\"recruiting\">Rockstar<span"));
        assert_eq!(html.matches("</style>").count(), 1);
        assert!(html.contains(&format!("content=\"{CSP}\"")));
    }

    #[test]
    fn clip_shortens_long_labels() {
        assert_eq!(clip("hype", 14), "hype");
        assert_eq!(clip("a-very-long-category", 8), "a-very-…");
    }
}
