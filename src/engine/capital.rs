//! Members' capital accounts: shares bought, retained patronage, redemptions.

use super::computed::Computed;
use crate::books::{LedgerKind, MemberId};
use crate::money::Money;
use chrono::NaiveDate;
use serde::Serialize;

/// A redemption larger than the member's capital on its date: the ledger row (index into
/// `Books::ledger`) and the capital there was.
pub struct Shortfall {
    pub row: usize,
    pub capital: Money,
}

/// Redemptions that exceed the member's capital on their date. Movements of one day are taken
/// credits first, so a share bought and redeemed the same day is allowed. Books read from a
/// cut look at the redemptions after it, each member's capital opening at the cut's end as its
/// close carries it (the earlier ones were looked at when their year was closed).
pub fn shortfalls(computed: &Computed) -> Vec<Shortfall> {
    let books = &computed.books;
    // (member, date, debit?, order, amount, ledger row)
    let mut moves: Vec<(MemberId, NaiveDate, bool, usize, Money, Option<usize>)> = Vec::new();
    let carried = books.carried();
    let after = |d: NaiveDate| carried.is_none_or(|(cut, _)| d > cut.end);
    if let Some((cut, carry)) = carried {
        for (id, line) in &carry.capital {
            let figures: Vec<Money> = (line.split(' ').take(3))
                .filter_map(|f| crate::money::parse_figure(f).ok())
                .collect();
            if let (Some(member), [shares, retained, redeemed]) =
                (books.member_by_id(id), &figures[..])
            {
                moves.push((
                    member,
                    cut.end,
                    false,
                    0,
                    *shares + *retained - *redeemed,
                    None,
                ));
            }
        }
    }
    let retained = computed
        .closed
        .retained_after(books, carried.map(|(cut, _)| cut.year));
    for (i, row) in books.ledger.iter().enumerate() {
        let Some(member) = row.member.filter(|_| after(row.date)) else {
            continue;
        };
        match row.kind {
            LedgerKind::Share => moves.push((member, row.date, false, i, row.amount, None)),
            LedgerKind::Redeem => moves.push((member, row.date, true, i, row.amount, Some(i))),
            _ => {}
        }
    }
    for r in retained.iter() {
        moves.push((r.member, r.date, false, 0, r.amount, None));
    }
    moves.sort_by_key(|m| (m.0, m.1, m.2, m.3));
    let mut out = Vec::new();
    let mut balance = Money::ZERO;
    let mut current = None;
    for (member, _, debit, _, amount, row) in moves {
        if current != Some(member) {
            current = Some(member);
            balance = Money::ZERO;
        }
        if debit {
            if amount > balance
                && let Some(row) = row
            {
                out.push(Shortfall {
                    row,
                    capital: balance,
                });
            }
            balance -= amount;
        } else {
            balance += amount;
        }
    }
    out
}

/// A capital account's figures at a date, a member's or all members' together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub shares: Money,
    pub retained: Money,
    pub redeemed: Money,
    /// Shares and retained allocations less redemptions.
    pub balance: Money,
    /// Retained allocations fallen due (with `revolve_years`) and not yet redeemed.
    pub due: Money,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.shares += o.shares;
        self.retained += o.retained;
        self.redeemed += o.redeemed;
        self.balance += o.balance;
        self.due += o.due;
    }
}

/// One member's capital account at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub member: MemberId,
    pub figures: Figures,
    /// Retained allocations by the year they were made.
    pub retained_by_year: Vec<(i32, Money)>,
}

/// Every member's capital account at a date, and their totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accounts {
    pub members: Vec<Account>,
    pub totals: Figures,
}

/// Every member with capital activity up to a date, by id. What is due: the retained
/// allocations that have fallen due by the date, less the redemptions made since the first of
/// them fell due (a redemption before that, such as a share returned, does not count).
pub fn of(computed: &Computed, at: NaiveDate) -> Accounts {
    let books = &computed.books;
    let retained = computed.closed.retained(books);
    let mut rows: Vec<Option<Account>> = vec![None; books.members.len()];
    let row = |rows: &mut Vec<Option<Account>>, m: MemberId| -> usize {
        let i = m.0 as usize;
        rows[i].get_or_insert(Account {
            member: m,
            figures: Figures::default(),
            retained_by_year: Vec::new(),
        });
        i
    };
    let revolve = books.coop.capital.revolve_years;
    let mut due = vec![Money::ZERO; books.members.len()];
    let mut due_since: Vec<Option<NaiveDate>> = vec![None; books.members.len()];
    for l in books.ledger.iter().filter(|l| l.date <= at) {
        let Some(m) = l.member else { continue };
        match l.kind {
            LedgerKind::Share => {
                let i = row(&mut rows, m);
                if let Some(a) = rows[i].as_mut() {
                    a.figures.shares += l.amount;
                }
            }
            LedgerKind::Redeem => {
                let i = row(&mut rows, m);
                if let Some(a) = rows[i].as_mut() {
                    a.figures.redeemed += l.amount;
                }
            }
            _ => {}
        }
    }
    for r in retained.iter().filter(|r| r.date <= at) {
        let i = row(&mut rows, r.member);
        if let Some(a) = rows[i].as_mut() {
            a.figures.retained += r.amount;
            a.retained_by_year.push((r.year, r.amount));
        }
        let falls_due = revolve.and_then(|n| NaiveDate::from_ymd_opt(r.year + n as i32 + 1, 1, 1));
        if let Some(d) = falls_due.filter(|d| *d <= at) {
            due[i] += r.amount;
            let since = &mut due_since[i];
            *since = Some(since.map_or(d, |s| s.min(d)));
        }
    }
    let mut redeemed_since_due = vec![Money::ZERO; books.members.len()];
    for l in books
        .ledger
        .iter()
        .filter(|l| l.kind == LedgerKind::Redeem && l.date <= at)
    {
        if let Some(m) = l.member
            && due_since[m.0 as usize].is_some_and(|d| l.date >= d)
        {
            redeemed_since_due[m.0 as usize] += l.amount;
        }
    }
    let mut totals = Figures::default();
    let members = (rows.into_iter().flatten())
        .map(|mut a| {
            a.retained_by_year.sort_by_key(|(y, _)| *y);
            let f = &mut a.figures;
            f.balance = f.shares + f.retained - f.redeemed;
            let i = a.member.0 as usize;
            f.due = (due[i] - redeemed_since_due[i]).max(Money::ZERO);
            totals.add(f);
            a
        })
        .collect();
    Accounts { members, totals }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixture;

    #[test]
    fn accounts_and_their_totals() {
        let c = fixture::computed("salaried");
        let at = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let cents =
            |f: &Figures| [f.shares, f.retained, f.redeemed, f.balance, f.due].map(|m| m.cents());
        let accounts = of(&c, at(12, 31));
        // Ann: 100.00 of shares less 30.00 redeemed = 70.00; Bob: 50.00.
        let ann = &accounts.members[0];
        assert_eq!(c.books.member(ann.member).id, "ann");
        assert_eq!(cents(&ann.figures), [10000, 0, 3000, 7000, 0]);
        assert_eq!(cents(&accounts.members[1].figures), [5000, 0, 0, 5000, 0]);
        assert_eq!(cents(&accounts.totals), [15000, 0, 3000, 12000, 0]);
        // On 11 January only Ann's share is there.
        let early = of(&c, at(1, 11));
        assert_eq!(early.members.len(), 1);
        assert_eq!(cents(&early.totals), [10000, 0, 0, 10000, 0]);
        assert!(shortfalls(&c).is_empty());
    }
}
