//! The pay figures as every report shows them: a contract's line and a member-month's (or a
//! total's) figures as plain serializable values, with their table and CSV cells.

use super::table::{Show, Table};
use crate::books::Books;
use crate::engine::pay::{ContractPay, Figures};
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

/// The figures that add up, for a member's month or a total.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Totals {
    #[serde(skip)]
    pub contracts: usize,
    pub hours: Hours,
    pub amount: Money,
    pub levies: Levies,
    pub expenses: Money,
    pub budget: Money,
    pub gross: Money,
    pub employer_contributions: Money,
    pub employee_contributions: Money,
    /// Employer and employee contributions together (the default table's column).
    #[serde(skip)]
    pub contributions: Money,
    pub taxable: Money,
    pub withholding: Money,
    pub net: Money,
    pub payout: Money,
}

impl Totals {
    pub fn of(books: &Books, f: &Figures) -> Totals {
        Totals {
            contracts: f.contracts,
            hours: f.hours,
            amount: f.amount,
            levies: Levies::of(books, &f.levies),
            expenses: f.expenses,
            budget: f.budget,
            gross: f.gross,
            employer_contributions: f.employer_contributions,
            employee_contributions: f.employee_contributions,
            contributions: f.contributions(),
            taxable: f.taxable,
            withholding: f.withholding,
            net: f.net,
            payout: f.payout,
        }
    }

    /// The money figures after the levies, named as in every report.
    fn named(&self) -> [Money; 9] {
        [
            self.expenses,
            self.budget,
            self.gross,
            self.employer_contributions,
            self.employee_contributions,
            self.taxable,
            self.withholding,
            self.net,
            self.payout,
        ]
    }

    /// Table cells, under the columns `figure_columns` adds.
    pub fn table_cells(&self) -> Vec<String> {
        [
            self.contracts.to_string(),
            self.hours.to_string(),
            self.amount.to_string(),
            self.levies.total().to_string(),
            self.expenses.to_string(),
            self.budget.to_string(),
            self.gross.to_string(),
            self.contributions.to_string(),
            self.employer_contributions.to_string(),
            self.employee_contributions.to_string(),
            self.withholding.to_string(),
            self.net.to_string(),
            self.payout.to_string(),
        ]
        .into()
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
        cell(&self.amount);
        for (_, l) in &self.levies.0 {
            cell(l);
        }
        cell(&self.levies.total());
        for m in self.named() {
            cell(&m);
        }
    }
}

/// The columns of a member-month's or a total's figures (`Totals::table_cells`), after the
/// leading label columns: by default what a treasurer reads first — amount, levies, gross,
/// contributions, withholding, net, payout — and with `--wide` every figure, the two
/// contributions apart.
pub fn figure_columns(table: Table) -> Table {
    table
        .figure_in("contracts", Show::Wide)
        .figure_in("hours", Show::Wide)
        .figure("amount")
        .figure("levies")
        .figure_in("expenses", Show::Wide)
        .figure_in("budget", Show::Wide)
        .figure("gross")
        .figure_in("contributions", Show::Narrow)
        .figure_in("employer contrib.", Show::Wide)
        .figure_in("employee contrib.", Show::Wide)
        .figure("withholding")
        .figure("net")
        .figure("payout")
}

/// CSV columns of `Totals::csv_cells`.
pub fn csv_headers(levies: &Levies) -> Vec<String> {
    let mut h = super::strings(["contracts", "hours", "amount"]);
    h.extend(levies.names().map(|l| format!("levy_{l}")));
    h.push("levies".into());
    h.extend(crate::engine::pay::Figures::NAMED.map(str::to_string));
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
