//! The `bank` report: the account day by day over a period — its opening, each movement with
//! the balance after it, its closing — and each statement's balances beside the books'.

use super::table::Table;
use super::{Format, Style, strings};
use crate::books::Books;
use crate::engine::bank::{self, Check, Origin, Over};
use crate::money::Money;
use crate::period::Period;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;

/// One movement.
#[derive(Serialize)]
pub struct Line {
    pub date: NaiveDate,
    /// `payment`, or the ledger row's kind.
    pub kind: &'static str,
    /// Whom it is with: a contract, a member, a fund, `tax` or `social`.
    #[serde(rename = "for")]
    pub party: String,
    pub memo: String,
    pub amount: Money,
    pub balance: Money,
    /// `file:line` of its row.
    pub source: String,
}

/// A statement's balances, the bank's and the books'.
#[derive(Serialize)]
pub struct Statement {
    pub statement: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub bank_opening: Money,
    pub books_opening: Money,
    pub bank_closing: Money,
    pub books_closing: Money,
    /// The books' closing less the bank's.
    pub difference: Money,
    pub met: bool,
}

#[derive(Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    /// The co-op's account, when coop.toml names one.
    pub account: Option<String>,
    pub opening: Money,
    pub movements: Vec<Line>,
    pub closing: Money,
    /// The statements whose last day is in the period.
    pub statements: Vec<Statement>,
    #[serde(skip)]
    pub coop: String,
}

impl Report {
    pub fn of(books: &Books, period: &Period, over: &Over, checks: &[Check]) -> Report {
        let mut notes = crate::books::Notes::new(books);
        let movements = (over.movements.iter())
            .map(|&(m, balance)| {
                let kind = match m.origin {
                    Origin::Payment(_) => "payment",
                    Origin::Ledger(i) => books.ledger[i as usize].kind.word(),
                };
                let (file, line) = bank::place(books, m.origin);
                Line {
                    date: m.date,
                    kind,
                    party: bank::party(books, m.origin).to_string(),
                    memo: notes.of(bank::source(books, m.origin)).to_string(),
                    amount: m.amount,
                    balance,
                    source: format!("{file}:{line}"),
                }
            })
            .collect();
        let statements = (checks.iter())
            .filter(|c| period.contains(books.statements[c.statement].to))
            .map(|c| {
                let s = &books.statements[c.statement];
                Statement {
                    statement: s.statement.clone(),
                    from: s.from,
                    to: s.to,
                    bank_opening: s.opening,
                    books_opening: c.books_opening,
                    bank_closing: s.closing,
                    books_closing: c.books_closing,
                    difference: c.difference(books),
                    met: c.met(books),
                }
            })
            .collect();
        Report {
            from: period.from,
            to: period.to,
            currency: books.coop.currency.clone(),
            account: books.coop.bank.as_ref().map(|b| b.iban.clone()),
            opening: over.opening,
            movements,
            closing: over.closing,
            statements,
            coop: books.coop.name.clone(),
        }
    }

    /// The statements whose balances the books do not meet.
    pub fn unmet(&self) -> usize {
        self.statements.iter().filter(|s| !s.met).count()
    }

    pub fn render(&self, style: &Style) -> String {
        match style.format {
            Format::Csv => {
                let headers =
                    strings(["date", "kind", "for", "memo", "amount", "balance", "source"]);
                let rows: Vec<Vec<String>> = (self.movements.iter())
                    .map(|l| {
                        vec![
                            l.date.to_string(),
                            l.kind.to_string(),
                            l.party.clone(),
                            l.memo.clone(),
                            l.amount.to_string(),
                            l.balance.to_string(),
                            l.source.clone(),
                        ]
                    })
                    .collect();
                super::csv(&headers, &rows)
            }
            Format::Json => super::json(self),
            Format::Table => self.table(style),
        }
    }

    fn table(&self, style: &Style) -> String {
        let account = self.account.as_deref().unwrap_or("the bank account");
        let mut out = format!(
            "Bank {} from {} to {} - {} ({})\n",
            escaped(account),
            self.from,
            self.to,
            escaped(&self.coop),
            self.currency
        );
        let mut t = Table::new()
            .text("date")
            .text("kind")
            .text("for")
            .text("memo")
            .figure("amount")
            .figure("balance");
        t.row(vec![
            self.from.to_string(),
            "opening".into(),
            String::new(),
            String::new(),
            String::new(),
            self.opening.to_string(),
        ]);
        for l in &self.movements {
            t.row(vec![
                l.date.to_string(),
                l.kind.to_string(),
                escaped(&l.party).into_owned(),
                escaped(&l.memo).into_owned(),
                l.amount.to_string(),
                l.balance.to_string(),
            ]);
        }
        t.total(vec![
            self.to.to_string(),
            "closing".into(),
            String::new(),
            String::new(),
            String::new(),
            self.closing.to_string(),
        ]);
        out.push_str(&t.render(&style.layout));
        if self.statements.is_empty() {
            return out;
        }
        out.push_str("\nStatements\n");
        let mut t = Table::new()
            .text("statement")
            .text("from")
            .text("to")
            .figure("bank opening")
            .figure("books")
            .figure("bank closing")
            .figure("books")
            .figure("difference");
        for s in &self.statements {
            t.row(vec![
                escaped(&s.statement).into_owned(),
                s.from.to_string(),
                s.to.to_string(),
                s.bank_opening.to_string(),
                s.books_opening.to_string(),
                s.bank_closing.to_string(),
                s.books_closing.to_string(),
                s.difference.to_string(),
            ]);
        }
        out.push_str(&t.render(&style.layout));
        out
    }
}

/// What the books' balance at the end of a period is against the statements: none to say
/// when every statement is met.
pub fn summary(report: &Report) -> Option<String> {
    let unmet = report.unmet();
    if unmet == 0 {
        return None;
    }
    let s = if unmet == 1 { "" } else { "s" };
    let first = report.statements.iter().find(|s| !s.met)?;
    Some(format!(
        "coopbooks: {unmet} statement{s} not met by the books; the first, \"{}\" to {}: the \
         bank's balance is {} {} the books' (`coopbooks check` says where they part)\n",
        escaped(&first.statement),
        first.to,
        first.difference.abs(),
        if first.difference > Money::ZERO {
            "below"
        } else {
            "above"
        }
    ))
}
