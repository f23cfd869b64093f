//! `guarantee [--at DATE]`: the guarantee fund's exposure at a date.

use super::{Ctx, Output};
use crate::engine::guarantee;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub at: super::At,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_sound()?;
    let books = &computed.books;
    let at = args.at.or_latest(books);
    let g = guarantee::of(computed, at);
    Ok(Output {
        stdout: report::guarantee::Report::of(books, &g).render(&ctx.style),
        ..Output::default()
    })
}
