//! What `import` does with each transaction of the bank's statements: which contract a credit
//! pays, and whether it becomes a payment row, is one already recorded, is skipped (not a
//! client's booked payment) or is left for the treasurer. Pure: the statements as read and the
//! computed books in, one decision per transaction out.
//!
//! A credit names its contract by (1) a structured creditor reference that is a contract's
//! `RF` reference, else (2) a contract id written as a whole word in its remittance text (or
//! in a structured reference that is not an `RF` one), in any case; exactly one contract must
//! be named. A credit is recorded only when it is booked, in the co-op's currency, dated after
//! the latest closed period, and no more than what its contract still has outstanding.
//!
//! A credit is **already imported** only when the books hold the same transaction: a payment
//! whose memo is the credit's bank reference (or begins with it and a space), dated on its
//! booking date, for its contract and amount. A reference alone proves nothing — banks reuse
//! per-statement sequence numbers and payers reuse end-to-end ids — so a credit whose reference
//! is known but whose facts differ is a new credit. A credit that names no single contract (or
//! is in another currency) counts as settled by hand when payments dated on its booking date
//! carry its reference and, in the co-op's currency, total its amount.

use super::computed::Computed;
use super::payouts::{self, Payee};
use super::reference::{self, Index};
use crate::bank::camt053::{Statement, Transaction};
use crate::books::Loc;
use crate::books::{Books, ContractId, FundId, LedgerKind, MemberId, PaymentKind, RuleMember};
use crate::money::{self, Money};
use crate::par;
use crate::period::Month;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

/// Why a transaction is not one to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Not booked: its status (`PDNG`, `INFO`, …).
    NotBooked(String),
    Reversal,
    /// The return of a payment that was not one of the co-op's payouts.
    Return,
}

/// Why a transaction was left for the treasurer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmatched {
    /// In another currency than the co-op's.
    Currency(String),
    /// A transaction of a batched entry without an amount of its own.
    NoAmount,
    /// An amount that is not one the books can hold: why.
    Amount(String),
    /// The statement gives no reference for it, so a second import could not know it.
    NoReference,
    /// A credit with neither a reference nor a contract id in its remittance, that no bank
    /// rule matches.
    NoContract,
    /// An `RF` reference that is no contract's, and no contract id in its remittance.
    UnknownReference(String),
    /// An `RF` reference whose check digits do not hold, and no contract id in its
    /// remittance: the reference, and the contract it most likely meant.
    MistypedReference(String, Option<ContractId>),
    /// It names several contracts whose amounts still open do not add up to it.
    Several {
        contracts: Vec<ContractId>,
        open: Money,
    },
    /// Its `RF` reference is that of several contracts (ids that differ only in case or
    /// punctuation): which one it pays cannot be told.
    Ambiguous(Vec<ContractId>),
    /// It is more than its contract still has outstanding; with the payment row of that
    /// contract and amount already in the books (typed by hand, most likely this transfer).
    Overpays {
        contract: ContractId,
        outstanding: Money,
        typed: Option<Loc>,
    },
    /// A debit with a payout's end-to-end id, for another amount than the payout's.
    PayoutAmount { id: String, payout: Money },
    /// A debit that is no payout and that no bank rule matches.
    NoRule,
    /// Booked before the bank account's opening (coop.toml `[bank] opening`), which is its
    /// balance before every movement of the books.
    BeforeOpening(NaiveDate),
}

/// A ledger row an import writes: a payout, a returned payout, a refund, or a bank rule's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRow {
    pub kind: LedgerKind,
    pub amount: Money,
    pub member: Option<MemberId>,
    pub fund: Option<FundId>,
    pub contract: Option<ContractId>,
    /// The rule that matched (its place in `Books::rules`).
    pub rule: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new payment row.
    Imported {
        contract: ContractId,
        date: NaiveDate,
        amount: Money,
    },
    /// One transfer paying several contracts exactly what each still has open: a payment row
    /// each.
    Split {
        date: NaiveDate,
        parts: Vec<(ContractId, Money)>,
    },
    /// A new ledger row.
    Row {
        date: NaiveDate,
        row: NewRow,
    },
    /// The same transaction is in the books (or was imported earlier in this run): rows with
    /// its reference as memo, its booking date, and its amount.
    Already,
    Skipped(Skip),
    Unmatched(Unmatched),
}

