//! The canonical form of the books' CSV files, which `fmt` writes and `diff` compares rows
//! in: UTF-8 without a BOM, LF line endings, quotes only where needed; the header in lower case
//! with the documented columns first, in their documented order, then any others in the order
//! they had; every cell trimmed, money with 2 decimals, hours without trailing zeros; the rows
//! sorted, so that the same rows in any order give the same bytes.

use super::csvfile::{Cell, Column};
use crate::money;
use std::cmp::Ordering;

/// What a folder's CSV files hold: their columns, and the columns that sort their rows
/// (then every other cell, in column order).
struct Schema {
    columns: &'static [Column],
    sort_by: &'static [&'static str],
}

fn schema(rel: &str) -> Option<Schema> {
    let (folder, name) = rel.split_once('/')?;
    if !name.ends_with(".csv") || name.contains('/') {
        return None;
    }
    Some(match folder {
        "contracts" => Schema {
            columns: &super::contracts::COLUMNS,
            sort_by: &["date", "id"],
        },
        "payments" => Schema {
            columns: &super::payments::COLUMNS,
            sort_by: &["date", "contract", "kind", "amount", "memo"],
        },
        "ledger" => Schema {
            columns: &super::ledger::COLUMNS,
            sort_by: &["date"],
        },
        _ => return None,
    })
}

/// Whether `rel` names a CSV file of the books (in contracts/, payments/ or ledger/).
pub fn is_table(rel: &str) -> bool {
    schema(rel).is_some()
}

/// A CSV file of the books in canonical form: its header and its rows, sorted. The cells'
/// texts are kept in one arena, so a file of a million rows is a few allocations.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    /// What each column holds (`Cell::Text` for a column the books do not know).
    pub cells: Vec<Cell>,
    text: String,
    /// Where each cell's text is in `text`.
    spans: Vec<(u32, u32)>,
    /// Each row's cells: a run of `spans`.
    rows: Vec<(u32, u32)>,
}

/// The canonical form of a CSV file of the books (`rel` names its folder), or `None` for a
/// file that is not one, or not readable as CSV (the loader says why).
pub fn table(rel: &str, bytes: &[u8]) -> Option<Table> {
    let schema = schema(rel)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let names: Vec<String> = match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|c| trimmed(c).to_ascii_lowercase())
            .collect(),
        Ok(false) => Vec::new(),
        Err(_) => return None,
    };
    // Where each cell goes: the documented columns the file has, then the others.
    let known = |n: &str| schema.columns.iter().position(|c| c.name == n);
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| known(&names[i]).map_or((1, i), |k| (0, k)));
    let mut t = Table {
        header: order.iter().map(|&i| names[i].clone()).collect(),
        text: String::with_capacity(bytes.len()),
        ..Table::default()
    };
    t.cells = (t.header.iter())
        .map(|n| known(n).map_or(Cell::Text, |k| schema.columns[k].cell))
        .collect();
    while reader.read_byte_record(&mut record).ok()? {
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        let first = t.spans.len() as u32;
        for (&i, &cell) in order.iter().zip(&t.cells) {
            let span = push_cell(&mut t.text, cell, &trimmed(record.get(i).unwrap_or(b"")));
            t.spans.push(span);
        }
        // Cells past the header are kept, after the others; empty ones at the end are not.
        let extra = (record.iter().skip(names.len()))
            .rposition(|c| !c.trim_ascii().is_empty())
            .map_or(0, |i| i + 1);
        for c in record.iter().skip(names.len()).take(extra) {
            let span = push_cell(&mut t.text, Cell::Text, &trimmed(c));
            t.spans.push(span);
        }
        t.rows.push((first, t.spans.len() as u32 - first));
    }
    let keys: Vec<usize> = (schema.sort_by.iter())
        .filter_map(|k| t.header.iter().position(|h| h == k))
        .chain(0..t.header.len())
        .collect();
    let mut rows = std::mem::take(&mut t.rows);
    rows.sort_by(|&a, &b| {
        (keys.iter())
            .map(|&k| compare(t.cells[k], t.cell(a, k), t.cell(b, k)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| t.row(a).cmp(t.row(b)))
    });
    t.rows = rows;
    Some(t)
}

