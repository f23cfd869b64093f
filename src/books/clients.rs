//! Reads `clients/<id>.toml`: the clients a contract's `client` names, as an invoice needs
//! them — name, tax identifiers, address, Peppol address, refund IBAN, terms and VAT rate.

use super::invoicing;
use super::model::*;
use super::taxid;
use super::tomlvalue::{Raw, TomlFile};
use crate::problem::Problem;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClient {
    name: Raw,
    vat_number: Option<Raw>,
    company_id: Option<Raw>,
    street: Option<Raw>,
    city: Option<Raw>,
    postcode: Option<Raw>,
    country: Option<Raw>,
    endpoint: Option<Raw>,
    email: Option<Raw>,
    iban: Option<Raw>,
    terms_days: Option<Raw>,
    vat: Option<Raw>,
}

/// Reads the client files; a file that does not parse is still a client (its id known), so
/// that its contracts are not also said to name a client without a record.
pub fn read(files: &[(FileId, BookFile)], coop: &Coop, problems: &mut Vec<Problem>) -> Vec<Client> {
    let mut out: Vec<Client> = (files.iter())
        .map(|(file, f)| read_one(f, *file, coop, problems))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn read_one(f: &BookFile, file: FileId, coop: &Coop, problems: &mut Vec<Problem>) -> Client {
    let mut client = Client {
        id: stem(&f.rel).to_string(),
        file,
        ..Client::default()
    };
    let Some(text) = super::text_of(f, problems) else {
        return client;
    };
    let mut t = TomlFile {
        rel: f.rel.clone(),
        text,
        problems,
    };
    if let Some(raw) = t.parse::<RawClient>() {
        fill(&mut t, &raw, coop, &mut client);
    }
    client
}

/// The client's fields from its parsed file, each problem on its line.
fn fill(t: &mut TomlFile, raw: &RawClient, coop: &Coop, c: &mut Client) {
    c.name = t.string("name", &raw.name).unwrap_or_default();
    let text =
        |t: &mut TomlFile, key: &str, v: &Option<Raw>| v.as_ref().and_then(|v| t.string(key, v));
    c.street = text(t, "street", &raw.street);
    c.city = text(t, "city", &raw.city);
    c.postcode = text(t, "postcode", &raw.postcode);
    let check = |t: &mut TomlFile, key: &str, v: &Option<Raw>, f: fn(&str) -> Result<_, String>| {
        v.as_ref().and_then(|v| t.checked(key, v, f))
    };
    c.country = check(t, "country", &raw.country, invoicing::country);
    c.vat_number = check(t, "vat_number", &raw.vat_number, taxid::vat_number);
    c.company_id = match c.country.as_deref() {
        Some("BE") => check(t, "company_id", &raw.company_id, taxid::enterprise_number),
        _ => text(t, "company_id", &raw.company_id),
    };
    c.endpoint = raw
        .endpoint
        .as_ref()
        .and_then(|v| t.checked("endpoint", v, taxid::endpoint));
    c.email = check(t, "email", &raw.email, invoicing::email);
    c.iban = check(t, "iban", &raw.iban, super::iban::parse);
    c.terms_days = raw
        .terms_days
        .as_ref()
        .and_then(|v| t.whole("terms_days", v, 366));
    if let Some(v) = &raw.vat
        && let Some(name) = t.string("vat", v)
    {
        let rates = coop.vat.as_ref().map_or(&[][..], |vat| &vat.rates[..]);
        c.vat = rates.iter().position(|r| r.name == name);
        if c.vat.is_none() {
            let line = t.line(v);
            let why = match coop.vat {
                Some(_) => format!(
                    "vat \"{name}\": no such rate; {}",
                    crate::text::declare_or(
                        &name,
                        rates.iter().map(|r| r.name.as_str()),
                        &format!("declare it in coop.toml under [vat.rates.{name}]")
                    )
                ),
                None => format!("vat \"{name}\": coop.toml has no [vat] rates"),
            };
            t.error(line, why);
        }
    }
}
