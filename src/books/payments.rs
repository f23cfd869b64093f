//! Reads `payments/*.csv`: client payments and write-offs against contracts. The contract ids
//! are resolved once all contracts are read, so payments and contracts can be read at once.

use super::contract_ids::{ContractIds, IdEntry, Numbers};
use super::csvfile::{self, Cell, Column, optional, required};
use super::ids::{Interner, Strings};
use super::model::*;
use crate::problem::Problem;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The columns of a payments file, in their documented (and canonical) order.
pub const COLUMNS: [Column; 6] = [
    required("contract", Cell::Text),
    required("date", Cell::Date),
    required("amount", Cell::Money),
    optional("kind", Cell::Text),
    optional("memo", Cell::Text),
    optional("booked", Cell::Date),
];
const CONTRACT: usize = 0;
const DATE: usize = 1;
const AMOUNT: usize = 2;
const KIND: usize = 3;
const MEMO: usize = 4;
const BOOKED: usize = 5;

/// Payments read but not yet tied to their contracts: each payment's `contract` holds the
/// number of the id it names in `refs` until `resolve`.
#[derive(Default)]
pub struct Pending {
    payments: Vec<Payment>,
    /// The contract ids that payment rows name, in row order, and their hashes.
    refs: Strings,
    hashes: Vec<u64>,
    /// Rows with other problems: their contract id is still checked.
    broken: Vec<(u32, Loc)>,
}

/// Reads one payments file, or only its rows on the lines `only` gives.
pub fn read_file(
    file: &BookFile,
    id: FileId,
    currency: &str,
    only: Option<&[u32]>,
    problems: &mut Vec<Problem>,
) -> Pending {
    let mut out = Pending::default();
    let rows = only.map_or(file.bytes.len() / 32, <[u32]>::len);
    out.payments.reserve(rows);
    out.refs = Strings::with_capacity(rows, rows * 8);
    out.hashes.reserve(rows);
    let (text, rel) = (&file.bytes, &file.rel);
    csvfile::read_some(text, rel, id, &COLUMNS, only, problems, |row| {
        let contract = row.nonempty(CONTRACT).map(|c| {
            out.hashes.push(Interner::hash(c));
            out.refs.push(c)
        });
        let date = row.date(DATE);
        let amount = row.positive_money(AMOUNT, currency);
        row.free_text(MEMO);
        let kind = match row.text(KIND) {
            "" | "payment" => Some(PaymentKind::Payment),
            "writeoff" => Some(PaymentKind::Writeoff),
            other => {
                let msg = format!("kind \"{other}\": expected \"payment\" or \"writeoff\"");
                row.error(msg);
                None
            }
        };
        let booked = row.booked(BOOKED, date).and_then(|b| {
            let days = match (b, date) {
                (Some(b), Some(d)) => (d - b).num_days(),
                _ => 0,
            };
            let days = u16::try_from(days).ok();
            if days.is_none() {
                let text = row.text(BOOKED);
                row.error(format!(
                    "booked \"{text}\": more than {} days before the row's date",
                    u16::MAX
                ));
            }
            days
        });
        if let (Some(contract), Some(date), Some(amount), Some(kind), Some(booked_before)) =
            (contract, date, amount, kind, booked)
        {
            out.payments.push(Payment {
                contract: ContractId(contract),
                date,
                amount,
                kind,
                booked_before,
                src: row.src,
            });
        } else if let Some(contract) = contract {
            out.broken.push((contract, row.src));
        }
    });
    out
}

/// Payments looked up a run at a time: a task, for whichever core is free.
const RUN: usize = 1 << 16;

/// Marks a payment whose contract id no row has.
const NONE: u32 = u32::MAX;

