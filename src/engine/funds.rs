//! Fund movements (SPEC §11): levies, ledger rows, guarantee advances and repayments, each
//! dated; and the balances and movements of every fund over a period.

use super::pay;
use crate::books::{Books, ContractId, FundId, LedgerKind, PaymentKind};
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

    pub fn name(self) -> &'static str {
        match self {
            Kind::Levies => "levies",
            Kind::Income => "income",
            Kind::Costs => "costs",
            Kind::TransfersIn => "transfers_in",
            Kind::TransfersOut => "transfers_out",
            Kind::Advances => "advances",
            Kind::Repayments => "repayments",
            Kind::Patronage => "patronage",
            Kind::Shares => "shares",
            Kind::Redemptions => "redemptions",
        }
    }

    /// Whether the movement adds to the fund's balance.
    pub fn is_credit(self) -> bool {
        matches!(
            self,
            Kind::Levies | Kind::Income | Kind::TransfersIn | Kind::Repayments | Kind::Shares
        )
    }
}

/// One dated movement of one fund; `amount` is positive, `kind` says the direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Movement {
    pub fund: FundId,
    pub date: NaiveDate,
    pub kind: Kind,
    pub amount: Money,
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

/// A year-end posting made by closing a year (SPEC §12), supplied by the close files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearEnd {
    pub date: NaiveDate,
    pub surplus_fund: FundId,
    pub set_asides: Vec<(FundId, Money)>,
    pub allocated: Money,
}

/// Calls `each` with every movement of every fund, in no particular order.
pub fn for_each_movement(books: &Books, year_ends: &[YearEnd], mut each: impl FnMut(Movement)) {
    for i in 0..books.contracts.len() as u32 {
        let id = ContractId(i);
        let c = books.contract(id);
        let p = pay::contract_pay(books, id);
        for (k, levy) in books.coop.levies.iter().enumerate() {
            if let (Some(entry), Some(&amount)) = (levy.in_force(c.date), p.levies.get(k))
                && !amount.is_zero()
            {
                each(Movement {
                    fund: entry.fund,
                    date: c.date,
                    kind: Kind::Levies,
                    amount,
                });
            }
        }
    }
    if let Some(fund) = books.coop.guarantee_fund {
        for a in advances(books) {
            each(Movement {
                fund,
                date: a.pay_date,
                kind: Kind::Advances,
                amount: a.advanced,
            });
        }
        for p in &books.payments {
            let c = books.contract(p.contract);
            if p.kind == PaymentKind::Payment && p.date > pay::pay_date(books, c.date) {
                each(Movement {
                    fund,
                    date: p.date,
                    kind: Kind::Repayments,
                    amount: p.amount,
                });
            }
        }
    }
    for row in &books.ledger {
        let (date, amount) = (row.date, row.amount);
        let mut post = |fund: Option<FundId>, kind: Kind| {
            if let Some(fund) = fund {
                each(Movement {
                    fund,
                    date,
                    kind,
                    amount,
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
        }
    }
    for y in year_ends {
        for &(fund, amount) in &y.set_asides {
            each(Movement {
                fund: y.surplus_fund,
                date: y.date,
                kind: Kind::TransfersOut,
                amount,
            });
            each(Movement {
                fund,
                date: y.date,
                kind: Kind::TransfersIn,
                amount,
            });
        }
        if !y.allocated.is_zero() {
            each(Movement {
                fund: y.surplus_fund,
                date: y.date,
                kind: Kind::Patronage,
                amount: y.allocated,
            });
        }
    }
}

/// A contract's guarantee advance: what the fund fronted on the pay date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Advance {
    pub contract: ContractId,
    pub pay_date: NaiveDate,
    /// amount − client payments dated on or before the pay date; positive.
    pub advanced: Money,
}

/// Every contract's advance, where there is one (SPEC §11), in contract order.
pub fn advances(books: &Books) -> Vec<Advance> {
    let pay_dates: Vec<NaiveDate> = books
        .contracts
        .iter()
        .map(|c| pay::pay_date(books, c.date))
        .collect();
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
        .enumerate()
        .filter_map(|(i, c)| {
            let advanced = c.amount - paid_in_time[i];
            advanced.is_positive().then_some(Advance {
                contract: ContractId(i as u32),
                pay_date: pay_dates[i],
                advanced,
            })
        })
        .collect()
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

/// Every fund over a period: the opening balance (the declared opening plus everything dated
/// before the period), each kind of movement within it, and the closing balance.
pub fn report(books: &Books, year_ends: &[YearEnd], period: &Period) -> Vec<FundRow> {
    let mut rows: Vec<FundRow> = (0..books.coop.funds.len() as u32)
        .map(|i| {
            let opening = books.coop.fund(FundId(i)).opening;
            FundRow {
                fund: FundId(i),
                opening,
                movements: [Money::ZERO; 10],
                closing: opening,
            }
        })
        .collect();
    for_each_movement(books, year_ends, |m| {
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
    rows
}

/// A fund's balance at the end of a day.
pub fn balance_at(books: &Books, year_ends: &[YearEnd], fund: FundId, at: NaiveDate) -> Money {
    let mut balance = books.coop.fund(fund).opening;
    for_each_movement(books, year_ends, |m| {
        if m.fund == fund && m.date <= at {
            balance += m.signed();
        }
    });
    balance
}
