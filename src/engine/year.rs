//! The year at a glance, for the members' general assembly: its five numbers, its months
//! (turnover, pay, hours, each fund's balance, the guarantee fund's advances, repayments and
//! coverage, members joining and leaving) and the spread of the members' yearly pay — the
//! figures `pay`, `funds`, `guarantee`, `patronage` and `capital` give, gathered from them.

use super::capital::{self, Accounts};
use super::computed::Computed;
use super::funds::{self, Kind};
use super::guarantee;
use super::patronage::{self, Patronage};
use super::result::{self, PeriodResult};
use crate::books::MemberId;
use crate::figure::Figure;
use crate::money::{Hours, Money};
use crate::period::{Closable, Month, Period};
use chrono::{Datelike, NaiveDate};

/// One month of the year.
#[derive(Clone, Debug)]
pub struct MonthRow {
    pub month: Month,
    /// What was invoiced, the levies, the members' salaries and fees (gross), what they were
    /// paid (net and expenses repaid), and the hours: `pay MONTH`'s totals.
    pub amount: Money,
    pub levies: Money,
    pub gross: Money,
    pub payout: Money,
    pub hours: Hours,
    /// Each fund's balance at the month's end, in the order of coop.toml.
    pub funds: Vec<Money>,
    /// What the guarantee fund fronted and was repaid in the month.
    pub advances: Money,
    pub repayments: Money,
    /// The guarantee fund at the month's end, as `guarantee --at` gives it.
    pub guarantee: Option<guarantee::Guarantee>,
    pub joined: Vec<MemberId>,
    pub left: Vec<MemberId>,
}

/// The year.
pub struct Year {
    pub year: i32,
    /// January to the month of the books' latest row (all twelve once the year is closed or
    /// over).
    pub months: Vec<MonthRow>,
    pub result: PeriodResult,
    /// What each fund's levies brought it over the months shown, in the order of coop.toml.
    pub levies: Vec<Money>,
    /// Member-shareholders on the last day shown.
    pub members: usize,
    /// Each member paid in the year with their salaries and fees (gross), by member id.
    pub yearly_pay: Vec<(MemberId, Money)>,
    /// The year's patronage, once the year is closed.
    pub patronage: Option<Patronage>,
    /// Capital accounts on the last day shown.
    pub capital: Accounts,
    pub closed: bool,
}

impl Year {
    pub fn turnover(&self) -> Money {
        self.months.iter().map(|m| m.amount).sum()
    }
    pub fn levies(&self) -> Money {
        self.months.iter().map(|m| m.levies).sum()
    }
    pub fn payout(&self) -> Money {
        self.months.iter().map(|m| m.payout).sum()
    }
    /// The last day shown.
    pub fn end(&self) -> NaiveDate {
        self.months
            .last()
            .map_or(NaiveDate::MIN, |m| m.month.last_day())
    }
}

/// What moved each fund by month of the year (index 0 is everything before it), each fund's
/// levies in the year, and the guarantee fund's advances and repayments by month: one pass
/// over the funds' movements.
type FundMonths = (Vec<Vec<Money>>, Vec<Money>, Vec<(Money, Money)>);

fn fund_months(computed: &Computed, year: i32) -> FundMonths {
    let books = &computed.books;
    let n = books.coop.funds.len();
    let mut moved = vec![vec![Money::ZERO; n]; 13];
    let mut levies = vec![Money::ZERO; n];
    let mut guarantee = vec![(Money::ZERO, Money::ZERO); 13];
    let fund = books.coop.guarantee_fund;
    funds::for_each_movement(computed, |m| {
        let at = match m.date.year().cmp(&year) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Equal => m.date.month() as usize,
            std::cmp::Ordering::Greater => return,
        };
        moved[at][m.fund.0 as usize] += m.signed();
        if at > 0 && m.kind == Kind::Levies {
            levies[m.fund.0 as usize] += m.signed();
        }
        if Some(m.fund) == fund {
            match m.kind {
                Kind::Advances => guarantee[at].0 += m.amount,
                Kind::Repayments => guarantee[at].1 += m.amount,
                _ => {}
            }
        }
    });
    (moved, levies, guarantee)
}

pub fn of(computed: &Computed, year: i32) -> Year {
    let books = &computed.books;
    let latest = books.latest_date();
    let closed = books.is_closed(Closable::Year(year));
    let last = match latest {
        _ if closed => 12,
        Some(d) if d.year() == year => d.month(),
        Some(d) if d.year() < year => 0,
        _ => 12,
    };
    let months: Vec<Month> = (1..=last).map(|month| Month { year, month }).collect();
    computed.settle(&months);
    let (moved, fund_levies, advances) = fund_months(computed, year);
    let mut balance = funds::openings(computed);
    for (b, m) in balance.iter_mut().zip(&moved[0]) {
        *b += *m;
    }
    // The guarantee fund at each month's end: a pass over the books each, half the months on
    // each core.
    let at_end = |ms: &[Month]| -> Vec<Option<guarantee::Guarantee>> {
        (ms.iter())
            .map(|m| {
                (books.coop.guarantee_fund.is_some()).then(|| guarantee::of(computed, m.last_day()))
            })
            .collect()
    };
    let (first, second) = months.split_at(months.len() / 2);
    let (mut guarantees, later) = crate::par::join(|| at_end(first), || at_end(second));
    guarantees.extend(later);
    // Who joined and who left in each month of the year: one pass over the members.
    let (mut joined, mut left) = (vec![Vec::new(); 13], vec![Vec::new(); 13]);
    for (i, m) in books.members.iter().enumerate() {
        for (date, into) in [(m.joined, &mut joined), (m.left, &mut left)] {
            if let Some(d) = date.filter(|d| d.year() == year) {
                into[d.month() as usize].push(MemberId(i as u32));
            }
        }
    }
    let mut rows = Vec::with_capacity(months.len());
    for (&month, guarantee) in months.iter().zip(guarantees) {
        let k = month.month as usize;
        for (b, m) in balance.iter_mut().zip(&moved[k]) {
            *b += *m;
        }
        let f = computed.month_figures(month);
        let t = &f.totals;
        rows.push(MonthRow {
            month,
            amount: t[Figure::Amount],
            levies: t[Figure::Levies],
            gross: t[Figure::Gross],
            payout: t[Figure::Payout],
            hours: t.hours,
            funds: balance.clone(),
            advances: advances[k].0,
            repayments: advances[k].1,
            guarantee,
            joined: std::mem::take(&mut joined[k]),
            left: std::mem::take(&mut left[k]),
        });
    }
    let figures: Vec<_> = months.iter().map(|&m| computed.month_figures(m)).collect();
    let added = super::pay::added_up(figures.iter().map(|f| f.as_ref()));
    let yearly_pay = (added.members.iter())
        .map(|m| (m.member, m.figures[Figure::Gross]))
        .collect();
    let end = rows.last().map_or(NaiveDate::MIN, |m| m.month.last_day());
    Year {
        year,
        result: result::of(computed, &Period::year(year)),
        levies: fund_levies,
        members: books.members.iter().filter(|m| m.is_member_on(end)).count(),
        yearly_pay,
        patronage: if closed {
            patronage::of(computed, year)
        } else {
            None
        },
        capital: capital::of(computed, end),
        closed,
        months: rows,
    }
}
