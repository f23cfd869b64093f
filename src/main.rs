//! The `coopbooks` binary: parse arguments, run the command, decide the exit code.

use clap::Parser;
use coopbooks::cli::Cli;
use coopbooks::cmd::{self, Ctx};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let cwd = std::env::current_dir().unwrap_or_default();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let ctx = Ctx::new(&cli, cwd, std::io::stdout().is_terminal(), no_color);
    // A closed pipe (`coopbooks pay 2026-03 | head`) is not an error worth a word.
    match cmd::run(&cli, &ctx) {
        Ok(out) => {
            let _ = std::io::stdout().lock().write_all(out.stdout.as_bytes());
            let _ = std::io::stderr().lock().write_all(out.stderr.as_bytes());
            ExitCode::from(if out.problems { 1 } else { 0 })
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "coopbooks: {e:#}");
            ExitCode::from(2)
        }
    }
}
