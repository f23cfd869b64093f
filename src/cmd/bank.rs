//! `bank [--period P]`: the bank account day by day, with the statements' balances beside the
//! books'; exit 1 when one is not met.

use super::{BooksHaveProblems, Ctx, Output};
use crate::engine::bank;
use crate::period::Period;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest dated row]
    #[arg(long, value_name = "P", value_parser = super::period_arg)]
    pub period: Option<Period>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_sound()?;
    let books = &computed.books;
    let period = (args.period.clone()).unwrap_or_else(|| Period::year(super::latest_year(books)));
    let over = bank::over(books, period.from, period.to);
    let checks = bank::checks(books, &bank::Daily::of(books));
    let report = report::bank::Report::of(books, &period, &over, &checks);
    let stdout = report.render(&ctx.style);
    match report::bank::summary(&report) {
        Some(stderr) => Err(BooksHaveProblems { stdout, stderr }.into()),
        None => Ok(Output {
            stdout,
            ..Output::default()
        }),
    }
}
