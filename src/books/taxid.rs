//! Tax and business identifiers as an invoice carries them: VAT numbers (checked by their
//! country's published format, and a Belgian one by its mod-97 check digits), the Belgian
//! enterprise number, and Peppol electronic addresses (`SCHEME:ID`).

/// A character class of a format: a digit, a letter, or either.
#[derive(Clone, Copy)]
enum Class {
    Digit,
    Letter,
    Either,
}

/// One run of a format: `min..=max` characters of a class.
type Run = (Class, usize, usize);

use Class::{Digit as D, Either as X, Letter as L};

/// The VAT numbers of the EU (Greece as `EL`, Northern Ireland as `XI`) and of the
/// neighbours a co-op invoices most, after their two-letter prefix: each a list of formats,
/// each a sequence of runs (the European Commission's VIES format list; Switzerland's UID,
/// Norway's organisation number with `MVA`, the United Kingdom's VAT registration number).
const FORMATS: &[(&str, &[&[Run]])] = &[
    ("AT", &[&[(L, 1, 1), (D, 8, 8)]]),
    ("BE", &[&[(D, 10, 10)]]),
    ("BG", &[&[(D, 9, 10)]]),
    (
        "CH",
        &[&[(L, 1, 1), (D, 9, 9)], &[(L, 1, 1), (D, 9, 9), (L, 3, 4)]],
    ),
    ("CY", &[&[(D, 8, 8), (L, 1, 1)]]),
    ("CZ", &[&[(D, 8, 10)]]),
    ("DE", &[&[(D, 9, 9)]]),
    ("DK", &[&[(D, 8, 8)]]),
    ("EE", &[&[(D, 9, 9)]]),
    ("EL", &[&[(D, 9, 9)]]),
    ("ES", &[&[(X, 1, 1), (D, 7, 7), (X, 1, 1)]]),
    ("FI", &[&[(D, 8, 8)]]),
    ("FR", &[&[(X, 2, 2), (D, 9, 9)]]),
    ("GB", &[&[(D, 9, 9)], &[(D, 12, 12)]]),
    ("HR", &[&[(D, 11, 11)]]),
    ("HU", &[&[(D, 8, 8)]]),
    ("IE", &[&[(D, 1, 1), (X, 1, 1), (D, 5, 5), (L, 1, 2)]]),
    ("IT", &[&[(D, 11, 11)]]),
    ("LT", &[&[(D, 9, 9)], &[(D, 12, 12)]]),
    ("LU", &[&[(D, 8, 8)]]),
    ("LV", &[&[(D, 11, 11)]]),
    ("MT", &[&[(D, 8, 8)]]),
    ("NL", &[&[(D, 9, 9), (L, 1, 1), (D, 2, 2)]]),
    ("NO", &[&[(D, 9, 9), (L, 3, 3)]]),
    ("PL", &[&[(D, 10, 10)]]),
    ("PT", &[&[(D, 9, 9)]]),
    ("RO", &[&[(D, 2, 10)]]),
    ("SE", &[&[(D, 12, 12)]]),
    ("SI", &[&[(D, 8, 8)]]),
    ("SK", &[&[(D, 10, 10)]]),
    (
        "XI",
        &[&[(D, 9, 9)], &[(D, 12, 12)], &[(L, 2, 2), (D, 3, 3)]],
    ),
];

/// Whether `text` is exactly the runs, in order (each run as long as it can be, which the
/// formats above allow: no run is followed by one of the same class).
fn matches(text: &[u8], runs: &[Run]) -> bool {
    let mut at = 0;
    for &(class, min, max) in runs {
        let mut n = 0;
        while n < max
            && at + n < text.len()
            && match class {
                Class::Digit => text[at + n].is_ascii_digit(),
                Class::Letter => text[at + n].is_ascii_uppercase(),
                Class::Either => text[at + n].is_ascii_alphanumeric(),
            }
        {
            n += 1;
        }
        if n < min {
            return false;
        }
        at += n;
    }
    at == text.len()
}

