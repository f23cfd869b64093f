//! The money figures of a member's month, in one list: every close file, CSV header, JSON
//! key, table column and diff derives its names and order from `Figure::ALL`.
//!
//! Adding a figure is a variant here (with its name and table heading), its rule in
//! `engine/pay.rs`, and an answer to each `match` the compiler then points at (which table
//! shows it, say).

use std::ops::{Index, IndexMut};

/// One money figure of a member's month (or of a total): what the pay rules compute from the
/// contracts, in the order every file and report gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// What the clients were invoiced, VAT aside.
    Amount,
    /// Every levy together (each levy apart is the figures' `levies`).
    Levies,
    /// Expenses repaid to the member.
    Expenses,
    /// What the contracts leave for pay: amount less levies and expenses.
    Budget,
    /// The salary or fee before contributions.
    Gross,
    EmployerContributions,
    EmployeeContributions,
    /// What withholding is computed on.
    Taxable,
    Withholding,
    /// What the member is paid for the month's work.
    Net,
    /// What is transferred: net and expenses.
    Payout,
}

impl Figure {
    pub const COUNT: usize = 11;

    /// Every figure, in order.
    pub const ALL: [Figure; Figure::COUNT] = [
        Figure::Amount,
        Figure::Levies,
        Figure::Expenses,
        Figure::Budget,
        Figure::Gross,
        Figure::EmployerContributions,
        Figure::EmployeeContributions,
        Figure::Taxable,
        Figure::Withholding,
        Figure::Net,
        Figure::Payout,
    ];

    /// The figures after the levies: those that follow each levy's own column in a report.
    pub const AFTER_LEVIES: [Figure; Figure::COUNT - 2] = {
        let mut after = [Figure::Amount; Figure::COUNT - 2];
        let mut i = 0;
        while i < after.len() {
            after[i] = Figure::ALL[i + 2];
            i += 1;
        }
        after
    };

    /// Its name in close files, CSV headers and JSON keys.
    pub const fn name(self) -> &'static str {
        match self {
            Figure::Amount => "amount",
            Figure::Levies => "levies",
            Figure::Expenses => "expenses",
            Figure::Budget => "budget",
            Figure::Gross => "gross",
            Figure::EmployerContributions => "employer_contributions",
            Figure::EmployeeContributions => "employee_contributions",
            Figure::Taxable => "taxable",
            Figure::Withholding => "withholding",
            Figure::Net => "net",
            Figure::Payout => "payout",
        }
    }

    /// Its heading in a table, where columns are narrow.
    pub const fn heading(self) -> &'static str {
        match self {
            Figure::EmployerContributions => "employer contrib.",
            Figure::EmployeeContributions => "employee contrib.",
            other => other.name(),
        }
    }

    /// The figure of that name.
    pub fn named(name: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A value for each figure, indexed by `Figure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PerFigure<T>(pub [T; Figure::COUNT]);

impl<T> PerFigure<T> {
    /// Each figure with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Figure, &T)> {
        Figure::ALL.into_iter().zip(&self.0)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> PerFigure<U> {
        PerFigure(self.0.map(f))
    }
}

impl<T> Index<Figure> for PerFigure<T> {
    type Output = T;
    fn index(&self, f: Figure) -> &T {
        &self.0[f as usize]
    }
}

impl<T> IndexMut<Figure> for PerFigure<T> {
    fn index_mut(&mut self, f: Figure) -> &mut T {
        &mut self.0[f as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_in_order_and_each_name_is_found_again() {
        for (i, f) in Figure::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i);
            assert_eq!(Figure::named(f.name()), Some(f));
        }
        assert_eq!(Figure::AFTER_LEVIES[0], Figure::Expenses);
        assert_eq!(Figure::AFTER_LEVIES[8], Figure::Payout);
        assert_eq!(Figure::named("contributions"), None);
    }
}
