//! `add member ID …` and `add contract …`: a member or a contract typed at the command line,
//! checked as `check` checks the books with it, then written (under the lock, atomically) and
//! printed.

use super::{BooksHaveProblems, Ctx, Output, date_arg};
use crate::books::{self, Books, Dir, Overlay, Source};
use crate::engine::computed::Computed;
use crate::problem::Problem;
use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// A member: writes members/ID.toml
    Member(MemberArgs),
    /// A contract: a row of contracts/ in its place, with the next id unless --id gives one
    Contract(ContractArgs),
}

#[derive(clap::Args, Debug)]
pub struct MemberArgs {
    /// The member's id, the file's name: lower-case letters, digits, '.', '_' and '-'
    pub id: String,
    /// The member's full name, as on payslips
    #[arg(long)]
    pub name: String,
    /// How the member is paid, if not as [payroll] model says
    #[arg(long, value_parser = ["salaried", "contractor"])]
    pub model: Option<String>,
    /// The day they became a member-shareholder (without it: a user, paid but not a member)
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub joined: Option<NaiveDate>,
    /// The account their pay goes to
    #[arg(long)]
    pub iban: Option<String>,
    /// Where their payslips are sent
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct ContractArgs {
    /// The member whose work it is
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCompleter::new(crate::complete::members))]
    pub member: String,
    /// The client invoiced (a clients/NAME.toml, where invoices are written)
    #[arg(long)]
    pub client: String,
    /// The contract's date: its pay month and its invoice's date
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub date: NaiveDate,
    /// Hours worked
    #[arg(long)]
    pub hours: String,
    /// The amount invoiced, without VAT (such as 600.00)
    #[arg(long)]
    pub amount: String,
    /// Expenses the member advanced, repaid with their pay
    #[arg(long)]
    pub expenses: Option<String>,
    /// The VAT rate's name in [vat.rates], if not the default
    #[arg(long, value_name = "RATE")]
    pub vat: Option<String>,
    /// What the work was, as on the invoice and the payslip
    #[arg(long)]
    pub description: Option<String>,
    /// The contract's id (its invoice number); by default the next of the year's
    #[arg(long)]
    pub id: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    if ctx.rev.is_some() {
        bail!("add writes to the books; it cannot add to them at a revision (--rev)");
    }
    let dir = ctx.books_dir()?;
    ctx.lock_for_writing(&dir)?;
    let base = Dir::new(dir.clone());
    let before = checked(&base)?;
    let new = match &args.what {
        What::Member(m) => member(&before.books, m)?,
        What::Contract(c) => contract(&before.books, &base, c)?,
    };
    let overlay = Overlay::new(&base, &new.rel, new.bytes.clone());
    let after = checked(&overlay)?;
    let line = new
        .line
        .unwrap_or_else(|| contract_line(&after.books, &new));
    let (errors, warnings) = new_problems(&before.problems, after.problems, &new.rel, line);
    if !errors.is_empty() {
        let all: Vec<Problem> = errors.iter().chain(&warnings).cloned().collect();
        return Err(BooksHaveProblems::refuse(
            &all,
            &format!(
                "nothing written: the books would have {} more",
                super::problems(errors.len())
            ),
        ));
    }
    crate::write::atomic(&dir.join(&new.rel), &new.bytes)?;
    Ok(Output {
        stdout: shown(&new, line),
        stderr: super::lines(&warnings),
    })
}

/// The books read and checked, as `check` would.
struct Checked {
    books: Books,
    problems: Vec<Problem>,
}

fn checked(source: &dyn Source) -> Result<Checked> {
    let loaded = books::load(source)?;
    let computed = Computed::new(loaded.books);
    let problems = crate::check::all(&computed, &loaded.problems, crate::check::Depth::Sealed);
    Ok(Checked {
        books: computed.books,
        problems,
    })
}

/// A file to write: its path in the books, its new bytes, and the line of what is added when
/// known before reading it back (a member's file: all of it, from line 1).
struct NewFile {
    rel: String,
    bytes: Vec<u8>,
    line: Option<u32>,
    /// The contract's id.
    id: String,
}

fn member(books: &Books, m: &MemberArgs) -> Result<NewFile> {
    let id = &m.id;
    if !books::is_valid_id(id) {
        bail!(
            "member id \"{id}\": expected lower-case letters, digits, '.', '_' and '-', a letter or digit first (it names members/{id}.toml)"
        );
    }
    if books.member_by_id(id).is_some() {
        bail!("member \"{id}\" exists (members/{id}.toml); edit that file to change it");
    }
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut text = format!("name = {}\n", quoted(&m.name));
    if let Some(email) = &m.email {
        text.push_str(&format!("email = {}\n", quoted(email)));
    }
    if let Some(iban) = &m.iban {
        text.push_str(&format!("iban = {}\n", quoted(iban)));
    }
    if let Some(joined) = m.joined {
        text.push_str(&format!("joined = \"{joined}\"\n"));
    }
    if let Some(model) = &m.model {
        text.push_str(&format!("model = \"{model}\"\n"));
    }
    Ok(NewFile {
        rel: format!("members/{id}.toml"),
        bytes: text.into_bytes(),
        line: Some(1),
        id: String::new(),
    })
}

