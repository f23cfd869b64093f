//! The `funds` report: per fund, opening, each kind of movement, closing; and a total.

use super::Format;
use super::{Align, strings};
use crate::books::Books;
use crate::engine::funds::{FundRow, Kind};
use crate::money::Money;
use crate::period::Period;
use serde_json::{Map, Value, json};

fn cells(name: &str, opening: Money, movements: &[Money; 10], closing: Money) -> Vec<String> {
    let mut r = vec![name.to_string(), opening.to_string()];
    r.extend(movements.iter().map(|m| m.to_string()));
    r.push(closing.to_string());
    r
}

fn headers() -> Vec<String> {
    let mut h = strings(["fund", "opening"]);
    h.extend(Kind::ALL.iter().map(|k| k.name().to_string()));
    h.push("closing".into());
    h
}

fn total(rows: &[FundRow]) -> (Money, [Money; 10], Money) {
    let mut movements = [Money::ZERO; 10];
    for r in rows {
        for (t, m) in movements.iter_mut().zip(&r.movements) {
            *t += *m;
        }
    }
    (
        rows.iter().map(|r| r.opening).sum(),
        movements,
        rows.iter().map(|r| r.closing).sum(),
    )
}

fn row_json(name: &str, opening: Money, movements: &[Money; 10], closing: Money) -> Value {
    let mut o = Map::new();
    o.insert("fund".into(), json!(name));
    o.insert("opening".into(), json!(opening.to_string()));
    for (k, m) in Kind::ALL.iter().zip(movements) {
        o.insert(k.name().into(), json!(m.to_string()));
    }
    o.insert("closing".into(), json!(closing.to_string()));
    Value::Object(o)
}

pub fn render(books: &Books, period: &Period, rows: &[FundRow], format: Format) -> String {
    let named: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            cells(
                &books.coop.fund(r.fund).name,
                r.opening,
                &r.movements,
                r.closing,
            )
        })
        .collect();
    let (opening, movements, closing) = total(rows);
    match format {
        Format::Csv => super::csv(&headers(), &named),
        Format::Json => {
            let funds: Vec<Value> = rows
                .iter()
                .map(|r| {
                    row_json(
                        &books.coop.fund(r.fund).name,
                        r.opening,
                        &r.movements,
                        r.closing,
                    )
                })
                .collect();
            let mut totals = row_json("", opening, &movements, closing);
            if let Value::Object(o) = &mut totals {
                o.remove("fund");
            }
            super::json(&json!({
                "from": period.from.to_string(),
                "to": period.to.to_string(),
                "currency": books.coop.currency,
                "funds": funds,
                "totals": totals,
            }))
        }
        Format::Table => {
            let mut out = format!(
                "Funds from {} to {} - {} ({})\n",
                period.from, period.to, books.coop.name, books.coop.currency
            );
            let mut all = named;
            all.push(cells("total", opening, &movements, closing));
            let mut aligns = vec![Align::Left];
            aligns.extend([Align::Right; 12]);
            out.push_str(&super::table(&headers(), &aligns, &all));
            out
        }
    }
}
