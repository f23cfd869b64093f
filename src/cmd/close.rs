//! `close PERIOD [--date D]`: write a month's or a year's close file, once the books are clean.

use super::{Ctx, Output};
use crate::close::{self, Closable};
use crate::problem::Problem;
use anyhow::{Result, anyhow};

pub fn run(ctx: &Ctx, period: &str, date: Option<&str>) -> Result<Output> {
    let what = Closable::parse(period).map_err(|e| anyhow!(e))?;
    let date = super::date_arg("--date", date)?;
    let loaded = ctx.load()?;
    let books = &loaded.books;
    let label = what.label();
    if close::is_closed(books, what) {
        return Ok(super::refuse(
            &[],
            &format!("{label} is already closed ({})", what.rel()),
        ));
    }
    let errors: Vec<Problem> = crate::check::all(&loaded)
        .into_iter()
        .filter(|p| p.is_error())
        .collect();
    if !errors.is_empty() {
        let n = errors.len();
        let s = if n == 1 { "" } else { "s" };
        return Ok(super::refuse(
            &errors,
            &format!("{label} not closed: the books have {n} problem{s}"),
        ));
    }
    if let Closable::Year(y) = what {
        let open = close::open_months(books, y);
        if !open.is_empty() {
            let list: Vec<String> = open.iter().map(|m| m.to_string()).collect();
            return Ok(super::refuse(
                &[],
                &format!(
                    "{label} not closed: close its months first ({})",
                    list.join(", ")
                ),
            ));
        }
    }
    let Some(text) = close::render(books, what, date) else {
        return Ok(super::refuse(
            &[],
            &format!("{label} not closed: coop.toml has no [patronage] to allocate"),
        ));
    };
    crate::write::atomic(&books.root.join(what.rel()), text.as_bytes())?;
    Ok(Output {
        stdout: format!("Closed {label}: wrote {}\n", what.rel()),
        ..Output::default()
    })
}
