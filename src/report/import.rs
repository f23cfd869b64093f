//! What `import` did with each transaction of the statements: the summary a treasurer reads
//! (and the credits left to settle by hand), or every transaction as CSV or JSON, written as
//! it is made — a statement of millions of transactions is never held twice.

use super::table::{Layout, Table};
use super::{Format, Style};
use crate::bank::camt053::Statement;
use crate::books::Books;
use crate::books::append::{self, NewLedgerRow, NewPayment};
use crate::books::{ContractId, LedgerKind};
use crate::engine::import::{Decision, Outcome, Skip, Unmatched};
use crate::money::Money;
use crate::text::escaped;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Serialize)]
pub struct Report<'a> {
    /// Nothing was written: the rows are what would be added.
    pub dry_run: bool,
    pub currency: &'a str,
    pub summary: Summary,
    /// The payments and ledger files the rows go to.
    pub files: Vec<String>,
    /// The statements whose balances are new to bank/statements.csv.
    pub balances: usize,
    /// Every transaction, in the order decided: a sequence made one line at a time.
    pub transactions: Lines<'a>,
}

#[derive(Serialize)]
pub struct Summary {
    pub imported: Count,
    pub already_imported: Count,
    pub skipped: usize,
    pub unmatched: usize,
}

#[derive(Serialize, Default)]
pub struct Count {
    pub transactions: usize,
    pub amount: Money,
}

impl Count {
    fn add(&mut self, amount: Money) {
        self.transactions += 1;
        self.amount += amount;
    }
}

/// One transaction and what became of it.
#[derive(Serialize)]
pub struct Line<'a> {
    /// `imported`, `already_imported`, `skipped` or `unmatched`.
    pub outcome: &'static str,
    /// The statement file and the line of the transaction's entry.
    pub statement: &'a str,
    pub line: u32,
    pub date: Option<NaiveDate>,
    /// As the statement writes it.
    pub amount: Option<&'a str>,
    pub currency: &'a str,
    pub reference: &'a str,
    /// The debtor of a credit, the creditor of a debit.
    pub counterparty: &'a str,
    pub remittance: &'a str,
    /// The contract it pays (imported credits; several for a split transfer, joined by
    /// "+"), or whom its ledger row is for (a member, a fund, `tax` or `social`).
    pub contract: Option<String>,
    /// The kind of row it became: `payment`, or a ledger row's kind.
    pub kind: Option<&'static str>,
    /// The bank rule that matched, by its name.
    pub rule: Option<&'a str>,
    /// The file its rows go to.
    pub file: Option<String>,
    /// The date its row has when it was booked in a closed month: the first day open.
    pub recorded: Option<NaiveDate>,
    /// Why it was skipped or left unmatched.
    pub reason: Option<String>,
}

/// The transactions' lines, made from the decisions as they are wanted.
pub struct Lines<'a> {
    books: &'a Books,
    statements: &'a [Statement],
    names: &'a [String],
    decisions: &'a [Decision],
}

