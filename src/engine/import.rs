//! What `import` does with each transaction of the bank's statements: which contract a credit
//! pays, and whether it becomes a payment row, is one already recorded, is skipped (not a
//! client's booked payment) or is left for the treasurer. Pure: the statements as read and the
//! computed books in, one decision per transaction out.
//!
//! A credit names its contract by (1) a structured creditor reference that is a contract's
//! `RF` reference, else (2) a contract id written as a whole word in its remittance text (or
//! in a structured reference that is not an `RF` one), in any case; exactly one contract must
//! be named. A credit is recorded only when it is booked, in the co-op's currency, dated in an
//! open month, and no more than what its contract still has outstanding.

use super::computed::Computed;
use super::reference::{self, Index};
use crate::bank::camt053::{Statement, Transaction};
use crate::books::{Books, ContractId};
use crate::money::{self, Money};
use crate::period::{Closable, Month};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashSet;

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
    /// Its booking date is in a closed month.
    Closed(Month),
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
    /// A payment whose memo holds its reference is in the books (or earlier in this import).
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
/// in that order.
pub fn plan(computed: &Computed, statements: &[Statement]) -> Vec<Decision> {
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
    let (recorded, finder, mut outstanding) = lookups(books, statements);
    let half = order.len() / 2;
    let named = |part: &[(usize, usize)]| -> Vec<Named> {
        (part.iter())
            .map(|&(s, i)| decide(books, &finder, &statements[s], tx(s, i)))
            .collect()
    };
    let (first, second) = std::thread::scope(|sc| {
        let second = sc.spawn(|| named(&order[half..]));
        (named(&order[..half]), second.join())
    });
    let second = second.unwrap_or_else(|_| named(&order[half..]));
    let mut imported: FxHashSet<&str> = FxHashSet::default();
    let mut out = Vec::with_capacity(order.len());
    for (&(s, i), named) in order.iter().zip(first.into_iter().chain(second)) {
        let r = reference(s, i);
        let outcome = match named {
            Err(Outcome::Skipped(why)) => Outcome::Skipped(why),
            // Recorded already — imported before, or settled by hand with the reference as
            // its memo — whatever it would be now.
            _ if recorded.contains(r) => Outcome::Already,
            Err(outcome) => outcome,
            Ok(_) if imported.contains(r) => Outcome::Already,
            Ok((contract, date, amount)) => {
                let open = outstanding[contract.0 as usize];
                if amount > open {
                    Outcome::Unmatched(Unmatched::Overpays {
                        contract,
                        outstanding: open,
                    })
                } else {
                    outstanding[contract.0 as usize] = open - amount;
                    imported.insert(r);
                    Outcome::Imported {
                        contract,
                        date,
                        amount,
                    }
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

/// A credit's contract, date and amount, or what becomes of the transaction.
type Named = Result<(ContractId, NaiveDate, Money), Outcome>;

/// What the decisions look things up in, built at once on both cores: the references
/// already recorded and the index by reference on one, the index by id and what each contract
/// still has outstanding on the other. An index no credit needs is not built.
fn lookups<'b, 's>(
    books: &'b Books,
    statements: &'s [Statement],
) -> (FxHashSet<&'s str>, Finder<'b>, Vec<Money>) {
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
    std::thread::scope(|s| {
        let one = s.spawn(first);
        let by_id = need_id.then(|| Index::by_lowercase_id(books));
        let outstanding = still_outstanding(books);
        let (recorded, by_reference) = one.join().unwrap_or_else(|_| first());
        let finder = Finder {
            by_reference,
            by_id,
        };
        (recorded, finder, outstanding)
    })
}

/// A credit's contract, date and amount, if it is one to record (as far as the transaction
/// alone says); else what becomes of it.
fn decide(books: &Books, finder: &Finder, st: &Statement, t: &Transaction) -> Named {
    let skip = |s| Err(Outcome::Skipped(s));
    let unmatched = |u| Err(Outcome::Unmatched(u));
    let booked = match t.booked {
        Some(d) if st.text(t.status) == "BOOK" => d,
        _ => return skip(Skip::NotBooked(st.text(t.status).to_string())),
    };
    if t.reversal {
        return skip(Skip::Reversal);
    }
    if t.returned {
        return skip(Skip::Return);
    }
    if !t.credit {
        return skip(Skip::Debit);
    }
    if st.text(t.currency) != books.coop.currency {
        return unmatched(Unmatched::Currency(st.text(t.currency).to_string()));
    }
    let Some(text) = st.amount(t) else {
        return unmatched(Unmatched::NoAmount);
    };
    let amount = match money::parse_money(text, &books.coop.currency) {
        Ok(a) if a.is_positive() => a,
        Ok(_) => return unmatched(Unmatched::Amount("is 0.00".into())),
        Err(why) => return unmatched(Unmatched::Amount(why)),
    };
    if t.reference.is_empty() {
        return unmatched(Unmatched::NoReference);
    }
    let contract = finder.contract(st, t).map_err(Outcome::Unmatched)?;
    let month = Month::of(booked);
    if books.is_closed(Closable::Month(month)) || books.is_closed(Closable::Year(booked.year())) {
        return unmatched(Unmatched::Closed(month));
    }
    Ok((contract, booked, amount))
}

/// What each contract still has outstanding: its amount less its payments and write-offs.
fn still_outstanding(books: &Books) -> Vec<Money> {
    let mut left: Vec<Money> = books.contracts.iter().map(|c| c.amount).collect();
    for p in &books.payments {
        left[p.contract.0 as usize] -= p.amount;
    }
    left
}

/// The statements' references that a payment's memo already holds: the memo is the
/// reference, or begins with it and a space (a note may follow). One pass over the payments;
/// only the statements' references are hashed.
fn recorded_references<'s>(books: &Books, statements: &'s [Statement]) -> FxHashSet<&'s str> {
    let wanted: FxHashSet<&str> = (statements.iter())
        .flat_map(|s| s.transactions.iter().map(move |t| (s, t)))
        .filter(|(_, t)| t.credit && !t.reference.is_empty())
        .map(|(s, t)| s.text(t.reference))
        .collect();
    let mut found = FxHashSet::default();
    if wanted.is_empty() {
        return found;
    }
    let mut notes = crate::books::Notes::new(books);
    for p in &books.payments {
        let memo = notes.of(p.src);
        let prefixes = (memo.match_indices(' ').map(|(i, _)| &memo[..i])).chain([memo]);
        for candidate in prefixes {
            if let Some(&r) = wanted.get(candidate) {
                found.insert(r);
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
