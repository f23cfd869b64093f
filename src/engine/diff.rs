//! What changed between two computed books (two git revisions, or one and the working tree):
//! the rows of each file, each member's pay per month, each fund per year, the patronage, and
//! the closed periods whose figures would change.

use super::close;
use super::computed::Computed;
use super::funds::{self, Kind};
use super::patronage;
use crate::books::canonical;
use crate::books::{Books, Close, FundClose, GuaranteeClose};
use crate::figure::Figure;
use crate::money::{Hours, Money};
use crate::par;
use crate::period::{Closable, Month, Period};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A figure's value on one side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Money(Money),
    Hours(Hours),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Money(m) => m.fmt(f),
            Value::Hours(h) => h.fmt(f),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl Value {
    /// `to - from`, for two numbers of a kind; none for text.
    fn change(from: &Value, to: &Value) -> Option<Value> {
        match (from, to) {
            (Value::Money(a), Value::Money(b)) => Some(Value::Money(*b - *a)),
            (Value::Hours(a), Value::Hours(b)) => Some(Value::Hours(*b - *a)),
            _ => None,
        }
    }
}

/// One figure that differs: where (a month, year or period), whose (a member or fund), which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub period: String,
    pub name: String,
    pub figure: String,
    pub from: Value,
    pub to: Value,
    pub change: Option<Value>,
}

/// How the rows of one file changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileChange {
    pub file: String,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// Everything that differs, each list in order (by period, then name, then figure).
#[derive(Debug, Default)]
pub struct Diff {
    pub files: Vec<FileChange>,
    pub pay: Vec<Change>,
    pub funds: Vec<Change>,
    pub patronage: Vec<Change>,
    pub closed: Vec<Change>,
    /// Periods closed on one side only: `(period, true)` closed on the newer side, `false`
    /// reopened there (its close file removed), by period.
    pub closes: Vec<(Closable, bool)>,
}

/// What changed from `old` to `new`: the files compared on one core while the figures are on
/// the other.
pub fn of(old: &Computed, new: &Computed) -> Diff {
    let ((pay, funds, patronage, closed), files) = par::join(
        || {
            (
                pay(old, new),
                funds(old, new),
                patronage(old, new),
                closed(new),
            )
        },
        || files(&old.books, &new.books),
    );
    Diff {
        files,
        pay,
        funds,
        patronage,
        closed,
        closes: closes(&old.books, &new.books),
    }
}

/// The periods closed on one side and not the other.
fn closes(old: &Books, new: &Books) -> Vec<(Closable, bool)> {
    let periods = |b: &Books| -> std::collections::BTreeSet<Closable> {
        b.closes.iter().map(|f| f.period).collect()
    };
    let (was, now) = (periods(old), periods(new));
    let mut out: Vec<(Closable, bool)> = (now.difference(&was).map(|&p| (p, true)))
        .chain(was.difference(&now).map(|&p| (p, false)))
        .collect();
    out.sort();
    out
}

/// Compares the figures of one thing on both sides (a missing side counts as zero): each
/// figure that differs, in the order given.
fn compare(
    out: &mut Vec<Change>,
    period: &str,
    name: &str,
    old: &[(String, Value)],
    new: &[(String, Value)],
) {
    let zero_like = |v: &Value| match v {
        Value::Money(_) => Value::Money(Money::ZERO),
        Value::Hours(_) => Value::Hours(Hours::ZERO),
        Value::Text(_) => Value::Text(String::new()),
    };
    let mut figures: Vec<&str> = new.iter().map(|(f, _)| f.as_str()).collect();
    for (f, _) in old {
        if !figures.contains(&f.as_str()) {
            figures.push(f);
        }
    }
    for figure in figures {
        let find = |side: &[(String, Value)]| side.iter().find(|(f, _)| f == figure).cloned();
        let (from, to) = match (find(old), find(new)) {
            (Some((_, a)), Some((_, b))) => (a, b),
            (Some((_, a)), None) => (a.clone(), zero_like(&a)),
            (None, Some((_, b))) => (zero_like(&b), b),
            (None, None) => continue,
        };
        if from != to {
            out.push(Change {
                period: period.to_string(),
                name: name.to_string(),
                figure: figure.to_string(),
                change: Value::change(&from, &to),
                from,
                to,
            });
        }
    }
}

/// Each name on either side (a member or fund), its figures compared (`compare`).
type Named = BTreeMap<String, Vec<(String, Value)>>;

