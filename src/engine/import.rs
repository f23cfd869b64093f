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
use super::reference::{self, Index};
use crate::bank::camt053::{Statement, Transaction};
use crate::books::{Books, ContractId, PaymentKind};
use crate::money::{self, Money};
use crate::par;
use crate::period::{Closable, Month};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

/// Why a transaction is not a client's payment to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Not booked: its status (`PDNG`, `INFO`, …).
    NotBooked(String),
    Reversal,
    Return,
    Debit,
}

/// Why a credit was left for the treasurer.
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
    /// Neither a reference nor a contract id in its remittance.
    NoContract,
    /// An `RF` reference that is no contract's, and no contract id in its remittance.
    UnknownReference(String),
    /// It names more than one contract.
    Several(Vec<ContractId>),
    /// Its booking date is in `month`, which is closed or comes before the latest closed
    /// period (`through`): recording it would change that period's closed figures.
    Closed { month: Month, through: Closable },
    /// It is more than its contract still has outstanding.
    Overpays {
        contract: ContractId,
        outstanding: Money,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new payment row.
    Imported {
        contract: ContractId,
        date: NaiveDate,
        amount: Money,
    },
    /// The same transaction is in the books (or was imported earlier in this run): a payment
    /// with its reference as memo, its booking date, contract and amount.
    Already,
    Skipped(Skip),
    Unmatched(Unmatched),
}

/// One transaction's fate: `statement` and `index` say which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub statement: usize,
    pub index: usize,
    pub outcome: Outcome,
}

/// Every transaction's decision, in the order they were decided: by booking date and
/// reference (then the order of the files and of their transactions) — the same, for the same
/// transactions, whatever the order of the files. What each credit names is looked up on both
/// cores; whether it may be recorded (already there, more than outstanding) is decided after,
/// in that order. Long because the rules of a decision (skipped, unmatched, already there,
/// more than outstanding) are read best one after the other, in the order they apply.
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
    let (recorded, finder, mut outstanding) = lookups(computed, statements);
    let half = order.len() / 2;
    let named = |part: &[(usize, usize)]| -> Vec<Named> {
        (part.iter())
            .map(|&(s, i)| decide(books, &finder, &statements[s], tx(s, i)))
            .collect()
    };
    let (first, second) = par::join(|| named(&order[..half]), || named(&order[half..]));
    let closed = books.closed_through();
    let mut imported: FxHashSet<Identity> = FxHashSet::default();
    let mut out = Vec::with_capacity(order.len());
    for (&(s, i), named) in order.iter().zip(first.into_iter().chain(second)) {
        let r = reference(s, i);
        let outcome = match named {
            Named::Skipped(why) => Outcome::Skipped(why),
            Named::Credit {
                date,
                found: Ok((contract, amount)),
            } => {
                let identity = (r, contract, date, amount);
                // The same transaction recorded — imported before, or by hand — or imported
                // earlier in this run (the same entry in two statements): whatever it would
                // be now.
                if recorded.holds(&identity) || imported.contains(&identity) {
                    Outcome::Already
                } else if let Some((_, latest)) = closed.filter(|(end, _)| date <= *end) {
                    let month = Month::of(date);
                    // The month's own close, if it has one, else the latest after it.
                    let own = [Closable::Month(month), Closable::Year(month.year)];
                    let through = own.into_iter().find(|&p| books.is_closed(p));
                    Outcome::Unmatched(Unmatched::Closed {
                        month,
                        through: through.unwrap_or(latest),
                    })
                } else {
                    let open = outstanding[contract.0 as usize];
                    if amount > open {
                        Outcome::Unmatched(Unmatched::Overpays {
                            contract,
                            outstanding: open,
                        })
                    } else {
                        outstanding[contract.0 as usize] = open - amount;
                        imported.insert(identity);
                        Outcome::Imported {
                            contract,
                            date,
                            amount,
                        }
                    }
                }
            }
            Named::Credit {
                date,
                found: Err((why, amount)),
            } => {
                if recorded.settles(r, date, amount) {
                    Outcome::Already
                } else {
                    Outcome::Unmatched(why)
                }
            }
        };
        out.push(Decision {
            statement: s,
            index: i,
            outcome,
        });
    }
    out
}

/// What identifies a credit as a transaction: its bank reference, contract, booking date and
/// amount.
type Identity<'s> = (&'s str, ContractId, NaiveDate, Money);

/// What the transaction alone says: skipped, or a booked credit with its date and either its
/// contract and amount, or why it cannot be recorded (with its amount in the co-op's currency,
/// if it has one).
enum Named {
    Skipped(Skip),
    Credit {
        date: NaiveDate,
        found: Result<(ContractId, Money), (Unmatched, Option<Money>)>,
    },
}

/// The payments of the books that carry a statement's reference as their memo, by reference
/// and date: each one's contract and amount.
#[derive(Default)]
struct Recorded<'s>(FxHashMap<(&'s str, NaiveDate), Vec<(ContractId, Money)>>);

