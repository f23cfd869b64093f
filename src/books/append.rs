//! New rows written into a file of the books as a treasurer would type them (payments and
//! ledger rows that `import` adds, the statements' balances): in the file's own columns,
//! quoting and line endings, at their places among its rows when those are in canonical order
//! (a file `fmt` wrote stays in canonical form), else after its last.

use super::canonical;
use crate::money::Money;
use chrono::NaiveDate;

/// A payment row to add.
#[derive(Clone, Copy)]
pub struct NewPayment<'a> {
    pub contract: &'a str,
    pub date: NaiveDate,
    pub amount: Money,
    /// The bank's reference of the payment.
    pub memo: &'a str,
    /// The bank's date of a payment recorded late.
    pub booked: Option<NaiveDate>,
}

/// A ledger row to add.
#[derive(Clone)]
pub struct NewLedgerRow<'a> {
    pub date: NaiveDate,
    pub kind: &'static str,
    pub amount: Money,
    pub fund: &'a str,
    pub to: &'a str,
    pub member: &'a str,
    pub contract: &'a str,
    /// The bank's reference, and the rule's memo after it.
    pub memo: String,
    pub booked: Option<NaiveDate>,
}

/// The header of a payments file `import` creates.
const HEADER: &str = "contract,date,amount,kind,memo\n";
/// The header of a ledger file `import` creates.
const LEDGER_HEADER: &str = "date,kind,amount,fund,to,member,memo\n";

/// The bytes of the payments file `rel` with `rows` added; `existing` is its bytes, `None`
/// for a file to create. A file without a `memo` column cannot take them: the reference is
/// what tells a second import that a payment is there.
pub fn payments(
    rel: &str,
    existing: Option<&[u8]>,
    rows: &[NewPayment],
) -> Result<Vec<u8>, String> {
    let cells: Vec<Vec<(&str, String)>> = (rows.iter())
        .map(|r| {
            vec![
                ("contract", r.contract.to_string()),
                ("date", r.date.to_string()),
                ("amount", r.amount.to_string()),
                ("kind", "payment".to_string()),
                ("memo", r.memo.to_string()),
                (
                    "booked",
                    r.booked.map(|b| b.to_string()).unwrap_or_default(),
                ),
            ]
        })
        .collect();
    add(rel, existing.unwrap_or(HEADER.as_bytes()), &cells)
}

/// The bytes of the ledger file `rel` with `rows` added, as `payments` does.
pub fn ledger(
    rel: &str,
    existing: Option<&[u8]>,
    rows: &[NewLedgerRow],
) -> Result<Vec<u8>, String> {
    let cells: Vec<Vec<(&str, String)>> = (rows.iter())
        .map(|r| {
            vec![
                ("date", r.date.to_string()),
                ("kind", r.kind.to_string()),
                ("amount", r.amount.to_string()),
                ("fund", r.fund.to_string()),
                ("to", r.to.to_string()),
                ("member", r.member.to_string()),
                ("contract", r.contract.to_string()),
                ("memo", r.memo.clone()),
                (
                    "booked",
                    r.booked.map(|b| b.to_string()).unwrap_or_default(),
                ),
            ]
        })
        .collect();
    add(rel, existing.unwrap_or(LEDGER_HEADER.as_bytes()), &cells)
}

/// The bytes of a CSV file with rows added, each given as its values by column name. A
/// column a row has a value for must be in the file's header (one the file lacks is added to
/// a file `import` creates, which starts with the usual header).
pub fn add(rel: &str, existing: &[u8], rows: &[Vec<(&str, String)>]) -> Result<Vec<u8>, String> {
    let mut existing = existing.to_vec();
    let mut names: Vec<String> = (super::csvfile::header(&existing).iter())
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let header_only = !super::csvfile::has_rows(&existing);
    // A payment's kind, when it is the default, needs no column.
    let needed = |(n, v): &&(&str, String)| !(v.is_empty() || *n == "kind" && v == "payment");
    for (name, _) in rows.iter().flatten().filter(needed) {
        if names.iter().any(|n| n == name) {
            continue;
        }
        if header_only && *name != "memo" {
            // A file with no rows yet (one `import` creates) takes the column.
            existing = with_column(&existing, name);
            names.push(name.to_string());
            continue;
        }
        // A file in canonical form takes it too, every row with the new cell empty: it
        // stays in canonical form.
        if *name != "memo"
            && let Some(table) = canonical::table(rel, &existing)
            && table.to_bytes() == existing
            && let Some(wider) = canonical::table(rel, &with_column(&existing, name))
        {
            existing = wider.to_bytes();
            names.push(name.to_string());
            continue;
        }
        let why = match *name {
            "memo" => "where import records the bank's reference of each row",
            "booked" => "where import records the bank's date of a row recorded late",
            _ => "which these rows need",
        };
        return Err(format!(
            "{rel} has no {name} column, {why}; add \"{name}\" to its header"
        ));
    }
    let newline = super::csvfile::line_end(&existing);
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(match newline {
            b"\r\n" => csv::Terminator::CRLF,
            _ => csv::Terminator::Any(newline[0]),
        })
        .from_writer(Vec::with_capacity(rows.len() * 64));
    // Writing into memory cannot fail.
    for r in rows {
        let cells = names.iter().map(|n| {
            (r.iter().find(|(name, _)| name == n)).map_or(String::new(), |(_, v)| v.clone())
        });
        let _ = out.write_record(cells);
    }
    let _ = out.flush();
    let new = out.into_inner().unwrap_or_default();
    if let Some(merged) = canonical::insert_sorted(rel, &existing, &new) {
        return Ok(merged);
    }
    let mut all = Vec::with_capacity(existing.len() + new.len() + 2);
    all.extend_from_slice(&existing);
    if !all.is_empty() && !super::csvfile::ends_a_line(&all) {
        all.extend_from_slice(newline);
    }
    all.extend_from_slice(&new);
    Ok(all)
}

