//! Reads `payments/*.csv` (SPEC §6): client payments and write-offs against contracts.

use super::contracts::Broken;
use super::csvfile::{self, Column, optional, required};
use super::model::*;
use crate::problem::Problem;
use anyhow::Result;
use std::path::Path;

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

pub fn load(
    root: &Path,
    books: &mut Books,
    broken: &Broken,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let currency = books.coop.currency.clone();
    for rel in super::list_files(root, "payments", ".csv")? {
        let file = books.add_file(&rel);
        csvfile::read(root, &rel, file, &COLUMNS, problems, |row| {
            let contract = row.nonempty(CONTRACT).and_then(|id| {
                let found = books.contract_by_id(id);
                if found.is_none() && !broken.contains_key(id) {
                    row.error(format!("contract \"{id}\": no such contract"));
                }
                found
            });
            let date = row.date(DATE);
            let amount = row.positive_money(AMOUNT, &currency);
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
                books.payments.push(Payment {
                    contract,
                    date,
                    amount,
                    kind,
                    src: row.src,
                });
            }
        })?;
    }
    Ok(())
}
