//! The `guarantee --stress` report: each scenario's lowest balance, when the fund runs out,
//! its coverage at the horizon and the levy that would have kept it above zero; the
//! Monte-Carlo percentiles; the clients most owed; and every scenario's path week by week.

use super::table::{Layout, Table};
use super::{Format, Style, strings};
use crate::engine::stress::{MonteCarlo, Outcome, Stress};
use crate::money::Money;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
pub struct Scenario {
    pub scenario: String,
    pub lowest: Money,
    pub lowest_on: NaiveDate,
    pub runs_out: Option<NaiveDate>,
    /// The balance at the horizon, and what the fund has fronted and is still owed then.
    pub end: Money,
    pub outstanding: Money,
    pub coverage: Option<String>,
    /// The guarantee levy, as a % of every amount invoiced, that would have kept the lowest
    /// balance at zero; null when it stays above.
    pub levy_needed: Option<String>,
    /// The balance at the date and at each week's end after it.
    pub path: Vec<Point>,
}

#[derive(Serialize)]
pub struct Point {
    pub date: NaiveDate,
    pub balance: Money,
}

#[derive(Serialize)]
pub struct Client {
    pub client: String,
    pub open: Money,
    pub delay_days: i64,
    pub default_rate: String,
    pub history: bool,
}

#[derive(Serialize)]
pub struct Report {
    pub at: NaiveDate,
    pub weeks: u32,
    pub balance: Money,
    pub invoiced: Money,
    pub levied: Money,
    /// The guarantee levy the books averaged, as a % of every amount invoiced.
    pub levy_rate: Option<String>,
    pub scenarios: Vec<Scenario>,
    pub monte_carlo: Option<MonteCarlo>,
    /// The clients with open invoices, most owed first.
    pub clients: Vec<Client>,
    #[serde(skip)]
    pub currency: String,
    #[serde(skip)]
    pub floor: String,
}

impl Serialize for MonteCarlo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("runs", &self.runs)?;
        map.serialize_entry("seed", &self.seed)?;
        map.serialize_entry("p50", &self.p50)?;
        map.serialize_entry("p95", &self.p95)?;
        map.serialize_entry("p99", &self.p99)?;
        map.serialize_entry("ran_out", &self.ran_out)?;
        map.end()
    }
}

fn percent(d: rust_decimal::Decimal) -> String {
    format!("{:.2}%", d)
}

/// A fraction as a percentage to 2 places: 0.331797 → `33.18%`.
fn percent_of(fraction: rust_decimal::Decimal) -> String {
    let p = fraction * rust_decimal::Decimal::ONE_HUNDRED;
    percent(p.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

impl Report {
    pub fn of(
        stress: &Stress,
        outcomes: &[Outcome],
        mc: Option<MonteCarlo>,
        currency: &str,
        floor: String,
    ) -> Report {
        Report {
            at: stress.at,
            weeks: stress.weeks,
            balance: stress.balance,
            invoiced: stress.invoiced,
            levied: stress.levied,
            levy_rate: (stress.invoiced.is_positive())
                .then(|| percent_of(stress.levied.value() / stress.invoiced.value())),
            scenarios: (outcomes.iter())
                .map(|o| Scenario {
                    scenario: o.scenario.clone(),
                    lowest: o.lowest,
                    lowest_on: o.lowest_on,
                    runs_out: o.runs_out,
                    end: o.end,
                    outstanding: o.outstanding,
                    coverage: o.coverage.map(|c| format!("{c:.2}")),
                    levy_needed: o.levy_needed.map(percent),
                    path: (o.path.iter())
                        .map(|&(date, balance)| Point { date, balance })
                        .collect(),
                })
                .collect(),
            monte_carlo: mc,
            clients: (stress.clients.iter())
                .map(|c| Client {
                    client: c.name.clone(),
                    open: c.open,
                    delay_days: c.delay,
                    default_rate: percent_of(c.default_rate.value()),
                    history: c.history,
                })
                .collect(),
            currency: currency.to_string(),
            floor,
        }
    }

    pub fn render(&self, style: &Style) -> String {
        match style.format {
            // Every scenario's path, a row a week: what a spreadsheet charts.
            Format::Csv => {
                let mut headers = strings(["date"]);
                headers.extend(self.scenarios.iter().map(|s| s.scenario.clone()));
                super::csv(&headers, &self.path_rows())
            }
            Format::Json => super::json(self),
            Format::Table => self.table(&style.layout),
        }
    }

    /// A row per week: its date, then each scenario's balance.
    fn path_rows(&self) -> Vec<Vec<String>> {
        let weeks = self.scenarios.first().map_or(0, |s| s.path.len());
        (0..weeks)
            .map(|k| {
                let mut row = vec![self.scenarios[0].path[k].date.to_string()];
                row.extend(self.scenarios.iter().map(|s| s.path[k].balance.to_string()));
                row
            })
            .collect()
    }

    fn table(&self, layout: &Layout) -> String {
        let mut out = format!(
            "Guarantee fund stress test at {}, over {} weeks ({})\n",
            self.at, self.weeks, self.currency
        );
        out.push_str(&format!(
            "  balance {}; levies {} on {} invoiced ({})\n\n",
            self.balance,
            self.levied,
            self.invoiced,
            self.levy_rate.as_deref().unwrap_or("n/a")
        ));
        let mut t = (Table::new().text("scenario"))
            .figure("lowest")
            .text("on")
            .text("runs out")
            .figure("at the end")
            .figure("outstanding")
            .figure("coverage")
            .figure("levy needed");
        for s in &self.scenarios {
            t.row(vec![
                s.scenario.clone(),
                s.lowest.to_string(),
                s.lowest_on.to_string(),
                s.runs_out.map_or_else(|| "-".into(), |d| d.to_string()),
                s.end.to_string(),
                s.outstanding.to_string(),
                s.coverage.clone().unwrap_or_else(|| "n/a".into()),
                s.levy_needed.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        out.push_str(&t.render(layout));
        if let Some(mc) = &self.monte_carlo {
            out.push_str(&format!(
                "\nMonte-Carlo, {} runs (seed {}): each client defaults at its own rate \
                 (write-offs / invoiced; {} without history)\n  lowest balance the fund stays \
                 above in 50 % of runs {}, in 95 % {}, in 99 % {}; runs out in {} of {}\n",
                mc.runs, mc.seed, self.floor, mc.p50, mc.p95, mc.p99, mc.ran_out, mc.runs
            ));
        }
        if !self.clients.is_empty() {
            out.push('\n');
            let mut t = (Table::new().cuttable("client"))
                .figure("open")
                .figure("delay (days)")
                .figure("default rate");
            for c in self.clients.iter().take(10) {
                t.row(vec![
                    escaped(&c.client).into_owned(),
                    c.open.to_string(),
                    c.delay_days.to_string(),
                    c.default_rate.clone(),
                ]);
            }
            out.push_str(&t.render(layout));
            if self.clients.len() > 10 {
                out.push_str(&format!(
                    "… and {} more clients (--format json lists them all)\n",
                    self.clients.len() - 10
                ));
            }
        }
        out
    }
}
