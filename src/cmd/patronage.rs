//! `patronage YEAR`: the year's surplus and its allocation, provisional until the year is closed.

use super::{Ctx, Output};
use crate::close::{self, Closable};
use crate::engine::patronage;
use crate::report;
use anyhow::{Result, bail};

pub fn run(ctx: &Ctx, year: &str) -> Result<Output> {
    let Ok(Closable::Year(y)) = Closable::parse(year) else {
        bail!("year \"{year}\": expected YYYY, e.g. 2026");
    };
    let loaded = ctx.load_sound()?;
    let books = &loaded.books;
    let Some(p) = patronage::compute(books, y) else {
        bail!("coop.toml has no [patronage] section");
    };
    let closed = close::is_closed(books, Closable::Year(y));
    Ok(Output {
        stdout: report::patronage::render(books, &p, closed, ctx.format),
        ..Output::default()
    })
}
