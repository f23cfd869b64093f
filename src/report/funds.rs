//! The `funds` report: per fund, opening, each kind of movement, closing; and a total.

use super::table::{Show, Table};
use super::{Format, Style, strings};
use crate::books::Books;
use crate::engine::funds::{FundsOver, Kind};
use crate::money::Money;
use crate::period::Period;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A fund over the period (or the total of all funds, without a name).
pub struct Fund {
    pub fund: Option<String>,
    pub opening: Money,
    /// Indexed like `Kind::ALL`.
    pub movements: [Money; 10],
    pub closing: Money,
}

impl Serialize for Fund {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        match &self.fund {
            Some(name) => {
                map.serialize_entry("fund", name)?;
                map.serialize_entry("opening", &self.opening)?;
            }
            // The totals have always listed closing first (a quirk of the first version,
            // kept so that the JSON stays byte for byte as it was).
            None => {
                map.serialize_entry("closing", &self.closing)?;
                map.serialize_entry("opening", &self.opening)?;
            }
        }
        for (k, m) in Kind::ALL.iter().zip(&self.movements) {
            map.serialize_entry(k.name(), m)?;
        }
        if self.fund.is_some() {
            map.serialize_entry("closing", &self.closing)?;
        }
        map.end()
    }
}

impl Fund {
    /// CSV cells: every movement apart.
    fn cells(&self, name: &str) -> Vec<String> {
        let mut r = vec![name.to_string(), self.opening.to_string()];
        r.extend(self.movements.iter().map(|m| m.to_string()));
        r.push(self.closing.to_string());
        r
    }

    /// Table cells, under `Report::columns`: the movements apart, then what came in and
    /// what went out.
    fn table_cells(&self, name: &str) -> Vec<String> {
        let (added, taken) = Kind::in_and_out(&self.movements);
        let mut r = self.cells(name);
        let closing = r.pop().unwrap_or_default();
        r.extend([added.to_string(), taken.to_string(), closing]);
        r
    }
}

#[derive(Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    pub funds: Vec<Fund>,
    pub totals: Fund,
    /// What is still owed at the period's end, for books that keep track of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owed: Option<super::owed::Still>,
    #[serde(skip)]
    pub coop: String,
}

impl Report {
    pub fn of(books: &Books, period: &Period, over: &FundsOver) -> Report {
        let total = &over.total;
        let totals = Fund {
            fund: None,
            opening: total.opening,
            movements: total.movements,
            closing: total.closing,
        };
        Report {
            from: period.from,
            to: period.to,
            currency: books.coop.currency.clone(),
            funds: (over.funds.iter())
                .map(|r| Fund {
                    fund: Some(books.coop.fund(r.fund).name.clone()),
                    opening: r.opening,
                    movements: r.movements,
                    closing: r.closing,
                })
                .collect(),
            totals,
            owed: None,
            coop: books.coop.name.clone(),
        }
    }

    /// The table's columns: by default each fund's opening, what came in, what went out and
    /// its closing; with `--wide` each kind of movement apart.
    fn columns() -> Table {
        let mut t = Table::new().text("fund").figure("opening");
        for k in Kind::ALL {
            t = t.figure_in(&k.name().replace('_', " "), Show::Wide);
        }
        t.figure_in("in", Show::Narrow)
            .figure_in("out", Show::Narrow)
            .figure("closing")
    }

    pub fn render(&self, style: &Style) -> String {
        match style.format {
            Format::Csv => {
                let mut headers = strings(["fund", "opening"]);
                headers.extend(Kind::ALL.iter().map(|k| k.name().to_string()));
                headers.push("closing".into());
                let rows: Vec<Vec<String>> = (self.funds.iter())
                    .map(|f| f.cells(f.fund.as_deref().unwrap_or("")))
                    .collect();
                super::csv(&headers, &rows)
            }
            Format::Json => super::json(self),
            Format::Table => {
                let mut out = format!(
                    "Funds from {} to {} - {} ({})\n",
                    self.from,
                    self.to,
                    escaped(&self.coop),
                    self.currency
                );
                let mut table = Report::columns();
                for f in &self.funds {
                    table.row(f.table_cells(f.fund.as_deref().unwrap_or("")));
                }
                table.total(self.totals.table_cells("total"));
                out.push_str(&table.render(&style.layout));
                if let Some(owed) = &self.owed {
                    out.push_str(&owed.lines(&self.currency));
                }
                out
            }
        }
    }
}
