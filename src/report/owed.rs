//! What is still owed at a date, as `pay` and `funds` show it under their tables (and in
//! their JSON): to the tax office, to social security, to the members.

use crate::engine::owed::Owed;
use crate::money::Money;
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
    /// The line under a table.
    pub fn line(&self, currency: &str) -> String {
        let o = &self.owed;
        let amount = |m: Money| format!("{m} {currency}");
        format!(
            "\nStill owed at the end of {}: to the tax office {}, to social security {}, to the \
             members {} (what pay and patronage made due, less the remittances and payouts \
             recorded by then).\n",
            self.at,
            amount(o.tax),
            amount(o.social),
            amount(o.members)
        )
    }
}