/// A file with one more column at the end of its header (its rows as they are).
fn with_column(existing: &[u8], name: &str) -> Vec<u8> {
    let newline = super::csvfile::line_end(existing);
    let end = existing
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(existing.len());
    let header = existing[..end]
        .strip_suffix(b"\r")
        .unwrap_or(&existing[..end]);
    let mut out = Vec::with_capacity(existing.len() + name.len() + 2);
    out.extend_from_slice(header);
    out.push(b',');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(newline);
    out.extend_from_slice(existing.get(end + 1..).unwrap_or(&[]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(contract: &'a str, day: u32, cents: i64, memo: &'a str) -> NewPayment<'a> {
        NewPayment {
            contract,
            date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
            amount: Money::from_cents(cents),
            memo,
            booked: None,
        }
    }

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_new_file_has_the_header_and_sorted_rows() {
        let rows = [
            row("C-2", 20, 50000, "REF-2"),
            row("C-1", 5, 120000, "REF, 1"),
        ];
        let out = payments("payments/2026.csv", None, &rows).unwrap();
        assert_eq!(
            text(out),
            "contract,date,amount,kind,memo\n\
             C-1,2026-03-05,1200.00,payment,\"REF, 1\"\n\
             C-2,2026-03-20,500.00,payment,REF-2\n"
        );
    }

    #[test]
    fn a_canonical_file_stays_canonical() {
        let before = "contract,date,amount,kind,memo\nC-1,2026-03-01,10.00,payment,\nC-3,2026-03-30,5.00,payment,x\n";
        let out = payments(
            "payments/2026.csv",
            Some(before.as_bytes()),
            &[row("C-2", 15, 700, "R")],
        );
        assert_eq!(
            text(out.unwrap()),
            "contract,date,amount,kind,memo\nC-1,2026-03-01,10.00,payment,\n\
             C-2,2026-03-15,7.00,payment,R\nC-3,2026-03-30,5.00,payment,x\n"
        );
    }

    #[test]
    fn another_file_keeps_its_columns_and_line_endings_and_gets_rows_at_its_end() {
        // Columns in another order, an extra column, CRLF, no newline at the end; its rows
        // out of date order.
        let before =
            "Memo,Amount,Date,Contract,note\r\nx,5.00,2026-03-30,C-3,hi\r\ny,1.00,2026-03-01,C-1,";
        let out = payments(
            "payments/2026.csv",
            Some(before.as_bytes()),
            &[row("C-2", 15, 700, "R")],
        );
        assert_eq!(
            text(out.unwrap()),
            "Memo,Amount,Date,Contract,note\r\nx,5.00,2026-03-30,C-3,hi\r\ny,1.00,2026-03-01,C-1,\r\n\
             R,7.00,2026-03-15,C-2,\r\n"
        );
    }

    #[test]
    fn rows_in_order_in_another_layout_keep_it() {
        // In canonical order (by date), in its own columns and CRLF, the last row without a
        // newline: the new row goes between, in the same layout.
        let before = "Memo,Amount,Date,Contract\r\nx,5.00,2026-03-01,C-3\r\ny,1.00,2026-03-30,C-1";
        let out = payments(
            "payments/2026.csv",
            Some(before.as_bytes()),
            &[row("C-2", 15, 700, "R")],
        );
        assert_eq!(
            text(out.unwrap()),
            "Memo,Amount,Date,Contract\r\nx,5.00,2026-03-01,C-3\r\nR,7.00,2026-03-15,C-2\r\n\
             y,1.00,2026-03-30,C-1\r\n"
        );
    }

    proptest::proptest! {
        /// Into a canonical file, rows land where `fmt` would sort them: the result is what
        /// `fmt` makes of the file with the rows added at its end.
        #[test]
        fn a_canonical_file_gets_exactly_fmts_order(
            old in proptest::collection::vec((0u32..3, 1u32..29, 1i64..500, 0u8..3), 0..12),
            new in proptest::collection::vec((0u32..3, 1u32..29, 1i64..500, 0u8..3), 1..6),
        ) {
            let mut file = String::from(HEADER);
            for &(c, day, cents, memo) in &old {
                let memo = ["", "a", "b, c"][memo as usize];
                file.push_str(&format!("C-{c},2026-03-{day:02},{}.{:02},payment,{memo}\n", cents / 100, cents % 100));
            }
            let rel = "payments/2026.csv";
            let tidy = canonical::table(rel, file.as_bytes()).unwrap().to_bytes();
            let contracts = ["C-0", "C-1", "C-2"];
            let memos = ["", "a", "b, c"];
            let rows: Vec<NewPayment> = (new.iter())
                .map(|&(c, day, cents, memo)| row(contracts[c as usize], day, cents, memos[memo as usize]))
                .collect();
            let out = payments(rel, Some(&tidy), &rows).unwrap();
            let by_fmt = canonical::table(rel, &out).unwrap().to_bytes();
            proptest::prop_assert_eq!(text(out), text(by_fmt));
        }
    }

    #[test]
    fn a_file_without_a_memo_column_is_refused() {
        let before = "contract,date,amount\n";
        let err = payments(
            "payments/2026.csv",
            Some(before.as_bytes()),
            &[row("C-2", 15, 700, "R")],
        );
        assert_eq!(
            err.unwrap_err(),
            "payments/2026.csv has no memo column, where import records the bank's reference \
             of each row; add \"memo\" to its header"
        );
    }
}
