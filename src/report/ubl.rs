//! An invoice or credit note as a UBL 2.1 document to Peppol BIS Billing 3.0 (EN 16931): the
//! seller and buyer with their electronic addresses, the dates, one line, the VAT breakdown
//! with its exemption reason, the totals, and payment by SEPA credit transfer (code 58) to the
//! co-op's IBAN with the contract's RF reference. Same invoice, same bytes.
use super::markup as text;
use crate::books::{Client, Seller, VatCategory};
use crate::engine::invoice::Invoice;
use crate::money::Money;
use std::fmt::Write;

const CUSTOMIZATION: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const PROFILE: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/// The document's bytes.
pub fn render(inv: &Invoice) -> String {
    let (root, type_code, line, quantity) = match inv.credit_note {
        false => (
            "Invoice",
            "InvoiceTypeCode",
            "InvoiceLine",
            "InvoicedQuantity",
        ),
        true => (
            "CreditNote",
            "CreditNoteTypeCode",
            "CreditNoteLine",
            "CreditedQuantity",
        ),
    };
    let code = if inv.credit_note { 381 } else { 380 };
    let cur = inv.currency;
    let amount = |m: Money| format!("currencyID=\"{cur}\">{m}");
    let mut x = String::with_capacity(6 * 1024);
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <{root} xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:{root}-2\" \
         xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" \
         xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n\
         \x20 <cbc:CustomizationID>{CUSTOMIZATION}</cbc:CustomizationID>\n\
         \x20 <cbc:ProfileID>{PROFILE}</cbc:ProfileID>\n\
         \x20 <cbc:ID>{id}</cbc:ID>\n\
         \x20 <cbc:IssueDate>{issue}</cbc:IssueDate>\n",
        id = text(inv.id),
        issue = inv.issue_date,
    );
    if !inv.credit_note {
        let _ = writeln!(x, "  <cbc:DueDate>{}</cbc:DueDate>", inv.due_date);
    }
    let _ = write!(
        x,
        "  <cbc:{type_code}>{code}</cbc:{type_code}>\n\
         \x20 <cbc:Note>Work by {member}</cbc:Note>\n\
         \x20 <cbc:DocumentCurrencyCode>{cur}</cbc:DocumentCurrencyCode>\n\
         \x20 <cbc:BuyerReference>{buyer}</cbc:BuyerReference>\n",
        member = text(inv.member),
        buyer = text(&inv.buyer.id),
    );
    if let Some((invoice, date)) = inv.corrects {
        let _ = write!(
            x,
            "  <cac:BillingReference>\n\
             \x20   <cac:InvoiceDocumentReference>\n\
             \x20     <cbc:ID>{}</cbc:ID>\n\
             \x20     <cbc:IssueDate>{date}</cbc:IssueDate>\n\
             \x20   </cac:InvoiceDocumentReference>\n\
             \x20 </cac:BillingReference>\n",
            text(invoice)
        );
    }
    // Outside the scope of VAT (O), neither party states a VAT number (BR-O-02, BR-O-03).
    let vat_ids = inv.category() != VatCategory::OutsideScope;
    seller(&mut x, inv.seller, vat_ids);
    buyer(&mut x, inv.buyer, vat_ids);
    delivery(&mut x, inv);
    payment(&mut x, inv);
    let category = category_xml(inv, "TaxCategory", "      ");
    let _ = write!(
        x,
        "  <cac:TaxTotal>\n\
         \x20   <cbc:TaxAmount {vat}</cbc:TaxAmount>\n\
         \x20   <cac:TaxSubtotal>\n\
         \x20     <cbc:TaxableAmount {net}</cbc:TaxableAmount>\n\
         \x20     <cbc:TaxAmount {vat}</cbc:TaxAmount>\n\
         {category}\
         \x20   </cac:TaxSubtotal>\n\
         \x20 </cac:TaxTotal>\n\
         \x20 <cac:LegalMonetaryTotal>\n\
         \x20   <cbc:LineExtensionAmount {net}</cbc:LineExtensionAmount>\n\
         \x20   <cbc:TaxExclusiveAmount {net}</cbc:TaxExclusiveAmount>\n\
         \x20   <cbc:TaxInclusiveAmount {total}</cbc:TaxInclusiveAmount>\n\
         \x20   <cbc:PayableAmount {total}</cbc:PayableAmount>\n\
         \x20 </cac:LegalMonetaryTotal>\n",
        vat = amount(inv.vat),
        net = amount(inv.net),
        total = amount(inv.total),
    );
    // The hours as the quantity, the amount as the price of that many (a base quantity), so
    // that quantity × price ÷ base quantity is the line's amount exactly; a row of no hours
    // is one unit.
    let (unit, count) = match inv.hours == crate::money::Hours::ZERO {
        true => ("C62", "1".to_string()),
        false => ("HUR", inv.hours.to_string()),
    };
    let item_category = category_xml(inv, "ClassifiedTaxCategory", "      ");
    let _ = write!(
        x,
        "  <cac:{line}>\n\
         \x20   <cbc:ID>1</cbc:ID>\n\
         \x20   <cbc:{quantity} unitCode=\"{unit}\">{count}</cbc:{quantity}>\n\
         \x20   <cbc:LineExtensionAmount {net}</cbc:LineExtensionAmount>\n\
         \x20   <cac:Item>\n\
         \x20     <cbc:Name>{name}</cbc:Name>\n\
         {item_category}\
         \x20   </cac:Item>\n\
         \x20   <cac:Price>\n\
         \x20     <cbc:PriceAmount {net}</cbc:PriceAmount>\n\
         \x20     <cbc:BaseQuantity unitCode=\"{unit}\">{count}</cbc:BaseQuantity>\n\
         \x20   </cac:Price>\n\
         \x20 </cac:{line}>\n\
         </{root}>\n",
        net = amount(inv.net),
        name = text(&inv.description),
    );
    x
}

