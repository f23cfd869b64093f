//! Fund movements: levies, ledger rows, guarantee advances and repayments, year-end postings,
//! each dated and naming the row it comes from; and every fund's balances over a period.

use super::computed::Computed;
use crate::books::{ContractId, FundId, LedgerKind, PaymentKind};
use crate::money::Money;
use crate::period::Period;
use chrono::NaiveDate;

/// The kinds of movement, in the order of the funds report's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Levies,
    Income,
    Costs,
    TransfersIn,
    TransfersOut,
    Advances,
    Repayments,
    Patronage,
    Shares,
    Redemptions,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Levies,
        Kind::Income,
        Kind::Costs,
        Kind::TransfersIn,
        Kind::TransfersOut,
        Kind::Advances,
        Kind::Repayments,
        Kind::Patronage,
        Kind::Shares,
        Kind::Redemptions,
    ];

    /// Its name in reports and close files: the close file's list, `FUND_MOVEMENTS`, which
    /// is in `ALL`'s order.
    pub fn name(self) -> &'static str {
        crate::books::FUND_MOVEMENTS[self as usize]
    }

    /// Whether the movement adds to the fund's balance.
    pub fn is_credit(self) -> bool {
        matches!(
            self,
            Kind::Levies | Kind::Income | Kind::TransfersIn | Kind::Repayments | Kind::Shares
        )
    }

    /// What a fund's movements (indexed like `ALL`) added to it, and what they took from it:
    /// `opening + in - out = closing`.
    pub fn in_and_out(movements: &[Money; 10]) -> (Money, Money) {
        let (mut added, mut taken) = (Money::ZERO, Money::ZERO);
        for (k, &m) in Kind::ALL.iter().zip(movements) {
            if k.is_credit() {
                added += m;
            } else {
                taken += m;
            }
        }
        (added, taken)
    }
}

/// Where a movement comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A contract's levy, the guarantee advance on its pay date, or what a credit note repaid
    /// of its invoice's advance.
    Contract(ContractId),
    /// A client payment (index into `Books::payments`) repaying an advance.
    Payment(usize),
    /// A ledger row (index into `Books::ledger`).
    Ledger(usize),
    /// A year's close.
    YearEnd(i32),
}

/// One dated movement of one fund; `amount` is positive, `kind` says the direction (a credit
/// note's levies are negative: they take back what its invoice's levies added).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Movement {
    pub fund: FundId,
    pub date: NaiveDate,
    pub kind: Kind,
    pub amount: Money,
    pub origin: Origin,
}

impl Movement {
    pub fn signed(&self) -> Money {
        if self.kind.is_credit() {
            self.amount
        } else {
            -self.amount
        }
    }
}