/// `bytes`, a file of the books whose rows are in canonical order, with `rows` (CSV records in
/// its columns, without a header) put at their places among them, as `fmt` would sort them;
/// `None` when the file's rows are not in that order (or it cannot be read), for the caller to
/// add them at its end instead. One pass over the file, stopping at the first row out of
/// order; nothing is allocated per row. Long because it is that one merging pass, kept whole.
pub fn insert_sorted(rel: &str, bytes: &[u8], rows: &[u8]) -> Option<Vec<u8>> {
    let schema = schema(rel)?;
    let builder = || {
        let mut b = csv::ReaderBuilder::new();
        b.flexible(true).has_headers(false);
        b
    };
    let mut reader = builder().from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).ok()? {
        return None;
    }
    let names: Vec<String> = (record.iter())
        .map(|c| trimmed(c).to_ascii_lowercase())
        .collect();
    let cell = |i: usize| {
        (schema.columns.iter())
            .find(|c| names.get(i).is_some_and(|n| *n == c.name))
            .map_or(Cell::Text, |c| c.cell)
    };
    let keys: Vec<(usize, Cell)> = (schema.sort_by.iter())
        .filter_map(|k| names.iter().position(|n| n == k))
        .chain(0..names.len())
        .map(|i| (i, cell(i)))
        .collect();
    fn text(r: &csv::ByteRecord, k: usize) -> &str {
        std::str::from_utf8(r.get(k).unwrap_or(b"").trim_ascii()).unwrap_or("")
    }
    let order = |a: &csv::ByteRecord, b: &csv::ByteRecord| {
        (keys.iter())
            .map(|&(k, c)| compare(c, text(a, k), text(b, k)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| {
                let cells_a = (0..a.len()).map(|k| text(a, k));
                cells_a.cmp((0..b.len()).map(|k| text(b, k)))
            })
    };
    // Where a record ends: the reader stops between the `\r` and `\n` of a CRLF line.
    fn end_of(bytes: &[u8], at: u64) -> usize {
        let at = at as usize;
        at + usize::from(bytes.get(at) == Some(&b'\n') && at > 0 && bytes[at - 1] == b'\r')
    }
    let header_end = end_of(bytes, reader.position().byte());
    // First whether the file's rows are in order at all (most often settled in a few rows
    // when they are not), then the merge.
    let mut previous = csv::ByteRecord::new();
    let mut first = true;
    while reader.read_byte_record(&mut record).ok()? {
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        if !first && order(&previous, &record).is_gt() {
            return None;
        }
        previous.clone_from(&record);
        first = false;
    }
    let mut reader = builder().from_reader(&bytes[header_end..]);
    let mut new: Vec<(csv::ByteRecord, usize, usize)> = Vec::new();
    let mut new_reader = builder().from_reader(rows);
    let mut r = csv::ByteRecord::new();
    let mut start = 0;
    while new_reader.read_byte_record(&mut r).ok()? {
        let end = end_of(rows, new_reader.position().byte());
        new.push((r.clone(), start, end));
        start = end;
    }
    new.sort_by(|a, b| order(&a.0, &b.0));
    let newline = super::csvfile::line_end(bytes);
    let mut out = Vec::with_capacity(bytes.len() + rows.len() + 2);
    out.extend_from_slice(&bytes[..header_end]);
    if !super::csvfile::ends_a_line(&out) {
        out.extend_from_slice(newline);
    }
    let mut next = new.iter().peekable();
    let mut at = header_end;
    while reader.read_byte_record(&mut record).ok()? {
        let end = header_end + end_of(&bytes[header_end..], reader.position().byte());
        if !record.iter().all(|c| c.trim_ascii().is_empty()) {
            while let Some((_, s, e)) = next.next_if(|(row, ..)| order(row, &record).is_lt()) {
                out.extend_from_slice(&rows[*s..*e]);
            }
        }
        let end = end.max(at);
        out.extend_from_slice(&bytes[at..end]);
        if end == bytes.len() && !super::csvfile::ends_a_line(&out) {
            out.extend_from_slice(newline);
        }
        at = end;
    }
    for (_, s, e) in next {
        out.extend_from_slice(&rows[*s..*e]);
    }
    Some(out)
}