/// One transaction's fate: `statement` and `index` say which; `booked` is its booking date
/// when it is recorded late, on the first day after the latest closed period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub statement: usize,
    pub index: usize,
    pub outcome: Outcome,
    pub booked: Option<NaiveDate>,
}

/// What a transaction alone says of itself (decided on both cores): skipped; a credit to a
/// contract (or why not); a credit naming several contracts; or a ledger row; each with its
/// booking date.
enum Named {
    Skipped(Skip),
    Credit {
        date: NaiveDate,
        found: Result<(ContractId, Money), (Unmatched, Option<Money>)>,
    },
    Several {
        date: NaiveDate,
        contracts: Vec<ContractId>,
        amount: Money,
    },
    Row {
        date: NaiveDate,
        row: NewRow,
    },
}

/// Every transaction's decision, in the order they were decided: by booking date and
/// reference (then the order of the files and of their transactions) — the same, for the same
/// transactions, whatever the order of the files. What each transaction names is looked up on
/// both cores; whether it may be recorded (already there, more than outstanding) is decided
/// after, in that order.
pub fn of(computed: &Computed, statements: &[Statement]) -> Vec<Decision> {
    let books = &computed.books;
    let tx = |s: usize, i: usize| &statements[s].transactions[i];
    let reference = |s: usize, i: usize| statements[s].text(tx(s, i).reference);
    let mut order: Vec<(usize, usize)> = (statements.iter().enumerate())
        .flat_map(|(s, st)| (0..st.transactions.len()).map(move |i| (s, i)))
        .collect();
    order.sort_by(|&(sa, ia), &(sb, ib)| {
        let (a, b) = (tx(sa, ia).booked, tx(sb, ib).booked);
        (a, reference(sa, ia), sa, ia).cmp(&(b, reference(sb, ib), sb, ib))
    });
    let look = lookups(computed, statements);
    let half = order.len() / 2;
    let named = |part: &[(usize, usize)]| -> Vec<Named> {
        (part.iter())
            .map(|&(s, i)| decide(books, &look, &statements[s], tx(s, i)))
            .collect()
    };
    let (first, second) = par::join(|| named(&order[..half]), || named(&order[half..]));
    let Lookups {
        recorded,
        outstanding,
        ..
    } = look;
    let mut recording = Recording {
        books,
        typed: None,
        recorded,
        outstanding,
        imported: FxHashSet::default(),
        // A row booked on or before the latest closed period's end is recorded late: on the
        // first day after it, with its booking date.
        open_from: books.closed_through().and_then(|(end, _)| end.succ_opt()),
    };
    (order.iter().zip(first.into_iter().chain(second)))
        .map(|(&(s, i), named)| {
            let (outcome, booked) = recording.decide(reference(s, i), named);
            Decision {
                statement: s,
                index: i,
                outcome,
                booked,
            }
        })
        .collect()
}

/// What decides, in order, whether each transaction may be recorded: the rows the books hold,
/// what each contract still has outstanding, what this run has imported so far, and the
/// first day open.
struct Recording<'s> {
    books: &'s Books,
    /// The payment rows by contract and amount (the first of each), made at the first
    /// overpayment: what a transfer more than its contract's open amount may already be.
    typed: Option<FxHashMap<(ContractId, Money), Loc>>,
    recorded: Recorded<'s>,
    outstanding: Vec<Money>,
    imported: FxHashSet<(&'s str, NaiveDate, Held)>,
    open_from: Option<NaiveDate>,
}

impl<'s> Recording<'s> {
    /// A row's date, and its booking date when it is recorded late.
    fn date(&self, booked: NaiveDate) -> (NaiveDate, Option<NaiveDate>) {
        match self.open_from {
            Some(first) if booked < first => (first, Some(booked)),
            _ => (booked, None),
        }
    }