/// Calls `each` with every movement of every fund, in no particular order. Long because it is
/// the one list of where fund movements come from (levies, advances, repayments, write-offs,
/// ledger rows, year ends), each beside the others.
pub fn for_each_movement(computed: &Computed, mut each: impl FnMut(Movement)) {
    let books = &computed.books;
    for (i, c) in books.contracts.iter().enumerate() {
        let id = ContractId(i as u32);
        for (levy, &amount) in books.coop.levies.iter().zip(computed.terms.levies(id)) {
            if let Some(entry) = levy.in_force(c.date)
                && !amount.is_zero()
            {
                each(Movement {
                    fund: entry.fund,
                    date: c.date,
                    kind: Kind::Levies,
                    amount,
                    origin: Origin::Contract(id),
                });
            }
        }
    }
    if let Some(fund) = books.coop.guarantee_fund {
        for i in 0..books.contracts.len() as u32 {
            let id = ContractId(i);
            let advanced = computed.terms.advance(id);
            if advanced.is_positive() {
                each(Movement {
                    fund,
                    date: computed.terms.pay_date(id),
                    kind: Kind::Advances,
                    amount: advanced,
                    origin: Origin::Contract(id),
                });
            }
        }
        for (i, p) in books.payments.iter().enumerate() {
            if p.kind == PaymentKind::Payment && p.date > computed.terms.pay_date(p.contract) {
                each(Movement {
                    fund,
                    date: p.date,
                    kind: Kind::Repayments,
                    amount: computed.terms.amount_share(i, p),
                    origin: Origin::Payment(i),
                });
            }
        }
        for &(note, amount) in computed.terms.credit_repayments() {
            each(Movement {
                fund,
                date: books.contract(note).date,
                kind: Kind::Repayments,
                amount,
                origin: Origin::Contract(note),
            });
        }
    }
    for (i, row) in books.ledger.iter().enumerate() {
        let (date, amount) = (row.date, row.amount);
        let mut post = |fund: Option<FundId>, kind: Kind| {
            if let Some(fund) = fund {
                each(Movement {
                    fund,
                    date,
                    kind,
                    amount,
                    origin: Origin::Ledger(i),
                });
            }
        };
        match row.kind {
            LedgerKind::Income => post(row.fund, Kind::Income),
            LedgerKind::Cost => post(row.fund, Kind::Costs),
            LedgerKind::Transfer => {
                post(row.fund, Kind::TransfersOut);
                post(row.to, Kind::TransfersIn);
            }
            LedgerKind::Share => post(row.fund, Kind::Shares),
            LedgerKind::Redeem => post(row.fund, Kind::Redemptions),
            // Paying what is owed (to a member, a client, the state) moves no fund.
            LedgerKind::Payout
            | LedgerKind::Returned
            | LedgerKind::Refund
            | LedgerKind::Remit(_) => {}
        }
    }
    for y in &computed.closed.year_ends {
        let origin = Origin::YearEnd(chrono::Datelike::year(&y.date));
        for &(fund, amount) in &y.set_asides {
            each(Movement {
                fund: y.surplus_fund,
                date: y.date,
                kind: Kind::TransfersOut,
                amount,
                origin,
            });
            each(Movement {
                fund,
                date: y.date,
                kind: Kind::TransfersIn,
                amount,
                origin,
            });
        }
        if !y.allocated.is_zero() {
            each(Movement {
                fund: y.surplus_fund,
                date: y.date,
                kind: Kind::Patronage,
                amount: y.allocated,
                origin,
            });
        }
    }
}

/// One fund over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundRow {
    pub fund: FundId,
    pub opening: Money,
    /// Indexed like `Kind::ALL`.
    pub movements: [Money; 10],
    pub closing: Money,
}

impl FundRow {
    pub fn get(&self, kind: Kind) -> Money {
        self.movements[kind as usize]
    }
}

/// All funds together over a period: the sums of their openings, movements and closings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FundsTotal {
    pub opening: Money,
    /// Indexed like `Kind::ALL`.
    pub movements: [Money; 10],
    pub closing: Money,
}

/// Every fund over a period, in the order of coop.toml, and their total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundsOver {
    pub funds: Vec<FundRow>,
    pub total: FundsTotal,
}

/// Every fund's opening, in `Coop::funds`' order: as coop.toml declares it, plus, for books
/// read from a cut, what the closed years' unread rows moved it (`engine::opening`). Every
/// balance starts from here; books read from a cut are asked only about dates after it.
pub fn openings(computed: &Computed) -> Vec<Money> {
    let declared = computed.books.coop.funds.iter().map(|f| f.opening);
    match computed.books.carried() {
        Some((cut, carry)) => {
            let moved = computed.openings.funds.get_or_init(|| {
                // Each fund's balance at the cut's end, from the rows read (their ledger, the
                // closes' year-end postings, and the open invoices' rows dated by then)...
                let mut own: Vec<Money> = declared.clone().collect();
                for_each_movement(computed, |m| {
                    if m.date <= cut.end
                        && let Some(b) = own.get_mut(m.fund.0 as usize)
                    {
                        *b += m.signed();
                    }
                });
                // ... and what the carry says it was.
                (computed.books.coop.funds.iter().zip(own))
                    .map(|(f, own)| carry.funds.get(&f.name).map_or(Money::ZERO, |&c| c - own))
                    .collect()
            });
            declared.zip(moved).map(|(d, &moved)| d + moved).collect()
        }
        None => declared.collect(),
    }
}

