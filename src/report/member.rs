//! The `member ID` statement: details, pay per month with totals, contracts and client payments.

use super::Format;
use super::figures::{self, TABLE_HEADERS};
use super::{Align, strings};
use crate::books::Books;
use crate::engine::statement::Statement;
use serde_json::{Value, json};

pub fn render(books: &Books, s: &Statement, format: Format) -> String {
    match format {
        Format::Table => table(books, s),
        Format::Csv => csv(books, s),
        Format::Json => super::json(&to_json(books, s)),
    }
}

fn details(books: &Books, s: &Statement) -> Vec<(&'static str, String)> {
    let m = books.member(s.member);
    let opt = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let model = m
        .model
        .unwrap_or(books.coop.payroll_for(crate::period::Month::of(s.to)).model);
    vec![
        ("member", m.id.clone()),
        ("name", m.name.clone()),
        ("email", m.email.clone().unwrap_or_default()),
        ("iban", m.masked_iban().unwrap_or_default()),
        ("joined", opt(m.joined)),
        ("left", opt(m.left)),
        ("model", model.as_str().to_string()),
    ]
}

fn table(books: &Books, s: &Statement) -> String {
    let m = books.member(s.member);
    let mut out = format!(
        "{} ({}) - {} to {} - {}\n",
        m.name, m.id, s.from, s.to, books.coop.currency
    );
    for (k, v) in details(books, s).into_iter().skip(2) {
        if !v.is_empty() {
            out.push_str(&format!("  {k}: {v}\n"));
        }
    }
    if books.member(s.member).joined.is_none() {
        out.push_str("  (a user of the co-op, not a member-shareholder)\n");
    }
    if s.months.is_empty() {
        out.push_str("No contracts in this period.\n");
        advances_table(books, s, &mut out);
        return out;
    }
    out.push('\n');
    let mut headers = strings(["month"]);
    headers.extend(TABLE_HEADERS.iter().map(|s| s.to_string()));
    let mut aligns = vec![Align::Left];
    aligns.extend([Align::Right; TABLE_HEADERS.len()]);
    let mut rows: Vec<Vec<String>> = s
        .months
        .iter()
        .map(|p| {
            let mut r = vec![p.month.to_string()];
            r.extend(figures::table_cells(&p.figures));
            r
        })
        .collect();
    let mut total = vec!["total".to_string()];
    total.extend(figures::table_cells(&s.totals));
    rows.push(total);
    out.push_str(&super::table(&headers, &aligns, &rows));
    out.push('\n');
    let headers = strings([
        "contract",
        "client",
        "date",
        "pay_date",
        "hours",
        "amount",
        "budget",
        "paid",
        "written_off",
        "open",
    ]);
    let mut aligns = vec![Align::Left; 4];
    aligns.extend([Align::Right; 6]);
    let rows: Vec<Vec<String>> = s
        .contracts
        .iter()
        .map(|l| contract_cells(books, l))
        .collect();
    out.push_str(&super::table(&headers, &aligns, &rows));
    advances_table(books, s, &mut out);
    out
}

fn advances_table(books: &Books, s: &Statement, out: &mut String) {
    use super::guarantee::{open_aligns, open_cells, open_headers};
    if s.advances.is_empty() {
        out.push_str(&format!(
            "\nNo guarantee advance open at {}.\n",
            s.advances_at
        ));
        return;
    }
    out.push_str(&format!(
        "\nGuarantee advances open at {}:\n",
        s.advances_at
    ));
    let rows: Vec<Vec<String>> = s.advances.iter().map(|o| open_cells(books, o)).collect();
    out.push_str(&super::table(&open_headers(), &open_aligns(), &rows));
}

fn contract_cells(books: &Books, l: &crate::engine::statement::ContractLine) -> Vec<String> {
    let c = books.contract(l.pay.contract);
    vec![
        books.contract_id(c).to_string(),
        books.client(c).to_string(),
        c.date.to_string(),
        l.pay.pay_date.to_string(),
        c.hours.to_string(),
        c.amount.to_string(),
        l.pay.budget.to_string(),
        l.paid.to_string(),
        l.written_off.to_string(),
        l.open.to_string(),
    ]
}

/// CSV: one row per month of pay (the statement's other parts are in the table and JSON).
fn csv(books: &Books, s: &Statement) -> String {
    let mut headers = strings(["member", "month"]);
    headers.extend(figures::csv_headers(books));
    let id = &books.member(s.member).id;
    let rows: Vec<Vec<String>> = s
        .months
        .iter()
        .map(|p| {
            let mut r = vec![id.clone(), p.month.to_string()];
            r.extend(figures::csv_cells(&p.figures));
            r
        })
        .collect();
    super::csv(&headers, &rows)
}

pub fn to_json(books: &Books, s: &Statement) -> Value {
    let mut o = serde_json::Map::new();
    for (k, v) in details(books, s) {
        o.insert(k.into(), if v.is_empty() { Value::Null } else { json!(v) });
    }
    o.insert("from".into(), json!(s.from.to_string()));
    o.insert("to".into(), json!(s.to.to_string()));
    o.insert("currency".into(), json!(books.coop.currency));
    let months: Vec<Value> = s
        .months
        .iter()
        .map(|p| {
            let mut m = serde_json::Map::new();
            m.insert("month".into(), json!(p.month.to_string()));
            m.insert("model".into(), json!(p.model.as_str()));
            m.insert("contracts".into(), json!(p.figures.contracts));
            m.extend(figures::figures_json(books, &p.figures));
            Value::Object(m)
        })
        .collect();
    o.insert("months".into(), Value::Array(months));
    o.insert(
        "totals".into(),
        Value::Object(figures::figures_json(books, &s.totals)),
    );
    let contracts: Vec<Value> = s
        .contracts
        .iter()
        .map(|l| {
            let mut c = figures::contract_json(books, &l.pay);
            if let Value::Object(m) = &mut c {
                m.insert("paid".into(), json!(l.paid.to_string()));
                m.insert("written_off".into(), json!(l.written_off.to_string()));
                m.insert("open".into(), json!(l.open.to_string()));
            }
            c
        })
        .collect();
    o.insert("contracts".into(), Value::Array(contracts));
    o.insert("advances_at".into(), json!(s.advances_at.to_string()));
    let advances = s
        .advances
        .iter()
        .map(|a| super::guarantee::open_json(books, a))
        .collect();
    o.insert("advances".into(), Value::Array(advances));
    Value::Object(o)
}
