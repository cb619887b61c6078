//! `jdx rewrite`

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::args::{InputArgs, ReadArgs};
use super::{Context, Exit, Failure};

/// Context lines around each change in `--diff`.
const DIFF_CONTEXT: usize = 3;

/// `jdx rewrite`
#[derive(Debug, Args)]
pub struct RewriteArgs {
    /// The posting; `-` or nothing reads standard input
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print a unified diff of the changes instead of the rewritten posting
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(cx: &mut Context, args: &RewriteArgs) -> Result<Exit, Failure> {
    let input_args = InputArgs {
        files: args.file.iter().cloned().collect(),
        read: args.read,
    };
    let (inputs, failed) = cx.read_inputs(&input_args)?;
    let Some(input) = inputs.first() else {
        return Ok(Exit::Failure);
    };
    let engine = cx.scanner(input.bytes)?;
    // Suppressed and disabled buzzwords stay as written.
    let scan = engine.scan_with(&input.doc, &cx.policy(&input.name));
    cx.notices(&input.name, &input.doc, &scan.notices)?;
    let doc = &input.doc;
    // HTML is rewritten as HTML: only visible text changes (see `rewrite_document`).
    let original = if doc.is_html() && !doc.is_lossy() {
        doc.source()
    } else {
        doc.text()
    };
    let rewritten = jdx::rewrite::rewrite_document(doc, &scan.hits);
    let out = &mut cx.out;
    if args.diff {
        let diff = similar::TextDiff::from_lines(original, rewritten.as_str());
        let unified = diff
            .unified_diff()
            .context_radius(DIFF_CONTEXT)
            .header(&input.name, &input.name)
            .to_string();
        let p = cx.palette;
        for line in unified.split_inclusive('\n') {
            let style = if line.starts_with("+++") || line.starts_with("---") {
                p.strong
            } else if line.starts_with('+') {
                p.plain
            } else if line.starts_with('-') {
                p.alert
            } else if line.starts_with("@@") {
                p.category
            } else {
                anstyle::Style::new()
            };
            let (body, end) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            write!(out, "{style}{body}{style:#}{end}")?;
        }
    } else {
        out.write_all(rewritten.as_bytes())?;
    }
    out.flush()?;
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
