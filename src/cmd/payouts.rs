//! `payouts MONTH --out FILE [--date D] [--force]`: the month's payouts as a SEPA credit
//! transfer file (pain.001.001.09) for the co-op's bank.

use super::{BooksHaveProblems, Ctx, Output};
use crate::engine::payouts;
use crate::period::Month;
use crate::report::pain001;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The pay month, as YYYY-MM
    #[arg(value_parser = super::month_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::months))]
    pub month: Month,
    /// The file to write (pain.001.001.09 XML)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// One requested execution date for every transfer [default: each member's on their
    /// latest pay date of the month, a refund's on the month's last]
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    pub date: Option<NaiveDate>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let month = args.month;
    // The file's folder is locked for this run alone (the books' own lock when it is the
    // books directory), so that two runs never both write it.
    let folder = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let _folder = match ctx.books_dir() {
        Ok(books) if same_dir(&books, &folder) => {
            ctx.lock_for_writing(&books)?;
            None
        }
        _ => Some(crate::lock::lock(
            &folder,
            crate::lock::Mode::Exclusive,
            ctx.wait,
        )?),
    };
    // Refused before the books are read: nothing to compute for a file that cannot be written.
    super::may_write(&[&args.out], args.force)?;
    let computed = ctx.compute_sound()?;
    let warnings = super::rule_check(computed, month)?;
    let books = &computed.books;
    let Some(bank) = &books.coop.bank else {
        let why = "no payouts written: coop.toml has no [bank] table; add one with the \
                   co-op's account: [bank] name = \"…\", iban = \"…\" (bic = \"…\" optional)";
        return Err(BooksHaveProblems::refuse(&[], why));
    };
    let payouts = payouts::of(computed, month);
    if !payouts.without_iban.is_empty() {
        let ids: Vec<String> = (payouts.without_iban.iter())
            .map(|&m| books.member(m).id.clone())
            .collect();
        let why = format!(
            "no payouts written: {} owed a payout in {month} but without an iban in their \
             member file: {}",
            if ids.len() == 1 {
                "a member is"
            } else {
                "members are"
            },
            ids.join(", ")
        );
        return Err(BooksHaveProblems::refuse(&[], &why));
    }
    if payouts.transfers.is_empty() {
        let why = format!("no payouts written: nobody is owed a payout in {month}");
        return Err(BooksHaveProblems::refuse(&[], &why));
    }
    if args.date.or(payouts.last_pay_date).is_none() {
        bail!("{month} has no pay date; give one with --date");
    }
    let xml = pain001::render(books, bank, &payouts, args.date);
    // Each member's transfer on their pay date (or all on --date): the days, with how many.
    let days = payouts.by_day(args.date);
    let execution = match days.as_slice() {
        [(day, _)] => day.to_string(),
        _ => (days.iter())
            .map(|(day, ts)| format!("{day} ({})", ts.len()))
            .collect::<Vec<_>>()
            .join(", "),
    };
    crate::write::atomic(&args.out, xml.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    Ok(Output {
        stdout: format!(
            "Wrote {}: {} transfers, {} {}, to be executed on {execution}\n",
            args.out.display(),
            payouts.transfers.len(),
            payouts.total,
            books.coop.currency
        ),
        stderr: warnings,
    })
}

/// Whether two paths name the same directory.
fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
