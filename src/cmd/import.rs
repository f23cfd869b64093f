//! `import camt053 FILE… [--dry-run]`: the bank's statements into the books — client payments
//! into `payments/<YYYY>.csv`; payouts, returned payouts, refunds and what the bank rules match
//! into `ledger/<YYYY>.csv`; the statements' balances into `bank/statements.csv`. What cannot
//! be matched is listed for the treasurer.

use super::{BooksHaveProblems, Ctx, Output};
use crate::bank::camt053::{self, Statement};
use crate::engine::import;
use crate::problem::Problem;
use crate::report::import::Report;
use anyhow::{Context, Result, bail};
use std::io::{ErrorKind, Write};
use std::path::PathBuf;

/// The statement formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// ISO 20022 camt.053 bank-to-customer statement, versions .001.02 to .001.08
    Camt053,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The statements' format
    #[arg(value_enum, value_name = "FORMAT")]
    pub kind: Kind,
    /// The statement files, as the bank gives them for download
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Write nothing: show the rows that would be added
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, args: &Args, stdout: &mut dyn Write) -> Result<Output> {
    if ctx.rev.is_some() {
        bail!("import writes to the books; it cannot import into them at a revision (--rev)");
    }
    let dir = ctx.books_dir()?;
    if args.dry_run {
        ctx.lock_for_reading(&dir)?;
    } else {
        ctx.lock_for_writing(&dir)?;
    }
    let progress = ctx.progress("import");
    progress.step("reading the statements and the books");
    // The statements on one core while the books are read and computed on the other.
    let (computed, statements) = crate::par::join(|| ctx.compute_sound(), || read_all(&args.files));
    let Read {
        statements,
        names,
        mut stderr,
    } = statements?;
    let computed = computed?;
    let books = &computed.books;
    progress.step("matching the credits");
    let decisions = import::of(computed, &statements);
    let mut report = Report::of(books, &statements, &names, &decisions, args.dry_run);
    report.balances = crate::report::import::new_balances(books, &statements).len();
    if !args.dry_run {
        progress.step("writing");
        write(books, &statements, &decisions)?;
    }
    drop(progress);
    match report.write(&ctx.style, stdout) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != ErrorKind::BrokenPipe => bail!("writing the report: {e}"),
        _ => {}
    }
    stderr.push_str(&other_accounts(books, &statements, &names));
    let unmatched = report.summary.unmatched;
    if unmatched > 0 {
        let s = if unmatched == 1 { "" } else { "s" };
        let others = if args.dry_run {
            "not written: a dry run"
        } else {
            "imported"
        };
        stderr.push_str(&format!(
            "coopbooks: {unmatched} transaction{s} left unmatched, to settle by hand (the \
             others were {others})\n"
        ));
        let stdout = String::new();
        return Err(BooksHaveProblems { stdout, stderr }.into());
    }
    let stdout = String::new();
    Ok(Output { stdout, stderr })
}

/// A warning for each statement of another account than the co-op's `[bank]` (a savings
/// account, say): its credits are imported all the same, since clients may pay into any.
fn other_accounts(
    books: &crate::books::Books,
    statements: &[Statement],
    names: &[String],
) -> String {
    let Some(bank) = &books.coop.bank else {
        return String::new();
    };
    let mut out = String::new();
    for (s, name) in statements.iter().zip(names) {
        if let Some(account) = s.account.as_ref().filter(|a| **a != bank.iban) {
            out.push_str(&format!(
                "coopbooks: warning: {} is a statement of account {}, not of the co-op's \
                 ({} in coop.toml [bank]); imported all the same\n",
                crate::text::escaped(name),
                crate::text::escaped(account),
                bank.iban
            ));
        }
    }
    out
}

/// The statements read, each once, with their files' names as given, and what is to be said
/// of files left out.
struct Read {
    statements: Vec<Statement>,
    names: Vec<String>,
    stderr: String,
}

/// Every statement, or the first that cannot be read: not found is exit 2, not a statement
/// (or not well-formed) exit 1 with `file:line: message`. A file that holds the same statement
/// as one before it (given twice, or downloaded twice) is read once, and said so.
fn read_all(files: &[PathBuf]) -> Result<Read> {
    let mut out = Read {
        statements: Vec::with_capacity(files.len()),
        names: Vec::with_capacity(files.len()),
        stderr: String::new(),
    };
    for path in files {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.display().to_string();
        match camt053::read(file) {
            Ok(s) => match out.statements.iter().position(|earlier| *earlier == s) {
                Some(k) => out.stderr.push_str(&format!(
                    "coopbooks: {} holds the same statement as {}; read once\n",
                    crate::text::escaped(&name),
                    crate::text::escaped(&out.names[k])
                )),
                None => {
                    out.statements.push(s);
                    out.names.push(name);
                }
            },
            Err(e) => {
                let problem = Problem::error(name, e.line, e.message);
                let why = "nothing imported: a file is not a camt.053 statement that can be read";
                return Err(BooksHaveProblems::refuse(&[problem], why));
            }
        }
    }
    Ok(out)
}

/// The imported rows and balances into their files, all at once.
fn write(
    books: &crate::books::Books,
    statements: &[Statement],
    decisions: &[import::Decision],
) -> Result<()> {
    let files = crate::report::import::files(books, statements, decisions)
        .map_err(|why| BooksHaveProblems::refuse(&[], &format!("nothing imported: {why}")))?;
    if files.is_empty() {
        return Ok(());
    }
    let mut batch = crate::write::Batch::new(&books.root)?;
    for (rel, bytes) in &files {
        batch.add(&books.root.join(rel), bytes)?;
    }
    batch.commit()
}
