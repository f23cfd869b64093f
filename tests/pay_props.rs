//! Property tests of the pay engine over random books: the pay identity holds exactly for
//! every member-month and the totals, totals are the sums of the rows, and the report does not
//! depend on the order of rows or files.

use coopbooks::books;
use coopbooks::engine::computed::Computed;
use coopbooks::engine::pay::Figures;
use coopbooks::figure::Figure;
use coopbooks::period::Month;
use proptest::prelude::*;
use std::fmt::Write;

#[derive(Clone, Debug)]
struct Member {
    contractor: bool,
    flat: Option<u32>,      // basis points
    override_: Option<u32>, // basis points for the first levy
}

#[derive(Clone, Debug)]
struct Contract {
    member: usize,
    day: u32,
    hours: u32, // quarter hours
    cents: u64,
    expense_share: u32, // percent of the amount, 0..=50
}

#[derive(Clone, Debug)]
struct Case {
    levies: Vec<(u32, bool)>, // basis points, amount_less_expenses
    employer: u32,
    employee: u32,
    table: Vec<(u64, u32)>, // above in whole euros (rising), basis points
    members: Vec<Member>,
    contracts: Vec<Contract>,
}

fn pct(bp: u32) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

fn case() -> impl Strategy<Value = Case> {
    let levies = prop::collection::vec((0u32..1500, any::<bool>()), 1..4);
    let table = prop::collection::vec((1u64..3000, 0u32..5000), 0..4);
    let member = (
        any::<bool>(),
        prop::option::of(0u32..5000),
        prop::option::of(0u32..1500),
    )
        .prop_map(|(contractor, flat, override_)| Member {
            contractor,
            flat,
            override_,
        });
    let members = prop::collection::vec(member, 1..6);
    (levies, 0u32..4000, 0u32..2500, table, members).prop_flat_map(
        |(levies, employer, employee, table, members)| {
            let n = members.len();
            let contract = (0..n, 1u32..=31, 0u32..200, 100u64..2_000_000, 0u32..=50).prop_map(
                |(member, day, hours, cents, expense_share)| Contract {
                    member,
                    day,
                    hours,
                    cents,
                    expense_share,
                },
            );
            let mut steps: Vec<(u64, u32)> = table.clone();
            steps.sort_by_key(|s| s.0);
            steps.dedup_by_key(|s| s.0);
            (
                Just(levies),
                Just(employer),
                Just(employee),
                Just(steps),
                Just(members),
                prop::collection::vec(contract, 0..40),
            )
                .prop_map(|(levies, employer, employee, table, members, contracts)| {
                    Case {
                        levies,
                        employer,
                        employee,
                        table,
                        members,
                        contracts,
                    }
                })
        },
    )
}

fn coop_toml(c: &Case) -> String {
    let mut s = String::from("name = \"P\"\ncurrency = \"EUR\"\n[funds.f]\nopening = \"0.00\"\n");
    for (i, (bp, less)) in c.levies.iter().enumerate() {
        let base = if *less {
            "amount_less_expenses"
        } else {
            "amount"
        };
        write!(
            s,
            "[[levies]]\nname = \"l{i}\"\nrate = \"{}\"\nfund = \"f\"\nbase = \"{base}\"\n",
            pct(*bp)
        )
        .unwrap();
    }
    write!(
        s,
        "[payroll]\nmodel = \"salaried\"\nemployer_rate = \"{}\"\nemployee_rate = \"{}\"\n",
        pct(c.employer),
        pct(c.employee)
    )
    .unwrap();
    if !c.table.is_empty() {
        s.push_str("withholding = [{ above = \"0.00\", rate = \"0%\" }");
        for (above, bp) in &c.table {
            write!(s, ", {{ above = \"{above}.00\", rate = \"{}\" }}", pct(*bp)).unwrap();
        }
        s.push_str("]\n");
    }
    s
}

fn member_toml(m: &Member) -> String {
    let mut s = String::from("name = \"M\"\n");
    if m.contractor {
        s.push_str("model = \"contractor\"\n");
    }
    if let Some(bp) = m.flat {
        writeln!(s, "withholding_rate = \"{}\"", pct(bp)).unwrap();
    }
    if let Some(bp) = m.override_ {
        writeln!(s, "levies = {{ l0 = \"{}\" }}", pct(bp)).unwrap();
    }
    s
}

