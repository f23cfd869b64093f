//! The `member ID` statement: details, pay per month with totals, contracts and client payments.

use super::figures::{Line, Totals, csv_headers, figure_columns};
use super::guarantee::Open;
use super::table::{Layout, Show, Table};
use super::{Format, Style, strings};
use crate::books::Books;
use crate::engine::statement::Statement as Computed;
use crate::money::Money;
use crate::period::Month;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
pub struct Statement {
    pub member: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub iban: Option<String>,
    pub joined: Option<String>,
    pub left: Option<String>,
    pub model: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    pub months: Vec<MonthLine>,
    pub totals: Totals,
    pub contracts: Vec<ContractLine>,
    pub advances_at: NaiveDate,
    pub advances: Vec<Open>,
    /// Refunds due to clients (only in JSON where there are some).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refunds: Vec<RefundLine>,
    /// A user of the co-op, not a member-shareholder.
    #[serde(skip)]
    pub user: bool,
}

/// A refund due to a client: the invoice, the credit note that made it due, what was paid,
/// what is owed now, the refund and the day it fell due.
#[derive(Serialize)]
pub struct RefundLine {
    pub invoice: String,
    pub credit_note: String,
    pub client: String,
    pub paid: Money,
    pub owed: Money,
    pub refund: Money,
    pub date: NaiveDate,
}

#[derive(Serialize)]
pub struct MonthLine {
    pub month: String,
    pub model: &'static str,
    pub contracts: usize,
    #[serde(flatten)]
    pub figures: Totals,
}

#[derive(Serialize)]
pub struct ContractLine {
    #[serde(flatten)]
    pub line: Line,
    /// The contract's VAT, in books with VAT only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat: Option<Money>,
    pub paid: Money,
    pub written_off: Money,
    pub open: Money,
    /// The contract's payment reference (ISO 11649, `RF…`), to print on its invoice; none
    /// for an id without letters and digits, or with more than 21.
    pub reference: Option<String>,
}

impl Statement {
    pub fn of(books: &Books, s: &Computed) -> Statement {
        let m = books.member(s.member);
        let text = |v: String| (!v.is_empty()).then_some(v);
        let model = m
            .model
            .unwrap_or(books.coop.payroll_for(Month::of(s.to)).model);
        Statement {
            member: m.id.clone(),
            name: text(m.name.clone()),
            email: m.email.clone().and_then(text),
            iban: m.masked_iban().and_then(text),
            joined: m.joined.map(|d| d.to_string()),
            left: m.left.map(|d| d.to_string()),
            model: Some(model.as_str().to_string()),
            from: s.from,
            to: s.to,
            currency: books.coop.currency.clone(),
            months: (s.months.iter())
                .map(|p| MonthLine {
                    month: p.month.to_string(),
                    model: p.model.as_str(),
                    contracts: p.figures.contracts,
                    figures: Totals::of_month(books, &p.figures, p.carried_from),
                })
                .collect(),
            totals: Totals::of(books, &s.totals),
            contracts: (s.contracts.iter())
                .map(|l| ContractLine {
                    line: Line::of(books, &l.pay),
                    vat: books.coop.vat.is_some().then_some(l.vat),
                    paid: l.paid,
                    written_off: l.written_off,
                    open: l.open,
                    reference: crate::engine::reference::of_id(
                        books.contract_id(books.contract(l.pay.contract)),
                    ),
                })
                .collect(),
            advances_at: s.advances_at,
            advances: s.advances.iter().map(|o| Open::of(books, o)).collect(),
            refunds: (s.refunds.iter())
                .map(|r| {
                    let (invoice, note) = (books.contract(r.invoice), books.contract(r.note));
                    RefundLine {
                        invoice: books.contract_id(invoice).to_string(),
                        credit_note: books.contract_id(note).to_string(),
                        client: books.client(invoice).to_string(),
                        paid: r.paid,
                        owed: r.owed,
                        refund: r.amount,
                        date: r.date,
                    }
                })
                .collect(),
            user: m.joined.is_none(),
        }
    }

    pub fn render(&self, style: &Style) -> String {
        match style.format {
            Format::Table => self.table(&style.layout),
            Format::Csv => self.csv(),
            Format::Json => super::json(self),
        }
    }

