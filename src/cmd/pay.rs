//! `pay MONTH`: the month's pay per member and in total.

use super::{Ctx, Output};
use crate::engine::pay;
use crate::period::Month;
use crate::problem::Problem;
use crate::report;
use anyhow::{Result, anyhow};

pub fn run(ctx: &Ctx, month: &str, with_contracts: bool) -> Result<Output> {
    let month = Month::parse(month).map_err(|e| anyhow!(e))?;
    let loaded = ctx.load_sound()?;
    let books = &loaded.books;
    let (stderr, refused) = rule_check(books, month);
    if refused {
        return Ok(Output {
            stdout: String::new(),
            stderr,
            problems: true,
        });
    }
    let result = pay::month(books, month);
    let stdout = report::pay::render(books, &result, ctx.format, with_contracts);
    Ok(Output {
        stdout,
        stderr,
        problems: false,
    })
}

/// The month's rule violations: listed on stderr, and whether they stop the command
/// (`violations = "error"`).
pub(super) fn rule_check(books: &crate::books::Books, month: Month) -> (String, bool) {
    let violations = crate::check::month_rule_problems(books, month);
    let mut stderr = String::new();
    for p in &violations {
        stderr.push_str(&p.to_string());
        stderr.push('\n');
    }
    let errors = violations
        .iter()
        .filter(|p: &&Problem| p.is_error())
        .count();
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        stderr.push_str(&format!(
            "coopbooks: {month} has {errors} rule violation{s}; fix the contracts or set \
             violations = \"warn\" under [rules]\n"
        ));
    }
    (stderr, errors > 0)
}
