//! The journal (`engine::journal`) written in a plain-text accounting tool's syntax, streamed
//! to a writer in large blocks: hledger's (`hledger`) or beancount's (`beancount`).

pub mod beancount;
pub mod hledger;

use super::digits::push_number;
use crate::books::Coop;
use crate::engine::chart::{Account, Chart, Clash};
use crate::engine::journal::{Entry, Journal, Txn};
use crate::money::Money;
use crate::problem::Problem;
use chrono::NaiveDate;
use std::io::{self, Write};

/// The tools the journal can be written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    Hledger,
    Beancount,
}

/// What a syntax writes: the declarations, a transaction, the funds' balances at a day's end.
trait Syntax {
    fn header(&self, out: &mut Vec<u8>, journal: &Journal, coop: &Coop);
    fn txn(&self, out: &mut Vec<u8>, txn: &Txn, chart: &Chart);
    fn balances(&self, out: &mut Vec<u8>, at: NaiveDate, funds: &[(Account, Money)], chart: &Chart);
    /// The bank's balance at the end of a statement's last day, asserted.
    fn bank(
        &self,
        out: &mut Vec<u8>,
        at: NaiveDate,
        statement: &str,
        balance: Money,
        chart: &Chart,
    );
}

/// The layout both syntaxes share: the currency, and the column where amounts end.
struct Layout<'a> {
    currency: &'a str,
    /// The width of the account column of a posting.
    account_width: usize,
}

impl Layout<'_> {
    /// `    Account        -12.34 EUR` (with the given indent), without the line's end.
    fn posting(&self, out: &mut Vec<u8>, indent: &str, account: &str, amount: Money) {
        self.amount(out, indent, account, amount, " ");
    }

    /// An account and an amount, aligned as a posting, with `between` the amount and its
    /// currency (a space, or a balance's tolerance).
    fn amount(&self, out: &mut Vec<u8>, indent: &str, account: &str, amount: Money, between: &str) {
        out.extend_from_slice(indent.as_bytes());
        out.extend_from_slice(account.as_bytes());
        // Account names are ASCII (`engine::chart`): bytes are characters.
        let written = account.len();
        let width = money_width(amount);
        let pad = (self.account_width + 2 + AMOUNT_WIDTH)
            .saturating_sub(written + width)
            .max(2);
        out.resize(out.len() + pad, b' ');
        push_money(out, amount);
        out.extend_from_slice(between.as_bytes());
        out.extend_from_slice(self.currency.as_bytes());
    }
}

/// Amounts end this many characters after the account column (wide enough for
/// -9,999,999,999.99 without separators).
const AMOUNT_WIDTH: usize = 13;

/// Writes the whole journal for a tool. The entries are written in blocks, the odd blocks on
/// a second thread while the first writes out the even ones, in order; the journal is never
/// held whole.
pub fn write(journal: &Journal, coop: &Coop, tool: Tool, w: &mut dyn Write) -> io::Result<()> {
    let layout = Layout {
        currency: &coop.currency,
        account_width: journal.chart.widest(),
    };
    let hledger = hledger::Hledger { layout: &layout };
    let beancount = beancount::Beancount { layout: &layout };
    let syntax: &(dyn Syntax + Sync) = match tool {
        Tool::Hledger => &hledger,
        Tool::Beancount => &beancount,
    };
    let mut out = Vec::new();
    syntax.header(&mut out, journal, coop);
    w.write_all(&out)?;
    // About 5 MB of text a block.
    const BLOCK: usize = 16_384;
    let blocks = journal.len().div_ceil(BLOCK);
    let block = |b: usize, out: &mut Vec<u8>| {
        out.clear();
        let range = b * BLOCK..((b + 1) * BLOCK).min(journal.len());
        let _ = journal.entries(range, |entry| {
            match entry {
                Entry::Txn(txn) => syntax.txn(out, txn, &journal.chart),
                Entry::Balances { at, funds } => syntax.balances(out, at, funds, &journal.chart),
                Entry::Bank {
                    at,
                    statement,
                    balance,
                } => syntax.bank(out, at, statement, balance, &journal.chart),
            }
            Ok::<(), ()>(())
        });
    };
    // A pipeline, not two results (`par::join`): the other core renders the odd blocks while
    // this one renders the even ones and writes every block in order.
    std::thread::scope(|s| {
        let (odd, done) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
        let (spare, reuse) = std::sync::mpsc::channel::<Vec<u8>>();
        s.spawn(move || {
            for b in (1..blocks).step_by(2) {
                let mut out = reuse.try_recv().unwrap_or_default();
                block(b, &mut out);
                // The writer has stopped (a write failed): so does this.
                if odd.send(out).is_err() {
                    break;
                }
            }
        });
        let mut out = Vec::new();
        for b in (0..blocks).step_by(2) {
            block(b, &mut out);
            w.write_all(&out)?;
            if b + 1 < blocks {
                let theirs = done
                    .recv()
                    .map_err(|_| io::Error::other("a writer thread died"))?;
                w.write_all(&theirs)?;
                let _ = spare.send(theirs);
            }
        }
        w.flush()
    })
}

