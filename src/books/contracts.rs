//! Reads `contracts/*.csv`: each file on its own (files are read on both cores), then every
//! contract id numbered across the files in their order, duplicates found by that numbering,
//! members and clients resolved to their numbers.

use super::contract_ids::{Entries, IdEntry, Numbers, shard_of};
use super::csvfile::{self, Cell, Column, optional, required};
use super::ids::{Interner, Strings};
use super::model::*;
use crate::problem::Problem;

/// The columns of a contracts file, in their documented (and canonical) order.
pub const COLUMNS: [Column; 9] = [
    required("id", Cell::Text),
    required("member", Cell::Text),
    required("client", Cell::Text),
    required("date", Cell::Date),
    required("hours", Cell::Hours),
    required("amount", Cell::Money),
    optional("expenses", Cell::Money),
    optional("description", Cell::Text),
    optional("vat", Cell::Text),
];
const ID: usize = 0;
const MEMBER: usize = 1;
const CLIENT: usize = 2;
const DATE: usize = 3;
const HOURS: usize = 4;
const AMOUNT: usize = 5;
const EXPENSES: usize = 6;
const DESCRIPTION: usize = 7;
const VAT: usize = 8;

/// Marks a slot that names a row with problems (its index in `FileRows::broken`).
const BROKEN: u32 = 1 << 31;
/// Marks a numbering result that is a duplicate of the number it carries.
const DUPLICATE: u32 = 1 << 31;

/// One contracts file as read, before its ids are numbered.
pub struct FileRows {
    /// The id of every row that has one, in row order, with its hash.
    ids: Strings,
    hashes: Vec<u64>,
    /// Per id: its contract's index in `contracts`, or `BROKEN | i` for `broken[i]`.
    slots: Vec<u32>,
    /// The sound rows; `id` is set when numbered, `client` numbers the file's own `clients`.
    contracts: Vec<Contract>,
    broken: Vec<Loc>,
    clients: Interner,
    /// The file could not be read at all (its one problem said why).
    pub unread: bool,
}

/// The contracts of the books, with their clients numbered.
#[derive(Default)]
pub struct Contracts {
    pub contracts: Vec<Contract>,
    pub clients: Interner,
}

/// Reads one contracts file. `members` numbers the member ids.
pub fn read_file(
    file: &BookFile,
    id: FileId,
    coop: &Coop,
    members: &Interner,
    problems: &mut Vec<Problem>,
) -> FileRows {
    let rows = file.bytes.len() / 48 + 1;
    let mut out = FileRows {
        ids: Strings::with_capacity(rows, rows * 10),
        hashes: Vec::with_capacity(rows),
        slots: Vec::with_capacity(rows),
        contracts: Vec::with_capacity(rows),
        broken: Vec::new(),
        clients: Interner::with_capacity(1024),
        unread: false,
    };
    let (currency, vat) = (coop.currency.as_str(), coop.vat.as_ref());
    let read = csvfile::read(&file.bytes, &file.rel, id, &COLUMNS, problems, |row| {
        let contract_id = row.nonempty(ID);
        let member = row.nonempty(MEMBER).and_then(|m| {
            let found = members.find(m).map(MemberId);
            if found.is_none() {
                row.error(format!(
                    "member \"{m}\": no such member (no members/{m}.toml)"
                ));
            }
            found
        });
        let client = row.nonempty(CLIENT);
        let date = row.date(DATE);
        let hours = row.hours(HOURS);
        let amount = row.positive_money(AMOUNT, currency);
        let expenses = row.optional_money(EXPENSES, currency);
        row.free_text(DESCRIPTION);
        let rate = vat_rate(row, vat);
        if let (Some(a), Some(e)) = (amount, expenses)
            && e > a
        {
            row.error(format!("expenses \"{e}\": exceed the amount {a}"));
        }
        let Some(contract_id) = contract_id else {
            return;
        };
        out.ids.push(contract_id);
        out.hashes.push(Interner::hash(contract_id));
        let slot = match (member, client, date, hours, amount, (expenses, rate)) {
            (
                Some(member),
                Some(client),
                Some(date),
                Some(hours),
                Some(amount),
                (Some(expenses), Some(vat)),
            ) if !row.bad => {
                out.contracts.push(Contract {
                    id: 0,
                    member,
                    client: out.clients.intern(client),
                    date,
                    hours,
                    amount,
                    expenses,
                    vat,
                    src: row.src,
                });
                out.contracts.len() as u32 - 1
            }
            _ => {
                out.broken.push(row.src);
                BROKEN | (out.broken.len() as u32 - 1)
            }
        };
        out.slots.push(slot);
    });
    out.unread = !read;
    out
}

