//! What the co-op still owes at a date: to the tax office the income tax it withheld, to
//! social security the contributions, to the members their net pay and patronage cash — each
//! accrued at its month's (or year's) end, less what the ledger's remittances and payouts
//! paid, from what `[bank] opening` says was owed before.

use super::computed::Computed;
use crate::books::{Authority, Books, LedgerKind};
use crate::figure::Figure;
use crate::money::Money;
use chrono::NaiveDate;
use serde::Serialize;

/// What is still owed at the end of a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Owed {
    /// Withholding, to the tax office.
    pub tax: Money,
    /// The employee's and the employer's contributions, to social security.
    pub social: Money,
    /// Net pay and patronage cash, to the members.
    pub members: Money,
}

/// Whether the books keep track of what is owed: they say what it was at the opening of the
/// bank account, or record a remittance or a payout. Books that do neither show no debts
/// (they would only grow), and reports do no work for them.
pub fn tracked(books: &Books) -> bool {
    let opening = books.coop.bank.as_ref().and_then(|b| b.opening.as_ref());
    opening.is_some()
        || (books.ledger.iter()).any(|r| {
            matches!(
                r.kind,
                LedgerKind::Remit(_) | LedgerKind::Payout | LedgerKind::Returned
            )
        })
}

/// What is owed at the end of `at`: every pay month ended by then (settled on both cores), the
/// closed years' patronage cash decided by then, and the ledger's remittances, payouts and returns dated by
/// then.
pub fn at(computed: &Computed, at: NaiveDate) -> Owed {
    let mut owed = own_at(computed, at);
    // Books read from a cut: what the closed years' unread rows left owed, the carry's less
    // what the rows read give at the cut's end.
    if let Some((cut, carry)) = computed.books.carried()
        && cut.counts_at(at)
    {
        let [tax, social, members] = *computed.openings.owed.get_or_init(|| {
            let own = own_at(computed, cut.end);
            let left =
                |carried: Option<Money>, own: Money| carried.map_or(Money::ZERO, |c| c - own);
            [
                left(carry.owed_tax, own.tax),
                left(carry.owed_social, own.social),
                left(carry.owed_members, own.members),
            ]
        });
        owed.tax += tax;
        owed.social += social;
        owed.members += members;
    }
    owed
}

/// `at` from the rows read alone.
fn own_at(computed: &Computed, at: NaiveDate) -> Owed {
    let books = &computed.books;
    let mut owed = Owed::default();
    if let Some(o) = books.coop.bank.as_ref().and_then(|b| b.opening.as_ref()) {
        owed.tax = o.owed_tax;
        owed.social = o.owed_social;
    }
    let months: Vec<_> = computed.months().filter(|m| m.last_day() <= at).collect();
    computed.settle(&months);
    for &m in &months {
        let t = &computed.month_figures(m).totals;
        owed.tax += t[Figure::Withholding];
        owed.social += t[Figure::EmployeeContributions] + t[Figure::EmployerContributions];
        owed.members += t[Figure::Payout];
    }
    // A closed year's patronage: what it allocated less what it retained is paid in cash,
    // owed from the day the general meeting decides it (31 December without `decided`).
    let closed = &computed.closed;
    let decided = |y: &super::closed::YearEnd| {
        let year = chrono::Datelike::year(&y.date);
        (books.coop.patronage.as_ref()).map_or(Some(y.date), |p| p.decided_on(year))
    };
    // Books read from a cut leave out a year decided by its end: what it made owed is in the
    // carry, which `at` adds (and its close's members need not be read for it).
    let counted = |d: NaiveDate| d <= at && books.cut.is_none_or(|c| d > c.end);
    for y in closed
        .year_ends
        .iter()
        .filter(|y| decided(y).is_some_and(counted))
    {
        let year = chrono::Datelike::year(&y.date);
        let retained = closed.retained_in(books, year);
        owed.members += y.allocated - retained;
    }
    for r in books.ledger.iter().filter(|r| r.date <= at) {
        match r.kind {
            LedgerKind::Remit(Authority::Tax) => owed.tax -= r.amount,
            LedgerKind::Remit(Authority::Social) => owed.social -= r.amount,
            LedgerKind::Payout => owed.members -= r.amount,
            LedgerKind::Returned => owed.members += r.amount,
            _ => {}
        }
    }
    owed
}
