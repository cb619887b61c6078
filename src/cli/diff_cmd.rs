//! `jdx diff`

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use jdx::render::{self, diff::NamedDiff};

use super::args::{InputArgs, ReadArgs};
use super::{Context, Exit, Failure};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The posting as it was (`-` for standard input)
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The posting as it is now (`-` for standard input, if OLD is not)
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit with code 1 when NEW's BS index is above N (for CI)
    #[arg(long, value_name = "N")]
    pub fail_over: Option<u8>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Scores before and after, then the matches removed and added
    Text,
    /// One JSON document
    Json,
}

pub fn run(cx: &mut Context, args: &DiffArgs) -> Result<Exit, Failure> {
    let stdin = std::path::Path::new("-");
    if args.old == stdin && args.new == stdin {
        writeln!(
            cx.err,
            "jdx: standard input can be only one of OLD and NEW; name a file for the other"
        )?;
        return Ok(Exit::Failure);
    }
    let input = InputArgs {
        files: vec![args.old.clone(), args.new.clone()],
        read: args.read,
    };
    let (inputs, failed) = cx.read_inputs(&input)?;
    let [old, new] = match (failed, &inputs[..]) {
        (false, [old, new]) => [old, new],
        // Each unreadable input was reported on standard error.
        _ => return Ok(Exit::Failure),
    };
    let engine = cx.engine(old.bytes + new.bytes)?;
    // Both versions under NEW's configuration: the same rules on each side.
    let diff = engine.diff_with(&old.doc, &new.doc, &cx.policy(&new.name))?;
    // A file compared with itself has its directive warnings told once.
    let same = old.name == new.name && old.doc.source() == new.doc.source();
    if !same {
        cx.notices(&old.name, &old.doc, &diff.old.notices)?;
    }
    cx.notices(&new.name, &new.doc, &diff.new.notices)?;
    let named = NamedDiff {
        old: &old.name,
        new: &new.name,
        diff: &diff,
    };
    match args.format {
        DiffFormat::Text => render::diff::text(&mut cx.out, &named, &cx.palette)?,
        DiffFormat::Json => render::diff::json(&mut cx.out, &named)?,
    }
    cx.out.flush()?;
    let bs = diff.new.scores.bs_index;
    match args.fail_over {
        Some(n) if bs > n => {
            writeln!(
                cx.err,
                "jdx: {}: BS index {bs} is above {n} (--fail-over)",
                render::sanitize(&new.name)
            )?;
            Ok(Exit::Threshold)
        }
        _ => Ok(Exit::Success),
    }
}
