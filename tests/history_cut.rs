//! Reading the open years only: over random books of 2023 to March 2026 with one, two or three
//! closed years, every report that reads from the latest closed year's carry (`pay`, `funds`,
//! `capital`, `guarantee`, `member`, in every format) prints exactly what it prints from the
//! whole books (`--all-years`); and the books are read from the year the test expects — the
//! latest closed year, with the rows of the invoices it leaves open — or whole when nothing
//! comes after it.

mod common;
use common::years::*;
use common::*;
use proptest::prelude::*;
use std::path::Path;

/// A contract: day from 2023-01-01 (to the end of March 2026), cents, payment pattern,
/// member.
type Row = (u32, u64, u8, u8);

/// A ledger row: day, kind (income, cost, share, payout, remittance, redemption), cents,
/// member.
type LedgerRow = (u32, u8, u64, u8);

#[derive(Clone, Debug)]
struct Case {
    contracts: Vec<Row>,
    ledger: Vec<LedgerRow>,
    /// How many years are closed (from 2023), and whether January of the next is too.
    closed: i32,
    next_month_closed: bool,
    /// Closed years' invoices all paid on their day: the latest closed year carries nothing
    /// open (else the patterns decide).
    settled: bool,
}

const DAYS: u32 = 1185; // 2023-01-01 + 1185 days = 2026-03-31

fn date(day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(u64::from(day))
}

fn year_end(year: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap()
}

/// The payments of a contract, as (day after its date, cents, kind): 0 unpaid; 1 paid on its
/// day; 2 paid a month later; 3 half paid after 20 days, the rest written off after 40.
fn payments(pattern: u8, cents: u64) -> Vec<(u32, u64, &'static str)> {
    match pattern % 4 {
        1 => vec![(0, cents, "payment")],
        2 => vec![(30, cents, "payment")],
        3 => vec![
            (20, cents / 2, "payment"),
            (40, cents - cents / 2, "writeoff"),
        ],
        _ => vec![],
    }
}

/// Whether an invoice with this pattern has a credit note (some of the unpaid ones).
fn credited(pattern: u8) -> bool {
    pattern % 8 == 4
}

/// The contracts in date order, each with its pattern (paid on its day in a closed year of
/// a settled case).
fn contracts(c: &Case) -> Vec<Row> {
    let mut rows = c.contracts.clone();
    rows.sort_by_key(|&(day, ..)| day);
    let closed_end = year_end(2022 + c.closed);
    for r in &mut rows {
        if c.settled && date(r.0) <= closed_end {
            r.2 = 1;
        }
    }
    rows
}

/// The books: contracts in monthly files, payments and the ledger in yearly ones; a bank
/// account and owed amounts tracked, capital revolving after a year.
fn write_books(c: &Case) -> Books {
    let b = books_of(
        "withholding = [{ above = \"0.00\", rate = \"10%\" }]\n",
        "[capital]\nrevolve_years = 1\n\
         [bank]\nname = \"P\"\niban = \"BE68 5390 0754 7034\"\n\
         opening = { date = \"2022-12-31\", balance = \"600.00\" }\n",
        "2022-06-01",
    );
    let p = b.path().to_path_buf();
    let header = "id,member,client,date,hours,amount,expenses,description,corrects";
    for (i, &(day, cents, pattern, member)) in contracts(c).iter().enumerate() {
        let d = date(day);
        let member = MEMBERS[member as usize % 3];
        let file = |d: chrono::NaiveDate| format!("contracts/{}.csv", &d.to_string()[..7]);
        let row = format!("K{i:04},{member},X{},{d},5,{},,Work,", i % 3, money(cents));
        add(&p, &file(d), header, &row);
        // A credit note of 30 % on an unpaid invoice, ten days on: it lowers what the client
        // owes, and may leave its member a shortfall.
        let on = date(day + 10);
        if credited(pattern) && day + 10 <= DAYS {
            let minus = money(cents * 3 / 10);
            let row = format!("K{i:04}N,{member},X{},{on},0,-{minus},,Cut,K{i:04}", i % 3);
            add(&p, &file(on), header, &row);
        }
        // A payment after March 2026 is left out.
        for (after, amount, kind) in payments(pattern, cents) {
            let on = date(day + after);
            if day + after <= DAYS && amount > 0 {
                add(
                    &p,
                    &format!("payments/{}.csv", &on.to_string()[..4]),
                    "contract,date,amount,kind",
                    &format!("K{i:04},{on},{},{kind}", money(amount)),
                );
            }
        }
    }
    // Every member's share first, then the random rows.
    let shares = (0..3u8).map(|m| (9, 2, 10_000, m));
    for (day, kind, cents, member) in shares.chain(c.ledger.iter().copied()) {
        let d = date(day);
        let member = MEMBERS[member as usize % 3];
        // A redemption of at most 11.99: eight of them stay within the 100.00 share.
        let line = match kind % 6 {
            0 => format!("{d},income,{},operations,,,Grant", money(cents)),
            1 => format!("{d},cost,{},operations,,,Bill", money(cents)),
            2 => format!("{d},share,{},operations,,{member},Share", money(cents)),
            3 => format!("{d},payout,{},,,{member},Pay", money(cents / 10)),
            4 => format!("{d},remit,{},,tax,,Withholding", money(cents / 10)),
            _ => format!(
                "{d},redeem,{},operations,,{member},Redeemed",
                money(100 + cents % 1100)
            ),
        };
        add(
            &p,
            &format!("ledger/{}.csv", &d.to_string()[..4]),
            "date,kind,amount,fund,to,member,memo",
            &line,
        );
    }
    b
}

