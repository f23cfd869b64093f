//! `check` on the bundled books, on every fixtures/bad case, and on the reading rules of the book format.

mod common;
use common::{Books, fixture, run, run_in};

#[test]
fn atelier_is_valid() {
    let r = run(&fixture("atelier"), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "The books are valid: 10 members, 41 contracts, 32 payments, 48 ledger rows.\n"
    );
    assert_eq!(r.stderr, "");
}

fn assert_check(case: &str, expected: &str) {
    let r = run(&fixture(&format!("bad/{case}")), &["check"]);
    assert_eq!(r.stdout, expected, "fixtures/bad/{case}");
    assert_eq!(r.code, 1, "fixtures/bad/{case}");
}

#[test]
fn bad_values_in_rows() {
    assert_check(
        "values",
        "\
contracts/2026-03.csv:3: date \"2026-3-5\": expected a date as YYYY-MM-DD
contracts/2026-03.csv:4: amount \"12,50\": use a dot for decimals
contracts/2026-03.csv:6: amount \"12.345\": has 3 decimal places; EUR amounts have at most 2
contracts/2026-03.csv:7: amount \"1,234.50\": has a thousands separator; write the number without it
contracts/2026-03.csv:8: amount \"0.00\": must be greater than 0
contracts/2026-03.csv:9: amount \"-5.00\": must be greater than 0 (a credit note has a negative amount and names the invoice it corrects in \"corrects\")
contracts/2026-03.csv:9: hours \"-1\": must be 0 or more
contracts/2026-03.csv:10: member \"bob\": no such member (no members/bob.toml)
contracts/2026-03.csv:11: id \"C-1\": duplicate contract id, first at contracts/2026-03.csv:2
contracts/2026-03.csv:12: expenses \"700.00\": exceed the amount 600.00
contracts/2026-03.csv:13: client: is empty
contracts/2026-03.csv:13: date \"2026-02-30\": is not a calendar date
contracts/2026-03.csv:13: hours \"six\": is not a number
ledger/2026.csv:2: fund \"rent\": no such fund; declare it under [funds.rent] in coop.toml
ledger/2026.csv:3: kind \"cost\": needs a value in column \"fund\"
ledger/2026.csv:4: kind \"transfer\": needs a value in column \"to\"
ledger/2026.csv:5: to \"operations\": a transfer to the fund it comes from
ledger/2026.csv:6: kind \"redeem\": needs a value in column \"member\"
ledger/2026.csv:7: member \"bob\": no such member (no members/bob.toml)
ledger/2026.csv:8: kind \"gift\": expected income, cost, transfer, share, redeem, payout, returned, refund or remit
ledger/2026.csv:9: to \"operations\": only a transfer (a fund) or a remittance (tax or social) goes to something
payments/2026.csv:3: contract \"C-1\": payments and write-offs total 700.00, more than its amount 600.00
payments/2026.csv:4: contract \"C-99\": no such contract
payments/2026.csv:5: kind \"refund\": expected \"payment\" or \"writeoff\"
The books have 24 problems: 24 errors, 0 warnings.
",
    );
}

#[test]
fn missing_columns() {
    assert_check(
        "columns",
        "\
contracts/2026-03.csv:1: missing required columns \"date\", \"hours\"; the header has \"id\", \"member\", \"client\", \"when\", \"amount\"
payments/2026.csv:1: missing required column \"amount\"; the header has \"contract\", \"date\"
The books have 2 problems: 2 errors, 0 warnings.
",
    );
}