/// A cell's text, trimmed (bytes that are not UTF-8 replaced: such a file does not load).
fn trimmed(cell: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(cell.trim_ascii())
}

/// Appends a trimmed cell in canonical form: money with exactly 2 decimals, hours without
/// trailing zeros; anything else (and a number that does not parse) as it is. Its span.
fn push_cell(text: &mut String, cell: Cell, trimmed: &str) -> (u32, u32) {
    use std::fmt::Write;
    let start = text.len() as u32;
    let _ = match cell {
        _ if trimmed.is_empty() => Ok(()),
        Cell::Money => match money::parse_money(trimmed, "") {
            Ok(m) => write!(text, "{m}"),
            Err(_) => text.write_str(trimmed),
        },
        Cell::Hours => match money::parse_hours(trimmed) {
            Ok(h) => write!(text, "{h}"),
            Err(_) => text.write_str(trimmed),
        },
        Cell::Text | Cell::Date => text.write_str(trimmed),
    };
    (start, text.len() as u32)
}

/// Two cells of a column in row order: numbers by value, an empty cell first; else by text.
fn compare(cell: Cell, a: &str, b: &str) -> Ordering {
    match cell {
        Cell::Money => {
            let v = |t: &str| money::parse_money(t, "").ok().map(|m| m.cents());
            v(a).cmp(&v(b)).then_with(|| a.cmp(b))
        }
        Cell::Hours => {
            let v = |t: &str| money::parse_hours(t).ok().map(|h| h.units());
            v(a).cmp(&v(b)).then_with(|| a.cmp(b))
        }
        Cell::Text | Cell::Date => a.cmp(b),
    }
}

impl Table {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The cells of each row, in order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        self.rows.iter().map(|&r| Row {
            table: self,
            cells: r,
        })
    }

    fn cell(&self, (first, n): (u32, u32), k: usize) -> &str {
        if k >= n as usize {
            return "";
        }
        let (start, end) = self.spans[first as usize + k];
        &self.text[start as usize..end as usize]
    }

    fn row(&self, (first, n): (u32, u32)) -> impl Iterator<Item = &str> + Clone + '_ {
        (0..n as usize).map(move |k| self.cell((first, n), k))
    }

    /// The file's canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::with_capacity(self.text.len() + 8 * self.spans.len()));
        // Writing into memory cannot fail.
        let _ = out.write_record(&self.header);
        for &r in &self.rows {
            let _ = out.write_record(self.row(r));
        }
        out.into_inner().unwrap_or_default()
    }
}

/// One row of a `Table`.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    cells: (u32, u32),
}

