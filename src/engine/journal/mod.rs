//! The books as a double-entry journal: every movement as a balanced transaction over one
//! chart of accounts, in date order, preceded by the opening balances of the period and with
//! every fund's balance asserted at each month's end. `report::journal` gives it a syntax.
//!
//! The transactions, by what they come from (the manual, docs/guide.md, shows them under "Export"):
//! a contract is an invoice (the client owes its amount and VAT; the amount is revenue, and
//! each levy is the part of it its fund receives, against `Equity:Result:Allocated`); a
//! client payment is money in (and, when it comes after the pay date, repays the guarantee
//! fund what it fronted); a write-off is a bad debt (which the guarantee fund bears, when
//! there is one); a ledger row moves money or capital as its kind says, an income or a cost
//! by its category; a guarantee advance commits part of the guarantee fund (`Equity:Fronted`)
//! to what a client had not paid by the pay date; a member's month is its payroll (salary or
//! fee, contributions, withholding, and the net pay owed to the member); a closed year posts
//! its set-asides and each member's patronage allocation (the cash part owed to the member,
//! from the general meeting's day with `[patronage] decided`). Money leaves the bank as the ledger's rows
//! say: a payout pays a member what is owed, a refund pays a client what a credit note made
//! due, a remittance pays the state the withholding or the contributions owed.

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

mod order;
mod post;
use order::*;
use post::*;

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
    /// Who it is with: a client, a member, or what kind of movement it is (see `payee()`).
    pub payee: &'a str,
    /// The payee when it is text of a row's (an income's or a cost's memo), else empty.
    pub payee_text: String,
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
    /// Who it is with.
    pub fn payee(&self) -> &str {
        if self.payee_text.is_empty() {
            self.payee
        } else {
            &self.payee_text
        }
    }

    fn start(&mut self, date: NaiveDate, payee: &'a str) {
        self.date = date;
        self.contract = None;
        self.payee = payee;
        self.payee_text.clear();
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
    /// The bank's balance at the end of a statement's last day, as the statement says it.
    Bank {
        at: NaiveDate,
        statement: &'t str,
        balance: Money,
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
    /// Every member's patronage decision of a closed year with a general meeting's day: its
    /// place in `years` and the member's.
    decisions: Vec<(u32, u32)>,
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
    /// The rows recorded late (a `booked` date), by bank date.
    late: Vec<super::bank::Origin>,
    /// The statements of the co-op's account in the period, by last day: the day, the
    /// statement's id and its closing balance.
    statements: Vec<(NaiveDate, &'c str, Money)>,
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
        let chart = Chart::new(books, period.is_some())?;
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
        let years: Vec<YearEnd> = crate::engine::closed::year_closes(books)
            .filter_map(|(year, close, f)| {
                Some(YearEnd {
                    date: crate::engine::closed::year_end(year)?,
                    decided: (books.coop.patronage.as_ref())
                        .filter(|p| p.decided.is_some())
                        .and_then(|p| p.decided_on(year)),
                    year,
                    close,
                    rel: &f.rel,
                    members: (close.members.iter())
                        .map(|(id, m)| (id.as_str(), m))
                        .collect(),
                    lines: (books.files.get(f.file.0 as usize))
                        .and_then(|file| std::str::from_utf8(&file.bytes).ok())
                        .map(crate::books::member_lines)
                        .unwrap_or_default(),
                })
            })
            .collect();
        let mut late = Vec::new();
        super::bank::for_each_movement(books, |m| {
            let booked = match m.origin {
                super::bank::Origin::Payment(i) => books.payments[i as usize].booked(),
                super::bank::Origin::Ledger(i) => books.ledger[i as usize].booked,
            };
            if booked.is_some() {
                late.push(m);
            }
        });
        late.sort_by(|a, b| {
            (a.date, super::bank::place(books, a.origin))
                .cmp(&(b.date, super::bank::place(books, b.origin)))
        });
        let late = late.into_iter().map(|m| m.origin).collect();
        let statements = (super::bank::checks(books, &super::bank::Daily::of(books)).iter())
            .map(|c| &books.statements[c.statement])
            .filter(|s| from <= s.to && s.to <= to)
            .map(|s| (s.to, s.statement.as_str(), s.closing))
            .collect();
        let year_items: Vec<(u32, u32)> = (years.iter().enumerate())
            .flat_map(|(i, y)| (0..=y.members.len() as u32).map(move |e| (i as u32, e)))
            .collect();
        let decisions: Vec<(u32, u32)> = (years.iter().enumerate())
            .filter(|(_, y)| y.decided.is_some())
            .flat_map(|(i, y)| (0..y.members.len() as u32).map(move |m| (i as u32, m)))
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
            decisions,
            order: Vec::new(),
            opening: Vec::new(),
            opening_capital: Vec::new(),
            notes: Notes::new(books),
            checks,
            late,
            statements,
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
        // The bank's opening balance, and what was owed to the state then.
        if let Some(o) = books.coop.bank.as_ref().and_then(|b| b.opening.as_ref()) {
            for (account, amount) in [
                (Account::Bank, o.balance),
                (Account::WithholdingDue, -o.owed_tax),
                (Account::SocialDue, -o.owed_social),
            ] {
                add(&mut opening, account, amount);
                add(&mut opening, Account::OpeningBalances, -amount);
            }
        }
        let mut order = vec![Item {
            stream: Stream::Opening,
            index: 0,
        }];
        let (mut check, mut statement) = (0, 0);
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
            self.day_ends(&mut order, (&mut check, &mut statement), Some(date));
            order.push(Item { stream: s, index });
        }
        self.day_ends(&mut order, (&mut check, &mut statement), None);
        drop(fill);
        self.opening = opening;
        self.opening_capital = (capital.into_iter())
            .filter(|(_, m)| !m.is_zero())
            .collect();
        self.order = order;
    }

    /// The day-end entries of the days before `date` (all that are left, without one): the
    /// funds' balances, then the statements' bank balances, of each day in order.
    fn day_ends(
        &self,
        order: &mut Vec<Item>,
        at: (&mut usize, &mut usize),
        date: Option<NaiveDate>,
    ) {
        let (check, statement) = at;
        let before = |d: NaiveDate| date.is_none_or(|date| d < date);
        loop {
            let next_check = self.checks.get(*check).map(|c| c.0).filter(|&d| before(d));
            let next_statement = (self.statements.get(*statement))
                .map(|s| s.0)
                .filter(|&d| before(d));
            match (next_check, next_statement) {
                (Some(c), s) if s.is_none_or(|s| c <= s) => {
                    order.push(Item {
                        stream: Stream::Balances,
                        index: *check as u32,
                    });
                    *check += 1;
                }
                (_, Some(_)) => {
                    order.push(Item {
                        stream: Stream::Statements,
                        index: *statement as u32,
                    });
                    *statement += 1;
                }
                _ => return,
            }
        }
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
            Stream::Decisions => {
                (self.decisions.get(i)).and_then(|&(y, _)| self.years[y as usize].decided)
            }
            Stream::Late => (self.late.get(i)).map(|&o| super::bank::bank_date(books, o)),
            Stream::Opening | Stream::Balances | Stream::Statements => None,
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
                    Stream::Statements => {
                        let (at, statement, balance) = self.statements[item.index as usize];
                        each(Entry::Bank {
                            at,
                            statement,
                            balance,
                        })?;
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
