//! `check`: validate everything and list the problems.

use super::{BooksHaveProblems, Ctx, Output};
use crate::books::{self, CloseFile, MemberMonth};
use crate::engine::computed::Computed;
use crate::period::Closable;
use crate::report;
use anyhow::Result;
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Recompute every closed period, also the closed years whose files and settings are
    /// as they were closed (which `check` otherwise takes from their digests)
    #[arg(long)]
    pub all: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let depth = match args.all {
        true => crate::check::Depth::All,
        false => crate::check::Depth::Sealed,
    };
    let (computed, reading) = read(ctx, depth)?;
    let recall = Recall::new(ctx);
    let problems = crate::check::all_recalling(
        computed,
        &reading,
        depth,
        Some(&|file: &CloseFile| recall.members(file)),
    );
    let stdout = report::check::render(&computed.books, &problems, ctx.format, ctx.color);
    let stderr = sealed_note(computed.seals(depth));
    if problems.iter().any(|p| p.is_error()) {
        return Err(BooksHaveProblems { stdout, stderr }.into());
    }
    Ok(Output { stdout, stderr })
}

/// The books as `check` (and `close`, which checks them first) reads them: from the latest
/// closed year that carries nothing open, its files and those of the years before it only
/// hashed against their closes' digests — while every one of those years holds by its seals;
/// else (and with `--all` or `--all-years`) whole, so that a closed year that changed is
/// recomputed and its changes named.
pub(super) fn read(
    ctx: &Ctx,
    depth: crate::check::Depth,
) -> Result<(&'static Computed, Vec<crate::problem::Problem>)> {
    if depth == crate::check::Depth::All || ctx.all_years {
        return ctx.compute();
    }
    let (computed, reading) = ctx.compute_with(books::History::Sealed)?;
    let Some(cut) = computed.books.cut else {
        return Ok((computed, reading));
    };
    let seals = computed.seals(depth);
    let years = crate::engine::closed::year_closes(&computed.books).map(|(y, _, _)| y);
    if years
        .filter(|&y| y <= cut.year)
        .all(|y| seals.holding.contains(&y))
    {
        return Ok((computed, reading));
    }
    ctx.compute()
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

/// How many revisions `check` reads to recall what closes keep only as digests: each is the
/// whole books at that revision.
const REVISIONS_RECALLED: usize = 3;

/// What a close that keeps its members' tables as digests stood for: the books at the commit
/// that last wrote the close file, computed (a few revisions at most, each kept for the next
/// month that needs it).
struct Recall<'a> {
    ctx: &'a Ctx,
    /// The revisions read so far, each with its books computed.
    computed: RefCell<Vec<(String, Computed)>>,
}

impl<'a> Recall<'a> {
    fn new(ctx: &'a Ctx) -> Recall<'a> {
        Recall {
            ctx,
            computed: RefCell::new(Vec::new()),
        }
    }

    /// The month's members as the revision that wrote its close gave them; `None` outside
    /// git, for books read at a revision (`--rev`), or past `REVISIONS_RECALLED`.
    fn members(&self, file: &CloseFile) -> Option<BTreeMap<String, MemberMonth>> {
        let Closable::Month(month) = file.period else {
            return None;
        };
        if self.ctx.rev.is_some() {
            return None;
        }
        let dir = self.ctx.books_dir().ok()?;
        let rev = books::last_commit_of(&dir, &file.rel)?;
        let mut computed = self.computed.borrow_mut();
        let at = match computed.iter().position(|(r, _)| *r == rev) {
            Some(at) => at,
            None if computed.len() < REVISIONS_RECALLED => {
                let source = books::GitRev::open(&dir, &rev).ok()?;
                let loaded = books::load(&source).ok()?;
                computed.push((rev, Computed::new(loaded.books)));
                computed.len() - 1
            }
            None => return None,
        };
        Some(crate::engine::close::members_in_clear(
            &computed[at].1,
            month,
        ))
    }
}
