//! New payment rows written into a payments file as a treasurer would type them: in the
//! file's own columns, quoting and line endings, after its last row — or, in a file that was
//! in canonical form (`fmt`), at their places among its sorted rows, so that it stays so.

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
}

/// The header of a payments file `import` creates.
const HEADER: &str = "contract,date,amount,kind,memo\n";

/// The bytes of the payments file `rel` with `rows` added; `existing` is its bytes, `None`
/// for a file to create. A file without a `memo` column cannot take them: the reference is
/// what tells a second import that a payment is there.
pub fn payments(
    rel: &str,
    existing: Option<&[u8]>,
    rows: &[NewPayment],
) -> Result<Vec<u8>, String> {
    let existing = existing.unwrap_or(HEADER.as_bytes());
    let names: Vec<String> = (super::csvfile::header(existing).iter())
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    if !names.iter().any(|n| n == "memo") {
        return Err(format!(
            "{rel} has no memo column, where import records the bank's reference of each \
             payment; add \"memo\" to its header"
        ));
    }
    let crlf = existing
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && existing[i - 1] == b'\r');
    let mut start = existing.to_vec();
    if !start.is_empty() && !start.ends_with(b"\n") {
        start.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(start);
    let (date, amount) = (
        |r: &NewPayment| r.date.to_string(),
        |r: &NewPayment| r.amount.to_string(),
    );
    // Writing into memory cannot fail.
    for r in rows {
        let cells = names.iter().map(|n| match n.as_str() {
            "contract" => r.contract.to_string(),
            "date" => date(r),
            "amount" => amount(r),
            "kind" => "payment".to_string(),
            "memo" => r.memo.to_string(),
            _ => String::new(),
        });
        let _ = out.write_record(cells);
    }
    let _ = out.flush();
    let appended = out.into_inner().unwrap_or_default();
    let canonical = |bytes: &[u8]| canonical::table(rel, bytes).map(|t| t.to_bytes());
    Ok(match canonical(existing) {
        Some(c) if c == existing => canonical(&appended).unwrap_or(appended),
        _ => appended,
    })
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
        // Columns in another order, an extra column, CRLF, no newline at the end.
        let before = "Memo,Amount,Date,Contract,note\r\nx,5.00,2026-03-30,C-3,hi";
        let out = payments(
            "payments/2026.csv",
            Some(before.as_bytes()),
            &[row("C-2", 15, 700, "R")],
        );
        assert_eq!(
            text(out.unwrap()),
            "Memo,Amount,Date,Contract,note\r\nx,5.00,2026-03-30,C-3,hi\r\nR,7.00,2026-03-15,C-2,\r\n"
        );
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
             of each payment; add \"memo\" to its header"
        );
    }
}
