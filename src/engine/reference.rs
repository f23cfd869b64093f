//! Payment references: the ISO 11649 creditor reference (`RF…`) a contract's id gives, to be
//! printed on its invoice, and the look-ups that find a contract from what a bank statement
//! says — its reference, or its id in the remittance text.
//!
//! A contract's reference is `RF`, two check digits, and the id upper-cased with everything
//! but `A–Z` and `0–9` removed: `C-2026-001` gives the body `C2026001` and the reference
//! `RF74C2026001` (printed `RF74 C202 6001`). The check digits make the whole reference, its
//! first four characters moved to the end and each letter read as a number (A = 10 … Z = 35),
//! leave 1 when divided by 97. ISO 11649 allows a body of 1 to 21 characters: an id with no
//! letter or digit, or more than 21, has no reference (its payments are found by its id).

use crate::books::{Books, ContractId};
use crate::par;
use std::hash::Hasher;

/// The longest body ISO 11649 allows.
pub const MAX_BODY: usize = 21;

/// The body a contract id gives: its letters and digits, upper-cased.
fn body_chars(id: &str) -> impl Iterator<Item = u8> + Clone + '_ {
    (id.bytes())
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
}

/// Whether an id gives a reference: 1 to 21 letters and digits.
fn has_body(id: &str) -> bool {
    (1..=MAX_BODY).contains(&body_chars(id).count())
}

/// The remainder, modulo 97, of the number a run of characters spells (A = 10 … Z = 35),
/// continuing from `rem`.
fn mod97(rem: u32, chars: impl Iterator<Item = u8>) -> u32 {
    chars.fold(rem, |rem, b| match b {
        b'0'..=b'9' => (rem * 10 + u32::from(b - b'0')) % 97,
        _ => (rem * 100 + u32::from(b - b'A') + 10) % 97,
    })
}

/// The check digits of a body: 98 less the remainder of body + `RF00`.
fn check_digits(body: impl Iterator<Item = u8>) -> u32 {
    98 - mod97(mod97(0, body), b"RF00".iter().copied())
}

/// The reference of a contract id, in its electronic form (no spaces): `RF74C2026001`; none
/// for an id without letters and digits or with more than 21.
pub fn of_id(id: &str) -> Option<String> {
    if !has_body(id) {
        return None;
    }
    let body: String = body_chars(id).map(char::from).collect();
    Some(format!("RF{:02}{body}", check_digits(body_chars(id))))
}

/// A reference in groups of four, as it is printed on an invoice: `RF74 C202 6001`.
pub fn printed(reference: &str) -> String {
    let chunks: Vec<&str> = (reference.as_bytes().chunks(4))
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    chunks.join(" ")
}

/// A creditor reference as a statement gives it (any case, spaces allowed) split into its
/// head (`RF` and two digits) and body (1 to 21 letters and digits), upper-cased; `None` for
/// anything not of that shape.
fn shape(text: &str) -> Option<([u8; 4], Vec<u8>)> {
    let compact: Vec<u8> = (text.bytes())
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let head: [u8; 4] = compact.get(..4)?.try_into().ok()?;
    let body = compact.get(4..)?.to_vec();
    let digits_ok = head[2].is_ascii_digit() && head[3].is_ascii_digit();
    let ok = &head[..2] == b"RF"
        && digits_ok
        && (1..=MAX_BODY).contains(&body.len())
        && body.iter().all(u8::is_ascii_alphanumeric);
    ok.then_some((head, body))
}

/// Whether a reference's check digits hold.
fn holds(head: &[u8; 4], body: &[u8]) -> bool {
    mod97(mod97(0, body.iter().copied()), head.iter().copied()) == 1
}

/// The body of a creditor reference as a statement gives it (any case, spaces allowed), when
/// it is a well-formed `RF` reference whose check digits hold.
pub fn parse(text: &str) -> Option<String> {
    let (head, body) = shape(text)?;
    holds(&head, &body).then(|| String::from_utf8_lossy(&body).into_owned())
}

/// A reference as a statement gives it whose check digits do not hold (`RF99RN2026032`): its
/// check digits and body, upper-cased, when it has the shape of one.
pub fn mistyped(text: &str) -> Option<(u32, String)> {
    let (head, body) = shape(text)?;
    if holds(&head, &body) {
        return None;
    }
    let check = u32::from(head[2] - b'0') * 10 + u32::from(head[3] - b'0');
    Some((check, String::from_utf8_lossy(&body).into_owned()))
}

