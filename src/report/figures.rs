//! The pay figures as every report shows them: a contract's line and a member-month's (or a
//! total's) figures as plain serializable values, with their table and CSV cells.

use super::table::{Show, Table};
use crate::books::Books;
use crate::engine::pay::{ContractPay, Figures};
use crate::figure::{Figure, PerFigure};
use crate::money::{Hours, Money};
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Amounts by levy, in the order of coop.toml: a JSON object `{"mutual": "39.00", ...}`.
#[derive(Clone, Debug)]
pub struct Levies(pub Vec<(String, Money)>);

impl Levies {
    pub fn of(books: &Books, amounts: &[Money]) -> Levies {
        Levies(
            (books.coop.levies.iter())
                .zip(amounts)
                .map(|(l, &a)| (l.name.clone(), a))
                .collect(),
        )
    }

    pub fn total(&self) -> Money {
        self.0.iter().map(|(_, a)| *a).sum()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }
}

impl Serialize for Levies {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, amount) in &self.0 {
            map.serialize_entry(name, amount)?;
        }
        map.end()
    }
}

/// The figures that add up, for a member's month or a total. In JSON: `hours`, then each
/// figure by its name, the levies as an object of each levy.
#[derive(Clone, Debug)]
pub struct Totals {
    pub contracts: usize,
    pub hours: Hours,
    pub levies: Levies,
    pub money: PerFigure<Money>,
    /// Employer and employee contributions together (the default table's column).
    pub contributions: Money,
    /// A shortfall brought or left (credit notes), if any.
    pub carried: Option<Carried>,
}

/// A shortfall a credit note left: brought from earlier months (`from`, the month it was
/// first left in; none in a total), and left for later ones. In JSON as `carried`, only
/// where there is one.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Carried {
    pub from: Option<String>,
    pub brought: Money,
    pub left: Money,
}

impl Carried {
    /// Table lines under a table of member-months: who brings or leaves a shortfall.
    pub fn lines<'a>(rows: impl Iterator<Item = (&'a str, &'a Totals)>) -> String {
        let mut out = String::new();
        for (label, t) in rows {
            let Some(c) = &t.carried else { continue };
            if let Some(from) = &c.from {
                out.push_str(&format!("{label}: {} carried from {from}\n", c.brought));
            }
            if c.left.is_negative() {
                out.push_str(&format!(
                    "{label}: {} left to be carried to later months (nothing negative is paid)\n",
                    c.left
                ));
            }
        }
        out
    }
}

impl Serialize for Totals {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1 + Figure::COUNT))?;
        map.serialize_entry("hours", &self.hours)?;
        for (figure, value) in self.money.iter() {
            match figure {
                Figure::Levies => map.serialize_entry(figure.name(), &self.levies)?,
                _ => map.serialize_entry(figure.name(), value)?,
            }
        }
        if let Some(carried) = &self.carried {
            map.serialize_entry("carried", carried)?;
        }
        map.end()
    }
}

/// Where a figure shows in a table of member-months: every one with `--wide`, the main ones
/// by default (the two contributions together, as `contributions`), taxable in none.
fn shown(figure: Figure) -> Option<Show> {
    match figure {
        Figure::Amount | Figure::Levies | Figure::Gross => Some(Show::Always),
        Figure::Withholding | Figure::Net | Figure::Payout => Some(Show::Always),
        Figure::Expenses | Figure::Budget => Some(Show::Wide),
        Figure::EmployerContributions | Figure::EmployeeContributions => Some(Show::Wide),
        Figure::Taxable => None,
    }
}

impl Totals {
    pub fn of(books: &Books, f: &Figures) -> Totals {
        Totals {
            contracts: f.contracts,
            hours: f.hours,
            levies: Levies::of(books, &f.levies),
            money: f.money,
            contributions: f.contributions(),
            carried: (!f.brought.is_zero() || !f.left.is_zero()).then_some(Carried {
                from: None,
                brought: f.brought,
                left: f.left,
            }),
        }
    }

    /// A member-month's figures, with the month its shortfall was first left in.
    pub fn of_month(books: &Books, f: &Figures, from: Option<crate::period::Month>) -> Totals {
        let mut t = Totals::of(books, f);
        if let Some(c) = &mut t.carried {
            c.from = from.map(|m| m.to_string());
        }
        t
    }

    /// Table cells, under the columns `figure_columns` adds.
    pub fn table_cells(&self) -> Vec<String> {
        let mut cells = vec![self.contracts.to_string(), self.hours.to_string()];
        for (figure, value) in self.money.iter() {
            if figure == Figure::EmployerContributions {
                cells.push(self.contributions.to_string());
            }
            if shown(figure).is_some() {
                cells.push(value.to_string());
            }
        }
        cells
    }

