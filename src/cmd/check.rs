//! `check`: validate everything and list the problems.

use super::{Ctx, Output};
use crate::report;
use anyhow::Result;

pub fn run(ctx: &Ctx) -> Result<Output> {
    let loaded = ctx.load()?;
    let problems = crate::check::all(&loaded);
    let stdout = report::check::render(&loaded.books, &problems, ctx.format, ctx.color);
    Ok(Output {
        stdout,
        stderr: String::new(),
        problems: problems.iter().any(|p| p.is_error()),
    })
}
