//! Reads `ledger/*.csv`: income, costs, transfers, share purchases and redemptions.

use super::csvfile::{self, Cell, Column, optional, required};
use super::ids::Interner;
use super::model::*;
use crate::money::Money;
use crate::problem::Problem;

/// The columns of a ledger file, in their documented (and canonical) order.
pub const COLUMNS: [Column; 12] = [
    required("date", Cell::Date),
    required("kind", Cell::Text),
    required("amount", Cell::Money),
    optional("fund", Cell::Text),
    optional("to", Cell::Text),
    optional("member", Cell::Text),
    optional("memo", Cell::Text),
    optional("vat", Cell::Money),
    optional("contract", Cell::Text),
    optional("booked", Cell::Date),
    optional("payee", Cell::Text),
    optional("category", Cell::Text),
];
const DATE: usize = 0;
const KIND: usize = 1;
const AMOUNT: usize = 2;
const FUND: usize = 3;
const TO: usize = 4;
const MEMBER: usize = 5;
const MEMO: usize = 6;
const VAT: usize = 7;
const CONTRACT: usize = 8;
const BOOKED: usize = 9;
const PAYEE: usize = 10;
const CATEGORY: usize = 11;

/// A ledger file's rows, and the contract each refund names (by its row's place in `rows`),
/// looked up once every contract is read.
#[derive(Default)]
pub struct LedgerFile {
    pub rows: Vec<LedgerRow>,
    pub refunds: Vec<(usize, String)>,
}

/// The kinds, as the `kind` column writes them.
const KINDS: &str = "income, cost, transfer, share, redeem, payout, returned, refund or remit";

/// A row's kind; a remittance's from its `to` column.
fn kind(row: &mut csvfile::Row) -> Option<LedgerKind> {
    let kind = match row.text(KIND) {
        "income" => LedgerKind::Income,
        "cost" => LedgerKind::Cost,
        "transfer" => LedgerKind::Transfer,
        "share" => LedgerKind::Share,
        "redeem" => LedgerKind::Redeem,
        "payout" => LedgerKind::Payout,
        "returned" => LedgerKind::Returned,
        "refund" => LedgerKind::Refund,
        "remit" => match row.text(TO) {
            "tax" => LedgerKind::Remit(Authority::Tax),
            "social" => LedgerKind::Remit(Authority::Social),
            other => {
                row.error(format!(
                    "to \"{other}\": a remittance goes to \"tax\" (the income tax withheld) or \
                     \"social\" (the social contributions)"
                ));
                return None;
            }
        },
        other => {
            row.error(format!("kind \"{other}\": expected {KINDS}"));
            return None;
        }
    };
    Some(kind)
}

/// The columns a kind needs a value in, and whether it may name a fund it goes `to`.
fn needs(kind: LedgerKind) -> &'static [(usize, &'static str)] {
    match kind {
        LedgerKind::Income | LedgerKind::Cost => &[(FUND, "fund")],
        LedgerKind::Transfer => &[(FUND, "fund"), (TO, "to")],
        LedgerKind::Share | LedgerKind::Payout | LedgerKind::Returned => &[(MEMBER, "member")],
        LedgerKind::Redeem => &[(MEMBER, "member"), (FUND, "fund")],
        LedgerKind::Refund => &[(CONTRACT, "contract")],
        LedgerKind::Remit(_) => &[],
    }
}

