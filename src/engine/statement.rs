//! A member's statement over a period: pay per month, and each contract with what its client
//! has paid and what was written off.

use super::computed::Computed;
use super::pay::{ContractPay, Figures, MemberPay};
use crate::books::{MemberId, PaymentKind};
use crate::money::Money;
use crate::period::Period;
use chrono::NaiveDate;

pub struct ContractLine {
    pub pay: ContractPay,
    /// The contract's VAT (0.00 for books without VAT).
    pub vat: Money,
    pub paid: Money,
    pub written_off: Money,
    /// What the client owes (amount + VAT, less credit notes) − paid − written off; below
    /// zero, a refund due.
    pub open: Money,
}

pub struct Statement {
    pub member: MemberId,
    /// The whole months the period touches: pay is computed per month.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub months: Vec<MemberPay>,
    pub totals: Figures,
    /// Sorted by date, then id.
    pub contracts: Vec<ContractLine>,
    /// The date the open advances are taken at.
    pub advances_at: NaiveDate,
    /// The member's guarantee advances still outstanding at `advances_at`, by pay date.
    pub advances: Vec<super::guarantee::Open>,
    /// Refunds due to clients on the period's invoices (credit notes lowered them after they
    /// were paid), by invoice.
    pub refunds: Vec<super::refunds::Refund>,
}

pub fn of(
    computed: &Computed,
    member: MemberId,
    period: &Period,
    advances_at: NaiveDate,
) -> Statement {
    let from = crate::period::Month::of(period.from).first_day();
    let to = crate::period::Month::of(period.to).last_day();
    let books = &computed.books;
    let months = computed.member_months(member, from, to);
    let mut totals = Figures::zero(books.coop.levies.len());
    for m in &months {
        totals.add(&m.figures);
    }
    let mut lines: Vec<ContractLine> = months
        .iter()
        .flat_map(|m| m.contracts.iter().cloned())
        .map(|p| ContractLine {
            vat: Money::ZERO,
            pay: p,
            paid: Money::ZERO,
            written_off: Money::ZERO,
            open: Money::ZERO,
        })
        .collect();
    let index: std::collections::HashMap<_, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.pay.contract, i))
        .collect();
    for p in &books.payments {
        if let Some(&i) = index.get(&p.contract) {
            match p.kind {
                PaymentKind::Payment => lines[i].paid += p.amount,
                PaymentKind::Writeoff => lines[i].written_off += p.amount,
            }
        }
    }
    for l in &mut lines {
        let id = l.pay.contract;
        l.vat = computed.terms.vat(id);
        l.open = computed.terms.owed(id, books.contract(id)) - l.paid - l.written_off;
    }
    let advances = super::guarantee::open_of(computed, member, advances_at);
    let refunds = (super::refunds::of(computed).into_iter())
        .filter(|r| index.contains_key(&r.invoice))
        .collect();
    Statement {
        member,
        from,
        to,
        months,
        totals,
        contracts: lines,
        advances_at,
        advances,
        refunds,
    }
}
