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

/// What every closed year's close file posts: read once, with the books (`Computed` holds it);
/// the retained allocations the first time they are asked for.
#[derive(Debug, Default)]
pub struct ClosedYears {
    pub year_ends: Vec<YearEnd>,
    retained: std::sync::OnceLock<Vec<Retained>>,
    /// Each year's retained total, as asked for one year at a time (`retained_in`).
    totals: std::sync::Mutex<Vec<(i32, Money)>>,
}

impl ClosedYears {
    pub fn of(books: &Books) -> ClosedYears {
        ClosedYears {
            year_ends: year_ends(books),
            retained: std::sync::OnceLock::new(),
            totals: std::sync::Mutex::default(),
        }
    }

    /// The retained allocations of the closed years after `year` (all of them without one).
    pub fn retained_after(
        &self,
        books: &Books,
        year: Option<i32>,
    ) -> std::borrow::Cow<'_, [Retained]> {
        use std::borrow::Cow;
        let Some(year) = year else {
            return Cow::Borrowed(self.retained(books));
        };
        if let Some(all) = self.retained.get() {
            return Cow::Owned(all.iter().filter(|r| r.year > year).cloned().collect());
        }
        let after = year_closes(books).filter(|(y, _, _)| *y > year);
        Cow::Owned(
            after
                .flat_map(|(y, close, file)| retained_of(books, y, close, file))
                .collect(),
        )
    }

    /// What one closed year retained, in all: from its close alone (read whole for it if it
    /// was read up to its members' tables only), worked out once.
    pub fn retained_in(&self, books: &Books, year: i32) -> Money {
        if let Some(all) = self.retained.get() {
            return all
                .iter()
                .filter(|r| r.year == year)
                .map(|r| r.amount)
                .sum();
        }
        if let Ok(known) = self.totals.lock()
            && let Some(&(_, total)) = known.iter().find(|(y, _)| *y == year)
        {
            return total;
        }
        let total = (year_closes(books).filter(|(y, _, _)| *y == year))
            .flat_map(|(year, y, file)| retained_of(books, year, y, file))
            .map(|r| r.amount)
            .sum();
        if let Ok(mut known) = self.totals.lock() {
            known.push((year, total));
        }
        total
    }

    /// The retained allocations of every closed year, by member. A year close read up to its
    /// members' tables only (books read from a cut, `Books::cut`) is read whole for them.
    pub fn retained(&self, books: &Books) -> &[Retained] {
        self.retained.get_or_init(|| retained(books))
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
    let years: Vec<(i32, &YearClose, &CloseFile)> = year_closes(books).collect();
    // Years read up to their members' tables are read whole here, half on each core.
    let of = |part: &[(i32, &YearClose, &CloseFile)]| -> Vec<Retained> {
        (part.iter())
            .flat_map(|&(year, y, file)| retained_of(books, year, y, file))
            .collect()
    };
    let (first, second) = years.split_at(years.len() / 2);
    let (mut out, rest) = crate::par::join(|| of(first), || of(second));
    out.extend(rest);
    out
}

/// One closed year's retained allocations, by member (its close read whole for them if it
/// was read up to its members' tables only).
fn retained_of(books: &Books, year: i32, y: &YearClose, file: &CloseFile) -> Vec<Retained> {
    let Some(date) = year_end(year) else {
        return Vec::new();
    };
    let retained = |id: &str, amount: Money| {
        Some(Retained {
            member: books.member_by_id(id)?,
            year,
            date,
            amount,
        })
        .filter(|_| !amount.is_zero())
    };
    // Read up to its members' tables: their `retained` lines alone, else the whole file.
    if !file.complete
        && let Some(read) = books.close_retained(file)
    {
        return (read.into_iter())
            .filter_map(|(id, amount)| retained(id, amount))
            .collect();
    }
    let whole = match file.complete {
        true => None,
        false => match books.close_in_full(file) {
            Ok(Close::Year(whole)) => Some(whole),
            _ => None,
        },
    };
    let y = whole.as_ref().unwrap_or(y);
    (y.members.iter())
        .filter_map(|(id, m)| retained(id, m.retained))
        .collect()
}