    /// Whether a transaction is a row already there, or imported earlier in this run; if not,
    /// it is now.
    fn seen(&mut self, r: &'s str, date: NaiveDate, held: Held) -> bool {
        self.recorded.holds(r, date, held) || !self.imported.insert((r, date, held))
    }

    /// One transaction's outcome, and its booking date when recorded late. Long because the
    /// rules of a decision (already there, more than outstanding, split or not) are read best
    /// one after the other, by what the transaction named.
    fn decide(&mut self, r: &'s str, named: Named) -> (Outcome, Option<NaiveDate>) {
        match named {
            Named::Skipped(why) => (Outcome::Skipped(why), None),
            Named::Credit {
                date,
                found: Ok((contract, amount)),
            } => {
                let held = Held::Payment(contract, amount);
                if self.recorded.holds(r, date, held) || self.imported.contains(&(r, date, held)) {
                    return (Outcome::Already, None);
                }
                let open = self.outstanding[contract.0 as usize];
                if amount > open {
                    let books = self.books;
                    let typed = self.typed.get_or_insert_with(|| {
                        let mut rows = FxHashMap::default();
                        for p in books
                            .payments
                            .iter()
                            .filter(|p| p.kind == PaymentKind::Payment)
                        {
                            rows.entry((p.contract, p.amount)).or_insert(p.src);
                        }
                        rows
                    });
                    let why = Unmatched::Overpays {
                        contract,
                        outstanding: open,
                        typed: typed.get(&(contract, amount)).copied(),
                    };
                    return (Outcome::Unmatched(why), None);
                }
                self.outstanding[contract.0 as usize] = open - amount;
                self.imported.insert((r, date, held));
                let (day, booked) = self.date(date);
                let outcome = Outcome::Imported {
                    contract,
                    date: day,
                    amount,
                };
                (outcome, booked)
            }
            Named::Several {
                date,
                contracts,
                amount,
            } => {
                let open = |c: &ContractId| self.outstanding[c.0 as usize];
                let total: Money = contracts.iter().map(open).sum();
                let each_open = contracts.iter().all(|c| open(c).is_positive());
                if self.recorded.settles(r, date, Some(amount)) {
                    return (Outcome::Already, None);
                }
                if total != amount || !each_open {
                    let why = Unmatched::Several {
                        contracts,
                        open: total,
                    };
                    return (Outcome::Unmatched(why), None);
                }
                let parts = (contracts.iter())
                    .map(|&c| (c, std::mem::take(&mut self.outstanding[c.0 as usize])))
                    .collect();
                let (day, booked) = self.date(date);
                (Outcome::Split { date: day, parts }, booked)
            }
            Named::Row { date, row } => {
                if self.seen(r, date, Held::Ledger(row.kind.code(), row.amount)) {
                    return (Outcome::Already, None);
                }
                let (day, booked) = self.date(date);
                (Outcome::Row { date: day, row }, booked)
            }
            Named::Credit {
                date,
                found: Err((why, amount)),
            } => match self.recorded.settles(r, date, amount) {
                true => (Outcome::Already, None),
                false => (Outcome::Unmatched(why), None),
            },
        }
    }
}

/// A row of the books a transaction may be: a payment to a contract, or a ledger row of a
/// kind (`LedgerKind::code`), with its amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Held {
    Payment(ContractId, Money),
    Ledger(u8, Money),
}

/// The rows of the books that carry a statement's reference as their memo, by reference and
/// bank date.
#[derive(Default)]
struct Recorded<'s>(FxHashMap<(&'s str, NaiveDate), Vec<Held>>);

impl Recorded<'_> {
    /// Whether a row of the books is this very transaction.
    fn holds(&self, r: &str, date: NaiveDate, held: Held) -> bool {
        (self.0.get(&(r, date))).is_some_and(|rows| rows.contains(&held))
    }

    /// Whether a transaction that names no single contract was settled by hand: rows dated on
    /// its booking date carry its reference, and total its amount when it has one in the
    /// co-op's currency.
    fn settles(&self, r: &str, date: NaiveDate, amount: Option<Money>) -> bool {
        let Some(rows) = self.0.get(&(r, date)) else {
            return false;
        };
        let total: Money = (rows.iter())
            .map(|h| match *h {
                Held::Payment(_, a) | Held::Ledger(_, a) => a,
            })
            .sum();
        amount.is_none_or(|a| a == total)
    }
}

