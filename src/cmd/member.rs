//! `member ID [--period P]`: one member's statement.

use super::{Ctx, Output};
use crate::engine::statement;
use crate::period::Period;
use crate::report;
use anyhow::{Result, anyhow, bail};
use chrono::Datelike;

pub fn run(ctx: &Ctx, id: &str, period: Option<&str>) -> Result<Output> {
    let period = period
        .map(Period::parse)
        .transpose()
        .map_err(|e| anyhow!(e))?;
    let loaded = ctx.load()?;
    if let Some(refusal) = super::require_sound(&loaded) {
        return Ok(refusal);
    }
    let books = &loaded.books;
    let Some(member) = books.member_by_id(id) else {
        bail!("no member \"{id}\" (no members/{id}.toml)");
    };
    let period = period.unwrap_or_else(|| {
        let year = books
            .contracts
            .iter()
            .map(|c| c.date)
            .max()
            .map(|d| d.year());
        Period::year(year.unwrap_or(1970))
    });
    let year_ends = crate::close::year_ends(books);
    let at = books.latest_date().unwrap_or_else(super::today);
    let s = statement::member(books, &year_ends, member, &period, at);
    Ok(Output {
        stdout: report::member::render(books, &s, ctx.format),
        ..Output::default()
    })
}
