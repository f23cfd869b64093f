//! Close files (`closes/<period>.toml`): what `coopbooks close` recorded of a month or a year.
//! One typed structure per kind of period, read and written as the same type.

use super::model::{BookFile, FileId};
use crate::money::{Hours, Money, Rate};
use crate::period::Closable;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One close file as read. `close` is `None` when the file does not parse (a problem says why);
/// the period still counts as closed.
pub struct CloseFile {
    pub rel: String,
    pub period: Closable,
    pub text: String,
    pub close: Option<Close>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Close {
    Month(MonthClose),
    Year(YearClose),
}

/// A closed month: per member with rows dated in it, the digest of those rows and the month's
/// pay figures; and the digest of the month's ledger rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthClose {
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    pub ledger_rows: u64,
    pub ledger: String,
    #[serde(default)]
    pub members: BTreeMap<String, MemberMonth>,
}

/// A member's closed month. A member whose only rows in the month are payments has no pay
/// figures (`contracts = 0`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberMonth {
    pub rows: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub contracts: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levies: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenses: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_contributions: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_contributions: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxable: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withholding: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<Money>,
}

impl MemberMonth {
    /// The figures as (name, value), by name: what `check` compares.
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        let text = |v: Option<Money>| v.map(|m| m.to_string());
        let mut all = vec![
            ("amount", text(self.amount)),
            ("budget", text(self.budget)),
            ("contracts", Some(self.contracts.to_string())),
            ("employee_contributions", text(self.employee_contributions)),
            ("employer_contributions", text(self.employer_contributions)),
            ("expenses", text(self.expenses)),
            ("gross", text(self.gross)),
            ("hours", self.hours.map(|h| h.to_string())),
            ("levies", text(self.levies)),
            ("model", self.model.clone()),
            ("net", text(self.net)),
            ("payout", text(self.payout)),
            ("taxable", text(self.taxable)),
            ("withholding", text(self.withholding)),
        ];
        all.retain(|(_, v)| v.is_some());
        all.into_iter()
            .map(|(k, v)| (k, v.unwrap_or_default()))
            .collect()
    }
}

/// A closed year: the patronage as allocated, with digests of the year's rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearClose {
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    pub rows: String,
    pub ledger_rows: u64,
    pub ledger: String,
    pub surplus_fund: String,
    pub surplus: Money,
    pub distributable: Money,
    pub allocated: Money,
    #[serde(default)]
    pub set_aside: Vec<SetAsideClose>,
    #[serde(default)]
    pub members: BTreeMap<String, MemberYear>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetAsideClose {
    pub fund: String,
    pub rate: Rate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberYear {
    pub hours: Hours,
    pub turnover: Money,
    pub budget: Money,
    pub allocation: Money,
    pub cash: Money,
    pub retained: Money,
}

impl MemberYear {
    /// The figures as (name, value), by name: what `check` compares.
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        vec![
            ("allocation", self.allocation.to_string()),
            ("budget", self.budget.to_string()),
            ("cash", self.cash.to_string()),
            ("hours", self.hours.to_string()),
            ("retained", self.retained.to_string()),
            ("turnover", self.turnover.to_string()),
        ]
    }
}

impl Close {
    /// The file's text: two lines that say what it is, then the TOML.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let (label, body) = match self {
            Close::Month(m) => (&m.period, toml::to_string(m)?),
            Close::Year(y) => (&y.period, toml::to_string(y)?),
        };
        Ok(format!(
            "# Closed with `coopbooks close {label}`: the figures of {label} as they were. Do not edit:\n\
             # `coopbooks check` fails if they would change; corrections go into a later period.\n\
             {body}"
        ))
    }
}

impl CloseFile {
    /// The line of a top-level key (`ledger`) or a member's table, for messages; else 1.
    pub fn line_of(&self, key: &str) -> u32 {
        let member = key.strip_prefix("members.");
        let mut in_table = false;
        for (i, line) in self.text.lines().enumerate() {
            let line = line.trim_end();
            if line.starts_with('[') {
                in_table = true;
                if let Some(id) = member
                    && (line == format!("[members.{id}]") || line == format!("[members.\"{id}\"]"))
                {
                    return i as u32 + 1;
                }
            } else if member.is_none()
                && !in_table
                && line.split('=').next().is_some_and(|k| k.trim() == key)
            {
                return i as u32 + 1;
            }
        }
        1
    }
}

/// Reads the close files; each that is not named for a period, or does not parse, is a problem.
pub fn read(files: &[(FileId, BookFile)], problems: &mut Vec<Problem>) -> Vec<CloseFile> {
    let mut out = Vec::new();
    for (_, f) in files {
        let stem = f
            .rel
            .trim_start_matches("closes/")
            .trim_end_matches(".toml");
        let Ok(period) = Closable::parse(stem) else {
            problems.push(Problem::error(
                f.rel.as_str(),
                1,
                format!(
                    "\"{stem}\" is not a period: close files are named YYYY-MM.toml or YYYY.toml"
                ),
            ));
            continue;
        };
        let Some(text) = super::text_of(f, problems) else {
            out.push(CloseFile {
                rel: f.rel.clone(),
                period,
                text: String::new(),
                close: None,
            });
            continue;
        };
        let parsed = match period {
            Closable::Month(_) => toml::from_str(text).map(Close::Month),
            Closable::Year(_) => toml::from_str(text).map(Close::Year),
        };
        let close = match parsed {
            Ok(close) => Some(close),
            Err(e) => {
                let line = e.span().map_or(1, |s| {
                    text[..s.start.min(text.len())].matches('\n').count() as u32 + 1
                });
                let message = e.message().trim().replace('\n', " ");
                problems.push(Problem::error(f.rel.as_str(), line, message));
                None
            }
        };
        out.push(CloseFile {
            rel: f.rel.clone(),
            period,
            text: text.to_string(),
            close,
        });
    }
    out
}
