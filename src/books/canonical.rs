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

/// A CSV file of the books in canonical form: its header and its rows, sorted.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    /// What each column holds (`Cell::Text` for a column the books do not know).
    pub cells: Vec<Cell>,
    pub rows: Vec<Vec<String>>,
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
    let mut records = reader.byte_records();
    let names: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| text(c).to_ascii_lowercase()).collect(),
        Some(Err(_)) => return None,
        None => Vec::new(),
    };
    // Where each cell goes: the documented columns the file has, then the others.
    let known = |n: &str| schema.columns.iter().position(|c| c.name == n);
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| known(&names[i]).map_or((1, i), |k| (0, k)));
    let header: Vec<String> = order.iter().map(|&i| names[i].clone()).collect();
    let cells: Vec<Cell> = (header.iter())
        .map(|n| known(n).map_or(Cell::Text, |k| schema.columns[k].cell))
        .collect();
    let mut rows = Vec::new();
    for record in records {
        let record = record.ok()?;
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        let mut row: Vec<String> = (order.iter().zip(&cells))
            .map(|(&i, &cell)| canonical_cell(cell, &text(record.get(i).unwrap_or(b""))))
            .collect();
        // Cells past the header are kept, after the others; empty ones at the end are not.
        let extra: Vec<String> = record.iter().skip(names.len()).map(text).collect();
        let keep = extra
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        row.extend(extra.into_iter().take(keep));
        rows.push(row);
    }
    let keys: Vec<usize> = (schema.sort_by.iter())
        .filter_map(|k| header.iter().position(|h| h == k))
        .chain(0..header.len())
        .collect();
    rows.sort_by(|a, b| {
        (keys.iter())
            .map(|&k| compare(cells[k], cell_of(a, k), cell_of(b, k)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.cmp(b))
    });
    Some(Table {
        header,
        cells,
        rows,
    })
}

fn cell_of(row: &[String], k: usize) -> &str {
    row.get(k).map_or("", String::as_str)
}

/// A cell's text, trimmed (bytes that are not UTF-8 replaced: such a file does not load).
fn text(cell: &[u8]) -> String {
    String::from_utf8_lossy(cell.trim_ascii()).into_owned()
}

/// A trimmed cell in canonical form: money with exactly 2 decimals, hours without trailing
/// zeros; anything else (and a number that does not parse) as it is.
fn canonical_cell(cell: Cell, text: &str) -> String {
    let formatted = match cell {
        _ if text.is_empty() => None,
        Cell::Money => money::parse_money(text, "").ok().map(|m| m.to_string()),
        Cell::Hours => money::parse_hours(text).ok().map(|h| h.to_string()),
        Cell::Text | Cell::Date => None,
    };
    formatted.unwrap_or_else(|| text.to_string())
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
    /// The file's canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing into memory cannot fail.
        let _ = out.write_record(&self.header);
        for row in &self.rows {
            let _ = out.write_record(row);
        }
        out.into_inner().unwrap_or_default()
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
}
