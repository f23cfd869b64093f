//! Property tests of sealed years over random books of 2024 to March 2026 in monthly and
//! yearly files, 2024 and 2025 closed (every month, then the year) and January 2026 after
//! them: `check` takes both years from their seals and finds the books valid, as `check --all`
//! does; and no edit of a closed year's file gets past the seal — a contract's amount changed
//! in any closed month is named with the member's figures old and new, and a file deleted is
//! an error.

mod common;
use common::years::*;
use common::*;
use proptest::prelude::*;

/// A contract: day from 2024-01-01 (to the end of March 2026), cents, payment pattern,
/// member.
type Row = (u32, u64, u8, u8);

#[derive(Clone, Debug)]
struct Case {
    contracts: Vec<Row>,
    /// Day, income or cost, cents.
    ledger: Vec<(u32, bool, u64)>,
    /// Which contract of the closed years is edited, and which closed file is deleted.
    edit: usize,
    gone: usize,
}

const DAYS: u32 = 820; // 2024-01-01 + 820 days = 2026-03-31

fn date(day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(day))
}

/// The books: contracts in monthly files, payments and the ledger in yearly ones (by the
/// row's date, as a treasurer files them). Contracts are numbered in date order.
fn write_books(c: &Case) -> Books {
    let b = books_of("", "", "2023-06-01");
    let p = b.path().to_path_buf();
    let mut contracts = c.contracts.clone();
    contracts.sort_by_key(|&(day, ..)| day);
    for (i, &(day, cents, pattern, member)) in contracts.iter().enumerate() {
        let d = date(day);
        let member = MEMBERS[member as usize % 3];
        add(
            &p,
            &format!("contracts/{}.csv", &d.to_string()[..7]),
            "id,member,client,date,hours,amount,expenses,description",
            &format!("K{i:04},{member},X,{d},5,{},,Work", money(cents)),
        );
        // 0: unpaid; 1: paid on its day; 2: paid a month later; 3: half paid, the rest
        // written off. A payment after March 2026 is left out.
        let pay = |after: u32, amount: u64, kind: &str| {
            let on = date(day + after);
            if day + after <= DAYS && amount > 0 {
                add(
                    &p,
                    &format!("payments/{}.csv", &on.to_string()[..4]),
                    "contract,date,amount,kind",
                    &format!("K{i:04},{on},{},{kind}", money(amount)),
                );
            }
        };
        match pattern % 4 {
            1 => pay(0, cents, "payment"),
            2 => pay(30, cents, "payment"),
            3 => {
                pay(20, cents / 2, "payment");
                pay(40, cents - cents / 2, "writeoff");
            }
            _ => {}
        }
    }
    for &(day, income, cents) in &c.ledger {
        let d = date(day);
        let (kind, memo) = if income {
            ("income", "Grant")
        } else {
            ("cost", "Bill")
        };
        add(
            &p,
            &format!("ledger/{}.csv", &d.to_string()[..4]),
            "date,kind,amount,fund,to,member,memo",
            &format!("{d},{kind},{},operations,,,{memo}", money(cents)),
        );
    }
    b
}

/// Closes 2024 and 2025 (each year after its months), then January 2026.
fn close_years(b: &Books) {
    close_year(b, 2024);
    close_year(b, 2025);
    let r = b.run(&["close", "2026-01"]);
    assert_eq!(r.code, 0, "close 2026-01: {}", r.stderr);
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(
            (0u32..DAYS, 1_000u64..400_000, any::<u8>(), any::<u8>()),
            4..30,
        ),
        prop::collection::vec((0u32..DAYS, any::<bool>(), 100u64..50_000), 0..8),
        any::<usize>(),
        any::<usize>(),
    )
        .prop_map(|(contracts, ledger, edit, gone)| Case {
            contracts,
            ledger,
            edit,
            gone,
        })
}

/// The files of rows a year's close recorded, by name.
fn sealed_files(b: &Books, year: i32) -> Vec<String> {
    let text = std::fs::read_to_string(b.path().join(format!("closes/{year}.toml"))).unwrap();
    (text.lines())
        .skip_while(|l| *l != "[files]")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split('"').nth(1).unwrap().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn a_sealed_year_holds_and_no_edit_gets_past_its_seal(c in case()) {
        let b = write_books(&c);
        close_years(&b);
        // Both years are sealed; check and check --all find the same (but for the funds'
        // lows and the rows counted, of the open year only when check reads from a cut).
        let sealed = b.run(&["check"]);
        let all = b.run(&["check", "--all"]);
        prop_assert_eq!(sealed.code, 0, "{}", sealed.stdout);
        prop_assert_eq!(all.code, 0, "{}", all.stdout);
        prop_assert_eq!(problems_but_lows(&sealed.stdout), problems_but_lows(&all.stdout));
        // Both years are sealed (a year without rows too: it has no file to hash).
        let said = "Closed years 2024, 2025: as closed (files and settings unchanged), not \
                    recomputed; `check --all` recomputes them.\n";
        prop_assert_eq!(&sealed.stderr, said);
        let files: Vec<String> = [2024, 2025].iter().flat_map(|&y| sealed_files(&b, y)).collect();
        // Every contracts file of the closed years is recorded (each has rows of its month).
        let months: Vec<String> = (std::fs::read_dir(b.path().join("contracts")).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n < &"2026".to_string())
            .map(|n| format!("contracts/{n}"))
            .collect();
        for m in &months {
            prop_assert!(files.contains(m), "{} not in {:?}", m, files);
        }
        // A contract of a closed year, its amount 1.00 more: named with old and new.
        let closed: Vec<(usize, &Row)> = {
            let mut all: Vec<&Row> = c.contracts.iter().collect();
            all.sort_by_key(|&&(day, ..)| day);
            all.into_iter().enumerate().filter(|(_, x)| date(x.0) < date(731)).collect()
        };
        if !closed.is_empty() {
            let (i, &(day, cents, _, member)) = closed[c.edit % closed.len()];
            let d = date(day);
            let rel = format!("contracts/{}.csv", &d.to_string()[..7]);
            let row = format!("K{i:04},{},X,{d},5,{},", MEMBERS[member as usize % 3], money(cents));
            let edited = format!("K{i:04},{},X,{d},5,{},", MEMBERS[member as usize % 3], money(cents + 100));
            let text = std::fs::read_to_string(b.path().join(&rel)).unwrap();
            std::fs::write(b.path().join(&rel), text.replacen(&row, &edited, 1)).unwrap();
            let r = b.run(&["check"]);
            prop_assert_eq!(r.code, 1);
            let named = format!(
                "period {} is closed, but {}'s figures would change: amount ",
                &d.to_string()[..7],
                MEMBERS[member as usize % 3]
            );
            prop_assert!(r.stdout.contains(&named), "{}", r.stdout);
            std::fs::write(b.path().join(&rel), text).unwrap();
            prop_assert_eq!(b.run(&["check"]).stderr, sealed.stderr.clone());
        }
        // A recorded file deleted: an error naming it.
        if files.is_empty() {
            return Ok(());
        }
        let gone = &files[c.gone % files.len()];
        std::fs::remove_file(b.path().join(gone)).unwrap();
        let r = b.run(&["check"]);
        prop_assert_eq!(r.code, 1);
        let said = format!("{gone}, a file of its rows, is gone (deleted or renamed)");
        prop_assert!(r.stdout.contains(&said), "{}", r.stdout);
    }
}
