//! A problem in one file does not hold up the reports of closed periods it cannot change: with
//! every error in a file of rows and every month of the period closed, a report runs from the
//! books without that file when every close still holds — with the problems on stderr, exit 0.
//! Anything else is refused, as ever.

mod common;
use common::Books;

/// The example books with 2025-06 to 2026-02 closed.
fn closed_through_february() -> Books {
    let books = Books::copy_of("atelier");
    books.close_through("2026-02", Some("2026-03-05"));
    books
}

const SEMICOLONS: &str = "contracts/2026-03.csv:1: the columns are separated by semicolons, not \
                          commas; save it as \"CSV UTF-8 (comma delimited)\"\n";

#[test]
fn a_half_typed_march_holds_up_nothing_of_closed_february() {
    let books = closed_through_february();
    let sound = |args: &[&str]| {
        let r = books.run(args);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
        r.stdout
    };
    let (pay, json, funds) = (
        sound(&["pay", "2026-02"]),
        sound(&["--format", "json", "pay", "2026-Q1"]).len(),
        sound(&["funds", "--period", "2026-02"]),
    );
    assert!(json > 0);
    // March saved by a spreadsheet with semicolons, half typed.
    let march = std::fs::read_to_string(books.path().join("contracts/2026-03.csv")).unwrap();
    let books = books.file("contracts/2026-03.csv", &march.replace(',', ";"));
    let shown = |period: &str, file: &str| {
        format!(
            "{SEMICOLONS}coopbooks: the books have 1 problem, but {period} is closed and its \
             figures hold without {file} (no correction of that file may change them): shown \
             from the books as closed\n"
        )
    };
    let r = books.run(&["pay", "2026-02"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            pay.as_str(),
            shown("2026-02", "contracts/2026-03.csv").as_str()
        )
    );
    let r = books.run(&["funds", "--period", "2026-02"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, funds.as_str()));
    let out = tempfile::tempdir().unwrap();
    let r = books.run(&[
        "payslips",
        "2026-02",
        "--as",
        "txt",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!((r.code, r.stdout.lines().count()), (0, 10), "{}", r.stderr);
    // March is open: the file could change any of its figures, and those after it.
    let refused =
        format!("{SEMICOLONS}coopbooks: the books have 1 problem; nothing was computed\n");
    for args in [
        &["pay", "2026-03"][..],
        &["pay", "2026-Q1"],
        &["funds"],
        &["member", "alice", "--period", "2026-02"],
        &["capital"],
        &["check"],
    ] {
        let r = books.run(args);
        assert_eq!(r.code, 1, "{args:?}");
        if args[0] != "check" {
            assert_eq!(r.stderr, refused, "{args:?}");
        }
    }
}

#[test]
fn a_broken_file_with_rows_of_a_closed_month_holds_up_that_month() {
    let books = closed_through_february();
    let january = books.run(&["pay", "2026-01"]).stdout;
    // A February row mistyped: February's close no longer holds (bruno's contract is gone,
    // and what it brought the funds: 5 problems of closes/2026-02.toml besides the row's own),
    // so February is refused; January's close still holds without the file.
    let books = books.replace("contracts/2026-02.csv", ",2400.00,,", ",24OO.00,,");
    let r = books.run(&["pay", "2026-02"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with(
            "contracts/2026-02.csv:3: amount \"24OO.00\": is not a number\n\
             coopbooks: the books have 6 problems; nothing was computed\n"
        ),
        "{}",
        r.stderr
    );
    let r = books.run(&["pay", "2026-01"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, january.as_str()),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with(
        "coopbooks: the books have 6 problems, but 2026-01 is closed and its figures hold \
         without contracts/2026-02.csv (no correction of that file may change them): shown \
         from the books as closed\n"
    ));
    // A member's file is not a file of rows: every figure may depend on it.
    let books = books
        .replace("contracts/2026-02.csv", ",24OO.00,,", ",2400.00,,")
        .append("members/zoe.toml", "joined = \"someday\"\n");
    let r = books.run(&["pay", "2026-01"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}
