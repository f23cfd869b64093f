//! `guarantee [--at DATE]`: the guarantee fund's exposure at a date.

use super::{Ctx, Output};
use crate::engine::guarantee;
use crate::report;
use anyhow::Result;
use chrono::NaiveDate;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The date, YYYY-MM-DD [default: the latest dated row]
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub at: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_sound()?;
    let books = &computed.books;
    let year_ends = crate::close::year_ends(books);
    let at = super::date_or_latest(books, args.at);
    let g = guarantee::at(&computed, &year_ends, at);
    Ok(Output {
        stdout: report::guarantee::render(books, &g, ctx.format),
        ..Output::default()
    })
}
