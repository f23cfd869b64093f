//! Dates, months and periods (`2026-03`, `2026-Q1`, `2026`, `A..B`), and working days.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::fmt;

/// Parses an ISO `YYYY-MM-DD` date, and nothing else.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("expected a date as YYYY-MM-DD".into());
    }
    // Digits only from here: parse them directly (chrono's format parser is slow on millions).
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| "is not a calendar date".into())
}

/// A calendar month, the unit of pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn parse(text: &str) -> Result<Month, String> {
        let err = || format!("month \"{text}\": expected YYYY-MM, e.g. 2026-03");
        let (y, m) = text.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(Month { year, month })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A period that can be closed: a month or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Closable {
    Month(Month),
    Year(i32),
}

impl Closable {
    /// Where a period comes in the order of closes: months in order, a year after its
    /// December.
    pub fn order(self) -> (i32, u32) {
        match self {
            Closable::Month(m) => (m.year, m.month),
            Closable::Year(y) => (y, 13),
        }
    }

    pub fn parse(text: &str) -> Result<Closable, String> {
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().map(Closable::Year).map_err(|e| e.to_string());
        }
        Month::parse(text)
            .map(Closable::Month)
            .map_err(|_| format!("period \"{text}\": expected a month (2026-03) or a year (2026)"))
    }

    pub fn label(&self) -> String {
        match self {
            Closable::Month(m) => m.to_string(),
            Closable::Year(y) => format!("{y:04}"),
        }
    }

    /// The close file, relative to the books directory.
    pub fn rel(&self) -> String {
        format!("closes/{}.toml", self.label())
    }

    /// The months of the period, in order.
    pub fn months(&self) -> Vec<Month> {
        match *self {
            Closable::Month(m) => vec![m],
            Closable::Year(year) => (1..=12).map(|month| Month { year, month }).collect(),
        }
    }

    /// The period's last day (`None` for a year chrono cannot hold).
    pub fn last_day(&self) -> Option<NaiveDate> {
        match *self {
            Closable::Month(m) => Some(m.last_day()),
            Closable::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31),
        }
    }

    /// Whether a date falls in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        match self {
            Closable::Month(m) => Month::of(d) == *m,
            Closable::Year(y) => d.year() == *y,
        }
    }
}

/// An inclusive range of days, as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The text the period was given as, normalised (`2026-Q1`).
    pub label: String,
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
            label: format!("{year:04}"),
        }
    }

    pub fn month(m: Month) -> Period {
        Period {
            from: m.first_day(),
            to: m.last_day(),
            label: m.to_string(),
        }
    }

    /// `2026-03`, `2026-Q1`, `2026`, or `2026-01-15..2026-02-14` (inclusive).
    pub fn parse(text: &str) -> Result<Period, String> {
        let err = || {
            format!(
                "period \"{text}\": expected a month (2026-03), a quarter (2026-Q1), \
                 a year (2026) or a range (2026-01-15..2026-02-14)"
            )
        };
        if let Some((a, b)) = text.split_once("..") {
            let from = parse_date(a).map_err(|_| err())?;
            let to = parse_date(b).map_err(|_| err())?;
            if to < from {
                return Err(format!("period \"{text}\": ends before it starts"));
            }
            return Ok(Period {
                from,
                to,
                label: format!("{from}..{to}"),
            });
        }
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().map(Period::year).map_err(|_| err());
        }
        if let Some((y, q)) = text.split_once("-Q") {
            let year: i32 = (y.len() == 4)
                .then(|| y.parse().ok())
                .flatten()
                .ok_or_else(err)?;
            let q: u32 = match q {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return Err(err()),
            };
            let first = Month {
                year,
                month: 3 * q - 2,
            };
            let last = Month { year, month: 3 * q };
            return Ok(Period {
                from: first.first_day(),
                to: last.last_day(),
                label: format!("{year:04}-Q{q}"),
            });
        }
        Month::parse(text).map(Period::month).map_err(|_| err())
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The months this period touches, in order.
    pub fn months(&self) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = Month::of(self.from);
        let last = Month::of(self.to);
        while m <= last {
            out.push(m);
            m = m.next();
        }
        out
    }
}

/// The co-op's calendar: weekends and holidays are not working days.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    /// Sorted, without repeats: a co-op has a handful a year, so a binary search beats hashing.
    holidays: Vec<NaiveDate>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && self.holidays.binary_search(&d).is_err()
    }

    /// The `n`th working day after `date` (the date itself not counted); `n = 0` is the date.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            match d.checked_add_days(Days::new(1)) {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn dates_are_iso_only() {
        assert_eq!(
            parse_date("2026-3-5").unwrap_err(),
            "expected a date as YYYY-MM-DD"
        );
        assert_eq!(
            parse_date("05/03/2026").unwrap_err(),
            "expected a date as YYYY-MM-DD"
        );
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "is not a calendar date"
        );
    }

    #[test]
    fn pay_date_spec_example() {
        // The manual's example (docs/guide.md): N = 7, Thursday 2026-03-05, no holidays -> Monday 2026-03-16.
        let cal = Calendar::default();
        assert_eq!(cal.add_working_days(d("2026-03-05"), 7), d("2026-03-16"));
        assert_eq!(cal.add_working_days(d("2026-03-05"), 0), d("2026-03-05"));
        // N = 0 keeps a Saturday as it is.
        assert_eq!(cal.add_working_days(d("2026-03-07"), 0), d("2026-03-07"));
    }

    #[test]
    fn holidays_push_the_pay_date() {
        // Friday 2026-03-27 + 7 working days: Mar 30, 31, Apr 1, 2, 3, (Mon Apr 6 holiday), 7, 8.
        let cal = Calendar::new([d("2026-04-06")]);
        assert_eq!(cal.add_working_days(d("2026-03-27"), 7), d("2026-04-08"));
        assert_eq!(
            Calendar::default().add_working_days(d("2026-03-27"), 7),
            d("2026-04-07")
        );
    }

    #[test]
    fn periods() {
        let q = Period::parse("2026-Q1").unwrap();
        assert_eq!((q.from, q.to), (d("2026-01-01"), d("2026-03-31")));
        let m = Period::parse("2026-02").unwrap();
        assert_eq!((m.from, m.to), (d("2026-02-01"), d("2026-02-28")));
        let y = Period::parse("2026").unwrap();
        assert_eq!((y.from, y.to), (d("2026-01-01"), d("2026-12-31")));
        let r = Period::parse("2026-01-15..2026-02-14").unwrap();
        assert_eq!((r.from, r.to), (d("2026-01-15"), d("2026-02-14")));
        assert_eq!(r.months().len(), 2);
        assert!(Period::parse("2026-Q5").is_err());
        assert!(Period::parse("2026-13").is_err());
        assert!(Period::parse("2026-02-14..2026-01-15").is_err());
    }
}