/// Closes every closed year (each after its months), then January of the next if asked.
fn close_years(b: &Books, c: &Case) {
    let last = 2022 + c.closed;
    (2023..=last).for_each(|year| close_year(b, year));
    if c.next_month_closed {
        close_month(b, &format!("{}-01", last + 1));
    }
}

/// The closed year the books should be read from: the latest, its open invoices' rows read
/// with the rows after it — if a contract or a payment comes after it (else the books are
/// read whole).
fn expected_cut(c: &Case) -> Option<i32> {
    let rows = contracts(c);
    let dates_after = |end: chrono::NaiveDate| {
        rows.iter().any(|&(day, cents, pattern, _)| {
            date(day) > end
                || (payments(pattern, cents).iter()).any(|&(after, amount, _)| {
                    amount > 0 && day + after <= DAYS && date(day + after) > end
                })
        })
    };
    let latest = 2022 + c.closed;
    dates_after(year_end(latest)).then_some(latest)
}

/// Whether `year` leaves an invoice open: one dated by its end, not paid or written off in
/// full by then (its rows are then read with the rows after it).
fn leaves_open(c: &Case, year: i32) -> bool {
    let end = year_end(year);
    contracts(c).iter().any(|&(day, cents, pattern, _)| {
        date(day) <= end
            && (pattern % 4 == 0
                || (payments(pattern, cents).iter()).any(|&(after, _, _)| date(day + after) > end))
    })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(
            (0u32..DAYS, 1_000u64..400_000, any::<u8>(), any::<u8>()),
            4..30,
        ),
        prop::collection::vec(
            (10u32..DAYS, any::<u8>(), 100u64..50_000, any::<u8>()),
            0..8,
        ),
        1i32..=3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(contracts, ledger, closed, next_month_closed, settled)| Case {
                contracts,
                ledger,
                closed,
                next_month_closed,
                settled,
            },
        )
}

/// The reports that read from the carry, about the open years.
fn reports(c: &Case) -> Vec<Vec<String>> {
    let first_open = 2023 + c.closed;
    let mut all: Vec<Vec<String>> = Vec::new();
    for format in ["table", "csv", "json"] {
        let mut add = |args: &[&str]| {
            let mut v = vec!["--format".to_string(), format.to_string()];
            v.extend(args.iter().map(|a| a.to_string()));
            all.push(v);
        };
        add(&["funds"]);
        add(&["funds", "--period", &format!("{first_open}-02")]);
        add(&["capital"]);
        add(&["capital", "--at", &format!("{first_open}-01-15")]);
        add(&["guarantee"]);
        add(&["guarantee", "--at", &format!("{first_open}-03-31")]);
        for m in MEMBERS {
            add(&["member", m]);
        }
        add(&["member", "ann", "--period", &format!("{first_open}")]);
        for month in ["01", "02", "03"] {
            add(&["pay", &format!("2026-{month}")]);
            add(&["pay", &format!("{first_open}-{month}"), "--contracts"]);
        }
        add(&["pay", "2026-Q1"]);
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn reports_read_from_the_carry_are_those_of_the_whole_books(c in case()) {
        let b = write_books(&c);
        close_years(&b, &c);
        // check reads from the cut too (hashing the closed years' files): it finds what
        // check --all finds, but for the funds' lows before the cut, and counts the rows after.
        let check = b.run(&["check"]);
        let all = b.run(&["check", "--all"]);
        prop_assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
        prop_assert_eq!(all.code, 0, "{}{}", all.stdout, all.stderr);
        prop_assert_eq!(problems_but_lows(&check.stdout), problems_but_lows(&all.stdout));
        // (A closed year holds by its seals once a later close follows it.)
        let followed = |y: i32| {
            let later = format!("closes/{}-01.toml", y + 1);
            y < 2022 + c.closed || b.path().join(later).exists()
        };
        let counted = match expected_cut(&c).filter(|&y| followed(y)) {
            Some(y) => format!(" dated after {y}, "),
            None => String::new(),
        };
        let said = check.stdout.lines().last().unwrap_or("");
        prop_assert_eq!(said.contains(" dated after "), !counted.is_empty(), "{}", said);
        prop_assert!(said.contains(&counted), "{}", said);
        let history = coopbooks::books::History::After(None);
        let loaded = coopbooks::books::load_with(&coopbooks::books::Dir::new(b.path().to_path_buf()), history).unwrap();
        prop_assert_eq!(loaded.books.cut.map(|c| c.year), expected_cut(&c));
        let carried = expected_cut(&c).map(|y| leaves_open(&c, y));
        prop_assert_eq!(loaded.books.cut.map(|c| c.carried), carried);
        for args in reports(&c) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let open = b.run(&args);
            let whole = b.run(&[&["--all-years"], &args[..]].concat());
            prop_assert_eq!(&open.stdout, &whole.stdout, "{:?}: {}", args, open.stderr);
            prop_assert_eq!(&open.stderr, &whole.stderr, "{:?}", args);
            prop_assert_eq!(open.code, whole.code, "{:?}", args);
        }
    }
}

