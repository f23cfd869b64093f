//! `patronage YEAR`: the year's surplus and its allocation, provisional until the year is closed.

use super::{Ctx, Output};
use crate::engine::{patronage, result};
use crate::period::Closable;
use crate::period::Period;
use crate::report;
use anyhow::{Result, bail};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The year, as YYYY
    #[arg(value_parser = super::year_arg)]
    pub year: i32,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let (computed, stderr) = ctx.compute_for(Some(&Period::year(args.year)))?;
    let books = &computed.books;
    let Some(p) = patronage::of(computed, args.year) else {
        bail!("coop.toml has no [patronage] section");
    };
    let closed = books.is_closed(Closable::Year(args.year));
    let result = result::of(computed, &Period::year(args.year));
    Ok(Output {
        stdout: report::patronage::Report::of(books, &p, &result, closed).render(&ctx.style),
        stderr,
    })
}
