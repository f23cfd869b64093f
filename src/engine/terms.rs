//! Each contract's terms: its pay date, levies, budget, VAT and guarantee advance, worked out
//! once per run from the books, on both cores. Pay and every other figure read them from here.

use super::vat::{self, Rates};
use crate::books::{Books, Contract, ContractId, LevyBase, LevyEntry, Payment, PaymentKind};
use crate::money::{self, Money};
use crate::par;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

/// Every contract's terms, in arrays indexed by `ContractId`.
pub struct Terms {
    levy_count: usize,
    pay_dates: Vec<NaiveDate>,
    /// `levy_count` per contract, in the order of `Coop::levies`.
    levies: Vec<Money>,
    budgets: Vec<Money>,
    /// Each contract's VAT; empty for books without VAT.
    vat: Vec<Money>,
    /// Each payment's share of its contract's amount (`vat::amount_shares`); empty for books
    /// without VAT, where a payment pays the amount only.
    amount_shares: Vec<Money>,
    /// What the guarantee fund fronts on each contract's pay date (0.00 for nothing).
    advances: Vec<Money>,
    /// Per invoice that has credit notes: them, by date then row; empty without any.
    credit_notes: FxHashMap<ContractId, Vec<ContractId>>,
    /// Per invoice that has credit notes: what they take off its amount and off its VAT.
    credited: FxHashMap<ContractId, (Money, Money)>,
    /// What each credit note on a fronted invoice, dated after its pay date, repays of the
    /// guarantee fund's advance (`credit_repayments`), by credit note.
    credit_repayments: Vec<(ContractId, Money)>,
}

impl Terms {
    pub fn of(books: &Books) -> Terms {
        let (n, k) = (books.contracts.len(), books.coop.levies.len());
        let mid = n / 2;
        let mut pay_dates = vec![NaiveDate::MIN; n];
        let mut levies = vec![Money::ZERO; n * k];
        let mut budgets = vec![Money::ZERO; n];
        // Each half of the contracts on its own core, into its half of the arrays.
        let (dates, later_dates) = pay_dates.split_at_mut(mid);
        let (lev, later_lev) = levies.split_at_mut(mid * k);
        let (bud, later_bud) = budgets.split_at_mut(mid);
        let (contracts, later) = books.contracts.split_at(mid);
        par::join(
            || contract_figures(books, contracts, dates, lev, bud),
            || contract_figures(books, later, later_dates, later_lev, later_bud),
        );
        let credit_notes = credit_notes(books);
        let vat = match Rates::of(books) {
            Some(rates) => {
                let mut vat = vec![Money::ZERO; n];
                let (v, later_v) = vat.split_at_mut(mid);
                par::join(
                    || vat_of(&rates, contracts, v),
                    || vat_of(&rates, later, later_v),
                );
                vat
            }
            None => Vec::new(),
        };
        let credited = credited(books, &vat, &credit_notes);
        let amount_shares = match vat.is_empty() {
            true => Vec::new(),
            false => vat::amount_shares(books, &vat, |c| {
                credited.get(&c).copied().unwrap_or_default()
            }),
        };
        let mut terms = Terms {
            levy_count: k,
            pay_dates,
            levies,
            budgets,
            vat,
            amount_shares,
            advances: Vec::new(),
            credit_notes,
            credited,
            credit_repayments: Vec::new(),
        };
        terms.advances = advances(books, &terms);
        terms.credit_repayments = credit_repayments(books, &terms);
        terms
    }

    pub fn pay_date(&self, c: ContractId) -> NaiveDate {
        self.pay_dates[c.0 as usize]
    }

    /// A contract's levies, in the order of `Coop::levies` (0.00 for one not in force).
    pub fn levies(&self, c: ContractId) -> &[Money] {
        let start = c.0 as usize * self.levy_count;
        &self.levies[start..start + self.levy_count]
    }

    /// Its amount less its levies and expenses: what its member's pay is made of.
    pub fn budget(&self, c: ContractId) -> Money {
        self.budgets[c.0 as usize]
    }

    /// What the guarantee fund fronted on the contract's pay date: its amount less the share
    /// of it that client payments dated on or before then paid, if positive; else 0.00.
    pub fn advance(&self, c: ContractId) -> Money {
        self.advances[c.0 as usize]
    }

    /// The contract's VAT (0.00 for books without VAT).
    pub fn vat(&self, c: ContractId) -> Money {
        self.vat.get(c.0 as usize).copied().unwrap_or(Money::ZERO)
    }

