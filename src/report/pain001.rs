//! A month's payouts as a SEPA credit transfer initiation, ISO 20022 `pain.001.001.09`: what
//! a bank accepts for upload. One payment block from the co-op's account, one transfer per
//! member; the same books and date give the same bytes.

use crate::books::{Bank, Books};
use crate::engine::payouts::Payouts;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The longest name a SEPA file carries (EPC guidelines).
const NAME: usize = 70;
/// The longest identifier (`Max35Text`).
const ID: usize = 35;

/// The file, for the transfers of `payouts` from `bank`, to be executed on `execution`.
/// Every member paid has an IBAN (`Payouts::without_iban` is empty: the command checks).
pub fn render(books: &Books, bank: &Bank, payouts: &Payouts, execution: NaiveDate) -> String {
    let month = payouts.month;
    let currency = &books.coop.currency;
    let count = payouts.transfers.len();
    let total = payouts.total;
    let mut transfers = String::new();
    let mut digest = Sha256::new();
    digest.update(format!("{month} {execution} {}\n", bank.iban));
    for t in &payouts.transfers {
        let m = books.member(t.member);
        let iban: String = m.iban.as_deref().unwrap_or("").replace(' ', "");
        let e2e = end_to_end_id(&month.to_string(), &m.id);
        digest.update(format!("{e2e} {} {iban}\n", t.amount));
        let _ = write!(
            transfers,
            "      <CdtTrfTxInf>\n\
             \x20       <PmtId><EndToEndId>{e2e}</EndToEndId></PmtId>\n\
             \x20       <Amt><InstdAmt Ccy=\"{currency}\">{}</InstdAmt></Amt>\n\
             \x20       <Cdtr><Nm>{}</Nm></Cdtr>\n\
             \x20       <CdtrAcct><Id><IBAN>{iban}</IBAN></Id></CdtrAcct>\n\
             \x20       <RmtInf><Ustrd>Pay {month}</Ustrd></RmtInf>\n\
             \x20     </CdtTrfTxInf>\n",
            t.amount,
            or(sepa_name(&m.name), &m.id),
        );
    }
    let hex: String = (digest.finalize().iter().take(6))
        .map(|b| format!("{b:02x}"))
        .collect();
    let message = format!("COOPBOOKS-{month}-{hex}");
    let agent = match &bank.bic {
        Some(bic) => format!("<BICFI>{bic}</BICFI>"),
        None => "<Othr><Id>NOTPROVIDED</Id></Othr>".to_string(),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n\
         \x20 <CstmrCdtTrfInitn>\n\
         \x20   <GrpHdr>\n\
         \x20     <MsgId>{message}</MsgId>\n\
         \x20     <CreDtTm>{execution}T00:00:00</CreDtTm>\n\
         \x20     <NbOfTxs>{count}</NbOfTxs>\n\
         \x20     <CtrlSum>{total}</CtrlSum>\n\
         \x20     <InitgPty><Nm>{coop}</Nm></InitgPty>\n\
         \x20   </GrpHdr>\n\
         \x20   <PmtInf>\n\
         \x20     <PmtInfId>{message}-1</PmtInfId>\n\
         \x20     <PmtMtd>TRF</PmtMtd>\n\
         \x20     <NbOfTxs>{count}</NbOfTxs>\n\
         \x20     <CtrlSum>{total}</CtrlSum>\n\
         \x20     <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>\n\
         \x20     <ReqdExctnDt><Dt>{execution}</Dt></ReqdExctnDt>\n\
         \x20     <Dbtr><Nm>{debtor}</Nm></Dbtr>\n\
         \x20     <DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>\n\
         \x20     <DbtrAgt><FinInstnId>{agent}</FinInstnId></DbtrAgt>\n\
         \x20     <ChrgBr>SLEV</ChrgBr>\n\
         {transfers}\
         \x20   </PmtInf>\n\
         \x20 </CstmrCdtTrfInitn>\n\
         </Document>\n",
        coop = or(sepa_name(&books.coop.name), "coopbooks"),
        debtor = or(sepa_name(&bank.name), "coopbooks"),
        iban = bank.iban,
    )
}

/// A name, or `fallback` where nothing of it is left in the SEPA set (a name in another
/// script): a name may not be empty.
fn or(name: String, fallback: &str) -> String {
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

/// `<MONTH>-<member id>`, the transfer's end-to-end id; an id too long for 35 characters is
/// cut to its first 18 and followed by 8 hex digits of its SHA-256, so that two long ids
/// never share one (member ids are ASCII).
pub fn end_to_end_id(month: &str, member: &str) -> String {
    let whole = format!("{month}-{member}");
    if whole.len() <= ID {
        return whole;
    }
    let digest = Sha256::digest(member.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{month}-{}-{hex}", &member[..18.min(member.len())])
}

/// A name in the SEPA Latin character set the EPC guidelines ask for (letters, digits, and
/// `/ - ? : ( ) . , ' +` and space): letters with accents written without them (`Zoë` →
/// `Zoe`, `ß` → `ss`), any other character a space, spaces run together, cut to 70.
pub fn sepa_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut push = |c: char| {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            return;
        }
        out.push(c);
    };
    for c in name.chars() {
        match c {
            'ß' => "ss".chars().for_each(&mut push),
            'æ' => "ae".chars().for_each(&mut push),
            'Æ' => "AE".chars().for_each(&mut push),
            'œ' => "oe".chars().for_each(&mut push),
            'Œ' => "OE".chars().for_each(&mut push),
            'ø' => push('o'),
            'Ø' => push('O'),
            'ł' => push('l'),
            'Ł' => push('L'),
            'đ' => push('d'),
            'Đ' => push('D'),
            c => {
                for d in c.nfd() {
                    if d.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(d) {
                        push(d);
                    } else if !unicode_normalization::char::is_combining_mark(d) {
                        push(' ');
                    }
                }
            }
        }
    }
    let out = out.trim_end();
    out.chars()
        .take(NAME)
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_sepa_latin_set() {
        assert_eq!(sepa_name("Zoë Claes"), "Zoe Claes");
        assert_eq!(sepa_name("Chloé \"Clo\" Dubois"), "Chloe Clo Dubois");
        assert_eq!(
            sepa_name("Inès O'Neil & Søren Groß"),
            "Ines O'Neil Soren Gross"
        );
        assert_eq!(sepa_name("<script>"), "script");
        assert_eq!(sepa_name(&"a".repeat(80)).len(), 70);
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
