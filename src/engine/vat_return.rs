//! A period's VAT return: the invoices' VAT per rate, the VAT of debts written off, the
//! deductible VAT of costs, and what is left to pay.

use super::computed::Computed;
use super::vat::Rates;
use crate::books::{ContractId, PaymentKind, VatRate, VatStep};
use crate::money::Money;
use chrono::NaiveDate;

/// The VAT of a period: per rate as in force, the invoices dated in it; the VAT given up with
/// the debts written off in it; the deductible VAT of its costs; and what that leaves to pay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Return<'a> {
    /// By rate name, then the date its percentage took effect, invoices before credit notes.
    pub rates: Vec<RateLine<'a>>,
    /// The invoices and credit notes of all rates: how many, their amounts without VAT, and
    /// their VAT (the output VAT; a credit note's is negative).
    pub invoices: usize,
    pub base: Money,
    pub output: Money,
    /// The VAT part of the write-offs dated in the period, no longer owed to the state.
    pub written_off: Money,
    /// The deductible VAT of the ledger's costs dated in the period, and how many carry some.
    pub input: Money,
    pub costs: usize,
    /// output − written off − input: what is owed to the state for the period (less than
    /// zero: what the state owes back).
    pub payable: Money,
}

/// The invoices, or the credit notes, at one rate and percentage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLine<'a> {
    pub rate: &'a VatRate,
    pub step: &'a VatStep,
    /// Credit notes (negative base and VAT), not invoices.
    pub credit_notes: bool,
    pub invoices: usize,
    /// Their amounts without VAT.
    pub base: Money,
    pub vat: Money,
}

/// The period's VAT return; `None` for books without `[vat]`.
pub fn of<'a>(computed: &'a Computed, from: NaiveDate, to: NaiveDate) -> Option<Return<'a>> {
    let books = &computed.books;
    let rates = Rates::of(books)?;
    let within = |d: NaiveDate| from <= d && d <= to;
    let mut lines: Vec<RateLine> = Vec::new();
    for (i, c) in books.contracts.iter().enumerate() {
        if !within(c.date) {
            continue;
        }
        let (rate, step, credit_notes) = (rates.rate(c), rates.step(c), c.amount.is_negative());
        let same = |l: &RateLine| std::ptr::eq(l.step, step) && l.credit_notes == credit_notes;
        let at = match lines.iter().position(same) {
            Some(at) => at,
            None => {
                lines.push(RateLine {
                    rate,
                    step,
                    credit_notes,
                    invoices: 0,
                    base: Money::ZERO,
                    vat: Money::ZERO,
                });
                lines.len() - 1
            }
        };
        let line = &mut lines[at];
        line.invoices += 1;
        line.base += c.amount;
        line.vat += computed.terms.vat(ContractId(i as u32));
    }
    let key = |l: &RateLine<'a>| (&l.rate.name, l.step.since, l.credit_notes);
    lines.sort_by(|a, b| key(a).cmp(&key(b)));
    let written_off = (books.payments.iter().enumerate())
        .filter(|(_, p)| p.kind == PaymentKind::Writeoff && within(p.date))
        .map(|(i, p)| p.amount - computed.terms.amount_share(i, p))
        .sum();
    let costs: Vec<Money> = (books.ledger.iter())
        .filter(|l| within(l.date) && !l.vat.is_zero())
        .map(|l| l.vat)
        .collect();
    let output: Money = lines.iter().map(|l| l.vat).sum();
    let input: Money = costs.iter().copied().sum();
    Some(Return {
        invoices: lines.iter().map(|l| l.invoices).sum(),
        base: lines.iter().map(|l| l.base).sum(),
        rates: lines,
        output,
        written_off,
        input,
        costs: costs.len(),
        payable: output - written_off - input,
    })
}
