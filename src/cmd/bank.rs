//! `bank [--period P]`: the bank account day by day, with the statements' balances beside the
//! books'; exit 1 when one is not met.

use super::{BooksHaveProblems, Ctx, Output};
use crate::engine::bank;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub over: super::Over,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_sound()?;
    let books = &computed.books;
    let period = args.over.or_latest_year(books);
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