/// What the decisions look things up in.
struct Lookups<'b, 's> {
    recorded: Recorded<'s>,
    finder: Finder<'b>,
    /// What each contract still has outstanding.
    outstanding: Vec<Money>,
    /// The payouts (and refunds) of the months the statements' end-to-end ids name, by id:
    /// whom each pays and how much.
    payouts: FxHashMap<String, (Payee, Money)>,
    /// The members by their IBAN, for rules that find the member by it.
    by_iban: FxHashMap<&'b str, MemberId>,
}

/// The lookups, built at once on both cores: the references already recorded, the index by
/// reference and the payouts on one; the index by id and what each contract still has
/// outstanding on the other. An index no transaction needs is not built.
fn lookups<'b, 's>(computed: &'b Computed, statements: &'s [Statement]) -> Lookups<'b, 's> {
    let books = &computed.books;
    let credits = || {
        (statements.iter())
            .flat_map(|s| s.transactions.iter().map(move |t| (s, t)))
            .filter(|(_, t)| t.credit)
    };
    let need_reference = credits().any(|(s, t)| {
        (s.references(t)).any(|r| reference::parse(r).is_some() || reference::mistyped(r).is_some())
    });
    let need_id = credits().any(|(s, t)| {
        !t.remittance.is_empty() || s.references(t).any(|r| reference::parse(r).is_none())
    });
    let first = || {
        let recorded = recorded_references(books, statements);
        let payouts = payouts_named(computed, statements);
        (
            recorded,
            need_reference.then(|| Index::by_reference(books)),
            payouts,
        )
    };
    let ((by_id, outstanding), (recorded, by_reference, payouts)) = par::join(
        || {
            let by_id = need_id.then(|| Index::by_lowercase_id(books));
            (by_id, still_outstanding(computed))
        },
        first,
    );
    let by_iban = match books.rules.iter().any(|r| r.member == RuleMember::ByIban) {
        true => (books.members.iter().enumerate())
            .filter_map(|(i, m)| Some((m.iban.as_deref()?, MemberId(i as u32))))
            .collect(),
        false => FxHashMap::default(),
    };
    Lookups {
        recorded,
        finder: Finder {
            by_reference,
            by_id,
        },
        outstanding,
        payouts,
        by_iban,
    }
}

/// The transfers of the months that the statements' end-to-end ids name (`2026-03-…`), by
/// their end-to-end ids: only those months' payouts are worked out.
fn payouts_named(
    computed: &Computed,
    statements: &[Statement],
) -> FxHashMap<String, (Payee, Money)> {
    let books = &computed.books;
    let mut months: Vec<Month> = (statements.iter())
        .flat_map(|s| s.transactions.iter().map(move |t| s.text(t.end_to_end)))
        .filter_map(|e| e.get(..7).and_then(|m| Month::parse(m).ok()))
        .collect();
    months.sort_unstable();
    months.dedup();
    let mut out = FxHashMap::default();
    for month in months {
        for t in payouts::of(computed, month).transfers {
            let id = payouts::end_to_end_id(&month.to_string(), &payouts::payee_id(books, t.payee));
            out.insert(id, (t.payee, t.amount));
        }
    }
    out
}

