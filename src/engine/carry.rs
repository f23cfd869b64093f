//! What a closed year carries into the next, as the books give it at its 31 December once the
//! year is closed: every fund's balance, the bank's, what clients and the guarantee fund are
//! owed, what is owed to the state and the members, each member's capital, every invoice still
//! owed with the advance still outstanding on it, and each shortfall a credit note leaves to a
//! month of the next year. A year's close records it (`[carry]`), in clear: the next year's
//! opening balances.

use super::capital::{self, Account};
use super::closed::year_end;
use super::computed::Computed;
use super::owed::{self, Owed};
use super::pay::Carry as Shortfall;
use super::{bank, funds, guarantee};
use crate::books::{Books, CarryClose, ContractId, FundId, Loc, MemberId};
use crate::money::Money;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// A closed year's end, as the next year opens from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carry {
    pub end: NaiveDate,
    /// Every fund's balance, its year-end postings made, in `Coop::funds`' order.
    pub funds: Vec<(FundId, Money)>,
    /// The bank account's balance, with `[bank]`.
    pub bank: Option<Money>,
    /// What is still owed to the state and the members, in books that keep track of it.
    pub owed: Option<Owed>,
    /// What clients owe, VAT included (`guarantee`'s receivable).
    pub receivable: Money,
    /// What the guarantee fund had fronted and is still owed, and had written off.
    pub outstanding: Money,
    pub written_off: Money,
    /// Every member's capital account with anything in it.
    pub capital: Vec<Account>,
    /// Every invoice still owed, or whose advance is still outstanding, in contract order.
    pub open: Vec<OpenInvoice>,
    /// Each shortfall the year leaves to the member's next month with contracts.
    pub shortfalls: Vec<(MemberId, Shortfall)>,
    /// Where the rows of the open invoices are: each one's row, its credit notes' and its
    /// payments' dated by the year's end, in the books' order.
    pub rows: Vec<Loc>,
}

/// An invoice the year leaves open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenInvoice {
    pub contract: ContractId,
    pub pay_date: NaiveDate,
    /// What the client still owes, VAT included: its amount and VAT, less its credit notes,
    /// the payments and the write-offs dated in or before the year.
    pub owed: Money,
    /// What the guarantee fund fronted on it and is still owed (0.00 for none).
    pub advance: Money,
}

/// What closed `year` carries into the next; `None` for a year with no last day (out of
/// range). `computed` must have the year closed, so that its year-end postings count.
pub fn of(computed: &Computed, year: i32) -> Option<Carry> {
    let end = year_end(year)?;
    let books = &computed.books;
    let g = guarantee::of(computed, end);
    let open = open(computed, end, &g);
    let funds = (funds::balances_at(computed, end).into_iter().enumerate())
        .map(|(f, balance)| (FundId(f as u32), balance))
        .collect();
    let bank = books
        .coop
        .bank
        .is_some()
        .then(|| bank::Daily::of(books).at_end_of(end));
    let owed = owed::tracked(books).then(|| owed::at(computed, end));
    let capital = (capital::of(computed, end).members.into_iter())
        .filter(|a| a.figures != capital::Figures::default())
        .collect();
    Some(Carry {
        end,
        funds,
        bank,
        owed,
        receivable: g.receivable,
        outstanding: g.outstanding,
        written_off: g.written_off,
        capital,
        open: open.clone(),
        shortfalls: computed.carries.left_at(year),
        rows: rows(computed, end, &open),
    })
}

/// Every invoice dated on or before `end` that its client still owes something on, or whose
/// advance is still outstanding.
fn open(computed: &Computed, end: NaiveDate, g: &guarantee::Guarantee) -> Vec<OpenInvoice> {
    let books = &computed.books;
    let mut paid = vec![Money::ZERO; books.contracts.len()];
    for p in books.payments.iter().filter(|p| p.date <= end) {
        if let Some(sum) = paid.get_mut(p.contract.0 as usize) {
            *sum += p.amount;
        }
    }
    let advances: FxHashMap<ContractId, Money> = (g.contracts.iter())
        .map(|o| (o.contract, o.outstanding))
        .collect();
    (books.contracts.iter().enumerate())
        .filter(|(_, c)| c.date <= end)
        .filter_map(|(i, c)| {
            let id = ContractId(i as u32);
            let owed = computed.terms.owed(id, c) - paid[i];
            let advance = advances.get(&id).copied().unwrap_or(Money::ZERO);
            (owed.is_positive() || advance.is_positive()).then_some(OpenInvoice {
                contract: id,
                pay_date: computed.terms.pay_date(id),
                owed: owed.max(Money::ZERO),
                advance,
            })
        })
        .collect()
}

/// A carry as a year's close records it: funds by name, members and contracts by id, each
/// line's figures in a fixed order (documented in coopbooks-books(5)).
pub fn record(books: &Books, carry: &Carry) -> CarryClose {
    let member = |m: MemberId| books.member(m).id.clone();
    CarryClose {
        receivable: carry.receivable,
        outstanding: carry.outstanding,
        written_off: carry.written_off,
        bank: carry.bank,
        owed_tax: carry.owed.map(|o| o.tax),
        owed_social: carry.owed.map(|o| o.social),
        owed_members: carry.owed.map(|o| o.members),
        funds: (carry.funds.iter())
            .map(|&(f, m)| (books.coop.fund(f).name.clone(), m))
            .collect(),
        capital: (carry.capital.iter())
            .map(|a| {
                let f = &a.figures;
                let line = format!("{} {} {} {}", f.shares, f.retained, f.redeemed, f.due);
                (member(a.member), line)
            })
            .collect(),
        open: (carry.open.iter())
            .map(|o| {
                let id = books.contract_id(books.contract(o.contract)).to_string();
                (id, format!("{} {} {}", o.pay_date, o.owed, o.advance))
            })
            .collect(),
        shortfalls: (carry.shortfalls.iter())
            .map(|(m, s)| (member(*m), format!("{} {}", s.brought, s.from)))
            .collect(),
        rows: rows_by_file(books, &carry.rows),
    }
}

/// The rows the open invoices need after the year: each one's own, its credit notes' and the
/// payments on either dated by `end`.
fn rows(computed: &Computed, end: NaiveDate, open: &[OpenInvoice]) -> Vec<Loc> {
    let books = &computed.books;
    let mut needed = vec![false; books.contracts.len()];
    for o in open {
        needed[o.contract.0 as usize] = true;
        for &n in computed.terms.credit_notes(o.contract) {
            needed[n.0 as usize] = books.contract(n).date <= end;
        }
    }
    let of_contracts = (books.contracts.iter().enumerate())
        .filter(|(i, _)| needed[*i])
        .map(|(_, c)| c.src);
    let of_payments = (books.payments.iter())
        .filter(|p| p.date <= end && needed[p.contract.0 as usize])
        .map(|p| p.src);
    of_contracts.chain(of_payments).collect()
}

/// Rows' places as a close records them: by file, each file's lines in order.
fn rows_by_file(books: &Books, rows: &[Loc]) -> BTreeMap<String, String> {
    let mut by_file: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for r in rows {
        let rel = books.files[r.file.0 as usize].rel.clone();
        by_file.entry(rel).or_default().push(r.line);
    }
    (by_file.into_iter())
        .map(|(rel, mut lines)| {
            lines.sort_unstable();
            lines.dedup();
            let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
            (rel, lines.join(" "))
        })
        .collect()
}
