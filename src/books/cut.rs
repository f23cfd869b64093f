//! Reading the open years only: the closed year a command's books open from (their cut), and
//! the files that year's close and the closes before it record, which are then not read.
//!
//! A year's close records the files of rows that lie wholly in it (`[files]`) and what the year
//! carries into the next (`[carry]`). When that carry leaves nothing open — no invoice still
//! owed, no advance outstanding, no shortfall brought into the next year — nothing after the
//! year depends on its rows but through the carried balances, so a command about a later
//! period reads the books without those files (and without the closed months' close files)
//! and opens every running balance from the carry (`engine::opening`). The ledger is read
//! whole: it is small, and members' capital and its revolving dates come from it.

use super::source::Source;
use anyhow::Result;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

/// How much of the books' history a command reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// Every year's rows.
    All,
    /// The rows after the latest closed year that carries nothing open and ends before the
    /// first day the command reports on (`None`: the default period, the latest year).
    After(Option<NaiveDate>),
    /// As `After(None)`, for `check`: the files the closes record up to the cut are mapped,
    /// not parsed, so that their digests can be checked, and every close file is read.
    Sealed,
}

/// The closed year the books were read from: no contract or payment dated in it or before is
/// in the books; its close's carry stands for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    pub year: i32,
    /// Its 31 December.
    pub end: NaiveDate,
    /// The files the closes record up to it are in the books, mapped but not parsed, to be
    /// hashed (`History::Sealed`); otherwise they are not there, and the years up to the cut
    /// are taken as closed.
    pub sealed: bool,
    /// Rows dated up to it are read: the rows of the invoices its close leaves open (each
    /// one's row, its credit notes' and their payments'), from the lines the close records.
    pub carried: bool,
}

impl super::Books {
    /// The cut these books were read from, and its close's carry; `None` for books read whole.
    pub fn carried(&self) -> Option<(Cut, &super::CarryClose)> {
        let cut = self.cut?;
        let year = crate::period::Closable::Year(cut.year);
        let close = self.closes.iter().find(|c| c.period == year);
        match close.and_then(|c| c.close.as_ref()) {
            Some(super::Close::Year(y)) => Some((cut, y.carry.as_ref()?)),
            _ => None,
        }
    }
}

impl Cut {
    /// Whether a balance at the end of `at` counts the closed years' rows: what the cut's
    /// carry stands for is then added to what the rows read give.
    pub fn counts_at(&self, at: NaiveDate) -> bool {
        at >= self.end
    }
}

/// The cut for a command, and the files it leaves unread; `None` when no closed year qualifies.
pub(super) struct Chosen {
    pub cut: Cut,
    /// The contracts and payments files the closes up to the cut record.
    pub unread: FxHashSet<String>,
    /// Of those, the files with rows of the invoices the cut's year leaves open, and the
    /// lines of those rows: read at those lines only.
    pub lines: FxHashMap<String, Vec<u32>>,
}

/// The year of a year close's file name (`closes/2025.toml`).
pub(super) fn year_of(rel: &str) -> Option<i32> {
    let stem = rel.strip_prefix("closes/")?.strip_suffix(".toml")?;
    (stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()))
        .then(|| stem.parse().ok())
        .flatten()
}

/// Whether a close file is a month's of `year` or before (`closes/2025-03.toml`).
pub(super) fn month_up_to(rel: &str, year: i32) -> bool {
    month_year(rel).is_some_and(|y| y <= year)
}

/// The year of a month's close file (`closes/2025-03.toml`).
fn month_year(rel: &str) -> Option<i32> {
    let stem = rel.strip_prefix("closes/")?.strip_suffix(".toml")?;
    match stem.split_once('-') {
        Some((y, m)) if m.len() == 2 => y.parse::<i32>().ok(),
        _ => None,
    }
}

/// The heads of the year closes listed, in year order: what the cut and the archive need of
/// them, read from their sections before the members' tables.
pub(super) struct Heads {
    years: Vec<(i32, String, Head)>,
    /// The first year with a month closed but not the year itself: `check` never reads from
    /// it or a later year (that month's figures are checked from the rows before it).
    unclosed: Option<i32>,
}