/// What a transaction alone says of itself.
fn decide(books: &Books, look: &Lookups, st: &Statement, t: &Transaction) -> Named {
    let booked = match t.booked {
        Some(d) if st.text(t.status) == "BOOK" => d,
        _ => return Named::Skipped(Skip::NotBooked(st.text(t.status).to_string())),
    };
    if t.reversal {
        return Named::Skipped(Skip::Reversal);
    }
    let payout = look.payouts.get(st.text(t.end_to_end));
    if t.returned && !(t.credit && matches!(payout, Some((Payee::Member(_), _)))) {
        return Named::Skipped(Skip::Return);
    }
    let unmatched = |why, amount| Named::Credit {
        date: booked,
        found: Err((why, amount)),
    };
    if let Some((opening, _)) = super::bank::opening(books).filter(|&(d, _)| booked < d) {
        return unmatched(Unmatched::BeforeOpening(opening), None);
    }
    if st.text(t.currency) != books.coop.currency {
        let why = Unmatched::Currency(st.text(t.currency).to_string());
        return unmatched(why, None);
    }
    let Some(text) = st.amount(t) else {
        return unmatched(Unmatched::NoAmount, None);
    };
    let amount = match money::parse_money(text, &books.coop.currency) {
        Ok(a) if a.is_positive() => a,
        Ok(_) => return unmatched(Unmatched::Amount("is 0.00".into()), None),
        Err(why) => return unmatched(Unmatched::Amount(why), None),
    };
    if t.reference.is_empty() {
        return unmatched(Unmatched::NoReference, Some(amount));
    }
    let row = |row: NewRow| Named::Row { date: booked, row };
    let settles = |kind, payee: Payee| {
        let (member, contract) = match payee {
            Payee::Member(m) => (Some(m), None),
            Payee::Refund(c) => (None, Some(c)),
        };
        NewRow {
            kind,
            amount,
            member,
            fund: None,
            contract,
            rule: None,
        }
    };
    if let Some(&(payee, paid)) = payout {
        if t.returned {
            return row(settles(LedgerKind::Returned, payee));
        }
        if !t.credit {
            if amount != paid {
                let id = st.text(t.end_to_end).to_string();
                return unmatched(Unmatched::PayoutAmount { id, payout: paid }, Some(amount));
            }
            let kind = match payee {
                Payee::Member(_) => LedgerKind::Payout,
                Payee::Refund(_) => LedgerKind::Refund,
            };
            return row(settles(kind, payee));
        }
    }
    if !t.credit {
        return match rule_row(books, look, st, t, amount) {
            Some(r) => row(r),
            None => unmatched(Unmatched::NoRule, Some(amount)),
        };
    }
    match look.finder.contract(st, t) {
        Ok(contract) => Named::Credit {
            date: booked,
            found: Ok((contract, amount)),
        },
        Err(Unmatched::Several { contracts, .. }) => Named::Several {
            date: booked,
            contracts,
            amount,
        },
        Err(why) => match rule_row(books, look, st, t, amount) {
            Some(r) => row(r),
            None => unmatched(why, Some(amount)),
        },
    }
}

/// The row of the first bank rule that matches a transaction: its direction, and all the
/// rule gives of the counterparty's name (held, in any case), its IBAN, and the remittance
/// text (held, in any case); a rule that takes the member by IBAN matches only a member's.
fn rule_row(
    books: &Books,
    look: &Lookups,
    st: &Statement,
    t: &Transaction,
    amount: Money,
) -> Option<NewRow> {
    if books.rules.is_empty() {
        return None;
    }
    let (name, iban) = st.counterparty(t);
    let name = name.to_lowercase();
    let mut text = st.text(t.remittance).to_lowercase();
    for r in st.references(t) {
        text.push(' ');
        text.push_str(&r.to_lowercase());
    }
    for (i, rule) in books.rules.iter().enumerate() {
        let fits = rule.credit == t.credit
            && rule
                .counterparty
                .as_ref()
                .is_none_or(|c| name.contains(c.as_str()))
            && rule.iban.as_ref().is_none_or(|b| b == iban)
            && rule.text.as_ref().is_none_or(|x| text.contains(x.as_str()));
        if !fits {
            continue;
        }
        let member = match rule.member {
            RuleMember::None => None,
            RuleMember::Fixed(m) => Some(m),
            RuleMember::ByIban => match look.by_iban.get(iban) {
                Some(&m) => Some(m),
                None => continue,
            },
        };
        return Some(NewRow {
            kind: rule.kind,
            amount,
            member,
            fund: rule.fund,
            contract: None,
            rule: Some(i),
        });
    }
    None
}