/// Reads one ledger file; funds and members are resolved as they come. Long because it is
/// the one pass over the rows, each column read and checked in place, in column order.
pub fn read_file(
    file: &BookFile,
    id: FileId,
    coop: &Coop,
    members: &Interner,
    problems: &mut Vec<Problem>,
) -> LedgerFile {
    let currency = &coop.currency;
    let mut out = LedgerFile::default();
    csvfile::read(&file.bytes, &file.rel, id, &COLUMNS, problems, |row| {
        let date = row.date(DATE);
        row.free_text(MEMO);
        row.free_text(PAYEE);
        let kind_text = row.text(KIND);
        let kind = kind(row);
        let amount = row.positive_money(AMOUNT, currency);
        let vat = input_vat(row, coop, kind);
        let fund_of = |row: &mut csvfile::Row, c: usize, col: &str| {
            let name = row.text(c);
            if name.is_empty() {
                return None;
            }
            let id = coop.fund_by_name(name);
            if id.is_none() {
                let how = format!("declare it under [funds.{name}] in coop.toml");
                let what = crate::text::declare_or(name, coop.fund_names(), &how);
                row.error(format!("{col} \"{name}\": no such fund; {what}"));
            }
            id
        };
        let fund = fund_of(row, FUND, "fund");
        let remit = matches!(kind, Some(LedgerKind::Remit(_)));
        let to = if remit { None } else { fund_of(row, TO, "to") };
        let member_text = row.text(MEMBER);
        let member = if member_text.is_empty() {
            None
        } else {
            let m = members.find(member_text).map(MemberId);
            if m.is_none() {
                let hint = crate::text::did_you_mean(member_text, members.names());
                row.error(format!(
                    "member \"{member_text}\": no such member (no members/{member_text}.toml){hint}"
                ));
            }
            m
        };
        let contract = row.text(CONTRACT);
        let booked = row.booked(BOOKED, date);
        category(row, kind);
        if let Some(kind) = kind {
            columns_of_kind(row, kind, kind_text, (fund, to));
        }
        if row.bad {
            return;
        }
        if let (Some(date), Some(kind), Some(amount), Some(vat), Some(booked)) =
            (date, kind, amount, vat, booked)
        {
            if kind == LedgerKind::Refund {
                out.refunds.push((out.rows.len(), contract.to_string()));
            }
            out.rows.push(LedgerRow {
                date,
                kind,
                amount,
                vat,
                fund,
                to,
                member,
                contract: None,
                booked,
                payee: row.text(PAYEE).into(),
                category: row.text(CATEGORY).into(),
                src: row.src,
            });
        }
    });
    out
}

/// The columns a row's kind needs, and those it may not have (a `to` but on a transfer or a
/// remittance, a fund on what moves none, a contract but on a refund), each an error.
fn columns_of_kind(
    row: &mut csvfile::Row,
    kind: LedgerKind,
    kind_text: &str,
    (fund, to): (Option<FundId>, Option<FundId>),
) {
    let contract = row.text(CONTRACT);
    for &(c, col) in needs(kind) {
        if row.text(c).is_empty() {
            row.error(format!(
                "kind \"{kind_text}\": needs a value in column \"{col}\""
            ));
        }
    }
    let to_text = row.text(TO);
    if !matches!(kind, LedgerKind::Transfer | LedgerKind::Remit(_)) && !to_text.is_empty() {
        row.error(format!(
            "to \"{to_text}\": only a transfer (a fund) or a remittance (tax or social) \
                 goes to something"
        ));
    }
    let settles = matches!(
        kind,
        LedgerKind::Payout | LedgerKind::Returned | LedgerKind::Refund | LedgerKind::Remit(_)
    );
    let fund_text = row.text(FUND);
    if settles && !fund_text.is_empty() {
        row.error(format!(
            "fund \"{fund_text}\": a {kind_text} pays what is owed and moves no fund"
        ));
    }
    if kind != LedgerKind::Refund && !contract.is_empty() {
        row.error(format!(
            "contract \"{contract}\": only a refund names a contract (the credit note \
                 it pays back)"
        ));
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

/// A row's `category`: what an income or a cost is in the exported journal's chart of
/// accounts (`Income:<Category>`, `Expenses:<Category>`), so a name an account can have.
fn category(row: &mut csvfile::Row, kind: Option<LedgerKind>) {
    let text = row.text(CATEGORY);
    if text.is_empty() {
        return;
    }
    if kind.is_some_and(|k| !matches!(k, LedgerKind::Income | LedgerKind::Cost)) {
        row.error(format!(
            "category \"{text}\": only an income or a cost has a category"
        ));
    } else if crate::text::account_part(text).is_none() {
        row.error(format!(
            "category \"{text}\": is not a name an account can have; expected ASCII letters, \
             digits, - and _, starting with a letter (e.g. Rent, Insurance, Grants)"
        ));
    }
}

/// Ties each refund to the contract it names, once every contract is read: an error on its
/// row for a contract that does not exist.
pub fn resolve_refunds(
    files: Vec<LedgerFile>,
    find: impl Fn(&str) -> Option<ContractId>,
    rel_of: impl Fn(FileId) -> String,
    problems: &mut Vec<Problem>,
) -> Vec<LedgerRow> {
    let mut out = Vec::new();
    for mut file in files {
        for (i, id) in std::mem::take(&mut file.refunds) {
            let row = &mut file.rows[i];
            match find(&id) {
                Some(c) => row.contract = Some(c),
                None => problems.push(Problem::error(
                    rel_of(row.src.file),
                    row.src.line,
                    format!("contract \"{id}\": no such contract"),
                )),
            }
        }
        out.extend(
            file.rows
                .into_iter()
                .filter(|r| r.kind != LedgerKind::Refund || r.contract.is_some()),
        );
    }
    out
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
