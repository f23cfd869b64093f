//! The `coopbooks` binary: parse arguments, run the command, decide the exit code.

use clap::Parser;
use coopbooks::cli::Cli;
use coopbooks::cmd::{self, BooksHaveProblems, Ctx};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // With COMPLETE set, a shell asks for the completions of a command line: answered, done.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(coopbooks::complete::VAR)
        .complete();
    let cli = Cli::parse();
    let cwd = std::env::current_dir().unwrap_or_default();
    let ctx = Ctx::new(cli.globals(), cwd, &cmd::Terminal::of_process());
    // Write errors (a closed pipe: `coopbooks pay 2026-03 | head`) are not worth a word.
    let (stdout, stderr, code) = match cli.command.run(&ctx) {
        Ok(out) => (out.stdout, out.stderr, 0),
        Err(e) => match e.downcast::<BooksHaveProblems>() {
            Ok(p) => (p.stdout, p.stderr, 1),
            Err(e) => {
                let why = coopbooks::text::escaped(&format!("{e:#}")).into_owned();
                (String::new(), format!("coopbooks: {why}\n"), 2)
            }
        },
    };
    let _ = std::io::stdout().lock().write_all(stdout.as_bytes());
    let _ = std::io::stderr().lock().write_all(stderr.as_bytes());
    ExitCode::from(code)
}
