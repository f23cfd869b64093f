//! `pay MONTH`: the month's pay per member and in total.

use super::{Ctx, Output};
use crate::period::Month;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The pay month, as YYYY-MM
    #[arg(value_parser = super::month_arg)]
    pub month: Month,
    /// Also list every contract with its levies and budget
    #[arg(long)]
    pub contracts: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_sound()?;
    let stderr = super::rule_check(computed, args.month)?;
    let books = &computed.books;
    // Contract lines only where they are shown: always in JSON, with --contracts otherwise.
    let mut report = if args.contracts || ctx.format == report::Format::Json {
        report::pay::Pay::of(books, &computed.month(args.month))
    } else {
        report::pay::Pay::of_figures(books, &computed.month_figures(args.month))
    };
    if crate::engine::owed::tracked(books) {
        let at = args.month.last_day();
        let owed = crate::engine::owed::at(computed, at);
        report.owed = Some(report::owed::Still { at, owed });
    }
    let stdout = report.render(&ctx.style, args.contracts);
    Ok(Output { stdout, stderr })
}