/// The row's `vat`: `Some(None)` when empty (the client's or the co-op's rate applies),
/// `Some(Some(i))` for rate `i` of coop.toml's `[vat]`, `None` (said) for a name it lacks.
fn vat_rate(row: &mut csvfile::Row, vat: Option<&Vat>) -> Option<Option<u16>> {
    let name = row.text(VAT);
    if name.is_empty() {
        return Some(None);
    }
    let Some(vat) = vat else {
        row.error(format!(
            "vat \"{name}\": coop.toml declares no VAT rates (a [vat] table)"
        ));
        return None;
    };
    // A u16 numbers every rate: coop.toml declares at most `invoicing::MAX_RATES`.
    match vat.rates.iter().position(|r| r.name == name) {
        Some(i) => Some(Some(i as u16)),
        None => {
            let names: Vec<&str> = vat.rates.iter().map(|r| r.name.as_str()).collect();
            row.error(format!(
                "vat \"{name}\": no such VAT rate; coop.toml's [vat.rates] has {}",
                names.join(", ")
            ));
            None
        }
    }
}

/// Numbers the ids of one half (`shard_of` their hash), in the order of the files and rows:
/// per id of the half, in that order, its new number or `DUPLICATE |` the number it already has.
fn number_half(files: &[(FileId, FileRows)], half: usize) -> (Interner, Vec<u32>) {
    let ids: usize = files.iter().map(|(_, f)| f.hashes.len()).sum();
    let mut numbers = Interner::with_capacity(ids / 2 + 1);
    let mut out = Vec::with_capacity(ids / 2 + 1);
    for (_, f) in files {
        for (i, &hash) in f.hashes.iter().enumerate() {
            if shard_of(hash) == half {
                out.push(match numbers.insert_hashed(f.ids.get(i as u32), hash) {
                    Ok(n) => n,
                    Err(n) => DUPLICATE | n,
                });
            }
        }
    }
    (numbers, out)
}

/// Numbers every contract id across the files (given in order, each with its `FileId`), the
/// two halves on two cores: the numbers, and per half and id in order, its new number or
/// `DUPLICATE |` the number it already has (for `gather`).
pub fn number(files: &[(FileId, FileRows)]) -> (Numbers, [Vec<u32>; 2]) {
    let by_half = |half: usize| number_half(files, half);
    let ((first, firsts), (second, seconds)) = crate::par::join(|| by_half(0), || by_half(1));
    (
        Numbers {
            halves: [first, second],
        },
        [firsts, seconds],
    )
}

/// The contracts gathered in order once their ids are numbered (`number`), clients numbered
/// once; with what each id names. A repeated id is a problem on the later row, which is
/// dropped.
pub fn gather<'a>(
    files: Vec<(FileId, FileRows)>,
    numbers: &Numbers,
    results: [Vec<u32>; 2],
    rel_of: impl Fn(FileId) -> &'a str,
    problems: &mut Vec<Problem>,
) -> (Contracts, Entries) {
    let total: usize = files.iter().map(|(_, f)| f.contracts.len()).sum();
    let mut out = Contracts {
        contracts: Vec::with_capacity(total),
        clients: Interner::with_capacity(1024),
    };
    let mut named = Entries::with_capacity(numbers);
    let mut next = [0usize; 2];
    for (_, f) in files {
        let clients: Vec<u32> = (0..f.clients.len() as u32)
            .map(|i| out.clients.intern(f.clients.get(i)))
            .collect();
        let mut contracts = f.contracts.into_iter();
        for (i, (&hash, &slot)) in f.hashes.iter().zip(&f.slots).enumerate() {
            let half = shard_of(hash);
            let result = results[half][next[half]];
            next[half] += 1;
            let contract = (slot & BROKEN == 0).then(|| contracts.next()).flatten();
            let src = match &contract {
                Some(c) => c.src,
                None => f.broken[(slot & !BROKEN) as usize],
            };
            if result & DUPLICATE != 0 {
                let first = match named.entry(half, result & !DUPLICATE) {
                    Some(IdEntry::Contract(c)) => out.contracts[c.0 as usize].src,
                    Some(IdEntry::Broken(loc)) => loc,
                    None => src,
                };
                problems.push(Problem::error(
                    rel_of(src.file),
                    src.line,
                    format!(
                        "id \"{}\": duplicate contract id, first at {}:{}",
                        f.ids.get(i as u32),
                        rel_of(first.file),
                        first.line
                    ),
                ));
                continue;
            }
            let entry = match contract {
                Some(mut c) => {
                    c.id = result << 1 | half as u32;
                    c.client = clients[c.client as usize];
                    out.contracts.push(c);
                    IdEntry::Contract(ContractId(out.contracts.len() as u32 - 1))
                }
                None => IdEntry::Broken(src),
            };
            named.push(half, entry);
        }
    }
    (out, named)
}
