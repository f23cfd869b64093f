//! `capital [--at DATE]`: members' capital accounts.

use super::{Ctx, Output};
use crate::engine::capital;
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
    let at = super::date_or_latest(books, args.at);
    let accounts = capital::accounts(books, &crate::close::retained(books), at);
    Ok(Output {
        stdout: report::capital::render(books, at, &accounts, ctx.format),
        ..Output::default()
    })
}
