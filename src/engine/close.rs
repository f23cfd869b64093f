//! Closing a period, as typed data from the computed view: what a close file records (a
//! month's pay per member and its funds at the end, or a year's patronage, with the digests
//! of the rows dated in it), the order closes go in, and what `check` and `diff` compare.

use super::computed::Computed;
use super::digest::{Digests, FiguresKey, FiguresSum, Sum};
use super::month_end::{self, MonthEnd};
use super::patronage;
use super::pay::{MemberFigures, MonthFigures};
use super::{closed, sealed};
use crate::books::{
    Books, COMPACT_ABOVE, Close, FundClose, GuaranteeClose, MemberId, MemberMonth, MonthClose,
    YearClose,
};
use crate::figure::PerFigure;
use crate::period::{Closable, Month};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The close of a period as the books stand; `None` for a year without `[patronage]`.
pub fn of(computed: &Computed, what: Closable, closed_on: Option<NaiveDate>) -> Option<Close> {
    let closed_on = closed_on.map(|d| d.to_string());
    let follows = follows(&computed.books, what);
    Some(match what {
        Closable::Month(m) => Close::Month(MonthClose {
            follows,
            ..month(computed, m, closed_on)
        }),
        Closable::Year(y) => Close::Year(YearClose {
            follows,
            ..year(computed, y, closed_on)?
        }),
    })
}

/// Where a period comes in the order of closes: months in order, a year after its December.
pub fn place(period: Closable) -> (i32, u32) {
    period.order()
}

/// What a new close of `what` records of the close before it: the latest closed period
/// before it, and the digest of that close's head.
fn follows(books: &Books, what: Closable) -> Option<String> {
    let before = (books.closes.iter())
        .filter(|f| place(f.period) < place(what))
        .max_by_key(|f| place(f.period))?;
    let close = before.close.as_ref()?;
    Some(format!("{} {}", before.period.label(), head_digest(close)))
}

