//! `check`: validate everything and list the problems.

use super::{BooksHaveProblems, Ctx, Output};
use crate::report;
use anyhow::Result;

pub fn run(ctx: &Ctx) -> Result<Output> {
    let (computed, reading) = ctx.compute()?;
    let problems = crate::check::all(computed, &reading);
    let stdout = report::check::render(&computed.books, &problems, ctx.format, ctx.color);
    if problems.iter().any(|p| p.is_error()) {
        return Err(BooksHaveProblems {
            stdout,
            stderr: String::new(),
        }
        .into());
    }
    Ok(Output {
        stdout,
        stderr: String::new(),
    })
}
