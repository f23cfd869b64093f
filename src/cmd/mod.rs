//! One file per command: its typed arguments, then load, compute once, render.

pub mod add;
pub mod bank;
pub mod capital;
pub mod check;
pub mod close;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod funds;
pub mod guarantee;
pub mod import;
pub mod init;
pub mod invoices;
pub mod member;
pub mod patronage;
pub mod pay;
pub mod payouts;
pub mod payslips;
pub mod report;
pub mod vat;

use crate::books::History;
use crate::books::{self, Books};
use crate::engine::computed::Computed;
use crate::period::{Month, Period};
use crate::problem::Problem;
use crate::report::Format;
use anyhow::Result;
use chrono::NaiveDate;
use std::path::PathBuf;

/// What a command produced: text for stdout and for stderr (warnings).
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
}

/// The books have problems (exit 1): what the command prints on the way out. The one way a
/// command says so; any other error is a usage error or books that cannot be read (exit 2).
#[derive(Debug, Default)]
pub struct BooksHaveProblems {
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for BooksHaveProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.stderr.trim_end())
    }
}

impl std::error::Error for BooksHaveProblems {}

impl BooksHaveProblems {
    /// Each problem on stderr, then `coopbooks: {why}`.
    pub fn refuse(problems: &[Problem], why: &str) -> anyhow::Error {
        let mut stderr = lines(problems);
        stderr.push_str(&format!("coopbooks: {why}\n"));
        BooksHaveProblems {
            stdout: String::new(),
            stderr,
        }
        .into()
    }
}

/// Problems as stderr says them, a line each.
pub fn lines(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{p}\n")).collect()
}

/// "1 problem", "3 problems": how a refusal counts what stopped it.
pub fn problems(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{n} problem{s}")
}

/// What every command may need from the global options.
pub struct Ctx {
    pub books: Option<PathBuf>,
    /// Read the books at this git revision.
    pub rev: Option<String>,
    pub cwd: PathBuf,
    pub format: Format,
    /// The format and the layout of tables, as reports take them.
    pub style: crate::report::Style,
    /// Colour on stdout.
    pub color: bool,
    /// Progress on stderr (`progress::shown`).
    pub progress: bool,
    /// How long to wait for another coopbooks that holds the books.
    pub wait: std::time::Duration,
    /// `--all-years`: reports read every year's rows, not only those after the closed year
    /// they open from.
    pub all_years: bool,
    /// The lock on the books directory, once taken: shared to read, exclusive to write.
    held: std::sync::OnceLock<crate::lock::Held>,
}

/// What the process runs in, as far as output goes.
pub struct Terminal {
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// Run by a CI service (`CI` set).
    pub ci: bool,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
    /// The width to fit tables to: `COLUMNS` when set, else the terminal's when stdout is one.
    pub width: Option<usize>,
}

impl Terminal {
    /// The terminal of this process: stdout, the environment, the window's size.
    pub fn of_process() -> Terminal {
        use std::io::IsTerminal;
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok());
        let window = || terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
        Terminal {
            stdout_is_terminal,
            stderr_is_terminal: std::io::stderr().is_terminal(),
            ci: std::env::var_os("CI").is_some_and(|v| !v.is_empty()),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            width: columns.or_else(|| stdout_is_terminal.then(window).flatten()),
        }
    }
}

/// The global options, as the command line gives them.
pub struct Globals {
    pub books: Option<PathBuf>,
    pub rev: Option<String>,
    pub format: Format,
    pub wide: bool,
    pub quiet: bool,
    /// `--all-years`: reports read every year's rows.
    pub all_years: bool,
    /// Colour on stdout: `Some` when asked for or against, `None` to decide by the terminal.
    pub color: Option<bool>,
    pub wait: std::time::Duration,
}

impl Ctx {
    pub fn new(globals: Globals, cwd: PathBuf, terminal: &Terminal) -> Ctx {
        let color = (globals.color).unwrap_or(terminal.stdout_is_terminal && !terminal.no_color);
        let layout = crate::report::table::Layout {
            wide: globals.wide,
            width: terminal.width,
            color,
        };
        Ctx {
            books: globals.books,
            rev: globals.rev,
            cwd,
            format: globals.format,
            style: crate::report::Style {
                format: globals.format,
                layout,
            },
            color,
            progress: crate::progress::shown(
                terminal.stderr_is_terminal,
                globals.quiet,
                terminal.ci,
            ),
            wait: globals.wait,
            all_years: globals.all_years,
            held: std::sync::OnceLock::new(),
        }
    }

