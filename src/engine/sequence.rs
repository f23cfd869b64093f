//! Invoice numbers in one unbroken sequence per series: a contract's id is its invoice's
//! number, its series the id without its last run of digits (`RN-2026-047`: series
//! `RN-2026-…`, number 47). Breaks are found here, typed; `check` words them.

use crate::books::{Books, ContractId};

/// A break in a series, between two contracts next to each other in number order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    /// The earlier number's contract, and the later's.
    pub earlier: ContractId,
    pub later: ContractId,
    pub kind: BreakKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakKind {
    /// Numbers between the two are missing: the first and the last of them.
    Gap { first: u64, last: u64 },
    /// The two have the same number (written with other leading zeros).
    Repeated,
    /// The later number is dated before the earlier one.
    Backdated,
}

/// An id split at its last run of digits: what comes before, the digits, what comes after.
pub fn split(id: &str) -> Option<(&str, &str, &str)> {
    let end = id.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = id[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    Some((&id[..start], &id[start..end], &id[end..]))
}

/// The number of a run of digits; `None` past 18 significant digits (no sequence is that long:
/// such an id is left out rather than compared wrongly).
fn number(digits: &str) -> Option<u64> {
    let digits = digits.trim_start_matches('0');
    match digits.len() {
        0 => Some(0),
        1..=18 => digits.parse().ok(),
        _ => None,
    }
}

/// Every break of every series, in series then number order. Books read from a cut look at
/// the invoices after it (the few before it read, the open ones, are no series).
pub fn of(books: &Books) -> Vec<Break> {
    // (series before, series after, number, contract), sorted.
    let mut numbered: Vec<(&str, &str, u64, ContractId)> = (books.contracts.iter().enumerate())
        .filter(|(_, c)| books.cut.is_none_or(|cut| c.date > cut.end))
        .filter_map(|(i, c)| {
            let (before, digits, after) = split(books.contract_id(c))?;
            Some((before, after, number(digits)?, ContractId(i as u32)))
        })
        .collect();
    numbered.sort_unstable();
    let mut out = Vec::new();
    for pair in numbered.windows(2) {
        let ((b1, a1, n1, c1), (b2, a2, n2, c2)) = (pair[0], pair[1]);
        if (b1, a1) != (b2, a2) {
            continue;
        }
        let kind = if n1 == n2 {
            BreakKind::Repeated
        } else if n2 > n1 + 1 {
            BreakKind::Gap {
                first: n1 + 1,
                last: n2 - 1,
            }
        } else if books.contract(c2).date < books.contract(c1).date {
            BreakKind::Backdated
        } else {
            continue;
        };
        out.push(Break {
            earlier: c1,
            later: c2,
            kind,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::books::{Memory, load};

    #[test]
    fn an_id_is_its_series_and_its_number() {
        assert_eq!(split("RN-2026-047"), Some(("RN-2026-", "047", "")));
        assert_eq!(split("C12b"), Some(("C", "12", "b")));
        assert_eq!(split("2026"), Some(("", "2026", "")));
        assert_eq!(split("ABC"), None);
        assert_eq!(number("047"), Some(47));
        assert_eq!(number("000"), Some(0));
        assert_eq!(number("1234567890123456789"), None);
    }

    #[test]
    fn gaps_repeats_and_backdated_numbers() {
        let files = vec![
            (
                "coop.toml".to_string(),
                b"name = \"T\"\ncurrency = \"EUR\"\n[payroll]\nmodel = \"contractor\"\n".to_vec(),
            ),
            ("members/ann.toml".to_string(), b"name = \"Ann\"\n".to_vec()),
            (
                "contracts/2026.csv".to_string(),
                b"id,member,client,date,hours,amount\n\
                  RN-001,ann,A,2026-01-05,1,10.00\n\
                  RN-002,ann,A,2026-01-06,1,10.00\n\
                  RN-005,ann,A,2026-01-07,1,10.00\n\
                  RN-006,ann,A,2026-01-02,1,10.00\n\
                  RN-6,ann,A,2026-01-08,1,10.00\n\
                  CN-1,ann,A,2026-01-09,1,10.00\n\
                  ZZ,ann,A,2026-01-09,1,10.00\n"
                    .to_vec(),
            ),
        ];
        let books = load(&Memory::new(files)).unwrap().books;
        let id = |c: ContractId| books.contract_id(books.contract(c)).to_string();
        let got: Vec<(String, String, BreakKind)> = (of(&books).into_iter())
            .map(|b| (id(b.earlier), id(b.later), b.kind))
            .collect();
        // RN-: 1, 2, (3 and 4 missing), 5, 6 dated before 5, 6 again. CN-: one; ZZ: none.
        assert_eq!(
            got,
            [
                (
                    "RN-002".into(),
                    "RN-005".into(),
                    BreakKind::Gap { first: 3, last: 4 }
                ),
                ("RN-005".into(), "RN-006".into(), BreakKind::Backdated),
                ("RN-006".into(), "RN-6".into(), BreakKind::Repeated),
            ]
        );
    }
}