/// The digest of a close's head — its period and the digests and figures that stand for all
/// it holds — as `sha256:HEX`: what the close after it records (`follows`).
pub fn head_digest(close: &Close) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut put = |key: &str, value: &str| {
        h.update(key.as_bytes());
        h.update(b"=");
        h.update(value.as_bytes());
        h.update(b"\n");
    };
    match close {
        Close::Month(m) => {
            put("period", &m.period);
            put("ledger_rows", &m.ledger_rows.to_string());
            put("ledger", &m.ledger);
            put("rows", m.rows.as_deref().unwrap_or(""));
            put("figures", m.figures.as_deref().unwrap_or(""));
            put("follows", m.follows.as_deref().unwrap_or(""));
            if let Some(settings) = &m.settings {
                put("settings", settings);
            }
            // The funds' and the guarantee fund's figures, where the close records them (a
            // close written before does not, and its digest is what it always was).
            if let Some(g) = &m.guarantee {
                put("guarantee", &format!("{} {}", g.outstanding, g.written_off));
            }
            for (name, f) in &m.funds {
                let figures: Vec<String> = (f.figures().iter())
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                put(&format!("funds.{name}"), &figures.join(" "));
            }
        }
        Close::Year(y) => {
            put("period", &y.period);
            put("rows", &y.rows);
            put("ledger_rows", &y.ledger_rows.to_string());
            put("ledger", &y.ledger);
            put("surplus_fund", &y.surplus_fund);
            put("surplus", &y.surplus.to_string());
            put("distributable", &y.distributable.to_string());
            put("allocated", &y.allocated.to_string());
            put("follows", y.follows.as_deref().unwrap_or(""));
            // The seals, where the close records them (a close written before does not).
            if let Some(settings) = &y.settings {
                put("settings", settings);
            }
            for (rel, digest) in &y.files {
                put(&format!("files.{rel}"), digest);
            }
            for (key, value) in y.carry.iter().flat_map(|c| c.figures()) {
                put(&format!("carry.{key}"), &value);
            }
        }
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn month(computed: &Computed, month: Month, closed_on: Option<String>) -> MonthClose {
    let books = &computed.books;
    let digests = computed.digests(Closable::Month(month));
    let ledger = digests.ledger(Closable::Month(month));
    let figures = computed.month_figures(month);
    let summary = Summary::of(books, digests.month_rows(month), &figures);
    let mut members = members_in_clear(computed, month);
    let mut member_digests = BTreeMap::new();
    if members.len() > COMPACT_ABOVE {
        member_digests = (std::mem::take(&mut members).into_iter())
            .map(|(id, m)| (id, m.digest()))
            .collect();
    }
    let (guarantee, funds) = month_end_close(computed, month);
    MonthClose {
        period: month.to_string(),
        closed_on,
        ledger_rows: ledger.rows,
        ledger: ledger.text(),
        rows: Some(summary.rows),
        figures: Some(summary.figures),
        follows: None,
        settings: Some(sealed::settings(books, sealed::closed_through(books))),
        guarantee,
        funds,
        members,
        member_digests,
    }
}

/// What a month's close records of the funds and the guarantee fund at its end.
pub fn month_end_close(
    computed: &Computed,
    month: Month,
) -> (Option<GuaranteeClose>, BTreeMap<String, FundClose>) {
    let ends = month_end::of(computed, &[month]);
    ends.into_iter()
        .next()
        .map_or_else(Default::default, |end| recorded(&computed.books, &end))
}

/// The funds and the guarantee fund at the end of every closed month whose close records
/// them (of those `wanted`), worked out together: what `check` and `diff` compare with the
/// close files.
pub fn recorded_month_ends(
    computed: &Computed,
    wanted: impl Fn(Closable) -> bool,
) -> Vec<MonthEnd> {
    let books = &computed.books;
    let months: Vec<Month> = (books.closes.iter())
        .filter(|f| wanted(f.period))
        .filter_map(|f| match (&f.close, f.period) {
            (Some(Close::Month(c)), Closable::Month(m))
                if c.guarantee.is_some() || !c.funds.is_empty() =>
            {
                Some(m)
            }
            _ => None,
        })
        .collect();
    if months.is_empty() {
        return Vec::new();
    }
    month_end::of(computed, &months)
}

/// A month's end as a close file records it: the guarantee fund, and each fund by name.
pub fn recorded(
    books: &Books,
    end: &MonthEnd,
) -> (Option<GuaranteeClose>, BTreeMap<String, FundClose>) {
    let guarantee = end.guarantee.map(|g| GuaranteeClose {
        outstanding: g.outstanding,
        written_off: g.written_off,
    });
    let funds = (end.funds.iter())
        .map(|f| {
            let name = books.coop.fund(f.fund).name.clone();
            (name, FundClose::new(f.opening, f.movements, f.closing))
        })
        .collect();
    (guarantee, funds)
}

/// A month's summary as the books give it now: the digest of all its contract and payment
/// rows, and of the figures of every member paid in it.
pub struct Summary {
    pub rows: String,
    pub figures: String,
}

impl Summary {
    pub fn of(books: &Books, rows: Sum, figures: &MonthFigures) -> Summary {
        let mut all = FiguresSum::default();
        for settled in &figures.members {
            all.add(books.member_id(settled.member), &key_of(Some(settled)));
        }
        Summary {
            rows: rows.text(),
            figures: all.text(),
        }
    }
}

/// Whether a closed month's stored summary (its `rows` and `figures` digests) is what the books
/// give now: then the month is unchanged, and its members' tables need no reading. A file
/// without a summary (written before coopbooks recorded one) never holds.
pub fn summary_holds(computed: &Computed, month: Month, stored: &MonthClose) -> bool {
    let (Some(rows), Some(figures)) = (&stored.rows, &stored.figures) else {
        return false;
    };
    let totals = computed.totals(Closable::Month(month));
    let now = Summary::of(
        &computed.books,
        totals.month_rows(month),
        &computed.month_figures(month),
    );
    *rows == now.rows && *figures == now.figures
}

/// A month's members as they stand now, by id: each with rows dated in the month, the digest
/// of those rows, and its pay (none for a member whose only rows in it are payments).
pub fn month_members<'a>(
    digests: &'a Digests,
    figures: &'a MonthFigures,
    month: Month,
) -> impl Iterator<Item = (MemberId, Sum, Option<&'a MemberFigures>)> + 'a {
    // Both lists are by member: the pay of a member with rows, if any, comes next.
    let mut pay = figures.members.iter().peekable();
    (digests.members(month).iter()).map(move |&(member, rows)| {
        while pay.peek().is_some_and(|p| p.member < member) {
            pay.next();
        }
        (member, rows, pay.next_if(|p| p.member == member))
    })
}

/// Every member's month as a close records it in clear, by id: what a close that keeps only
/// digests stands for.
pub fn members_in_clear(computed: &Computed, month: Month) -> BTreeMap<String, MemberMonth> {
    let digests = computed.digests(Closable::Month(month));
    let figures = computed.month_figures(month);
    let books = &computed.books;
    month_members(&digests, &figures, month)
        .map(|(id, rows, settled)| (books.member(id).id.clone(), member_month(rows, settled)))
        .collect()
}

/// A member's month as a close records it.
pub fn member_month(rows: Sum, settled: Option<&MemberFigures>) -> MemberMonth {
    let (model, contracts, hours, money) = key_of(settled);
    MemberMonth {
        rows: rows.text(),
        model: model.map(str::to_string),
        contracts,
        hours,
        money,
    }
}

/// The figures a member's settled month gives now.
pub fn key_of(settled: Option<&MemberFigures>) -> FiguresKey<'static> {
    let Some(s) = settled else {
        return (None, 0, None, PerFigure::default());
    };
    let f = &s.figures;
    (
        Some(s.model.as_str()),
        f.contracts as u64,
        Some(f.hours),
        f.money.map(Some),
    )
}