    /// What the client owes for the contract: its amount and its VAT, less what its credit
    /// notes take off (a credit note itself is owed nothing: it lowers its invoice).
    pub fn owed(&self, c: ContractId, contract: &Contract) -> Money {
        if contract.amount.is_negative() {
            return Money::ZERO;
        }
        let (amount, vat) = self.credited(c);
        contract.amount + self.vat(c) - amount - vat
    }

    /// What an invoice's credit notes take off its amount and off its VAT (0.00 for none).
    pub fn credited(&self, c: ContractId) -> (Money, Money) {
        self.credited.get(&c).copied().unwrap_or_default()
    }

    /// Every invoice that has credit notes, with them, in no particular order.
    pub fn credits(&self) -> impl Iterator<Item = (ContractId, &[ContractId])> {
        (self.credit_notes.iter()).map(|(&i, notes)| (i, notes.as_slice()))
    }

    /// An invoice's credit notes, by date (none for a contract without any).
    pub fn credit_notes(&self, c: ContractId) -> &[ContractId] {
        self.credit_notes.get(&c).map_or(&[], Vec::as_slice)
    }

    /// What the credit notes of fronted invoices repaid of the guarantee fund's advance, each
    /// on its own date (one dated after its invoice's pay date), by credit note.
    pub fn credit_repayments(&self) -> &[(ContractId, Money)] {
        &self.credit_repayments
    }

    /// What a credit note repaid of the fund's advance, if anything.
    pub fn credit_repayment(&self, note: ContractId) -> Option<Money> {
        let at = (self.credit_repayments)
            .binary_search_by_key(&note, |&(n, _)| n)
            .ok()?;
        Some(self.credit_repayments[at].1)
    }

    /// The share of payment `i` (`p`, `Books::payments[i]`) that pays its contract's amount,
    /// the rest paying the VAT: the guarantee fund fronts, and is repaid, the amount only.
    pub fn amount_share(&self, i: usize, p: &Payment) -> Money {
        self.amount_shares.get(i).copied().unwrap_or(p.amount)
    }
}

/// What a contract's date decides: its pay date and, per levy, the entry in force.
struct DateTerms<'a> {
    pay_date: NaiveDate,
    levies: Vec<Option<&'a LevyEntry>>,
}

/// Pay dates, levies and budgets of a range of contracts. What a date decides is worked out
/// once per distinct date; a member's own levy rates are looked up only for members who have
/// any.
fn contract_figures(
    books: &Books,
    contracts: &[Contract],
    pay_dates: &mut [NaiveDate],
    levies: &mut [Money],
    budgets: &mut [Money],
) {
    let coop = &books.coop;
    let own_rates: Vec<bool> = (books.members.iter())
        .map(|m| m.levy_overrides.iter().any(Option::is_some))
        .collect();
    let mut by_date: FxHashMap<NaiveDate, DateTerms> = FxHashMap::default();
    let k = coop.levies.len();
    for (i, c) in contracts.iter().enumerate() {
        let terms = by_date.entry(c.date).or_insert_with(|| DateTerms {
            pay_date: (coop.calendar).add_working_days(c.date, coop.pay_within_working_days),
            levies: coop.levies.iter().map(|l| l.in_force(c.date)).collect(),
        });
        pay_dates[i] = terms.pay_date;
        let own = own_rates[c.member.0 as usize].then(|| &books.member(c.member).levy_overrides);
        let mut total = Money::ZERO;
        for (l, entry) in terms.levies.iter().enumerate() {
            let amount = match entry {
                Some(entry) => {
                    let rate = own.and_then(|o| o[l]).unwrap_or(entry.rate);
                    let base = match entry.base {
                        LevyBase::Amount => c.amount,
                        LevyBase::AmountLessExpenses => c.amount - c.expenses,
                    };
                    money::round_product(base, rate)
                }
                None => Money::ZERO,
            };
            total += amount;
            levies[i * k + l] = amount;
        }
        budgets[i] = c.amount - total - c.expenses;
    }
}

/// Each contract's VAT.
fn vat_of(rates: &Rates, contracts: &[Contract], vat: &mut [Money]) {
    for (c, v) in contracts.iter().zip(vat) {
        *v = rates.vat(c);
    }
}

/// Each invoice's credit notes, by date then row (an empty map for books without any).
fn credit_notes(books: &Books) -> FxHashMap<ContractId, Vec<ContractId>> {
    let mut map: FxHashMap<ContractId, Vec<ContractId>> = FxHashMap::default();
    for (i, c) in books.contracts.iter().enumerate() {
        if let Some(invoice) = c.corrects() {
            map.entry(invoice).or_default().push(ContractId(i as u32));
        }
    }
    for notes in map.values_mut() {
        notes.sort_by_key(|&n| (books.contract(n).date, n));
    }
    map
}