/// What each contract still has outstanding: what its client owes (its amount and VAT) less
/// its payments and write-offs.
fn still_outstanding(computed: &Computed) -> Vec<Money> {
    let books = &computed.books;
    let mut left: Vec<Money> = (books.contracts.iter().enumerate())
        .map(|(i, c)| computed.terms.owed(ContractId(i as u32), c))
        .collect();
    for p in &books.payments {
        left[p.contract.0 as usize] -= p.amount;
    }
    left
}

/// The rows whose memo is one of the statements' references, or begins with it and a space
/// (a note may follow), by reference and bank date: payments and ledger rows. One pass over
/// each; only the statements' references are hashed.
fn recorded_references<'s>(books: &Books, statements: &'s [Statement]) -> Recorded<'s> {
    let wanted: FxHashSet<&str> = (statements.iter())
        .flat_map(|s| s.transactions.iter().map(move |t| (s, t)))
        .filter(|(_, t)| !t.reference.is_empty())
        .map(|(s, t)| s.text(t.reference))
        .collect();
    let mut found = Recorded::default();
    if wanted.is_empty() {
        return found;
    }
    let mut notes = crate::books::Notes::new(books);
    let mut add = |memo: &str, date: NaiveDate, held: Held| {
        let prefixes = (memo.match_indices(' ').map(|(i, _)| &memo[..i])).chain([memo]);
        for candidate in prefixes {
            if let Some(&r) = wanted.get(candidate) {
                found.0.entry((r, date)).or_default().push(held);
            }
        }
    };
    for p in (books.payments.iter()).filter(|p| p.kind == PaymentKind::Payment) {
        add(
            notes.of(p.src),
            p.bank_date(),
            Held::Payment(p.contract, p.amount),
        );
    }
    for l in &books.ledger {
        add(
            notes.of(l.src),
            l.bank_date(),
            Held::Ledger(l.kind.code(), l.amount),
        );
    }
    found
}

/// Finds the contract a credit names, in the indexes `plan` built for the statements (an
/// index none of their credits needs is not built).
struct Finder<'b> {
    by_reference: Option<Index<'b>>,
    by_id: Option<Index<'b>>,
}

impl Finder<'_> {
    fn contract(&self, st: &Statement, t: &Transaction) -> Result<ContractId, Unmatched> {
        let mut unknown = None;
        let mut mistyped = None;
        let mut text = st.text(t.remittance).to_string();
        for r in st.references(t) {
            let Some(body) = reference::parse(r) else {
                if let Some((check, body)) = reference::mistyped(r) {
                    let meant = (self.by_reference.as_ref())
                        .and_then(|index| reference::meant(index, check, &body));
                    mistyped = mistyped.or(Some((r.to_string(), meant)));
                }
                text.push(' ');
                text.push_str(r);
                continue;
            };
            let Some(index) = &self.by_reference else {
                continue;
            };
            let mut found: Vec<ContractId> = index.find(&body).collect();
            match found.len() {
                0 => unknown = unknown.or(Some(r.to_string())),
                1 => return Ok(found[0]),
                _ => {
                    found.sort_unstable();
                    return Err(Unmatched::Ambiguous(found));
                }
            }
        }
        let found = match &self.by_id {
            Some(index) if !text.is_empty() => ids_in(&text.to_lowercase(), index),
            _ => Vec::new(),
        };
        match (found.len(), unknown) {
            (1, _) => Ok(found[0]),
            (0, Some(r)) => Err(Unmatched::UnknownReference(r)),
            (0, None) => match mistyped {
                Some((r, meant)) => Err(Unmatched::MistypedReference(r, meant)),
                None => Err(Unmatched::NoContract),
            },
            _ => Err(Unmatched::Several {
                contracts: found,
                open: Money::ZERO,
            }),
        }
    }
}

