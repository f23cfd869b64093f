//! Property tests of VAT over random books: an invoice's total is its amount and its VAT, the
//! VAT its amount times its rate rounded half away from zero; payments pay the amount and
//! the VAT in proportion, so that an invoice settled in full has paid its amount exactly;
//! a period's VAT return adds up its invoices, and a year's is the sum of its quarters'; and
//! VAT at 0 % changes no figure of books without VAT.

use coopbooks::books::{self, ContractId, Memory, PaymentKind};
use coopbooks::engine::computed::Computed;
use coopbooks::engine::{funds, guarantee, vat_return};
use coopbooks::money::Money;
use coopbooks::period::{Month, Period};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Write;

const COOP: &str = "name = \"P\"\ncurrency = \"EUR\"\nguarantee_fund = \"guarantee\"\n\
    [funds.guarantee]\nopening = \"500.00\"\n[funds.operations]\nopening = \"0.00\"\n\
    [[levies]]\nname = \"a\"\nrate = \"6.5%\"\nfund = \"operations\"\n\
    [payroll]\nmodel = \"salaried\"\nemployer_rate = \"27%\"\n";

/// The rates, by the index a case names them with (0: none named, the default).
const RATES: [(&str, &str); 4] = [
    ("", "21"),
    ("reduced", "6"),
    ("odd", "12.5"),
    ("reverse", "0"),
];

const VAT: &str = "[vat]\ndefault = \"standard\"\n\
    [vat.rates.standard]\ncategory = \"S\"\nrate = \"21%\"\n\
    [vat.rates.reduced]\ncategory = \"S\"\nrate = \"6%\"\n\
    [vat.rates.odd]\ncategory = \"S\"\nrate = \"12.5%\"\n\
    [vat.rates.reverse]\ncategory = \"AE\"\nreason = \"Reverse charge\"\n";

/// Every rate 0 %: the default zero rated.
const ZERO_VAT: &str = "[vat]\ndefault = \"zero\"\n[vat.rates.zero]\ncategory = \"Z\"\n";

#[derive(Clone, Debug)]
struct Invoice {
    day: u32,
    cents: i64,
    rate: usize,
    /// 0 unpaid; 1 paid in full; 2 paid in parts; 3 a part paid, the rest written off;
    /// 4 a part paid only.
    pattern: u8,
    /// Where the parts divide what is owed, in thousandths.
    cut: (u32, u32),
    /// Days from the invoice to its payments.
    delay: u32,
}

fn date(day: u32) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day.into());
    d.to_string()
}

fn cents(c: i64) -> String {
    Money::from_cents(c).to_string()
}

/// round(amount × percent ÷ 100), half away from zero: the VAT by hand.
fn vat_by_hand(cents: i64, percent: &str) -> i64 {
    let v = Decimal::new(cents, 2) * percent.parse::<Decimal>().unwrap() / Decimal::ONE_HUNDRED;
    let v = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    (v * Decimal::ONE_HUNDRED).try_into().unwrap()
}

/// The books' files; `vat` is appended to coop.toml, and the rates are named only with it.
fn files(invoices: &[Invoice], vat: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut contracts = String::from("id,member,client,date,hours,amount,vat\n");
    let mut payments = String::from("contract,date,amount,kind\n");
    for (i, inv) in invoices.iter().enumerate() {
        let name = if vat == Some(VAT) {
            RATES[inv.rate].0
        } else {
            ""
        };
        let day = date(inv.day);
        writeln!(
            contracts,
            "C-{i},ann,acme,{day},1,{},{name}",
            cents(inv.cents)
        )
        .unwrap();
        let owed = match vat {
            Some(VAT) => inv.cents + vat_by_hand(inv.cents, RATES[inv.rate].1),
            _ => inv.cents,
        };
        let (a, b) = inv.cut;
        let part = |k: u32| (owed * i64::from(k) / 1000).max(1).min(owed);
        let paid = date(inv.day + inv.delay);
        let later = date(inv.day + inv.delay + 10);
        let mut row = |on: &str, c: i64, kind: &str| {
            if c > 0 {
                writeln!(payments, "C-{i},{on},{},{kind}", cents(c)).unwrap();
            }
        };
        match inv.pattern {
            1 => row(&paid, owed, "payment"),
            2 => {
                let (x, y) = (part(a.min(b)), part(a.max(b)));
                row(&paid, x, "payment");
                row(&paid, y - x, "payment");
                row(&later, owed - y, "payment");
            }
            3 => {
                row(&paid, part(a), "payment");
                row(&later, owed - part(a), "writeoff");
            }
            4 => row(&paid, part(a).min(owed - 1), "payment"),
            _ => {}
        }
    }
    let coop = format!("{COOP}{}", vat.unwrap_or(""));
    [
        ("coop.toml", coop),
        ("members/ann.toml", "name = \"Ann\"\n".into()),
        ("contracts/2026.csv", contracts),
        ("payments/2026.csv", payments),
    ]
    .into_iter()
    .map(|(rel, text)| (rel.to_string(), text.into_bytes()))
    .collect()
}

