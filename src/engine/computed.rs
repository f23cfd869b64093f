//! The computed view: the books with every contract's pay date, levies and budget and every
//! guarantee advance, computed once per run on both cores; months are settled on first use.
//! Every command, `check` and `close` included, reads its figures from here.

use super::digest::Digests;
use super::pay::{self, ContractPay, MonthFigures, MonthPay};
use crate::books::{Books, Contract, ContractId, LevyBase, LevyEntry, PaymentKind};
use crate::money::{self, Money};
use crate::period::{Closable, Month};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub struct Computed {
    pub books: Books,
    levy_count: usize,
    /// Per contract, indexed by `ContractId`.
    pay_dates: Vec<NaiveDate>,
    /// `levy_count` per contract, in the order of `Coop::levies`.
    levies: Vec<Money>,
    budgets: Vec<Money>,
    /// What the guarantee fund fronts on each contract's pay date (0.00 for nothing).
    advances: Vec<Money>,
    /// Each pay month's contracts, in contract order, and its pay once settled.
    months: BTreeMap<Month, (Vec<ContractId>, OnceLock<MonthFigures>)>,
    /// The digests of the closed months' rows, as wholes, once asked for (checking closes).
    totals: OnceLock<Digests>,
}

impl Computed {
    pub fn new(books: Books) -> Computed {
        let (n, k) = (books.contracts.len(), books.coop.levies.len());
        let mid = n / 2;
        let mut pay_dates = vec![NaiveDate::MIN; n];
        let mut levies = vec![Money::ZERO; n * k];
        let mut budgets = vec![Money::ZERO; n];
        // Each half of the contracts on its own core, into its half of the arrays.
        std::thread::scope(|s| {
            let (dates, later_dates) = pay_dates.split_at_mut(mid);
            let (lev, later_lev) = levies.split_at_mut(mid * k);
            let (bud, later_bud) = budgets.split_at_mut(mid);
            let (contracts, later) = books.contracts.split_at(mid);
            let books = &books;
            s.spawn(move || contract_figures(books, later, later_dates, later_lev, later_bud));
            contract_figures(books, contracts, dates, lev, bud);
        });
        let (advances, months) = std::thread::scope(|s| {
            let months = s.spawn(|| months_of(&books));
            (advances(&books, &pay_dates), months.join())
        });
        let months = months.unwrap_or_else(|_| months_of(&books));
        Computed {
            levy_count: books.coop.levies.len(),
            books,
            pay_dates,
            levies,
            budgets,
            advances,
            months,
            totals: OnceLock::new(),
        }
    }

    /// Settles several months ahead of use, on both cores.
    pub fn settle(&self, months: &[Month]) {
        std::thread::scope(|s| {
            s.spawn(|| {
                for &m in months.iter().skip(1).step_by(2) {
                    self.month_figures(m);
                }
            });
            for &m in months.iter().step_by(2) {
                self.month_figures(m);
            }
        });
    }

    /// The digests of the rows dated in a period's months, as wholes (each month's rows, its
    /// ledger). Those of every closed period are computed once, together, the first time any
    /// is asked for; another period's (the one being closed) are computed for it alone.
    pub fn totals(&self, period: Closable) -> Cow<'_, Digests> {
        let closed: Vec<Month> = (self.books.closes.iter())
            .flat_map(|c| c.period.months())
            .collect();
        let months = period.months();
        if months.iter().all(|m| closed.contains(m)) {
            Cow::Borrowed(
                self.totals
                    .get_or_init(|| Digests::totals(&self.books, &closed)),
            )
        } else {
            Cow::Owned(Digests::totals(&self.books, &months))
        }
    }

    /// The digests of the rows dated in a period's months, member by member: for the month
    /// being closed, and to name who changed in a closed month whose summary no longer holds.
    pub fn digests(&self, period: Closable) -> Digests {
        Digests::of(&self.books, &period.months())
    }

    pub fn pay_date(&self, c: ContractId) -> NaiveDate {
        self.pay_dates[c.0 as usize]
    }

    /// A contract's levies, in the order of `Coop::levies` (0.00 for one not in force).
    pub fn levies(&self, c: ContractId) -> &[Money] {
        let start = c.0 as usize * self.levy_count;
        &self.levies[start..start + self.levy_count]
    }

    pub fn budget(&self, c: ContractId) -> Money {
        self.budgets[c.0 as usize]
    }

    /// What the guarantee fund fronted on the contract's pay date: its amount less the client
    /// payments dated on or before then, if positive; else 0.00.
    pub fn advance(&self, c: ContractId) -> Money {
        self.advances[c.0 as usize]
    }

    /// One contract's line, as the reports show it.
    pub fn contract_pay(&self, c: ContractId) -> ContractPay {
        ContractPay {
            contract: c,
            pay_date: self.pay_date(c),
            levies: self.levies(c).to_vec(),
            budget: self.budget(c),
        }
    }

    /// The contracts dated in a month, in contract order.
    pub fn contracts_in(&self, month: Month) -> &[ContractId] {
        self.months.get(&month).map_or(&[], |(ids, _)| ids)
    }

    /// The months that have contracts, in order.
    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        self.months.keys().copied()
    }

    /// A month's figures, settled the first time they are asked for.
    pub fn month_figures(&self, month: Month) -> Cow<'_, MonthFigures> {
        match self.months.get(&month) {
            Some((ids, settled)) => {
                Cow::Borrowed(settled.get_or_init(|| pay::settle_month(self, month, ids)))
            }
            None => Cow::Owned(pay::settle_month(self, month, &[])),
        }
    }

    /// A month's pay with every contract line (a month without contracts has no members and
    /// zero totals).
    pub fn month(&self, month: Month) -> MonthPay {
        pay::month_pay(self, &self.month_figures(month), self.contracts_in(month))
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

/// Each pay month's contracts, in contract order. Contracts come in runs of one month (a
/// file per month, as a rule): the map is looked up only when the month changes.
fn months_of(books: &Books) -> BTreeMap<Month, (Vec<ContractId>, OnceLock<MonthFigures>)> {
    let mut months: BTreeMap<Month, (Vec<ContractId>, OnceLock<MonthFigures>)> = BTreeMap::new();
    let mut run: Option<(Month, Vec<ContractId>)> = None;
    for (i, c) in books.contracts.iter().enumerate() {
        let month = Month::of(c.date);
        match &mut run {
            Some((m, ids)) if *m == month => ids.push(ContractId(i as u32)),
            _ => {
                if let Some((m, ids)) = run.take() {
                    months.entry(m).or_default().0.extend(ids);
                }
                run = Some((month, vec![ContractId(i as u32)]));
            }
        }
    }
    if let Some((m, ids)) = run {
        months.entry(m).or_default().0.extend(ids);
    }
    months
}

/// Every contract's guarantee advance: its amount less the client payments (not write-offs)
/// dated on or before its pay date, where that is positive.
fn advances(books: &Books, pay_dates: &[NaiveDate]) -> Vec<Money> {
    let mut paid_in_time = vec![Money::ZERO; books.contracts.len()];
    for p in &books.payments {
        let i = p.contract.0 as usize;
        if p.kind == PaymentKind::Payment && p.date <= pay_dates[i] {
            paid_in_time[i] += p.amount;
        }
    }
    books
        .contracts
        .iter()
        .zip(paid_in_time)
        .map(|(c, paid)| (c.amount - paid).max(Money::ZERO))
        .collect()
}
