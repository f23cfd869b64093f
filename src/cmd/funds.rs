//! `funds [--period P]`: every fund's movements over a period.

use super::{Ctx, Output};
use crate::engine::funds;
use crate::period::Period;
use crate::report;
use anyhow::{Result, anyhow};

pub fn run(ctx: &Ctx, period: Option<&str>) -> Result<Output> {
    let period = period
        .map(Period::parse)
        .transpose()
        .map_err(|e| anyhow!(e))?;
    let loaded = ctx.load()?;
    if let Some(refusal) = super::require_sound(&loaded) {
        return Ok(refusal);
    }
    let books = &loaded.books;
    let year_ends = crate::close::year_ends(books);
    let period = period.unwrap_or_else(|| Period::year(super::latest_year(books)));
    let rows = funds::report(books, &year_ends, &period);
    Ok(Output {
        stdout: report::funds::render(books, &period, &rows, ctx.format),
        ..Output::default()
    })
}
