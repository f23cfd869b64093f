//! Reads `members/<id>.toml`: ids, IBANs, dates and per-member overrides.

use super::ids::Interner;
use super::model::*;
use super::tomlvalue::{Raw, TomlFile};
use crate::problem::Problem;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    name: Raw,
    email: Option<Raw>,
    iban: Option<Raw>,
    joined: Option<Raw>,
    left: Option<Raw>,
    works_as_user: Option<Raw>,
    model: Option<Raw>,
    withholding_rate: Option<Raw>,
    levies: Option<BTreeMap<String, Raw>>,
}

/// The keys of a member file whose values are dates, which `fmt` writes quoted.
pub const DATE_KEYS: &[&str] = &["joined", "left"];

/// The longest member id: with a month and an extension it stays a short file name.
pub const MAX_ID: usize = 64;

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

/// The member ids of the member files, numbered in id order (the order of `Books::members`).
pub fn number(rels: &[String]) -> Interner {
    let mut stems: Vec<&str> = rels.iter().map(|rel| stem(rel)).collect();
    // File names sort differently from ids ("a-b.toml" < "a.toml" but "a" < "a-b").
    stems.sort_unstable();
    let mut ids = Interner::with_capacity(stems.len());
    for s in stems {
        ids.intern(s);
    }
    ids
}

/// Reads some member files: each member with its number in `ids`.
pub fn read(
    files: &[(FileId, BookFile)],
    ids: &Interner,
    coop: &Coop,
    problems: &mut Vec<Problem>,
) -> Vec<(u32, Member)> {
    let mut out = Vec::with_capacity(files.len());
    for (file, f) in files {
        let id = stem(&f.rel);
        let m = read_one(f, *file, id, coop, problems);
        if let Some(n) = ids.find(id) {
            out.push((n, m));
        }
    }
    out
}

/// The members read, in id order, as `ids` numbers them.
pub fn gather(read: Vec<(u32, Member)>, ids: &Interner, coop: &Coop) -> Vec<Member> {
    let mut members: Vec<Option<Member>> = (0..ids.len()).map(|_| None).collect();
    for (n, m) in read {
        if let Some(slot) = members.get_mut(n as usize) {
            *slot = Some(m);
        }
    }
    members
        .into_iter()
        .enumerate()
        .map(|(n, m)| m.unwrap_or_else(|| blank(ids.get(n as u32).to_string(), FileId(0), coop)))
        .collect()
}

/// A member with nothing known but its id: a file that does not parse is still a member, so
/// that its contracts are not also reported as naming an unknown member.
fn blank(id: String, file: FileId, coop: &Coop) -> Member {
    Member {
        id,
        name: String::new(),
        email: None,
        iban: None,
        joined: None,
        left: None,
        works_as_user: false,
        model: None,
        withholding_rate: None,
        levy_overrides: vec![None; coop.levies.len()],
        file,
    }
}

fn read_one(
    f: &BookFile,
    file: FileId,
    id: &str,
    coop: &Coop,
    problems: &mut Vec<Problem>,
) -> Member {
    let Some(text) = super::text_of(f, problems) else {
        return blank(id.to_string(), file, coop);
    };
    let mut t = TomlFile {
        rel: f.rel.clone(),
        text,
        problems,
    };
    if !is_valid_id(id) {
        t.error(
            1,
            format!("member id \"{id}\": must match [a-z0-9][a-z0-9._-]* (rename the file)"),
        );
    } else if id.len() > MAX_ID {
        t.error(
            1,
            format!(
                "member id \"{}…\": is {} characters long; ids have at most {MAX_ID} (they \
                 become part of file names, such as payslips'; rename the file)",
                &id[..MAX_ID],
                id.len()
            ),
        );
    }
    let mut m = blank(id.to_string(), file, coop);
    if let Some(raw) = t.parse::<RawMember>() {
        fill(&mut t, &raw, coop, &mut m);
    }
    m
}

/// The member's fields from its parsed file, each problem on its line.
fn fill(t: &mut TomlFile, raw: &RawMember, coop: &Coop, m: &mut Member) {
    m.name = t.string("name", &raw.name).unwrap_or_default();
    m.email = raw.email.as_ref().and_then(|v| t.string("email", v));
    if let Some(v) = &raw.iban {
        m.iban = t.checked("iban", v, super::iban::parse);
    }
    m.joined = raw.joined.as_ref().and_then(|v| t.date("joined", v));
    m.left = raw.left.as_ref().and_then(|v| t.date("left", v));
    if let (Some(j), Some(l), Some(v)) = (m.joined, m.left, &raw.left)
        && l < j
    {
        let line = t.line(v);
        t.error(line, format!("left \"{l}\" is before joined \"{j}\""));
    }
    m.works_as_user = (raw.works_as_user.as_ref())
        .and_then(|v| t.boolean("works_as_user", v))
        .unwrap_or(false);
    if let Some(v) = &raw.model {
        m.model = match t.string("model", v).as_deref() {
            Some("salaried") => Some(PayModel::Salaried),
            Some("contractor") => Some(PayModel::Contractor),
            Some(other) => {
                let line = t.line(v);
                t.error(
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
        .and_then(|v| t.rate("withholding_rate", v));
    for (name, v) in raw.levies.iter().flatten() {
        let key = format!("levies.{name}");
        let Some(rate) = t.rate(&key, v) else {
            continue;
        };
        match coop.levies.iter().position(|l| &l.name == name) {
            Some(i) => m.levy_overrides[i] = Some(rate),
            None => {
                let line = t.line(v);
                let hint =
                    crate::text::did_you_mean(name, coop.levies.iter().map(|l| l.name.as_str()));
                t.error(
                    line,
                    format!("{key}: no levy \"{name}\" in coop.toml{hint}"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
