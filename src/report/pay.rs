//! The `pay MONTH` report: one row per member and the totals; optionally every contract.

use super::Format;
use super::figures::{self, TABLE_HEADERS};
use super::{Align, strings};
use crate::books::Books;
use crate::engine::pay::MonthPay;
use serde_json::{Value, json};

pub fn render(books: &Books, pay: &MonthPay, format: Format, with_contracts: bool) -> String {
    match format {
        Format::Table => table(books, pay, with_contracts),
        Format::Csv => csv(books, pay, with_contracts),
        Format::Json => super::json(&to_json(books, pay)),
    }
}

fn table(books: &Books, pay: &MonthPay, with_contracts: bool) -> String {
    let coop = &books.coop;
    let mut out = format!(
        "Pay for {} - {} ({})\n",
        pay.month, coop.name, coop.currency
    );
    if pay.members.is_empty() {
        out.push_str("No contracts in this month.\n");
        return out;
    }
    let mut headers = strings(["member", "model"]);
    headers.extend(TABLE_HEADERS.iter().map(|s| s.to_string()));
    let mut aligns = vec![Align::Left; 2];
    aligns.extend([Align::Right; TABLE_HEADERS.len()]);
    let mut rows: Vec<Vec<String>> = pay
        .members
        .iter()
        .map(|m| {
            let mut r = vec![
                books.member(m.member).id.clone(),
                m.model.as_str().to_string(),
            ];
            r.extend(figures::table_cells(&m.figures));
            r
        })
        .collect();
    let mut total = strings(["total", ""]);
    total.extend(figures::table_cells(&pay.totals));
    rows.push(total);
    out.push_str(&super::table(&headers, &aligns, &rows));
    if with_contracts {
        let mut headers = strings(["member"]);
        headers.extend(figures::contract_headers(books, ""));
        let mut aligns = vec![Align::Left; 5];
        aligns.extend(vec![Align::Right; headers.len() - 5]);
        let mut rows = Vec::new();
        for m in &pay.members {
            for p in &m.contracts {
                let mut r = vec![books.member(m.member).id.clone()];
                r.extend(figures::contract_cells(books, p));
                rows.push(r);
            }
        }
        out.push('\n');
        out.push_str(&super::table(&headers, &aligns, &rows));
    }
    out
}

fn csv(books: &Books, pay: &MonthPay, with_contracts: bool) -> String {
    let mut rows = Vec::new();
    if with_contracts {
        let mut headers = strings(["month", "member"]);
        headers.extend(figures::contract_headers(books, "levy_"));
        for m in &pay.members {
            for p in &m.contracts {
                let mut r = vec![pay.month.to_string(), books.member(m.member).id.clone()];
                r.extend(figures::contract_cells(books, p));
                rows.push(r);
            }
        }
        return super::csv(&headers, &rows);
    }
    let mut headers = strings(["month", "member", "name", "model"]);
    headers.extend(figures::csv_headers(books));
    for m in &pay.members {
        let member = books.member(m.member);
        let mut r = vec![
            pay.month.to_string(),
            member.id.clone(),
            member.name.clone(),
            m.model.as_str().into(),
        ];
        r.extend(figures::csv_cells(&m.figures));
        rows.push(r);
    }
    super::csv(&headers, &rows)
}

pub fn to_json(books: &Books, pay: &MonthPay) -> Value {
    let members: Vec<Value> = pay
        .members
        .iter()
        .map(|m| {
            let member = books.member(m.member);
            let mut o = serde_json::Map::new();
            o.insert("member".into(), json!(member.id));
            o.insert("name".into(), json!(member.name));
            o.insert("model".into(), json!(m.model.as_str()));
            o.insert(
                "contracts".into(),
                Value::Array(
                    m.contracts
                        .iter()
                        .map(|p| figures::contract_json(books, p))
                        .collect(),
                ),
            );
            o.extend(figures::figures_json(books, &m.figures));
            Value::Object(o)
        })
        .collect();
    json!({
        "period": pay.month.to_string(),
        "currency": books.coop.currency,
        "members": members,
        "totals": Value::Object(figures::figures_json(books, &pay.totals)),
    })
}
