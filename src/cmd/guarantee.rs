//! `guarantee [--at DATE]`: the guarantee fund's exposure at a date.

use super::{Ctx, Output};
use crate::engine::guarantee;
use crate::report;
use anyhow::Result;

pub fn run(ctx: &Ctx, at: Option<&str>) -> Result<Output> {
    let at = super::date_arg("--at", at)?;
    let loaded = ctx.load_sound()?;
    let books = &loaded.books;
    let year_ends = crate::close::year_ends(books);
    let at = super::date_or_latest(books, at);
    let g = guarantee::at(books, &year_ends, at);
    Ok(Output {
        stdout: report::guarantee::render(books, &g, ctx.format),
        ..Output::default()
    })
}
