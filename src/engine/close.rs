//! What closing a period records: a month's pay figures per member, or a year's patronage,
//! with the digests of the rows dated in it. Built from the computed view, as typed data.

use super::capital::Retained;
use super::computed::Computed;
use super::funds::YearEnd;
use super::patronage;
use crate::books::{Books, Close, MemberMonth, MemberYear, MonthClose, SetAsideClose, YearClose};
use crate::period::{Closable, Month};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The close of a period as the books stand; `None` for a year without `[patronage]`.
pub fn close(computed: &Computed, what: Closable, closed_on: Option<NaiveDate>) -> Option<Close> {
    let closed_on = closed_on.map(|d| d.to_string());
    Some(match what {
        Closable::Month(m) => Close::Month(month(computed, m, closed_on)),
        Closable::Year(y) => Close::Year(year(computed, y, closed_on)?),
    })
}

fn month(computed: &Computed, month: Month, closed_on: Option<String>) -> MonthClose {
    let books = &computed.books;
    let digests = computed.digests();
    let ledger = digests.ledger(Closable::Month(month));
    let pay = computed.month_figures(month);
    let mut figures = pay.members.iter().peekable();
    let mut members = BTreeMap::new();
    for &(member, rows) in digests.members(month) {
        let mut m = MemberMonth {
            rows: rows.text(),
            model: None,
            contracts: 0,
            hours: None,
            amount: None,
            levies: None,
            expenses: None,
            budget: None,
            gross: None,
            employer_contributions: None,
            employee_contributions: None,
            taxable: None,
            withholding: None,
            net: None,
            payout: None,
        };
        // Both lists are by member: the pay of a member with rows, if any, comes next.
        while figures.peek().is_some_and(|p| p.member < member) {
            figures.next();
        }
        if let Some(p) = figures.next_if(|p| p.member == member) {
            let f = &p.figures;
            m.model = Some(p.model.as_str().to_string());
            m.contracts = f.contracts as u64;
            m.hours = Some(f.hours);
            m.amount = Some(f.amount);
            m.levies = Some(f.levies_total());
            m.expenses = Some(f.expenses);
            m.budget = Some(f.budget);
            m.gross = Some(f.gross);
            m.employer_contributions = Some(f.employer_contributions);
            m.employee_contributions = Some(f.employee_contributions);
            m.taxable = Some(f.taxable);
            m.withholding = Some(f.withholding);
            m.net = Some(f.net);
            m.payout = Some(f.payout);
        }
        members.insert(books.member(member).id.clone(), m);
    }
    MonthClose {
        period: month.to_string(),
        closed_on,
        ledger_rows: ledger.rows,
        ledger: ledger.text(),
        members,
    }
}

fn year(computed: &Computed, year: i32, closed_on: Option<String>) -> Option<YearClose> {
    let books = &computed.books;
    let p = patronage::compute(computed, year)?;
    let digests = computed.digests();
    let ledger = digests.ledger(Closable::Year(year));
    let fund = |f| books.coop.fund(f).name.clone();
    Some(YearClose {
        period: format!("{year:04}"),
        closed_on,
        rows: digests.year_rows(year).text(),
        ledger_rows: ledger.rows,
        ledger: ledger.text(),
        surplus_fund: fund(p.surplus_fund),
        surplus: p.surplus,
        distributable: p.distributable,
        allocated: p.total(|s| s.allocation),
        set_aside: (p.set_asides.iter())
            .map(|s| SetAsideClose {
                fund: fund(s.fund),
                rate: s.rate,
                amount: s.amount,
            })
            .collect(),
        members: (p.members.iter())
            .map(|s| {
                let m = MemberYear {
                    hours: s.hours,
                    turnover: s.turnover,
                    budget: s.budget,
                    allocation: s.allocation,
                    cash: s.cash,
                    retained: s.retained,
                };
                (books.member(s.member).id.clone(), m)
            })
            .collect(),
    })
}

/// The months of a year that have contracts but no close file.
pub fn open_months(computed: &Computed, year: i32) -> Vec<Month> {
    computed
        .months()
        .filter(|m| m.year == year && !computed.books.is_closed(Closable::Month(*m)))
        .collect()
}

/// The last day of a closed year: where its postings are dated.
pub fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31).filter(|d| d.year() == year)
}

/// The closed years, as their close files recorded them.
fn closed_years(books: &Books) -> impl Iterator<Item = (i32, &YearClose)> {
    books
        .closes
        .iter()
        .filter_map(|f| match (&f.close, f.period) {
            (Some(Close::Year(y)), Closable::Year(year)) => Some((year, y)),
            _ => None,
        })
}

/// The year-end postings of every closed year (funds whose names are gone are left out:
/// `check` reports the changed coop.toml).
pub fn year_ends(books: &Books) -> Vec<YearEnd> {
    closed_years(books)
        .filter_map(|(year, y)| {
            let fund = |name: &str| books.coop.fund_by_name(name);
            Some(YearEnd {
                date: year_end(year)?,
                surplus_fund: fund(&y.surplus_fund)?,
                set_asides: (y.set_aside.iter())
                    .filter_map(|s| Some((fund(&s.fund)?, s.amount)))
                    .collect(),
                allocated: y.allocated,
            })
        })
        .collect()
}

/// The retained allocations of every closed year, by member.
pub fn retained(books: &Books) -> Vec<Retained> {
    let mut out = Vec::new();
    for (year, y) in closed_years(books) {
        let Some(date) = year_end(year) else { continue };
        for (id, m) in &y.members {
            if let Some(member) = books.member_by_id(id)
                && !m.retained.is_zero()
            {
                out.push(Retained {
                    member,
                    year,
                    date,
                    amount: m.retained,
                });
            }
        }
    }
    out
}
