//! Reads `members/<id>.toml` (SPEC §4): ids, IBAN mod-97, dates and per-member overrides.

use super::model::*;
use super::tomlvalue::{Raw, TomlFile};
use crate::problem::Problem;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    name: Raw,
    email: Option<Raw>,
    iban: Option<Raw>,
    joined: Option<Raw>,
    left: Option<Raw>,
    model: Option<Raw>,
    withholding_rate: Option<Raw>,
    levies: Option<BTreeMap<String, Raw>>,
}

/// `[a-z0-9][a-z0-9._-]*`: the id becomes part of file names.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// The ISO 13616 check: move the first 4 characters to the end, letters to numbers, mod 97 = 1.
pub fn iban_is_valid(iban: &str) -> bool {
    let compact: Vec<u8> = iban.bytes().filter(|b| *b != b' ').collect();
    if compact.len() < 5 || compact.len() > 34 || !compact.iter().all(|b| b.is_ascii_alphanumeric())
    {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut rem: u32 = 0;
    for &b in tail.iter().chain(head) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

pub fn load(root: &Path, books: &mut Books, problems: &mut Vec<Problem>) -> Result<()> {
    for rel in super::list_files(root, "members", ".toml")? {
        let text = super::read_text(root, &rel, problems)?;
        let file = books.add_file(&rel);
        let id = rel
            .trim_start_matches("members/")
            .trim_end_matches(".toml")
            .to_string();
        let Some(text) = text else {
            push(books, blank(id, file));
            continue;
        };
        let mut f = TomlFile {
            rel: rel.clone(),
            text: &text,
            problems,
        };
        if !is_valid_id(&id) {
            f.error(
                1,
                format!("member id \"{id}\": must match [a-z0-9][a-z0-9._-]* (rename the file)"),
            );
        }
        let Some(raw) = f.parse::<RawMember>() else {
            // Still a member, so that its contracts do not also show as unknown.
            push(books, blank(id, file));
            continue;
        };
        let mut m = blank(id, file);
        m.levy_overrides.resize(books.coop.levies.len(), None);
        m.name = f.string("name", &raw.name).unwrap_or_default();
        m.email = raw.email.as_ref().and_then(|v| f.string("email", v));
        if let Some(v) = &raw.iban
            && let Some(iban) = f.string("iban", v)
        {
            if iban_is_valid(&iban) {
                m.iban = Some(iban);
            } else {
                let line = f.line(v);
                f.error(
                    line,
                    format!("iban \"{iban}\": fails the ISO 13616 mod-97 check"),
                );
            }
        }
        m.joined = raw.joined.as_ref().and_then(|v| f.date("joined", v));
        m.left = raw.left.as_ref().and_then(|v| f.date("left", v));
        if let (Some(j), Some(l), Some(v)) = (m.joined, m.left, &raw.left)
            && l < j
        {
            let line = f.line(v);
            f.error(line, format!("left \"{l}\" is before joined \"{j}\""));
        }
        if let Some(v) = &raw.model {
            m.model = match f.string("model", v).as_deref() {
                Some("salaried") => Some(PayModel::Salaried),
                Some("contractor") => Some(PayModel::Contractor),
                Some(other) => {
                    let line = f.line(v);
                    f.error(
                        line,
                        format!("model \"{other}\": expected \"salaried\" or \"contractor\""),
                    );
                    None
                }
                None => None,
            };
        }
        m.withholding_rate = raw
            .withholding_rate
            .as_ref()
            .and_then(|v| f.rate("withholding_rate", v));
        for (name, v) in raw.levies.iter().flatten() {
            let key = format!("levies.{name}");
            let Some(rate) = f.rate(&key, v) else {
                continue;
            };
            match books.coop.levies.iter().position(|l| &l.name == name) {
                Some(i) => m.levy_overrides[i] = Some(rate),
                None => {
                    let line = f.line(v);
                    f.error(line, format!("{key}: no levy \"{name}\" in coop.toml"));
                }
            }
        }
        push(books, m);
    }
    // File names sort differently from ids ("a-b.toml" < "a.toml" but "a" < "a-b").
    books.members.sort_by(|a, b| a.id.cmp(&b.id));
    books.member_index = (books.members.iter().enumerate())
        .map(|(i, m)| (m.id.clone(), MemberId(i as u32)))
        .collect();
    return Ok(());

    fn blank(id: String, file: FileId) -> Member {
        Member {
            id,
            name: String::new(),
            email: None,
            iban: None,
            joined: None,
            left: None,
            model: None,
            withholding_rate: None,
            levy_overrides: Vec::new(),
            file,
        }
    }

    fn push(books: &mut Books, mut m: Member) {
        m.levy_overrides.resize(books.coop.levies.len(), None);
        books.members.push(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_mod97() {
        assert!(iban_is_valid("BE71 0961 2345 6769"));
        assert!(iban_is_valid("GB82WEST12345698765432"));
        assert!(!iban_is_valid("BE71 0961 2345 6760"));
        assert!(!iban_is_valid("BE71"));
    }

    #[test]
    fn member_ids() {
        assert!(is_valid_id("alice"));
        assert!(is_valid_id("a.b_c-9"));
        assert!(!is_valid_id("Alice"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("zoë"));
    }
}
