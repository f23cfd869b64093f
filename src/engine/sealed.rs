//! Closed years sealed by their files: the digests a year's close records of the files whose
//! rows all lie in that year and of the settings closed figures follow, and which closed years
//! still hold by those digests alone, so that `check` need not recompute them.

use super::closed::year_closes;
use crate::books::{Books, Close, FileId};
use crate::period::Closable;
use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The files of rows (contracts, payments, ledger) that have rows and whose every row is dated
/// in `year`, by name, each with the digest of its bytes: what a year's close records.
pub fn files_within(books: &Books, year: i32) -> BTreeMap<String, String> {
    let spans = spans(books);
    let within: Vec<FileId> = (spans.iter().enumerate())
        .filter(|(_, s)| s.is_some_and(|(first, last)| first == year && last == year))
        .map(|(i, _)| FileId(i as u32))
        .collect();
    let digests = digests(books, &within, |_| Scheme::Blake3);
    (within.iter().zip(digests))
        .filter_map(|(id, d)| Some((books.files.get(id.0 as usize)?.rel.clone(), d)))
        .collect()
}

/// Per file (by `FileId`), the first and last year of its rows' dates; `None` for a file
/// without rows or that holds no rows (coop.toml, members, closes).
fn spans(books: &Books) -> Vec<Option<(i32, i32)>> {
    let mut spans: Vec<Option<(i32, i32)>> = vec![None; books.files.len()];
    let mut see = |file: FileId, date: NaiveDate| {
        if let Some(s) = spans.get_mut(file.0 as usize) {
            let y = date.year();
            *s = Some(s.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
        }
    };
    books.contracts.iter().for_each(|c| see(c.src.file, c.date));
    books.payments.iter().for_each(|p| see(p.src.file, p.date));
    books.ledger.iter().for_each(|r| see(r.src.file, r.date));
    spans
}

/// How a file's bytes are digested: BLAKE3 (`blake3:HEX`), several times faster than
/// SHA-256, which the closes written before recorded (`sha256:HEX`) and which still verifies
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Sha256,
    Blake3,
}

impl Scheme {
    /// The scheme of a recorded digest.
    fn of(recorded: &str) -> Scheme {
        match recorded.starts_with("sha256:") {
            true => Scheme::Sha256,
            false => Scheme::Blake3,
        }
    }

    fn digest(self, bytes: &[u8]) -> String {
        match self {
            Scheme::Sha256 => hex("sha256:", &Sha256::digest(bytes)),
            Scheme::Blake3 => hex("blake3:", blake3::hash(bytes).as_bytes()),
        }
    }
}

/// The digest of each file's bytes, in the scheme `scheme` gives it, half the files (by size)
/// on each core. Once hashed, a mapped file's pages go back to the page cache (as after
/// reading it).
fn digests(
    books: &Books,
    files: &[FileId],
    scheme: impl Fn(usize) -> Scheme + Sync,
) -> Vec<String> {
    let files: Vec<(Scheme, Option<&crate::books::BookFile>)> = (files.iter().enumerate())
        .map(|(i, id)| (scheme(i), books.files.get(id.0 as usize)))
        .collect();
    let size = |f: &(Scheme, Option<&crate::books::BookFile>)| f.1.map_or(0, |f| f.bytes.len());
    let total: usize = files.iter().map(size).sum();
    let (mut seen, mut split) = (0, files.len());
    for (i, f) in files.iter().enumerate() {
        if seen >= total / 2 {
            split = i;
            break;
        }
        seen += size(f);
    }
    let hash_all = |part: &[(Scheme, Option<&crate::books::BookFile>)]| -> Vec<String> {
        (part.iter())
            .map(|&(scheme, f)| match f {
                Some(f) => {
                    let digest = scheme.digest(&f.bytes);
                    f.bytes.release();
                    digest
                }
                None => scheme.digest(&[]),
            })
            .collect()
    };
    let (mut first, second) =
        crate::par::join(|| hash_all(&files[..split]), || hash_all(&files[split..]));
    first.extend(second);
    first
}

