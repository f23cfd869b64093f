//! Reads `payments/*.csv`: client payments and write-offs against contracts. The contract ids
//! are resolved once all contracts are read, so payments and contracts can be read at once.

use super::contract_ids::ContractIds;
use super::csvfile::{self, Column, optional, required};
use super::ids::{Interner, Strings};
use super::model::*;
use crate::problem::Problem;

const COLUMNS: [Column; 4] = [
    required("contract"),
    required("date"),
    required("amount"),
    optional("kind"),
];
const CONTRACT: usize = 0;
const DATE: usize = 1;
const AMOUNT: usize = 2;
const KIND: usize = 3;

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

/// Reads one payments file.
pub fn read_file(
    file: &BookFile,
    id: FileId,
    currency: &str,
    problems: &mut Vec<Problem>,
) -> Pending {
    let mut out = Pending::default();
    let bytes = file.bytes.len();
    out.payments.reserve(bytes / 32);
    out.refs = Strings::with_capacity(bytes / 32, bytes / 4);
    out.hashes.reserve(bytes / 32);
    csvfile::read(&file.bytes, &file.rel, id, &COLUMNS, problems, |row| {
        let contract = row.nonempty(CONTRACT).map(|c| {
            out.hashes.push(Interner::hash(c));
            out.refs.push(c)
        });
        let date = row.date(DATE);
        let amount = row.positive_money(AMOUNT, currency);
        let kind = match row.text(KIND) {
            "" | "payment" => Some(PaymentKind::Payment),
            "writeoff" => Some(PaymentKind::Writeoff),
            other => {
                let msg = format!("kind \"{other}\": expected \"payment\" or \"writeoff\"");
                row.error(msg);
                None
            }
        };
        if let (Some(contract), Some(date), Some(amount), Some(kind)) =
            (contract, date, amount, kind)
        {
            out.payments.push(Payment {
                contract: ContractId(contract),
                date,
                amount,
                kind,
                src: row.src,
            });
        } else if let Some(contract) = contract {
            out.broken.push((contract, row.src));
        }
    });
    out
}

/// Ties each payment to its contract, file by file (given in order). A payment naming no
/// contract is a problem; one naming a contract row that had problems is dropped silently
/// (that row's problems are reported).
pub fn resolve(
    pending: Vec<Pending>,
    ids: &ContractIds,
    files: &[BookFile],
    problems: &mut Vec<Problem>,
) -> Vec<Payment> {
    let mut all: Vec<Payment> = Vec::new();
    for part in pending {
        let payments = resolve_file(part, ids, files, problems);
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
    ids: &ContractIds,
    files: &[BookFile],
    problems: &mut Vec<Problem>,
) -> Vec<Payment> {
    let Pending {
        payments,
        refs,
        hashes,
        broken,
    } = pending;
    let target = |r: u32| ids.find(refs.get(r), hashes[r as usize]);
    let mut unknown = |r: u32, at: Loc| {
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
        if target(r).is_none() {
            unknown(r, at);
        }
    }
    // In place, half on each core: each payment's contract number is looked up (the tables
    // are only read); a payment naming a broken contract row or none is marked and dropped.
    const DROP: u32 = u32::MAX;
    let tie = |part: &mut [Payment]| {
        let mut missing = Vec::new();
        for p in part {
            p.contract.0 = match target(p.contract.0) {
                Some(IdEntry::Contract(c)) => c.0,
                Some(IdEntry::Broken(_)) => DROP,
                None => {
                    missing.push((p.contract.0, p.src));
                    DROP
                }
            };
        }
        missing
    };
    let mut payments = payments;
    let half = payments.len() / 2;
    let (first, second) = payments.split_at_mut(half);
    let missing = std::thread::scope(|s| {
        let other = s.spawn(|| tie(second));
        let mut missing = tie(first);
        missing.extend(other.join().unwrap_or_default());
        missing
    });
    payments.retain(|p| p.contract.0 != DROP);
    for (r, at) in missing {
        unknown(r, at);
    }
    payments
}
