//! Reads `contracts/*.csv`: one pass, every contract id numbered as it comes, duplicates found
//! by that numbering, members and clients resolved to their numbers.

use super::csvfile::{self, Column, optional, required};
use super::ids::Interner;
use super::model::*;
use crate::problem::Problem;

const COLUMNS: [Column; 7] = [
    required("id"),
    required("member"),
    required("client"),
    required("date"),
    required("hours"),
    required("amount"),
    optional("expenses"),
];
const ID: usize = 0;
const MEMBER: usize = 1;
const CLIENT: usize = 2;
const DATE: usize = 3;
const HOURS: usize = 4;
const AMOUNT: usize = 5;
const EXPENSES: usize = 6;

/// The contracts of the books, with their ids and clients numbered.
#[derive(Default)]
pub struct Contracts {
    pub contracts: Vec<Contract>,
    pub ids: Interner,
    pub entries: Vec<IdEntry>,
    pub clients: Interner,
}

/// Reads the contracts files, in order. `members` numbers the member ids.
pub fn read(
    files: &[(FileId, &BookFile)],
    currency: &str,
    members: &Interner,
    problems: &mut Vec<Problem>,
) -> Contracts {
    let bytes: usize = files.iter().map(|(_, f)| f.bytes.len()).sum();
    let mut out = Contracts {
        contracts: Vec::with_capacity(bytes / 48),
        ids: Interner::with_capacity(bytes / 48),
        entries: Vec::with_capacity(bytes / 48),
        ..Contracts::default()
    };
    let rel_of = |f: FileId| {
        files
            .iter()
            .find(|(id, _)| *id == f)
            .map_or("?", |(_, file)| file.rel.as_str())
    };
    for &(id, file) in files {
        read_file(file, id, currency, members, &rel_of, &mut out, problems);
    }
    out
}

fn read_file<'a>(
    file: &BookFile,
    id: FileId,
    currency: &str,
    members: &Interner,
    rel_of: &impl Fn(FileId) -> &'a str,
    out: &mut Contracts,
    problems: &mut Vec<Problem>,
) {
    csvfile::read(&file.bytes, &file.rel, id, &COLUMNS, problems, |row| {
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
        if let (Some(a), Some(e)) = (amount, expenses)
            && e > a
        {
            row.error(format!("expenses \"{e}\": exceed the amount {a}"));
        }
        let Some(contract_id) = contract_id else {
            return;
        };
        let number = match out.ids.insert(contract_id) {
            Ok(n) => n,
            Err(n) => {
                let first = match out.entries[n as usize] {
                    IdEntry::Contract(c) => out.contracts[c.0 as usize].src,
                    IdEntry::Broken(loc) => loc,
                };
                let at = format!("{}:{}", rel_of(first.file), first.line);
                row.error(format!(
                    "id \"{contract_id}\": duplicate contract id, first at {at}"
                ));
                return;
            }
        };
        let entry = match (member, client, date, hours, amount, expenses) {
            (Some(member), Some(client), Some(date), Some(hours), Some(amount), Some(expenses))
                if !row.bad =>
            {
                let cid = ContractId(out.contracts.len() as u32);
                out.contracts.push(Contract {
                    id: number,
                    member,
                    client: out.clients.intern(client),
                    date,
                    hours,
                    amount,
                    expenses,
                    src: row.src,
                });
                IdEntry::Contract(cid)
            }
            _ => IdEntry::Broken(row.src),
        };
        out.entries.push(entry);
    })
}