fn computed(files: Vec<(String, Vec<u8>)>) -> Computed {
    let loaded = books::load(&Memory::new(files)).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Computed::new(loaded.books)
}

fn invoices() -> impl Strategy<Value = Vec<Invoice>> {
    let invoice = (
        0u32..330,
        1i64..5_000_000,
        0usize..4,
        0u8..5,
        (0u32..1000, 0u32..1000),
        0u32..30,
    )
        .prop_map(|(day, cents, rate, pattern, cut, delay)| Invoice {
            day,
            cents,
            rate,
            pattern,
            cut,
            delay,
        });
    prop::collection::vec(invoice, 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn totals_shares_and_returns_add_up(invoices in invoices()) {
        let c = computed(files(&invoices, Some(VAT)));
        let books = &c.books;
        // By contract: VAT by hand, owed = amount + VAT; the shares of the amount its payments
        // paid, and all it was paid.
        let mut shares = vec![Money::ZERO; invoices.len()];
        let mut paid = vec![Money::ZERO; invoices.len()];
        for (i, p) in books.payments.iter().enumerate() {
            shares[p.contract.0 as usize] += c.terms.amount_share(i, p);
            paid[p.contract.0 as usize] += p.amount;
        }
        for (i, inv) in invoices.iter().enumerate() {
            let id = ContractId(i as u32);
            let contract = books.contract(id);
            let vat = Money::from_cents(vat_by_hand(inv.cents, RATES[inv.rate].1));
            prop_assert_eq!(c.terms.vat(id), vat, "C-{}", i);
            prop_assert_eq!(c.terms.owed(id, contract), contract.amount + vat);
            prop_assert!(shares[i] <= contract.amount && !shares[i].is_negative());
            if paid[i] == contract.amount + vat {
                // Settled in full (paid, or paid and written off): the amount exactly.
                prop_assert_eq!(shares[i], contract.amount, "C-{}", i);
            }
            // What is fronted is at most the amount.
            prop_assert!(c.terms.advance(id) <= contract.amount);
        }
        // Each quarter's output VAT is its invoices' VAT; the year's is the quarters' sum.
        let mut year = (Money::ZERO, Money::ZERO, Money::ZERO);
        for q in 1..=4 {
            let p = Period::parse(&format!("2026-Q{q}")).unwrap();
            let r = vat_return::of(&c, p.from, p.to).unwrap();
            let within = |d| p.from <= d && d <= p.to;
            let want: Money = (0..invoices.len())
                .filter(|&i| within(books.contracts[i].date))
                .map(|i| c.terms.vat(ContractId(i as u32)))
                .sum();
            prop_assert_eq!(r.output, want);
            prop_assert_eq!(r.rates.iter().map(|l| l.vat).sum::<Money>(), want);
            year.0 += r.output;
            year.1 += r.rates.iter().map(|l| l.base).sum::<Money>();
            year.2 += r.written_off;
        }
        let y = Period::parse("2026").unwrap();
        let r = vat_return::of(&c, y.from, y.to).unwrap();
        prop_assert_eq!((r.output, r.rates.iter().map(|l| l.base).sum::<Money>(), r.written_off), year);
        // The VAT of the year's write-offs is what of the written-off invoices' VAT was never
        // paid.
        let given_up: Money = (books.payments.iter().enumerate())
            .filter(|(_, p)| p.kind == PaymentKind::Writeoff && p.date <= y.to)
            .map(|(i, p)| p.amount - c.terms.amount_share(i, p))
            .sum();
        prop_assert_eq!(r.written_off, given_up);
    }

    #[test]
    fn vat_at_zero_changes_no_figure(invoices in invoices()) {
        let without = computed(files(&invoices, None));
        let zero = computed(files(&invoices, Some(ZERO_VAT)));
        for m in 1..=12 {
            let month = Month::parse(&format!("2026-{m:02}")).unwrap();
            prop_assert_eq!(without.month(month), zero.month(month));
        }
        let year = Period::parse("2026").unwrap();
        let (a, b) = (funds::of(&without, &year), funds::of(&zero, &year));
        prop_assert_eq!((a.funds, a.total), (b.funds, b.total));
        for at in ["2026-03-31", "2026-06-30", "2026-12-31", "2027-01-31"] {
            let at = at.parse().unwrap();
            prop_assert_eq!(guarantee::of(&without, at), guarantee::of(&zero, at));
        }
        for (i, p) in without.books.payments.iter().enumerate() {
            prop_assert_eq!(zero.terms.amount_share(i, p), p.amount);
        }
    }
}