fn compare_all(out: &mut Vec<Change>, period: &str, old: &Named, new: &Named) {
    for name in old.keys().chain(new.keys()).collect::<BTreeSet<_>>() {
        let none = Vec::new();
        let (x, y) = (
            old.get(name).unwrap_or(&none),
            new.get(name).unwrap_or(&none),
        );
        compare(out, period, name, x, y);
    }
}

/// Each file's rows, matched: contracts by id, payments and ledger rows by content (their
/// canonical cells, so a re-spelled cell is no change); any other file as one row.
fn files(old: &Books, new: &Books) -> Vec<FileChange> {
    fn by_rel(b: &Books) -> BTreeMap<&str, &[u8]> {
        (b.files.iter())
            .map(|f| (f.rel.as_str(), &f.bytes[..]))
            .collect()
    }
    let (a, b) = (by_rel(old), by_rel(new));
    let rels: BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    let mut out = Vec::new();
    for rel in rels {
        let (x, y) = (a.get(rel).copied(), b.get(rel).copied());
        if x == y {
            continue; // the same bytes (most files, between two revisions)
        }
        let (added, removed, changed) = if canonical::is_table(rel) {
            rows(rel, x.unwrap_or(&[]), y.unwrap_or(&[]))
        } else {
            let canon = |v: Option<&[u8]>| {
                v.map(|v| crate::books::canonical_bytes(rel, v).unwrap_or_else(|| v.to_vec()))
            };
            match (canon(x), canon(y)) {
                (Some(_), None) => (0, 1, 0),
                (None, Some(_)) => (1, 0, 0),
                (Some(p), Some(q)) if p != q => (0, 0, 1),
                _ => (0, 0, 0),
            }
        };
        if (added, removed, changed) != (0, 0, 0) {
            out.push(FileChange {
                file: rel.to_string(),
                added,
                removed,
                changed,
            });
        }
    }
    out
}

/// Rows added, removed and changed in a CSV file of the books.
fn rows(rel: &str, old: &[u8], new: &[u8]) -> (usize, usize, usize) {
    use std::collections::HashMap;
    let (a, b) = par::join(|| canonical::table(rel, old), || canonical::table(rel, new));
    let (Some(a), Some(b)) = (a, b) else {
        return (0, 0, 0);
    };
    // A row as its non-empty cells under their column names (a reordered header is no
    // change), filed under its key: a contract's id, else the row itself.
    type Cells<'a> = Vec<(&'a str, &'a str)>;
    let by_id = rel.starts_with("contracts/");
    fn keyed(t: &canonical::Table, by_id: bool) -> HashMap<Cells<'_>, Vec<Cells<'_>>> {
        let mut m: HashMap<Cells, Vec<Cells>> = HashMap::with_capacity(t.len());
        for row in t.rows() {
            let cells: Cells = (t.header.iter().map(String::as_str))
                .zip(row.cells())
                .filter(|(_, v)| !v.is_empty())
                .collect();
            let key = match by_id {
                true => vec![("id", row.get(0))],
                false => cells.clone(),
            };
            m.entry(key).or_default().push(cells);
        }
        m
    }
    let (a, b) = (keyed(&a, by_id), keyed(&b, by_id));
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    let none = Vec::new();
    for (key, x) in &a {
        let y = b.get(key).unwrap_or(&none);
        let same = x.len().min(y.len());
        changed += (0..same).filter(|&i| x[i] != y[i]).count();
        removed += x.len() - same;
        added += y.len() - same;
    }
    added += (b.iter())
        .filter(|(key, _)| !a.contains_key(*key))
        .map(|(_, y)| y.len())
        .sum::<usize>();
    (added, removed, changed)
}

/// A member's pay figures in a month, named as in `pay`'s JSON.
fn pay_figures(books: &Books, f: &super::pay::Figures) -> Vec<(String, Value)> {
    let mut out = vec![
        ("hours".to_string(), Value::Hours(f.hours)),
        ("amount".to_string(), Value::Money(f[Figure::Amount])),
    ];
    for (levy, amount) in books.coop.levies.iter().zip(&f.levies) {
        out.push((format!("levies.{}", levy.name), Value::Money(*amount)));
    }
    out.extend(
        (Figure::AFTER_LEVIES.into_iter()).map(|x| (x.name().to_string(), Value::Money(f[x]))),
    );
    out
}

