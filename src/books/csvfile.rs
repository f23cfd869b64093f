//! One pass over a CSV file of the books: columns found by header name, a reused `ByteRecord`,
//! each row handed over with its place and typed-cell helpers that trim and record problems.

use super::model::{FileId, Loc};
use crate::money::{self, Hours, Money};
use crate::period;
use crate::problem::Problem;
use chrono::NaiveDate;
use csv::{ByteRecord, ReaderBuilder};

/// A column the file must or may have, and what its cells hold.
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub cell: Cell,
}

/// What a column's cells hold, which decides their canonical form (`books::canonical`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Text,
    Date,
    Money,
    Hours,
}

pub const fn required(name: &'static str, cell: Cell) -> Column {
    Column {
        name,
        required: true,
        cell,
    }
}

pub const fn optional(name: &'static str, cell: Cell) -> Column {
    Column {
        name,
        required: false,
        cell,
    }
}

/// A row being read: its fields by column (in the order the columns were asked for).
pub struct Row<'a> {
    pub rel: &'a str,
    pub src: Loc,
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

    /// Looks at a free-text cell (a description, a memo) that nothing is computed from: a
    /// warning when it holds a control character or starts like a formula (`text::hazard`).
    /// Its bytes need not be UTF-8 (they are shown as they are read back).
    pub fn free_text(&mut self, c: usize) {
        let raw = (self.index.get(c).copied().flatten()).and_then(|i| self.record.get(i));
        let Some(Ok(text)) = raw.map(|r| std::str::from_utf8(r.trim_ascii())) else {
            return;
        };
        if let Some(message) = crate::text::hazard(self.name(c), text) {
            self.problems
                .push(Problem::warning(self.rel, self.src.line, message));
        }
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
            .unwrap_or(b"")
            .trim_ascii();
        match std::str::from_utf8(raw) {
            Ok(s) => Some(s),
            Err(_) => {
                let name = self.columns.get(c).map(|c| c.name).unwrap_or("?");
                self.bad = true;
                // Read as Latin-1 (each byte a character), which a spreadsheet's "CSV" most
                // often is, to show the value as the treasurer typed it.
                let latin1: String = raw.iter().map(|&b| char::from(b)).collect();
                self.problems.push(Problem::error(
                    self.rel,
                    self.src.line,
                    format!(
                        "{name} \"{}\": is not valid UTF-8 (shown as Latin-1, which the file \
                         probably is); {SAVE_AS_UTF8}",
                        crate::text::shown(&latin1)
                    ),
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

    /// A row's `booked` cell: the bank's date of a row recorded late, on or before the row's
    /// `date` (`Some(None)` when empty; `None` after a problem).
    pub fn booked(&mut self, c: usize, date: Option<NaiveDate>) -> Option<Option<NaiveDate>> {
        if self.text(c).is_empty() {
            return Some(None);
        }
        let booked = self.date(c)?;
        if let Some(date) = date.filter(|&d| booked > d) {
            self.error(format!(
                "booked \"{booked}\": after the row's date {date}; booked is the bank's date of \
                 a row recorded late, in a month closed by then, so it comes before"
            ));
            return None;
        }
        Some(Some(booked))
    }

    /// A money cell of either sign (a balance).
    pub fn money(&mut self, c: usize, currency: &str) -> Option<Money> {
        self.typed(c, |t| money::parse_money(t, currency))
    }

    /// A money cell that must be greater than 0.
    pub fn positive_money(&mut self, c: usize, currency: &str) -> Option<Money> {
        self.typed(c, |t| match money::parse_money(t, currency) {
            Ok(m) if m.is_positive() => Ok(m),
            Ok(_) => Err("must be greater than 0".into()),
            Err(e) => Err(e),
        })
    }

    /// A contract's amount: above 0 for an invoice, below 0 for a credit note.
    pub fn invoice_amount(&mut self, c: usize, currency: &str, credit_note: bool) -> Option<Money> {
        self.typed(c, |t| {
            match (money::parse_money(t, currency), credit_note) {
                (Ok(m), false) if m.is_positive() => Ok(m),
                (Ok(m), true) if m.is_negative() => Ok(m),
                (Ok(m), false) if m.is_negative() => {
                    Err("must be greater than 0 (a credit note has \
                a negative amount and names the invoice it corrects in \"corrects\")"
                        .into())
                }
                (Ok(_), false) => Err("must be greater than 0".into()),
                (Ok(_), true) => {
                    Err("must be less than 0 in a credit note (a row with \"corrects\")".into())
                }
                (Err(e), _) => Err(e),
            }
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

/// The most columns a CSV file of the books may have.
pub const MAX_COLUMNS: usize = 1000;
/// The longest line of a CSV file of the books, in bytes (its cells with it).
pub const MAX_LINE: usize = 1 << 20;

/// The byte offset where a file's CSV text starts: after a UTF-8 BOM, if any.
fn text_start(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Finds each wanted column in a header, by name, case and spaces aside. `Err` is the
/// problem that stops the file: a column named twice, or required columns missing.
fn columns_of(headers: &ByteRecord, columns: &[Column]) -> Result<Vec<Option<usize>>, String> {
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    let mut index = Vec::with_capacity(columns.len());
    let mut missing = Vec::new();
    for col in columns {
        let mut found = names.iter().enumerate().filter(|(_, n)| *n == col.name);
        let first = found.next().map(|(i, _)| i);
        let more = found.count();
        if more > 0 {
            return Err(format!(
                "column \"{}\" appears {} times in the header",
                col.name,
                more + 1
            ));
        }
        if first.is_none() && col.required {
            missing.push(format!("\"{}\"", col.name));
        }
        index.push(first);
    }
    if !missing.is_empty() {
        let s = if missing.len() > 1 { "s" } else { "" };
        return Err(format!(
            "missing required column{s} {}; the header has {}",
            missing.join(", "),
            quoted(&names)
        ));
    }
    Ok(index)
}

/// The header's columns that are not declared: one that looks like a misspelt declared column
/// the file lacks (`expences`, `knd`) is an error, since its cells would be silently left out;
/// any other (a treasurer's own notes) a warning, since it is kept but not read.
fn unknown_columns(
    headers: &ByteRecord,
    columns: &[Column],
    rel: &str,
    problems: &mut Vec<Problem>,
) {
    let names: Vec<String> = (headers.iter())
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    for name in names.iter().filter(|n| !n.is_empty()) {
        if columns.iter().any(|c| c.name == name.as_str()) {
            continue;
        }
        let missing = (columns.iter()).filter(|c| !names.iter().any(|n| n == c.name));
        let near = crate::text::nearest(name, missing.map(|c| c.name));
        let shown = crate::text::shown(name);
        problems.push(match near {
            Some(known) => Problem::error(
                rel,
                1,
                format!(
                    "column \"{shown}\": not a column coopbooks reads; did you mean \"{known}\"? \
                     (its cells would be left out)"
                ),
            ),
            None => Problem::warning(
                rel,
                1,
                format!("column \"{shown}\": not a column coopbooks reads; kept, and left out"),
            ),
        });
    }
}

/// Reads the CSV file `rel` (its bytes), calling `each` for every row that is not blank.
/// Missing required columns are one problem on line 1 and the file is skipped, as is a file
/// in UTF-16 or separated by semicolons or tabs (one problem that says how to export it).
/// Whether the file was read.
pub fn read(
    bytes: &[u8],
    rel: &str,
    file: FileId,
    columns: &[Column],
    problems: &mut Vec<Problem>,
    each: impl FnMut(&mut Row),
) -> bool {
    read_some(bytes, rel, file, columns, None, problems, each)
}

/// `read`, or for `Some(lines)` only the rows that start on those physical lines (in
/// ascending order): the rows of a closed year that the books still need when they are read
/// from its carry (its open invoices'). A line past the end, blank or inside a cell gives no
/// row.
pub fn read_some(
    bytes: &[u8],
    rel: &str,
    file: FileId,
    columns: &[Column],
    only: Option<&[u32]>,
    problems: &mut Vec<Problem>,
    each: impl FnMut(&mut Row),
) -> bool {
    if let Some(message) = not_comma_separated_utf8(bytes) {
        problems.push(Problem::error(rel, 1, message));
        return false;
    }
    let csv = Csv {
        bytes,
        rel,
        file,
        columns,
    };
    match only {
        None => every_row(csv, problems, each),
        Some(lines) => at_lines(csv, lines, problems, each),
    }
}

/// A CSV file being read: its bytes, its name and `FileId`, the columns it is read for.
#[derive(Clone, Copy)]
struct Csv<'a> {
    bytes: &'a [u8],
    rel: &'a str,
    file: FileId,
    columns: &'a [Column],
}

/// Every row of a file in UTF-8. Long because it is the hot loop of every CSV file: the
/// header checks, then one reused record per row, kept in one function so the loop stays
/// tight.
fn every_row(csv: Csv, problems: &mut Vec<Problem>, mut each: impl FnMut(&mut Row)) -> bool {
    let Csv {
        bytes,
        rel,
        file,
        columns,
    } = csv;
    let offset = text_start(bytes);
    let mut lines = Lines::new(bytes);
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .buffer_capacity(1 << 16)
        .from_reader(&bytes[offset..]);
    let mut record = ByteRecord::new();
    let header = reader.read_byte_record(&mut record);
    let Some(index) = header_index(header, &record, columns, rel, problems) else {
        return false;
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize) + offset;
                let line = lines.at(skip_line_ends(bytes, at));
                problems.push(Problem::error(
                    rel,
                    line,
                    format!("not readable as CSV: {e}"),
                ));
                return true;
            }
        }
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        // The reader places a record where the one before it ended: before the `\n` of a
        // CRLF line end and before any blank lines. Its own first byte is past them.
        let reported = record.position().map_or(0, |p| p.byte() as usize) + offset;
        let start = skip_line_ends(bytes, reported);
        let line = lines.at(start);
        let end = reader.position().byte() as usize + offset;
        let at = (file, line, start..end);
        row_of(rel, at, &record, &index, columns, problems, &mut each);
    }
    true
}

/// The columns' places from a file's header row as the reader read it; `None`, with the
/// problem (line 1), for a header that is not readable or lacks a required column.
fn header_index(
    read: csv::Result<bool>,
    record: &ByteRecord,
    columns: &[Column],
    rel: &str,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Option<usize>>> {
    let index = match read {
        Ok(_) if record.len() > MAX_COLUMNS => Err(format!(
            "the header has {} columns; a file of the books has at most {MAX_COLUMNS}",
            record.len()
        )),
        Ok(_) => columns_of(record, columns)
            .map_err(|missing| separated_otherwise(record).unwrap_or(missing))
            .inspect(|_| unknown_columns(record, columns, rel, problems)),
        Err(e) => Err(format!("not readable as CSV: {e}")),
    };
    index
        .map_err(|message| problems.push(Problem::error(rel, 1, message)))
        .ok()
}

/// Hands the row read at `(file, line, bytes)` to `each`, or, for a line longer than
/// `MAX_LINE`, says so.
fn row_of(
    rel: &str,
    (file, line, bytes): (FileId, u32, std::ops::Range<usize>),
    record: &ByteRecord,
    index: &[Option<usize>],
    columns: &[Column],
    problems: &mut Vec<Problem>,
    each: &mut impl FnMut(&mut Row),
) {
    let long = bytes.len();
    if long > MAX_LINE {
        problems.push(Problem::error(
            rel,
            line,
            format!("the line is {long} bytes long; a line of the books is at most {MAX_LINE}"),
        ));
        return;
    }
    let src = Loc {
        file,
        line,
        start: bytes.start as u32,
        end: bytes.end as u32,
    };
    let mut row = Row {
        rel,
        src,
        record,
        index,
        columns,
        problems,
        bad: false,
    };
    each(&mut row);
}

/// The rows of a file in UTF-8 that start on `lines`, as `every_row` reads them.
fn at_lines(
    csv: Csv,
    lines: &[u32],
    problems: &mut Vec<Problem>,
    mut each: impl FnMut(&mut Row),
) -> bool {
    let Csv {
        bytes,
        rel,
        file,
        columns,
    } = csv;
    // One reader, moved to each line in turn (building one per line costs more than the row).
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .buffer_capacity(1 << 10)
        .from_reader(std::io::Cursor::new(bytes));
    let at = |byte: usize| {
        let mut p = csv::Position::new();
        p.set_byte(byte as u64);
        p
    };
    let mut record = ByteRecord::new();
    let header =
        (reader.seek(at(text_start(bytes)))).and_then(|_| reader.read_byte_record(&mut record));
    let Some(index) = header_index(header, &record, columns, rel, problems) else {
        return false;
    };
    // Where the reader is: past the line end it stops before (see `read`).
    let here = |reader: &csv::Reader<_>| skip_line_ends(bytes, reader.position().byte() as usize);
    for (line, start) in line_starts(bytes, lines) {
        // A line a few rows on is read up to; one further off, moved to.
        let mut moved = Ok(true);
        if start < here(&reader) || start - here(&reader) > 1 << 12 {
            moved = reader.seek(at(start)).map(|_| true);
        }
        while matches!(moved, Ok(true)) && here(&reader) < start {
            moved = reader.read_byte_record(&mut record);
        }
        // A row that starts on the line: not a blank line, nor one inside a cell.
        let begins = |r: &ByteRecord| {
            let at = r.position().map_or(0, |p| p.byte() as usize);
            skip_line_ends(bytes, at) == start
        };
        match moved.and_then(|_| reader.read_byte_record(&mut record)) {
            Ok(true) if begins(&record) && !record.iter().all(|f| f.trim_ascii().is_empty()) => {}
            Ok(_) => continue,
            Err(e) => {
                problems.push(Problem::error(
                    rel,
                    line,
                    format!("not readable as CSV: {e}"),
                ));
                continue;
            }
        }
        let at = (file, line, start..reader.position().byte() as usize);
        row_of(rel, at, &record, &index, columns, problems, &mut each);
    }
    true
}

/// Where each of `lines` (physical, 1-based, ascending) starts in `bytes`, as `Lines` counts
/// them: `\n`, `\r\n` and a lone `\r` each end a line. Lines past the end are left out.
fn line_starts(bytes: &[u8], lines: &[u32]) -> Vec<(u32, usize)> {
    let mut out = Vec::with_capacity(lines.len());
    let mut wanted = lines.iter().copied().peekable();
    let mut line = 1u32;
    while wanted.next_if(|&l| l < line).is_some() {}
    if wanted.next_if_eq(&1).is_some() {
        out.push((1, 0));
    }
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        let start = i + 1;
        line += 1;
        while wanted.next_if(|&l| l < line).is_some() {}
        if wanted.peek().is_none() {
            break;
        }
        if wanted.next_if_eq(&line).is_some() && start < bytes.len() {
            out.push((line, start));
        }
    }
    out
}

/// The first byte at or after `at` that is not a line end (`\r` or `\n`): where a record
/// that the reader placed at the end of the one before it really starts.
fn skip_line_ends(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or(b"");
    at + rest
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .count()
}

/// A file's physical line numbers, whatever its line ends: `\n`, `\r\n` and a lone `\r` each
/// end a line (a spreadsheet on Windows writes CRLF; an old Mac, CR). Counted forward, once
/// over the file, as the rows are read in order; line breaks inside quoted cells count, as
/// they are lines of the file.
pub struct Lines<'a> {
    bytes: &'a [u8],
    /// The byte counted up to, and the line it is on.
    at: usize,
    line: u32,
}

impl<'a> Lines<'a> {
    pub fn new(bytes: &'a [u8]) -> Lines<'a> {
        Lines {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line of the byte at `to` (1-based); `to` at or after the last asked for.
    pub fn at(&mut self, to: usize) -> u32 {
        let to = to.min(self.bytes.len());
        if to > self.at {
            let bytes = self.bytes;
            let breaks = memchr::memchr2_iter(b'\n', b'\r', &bytes[self.at..to])
                .map(|i| self.at + i)
                // A `\r` followed by `\n` is one line end, counted at its `\n`.
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .count();
            self.line = self.line.saturating_add(breaks as u32);
            self.at = to;
        }
        self.line
    }
}

/// The line end a file uses, as its first line ends: `\r\n`, `\n` or a lone `\r`; `\n` for
/// a file of one line. Rows added to a file are written with it.
pub fn line_end(bytes: &[u8]) -> &'static [u8] {
    match memchr::memchr2(b'\n', b'\r', bytes) {
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => b"\r\n",
        Some(i) if bytes[i] == b'\r' => b"\r",
        _ => b"\n",
    }
}

/// Whether a file's last line is ended (by `\n` or a lone `\r`).
pub fn ends_a_line(bytes: &[u8]) -> bool {
    matches!(bytes.last(), Some(b'\n' | b'\r'))
}

/// How to save a file as the books want it: what a spreadsheet's "Save as" calls it.
const SAVE_AS: &str = "save it as \"CSV UTF-8 (comma delimited)\"";

/// The problem with a file that is UTF-16 text (with its byte-order mark, as a spreadsheet's
/// "Unicode text" is, or without, its ASCII letters then alternate with zero bytes).
fn not_comma_separated_utf8(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let utf16 = head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || (head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 4 >= head.len());
    utf16.then(|| format!("is UTF-16 text (\"Unicode text\"), not UTF-8; {SAVE_AS}"))
}

/// The problem with a header of one cell that holds semicolons or tabs: the file is
/// separated by them, as a European spreadsheet exports CSV.
fn separated_otherwise(header: &ByteRecord) -> Option<String> {
    if header.len() != 1 {
        return None;
    }
    let cell = header.get(0)?;
    let by = if cell.contains(&b';') {
        "semicolons"
    } else if cell.contains(&b'\t') {
        "tabs"
    } else {
        return None;
    };
    Some(format!(
        "the columns are separated by {by}, not commas; {SAVE_AS}"
    ))
}

/// Every cell of one record, as written (unquoted, untrimmed), read back from the file's bytes.
pub fn cells_at(bytes: &[u8], start: usize, end: usize) -> Vec<String> {
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes.get(start..end).unwrap_or(b""));
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a CSV file has anything after its header line.
pub fn has_rows(bytes: &[u8]) -> bool {
    let start = text_start(bytes);
    (bytes[start..].iter().position(|&b| b == b'\n')).is_some_and(|i| {
        bytes[start + i + 1..]
            .iter()
            .any(|b| !b.is_ascii_whitespace())
    })
}

/// The header's cells of a CSV file, as written.
pub fn header(bytes: &[u8]) -> Vec<String> {
    let start = text_start(bytes);
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| start + i + 1);
    cells_at(bytes, start, end)
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

/// How to mend a file that is not UTF-8, in the words of the spreadsheets that write them.
pub const SAVE_AS_UTF8: &str = "save the file as UTF-8 (\"CSV UTF-8\" in Excel, character set \
     \"Unicode (UTF-8)\" in LibreOffice)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_whatever_their_ends() {
        // "a\r\nb\rc\n\r\nd": a on 1, b on 2, c on 3, a blank line 4, d on 5.
        let bytes = b"a\r\nb\rc\n\r\nd";
        let mut lines = Lines::new(bytes);
        let at = |c: u8| bytes.iter().position(|&b| b == c).unwrap();
        assert_eq!(
            [at(b'a'), at(b'b'), at(b'c'), at(b'd')].map(|i| lines.at(i)),
            [1, 2, 3, 5]
        );
        // Between the \r and \n of a CRLF: still the line the \r ends.
        assert_eq!(Lines::new(bytes).at(2), 1);
        assert_eq!(Lines::new(bytes).at(99), 5);
    }

    #[test]
    fn a_files_line_end_is_its_first() {
        assert_eq!(line_end(b"h\r\nx\n"), b"\r\n");
        assert_eq!(line_end(b"h\rx"), b"\r");
        assert_eq!(line_end(b"h\nx\r\n"), b"\n");
        assert_eq!(line_end(b"h"), b"\n");
        assert!(ends_a_line(b"x\r") && ends_a_line(b"x\n") && !ends_a_line(b"x"));
    }

    /// Each row is handed over with its own first byte and physical line, after a CRLF and
    /// after blank lines.
    #[test]
    fn a_row_starts_at_its_own_first_byte() {
        let bytes = b"id,n\r\n\r\n\r\nC-1,x\r\nC-2,\"y\r\nz\"\r\nC-3,w";
        let columns = [required("id", Cell::Text), optional("n", Cell::Text)];
        let mut seen = Vec::new();
        read(
            bytes,
            "t.csv",
            FileId(0),
            &columns,
            &mut Vec::new(),
            |row| {
                let (s, e) = (row.src.start as usize, row.src.end as usize);
                seen.push((
                    row.src.line,
                    String::from_utf8_lossy(&bytes[s..e]).into_owned(),
                ));
            },
        );
        assert_eq!(
            seen,
            [
                (4, "C-1,x\r".to_string()),
                (5, "C-2,\"y\r\nz\"\r".to_string()),
                (7, "C-3,w".to_string())
            ]
        );
    }

    /// The rows on some lines only, read as the whole file's reading reads them: after a BOM,
    /// CRLF and lone CR line ends, blank lines and a cell over two lines; nearby and far apart
    /// (a gap of more than 4 KiB is moved over); a line that is blank, inside a cell or past
    /// the end gives nothing.
    #[test]
    fn rows_read_at_their_lines_are_those_of_the_whole_file() {
        let far = format!("F-1,{}\r\n", "p".repeat(5000));
        let text =
            format!("\u{feff}id,n\r\nC-1,x\r\n\r\nC-2,\"y\r\nz\"\rC-3,w\n{far}C-4,v\r\nC-5,u");
        let bytes = text.as_bytes();
        let columns = [required("id", Cell::Text), optional("n", Cell::Text)];
        let rows = |only: Option<&[u32]>| {
            let mut seen = Vec::new();
            let mut problems = Vec::new();
            read_some(
                bytes,
                "t.csv",
                FileId(0),
                &columns,
                only,
                &mut problems,
                |row| {
                    let id = row.text(0).to_string();
                    seen.push((row.src.line, row.src.start, row.src.end, id));
                },
            );
            assert_eq!(problems, []);
            seen
        };
        let all = rows(None);
        assert_eq!(all.len(), 6);
        // C-1 on 2, C-2 on 4 (its cell to 5), C-3 on 6, F-1 on 7, C-4 on 8, C-5 on 9.
        let lines: Vec<u32> = all.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 4, 6, 7, 8, 9]);
        assert_eq!(rows(Some(&[2, 4, 6, 7, 8, 9])), all);
        assert_eq!(rows(Some(&[4, 9])), [all[1].clone(), all[5].clone()]);
        assert_eq!(rows(Some(&[2, 8])), [all[0].clone(), all[4].clone()]);
        assert_eq!(rows(Some(&[3, 9, 40])), [all[5].clone()]);
    }
}
