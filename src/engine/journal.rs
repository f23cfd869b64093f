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

use super::chart::{Account, Chart};
use super::computed::Computed;
use super::pay::Settled;
use crate::books::{
    Books, ContractId, FundId, LedgerKind, LedgerRow, Loc, MemberYear, Notes, PayModel, Payment,
    PaymentKind, YearClose,
};
use crate::money::Money;
use crate::period::{Month, Period};
use crate::problem::Problem;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

/// One posting: an amount to an account (debit positive, credit negative), and the levy it
/// is, for a contract's levies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting<'a> {
    pub account: Account,
    pub amount: Money,
    pub levy: Option<&'a str>,
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
    /// Indexes into `Books::payments`, by date, contract id, kind, amount, then place.
    payments: Vec<u32>,
    /// Indexes into `Books::ledger`, by date, kind, funds, member, amount, then place.
    ledger: Vec<u32>,
    /// The months with contracts, in order (each is paid at its end).
    months: Vec<Month>,
    /// The closed years, in order: each with its close file and its members by id.
    years: Vec<YearEnd<'c>>,
}

impl<'c> Journal<'c> {
    /// The journal of `period`, or of everything (from the first day of the first month with
    /// a movement to the last day of the last); `Err` when a fund's name cannot be an account.
    pub fn new(
        computed: &'c Computed,
        period: Option<&Period>,
    ) -> Result<Journal<'c>, Vec<Problem>> {
        let books = &computed.books;
        let chart = Chart::new(&books.coop)?;
        let mut contracts: Vec<ContractId> =
            (0..books.contracts.len() as u32).map(ContractId).collect();
        contracts.sort_by(|&a, &b| {
            let (ca, cb) = (books.contract(a), books.contract(b));
            (ca.date.cmp(&cb.date)).then_with(|| books.contract_id(ca).cmp(books.contract_id(cb)))
        });
        let advances: Vec<ContractId> = if books.coop.guarantee_fund.is_some() {
            let mut a: Vec<ContractId> = (contracts.iter().copied())
                .filter(|&c| computed.advance(c).is_positive())
                .collect();
            // Pay dates follow contract dates, so this keeps the order (and costs one pass).
            a.sort_by_key(|&c| computed.pay_date(c));
            a
        } else {
            Vec::new()
        };
        let mut payments: Vec<u32> = (0..books.payments.len() as u32).collect();
        payments.sort_by(|&a, &b| payment_order(books, a, b));
        let mut ledger: Vec<u32> = (0..books.ledger.len() as u32).collect();
        ledger.sort_by(|&a, &b| ledger_order(books, a, b));
        let months: Vec<Month> = computed.months().collect();
        computed.settle(&months);
        let years: Vec<YearEnd> = super::close::year_closes(books)
            .filter_map(|(year, close, f)| {
                Some(YearEnd {
                    date: super::close::year_end(year)?,
                    year,
                    close,
                    rel: &f.rel,
                    members: close
                        .members
                        .iter()
                        .map(|(id, m)| (id.as_str(), m))
                        .collect(),
                })
            })
            .collect();
        let mut journal = Journal {
            computed,
            chart,
            from: NaiveDate::MIN,
            to: NaiveDate::MIN,
            contracts,
            advances,
            payments,
            ledger,
            months,
            years,
        };
        (journal.from, journal.to) = match period {
            Some(p) => (p.from, p.to),
            None => journal.span(),
        };
        Ok(journal)
    }

    /// From the first day of the month of the first movement to the last day of the month of
    /// the last; this year, for books without any.
    fn span(&self) -> (NaiveDate, NaiveDate) {
        let books = &self.computed.books;
        let first = [
            self.contracts.first().map(|&c| books.contract(c).date),
            self.payments
                .first()
                .map(|&i| books.payments[i as usize].date),
            self.ledger.first().map(|&i| books.ledger[i as usize].date),
            self.years.first().map(|y| y.date),
        ];
        let last = [
            self.contracts.last().map(|&c| books.contract(c).date),
            self.advances.last().map(|&c| self.computed.pay_date(c)),
            self.payments
                .last()
                .map(|&i| books.payments[i as usize].date),
            self.ledger.last().map(|&i| books.ledger[i as usize].date),
            self.months.last().map(|m| m.last_day()),
            self.years.last().map(|y| y.date),
        ];
        match (
            first.into_iter().flatten().min(),
            last.into_iter().flatten().max(),
        ) {
            (Some(a), Some(b)) => (Month::of(a).first_day(), Month::of(b).last_day()),
            _ => {
                let year = Period::year(books.latest_date().map_or(1970, |d| d.year()));
                (year.from, year.to)
            }
        }
    }

    /// Every entry of the journal, in order: the opening balances, then each transaction
    /// dated in the period, with the funds' balances after the last transaction of each
    /// month's last day and of the period's. Stops at the first error `each` returns.
    pub fn walk<E>(&self, mut each: impl FnMut(Entry<'_, '_>) -> Result<(), E>) -> Result<(), E> {
        let books = &self.computed.books;
        let mut walk = Walk {
            journal: self,
            books,
            notes: Notes::new(books),
            balances: vec![Money::ZERO; self.chart.len()],
            txn: Txn::default(),
            at: [0; STREAMS],
        };
        for (i, fund) in books.coop.funds.iter().enumerate() {
            walk.add(Account::Fund(FundId(i as u32)), -fund.opening);
            walk.add(Account::OpeningBalances, fund.opening);
        }
        // Before the period: balances only.
        while let Some(k) = walk.next_stream().filter(|&(_, d)| d < self.from) {
            walk.fill(k.0);
            walk.apply();
        }
        walk.opening();
        if !walk.txn.postings.is_empty() {
            each(Entry::Txn(&walk.txn))?;
        }
        let mut funds: Vec<(Account, Money)> = Vec::with_capacity(books.coop.funds.len());
        let mut check = month_end_on_or_after(self.from).min(self.to);
        loop {
            let next = walk.next_stream().filter(|&(_, d)| d <= self.to);
            // Balances at every month's end (and the period's) passed before the next movement.
            while next.is_none_or(|(_, d)| d > check) && check <= self.to {
                funds.clear();
                for i in 0..books.coop.funds.len() {
                    let fund = Account::Fund(FundId(i as u32));
                    funds.push((fund, walk.balance(fund)));
                }
                each(Entry::Balances {
                    at: check,
                    funds: &funds,
                })?;
                if check == self.to {
                    break;
                }
                check = check
                    .succ_opt()
                    .map_or(self.to, month_end_on_or_after)
                    .min(self.to);
            }
            let Some((stream, _)) = next else { break };
            walk.fill(stream);
            walk.apply();
            if !walk.txn.postings.is_empty() {
                each(Entry::Txn(&walk.txn))?;
            }
        }
        Ok(())
    }
}

