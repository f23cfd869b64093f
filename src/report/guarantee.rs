//! The `guarantee` report: the fund's balance, open advances with their aging, coverage.

use super::Format;
use super::{Align, strings};
use crate::books::Books;
use crate::engine::guarantee::{AGING, Guarantee, Open};
use serde_json::{Map, Value, json};

pub fn open_headers() -> Vec<String> {
    strings([
        "contract",
        "member",
        "client",
        "pay_date",
        "advanced",
        "repaid",
        "written_off",
        "outstanding",
        "days_overdue",
    ])
}

pub fn open_aligns() -> Vec<Align> {
    let mut a = vec![Align::Left; 4];
    a.extend([Align::Right; 5]);
    a
}

pub fn open_cells(books: &Books, o: &Open) -> Vec<String> {
    let c = books.contract(o.contract);
    vec![
        books.contract_id(c).to_string(),
        books.member(c.member).id.clone(),
        books.client(c).to_string(),
        o.pay_date.to_string(),
        o.advanced.to_string(),
        o.repaid.to_string(),
        o.written_off.to_string(),
        o.outstanding.to_string(),
        o.days_overdue.to_string(),
    ]
}

pub fn open_json(books: &Books, o: &Open) -> Value {
    let c = books.contract(o.contract);
    json!({
        "id": books.contract_id(c),
        "member": books.member(c.member).id,
        "client": books.client(c),
        "pay_date": o.pay_date.to_string(),
        "advanced": o.advanced.to_string(),
        "repaid": o.repaid.to_string(),
        "written_off": o.written_off.to_string(),
        "outstanding": o.outstanding.to_string(),
        "days_overdue": o.days_overdue,
    })
}

pub fn coverage_text(g: &Guarantee) -> String {
    g.coverage
        .map(|c| format!("{c:.2}"))
        .unwrap_or_else(|| "n/a".into())
}

pub fn render(books: &Books, g: &Guarantee, format: Format) -> String {
    let fund = g.fund.map(|f| books.coop.fund(f).name.clone());
    match format {
        Format::Csv => {
            let rows: Vec<Vec<String>> = g.contracts.iter().map(|o| open_cells(books, o)).collect();
            super::csv(&open_headers(), &rows)
        }
        Format::Json => {
            let mut aging = Map::new();
            for (k, v) in AGING.iter().zip(&g.aging) {
                aging.insert(k.to_string(), json!(v.to_string()));
            }
            super::json(&json!({
                "at": g.at.to_string(),
                "fund": fund,
                "balance": g.balance.to_string(),
                "outstanding": g.outstanding.to_string(),
                "written_off": g.written_off.to_string(),
                "coverage": g.coverage.map(|c| format!("{c:.2}")),
                "aging": aging,
                "contracts": g.contracts.iter().map(|o| open_json(books, o)).collect::<Vec<_>>(),
            }))
        }
        Format::Table => {
            let cur = &books.coop.currency;
            let Some(fund) = fund else {
                return format!(
                    "Guarantee at {}: coop.toml names no guarantee_fund, so nothing is advanced.\n",
                    g.at
                );
            };
            let mut out = format!("Guarantee fund \"{fund}\" at {} ({cur})\n", g.at);
            let summary = [
                ("balance", g.balance.to_string()),
                ("outstanding", g.outstanding.to_string()),
                ("written off", g.written_off.to_string()),
                ("coverage", coverage_text(g)),
            ];
            for (k, v) in summary {
                out.push_str(&format!("  {k:<12}{v:>12}\n"));
            }
            let aging: Vec<String> = AGING
                .iter()
                .zip(&g.aging)
                .map(|(k, v)| format!("{k} days {v}"))
                .collect();
            out.push_str(&format!("  aging       {}\n", aging.join(", ")));
            if g.contracts.is_empty() {
                out.push_str("No advance is outstanding.\n");
                return out;
            }
            out.push('\n');
            let rows: Vec<Vec<String>> = g.contracts.iter().map(|o| open_cells(books, o)).collect();
            out.push_str(&super::table(&open_headers(), &open_aligns(), &rows));
            out
        }
    }
}