/// The VAT category of the breakdown (`TaxCategory`) or of the line (`ClassifiedTaxCategory`):
/// its code, its percentage (none outside the scope of VAT, BR-O-05), and in the breakdown
/// the exemption reason.
fn category_xml(inv: &Invoice, tag: &str, indent: &str) -> String {
    let cat = inv.category();
    let mut x = format!(
        "{indent}<cac:{tag}>\n{indent}  <cbc:ID>{}</cbc:ID>\n",
        cat.code()
    );
    if cat != VatCategory::OutsideScope {
        let percent = inv.step.rate.percent();
        let percent = percent.trim_end_matches('%');
        let _ = writeln!(x, "{indent}  <cbc:Percent>{percent}</cbc:Percent>");
    }
    if tag == "TaxCategory"
        && let Some(reason) = &inv.step.reason
    {
        let _ = writeln!(
            x,
            "{indent}  <cbc:TaxExemptionReason>{}</cbc:TaxExemptionReason>",
            text(reason)
        );
    }
    let _ = write!(
        x,
        "{indent}  <cac:TaxScheme>\n{indent}    <cbc:ID>VAT</cbc:ID>\n{indent}  </cac:TaxScheme>\n\
         {indent}</cac:{tag}>\n"
    );
    x
}

/// A postal address: street and postcode where known, the city, the country.
fn address(
    x: &mut String,
    street: Option<&str>,
    city: Option<&str>,
    postcode: Option<&str>,
    country: &str,
) {
    x.push_str("      <cac:PostalAddress>\n");
    for (tag, value) in [
        ("StreetName", street),
        ("CityName", city),
        ("PostalZone", postcode),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            let _ = writeln!(x, "        <cbc:{tag}>{}</cbc:{tag}>", text(v));
        }
    }
    let _ = write!(
        x,
        "        <cac:Country>\n\
         \x20         <cbc:IdentificationCode>{country}</cbc:IdentificationCode>\n\
         \x20       </cac:Country>\n\
         \x20     </cac:PostalAddress>\n"
    );
}

fn vat_scheme(x: &mut String, vat_number: &str) {
    let _ = write!(
        x,
        "      <cac:PartyTaxScheme>\n\
         \x20       <cbc:CompanyID>{}</cbc:CompanyID>\n\
         \x20       <cac:TaxScheme>\n\
         \x20         <cbc:ID>VAT</cbc:ID>\n\
         \x20       </cac:TaxScheme>\n\
         \x20     </cac:PartyTaxScheme>\n",
        text(vat_number)
    );
}

fn seller(x: &mut String, s: &Seller, vat_ids: bool) {
    let (scheme, endpoint) = &s.endpoint;
    let _ = write!(
        x,
        "  <cac:AccountingSupplierParty>\n\
         \x20   <cac:Party>\n\
         \x20     <cbc:EndpointID schemeID=\"{scheme}\">{}</cbc:EndpointID>\n\
         \x20     <cac:PartyName>\n\
         \x20       <cbc:Name>{}</cbc:Name>\n\
         \x20     </cac:PartyName>\n",
        text(endpoint),
        text(&s.name),
    );
    address(
        x,
        Some(&s.street),
        Some(&s.city),
        Some(&s.postcode),
        &s.country,
    );
    if vat_ids {
        vat_scheme(x, &s.vat_number);
    }
    let _ = write!(
        x,
        "      <cac:PartyLegalEntity>\n\
         \x20       <cbc:RegistrationName>{}</cbc:RegistrationName>\n\
         \x20       <cbc:CompanyID>{}</cbc:CompanyID>\n\
         \x20     </cac:PartyLegalEntity>\n",
        text(&s.name),
        text(&s.company_id),
    );
    if let Some(email) = &s.email {
        let _ = write!(
            x,
            "      <cac:Contact>\n\
             \x20       <cbc:ElectronicMail>{}</cbc:ElectronicMail>\n\
             \x20     </cac:Contact>\n",
            text(email)
        );
    }
    x.push_str("    </cac:Party>\n  </cac:AccountingSupplierParty>\n");
}