    /// Progress for a long command (`close 2026-12`), shown where `progress` says.
    pub fn progress(&self, what: &str) -> crate::progress::Progress {
        crate::progress::Progress::start(self.progress, what)
    }

    /// The books directory of the working tree (`--books`, `$COOPBOOKS_DIR`, or found upward).
    pub fn books_dir(&self) -> Result<PathBuf> {
        books::find_books_dir(self.books.as_deref(), &self.cwd)
    }

    /// Takes the lock on a books directory for the rest of the run, unless one is held.
    fn hold(&self, dir: &std::path::Path, mode: crate::lock::Mode) -> Result<()> {
        if self.held.get().is_none() {
            let held = crate::lock::lock(dir, mode, self.wait)?;
            let _ = self.held.set(held);
        }
        Ok(())
    }

    /// Locks the books for a command that only reads them (as `compute` does).
    pub fn lock_for_reading(&self, dir: &std::path::Path) -> Result<()> {
        self.hold(dir, crate::lock::Mode::Shared)
    }

    /// Locks the books for a command that writes them: no other coopbooks reads or writes
    /// them until this one exits. Everything that decides what to write is read after this.
    pub fn lock_for_writing(&self, dir: &std::path::Path) -> Result<()> {
        self.hold(dir, crate::lock::Mode::Exclusive)
    }

    /// Where the books are read from: the working tree, or `--rev`.
    pub fn source(&self) -> Result<Box<dyn books::Source>> {
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

    /// Reads the books and computes them, once: the view and the problems found reading.
    ///
    /// The view lives as long as the process: a command runs once and exits, and handing the
    /// hundreds of megabytes of large books back to the system page by page would only add
    /// time to every run.
    pub fn compute(&self) -> Result<(&'static Computed, Vec<Problem>)> {
        self.compute_with(History::All)
    }

    /// As `compute`, reading as much of the books' history as `history` says.
    pub fn compute_with(&self, history: History) -> Result<(&'static Computed, Vec<Problem>)> {
        if self.rev.is_none() {
            // Never a half-rewritten set of books: readers wait for a writer.
            self.hold(&self.books_dir()?, crate::lock::Mode::Shared)?;
        }
        let loaded = books::load_with(self.source()?.as_ref(), history)?;
        let computed = Box::leak(Box::new(Computed::new(loaded.books)));
        Ok((computed, loaded.problems))
    }

    /// The computed books for a command that reports on them; books with errors (which
    /// `check` lists) stop it.
    pub fn compute_sound(&self) -> Result<&'static Computed> {
        Ok(self.compute_for(None)?.0)
    }

    /// The computed books for a report on `period`, and what stderr says before the report.
    ///
    /// Books with errors stop a report — unless it is on a period whose figures are
    /// closed ones that the errors cannot change: every error is in a file of rows
    /// (`contracts/`, `payments/`, `ledger/`), every month of the period is closed, and the
    /// books without those files still give every close file's figures and digests. A
    /// correction of those files can then change nothing of the period (or `check` would
    /// fail on it), so the report runs, from the books without them, with the problems on
    /// stderr.
    pub fn compute_for(&self, period: Option<&Period>) -> Result<(&'static Computed, String)> {
        self.compute_reading(period, History::All)
    }

    /// As `compute_for`, for a report about the books after `from` (without it, about their
    /// latest year) that reads only the rows after the latest closed year before it whose
    /// close carries them (`books::History`), unless `--all-years`: the figures are the same.
    pub fn compute_after(
        &self,
        from: Option<NaiveDate>,
        period: Option<&Period>,
    ) -> Result<(&'static Computed, String)> {
        let history = match self.all_years {
            true => History::All,
            false => History::After(from),
        };
        self.compute_reading(period, history)
    }

