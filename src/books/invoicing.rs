//! coop.toml's invoicing tables: `[seller]` (the co-op on its invoices), `[invoices]` (the
//! payment terms) and `[vat]` (the VAT rates, each with its category and dated changes).

use super::model::{Seller, Vat, VatCategory, VatRate, VatStep};
use super::taxid;
use super::tomlvalue::{Raw, TomlFile};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeller {
    name: Raw,
    vat_number: Raw,
    company_id: Raw,
    street: Raw,
    city: Raw,
    postcode: Raw,
    country: Raw,
    endpoint: Raw,
    email: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInvoices {
    terms_days: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVat {
    default: Raw,
    #[serde(default)]
    rates: BTreeMap<String, RawVatRate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVatRate {
    category: Raw,
    rate: Option<Raw>,
    reason: Option<Raw>,
    #[serde(default)]
    changes: Vec<RawVatChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVatChange {
    since: Raw,
    rate: Option<Raw>,
    reason: Option<Raw>,
}

/// `[seller]`: every key but `email` is required; the VAT number, the company id (a Belgian
/// enterprise number when the country is BE), the country and the Peppol address are checked.
/// `None` when any is wrong (each said).
pub(super) fn seller(f: &mut TomlFile, s: &RawSeller) -> Option<Seller> {
    let text = |f: &mut TomlFile, key: &str, v: &Raw| {
        f.checked(key, v, |t| match t.trim() {
            "" => Err("must not be empty".to_string()),
            t => Ok(t.to_string()),
        })
    };
    let name = text(f, "seller.name", &s.name);
    let vat_number = f.checked("seller.vat_number", &s.vat_number, taxid::vat_number);
    let country = f.checked("seller.country", &s.country, country);
    let company_id = match country.as_deref() {
        Some("BE") => f.checked("seller.company_id", &s.company_id, taxid::enterprise_number),
        _ => text(f, "seller.company_id", &s.company_id),
    };
    let street = text(f, "seller.street", &s.street);
    let city = text(f, "seller.city", &s.city);
    let postcode = text(f, "seller.postcode", &s.postcode);
    let endpoint = f.checked("seller.endpoint", &s.endpoint, taxid::endpoint);
    let email = match &s.email {
        Some(v) => Some(f.checked("seller.email", v, email)?),
        None => None,
    };
    Some(Seller {
        name: name?,
        vat_number: vat_number?,
        company_id: company_id?,
        street: street?,
        city: city?,
        postcode: postcode?,
        country: country?,
        endpoint: endpoint?,
        email,
    })
}

/// A country: an ISO 3166-1 code of two capital letters.
pub(super) fn country(text: &str) -> Result<String, String> {
    match text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
        true => Ok(text.to_string()),
        false => {
            Err("expected an ISO 3166-1 country code of two capital letters, such as \"BE\"".into())
        }
    }
}

/// An e-mail address: one `@` with text on both sides, a dot in the domain, no spaces.
pub(super) fn email(text: &str) -> Result<String, String> {
    let ok = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    };
    match ok {
        true => Ok(text.to_string()),
        false => Err("expected an e-mail address, such as \"invoices@example.coop\"".into()),
    }
}

/// `[invoices] terms_days`: 0 to 366 days; 30 without it.
pub(super) fn terms_days(f: &mut TomlFile, i: &RawInvoices) -> u32 {
    match &i.terms_days {
        Some(v) => f.whole("invoices.terms_days", v, 366).unwrap_or(30),
        None => 30,
    }
}

/// The most VAT rates coop.toml may declare (a contract numbers its rate in a `u16`).
pub const MAX_RATES: usize = 1000;

/// `[vat]`: the rates by name, each with a category, a rate (required for S, positive; 0 %
/// for the others), a reason (required for E, AE, K, G, O; refused for S and Z) and dated
/// changes; `default` names one of them. `None` when the default names no rate.
pub(super) fn vat(f: &mut TomlFile, v: &RawVat) -> Option<Vat> {
    if v.rates.len() > MAX_RATES {
        let line = f.line(&v.default);
        f.error(
            line,
            format!("vat.rates: {} rates; at most {MAX_RATES}", v.rates.len()),
        );
        return None;
    }
    let mut rates = Vec::new();
    for (name, raw) in &v.rates {
        if let Some(rate) = vat_rate(f, name, raw) {
            rates.push(rate);
        }
    }
    let default = f.string("vat.default", &v.default)?;
    let Some(at) = rates.iter().position(|r| r.name == default) else {
        // A rate declared with errors has said them: one mistake, one message.
        if !v.rates.contains_key(&default) {
            let line = f.line(&v.default);
            f.error(
                line,
                format!(
                    "vat.default \"{default}\": no such rate; declare it under \
                     [vat.rates.{default}]"
                ),
            );
        }
        return None;
    };
    Some(Vat { default: at, rates })
}

/// One `[vat.rates.NAME]`, or `None` with each of its problems said.
fn vat_rate(f: &mut TomlFile, name: &str, raw: &RawVatRate) -> Option<VatRate> {
    let key = format!("vat.rates.{name}");
    let category = f.checked(&format!("{key}.category"), &raw.category, |code| {
        (VatCategory::ALL.into_iter())
            .find(|c| c.code() == code)
            .ok_or_else(|| {
                "expected one of S, Z, E, AE, K, G, O (EN 16931's VAT categories)".into()
            })
    })?;
    let at = f.line(&raw.category);
    let (rate, reason) = (raw.rate.as_ref(), raw.reason.as_ref());
    let first = vat_step(f, &key, category, (None, at), rate, reason);
    let mut steps = vec![first?];
    for change in &raw.changes {
        let since = f.date(&format!("{key}.changes.since"), &change.since)?;
        let line = f.line(&change.since);
        if (steps.iter()).any(|s| s.since.is_some_and(|d| d >= since)) {
            f.error(
                line,
                format!("{key}.changes: since {since} is not after the change before it"),
            );
            return None;
        }
        let rate = change.rate.as_ref();
        let reason = change.reason.as_ref();
        steps.push(vat_step(
            f,
            &key,
            category,
            (Some(since), line),
            rate,
            reason,
        )?);
    }
    Some(VatRate {
        name: name.to_string(),
        category,
        steps,
    })
}

/// A rate and reason in force from `since`, checked against the category; `line` is where a
/// missing key is said (the category's line, or the change's `since`).
fn vat_step(
    f: &mut TomlFile,
    key: &str,
    category: VatCategory,
    (since, line): (Option<chrono::NaiveDate>, u32),
    rate: Option<&Raw>,
    reason: Option<&Raw>,
) -> Option<VatStep> {
    let code = category.code();
    let rate = match rate {
        Some(v) => {
            let rate = f.rate(&format!("{key}.rate"), v)?;
            let zero = rate.value().is_zero();
            let wrong = match category {
                VatCategory::Standard => zero.then_some("more than 0%"),
                _ => (!zero).then_some("0%"),
            };
            if let Some(expected) = wrong {
                let line = f.line(v);
                f.error(
                    line,
                    format!(
                        "{key}.rate \"{}\": category {code} takes {expected}",
                        rate.percent()
                    ),
                );
                return None;
            }
            rate
        }
        None if category == VatCategory::Standard => {
            f.error(
                line,
                format!("{key}: category S needs a rate, such as rate = \"21%\""),
            );
            return None;
        }
        None => crate::money::Rate::ZERO,
    };
    let reason = match reason {
        Some(v) if !category.needs_reason() => {
            let line = f.line(v);
            f.error(
                line,
                format!("{key}.reason: category {code} charges VAT and takes no exemption reason"),
            );
            return None;
        }
        Some(v) => Some(f.string(&format!("{key}.reason"), v)?).filter(|r| !r.trim().is_empty()),
        None => None,
    };
    if category.needs_reason() && reason.is_none() {
        f.error(
            line,
            format!(
                "{key}: category {code} needs a reason, the exemption text printed on the invoice"
            ),
        );
        return None;
    }
    Some(VatStep {
        since,
        rate,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use crate::books::{VatCategory, parse_coop};
    use chrono::NaiveDate;

    #[test]
    fn at_most_a_thousand_rates() {
        let mut text = String::from(
            "name = \"T\"\ncurrency = \"EUR\"\n[payroll]\nmodel = \"contractor\"\n\
             [vat]\ndefault = \"r0\"\n",
        );
        for i in 0..=super::MAX_RATES {
            text.push_str(&format!("[vat.rates.r{i}]\ncategory = \"Z\"\n"));
        }
        let (coop, problems) = parse_coop(&text);
        assert_eq!(coop.vat, None);
        let said: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect();
        assert_eq!(said, ["6: vat.rates: 1001 rates; at most 1000"]);
    }

    #[test]
    fn rates_with_their_categories_and_changes() {
        let (coop, problems) = parse_coop(
            "name = \"T\"\ncurrency = \"EUR\"\n[payroll]\nmodel = \"contractor\"\n\
             [invoices]\nterms_days = 14\n\
             [vat]\ndefault = \"standard\"\n\
             [vat.rates.standard]\ncategory = \"S\"\nrate = \"21%\"\n\
             changes = [{ since = \"2027-01-01\", rate = \"22%\" }]\n\
             [vat.rates.reverse]\ncategory = \"AE\"\nreason = \"Reverse charge\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(coop.terms_days, 14);
        let vat = coop.vat.unwrap();
        // Rates by name: reverse, standard.
        let names: Vec<&str> = vat.rates.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["reverse", "standard"]);
        assert_eq!(vat.default, 1);
        let standard = &vat.rates[1];
        assert_eq!(standard.category, VatCategory::Standard);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(standard.on(day(2026, 12, 31)).rate.percent(), "21%");
        assert_eq!(standard.on(day(2027, 1, 1)).rate.percent(), "22%");
        let reverse = &vat.rates[0];
        assert_eq!(reverse.category.code(), "AE");
        assert_eq!(
            reverse.on(day(2026, 1, 1)).reason.as_deref(),
            Some("Reverse charge")
        );
        assert!(reverse.on(day(2026, 1, 1)).rate.value().is_zero());
    }

    #[test]
    fn books_without_the_tables_have_none() {
        let (coop, problems) =
            parse_coop("name = \"T\"\ncurrency = \"EUR\"\n[payroll]\nmodel = \"contractor\"\n");
        assert!(problems.is_empty());
        assert_eq!((coop.seller, coop.vat, coop.terms_days), (None, None, 30));
    }
}