impl<'a> Lines<'a> {
    fn line(&self, d: &Decision) -> Line<'a> {
        let (books, st) = (self.books, &self.statements[d.statement]);
        let t = &st.transactions[d.index];
        let id = |c: ContractId| books.contract_id(books.contract(c)).to_string();
        let (mut contract, mut kind, mut rule, mut file, mut reason) =
            (None, None, None, None, None);
        match &d.outcome {
            Outcome::Imported {
                contract: c, date, ..
            } => {
                (contract, kind, file) = (Some(id(*c)), Some("payment"), Some(file_of(*date)));
            }
            Outcome::Split { date, parts } => {
                let ids: Vec<String> = parts.iter().map(|&(c, _)| id(c)).collect();
                contract = Some(ids.join("+"));
                (kind, file) = (Some("payment"), Some(file_of(*date)));
            }
            Outcome::Row { date, row } => {
                let party = crate::engine::bank::row_party(
                    books,
                    row.kind,
                    row.contract,
                    row.member,
                    row.fund,
                );
                contract = Some(party.to_string());
                (kind, file) = (Some(row.kind.word()), Some(ledger_file_of(*date)));
                rule = row.rule.map(|r| books.rules[r].name.as_str());
            }
            Outcome::Already => {}
            Outcome::Skipped(s) => reason = Some(skipped(s)),
            Outcome::Unmatched(u) => reason = Some(unmatched(books, st, t, u)),
        }
        let recorded = d.booked.and(match &d.outcome {
            Outcome::Imported { date, .. }
            | Outcome::Split { date, .. }
            | Outcome::Row { date, .. } => Some(*date),
            _ => None,
        });
        Line {
            outcome: name(&d.outcome),
            statement: &self.names[d.statement],
            line: t.line,
            date: t.booked,
            amount: st.amount(t),
            currency: st.text(t.currency),
            reference: st.text(t.reference),
            counterparty: st.counterparty(t).0,
            remittance: st.text(t.remittance),
            contract,
            kind,
            rule,
            file,
            recorded,
            reason,
        }
    }

    fn iter(&self) -> impl Iterator<Item = Line<'a>> + '_ {
        self.decisions.iter().map(|d| self.line(d))
    }

    /// The lines of one outcome (as `name` calls it): only those are made.
    fn of(&self, outcome: &'static str) -> impl Iterator<Item = Line<'a>> + '_ {
        (self.decisions.iter())
            .filter(move |d| name(&d.outcome) == outcome)
            .map(|d| self.line(d))
    }
}

impl Serialize for Lines<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The payments file a payment dated `date` goes to: the one of its year.
pub fn file_of(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("payments/{:04}.csv", date.year())
}

/// The ledger file a row dated `date` goes to: the one of its year.
pub fn ledger_file_of(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("ledger/{:04}.csv", date.year())
}