/// Why the journal cannot be written: each fund whose name is no account in hledger and
/// beancount, as a problem on its line of coop.toml.
pub fn clash_problems(coop: &Coop, clashes: &[Clash]) -> Vec<Problem> {
    let at = |fund| {
        (
            format!("funds.{}", coop.fund(fund).name),
            coop.fund_line(fund),
        )
    };
    (clashes.iter())
        .map(|clash| match clash {
            Clash::NotAnAccount(fund) => {
                let (key, line) = at(*fund);
                let why = format!(
                    "[{key}]: the fund's name cannot be an account name in hledger and \
                     beancount; export needs a name of ASCII letters, digits, '-' and '_' that \
                     starts with a letter"
                );
                Problem::error("coop.toml", line, why)
            }
            Clash::SameAccount {
                fund,
                other,
                account,
            } => {
                let (key, line) = at(*fund);
                let why = format!(
                    "[{key}]: the funds \"{}\" and \"{}\" would both be the account \
                     {account}; rename one of them to export",
                    coop.fund(*other).name,
                    coop.fund(*fund).name
                );
                Problem::error("coop.toml", line, why)
            }
        })
        .collect()
}

/// The journal's first line, a comment naming the co-op (control characters as spaces).
fn push_title(out: &mut Vec<u8>, coop: &Coop) {
    out.extend_from_slice(b"; ");
    push_text(out, &coop.name, |_| None);
    out.extend_from_slice(b": the books as a journal, exported by coopbooks\n");
}

/// The number of characters `push_money` writes.
fn money_width(m: Money) -> usize {
    let cents = m.cents().unsigned_abs();
    let mut digits = 1;
    let mut units = cents / 100;
    while units >= 10 {
        units /= 10;
        digits += 1;
    }
    digits + 3 + usize::from(m.is_negative())
}

/// A amount with exactly two decimals and no separators: `-1234.50`.
fn push_money(out: &mut Vec<u8>, m: Money) {
    let cents = m.cents();
    if cents < 0 {
        out.push(b'-');
    }
    let cents = cents.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut units = cents / 100;
    loop {
        digits[n] = b'0' + (units % 10) as u8;
        n += 1;
        units /= 10;
        if units == 0 {
            break;
        }
    }
    out.extend(digits[..n].iter().rev());
    out.push(b'.');
    out.push(b'0' + (cents / 10 % 10) as u8);
    out.push(b'0' + (cents % 10) as u8);
}

/// A date as `YYYY-MM-DD`.
fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        let _ = write!(out, "{d}");
        return;
    }
    let y = y as u32;
    out.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (day / 10) as u8,
        b'0' + (day % 10) as u8,
    ]);
}

/// Writes text with every character `map` replaces replaced (and control characters, which
/// neither syntax can hold on one line, as spaces).
fn push_text(out: &mut Vec<u8>, text: &str, map: impl Fn(char) -> Option<&'static str>) {
    let plain = |b: u8| b >= 0x20 && b != 0x7f && b < 0x80;
    if text.bytes().all(|b| plain(b) && map(b as char).is_none()) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let mut buf = [0u8; 4];
    for c in text.chars() {
        match map(c) {
            Some(s) => out.extend_from_slice(s.as_bytes()),
            None if c.is_control() => out.push(b' '),
            None => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_two_decimals_and_its_width_is_known() {
        for (cents, text) in [
            (0, "0.00"),
            (5, "0.05"),
            (-5, "-0.05"),
            (60000, "600.00"),
            (-3900, "-39.00"),
            (9_999_999_999_999, "99999999999.99"),
            (i64::MIN + 1, "-92233720368547758.07"),
        ] {
            let mut out = Vec::new();
            push_money(&mut out, Money::from_cents(cents));
            assert_eq!(String::from_utf8(out).unwrap(), text);
            assert_eq!(money_width(Money::from_cents(cents)), text.len(), "{text}");
        }
    }

    #[test]
    fn control_characters_become_spaces() {
        let mut out = Vec::new();
        push_text(&mut out, "a\tb\nc\u{1b}[2Jé", |_| None);
        assert_eq!(String::from_utf8(out).unwrap(), "a b c [2Jé");
    }
}
