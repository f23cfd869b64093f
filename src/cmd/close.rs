//! `close PERIOD [--date D]`: write a month's or a year's close file, once the books are clean.

use super::{BooksHaveProblems, Ctx, Output};
use crate::books::{Close, YearClose};
use crate::engine::close;
use crate::engine::computed::Computed;
use crate::period::Closable;
use crate::problem::Problem;
use anyhow::{Result, bail};
use chrono::NaiveDate;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A month (2026-03) or a year (2026); a year needs its months with contracts closed
    #[arg(value_parser = Closable::parse, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Closable,
    /// Record this date in the close file as the day it was closed (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub date: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let what = args.period;
    if ctx.rev.is_some() {
        bail!("close writes to the books; it cannot close them at a revision (--rev)");
    }
    ctx.lock_for_writing(&ctx.books_dir()?)?;
    let progress = ctx.progress(&format!("close {}", what.label()));
    progress.step("reading the books");
    let (computed, reading) = super::check::read(ctx, crate::check::Depth::Sealed)?;
    let books = &computed.books;
    let label = what.label();
    if books.is_closed(what) {
        // Not a problem of the books: a refusal to write, as for a usage error (exit 2).
        bail!("{label} is already closed ({})", what.rel());
    }
    progress.step("checking the books");
    let errors: Vec<Problem> = crate::check::all(computed, &reading, crate::check::Depth::Sealed)
        .into_iter()
        .filter(Problem::is_error)
        .collect();
    if !errors.is_empty() {
        let n = errors.len();
        let why = format!("{label} not closed: the books have {}", super::problems(n));
        return Err(BooksHaveProblems::refuse(&errors, &why));
    }
    // Closes go in order: a refusal to write (exit 2), naming the months to close first.
    let open = close::open_before(computed, what);
    if !open.is_empty() {
        let list: Vec<String> = open.iter().map(|m| m.to_string()).collect();
        let (s, have) = if open.len() == 1 {
            ("", "has")
        } else {
            ("s", "have")
        };
        match what {
            Closable::Year(_) => bail!(
                "{label} not closed: close its months first ({}); closes go in order",
                list.join(", ")
            ),
            Closable::Month(_) => bail!(
                "{label} not closed: closes go in order, and the earlier month{s} {} {have} \
                 movements and {} open; close {} first",
                list.join(", "),
                if open.len() == 1 { "is" } else { "are" },
                if open.len() == 1 { "it" } else { "them" },
            ),
        }
    }
    progress.step("computing the close");
    let Some(record) = close::of(computed, what, args.date) else {
        let why = format!("{label} not closed: coop.toml has no [patronage] to allocate");
        return Err(BooksHaveProblems::refuse(&[], &why));
    };
    let record = match record {
        Close::Year(year) => {
            progress.step("working out what the year carries into the next");
            let history = match books.cut {
                Some(_) => crate::books::History::Sealed,
                None => crate::books::History::All,
            };
            Close::Year(carried(ctx, what, year, history)?)
        }
        month => month,
    };
    progress.step("writing");
    let text = record.to_toml()?;
    crate::write::atomic(&books.root.join(what.rel()), text.as_bytes())?;
    Ok(Output {
        stdout: format!("Closed {label}: wrote {}\n", what.rel()),
        ..Output::default()
    })
}

/// A year's close with what it carries into the next, worked out from the books read again
/// (from the same cut as the first time, if any) with the close among them: its year-end
/// postings count in the balances it carries.
fn carried(
    ctx: &Ctx,
    what: Closable,
    year: YearClose,
    history: crate::books::History,
) -> Result<YearClose> {
    let Closable::Year(y) = what else {
        return Ok(year);
    };
    let close = Close::Year(year.clone());
    let loaded = crate::books::load_with(ctx.source()?.as_ref(), history)?;
    let books = loaded
        .books
        .with_close(&what.rel(), &close.to_toml()?, what, close);
    let computed = Computed::new(books);
    let carry = crate::engine::carry::of(&computed, y)
        .map(|c| crate::engine::carry::record(&computed.books, &c));
    Ok(YearClose { carry, ..year })
}