/// Every fund over a period: the opening balance (the declared opening plus everything dated
/// before the period), each kind of movement within it, and the closing balance.
pub fn of(computed: &Computed, period: &Period) -> FundsOver {
    let mut rows: Vec<FundRow> = (openings(computed).into_iter().enumerate())
        .map(|(i, opening)| FundRow {
            fund: FundId(i as u32),
            opening,
            movements: [Money::ZERO; 10],
            closing: opening,
        })
        .collect();
    for_each_movement(computed, |m| {
        let Some(row) = rows.get_mut(m.fund.0 as usize) else {
            return;
        };
        if m.date < period.from {
            row.opening += m.signed();
            row.closing += m.signed();
        } else if m.date <= period.to {
            row.movements[m.kind as usize] += m.amount;
            row.closing += m.signed();
        }
    });
    let mut total = FundsTotal::default();
    for r in &rows {
        total.opening += r.opening;
        total.closing += r.closing;
        for (t, m) in total.movements.iter_mut().zip(&r.movements) {
            *t += *m;
        }
    }
    FundsOver { funds: rows, total }
}

/// Where a fund went lowest: the first day it ended below its floor (its `minimum`, else
/// zero), and its lowest balance at the end of a day, with that day (the first, on a tie).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Low {
    pub fund: FundId,
    pub floor: Money,
    pub first_below: NaiveDate,
    pub below_by: Money,
    pub lowest: Money,
    pub lowest_on: NaiveDate,
}

/// Every fund that ends a day below its floor, in the order of coop.toml. For books read
/// from a cut, the days after it: the books know no balance before it, and the first day
/// after it starts from the balance its close carries.
pub fn lows(computed: &Computed) -> Vec<Low> {
    let books = &computed.books;
    let mut lows: Vec<Option<Low>> = vec![None; books.coop.funds.len()];
    let mut balance = openings(computed);
    let mut moves = daily_moves(computed);
    if let Some(cut) = books.cut {
        // Up to the cut, each fund's moves summed into its balance at the cut's end; that
        // balance is the first day's after it, moved or not.
        let after = moves.partition_point(|&(d, _, _)| d <= cut.end);
        for &(_, fund, delta) in &moves[..after] {
            if let Some(b) = balance.get_mut(fund.0 as usize) {
                *b += delta;
            }
        }
        let first = cut.end.succ_opt().unwrap_or(cut.end);
        let moved_first = |f: FundId| moves[after..].iter().any(|&(d, g, _)| d == first && g == f);
        let unmoved: Vec<_> = (0..balance.len() as u32)
            .map(FundId)
            .filter(|&f| !moved_first(f))
            .map(|f| (first, f, Money::ZERO))
            .collect();
        moves = unmoved
            .into_iter()
            .chain(moves.into_iter().skip(after))
            .collect();
    }
    for (date, fund, delta) in moves {
        let f = fund.0 as usize;
        let (Some(b), Some(spec)) = (balance.get_mut(f), books.coop.funds.get(f)) else {
            continue;
        };
        *b += delta;
        let floor = spec.minimum.unwrap_or(Money::ZERO);
        if *b >= floor {
            continue;
        }
        let low = lows[f].get_or_insert(Low {
            fund,
            floor,
            first_below: date,
            below_by: floor - *b,
            lowest: *b,
            lowest_on: date,
        });
        if *b < low.lowest {
            low.lowest = *b;
            low.lowest_on = date;
        }
    }
    lows.into_iter().flatten().collect()
}

