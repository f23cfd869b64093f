//! Property tests of the exported journal over random books: every transaction balances
//! (the opening balances too), and the income statement of any period — its income and
//! expense postings — nets to the period's result as `patronage` states it.

use coopbooks::books;
use coopbooks::engine::computed::Computed;
use coopbooks::engine::journal::{Entry, Journal};
use coopbooks::engine::result;
use coopbooks::money::Money;
use coopbooks::period::Period;
use proptest::prelude::*;
use std::fmt::Write;

#[derive(Clone, Debug)]
struct Case {
    guarantee: bool,
    /// Day from 2025-10-01, cents, payment pattern, member.
    contracts: Vec<(u32, u64, u8, bool)>,
    /// Day, kind, cents, fund, category.
    ledger: Vec<(u32, u8, u64, u8, u8)>,
    /// The period: a year, a quarter, a month, or from one day to another.
    period: (u8, u32, u32),
}

const FUNDS: [&str; 2] = ["guarantee", "operations"];
const CATEGORIES: [&str; 4] = ["", "rent", "Insurance", "grants"];

fn date(day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Days::new(u64::from(day))
}

fn money(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

fn write_books(c: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let guarantee = if c.guarantee {
        "guarantee_fund = \"guarantee\"\n"
    } else {
        ""
    };
    std::fs::write(
        p.join("coop.toml"),
        format!(
            "name = \"P\"\ncurrency = \"EUR\"\n{guarantee}\
             [funds.guarantee]\nopening = \"500.00\"\n[funds.operations]\nopening = \"100.00\"\n\
             [[levies]]\nname = \"a\"\nrate = \"6.5%\"\nfund = \"operations\"\n\
             [[levies]]\nname = \"b\"\nrate = \"1.5%\"\nfund = \"guarantee\"\n\
             [payroll]\nmodel = \"salaried\"\nemployer_rate = \"27%\"\nemployee_rate = \"13.07%\"\n\
             withholding = [{{ above = \"0.00\", rate = \"0%\" }}, {{ above = \"1000.00\", rate = \"25%\" }}]\n"
        ),
    )
    .unwrap();
    for dir in ["members", "contracts", "payments", "ledger"] {
        std::fs::create_dir_all(p.join(dir)).unwrap();
    }
    std::fs::write(p.join("members/ann.toml"), "name = \"Ann\"\n").unwrap();
    std::fs::write(
        p.join("members/bob.toml"),
        "name = \"Bob\"\nmodel = \"contractor\"\n",
    )
    .unwrap();
    let mut contracts = String::from("id,member,client,date,hours,amount,expenses\n");
    let mut payments = String::from("contract,date,amount,kind\n");
    for (i, &(day, cents, pattern, bob)) in c.contracts.iter().enumerate() {
        let member = if bob { "bob" } else { "ann" };
        let expenses = cents / 10 * u64::from(pattern % 2);
        writeln!(
            contracts,
            "K{i},{member},X,{},5,{},{}",
            date(day),
            money(cents),
            money(expenses)
        )
        .unwrap();
        // 0: unpaid; 1: paid early; 2: paid late; 3: half late, the rest written off.
        let half = cents / 2;
        match pattern % 4 {
            1 => writeln!(payments, "K{i},{},{},payment", date(day), money(cents)).unwrap(),
            2 => writeln!(payments, "K{i},{},{},payment", date(day + 30), money(cents)).unwrap(),
            3 if half > 0 => {
                writeln!(payments, "K{i},{},{},payment", date(day + 20), money(half)).unwrap();
                let rest = money(cents - half);
                writeln!(payments, "K{i},{},{rest},writeoff", date(day + 40)).unwrap();
            }
            _ => {}
        }
    }
    let mut ledger = String::from("date,kind,amount,fund,to,member,memo,category\n");
    for &(day, kind, cents, f, category) in &c.ledger {
        let (f, amount, d) = (FUNDS[f as usize % 2], money(cents), date(day));
        let category = CATEGORIES[category as usize % 4];
        let line = match kind % 4 {
            0 => format!("{d},income,{amount},{f},,,Grant,{category}"),
            1 => format!("{d},cost,{amount},{f},,,Bill,{category}"),
            2 => format!("{d},transfer,{amount},operations,guarantee,,,"),
            _ => format!("{d},share,{amount},{f},,ann,,"),
        };
        writeln!(ledger, "{line}").unwrap();
    }
    std::fs::write(p.join("contracts/c.csv"), contracts).unwrap();
    std::fs::write(p.join("payments/p.csv"), payments).unwrap();
    std::fs::write(p.join("ledger/l.csv"), ledger).unwrap();
    dir
}

fn period(&(kind, a, b): &(u8, u32, u32)) -> Period {
    let (from, to) = (date(a.min(b)), date(a.max(b)));
    let text = match kind % 4 {
        0 => format!("{}", 2025 + i32::from(a % 2 == 0)),
        1 => format!("2026-Q{}", 1 + a % 4),
        2 => format!("2026-{:02}", 1 + a % 12),
        _ => format!("{from}..{to}"),
    };
    Period::parse(&text).unwrap()
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        prop::collection::vec(
            (0u32..450, 100u64..500_000, any::<u8>(), any::<bool>()),
            0..25,
        ),
        prop::collection::vec(
            (
                0u32..450,
                any::<u8>(),
                1u64..300_000,
                any::<u8>(),
                any::<u8>(),
            ),
            0..15,
        ),
        (any::<u8>(), 0u32..450, 0u32..450),
    )
        .prop_map(|(guarantee, contracts, ledger, period)| Case {
            guarantee,
            contracts,
            ledger,
            period,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn transactions_balance_and_the_income_statement_nets_to_the_result(c in case()) {
        let dir = write_books(&c);
        let loaded = books::load_dir(dir.path()).unwrap();
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let computed = Computed::new(loaded.books);
        let period = period(&c.period);
        let journal = Journal::new(&computed, Some(&period)).unwrap();
        let mut income_statement = Money::ZERO;
        let mut unbalanced = Vec::new();
        journal
            .entries(0..journal.len(), |entry| {
                if let Entry::Txn(txn) = entry {
                    let sum: Money = txn.postings.iter().map(|p| p.amount).sum();
                    if !sum.is_zero() {
                        unbalanced.push(format!("{} {}: {sum}", txn.date, txn.payee()));
                    }
                    income_statement += (txn.postings.iter())
                        .filter(|p| p.account.is_income_or_expense())
                        .map(|p| p.amount)
                        .sum::<Money>();
                }
                Ok::<(), ()>(())
            })
            .unwrap();
        prop_assert!(unbalanced.is_empty(), "{:?}", unbalanced);
        // Income is a credit (negative), expenses a debit: the net is minus the result.
        let r = result::of(&computed, &period);
        prop_assert_eq!(-income_statement, r.result);
        prop_assert_eq!(r.result, r.allocated() + r.budgets_less_pay - r.unborne_bad_debts);
    }
}
