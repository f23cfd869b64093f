//! What is still owed at a date, as `pay` and `funds` show it under their tables (and in
//! their JSON): to the tax office, to social security, to the members.

use crate::engine::owed::Owed;
use chrono::NaiveDate;
use serde::Serialize;

/// What is owed at the end of a day.
#[derive(Serialize)]
pub struct Still {
    pub at: NaiveDate,
    #[serde(flatten)]
    pub owed: Owed,
}

impl Still {
    /// The lines under a table.
    pub fn lines(&self, currency: &str) -> String {
        let o = &self.owed;
        let rows = [
            ("tax office", o.tax),
            ("social security", o.social),
            ("members", o.members),
        ];
        let width = rows
            .iter()
            .map(|(_, m)| m.to_string().len())
            .max()
            .unwrap_or(0);
        let mut out = format!("\nStill owed on {} ({currency}):\n", self.at);
        for (to, amount) in rows {
            out.push_str(&format!("  {to:<15}  {:>width$}\n", amount.to_string()));
        }
        out
    }
}