    fn compute_reading(
        &self,
        period: Option<&Period>,
        history: History,
    ) -> Result<(&'static Computed, String)> {
        let (computed, reading) = self.compute_with(history)?;
        let errors = errors(computed, &reading);
        if errors.is_empty() {
            return Ok((computed, String::new()));
        }
        let Some(period) = period else {
            return Err(nothing_computed(&errors));
        };
        // A close after the period failing is no matter for it (and is what a broken file of
        // a later closed month does).
        let before = |p: &Problem| !closes_after(&p.file, period.to);
        let mut broken: Vec<&str> = (errors.iter().filter(|p| before(p)))
            .map(|p| p.file.as_str())
            .collect();
        broken.sort_unstable();
        broken.dedup();
        let rows = |f: &&str| {
            let folder = ["contracts/", "payments/", "ledger/"];
            folder.iter().any(|d| f.starts_with(d)) && f.ends_with(".csv")
        };
        if !broken.iter().all(rows) || !closed_throughout(&computed.books, period) {
            return Err(nothing_computed(&errors));
        }
        let source = self.source()?;
        let without = books::Overlay::without(source.as_ref(), &broken);
        let loaded = books::load(&without)?;
        let closed = Box::leak(Box::new(Computed::new(loaded.books)));
        let closes = crate::check::closes(closed);
        if closes.iter().any(|p| p.is_error() && before(p)) {
            return Err(nothing_computed(&errors));
        }
        let mut stderr = lines(&errors);
        let that = if broken.len() == 1 {
            "that file"
        } else {
            "those files"
        };
        stderr.push_str(&format!(
            "coopbooks: the books have {}, but {} is closed and its figures hold without {} \
             (no correction of {that} may change them): shown from the books as closed\n",
            problems(errors.len()),
            period.label,
            broken.join(", "),
        ));
        Ok((closed, stderr))
    }
}

/// The errors of the books that stop a report: what `check` finds, without the co-op's rules
/// or the bank's balances.
fn errors(computed: &Computed, reading: &[Problem]) -> Vec<Problem> {
    (crate::check::books(computed, reading).into_iter())
        .filter(Problem::is_error)
        .collect()
}

/// A report refused for the books' errors, each on its line.
fn nothing_computed(errors: &[Problem]) -> anyhow::Error {
    let why = format!(
        "the books have {}; nothing was computed",
        problems(errors.len())
    );
    BooksHaveProblems::refuse(errors, &why)
}

/// Whether `file` is the close file of a period that starts after `day`.
fn closes_after(file: &str, day: NaiveDate) -> bool {
    use crate::period::Closable;
    let stem = file
        .strip_prefix("closes/")
        .and_then(|f| f.strip_suffix(".toml"));
    match stem.map(Closable::parse) {
        Some(Ok(Closable::Month(m))) => m.first_day() > day,
        Some(Ok(Closable::Year(y))) => y > chrono::Datelike::year(&day),
        _ => false,
    }
}

/// Whether every month of `period` is closed, by its own close or its year's.
fn closed_throughout(books: &books::Books, period: &Period) -> bool {
    use crate::period::Closable;
    (period.months().into_iter())
        .all(|m| books.is_closed(Closable::Month(m)) || books.is_closed(Closable::Year(m.year)))
}

/// The month's rule violations, for stderr; an `Err` when they stop the command
/// (`violations = "error"`).
pub fn rule_check(computed: &Computed, month: Month) -> Result<String> {
    let violations = crate::check::month_rule_problems(computed, month);
    let mut stderr = lines(&violations);
    let errors = violations.iter().filter(|p| p.is_error()).count();
    if errors == 0 {
        return Ok(stderr);
    }
    let s = if errors == 1 { "" } else { "s" };
    stderr.push_str(&format!(
        "coopbooks: {month} has {errors} rule violation{s}; fix the contracts or set \
         violations = \"warn\" under [rules]\n"
    ));
    Err(BooksHaveProblems {
        stdout: String::new(),
        stderr,
    }
    .into())
}