/// The text without spaces, dots, hyphens and slashes, in upper case: how numbers are written
/// for people (`BE 0123.456.749`) against how they are compared.
fn compact(text: &str) -> String {
    (text.chars())
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '/'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether ten digits are a valid Belgian number: the first eight, taken as a number, plus
/// the last two is a multiple of 97 (97 − first eight mod 97 = last two).
fn belgian_check(digits: &str) -> bool {
    let (Ok(body), Ok(check)) = (digits[..8].parse::<u64>(), digits[8..].parse::<u64>()) else {
        return false;
    };
    97 - body % 97 == check
}

/// A VAT number, compact: two letters of country and the country's format; a Belgian one also
/// by its check digits. A prefix not in the list needs 2 to 13 letters and digits after it.
pub fn vat_number(text: &str) -> Result<String, String> {
    let number = compact(text);
    let bytes = number.as_bytes();
    if bytes.len() < 4 || !bytes[..2].iter().all(u8::is_ascii_uppercase) {
        return Err(
            "expected a VAT number: the country's two letters, then the number, such as \
                    \"BE0123456749\""
                .into(),
        );
    }
    let (country, rest) = number.split_at(2);
    match FORMATS.iter().find(|(c, _)| *c == country) {
        Some((_, formats)) => {
            if !formats.iter().any(|runs| matches(rest.as_bytes(), runs)) {
                return Err(format!("not the format of a VAT number of {country}"));
            }
            if country == "BE" && !belgian_check(rest) {
                return Err(
                    "its check digits are wrong (the last two digits are 97 less the \
                            first eight modulo 97)"
                        .into(),
                );
            }
        }
        None if !(2..=13).contains(&rest.len())
            || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            return Err(
                "expected 2 to 13 letters and digits after the country's two letters".into(),
            );
        }
        None => {}
    }
    Ok(number)
}

/// A Belgian enterprise number (KBO/BCE): ten digits, the first 0 or 1, with valid check
/// digits; written with or without dots and a `BE` prefix (`0123.456.749`).
pub fn enterprise_number(text: &str) -> Result<String, String> {
    let number = compact(text);
    let digits = number.strip_prefix("BE").unwrap_or(&number);
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(
            "expected a Belgian enterprise number of ten digits, such as \
                    \"0123.456.749\""
                .into(),
        );
    }
    if !digits.starts_with(['0', '1']) || !belgian_check(digits) {
        return Err("not a valid Belgian enterprise number (its check digits are wrong)".into());
    }
    Ok(digits.to_string())
}

/// A Peppol electronic address, `SCHEME:ID`: a scheme of four digits (the EAS code list:
/// `0208` a Belgian enterprise number, `9925` a Belgian VAT number, `0088` a GLN, …) and an
/// identifier of 1 to 50 printable characters without spaces; for 0208 and 9925 the number
/// is checked as such. Returned as (scheme, identifier).
pub fn endpoint(text: &str) -> Result<(String, String), String> {
    let expected = || {
        "expected a Peppol address SCHEME:ID, a four-digit scheme and the identifier, such as \
         \"0208:0123456749\""
            .to_string()
    };
    let (scheme, id) = text.trim().split_once(':').ok_or_else(expected)?;
    if scheme.len() != 4 || !scheme.bytes().all(|b| b.is_ascii_digit()) {
        return Err(expected());
    }
    if id.is_empty() || id.len() > 50 || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(expected());
    }
    let id = match scheme {
        "0208" => enterprise_number(id)?,
        "9925" => vat_number(id)?,
        _ => id.to_string(),
    };
    Ok((scheme.to_string(), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn belgian_numbers_by_their_check_digits() {
        // 01234567 mod 97 = 48; 97 − 48 = 49.
        assert_eq!(vat_number("BE 0123.456.749").unwrap(), "BE0123456749");
        assert_eq!(enterprise_number("0123.456.749").unwrap(), "0123456749");
        assert_eq!(enterprise_number("BE0123456749").unwrap(), "0123456749");
        assert!(
            vat_number("BE0123456748")
                .unwrap_err()
                .contains("check digits")
        );
        assert!(enterprise_number("0123456748").is_err());
        assert!(enterprise_number("2123456749").is_err());
    }

    #[test]
    fn other_countries_by_their_format() {
        for ok in [
            "FR12345678901",
            "FRXA345678901",
            "NL123456789B01",
            "DE123456789",
            "ATU12345678",
            "ES X1234567 L",
            "IE1234567WA",
            "IE1A23456B",
            "EL123456789",
            "CHE123456789MWST",
            "NO123456789MVA",
        ] {
            assert!(vat_number(ok).is_ok(), "{ok}");
        }
        for bad in [
            "NL123456789",
            "DE12345678",
            "ATU1234567",
            "FR123",
            "12345678",
            "B",
        ] {
            assert!(vat_number(bad).is_err(), "{bad}");
        }
        // A prefix not in the list: 2 to 13 letters and digits.
        assert_eq!(vat_number("ZA4012345678").unwrap(), "ZA4012345678");
    }

    #[test]
    fn peppol_addresses() {
        assert_eq!(
            endpoint("0208:0123.456.749").unwrap(),
            ("0208".into(), "0123456749".into())
        );
        assert_eq!(
            endpoint("9925:be0123456749").unwrap(),
            ("9925".into(), "BE0123456749".into())
        );
        assert_eq!(
            endpoint("0088:5412345000013").unwrap(),
            ("0088".into(), "5412345000013".into())
        );
        assert!(endpoint("0208:0123456748").is_err());
        assert!(endpoint("208:0123456749").is_err());
        assert!(endpoint("0123456749").is_err());
        assert!(endpoint("0088:").is_err());
    }
}