/// `PREFIX` then the bytes in hex.
fn hex(prefix: &str, bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(prefix.len() + 2 * bytes.len());
    out.push_str(prefix);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The digest of what closed figures follow besides the rows: coop.toml and the client files
/// as they are, and of each member who had joined by `through` (the last closed year's end)
/// or has a ledger row by then, what their pay and patronage depend on — pay model,
/// withholding rate, levy rates, membership dates (a leaving date after `through` counts as
/// none: it changes no closed figure). Names, addresses and bank accounts are left out: they
/// change no figure. Every close records it; while it is what the latest close recorded, the
/// closed years' figures can only have changed through their files.
///
/// Who counts is read from the member files and the ledger alone — not from the contracts —
/// so that `check` can work it out from books read from a cut, without the closed years'
/// contracts. A member who joined after `through` but worked before joining is not covered:
/// `check --all` recomputes them.
pub fn settings(books: &Books, through: Option<NaiveDate>) -> String {
    let mut h = Sha256::new();
    let mut put = |key: &str, value: &[u8]| {
        h.update(key.as_bytes());
        h.update(b"=");
        h.update((value.len() as u64).to_le_bytes());
        h.update(value);
    };
    if let Some(coop) = books.files.first() {
        put("coop.toml", &coop.bytes);
    }
    let mut clients: Vec<&crate::books::BookFile> = (books.client_records.iter())
        .filter_map(|c| books.files.get(c.file.0 as usize))
        .collect();
    clients.sort_by(|a, b| a.rel.cmp(&b.rel));
    clients.dedup_by(|a, b| a.rel == b.rel);
    for f in clients {
        put(&f.rel, &f.bytes);
    }
    if let Some(through) = through {
        let mut named = vec![false; books.members.len()];
        let mut mark = |m: crate::books::MemberId| {
            if let Some(n) = named.get_mut(m.0 as usize) {
                *n = true;
            }
        };
        (books.members.iter().enumerate())
            .filter(|(_, m)| m.joined.is_none_or(|j| j <= through))
            .for_each(|(i, _)| mark(crate::books::MemberId(i as u32)));
        (books.ledger.iter())
            .filter(|r| r.date <= through)
            .filter_map(|r| r.member)
            .for_each(&mut mark);
        for (m, _) in named.iter().enumerate().filter(|(_, n)| **n) {
            let Some(member) = books.members.get(m) else {
                continue;
            };
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let levies: Vec<String> = (member.levy_overrides.iter())
                .map(|r| r.map(|r| r.to_string()).unwrap_or_default())
                .collect();
            let fields = format!(
                "{}|{}|{}|{}|{}|{}|{}",
                member.id,
                date(member.joined),
                date(member.left.filter(|l| *l <= through)),
                member.works_as_user,
                member.model.map_or("", |m| m.as_str()),
                member
                    .withholding_rate
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                levies.join(","),
            );
            put("member", fields.as_bytes());
        }
    }
    hex("sha256:", &h.finalize())
}

/// The last day of the latest closed year, if any: what `settings` is worked out through.
pub fn closed_through(books: &Books) -> Option<NaiveDate> {
    year_closes(books)
        .map(|(year, _, _)| year)
        .max()
        .and_then(super::closed::year_end)
}

/// What `check` does with the closed years: recompute every one, or trust those still sealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Closed years whose files and settings are as their closes recorded are not
    /// recomputed (`check`).
    Sealed,
    /// Every closed period is recomputed (`check --all`).
    All,
}

/// What the seals say of the closed years.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seals {
    /// The closed years that hold by their seals: their months' and their own figures need
    /// no recomputing.
    pub holding: BTreeSet<i32>,
    /// Per closed year, each file its close recorded that is gone from the books.
    pub gone: Vec<(i32, String)>,
    /// Per closed year, each file its close recorded whose bytes are not what they were.
    pub changed: Vec<(i32, String)>,
}

impl Seals {
    pub fn holds(&self, period: Closable) -> bool {
        let year = match period {
            Closable::Month(m) => m.year,
            Closable::Year(y) => y,
        };
        self.holding.contains(&year)
    }
}

