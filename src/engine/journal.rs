//! The books as a double-entry journal: every movement as a balanced transaction over one
//! chart of accounts, in date order, preceded by the opening balances of the period and with
//! every fund's balance asserted at each month's end. `report::journal` gives it a syntax.
//!
//! The transactions, by what they come from (the README's "Export" section shows them):
//! a contract is an invoice (the client owes its amount; each levy is credited to its fund;
//! the rest is income: the member's budget and expenses); a client payment is money in (and,
//! when it comes after the pay date, repays the guarantee fund); a write-off gives up the
//! rest of an invoice; a ledger row moves money or capital as its kind says; a guarantee
//! advance takes what a client had not paid by the pay date from the guarantee fund; a
//! member's month is its payroll (salary or fee, contributions, withholding, payout); a closed
//! year posts its set-asides and each member's patronage allocation.

use super::chart::{Account, Chart, Clash};
use super::computed::Computed;
use super::pay::MemberFigures;
use crate::books::{
    Books, ContractId, FundId, LedgerKind, LedgerRow, Loc, MemberId, MemberYear, Notes, PayModel,
    Payment, PaymentKind, YearClose,
};
use crate::figure::Figure;
use crate::money::Money;
use crate::par;
use crate::period::{Month, Period};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

/// One posting: an amount to an account (debit positive, credit negative), and the levy it
/// is, for a contract's levies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting<'a> {
    pub account: Account,
    pub amount: Money,
    pub levy: Option<&'a str>,
    /// The member a posting of the opening balances is for (their capital account): the
    /// other postings of a member are in a transaction that names them.
    pub member: Option<&'a str>,
}

/// One transaction; its postings add up to zero. Reused from one transaction to the next.
#[derive(Debug, Default)]
pub struct Txn<'a> {
    pub date: NaiveDate,
    /// The contract it concerns.
    pub contract: Option<&'a str>,
    /// Who it is with: a client, a member, or what kind of movement it is.
    pub payee: &'a str,
    /// What it is: a contract's description, a row's memo, "Pay 2026-03".
    pub narration: String,
    pub member: Option<&'a str>,
    /// The file and line it comes from.
    pub source: Option<(&'a str, u32)>,
    /// A payroll's net pay (the postings show the rest of its figures).
    pub net: Option<Money>,
    pub postings: Vec<Posting<'a>>,
}

impl<'a> Txn<'a> {
    fn start(&mut self, date: NaiveDate, payee: &'a str) {
        self.date = date;
        self.contract = None;
        self.payee = payee;
        self.narration.clear();
        self.member = None;
        self.source = None;
        self.net = None;
        self.postings.clear();
    }

    /// Adds a posting; zero amounts are left out.
    fn post(&mut self, account: Account, amount: Money) {
        if !amount.is_zero() {
            self.postings.push(Posting {
                account,
                amount,
                levy: None,
                member: None,
            });
        }
    }
}

/// What the journal is made of, in the order it is written.
pub enum Entry<'t, 'a> {
    /// The opening balances (the first entry) or any other transaction.
    Txn(&'t Txn<'a>),
    /// Every fund's balance at the end of a day: the end of a month, or of the period.
    Balances {
        at: NaiveDate,
        funds: &'t [(Account, Money)],
    },
}

/// The journal of a period: its chart, its days, and the order of its movements.
pub struct Journal<'c> {
    computed: &'c Computed,
    pub chart: Chart,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Contracts by date, then id.
    contracts: Vec<ContractId>,
    /// Contracts with a guarantee advance, by pay date (then date, then id).
    advances: Vec<ContractId>,
    /// Indexes into `Books::payments`, by date, then their contract's place in `contracts`,
    /// kind, amount, and place.
    payments: Vec<u32>,
    /// The dates of the contracts, payments and advances, in their order (read in order when
    /// the streams are merged).
    days: [Vec<NaiveDate>; 3],
    /// Indexes into `Books::ledger`, by date, kind, funds, member, amount, then place.
    ledger: Vec<u32>,
    /// The months with contracts, in order (each is paid at its end).
    months: Vec<Month>,
    /// Every member-month paid: its month (in `months`) and the member's place in it.
    payroll: Vec<(u32, u32)>,
    /// The closed years, in order: each with its close file and its members by id.
    years: Vec<YearEnd<'c>>,
    /// Every closed year's postings: its place in `years`, then 0 for the set-asides or
    /// 1 + the member's place.
    year_items: Vec<(u32, u32)>,
    /// The entries of the period, in the order they are written.
    order: Vec<Item>,
    /// Every account's balance at the start of the period (by `Chart::position`).
    opening: Vec<Money>,
    /// Each member's capital account at the start of the period (in the journal's sign: a
    /// credit negative), by id; members whose account is 0 are left out.
    opening_capital: Vec<(Option<MemberId>, Money)>,
    /// Where the notes of rows are, for each `Filler` to clone.
    notes: Notes<'c>,
    /// The days whose end the funds' balances are given for, with every fund's balance.
    checks: Vec<(NaiveDate, Vec<(Account, Money)>)>,
}

