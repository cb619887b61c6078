//! `jdx translate`

use std::io::{IsTerminal, Write};

use jdx::render::{self, explain_score::Explained, json::ReportJson, record::Record};
use jdx::AnalyzeOptions;

use super::args::{Autopsy, TranslateArgs, TranslateFormat};
use super::{Context, Exit, Failure};

/// Text width when standard output is not a terminal.
const DEFAULT_WIDTH: usize = 80;

pub fn run(cx: &mut Context, args: &TranslateArgs) -> Result<Exit, Failure> {
    let (inputs, failed) = cx.read_inputs(&args.input)?;
    let engine = cx.engine(inputs.iter().map(|i| i.bytes).sum())?;
    let options = AnalyzeOptions {
        role: args.role.clone(),
        autopsy: match args.autopsy {
            Autopsy::Count(n) => Some(n),
            Autopsy::All => None,
        },
    };
    if args.explain_score && !matches!(args.format, TranslateFormat::Text | TranslateFormat::Json) {
        writeln!(
            cx.err,
            "jdx: --explain-score works with --format text or json"
        )?;
        return Ok(Exit::Failure);
    }
    let width = args.width.unwrap_or_else(terminal_width);
    // HTML: one page for all inputs, written after the loop.
    let mut pages = Vec::new();
    for (n, input) in inputs.iter().enumerate() {
        if input.doc.is_blank() {
            writeln!(
                cx.err,
                "jdx: {}: nothing to translate (the posting is empty)",
                render::sanitize(&input.name)
            )?;
            continue;
        }
        let report = engine.analyze_with(&input.doc, &options, &cx.policy(&input.name))?;
        cx.notices(&input.name, &input.doc, &report.notices)?;
        if args.format == TranslateFormat::Html {
            pages.push((input.name.as_str(), report));
            continue;
        }
        let out = &mut cx.out;
        if n > 0 && args.format != TranslateFormat::Json {
            writeln!(out)?;
        }
        match args.format {
            TranslateFormat::Text => {
                render::text::record(out, &Record::new(&report), width, &cx.palette)?;
                if args.explain_score {
                    writeln!(out)?;
                    let explanation = engine.explain_report(&report);
                    render::explain_score::text(out, &explanation, "", &cx.palette)?;
                }
            }
            TranslateFormat::Markdown => render::markdown::record(out, &Record::new(&report))?,
            TranslateFormat::Json => {
                let json = ReportJson::new(&input.name, &report);
                match args.explain_score {
                    true => serde_json::to_writer_pretty(
                        &mut *out,
                        &Explained {
                            inner: json,
                            explanation: &engine.explain_report(&report),
                        },
                    ),
                    false => serde_json::to_writer_pretty(&mut *out, &json),
                }
                .map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
            TranslateFormat::Html => {}
        }
    }
    render::html::record_page(&mut cx.out, &pages, &engine.rules().categories)?;
    cx.out.flush()?;
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

fn terminal_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return DEFAULT_WIDTH;
    }
    terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
}
