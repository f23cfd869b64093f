//! The journal's order: each kind of movement a stream sorted by day, the streams merged, and
//! the days whose end the funds' balances are asserted for.

use super::*;

/// Where the merge of the streams is: per stream, its next place and that movement's date.
pub(super) struct Merge {
    pub(super) at: [u32; STREAMS],
    pub(super) heads: [Option<NaiveDate>; STREAMS],
}

impl Merge {
    /// The stream whose next movement comes first (on a tie, the earlier stream), and its date.
    pub(super) fn next(&self) -> Option<(Stream, NaiveDate)> {
        let mut best: Option<(Stream, NaiveDate)> = None;
        for s in ALL {
            if let Some(d) = self.heads[s as usize]
                && best.is_none_or(|(_, b)| d < b)
            {
                best = Some((s, d));
            }
        }
        best
    }
}

/// The streams that need sorting, sorted: contracts by date, then id; advances by pay date;
/// payments by date, then their contract's place among the contracts. Contracts and payments
/// are sorted day by day, so that the texts of ids are compared only within a day.
pub(super) struct Sorted {
    pub(super) contracts: Vec<ContractId>,
    pub(super) advances: Vec<ContractId>,
    pub(super) payments: Vec<u32>,
    /// The dates of the contracts, payments and advances, in their order.
    pub(super) days: [Vec<NaiveDate>; 3],
}

impl Sorted {
    pub(super) fn of(computed: &Computed) -> Sorted {
        let books = &computed.books;
        let all: Vec<u32> = (0..books.contracts.len() as u32).collect();
        let (contracts, contract_days) = by_day(
            all,
            |i| books.contracts[i as usize].date,
            |&a, &b| {
                let (ca, cb) = (&books.contracts[a as usize], &books.contracts[b as usize]);
                books.contract_id(ca).cmp(books.contract_id(cb))
            },
        );
        let contracts: Vec<ContractId> = contracts.into_iter().map(ContractId).collect();
        let mut rank = vec![0u32; contracts.len()];
        for (at, c) in contracts.iter().enumerate() {
            rank[c.0 as usize] = at as u32;
        }
        let mut advances: Vec<ContractId> = Vec::new();
        if books.coop.guarantee_fund.is_some() {
            advances.extend(
                contracts
                    .iter()
                    .filter(|&&c| computed.terms.advance(c).is_positive()),
            );
            // Pay dates follow contract dates, so this keeps the order (and costs one pass).
            advances.sort_by_key(|&c| computed.terms.pay_date(c));
        }
        let pay_days: Vec<NaiveDate> = advances
            .iter()
            .map(|&c| computed.terms.pay_date(c))
            .collect();
        let (payments, payment_days) = by_day(
            (0..books.payments.len() as u32).collect(),
            |i| books.payments[i as usize].date,
            |&a, &b| {
                let (pa, pb) = (&books.payments[a as usize], &books.payments[b as usize]);
                let key = |p: &Payment| {
                    let writeoff = p.kind == PaymentKind::Writeoff;
                    (rank[p.contract.0 as usize], writeoff, p.amount)
                };
                (key(pa).cmp(&key(pb)))
                    .then_with(|| place(books, pa.src).cmp(&place(books, pb.src)))
            },
        );
        Sorted {
            contracts,
            advances,
            payments,
            days: [contract_days, payment_days, pay_days],
        }
    }
}

/// From the first day of the month of the first movement to the last day of the month of the
/// last; this year, for books without any.
pub(super) fn span(computed: &Computed) -> (NaiveDate, NaiveDate) {
    let books = &computed.books;
    let decided = |y: i32| {
        (books.coop.patronage.as_ref())
            .filter(|p| p.decided.is_some())
            .and_then(|p| p.decided_on(y))
    };
    let years = crate::engine::closed::year_closes(books)
        .flat_map(|(y, _, _)| [crate::engine::closed::year_end(y), decided(y)])
        .flatten();
    let months = computed.months();
    let (mut first, mut last): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    let mut see = |d: NaiveDate| {
        first = Some(first.map_or(d, |a| a.min(d)));
        last = Some(last.map_or(d, |b| b.max(d)));
    };
    (books.contracts.iter()).for_each(|c| see(c.date));
    (books.payments.iter()).for_each(|p| see(p.date));
    (books.ledger.iter()).for_each(|r| see(r.date));
    years.for_each(&mut see);
    // Each month with contracts is paid at its end; advances come after their contracts.
    months.for_each(|m| see(m.last_day()));
    if books.coop.guarantee_fund.is_some() {
        for i in 0..books.contracts.len() as u32 {
            if computed.terms.advance(ContractId(i)).is_positive() {
                see(computed.terms.pay_date(ContractId(i)));
            }
        }
    }
    match (first, last) {
        (Some(a), Some(b)) => (Month::of(a).first_day(), Month::of(b).last_day()),
        _ => {
            let year = Period::year(books.latest_date().map_or(1970, |d| d.year()));
            (year.from, year.to)
        }
    }
}

