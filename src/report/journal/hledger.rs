//! The journal in hledger's syntax (`hledger -f FILE -s check ordereddates` accepts it):
//! declared commodity and accounts, codes, payee | note descriptions, tags in comments, and a
//! balance assertion per fund at each month's end.
//!
//! hledger's syntax has no escapes: a `;` would start a comment, a `|` in a payee would start
//! the note, a `)` would end a code and a `,` would end a tag's value. Those characters are
//! written as their full-width forms (`；`, `｜`, `）`, `，`), which read the same.

use super::{Layout, Syntax, push_date, push_money, push_number, push_text, push_title};
use crate::books::Coop;
use crate::engine::chart::{Account, Chart};
use crate::engine::journal::{Journal, Txn};
use crate::money::Money;
use chrono::NaiveDate;

pub(super) struct Hledger<'a> {
    pub(super) layout: &'a Layout<'a>,
}

/// The characters hledger would read as syntax where they stand.
fn in_code(c: char) -> Option<&'static str> {
    match c {
        ')' => Some("）"),
        ';' => Some("；"),
        _ => None,
    }
}

fn in_payee(c: char) -> Option<&'static str> {
    match c {
        ';' => Some("；"),
        '|' => Some("｜"),
        _ => None,
    }
}

fn in_note(c: char) -> Option<&'static str> {
    match c {
        ';' => Some("；"),
        _ => None,
    }
}

fn in_tag(c: char) -> Option<&'static str> {
    match c {
        ',' => Some("，"),
        _ => None,
    }
}

impl Syntax for Hledger<'_> {
    fn header(&self, out: &mut Vec<u8>, journal: &Journal, coop: &Coop) {
        push_title(out, coop);
        out.extend_from_slice(b"\ndecimal-mark .\ncommodity 1000.00 ");
        out.extend_from_slice(self.layout.currency.as_bytes());
        out.extend_from_slice(b"\n\n");
        for (_, name) in journal.chart.accounts() {
            out.extend_from_slice(b"account ");
            out.extend_from_slice(name.as_bytes());
            out.push(b'\n');
        }
    }

    fn txn(&self, out: &mut Vec<u8>, txn: &Txn, chart: &Chart) {
        out.push(b'\n');
        push_date(out, txn.date);
        out.push(b' ');
        match txn.contract {
            Some(id) => {
                out.push(b'(');
                push_text(out, id, in_code);
                out.extend_from_slice(b") ");
                push_text(out, txn.payee(), in_payee);
            }
            None => {
                // Without a code, a leading `(`, `*` or `!` would be read as one or as a status.
                let mut chars = txn.payee().chars();
                match chars.next() {
                    Some('(') => out.extend_from_slice("（".as_bytes()),
                    Some('*') => out.extend_from_slice("＊".as_bytes()),
                    Some('!') => out.extend_from_slice("！".as_bytes()),
                    _ => chars = txn.payee().chars(),
                }
                push_text(out, chars.as_str(), in_payee);
            }
        }
        if !txn.narration.is_empty() {
            out.extend_from_slice(b" | ");
            push_text(out, &txn.narration, in_note);
        }
        let mut sep: &[u8] = b"  ; ";
        if let Some(member) = txn.member {
            out.extend_from_slice(sep);
            out.extend_from_slice(b"member:");
            push_text(out, member, in_tag);
            sep = b", ";
        }
        if let Some((file, line)) = txn.source {
            out.extend_from_slice(sep);
            out.extend_from_slice(b"source:");
            push_text(out, file, in_tag);
            out.push(b':');
            push_number(out, line.into());
            sep = b", ";
        }
        if let Some(net) = txn.net {
            out.extend_from_slice(sep);
            out.extend_from_slice(b"net:");
            push_money(out, net);
        }
        out.push(b'\n');
        for p in &txn.postings {
            self.layout
                .posting(out, "    ", chart.name(p.account), p.amount);
            if let Some(levy) = p.levy {
                out.extend_from_slice(b"  ; levy:");
                push_text(out, levy, in_tag);
            }
            if let Some(member) = p.member {
                out.extend_from_slice(b"  ; member:");
                push_text(out, member, in_tag);
            }
            out.push(b'\n');
        }
    }

    fn bank(
        &self,
        out: &mut Vec<u8>,
        at: NaiveDate,
        statement: &str,
        balance: Money,
        chart: &Chart,
    ) {
        out.push(b'\n');
        push_date(out, at);
        out.extend_from_slice(b" Bank statement ");
        out.extend_from_slice(statement.as_bytes());
        out.push(b'\n');
        self.layout
            .posting(out, "    ", chart.name(Account::Bank), Money::ZERO);
        out.extend_from_slice(b" = ");
        push_money(out, balance);
        out.push(b' ');
        out.extend_from_slice(self.layout.currency.as_bytes());
        out.push(b'\n');
    }

    fn balances(
        &self,
        out: &mut Vec<u8>,
        at: NaiveDate,
        funds: &[(Account, Money)],
        chart: &Chart,
    ) {
        out.push(b'\n');
        push_date(out, at);
        out.extend_from_slice(b" Fund balances at the end of the day\n");
        for &(fund, balance) in funds {
            self.layout
                .posting(out, "    ", chart.name(fund), Money::ZERO);
            out.extend_from_slice(b" = ");
            push_money(out, balance);
            out.push(b' ');
            out.extend_from_slice(self.layout.currency.as_bytes());
            out.push(b'\n');
        }
    }
}
