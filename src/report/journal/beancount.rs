//! The journal in beancount's syntax (`bean-check FILE` accepts it): the commodity and every
//! account opened on the first day, payee and narration strings, metadata, and a `balance`
//! per fund at each month's end (beancount checks a balance at the start of its day, so it is
//! dated the day after).

use super::{Layout, Syntax, push_date, push_money, push_number, push_text, push_title};
use crate::books::Coop;
use crate::engine::chart::{Account, Chart};
use crate::engine::journal::{Journal, Txn};
use crate::money::Money;
use chrono::NaiveDate;

pub(super) struct Beancount<'a> {
    pub(super) layout: &'a Layout<'a>,
}

/// A string's characters that need a backslash.
fn escaped(c: char) -> Option<&'static str> {
    match c {
        '"' => Some("\\\""),
        '\\' => Some("\\\\"),
        _ => None,
    }
}

fn push_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    push_text(out, text, escaped);
    out.push(b'"');
}

/// `  key: "value"` on a line of its own.
fn push_meta(out: &mut Vec<u8>, indent: &str, key: &str, value: &str) {
    out.extend_from_slice(indent.as_bytes());
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b": ");
    push_string(out, value);
    out.push(b'\n');
}

impl Syntax for Beancount<'_> {
    fn header(&self, out: &mut Vec<u8>, journal: &Journal, coop: &Coop) {
        push_title(out, coop);
        out.extend_from_slice(b"\noption \"title\" ");
        push_string(out, &coop.name);
        out.extend_from_slice(b"\noption \"operating_currency\" \"");
        out.extend_from_slice(self.layout.currency.as_bytes());
        out.extend_from_slice(b"\"\n\n");
        push_date(out, journal.from);
        out.extend_from_slice(b" commodity ");
        out.extend_from_slice(self.layout.currency.as_bytes());
        out.push(b'\n');
        for (_, name) in journal.chart.accounts() {
            push_date(out, journal.from);
            out.extend_from_slice(b" open ");
            out.extend_from_slice(name.as_bytes());
            out.push(b' ');
            out.extend_from_slice(self.layout.currency.as_bytes());
            out.push(b'\n');
        }
    }

    fn txn(&self, out: &mut Vec<u8>, txn: &Txn, chart: &Chart) {
        out.push(b'\n');
        push_date(out, txn.date);
        out.extend_from_slice(b" * ");
        push_string(out, txn.payee());
        out.push(b' ');
        push_string(out, &txn.narration);
        out.push(b'\n');
        if let Some(id) = txn.contract {
            push_meta(out, "  ", "contract", id);
        }
        if let Some(member) = txn.member {
            push_meta(out, "  ", "member", member);
        }
        if let Some((file, line)) = txn.source {
            out.extend_from_slice(b"  source: \"");
            push_text(out, file, escaped);
            out.push(b':');
            push_number(out, line.into());
            out.extend_from_slice(b"\"\n");
        }
        if let Some(net) = txn.net {
            out.extend_from_slice(b"  net: \"");
            push_money(out, net);
            out.extend_from_slice(b"\"\n");
        }
        for p in &txn.postings {
            self.layout
                .posting(out, "  ", chart.name(p.account), p.amount);
            out.push(b'\n');
            if let Some(levy) = p.levy {
                push_meta(out, "    ", "levy", levy);
            }
            if let Some(member) = p.member {
                push_meta(out, "    ", "member", member);
            }
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
        let Some(next) = at.succ_opt() else { return };
        out.push(b'\n');
        push_date(out, next);
        out.extend_from_slice(b" balance ");
        self.layout
            .amount(out, "", chart.name(Account::Bank), balance, " ~ 0.00 ");
        out.extend_from_slice(b"\n  statement: ");
        push_string(out, statement);
        out.push(b'\n');
    }

    fn balances(
        &self,
        out: &mut Vec<u8>,
        at: NaiveDate,
        funds: &[(Account, Money)],
        chart: &Chart,
    ) {
        let Some(next) = at.succ_opt() else { return };
        out.push(b'\n');
        for &(fund, balance) in funds {
            push_date(out, next);
            out.extend_from_slice(b" balance ");
            // Exact: beancount's default tolerance would let a balance a cent off pass.
            self.layout
                .amount(out, "", chart.name(fund), balance, " ~ 0.00 ");
            out.push(b'\n');
        }
    }
}