#[test]
fn rule_violations() {
    // Levy 10 %, employer 25 %, minimum 15.00 an hour and 3 hours.
    // 200.00 - 20.00 = 180.00 budget; 180 / 1.25 / 10 = 14.40 an hour.
    // 83.34 - 8.33 = 75.01; 75.01 / 1.25 / 4 = 15.002: allowed.
    // 83.33 - 8.33 = 75.00; 75 / 1.25 / 4 = 15.00 exactly: allowed.
    // 83.32 - 8.33 = 74.99; 74.99 / 1.25 / 4 = 14.998: shown as 14.99, below.
    assert_check(
        "rules",
        "\
contracts/2026-03.csv:2: contract R-1: 2 hours is below the minimum contract length of 3 hours
contracts/2026-03.csv:3: contract R-2: hourly gross 14.40 is below the minimum hourly wage 15.00
contracts/2026-03.csv:4: contract R-3: 0 hours is below the minimum contract length of 3 hours
contracts/2026-03.csv:4: contract R-3: 0 hours, so no hourly gross to meet the minimum hourly wage 15.00
contracts/2026-03.csv:7: contract R-6: hourly gross 14.99 is below the minimum hourly wage 15.00
The books have 5 problems: 5 errors, 0 warnings.
",
    );
}

#[test]
fn rule_violations_as_warnings() {
    let b = Books::copy_of("bad/rules").append("coop.toml", "violations = \"warn\"\n");
    let r = b.run(&["check"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with(
        "contracts/2026-03.csv:2: warning: contract R-1: 2 hours is below the minimum contract length of 3 hours\n"
    ));
    assert!(r.stdout.ends_with(
        "The books are valid: 1 member, 6 contracts, 0 payments, 0 ledger rows, with 5 warnings.\n"
    ));
}

#[test]
fn negative_budget() {
    // 100.00 - 10 % levy 10.00 - expenses 95.00 = -5.00
    assert_check(
        "budget",
        "\
contracts/2026-03.csv:2: contract B-1: budget -5.00 is negative (amount 100.00 - levies 10.00 - expenses 95.00)
The books have 1 problem: 1 error, 0 warnings.
",
    );
}

#[test]
fn bad_coop_toml() {
    assert_check(
        "coop",
        "\
coop.toml:2: currency \"euro\": expected an ISO 4217 code such as \"EUR\"
coop.toml:3: guarantee_fund \"guarantee\": no such fund; declare it under [funds.guarantee]
coop.toml:6: funds.operations.opening \"1,000.00\": has a thousands separator; write the number without it
coop.toml:15: levies.rate \"6,5%\": use a dot for decimals
coop.toml:16: levies.fund \"community\": no such fund; declare it under [funds.community]
coop.toml:24: levies in force from 2027-01-01 total 105% (mutual 60%, guarantee 45%); they must total less than 100%
coop.toml:32: payroll.employee_rate \"113%\": must lie between 0 and 100% (0 and 1) inclusive
coop.toml:34: payroll.withholding: the first above is 100.00; it must be 0.00
coop.toml:36: payroll.withholding: above 1000.00 must be greater than the one before it (2500.00)
The books have 9 problems: 9 errors, 0 warnings.
",
    );
}

#[test]
fn bad_members() {
    assert_check(
        "members",
        "\
members/Bad_Name.toml:1: member id \"Bad_Name\": must match [a-z0-9][a-z0-9._-]* (rename the file)
members/alice.toml:2: iban \"BE71 0961 2345 6760\": the IBAN's check digits do not match: a digit is probably mistyped
members/alice.toml:4: left \"2024-01-31\" is before joined \"2024-02-01\"
members/alice.toml:5: levies.guarantee: no levy \"guarantee\" in coop.toml
members/bob.toml:2: unknown field `nickname`, expected one of `name`, `email`, `iban`, `joined`, `left`, `works_as_user`, `model`, `withholding_rate`, `levies`
members/carol.toml:2: joined \"01/02/2024\": expected a date as YYYY-MM-DD
members/carol.toml:3: model \"freelance\": expected \"salaried\" or \"contractor\"
members/carol.toml:4: withholding_rate \"0.5.5\": is not a number
The books have 8 problems: 8 errors, 0 warnings.
",
    );
}

#[test]
fn unparsable_toml() {
    assert_check(
        "toml",
        "coop.toml:3: unclosed table, expected `]`\nThe books have 1 problem: 1 error, 0 warnings.\n",
    );
}

#[test]
fn json_and_csv_output() {
    let r = run(&fixture("bad/budget"), &["--format", "json", "check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.json(),
        serde_json::json!({"ok": false, "problems": [{"severity": "error", "file": "contracts/2026-03.csv", "line": 2,
            "message": "contract B-1: budget -5.00 is negative (amount 100.00 - levies 10.00 - expenses 95.00)"}]})
    );
    let r = run(&fixture("bad/budget"), &["--format", "csv", "check"]);
    assert_eq!(
        r.stdout,
        "severity,file,line,message\nerror,contracts/2026-03.csv,2,contract B-1: budget -5.00 is negative (amount 100.00 - levies 10.00 - expenses 95.00)\n"
    );
    let r = run(&fixture("atelier"), &["--format", "json", "check"]);
    assert_eq!(r.json(), serde_json::json!({"ok": true, "problems": []}));
}

#[test]
fn problems_are_sorted_whatever_the_file_order() {
    // Two files with problems: reported by file name, then line.
    let b = Books::minimal(&["alice"])
        .file("contracts/b.csv", "id,member,client,date,hours,amount\nB-1,alice,X,2026-03-01,4,1.001\n")
        .file("contracts/a.csv", "id,member,client,date,hours,amount\nA-1,zed,X,2026-03-01,4,100.00\nA-2,alice,X,2026-03-01,4,0\n");
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "\
contracts/a.csv:2: member \"zed\": no such member (no members/zed.toml)
contracts/a.csv:3: amount \"0\": must be greater than 0
contracts/b.csv:2: amount \"1.001\": has 3 decimal places; EUR amounts have at most 2
The books have 3 problems: 3 errors, 0 warnings.
"
    );
}

#[test]
fn csv_reading_rules() {
    // BOM, columns in another order and case, extra columns, spaces around cells, blank lines,
    // quoted commas: all accepted.
    let b = Books::minimal(&["alice"]).file(
        "contracts/2026.csv",
        "\u{feff}Amount, DATE ,id,member,client,hours,notes\n 600.00 ,2026-03-05,C-1,alice,\"Théâtre, Parc\",6,my own note\n\n,,,,,,\n",
    );
    let r = b.run(&["check"]);
    // A column of one's own is kept, and said to be left out.
    assert_eq!(
        r.stdout,
        "contracts/2026.csv:1: warning: column \"notes\": not a column coopbooks reads; kept, \
         and left out\nThe books are valid: 1 member, 1 contract, 0 payments, 0 ledger rows, \
         with 1 warning.\n"
    );
    assert_eq!(r.code, 0);
    // Files that do not end in .csv are not read, and said to be left out.
    let b = b.file("contracts/notes.txt", "not a csv");
    let r = b.run(&["check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(
            "contracts/2026.csv:1: warning: column \"notes\": not a column coopbooks reads; \
             kept, and left out\ncontracts/notes.txt:1: warning: not read: only the files of \
             contracts/ whose names end in .csv are\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn toml_reading_rules() {
    // A BOM, a bare TOML date and a bare number rate are accepted.
    let coop = common::MINIMAL_COOP.replace("rate = \"10%\"", "rate = 0.1");
    let b = Books::empty()
        .file("coop.toml", &format!("\u{feff}{coop}"))
        .file(
            "members/alice.toml",
            "name = \"Alice\"\njoined = 2024-02-01\n",
        );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let b = b.file(
        "members/alice.toml",
        "name = \"Alice\"\njoined = 2024-02-01T10:00:00\n",
    );
    assert_eq!(
        b.run(&["check"]).stdout,
        "members/alice.toml:2: joined \"2024-02-01T10:00:00\": expected a date as YYYY-MM-DD\nThe books have 1 problem: 1 error, 0 warnings.\n"
    );
}

#[test]
fn levy_override_over_100_percent() {
    let b = Books::minimal(&[]).file(
        "members/alice.toml",
        "name = \"Alice\"\nlevies = { mutual = \"100%\" }\n",
    );
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "members/alice.toml:1: with this member's levies, levies in force from the start total 100% (mutual 100%); they must total less than 100%\nThe books have 1 problem: 1 error, 0 warnings.\n"
    );
}

#[test]
fn books_directory_is_found() {
    let b = Books::copy_of("atelier");
    // Upward search from a subdirectory.
    let r = run_in(&b.path().join("contracts"), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // COOPBOOKS_DIR.
    let out = assert_cmd::Command::cargo_bin("coopbooks")
        .unwrap()
        .env("COOPBOOKS_DIR", b.path())
        .current_dir(std::env::temp_dir())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn missing_books_are_exit_2() {
    let empty = Books::empty();
    let r = run_in(empty.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("coopbooks: no coop.toml in "),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .ends_with(" or any directory above it; use --books DIR or set COOPBOOKS_DIR\n")
    );
    let r = run(&empty.path().join("nope"), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    let r = run(empty.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .ends_with("has no coop.toml; is it a books directory?\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn unreadable_file_is_exit_2() {
    let b = Books::minimal(&[]).file("contracts/2026.csv", "x");
    std::fs::remove_file(b.path().join("contracts/2026.csv")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target", b.path().join("contracts/2026.csv")).unwrap();
    let r = b.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("coopbooks: cannot read "),
        "{}",
        r.stderr
    );
}

#[test]
fn usage_errors_are_exit_2() {
    let r = run(&fixture("atelier"), &["pay", "March"]);
    assert_eq!(r.code, 2);
    // Arguments are parsed by clap, which reports them in its own words.
    assert_eq!(
        r.stderr,
        "error: invalid value 'March' for '<PERIOD>': period \"March\": expected a month \
         (2026-03), a quarter (2026-Q1) or a year (2026)\n\n\
         For more information, try '--help'.\n"
    );
    let r = run(&fixture("atelier"), &["frobnicate"]);
    assert_eq!(r.code, 2);
}

#[test]
fn invalid_utf8_is_a_problem() {
    let b = Books::minimal(&["alice"]);
    std::fs::create_dir_all(b.path().join("contracts")).unwrap();
    std::fs::write(
        b.path().join("contracts/x.csv"),
        b"id,member,client,date,hours,amount\nC-1,alice,Caf\xe9,2026-03-01,4,100.00\n",
    )
    .unwrap();
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "contracts/x.csv:2: client \"Café\": is not valid UTF-8 (shown as Latin-1, which the \
         file probably is); save the file as UTF-8 (\"CSV UTF-8\" in Excel, character set \
         \"Unicode (UTF-8)\" in LibreOffice)\nThe books have 1 problem: 1 error, 0 warnings.\n"
    );
}

#[test]
fn a_toml_file_that_is_not_utf8_is_a_problem() {
    let b = Books::minimal(&[]);
    std::fs::create_dir_all(b.path().join("members")).unwrap();
    std::fs::write(
        b.path().join("members/zoe.toml"),
        b"# Zo\xeb\nname = \"Zo\xeb\"\n",
    )
    .unwrap();
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "members/zoe.toml:1: is not valid UTF-8; save the file as UTF-8 (\"CSV UTF-8\" in \
         Excel, character set \"Unicode (UTF-8)\" in LibreOffice)\nThe books have 1 problem: 1 \
         error, 0 warnings.\n"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let r = run(&fixture("bad/budget"), &["--color", "always", "check"]);
    assert!(
        r.stdout.starts_with(
            "\x1b[1mcontracts/2026-03.csv:2:\x1b[0m \x1b[31merror: \x1b[0mcontract B-1"
        ),
        "{:?}",
        r.stdout
    );
    // Not a terminal: no colour by default.
    let r = run(&fixture("bad/budget"), &["check"]);
    assert!(!r.stdout.contains('\x1b'));
}

#[test]
fn books_whose_amounts_total_more_than_the_cap_are_one_problem() {
    // Each amount may be up to 999999999999.99 (just under 10^14 cents); the books together at
    // most 10^16 cents. 100 such contracts total 99999999999999.00, within the cap; the 101st
    // takes the total to 100999999999998.99, over it, and is the row named.
    let mut csv = String::from("id,member,client,date,hours,amount\n");
    for i in 1..=101 {
        csv.push_str(&format!("C-{i},alice,X,2026-03-02,4,999999999999.99\n"));
    }
    let b = Books::minimal(&["alice"]).file("contracts/2026-03.csv", &csv);
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "contracts/2026-03.csv:102: the books' amounts total more than 100000000000000.00 \
         (or their hours more than 1000000000000), more than coopbooks computes exactly; \
         nothing is computed from these books\nThe books have 1 problem: 1 error, 0 warnings.\n"
    );
    assert_eq!(r.code, 1);
    let r = b.run(&["pay", "2026-03"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // One row fewer is within the cap, and its figures are exact:
    // 100 x 999999999999.99 = 99999999999999.00.
    let csv: String = csv.lines().take(101).map(|l| format!("{l}\n")).collect();
    let b = b.file("contracts/2026-03.csv", &csv);
    let r = b.run(&["--format", "json", "pay", "2026-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["totals"]["amount"], "99999999999999.00");
}

#[test]
fn of_several_unreadable_files_the_first_is_named_every_time() {
    // Files are read by two cores in an order of their own; the one reported is the first in
    // reading order (payments, then contracts by name, ...), whichever core met it.
    let b = Books::minimal(&["alice"]);
    std::fs::create_dir_all(b.path().join("contracts")).unwrap();
    for name in ["a.csv", "b.csv", "c.csv"] {
        let link = b.path().join("contracts").join(name);
        std::os::unix::fs::symlink("/nonexistent/target", link).unwrap();
    }
    for _ in 0..5 {
        let r = b.run(&["check"]);
        assert_eq!(r.code, 2);
        let want = format!(
            "coopbooks: cannot read {}",
            b.path().join("contracts/a.csv").display()
        );
        assert!(r.stderr.starts_with(&want), "{}", r.stderr);
    }
}

/// One mistake, one message: coop.toml that does not load is reported alone, not with the
/// "no such fund" of every row that names a fund it declares.
#[test]
fn a_coop_toml_that_does_not_load_is_its_errors_alone() {
    let books = Books::copy_of("atelier").append("coop.toml", "\n[banking]\nname = \"Triodos\"\n");
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "coop.toml:112: unknown field `banking`, expected one of `name`, `currency`, \
             `pay_within_working_days`, `holidays`, `guarantee_fund`, `funds`, `levies`, \
             `payroll`, `rules`, `patronage`, `capital`, `bank`, `seller`, `invoices`, `vat`\n\
             The books have 1 problem: 1 error, 0 warnings.\n"
        )
    );
}

/// A CSV file as a European spreadsheet exports it — separated by semicolons or tabs, or
/// saved as "Unicode text" (UTF-16) — is one message that says how to export it, and the
/// payments that name its contracts are not reported as naming unknown ones.
#[test]
fn a_csv_separated_otherwise_or_in_utf16_is_one_message() {
    let march = std::fs::read_to_string(fixture("atelier").join("contracts/2026-03.csv")).unwrap();
    let save = "save it as \"CSV UTF-8 (comma delimited)\"";
    let semicolons =
        Books::copy_of("atelier").file("contracts/2026-03.csv", &march.replace(',', ";"));
    let tabs = Books::copy_of("atelier").file("contracts/2026-03.csv", &march.replace(',', "\t"));
    for (books, by) in [(semicolons, "semicolons"), (tabs, "tabs")] {
        let r = books.run(&["check"]);
        assert_eq!(
            (r.code, r.stdout),
            (
                1,
                format!(
                    "contracts/2026-03.csv:1: the columns are separated by {by}, not commas; \
                     {save}\nThe books have 1 problem: 1 error, 0 warnings.\n"
                )
            )
        );
    }
    // UTF-16, little-endian with its byte-order mark, as "Unicode text" is saved.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(march.encode_utf16().flat_map(u16::to_le_bytes));
    let books = Books::copy_of("atelier");
    std::fs::write(books.path().join("contracts/2026-03.csv"), utf16).unwrap();
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout),
        (
            1,
            format!(
                "contracts/2026-03.csv:1: is UTF-16 text (\"Unicode text\"), not UTF-8; {save}\n\
                 The books have 1 problem: 1 error, 0 warnings.\n"
            )
        )
    );
}

#[test]
fn books_that_name_a_file_say_it_is_not_a_directory() {
    let books = Books::copy_of("atelier");
    let file = books.path().join("coop.toml");
    let r = run_in(books.path(), &["--books", file.to_str().unwrap(), "check"]);
    assert_eq!(
        (r.code, r.stderr),
        (
            2,
            format!(
                "coopbooks: {} is not a directory; --books names the books directory, the one \
                 that holds coop.toml\n",
                file.display()
            )
        )
    );
}

/// A guarantee fund of 100.00 with a 10 % levy into it, and one contract of 1000.00 on Monday
/// 2026-03-02: its levy brings the fund to 200.00 that day; its pay date, 7 working days
/// later, is Wednesday 2026-03-11, when the fund fronts all 1000.00 (200.00 − 1000.00 =
/// −800.00); the client pays on 2026-03-20 and the fund is back at 200.00.
fn low_fund(minimum: &str) -> Books {
    Books::empty()
        .file(
            "coop.toml",
            &format!(
                "name = \"T\"\ncurrency = \"EUR\"\nguarantee_fund = \"guarantee\"\n\
                 [funds.guarantee]\nopening = \"100.00\"\n{minimum}\
                 [[levies]]\nname = \"g\"\nrate = \"10%\"\nfund = \"guarantee\"\n\
                 [payroll]\nmodel = \"contractor\"\n"
            ),
        )
        .file("members/ann.toml", "name = \"Ann\"\n")
        .file(
            "contracts/2026.csv",
            "id,member,client,date,hours,amount\nC-1,ann,X,2026-03-02,10,1000.00\n",
        )
        .file(
            "payments/2026.csv",
            "contract,date,amount\nC-1,2026-03-20,1000.00\n",
        )
}

#[test]
fn a_fund_below_zero_is_a_warning_and_below_its_minimum_an_error() {
    let r = low_fund("").run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "coop.toml:4: warning: [funds.guarantee]: the fund is below zero from 2026-03-11 (by \
             800.00) and at its lowest -800.00 on 2026-03-11; `coopbooks funds --period` shows \
             its movements, and a minimum under [funds.guarantee] makes this an error\n\
             The books are valid: 1 member, 1 contract, 1 payment, 0 ledger rows, with 1 \
             warning.\n"
        )
    );
    // With a minimum of 150.00 the fund is 950.00 below it on the pay date: an error, and
    // `close` refuses the month (exit 1, as for any problem of the books).
    let books = low_fund("minimum = \"150.00\"\n");
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.lines().next()),
        (
            1,
            Some(
                "coop.toml:4: [funds.guarantee] minimum 150.00: the fund is below it from \
                 2026-03-11 (by 950.00) and at its lowest -800.00 on 2026-03-11"
            )
        )
    );
    assert_eq!(books.run(&["close", "2026-03"]).code, 1);
}

/// Work dated after a member left, or before they joined, is an error that says what to do: it
/// is more often a mistyped date or member than work done as a user, which the member's file
/// says with `works_as_user = true` (as the example co-op's Greta, who worked as a user before
/// joining on 2026-02-01, does).
#[test]
fn a_contract_outside_its_members_membership_is_an_error() {
    let books = Books::copy_of("atelier")
        .append(
            "contracts/2026-03.csv",
            "H-1,hugo,Ville de Namur,2026-03-10,5,500.00,,Sound check,\n",
        )
        .file(
            "members/greta.toml",
            "name = \"Greta Vos\"\njoined = \"2026-01-18\"\n",
        );
    let r = books.run(&["check"]);
    // Hugo left on 2026-02-28: ten days before. Greta joins on the 18th, 3 days after her
    // contract of 2026-01-15 (line 5).
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "contracts/2026-01.csv:5: member \"greta\": joined on 2026-01-18 \
             (members/greta.toml), 3 days after this contract of 2026-01-15; if greta worked as \
             a user before joining, add works_as_user = true to members/greta.toml (the work is \
             paid and counts for no patronage); if \"joined\" is mistyped, correct it; if the \
             work is someone else's, correct \"member\"\n\
             contracts/2026-03.csv:18: member \"hugo\": left on 2026-02-28 (members/hugo.toml), \
             10 days before this contract of 2026-03-10; if hugo works on as a user, add \
             works_as_user = true to members/hugo.toml (the work is paid and counts for no \
             patronage); if \"left\" is mistyped, correct it; if the work is someone else's, \
             correct \"member\"\n\
             The books have 2 problems: 2 errors, 0 warnings.\n"
        )
    );
    // Said so in their files, both are a user's work: valid.
    let books = books
        .append("members/greta.toml", "works_as_user = true\n")
        .append("members/hugo.toml", "works_as_user = \"yes\"\n");
    let r = books.run(&["check"]);
    assert!(
        r.stdout
            .contains("members/hugo.toml:6: works_as_user: expected true or false (unquoted)"),
        "{}",
        r.stdout
    );
    let books = books.file(
        "members/hugo.toml",
        &(std::fs::read_to_string(fixture("atelier").join("members/hugo.toml")).unwrap()
            + "works_as_user = true\n"),
    );
    assert_eq!(
        books.run(&["check"]).stdout,
        "The books are valid: 10 members, 42 contracts, 32 payments, 48 ledger rows.\n"
    );
    let greta = std::fs::read_to_string(fixture("atelier").join("contracts/2026-01.csv")).unwrap();
    assert!(greta.contains(",greta,") && greta.contains("2026-01-15"));
}