/// Which closed years hold by their seals. A year holds when its close recorded its files and
/// the settings, a later close follows it (so that its close file's head cannot change
/// unnoticed), every file it recorded is there with the same bytes, no other file has a row
/// dated in it, and the settings are those the latest close recorded. Files gone or changed
/// are listed whatever the depth.
///
/// Books read from a cut for a report (`Books::cut`) hold the years up to it without looking:
/// their files are not there, and the report trusts the closes as closed. For `check` they
/// are there, mapped, and hashed as any.
pub fn seals(books: &Books, depth: Depth) -> Seals {
    let mut seals = Seals::default();
    let cut = (books.cut.filter(|c| !c.sealed)).map_or(i32::MIN, |c| c.year);
    seals.holding = (year_closes(books).map(|(y, _, _)| y))
        .filter(|&y| y <= cut)
        .collect();
    let years: Vec<(i32, &crate::books::YearClose)> = (year_closes(books))
        .filter(|&(y, _, _)| y > cut)
        .map(|(y, c, _)| (y, c))
        .collect();
    if years.iter().all(|(_, y)| y.files.is_empty()) {
        return seals;
    }
    let by_name: BTreeMap<&str, FileId> = (books.files.iter().enumerate())
        .map(|(i, f)| (f.rel.as_str(), FileId(i as u32)))
        .collect();
    // Every recorded file that is there, hashed together on both cores (but those archived
    // out of the working tree: `Books::archived`).
    let present: Vec<(i32, &str, &str, FileId)> = (years.iter())
        .flat_map(|(y, c)| {
            c.files
                .iter()
                .map(move |(rel, d)| (*y, rel.as_str(), d.as_str()))
        })
        .filter(|(_, rel, _)| !books.archived.iter().any(|a| a == rel))
        .filter_map(|(y, rel, d)| match by_name.get(rel) {
            Some(id) => Some((y, rel, d, *id)),
            None => {
                seals.gone.push((y, rel.to_string()));
                None
            }
        })
        .collect();
    let ids: Vec<FileId> = present.iter().map(|p| p.3).collect();
    let now = digests(books, &ids, |i| Scheme::of(present[i].2));
    for ((y, rel, was, _), now) in present.iter().zip(&now) {
        if *was != now {
            seals.changed.push((*y, rel.to_string()));
        }
    }
    if depth == Depth::All {
        return seals;
    }
    let spans = spans(books);
    let recorded: BTreeSet<&str> = present.iter().map(|p| p.1).collect();
    // The years of rows of the files not recorded: a closed year among them has rows that
    // its files' digests do not hold.
    let unrecorded: Vec<(i32, i32)> = (spans.iter().enumerate())
        .filter(|(i, _)| !(books.files.get(*i)).is_some_and(|f| recorded.contains(f.rel.as_str())))
        .filter_map(|(_, s)| *s)
        .collect();
    let stray = |year: i32| unrecorded.iter().any(|&(a, b)| a <= year && year <= b);
    let latest = (books.closes.iter()).max_by_key(|f| f.period.order());
    let vouched = latest.and_then(|f| match &f.close {
        Some(Close::Month(m)) => m.settings.as_deref(),
        Some(Close::Year(y)) => y.settings.as_deref(),
        None => None,
    });
    if vouched != Some(settings(books, closed_through(books)).as_str()) {
        return seals;
    }
    let broken: BTreeSet<i32> = (seals.gone.iter().chain(&seals.changed))
        .map(|(y, _)| *y)
        .collect();
    let followed = |year: i32| (books.closes.iter()).any(|f| f.period.order() > (year, 13));
    // A close of this scheme records its settings; one that records no file had none of its
    // own (its rows, if any, are in other files, which makes them stray). A close written
    // before the scheme records neither, and is recomputed.
    let recorded = |c: &crate::books::YearClose| !c.files.is_empty() || c.settings.is_some();
    seals.holding.extend(
        (years.iter())
            .filter(|(y, c)| recorded(c) && !broken.contains(y) && !stray(*y) && followed(*y))
            .map(|(y, _)| *y),
    );
    seals
}

#[cfg(test)]
mod tests {
    use super::Scheme;

    #[test]
    fn a_recorded_digest_is_checked_in_its_own_scheme() {
        // The published test vectors of "abc".
        let sha = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let b3 = "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85";
        assert_eq!(Scheme::of(sha).digest(b"abc"), sha);
        assert_eq!(Scheme::of(b3).digest(b"abc"), b3);
        // Anything else is taken as BLAKE3 (and then does not match).
        assert_eq!(Scheme::of("md5:00"), Scheme::Blake3);
    }
}
