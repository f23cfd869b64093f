//! The `capital` report: each member's capital account and what has fallen due.

use super::Format;
use super::{Align, strings};
use crate::books::Books;
use crate::engine::capital::Account;
use crate::money::Money;
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

fn figures(a: &Account) -> [Money; 5] {
    [a.shares, a.retained, a.redeemed, a.balance, a.due]
}

const NAMES: [&str; 5] = ["shares", "retained", "redeemed", "balance", "due"];

pub fn render(books: &Books, at: NaiveDate, accounts: &[Account], format: Format) -> String {
    let mut totals = [Money::ZERO; 5];
    for a in accounts {
        for (t, v) in totals.iter_mut().zip(figures(a)) {
            *t += v;
        }
    }
    let mut headers = strings(["member"]);
    headers.extend(NAMES.iter().map(|s| s.to_string()));
    let cells = |id: &str, f: [Money; 5]| {
        let mut r = vec![id.to_string()];
        r.extend(f.iter().map(|m| m.to_string()));
        r
    };
    match format {
        Format::Csv => {
            let rows: Vec<Vec<String>> = accounts
                .iter()
                .map(|a| cells(&books.member(a.member).id, figures(a)))
                .collect();
            super::csv(&headers, &rows)
        }
        Format::Json => {
            let obj = |f: [Money; 5]| {
                let mut o = Map::new();
                for (k, v) in NAMES.iter().zip(f) {
                    o.insert(k.to_string(), json!(v.to_string()));
                }
                o
            };
            let members: Vec<Value> = accounts
                .iter()
                .map(|a| {
                    let mut o = Map::new();
                    o.insert("member".into(), json!(books.member(a.member).id));
                    o.extend(obj(figures(a)));
                    let by_year: Map<String, Value> = a
                        .retained_by_year
                        .iter()
                        .map(|(y, m)| (format!("{y:04}"), json!(m.to_string())))
                        .collect();
                    o.insert("retained_by_year".into(), Value::Object(by_year));
                    Value::Object(o)
                })
                .collect();
            super::json(
                &json!({"at": at.to_string(), "currency": books.coop.currency,
                "members": members, "totals": Value::Object(obj(totals))}),
            )
        }
        Format::Table => {
            let mut out = format!(
                "Capital accounts at {at} - {} ({})\n",
                books.coop.name, books.coop.currency
            );
            if accounts.is_empty() {
                out.push_str("No capital: no shares, retained allocations or redemptions yet.\n");
                return out;
            }
            let mut rows: Vec<Vec<String>> = accounts
                .iter()
                .map(|a| cells(&books.member(a.member).id, figures(a)))
                .collect();
            rows.push(cells("total", totals));
            let mut aligns = vec![Align::Left];
            aligns.extend([Align::Right; 5]);
            out.push_str(&super::table(&headers, &aligns, &rows));
            for a in accounts.iter().filter(|a| !a.retained_by_year.is_empty()) {
                let years: Vec<String> = a
                    .retained_by_year
                    .iter()
                    .map(|(y, m)| format!("{y:04}: {m}"))
                    .collect();
                out.push_str(&format!(
                    "  {} retained {}\n",
                    books.member(a.member).id,
                    years.join(", ")
                ));
            }
            out
        }
    }
}
