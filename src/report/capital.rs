//! The `capital` report: each member's capital account and what has fallen due.

use super::table::Table;
use super::{Format, Style, strings};
use crate::books::Books;
use crate::engine::capital::{Accounts, Figures};
use crate::money::Money;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct Report {
    pub at: NaiveDate,
    pub currency: String,
    pub members: Vec<Account>,
    pub totals: Figures,
    #[serde(skip)]
    pub coop: String,
}

#[derive(Serialize)]
pub struct Account {
    pub member: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// Retained allocations by the year they were made.
    pub retained_by_year: BTreeMap<String, Money>,
}

/// A row of the table and the CSV: the name, then each figure.
fn cells(f: &Figures, name: &str) -> Vec<String> {
    let all = [f.shares, f.retained, f.redeemed, f.balance, f.due];
    let mut r = vec![name.to_string()];
    r.extend(all.iter().map(Money::to_string));
    r
}

impl Report {
    pub fn of(books: &Books, at: NaiveDate, accounts: &Accounts) -> Report {
        let members = (accounts.members.iter())
            .map(|a| Account {
                member: books.member(a.member).id.clone(),
                figures: a.figures,
                retained_by_year: (a.retained_by_year.iter())
                    .map(|(y, m)| (format!("{y:04}"), *m))
                    .collect(),
            })
            .collect();
        Report {
            at,
            currency: books.coop.currency.clone(),
            members,
            totals: accounts.totals,
            coop: books.coop.name.clone(),
        }
    }

    pub fn render(&self, style: &Style) -> String {
        let headers = strings(["member", "shares", "retained", "redeemed", "balance", "due"]);
        let rows: Vec<Vec<String>> = (self.members.iter())
            .map(|a| cells(&a.figures, &a.member))
            .collect();
        match style.format {
            Format::Csv => super::csv(&headers, &rows),
            Format::Json => super::json(self),
            Format::Table => {
                let mut out = format!(
                    "Capital accounts at {} - {} ({})\n",
                    self.at,
                    escaped(&self.coop),
                    self.currency
                );
                if self.members.is_empty() {
                    out.push_str(
                        "No capital: no shares, retained allocations or redemptions yet.\n",
                    );
                    return out;
                }
                let mut table = Table::new().text("member");
                for h in &headers[1..] {
                    table = table.figure(h);
                }
                for row in rows {
                    table.row(row);
                }
                table.total(cells(&self.totals, "total"));
                out.push_str(&table.render(&style.layout));
                for a in self
                    .members
                    .iter()
                    .filter(|a| !a.retained_by_year.is_empty())
                {
                    let years: Vec<String> = (a.retained_by_year.iter())
                        .map(|(y, m)| format!("{y}: {m}"))
                        .collect();
                    out.push_str(&format!("  {} retained {}\n", a.member, years.join(", ")));
                }
                out
            }
        }
    }
}
