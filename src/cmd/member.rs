//! `member ID [--period P]`: one member's statement.

use super::{Ctx, Output};
use crate::engine::statement;
use crate::period::Period;
use crate::report;
use anyhow::Result;
use chrono::Datelike;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The member id (the file stem of members/<id>.toml)
    #[arg(add = clap_complete::ArgValueCompleter::new(crate::complete::members))]
    pub id: String,
    /// 2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest contract]
    #[arg(long, value_name = "P", value_parser = super::period_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Option<Period>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let from = args.period.as_ref().map(|p| p.from);
    let mut computed = ctx.compute_after(from, None)?.0;
    // The default year is the latest contract's: in books read from a cut without a contract
    // after it, that is a closed year, which is read whole.
    let cut = computed.books.cut;
    if args.period.is_none()
        && cut.is_some_and(|cut| !computed.books.contracts.iter().any(|c| c.date > cut.end))
    {
        computed = ctx.compute_sound()?;
    }
    let books = &computed.books;
    let id = &args.id;
    let member = super::member_arg(books, id)?;
    let period = args.period.clone().unwrap_or_else(|| {
        let year = books
            .contracts
            .iter()
            .map(|c| c.date)
            .max()
            .map(|d| d.year());
        Period::year(year.unwrap_or_else(|| super::latest_year(books)))
    });
    let at = super::date_or_latest(books, None);
    let s = statement::of(computed, member, &period, at);
    Ok(Output {
        stdout: report::member::Statement::of(books, &s).render(&ctx.style),
        ..Output::default()
    })
}
