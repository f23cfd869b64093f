//! `pay MONTH`: the month's pay per member and in total.

use super::{BooksHaveProblems, Ctx, Output};
use crate::engine::computed::Computed;
use crate::period::Month;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The pay month, as YYYY-MM
    #[arg(value_parser = super::month_arg)]
    pub month: Month,
    /// Also list every contract with its levies and budget
    #[arg(long)]
    pub contracts: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let computed = ctx.compute_sound()?;
    let stderr = rule_check(computed, args.month)?;
    let books = &computed.books;
    // Contract lines only where they are shown: always in JSON, with --contracts otherwise.
    let report = if args.contracts || ctx.format == report::Format::Json {
        report::pay::Pay::of(books, &computed.month(args.month))
    } else {
        report::pay::Pay::of_figures(books, &computed.month_figures(args.month))
    };
    let stdout = report.render(&ctx.style, args.contracts);
    Ok(Output { stdout, stderr })
}

/// The month's rule violations, for stderr; an `Err` when they stop the command
/// (`violations = "error"`).
pub(super) fn rule_check(computed: &Computed, month: Month) -> Result<String> {
    let violations = crate::check::month_rule_problems(computed, month);
    let mut stderr = String::new();
    for p in &violations {
        stderr.push_str(&p.to_string());
        stderr.push('\n');
    }
    let errors = violations.iter().filter(|p| p.is_error()).count();
    if errors == 0 {
        return Ok(stderr);
    }
    let s = if errors == 1 { "" } else { "s" };
    stderr.push_str(&format!(
        "coopbooks: {month} has {errors} rule violation{s}; fix the contracts or set \
         violations = \"warn\" under [rules]\n"
    ));
    Err(BooksHaveProblems {
        stdout: String::new(),
        stderr,
    }
    .into())
}