fn contract(books: &Books, source: &dyn Source, c: &ContractArgs) -> Result<NewFile> {
    let id = match &c.id {
        Some(id) => id.clone(),
        None => next_id(books, c.date.year()),
    };
    let rel = contracts_file(source, c.date)?;
    let existing = match source.names("contracts")?.contains(&rel) {
        true => Some(source.read(&rel)?.to_vec()),
        false => None,
    };
    let mut cells = vec![
        ("id", id.clone()),
        ("member", c.member.clone()),
        ("client", c.client.clone()),
        ("date", c.date.to_string()),
        ("hours", c.hours.clone()),
        ("amount", c.amount.clone()),
    ];
    let optional = [
        ("expenses", &c.expenses),
        ("description", &c.description),
        ("vat", &c.vat),
    ];
    cells.extend((optional.into_iter()).filter_map(|(k, v)| Some((k, v.clone()?))));
    let header = "id,member,client,date,hours,amount,expenses,description\n";
    let bytes = books::append::add(
        &rel,
        existing.as_deref().unwrap_or(header.as_bytes()),
        &[cells],
    )
    .map_err(|why| anyhow::anyhow!("nothing written: {why}"))?;
    Ok(NewFile {
        rel,
        bytes,
        line: None,
        id,
    })
}

/// Where a contract of `date` goes: the month's file `contracts/YYYY-MM.csv` if there is one,
/// else the year's `contracts/YYYY.csv`; a new file is the year's if the books keep a file
/// per year (a `contracts/YYYY.csv` of any year), else the month's.
fn contracts_file(source: &dyn Source, date: NaiveDate) -> Result<String> {
    let names = source.list("contracts", ".csv")?;
    let month = format!("contracts/{}.csv", date.format("%Y-%m"));
    let year = format!("contracts/{}.csv", date.year());
    let yearly = |n: &String| {
        (n.strip_prefix("contracts/")
            .and_then(|n| n.strip_suffix(".csv")))
        .is_some_and(|stem| stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()))
    };
    Ok(if names.contains(&month) {
        month
    } else if names.contains(&year) || names.iter().any(yearly) {
        year
    } else {
        month
    })
}

/// The next contract id of `year`: after the highest number among the ids that name the year
/// (`C-2026-035` → `C-2026-036`, its digits as wide); in a year without one, the latest
/// year's scheme restarted at 1 (`C-2027-001`); in books whose ids name no year, after the
/// highest number (`K0000040` → `K0000041`); in books without contracts, `C-YEAR-001`.
fn next_id(books: &Books, year: i32) -> String {
    let y = year.to_string();
    // (the id's year, its number, the prefix before the number, the number's width)
    let numbered = (books.contracts.iter()).filter_map(|c| {
        let (number, prefix, width) = numbered(books.contract_id(c))?;
        let at = year_in(prefix)?;
        Some((&prefix[at..at + 4], number, prefix, width))
    });
    let this_year = numbered.clone().filter(|n| n.0 == y).max_by_key(|n| n.1);
    if let Some((_, n, prefix, width)) = this_year {
        return format!("{prefix}{:0width$}", n + 1);
    }
    match numbered.max_by_key(|n| (n.0, n.1)) {
        Some((_, _, prefix, width)) => {
            let at = year_in(prefix).unwrap_or(0);
            format!("{}{y}{}{:0width$}", &prefix[..at], &prefix[at + 4..], 1)
        }
        None => next_without_year(books).unwrap_or_else(|| format!("C-{y}-001")),
    }
}

/// In books whose ids name no year (`K0000040`), the number after the highest of all, its
/// digits as wide.
fn next_without_year(books: &Books) -> Option<String> {
    let all = (books.contracts.iter()).filter_map(|c| numbered(books.contract_id(c)));
    let (n, prefix, width) = all.max_by_key(|n| n.0)?;
    Some(format!("{prefix}{:0width$}", n + 1))
}

/// An id's number at its end, what comes before it, and how many digits it has:
/// `C-2026-035` → (35, `C-2026-`, 3).
fn numbered(id: &str) -> Option<(u64, &str, usize)> {
    let width = id.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (prefix, number) = id.split_at(id.len() - width);
    Some((number.parse::<u64>().ok()?, prefix, width))
}

/// Where a year (four digits from 19xx or 20xx, not inside a longer number) is in an id's
/// prefix, the last one if several.
fn year_in(prefix: &str) -> Option<usize> {
    let b = prefix.as_bytes();
    (0..b.len().saturating_sub(3)).rev().find(|&i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit)
            && matches!(&b[i..i + 2], b"19" | b"20")
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|d| !d.is_ascii_digit())
    })
}

/// The line the new contract landed on, read back from the books with it.
fn contract_line(books: &Books, new: &NewFile) -> u32 {
    (books.contracts.iter())
        .find(|c| books.contract_id(c) == new.id && books.file(c.src.file) == new.rel)
        .map_or(0, |c| c.src.line)
}

/// The problems the books have with the new row that they did not have before, as errors and
/// warnings. A problem before the change is matched with its line in the written file moved
/// down by one when the new row landed above it.
fn new_problems(
    before: &[Problem],
    after: Vec<Problem>,
    rel: &str,
    line: u32,
) -> (Vec<Problem>, Vec<Problem>) {
    let mut old: Vec<&Problem> = before.iter().collect();
    let is_new_file_line =
        |p: &Problem| p.file == rel && (rel.starts_with("members/") || p.line == line);
    let mut new = Vec::new();
    for p in after {
        let mut was = p.clone();
        if p.file == rel && p.line > line && !rel.starts_with("members/") {
            was.line -= 1;
        }
        match old.iter().position(|o| **o == was) {
            Some(i) if !is_new_file_line(&p) => {
                old.swap_remove(i);
            }
            _ => new.push(p),
        }
    }
    new.into_iter().partition(Problem::is_error)
}

/// What was written: the member's file whole, or the contract's row with its place.
fn shown(new: &NewFile, line: u32) -> String {
    let text = String::from_utf8_lossy(&new.bytes);
    if new.rel.starts_with("members/") {
        return format!("{}:\n{text}", new.rel);
    }
    let row = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("");
    format!("{}:{line}: {row}\n", new.rel)
}
