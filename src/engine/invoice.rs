//! One contract as the document the client receives: an invoice, or a credit note for a
//! negative row, with the seller, the buyer, the line, its VAT, totals, due date and payment
//! reference. Every figure comes from `Terms` and `Rates`; the renderers (UBL, PDF) add
//! nothing up.

use super::computed::Computed;
use super::vat::Rates;
use crate::books::{Bank, Client, ContractId, Seller, VatCategory, VatRate, VatStep};
use crate::money::{Hours, Money};
use chrono::NaiveDate;

/// One invoice or credit note. A credit note's amounts are given as positive numbers, as a
/// credit note states them (its type says they are taken off).
#[derive(Clone, Debug)]
pub struct Invoice<'a> {
    pub contract: ContractId,
    pub id: &'a str,
    pub credit_note: bool,
    /// The invoice a credit note corrects: its id and date.
    pub corrects: Option<(&'a str, NaiveDate)>,
    pub issue_date: NaiveDate,
    /// The issue date plus the client's (else the co-op's) `terms_days`.
    pub due_date: NaiveDate,
    pub currency: &'a str,
    pub seller: &'a Seller,
    pub buyer: &'a Client,
    /// The member who did the work (their name).
    pub member: &'a str,
    /// The contract's description, else "Services".
    pub description: String,
    pub hours: Hours,
    pub net: Money,
    pub vat: Money,
    /// net + VAT: what the client pays (or, for a credit note, is credited).
    pub total: Money,
    pub rate: &'a VatRate,
    pub step: &'a VatStep,
    /// The contract's payment reference (ISO 11649), if its id gives one.
    pub reference: Option<String>,
    /// The co-op's account, where the client pays.
    pub bank: Option<&'a Bank>,
}

impl Invoice<'_> {
    pub fn category(&self) -> VatCategory {
        self.rate.category
    }
}

/// Why no document can be made of a contract, said in full.
pub type Refusal = String;

/// What every document needs of the books as a whole: a `[seller]` and `[vat]`.
pub fn books_refusal(computed: &Computed) -> Option<Refusal> {
    let coop = &computed.books.coop;
    if coop.seller.is_none() {
        return Some(
            "coop.toml has no [seller] table: an invoice names the co-op as seller (its legal \
             name, VAT number, company id, address and Peppol endpoint)"
                .into(),
        );
    }
    if coop.vat.is_none() {
        return Some(
            "coop.toml has no [vat] section: an invoice states its VAT category and rate".into(),
        );
    }
    None
}

/// The document of one contract, or why it cannot be made (`books_refusal` first): the
/// client needs a record with a country, and a reverse-charged or intra-community supply the
/// buyer's VAT number; `endpoint` (the e-invoice's address) is asked for only when `ubl`.
pub fn of<'a>(
    computed: &'a Computed,
    rates: &Rates<'a>,
    contract: ContractId,
    description: &str,
    ubl: bool,
) -> Result<Invoice<'a>, Refusal> {
    let books = &computed.books;
    let c = books.contract(contract);
    let id = books.contract_id(c);
    let (Some(seller), Some(_)) = (&books.coop.seller, &books.coop.vat) else {
        return Err(books_refusal(computed).unwrap_or_default());
    };
    let client = books.client(c);
    let Some(buyer) = books.client_record(c) else {
        return Err(format!(
            "contract \"{id}\": client \"{client}\" has no record (clients/{client}.toml); an \
             invoice needs its buyer's name and address"
        ));
    };
    let missing = |key: &str| {
        format!(
            "contract \"{id}\": clients/{client}.toml has no {key}; {}",
            match key {
                "country" => "an invoice needs its buyer's country",
                "endpoint" => "a Peppol e-invoice is sent to the buyer's electronic address",
                _ => "a reverse-charged or intra-community invoice names the buyer's VAT number",
            }
        )
    };
    if buyer.country.is_none() {
        return Err(missing("country"));
    }
    if ubl && buyer.endpoint.is_none() {
        return Err(missing("endpoint"));
    }
    let (rate, step) = (rates.rate(c), rates.step(c));
    let needs_vat_number = matches!(
        rate.category,
        VatCategory::ReverseCharge | VatCategory::IntraCommunity
    );
    if needs_vat_number && buyer.vat_number.is_none() {
        return Err(missing("vat_number"));
    }
    let terms = &computed.terms;
    let days = buyer.terms_days.unwrap_or(books.coop.terms_days);
    let corrects = c.corrects().map(|i| {
        let invoice = books.contract(i);
        (books.contract_id(invoice), invoice.date)
    });
    let (net, vat) = (c.amount.abs(), terms.vat(contract).abs());
    Ok(Invoice {
        contract,
        id,
        credit_note: c.amount.is_negative(),
        corrects,
        issue_date: c.date,
        due_date: c.date + chrono::Days::new(u64::from(days)),
        currency: &books.coop.currency,
        seller,
        buyer,
        member: &books.member(c.member).name,
        description: match description {
            "" => "Services".to_string(),
            d => d.to_string(),
        },
        hours: c.hours,
        net,
        vat,
        total: net + vat,
        rate,
        step,
        reference: super::reference::of_id(id),
        bank: books.coop.bank.as_ref(),
    })
}
