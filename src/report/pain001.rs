//! A month's payouts as a SEPA credit transfer initiation, ISO 20022 `pain.001.001.09`: what
//! a bank accepts for upload. One payment block from the co-op's account, one transfer per
//! member; the same books and date give the same bytes.

use crate::books::{Bank, Books};
pub use crate::engine::payouts::end_to_end_id;
use crate::engine::payouts::{Payee, Payouts};
use crate::money::Money;
use crate::period::Month;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The longest name a SEPA file carries (EPC guidelines).
const NAME: usize = 70;

/// The file, for the transfers of `payouts` from `bank`, to be executed on `execution`.
/// Every member paid has an IBAN (`Payouts::without_iban` is empty: the command checks).
pub fn render(books: &Books, bank: &Bank, payouts: &Payouts, date: Option<NaiveDate>) -> String {
    let month = payouts.month;
    let currency = &books.coop.currency;
    let days = payouts.by_day(date);
    let count: usize = days.iter().map(|(_, ts)| ts.len()).sum();
    let total: Money = days
        .iter()
        .flat_map(|(_, ts)| ts.iter().map(|t| t.amount))
        .sum();
    let mut digest = Sha256::new();
    digest.update(format!("{month} {}\n", bank.iban));
    let mut blocks: Vec<(NaiveDate, Money, usize, String)> = Vec::new();
    for (day, ts) in &days {
        let mut transfers = String::new();
        for t in ts {
            let (iban, id, name, remittance) = payee(books, t.payee, month);
            let iban: String = iban.replace(' ', "");
            let e2e = end_to_end_id(&month.to_string(), &id);
            digest.update(format!("{e2e} {} {iban} {day}\n", t.amount));
            let _ = write!(
                transfers,
                "      <CdtTrfTxInf>\n\
                 \x20       <PmtId><EndToEndId>{e2e}</EndToEndId></PmtId>\n\
                 \x20       <Amt><InstdAmt Ccy=\"{currency}\">{}</InstdAmt></Amt>\n\
                 \x20       <Cdtr><Nm>{}</Nm></Cdtr>\n\
                 \x20       <CdtrAcct><Id><IBAN>{iban}</IBAN></Id></CdtrAcct>\n\
                 \x20       <RmtInf><Ustrd>{remittance}</Ustrd></RmtInf>\n\
                 \x20     </CdtTrfTxInf>\n",
                t.amount,
                or(sepa_name(name), &id),
            );
        }
        let sum = ts.iter().map(|t| t.amount).sum();
        blocks.push((*day, sum, ts.len(), transfers));
    }
    let hex: String = (digest.finalize().iter().take(6))
        .map(|b| format!("{b:02x}"))
        .collect();
    let message = format!("COOPBOOKS-{month}-{hex}");
    let agent = match &bank.bic {
        Some(bic) => format!("<BICFI>{bic}</BICFI>"),
        None => "<Othr><Id>NOTPROVIDED</Id></Othr>".to_string(),
    };
    let debtor = or(sepa_name(&bank.name), "coopbooks");
    // One payment instruction a day: a bank executes each block on its requested date.
    let mut instructions = String::new();
    for (k, (day, sum, n, transfers)) in blocks.iter().enumerate() {
        let _ = write!(
            instructions,
            "    <PmtInf>\n\
             \x20     <PmtInfId>{message}-{}</PmtInfId>\n\
             \x20     <PmtMtd>TRF</PmtMtd>\n\
             \x20     <NbOfTxs>{n}</NbOfTxs>\n\
             \x20     <CtrlSum>{sum}</CtrlSum>\n\
             \x20     <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>\n\
             \x20     <ReqdExctnDt><Dt>{day}</Dt></ReqdExctnDt>\n\
             \x20     <Dbtr><Nm>{debtor}</Nm></Dbtr>\n\
             \x20     <DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>\n\
             \x20     <DbtrAgt><FinInstnId>{agent}</FinInstnId></DbtrAgt>\n\
             \x20     <ChrgBr>SLEV</ChrgBr>\n\
             {transfers}\
             \x20   </PmtInf>\n",
            k + 1,
            iban = bank.iban,
        );
    }
    let created = blocks.first().map_or(String::new(), |b| b.0.to_string());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n\
         \x20 <CstmrCdtTrfInitn>\n\
         \x20   <GrpHdr>\n\
         \x20     <MsgId>{message}</MsgId>\n\
         \x20     <CreDtTm>{created}T00:00:00</CreDtTm>\n\
         \x20     <NbOfTxs>{count}</NbOfTxs>\n\
         \x20     <CtrlSum>{total}</CtrlSum>\n\
         \x20     <InitgPty><Nm>{coop}</Nm></InitgPty>\n\
         \x20   </GrpHdr>\n\
         {instructions}\
         \x20 </CstmrCdtTrfInitn>\n\
         </Document>\n",
        coop = or(sepa_name(&books.coop.name), "coopbooks"),
    )
}