/// Whether a file a command writes may be written: nothing there yet, or, with `--force`, a
/// regular file or a symbolic link (replaced, never written through). Anything else at the
/// name — a device such as `/dev/full`, a directory, a FIFO, a socket — is never replaced,
/// `--force` or not. The refusal is exit 2, nothing written.
pub fn may_write(paths: &[&std::path::Path], force: bool) -> Result<()> {
    let mut existing = Vec::new();
    for path in paths {
        let Ok(meta) = path.symlink_metadata() else {
            continue;
        };
        let kind = meta.file_type();
        if !kind.is_file() && !kind.is_symlink() {
            let what = if kind.is_dir() {
                "a directory"
            } else {
                "not a regular file (a device, a FIFO or a socket)"
            };
            anyhow::bail!(
                "not writing {}: it is {what}; coopbooks writes only regular files",
                path.display()
            );
        }
        existing.push(path.display().to_string());
    }
    if !force && !existing.is_empty() {
        anyhow::bail!(
            "not overwriting {}; use --force to replace",
            existing.join(", ")
        );
    }
    Ok(())
}

/// The member a command line names (`member ID`, `payslips --member ID`); an unknown id is a
/// usage error that suggests the nearest member id, as clap does for a command.
pub fn member_arg(books: &crate::books::Books, id: &str) -> Result<crate::books::MemberId> {
    books.member_by_id(id).ok_or_else(|| {
        let ids = books.members.iter().map(|m| m.id.as_str());
        let hint = (crate::text::nearest(id, ids))
            .map(|near| format!("; did you mean \"{near}\"?"))
            .unwrap_or_default();
        anyhow::anyhow!("no member \"{id}\" (no members/{id}.toml){hint}")
    })
}

/// A month argument (clap's value parser).
pub fn month_arg(text: &str) -> Result<Month, String> {
    Month::parse(text).map_err(|_| "expected YYYY-MM, e.g. 2026-03".into())
}

/// A period argument (clap's value parser).
pub fn period_arg(text: &str) -> Result<Period, String> {
    Period::parse(text).map_err(|_| {
        "expected a month (2026-03), a quarter (2026-Q1), a year (2026) or a range \
         (2026-01-15..2026-02-14)"
            .into()
    })
}

/// A date argument (clap's value parser).
pub fn date_arg(text: &str) -> Result<NaiveDate, String> {
    crate::period::parse_date(text)
}

/// A number of seconds, up to a day, with at most 3 decimals (clap's value parser).
pub fn seconds_arg(text: &str) -> Result<std::time::Duration, String> {
    let err = || "expected a number of seconds from 0 to 86400, e.g. 5 or 0.5".to_string();
    let d: rust_decimal::Decimal = text.trim().parse().map_err(|_| err())?;
    let millis = d * rust_decimal::Decimal::ONE_THOUSAND;
    if d.is_sign_negative() || d > rust_decimal::Decimal::from(86_400) || !millis.fract().is_zero()
    {
        return Err(err());
    }
    let millis = u64::try_from(millis.trunc()).map_err(|_| err())?;
    Ok(std::time::Duration::from_millis(millis))
}

/// A year argument (clap's value parser).
pub fn year_arg(text: &str) -> Result<i32, String> {
    match text.parse() {
        Ok(y) if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(y),
        _ => Err("expected YYYY, e.g. 2026".into()),
    }
}

/// `--at DATE`, shared by the commands that report at a date.
#[derive(clap::Args, Debug)]
pub struct At {
    /// The date, YYYY-MM-DD [default: the latest dated row]
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub at: Option<NaiveDate>,
}

impl At {
    /// The date asked for, else the latest dated row of the books, else today.
    fn or_latest(&self, books: &Books) -> NaiveDate {
        date_or_latest(books, self.at)
    }
}

/// `--period P`, shared by the commands that report over a period of a year by default.
#[derive(clap::Args, Debug)]
pub struct Over {
    /// 2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest dated row]
    #[arg(long, value_name = "P", value_parser = period_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Option<Period>,
}

impl Over {
    /// The period asked for, else the year of the latest dated row.
    fn or_latest_year(&self, books: &Books) -> Period {
        (self.period.clone()).unwrap_or_else(|| Period::year(latest_year(books)))
    }
}

/// The date asked for, else the latest dated row of the books, else today.
fn date_or_latest(books: &Books, at: Option<NaiveDate>) -> NaiveDate {
    at.or_else(|| books.latest_date()).unwrap_or_else(today)
}

/// The year of the latest dated row, for default periods; the current year without any.
fn latest_year(books: &Books) -> i32 {
    use chrono::Datelike;
    books.latest_date().unwrap_or_else(today).year()
}

/// Today (UTC), from the system clock.
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(days)))
        .unwrap_or(NaiveDate::MIN)
}