impl Recorded<'_> {
    /// Whether a payment of the books is this very transaction.
    fn holds(&self, &(r, contract, date, amount): &Identity) -> bool {
        (self.0.get(&(r, date))).is_some_and(|rows| rows.contains(&(contract, amount)))
    }

    /// Whether a credit that names no single contract was settled by hand: payments dated on
    /// its booking date carry its reference, and total its amount when it has one in the
    /// co-op's currency.
    fn settles(&self, r: &str, date: NaiveDate, amount: Option<Money>) -> bool {
        let Some(rows) = self.0.get(&(r, date)) else {
            return false;
        };
        let total: Money = rows.iter().map(|&(_, a)| a).sum();
        amount.is_none_or(|a| a == total)
    }
}

/// What the decisions look things up in, built at once on both cores: the references
/// already recorded and the index by reference on one, the index by id and what each contract
/// still has outstanding on the other. An index no credit needs is not built.
fn lookups<'b, 's>(
    computed: &'b Computed,
    statements: &'s [Statement],
) -> (Recorded<'s>, Finder<'b>, Vec<Money>) {
    let books = &computed.books;
    let credits = || {
        (statements.iter())
            .flat_map(|s| s.transactions.iter().map(move |t| (s, t)))
            .filter(|(_, t)| t.credit)
    };
    let need_reference =
        credits().any(|(s, t)| s.references(t).any(|r| reference::parse(r).is_some()));
    let need_id = credits().any(|(s, t)| {
        !t.remittance.is_empty() || s.references(t).any(|r| reference::parse(r).is_none())
    });
    let first = || {
        let recorded = recorded_references(books, statements);
        (recorded, need_reference.then(|| Index::by_reference(books)))
    };
    let ((by_id, outstanding), (recorded, by_reference)) = par::join(
        || {
            let by_id = need_id.then(|| Index::by_lowercase_id(books));
            (by_id, still_outstanding(computed))
        },
        first,
    );
    let finder = Finder {
        by_reference,
        by_id,
    };
    (recorded, finder, outstanding)
}

/// What a transaction alone says of itself: skipped, or a booked credit with its contract and
/// amount, or why it cannot be recorded.
fn decide(books: &Books, finder: &Finder, st: &Statement, t: &Transaction) -> Named {
    let booked = match t.booked {
        Some(d) if st.text(t.status) == "BOOK" => d,
        _ => return Named::Skipped(Skip::NotBooked(st.text(t.status).to_string())),
    };
    if t.reversal {
        return Named::Skipped(Skip::Reversal);
    }
    if t.returned {
        return Named::Skipped(Skip::Return);
    }
    if !t.credit {
        return Named::Skipped(Skip::Debit);
    }
    let credit = |found| Named::Credit {
        date: booked,
        found,
    };
    if st.text(t.currency) != books.coop.currency {
        let why = Unmatched::Currency(st.text(t.currency).to_string());
        return credit(Err((why, None)));
    }
    let Some(text) = st.amount(t) else {
        return credit(Err((Unmatched::NoAmount, None)));
    };
    let amount = match money::parse_money(text, &books.coop.currency) {
        Ok(a) if a.is_positive() => a,
        Ok(_) => return credit(Err((Unmatched::Amount("is 0.00".into()), None))),
        Err(why) => return credit(Err((Unmatched::Amount(why), None))),
    };
    if t.reference.is_empty() {
        return credit(Err((Unmatched::NoReference, Some(amount))));
    }
    match finder.contract(st, t) {
        Ok(contract) => credit(Ok((contract, amount))),
        Err(why) => credit(Err((why, Some(amount)))),
    }
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

/// The payments whose memo is one of the statements' references, or begins with it and a
/// space (a note may follow), by reference and date. One pass over the payments; only the
/// statements' references are hashed.
fn recorded_references<'s>(books: &Books, statements: &'s [Statement]) -> Recorded<'s> {
    let wanted: FxHashSet<&str> = (statements.iter())
        .flat_map(|s| s.transactions.iter().map(move |t| (s, t)))
        .filter(|(_, t)| t.credit && !t.reference.is_empty())
        .map(|(s, t)| s.text(t.reference))
        .collect();
    let mut found = Recorded::default();
    if wanted.is_empty() {
        return found;
    }
    let mut notes = crate::books::Notes::new(books);
    for p in (books.payments.iter()).filter(|p| p.kind == PaymentKind::Payment) {
        let memo = notes.of(p.src);
        let prefixes = (memo.match_indices(' ').map(|(i, _)| &memo[..i])).chain([memo]);
        for candidate in prefixes {
            if let Some(&r) = wanted.get(candidate) {
                let rows = found.0.entry((r, p.date)).or_default();
                rows.push((p.contract, p.amount));
            }
        }
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
        let mut text = st.text(t.remittance).to_string();
        for r in st.references(t) {
            let Some(body) = reference::parse(r) else {
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
                    return Err(Unmatched::Several(found));
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
            (0, None) => Err(Unmatched::NoContract),
            _ => Err(Unmatched::Several(found)),
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