/// A transfer's IBAN, the id its end-to-end id is made of, the name and the remittance text:
/// a member's pay (`MONTH-member`, "Pay MONTH"), or a client's refund (`MONTH-refund-NOTE`,
/// "Refund NOTE (INVOICE)"; the payouts include refunds only to clients with an IBAN).
fn payee(books: &Books, payee: Payee, month: Month) -> (&str, String, &str, String) {
    match payee {
        Payee::Member(m) => {
            let m = books.member(m);
            let iban = m.iban.as_deref().unwrap_or("");
            (iban, m.id.clone(), &m.name, format!("Pay {month}"))
        }
        Payee::Refund(note) => {
            let c = books.contract(note);
            let client = books.client_record(c);
            let iban = client.and_then(|r| r.iban.as_deref()).unwrap_or("");
            let name = client.map_or(books.client(c), |r| r.name.as_str());
            let invoice = c
                .corrects()
                .map_or("?", |i| books.contract_id(books.contract(i)));
            let note = books.contract_id(c);
            let text = format!("Refund {note} ({invoice})");
            (
                iban,
                format!("refund-{note}"),
                name,
                sepa_name(&text).unwrap_or(text),
            )
        }
    }
}

/// A name in the SEPA set, or `fallback` where it cannot be written in it (a letter of another
/// script) or nothing of it is left: a name may not be empty.
fn or(name: Option<String>, fallback: &str) -> String {
    match name {
        Some(name) if !name.is_empty() => name,
        _ => fallback.to_string(),
    }
}

/// A name in the SEPA Latin character set the EPC guidelines ask for (letters, digits, and
/// `/ - ? : ( ) . , ' +` and space): letters with accents written without them (`Zoë` →
/// `Zoe`, `ß` → `ss`), Cyrillic and Greek letters transliterated (`Борис` → `Boris`,
/// `Νίκος` → `Nikos`), any other character a space, spaces run together, cut to 70. `None`
/// when the name holds a letter of another script (Arabic, Chinese, …), which no Latin
/// spelling can be made of here: the caller then writes the member id, rather than a name
/// with letters missing.
pub fn sepa_name(name: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut push = |c: char| {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            return;
        }
        out.push(c);
    };
    // Greek's ου is one sound, spelt ou.
    let decomposed: String = name.nfd().collect();
    let decomposed = (decomposed.replace("ου", "ou"))
        .replace("Ου", "Ou")
        .replace("ΟΥ", "OU");
    for c in decomposed.chars() {
        if c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c) {
            push(c);
        } else if let Some(latin) = transliterated(c) {
            latin.chars().for_each(&mut push);
        } else if unicode_normalization::char::is_combining_mark(c) {
            // An accent, taken off its letter.
        } else if c.is_alphanumeric() {
            return None;
        } else {
            push(' ');
        }
    }
    let out = out.trim_end();
    Some(
        out.chars()
            .take(NAME)
            .collect::<String>()
            .trim_end()
            .to_string(),
    )
}

