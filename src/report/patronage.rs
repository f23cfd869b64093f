//! The `patronage YEAR` report: surplus, set-asides, and each member's allocation.

use super::Format;
use super::{Align, strings};
use crate::books::Books;
use crate::engine::patronage::{Patronage, Share};
use serde_json::{Value, json};

fn cells(books: &Books, s: &Share) -> Vec<String> {
    vec![
        books.member(s.member).id.clone(),
        s.hours.to_string(),
        s.turnover.to_string(),
        s.budget.to_string(),
        s.allocation.to_string(),
        s.cash.to_string(),
        s.retained.to_string(),
    ]
}

fn headers() -> Vec<String> {
    strings([
        "member",
        "hours",
        "turnover",
        "budget",
        "allocation",
        "cash",
        "retained",
    ])
}

pub fn render(books: &Books, p: &Patronage, closed: bool, format: Format) -> String {
    let totals = [
        p.total(|s| s.allocation),
        p.total(|s| s.cash),
        p.total(|s| s.retained),
    ];
    match format {
        Format::Csv => {
            let rows: Vec<Vec<String>> = p.members.iter().map(|s| cells(books, s)).collect();
            super::csv(&headers(), &rows)
        }
        Format::Json => {
            let members: Vec<Value> = p
                .members
                .iter()
                .map(|s| {
                    json!({"member": books.member(s.member).id, "hours": s.hours.to_string(),
                        "turnover": s.turnover.to_string(), "budget": s.budget.to_string(),
                        "allocation": s.allocation.to_string(), "cash": s.cash.to_string(),
                        "retained": s.retained.to_string()})
                })
                .collect();
            let set_asides: Vec<Value> = p
                .set_asides
                .iter()
                .map(|s| json!({"fund": books.coop.fund(s.fund).name, "rate": s.rate.to_string(), "amount": s.amount.to_string()}))
                .collect();
            super::json(&json!({
                "year": format!("{:04}", p.year),
                "closed": closed,
                "currency": books.coop.currency,
                "surplus_fund": books.coop.fund(p.surplus_fund).name,
                "surplus": p.surplus.to_string(),
                "distributable": p.distributable.to_string(),
                "set_asides": set_asides,
                "members": members,
                "totals": {"allocation": totals[0].to_string(), "cash": totals[1].to_string(), "retained": totals[2].to_string()},
                "note": p.note,
            }))
        }
        Format::Table => {
            let state = if closed {
                "closed"
            } else {
                "provisional: the year is not closed"
            };
            let mut out = format!(
                "Patronage {:04} - {} ({}) - {state}\n",
                p.year, books.coop.name, books.coop.currency
            );
            let mut lines = vec![(
                format!("surplus of {}", books.coop.fund(p.surplus_fund).name),
                p.surplus.to_string(),
            )];
            for s in &p.set_asides {
                lines.push((
                    format!(
                        "set aside to {} ({})",
                        books.coop.fund(s.fund).name,
                        s.rate.percent()
                    ),
                    s.amount.to_string(),
                ));
            }
            lines.push(("distributable".into(), p.distributable.to_string()));
            let width = lines
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            for (k, v) in lines {
                out.push_str(&format!("  {k:<width$}  {v:>12}\n"));
            }
            if let Some(note) = &p.note {
                out.push_str(&format!("Nothing is allocated: {note}.\n"));
                return out;
            }
            let mut rows: Vec<Vec<String>> = p.members.iter().map(|s| cells(books, s)).collect();
            let mut total = strings(["total", "", "", ""]);
            total.extend(totals.iter().map(|m| m.to_string()));
            rows.push(total);
            let mut aligns = vec![Align::Left];
            aligns.extend([Align::Right; 6]);
            out.push('\n');
            out.push_str(&super::table(&headers(), &aligns, &rows));
            out
        }
    }
}