/// The one contract a mistyped reference (`mistyped`) most likely meant: the contract whose
/// body it is (its check digits mistyped), else the one whose body is a character away and
/// whose check digits are the typed ones (a character of the body mistyped). `None` when no
/// contract, or more than one, is that near.
pub fn meant(index: &Index, check: u32, body: &str) -> Option<ContractId> {
    let one = |mut found: Vec<ContractId>| {
        found.sort_unstable();
        found.dedup();
        (found.len() == 1).then(|| found[0])
    };
    if let Some(c) = one(index.find(body).collect()) {
        return Some(c);
    }
    let mut near = Vec::new();
    let mut chars: Vec<u8> = body.bytes().collect();
    for at in 0..chars.len() {
        let typed = chars[at];
        for b in (b'0'..=b'9').chain(b'A'..=b'Z').filter(|&b| b != typed) {
            chars[at] = b;
            if check_digits(chars.iter().copied()) == check {
                let candidate = String::from_utf8_lossy(&chars).into_owned();
                near.extend(index.find(&candidate));
            }
        }
        chars[at] = typed;
    }
    one(near)
}

/// What a contract is looked up by.
#[derive(Clone, Copy)]
enum Key {
    /// A reference's body: the id's letters and digits, upper-cased.
    Body,
    /// The id as found in free text: lower-cased.
    Lowercase,
}

impl Key {
    /// Calls `f` with the characters of an id's key (on the stack, nothing allocated).
    fn with<R>(self, id: &str, f: impl FnOnce(&mut dyn Iterator<Item = char>) -> R) -> R {
        match self {
            Key::Body => f(&mut body_chars(id).map(char::from)),
            Key::Lowercase if id.is_ascii() => {
                f(&mut id.bytes().map(|b| char::from(b.to_ascii_lowercase())))
            }
            Key::Lowercase => f(&mut id.chars().flat_map(char::to_lowercase)),
        }
    }
}

fn hash(chars: &mut dyn Iterator<Item = char>) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for c in chars {
        h.write_u32(c as u32);
    }
    h.finish()
}

/// Contracts found by a key computed from their ids, without a string allocated per
/// contract: a hash table of (key hash, contract), the key recomputed to confirm a match.
pub struct Index<'b> {
    books: &'b Books,
    key: Key,
    table: hashbrown::HashTable<(u64, u32)>,
    /// The longest key, in bytes.
    longest: usize,
}

impl<'b> Index<'b> {
    fn new(books: &'b Books, key: Key, wanted: impl Fn(&str) -> bool) -> Self {
        let mut longest = 0;
        let mut table = hashbrown::HashTable::with_capacity(books.contracts.len());
        for (i, c) in books.contracts.iter().enumerate() {
            let id = books.contract_id(c);
            if wanted(id) {
                longest = longest.max(key.with(id, |k| k.map(char::len_utf8).sum()));
                let h = key.with(id, hash);
                table.insert_unique(h, (h, i as u32), |&(h, _)| h);
            }
        }
        Index {
            books,
            key,
            table,
            longest,
        }
    }

    /// Contracts by the body of their reference.
    pub fn by_reference(books: &'b Books) -> Self {
        Index::new(books, Key::Body, has_body)
    }

    /// Contracts by their id, lower-cased, as `find` is given it from free text.
    pub fn by_lowercase_id(books: &'b Books) -> Self {
        Index::new(books, Key::Lowercase, |_| true)
    }

    /// The longest key, in bytes: no longer run of text can be one.
    pub fn longest(&self) -> usize {
        self.longest
    }

    fn id(&self, c: u32) -> &'b str {
        self.books.contract_id(&self.books.contracts[c as usize])
    }

    /// The contracts whose key is `key` (any order).
    pub fn find<'s>(&'s self, key: &'s str) -> impl Iterator<Item = ContractId> + 's {
        let h = hash(&mut key.chars());
        (self.table.iter_hash(h))
            .filter(move |&&(e, c)| e == h && self.key.with(self.id(c), |k| k.eq(key.chars())))
            .map(|&(_, c)| ContractId(c))
    }
}

/// A contract id's body in `buf`, if it has one (1 to 21 letters and digits).
fn body_in<'a>(id: &str, buf: &'a mut [u8; MAX_BODY]) -> Option<&'a str> {
    let mut n = 0;
    for b in body_chars(id) {
        *buf.get_mut(n)? = b;
        n += 1;
    }
    (n > 0).then(|| std::str::from_utf8(&buf[..n]).unwrap_or(""))
}

