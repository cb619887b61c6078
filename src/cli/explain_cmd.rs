//! `jdx explain TEXT`: which rules match a phrase, and why an expected one does not.

use std::io::{Read, Write};

use clap::{Args, ValueEnum};
use jdx::render;

use super::{Context, Exit, Failure};

/// `jdx explain`
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The phrase or sentence (several words are joined with spaces); `-` reads standard input
    #[arg(value_name = "TEXT", required = true)]
    pub text: Vec<String>,
    /// A rule you expected to match: says why it does not, and lists its nearest variants
    #[arg(long, value_name = "ID")]
    pub rule: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

/// `--format` of `jdx explain`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// The matches, then the expected rule's reasons and nearest variants
    Text,
    /// One JSON object
    Json,
}

pub fn run(cx: &mut Context, args: &ExplainArgs) -> Result<Exit, Failure> {
    let text = match args.text.as_slice() {
        [dash] if dash == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin().lock().read_to_end(&mut bytes)?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        words => words.join(" "),
    };
    let engine = cx.scanner(text.len())?;
    let explanation = engine.explain(&text, args.rule.as_deref())?;
    let out = &mut cx.out;
    match args.format {
        ExplainFormat::Text => render::explain::text(out, &explanation, &cx.palette)?,
        ExplainFormat::Json => render::explain::json(out, &explanation)?,
    }
    out.flush()?;
    Ok(Exit::Success)
}
