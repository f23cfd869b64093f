//! Property tests of fund balances over random books: every fund's closing is its opening plus
//! its movements, all funds together move by exactly the signed sum of every movement, and a
//! period's closing is the next period's opening.

use coopbooks::books;
use coopbooks::engine::computed::Computed;
use coopbooks::engine::funds::{self, Kind};
use coopbooks::money::Money;
use coopbooks::period::Period;
use proptest::prelude::*;
use std::fmt::Write;

#[derive(Clone, Debug)]
struct Case {
    contracts: Vec<(u32, u64, u8)>, // day of year, cents, payment pattern
    ledger: Vec<(u32, u8, u64, u8, u8)>, // day of year, kind, cents, fund, to
    split: u32,
}

const FUNDS: [&str; 3] = ["guarantee", "operations", "reserve"];

fn date(day: u32) -> String {
    let d =
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    d.to_string()
}

fn write_books(c: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("coop.toml"),
        "name = \"P\"\ncurrency = \"EUR\"\nguarantee_fund = \"guarantee\"\n\
         [funds.guarantee]\nopening = \"500.00\"\n[funds.operations]\nopening = \"100.00\"\n[funds.reserve]\nopening = \"0.00\"\n\
         [[levies]]\nname = \"a\"\nrate = \"6.5%\"\nfund = \"operations\"\n[[levies]]\nname = \"b\"\nrate = \"1.5%\"\nfund = \"guarantee\"\n\
         [payroll]\nmodel = \"salaried\"\nemployer_rate = \"27%\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(p.join("members")).unwrap();
    std::fs::write(p.join("members/ann.toml"), "name = \"Ann\"\n").unwrap();
    let mut contracts = String::from("id,member,client,date,hours,amount\n");
    let mut payments = String::from("contract,date,amount,kind\n");
    for (i, (day, cents, pattern)) in c.contracts.iter().enumerate() {
        writeln!(
            contracts,
            "K{i},ann,X,{},5,{}.{:02}",
            date(*day),
            cents / 100,
            cents % 100
        )
        .unwrap();
        // 0: unpaid; 1: paid in full early; 2: paid in full late; 3: half late, rest written off.
        let half = cents / 2;
        let money = |c: u64| format!("{}.{:02}", c / 100, c % 100);
        match pattern % 4 {
            1 => writeln!(payments, "K{i},{},{},payment", date(*day), money(*cents)).unwrap(),
            2 => writeln!(
                payments,
                "K{i},{},{},payment",
                date(day + 30),
                money(*cents)
            )
            .unwrap(),
            3 if half > 0 => {
                writeln!(payments, "K{i},{},{},payment", date(day + 20), money(half)).unwrap();
                writeln!(
                    payments,
                    "K{i},{},{},writeoff",
                    date(day + 40),
                    money(cents - half)
                )
                .unwrap();
            }
            _ => {}
        }
    }
    let mut ledger = String::from("date,kind,amount,fund,to,member\n");
    for (day, kind, cents, f, t) in &c.ledger {
        let (f, t) = (FUNDS[*f as usize % 3], FUNDS[*t as usize % 3]);
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        let line = match kind % 4 {
            0 => format!("{},income,{amount},{f},,", date(*day)),
            1 => format!("{},cost,{amount},{f},,", date(*day)),
            2 if f != t => format!("{},transfer,{amount},{f},{t},", date(*day)),
            _ => format!("{},share,{amount},{f},,ann", date(*day)),
        };
        ledger.push_str(&line);
        ledger.push('\n');
    }
    std::fs::create_dir_all(p.join("contracts")).unwrap();
    std::fs::create_dir_all(p.join("payments")).unwrap();
    std::fs::create_dir_all(p.join("ledger")).unwrap();
    std::fs::write(p.join("contracts/c.csv"), contracts).unwrap();
    std::fs::write(p.join("payments/p.csv"), payments).unwrap();
    std::fs::write(p.join("ledger/l.csv"), ledger).unwrap();
    dir
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0u32..300, 100u64..500_000, any::<u8>()), 0..30),
        prop::collection::vec(
            (
                0u32..360,
                any::<u8>(),
                1u64..300_000,
                any::<u8>(),
                any::<u8>(),
            ),
            0..20,
        ),
        1u32..360,
    )
        .prop_map(|(contracts, ledger, split)| Case {
            contracts,
            ledger,
            split,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn balances_add_up(c in case()) {
        let dir = write_books(&c);
        let loaded = books::load_dir(dir.path()).unwrap();
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let computed = Computed::new(loaded.books);
        let b = &computed;
        // Every movement, signed, over all time.
        let mut all = Money::ZERO;
        funds::for_each_movement(b, |m| all += m.signed());
        let openings: Money = b.books.coop.funds.iter().map(|f| f.opening).sum();
        let year = funds::of(b, &Period::parse("2020-01-01..2030-12-31").unwrap());
        let closings: Money = year.funds.iter().map(|r| r.closing).sum();
        prop_assert_eq!(closings, openings + all);
        // The total is the funds' sum, figure by figure.
        prop_assert_eq!(year.total.closing, closings);
        prop_assert_eq!(year.total.opening, year.funds.iter().map(|r| r.opening).sum::<Money>());
        for k in Kind::ALL {
            prop_assert_eq!(year.total.movements[k as usize], year.funds.iter().map(|r| r.get(k)).sum::<Money>());
        }
        // Each row: closing = opening + credits - debits.
        for r in &year.funds {
            let moved: Money = Kind::ALL
                .iter()
                .map(|&k| if k.is_credit() { r.get(k) } else { -r.get(k) })
                .sum();
            prop_assert_eq!(r.closing, r.opening + moved);
        }
        // Two adjacent periods: the first's closing is the second's opening, fund by fund.
        let cut = date(c.split);
        let before = Period::parse(&format!("2026-01-01..{}", date(c.split - 1))).unwrap();
        let after = Period::parse(&format!("{cut}..2027-12-31")).unwrap();
        let first = funds::of(b, &before);
        let second = funds::of(b, &after);
        for (x, y) in first.funds.iter().zip(&second.funds) {
            prop_assert_eq!(x.closing, y.opening);
        }
    }
}
