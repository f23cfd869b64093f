//! The salary guarantee fund at a date: advances still outstanding, their aging,
//! what was written off, and how well the fund covers what it fronted.

use super::computed::Computed;
use super::funds::{self, YearEnd};
use crate::books::{ContractId, FundId, PaymentKind};
use crate::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One contract whose advance is still outstanding at the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    pub contract: ContractId,
    pub pay_date: NaiveDate,
    pub advanced: Money,
    /// Client payments after the pay date, up to the date.
    pub repaid: Money,
    pub written_off: Money,
    /// amount − payments − write-offs, up to the date.
    pub outstanding: Money,
    pub days_overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guarantee {
    pub at: NaiveDate,
    pub fund: Option<FundId>,
    pub balance: Money,
    pub outstanding: Money,
    /// Write-offs up to the date on contracts whose pay date has passed.
    pub written_off: Money,
    /// balance ÷ outstanding, rounded to 2 places; `None` with nothing outstanding.
    pub coverage: Option<Decimal>,
    /// Outstanding by days past the pay date: 0-30, 31-60, 61-90, 90+.
    pub aging: [Money; 4],
    /// By pay date, then contract id.
    pub contracts: Vec<Open>,
}

pub const AGING: [&str; 4] = ["0-30", "31-60", "61-90", "90+"];

pub fn at(computed: &Computed, year_ends: &[YearEnd], at: NaiveDate) -> Guarantee {
    let books = &computed.books;
    let fund = books.coop.guarantee_fund;
    let balance = fund
        .map(|f| funds::balance_at(computed, year_ends, f, at))
        .unwrap_or(Money::ZERO);
    let n = books.contracts.len();
    let mut paid = vec![Money::ZERO; n];
    let mut repaid = vec![Money::ZERO; n];
    let mut written_off = vec![Money::ZERO; n];
    for p in books.payments.iter().filter(|p| p.date <= at) {
        let i = p.contract.0 as usize;
        match p.kind {
            PaymentKind::Payment => {
                paid[i] += p.amount;
                if p.date > computed.pay_date(p.contract) {
                    repaid[i] += p.amount;
                }
            }
            PaymentKind::Writeoff => written_off[i] += p.amount,
        }
    }
    let mut g = Guarantee {
        at,
        fund,
        balance,
        outstanding: Money::ZERO,
        written_off: Money::ZERO,
        coverage: None,
        aging: [Money::ZERO; 4],
        contracts: Vec::new(),
    };
    for i in 0..n {
        let contract = ContractId(i as u32);
        let (pay_date, advanced) = (computed.pay_date(contract), computed.advance(contract));
        if !advanced.is_positive() || pay_date > at {
            continue;
        }
        g.written_off += written_off[i];
        let outstanding = books.contract(contract).amount - paid[i] - written_off[i];
        if !outstanding.is_positive() {
            continue;
        }
        let days = (at - pay_date).num_days();
        let bucket = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        g.aging[bucket] += outstanding;
        g.outstanding += outstanding;
        g.contracts.push(Open {
            contract,
            pay_date,
            advanced,
            repaid: repaid[i],
            written_off: written_off[i],
            outstanding,
            days_overdue: days,
        });
    }
    g.contracts.sort_by(|a, b| {
        let id = |o: &Open| books.contract_id(books.contract(o.contract));
        (a.pay_date, id(a)).cmp(&(b.pay_date, id(b)))
    });
    if g.outstanding.is_positive() {
        let ratio = g.balance.value() / g.outstanding.value();
        g.coverage = Some(
            ratio.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        );
    }
    g
}
