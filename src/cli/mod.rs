//! The command-line layer: arguments → library → renderer → exit code.

mod args;
mod batch;
mod config_cmd;
mod diff_cmd;
mod exit;
mod explain_cmd;
mod input;
mod rewrite_cmd;
mod roles_cmd;
mod rules_cmd;
mod scan;
mod score_cmd;
mod shell;
mod translate;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anstream::{AutoStream, ColorChoice};
use clap::Parser;
use jdx::config::Config;
use jdx::render::Palette;
use jdx::{Diagnostics, Document, Engine, LoadOptions, Notice, Policy, RuleSet, Speed};

use args::{Cli, ColorWhen, Command, Global};
pub use exit::Exit;

/// Inputs larger than this get the DFA: slower to build, faster to run.
const THROUGHPUT_BYTES: usize = 1 << 20;

/// Why a command stopped early.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Jdx(#[from] jdx::Error),
    #[error(transparent)]
    Io(#[from] io::Error),
    /// Errors in the configuration file (printed as they are).
    #[error("{0}")]
    Config(Diagnostics),
}

/// Buffered standard output whose errors say that they are about standard
/// output (`jdx: writing to standard output: No space left on device`). A
/// closed pipe keeps its kind, so it still ends the run quietly.
pub struct Stdout(io::BufWriter<AutoStream<io::StdoutLock<'static>>>);

impl Stdout {
    fn label(e: io::Error) -> io::Error {
        match e.kind() {
            io::ErrorKind::BrokenPipe => e,
            kind => io::Error::new(kind, format!("writing to standard output: {e}")),
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(Self::label)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(Self::label)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(Self::label)
    }
}

/// What a command needs besides its arguments.
pub struct Context {
    global: Global,
    pub out: Stdout,
    /// The styles for standard output: [`Palette::plain`] when colors are off.
    pub palette: Palette,
    pub err: AutoStream<io::Stderr>,
    /// `jdx.toml`, or the defaults.
    pub config: Config,
}

impl Context {
    /// Reads the inputs named in `args`, reporting problems on standard error
    /// (warnings only without `--quiet`).
    pub fn read_inputs(&mut self, args: &args::InputArgs) -> io::Result<(Vec<input::Input>, bool)> {
        let quiet = self.global.quiet;
        input::read_all(args, &mut batch::QuietFilter::new(&mut self.err, quiet))
    }

    /// Loads and compiles the rules, picking the automaton by input size.
    ///
    /// The engine lives until the process ends, so it is leaked on purpose:
    /// freeing its many small allocations at exit would cost about a
    /// millisecond of every run.
    pub fn engine(&self, input_bytes: usize) -> Result<&'static Engine, Failure> {
        let (rules, speed) = self.rules_and_speed(input_bytes)?;
        Ok(Box::leak(Box::new(Engine::with_speed(rules, speed)?)))
    }

    /// Like [`Context::engine`], compiling only what `scan` needs.
    pub fn scanner(&self, input_bytes: usize) -> Result<&'static Engine, Failure> {
        let (rules, speed) = self.rules_and_speed(input_bytes)?;
        Ok(Box::leak(Box::new(Engine::scanner(rules, speed)?)))
    }

    /// The rule-pack folders: the configuration's, then `--rules` (later packs win).
    pub fn packs(&self) -> Vec<PathBuf> {
        let mut packs = self.config.pack_dirs();
        packs.extend(self.global.rules.iter().cloned());
        packs
    }

    /// Loads the rules and checks the ids the configuration names against them.
    pub fn rules(&self) -> Result<RuleSet, Failure> {
        let options = LoadOptions {
            builtin: !self.global.no_default_rules,
            packs: self.packs(),
            follow_links: self.global.follow_links,
        };
        let rules = RuleSet::load(&options).map_err(jdx::Error::from)?;
        if !self.global.quiet {
            // Packs load with warnings (a link out of a pack, a regex that
            // matches nothing): say so, as `rules check` would.
            let mut err = io::stderr().lock();
            for warning in &rules.warnings {
                let _ = writeln!(err, "{warning}");
            }
        }
        self.config.check(&rules).map_err(Failure::Config)?;
        Ok(rules)
    }

    /// The policy for the input named `name` (`-`: standard input).
    pub fn policy(&self, name: &str) -> Policy {
        self.config.policy(Some(Path::new(name)))
    }

    /// Warns about a posting's `jdx-disable` directives (not with `--quiet`).
    pub fn notices(&mut self, name: &str, doc: &Document, notices: &[Notice]) -> io::Result<()> {
        if self.global.quiet {
            return Ok(());
        }
        for line in notice_lines(name, doc, notices) {
            writeln!(self.err, "{line}")?;
        }
        Ok(())
    }

    fn rules_and_speed(&self, input_bytes: usize) -> Result<(RuleSet, Speed), Failure> {
        let rules = self.rules()?;
        let speed = if input_bytes > THROUGHPUT_BYTES {
            Speed::Throughput
        } else {
            Speed::Startup
        };
        Ok((rules, speed))
    }
}