/// What each invoice's credit notes take off its amount and off its VAT (`vat` empty for
/// books without VAT).
fn credited(
    books: &Books,
    vat: &[Money],
    notes: &FxHashMap<ContractId, Vec<ContractId>>,
) -> FxHashMap<ContractId, (Money, Money)> {
    let vat_of = |n: ContractId| vat.get(n.0 as usize).copied().unwrap_or_default();
    (notes.iter())
        .map(|(&invoice, notes)| {
            let taken = notes.iter().fold((Money::ZERO, Money::ZERO), |(a, v), &n| {
                (a - books.contract(n).amount, v - vat_of(n))
            });
            (invoice, taken)
        })
        .collect()
}

/// Every contract's guarantee advance: its amount, less what credit notes dated on or before
/// its pay date took off it and the share of it that client payments (not write-offs) dated
/// on or before then paid, where that is positive.
fn advances(books: &Books, terms: &Terms) -> Vec<Money> {
    let mut paid_in_time = vec![Money::ZERO; books.contracts.len()];
    for (&invoice, notes) in &terms.credit_notes {
        let pay_date = terms.pay_dates[invoice.0 as usize];
        for &n in notes {
            let note = books.contract(n);
            if note.date <= pay_date {
                paid_in_time[invoice.0 as usize] -= note.amount;
            }
        }
    }
    for (at, p) in books.payments.iter().enumerate() {
        let i = p.contract.0 as usize;
        if p.kind == PaymentKind::Payment && p.date <= terms.pay_dates[i] {
            paid_in_time[i] += terms.amount_share(at, p);
        }
    }
    books
        .contracts
        .iter()
        .zip(paid_in_time)
        .map(|(c, paid)| (c.amount - paid).max(Money::ZERO))
        .collect()
}

/// What each credit note dated after its invoice's pay date repays of the fund's advance on
/// that invoice: its amount, but no more than was still outstanding on its date (the advance
/// less the shares of payments after the pay date and the earlier credit notes' repayments).
fn credit_repayments(books: &Books, terms: &Terms) -> Vec<(ContractId, Money)> {
    let fronted: FxHashMap<ContractId, &[ContractId]> = (terms.credit_notes.iter())
        .filter(|(i, _)| terms.advance(**i).is_positive())
        .map(|(&i, notes)| (i, notes.as_slice()))
        .collect();
    if fronted.is_empty() {
        return Vec::new();
    }
    let mut repaid: FxHashMap<ContractId, Vec<(NaiveDate, Money)>> = FxHashMap::default();
    for (at, p) in books.payments.iter().enumerate() {
        if fronted.contains_key(&p.contract) && p.date > terms.pay_date(p.contract) {
            let share = terms.amount_share(at, p);
            repaid.entry(p.contract).or_default().push((p.date, share));
        }
    }
    let mut out = Vec::new();
    for (&invoice, notes) in &fronted {
        let payments = repaid.get(&invoice).map_or(&[][..], Vec::as_slice);
        let mut by_credit = Money::ZERO;
        for &n in notes.iter() {
            let note = books.contract(n);
            if note.date <= terms.pay_date(invoice) {
                continue;
            }
            let by_payments: Money = (payments.iter())
                .filter(|(d, _)| *d <= note.date)
                .map(|(_, m)| *m)
                .sum();
            let outstanding = terms.advance(invoice) - by_payments - by_credit;
            let repays = (-note.amount).min(outstanding).max(Money::ZERO);
            if repays.is_positive() {
                by_credit += repays;
                out.push((n, repays));
            }
        }
    }
    out.sort_unstable_by_key(|&(n, _)| n);
    out
}

#[cfg(test)]
mod tests {
    use crate::books::ContractId;
    use crate::engine::fixture;
    use crate::money::Money;
    use chrono::NaiveDate;

    #[test]
    fn a_contracts_pay_date_levies_budget_and_advance() {
        let c = fixture::computed("salaried");
        let (t, id) = (&c.terms, ContractId(0));
        // Friday 6 March + 2 working days: Tuesday 10 March.
        assert_eq!(
            t.pay_date(id),
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
        );
        // 8 % of 1,000.00 = 80.00; 1 % of (1,000.00 − 100.00) = 9.00.
        assert_eq!(
            t.levies(id),
            [Money::from_cents(8000), Money::from_cents(900)]
        );
        // 1,000.00 − 89.00 − 100.00 = 811.00.
        assert_eq!(t.budget(id), Money::from_cents(81100));
        // 400.00 paid by the pay date (the 600.00 of the 20th is after it): 600.00 fronted.
        assert_eq!(t.advance(id), Money::from_cents(60000));
    }
}
