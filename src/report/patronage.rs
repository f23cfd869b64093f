//! The `patronage YEAR` report: surplus, set-asides, and each member's allocation.

use super::table::{Layout, Table};
use super::{Format, Style, strings};
use crate::books::{Books, MemberYear, SetAsideClose};
use crate::engine::patronage::{Patronage, Unallocated};
use crate::engine::result::PeriodResult;
use crate::money::{Hours, Money};
use crate::text::escaped;
use serde::Serialize;

#[derive(Serialize)]
pub struct Report {
    pub year: String,
    pub closed: bool,
    pub currency: String,
    pub surplus_fund: String,
    pub surplus: Money,
    pub distributable: Money,
    pub set_asides: Vec<SetAsideClose>,
    pub members: Vec<Share>,
    pub totals: Totals,
    /// The year's result as the income statement gives it, and what each fund received.
    pub result: YearResult,
    /// Why nothing is allocated, when nothing is.
    pub note: Option<String>,
    #[serde(skip)]
    pub coop: String,
}

/// The year's income statement in brief, and the result's way into the funds.
#[derive(Serialize)]
pub struct YearResult {
    pub revenue: Money,
    pub other_income: Money,
    pub pay: Money,
    pub costs: Money,
    pub bad_debts: Money,
    pub result: Money,
    /// Each fund that received something, in the order of coop.toml.
    pub funds: Vec<FundResult>,
    pub budgets_less_pay: Money,
    pub unborne_bad_debts: Money,
}

#[derive(Serialize)]
pub struct FundResult {
    pub fund: String,
    pub amount: Money,
}

impl YearResult {
    fn of(books: &Books, r: &PeriodResult) -> YearResult {
        YearResult {
            revenue: r.revenue,
            other_income: r.other_income,
            pay: r.pay,
            costs: r.costs,
            bad_debts: r.bad_debts,
            result: r.result,
            funds: (books.coop.funds.iter().zip(&r.funds))
                .filter(|(_, a)| !a.is_zero())
                .map(|(f, &amount)| FundResult {
                    fund: f.name.clone(),
                    amount,
                })
                .collect(),
            budgets_less_pay: r.budgets_less_pay,
            unborne_bad_debts: r.unborne_bad_debts,
        }
    }

    /// The lines of the table: the statement, then where the result went.
    fn lines(&self) -> Vec<(String, String)> {
        let mut lines: Vec<(String, String)> = [
            ("revenue (invoiced, without VAT)", self.revenue),
            ("other income", self.other_income),
            ("members' pay", -self.pay),
            ("costs", -self.costs),
            ("bad debts", -self.bad_debts),
            ("result", self.result),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for f in &self.funds {
            lines.push((format!("  into {}", f.fund), f.amount.to_string()));
        }
        for (k, v) in [
            ("  members' budgets less their pay", self.budgets_less_pay),
            ("  bad debts no fund bears", -self.unborne_bad_debts),
        ] {
            if !v.is_zero() {
                lines.push((k.to_string(), v.to_string()));
            }
        }
        lines
    }
}

#[derive(Serialize)]
pub struct Share {
    pub member: String,
    #[serde(flatten)]
    pub figures: MemberYear,
}

#[derive(Serialize)]
pub struct Totals {
    /// The activity's totals, in the table (the JSON has kept its shape).
    #[serde(skip)]
    pub hours: Hours,
    #[serde(skip)]
    pub turnover: Money,
    #[serde(skip)]
    pub budget: Money,
    pub allocation: Money,
    pub cash: Money,
    pub retained: Money,
}

/// The columns of a member's share, in CSV and in the table.
const COLUMNS: [&str; 7] = [
    "member",
    "hours",
    "turnover",
    "budget",
    "allocation",
    "cash",
    "retained",
];

impl Share {
    fn cells(&self) -> Vec<String> {
        let f = &self.figures;
        vec![
            self.member.clone(),
            f.hours.to_string(),
            f.turnover.to_string(),
            f.budget.to_string(),
            f.allocation.to_string(),
            f.cash.to_string(),
            f.retained.to_string(),
        ]
    }
}

/// Why nothing is allocated, in words.
fn note(books: &Books, p: &Patronage) -> Option<String> {
    Some(match p.unallocated? {
        Unallocated::NoSurplus(surplus) => format!(
            "the surplus of {} is {surplus}: nothing is set aside or allocated",
            books.coop.fund(p.surplus_fund).name
        ),
        Unallocated::NoActivity => "no eligible activity in the year: nothing is allocated".into(),
    })
}

impl Report {
    pub fn of(books: &Books, p: &Patronage, result: &PeriodResult, closed: bool) -> Report {
        let fund = |f| books.coop.fund(f).name.clone();
        Report {
            year: format!("{:04}", p.year),
            closed,
            currency: books.coop.currency.clone(),
            surplus_fund: fund(p.surplus_fund),
            surplus: p.surplus,
            distributable: p.distributable,
            set_asides: p.named_set_asides(books),
            members: (p.members.iter())
                .map(|s| Share {
                    member: books.member(s.member).id.clone(),
                    figures: s.figures,
                })
                .collect(),
            totals: Totals {
                hours: p.totals.hours,
                turnover: p.totals.turnover,
                budget: p.totals.budget,
                allocation: p.totals.allocation,
                cash: p.totals.cash,
                retained: p.totals.retained,
            },
            result: YearResult::of(books, result),
            note: note(books, p),
            coop: books.coop.name.clone(),
        }
    }

    pub fn render(&self, style: &Style) -> String {
        let headers = strings(COLUMNS);
        match style.format {
            Format::Csv => {
                let rows: Vec<Vec<String>> = self.members.iter().map(Share::cells).collect();
                super::csv(&headers, &rows)
            }
            Format::Json => super::json(self),
            Format::Table => self.table(&style.layout),
        }
    }

    fn table(&self, layout: &Layout) -> String {
        let state = if self.closed {
            "closed"
        } else {
            "provisional: the year is not closed"
        };
        let mut out = format!(
            "Patronage {} - {} ({}) - {state}\n",
            self.year,
            escaped(&self.coop),
            self.currency
        );
        let mut lines = self.result.lines();
        lines.push((String::new(), String::new()));
        lines.push((
            format!("surplus of {}", self.surplus_fund),
            self.surplus.to_string(),
        ));
        for s in &self.set_asides {
            lines.push((
                format!("set aside to {} ({})", s.fund, s.rate.percent()),
                s.amount.to_string(),
            ));
        }
        lines.push(("distributable".into(), self.distributable.to_string()));
        let width = lines
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in lines {
            if k.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("  {k:<width$}  {v:>12}\n"));
            }
        }
        if let Some(note) = &self.note {
            out.push_str(&format!("Nothing is allocated: {note}.\n"));
            return out;
        }
        let mut table = Table::new().text(COLUMNS[0]);
        for h in &COLUMNS[1..] {
            table = table.figure(h);
        }
        for s in &self.members {
            table.row(s.cells());
        }
        let t = &self.totals;
        let mut total = vec!["total".to_string(), t.hours.to_string()];
        total.extend(
            [t.turnover, t.budget, t.allocation, t.cash, t.retained]
                .iter()
                .map(Money::to_string),
        );
        table.total(total);
        out.push('\n');
        out.push_str(&table.render(layout));
        out
    }
}
