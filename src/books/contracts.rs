//! Reads `contracts/*.csv`: each file on its own (files are read on both cores), then every
//! contract id numbered across the files in their order, duplicates found by that numbering,
//! members and clients resolved to their numbers.

use super::contract_ids::{ContractIds, Entries, IdEntry, Numbers, shard_of};
use super::csvfile::{self, Cell, Column, optional, required};
use super::ids::{Interner, Strings};
use super::model::*;
use crate::money::Money;
use crate::problem::Problem;

/// The columns of a contracts file, in their documented (and canonical) order.
pub const COLUMNS: [Column; 10] = [
    required("id", Cell::Text),
    required("member", Cell::Text),
    required("client", Cell::Text),
    required("date", Cell::Date),
    required("hours", Cell::Hours),
    required("amount", Cell::Money),
    optional("expenses", Cell::Money),
    optional("description", Cell::Text),
    optional("vat", Cell::Text),
    optional("corrects", Cell::Text),
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
const CORRECTS: usize = 9;

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
    /// The credit notes among `contracts`: each one's index there and the invoice id it
    /// names (credit notes are few; each keeps its own text).
    corrects: Vec<(u32, Box<str>)>,
    /// The file could not be read at all (its one problem said why).
    pub unread: bool,
}

/// The contracts of the books, with their clients numbered.
#[derive(Default)]
pub struct Contracts {
    pub contracts: Vec<Contract>,
    pub clients: Interner,
    /// Each credit note with the id of the invoice it names, for `resolve_corrections`.
    pub corrects: Vec<(ContractId, Box<str>)>,
}

