//! The file record as Markdown: headings and quote blocks, to paste into an
//! issue or a chat. Posting text is escaped so it cannot inject markup.

use std::io::{self, Write};

use super::record::{Block, Record};

/// Escapes Markdown (and inline HTML) special characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Writes `record` as Markdown.
pub fn record(w: &mut dyn Write, record: &Record) -> io::Result<()> {
    writeln!(w, "# FILE RECORD: {}", record.slug)?;
    writeln!(w)?;
    writeln!(w, "**{}** · {}", escape(&record.title), record.match_line)?;
    writeln!(w)?;
    writeln!(w, "> **{} · {}**  ", record.density, record.index)?;
    writeln!(w, "> {}", escape(&record.readout_detail))?;
    for section in &record.sections {
        writeln!(w)?;
        writeln!(w, "## [{:02}] {}", section.number, section.title)?;
        writeln!(w)?;
        for block in &section.blocks {
            match block {
                Block::Field(label, value) => writeln!(w, "**{label}:** {}\n", escape(value))?,
                Block::Para(text) => writeln!(w, "{}\n", escape(text))?,
                Block::Items(items) => {
                    for (title, body) in items {
                        match title.is_empty() {
                            true => writeln!(w, "- {}", escape(body))?,
                            false => writeln!(w, "- **{}** — {}", escape(title), escape(body))?,
                        }
                    }
                    writeln!(w)?;
                }
                Block::Quote(label, pieces) => {
                    let quoted: String = pieces
                        .iter()
                        .map(|p| match p.highlight {
                            true => format!("**{}**", escape(&p.text)),
                            false => escape(&p.text),
                        })
                        .collect();
                    writeln!(w, "> **{label}**  \n> {}\n", quoted.trim())?;
                }
                Block::Mapping(lines) => {
                    for (phrase, meaning) in lines {
                        writeln!(w, "- *{}* → {}", escape(phrase), escape(meaning))?;
                    }
                    writeln!(w)?;
                }
                Block::Attributed(text, source) => {
                    writeln!(w, "> {}  \n> — *{}*\n", escape(text), escape(source))?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_from_postings() {
        assert_eq!(
            escape("<script>*x*</script>"),
            "\\<script\\>\\*x\\*\\</script\\>"
        );
    }
}
