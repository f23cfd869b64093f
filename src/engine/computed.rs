//! The computed view: the books with every contract's terms (`Terms`), computed once per run
//! on both cores; months are settled on first use.
//! Every command, `check` and `close` included, reads its figures from here.

use super::closed::ClosedYears;
use super::digest::Digests;
use super::pay::{self, Carries, Figures, MemberPay, MonthFigures, MonthPay};
use super::sealed::{self, Depth, Seals};
use super::terms::Terms;
use crate::books::{Books, ContractId, MemberId};
use crate::money::Money;
use crate::par;
use crate::period::{Closable, Month};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub struct Computed {
    pub books: Books,
    /// Every contract's pay date, levies, budget and guarantee advance.
    pub terms: Terms,
    /// The shortfalls credit notes leave to members' later months.
    pub carries: Carries,
    /// What the closed years post: year-end postings and retained allocations.
    pub closed: ClosedYears,
    /// Each pay month's contracts, in contract order, and its pay once settled.
    months: BTreeMap<Month, (Vec<ContractId>, OnceLock<MonthFigures>)>,
    /// The digests of the closed months' rows, as wholes, once asked for (checking closes).
    totals: OnceLock<Digests>,
    /// Which closed years hold by their seals, once asked for; and with `Depth::All`, the
    /// files gone or changed.
    seals: OnceLock<Seals>,
    seals_all: OnceLock<Seals>,
    /// For books read from a cut (`Books::cut`), what the closed years' unread rows left in
    /// each running balance, once worked out.
    pub openings: Openings,
}

/// For books read from a cut, what the closed years' unread rows left in each running balance
/// at its end: the balance its close carries less the one the rows read give then. Each is
/// worked out, the first time it is needed, by the module that owns the balance
/// (`funds::openings`, `owed::at`, `guarantee`'s receivable); a balance dated after the cut
/// adds it, so that the books read from the cut give the figures of the whole books.
#[derive(Default)]
pub struct Openings {
    /// Per fund, in `Coop::funds`' order.
    pub funds: OnceLock<Vec<Money>>,
    /// What was owed to the tax office, social security and the members.
    pub owed: OnceLock<[Money; 3]>,
    /// What clients owed.
    pub receivable: OnceLock<Money>,
    /// What the guarantee fund had written off.
    pub written_off: OnceLock<Money>,
}

impl Computed {
    pub fn new(books: Books) -> Computed {
        let (terms, months) = par::join(|| Terms::of(&books), || months_of(&books));
        Computed {
            closed: ClosedYears::of(&books),
            carries: Carries::of(&books, &terms),
            books,
            terms,
            months,
            totals: OnceLock::new(),
            seals: OnceLock::new(),
            seals_all: OnceLock::new(),
            openings: Openings::default(),
        }
    }

    /// Which closed years hold by their seals (their files' digests and the settings), worked
    /// out the first time it is asked for; with `Depth::All`, only the files gone or changed.
    pub fn seals(&self, depth: Depth) -> &Seals {
        let lock = match depth {
            Depth::Sealed => &self.seals,
            Depth::All => &self.seals_all,
        };
        lock.get_or_init(|| sealed::seals(&self.books, depth))
    }

    /// Settles several months ahead of use, on both cores.
    pub fn settle(&self, months: &[Month]) {
        let every_other = |skip| {
            for &m in months.iter().skip(skip).step_by(2) {
                self.month_figures(m);
            }
        };
        par::join(|| every_other(0), || every_other(1));
    }

    /// The digests of the rows dated in a period's months, as wholes (each month's rows, its
    /// ledger). Those of every closed period are computed once, together, the first time any
    /// is asked for; another period's (the one being closed) are computed for it alone.
    pub fn totals(&self, period: Closable) -> Cow<'_, Digests> {
        // The months of sealed years (once `check` has found them so) are not verified, so
        // their rows need no digesting.
        let sealed = self.seals.get();
        let closed: Vec<Month> = (self.books.closes.iter())
            .filter(|c| !sealed.is_some_and(|s| s.holds(c.period)))
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
            Some((ids, settled)) => Cow::Borrowed(
                settled
                    .get_or_init(|| pay::settle_month(&self.books, self.pay_terms(), month, ids)),
            ),
            None => Cow::Owned(pay::settle_month(&self.books, self.pay_terms(), month, &[])),
        }
    }

    /// A month's pay with every contract line (a month without contracts has no members and
    /// zero totals).
    pub fn month(&self, month: Month) -> MonthPay {
        let figures = self.month_figures(month);
        pay::month_pay(&self.books, &self.terms, &figures, self.contracts_in(month))
    }

    /// One member's pay for each month of a range that has contracts.
    pub fn member_months(
        &self,
        member: MemberId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<MemberPay> {
        pay::member_months(&self.books, self.pay_terms(), member, from, to)
    }

    /// What pay is settled from: the contracts' terms and the shortfalls carried.
    pub fn pay_terms(&self) -> (&Terms, &Carries) {
        (&self.terms, &self.carries)
    }

    /// Every member's year-to-date figures, indexed by member: every month from January up to
    /// and including `month`.
    pub fn year_to_date(&self, month: Month) -> Vec<Figures> {
        let books = &self.books;
        let mut ytd = vec![Figures::zero(books.coop.levies.len()); books.members.len()];
        let first = Month {
            year: month.year,
            month: 1,
        };
        let months: Vec<Month> = (self.months())
            .filter(|m| first <= *m && *m <= month)
            .collect();
        self.settle(&months);
        for m in months {
            for p in &self.month_figures(m).members {
                if let Some(total) = ytd.get_mut(p.member.0 as usize) {
                    total.add(&p.figures);
                }
            }
        }
        ytd
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

#[cfg(test)]
mod tests {
    use crate::engine::fixture;
    use crate::figure::Figure;
    use crate::money::Money;
    use crate::period::Month;

    #[test]
    fn months_are_settled_once_and_add_up_to_the_year() {
        let c = fixture::computed("salaried");
        let march = fixture::MARCH;
        assert_eq!(c.months().collect::<Vec<_>>(), [march]);
        // The month's figures are the pay without the contract lines.
        let (figures, pay) = (c.month_figures(march), c.month(march));
        assert_eq!(figures.members[0].figures, pay.members[0].figures);
        assert_eq!(pay.members[0].contracts.len(), 1);
        // A month without contracts: no members, zero totals.
        let april = Month {
            year: 2026,
            month: 4,
        };
        assert!(c.month(april).members.is_empty());
        // Year to date at April: March's net (501.20) for Ann (member 0), nothing for Bob.
        let ytd = c.year_to_date(april);
        assert_eq!(ytd[0][Figure::Net], Money::from_cents(50120));
        assert_eq!(ytd[1][Figure::Net], Money::ZERO);
        // Nothing closed: nothing the closes carry.
        assert!(c.closed.year_ends.is_empty() && c.closed.retained(&c.books).is_empty());
    }
}
