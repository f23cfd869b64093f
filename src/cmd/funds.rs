//! `funds [--period P]`: every fund's movements over a period.

use super::{Ctx, Output};
use crate::engine::funds;
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
        ..Output::default()
    })
}
