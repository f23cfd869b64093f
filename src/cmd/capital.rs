//! `capital [--at DATE]`: members' capital accounts.

use super::{Ctx, Output};
use crate::engine::capital;
use crate::report;
use anyhow::Result;

pub fn run(ctx: &Ctx, at: Option<&str>) -> Result<Output> {
    let at = super::date_arg("--at", at)?;
    let loaded = ctx.load_sound()?;
    let books = &loaded.books;
    let at = super::date_or_latest(books, at);
    let accounts = capital::accounts(books, &crate::close::retained(books), at);
    Ok(Output {
        stdout: report::capital::render(books, at, &accounts, ctx.format),
        ..Output::default()
    })
}
