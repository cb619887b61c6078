//! `jdx completions SHELL` and `jdx man`: generated from the clap definition,
//! so they never drift from the real arguments.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::args::Cli;
use super::{Context, Exit, Failure};

/// `jdx completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the completion script for `args.shell` to standard output.
pub fn completions(cx: &mut Context, args: &CompletionsArgs) -> Result<Exit, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "jdx", &mut script);
    cx.out.write_all(&script)?;
    cx.out.flush()?;
    Ok(Exit::Success)
}

/// Writes the manual page (roff) to standard output: the main page, then one
/// section per subcommand with its synopsis, options and examples.
pub fn man(cx: &mut Context) -> Result<Exit, Failure> {
    let mut command = Cli::command();
    command.build();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = clap_mangen::Man::new(sub.clone());
        writeln!(page, ".SH \"JDX {}\"", sub.get_name().to_uppercase())?;
        subsection(&mut page, None, |w| man.render_description_section(w))?;
        subsection(&mut page, Some("Synopsis"), |w| {
            man.render_synopsis_section(w)
        })?;
        subsection(&mut page, Some("Options"), |w| {
            man.render_options_section(w)
        })?;
        if sub.get_after_help().is_some() {
            subsection(&mut page, Some("Examples"), |w| man.render_extra_section(w))?;
        }
    }
    cx.out.write_all(&page)?;
    cx.out.flush()?;
    Ok(Exit::Success)
}

/// Renders a clap_mangen section and appends it to `page` with its `.SH`
/// heading turned into a `.SS` subheading (or dropped when `heading` is `None`).
fn subsection(
    page: &mut Vec<u8>,
    heading: Option<&str>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut rendered = Vec::new();
    render(&mut rendered)?;
    for line in String::from_utf8_lossy(&rendered).lines() {
        if line.starts_with(".SH ") {
            if let Some(heading) = heading {
                writeln!(page, ".SS {heading}")?;
            }
        } else {
            writeln!(page, "{line}")?;
        }
    }
    Ok(())
}
