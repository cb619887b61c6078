//! The file record for a terminal: wrapped to a width, colored by the stream.

use std::io::{self, Write};

use super::record::{Block, Record};
use super::Palette;

const INDENT: &str = "  ";

fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    // Breaks at spaces, first fit: what a reader expects of a terminal, and
    // far cheaper than Unicode line breaking with optimal fit.
    let options = textwrap::Options::new(width.max(20))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .initial_indent(first)
        .subsequent_indent(rest);
    textwrap::fill(text, options)
}

/// Writes `record` wrapped at `width` columns.
pub fn record(w: &mut dyn Write, record: &Record, width: usize, p: &Palette) -> io::Result<()> {
    let rule = "═".repeat(width.clamp(20, 100));
    let (s, d, b, a) = (p.strong, p.dim, p.buzzword, p.alert);
    writeln!(w, "{rule}")?;
    writeln!(w, "{s}FILE RECORD: {}{s:#}", record.slug)?;
    writeln!(w, "{}   {d}{}{d:#}", record.title, record.match_line)?;
    writeln!(w, "{rule}")?;
    let filled = usize::from(record.bs_index.div_ceil(10)).min(10);
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
    writeln!(
        w,
        "{s}{}{s:#}  {a}{bar}{a:#}  {s}{}{s:#}",
        record.density, record.index
    )?;
    writeln!(w, "{}", wrap(&record.readout_detail, width, INDENT, INDENT))?;
    for section in &record.sections {
        writeln!(w)?;
        writeln!(w, "{s}[{:02}] {}{s:#}", section.number, section.title)?;
        for block in &section.blocks {
            match block {
                Block::Field(label, value) => {
                    writeln!(
                        w,
                        "{}",
                        wrap(&format!("{label}: {value}"), width, INDENT, "      ")
                    )?;
                }
                Block::Para(text) => writeln!(w, "{}", wrap(text, width, INDENT, INDENT))?,
                Block::Items(items) => {
                    for (title, body) in items {
                        if title.is_empty() {
                            writeln!(w, "{}", wrap(body, width, "  • ", "    "))?;
                        } else {
                            writeln!(
                                w,
                                "{}",
                                wrap(&format!("{s}{title}{s:#}"), width, "  • ", "    ")
                            )?;
                            writeln!(w, "{}", wrap(body, width, "      ", "      "))?;
                        }
                    }
                }
                Block::Quote(label, pieces) => {
                    writeln!(w, "{INDENT}{s}{label}{s:#}")?;
                    let quoted: String = pieces
                        .iter()
                        .map(|piece| match piece.highlight {
                            true => format!("{b}{}{b:#}", piece.text),
                            false => piece.text.clone(),
                        })
                        .collect();
                    writeln!(
                        w,
                        "{}",
                        wrap(
                            &format!("\u{201C}{}\u{201D}", quoted.trim()),
                            width,
                            "    ",
                            "     "
                        )
                    )?;
                }
                Block::Mapping(lines) => {
                    for (phrase, meaning) in lines {
                        let line = format!("{b}{phrase}{b:#} → {meaning}");
                        writeln!(w, "{}", wrap(&line, width, "      ", "        "))?;
                    }
                }
                Block::Attributed(text, source) => {
                    writeln!(w, "{}", wrap(text, width, INDENT, "   "))?;
                    writeln!(w, "{INDENT}   {d}— {source}{d:#}")?;
                }
            }
        }
    }
    Ok(())
}
