//! One file per command: load the books, call the engine, hand the result to a renderer.

mod capital;
mod check;
mod close;
mod funds;
mod guarantee;
mod init;
mod member;
mod patronage;
mod pay;
mod payslips;

use crate::books::{self, Loaded};
use crate::cli::{Cli, ColorChoice, Command, Format};
use crate::problem::Problem;
use anyhow::Result;
use std::path::PathBuf;

/// What a command produced: text for stdout and stderr, and whether the books had problems.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The books have problems: exit 1.
    pub problems: bool,
}

/// What every command may need from the global options.
pub struct Ctx {
    pub books: Option<PathBuf>,
    /// Read the books at this git revision.
    pub rev: Option<String>,
    pub cwd: PathBuf,
    pub format: Format,
    /// Colour on stdout.
    pub color: bool,
}

impl Ctx {
    pub fn new(cli: &Cli, cwd: PathBuf, stdout_is_terminal: bool, no_color: bool) -> Ctx {
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        };
        Ctx {
            books: cli.books.clone(),
            rev: cli.rev.clone(),
            cwd,
            format: cli.format,
            color,
        }
    }

    /// Finds and reads the books: from the working tree, or from `--rev`.
    pub fn load(&self) -> Result<Loaded> {
        books::load(self.source()?.as_ref())
    }

    /// Where the books are read from.
    fn source(&self) -> Result<Box<dyn books::Source>> {
        let dir = match (&self.rev, &self.books) {
            // At a revision the books need not exist in the working tree any more.
            (Some(_), Some(dir)) => dir.clone(),
            _ => books::find_books_dir(self.books.as_deref(), &self.cwd)?,
        };
        Ok(match &self.rev {
            Some(rev) => Box::new(books::GitRev::open(&dir, rev)?),
            None => Box::new(books::Dir::new(dir)),
        })
    }
}

/// A command's refusal to compute from books with errors, carried up to `run` as an error so
/// that each command can stop with `?`.
#[derive(Debug)]
struct Refused(Output);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.stderr.trim_end())
    }
}

impl std::error::Error for Refused {}

/// Runs a parsed command line. `Err` is a usage error or unreadable books (exit 2).
pub fn run(cli: &Cli, ctx: &Ctx) -> Result<Output> {
    dispatch(cli, ctx).or_else(|e| e.downcast::<Refused>().map(|Refused(out)| out))
}

fn dispatch(cli: &Cli, ctx: &Ctx) -> Result<Output> {
    match &cli.command {
        Command::Init { dir } => init::run(ctx, dir),
        Command::Check => check::run(ctx),
        Command::Pay { month, contracts } => pay::run(ctx, month, *contracts),
        Command::Funds { period } => funds::run(ctx, period.as_deref()),
        Command::Guarantee { at } => guarantee::run(ctx, at.as_deref()),
        Command::Patronage { year } => patronage::run(ctx, year),
        Command::Capital { at } => capital::run(ctx, at.as_deref()),
        Command::Close { period, date } => close::run(ctx, period, date.as_deref()),
        Command::Payslips {
            month,
            out,
            slip_format,
            member,
            force,
        } => payslips::run(ctx, month, out, *slip_format, member.as_deref(), *force),
        Command::Member { id, period } => member::run(ctx, id, period.as_deref()),
    }
}

/// The refusal of a command whose books have errors: each on stderr, exit 1.
fn refuse(problems: &[Problem], why: &str) -> Output {
    let mut stderr = String::new();
    for p in problems {
        stderr.push_str(&p.to_string());
        stderr.push('\n');
    }
    stderr.push_str(&format!("coopbooks: {why}\n"));
    Output {
        stdout: String::new(),
        stderr,
        problems: true,
    }
}

impl Ctx {
    /// Finds and reads the books for a command that computes from them; books with errors
    /// (which `check` lists) stop the command with a refusal.
    fn load_sound(&self) -> Result<Loaded> {
        let loaded = self.load()?;
        let errors: Vec<Problem> = crate::check::books(&loaded)
            .into_iter()
            .filter(|p| p.is_error())
            .collect();
        if errors.is_empty() {
            return Ok(loaded);
        }
        let n = errors.len();
        let s = if n == 1 { "" } else { "s" };
        Err(Refused(refuse(
            &errors,
            &format!("the books have {n} problem{s}; nothing was computed"),
        ))
        .into())
    }
}

/// A `--period` argument.
fn period_arg(text: Option<&str>) -> Result<Option<crate::period::Period>> {
    text.map(crate::period::Period::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!(e))
}

/// The date asked for, else the latest dated row of the books, else today.
fn date_or_latest(books: &crate::books::Books, at: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    at.or_else(|| books.latest_date()).unwrap_or_else(today)
}

/// The year of the latest dated row, for default periods; the current year without any.
fn latest_year(books: &crate::books::Books) -> i32 {
    use chrono::Datelike;
    books.latest_date().unwrap_or_else(today).year()
}

/// Today (UTC), from the system clock.
fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(days)))
        .unwrap_or(chrono::NaiveDate::MIN)
}

/// A `--at`/`--date` argument.
fn date_arg(flag: &str, text: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    text.map(|t| crate::period::parse_date(t).map_err(|e| anyhow::anyhow!("{flag} \"{t}\": {e}")))
        .transpose()
}
