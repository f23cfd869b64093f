//! `capital [--at DATE]`: members' capital accounts.

use super::{Ctx, Output};
use crate::engine::capital;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub at: super::At,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_after(args.at.at, None)?.0;
    let books = &computed.books;
    let at = args.at.or_latest(books);
    let accounts = capital::of(computed, at);
    Ok(Output {
        stdout: report::capital::Report::of(books, at, &accounts).render(&ctx.style),
        ..Output::default()
    })
}
