//! `vat PERIOD`: the VAT return of a month, a quarter or a year.

use super::{Ctx, Output};
use crate::engine::vat_return;
use crate::period::Period;
use crate::report;
use anyhow::{Result, bail};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 2026-03, 2026-Q1 or 2026 (or a range, 2026-01-15..2026-02-14)
    #[arg(value_name = "PERIOD", value_parser = super::period_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Period,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let (computed, stderr) = ctx.compute_for(Some(&args.period))?;
    let books = &computed.books;
    let Some(r) = vat_return::of(computed, args.period.from, args.period.to) else {
        bail!("coop.toml has no [vat] section: the co-op's invoices carry no VAT");
    };
    Ok(Output {
        stdout: report::vat::Report::of(books, &args.period, &r).render(&ctx.style),
        stderr,
    })
}
