//! The `guarantee` report: the fund's balance, open advances with their aging, coverage.

use super::table::{Layout, Show, Table};
use super::{Format, Style, strings};
use crate::books::Books;
use crate::engine::guarantee::{AGING, Guarantee};
use crate::money::Money;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;

/// A contract whose advance is still outstanding.
#[derive(Serialize)]
pub struct Open {
    pub id: String,
    pub member: String,
    pub client: String,
    pub pay_date: NaiveDate,
    pub advanced: Money,
    pub repaid: Money,
    pub written_off: Money,
    pub outstanding: Money,
    pub days_overdue: i64,
}

impl Open {
    pub fn of(books: &Books, o: &crate::engine::guarantee::Open) -> Open {
        let c = books.contract(o.contract);
        Open {
            id: books.contract_id(c).to_string(),
            member: books.member(c.member).id.clone(),
            client: books.client(c).to_string(),
            pay_date: o.pay_date,
            advanced: o.advanced,
            repaid: o.repaid,
            written_off: o.written_off,
            outstanding: o.outstanding,
            days_overdue: o.days_overdue,
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.member.clone(),
            self.client.clone(),
            self.pay_date.to_string(),
            self.advanced.to_string(),
            self.repaid.to_string(),
            self.written_off.to_string(),
            self.outstanding.to_string(),
            self.days_overdue.to_string(),
        ]
    }

    fn headers() -> Vec<String> {
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

    /// Open advances as a table: by default the contract, member, client, pay date, what is
    /// outstanding and for how long; with `--wide` what was advanced, repaid and written off.
    pub fn table(open: &[Open], layout: &Layout) -> String {
        let mut t = (Table::new()
            .text("contract")
            .text("member")
            .cuttable("client"))
        .text("pay date")
        .figure_in("advanced", Show::Wide)
        .figure_in("repaid", Show::Wide)
        .figure_in("written off", Show::Wide)
        .figure("outstanding")
        .figure("days overdue");
        for o in open {
            t.row(o.cells());
        }
        t.render(layout)
    }
}

/// Outstanding by days past the pay date, in the order of `AGING`: a JSON object.
pub struct Aging([Money; 4]);

impl Serialize for Aging {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(4))?;
        for (k, v) in AGING.iter().zip(&self.0) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
pub struct Report {
    pub at: NaiveDate,
    pub fund: Option<String>,
    pub balance: Money,
    pub outstanding: Money,
    pub written_off: Money,
    /// What clients owe, VAT included, fronted or not.
    pub receivable: Money,
    /// balance ÷ outstanding to 2 places; null with nothing outstanding.
    pub coverage: Option<String>,
    pub aging: Aging,
    pub contracts: Vec<Open>,
    #[serde(skip)]
    pub currency: String,
}

impl Report {
    pub fn of(books: &Books, g: &Guarantee) -> Report {
        Report {
            at: g.at,
            fund: g.fund.map(|f| books.coop.fund(f).name.clone()),
            balance: g.balance,
            outstanding: g.outstanding,
            written_off: g.written_off,
            receivable: g.receivable,
            coverage: g.coverage.map(|c| format!("{c:.2}")),
            aging: Aging(g.aging),
            contracts: g.contracts.iter().map(|o| Open::of(books, o)).collect(),
            currency: books.coop.currency.clone(),
        }
    }

    pub fn render(&self, style: &Style) -> String {
        match style.format {
            Format::Csv => {
                let rows: Vec<Vec<String>> = self.contracts.iter().map(Open::cells).collect();
                super::csv(&Open::headers(), &rows)
            }
            Format::Json => super::json(self),
            Format::Table => self.table(&style.layout),
        }
    }

    fn table(&self, layout: &Layout) -> String {
        let Some(fund) = &self.fund else {
            return format!(
                "Guarantee at {}: coop.toml names no guarantee_fund, so nothing is advanced.\n",
                self.at
            );
        };
        let mut out = format!(
            "Guarantee fund \"{}\" at {} ({})\n",
            escaped(fund),
            self.at,
            self.currency
        );
        let summary = [
            ("balance", self.balance.to_string()),
            ("outstanding", self.outstanding.to_string()),
            ("written off", self.written_off.to_string()),
            ("clients owe", self.receivable.to_string()),
            (
                "coverage",
                self.coverage.clone().unwrap_or_else(|| "n/a".into()),
            ),
        ];
        for (k, v) in summary {
            out.push_str(&format!("  {k:<12}{v:>12}\n"));
        }
        let aging: Vec<String> = (AGING.iter().zip(&self.aging.0))
            .map(|(k, v)| format!("{k} days {v}"))
            .collect();
        out.push_str(&format!("  aging       {}\n", aging.join(", ")));
        if self.contracts.is_empty() {
            out.push_str("No advance is outstanding.\n");
            return out;
        }
        out.push('\n');
        out.push_str(&Open::table(&self.contracts, layout));
        out
    }
}