/// What each fund moved each day it moved, by day then fund. Summed in one pass into a dense
/// table over the days the books' rows and pay dates span; books whose days span more than a
/// century (only a mistyped year makes them) are summed by sorting instead.
fn daily_moves(computed: &Computed) -> Vec<(NaiveDate, FundId, Money)> {
    let n = computed.books.coop.funds.len();
    let (first, last) = days_of(computed);
    let days = (last - first).num_days() + 1;
    if n == 0 || !(1..=36_525).contains(&days) {
        return sorted_moves(computed);
    }
    let days = days as usize;
    let mut moved = vec![Money::ZERO; days * n];
    let mut outside = false;
    for_each_movement(computed, |m| {
        let day = (m.date - first).num_days() as usize;
        match moved.get_mut(day * n + m.fund.0 as usize) {
            Some(cell) if m.date >= first => *cell += m.signed(),
            _ => outside = true,
        }
    });
    if outside {
        return sorted_moves(computed);
    }
    (moved.iter().enumerate())
        .filter(|(_, m)| !m.is_zero())
        .map(|(i, &m)| {
            let date = first + chrono::Days::new((i / n) as u64);
            (date, FundId((i % n) as u32), m)
        })
        .collect()
}

/// The first and last day of the books' rows, pay dates and closed years' ends: every fund
/// movement is on one of them (`daily_moves` checks).
fn days_of(computed: &Computed) -> (NaiveDate, NaiveDate) {
    let books = &computed.books;
    let (mut first, mut last) = (NaiveDate::MAX, NaiveDate::MIN);
    let mut see = |d: NaiveDate| {
        first = first.min(d);
        last = last.max(d);
    };
    for (i, c) in books.contracts.iter().enumerate() {
        see(c.date);
        see(computed.terms.pay_date(ContractId(i as u32)));
    }
    books.payments.iter().for_each(|p| see(p.date));
    books.ledger.iter().for_each(|r| see(r.date));
    computed.closed.year_ends.iter().for_each(|y| see(y.date));
    (first, last)
}

/// `daily_moves` by sorting every movement.
fn sorted_moves(computed: &Computed) -> Vec<(NaiveDate, FundId, Money)> {
    let mut all = Vec::new();
    for_each_movement(computed, |m| all.push((m.date, m.fund, m.signed())));
    all.sort_by_key(|&(d, f, _)| (d, f));
    all.dedup_by(|b, a| {
        let same = (a.0, a.1) == (b.0, b.1);
        if same {
            a.2 += b.2;
        }
        same
    });
    all
}

/// Every fund's balance at the end of a day, in `Coop::funds`' order: one pass over the
/// movements.
pub fn balances_at(computed: &Computed, at: NaiveDate) -> Vec<Money> {
    let mut balances = openings(computed);
    for_each_movement(computed, |m| {
        if m.date <= at
            && let Some(b) = balances.get_mut(m.fund.0 as usize)
        {
            *b += m.signed();
        }
    });
    balances
}

/// A fund's balance at the end of a day.
pub fn balance_at(computed: &Computed, fund: FundId, at: NaiveDate) -> Money {
    let mut balance = (openings(computed).get(fund.0 as usize)).map_or(Money::ZERO, |&b| b);
    for_each_movement(computed, |m| {
        if m.fund == fund && m.date <= at {
            balance += m.signed();
        }
    });
    balance
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixture;

    #[test]
    fn a_fund_over_a_month_and_the_total() {
        let c = fixture::computed("salaried");
        let march = Period::parse("2026-03").unwrap();
        let over = of(&c, &march);
        assert_eq!(over.funds.len(), 1);
        let ops = &over.funds[0];
        // Opening: 0.00 declared, less February's redemption of 30.00; March's levies
        // 80.00 + 9.00 (dated on the contract's date, 6 March); closing −30.00 + 89.00 = 59.00.
        assert_eq!(ops.opening, Money::from_cents(-3000));
        assert_eq!(ops.get(Kind::Levies), Money::from_cents(8900));
        assert_eq!(ops.get(Kind::Redemptions), Money::ZERO);
        assert_eq!(ops.closing, Money::from_cents(5900));
        // One fund: the total is it.
        assert_eq!(over.total.opening, ops.opening);
        assert_eq!(over.total.movements, ops.movements);
        assert_eq!(over.total.closing, ops.closing);
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        // The day before the contract the levies are not in the fund yet.
        assert_eq!(balance_at(&c, FundId(0), day(5)), Money::from_cents(-3000));
        assert_eq!(balance_at(&c, FundId(0), day(6)), Money::from_cents(5900));
    }
}