/// The days whose end the funds' balances are given for: every month's last day in the
/// period, and the period's; with each fund's balance then, from the funds' own movements
/// (`engine::funds`): what the tools check the journal's postings against.
pub(super) fn fund_balances(
    computed: &Computed,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, Vec<(Account, Money)>)> {
    let books = &computed.books;
    let mut days = Vec::new();
    let mut day = month_end_on_or_after(from).min(to);
    while from <= day {
        days.push(day);
        match day.succ_opt() {
            Some(next) if day < to => day = month_end_on_or_after(next).min(to),
            _ => break,
        }
    }
    let funds = books.coop.funds.len();
    // Each movement counted at the first of those days on or after it, then summed up.
    let mut moved = vec![Money::ZERO; days.len() * funds];
    crate::engine::funds::for_each_movement(computed, |m| {
        let at = days.partition_point(|&d| d < m.date);
        if at < days.len() {
            moved[at * funds + m.fund.0 as usize] += m.signed();
        }
    });
    let mut balance = crate::engine::funds::openings(computed);
    (days.iter().enumerate())
        .map(|(i, &day)| {
            let funds = (balance.iter_mut().enumerate())
                .map(|(f, b)| {
                    *b += moved[i * funds + f];
                    // The tools' sign: a fund's balance is a credit.
                    (Account::Fund(FundId(f as u32)), -*b)
                })
                .collect();
            (day, funds)
        })
        .collect()
}

pub(super) fn month_end_on_or_after(d: NaiveDate) -> NaiveDate {
    Month::of(d).last_day()
}

/// Ledger rows in a fixed order whatever the order of files and rows.
pub(super) fn ledger_order(books: &Books, a: u32, b: u32) -> std::cmp::Ordering {
    let (la, lb) = (&books.ledger[a as usize], &books.ledger[b as usize]);
    let fund = |f: Option<FundId>| f.map(|f| books.coop.fund(f).name.as_str());
    let member = |r: &LedgerRow| r.member.map(|m| books.member_id(m));
    let kind = |r: &LedgerRow| r.kind.code();
    (la.date.cmp(&lb.date))
        .then_with(|| kind(la).cmp(&kind(lb)))
        .then_with(|| fund(la.fund).cmp(&fund(lb.fund)))
        .then_with(|| fund(la.to).cmp(&fund(lb.to)))
        .then_with(|| member(la).cmp(&member(lb)))
        .then_with(|| la.amount.cmp(&lb.amount))
        .then_with(|| place(books, la.src).cmp(&place(books, lb.src)))
}

/// Items sorted by their day, then by `then` within a day (a counting sort by day: the
/// order within a day is what the items came in, before `then`); and their days, in order.
pub(super) fn by_day(
    items: Vec<u32>,
    day: impl Fn(u32) -> NaiveDate,
    then: impl Fn(&u32, &u32) -> std::cmp::Ordering,
) -> (Vec<u32>, Vec<NaiveDate>) {
    let days: Vec<i32> = items.iter().map(|&i| day(i).num_days_from_ce()).collect();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return (items, Vec::new());
    };
    let mut starts = vec![0usize; (last - first) as usize + 2];
    for &d in &days {
        starts[(d - first) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut sorted = vec![0u32; items.len()];
    let mut next = starts.clone();
    for (&item, &d) in items.iter().zip(&days) {
        let at = &mut next[(d - first) as usize];
        sorted[*at] = item;
        *at += 1;
    }
    let mut sorted_days = Vec::with_capacity(items.len());
    for (d, w) in starts.windows(2).enumerate() {
        sorted[w[0]..w[1]].sort_by(&then);
        let date = NaiveDate::from_num_days_from_ce_opt(first + d as i32).unwrap_or_default();
        sorted_days.extend(std::iter::repeat_n(date, w[1] - w[0]));
    }
    (sorted, sorted_days)
}

/// Where a row is: its file's name and its line.
pub(super) fn place(books: &Books, src: Loc) -> (&str, u32) {
    (books.file(src.file), src.line)
}

/// The kinds of movement, each a stream in date order; on the same day they come in this
/// order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stream {
    Contracts,
    Payments,
    Ledger,
    Advances,
    Payroll,
    YearEnds,
    /// Each member's patronage cash of a closed year, owed from the general meeting's day.
    Decisions,
    /// Rows recorded late: the money on the bank at its bank date, until the row's date.
    Late,
    /// The opening balances.
    Opening,
    /// The funds' balances at the end of a day.
    Balances,
    /// The bank's balance at the end of a statement's last day.
    Statements,
}

/// The streams of movements.
pub(super) const STREAMS: usize = 8;
pub(super) const ALL: [Stream; STREAMS] = [
    Stream::Contracts,
    Stream::Payments,
    Stream::Ledger,
    Stream::Advances,
    Stream::Payroll,
    Stream::YearEnds,
    Stream::Decisions,
    Stream::Late,
];