fn month_end_on_or_after(d: NaiveDate) -> NaiveDate {
    Month::of(d).last_day()
}

/// Payments in a fixed order whatever the order of files and rows.
fn payment_order(books: &Books, a: u32, b: u32) -> std::cmp::Ordering {
    let (pa, pb) = (&books.payments[a as usize], &books.payments[b as usize]);
    let id = |p: &Payment| books.contract_id(books.contract(p.contract));
    let kind = |p: &Payment| p.kind == PaymentKind::Writeoff;
    (pa.date.cmp(&pb.date))
        .then_with(|| id(pa).cmp(id(pb)))
        .then_with(|| kind(pa).cmp(&kind(pb)))
        .then_with(|| pa.amount.cmp(&pb.amount))
        .then_with(|| place(books, pa.src).cmp(&place(books, pb.src)))
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
}

const STREAMS: usize = 6;
const ALL: [Stream; STREAMS] = [
    Stream::Contracts,
    Stream::Payments,
    Stream::Ledger,
    Stream::Advances,
    Stream::Payroll,
    Stream::YearEnds,
];

/// A walk through the journal: where each stream is, the balances so far, the transaction
/// being written.
struct Walk<'j, 'c> {
    journal: &'j Journal<'c>,
    books: &'c Books,
    notes: Notes<'c>,
    /// By `Chart::position`.
    balances: Vec<Money>,
    txn: Txn<'j>,
    /// Per stream, how far it has come. For payroll: a month and a member in it, as one
    /// number (month × 2³² + member); for year ends: a year and its entry (0 the set-asides,
    /// then each member).
    at: [u64; STREAMS],
}