    fn table(&self, layout: &Layout) -> String {
        let mut out = format!(
            "{} ({}) - {} to {} - {}\n",
            escaped(self.name.as_deref().unwrap_or("")),
            self.member,
            self.from,
            self.to,
            self.currency
        );
        let details = [
            ("email", &self.email),
            ("iban", &self.iban),
            ("joined", &self.joined),
            ("left", &self.left),
            ("model", &self.model),
        ];
        for (k, v) in details {
            if let Some(v) = v {
                out.push_str(&format!("  {k}: {v}\n"));
            }
        }
        if self.user {
            out.push_str("  (a user of the co-op, not a member-shareholder)\n");
        }
        if self.months.is_empty() {
            out.push_str("No contracts in this period.\n");
            self.advances_table(&mut out, layout);
            return out;
        }
        out.push('\n');
        let mut months = figure_columns(Table::new().text("month"));
        for p in &self.months {
            let mut r = vec![p.month.clone()];
            r.extend(p.figures.table_cells());
            months.row(r);
        }
        let mut total = vec!["total".to_string()];
        total.extend(self.totals.table_cells());
        months.total(total);
        out.push_str(&months.render(layout));
        let rows = self.months.iter().map(|m| (m.month.as_str(), &m.figures));
        out.push_str(&super::figures::Carried::lines(rows));
        out.push('\n');
        let with_vat = self.contracts.iter().any(|c| c.vat.is_some());
        let mut contracts = (Table::new().text("contract").cuttable("client"))
            .wide_text("date")
            .text("pay date")
            .figure_in("hours", Show::Wide)
            .figure("amount")
            .figure_in("budget", Show::Wide);
        // By default what a client still owes and how they pay it; --wide adds the rest.
        if with_vat {
            contracts = contracts.figure_in("VAT", Show::Wide);
        }
        contracts = (contracts.figure_in("paid", Show::Wide))
            .figure_in("written off", Show::Wide)
            .figure("open")
            .text("payment reference");
        for c in &self.contracts {
            let l = &c.line;
            let mut row = vec![
                l.id.clone(),
                l.client.clone(),
                l.date.to_string(),
                l.pay_date.to_string(),
                l.hours.to_string(),
                l.amount.to_string(),
                l.budget.to_string(),
            ];
            row.extend(c.vat.map(|v| v.to_string()));
            row.extend([
                c.paid.to_string(),
                c.written_off.to_string(),
                c.open.to_string(),
                // What the treasurer sends a client who has yet to pay (with --wide, every
                // contract's).
                (c.reference.as_deref())
                    .filter(|_| layout.wide || c.open.is_positive())
                    .map(crate::engine::reference::printed)
                    .unwrap_or_default(),
            ]);
            contracts.row(row);
        }
        out.push_str(&contracts.render(layout));
        self.advances_table(&mut out, layout);
        if !self.refunds.is_empty() {
            out.push_str("\nRefunds due to clients:\n");
            let mut t = (Table::new()
                .text("invoice")
                .text("credit note")
                .cuttable("client"))
            .figure("paid")
            .figure("owed")
            .figure("refund")
            .text("due");
            for r in &self.refunds {
                t.row(vec![
                    r.invoice.clone(),
                    r.credit_note.clone(),
                    r.client.clone(),
                    r.paid.to_string(),
                    r.owed.to_string(),
                    r.refund.to_string(),
                    r.date.to_string(),
                ]);
            }
            out.push_str(&t.render(layout));
        }
        out
    }

    fn advances_table(&self, out: &mut String, layout: &Layout) {
        if self.advances.is_empty() {
            out.push_str(&format!(
                "\nNo guarantee advance open at {}.\n",
                self.advances_at
            ));
            return;
        }
        out.push_str(&format!(
            "\nGuarantee advances open at {}:\n",
            self.advances_at
        ));
        out.push_str(&Open::table(&self.advances, layout));
    }

    /// CSV: one row per month of pay (the statement's other parts are in the table and JSON).
    fn csv(&self) -> String {
        let mut headers = strings(["member", "month"]);
        headers.extend(csv_headers(&self.totals.levies));
        let rows: Vec<Vec<String>> = (self.months.iter())
            .map(|p| {
                let mut r = vec![self.member.clone(), p.month.clone()];
                r.extend(p.figures.csv_cells());
                r
            })
            .collect();
        super::csv(&headers, &rows)
    }
}
