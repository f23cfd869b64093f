//! Fuzzes whole books: an arbitrary co-op (levy and payroll rates, a guarantee fund or not,
//! patronage), a few members of either model, contracts, payments and ledger rows with amounts
//! up to the input limit, through load, check, every report, the journal, the payouts file and
//! the closes, with their invariants (`coopbooks::selftest::exercise`).
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

#[derive(Arbitrary, Debug)]
struct Books {
    levy_bp: [u16; 2],
    employer_bp: u16,
    employee_bp: u16,
    flat_bp: Option<u16>,
    guarantee: bool,
    patronage: bool,
    members: Vec<(bool, bool)>,
    contracts: Vec<(u8, u16, u32, Amount, u8)>,
    payments: Vec<(u8, u16, Amount, bool)>,
    ledger: Vec<(u16, u8, Amount, u8, u8, u8)>,
}

/// An amount: small, or near the largest an input may be.
#[derive(Arbitrary, Debug)]
enum Amount {
    Cents(u32),
    Near(u32),
}

impl Amount {
    fn text(&self) -> String {
        let cents: u64 = match *self {
            Amount::Cents(c) => u64::from(c) + 1,
            Amount::Near(d) => 99_999_999_999_999 - u64::from(d % 1_000_000),
        };
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

fn rate(bp: u16) -> String {
    let bp = u32::from(bp) % 5000;
    format!("{}.{:02}%", bp / 100, bp % 100)
}

fn day(d: u16) -> String {
    let d = chrono_free_date(u32::from(d) % 730);
    d
}

/// 2026-01-01 plus `n` days (at most two years), without a date library.
fn chrono_free_date(mut n: u32) -> String {
    let mut year = 2026;
    loop {
        let len = if year % 4 == 0 { 366 } else { 365 };
        if n < len {
            break;
        }
        n -= len;
        year += 1;
    }
    let months = [
        31,
        if year % 4 == 0 { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while n >= months[month] {
        n -= months[month];
        month += 1;
    }
    format!("{year}-{:02}-{:02}", month + 1, n + 1)
}

fuzz_target!(|b: Books| {
    let funds = ["operations", "guarantee", "reserve"];
    let mut coop = String::from("name = \"P\"\ncurrency = \"EUR\"\n");
    if b.guarantee {
        coop.push_str("guarantee_fund = \"guarantee\"\n");
    }
    for f in funds {
        let _ = write!(coop, "[funds.{f}]\nopening = \"10.00\"\n");
    }
    for (i, bp) in b.levy_bp.iter().enumerate() {
        let _ = write!(
            coop,
            "[[levies]]\nname = \"l{i}\"\nrate = \"{}\"\nfund = \"{}\"\n",
            rate(*bp),
            funds[i]
        );
    }
    let _ = write!(
        coop,
        "[payroll]\nmodel = \"salaried\"\nemployer_rate = \"{}\"\nemployee_rate = \"{}\"\n\
         withholding = [{{ above = \"0.00\", rate = \"0%\" }}, {{ above = \"1000.00\", rate = \"25%\" }}]\n",
        rate(b.employer_bp),
        rate(b.employee_bp)
    );
    if b.patronage {
        coop.push_str(
            "[patronage]\nsurplus_fund = \"operations\"\nbasis = { hours = \"50%\", turnover = \"50%\" }\n\
             cash = \"20%\"\nset_aside = [{ fund = \"reserve\", rate = \"30%\" }]\n",
        );
    }
    coop.push_str("[bank]\nname = \"Fuzz\"\niban = \"BE68 5390 0754 7034\"\n");
    let mut files = vec![("coop.toml".to_string(), coop.into_bytes())];
    let members = b.members.len().clamp(1, 6);
    for m in 0..members {
        let (contractor, joined) = b.members.get(m).copied().unwrap_or_default();
        let mut toml = format!("name = \"M{m}\"\n");
        if contractor {
            toml.push_str("model = \"contractor\"\n");
        }
        if joined {
            toml.push_str("joined = \"2024-01-01\"\n");
        }
        // Most members have an account for the payouts file; the first of a contractor's
        // books may not.
        if !(contractor && m == 0) {
            toml.push_str("iban = \"BE71 0961 2345 6769\"\n");
        }
        if let Some(bp) = b.flat_bp.filter(|_| m == 0) {
            let _ = writeln!(toml, "withholding_rate = \"{}\"", rate(bp));
        }
        files.push((format!("members/m{m}.toml"), toml.into_bytes()));
    }
    let mut contracts = String::from("id,member,client,date,hours,amount,expenses\n");
    let n = b.contracts.len().min(40);
    for (i, (m, d, hours, amount, share)) in b.contracts.iter().take(40).enumerate() {
        let amount = amount.text();
        let _ = writeln!(
            contracts,
            "K{i},m{},C{},{},{},{amount},{}",
            usize::from(*m) % members,
            i % 3,
            day(*d),
            hours % 100_000,
            if *share % 4 == 0 { "0.00" } else { "" }
        );
    }
    files.push(("contracts/2026.csv".into(), contracts.into_bytes()));
    let mut payments = String::from("contract,date,amount,kind\n");
    if n > 0 {
        for (c, d, amount, writeoff) in b.payments.iter().take(40) {
            let kind = if *writeoff { "writeoff" } else { "payment" };
            let _ = writeln!(
                payments,
                "K{},{},{},{kind}",
                usize::from(*c) % n,
                day(*d),
                amount.text()
            );
        }
    }
    files.push(("payments/2026.csv".into(), payments.into_bytes()));
    let mut ledger = String::from("date,kind,amount,fund,to,member\n");
    let kinds = ["income", "cost", "transfer", "share", "redeem"];
    for (d, k, amount, f, t, m) in b.ledger.iter().take(20) {
        let kind = kinds[usize::from(*k) % kinds.len()];
        let fund = funds[usize::from(*f) % 3];
        let to = if kind == "transfer" {
            funds[usize::from(*t) % 3]
        } else {
            ""
        };
        let member = if matches!(kind, "share" | "redeem") {
            format!("m{}", usize::from(*m) % members)
        } else {
            String::new()
        };
        let _ = writeln!(
            ledger,
            "{},{kind},{},{fund},{to},{member}",
            day(*d),
            amount.text()
        );
    }
    files.push(("ledger/2026.csv".into(), ledger.into_bytes()));
    coopbooks::selftest::exercise(&coopbooks::books::Memory::new(files));
});
