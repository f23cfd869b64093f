//! `export hledger|beancount [--period P]`: the books as a double-entry journal on stdout.

use super::{BooksHaveProblems, Ctx, Output};
use crate::engine::journal::Journal;
use crate::period::Period;
use crate::report::journal::{self, Tool};
use anyhow::{Result, anyhow};
use std::io::{ErrorKind, Write};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The tool whose syntax to write
    #[arg(value_enum, value_name = "TOOL")]
    pub tool: Tool,
    /// 2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14; movements before it become opening
    /// balances [default: everything]
    #[arg(long, value_name = "P", value_parser = super::period_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Option<Period>,
}

pub fn run(ctx: &Ctx, args: &Args, stdout: &mut dyn Write) -> Result<Output> {
    let progress = ctx.progress("export");
    progress.step("reading and checking the books");
    let computed = ctx.compute_sound()?;
    progress.step("building the journal");
    let journal = Journal::new(computed, args.period.as_ref()).map_err(|clashes| {
        let problems = journal::clash_problems(&computed.books.coop, &clashes);
        let why = format!(
            "not exported: coop.toml has {}",
            super::problems(problems.len())
        );
        BooksHaveProblems::refuse(&problems, &why)
    })?;
    progress.step("writing the journal");
    match journal::write(&journal, &computed.books.coop, args.tool, stdout) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(anyhow!("writing the journal: {e}")),
        _ => Ok(Output::default()),
    }
}