    /// CSV cells, under `csv_headers`: every figure, each levy in its own column.
    pub fn csv_cells(&self) -> Vec<String> {
        let mut v = Vec::new();
        self.each_csv_cell(|cell| v.push(cell.to_string()));
        v
    }

    /// Each CSV cell in turn, as `csv_cells` lists them.
    pub fn each_csv_cell(&self, mut cell: impl FnMut(&dyn std::fmt::Display)) {
        cell(&self.contracts);
        cell(&self.hours);
        for (figure, value) in self.money.iter() {
            if figure == Figure::Levies {
                for (_, l) in &self.levies.0 {
                    cell(l);
                }
            }
            cell(value);
        }
    }
}

/// The columns of a member-month's or a total's figures (`Totals::table_cells`), after the
/// leading label columns: by default what a treasurer reads first — amount, levies, gross,
/// contributions, withholding, net, payout — and with `--wide` every figure, the two
/// contributions apart.
pub fn figure_columns(table: Table) -> Table {
    let mut table = (table.figure_in("contracts", Show::Wide)).figure_in("hours", Show::Wide);
    for figure in Figure::ALL {
        if figure == Figure::EmployerContributions {
            table = table.figure_in("contributions", Show::Narrow);
        }
        if let Some(show) = shown(figure) {
            table = table.figure_in(figure.heading(), show);
        }
    }
    table
}

/// CSV columns of `Totals::csv_cells`.
pub fn csv_headers(levies: &Levies) -> Vec<String> {
    let mut h = super::strings(["contracts", "hours"]);
    for figure in Figure::ALL {
        if figure == Figure::Levies {
            h.extend(levies.names().map(|l| format!("levy_{l}")));
        }
        h.push(figure.name().to_string());
    }
    h
}

/// One contract's line.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Line {
    pub id: String,
    pub client: String,
    pub date: NaiveDate,
    pub pay_date: NaiveDate,
    pub hours: Hours,
    pub amount: Money,
    pub levies: Levies,
    pub expenses: Money,
    pub budget: Money,
}

impl Line {
    pub fn of(books: &Books, p: &ContractPay) -> Line {
        let c = books.contract(p.contract);
        Line {
            id: books.contract_id(c).to_string(),
            client: books.client(c).to_string(),
            date: c.date,
            pay_date: p.pay_date,
            hours: c.hours,
            amount: c.amount,
            levies: Levies::of(books, &p.levies),
            expenses: c.expenses,
            budget: p.budget,
        }
    }

    /// Headers of `cells`, after any leading label columns; `levy_prefix` goes before each
    /// levy's name (`levy_` in CSV, nothing in tables).
    pub fn headers(levies: &Levies, levy_prefix: &str) -> Vec<String> {
        let mut h = super::strings(["contract", "client", "date", "pay_date", "hours", "amount"]);
        h.extend(levies.names().map(|l| format!("{levy_prefix}{l}")));
        h.push("expenses".into());
        h.push("budget".into());
        h
    }

    /// The columns of a contract's line (`table_cells`), after any leading label columns:
    /// by default the contract, client, pay date, amount, levies and budget; with `--wide`
    /// every figure, each levy apart.
    pub fn columns(table: Table, levies: &Levies) -> Table {
        let mut t = (table.text("contract").cuttable("client"))
            .wide_text("date")
            .text("pay date")
            .figure_in("hours", Show::Wide)
            .figure("amount");
        for name in levies.names() {
            t = t.figure_in(name, Show::Wide);
        }
        t.figure_in("levies", Show::Narrow)
            .figure_in("expenses", Show::Wide)
            .figure("budget")
    }

    /// Table cells, under `columns`: `cells`, with the levies' total after each levy.
    pub fn table_cells(&self) -> Vec<String> {
        let mut v = self.cells();
        v.insert(6 + self.levies.0.len(), self.levies.total().to_string());
        v
    }

    pub fn cells(&self) -> Vec<String> {
        let mut v = Vec::new();
        self.each_cell(|cell| v.push(cell.to_string()));
        v
    }

    /// Each cell in turn, as `cells` lists them.
    pub fn each_cell(&self, mut cell: impl FnMut(&dyn std::fmt::Display)) {
        cell(&self.id);
        cell(&self.client);
        cell(&self.date);
        cell(&self.pay_date);
        cell(&self.hours);
        cell(&self.amount);
        for (_, l) in &self.levies.0 {
            cell(l);
        }
        cell(&self.expenses);
        cell(&self.budget);
    }
}
