//! `import camt053 FILE… [--dry-run]`: the bank's statements into the books — client payments
//! into `payments/<YYYY>.csv`; payouts, returned payouts, refunds and what the bank rules match
//! into `ledger/<YYYY>.csv`; the statements' balances into `bank/statements.csv`. What cannot
//! be matched is listed for the treasurer.

use super::{BooksHaveProblems, Ctx, Output};
use crate::bank::camt053::{self, Statement};
use crate::books::LedgerKind;
use crate::books::append::{self, NewLedgerRow, NewPayment};
use crate::engine::import::{self, Outcome};
use crate::problem::Problem;
use crate::report::import::{Report, file_of, ledger_file_of};
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
    report.balances = new_balances(books, &statements).len();
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

/// The imported rows, into the payments and ledger files of each one's year, and the
/// statements' balances into bank/statements.csv: all files at once.
fn write(
    books: &crate::books::Books,
    statements: &[Statement],
    decisions: &[import::Decision],
) -> Result<()> {
    let mut payments: Vec<(String, Vec<NewPayment>)> = Vec::new();
    let mut ledger: Vec<(String, Vec<NewLedgerRow>)> = Vec::new();
    fn into<T>(files: &mut Vec<(String, Vec<T>)>, file: String, row: T) {
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, rows)) => rows.push(row),
            None => files.push((file, vec![row])),
        }
    }
    for d in decisions {
        let st = &statements[d.statement];
        let reference = st.text(st.transactions[d.index].reference);
        let payment = |contract, date, amount| NewPayment {
            contract: books.contract_id(books.contract(contract)),
            date,
            amount,
            memo: reference,
            booked: d.booked,
        };
        match &d.outcome {
            Outcome::Imported {
                contract,
                date,
                amount,
            } => into(
                &mut payments,
                file_of(*date),
                payment(*contract, *date, *amount),
            ),
            Outcome::Split { date, parts } => {
                for &(contract, amount) in parts {
                    into(
                        &mut payments,
                        file_of(*date),
                        payment(contract, *date, amount),
                    );
                }
            }
            Outcome::Row { date, row } => {
                let rule = row.rule.map(|r| &books.rules[r]);
                let memo = match rule.map(|r| r.memo.as_str()) {
                    Some(m) if !m.is_empty() => format!("{reference} {m}"),
                    _ => reference.to_string(),
                };
                let to = match row.kind {
                    LedgerKind::Remit(a) => a.word(),
                    _ => "",
                };
                let new = NewLedgerRow {
                    date: *date,
                    kind: row.kind.word(),
                    amount: row.amount,
                    fund: row.fund.map_or("", |f| books.coop.fund(f).name.as_str()),
                    to,
                    member: row.member.map_or("", |m| books.member_id(m)),
                    contract: row
                        .contract
                        .map_or("", |c| books.contract_id(books.contract(c))),
                    memo,
                    booked: d.booked,
                };
                into(&mut ledger, ledger_file_of(*date), new);
            }
            _ => {}
        }
    }
    let balances = new_balances(books, statements);
    if payments.is_empty() && ledger.is_empty() && balances.is_empty() {
        return Ok(());
    }
    let refuse = |why: String| BooksHaveProblems::refuse(&[], &format!("nothing imported: {why}"));
    let existing = |rel: &str| {
        (books.files.iter())
            .find(|f| f.rel == *rel)
            .map(|f| &f.bytes[..])
    };
    let mut batch = crate::write::Batch::new(&books.root)?;
    for (rel, rows) in &payments {
        let bytes = append::payments(rel, existing(rel), rows).map_err(refuse)?;
        batch.add(&books.root.join(rel), &bytes)?;
    }
    for (rel, rows) in &ledger {
        let bytes = append::ledger(rel, existing(rel), rows).map_err(refuse)?;
        batch.add(&books.root.join(rel), &bytes)?;
    }
    if !balances.is_empty() {
        let rel = crate::books::STATEMENTS;
        let header = b"account,statement,from,to,opening,closing\n";
        let bytes = append::add(rel, existing(rel).unwrap_or(header), &balances).map_err(refuse)?;
        batch.add(&books.root.join(rel), &bytes)?;
    }
    batch.commit()
}

/// The balances of the statements that bank/statements.csv does not hold yet (by account and
/// statement id), as its rows: each statement with an id, an account, an opening and a
/// closing booked balance.
fn new_balances<'b>(
    books: &crate::books::Books,
    statements: &'b [Statement],
) -> Vec<Vec<(&'b str, String)>> {
    let mut seen: Vec<(String, String)> = (books.statements.iter())
        .map(|s| (s.account.clone(), s.statement.clone()))
        .collect();
    let mut out = Vec::new();
    for b in statements.iter().flat_map(|s| &s.balances) {
        let (Some(account), Some((from, opening)), Some((to, closing))) =
            (&b.account, &b.opening, &b.closing)
        else {
            continue;
        };
        let key = (account.clone(), b.id.clone());
        if b.id.is_empty() || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(vec![
            ("account", account.clone()),
            ("statement", b.id.clone()),
            ("from", from.to_string()),
            ("to", to.to_string()),
            ("opening", opening.clone()),
            ("closing", closing.clone()),
        ]);
    }
    out
}
