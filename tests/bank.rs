//! The bank account: `import camt053` records every movement (client payments, payouts and
//! their returns, what the bank rules match, split transfers, late lines) and each statement's
//! balances; `check` and `bank` meet those balances. The atelier's whole bank history, written
//! as monthly statements (`tests/camt053/atelier-YYYY-MM.xml`, regenerated with
//! `UPDATE_STATEMENTS=1`), imported into its books without it, gives the same rows back.

mod common;
use common::{Books, Entry, statement, xmllint, xsd};
use std::path::{Path, PathBuf};

fn read(books: &Books, rel: &str) -> String {
    std::fs::read_to_string(books.path().join(rel)).unwrap_or_default()
}

fn validate(file: &Path) {
    if let Some(schema) = xsd("camt.053.001.08") {
        xmllint(&schema, file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// Writes statements to a temporary directory, validated: their paths.
fn written(dir: &Path, statements: &[(String, String)]) -> Vec<String> {
    (statements.iter())
        .map(|(name, xml)| {
            let path = dir.join(name);
            std::fs::write(&path, xml).unwrap();
            validate(&path);
            path.to_str().unwrap().to_string()
        })
        .collect()
}

fn import(books: &Books, files: &[String]) -> common::Run {
    let mut args = vec!["import", "camt053"];
    args.extend(files.iter().map(String::as_str));
    books.run(&args)
}

/// A member's name and IBAN, from their file.
fn member(books: &Books, id: &str) -> (String, String) {
    let text = read(books, &format!("members/{id}.toml"));
    let value = |key: &str| {
        (text.lines())
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .map(|v| v.trim_end_matches('"').replace(' ', ""))
            .unwrap_or_default()
    };
    let name = text
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .map(|v| v.trim_end_matches('"').to_string())
        .unwrap_or_default();
    (name, value("iban"))
}

/// The books' bank history as the bank would state it, one statement a month with
/// movements: each client payment a credit naming its contract (payments of one day with one
/// reference, one transfer naming them all), each payout a debit with its end-to-end id, each
/// other row a line whose text is its memo (what the bank rules read), from the member's IBAN
/// for a share or a redemption. The bank's reference of each line is the row's memo.
fn history(books: &Books, months: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for month in months {
        let j = books
            .run(&["--format", "json", "bank", "--period", month])
            .json();
        let mut entries: Vec<Entry> = Vec::new();
        for m in j["movements"].as_array().unwrap() {
            let s = |k: &str| m[k].as_str().unwrap().to_string();
            let (kind, memo, amount) = (s("kind"), s("memo"), s("amount"));
            let credit = !amount.starts_with('-');
            let amount = amount.trim_start_matches('-').to_string();
            if kind == "payment"
                && let Some(e) = (entries.iter_mut())
                    .find(|e| e.reference == memo && e.date == s("date") && e.credit)
            {
                let sum = cents(&e.amount) + cents(&amount);
                e.amount = format!("{}.{:02}", sum / 100, sum % 100);
                e.text = format!("{} {}", e.text, s("for"));
                continue;
            }
            let mut e = Entry {
                date: s("date"),
                credit,
                amount,
                reference: memo.clone(),
                ..Entry::default()
            };
            match kind.as_str() {
                "payment" => e.text = s("for"),
                "payout" | "returned" => {
                    (e.party, e.iban) = member(books, &s("for"));
                    e.e2e = memo;
                    e.returned = kind == "returned";
                }
                "refund" => e.e2e = memo,
                _ => {
                    e.text = memo;
                    if matches!(kind.as_str(), "share" | "redeem") {
                        e.iban = member(books, &s("for")).1;
                    }
                }
            }
            entries.push(e);
        }
        if entries.is_empty() {
            continue;
        }
        let (from, to) = (j["from"].as_str().unwrap(), j["to"].as_str().unwrap());
        let id = format!("ATL-{month}");
        let xml = statement(
            &id,
            (from, j["opening"].as_str().unwrap()),
            (to, j["closing"].as_str().unwrap()),
            &entries,
        );
        out.push((format!("atelier-{month}.xml"), xml));
    }
    out
}

fn cents(amount: &str) -> i64 {
    amount.replace('.', "").parse().unwrap()
}

/// The atelier's months, from Hugo's share in June 2025 to April 2026.
const MONTHS: [&str; 11] = [
    "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01",
    "2026-02", "2026-03", "2026-04",
];

fn camt053_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/camt053")
}

/// The example statements are the atelier's bank history as `history` writes it (with
/// `UPDATE_STATEMENTS=1`, written anew), each valid against the camt.053 XSD; and the
/// atelier's bank/statements.csv holds their balances, which its books meet: `check` passes
/// and `bank` shows no difference, from the opening 37000.00 to 41259.23 at the end of April.
#[test]
fn the_example_statements_are_the_atelier_history() {
    let books = Books::copy_of("atelier");
    let statements = history(&books, &MONTHS);
    let names: Vec<&str> = statements.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "atelier-2025-06.xml",
            "atelier-2026-01.xml",
            "atelier-2026-02.xml",
            "atelier-2026-03.xml",
            "atelier-2026-04.xml"
        ]
    );
    for (name, xml) in &statements {
        let path = camt053_dir().join(name);
        if std::env::var_os("UPDATE_STATEMENTS").is_some() {
            std::fs::write(&path, xml).unwrap();
        }
        assert_eq!(&std::fs::read_to_string(&path).unwrap(), xml, "{name}");
        validate(&path);
    }
    assert_eq!(
        read(&books, "bank/statements.csv"),
        "account,statement,from,to,opening,closing\n\
         BE68539007547034,ATL-2025-06,2025-06-01,2025-06-30,37000.00,37100.00\n\
         BE68539007547034,ATL-2026-01,2026-01-01,2026-01-31,37100.00,40255.50\n\
         BE68539007547034,ATL-2026-02,2026-02-01,2026-02-28,40255.50,46125.64\n\
         BE68539007547034,ATL-2026-03,2026-03-01,2026-03-31,46125.64,51585.54\n\
         BE68539007547034,ATL-2026-04,2026-04-01,2026-04-30,51585.54,41259.23\n"
    );
    let check = books.run(&["check"]);
    assert_eq!(
        (check.code, check.stderr.as_str()),
        (0, ""),
        "{}",
        check.stdout
    );
    let bank = books.run(&[
        "--format",
        "json",
        "bank",
        "--period",
        "2025-06-01..2026-04-30",
    ]);
    assert_eq!(bank.code, 0, "{}", bank.stderr);
    let j = bank.json();
    assert_eq!(
        (j["opening"].as_str(), j["closing"].as_str()),
        (Some("37000.00"), Some("41259.23"))
    );
    let statements = j["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 5);
    assert!(
        statements
            .iter()
            .all(|s| s["difference"] == "0.00" && s["met"] == true)
    );
}

/// The books without their bank rows (payments, ledger rows that move money, the statements'
/// balances) and the atelier's statements imported into them give back the same files, and
/// the same `bank` report; a second import adds nothing. Every kind of line is in them: client
/// payments, one transfer paying C-2026-001 and C-2026-004 (968.00 + 592.90 = 1560.90),
/// payouts, remittances, rent and other costs, grants, shares and a redemption.
#[test]
fn the_atelier_bank_history_round_trips_through_its_statements() {
    let books = Books::copy_of("atelier");
    let report = |b: &Books| {
        b.run(&[
            "--format",
            "csv",
            "bank",
            "--period",
            "2025-06-01..2026-04-30",
        ])
        .stdout
    };
    let before = [
        read(&books, "payments/2026.csv"),
        read(&books, "ledger/2025.csv"),
        read(&books, "ledger/2026.csv"),
        read(&books, "bank/statements.csv"),
    ];
    let bank_before = report(&books);
    let dir = tempfile::tempdir().unwrap();
    let files = written(dir.path(), &history(&books, &MONTHS));
    let keep = |text: &str, keep: &dyn Fn(&str) -> bool| {
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        for l in lines.filter(|l| keep(l)) {
            out.push_str(l);
            out.push('\n');
        }
        out
    };
    let books = books
        .file(
            "payments/2026.csv",
            &keep(&before[0], &|l| l.contains(",writeoff,")),
        )
        .file("ledger/2025.csv", &keep(&before[1], &|_| false))
        .file(
            "ledger/2026.csv",
            &keep(&before[2], &|l| l.contains(",transfer,")),
        )
        .file(
            "bank/statements.csv",
            "account,statement,from,to,opening,closing\n",
        );
    let r = import(&books, &files);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert!(
        r.stdout.starts_with(
            "Imported 77 rows, 96974.07 EUR, into ledger/2025.csv, ledger/2026.csv, \
             payments/2026.csv.\nAlready imported: 0 (0.00 EUR). Skipped: 0. Unmatched: 0.\n\
             Recorded the balances of 5 statements in bank/statements.csv.\n"
        ),
        "{}",
        r.stdout
    );
    let after = [
        read(&books, "payments/2026.csv"),
        read(&books, "ledger/2025.csv"),
        read(&books, "ledger/2026.csv"),
        read(&books, "bank/statements.csv"),
    ];
    assert_eq!(after, before);
    assert_eq!(report(&books), bank_before);
    let again = import(&books, &files);
    assert!(
        again
            .stdout
            .starts_with("Imported 0 rows, 0.00 EUR.\nAlready imported: 77 "),
        "{}",
        again.stdout
    );
    assert_eq!(read(&books, "ledger/2026.csv"), before[2]);
}

/// Small books for the import's own cases: Ann (salaried-free contractor, IBAN BE71…) and Bob,
/// two invoices of Acme (C-1 1000.00, C-2 500.00, no VAT), March's pay, an opening of
/// 1000.00 on 1 March, and the rules given.
fn small(rules: &str) -> Books {
    // The bank's 1000.00 is the fund's: the books' openings balance.
    Books::minimal(&[])
        .replace("coop.toml", "opening = \"0.00\"", "opening = \"1000.00\"")
        .append(
            "coop.toml",
            "\n[bank]\nname = \"Coop\"\niban = \"BE68539007547034\"\n\
             opening = { date = \"2026-03-01\", balance = \"1000.00\" }\n",
        )
        .file(
            "members/ann.toml",
            "name = \"Ann\"\niban = \"BE71 0961 2345 6769\"\n",
        )
        .file(
            "members/bob.toml",
            "name = \"Bob\"\niban = \"BE75 0012 3456 7801\"\n",
        )
        .file(
            "contracts/2026.csv",
            "id,member,client,date,hours,amount\nC-1,ann,Acme,2026-03-02,10,1000.00\n\
             C-2,bob,Acme,2026-03-03,5,500.00\n",
        )
        .file("bank/rules.toml", rules)
}

fn line(date: &str, credit: bool, amount: &str, reference: &str) -> Entry {
    Entry {
        date: date.into(),
        credit,
        amount: amount.into(),
        reference: reference.into(),
        ..Entry::default()
    }
}

/// The payouts file's transfers, booked by the bank on 10 April with their end-to-end ids,
/// import as payouts paid (the ledger rows, dated on the booking day, for each member and
/// amount of `payouts 2026-03`); a second import adds nothing; the statement's balances are
/// met: 1000.00 − the two payouts.
#[test]
fn the_payouts_files_transfers_import_as_payouts_paid() {
    let books = small("");
    let dir = tempfile::tempdir().unwrap();
    let pain = dir.path().join("payouts.xml");
    let r = books.run(&["payouts", "2026-03", "--out", pain.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pain = std::fs::read_to_string(&pain).unwrap();
    let transfers: Vec<(String, String)> = (pain.split("<CdtTrfTxInf>").skip(1))
        .map(|t| {
            let between = |a: &str, b: &str| {
                let start = t.find(a).unwrap() + a.len();
                t[start..start + t[start..].find(b).unwrap()].to_string()
            };
            (between("<EndToEndId>", "<"), between("Ccy=\"EUR\">", "<"))
        })
        .collect();
    assert_eq!(transfers.len(), 2);
    let entries: Vec<Entry> = (transfers.iter().enumerate())
        .map(|(k, (e2e, amount))| Entry {
            e2e: e2e.clone(),
            ..line("2026-04-10", false, amount, &format!("BANK-{k}"))
        })
        .collect();
    let total: i64 = transfers.iter().map(|(_, a)| cents(a)).sum();
    let closing = 100_000 - total;
    let closing = format!("{}.{:02}", closing / 100, closing % 100);
    let xml = statement(
        "S-APR",
        ("2026-04-01", "1000.00"),
        ("2026-04-30", &closing),
        &entries,
    );
    let files = written(dir.path(), &[("april.xml".into(), xml)]);
    let r = import(&books, &files);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    // Ann: 1000.00 less the 10 % levy is 900.00, gross 900.00 ÷ 1.25 = 720.00, net 720.00 −
    // 10 % = 648.00; Bob half of it, 324.00.
    assert_eq!(
        transfers,
        [
            ("2026-03-ann".to_string(), "648.00".to_string()),
            ("2026-03-bob".to_string(), "324.00".to_string())
        ]
    );
    let ledger = read(&books, "ledger/2026.csv");
    assert_eq!(
        ledger,
        "date,kind,amount,fund,to,member,memo\n\
         2026-04-10,payout,324.00,,,bob,BANK-1\n\
         2026-04-10,payout,648.00,,,ann,BANK-0\n"
    );
    let again = import(&books, &files);
    assert!(
        again
            .stdout
            .starts_with("Imported 0 rows, 0.00 EUR.\nAlready imported: 2 "),
        "{}",
        again.stdout
    );
    assert_eq!(read(&books, "ledger/2026.csv"), ledger);
    let check = books.run(&["check"]);
    assert_eq!(
        (check.code, check.stderr.as_str()),
        (0, ""),
        "{}",
        check.stdout
    );
}

/// A payout Ann's bank sends back (a credit with the return's `RtrInf` and the payout's
/// end-to-end id) is a `returned` row: owed to Ann again. The bank: 1000.00 − 648.00 + 648.00.
#[test]
fn a_returned_payout_is_owed_again() {
    let books = small("").file(
        "ledger/2026.csv",
        "date,kind,amount,fund,to,member,memo\n2026-04-10,payout,648.00,,,ann,BANK-0\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let back = Entry {
        e2e: "2026-03-ann".into(),
        returned: true,
        text: "Account closed".into(),
        ..line("2026-04-14", true, "648.00", "BANK-R1")
    };
    let xml = statement(
        "S-R",
        ("2026-04-14", "352.00"),
        ("2026-04-14", "1000.00"),
        &[back],
    );
    let files = written(dir.path(), &[("r.xml".into(), xml)]);
    let r = import(&books, &files);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert!(
        read(&books, "ledger/2026.csv").ends_with("2026-04-14,returned,648.00,,,ann,BANK-R1\n"),
        "{}",
        read(&books, "ledger/2026.csv")
    );
    let bank = books.run(&["--format", "csv", "bank", "--period", "2026-04"]);
    assert_eq!(
        (bank.code, bank.stdout.as_str()),
        (
            0,
            "date,kind,for,memo,amount,balance,source\n\
             2026-04-10,payout,ann,BANK-0,-648.00,352.00,ledger/2026.csv:2\n\
             2026-04-14,returned,ann,BANK-R1,648.00,1000.00,ledger/2026.csv:3\n"
        )
    );
}

/// Rules: each field (direction by kind, counterparty in any case, IBAN, text, member by
/// IBAN), the first that matches wins, and a second import adds nothing. A line no rule
/// matches is left unmatched, and the import exits 1.
#[test]
fn bank_rules_write_the_rows_of_the_lines_they_match() {
    let rules = "\
[[rule]]
name = \"Landlord\"
kind = \"cost\"
counterparty = \"immo sablon\"
fund = \"operations\"
memo = \"Rent\"

[[rule]]
name = \"Anything to the landlord's account\"
kind = \"cost\"
iban = \"BE62 5100 0754 7061\"
fund = \"operations\"
memo = \"Landlord, other\"

[[rule]]
name = \"Capital\"
kind = \"share\"
text = \"capital\"
member_by_iban = true

[[rule]]
name = \"Grant\"
kind = \"income\"
direction = \"credit\"
text = \"subsidy\"
fund = \"operations\"

[[rule]]
name = \"Tax office\"
kind = \"remit\"
to = \"tax\"
counterparty = \"SPF Finances\"
";
    let books = small(rules);
    let dir = tempfile::tempdir().unwrap();
    let party = |e: Entry, name: &str, iban: &str| Entry {
        party: name.into(),
        iban: iban.into(),
        ..e
    };
    let entries = [
        // Both landlord rules match: the first wins.
        party(
            line("2026-03-05", false, "800.00", "B1"),
            "IMMO SABLON SA",
            "BE62510007547061",
        ),
        // Only the second: another name, the landlord's IBAN.
        party(
            line("2026-03-06", false, "45.00", "B2"),
            "Syndic",
            "BE62510007547061",
        ),
        Entry {
            text: "Capital Ann 2026".into(),
            ..party(
                line("2026-03-07", true, "250.00", "B3"),
                "Ann",
                "BE71096123456769",
            )
        },
        // "capital" from an IBAN of no member: no rule.
        Entry {
            text: "capital".into(),
            ..party(
                line("2026-03-08", true, "50.00", "B4"),
                "Stranger",
                "BE05979876543210",
            )
        },
        Entry {
            text: "Regional SUBSIDY".into(),
            ..line("2026-03-09", true, "3000.00", "B5")
        },
        party(
            line("2026-03-10", false, "120.00", "B6"),
            "SPF Finances",
            "",
        ),
    ];
    // 1000.00 − 800.00 − 45.00 + 250.00 + 50.00 + 3000.00 − 120.00 = 3335.00
    let xml = statement(
        "S-1",
        ("2026-03-01", "1000.00"),
        ("2026-03-31", "3335.00"),
        &entries,
    );
    let files = written(dir.path(), &[("s.xml".into(), xml)]);
    let r = import(&books, &files);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "coopbooks: 1 transaction left unmatched, to settle by hand (the others were imported)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "2026-03-08   50.00  Stranger      capital     names no contract, and no bank rule \
             matches it"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        read(&books, "ledger/2026.csv"),
        "date,kind,amount,fund,to,member,memo\n\
         2026-03-05,cost,800.00,operations,,,B1 Rent\n\
         2026-03-06,cost,45.00,operations,,,\"B2 Landlord, other\"\n\
         2026-03-07,share,250.00,,,ann,B3\n\
         2026-03-09,income,3000.00,operations,,,B5\n\
         2026-03-10,remit,120.00,,tax,,B6\n"
    );
    let again = import(&books, &files);
    assert!(
        again
            .stdout
            .starts_with("Imported 0 rows, 0.00 EUR.\nAlready imported: 5 (4215.00 EUR)."),
        "{}",
        again.stdout
    );
    // The statement is not met: the stranger's 50.00 is in the bank, not in the books.
    let check = books.run(&["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            1,
            "bank/statements.csv:2: statement \"S-1\": the bank's balance at the end of \
             2026-03-31 is 3335.00, the books' 3285.00 (50.00 less than the bank); its opening \
             balance, 1000.00 at the start of 2026-03-01, is met: they part between 2026-03-01 \
             and 2026-03-31\nThe books have 1 problem: 1 error, 0 warnings.\n"
        )
    );
}

/// One transfer naming C-1 and C-2, whose amounts open add up to it exactly (1000.00 +
/// 500.00), is a payment of each; one of 1499.99 naming them is left unmatched, saying why.
#[test]
fn a_transfer_paying_several_invoices_is_split_only_when_exact() {
    let books = small("");
    let dir = tempfile::tempdir().unwrap();
    let pays = |amount: &str, reference: &str| Entry {
        text: "Invoices C-1 and C-2".into(),
        party: "Acme".into(),
        ..line("2026-03-20", true, amount, reference)
    };
    let near = statement(
        "S-N",
        ("2026-03-01", "1000.00"),
        ("2026-03-31", "2499.99"),
        &[pays("1499.99", "T-1")],
    );
    let files = written(dir.path(), &[("near.xml".into(), near)]);
    let r = import(&books, &files);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "names several contracts, C-1, C-2, whose amounts still open add up to 1500.00, not \
             to it"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(read(&books, "payments/2026.csv"), "");
    let exact = statement(
        "S-E",
        ("2026-03-01", "1000.00"),
        ("2026-03-31", "2500.00"),
        &[pays("1500.00", "T-2")],
    );
    let files = written(dir.path(), &[("exact.xml".into(), exact)]);
    let r = import(&books, &files);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert_eq!(
        read(&books, "payments/2026.csv"),
        "contract,date,amount,kind,memo\n\
         C-1,2026-03-20,1000.00,payment,T-2\n\
         C-2,2026-03-20,500.00,payment,T-2\n"
    );
    let again = import(&books, &files);
    assert!(
        again
            .stdout
            .starts_with("Imported 0 rows, 0.00 EUR.\nAlready imported: 1 (1500.00 EUR)."),
        "{}",
        again.stdout
    );
}

/// A statement's closing balance off by 0.01 makes `check` exit 1 on its row, naming it, the
/// day, both balances and the difference; `bank` shows the difference and exits 1.
#[test]
fn a_statement_off_by_a_cent_is_named() {
    let books = Books::copy_of("atelier").replace(
        "bank/statements.csv",
        "2026-03-31,46125.64,51585.54",
        "2026-03-31,46125.64,51585.55",
    );
    let check = books.run(&["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            1,
            "bank/statements.csv:5: statement \"ATL-2026-03\": the bank's balance at the end of \
             2026-03-31 is 51585.55, the books' 51585.54 (0.01 less than the bank); its opening \
             balance, 46125.64 at the start of 2026-03-01, is met: they part between 2026-03-01 \
             and 2026-03-31; the statement before, \"ATL-2026-02\" to 2026-02-28, is met\n\
             The books have 1 problem: 1 error, 0 warnings.\n"
        )
    );
    let bank = books.run(&["bank", "--period", "2026-03"]);
    assert_eq!(
        bank.stderr,
        "coopbooks: 1 statement not met by the books; the first, \"ATL-2026-03\" to 2026-03-31: \
         the bank's balance is 0.01 above the books' (`coopbooks check` says where they part)\n"
    );
    assert_eq!(bank.code, 1);
    assert!(
        bank.stdout.contains("ATL-2026-03  2026-03-01  2026-03-31      46125.64  46125.64      51585.55  51585.54       -0.01"),
        "{}",
        bank.stdout
    );
}

fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// The journal carries the bank at its bank dates and asserts each statement's closing
/// balance: hledger and bean-check accept the atelier's, hledger finds the bank at 51585.54
/// on 1 April (ATL-2026-03's closing), and a statement a cent off fails the assertion. A
/// payment booked on 20 March and recorded on 1 April (March closed) is on the bank from 20
/// March, in suspense until 1 April.
#[test]
fn the_journal_asserts_the_statements_at_bank_dates() {
    if !common::have("hledger", "apt-get install -y hledger") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let export = |books: &Books, tool: &str| {
        let r = books.run(&["export", tool]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let path = dir.path().join(format!("books.{tool}"));
        std::fs::write(&path, r.stdout).unwrap();
        path.to_str().unwrap().to_string()
    };
    let books = Books::copy_of("atelier");
    let journal = export(&books, "hledger");
    let (ok, text) = tool("hledger", &["-f", &journal, "check"]);
    assert!(ok, "{text}");
    let (_, text) = tool(
        "hledger",
        &[
            "-f",
            &journal,
            "bal",
            "Assets:Bank",
            "-e",
            "2026-04-01",
            "-N",
        ],
    );
    assert!(text.contains("51585.54 EUR  Assets:Bank"), "{text}");
    if common::have("bean-check", "pip install beancount") {
        let ledger = export(&books, "beancount");
        let (ok, text) = tool("bean-check", &[&ledger]);
        assert!(ok, "{text}");
    }
    let off = Books::copy_of("atelier").replace(
        "bank/statements.csv",
        "2026-03-31,46125.64,51585.54",
        "2026-03-31,46125.64,51585.55",
    );
    let journal = export(&off, "hledger");
    let (ok, text) = tool("hledger", &["-f", &journal, "check"]);
    assert!(!ok && text.contains("balance assertion"), "{text}");

    let late = small("")
        .file(
            "payments/2026.csv",
            "contract,date,amount,kind,memo,booked\nC-1,2026-04-01,1000.00,payment,T-9,2026-03-20\n",
        )
        .file(
            "bank/statements.csv",
            "account,statement,from,to,opening,closing\n\
             BE68539007547034,S-3,2026-03-01,2026-03-31,1000.00,2000.00\n",
        );
    let check = late.run(&["check"]);
    assert_eq!(
        (check.code, check.stderr.as_str()),
        (0, ""),
        "{}",
        check.stdout
    );
    let journal = export(&late, "hledger");
    let (ok, text) = tool("hledger", &["-f", &journal, "check"]);
    assert!(ok, "{text}");
    for (end, bank, suspense) in [
        ("2026-03-21", "2000.00", "-1000.00"),
        ("2026-04-02", "2000.00", "0"),
    ] {
        let (_, text) = tool(
            "hledger",
            &[
                "-f",
                &journal,
                "bal",
                "Assets:Bank",
                "Assets:Suspense",
                "-e",
                end,
                "-N",
                "-E",
            ],
        );
        assert!(
            text.contains(&format!("{bank} EUR  Assets:Bank")),
            "{end}: {text}"
        );
        let suspense = match suspense {
            "0" => "0  Assets:Suspense".to_string(),
            s => format!("{s} EUR  Assets:Suspense"),
        };
        assert!(text.contains(&suspense), "{end}: {text}");
    }
}

/// What is still owed, under `pay` and `funds` and in their JSON: at the end of February the
/// atelier owes February's withholding (639.55), contributions (857.38 + 1771.19 = 2628.57)
/// and payouts (887.97 + 1897.00 + 771.35 + 1280.66 + 350.73 + 192.15 + 801.77 + 1281.24 +
/// 1501.47 + 573.64 = 9537.98): January's were remitted on 15 February and paid out on the
/// 10th. At the end of March, March's (1279.33, 3122.61, 11615.57); at the end of April,
/// nothing. Books that record no remittance, payout or bank opening show none.
#[test]
fn what_is_still_owed_to_the_state_and_the_members() {
    let books = Books::copy_of("atelier");
    let owed = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        books.run(&all).json()["owed"].clone()
    };
    assert_eq!(
        owed(&["funds", "--period", "2026-02"]),
        serde_json::json!({"at": "2026-02-28", "tax": "639.55", "social": "2628.57", "members": "9537.98"})
    );
    assert_eq!(
        owed(&["pay", "2026-03"]),
        serde_json::json!({"at": "2026-03-31", "tax": "1279.33", "social": "3122.61", "members": "11615.57"})
    );
    let table = books.run(&["funds", "--period", "2026-04"]).stdout;
    assert!(
        table.ends_with(
            "\nStill owed on 2026-04-30 (EUR):\n  tax office       0.00\n  social security  0.00\n  \
             members          0.00\n"
        ),
        "{table}"
    );
    let untracked = small("").replace(
        "coop.toml",
        "opening = { date = \"2026-03-01\", balance = \"1000.00\" }\n",
        "",
    );
    assert!(
        untracked
            .run(&["--format", "json", "pay", "2026-03"])
            .json()
            .get("owed")
            .is_none()
    );
}

/// A line booked before the bank account's opening is left unmatched, saying so: the opening
/// balance is the account's before every movement of the books.
#[test]
fn a_line_before_the_opening_is_left_unmatched() {
    let books = small("");
    let dir = tempfile::tempdir().unwrap();
    let early = Entry {
        text: "C-1".into(),
        ..line("2026-02-27", true, "100.00", "E-1")
    };
    let xml = statement(
        "S-0",
        ("2026-02-27", "900.00"),
        ("2026-02-27", "1000.00"),
        &[early],
    );
    let files = written(dir.path(), &[("early.xml".into(), xml)]);
    let r = books.run(&["--format", "csv", "import", "camt053", &files[0]]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains(",E-1,,C-1,,,booked before the bank account's opening on 2026-03-01,,,\n"),
        "{}",
        r.stdout
    );
    assert_eq!(read(&books, "payments/2026.csv"), "");
}

/// A rules file's mistakes, each on its line naming the rule and the key: a kind a rule cannot
/// write, a direction against its kind, a rule that would match every line, a fund or member
/// that does not exist, a remittance without its `to`, a share without its member.
#[test]
fn a_rules_files_mistakes_are_named() {
    let books = small(
        "[[rule]]\nname = \"A\"\nkind = \"payout\"\ntext = \"x\"\n\
         [[rule]]\nname = \"B\"\nkind = \"cost\"\ndirection = \"credit\"\ntext = \"x\"\nfund = \"operations\"\n\
         [[rule]]\nname = \"C\"\nkind = \"cost\"\nfund = \"operations\"\n\
         [[rule]]\nname = \"D\"\nkind = \"income\"\ntext = \"x\"\nfund = \"rent\"\n\
         [[rule]]\nname = \"E\"\nkind = \"remit\"\ntext = \"x\"\n\
         [[rule]]\nname = \"F\"\nkind = \"share\"\ntext = \"x\"\n\
         [[rule]]\nname = \"G\"\nkind = \"share\"\ntext = \"x\"\nmember = \"zed\"\n",
    );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "bank/rules.toml:3: rule 1: kind \"payout\": a rule writes income, cost, share, redeem \
             or remit (payouts, returned payouts and refunds are known by their transfer's \
             end-to-end id)\n\
             bank/rules.toml:8: rule 2: direction \"credit\": a rule of kind cost applies to debits\n\
             bank/rules.toml:12: rule 3 (C): matches every debit line; give it a counterparty, an \
             iban or a text\n\
             bank/rules.toml:19: rule 4: fund \"rent\": no such fund; declare it under \
             [funds.rent] in coop.toml\n\
             bank/rules.toml:22: rule 5: to: a remittance names who it pays: to = \"tax\" or \
             \"social\"\n\
             bank/rules.toml:25: rule 6: a share is a member's: give member = \"ID\" or \
             member_by_iban = true\n\
             bank/rules.toml:32: rule 7: member \"zed\": no such member (no members/zed.toml)\n\
             The books have 7 problems: 7 errors, 0 warnings.\n"
        )
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// The bank, whatever the order of the rows: the same movements in the same order with the
    /// same balances (only the rows' places differ), each balance the one before moved by the
    /// amount, and the closing the opening moved by them all.
    #[test]
    fn the_bank_is_the_same_whatever_the_order_of_the_rows(
        rows in proptest::collection::vec((1u32..28, 0u8..4, 1u64..50_000), 1..12),
        seed in 0usize..1000,
    ) {
        let kinds = ["income", "cost", "share", "payment"];
        let mut ledger = Vec::new();
        for &(day, kind, cents) in &rows {
            let amount = format!("{}.{:02}", cents / 100, cents % 100);
            let date = format!("2026-03-{day:02}");
            match kinds[kind as usize] {
                "payment" => {}
                "share" => ledger.push(format!("{date},share,{amount},,,ann,")),
                k => ledger.push(format!("{date},{k},{amount},operations,,,")),
            }
        }
        // Payments of C-1 (1000.00) only up to its amount.
        let mut left = 100_000u64;
        let payments: Vec<String> = (rows.iter().filter(|r| r.1 == 3))
            .filter_map(|&(day, _, cents)| {
                let c = cents.min(left);
                left -= c;
                (c > 0).then(|| format!("C-1,2026-03-{day:02},{}.{:02},payment,P{day}", c / 100, c % 100))
            })
            .collect();
        let file = |head: &str, rows: &[String]| {
            let mut out = format!("{head}\n");
            for r in rows {
                out.push_str(r);
                out.push('\n');
            }
            out
        };
        let bank = |ledger: &[String], payments: &[String]| {
            let books = small("")
                .file("ledger/2026.csv", &file("date,kind,amount,fund,to,member,memo", ledger))
                .file("payments/2026.csv", &file("contract,date,amount,kind,memo", payments));
            let r = books.run(&["--format", "csv", "bank", "--period", "2026-03"]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            let j = books.run(&["--format", "json", "bank", "--period", "2026-03"]).json();
            let rows: Vec<String> = (r.stdout.lines())
                .map(|l| l.rsplit_once(',').map_or(l, |(a, _)| a).to_string())
                .collect();
            (rows, j["opening"].clone(), j["closing"].clone())
        };
        let (first, opening, closing) = bank(&ledger, &payments);
        let mut shuffled = ledger.clone();
        let n = shuffled.len();
        for i in 0..n {
            shuffled.swap(i, (i * 7 + seed) % n);
        }
        let mut paid = payments.clone();
        paid.reverse();
        let (second, _, _) = bank(&shuffled, &paid);
        proptest::prop_assert_eq!(&first, &second);
        let cents = |s: &str| -> i64 { s.replace('.', "").parse().unwrap() };
        let mut balance = cents(opening.as_str().unwrap());
        for line in first.iter().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            let n = cells.len();
            balance += cents(cells[n - 2]);
            proptest::prop_assert_eq!(balance, cents(cells[n - 1]));
        }
        proptest::prop_assert_eq!(balance, cents(closing.as_str().unwrap()));
    }
}

/// Hand-checked entries of the journal: Alice's March payout leaving the bank on 10 April
/// (what she was owed, 1681.08, paid), March's withholding (1279.33) and contributions
/// (1018.54 + 2104.07 = 3122.61) remitted on 15 April, Greta's shares by transfer in her name,
/// and a cost with a payee column under that payee.
#[test]
fn the_journal_pays_members_and_the_state_from_the_bank() {
    let books = Books::copy_of("atelier").replace(
        "ledger/2026.csv",
        "date,kind,amount,fund,to,member,memo\n",
        "date,kind,amount,fund,to,member,memo,payee\n",
    );
    let books = books.replace(
        "ledger/2026.csv",
        "2026-01-05,cost,800.00,operations,,,Rent January\n",
        "2026-01-05,cost,800.00,operations,,,Rent January,Immo Sablon\n",
    );
    let journal = books.run(&["export", "hledger"]).stdout;
    for excerpt in [
        "2026-04-10 Alice Martin | 2026-03-alice  ; member:alice, source:ledger/2026.csv:44\n    \
         Liabilities:Members                              1681.08 EUR\n    \
         Assets:Bank                                     -1681.08 EUR\n",
        "2026-04-15 Tax office | Withholding 2026-03  ; source:ledger/2026.csv:47\n    \
         Liabilities:Withholding                          1279.33 EUR\n    \
         Assets:Bank                                     -1279.33 EUR\n",
        "2026-04-15 Social security | Social contributions 2026-03  ; source:ledger/2026.csv:48\n    \
         Liabilities:Social-Contributions                 3122.61 EUR\n    \
         Assets:Bank                                     -3122.61 EUR\n",
        "2026-02-02 Greta Vos | Greta joins: five shares  ; member:greta, source:ledger/2026.csv:6\n",
        "2026-01-05 Immo Sablon | Rent January  ; source:ledger/2026.csv:2\n",
    ] {
        assert!(journal.contains(excerpt), "{excerpt}");
    }
}

/// A creditor reference typed with a character wrong fails its check digits: the line is left
/// unmatched with the reference and, where one contract is that near, the reference it would
/// be. C-1's reference is RF35C1 (C1RF00 read as 1212715 00 leaves 63 mod 97; 98 − 63 = 35),
/// C-2's RF08C2. `RF35C3`: C3 is no contract's body, and C1 is a character away with check
/// digits 35. `RF99C2`: C2 is C-2's body, its check digits mistyped.
#[test]
fn a_mistyped_reference_says_which_contract_it_would_be() {
    let books = small("");
    let dir = tempfile::tempdir().unwrap();
    let entries = [
        Entry {
            rf: "RF35C3".into(),
            ..line("2026-04-10", true, "1000.00", "BANK-1")
        },
        Entry {
            rf: "RF99C2".into(),
            ..line("2026-04-10", true, "500.00", "BANK-2")
        },
    ];
    let xml = statement(
        "S-APR",
        ("2026-04-01", "1000.00"),
        ("2026-04-30", "2500.00"),
        &entries,
    );
    let files = written(dir.path(), &[("april.xml".into(), xml)]);
    let r = import(&books, &files);
    assert_eq!(r.code, 1, "{}", r.stdout);
    for reason in [
        "reference RF35C3: its check digits are wrong; RF35 C1 would be the reference of C-1",
        "reference RF99C2: its check digits are wrong; RF08 C2 would be the reference of C-2",
    ] {
        assert!(r.stdout.contains(reason), "{reason}\n{}", r.stdout);
    }
    assert_eq!(read(&books, "payments/2026.csv"), "");
}

/// A transfer for more than its contract has open, when a payment of that contract and amount
/// was typed by hand: the row is named, with how to mark it as this transfer (its memo).
#[test]
fn an_overpayment_names_the_payment_typed_by_hand() {
    let books = small("").file(
        "payments/2026.csv",
        "contract,date,amount\nC-1,2026-04-10,1000.00\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let entries = [Entry {
        rf: "RF35C1".into(),
        ..line("2026-04-10", true, "1000.00", "BANK-7")
    }];
    let xml = statement(
        "S-APR",
        ("2026-04-01", "2000.00"),
        ("2026-04-30", "3000.00"),
        &entries,
    );
    let files = written(dir.path(), &[("april.xml".into(), xml)]);
    let r = import(&books, &files);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let reason = "overpays C-1: 0.00 open; payments/2026.csv:2 pays it this amount already: if \
                  that row is this transfer, put the bank's reference BANK-7 in its memo column";
    assert!(r.stdout.contains(reason), "{}", r.stdout);
    // Marked so, the import finds it already there.
    let books = books.replace(
        "payments/2026.csv",
        "contract,date,amount\nC-1,2026-04-10,1000.00\n",
        "contract,date,amount,memo\nC-1,2026-04-10,1000.00,BANK-7\n",
    );
    let again = import(&books, &files);
    assert!(
        again.stdout.contains("Already imported: 1 (1000.00 EUR)"),
        "{}",
        again.stdout
    );
}
