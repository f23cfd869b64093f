//! The `vat PERIOD` report: per rate, the invoices' taxable base and VAT; the VAT of debts
//! written off, the deductible VAT of costs, and the VAT payable.

use super::table::{Layout, Table};
use super::{Format, Style, strings};
use crate::books::Books;
use crate::engine::vat_return::Return;
use crate::money::Money;
use crate::period::Period;
use chrono::NaiveDate;
use serde::Serialize;

/// The invoices at one rate and percentage.
#[derive(Serialize)]
pub struct Rate {
    pub rate: String,
    /// "invoices" or "credit notes".
    pub kind: &'static str,
    /// EN 16931's code: S, Z, E, AE, K, G or O.
    pub category: &'static str,
    pub percent: String,
    /// The exemption reason invoices at this rate print.
    pub reason: Option<String>,
    /// How many invoices or credit notes.
    pub invoices: usize,
    pub base: Money,
    pub vat: Money,
}

impl Rate {
    fn cells(&self) -> Vec<String> {
        vec![
            self.rate.clone(),
            self.kind.to_string(),
            self.category.to_string(),
            self.percent.clone(),
            self.invoices.to_string(),
            self.base.to_string(),
            self.vat.to_string(),
        ]
    }
}

#[derive(Serialize)]
pub struct Report {
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    pub rates: Vec<Rate>,
    /// The invoices, their taxable base and their VAT, all rates together.
    #[serde(skip)]
    pub invoices: usize,
    pub base: Money,
    pub output_vat: Money,
    pub written_off_vat: Money,
    pub input_vat: Money,
    /// The costs that carry deductible VAT.
    pub costs: usize,
    pub payable: Money,
}

impl Report {
    pub fn of(books: &Books, period: &Period, r: &Return) -> Report {
        Report {
            period: period.label.clone(),
            from: period.from,
            to: period.to,
            currency: books.coop.currency.clone(),
            rates: (r.rates.iter())
                .map(|l| Rate {
                    rate: l.rate.name.clone(),
                    kind: if l.credit_notes {
                        "credit notes"
                    } else {
                        "invoices"
                    },
                    category: l.rate.category.code(),
                    percent: l.step.rate.percent(),
                    reason: l.step.reason.clone(),
                    invoices: l.invoices,
                    base: l.base,
                    vat: l.vat,
                })
                .collect(),
            invoices: r.invoices,
            base: r.base,
            output_vat: r.output,
            written_off_vat: r.written_off,
            input_vat: r.input,
            costs: r.costs,
            payable: r.payable,
        }
    }

    pub fn render(&self, style: &Style) -> String {
        match style.format {
            Format::Csv => {
                let headers = strings([
                    "rate",
                    "kind",
                    "category",
                    "percent",
                    "documents",
                    "base",
                    "vat",
                ]);
                let rows: Vec<Vec<String>> = self.rates.iter().map(Rate::cells).collect();
                super::csv(&headers, &rows)
            }
            Format::Json => super::json(self),
            Format::Table => self.table(&style.layout),
        }
    }

    fn table(&self, layout: &Layout) -> String {
        let mut out = format!(
            "VAT {} ({} to {}) - {}\n\n",
            self.period, self.from, self.to, self.currency
        );
        if self.rates.is_empty() {
            out.push_str("No invoice is dated in the period.\n");
        } else {
            let mut t = (Table::new().text("rate").text("kind").text("category"))
                .figure("percent")
                .figure("documents")
                .figure("base")
                .figure("VAT");
            for r in &self.rates {
                t.row(r.cells());
            }
            t.total(vec![
                "total".into(),
                String::new(),
                String::new(),
                String::new(),
                self.invoices.to_string(),
                self.base.to_string(),
                self.output_vat.to_string(),
            ]);
            out.push_str(&t.render(layout));
        }
        let costs = match self.costs {
            1 => "1 cost".to_string(),
            n => format!("{n} costs"),
        };
        let summary = [
            ("output VAT".to_string(), self.output_vat),
            (
                "VAT of debts written off".to_string(),
                -self.written_off_vat,
            ),
            (format!("input VAT ({costs})"), -self.input_vat),
            ("VAT payable".to_string(), self.payable),
        ];
        out.push('\n');
        for (k, v) in summary {
            out.push_str(&format!("{k:<28}{v:>12}\n"));
        }
        out
    }
}