impl<'a> Report<'a> {
    /// `names` are the statements' files as given on the command line.
    pub fn of(
        books: &'a Books,
        statements: &'a [Statement],
        names: &'a [String],
        decisions: &'a [Decision],
        dry_run: bool,
    ) -> Report<'a> {
        let mut summary = Summary {
            imported: Count::default(),
            already_imported: Count::default(),
            skipped: 0,
            unmatched: 0,
        };
        let mut files: Vec<String> = Vec::new();
        for d in decisions {
            let (amount, file) = match &d.outcome {
                Outcome::Imported { date, amount, .. } => (*amount, Some(file_of(*date))),
                Outcome::Split { date, parts } => {
                    (parts.iter().map(|p| p.1).sum(), Some(file_of(*date)))
                }
                Outcome::Row { date, row } => (row.amount, Some(ledger_file_of(*date))),
                _ => (Money::ZERO, None),
            };
            if let Some(file) = file {
                summary.imported.add(amount);
                if !files.contains(&file) {
                    files.push(file);
                }
            }
            match &d.outcome {
                Outcome::Imported { .. } | Outcome::Split { .. } | Outcome::Row { .. } => {}
                Outcome::Already => {
                    let st = &statements[d.statement];
                    let amount = (st.amount(&st.transactions[d.index]))
                        .and_then(|a| crate::money::parse_money(a, &books.coop.currency).ok());
                    summary.already_imported.add(amount.unwrap_or(Money::ZERO));
                }
                Outcome::Skipped(_) => summary.skipped += 1,
                Outcome::Unmatched(_) => summary.unmatched += 1,
            }
        }
        files.sort();
        Report {
            dry_run,
            currency: &books.coop.currency,
            summary,
            files,
            balances: 0,
            transactions: Lines {
                books,
                statements,
                names,
                decisions,
            },
        }
    }

    /// Writes the report as it is made.
    pub fn write(&self, style: &Style, out: &mut dyn Write) -> io::Result<()> {
        match style.format {
            Format::Table => out.write_all(self.table(&style.layout).as_bytes()),
            Format::Csv => self.csv(out),
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, self).map_err(io::Error::other)?;
                out.write_all(b"\n")
            }
        }
    }

    /// The summary, and the lists a treasurer reads: the credits left unmatched and the
    /// transactions skipped (and, in a dry run, the rows it would add).
    fn table(&self, layout: &Layout) -> String {
        let s = &self.summary;
        let (n, cur) = (s.imported.transactions, self.currency);
        let payments = if n == 1 { "row" } else { "rows" };
        let into = if self.files.is_empty() {
            String::new()
        } else {
            format!(", into {}", self.files.join(", "))
        };
        let mut out = if self.dry_run {
            format!(
                "Would import {n} {payments}, {} {cur}{into} (a dry run: nothing written).\n",
                s.imported.amount
            )
        } else {
            format!(
                "Imported {n} {payments}, {} {cur}{into}.\n",
                s.imported.amount
            )
        };
        out.push_str(&format!(
            "Already imported: {} ({} {cur}). Skipped: {}. Unmatched: {}.\n",
            s.already_imported.transactions, s.already_imported.amount, s.skipped, s.unmatched
        ));
        if self.balances > 0 {
            let (n, s) = (self.balances, if self.balances == 1 { "" } else { "s" });
            let verb = if self.dry_run {
                "Would record"
            } else {
                "Recorded"
            };
            out.push_str(&format!(
                "{verb} the balances of {n} statement{s} in bank/statements.csv.\n"
            ));
        }
        let lines = &self.transactions;
        if self.dry_run && n > 0 {
            out.push_str("\nThe rows it would add:\n");
            let mut t = Table::new()
                .text("file")
                .text("kind")
                .text("for")
                .text("date")
                .figure("amount")
                .text("memo");
            for l in lines.of("imported") {
                let date = match (l.recorded, l.date) {
                    (Some(r), Some(b)) => format!("{r} (booked {b})"),
                    (_, d) => d.map(|d| d.to_string()).unwrap_or_default(),
                };
                t.row(vec![
                    l.file.unwrap_or_default(),
                    l.kind.unwrap_or_default().to_string(),
                    escaped(&l.contract.unwrap_or_default()).into_owned(),
                    date,
                    l.amount.unwrap_or_default().to_string(),
                    escaped(l.reference).into_owned(),
                ]);
            }
            out.push_str(&t.render(layout));
        }
        for (outcome, title, count) in [
            ("unmatched", "Unmatched, to settle by hand:", s.unmatched),
            ("skipped", "Skipped:", s.skipped),
        ] {
            if count == 0 {
                continue;
            }
            out.push_str(&format!("\n{title}\n"));
            let mut t = Table::new()
                .wide_text("statement")
                .text("date")
                .figure("amount")
                .cuttable("counterparty")
                .cuttable("remittance")
                .wide_text("reference")
                .text("reason");
            for l in lines.of(outcome) {
                let mut amount = l.amount.unwrap_or("-").to_string();
                if l.currency != self.currency {
                    amount = format!("{amount} {}", l.currency);
                }
                t.row(vec![
                    format!("{}:{}", escaped(l.statement), l.line),
                    l.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    amount,
                    escaped(l.counterparty).into_owned(),
                    escaped(l.remittance).into_owned(),
                    escaped(l.reference).into_owned(),
                    escaped(l.reason.as_deref().unwrap_or("")).into_owned(),
                ]);
            }
            out.push_str(&t.render(layout));
        }
        out
    }

    /// One row per transaction, written as it is made.
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "outcome",
            "statement",
            "line",
            "date",
            "amount",
            "currency",
            "reference",
            "counterparty",
            "remittance",
            "contract",
            "file",
            "reason",
            "kind",
            "rule",
            "recorded",
        ])?;
        for l in self.transactions.iter() {
            let (line, date) = (l.line.to_string(), l.date.map(|d| d.to_string()));
            let recorded = l.recorded.map(|d| d.to_string());
            w.write_record([
                l.outcome,
                l.statement,
                &line,
                date.as_deref().unwrap_or(""),
                l.amount.unwrap_or(""),
                l.currency,
                l.reference,
                l.counterparty,
                l.remittance,
                l.contract.as_deref().unwrap_or(""),
                l.file.as_deref().unwrap_or(""),
                l.reason.as_deref().unwrap_or(""),
                l.kind.unwrap_or(""),
                l.rule.unwrap_or(""),
                recorded.as_deref().unwrap_or(""),
            ])?;
        }
        w.flush()
    }
}