/// Every month with contracts on either side: each member whose figures differ. The members
/// of a month are matched by id, and only those whose figures are not equal are named figure
/// by figure (most members, between two revisions, are the same).
fn pay(old: &Computed, new: &Computed) -> Vec<Change> {
    let names = |c: &Computed| -> Vec<String> {
        c.books.coop.levies.iter().map(|l| l.name.clone()).collect()
    };
    let same_levies = names(old) == names(new);
    let months: BTreeSet<Month> = old.months().chain(new.months()).collect();
    let all: Vec<Month> = months.iter().copied().collect();
    old.settle(&all);
    new.settle(&all);
    let mut out = Vec::new();
    for month in months {
        let (a, b) = (old.month_figures(month), new.month_figures(month));
        fn id<'a>(c: &'a Computed, s: &super::pay::MemberFigures) -> &'a str {
            c.books.member(s.member).id.as_str()
        }
        let (mut x, mut y) = (a.members.iter().peekable(), b.members.iter().peekable());
        let period = month.to_string();
        loop {
            let order = match (x.peek(), y.peek()) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(p), Some(q)) => id(old, p).cmp(id(new, q)),
            };
            let (p, q) = match order {
                std::cmp::Ordering::Less => (x.next(), None),
                std::cmp::Ordering::Greater => (None, y.next()),
                std::cmp::Ordering::Equal => (x.next(), y.next()),
            };
            if let (Some(p), Some(q)) = (p, q)
                && same_levies
                && p.figures == q.figures
            {
                continue;
            }
            let figures = |c: &Computed, s: Option<&super::pay::MemberFigures>| {
                s.map(|s| pay_figures(&c.books, &s.figures))
                    .unwrap_or_default()
            };
            let member = p
                .map(|p| id(old, p))
                .or(q.map(|q| id(new, q)))
                .unwrap_or("");
            compare(
                &mut out,
                &period,
                member,
                &figures(old, p),
                &figures(new, q),
            );
        }
    }
    out
}

/// The calendar years with a dated row on either side.
fn years(old: &Books, new: &Books) -> BTreeSet<i32> {
    use chrono::Datelike;
    let mut years = BTreeSet::new();
    for b in [old, new] {
        years.extend(b.contracts.iter().map(|c| c.date.year()));
        years.extend(b.payments.iter().map(|p| p.date.year()));
        years.extend(b.ledger.iter().map(|l| l.date.year()));
    }
    years
}

/// Every year: each fund (by name) whose opening, movements or closing differ.
fn funds(old: &Computed, new: &Computed) -> Vec<Change> {
    let mut out = Vec::new();
    for year in years(&old.books, &new.books) {
        let side = |c: &Computed| -> Named {
            let rows = funds::of(c, &Period::year(year)).funds;
            (rows.iter())
                .map(|r| {
                    let mut figures = vec![("opening".to_string(), Value::Money(r.opening))];
                    for kind in Kind::ALL {
                        figures.push((kind.name().to_string(), Value::Money(r.get(kind))));
                    }
                    figures.push(("closing".to_string(), Value::Money(r.closing)));
                    (c.books.coop.fund(r.fund).name.clone(), figures)
                })
                .collect()
        };
        let (a, b) = (side(old), side(new));
        compare_all(&mut out, &format!("{year:04}"), &a, &b);
    }
    out
}

/// Every year with `[patronage]` on either side: each member whose allocation differs.
fn patronage(old: &Computed, new: &Computed) -> Vec<Change> {
    let mut out = Vec::new();
    for year in years(&old.books, &new.books) {
        let side = |c: &Computed| -> Named {
            let Some(p) = patronage::of(c, year) else {
                return BTreeMap::new();
            };
            (p.members.iter())
                .map(|share| {
                    let s = &share.figures;
                    let figures = vec![
                        ("hours".to_string(), Value::Hours(s.hours)),
                        ("turnover".to_string(), Value::Money(s.turnover)),
                        ("budget".to_string(), Value::Money(s.budget)),
                        ("allocation".to_string(), Value::Money(s.allocation)),
                        ("cash".to_string(), Value::Money(s.cash)),
                        ("retained".to_string(), Value::Money(s.retained)),
                    ];
                    (c.books.member(share.member).id.clone(), figures)
                })
                .collect()
        };
        let (a, b) = (side(old), side(new));
        compare_all(&mut out, &format!("{year:04}"), &a, &b);
    }
    out
}

