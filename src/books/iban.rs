//! IBANs (ISO 13616) as a treasurer types them — with spaces, in any case — kept compact and in
//! upper case, and checked as a bank checks them: a country code, two check digits, the
//! country's length and the mod-97 check. Only such an IBAN is written into a payment file,
//! whose schema allows nothing else.

/// The length of an IBAN in each country that has them, by country code (the IBAN registry
/// of SWIFT, the registration authority for ISO 13616, as of 2025: 89 countries).
const LENGTHS: [(&str, usize); 89] = [
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// An IBAN as written: compact (spaces removed) and in upper case, or why it is not one, in
/// words a treasurer understands.
pub fn parse(text: &str) -> Result<String, String> {
    let iban: String = (text.chars())
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if let Some(c) = iban.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "holds \"{c}\"; an IBAN is letters and digits only (spaces are allowed)"
        ));
    }
    let bytes = iban.as_bytes();
    if bytes.len() < 2 || !bytes[..2].iter().all(u8::is_ascii_uppercase) {
        return Err("has no country code: an IBAN starts with two letters, such as BE".into());
    }
    if bytes.len() < 4 || !bytes[2..4].iter().all(u8::is_ascii_digit) {
        return Err(
            "has no check digits: the third and fourth characters of an IBAN are digits".into(),
        );
    }
    let country = &iban[..2];
    let Some(&(_, length)) = LENGTHS.iter().find(|(c, _)| *c == country) else {
        return Err(format!(
            "starts with \"{country}\", which is not the code of a country that has IBANs"
        ));
    };
    if bytes.len() != length {
        return Err(format!(
            "has {} letters and digits; an IBAN of {country} has {length}",
            bytes.len()
        ));
    }
    if !mod97(bytes) {
        return Err("the IBAN's check digits do not match: a digit is probably mistyped".into());
    }
    Ok(iban)
}

/// The ISO 13616 check: the first 4 characters moved to the end, letters as numbers (A = 10 …
/// Z = 35), the whole taken mod 97, is 1. `iban` is upper-case letters and digits.
fn mod97(iban: &[u8]) -> bool {
    let (head, tail) = iban.split_at(4);
    let mut rem: u32 = 0;
    for &b in tail.iter().chain(head) {
        rem = match b {
            b'0'..=b'9' => (rem * 10 + u32::from(b - b'0')) % 97,
            _ => (rem * 100 + u32::from(b - b'A') + 10) % 97,
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_with_spaces_in_any_case() {
        assert_eq!(parse("BE71 0961 2345 6769").unwrap(), "BE71096123456769");
        assert_eq!(parse("be71 0961 2345 6769").unwrap(), "BE71096123456769");
        assert_eq!(
            parse("GB82 WEST 1234 5698 7654 32").unwrap(),
            "GB82WEST12345698765432"
        );
        assert_eq!(parse("NO9386011117947").unwrap(), "NO9386011117947");
    }

    #[test]
    fn what_is_not_an_iban_is_said_in_words() {
        let why = |t: &str| parse(t).unwrap_err();
        assert_eq!(
            why("0059 0961 2345 67"),
            "has no country code: an IBAN starts with two letters, such as BE"
        );
        assert_eq!(
            why("BERX 0961 2345 6769"),
            "has no check digits: the third and fourth characters of an IBAN are digits"
        );
        assert_eq!(
            why("BE71 0961 2345 6760"),
            "the IBAN's check digits do not match: a digit is probably mistyped"
        );
        assert_eq!(
            why("BE71 0961 2345 676"),
            "has 15 letters and digits; an IBAN of BE has 16"
        );
        assert_eq!(
            why("XX71 0961 2345 6769"),
            "starts with \"XX\", which is not the code of a country that has IBANs"
        );
        assert_eq!(
            why("BE71-0961-2345-6769"),
            "holds \"-\"; an IBAN is letters and digits only (spaces are allowed)"
        );
        assert!(why("").starts_with("has no country code"));
        assert!(why("B").starts_with("has no country code"));
        assert!(why("BE7").starts_with("has no check digits"));
    }

    #[test]
    fn the_registry_is_sorted_and_every_length_fits_the_schema() {
        assert!(LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
        // pain.001's IBAN: two letters, two digits, then 1 to 30 letters or digits.
        assert!(LENGTHS.iter().all(|&(_, n)| (5..=34).contains(&n)));
    }
}
