//! What the closed years' close files carry into the figures: each year's end, its year-end
//! postings to the funds (`YearEnd`) and the allocations it retained as capital (`Retained`).

use crate::books::{Books, Close, CloseFile, FundId, MemberId, YearClose};
use crate::money::Money;
use crate::period::Closable;
use chrono::{Datelike, NaiveDate};

/// A year-end posting made by closing a year, supplied by the close files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearEnd {
    pub date: NaiveDate,
    pub surplus_fund: FundId,
    pub set_asides: Vec<(FundId, Money)>,
    pub allocated: Money,
}

/// A retained patronage allocation credited to a member's capital by a year close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retained {
    pub member: MemberId,
    pub year: i32,
    pub date: NaiveDate,
    pub amount: Money,
}

/// What every closed year's close file posts: read once, with the books (`Computed` holds it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClosedYears {
    pub year_ends: Vec<YearEnd>,
    pub retained: Vec<Retained>,
}

impl ClosedYears {
    pub fn of(books: &Books) -> ClosedYears {
        ClosedYears {
            year_ends: year_ends(books),
            retained: retained(books),
        }
    }
}

/// The last day of a closed year: where its postings are dated.
pub fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31).filter(|d| d.year() == year)
}

/// The closed years, as their close files recorded them.
fn closed_years(books: &Books) -> impl Iterator<Item = (i32, &YearClose)> {
    year_closes(books).map(|(year, y, _)| (year, y))
}

/// The closed years, in order, with their close files.
pub fn year_closes(books: &Books) -> impl Iterator<Item = (i32, &YearClose, &CloseFile)> {
    books
        .closes
        .iter()
        .filter_map(|f| match (&f.close, f.period) {
            (Some(Close::Year(y)), Closable::Year(year)) => Some((year, y, f)),
            _ => None,
        })
}

/// The year-end postings of every closed year (funds whose names are gone are left out:
/// `check` reports the changed coop.toml).
fn year_ends(books: &Books) -> Vec<YearEnd> {
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
fn retained(books: &Books) -> Vec<Retained> {
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
