//! The `pay MONTH` report: one row per member and the totals; optionally every contract.

use super::figures::{Carried, Line, Totals, csv_headers, figure_columns};
use super::table::{Layout, Table};
use super::{Format, Style, strings};
use crate::books::{Books, MemberId, PayModel};
use crate::engine::pay::{Figures, MonthFigures, MonthPay, MonthsFigures};
use crate::period::Month;
use crate::text::escaped;
use serde::Serialize;

/// A month's pay, as every format shows it.
#[derive(Serialize)]
pub struct Pay {
    pub period: String,
    pub currency: String,
    pub members: Vec<Member>,
    pub totals: Totals,
    /// What is still owed at the month's end, for books that keep track of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owed: Option<super::owed::Still>,
    #[serde(skip)]
    pub coop: String,
}

#[derive(Serialize)]
pub struct Member {
    pub member: String,
    pub name: String,
    pub model: &'static str,
    pub contracts: Vec<Line>,
    #[serde(flatten)]
    pub figures: Totals,
}

impl Pay {
    /// The report of a month's pay, with every contract line.
    pub fn of(books: &Books, pay: &MonthPay) -> Pay {
        let members = (pay.members.iter()).map(|m| (m.member, m.model, &m.figures, m.carried_from));
        let mut report = Pay::without_lines(books, pay.month.to_string(), &pay.totals, members);
        for (r, m) in report.members.iter_mut().zip(&pay.members) {
            r.contracts = m.contracts.iter().map(|p| Line::of(books, p)).collect();
        }
        report
    }

    /// The report of a month's figures, without contract lines (a table or CSV without
    /// `--contracts` shows none).
    pub fn of_figures(books: &Books, month: &MonthFigures) -> Pay {
        let members = month
            .members
            .iter()
            .map(|m| (m.member, m.model, &m.figures, m.carried_from));
        Pay::without_lines(books, month.month.to_string(), &month.totals, members)
    }

    /// The report of several months' pay added up (a quarter's, a year's), without contract
    /// lines.
    pub fn of_months(books: &Books, label: &str, sum: &MonthsFigures) -> Pay {
        let members = (sum.members.iter()).map(|m| (m.member, m.model, &m.figures, m.carried_from));
        Pay::without_lines(books, label.to_string(), &sum.totals, members)
    }

    /// Each month's contract lines, under their members.
    pub fn add_lines(&mut self, books: &Books, months: &[MonthPay]) {
        for pay in months {
            for m in &pay.members {
                let id = &books.member(m.member).id;
                if let Some(r) = self.members.iter_mut().find(|r| &r.member == id) {
                    r.contracts
                        .extend(m.contracts.iter().map(|p| Line::of(books, p)));
                }
            }
        }
    }

    fn without_lines<'a>(
        books: &Books,
        period: String,
        totals: &Figures,
        members: impl Iterator<Item = (MemberId, PayModel, &'a Figures, Option<Month>)>,
    ) -> Pay {
        let members = members
            .map(|(id, model, figures, from)| {
                let member = books.member(id);
                Member {
                    member: member.id.clone(),
                    name: member.name.clone(),
                    model: model.as_str(),
                    contracts: Vec::new(),
                    figures: Totals::of_month(books, figures, from),
                }
            })
            .collect();
        Pay {
            period,
            currency: books.coop.currency.clone(),
            members,
            totals: Totals::of(books, totals),
            owed: None,
            coop: books.coop.name.clone(),
        }
    }

    pub fn render(&self, style: &Style, with_contracts: bool) -> String {
        match style.format {
            Format::Table => self.table(&style.layout, with_contracts),
            Format::Csv => self.csv(with_contracts),
            Format::Json => super::json(self),
        }
    }

    fn table(&self, layout: &Layout, with_contracts: bool) -> String {
        let mut out = format!(
            "Pay for {} - {} ({})\n",
            self.period,
            escaped(&self.coop),
            self.currency
        );
        if self.members.is_empty() {
            out.push_str("No contracts in this month.\n");
            return out;
        }
        let mut table = figure_columns(Table::new().text("member").wide_text("model"));
        for m in &self.members {
            let mut r = vec![m.member.clone(), m.model.to_string()];
            r.extend(m.figures.table_cells());
            table.row(r);
        }
        let mut total = strings(["total", ""]);
        total.extend(self.totals.table_cells());
        table.total(total);
        out.push_str(&table.render(layout));
        let members = self.members.iter().map(|m| (m.member.as_str(), &m.figures));
        out.push_str(&Carried::lines(members));
        if with_contracts {
            let mut lines = Line::columns(Table::new().text("member"), &self.totals.levies);
            for m in &self.members {
                for l in &m.contracts {
                    let mut r = vec![m.member.clone()];
                    r.extend(l.table_cells());
                    lines.row(r);
                }
            }
            out.push('\n');
            out.push_str(&lines.render(layout));
        }
        if let Some(owed) = &self.owed {
            out.push_str(&owed.lines(&self.currency));
        }
        out
    }

    fn csv(&self, with_contracts: bool) -> String {
        if with_contracts {
            let mut headers = strings(["month", "member"]);
            headers.extend(Line::headers(&self.totals.levies, "levy_"));
            let mut out = super::CsvRows::new(&headers);
            for m in &self.members {
                for l in &m.contracts {
                    out.cell(&self.period);
                    out.cell(&m.member);
                    l.each_cell(|cell| out.cell(cell));
                    out.end_row();
                }
            }
            return out.finish();
        }
        let mut headers = strings(["month", "member", "name", "model"]);
        headers.extend(csv_headers(&self.totals.levies));
        // A month where a credit note left a shortfall has three more columns (only then, so
        // that every other month's CSV is as it always was).
        let carried = self.members.iter().any(|m| m.figures.carried.is_some());
        if carried {
            headers.extend(strings(["carried_from", "brought", "left"]));
        }
        let mut out = super::CsvRows::new(&headers);
        for m in &self.members {
            out.cell(&self.period);
            out.cell(&m.member);
            out.cell(&m.name);
            out.cell(&m.model);
            m.figures.each_csv_cell(|cell| out.cell(cell));
            if carried {
                let c = m.figures.carried.as_ref();
                out.cell(&c.and_then(|c| c.from.as_deref()).unwrap_or(""));
                out.cell(&c.map_or(crate::money::Money::ZERO, |c| c.brought));
                out.cell(&c.map_or(crate::money::Money::ZERO, |c| c.left));
            }
            out.end_row();
        }
        out.finish()
    }
}
