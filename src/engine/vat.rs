//! VAT on the co-op's invoices: the rate each contract takes (its own, else its client's,
//! else the co-op's default), its VAT to the cent, and how its payments divide between its
//! amount and its VAT.

use crate::books::{Books, Contract, ContractId, Vat, VatRate, VatStep};
use crate::money::{self, Money};

/// Which rate each contract of the books takes.
pub struct Rates<'a> {
    vat: &'a Vat,
    contracts: &'a [Contract],
    /// Per client number: the rate its record names, if any.
    by_client: Vec<Option<usize>>,
}

impl<'a> Rates<'a> {
    /// `None` for books without `[vat]`, whose invoices carry no VAT.
    pub fn of(books: &'a Books) -> Option<Rates<'a>> {
        let vat = books.coop.vat.as_ref()?;
        let by_client = (0..books.clients.len() as u32)
            .map(|i| books.client_named(books.clients.get(i)).and_then(|r| r.vat))
            .collect();
        Some(Rates {
            vat,
            contracts: &books.contracts,
            by_client,
        })
    }

    /// The row whose rate and date a contract's VAT follows: a credit note without its own
    /// `vat` reverses its invoice's VAT, at the invoice's rate as on the invoice's date.
    fn basis<'c>(&'c self, c: &'c Contract) -> &'c Contract {
        match (c.vat, c.corrects()) {
            (None, Some(invoice)) => &self.contracts[invoice.0 as usize],
            _ => c,
        }
    }

    /// The contract's rate: its row's `vat`, else its client's, else the co-op's default (a
    /// credit note's, else its invoice's).
    pub fn rate(&self, c: &Contract) -> &'a VatRate {
        let c = self.basis(c);
        let client = self.by_client.get(c.client as usize).copied().flatten();
        let at = c
            .vat
            .map(usize::from)
            .or(client)
            .unwrap_or(self.vat.default);
        &self.vat.rates[at]
    }

    /// The rate's percentage and reason in force on the contract's date.
    pub fn step(&self, c: &Contract) -> &'a VatStep {
        let c = self.basis(c);
        self.rate(c).on(c.date)
    }

    /// The invoice's VAT: its amount times the rate, rounded half away from zero to the cent
    /// (an invoice is one line, so this is EN 16931's VAT of its one category, BR-CO-17).
    pub fn vat(&self, c: &Contract) -> Money {
        money::round_product(c.amount, self.step(c).rate)
    }
}

/// Each payment's (and write-off's) share of its contract's amount without VAT, indexed like
/// `Books::payments`; the rest of it pays the VAT. A contract's payments, in date order, pay
/// its amount and its VAT in proportion: the shares of the payments up to any one add up to
/// round(what they total × amount ÷ (amount + VAT)), so that the shares of an invoice paid in
/// full add up to its amount exactly. `vat` is each contract's VAT; `credited` what its credit
/// notes take off its amount and its VAT (the invoice is paid as corrected).
pub fn amount_shares(
    books: &Books,
    vat: &[Money],
    credited: impl Fn(ContractId) -> (Money, Money),
) -> Vec<Money> {
    let mut order: Vec<u32> = (0..books.payments.len() as u32).collect();
    order.sort_unstable_by_key(|&i| {
        let p = &books.payments[i as usize];
        (p.contract, p.date, p.src)
    });
    let mut shares = vec![Money::ZERO; books.payments.len()];
    for run in order.chunk_by(|&a, &b| {
        books.payments[a as usize].contract == books.payments[b as usize].contract
    }) {
        let contract = books.payments[run[0] as usize].contract;
        let (less_amount, less_vat) = credited(contract);
        let amount = books.contract(contract).amount - less_amount;
        let owed = amount + vat[contract.0 as usize] - less_vat;
        let (mut paid, mut shared) = (Money::ZERO, Money::ZERO);
        for &i in run {
            paid += books.payments[i as usize].amount;
            let share = money::prorate(paid, amount, owed);
            shares[i as usize] = share - shared;
            shared = share;
        }
    }
    shares
}
