//! Tables for people fit a 100-column terminal: the default layout of every report, on the
//! example books and on books with the figures of the largest co-op (member ids of 7
//! characters, amounts up to 99,999,999.99, long client names); `--wide` falls back to it when
//! the terminal is narrower; colour only where asked.

mod common;
use common::{Books, fixture, run, run_with};
use std::path::Path;

/// Every command that prints a table, with the arguments that fill it.
const TABLES: &[&[&str]] = &[
    &["pay", "2026-03"],
    &["pay", "2026-03", "--contracts"],
    &["member", "MEMBER"],
    &["funds"],
    &["guarantee", "--at", "2026-03-31"],
    &["patronage", "2026"],
    &["capital", "--at", "2026-12-31"],
];

/// Books with the widest figures a default table meets at the largest co-op's scale: three
/// members of 7-character ids, contracts of up to 33,333,333.33 (a month's total under
/// 100,000,000.00), clients of 25 characters, a payment that leaves most of a contract open.
fn big_figures() -> Books {
    let coop = std::fs::read_to_string(fixture("atelier").join("coop.toml")).unwrap();
    let mut b = Books::empty().file("coop.toml", &coop);
    let mut contracts = String::from("id,member,client,date,hours,amount,expenses,description\n");
    for (i, m) in ["member1", "member2", "member3"].iter().enumerate() {
        b = b.file(
            &format!("members/{m}.toml"),
            "name = \"A Member\"\njoined = \"2024-01-01\"\n",
        );
        contracts.push_str(&format!(
            "C-2026-{i:04},{m},Théâtre Wallon des Arts {i},2026-03-0{},9999.5,\
             33333333.33,1234567.89,Work\n",
            i + 2
        ));
    }
    b.file("contracts/2026.csv", &contracts).file(
        "payments/2026.csv",
        "contract,date,amount,kind,memo\nC-2026-0000,2026-03-20,1000.00,payment,\n",
    )
}

fn widest(out: &str) -> usize {
    out.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The arguments on these books: `MEMBER` is a member of them.
fn args_for(books: &Path, args: &[&str]) -> Vec<String> {
    let member = if books.join("members/alice.toml").exists() {
        "alice"
    } else {
        "member1"
    };
    (args.iter())
        .map(|a| if *a == "MEMBER" { member } else { a }.to_string())
        .collect()
}

#[test]
fn every_default_table_fits_in_100_columns() {
    let big = big_figures();
    for books in [fixture("atelier").as_path(), big.path()] {
        for args in TABLES {
            let args = args_for(books, args);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = run(books, &args);
            assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
            assert!(
                widest(&r.stdout) <= 100,
                "{} {args:?}: {} columns\n{}",
                books.display(),
                widest(&r.stdout),
                r.stdout
            );
            // At 100 columns, --wide falls back to the default layout where it must.
            let r = run_with(
                books,
                &[("COLUMNS", "100")],
                &[&["--wide"], &args[..]].concat(),
            );
            assert!(widest(&r.stdout) <= 100, "--wide {args:?}:\n{}", r.stdout);
        }
    }
}

/// A terminal narrower than a table cuts the client names with `…`, never a figure; without
/// a width (piped), nothing is cut.
#[test]
fn a_narrow_terminal_cuts_client_names_not_figures() {
    let big = big_figures();
    let args = ["pay", "2026-03", "--contracts"];
    let piped = run(big.path(), &args);
    assert!(piped.stdout.contains("Théâtre Wallon des Arts 0"));
    let r = run_with(big.path(), &[("COLUMNS", "80")], &args);
    // The contracts' table fits; the members' table has no text to cut, so it stays whole.
    let contracts = r.stdout.split("\n\n").nth(1).unwrap();
    assert!(widest(contracts) <= 80, "{}", r.stdout);
    assert!(r.stdout.contains("…"), "{}", r.stdout);
    for figure in ["33333333.33", "99999999.99"] {
        assert_eq!(
            r.stdout.matches(figure).count(),
            piped.stdout.matches(figure).count(),
            "{figure}"
        );
    }
}

/// A table narrowed to fit the window says so on stderr, with how to see all of it: cut
/// names, and `--wide` giving up its columns; piped, or when it fits, nothing is said.
#[test]
fn a_narrowed_table_says_so() {
    let note = "coopbooks: the table was narrowed to fit the window (names cut with …, or \
                --wide's columns left out); a wider window, or --format csv, shows all of it\n";
    let big = big_figures();
    let args = ["pay", "2026-03", "--contracts"];
    let r = run_with(big.path(), &[("COLUMNS", "80")], &args);
    assert_eq!(r.stderr, note);
    assert_eq!(run(big.path(), &args).stderr, "");
    let atelier = fixture("atelier");
    let r = run_with(&atelier, &[("COLUMNS", "60")], &["--wide", "funds"]);
    assert_eq!(r.stderr, note);
    let r = run_with(&atelier, &[("COLUMNS", "200")], &["--wide", "funds"]);
    assert_eq!(r.stderr, "");
}

/// The exact default pay table of the example books, with its total row.
#[test]
fn the_atelier_pay_table() {
    let r = run(&fixture("atelier"), &["pay", "2026-01"]);
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/pay-2026-01.table.out"),
    )
    .unwrap();
    assert_eq!(golden, format!("{}--- stderr\n--- exit 0\n", r.stdout));
    assert!(r.stdout.contains("\n───"));
    assert!(!r.stdout.contains('┆'));
}

/// Negative figures are red with `--color always`; never with `NO_COLOR` or when piped.
#[test]
fn colour_only_where_asked() {
    let books = Books::copy_of("atelier");
    // A cost larger than the community fund leaves it negative.
    let books = books.append(
        "ledger/2026.csv",
        "2026-03-31,cost,9000.00,community,,,Overdrawn\n",
    );
    let piped = run(books.path(), &["funds"]);
    assert!(piped.stdout.contains("-5278.84"), "{}", piped.stdout);
    assert!(!piped.stdout.contains('\u{1b}'));
    let coloured = run_with(
        books.path(),
        &[("NO_COLOR", "")],
        &["--color", "always", "funds"],
    );
    assert!(
        coloured.stdout.contains("\u{1b}[31m-5278.84\u{1b}[0m"),
        "{}",
        coloured.stdout
    );
    let r = run_with(books.path(), &[], &["--color", "never", "funds"]);
    assert!(!r.stdout.contains('\u{1b}'));
}