/// The contracts whose ids (lower-cased) are whole words of `text` (lower-cased): a run that
/// begins and ends with a letter or digit, with none just before or after. A match inside a
/// longer one (`c-1` in `c-1-2`) does not count. In contract order, each once.
fn ids_in(text: &str, index: &Index) -> Vec<ContractId> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let word = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_alphanumeric());
    let starts = (0..chars.len()).filter(|&k| word(k) && (k == 0 || !word(k - 1)));
    let ends: Vec<usize> = (0..chars.len())
        .filter(|&k| word(k) && !word(k + 1))
        .map(|k| chars[k].0 + chars[k].1.len_utf8())
        .collect();
    let mut spans: Vec<(usize, usize, ContractId)> = Vec::new();
    for s in starts.map(|k| chars[k].0) {
        let first = ends.partition_point(|&e| e <= s);
        for &e in ends[first..]
            .iter()
            .take_while(|&&e| e - s <= index.longest())
        {
            spans.extend(index.find(&text[s..e]).map(|c| (s, e, c)));
        }
    }
    let inside = |&(s, e, _): &(usize, usize, ContractId)| {
        (spans.iter()).any(|&(s2, e2, _)| s2 <= s && e <= e2 && (s2, e2) != (s, e))
    };
    let mut found: Vec<ContractId> = spans
        .iter()
        .filter(|span| !inside(span))
        .map(|&(_, _, c)| c)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::books::{self, Memory};

    fn books_with(ids: &[&str]) -> Books {
        let mut contracts = String::from("id,member,client,date,hours,amount\n");
        for id in ids {
            contracts.push_str(&format!("{id},ann,Acme,2026-03-02,1,100.00\n"));
        }
        let files = vec![
            (
                "coop.toml".to_string(),
                b"name = \"T\"\ncurrency = \"EUR\"\n[payroll]\nmodel = \"contractor\"\n".to_vec(),
            ),
            ("members/ann.toml".to_string(), b"name = \"Ann\"\n".to_vec()),
            ("contracts/2026.csv".to_string(), contracts.into_bytes()),
        ];
        let loaded = books::load(&Memory::new(files)).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.books
    }

    fn named(books: &Books, text: &str) -> Vec<String> {
        let index = Index::by_lowercase_id(books);
        (ids_in(&text.to_lowercase(), &index).iter())
            .map(|&c| books.contract_id(books.contract(c)).to_string())
            .collect()
    }

    #[test]
    fn ids_are_found_as_whole_words_in_any_case() {
        let b = books_with(&["C-2026-001", "C-1", "C-1-2", "Éa-7"]);
        assert_eq!(named(&b, "invoice c-2026-001, thanks"), ["C-2026-001"]);
        assert_eq!(named(&b, "(C-2026-001)"), ["C-2026-001"]);
        assert!(named(&b, "C-2026-0012").is_empty(), "a digit follows");
        assert!(named(&b, "XC-2026-001").is_empty(), "a letter precedes");
        // C-1 inside C-1-2 does not count; both named apart do.
        assert_eq!(named(&b, "pays C-1-2"), ["C-1-2"]);
        assert_eq!(named(&b, "C-1 and C-1-2"), ["C-1", "C-1-2"]);
        assert_eq!(named(&b, "ÉA-7"), ["Éa-7"], "lower-cased beyond ASCII");
        assert!(named(&b, "").is_empty());
    }

    #[test]
    fn a_reference_is_found_by_its_body() {
        let b = books_with(&["C-2026-001", "c2026001", "K9"]);
        let index = Index::by_reference(&b);
        let mut found: Vec<ContractId> = index.find("C2026001").collect();
        found.sort_unstable();
        assert_eq!(found, [ContractId(0), ContractId(1)]);
        assert_eq!(index.find("K9").collect::<Vec<_>>(), [ContractId(2)]);
        assert_eq!(reference::clashes(&b), [(ContractId(0), ContractId(1))]);
        // Among ids that are not their own bodies too, each later one with the first.
        let b = books_with(&["c-1", "C.1", "c1", "K9"]);
        let c = ContractId;
        assert_eq!(reference::clashes(&b), [(c(0), c(1)), (c(0), c(2))]);
        let b = books_with(&["C1", "c-1", "K9"]);
        assert_eq!(reference::clashes(&b), [(c(0), c(1))]);
    }
}