/// The Latin spelling of a letter that has no accent to take off: ligatures and letters of
/// their own in Latin scripts, and the letters of Cyrillic (Russian, Ukrainian, Belarusian,
/// Bulgarian, Serbian, Macedonian) and Greek, spelt as passports spell them. Soft and hard
/// signs are left out. Long as a table is: one arm per letter, in alphabet order.
fn transliterated(c: char) -> Option<&'static str> {
    let lower = match c.to_lowercase().next()? {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'þ' => "th",
        'ð' => "d",
        'ı' => "i",
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' | 'ѓ' => "g",
        'д' => "d",
        'е' | 'э' | 'ё' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'ѕ' => "dz",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' | 'ы' => "y",
        'ј' => "j",
        'к' | 'ќ' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'ђ' => "dj",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'џ' => "dz",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' | 'ι' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ω' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        _ => return None,
    };
    if !c.is_uppercase() {
        return Some(lower);
    }
    // The capital: its first letter in upper case (`Ж` → `Zh`).
    Some(match lower {
        "ss" => "SS",
        "ae" => "Ae",
        "oe" => "Oe",
        "th" => "Th",
        "ye" => "Ye",
        "zh" => "Zh",
        "dz" => "Dz",
        "yi" => "Yi",
        "lj" => "Lj",
        "nj" => "Nj",
        "dj" => "Dj",
        "kh" => "Kh",
        "ts" => "Ts",
        "ch" => "Ch",
        "sh" => "Sh",
        "shch" => "Shch",
        "yu" => "Yu",
        "ya" => "Ya",
        "ps" => "Ps",
        "" => "",
        one => UPPER[one.as_bytes()[0].wrapping_sub(b'a') as usize % 26],
    })
}

/// The capital letters, by their place in the alphabet.
const UPPER: [&str; 26] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U", "V", "W", "X", "Y", "Z",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_sepa_latin_set() {
        let name = |n: &str| sepa_name(n).unwrap();
        assert_eq!(name("Zoë Claes"), "Zoe Claes");
        assert_eq!(name("Chloé \"Clo\" Dubois"), "Chloe Clo Dubois");
        assert_eq!(name("Inès O'Neil & Søren Groß"), "Ines O'Neil Soren Gross");
        assert_eq!(name("<script>"), "script");
        assert_eq!(name(&"a".repeat(80)).len(), 70);
        assert_eq!(name("Łukasz Żółć"), "Lukasz Zolc");
    }

    /// Second attack, finding 11: a Cyrillic name became "b amp"; it is transliterated now,
    /// as is Greek, and a name in a script with no Latin spelling here is no name at all.
    #[test]
    fn other_scripts_transliterated_or_refused() {
        let name = |n: &str| sepa_name(n);
        assert_eq!(name("Борис Жуков").as_deref(), Some("Boris Zhukov"));
        assert_eq!(name("Ольга Щербак").as_deref(), Some("Olga Shcherbak"));
        assert_eq!(name("Юлія Ковальчук").as_deref(), Some("Yuliya Kovalchuk"));
        assert_eq!(
            name("Νίκος Παπαδόπουλος").as_deref(),
            Some("Nikos Papadopoulos")
        );
        assert_eq!(name("ЖАННА").as_deref(), Some("ZhANNA"));
        assert_eq!(name("李小龍"), None);
        assert_eq!(name("Ali علي"), None);
        assert_eq!(name("&&&").as_deref(), Some(""));
    }

    #[test]
    fn end_to_end_ids_fit_35_characters() {
        assert_eq!(end_to_end_id("2026-03", "alice"), "2026-03-alice");
        let long = "a-member-with-a-very-long-id-indeed";
        let id = end_to_end_id("2026-03", long);
        assert_eq!(id.len(), 35);
        assert!(id.starts_with("2026-03-a-member-with-a-ve-"), "{id}");
        assert_ne!(
            id,
            end_to_end_id("2026-03", "a-member-with-a-very-long-id-indeeD")
        );
    }
}