fn buyer(x: &mut String, c: &Client, vat_ids: bool) {
    x.push_str("  <cac:AccountingCustomerParty>\n    <cac:Party>\n");
    if let Some((scheme, endpoint)) = &c.endpoint {
        let _ = writeln!(
            x,
            "      <cbc:EndpointID schemeID=\"{scheme}\">{}</cbc:EndpointID>",
            text(endpoint)
        );
    }
    let _ = write!(
        x,
        "      <cac:PartyName>\n\
         \x20       <cbc:Name>{}</cbc:Name>\n\
         \x20     </cac:PartyName>\n",
        text(&c.name)
    );
    address(
        x,
        c.street.as_deref(),
        c.city.as_deref(),
        c.postcode.as_deref(),
        c.country.as_deref().unwrap_or(""),
    );
    if let Some(vat_number) = c.vat_number.as_deref().filter(|_| vat_ids) {
        vat_scheme(x, vat_number);
    }
    let _ = write!(
        x,
        "      <cac:PartyLegalEntity>\n\
         \x20       <cbc:RegistrationName>{}</cbc:RegistrationName>\n",
        text(&c.name)
    );
    if let Some(id) = &c.company_id {
        let _ = writeln!(x, "        <cbc:CompanyID>{}</cbc:CompanyID>", text(id));
    }
    x.push_str("      </cac:PartyLegalEntity>\n");
    if let Some(email) = &c.email {
        let _ = write!(
            x,
            "      <cac:Contact>\n\
             \x20       <cbc:ElectronicMail>{}</cbc:ElectronicMail>\n\
             \x20     </cac:Contact>\n",
            text(email)
        );
    }
    x.push_str("    </cac:Party>\n  </cac:AccountingCustomerParty>\n");
}

/// When the work was done (the contract's date); for an intra-community supply also where
/// it went, the buyer's country (BR-IC-11, BR-IC-12).
fn delivery(x: &mut String, inv: &Invoice) {
    let _ = writeln!(
        x,
        "  <cac:Delivery>\n    <cbc:ActualDeliveryDate>{}</cbc:ActualDeliveryDate>",
        inv.issue_date
    );
    if inv.category() == VatCategory::IntraCommunity {
        let _ = write!(
            x,
            "    <cac:DeliveryLocation>\n\
             \x20     <cac:Address>\n\
             \x20       <cac:Country>\n\
             \x20         <cbc:IdentificationCode>{}</cbc:IdentificationCode>\n\
             \x20       </cac:Country>\n\
             \x20     </cac:Address>\n\
             \x20   </cac:DeliveryLocation>\n",
            inv.buyer.country.as_deref().unwrap_or("")
        );
    }
    x.push_str("  </cac:Delivery>\n");
}

/// Payment by SEPA credit transfer (58) to the co-op's IBAN, with the RF reference; a credit
/// note is not paid by the client, so it says no more than its terms.
fn payment(x: &mut String, inv: &Invoice) {
    if let (Some(bank), false) = (inv.bank, inv.credit_note) {
        x.push_str("  <cac:PaymentMeans>\n    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>\n");
        if let Some(reference) = &inv.reference {
            let _ = writeln!(x, "    <cbc:PaymentID>{reference}</cbc:PaymentID>");
        }
        let _ = write!(
            x,
            "    <cac:PayeeFinancialAccount>\n\
             \x20     <cbc:ID>{}</cbc:ID>\n\
             \x20     <cbc:Name>{}</cbc:Name>\n\
             \x20   </cac:PayeeFinancialAccount>\n\
             \x20 </cac:PaymentMeans>\n",
            text(&bank.iban),
            text(&bank.name)
        );
    }
    if !inv.credit_note {
        let days = (inv.due_date - inv.issue_date).num_days();
        let _ = writeln!(
            x,
            "  <cac:PaymentTerms>\n    <cbc:Note>Payment within {days} days, by {}</cbc:Note>\n  </cac:PaymentTerms>",
            inv.due_date
        );
    }
}
