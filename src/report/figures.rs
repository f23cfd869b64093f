//! The pay figures as they appear in every report: JSON objects, table and CSV columns.

use crate::books::Books;
use crate::engine::pay::{ContractPay, Figures};
use serde_json::{Map, Value, json};

fn levies_json(books: &Books, levies: &[crate::money::Money]) -> Value {
    let mut m = Map::new();
    for (levy, amount) in books.coop.levies.iter().zip(levies) {
        m.insert(levy.name.clone(), json!(amount.to_string()));
    }
    Value::Object(m)
}

/// hours, amount, levies{}, expenses, budget, gross, …, payout.
pub fn figures_json(books: &Books, f: &Figures) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("hours".into(), json!(f.hours.to_string()));
    m.insert("amount".into(), json!(f.amount.to_string()));
    m.insert("levies".into(), levies_json(books, &f.levies));
    for (k, v) in f.named() {
        m.insert(k.into(), json!(v.to_string()));
    }
    m
}

/// One contract's line: id, client, date, pay_date, hours, amount, levies{}, expenses, budget.
pub fn contract_json(books: &Books, p: &ContractPay) -> Value {
    let c = books.contract(p.contract);
    json!({
        "id": books.contract_id(c),
        "client": books.client(c),
        "date": c.date.to_string(),
        "pay_date": p.pay_date.to_string(),
        "hours": c.hours.to_string(),
        "amount": c.amount.to_string(),
        "levies": levies_json(books, &p.levies),
        "expenses": c.expenses.to_string(),
        "budget": p.budget.to_string(),
    })
}

/// Table columns of a member-month or total, after the leading label columns.
pub const TABLE_HEADERS: [&str; 12] = [
    "contracts",
    "hours",
    "amount",
    "levies",
    "expenses",
    "budget",
    "gross",
    "employer",
    "employee",
    "withholding",
    "net",
    "payout",
];

pub fn table_cells(f: &Figures) -> Vec<String> {
    vec![
        f.contracts.to_string(),
        f.hours.to_string(),
        f.amount.to_string(),
        f.levies_total().to_string(),
        f.expenses.to_string(),
        f.budget.to_string(),
        f.gross.to_string(),
        f.employer_contributions.to_string(),
        f.employee_contributions.to_string(),
        f.withholding.to_string(),
        f.net.to_string(),
        f.payout.to_string(),
    ]
}

/// CSV columns: every figure, each levy in its own `levy_<name>` column.
pub fn csv_headers(books: &Books) -> Vec<String> {
    let mut h: Vec<String> = ["contracts", "hours", "amount"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(books.coop.levies.iter().map(|l| format!("levy_{}", l.name)));
    h.push("levies".into());
    h.extend(
        Figures::default()
            .named()
            .iter()
            .map(|(k, _)| k.to_string()),
    );
    h
}

pub fn csv_cells(f: &Figures) -> Vec<String> {
    let mut v = vec![
        f.contracts.to_string(),
        f.hours.to_string(),
        f.amount.to_string(),
    ];
    v.extend(f.levies.iter().map(|l| l.to_string()));
    v.push(f.levies_total().to_string());
    v.extend(f.named().iter().map(|(_, m)| m.to_string()));
    v
}

/// Headers and cells of per-contract lines (after any leading label columns).
/// `levy_prefix` is put before each levy's name (`levy_` in CSV, nothing in tables).
pub fn contract_headers(books: &Books, levy_prefix: &str) -> Vec<String> {
    let mut h: Vec<String> = ["contract", "client", "date", "pay_date", "hours", "amount"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(
        books
            .coop
            .levies
            .iter()
            .map(|l| format!("{levy_prefix}{}", l.name)),
    );
    h.push("expenses".into());
    h.push("budget".into());
    h
}

pub fn contract_cells(books: &Books, p: &ContractPay) -> Vec<String> {
    let c = books.contract(p.contract);
    let mut v = vec![
        books.contract_id(c).to_string(),
        books.client(c).to_string(),
        c.date.to_string(),
        p.pay_date.to_string(),
        c.hours.to_string(),
        c.amount.to_string(),
    ];
    v.extend(p.levies.iter().map(|l| l.to_string()));
    v.push(c.expenses.to_string());
    v.push(p.budget.to_string());
    v
}