/// Whether an id is its own body: capitals and digits only.
fn is_own_body(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Pairs of contracts, with different ids, whose ids give the same reference: each later one
/// with the first, in contract order. Ids of capitals and digits alone are their own bodies,
/// and ids are unique, so books whose ids are all such cost one pass over the ids. Otherwise
/// every body is hashed and the contracts sorted by it, the half of the hashes with the top
/// bit set on one core and the other half on the other (equal bodies have equal hashes, so a
/// clash is always within one half); no string is allocated.
pub fn clashes(books: &Books) -> Vec<(ContractId, ContractId)> {
    let contracts = &books.contracts;
    if contracts.iter().all(|c| is_own_body(books.contract_id(c))) {
        return Vec::new();
    }
    let id = |c: u32| books.contract_id(&contracts[c as usize]);
    // (later, first) for the contracts whose body hash has `top` as its top bit.
    let half = |top: u64| -> Vec<(u32, u32)> {
        let mut buf = [0u8; MAX_BODY];
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(contracts.len() / 2 + 16);
        for (i, c) in contracts.iter().enumerate() {
            let Some(body) = body_in(books.contract_id(c), &mut buf) else {
                continue;
            };
            let mut h = rustc_hash::FxHasher::default();
            h.write(body.as_bytes());
            let h = h.finish();
            if h >> 63 == top {
                keyed.push((h, i as u32));
            }
        }
        keyed.sort_unstable();
        let mut other = [0u8; MAX_BODY];
        let mut pairs = Vec::new();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            for (k, &(_, later)) in run.iter().enumerate().skip(1) {
                let body = body_in(id(later), &mut buf);
                let first = run[..k]
                    .iter()
                    .find(|&&(_, c)| id(c) != id(later) && body_in(id(c), &mut other) == body);
                if let Some(&(_, first)) = first {
                    pairs.push((later, first));
                }
            }
        }
        pairs
    };
    let (mut pairs, upper) = par::join(|| half(0), || half(1));
    pairs.extend(upper);
    pairs.sort_unstable();
    let mut out: Vec<(ContractId, ContractId)> = (pairs.into_iter())
        .map(|(later, first)| (ContractId(first), ContractId(later)))
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standards_example_and_a_contract_id() {
        // ISO 11649's own example: body 539007547034; 539007547034 RF00 → 539007547034271500,
        // mod 97 = 80, check digits 98 - 80 = 18.
        assert_eq!(of_id("539007547034").as_deref(), Some("RF18539007547034"));
        assert_eq!(printed("RF18539007547034"), "RF18 5390 0754 7034");
        // C-2026-001 → C2026001; C = 12, R = 27, F = 15: 122026001271500, mod 97 = 24,
        // check digits 98 - 24 = 74.
        assert_eq!(of_id("C-2026-001").as_deref(), Some("RF74C2026001"));
        assert_eq!(of_id("c-2026-001").as_deref(), Some("RF74C2026001"));
        assert_eq!(printed("RF74C2026001"), "RF74 C202 6001");
    }

    #[test]
    fn ids_without_a_body_or_too_long_have_no_reference() {
        assert_eq!(of_id("---"), None);
        assert_eq!(of_id(&"A".repeat(22)), None);
        assert!(of_id(&"A".repeat(21)).is_some());
    }

    #[test]
    fn references_are_read_back_with_any_spacing_and_case_and_checked() {
        assert_eq!(
            parse("RF18 5390 0754 7034").as_deref(),
            Some("539007547034")
        );
        assert_eq!(parse("rf74c2026001").as_deref(), Some("C2026001"));
        assert_eq!(parse("RF75C2026001"), None, "wrong check digits");
        assert_eq!(parse("RF74"), None, "no body");
        assert_eq!(parse("+++090/9337/55493+++"), None, "not an RF reference");
        assert_eq!(parse("RF7\u{e9}C2026001"), None);
    }

    proptest::proptest! {
        #[test]
        fn every_reference_made_is_read_back_to_its_body(id in "[A-Za-z0-9 ./-]{0,30}") {
            match of_id(&id) {
                Some(r) => {
                    let body: String = body_chars(&id).map(char::from).collect();
                    proptest::prop_assert_eq!(parse(&r), Some(body.clone()));
                    proptest::prop_assert_eq!(parse(&printed(&r)), Some(body));
                }
                None => proptest::prop_assert!(!has_body(&id)),
            }
        }
    }
}
