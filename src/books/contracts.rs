//! Reads `contracts/*.csv` (SPEC §5) in one pass, indexing contracts by id as they come.

use super::csvfile::{self, Column, optional, required};
use super::model::*;
use crate::problem::Problem;
use anyhow::Result;
use rustc_hash::FxHashMap;
use std::path::Path;

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

/// Ids of contract rows that had a problem, with where they are: rows naming them are not
/// reported again as naming an unknown contract.
pub type Broken = FxHashMap<Box<str>, Source>;

pub fn load(root: &Path, books: &mut Books, problems: &mut Vec<Problem>) -> Result<Broken> {
    let currency = books.coop.currency.clone();
    let mut broken = Broken::default();
    for rel in super::list_files(root, "contracts", ".csv")? {
        let file = books.add_file(&rel);
        csvfile::read(root, &rel, file, &COLUMNS, problems, |row| {
            let id = row.nonempty(ID);
            let member_text = row.nonempty(MEMBER);
            let member = member_text.and_then(|m| {
                let found = books.member_by_id(m);
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
            let amount = row.positive_money(AMOUNT, &currency);
            let expenses = row.optional_money(EXPENSES, &currency);
            if let (Some(a), Some(e)) = (amount, expenses)
                && e > a
            {
                row.error(format!("expenses \"{e}\": exceed the amount {a}"));
            }
            let Some(id) = id else { return };
            let earlier = books
                .contract_by_id(id)
                .map(|c| books.contract(c).src)
                .or_else(|| broken.get(id).copied());
            if let Some(first) = earlier {
                let at = format!("{}:{}", books.file(first), first.line);
                row.error(format!("id \"{id}\": duplicate contract id, first at {at}"));
                return;
            }
            match (member, client, date, hours, amount, expenses) {
                (
                    Some(member),
                    Some(client),
                    Some(date),
                    Some(hours),
                    Some(amount),
                    Some(expenses),
                ) if !row.bad => {
                    let client = books.intern_client(client);
                    let cid = ContractId(books.contracts.len() as u32);
                    let id: Box<str> = id.into();
                    books.contract_index.insert(id.clone(), cid);
                    books.contracts.push(Contract {
                        id,
                        member,
                        client,
                        date,
                        hours,
                        amount,
                        expenses,
                        src: row.src,
                    });
                }
                _ => {
                    broken.insert(id.into(), row.src);
                }
            }
        })?;
    }
    Ok(broken)
}