/// The numbers of the contract ids that payments name (`Numbers::find`, or `NONE`), for the
/// runs of payments this core takes from `next`: the hash tables' part of tying payments to
/// their contracts, which runs while the contracts are gathered. Each run with its place.
pub fn find_numbers(
    pending: &[Pending],
    numbers: &Numbers,
    next: &AtomicUsize,
) -> Vec<(usize, Vec<u32>)> {
    let runs: Vec<(usize, usize)> = (pending.iter().enumerate())
        .flat_map(|(part, p)| {
            (0..p.payments.len())
                .step_by(RUN)
                .map(move |start| (part, start))
        })
        .collect();
    let mut out = Vec::new();
    loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(part, start)) = runs.get(k) else {
            return out;
        };
        let p = &pending[part];
        let end = (start + RUN).min(p.payments.len());
        let found = (p.payments[start..end].iter())
            .map(|pay| {
                let r = pay.contract.0;
                numbers
                    .find(p.refs.get(r), p.hashes[r as usize])
                    .unwrap_or(NONE)
            })
            .collect();
        out.push((k, found));
    }
}

/// Ties each payment to its contract, file by file (given in order), from the numbers found
/// (`find_numbers`, every run from every core). A payment naming no contract is a problem;
/// one naming a contract row that had problems is dropped silently (that row's problems are
/// reported). With `contracts_unread` (a contracts file could not be read at all, which is
/// its own problem), a payment naming no known contract is dropped silently too: it may well
/// name one of that file's.
pub fn resolve(
    pending: Vec<Pending>,
    mut found: Vec<(usize, Vec<u32>)>,
    ids: &ContractIds,
    files: &[BookFile],
    contracts_unread: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Payment> {
    found.sort_by_key(|(k, _)| *k);
    let mut runs = found.into_iter().map(|(_, f)| f);
    let mut all: Vec<Payment> = Vec::new();
    for part in pending {
        let n = part.payments.len();
        let numbers: Vec<u32> = runs.by_ref().take(n.div_ceil(RUN)).flatten().collect();
        let payments = resolve_file(part, &numbers, ids, files, contracts_unread, problems);
        if all.is_empty() {
            all = payments;
        } else {
            all.extend(payments);
        }
    }
    all
}

fn resolve_file(
    pending: Pending,
    numbers: &[u32],
    ids: &ContractIds,
    files: &[BookFile],
    quiet: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Payment> {
    let Pending {
        mut payments,
        refs,
        hashes,
        broken,
    } = pending;
    let mut unknown = |r: u32, at: Loc| {
        if quiet {
            return;
        }
        let rel = files
            .get(at.file.0 as usize)
            .map_or("?", |f| f.rel.as_str());
        let id = refs.get(r);
        problems.push(Problem::error(
            rel,
            at.line,
            format!("contract \"{id}\": no such contract"),
        ));
    };
    for &(r, at) in &broken {
        if ids.find(refs.get(r), hashes[r as usize]).is_none() {
            unknown(r, at);
        }
    }
    // A payment naming a broken contract row or none is marked and dropped.
    const DROP: u32 = u32::MAX;
    for (p, &number) in payments.iter_mut().zip(numbers) {
        let entry = (number != NONE).then(|| ids.of(number)).flatten();
        p.contract.0 = match entry {
            Some(IdEntry::Contract(c)) => c.0,
            Some(IdEntry::Broken(_)) => DROP,
            None => {
                unknown(p.contract.0, p.src);
                DROP
            }
        };
    }
    payments.retain(|p| p.contract.0 != DROP);
    payments
}

/// Errors for payments and write-offs naming a credit note: the client pays, and a write-off
/// forgives, the invoice the credit note corrects.
pub fn on_credit_notes<'a>(
    payments: &[Payment],
    contracts: &[Contract],
    ids: &ContractIds,
    rel_of: impl Fn(FileId) -> &'a str,
    problems: &mut Vec<Problem>,
) {
    for p in payments {
        let c = &contracts[p.contract.0 as usize];
        if c.amount.is_negative() {
            let invoice = c
                .corrects()
                .map_or("?", |i| ids.text(contracts[i.0 as usize].id));
            problems.push(Problem::error(
                rel_of(p.src.file),
                p.src.line,
                format!(
                    "contract \"{}\": is a credit note; a payment or write-off names the invoice \
                     it corrects (\"{invoice}\")",
                    ids.text(c.id)
                ),
            ));
        }
    }
}
