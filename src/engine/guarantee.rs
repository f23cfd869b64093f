//! The salary guarantee fund at a date: advances still outstanding, their aging,
//! what was written off, and how well the fund covers what it fronted.

use super::computed::Computed;
use super::funds;
use crate::books::{ContractId, FundId, MemberId, PaymentKind};
use crate::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// One contract whose advance is still outstanding at the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    pub contract: ContractId,
    pub pay_date: NaiveDate,
    pub advanced: Money,
    /// Client payments after the pay date, up to the date (with VAT, their shares of the
    /// amount: `Terms::amount_share`), and what credit notes after the pay date repaid.
    pub repaid: Money,
    pub written_off: Money,
    /// amount − credit notes − payments − write-offs (their shares of the amount), up to the
    /// date.
    pub outstanding: Money,
    pub days_overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guarantee {
    pub at: NaiveDate,
    pub fund: Option<FundId>,
    pub balance: Money,
    pub outstanding: Money,
    /// Write-offs up to the date on contracts whose pay date has passed.
    pub written_off: Money,
    /// What clients owe at the date, VAT included: every invoice's amount not yet paid,
    /// credited or written off, fronted or not (the journal's `Assets:Receivables:Clients`).
    pub receivable: Money,
    /// balance ÷ outstanding, rounded to 2 places; `None` with nothing outstanding.
    pub coverage: Option<Decimal>,
    /// Outstanding by days past the pay date: 0-30, 31-60, 61-90, 90+.
    pub aging: [Money; 4],
    /// By pay date, then contract id.
    pub contracts: Vec<Open>,
}

pub const AGING: [&str; 4] = ["0-30", "31-60", "61-90", "90+"];

/// What the payments up to a date did to some contracts: paid, repaid after the pay date,
/// written off; indexed like the contracts asked for.
pub(super) struct Received {
    pub(super) paid: Vec<Money>,
    repaid: Vec<Money>,
    pub(super) written_off: Vec<Money>,
    /// What credit notes took off each contract's amount.
    pub(super) credited: Vec<Money>,
}

impl Received {
    /// For every contract (`index` of a contract is its number), or for a few (`index` finds
    /// each one's place).
    pub(super) fn up_to(
        computed: &Computed,
        at: NaiveDate,
        n: usize,
        index: impl Fn(ContractId) -> Option<usize>,
    ) -> Received {
        let mut r = Received {
            paid: vec![Money::ZERO; n],
            repaid: vec![Money::ZERO; n],
            written_off: vec![Money::ZERO; n],
            credited: vec![Money::ZERO; n],
        };
        // A credit note lowers what its invoice's client owes from its date; one after the
        // pay date of a fronted invoice repays the fund (`Terms::credit_repayments`).
        let terms = &computed.terms;
        for &(note, repays) in terms.credit_repayments() {
            let c = computed.books.contract(note);
            if let Some(i) = c.corrects().and_then(&index).filter(|_| c.date <= at) {
                r.repaid[i] += repays;
            }
        }
        for (invoice, notes) in terms.credits() {
            let Some(i) = index(invoice) else { continue };
            for &n in notes {
                let c = computed.books.contract(n);
                if c.date <= at {
                    r.credited[i] -= c.amount;
                }
            }
        }
        for (n, p) in computed.books.payments.iter().enumerate() {
            let Some(i) = index(p.contract).filter(|_| p.date <= at) else {
                continue;
            };
            // The fund fronts, and is repaid, the amount without VAT: each payment's share of it.
            let share = computed.terms.amount_share(n, p);
            match p.kind {
                PaymentKind::Payment => {
                    r.paid[i] += share;
                    if p.date > computed.terms.pay_date(p.contract) {
                        r.repaid[i] += share;
                    }
                }
                PaymentKind::Writeoff => r.written_off[i] += share,
            }
        }
        r
    }

    /// A contract's advance as it stands at the date, if the fund advanced on it by then;
    /// `outstanding` may be 0 or less (repaid, or written off).
    fn advance(
        &self,
        computed: &Computed,
        contract: ContractId,
        i: usize,
        at: NaiveDate,
    ) -> Option<Open> {
        let (pay_date, advanced) = (
            computed.terms.pay_date(contract),
            computed.terms.advance(contract),
        );
        if !advanced.is_positive() || pay_date > at {
            return None;
        }
        let amount = computed.books.contract(contract).amount;
        Some(Open {
            contract,
            pay_date,
            advanced,
            repaid: self.repaid[i],
            written_off: self.written_off[i],
            outstanding: amount - self.credited[i] - self.paid[i] - self.written_off[i],
            days_overdue: (at - pay_date).num_days(),
        })
    }
}

/// By pay date, then contract id.
fn by_pay_date(computed: &Computed, open: &mut [Open]) {
    let books = &computed.books;
    open.sort_by(|a, b| {
        let id = |o: &Open| books.contract_id(books.contract(o.contract));
        (a.pay_date, id(a)).cmp(&(b.pay_date, id(b)))
    });
}