/// Books of 2023 to January 2025, 2023 and 2024 closed and January 2025 too: every invoice of
/// the closed years paid on its day, so reports open from 2024.
fn three_years() -> Books {
    let c = Case {
        contracts: vec![
            (10, 100_000, 1, 0),  // ann, 2023-01-11
            (400, 200_000, 1, 1), // bob, 2024-02-05
            (740, 30_000, 1, 1),  // bob, 2025-01-10
            (760, 50_000, 0, 2),  // cy, 2025-01-30, unpaid
        ],
        ledger: vec![(500, 1, 20_000, 0)], // a cost of 200.00, 2024-05-15
        closed: 2,
        next_month_closed: true,
        settled: true,
    };
    let b = write_books(&c);
    close_years(&b, &c);
    b
}

#[test]
fn closed_years_archived_out_of_the_working_tree_still_verify() {
    if !have_git() {
        return;
    }
    let b = three_years();
    git(b.path(), &["init", "-q"]);
    git(b.path(), &["add", "-A"]);
    git(b.path(), &["commit", "-qm", "2023 and 2024 closed"]);
    let reports: [&[&str]; 5] = [
        &["pay", "2025-01"],
        &["funds"],
        &["capital"],
        &["guarantee"],
        &["member", "cy"],
    ];
    let before: Vec<Run> = reports.iter().map(|r| b.run(r)).collect();
    let check = b.run(&["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (
            0,
            "The books are valid: 3 members, 2 contracts and 1 payment dated after 2024, 4 \
             ledger rows.\n",
            "Closed years 2023, 2024: as closed (files and settings unchanged), not \
             recomputed; `check --all` recomputes them.\n"
        )
    );
    // A closed year's file deleted and not committed is gone: an error.
    std::fs::remove_file(b.path().join("payments/2024.csv")).unwrap();
    let gone = b.run(&["check"]);
    assert_eq!(gone.code, 1);
    assert!(gone.stdout.contains(
        "closes/2024.toml:18: period 2024 is closed, and payments/2024.csv, a file of its \
         rows, is gone (deleted or renamed); restore it (from git): the closed year cannot be \
         checked without it\n"
    ));
    git(b.path(), &["checkout", "--", "payments/2024.csv"]);
    // Archived: the closed years' files deleted in a commit (the ledger's too).
    let archive = [
        "contracts/2023-01.csv",
        "contracts/2024-02.csv",
        "payments/2023.csv",
        "payments/2024.csv",
        "ledger/2024.csv",
    ];
    // Every report prints what it printed (they never open the closed years' contracts and
    // payments; the ledger, read whole, comes from git).
    let commit = archived(&b, &archive, &reports, &before);
    // check takes the closed years from their closes, each archive a warning.
    let warned = |what: &str, n_2024: &str| {
        format!(
            "closes/2023.toml:20: warning: period 2023 is closed, and 2 files of its rows \
             (contracts/2023-01.csv …) are archived out of the working tree (deleted in git, \
             commit {commit}): {what}\n\
             closes/2024.toml:16: warning: period 2024 is closed, and {n_2024} \
             archived out of the working tree (deleted in git, commit {commit}): {what}\n"
        )
    };
    let check = b.run(&["check"]);
    let not_read =
        "not read: the year is taken from its close, and `check --all` reads them from git";
    let git_read = "read as git last had them";
    assert_eq!(
        check.stdout,
        format!(
            "{}closes/2024.toml:17: warning: period 2024 is closed, and ledger/2024.csv, a file \
             of its rows, is archived out of the working tree (deleted in git, commit \
             {commit}): {git_read}\n\
             The books are valid: 3 members, 2 contracts and 1 payment dated after 2024, 4 \
             ledger rows, with 3 warnings.\n",
            warned(
                not_read,
                "2 files of its rows (contracts/2024-02.csv …) are"
            )
        )
    );
    assert_eq!(check.code, 0);
    // check --all reads them from git, and recomputes both years.
    let all = b.run(&["check", "--all"]);
    assert_eq!(
        (all.code, all.stdout),
        (
            0,
            format!(
                "{}The books are valid: 3 members, 4 contracts, 3 payments, 4 ledger rows, with 2 \
                 warnings.\n",
                warned(
                    git_read,
                    "3 files of its rows (contracts/2024-02.csv …) are"
                )
            )
        )
    );
}