/// How an outcome is named in the lines: `imported`, `already_imported`, `skipped`,
/// `unmatched`.
fn name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Imported { .. } | Outcome::Split { .. } | Outcome::Row { .. } => "imported",
        Outcome::Already => "already_imported",
        Outcome::Skipped(_) => "skipped",
        Outcome::Unmatched(_) => "unmatched",
    }
}

fn skipped(s: &Skip) -> String {
    match s {
        Skip::NotBooked(status) => format!("not booked (status {status})"),
        Skip::Reversal => "a reversal".into(),
        Skip::Return => "a return, not of a payout".into(),
    }
}

fn unmatched(
    books: &Books,
    st: &Statement,
    t: &crate::bank::camt053::Transaction,
    u: &Unmatched,
) -> String {
    let id = |c| books.contract_id(books.contract(c)).to_string();
    match u {
        Unmatched::Currency(c) => format!("in {c}, not {}", books.coop.currency),
        Unmatched::NoAmount => "no amount of its own (in a batch)".into(),
        Unmatched::Amount(why) => {
            format!("amount \"{}\" {why}", st.amount(t).unwrap_or(""))
        }
        Unmatched::NoReference => "no reference from the bank".into(),
        Unmatched::NoContract => "names no contract, and no bank rule matches it".into(),
        Unmatched::UnknownReference(r) => format!("unknown reference {r}"),
        Unmatched::MistypedReference(r, meant) => {
            let meant = meant.map(|c| {
                let id = id(c);
                let right = crate::engine::reference::of_id(&id).unwrap_or_default();
                let right = crate::engine::reference::printed(&right);
                format!("; {right} would be the reference of {id}")
            });
            format!(
                "reference {r}: its check digits are wrong{}",
                meant.unwrap_or_default()
            )
        }
        Unmatched::Several { contracts, open } => {
            let ids: Vec<String> = contracts.iter().map(|&c| id(c)).collect();
            format!(
                "names several contracts, {}, whose amounts still open add up to {open}, not to \
                 it",
                ids.join(", ")
            )
        }
        Unmatched::Ambiguous(contracts) => {
            let ids: Vec<String> = contracts.iter().map(|&c| id(c)).collect();
            format!(
                "its reference is that of several contracts: {}",
                ids.join(", ")
            )
        }
        Unmatched::PayoutAmount { id, payout } => {
            format!("the payout {id} is {payout}, not this amount")
        }
        Unmatched::NoRule => "a debit that is no payout and that no bank rule matches".into(),
        Unmatched::BeforeOpening(d) => format!("booked before the bank account's opening on {d}"),
        Unmatched::Overpays {
            contract,
            outstanding,
            typed,
        } => {
            let mut why = format!("overpays {}: {outstanding} open", id(*contract));
            if let Some(at) = typed {
                let _ = write!(
                    why,
                    "; {}:{} pays it this amount already: if that row is this transfer, put \
                     the bank's reference {} in its memo column",
                    books.file(at.file),
                    at.line,
                    st.text(t.reference)
                );
            }
            why
        }
    }
}