/// One member's advances still outstanding at a date, by pay date: only that member's
/// contracts are looked at.
pub fn open_of(computed: &Computed, member: MemberId, at: NaiveDate) -> Vec<Open> {
    let books = &computed.books;
    let mine: Vec<ContractId> = (0..books.contracts.len() as u32)
        .map(ContractId)
        .filter(|&c| books.contract(c).member == member)
        .collect();
    let index: FxHashMap<ContractId, usize> =
        mine.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let received = Received::up_to(computed, at, mine.len(), |c| index.get(&c).copied());
    let mut open: Vec<Open> = (mine.iter().enumerate())
        .filter_map(|(i, &c)| received.advance(computed, c, i, at))
        .filter(|o| o.outstanding.is_positive())
        .collect();
    by_pay_date(computed, &mut open);
    open
}

/// What clients owe at the end of `at`: every contract dated by then with its VAT (a credit
/// note's negative), less the payments and write-offs dated by then, plus the refunds paid
/// by then (what a credit note made due, paid back to the client); for books read from a cut,
/// what the closed years' unread rows left owed too.
fn receivable(computed: &Computed, at: NaiveDate) -> Money {
    let own = own_receivable(computed, at);
    match computed.books.carried() {
        Some((cut, carry)) if cut.counts_at(at) => {
            let left = computed
                .openings
                .receivable
                .get_or_init(|| carry.receivable - own_receivable(computed, cut.end));
            own + *left
        }
        _ => own,
    }
}

/// `receivable` from the rows read alone.
fn own_receivable(computed: &Computed, at: NaiveDate) -> Money {
    let books = &computed.books;
    let invoiced: Money = (books.contracts.iter().enumerate())
        .filter(|(_, c)| c.date <= at)
        .map(|(i, c)| c.amount + computed.terms.vat(ContractId(i as u32)))
        .sum();
    let received: Money = (books.payments.iter())
        .filter(|p| p.date <= at)
        .map(|p| p.amount)
        .sum();
    let refunded: Money = (books.ledger.iter())
        .filter(|r| r.kind == crate::books::LedgerKind::Refund && r.date <= at)
        .map(|r| r.amount)
        .sum();
    invoiced - received + refunded
}

pub fn of(computed: &Computed, at: NaiveDate) -> Guarantee {
    let mut g = own(computed, at);
    if computed
        .books
        .carried()
        .is_some_and(|(cut, _)| cut.counts_at(at))
    {
        g.written_off += written_off_opening(computed);
    }
    g
}

/// For books read from a cut, what the closed years' rows not read had written off: the
/// carry's, less what the rows read (the open invoices') had by the cut's end.
pub fn written_off_opening(computed: &Computed) -> Money {
    let Some((cut, carry)) = computed.books.carried() else {
        return Money::ZERO;
    };
    *computed.openings.written_off.get_or_init(|| {
        // The write-offs read by the cut's end, on invoices fronted by then: `own`'s, without
        // the rest of what it works out.
        let terms = &computed.terms;
        let fronted =
            |c: ContractId| terms.advance(c).is_positive() && terms.pay_date(c) <= cut.end;
        let own: Money = (computed.books.payments.iter().enumerate())
            .filter(|(_, p)| cut.carried && p.kind == PaymentKind::Writeoff && p.date <= cut.end)
            .filter(|(_, p)| fronted(p.contract))
            .map(|(i, p)| terms.amount_share(i, p))
            .sum();
        carry.written_off - own
    })
}

/// `of` from the rows read alone.
fn own(computed: &Computed, at: NaiveDate) -> Guarantee {
    let books = &computed.books;
    let fund = books.coop.guarantee_fund;
    let balance = fund
        .map(|f| funds::balance_at(computed, f, at))
        .unwrap_or(Money::ZERO);
    let n = books.contracts.len();
    let received = Received::up_to(computed, at, n, |c| Some(c.0 as usize));
    let mut g = Guarantee {
        at,
        fund,
        balance,
        outstanding: Money::ZERO,
        written_off: Money::ZERO,
        receivable: receivable(computed, at),
        coverage: None,
        aging: [Money::ZERO; 4],
        contracts: Vec::new(),
    };
    for i in 0..n {
        let Some(open) = received.advance(computed, ContractId(i as u32), i, at) else {
            continue;
        };
        g.written_off += open.written_off;
        if !open.outstanding.is_positive() {
            continue;
        }
        let bucket = match open.days_overdue {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        g.aging[bucket] += open.outstanding;
        g.outstanding += open.outstanding;
        g.contracts.push(open);
    }
    by_pay_date(computed, &mut g.contracts);
    g.coverage = coverage(g.balance, g.outstanding);
    g
}

/// How many times the balance covers what is outstanding, to 2 places; none with nothing
/// outstanding.
pub fn coverage(balance: Money, outstanding: Money) -> Option<Decimal> {
    let ratio = || balance.value() / outstanding.value();
    (outstanding.is_positive()).then(|| {
        ratio().round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    })
}
