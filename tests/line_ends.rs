//! Line numbers and row texts whatever a CSV file's line ends: LF, CRLF (as a spreadsheet on
//! Windows saves), or a lone CR (an old Mac), with blank lines and quoted cells that hold a
//! line break. Every CSV reader of the books is tried — contracts, payments and ledger rows
//! (`check`), a row's description or memo read back (`export`'s narrations, `import`'s
//! memos), the canonical form (`fmt`) and rows added to a file (`import`).
//!
//! Finding 8 of the second attack: under CRLF an error on line 3 was reported on line 2, a
//! blank line put the next row one line too low, and 901 of 1,500 narrations of an export took
//! the text of the column before.

mod common;
use common::Books;

/// The example books with every CSV file's line ends replaced by `end`, and a blank line after
/// each header (so that the rows' physical lines are one lower than in the example books).
fn atelier_with(end: &str) -> Books {
    let books = Books::copy_of("atelier");
    for folder in ["contracts", "payments", "ledger"] {
        for entry in std::fs::read_dir(books.path().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(1, "");
            let mut out = lines.join(end);
            out.push_str(end);
            std::fs::write(&path, out).unwrap();
        }
    }
    books
}

const ENDS: [(&str, &str); 3] = [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")];

/// An error in each kind of file, on a known line: the line named is the file's own.
#[test]
fn a_problem_names_the_physical_line_whatever_the_line_ends() {
    for (name, end) in ENDS {
        let books = atelier_with(end)
            // Line 1 header, line 2 blank, line 3 C-2026-001, line 4 C-2026-002.
            .replace("contracts/2026-01.csv", ",24,1800.00,", ",24,18OO.00,")
            // Line 3 is C-2026-001's payment, 4 C-2026-004's, 6 C-2026-005's first half.
            .replace(
                "payments/2026.csv",
                "2026-01-20,726.00",
                "2026-01-20,\"726,00\"",
            )
            // Line 3 is the rent of January (hugo's share of 2025 is in ledger/2025.csv).
            .replace("ledger/2026.csv", "2026-01-05,cost", "2026-01-05,kost");
        let r = books.run(&["check"]);
        assert_eq!(r.code, 1, "{name}: {}", r.stdout);
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(
            lines,
            [
                "contracts/2026-01.csv:4: amount \"18OO.00\": is not a number",
                "ledger/2026.csv:3: kind \"kost\": expected income, cost, transfer, share, redeem, payout, returned, refund or remit",
                "payments/2026.csv:6: amount \"726,00\": use a dot for decimals",
                "The books have 3 problems: 3 errors, 0 warnings.",
            ],
            "{name}"
        );
    }
}

/// A quoted cell that holds a line break is two lines of the file: the row after it is
/// numbered from there, and a duplicate id names the first one's line.
#[test]
fn line_breaks_inside_quoted_cells_count() {
    for (name, end) in ENDS {
        let header = "id,member,client,date,hours,amount,expenses,description";
        let rows = [
            header,
            "C-1,ann,Acme,2026-03-02,4,100.00,,\"two",
            "lines\"",
            "",
            "C-1,ann,Acme,2026-03-03,4,100.00,,again",
        ];
        let books = Books::minimal(&["ann"]).file("contracts/2026-03.csv", &rows.join(end));
        let r = books.run(&["check"]);
        let lines: Vec<String> = r.stdout.lines().map(str::to_string).collect();
        assert_eq!(
            lines,
            [
                format!(
                    "contracts/2026-03.csv:2: warning: description \"two{}lines\": holds a \
                     control character or a bidirectional override; it is shown escaped",
                    end.replace('\r', "\\r").replace('\n', "\\n")
                ),
                "contracts/2026-03.csv:5: id \"C-1\": duplicate contract id, first at \
                 contracts/2026-03.csv:2"
                    .to_string(),
                "The books have 2 problems: 1 error, 1 warning.".to_string(),
            ],
            "{name}"
        );
    }
}

/// The journal of books saved with any line ends is the journal of the same books with LF:
/// the same narrations (each row's own description or memo) and the same `source:` lines.
#[test]
fn the_journal_reads_each_rows_own_text_and_line() {
    let lf = atelier_with("\n");
    for format in ["hledger", "beancount"] {
        let want = lf.run(&["export", format]);
        assert_eq!(want.code, 0, "{}", want.stderr);
        // The blank line after each header: the first contract of January is on line 3.
        assert!(
            want.stdout
                .contains("Théâtre du Parc | Lighting rig, tour week 1  ; member:alice, source:contracts/2026-01.csv:3")
                || format == "beancount",
            "{}",
            &want.stdout[..2000]
        );
        for (name, end) in &ENDS[1..] {
            let got = atelier_with(end).run(&["export", format]);
            assert_eq!(got.code, 0, "{name} {format}: {}", got.stderr);
            if got.stdout != want.stdout {
                let first = (got.stdout.lines().zip(want.stdout.lines()))
                    .find(|(g, w)| g != w)
                    .map(|(g, w)| format!("got  {g}\nwant {w}"));
                panic!(
                    "{name} {format}: the journals differ:\n{}",
                    first.unwrap_or_default()
                );
            }
        }
    }
}

/// `fmt` gives the same canonical files whatever the line ends; `fmt --check` then passes.
#[test]
fn fmt_reads_every_line_end() {
    let canonical = |b: &Books| {
        assert_eq!(b.run(&["fmt"]).code, 0);
        [
            "contracts/2026-01.csv",
            "payments/2026.csv",
            "ledger/2026.csv",
        ]
        .map(|rel| std::fs::read_to_string(b.path().join(rel)).unwrap())
    };
    let want = canonical(&atelier_with("\n"));
    for (name, end) in &ENDS[1..] {
        let books = atelier_with(end);
        assert_eq!(canonical(&books), want, "{name}");
        assert_eq!(books.run(&["fmt", "--check"]).code, 0, "{name}");
    }
}

/// Rows `import` adds to a payments file are written with the file's own line ends, and their
/// memos are read back from it: a second import finds every one already there.
#[test]
fn import_writes_and_reads_back_each_line_end() {
    let statement = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/camt053/atelier-2026-04-15.xml");
    let statement = statement.to_str().unwrap();
    for (name, end) in ENDS {
        let books = atelier_with(end).without_statements();
        let first = books.run(&["import", "camt053", statement]);
        assert!(
            first.stdout.starts_with("Imported 5 rows, 4095.85 EUR"),
            "{name}: {}",
            first.stdout
        );
        let bytes = std::fs::read(books.path().join("payments/2026.csv")).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        // Every line of the file ends as its first does: no line end of another kind added.
        let others = match end {
            "\n" => text.matches('\r').count(),
            "\r\n" => text.matches('\n').count() - text.matches("\r\n").count(),
            _ => text.matches('\n').count(),
        };
        assert_eq!(others, 0, "{name}: {text:?}");
        assert!(text.ends_with(end), "{name}");
        let again = books.run(&["import", "camt053", statement]);
        assert!(
            again
                .stdout
                .starts_with("Imported 0 rows, 0.00 EUR.\nAlready imported: 5 (4095.85 EUR)."),
            "{name}: {}",
            again.stdout
        );
        // The rows read back whole: the one problem is the statement's balances, which the
        // books do not meet (it leaves out the day's other movements).
        let check = books.run(&["check"]);
        assert!(
            check.stdout.starts_with("bank/statements.csv:")
                && check
                    .stdout
                    .ends_with("The books have 1 problem: 1 error, 0 warnings.\n"),
            "{name}: {}",
            check.stdout
        );
    }
}
