//! `funds [--period P]`: every fund's movements over a period.

use super::{Ctx, Output};
use crate::engine::funds;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub over: super::Over,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let period = args.over.period.as_ref();
    let (computed, stderr) = ctx.compute_after(period.map(|p| p.from), period)?;
    let books = &computed.books;
    let period = args.over.or_latest_year(books);
    let rows = funds::of(computed, &period);
    let mut report = report::funds::Report::of(books, &period, &rows);
    if crate::engine::owed::tracked(books) {
        let owed = crate::engine::owed::at(computed, period.to);
        report.owed = Some(report::owed::Still {
            at: period.to,
            owed,
        });
    }
    Ok(Output {
        stdout: report.render(&ctx.style),
        stderr,
    })
}