/// What an import writes: the rows into the payments and ledger files of each one's year,
/// and the statements' new balances into bank/statements.csv — each file whole, as (path in
/// the books, bytes); `Err` says why a file cannot take its rows.
pub fn files(
    books: &Books,
    statements: &[Statement],
    decisions: &[Decision],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut payments: Vec<(String, Vec<NewPayment>)> = Vec::new();
    let mut ledger: Vec<(String, Vec<NewLedgerRow>)> = Vec::new();
    fn into<T>(files: &mut Vec<(String, Vec<T>)>, file: String, row: T) {
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, rows)) => rows.push(row),
            None => files.push((file, vec![row])),
        }
    }
    for d in decisions {
        let st = &statements[d.statement];
        let reference = st.text(st.transactions[d.index].reference);
        let payment = |contract, date, amount| NewPayment {
            contract: books.contract_id(books.contract(contract)),
            date,
            amount,
            memo: reference,
            booked: d.booked,
        };
        match &d.outcome {
            Outcome::Imported {
                contract,
                date,
                amount,
            } => into(
                &mut payments,
                file_of(*date),
                payment(*contract, *date, *amount),
            ),
            Outcome::Split { date, parts } => {
                for &(contract, amount) in parts {
                    into(
                        &mut payments,
                        file_of(*date),
                        payment(contract, *date, amount),
                    );
                }
            }
            Outcome::Row { date, row } => {
                let rule = row.rule.map(|r| &books.rules[r]);
                let memo = match rule.map(|r| r.memo.as_str()) {
                    Some(m) if !m.is_empty() => format!("{reference} {m}"),
                    _ => reference.to_string(),
                };
                let to = match row.kind {
                    LedgerKind::Remit(a) => a.word(),
                    _ => "",
                };
                let new = NewLedgerRow {
                    date: *date,
                    kind: row.kind.word(),
                    amount: row.amount,
                    fund: row.fund.map_or("", |f| books.coop.fund(f).name.as_str()),
                    to,
                    member: row.member.map_or("", |m| books.member_id(m)),
                    contract: row
                        .contract
                        .map_or("", |c| books.contract_id(books.contract(c))),
                    memo,
                    booked: d.booked,
                };
                into(&mut ledger, ledger_file_of(*date), new);
            }
            _ => {}
        }
    }
    let existing = |rel: &str| {
        (books.files.iter())
            .find(|f| f.rel == *rel)
            .map(|f| &f.bytes[..])
    };
    let mut out = Vec::new();
    for (rel, rows) in &payments {
        out.push((rel.clone(), append::payments(rel, existing(rel), rows)?));
    }
    for (rel, rows) in &ledger {
        out.push((rel.clone(), append::ledger(rel, existing(rel), rows)?));
    }
    let balances = new_balances(books, statements);
    if !balances.is_empty() {
        let rel = crate::books::STATEMENTS;
        let header = b"account,statement,from,to,opening,closing\n";
        let bytes = append::add(rel, existing(rel).unwrap_or(header), &balances)?;
        out.push((rel.to_string(), bytes));
    }
    Ok(out)
}

/// The balances of the statements that bank/statements.csv does not hold yet (by account and
/// statement id), as its rows: each statement with an id, an account, an opening and a
/// closing booked balance in amounts the books hold, its last day not before its first (a
/// statement without them is not recorded, and so not checked).
pub fn new_balances<'b>(books: &Books, statements: &'b [Statement]) -> Vec<Vec<(&'b str, String)>> {
    let mut seen: Vec<(String, String)> = (books.statements.iter())
        .map(|s| (s.account.clone(), s.statement.clone()))
        .collect();
    let mut out = Vec::new();
    for b in statements.iter().flat_map(|s| &s.balances) {
        let (Some(account), Some((from, opening)), Some((to, closing))) =
            (&b.account, &b.opening, &b.closing)
        else {
            continue;
        };
        let key = (account.clone(), b.id.clone());
        // Only balances the books can read back: a statement running forwards, amounts the
        // books hold, an account and an id.
        let money = |a: &str| crate::money::parse_money(a, &books.coop.currency).is_ok();
        let sound = !account.is_empty() && from <= to && money(opening) && money(closing);
        if b.id.is_empty() || !sound || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(vec![
            ("account", account.clone()),
            ("statement", b.id.clone()),
            ("from", from.to_string()),
            ("to", to.to_string()),
            ("opening", opening.clone()),
            ("closing", closing.clone()),
        ]);
    }
    out
}
