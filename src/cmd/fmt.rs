//! `fmt [--check] [FILE…]`: rewrite the books' files in their canonical form.

use super::{BooksHaveProblems, Ctx, Output};
use crate::books;
use crate::problem::Problem;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write nothing: list the files that are not in canonical form, and exit 1 if there are
    /// any (for a pre-commit hook or CI)
    #[arg(long)]
    pub check: bool,
    /// Like --check, but show the changes as a unified diff (a/FILE, b/FILE) on stdout (a
    /// file of more than 5,000 lines is named, not shown)
    #[arg(long)]
    pub diff: bool,
    /// Only these files of the books (paths from the current directory); default: every
    /// CSV file, coop.toml and the member files
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    if ctx.rev.is_some() {
        bail!("fmt writes to the books; it cannot format them at a revision (--rev)");
    }
    let root = ctx.books_dir()?;
    match args.check || args.diff {
        true => ctx.lock_for_reading(&root)?,
        false => ctx.lock_for_writing(&root)?,
    }
    let wanted = named_files(&root, &ctx.cwd, &args.files)?;
    let progress = ctx.progress("fmt");
    progress.step("reading the books");
    let loaded = books::load(&books::Dir::new(root.clone()))?;
    let errors: Vec<Problem> = (loaded.problems.into_iter())
        .filter(Problem::is_error)
        .collect();
    if !errors.is_empty() {
        let n = errors.len();
        let why = format!(
            "not formatted: the books have {}; nothing was written",
            super::problems(n)
        );
        return Err(BooksHaveProblems::refuse(&errors, &why));
    }
    let files: Vec<&books::BookFile> = (loaded.books.files.iter())
        .filter(|f| wanted.as_ref().is_none_or(|w| w.contains(&f.rel)))
        .collect();
    progress.step("working out the canonical form");
    let mut changed = changes(&files);
    changed.sort_by(|a, b| a.0.cmp(b.0));
    let list: String = match args.diff {
        true => (changed.iter())
            .map(|(rel, new)| {
                let old = (files.iter().find(|f| f.rel == *rel)).map_or(String::new(), |f| {
                    String::from_utf8_lossy(&f.bytes).into_owned()
                });
                unified(rel, &old, &String::from_utf8_lossy(new))
            })
            .collect(),
        false => changed.iter().map(|(rel, _)| format!("{rel}\n")).collect(),
    };
    if args.check || args.diff {
        if changed.is_empty() {
            return Ok(Output::default());
        }
        let n = changed.len();
        let (s, are) = if n == 1 { ("", "is") } else { ("s", "are") };
        return Err(BooksHaveProblems {
            stdout: list,
            stderr: format!(
                "coopbooks: {n} file{s} {are} not in canonical form; `coopbooks fmt` rewrites them\n"
            ),
        }
        .into());
    }
    progress.step("writing");
    let mut batch = crate::write::Batch::new(&root)?;
    for (rel, bytes) in &changed {
        batch.add(&root.join(rel), bytes)?;
    }
    batch.commit()?;
    Ok(Output {
        stdout: list,
        ..Output::default()
    })
}

/// The files whose canonical form differs from what they hold, with that form: worked out on
/// both cores, each taking the next file when it is free.
fn changes<'a>(files: &[&'a books::BookFile]) -> Vec<(&'a str, Vec<u8>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        while let Some(f) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            if let Some(canonical) = books::canonical_bytes(&f.rel, &f.bytes)
                && canonical != f.bytes[..]
            {
                out.push((f.rel.as_str(), canonical));
            }
        }
        out
    };
    let (mut mine, theirs) = crate::par::join(work, work);
    mine.extend(theirs);
    mine
}

/// Files longer than this are not shown as a diff: diffing rows that all moved takes time that
/// grows with the square of their number (20,000 rows: seconds).
const MAX_DIFF_LINES: usize = 5000;

/// What `fmt` would change in a file, as a unified diff; for a file too long to diff, a line
/// that says so.
fn unified(rel: &str, old: &str, new: &str) -> String {
    let lines = old.lines().count().max(new.lines().count());
    if lines > MAX_DIFF_LINES {
        return format!(
            "{rel}: {lines} lines, too many to show as a diff (`coopbooks fmt`, then `git diff`, shows them)\n"
        );
    }
    similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(old, new)
        .unified_diff()
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_string()
}

/// The files named on the command line, as paths in the books directory (`None`: all of
/// them). A path that is not a file of the books is a usage error.
fn named_files(root: &Path, cwd: &Path, files: &[PathBuf]) -> Result<Option<Vec<String>>> {
    if files.is_empty() {
        return Ok(None);
    }
    let root = root.canonicalize()?;
    let mut out = Vec::new();
    for f in files {
        let path = cwd.join(f);
        let rel = (path.canonicalize().ok())
            .and_then(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
            .and_then(|p| {
                let parts: Option<Vec<&str>> = p.iter().map(|s| s.to_str()).collect();
                parts.map(|parts| parts.join("/"))
            });
        match rel {
            Some(rel) if books::has_canonical_form(&rel) || is_close(&rel) => {
                out.push(rel);
            }
            _ => bail!(
                "{} is not a file of the books in {} (coop.toml, members/*.toml, contracts/, payments/ or ledger/*.csv)",
                f.display(),
                root.display()
            ),
        }
    }
    Ok(Some(out))
}

/// A close file: named on the command line, it is left as `close` wrote it.
fn is_close(rel: &str) -> bool {
    rel.starts_with("closes/") && rel.ends_with(".toml")
}
