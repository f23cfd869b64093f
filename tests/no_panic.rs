//! No input may panic: random, hostile cells in every file, through every computation.

use coopbooks::books;
use coopbooks::check;
use coopbooks::engine::computed::Computed;
use coopbooks::engine::{capital, funds, guarantee, patronage, statement};
use coopbooks::period::{Month, Period};
use proptest::prelude::*;

const CELLS: &[&str] = &[
    "",
    " ",
    "0",
    "1",
    "-1",
    "3",
    "0.5",
    "600.00",
    "12,50",
    "1,234.50",
    "12.345",
    "1e9",
    "NaN",
    "inf",
    "999999999999.99",
    "1000000000000",
    "99999999999999999999999999999",
    "0.0000000000001",
    "１２",
    "2026-03-05",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31",
    "0000-01-01",
    "-2026-01-01",
    "2026-3-5",
    "alice",
    "bob",
    "C-1",
    "C-2",
    "payment",
    "writeoff",
    "income",
    "cost",
    "transfer",
    "share",
    "redeem",
    "operations",
    "guarantee",
    "reserve",
    "\"",
    "é",
    "\u{feff}",
    "a\nb",
    "100%",
    "-5%",
    "0.1",
];

fn cell() -> impl Strategy<Value = String> {
    prop::sample::select(CELLS).prop_map(|s| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    })
}

fn rows(n: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(cell(), n), 0..12)
}

fn csv(header: &str, rows: &[Vec<String>]) -> String {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(&r.join(","));
        s.push('\n');
    }
    s
}

fn toml_value() -> impl Strategy<Value = String> {
    prop::sample::select(CELLS).prop_map(|s| format!("\"{}\"", s.replace(['\\', '"', '\n'], "")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn nothing_panics(
        contracts in rows(7),
        payments in rows(4),
        ledger in rows(6),
        rates in prop::collection::vec(toml_value(), 6),
        days in 0u32..400,
        member in prop::collection::vec(toml_value(), 4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let coop = format!(
            "name = \"X\"\ncurrency = \"EUR\"\npay_within_working_days = {days}\nguarantee_fund = \"guarantee\"\n\
             holidays = [{h}]\n\
             [funds.operations]\nopening = {o}\n[funds.guarantee]\nopening = \"10.00\"\n[funds.reserve]\n\
             [[levies]]\nname = \"m\"\nrate = {r0}\nfund = \"operations\"\n\
             [[levies]]\nname = \"m\"\nrate = {r1}\nfund = \"operations\"\nsince = {h}\n\
             [payroll]\nmodel = \"salaried\"\nemployer_rate = {r2}\nemployee_rate = {r3}\n\
             withholding = [{{ above = \"0.00\", rate = {r4} }}, {{ above = {o}, rate = {r5} }}]\n\
             [rules]\nmin_hourly_wage = {o}\nmin_contract_hours = {r0}\nviolations = \"warn\"\n\
             [patronage]\nsurplus_fund = \"operations\"\nbasis = {{ hours = \"50%\", budget = \"50%\" }}\ncash = {r5}\n\
             set_aside = [{{ fund = \"reserve\", rate = {r1} }}]\n[capital]\nrevolve_years = 1\n",
            h = member[0], o = member[1], r0 = rates[0], r1 = rates[1], r2 = rates[2], r3 = rates[3], r4 = rates[4], r5 = rates[5],
        );
        std::fs::write(p.join("coop.toml"), coop).unwrap();
        for d in ["members", "contracts", "payments", "ledger"] {
            std::fs::create_dir_all(p.join(d)).unwrap();
        }
        std::fs::write(p.join("members/alice.toml"), format!("name = \"A\"\njoined = {}\nleft = {}\nwithholding_rate = {}\nlevies = {{ m = {} }}\n", member[0], member[1], member[2], member[3])).unwrap();
        std::fs::write(p.join("members/bob.toml"), "name = \"B\"\nmodel = \"contractor\"\n").unwrap();
        std::fs::write(p.join("contracts/c.csv"), csv("id,member,client,date,hours,amount,expenses", &contracts)).unwrap();
        std::fs::write(p.join("payments/p.csv"), csv("contract,date,amount,kind", &payments)).unwrap();
        std::fs::write(p.join("ledger/l.csv"), csv("date,kind,amount,fund,to,member", &ledger)).unwrap();

        let loaded = books::load_dir(p).unwrap();
        let computed = Computed::new(loaded.books);
        let _ = check::all(&computed, &loaded.problems, check::Depth::All);
        let b = &computed.books;
        for c in &b.contracts {
            let m = Month::of(c.date);
            let _ = computed.month(m);
            let _ = patronage::of(&computed, m.year);
            let _ = coopbooks::engine::close::of(&computed, coopbooks::period::Closable::Month(m), None);
        }
        let at = b.latest_date().unwrap_or(chrono::NaiveDate::MIN);
        let _ = guarantee::of(&computed, at);
        let _ = funds::of(&computed, &Period::year(2026));
        let _ = capital::of(&computed, at);
        if let Some(alice) = b.member_by_id("alice") {
            let _ = statement::of(&computed, alice, &Period::year(2026), at);
        }
    }
}