pub fn run() -> std::process::ExitCode {
    let cli = Cli::parse();
    let choice = match cli.global.color {
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    };
    // Standard output gets styles only when it will show them; otherwise the
    // renderers write none, and nothing needs stripping (a plain pass-through).
    let stdout = io::stdout().lock();
    let colored = match choice {
        ColorChoice::Auto => AutoStream::choice(&stdout) != ColorChoice::Never,
        other => other != ColorChoice::Never,
    };
    let (palette, out_choice) = match colored {
        true => (Palette::default(), ColorChoice::Always),
        false => (Palette::plain(), ColorChoice::AlwaysAnsi),
    };
    let mut cx = Context {
        global: cli.global,
        out: Stdout(io::BufWriter::new(AutoStream::new(stdout, out_choice))),
        palette,
        err: AutoStream::new(io::stderr(), choice),
        config: Config::default(),
    };
    // Commands that print no analysis start even with a broken jdx.toml.
    let needs_config = !matches!(cli.command, Command::Completions(_) | Command::Man);
    let outcome = match needs_config.then(|| config_cmd::load(&cx.global)) {
        Some(Err(diags)) => Err(Failure::Config(diags)),
        Some(Ok(config)) => {
            cx.config = config;
            dispatch(&mut cx, &cli.command)
        }
        None => dispatch(&mut cx, &cli.command),
    };
    let exit = match outcome {
        Ok(exit) => exit,
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
        Err(Failure::Config(diags)) => {
            let _ = write!(cx.err, "{diags}");
            Exit::Failure
        }
        Err(Failure::Jdx(jdx::Error::Rules(diags))) => {
            let _ = write!(cx.err, "{diags}");
            let _ = writeln!(
                cx.err,
                "jdx: {} error(s) in rule files",
                diags.error_count()
            );
            Exit::Failure
        }
        Err(e) => {
            let _ = writeln!(cx.err, "jdx: {e}");
            Exit::Failure
        }
    };
    exit.into()
}

fn dispatch(cx: &mut Context, command: &Command) -> Result<Exit, Failure> {
    match command {
        Command::Scan(a) => scan::run(cx, a),
        Command::Translate(a) => translate::run(cx, a),
        Command::Score(a) => score_cmd::run(cx, a),
        Command::Rewrite(a) => rewrite_cmd::run(cx, a),
        Command::Config(a) => config_cmd::run(cx, a),
        Command::Diff(a) => diff_cmd::run(cx, a),
        Command::Completions(a) => shell::completions(cx, a),
        Command::Man => shell::man(cx),
        Command::Rules(a) => rules_cmd::run(cx, a),
        Command::Explain(a) => explain_cmd::run(cx, a),
        Command::Roles(a) => roles_cmd::run(cx, a),
    }
}

/// `name:line:col: warning: …` for each notice, sanitised.
pub fn notice_lines(name: &str, doc: &Document, notices: &[Notice]) -> Vec<String> {
    notices
        .iter()
        .map(|n| {
            let d = n.diagnostic(name, doc);
            let line = format!("{}:{}:{}: warning: {}", d.path, d.line, d.column, d.message);
            jdx::render::sanitize(&line).into_owned()
        })
        .collect()
}