/// The figures a close recorded for a member's month.
pub fn key_in(m: &MemberMonth) -> FiguresKey<'_> {
    (m.model.as_deref(), m.contracts, m.hours, m.money)
}

fn year(computed: &Computed, year: i32, closed_on: Option<String>) -> Option<YearClose> {
    let books = &computed.books;
    let p = patronage::of(computed, year)?;
    let digests = computed.totals(Closable::Year(year));
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
        allocated: p.totals.allocation,
        follows: None,
        settings: Some(sealed::settings(books, closed::year_end(year))),
        set_aside: p.named_set_asides(books),
        files: sealed::files_within(books, year),
        // Worked out once the year is closed (`carry`), by the caller.
        carry: None,
        members: (p.members.iter())
            .map(|s| (books.member(s.member).id.clone(), s.figures))
            .collect(),
    })
}

/// The months before the end of `what` (a month, or a year's December) in which anything
/// moves — a contract, a payment, a ledger row, or the guarantee fund's advance on a pay
/// date — and that no close file covers (neither the month's nor its year's), in order.
/// Closes go in order: a later month's funds open with the earlier months' movements, so an
/// open month before a closed one could still change its figures.
pub fn open_before(computed: &Computed, what: Closable) -> Vec<Month> {
    let books = &computed.books;
    let last = match what {
        Closable::Month(m) => m,
        Closable::Year(y) => Month { year: y, month: 12 },
    };
    let mut moved = std::collections::BTreeSet::new();
    let mut add = |date: NaiveDate| {
        let m = Month::of(date);
        if m < last || (matches!(what, Closable::Year(_)) && m == last) {
            moved.insert(m);
        }
    };
    books.contracts.iter().for_each(|c| add(c.date));
    books.payments.iter().for_each(|p| add(p.date));
    books.ledger.iter().for_each(|r| add(r.date));
    for i in 0..books.contracts.len() as u32 {
        let id = crate::books::ContractId(i);
        if computed.terms.advance(id).is_positive() {
            add(computed.terms.pay_date(id));
        }
    }
    let closed =
        |m: Month| books.is_closed(Closable::Month(m)) || books.is_closed(Closable::Year(m.year));
    moved.into_iter().filter(|&m| !closed(m)).collect()
}

/// The months of a year that have contracts but no close file.
pub fn open_months(computed: &Computed, year: i32) -> Vec<Month> {
    computed
        .months()
        .filter(|m| m.year == year && !computed.books.is_closed(Closable::Month(*m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixture;
    use crate::figure::Figure;
    use crate::money::Money;

    #[test]
    fn a_months_close_records_each_members_figures_and_the_funds() {
        let c = fixture::computed("salaried");
        let march = fixture::MARCH;
        let Some(Close::Month(close)) = of(&c, Closable::Month(march), None) else {
            panic!("a month closes");
        };
        assert_eq!(close.period, "2026-03");
        // Only Ann has rows in March (her contract and both payments).
        assert_eq!(close.members.keys().collect::<Vec<_>>(), ["ann"]);
        let ann = &close.members["ann"];
        assert_eq!((ann.model.as_deref(), ann.contracts), (Some("salaried"), 1));
        assert_eq!(ann.money[Figure::Net], Some(Money::from_cents(50120)));
        assert_eq!(ann.money[Figure::Payout], Some(Money::from_cents(60120)));
        // ops over March: −30.00 opening, 89.00 of levies, 59.00 closing.
        let ops = &close.funds["ops"];
        assert_eq!(ops.closing, Money::from_cents(5900));
        // January (the shares) and February (the redemption) have ledger rows and no close:
        // open before March, which may not be closed before them.
        let month = |month| Month { year: 2026, month };
        assert_eq!(
            open_before(&c, Closable::Month(march)),
            [month(1), month(2)]
        );
    }
}