/// One entry of the journal: a movement of a stream, by its place in that stream.
#[derive(Clone, Copy, Debug)]
struct Item {
    stream: Stream,
    index: u32,
}

impl<'c> Journal<'c> {
    /// The journal of `period`, or of everything (from the first day of the first month with
    /// a movement to the last day of the last); `Err` when a fund's name cannot be an account.
    pub fn new(computed: &'c Computed, period: Option<&Period>) -> Result<Journal<'c>, Vec<Clash>> {
        let books = &computed.books;
        let chart = Chart::new(&books.coop)?;
        let (from, to) = match period {
            Some(p) => (p.from, p.to),
            None => span(computed),
        };
        // The streams sorted on one core, while the other settles every month and works out
        // the funds' balances.
        let ((months, ledger, checks), sorted) = par::join(
            || {
                let mut ledger: Vec<u32> = (0..books.ledger.len() as u32).collect();
                ledger.sort_by(|&a, &b| ledger_order(books, a, b));
                let months: Vec<Month> = computed.months().collect();
                computed.settle(&months);
                (months, ledger, fund_balances(computed, from, to))
            },
            || Sorted::of(computed),
        );
        let payroll: Vec<(u32, u32)> = (months.iter().enumerate())
            .flat_map(|(i, &m)| {
                let n = computed.month_figures(m).members.len() as u32;
                (0..n).map(move |p| (i as u32, p))
            })
            .collect();
        let years: Vec<YearEnd> = super::closed::year_closes(books)
            .filter_map(|(year, close, f)| {
                Some(YearEnd {
                    date: super::closed::year_end(year)?,
                    year,
                    close,
                    rel: &f.rel,
                    members: (close.members.iter())
                        .map(|(id, m)| (id.as_str(), m))
                        .collect(),
                })
            })
            .collect();
        let year_items: Vec<(u32, u32)> = (years.iter().enumerate())
            .flat_map(|(i, y)| (0..=y.members.len() as u32).map(move |e| (i as u32, e)))
            .collect();
        let mut journal = Journal {
            computed,
            chart,
            from,
            to,
            contracts: sorted.contracts,
            advances: sorted.advances,
            payments: sorted.payments,
            days: sorted.days,
            ledger,
            months,
            payroll,
            years,
            year_items,
            order: Vec::new(),
            opening: Vec::new(),
            opening_capital: Vec::new(),
            notes: Notes::new(books),
            checks,
        };
        journal.order();
        Ok(journal)
    }

    /// Puts the period's entries in order (every stream merged by date, the funds' balances
    /// after the last movement of their day), and the balances of every account from the
    /// movements before the period.
    fn order(&mut self) {
        let books = &self.computed.books;
        let mut merge = Merge {
            at: [0; STREAMS],
            heads: [None; STREAMS],
        };
        for s in ALL {
            merge.heads[s as usize] = self.date_of(s, 0);
        }
        let mut fill = Filler::new(self);
        let mut opening = vec![Money::ZERO; self.chart.len()];
        let mut capital: std::collections::BTreeMap<Option<MemberId>, Money> = Default::default();
        let add = |opening: &mut Vec<Money>, account: Account, amount: Money| {
            if let Some(b) = opening.get_mut(self.chart.position(account)) {
                *b += amount;
            }
        };
        for (i, fund) in books.coop.funds.iter().enumerate() {
            add(&mut opening, Account::Fund(FundId(i as u32)), -fund.opening);
            add(&mut opening, Account::OpeningBalances, fund.opening);
        }
        let mut order = vec![Item {
            stream: Stream::Opening,
            index: 0,
        }];
        let mut check = 0;
        while let Some((s, date)) = merge.next() {
            if date > self.to {
                break;
            }
            let index = merge.at[s as usize];
            merge.at[s as usize] += 1;
            merge.heads[s as usize] = self.date_of(s, index as usize + 1);
            if date < self.from {
                // Before the period: balances only, and each member's capital.
                let txn = fill.fill(s, index);
                for p in &txn.postings {
                    add(&mut opening, p.account, p.amount);
                    if p.account == Account::Capital {
                        let member = txn.member.and_then(|m| books.member_by_id(m));
                        *capital.entry(member).or_default() += p.amount;
                    }
                }
                continue;
            }
            while self.checks.get(check).is_some_and(|&(d, _)| d < date) {
                order.push(Item {
                    stream: Stream::Balances,
                    index: check as u32,
                });
                check += 1;
            }
            order.push(Item { stream: s, index });
        }
        for c in check..self.checks.len() {
            order.push(Item {
                stream: Stream::Balances,
                index: c as u32,
            });
        }
        drop(fill);
        self.opening = opening;
        self.opening_capital = (capital.into_iter())
            .filter(|(_, m)| !m.is_zero())
            .collect();
        self.order = order;
    }

    /// The date of a stream's movement at `i`.
    fn date_of(&self, s: Stream, i: usize) -> Option<NaiveDate> {
        let books = &self.computed.books;
        match s {
            Stream::Contracts => self.days[0].get(i).copied(),
            Stream::Payments => self.days[1].get(i).copied(),
            Stream::Advances => self.days[2].get(i).copied(),
            Stream::Ledger => self.ledger.get(i).map(|&r| books.ledger[r as usize].date),
            Stream::Payroll => {
                (self.payroll.get(i)).map(|&(m, _)| self.months[m as usize].last_day())
            }
            Stream::YearEnds => (self.year_items.get(i)).map(|&(y, _)| self.years[y as usize].date),
            Stream::Opening | Stream::Balances => None,
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The entries in `range` (of `0..len()`), in order: the first is the opening balances
    /// (left out when every account starts at zero), then each transaction dated in the
    /// period, with the funds' balances after the last transaction of each month's last day
    /// and of the period's. Ranges may be walked on several threads at once; stops at the
    /// first error `each` returns.
    pub fn entries<E>(
        &self,
        range: std::ops::Range<usize>,
        mut each: impl FnMut(Entry<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut fill = Filler::new(self);
        for items in self.order.get(range).unwrap_or(&[]).chunks(64) {
            fill.warm(items);
            for &item in items {
                match item.stream {
                    Stream::Balances => {
                        let (at, funds) = &self.checks[item.index as usize];
                        each(Entry::Balances { at: *at, funds })?;
                    }
                    s => {
                        let txn = fill.fill(s, item.index);
                        if !txn.postings.is_empty() {
                            each(Entry::Txn(txn))?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Where the merge of the streams is: per stream, its next place and that movement's date.
struct Merge {
    at: [u32; STREAMS],
    heads: [Option<NaiveDate>; STREAMS],
}

impl Merge {
    /// The stream whose next movement comes first (on a tie, the earlier stream), and its date.
    fn next(&self) -> Option<(Stream, NaiveDate)> {
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
struct Sorted {
    contracts: Vec<ContractId>,
    advances: Vec<ContractId>,
    payments: Vec<u32>,
    /// The dates of the contracts, payments and advances, in their order.
    days: [Vec<NaiveDate>; 3],
}

impl Sorted {
    fn of(computed: &Computed) -> Sorted {
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
fn span(computed: &Computed) -> (NaiveDate, NaiveDate) {
    let books = &computed.books;
    let years =
        super::closed::year_closes(books).filter_map(|(y, _, _)| super::closed::year_end(y));
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
fn fund_balances(
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
    super::funds::for_each_movement(computed, |m| {
        let at = days.partition_point(|&d| d < m.date);
        if at < days.len() {
            moved[at * funds + m.fund.0 as usize] += m.signed();
        }
    });
    let mut balance: Vec<Money> = books.coop.funds.iter().map(|f| f.opening).collect();
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

fn month_end_on_or_after(d: NaiveDate) -> NaiveDate {
    Month::of(d).last_day()
}

/// Ledger rows in a fixed order whatever the order of files and rows.
fn ledger_order(books: &Books, a: u32, b: u32) -> std::cmp::Ordering {
    let (la, lb) = (&books.ledger[a as usize], &books.ledger[b as usize]);
    let fund = |f: Option<FundId>| f.map(|f| books.coop.fund(f).name.as_str());
    let member = |r: &LedgerRow| r.member.map(|m| books.member_id(m));
    let kind = |r: &LedgerRow| r.kind as u8;
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
fn by_day(
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
fn place(books: &Books, src: Loc) -> (&str, u32) {
    (books.file(src.file), src.line)
}

/// The kinds of movement, each a stream in date order; on the same day they come in this
/// order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stream {
    Contracts,
    Payments,
    Ledger,
    Advances,
    Payroll,
    YearEnds,
    /// The opening balances.
    Opening,
    /// The funds' balances at the end of a day.
    Balances,
}

/// The streams of movements.
const STREAMS: usize = 6;
const ALL: [Stream; STREAMS] = [
    Stream::Contracts,
    Stream::Payments,
    Stream::Ledger,
    Stream::Advances,
    Stream::Payroll,
    Stream::YearEnds,
];

/// Fills transactions from the journal's movements, one at a time, in one reused `Txn`.
struct Filler<'j, 'c> {
    journal: &'j Journal<'c>,
    books: &'c Books,
    notes: Notes<'c>,
    txn: Txn<'j>,
}

impl<'j, 'c: 'j> Filler<'j, 'c> {
    fn new(journal: &'j Journal<'c>) -> Filler<'j, 'c> {
        let books = &journal.computed.books;
        Filler {
            journal,
            books,
            notes: journal.notes.clone(),
            txn: Txn::default(),
        }
    }

    /// Reads a little of each row a few transactions will read — their rows, contracts and
    /// ids, scattered over memory — in one tight loop, so that the memory's answers are
    /// awaited together rather than one after another when the transactions are filled.
    fn warm(&self, items: &[Item]) {
        let (j, books) = (self.journal, self.books);
        let contract = |c: ContractId| {
            let row = books.contract(c);
            let id = books
                .contract_id(row)
                .as_bytes()
                .first()
                .copied()
                .unwrap_or(0);
            let file = books.files.get(row.src.file.0 as usize);
            let text = file
                .and_then(|f| f.bytes.get(row.src.start as usize))
                .copied();
            let levy = j.computed.terms.levies(c).first().map_or(0, |m| m.cents());
            u64::from(id)
                .wrapping_add(u64::from(text.unwrap_or(0)))
                .wrapping_add(j.computed.terms.budget(c).cents() as u64)
                .wrapping_add(levy as u64)
        };
        let mut sum = 0u64;
        for item in items {
            let i = item.index as usize;
            sum = sum.wrapping_add(match item.stream {
                Stream::Contracts => j.contracts.get(i).map_or(0, |&c| contract(c)),
                Stream::Advances => j.advances.get(i).map_or(0, |&c| contract(c)),
                Stream::Payments => j.payments.get(i).map_or(0, |&p| {
                    let p = &books.payments[p as usize];
                    contract(p.contract) + u64::from(j.computed.terms.pay_date(p.contract).day())
                }),
                _ => 0,
            });
        }
        std::hint::black_box(sum);
    }

    /// The transaction of a stream's movement at `index`.
    fn fill(&mut self, s: Stream, index: u32) -> &Txn<'j> {
        let j = self.journal;
        let i = index as usize;
        match s {
            Stream::Contracts => self.contract(j.contracts[i]),
            Stream::Advances => self.advance(j.advances[i]),
            Stream::Payments => self.payment(j.payments[i] as usize),
            Stream::Ledger => self.ledger_row(j.ledger[i] as usize),
            Stream::Payroll => {
                let (m, at) = j.payroll[i];
                let month = j.months[m as usize];
                match j.computed.month_figures(month) {
                    std::borrow::Cow::Borrowed(figures) => {
                        self.payroll(month, &figures.members[at as usize])
                    }
                    std::borrow::Cow::Owned(_) => self.txn.start(month.last_day(), ""),
                }
            }
            Stream::YearEnds => {
                let (y, entry) = j.year_items[i];
                let y = &j.years[y as usize];
                match entry.checked_sub(1) {
                    None => self.set_asides(y),
                    Some(m) => self.allocation(y, m as usize),
                }
            }
            Stream::Opening => self.opening(),
            Stream::Balances => self.txn.start(j.to, ""),
        }
        &self.txn
    }

    /// The opening balances: the balance of every account of assets, liabilities and equity
    /// but `Equity:Opening-Balances`, which takes the difference. Income and expenses start
    /// the period at zero: what they came to before it is part of that difference.
    fn opening(&mut self) {
        let j = self.journal;
        self.txn.start(j.from, "Opening balances");
        let mut total = Money::ZERO;
        for (at, (account, _)) in j.chart.accounts().enumerate() {
            if account == Account::Capital {
                // One posting per member, tagged, so that each member's capital in the
                // journal is theirs from the first day (by member id; one without a member,
                // which no movement makes, untagged).
                for &(member, amount) in &j.opening_capital {
                    self.txn.postings.push(Posting {
                        account,
                        amount,
                        levy: None,
                        member: member.map(|m| self.books.member_id(m)),
                    });
                }
                total += j.opening[at];
            } else if account != Account::OpeningBalances && !account.is_income_or_expense() {
                self.txn.post(account, j.opening[at]);
                total += j.opening[at];
            }
        }
        self.txn.post(Account::OpeningBalances, -total);
    }

    fn contract(&mut self, id: ContractId) {
        let (books, computed) = (self.books, self.journal.computed);
        let c = books.contract(id);
        self.txn.start(c.date, books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        self.txn.narration.push_str(self.notes.of(c.src));
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, c.src));
        self.txn.post(Account::Clients, c.amount);
        for (levy, &amount) in books.coop.levies.iter().zip(computed.terms.levies(id)) {
            if let Some(entry) = levy.in_force(c.date)
                && !amount.is_zero()
            {
                self.txn.postings.push(Posting {
                    account: Account::Fund(entry.fund),
                    amount: -amount,
                    levy: Some(&levy.name),
                    member: None,
                });
            }
        }
        self.txn.post(Account::ExpensesInvoiced, -c.expenses);
        self.txn.post(Account::Budgets, -computed.terms.budget(id));
    }

    fn advance(&mut self, id: ContractId) {
        let (books, computed) = (self.books, self.journal.computed);
        let c = books.contract(id);
        self.txn.start(computed.terms.pay_date(id), books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        self.txn.narration.push_str("Guarantee advance");
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, c.src));
        if let Some(fund) = books.coop.guarantee_fund {
            let advanced = computed.terms.advance(id);
            self.txn.post(Account::Fund(fund), advanced);
            self.txn.post(Account::Fronted, -advanced);
        }
    }

    fn payment(&mut self, i: usize) {
        let (books, computed) = (self.books, self.journal.computed);
        let p = &books.payments[i];
        let c = books.contract(p.contract);
        self.txn.start(p.date, books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        let memo = self.notes.of(p.src);
        self.txn.narration.push_str(match (memo, p.kind) {
            ("", PaymentKind::Payment) => "Payment",
            ("", PaymentKind::Writeoff) => "Write-off",
            (memo, _) => memo,
        });
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, p.src));
        let fund = books.coop.guarantee_fund;
        match p.kind {
            PaymentKind::Payment => {
                self.txn.post(Account::Bank, p.amount);
                self.txn.post(Account::Clients, -p.amount);
                // After the pay date, the payment repays what the guarantee fund fronted.
                if let Some(fund) = fund
                    && p.date > computed.terms.pay_date(p.contract)
                {
                    self.txn.post(Account::Fronted, p.amount);
                    self.txn.post(Account::Fund(fund), -p.amount);
                }
            }
            PaymentKind::Writeoff => {
                // What the guarantee fund fronted is never repaid; without a fund, a loss.
                let against = match fund {
                    Some(_) => Account::Fronted,
                    None => Account::WriteOffs,
                };
                self.txn.post(against, p.amount);
                self.txn.post(Account::Clients, -p.amount);
            }
        }
    }

    fn ledger_row(&mut self, i: usize) {
        let books = self.books;
        let row = &books.ledger[i];
        let payee = match row.kind {
            LedgerKind::Income => "Income",
            LedgerKind::Cost => "Cost",
            LedgerKind::Transfer => "Transfer",
            LedgerKind::Share => "Share",
            LedgerKind::Redeem => "Redemption",
        };
        self.txn.start(row.date, payee);
        self.txn.narration.push_str(self.notes.of(row.src));
        self.txn.member = row.member.map(|m| books.member_id(m));
        self.txn.source = Some(place(books, row.src));
        let (amount, fund, to) = (
            row.amount,
            row.fund.map(Account::Fund),
            row.to.map(Account::Fund),
        );
        let txn = &mut self.txn;
        match (row.kind, fund) {
            (LedgerKind::Income, Some(fund)) => {
                txn.post(Account::Bank, amount);
                txn.post(fund, -amount);
            }
            (LedgerKind::Cost, Some(fund)) => {
                txn.post(fund, amount);
                txn.post(Account::Bank, -amount);
            }
            (LedgerKind::Transfer, Some(fund)) => {
                if let Some(to) = to {
                    txn.post(fund, amount);
                    txn.post(to, -amount);
                }
            }
            (LedgerKind::Share, fund) => {
                txn.post(Account::Bank, amount);
                txn.post(Account::Capital, -amount);
                if let Some(fund) = fund {
                    txn.post(Account::CapitalInFunds, amount);
                    txn.post(fund, -amount);
                }
            }
            (LedgerKind::Redeem, Some(fund)) => {
                txn.post(Account::Capital, amount);
                txn.post(Account::Bank, -amount);
                txn.post(fund, amount);
                txn.post(Account::CapitalInFunds, -amount);
            }
            // Rows without the funds their kind needs do not pass `check`.
            _ => {}
        }
    }

    /// A member's month: the salary (or fee) and employer contributions it costs, what is
    /// due on it, and the payout.
    fn payroll(&mut self, month: Month, settled: &MemberFigures) {
        let books = self.books;
        let member = books.member(settled.member);
        self.txn.start(month.last_day(), &member.name);
        let _ = write!(self.txn.narration, "Pay {month}");
        self.txn.member = Some(books.member_id(settled.member));
        let f = &settled.figures;
        self.txn.net = Some(f[Figure::Net]);
        let txn = &mut self.txn;
        match settled.model {
            PayModel::Salaried => txn.post(Account::Salaries, f[Figure::Gross]),
            PayModel::Contractor => txn.post(Account::Fees, f[Figure::Gross]),
        }
        txn.post(
            Account::EmployerContributions,
            f[Figure::EmployerContributions],
        );
        txn.post(Account::ExpensesRepaid, f[Figure::Expenses]);
        txn.post(
            Account::EmployerContributionsDue,
            -f[Figure::EmployerContributions],
        );
        txn.post(
            Account::EmployeeContributionsDue,
            -f[Figure::EmployeeContributions],
        );
        txn.post(Account::WithholdingDue, -f[Figure::Withholding]);
        txn.post(Account::Bank, -f[Figure::Payout]);
    }

    fn set_asides(&mut self, y: &'j YearEnd<'c>) {
        let books = self.books;
        self.txn.start(y.date, "Patronage");
        let _ = write!(self.txn.narration, "Set-asides {}", y.year);
        self.txn.source = Some((y.rel, 1));
        let Some(surplus) = books.coop.fund_by_name(&y.close.surplus_fund) else {
            return;
        };
        for s in &y.close.set_aside {
            if let Some(fund) = books.coop.fund_by_name(&s.fund) {
                self.txn.post(Account::Fund(surplus), s.amount);
                self.txn.post(Account::Fund(fund), -s.amount);
            }
        }
    }

    /// The `n`th member's allocation of a closed year: out of the surplus fund, paid in cash
    /// and retained in their capital account.
    fn allocation(&mut self, y: &'j YearEnd<'c>, n: usize) {
        let books = self.books;
        let Some(&(id, m)) = y.members.get(n) else {
            self.txn.start(y.date, "");
            return;
        };
        let name = books
            .member_by_id(id)
            .map_or(id, |m| books.member(m).name.as_str());
        self.txn.start(y.date, name);
        let _ = write!(self.txn.narration, "Patronage {}", y.year);
        self.txn.member = Some(id);
        self.txn.source = Some((y.rel, 1));
        let Some(surplus) = books.coop.fund_by_name(&y.close.surplus_fund) else {
            return;
        };
        self.txn.post(Account::Fund(surplus), m.allocation);
        self.txn.post(Account::Capital, -m.retained);
        self.txn.post(Account::Bank, -m.cash);
    }
}

/// A closed year, as the journal posts it.
struct YearEnd<'c> {
    year: i32,
    date: NaiveDate,
    close: &'c YearClose,
    rel: &'c str,
    members: Vec<(&'c str, &'c MemberYear)>,
}