/// Mistakes a treasurer makes, said so as to be mended at once: the nearest declared name, a
/// currency sign typed with an amount, a mistyped IBAN.
#[test]
fn mistakes_say_what_was_meant() {
    let b = Books::minimal(&["amelie"])
        .file(
            "contracts/2026.csv",
            "id,member,client,date,hours,amount\n\
             C-1,amelei,X,2026-03-02,4,100.00\n\
             C-2,amelie,X,2026-03-02,4,600 €\n\
             C-3,amelie,X,2026-03-02,4,EUR 600.00\n",
        )
        .file(
            "ledger/2026.csv",
            "date,kind,amount,fund\n2026-03-05,cost,10.00,operation\n",
        )
        .file(
            "members/bob.toml",
            "name = \"Bob\"\niban = \"BE71 0961 2345 6760\"\n",
        );
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "contracts/2026.csv:2: member \"amelei\": no such member (no members/amelei.toml); did \
         you mean \"amelie\"?\n\
         contracts/2026.csv:3: amount \"600 €\": has a currency sign; write the number alone\n\
         contracts/2026.csv:4: amount \"EUR 600.00\": has a currency sign; write the number alone\n\
         ledger/2026.csv:2: fund \"operation\": no such fund; did you mean \"operations\"? \
         (else declare it under [funds.operation] in coop.toml)\n\
         members/bob.toml:2: iban \"BE71 0961 2345 6760\": the IBAN's check digits do not match: \
         a digit is probably mistyped\n\
         The books have 5 problems: 5 errors, 0 warnings.\n"
    );
}
