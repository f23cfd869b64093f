//! `diff REV [REV2]`: what changed in the files and in every figure between two git revisions
//! of the books, or one and the working tree.

use super::{BooksHaveProblems, Ctx, Output};
use crate::books::{self, Source};
use crate::engine::computed::Computed;
use crate::problem::Problem;
use crate::report;
use anyhow::{Result, bail};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The older revision: a commit, branch or tag (HEAD, origin/main, a1b2c3d)
    #[arg(value_name = "REV")]
    pub from: String,
    /// The newer revision [default: the working tree]
    #[arg(value_name = "REV2")]
    pub to: Option<String>,
    /// Exit 1 when any computed figure changed, as `git diff --exit-code` does
    #[arg(long)]
    pub exit_code: bool,
    /// List each member's patronage figure that changed (the table shows a line a year;
    /// CSV and JSON always list them)
    #[arg(long)]
    pub patronage: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    if ctx.rev.is_some() {
        bail!("diff takes its revisions as arguments (diff REV [REV2]), not --rev");
    }
    let dir = match &ctx.books {
        Some(dir) => dir.clone(),
        None => books::find_books_dir(None, &ctx.cwd)?,
    };
    let progress = ctx.progress("diff");
    progress.step("reading the books at the first revision");
    let old = computed(&books::GitRev::open(&dir, &args.from)?, Some(&args.from))?;
    progress.step("reading the books they are compared with");
    let new = match &args.to {
        Some(rev) => computed(&books::GitRev::open(&dir, rev)?, Some(rev))?,
        None => {
            // The working tree is read as every reader reads it: under a shared lock, never
            // half-rewritten by a writer.
            let root = books::find_books_dir(Some(&dir), &ctx.cwd)?;
            ctx.lock_for_reading(&root)?;
            computed(&books::Dir::new(root), None)?
        }
    };
    let to = args.to.as_deref().unwrap_or(report::diff::WORKING_TREE);
    progress.step("comparing");
    let diff = crate::engine::diff::of(old, new);
    let mut report = report::diff::Report::of(&args.from, to, &diff);
    report.patronage_detail = args.patronage;
    let stdout = report.render(ctx.format);
    let place = match &args.to {
        Some(rev) => format!("at {rev}"),
        None => "in the working tree".to_string(),
    };
    let stderr = match report.closed.len() {
        0 => String::new(),
        n => format!(
            "coopbooks: {n} figure{} of closed periods would change {place}; `coopbooks check` fails there\n",
            if n == 1 { "" } else { "s" }
        ),
    };
    if args.exit_code && report.figures_changed() {
        return Err(BooksHaveProblems { stdout, stderr }.into());
    }
    Ok(Output { stdout, stderr })
}

/// The books of one side, read and computed; books that do not load are their problems, each
/// named with its revision (`HEAD~1:contracts/2026-03.csv:4: ...`), and exit 1.
fn computed(source: &dyn Source, rev: Option<&str>) -> Result<&'static Computed> {
    let loaded = books::load(source)?;
    let errors: Vec<Problem> = (loaded.problems.into_iter())
        .filter(Problem::is_error)
        .collect();
    if !errors.is_empty() {
        let named: Vec<Problem> = (errors.into_iter())
            .map(|p| match rev {
                Some(rev) => p.at_revision(rev),
                None => p,
            })
            .collect();
        let n = named.len();
        let at = rev.map_or("in the working tree".to_string(), |r| format!("at {r}"));
        let why = format!(
            "the books {at} have {}; nothing was compared",
            super::problems(n)
        );
        return Err(BooksHaveProblems::refuse(&named, &why));
    }
    Ok(Box::leak(Box::new(Computed::new(loaded.books))))
}
