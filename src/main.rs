//! The `jdx` binary: parse arguments, run a command, map the outcome to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