fn row(i: usize, c: &Contract) -> String {
    let expenses = c.cents * u64::from(c.expense_share) / 100;
    format!(
        "K-{i:03},m{},Client,2026-03-{:02},{}.{:02},{}.{:02},{}.{:02}\n",
        c.member,
        c.day.min(31),
        c.hours / 4,
        (c.hours % 4) * 25,
        c.cents / 100,
        c.cents % 100,
        expenses / 100,
        expenses % 100
    )
}

const HEADER: &str = "id,member,client,date,hours,amount,expenses\n";

/// Writes the books with the contracts split over files as given; returns the loaded books.
fn books_of(c: &Case, files: &[(&str, Vec<usize>)]) -> (tempfile::TempDir, Computed) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coop.toml"), coop_toml(c)).unwrap();
    std::fs::create_dir_all(dir.path().join("members")).unwrap();
    std::fs::create_dir_all(dir.path().join("contracts")).unwrap();
    for (i, m) in c.members.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("members/m{i}.toml")),
            member_toml(m),
        )
        .unwrap();
    }
    for (name, rows) in files {
        let mut text = String::from(HEADER);
        for &i in rows {
            text.push_str(&row(i, &c.contracts[i]));
        }
        std::fs::write(dir.path().join("contracts").join(name), text).unwrap();
    }
    let loaded = books::load_dir(dir.path()).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    (dir, Computed::new(loaded.books))
}

fn identity_holds(f: &Figures) -> bool {
    f[Figure::Amount]
        == f[Figure::Levies]
            + f[Figure::Expenses]
            + f[Figure::EmployerContributions]
            + f[Figure::EmployeeContributions]
            + f[Figure::Withholding]
            + f[Figure::Net]
        && f[Figure::Payout] == f[Figure::Net] + f[Figure::Expenses]
        && f[Figure::Taxable] == f[Figure::Gross] - f[Figure::EmployeeContributions]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn identity_and_totals(c in case()) {
        let all: Vec<usize> = (0..c.contracts.len()).collect();
        let (_dir, b) = books_of(&c, &[("c.csv", all)]);
        let month = b.month(Month { year: 2026, month: 3 });
        let mut sum = Figures::zero(b.books.coop.levies.len());
        for m in &month.members {
            prop_assert!(identity_holds(&m.figures), "{:?}", m.figures);
            sum.add(&m.figures);
            // Contract lines add up to the member's month.
            let budgets: coopbooks::money::Money = m.contracts.iter().map(|p| p.budget).sum();
            prop_assert_eq!(budgets, m.figures[Figure::Budget]);
        }
        prop_assert!(identity_holds(&month.totals));
        prop_assert_eq!(&sum, &month.totals);
        prop_assert_eq!(month.members.iter().map(|m| m.figures.contracts).sum::<usize>(), c.contracts.len());
    }

    #[test]
    fn independent_of_row_and_file_order(c in case(), split in 0usize..40, seed in any::<u64>()) {
        let n = c.contracts.len();
        let all: Vec<usize> = (0..n).collect();
        let mut shuffled = all.clone();
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let k = split.min(n);
        let (_a, first) = books_of(&c, &[("2026.csv", all)]);
        let (_b, second) = books_of(&c, &[("z.csv", shuffled[..k].to_vec()), ("a.csv", shuffled[k..].to_vec())]);
        let m = Month { year: 2026, month: 3 };
        let render = |c: &Computed| {
            let p = c.month(m);
            let report = coopbooks::report::pay::Pay::of(&c.books, &p);
            let json = report.render(&coopbooks::report::Style::of(coopbooks::report::Format::Json), true);
            let table = report.render(&coopbooks::report::Style::of(coopbooks::report::Format::Table), true);
            (json, table)
        };
        let one = render(&first);
        prop_assert_eq!(&one, &render(&second));
        // And the same run twice gives the same bytes.
        prop_assert_eq!(&one, &render(&first));
    }
}