impl<'a> Row<'a> {
    /// The cell of column `k` (empty past the row's end).
    pub fn get(&self, k: usize) -> &'a str {
        self.table.cell(self.cells, k)
    }

    /// Every cell, in column order.
    pub fn cells(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.table.row(self.cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(rel: &str, text: &str) -> String {
        String::from_utf8(table(rel, text.as_bytes()).unwrap().to_bytes()).unwrap()
    }

    #[test]
    fn contracts_are_written_in_one_form_whatever_their_order_and_spelling() {
        // Columns out of order and in capitals, an unknown column, a BOM and CRLF, cells
        // padded, `600` for 600.00, `6.50` hours, a quoted cell that needs no quotes, a blank
        // row; the rows out of date order.
        let messy = "\u{feff}Member, ID ,note,client,date,hours,amount,expenses\r\n\
            bob,C-2,x,\"Acme\",2026-03-05,6.50, 600 ,\r\n\
            ,,,,,,,\r\n\
            alice,C-1,,\"Théâtre, du Parc\",2026-03-01,8,800.00,60\r\n";
        let tidy = "id,member,client,date,hours,amount,expenses,note\n\
            C-1,alice,\"Théâtre, du Parc\",2026-03-01,8,800.00,60.00,\n\
            C-2,bob,Acme,2026-03-05,6.5,600.00,,x\n";
        assert_eq!(canonical("contracts/2026-03.csv", messy), tidy);
        assert_eq!(canonical("contracts/2026-03.csv", tidy), tidy);
    }

    #[test]
    fn payments_sort_by_date_contract_kind_amount_then_memo() {
        let text = "contract,date,amount,kind,memo\n\
            C-2,2026-03-01,10.00,,\n\
            C-1,2026-03-01,9.00,writeoff,\n\
            C-1,2026-03-01,100.00,,b\n\
            C-1,2026-03-01,9.50,,\n\
            C-1,2026-03-01,100.00,,a\n";
        // 9.50 before 100.00: amounts by value, not by text.
        let want = "contract,date,amount,kind,memo\n\
            C-1,2026-03-01,9.50,,\n\
            C-1,2026-03-01,100.00,,a\n\
            C-1,2026-03-01,100.00,,b\n\
            C-1,2026-03-01,9.00,writeoff,\n\
            C-2,2026-03-01,10.00,,\n";
        assert_eq!(canonical("payments/2026.csv", text), want);
    }

    #[test]
    fn cells_past_the_header_are_kept_and_other_files_are_not_tables() {
        let text = "date,kind,amount\n2026-01-05,cost,800,extra,,\n";
        let want = "date,kind,amount\n2026-01-05,cost,800.00,extra\n";
        assert_eq!(canonical("ledger/2026.csv", text), want);
        assert!(table("closes/2026.toml", b"").is_none());
        assert!(table("contracts/sub/x.csv", b"").is_none());
        assert!(table("notes.csv", b"").is_none());
    }

    use proptest::prelude::*;

    /// A contract row: (id number, day, hours in tenths, amount in cents), and how its
    /// cells are spelled (padded; `600` for 600.00 and `6.0` for 6).
    type Spelled = ((u32, u32, u32, i64), (bool, bool));

    fn rows() -> impl Strategy<Value = Vec<Spelled>> {
        prop::collection::vec(
            (
                (1u32..60, 1u32..29, 0u32..400, 1i64..1_000_000),
                (any::<bool>(), any::<bool>()),
            ),
            0..12,
        )
    }

    fn write(rows: &[Spelled]) -> String {
        let mut text = String::from("id,member,client,date,hours,amount\n");
        for &((id, day, tenths, cents), (pad, long)) in rows {
            let hours = match (tenths % 10, long) {
                (0, true) => format!("{}.0", tenths / 10),
                (0, false) => format!("{}", tenths / 10),
                (t, _) => format!("{}.{t}", tenths / 10),
            };
            let amount = match (cents % 100, long) {
                (0, false) => format!("{}", cents / 100),
                (c, _) => format!("{}.{c:02}", cents / 100),
            };
            let p = if pad { " " } else { "" };
            text.push_str(&format!(
                "{p}C-{id}{p},m,Acme,2026-03-{day:02},{p}{hours},{amount}{p}\n"
            ));
        }
        text
    }

    proptest! {
        #[test]
        fn any_order_and_spelling_of_the_same_rows_gives_the_same_bytes(
            rows in rows(),
            seed in any::<u64>(),
        ) {
            let tidy: Vec<_> = rows.iter().map(|&(r, _)| (r, (false, false))).collect();
            let mut shuffled = rows.clone();
            // A deterministic shuffle from the seed.
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let a = canonical("contracts/x.csv", &write(&shuffled));
            prop_assert_eq!(&a, &canonical("contracts/x.csv", &write(&tidy)));
            prop_assert_eq!(&canonical("contracts/x.csv", &a), &a);
            prop_assert_eq!(a.lines().count(), rows.len() + 1);
        }
    }
}