impl Heads {
    pub fn read(source: &dyn Source, closes: &[String]) -> Result<Heads> {
        let mut years: Vec<(i32, &String)> = (closes.iter())
            .filter_map(|rel| year_of(rel).map(|y| (y, rel)))
            .collect();
        years.sort_unstable();
        let mut heads = Vec::with_capacity(years.len());
        for (year, rel) in years {
            // Up to the members' tables: the rest of the file is not looked at.
            let bytes = source.read(rel)?;
            let end = memchr::memmem::find(&bytes, b"\n[members.").map_or(bytes.len(), |i| i + 1);
            let head = Head::of(std::str::from_utf8(&bytes[..end]).unwrap_or(""));
            heads.push((year, rel.clone(), head));
        }
        let unclosed = (closes.iter())
            .filter_map(|rel| month_year(rel))
            .filter(|y| !heads.iter().any(|(year, ..)| year == y))
            .min();
        Ok(Heads {
            years: heads,
            unclosed,
        })
    }

    /// The cut: the latest year, ending before `from`, whose close records its carry and, if
    /// it leaves invoices open, where their rows are — for `check` (`sealed`), before any year
    /// with a month closed but not the year; with the contracts and payments files the closes
    /// up to it record, and the lines of those rows.
    pub fn choose(&self, from: Option<NaiveDate>, sealed: bool) -> Option<Chosen> {
        let before = |y: i32| {
            let end = NaiveDate::from_ymd_opt(y, 12, 31);
            end.is_some_and(|end| from.is_none_or(|from| end < from))
        };
        let eligible = |y: i32| before(y) && (!sealed || self.unclosed.is_none_or(|u| y < u));
        let at = (self.years.iter()).rposition(|(y, _, h)| eligible(*y) && h.carries)?;
        let year = self.years[at].0;
        let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
        let unread: FxHashSet<String> = (self.years[..=at].iter())
            .flat_map(|(_, _, h)| h.files.iter().map(|(f, _)| f.clone()))
            .filter(|f| f.starts_with("contracts/") || f.starts_with("payments/"))
            .collect();
        let lines = (self.years[at].2.rows.iter())
            .filter(|(f, _)| unread.contains(f))
            .cloned()
            .collect();
        Some(Chosen {
            cut: Cut {
                year,
                end,
                sealed: false,
                carried: false,
            },
            unread,
            lines,
        })
    }

    /// The files the closes record that are not among `listed`, each with its year, its close
    /// file and the line of it there, for the years `wanted`.
    pub fn gone(
        &self,
        listed: &FxHashSet<&str>,
        wanted: impl Fn(i32) -> bool,
    ) -> Vec<(i32, &str, &str, u32)> {
        (self.years.iter())
            .filter(|(y, _, _)| wanted(*y))
            .flat_map(|(y, close, h)| {
                (h.files.iter()).map(move |(f, line)| (*y, close.as_str(), f.as_str(), *line))
            })
            .filter(|(_, _, f, _)| !listed.contains(f))
            .collect()
    }
}

/// A quoted TOML string without escapes, its text.
fn quoted(t: &str) -> Option<String> {
    t.trim()
        .strip_prefix('"')?
        .strip_suffix('"')
        .map(str::to_string)
}

/// A `"NAME" = VALUE` line: the name (none when it has an escape: a file named so is left
/// read, and its rows, dated in a closed year, then keep the cut away) and the value.
fn key_value(l: &str) -> (Option<String>, &str) {
    let (key, value) = l.split_once('=').unwrap_or((l, ""));
    (quoted(key).filter(|n| !n.contains('\\')), value)
}

/// What the cut needs of a year close, read from its text up to the members' tables.
#[derive(Debug, Default, PartialEq, Eq)]
struct Head {
    /// The files of `[files]`, each with its line.
    files: Vec<(String, u32)>,
    /// The lines of the rows of the invoices it leaves open, by file (`[carry.rows]`).
    rows: Vec<(String, Vec<u32>)>,
    /// It has `[carry]`, and records where the rows of the invoices it leaves open are, if
    /// any (a close written before it did has `[carry.open]` lines and no `[carry.rows]`).
    carries: bool,
}

