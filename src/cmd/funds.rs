//! `funds [--period P]`: every fund's movements over a period.

use super::{Ctx, Output};
use crate::engine::funds;
use crate::period::Period;
use crate::report;
use anyhow::Result;

pub fn run(ctx: &Ctx, period: Option<&str>) -> Result<Output> {
    let period = super::period_arg(period)?;
    let loaded = ctx.load_sound()?;
    let books = &loaded.books;
    let year_ends = crate::close::year_ends(books);
    let period = period.unwrap_or_else(|| Period::year(super::latest_year(books)));
    let rows = funds::report(books, &year_ends, &period);
    Ok(Output {
        stdout: report::funds::render(books, &period, &rows, ctx.format),
        ..Output::default()
    })
}
