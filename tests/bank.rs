//! The bank account: `import camt053` records every movement (client payments, payouts and
//! their returns, what the bank rules match, split transfers, late lines) and each statement's
//! balances; `check` and `bank` meet those balances. The atelier's whole bank history, written
//! as monthly statements (`tests/camt053/atelier-YYYY-MM.xml`, regenerated with
//! `UPDATE_STATEMENTS=1`), imported into its books without it, gives the same rows back.

mod common;
use common::{Books, Entry, statement, xmllint, xsd};
use serde_json::Value;
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
/// and `bank` shows no difference, from the opening 18500.00 to 22759.23 at the end of April.
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
         BE68539007547034,ATL-2025-06,2025-06-01,2025-06-30,18500.00,18600.00\n\
         BE68539007547034,ATL-2026-01,2026-01-01,2026-01-31,18600.00,21755.50\n\
         BE68539007547034,ATL-2026-02,2026-02-01,2026-02-28,21755.50,27625.64\n\
         BE68539007547034,ATL-2026-03,2026-03-01,2026-03-31,27625.64,33085.54\n\
         BE68539007547034,ATL-2026-04,2026-04-01,2026-04-30,33085.54,22759.23\n"
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
        (Some("18500.00"), Some("22759.23"))
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
