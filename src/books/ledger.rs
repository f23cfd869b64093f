//! Reads `ledger/*.csv`: income, costs, transfers, share purchases and redemptions.

use super::csvfile::{self, Cell, Column, optional, required};
use super::ids::Interner;
use super::model::*;
use crate::money::Money;
use crate::problem::Problem;

/// The columns of a ledger file, in their documented (and canonical) order.
pub const COLUMNS: [Column; 8] = [
    required("date", Cell::Date),
    required("kind", Cell::Text),
    required("amount", Cell::Money),
    optional("fund", Cell::Text),
    optional("to", Cell::Text),
    optional("member", Cell::Text),
    optional("memo", Cell::Text),
    optional("vat", Cell::Money),
];
const DATE: usize = 0;
const KIND: usize = 1;
const AMOUNT: usize = 2;
const FUND: usize = 3;
const TO: usize = 4;
const MEMBER: usize = 5;
const MEMO: usize = 6;
const VAT: usize = 7;

/// Reads one ledger file; funds and members are resolved as they come. Long because it is
/// the one pass over the rows, each column read and checked in place, in column order.
pub fn read_file(
    file: &BookFile,
    id: FileId,
    coop: &Coop,
    members: &Interner,
    problems: &mut Vec<Problem>,
) -> Vec<LedgerRow> {
    let currency = &coop.currency;
    let mut ledger = Vec::new();
    csvfile::read(&file.bytes, &file.rel, id, &COLUMNS, problems, |row| {
        let date = row.date(DATE);
        row.free_text(MEMO);
        let kind_text = row.text(KIND);
        let kind = match kind_text {
            "income" => Some(LedgerKind::Income),
            "cost" => Some(LedgerKind::Cost),
            "transfer" => Some(LedgerKind::Transfer),
            "share" => Some(LedgerKind::Share),
            "redeem" => Some(LedgerKind::Redeem),
            other => {
                row.error(format!(
                    "kind \"{other}\": expected income, cost, transfer, share or redeem"
                ));
                None
            }
        };
        let amount = row.positive_money(AMOUNT, currency);
        let vat = input_vat(row, coop, kind);
        let fund_of = |row: &mut csvfile::Row, c: usize, col: &str| {
            let name = row.text(c);
            if name.is_empty() {
                return None;
            }
            let id = coop.fund_by_name(name);
            if id.is_none() {
                row.error(format!(
                    "{col} \"{name}\": no such fund; declare it under [funds.{name}] in coop.toml"
                ));
            }
            id
        };
        let fund = fund_of(row, FUND, "fund");
        let to = fund_of(row, TO, "to");
        let member_text = row.text(MEMBER);
        let member = if member_text.is_empty() {
            None
        } else {
            let m = members.find(member_text).map(MemberId);
            if m.is_none() {
                row.error(format!(
                    "member \"{member_text}\": no such member (no members/{member_text}.toml)"
                ));
            }
            m
        };
        if let Some(kind) = kind {
            let needs: &[(usize, &str)] = match kind {
                LedgerKind::Income | LedgerKind::Cost => &[(FUND, "fund")],
                LedgerKind::Transfer => &[(FUND, "fund"), (TO, "to")],
                LedgerKind::Share => &[(MEMBER, "member")],
                LedgerKind::Redeem => &[(MEMBER, "member"), (FUND, "fund")],
            };
            for &(c, col) in needs {
                if row.text(c).is_empty() {
                    row.error(format!(
                        "kind \"{kind_text}\": needs a value in column \"{col}\""
                    ));
                }
            }
            let to_text = row.text(TO);
            if kind != LedgerKind::Transfer && !to_text.is_empty() {
                row.error(format!("to \"{to_text}\": only a transfer has a to fund"));
            }
            if kind == LedgerKind::Transfer
                && let (Some(f), Some(t)) = (fund, to)
                && f == t
            {
                row.error(format!(
                    "to \"{to_text}\": a transfer to the fund it comes from"
                ));
            }
        }
        if row.bad {
            return;
        }
        if let (Some(date), Some(kind), Some(amount), Some(vat)) = (date, kind, amount, vat) {
            ledger.push(LedgerRow {
                date,
                kind,
                amount,
                vat,
                fund,
                to,
                member,
                src: row.src,
            });
        }
    });
    ledger
}

/// A row's `vat`: the deductible VAT paid on a cost, on top of its amount; 0.00 when empty.
/// Only a cost carries it, and only in books with `[vat]`.
fn input_vat(row: &mut csvfile::Row, coop: &Coop, kind: Option<LedgerKind>) -> Option<Money> {
    let text = row.text(VAT);
    if text.is_empty() {
        return Some(Money::ZERO);
    }
    if coop.vat.is_none() {
        row.error(format!(
            "vat \"{text}\": coop.toml declares no VAT rates (a [vat] table), so no VAT is \
             deducted"
        ));
        return None;
    }
    if kind.is_some_and(|k| k != LedgerKind::Cost) {
        row.error(format!(
            "vat \"{text}\": only a cost carries deductible VAT"
        ));
        return None;
    }
    row.optional_money(VAT, &coop.currency)
}