/// Reads one contracts file, or only its rows on the lines `only` gives. `members` numbers
/// the member ids.
pub fn read_file(
    file: &BookFile,
    id: FileId,
    coop: &Coop,
    members: &Interner,
    only: Option<&[u32]>,
    problems: &mut Vec<Problem>,
) -> FileRows {
    let rows = only.map_or(file.bytes.len() / 48, <[u32]>::len) + 1;
    let mut out = FileRows {
        ids: Strings::with_capacity(rows, rows * 10),
        hashes: Vec::with_capacity(rows),
        slots: Vec::with_capacity(rows),
        contracts: Vec::with_capacity(rows),
        broken: Vec::new(),
        clients: Interner::with_capacity(1024),
        corrects: Vec::new(),
        unread: false,
    };
    let (currency, vat) = (coop.currency.as_str(), coop.vat.as_ref());
    let (bytes, rel) = (&file.bytes, &file.rel);
    let read = csvfile::read_some(bytes, rel, id, &COLUMNS, only, problems, |row| {
        let contract_id = row.nonempty(ID);
        let member = row.nonempty(MEMBER).and_then(|m| {
            let found = members.find(m).map(MemberId);
            if found.is_none() {
                let hint = crate::text::did_you_mean(m, members.names());
                row.error(format!(
                    "member \"{m}\": no such member (no members/{m}.toml){hint}"
                ));
            }
            found
        });
        let client = row.nonempty(CLIENT);
        let date = row.date(DATE);
        let hours = row.hours(HOURS);
        let corrects = row.text(CORRECTS);
        let credit_note = !corrects.is_empty();
        let amount = row.invoice_amount(AMOUNT, currency, credit_note);
        let expenses = row.optional_money(EXPENSES, currency);
        row.free_text(DESCRIPTION);
        let rate = vat_rate(row, vat);
        match (amount, expenses) {
            (Some(a), Some(e)) if e > a && !credit_note => {
                row.error(format!("expenses \"{e}\": exceed the amount {a}"));
            }
            (_, Some(e)) if credit_note && !e.is_zero() => row.error(format!(
                "expenses \"{e}\": a credit note repays no expenses (leave it empty); it \
                 corrects the amount invoiced"
            )),
            _ => {}
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
                if credit_note {
                    let at = out.contracts.len() as u32;
                    out.corrects.push((at, row.text(CORRECTS).into()));
                }
                out.contracts.push(Contract {
                    id: 0,
                    member,
                    client: out.clients.intern(client),
                    date,
                    hours,
                    amount,
                    expenses,
                    vat,
                    corrects_next: None,
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
        corrects: Vec::new(),
    };
    let mut named = Entries::with_capacity(numbers);
    let mut next = [0usize; 2];
    for (_, f) in files {
        let clients: Vec<u32> = (0..f.clients.len() as u32)
            .map(|i| out.clients.intern(f.clients.get(i)))
            .collect();
        let mut contracts = f.contracts.into_iter();
        let (mut local, mut corrects) = (0u32, f.corrects.into_iter().peekable());
        for (i, (&hash, &slot)) in f.hashes.iter().zip(&f.slots).enumerate() {
            let half = shard_of(hash);
            let result = results[half][next[half]];
            next[half] += 1;
            let contract = (slot & BROKEN == 0).then(|| contracts.next()).flatten();
            // The credit note this row is, if it is one (whether or not it is kept).
            let names = match corrects.peek() {
                Some((at, _)) if contract.is_some() && *at == local => corrects.next(),
                _ => None,
            };
            local += u32::from(contract.is_some());
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
                    let id = ContractId(out.contracts.len() as u32 - 1);
                    if let Some((_, invoice)) = names {
                        out.corrects.push((id, invoice));
                    }
                    IdEntry::Contract(id)
                }
                None => IdEntry::Broken(src),
            };
            named.push(half, entry);
        }
    }
    (out, named)
}

/// Resolves each credit note's `corrects` to the invoice it names, and says what makes one
/// unsound: an invoice that does not exist or is itself a credit note, another member or
/// client, an earlier date, or credit notes that together exceed the invoice. Whether the
/// books have any credit note.
pub fn resolve_corrections<'a>(
    contracts: &mut Contracts,
    ids: &ContractIds,
    members: &Interner,
    rel_of: impl Fn(FileId) -> &'a str,
    problems: &mut Vec<Problem>,
) -> bool {
    let pending = std::mem::take(&mut contracts.corrects);
    let any = !pending.is_empty();
    let mut credited: rustc_hash::FxHashMap<ContractId, Money> = Default::default();
    for (note, invoice_id) in pending {
        let c = &contracts.contracts[note.0 as usize];
        let (member, client, date, amount, src) = (c.member, c.client, c.date, c.amount, c.src);
        let mut error = |why: String| {
            problems.push(Problem::error(
                rel_of(src.file),
                src.line,
                format!("corrects \"{invoice_id}\": {why}"),
            ));
        };
        let invoice = match ids.find(&invoice_id, Interner::hash(&invoice_id)) {
            Some(IdEntry::Contract(i)) => i,
            Some(IdEntry::Broken(_)) => continue,
            None => {
                error("no such contract".into());
                continue;
            }
        };
        let i = &contracts.contracts[invoice.0 as usize];
        let name_of = |n: u32| contracts.clients.get(n);
        if i.amount.is_negative() {
            error("is itself a credit note; name the invoice it corrects".into());
        } else if i.member != member {
            error(format!(
                "that invoice is member \"{}\"'s, not \"{}\"'s; a credit note corrects its own \
                 member's invoice",
                members.get(i.member.0),
                members.get(member.0)
            ));
        } else if i.client != client {
            error(format!(
                "that invoice is to client \"{}\", not \"{}\"; a credit note goes to the \
                 invoice's client",
                name_of(i.client),
                name_of(client)
            ));
        } else if date < i.date {
            error(format!(
                "the credit note is dated {date}, before the invoice ({})",
                i.date
            ));
        } else {
            // Only the credit notes kept count towards the next one's limit.
            let total = credited.entry(invoice).or_insert(Money::ZERO);
            let with = *total - amount;
            if with > i.amount {
                error(format!(
                    "its credit notes come to {with}, more than its amount {}",
                    i.amount
                ));
            } else {
                *total = with;
                contracts.contracts[note.0 as usize].set_corrects(invoice);
            }
        }
    }
    any
}