impl<'j, 'c: 'j> Walk<'j, 'c> {
    fn add(&mut self, account: Account, amount: Money) {
        if let Some(b) = self.balances.get_mut(self.journal.chart.position(account)) {
            *b += amount;
        }
    }

    fn balance(&self, account: Account) -> Money {
        (self
            .balances
            .get(self.journal.chart.position(account))
            .copied())
        .unwrap_or(Money::ZERO)
    }

    /// Adds the transaction's postings to the balances.
    fn apply(&mut self) {
        for i in 0..self.txn.postings.len() {
            let p = self.txn.postings[i];
            self.add(p.account, p.amount);
        }
    }

    /// The stream whose next movement comes first, and its date.
    fn next_stream(&self) -> Option<(Stream, NaiveDate)> {
        let mut best: Option<(Stream, NaiveDate)> = None;
        for s in ALL {
            if let Some(d) = self.date_of(s)
                && best.is_none_or(|(_, b)| d < b)
            {
                best = Some((s, d));
            }
        }
        best
    }

    /// The date of a stream's next movement.
    fn date_of(&self, s: Stream) -> Option<NaiveDate> {
        let j = self.journal;
        let at = self.at[s as usize];
        let i = at as usize;
        match s {
            Stream::Contracts => j.contracts.get(i).map(|&c| self.books.contract(c).date),
            Stream::Advances => j.advances.get(i).map(|&c| j.computed.pay_date(c)),
            Stream::Payments => j
                .payments
                .get(i)
                .map(|&p| self.books.payments[p as usize].date),
            Stream::Ledger => j.ledger.get(i).map(|&r| self.books.ledger[r as usize].date),
            Stream::Payroll => j.months.get((at >> 32) as usize).map(|m| m.last_day()),
            Stream::YearEnds => j.years.get((at >> 32) as usize).map(|y| y.date),
        }
    }

    /// Fills the transaction with a stream's next movement, and moves the stream on.
    fn fill(&mut self, s: Stream) {
        let j = self.journal;
        let at = self.at[s as usize];
        let i = at as usize;
        self.at[s as usize] += 1;
        match s {
            Stream::Contracts => self.contract(j.contracts[i]),
            Stream::Advances => self.advance(j.advances[i]),
            Stream::Payments => self.payment(j.payments[i] as usize),
            Stream::Ledger => self.ledger_row(j.ledger[i] as usize),
            Stream::Payroll => {
                let month = j.months[(at >> 32) as usize];
                let figures = j.computed.month_figures(month);
                let members = &figures.members;
                let n = (at & u32::MAX as u64) as usize;
                if n + 1 >= members.len() {
                    self.at[s as usize] = ((at >> 32) + 1) << 32;
                }
                match members.get(n) {
                    Some(settled) => self.payroll(month, settled),
                    None => self.txn.start(month.last_day(), ""),
                }
            }
            Stream::YearEnds => {
                let y = &j.years[(at >> 32) as usize];
                let n = (at & u32::MAX as u64) as usize;
                if n >= y.members.len() {
                    self.at[s as usize] = ((at >> 32) + 1) << 32;
                }
                match n.checked_sub(1) {
                    None => self.set_asides(y),
                    Some(m) => self.allocation(y, m),
                }
            }
        }
    }

    /// The opening balances: every account's balance but this one's, and this one for the
    /// difference.
    fn opening(&mut self) {
        let j = self.journal;
        self.txn.start(j.from, "Opening balances");
        let mut total = Money::ZERO;
        for (at, (account, _)) in j.chart.accounts().enumerate() {
            if account != Account::OpeningBalances {
                self.txn.post(account, self.balances[at]);
                total += self.balances[at];
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
        for (levy, &amount) in books.coop.levies.iter().zip(computed.levies(id)) {
            if let Some(entry) = levy.in_force(c.date)
                && !amount.is_zero()
            {
                self.txn.postings.push(Posting {
                    account: Account::Fund(entry.fund),
                    amount: -amount,
                    levy: Some(&levy.name),
                });
            }
        }
        self.txn.post(Account::ExpensesInvoiced, -c.expenses);
        self.txn.post(Account::Budgets, -computed.budget(id));
    }

    fn advance(&mut self, id: ContractId) {
        let (books, computed) = (self.books, self.journal.computed);
        let c = books.contract(id);
        self.txn.start(computed.pay_date(id), books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        self.txn.narration.push_str("Guarantee advance");
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, c.src));
        if let Some(fund) = books.coop.guarantee_fund {
            let advanced = computed.advance(id);
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
                    && p.date > computed.pay_date(p.contract)
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
    fn payroll(&mut self, month: Month, settled: &Settled) {
        let books = self.books;
        let member = books.member(settled.member);
        self.txn.start(month.last_day(), &member.name);
        let _ = write!(self.txn.narration, "Pay {month}");
        self.txn.member = Some(books.member_id(settled.member));
        let f = &settled.figures;
        self.txn.net = Some(f.net);
        let txn = &mut self.txn;
        match settled.model {
            PayModel::Salaried => txn.post(Account::Salaries, f.gross),
            PayModel::Contractor => txn.post(Account::Fees, f.gross),
        }
        txn.post(Account::EmployerContributions, f.employer_contributions);
        txn.post(Account::ExpensesRepaid, f.expenses);
        txn.post(Account::EmployerContributionsDue, -f.employer_contributions);
        txn.post(Account::EmployeeContributionsDue, -f.employee_contributions);
        txn.post(Account::WithholdingDue, -f.withholding);
        txn.post(Account::Bank, -f.payout);
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
