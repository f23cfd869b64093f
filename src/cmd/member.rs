//! `member ID [--period P]`: one member's statement.

use super::{Ctx, Output};
use crate::engine::statement;
use crate::period::Period;
use crate::report;
use anyhow::{Result, bail};
use chrono::Datelike;

pub fn run(ctx: &Ctx, id: &str, period: Option<&str>) -> Result<Output> {
    let period = super::period_arg(period)?;
    let loaded = ctx.load_sound()?;
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
        Period::year(year.unwrap_or_else(|| super::latest_year(books)))
    });
    let year_ends = crate::close::year_ends(books);
    let at = super::date_or_latest(books, None);
    let s = statement::member(books, &year_ends, member, &period, at);
    Ok(Output {
        stdout: report::member::render(books, &s, ctx.format),
        ..Output::default()
    })
}
