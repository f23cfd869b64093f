//! One pass over a CSV file of the books: columns found by header name, a reused `ByteRecord`,
//! each row handed over with its line and typed-field helpers that record problems.

use super::model::{FileId, Source};
use crate::money::{self, Hours, Money};
use crate::period;
use crate::problem::Problem;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use csv::{ByteRecord, ReaderBuilder, Trim};
use std::path::Path;

/// A column the file must or may have.
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

pub const fn required(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

pub const fn optional(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

/// A row being read: its fields by column (in the order the columns were asked for).
pub struct Row<'a> {
    pub rel: &'a str,
    pub src: Source,
    record: &'a ByteRecord,
    index: &'a [Option<usize>],
    columns: &'a [Column],
    pub problems: &'a mut Vec<Problem>,
    /// Whether any field of this row had a problem.
    pub bad: bool,
}

impl<'a> Row<'a> {
    pub fn error(&mut self, message: impl Into<String>) {
        self.bad = true;
        self.problems
            .push(Problem::error(self.rel, self.src.line, message));
    }

    /// The trimmed text of column `c`; empty when the column is absent or the cell empty.
    pub fn text(&mut self, c: usize) -> &'a str {
        self.cell(c).unwrap_or("")
    }

    /// The trimmed text of column `c`, or `None` (a problem recorded) if it is not UTF-8.
    fn cell(&mut self, c: usize) -> Option<&'a str> {
        let record: &'a ByteRecord = self.record;
        let raw = self
            .index
            .get(c)
            .copied()
            .flatten()
            .and_then(|i| record.get(i))
            .unwrap_or(b"");
        match std::str::from_utf8(raw) {
            Ok(s) => Some(s),
            Err(_) => {
                let name = self.columns.get(c).map(|c| c.name).unwrap_or("?");
                self.bad = true;
                self.problems.push(Problem::error(
                    self.rel,
                    self.src.line,
                    format!("{name}: is not valid UTF-8"),
                ));
                None
            }
        }
    }

    fn name(&self, c: usize) -> &'static str {
        self.columns.get(c).map(|c| c.name).unwrap_or("?")
    }

    /// A required cell: empty is a problem.
    pub fn nonempty(&mut self, c: usize) -> Option<&'a str> {
        let t = self.cell(c)?;
        if t.is_empty() {
            let name = self.name(c);
            self.error(format!("{name}: is empty"));
            return None;
        }
        Some(t)
    }

    fn typed<T>(&mut self, c: usize, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let name = self.name(c);
        let text = self.cell(c)?;
        if text.is_empty() {
            self.error(format!("{name}: is empty"));
            return None;
        }
        match parse(text) {
            Ok(v) => Some(v),
            Err(why) => {
                let msg = format!("{name} \"{text}\": {why}");
                self.error(msg);
                None
            }
        }
    }

    pub fn date(&mut self, c: usize) -> Option<NaiveDate> {
        self.typed(c, period::parse_date)
    }

    /// A money cell that must be greater than 0.
    pub fn positive_money(&mut self, c: usize, currency: &str) -> Option<Money> {
        self.typed(c, |t| match money::parse_money(t, currency) {
            Ok(m) if m.is_positive() => Ok(m),
            Ok(_) => Err("must be greater than 0".into()),
            Err(e) => Err(e),
        })
    }

    /// An optional money cell that must be 0 or more; empty is 0.
    pub fn optional_money(&mut self, c: usize, currency: &str) -> Option<Money> {
        if self.text(c).is_empty() {
            return Some(Money::ZERO);
        }
        self.typed(c, |t| match money::parse_money(t, currency) {
            Ok(m) if !m.is_negative() => Ok(m),
            Ok(_) => Err("must be 0 or more".into()),
            Err(e) => Err(e),
        })
    }

    pub fn hours(&mut self, c: usize) -> Option<Hours> {
        self.typed(c, money::parse_hours)
    }
}

/// Reads `rel` under `root`, calling `each` for every non-blank row. Missing required columns
/// are one problem on line 1 and the file is skipped. An unreadable file is an `Err`.
pub fn read(
    root: &Path,
    rel: &str,
    file: FileId,
    columns: &[Column],
    problems: &mut Vec<Problem>,
    mut each: impl FnMut(&mut Row),
) -> Result<()> {
    let path = root.join(rel);
    let handle =
        std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .trim(Trim::All)
        .buffer_capacity(1 << 16)
        .from_reader(handle);
    let headers = reader
        .byte_headers()
        .with_context(|| format!("cannot read {}", path.display()))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    let mut index = Vec::with_capacity(columns.len());
    let mut missing = Vec::new();
    for col in columns {
        let found: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == col.name)
            .map(|(i, _)| i)
            .collect();
        if found.len() > 1 {
            problems.push(Problem::error(
                rel,
                1,
                format!(
                    "column \"{}\" appears {} times in the header",
                    col.name,
                    found.len()
                ),
            ));
            return Ok(());
        }
        if found.is_empty() && col.required {
            missing.push(format!("\"{}\"", col.name));
        }
        index.push(found.first().copied());
    }
    if !missing.is_empty() {
        let s = if missing.len() > 1 { "s" } else { "" };
        problems.push(Problem::error(
            rel,
            1,
            format!(
                "missing required column{s} {}; the header has {}",
                missing.join(", "),
                quoted(&names)
            ),
        ));
        return Ok(());
    }
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(e).with_context(|| format!("cannot read {}", path.display()));
                }
                problems.push(Problem::error(
                    rel,
                    line.max(1),
                    format!("not readable as CSV: {e}"),
                ));
                return Ok(());
            }
        }
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line() as u32).unwrap_or(0);
        let mut row = Row {
            rel,
            src: Source { file, line },
            record: &record,
            index: &index,
            columns,
            problems,
            bad: false,
        };
        each(&mut row);
    }
    Ok(())
}

fn quoted(names: &[String]) -> String {
    if names.iter().all(|n| n.is_empty()) {
        return "no columns".into();
    }
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