impl Head {
    fn of(text: &str) -> Head {
        let end = text.find("\n[members.").map_or(text.len(), |at| at + 1);
        let text = &text[..end];
        let mut head = Head::default();
        let (mut carry, mut open, mut unreadable) = (false, false, false);
        // Section by section, from one `[` at a line's start to the next: the long ones
        // (`[carry.capital]`, `[carry.open]`) are jumped over, not read line by line.
        let starts = std::iter::once(0)
            .chain(memchr::memmem::find_iter(text.as_bytes(), b"\n[").map(|i| i + 1));
        let starts: Vec<usize> = starts.collect();
        for (k, &at) in starts.iter().enumerate() {
            let section = &text[at..starts.get(k + 1).copied().unwrap_or(text.len())];
            let (first, body) = section.split_once('\n').unwrap_or((section, ""));
            let name = first
                .trim()
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'));
            let lines =
                || (body.lines().map(str::trim)).filter(|l| !l.is_empty() && !l.starts_with('#'));
            match name {
                Some("files") => {
                    let line = text[..at].matches('\n').count() as u32 + 1;
                    for (n, l) in body.lines().map(str::trim).enumerate() {
                        if let (false, (Some(name), _)) = (l.starts_with('#'), key_value(l)) {
                            head.files.push((name, line + 1 + n as u32));
                        }
                    }
                }
                Some("carry") => carry = true,
                Some("carry.open") => open |= lines().next().is_some(),
                Some("carry.rows") => {
                    for l in lines() {
                        let (name, value) = key_value(l);
                        let rows: Option<Vec<u32>> = quoted(value)
                            .and_then(|v| v.split(' ').map(|n| n.parse().ok()).collect());
                        match (name, rows) {
                            (Some(name), Some(rows)) => head.rows.push((name, rows)),
                            _ => unreadable = true,
                        }
                    }
                }
                _ => {}
            }
        }
        head.carries = carry && !unreadable && (!open || !head.rows.is_empty());
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_close_head_gives_its_files_and_whether_the_books_can_open_from_it() {
        let text = "period = \"2025\"\n[files]\n\"contracts/2025-01.csv\" = \"ab\"\n\
                    \"payments/2025.csv\" = \"cd\"\n\"contracts/we\\\"ird.csv\" = \"ef\"\n\
                    [carry]\nreceivable = \"0.00\"\n[carry.funds]\nops = \"1.00\"\n\
                    [members.m1]\n[carry.open]\n";
        let head = Head::of(text);
        let files = [
            ("contracts/2025-01.csv".into(), 3),
            ("payments/2025.csv".into(), 4),
        ];
        assert_eq!(head.files, files);
        // `[carry.open]` after the members' tables is not looked at (it is never written there).
        assert!(head.carries);
        // Open invoices: the books open from the year only when the close says where their
        // rows are (a close written before it did does not).
        let open = "[carry]\n[carry.open]\n\"C-1\" = \"2025-12-31 10.00 0.00\"\n";
        assert!(!Head::of(open).carries);
        let rows = format!("{open}[carry.rows]\n\"contracts/2025-12.csv\" = \"2 17\"\n");
        let head = Head::of(&rows);
        assert!(head.carries);
        assert_eq!(head.rows, [("contracts/2025-12.csv".into(), vec![2, 17])]);
        let unreadable = rows.replace("2 17", "2 x");
        assert!(!Head::of(&unreadable).carries);
        // A shortfall is carried, whatever the rows.
        let short = "[carry]\n[carry.shortfalls]\nines = \"-274.50 2026-12\"\n";
        assert!(Head::of(short).carries);
        assert!(!Head::of("[files]\n").carries);
    }

    #[test]
    fn close_names() {
        assert_eq!(year_of("closes/2025.toml"), Some(2025));
        assert_eq!(year_of("closes/2025-01.toml"), None);
        assert!(month_up_to("closes/2025-01.toml", 2025));
        assert!(!month_up_to("closes/2026-01.toml", 2025));
        assert!(!month_up_to("closes/2025.toml", 2025));
    }
}