/// The first ten hex digits of the commit at HEAD.
/// Deletes `files` in a git commit (archives them) and asserts that every report prints what
/// it printed `before`; the commit.
fn archived(b: &Books, files: &[&str], reports: &[&[&str]], before: &[Run]) -> String {
    git(b.path(), &[&["rm", "-q"], files].concat());
    git(b.path(), &["commit", "-qm", "archive 2023 and 2024"]);
    for (r, was) in reports.iter().zip(before) {
        let now = b.run(r);
        assert_eq!((now.code, &now.stdout), (was.code, &was.stdout), "{r:?}");
    }
    git_head(b.path())
}

fn git_head(dir: &Path) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim()[..10].to_string()
}

#[test]
fn closes_before_the_cuts_year_are_taken_as_closed_and_check_all_links_them() {
    // 2023's close edited by hand in what it carries (the fund operations, whose balance
    // nothing reads any more: 2024's carry stands for it). `check` reads from 2024's carry,
    // taking 2023 as closed, and does not read 2023's carry; `check --all` recomputes 2023 and
    // names the change, and sees that January 2024's close no longer follows 2023's.
    let b = three_years();
    let year = std::fs::read_to_string(b.path().join("closes/2023.toml")).unwrap();
    let funds = year.find("[carry.funds]\n").unwrap();
    let at = funds + year[funds..].find("operations = \"").unwrap() + 14;
    let was = &year[at..at + year[at..].find('"').unwrap()];
    let edited = year.replacen(
        &format!("operations = \"{was}\""),
        "operations = \"1.00\"",
        1,
    );
    std::fs::write(b.path().join("closes/2023.toml"), edited).unwrap();
    let r = b.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains(" dated after 2024, "), "{}", r.stdout);
    let all = b.run(&["check", "--all"]);
    assert_eq!(all.code, 1);
    assert!(
        all.stdout.contains(&format!(
            "period 2023 is closed, but what it carries into 2024 would change: \
             funds.operations 1.00 -> {was}; corrections go into a later period"
        )),
        "{}",
        all.stdout
    );
    assert!(
        all.stdout.contains("closes/2024-01.toml:"),
        "{}",
        all.stdout
    );
}

#[test]
fn an_archived_years_open_invoices_are_read_from_git() {
    if !have_git() {
        return;
    }
    // Bob's invoice of 2024-02-05 is still unpaid when 2024 closes: the books open from 2024
    // with its row, which git keeps once contracts/2024-02.csv is archived.
    let c = Case {
        contracts: vec![
            (10, 100_000, 1, 0),  // ann, 2023-01-11, paid
            (400, 200_000, 0, 1), // bob, 2024-02-05, unpaid
            (740, 30_000, 1, 1),  // bob, 2025-01-10, paid
        ],
        ledger: vec![],
        closed: 2,
        next_month_closed: true,
        settled: false,
    };
    let b = write_books(&c);
    close_years(&b, &c);
    git(b.path(), &["init", "-q"]);
    git(b.path(), &["add", "-A"]);
    git(b.path(), &["commit", "-qm", "2023 and 2024 closed"]);
    let reports: [&[&str]; 4] = [
        &["--format", "json", "guarantee"],
        &["funds"],
        &["member", "bob"],
        &["pay", "2025-01"],
    ];
    let before: Vec<Run> = reports.iter().map(|r| b.run(r)).collect();
    // 2000.00 fronted on it on its pay date, still outstanding.
    assert_eq!(before[0].json()["outstanding"], "2000.00");
    let archive = [
        "contracts/2023-01.csv",
        "contracts/2024-02.csv",
        "payments/2023.csv",
    ];
    let commit = archived(&b, &archive, &reports, &before);
    let check = b.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check.stdout.contains(&format!(
            "period 2024 is closed, and contracts/2024-02.csv, a file of its rows, is archived \
             out of the working tree (deleted in git, commit {commit}): read as git last had \
             them\n"
        )),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains(" dated after 2024, "),
        "{}",
        check.stdout
    );
}