/// A closed figure as written in a close file: money or hours where it reads as such.
fn stored(figure: &str, text: &str) -> Value {
    let money = crate::money::parse_money(text.trim_start_matches('-'), "").ok();
    match (figure, money) {
        ("hours", _) => crate::money::parse_hours(text)
            .map_or_else(|_| Value::Text(text.to_string()), Value::Hours),
        ("contracts" | "model", _) | (_, None) => Value::Text(text.to_string()),
        (_, Some(m)) => Value::Money(if text.starts_with('-') { -m } else { m }),
    }
}

/// Each closed period of `new` whose figures, computed now, differ from those its close file
/// holds: what `check` reports as an error in those books. A sealed year (its files and
/// settings as it was closed) cannot differ, and is not recomputed, as `check` does not.
fn closed(new: &Computed) -> Vec<Change> {
    let books = &new.books;
    let seals = new.seals(super::sealed::Depth::Sealed);
    let ends = close::recorded_month_ends(new, |p| !seals.holds(p));
    let mut out = Vec::new();
    for file in (books.closes.iter()).filter(|f| !seals.holds(f.period)) {
        let Some(stored_close) = &file.close else {
            continue;
        };
        let (mut was, mut now) = (Named::new(), Named::new());
        // The funds and the guarantee fund at a closed month's end, where its file has them.
        if let (Close::Month(m), Closable::Month(month)) = (stored_close, file.period)
            && let Some(end) = ends.iter().find(|e| e.month == month)
        {
            let (guarantee, mut funds) = close::recorded(books, end);
            // A fund declared since, or gone, is all zeros on the side it is missing from.
            let zero = FundClose::new(Money::ZERO, [Money::ZERO; 10], Money::ZERO);
            funds.retain(|name, f| m.funds.contains_key(name) || *f != zero);
            for name in m.funds.keys() {
                funds.entry(name.clone()).or_insert_with(|| zero.clone());
            }
            let guarantee = m.guarantee.as_ref().map(|_| {
                guarantee.unwrap_or(GuaranteeClose {
                    outstanding: Money::ZERO,
                    written_off: Money::ZERO,
                })
            });
            month_end_figures(&mut was, m.guarantee.as_ref(), &m.funds);
            month_end_figures(&mut now, guarantee.as_ref(), &funds);
        }
        // A month whose summary still holds has the same members' figures.
        let holds = match (stored_close, file.period) {
            (Close::Month(m), Closable::Month(month)) => close::summary_holds(new, month, m),
            _ => false,
        };
        let whole = match (holds, file.complete) {
            (true, _) => None,
            (false, true) => Some(stored_close.clone()),
            (false, false) => books.close_in_full(file).ok(),
        };
        if let (Some(stored), Some(computed)) = (whole, close::of(new, file.period, None)) {
            was.extend(members(&stored));
            now.extend(members(&computed));
        }
        compare_all(&mut out, &file.period.label(), &was, &now);
    }
    out
}

/// A close's members, each with their figures.
fn members(c: &Close) -> Named {
    let named = |figures: Vec<(&'static str, String)>| {
        (figures.into_iter())
            .map(|(f, v)| (f.to_string(), stored(f, &v)))
            .collect()
    };
    match c {
        Close::Month(m) => (m.members.iter())
            .map(|(id, mm)| (id.clone(), named(mm.figures())))
            .collect(),
        Close::Year(y) => (y.members.iter())
            .map(|(id, my)| (id.clone(), named(my.figures())))
            .collect(),
    }
}

/// A month's end as named figures: `guarantee fund` (outstanding, written off) and `fund
/// NAME` for each fund (names with a space, which no member id has).
fn month_end_figures(
    into: &mut Named,
    guarantee: Option<&GuaranteeClose>,
    funds: &BTreeMap<String, FundClose>,
) {
    if let Some(g) = guarantee {
        let figures = vec![
            ("outstanding".to_string(), Value::Money(g.outstanding)),
            ("written_off".to_string(), Value::Money(g.written_off)),
        ];
        into.insert("guarantee fund".to_string(), figures);
    }
    for (name, f) in funds {
        let figures = (f.figures().into_iter())
            .map(|(k, v)| (k.to_string(), stored(k, &v)))
            .collect();
        into.insert(format!("fund {name}"), figures);
    }
}
