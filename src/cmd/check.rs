//! `check`: validate everything and list the problems.

use super::{BooksHaveProblems, Ctx, Output};
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Recompute every closed period, also the closed years whose files and settings are
    /// as they were closed (which `check` otherwise takes from their digests)
    #[arg(long)]
    pub all: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let (computed, reading) = ctx.compute()?;
    let depth = match args.all {
        true => crate::check::Depth::All,
        false => crate::check::Depth::Sealed,
    };
    let problems = crate::check::all(computed, &reading, depth);
    let stdout = report::check::render(&computed.books, &problems, ctx.format, ctx.color);
    let stderr = sealed_note(&computed.seals(depth));
    if problems.iter().any(|p| p.is_error()) {
        return Err(BooksHaveProblems { stdout, stderr }.into());
    }
    Ok(Output { stdout, stderr })
}

/// What stderr says of the closed years taken from their seals rather than recomputed.
fn sealed_note(seals: &crate::engine::sealed::Seals) -> String {
    if seals.holding.is_empty() {
        return String::new();
    }
    let years: Vec<String> = seals.holding.iter().map(|y| y.to_string()).collect();
    format!(
        "Closed {} {}: as closed (files and settings unchanged), not recomputed; \
         `check --all` recomputes {}.\n",
        if years.len() == 1 { "year" } else { "years" },
        years.join(", "),
        if years.len() == 1 { "it" } else { "them" },
    )
}
