//! Dense numbers for strings: the texts in one arena, and a hash table of their numbers.
//! Look-ups hash once and compare bytes only on a hash match; nothing is allocated per entry.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Strings in one arena, numbered in the order they were pushed.
#[derive(Default)]
pub struct Strings {
    text: String,
    /// Where each string ends in `text`; string `i` starts where `i - 1` ends.
    ends: Vec<u32>,
}

impl Strings {
    pub fn with_capacity(strings: usize, bytes: usize) -> Strings {
        Strings {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(strings),
        }
    }

    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds a string; its number.
    pub fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }

    /// The string numbered `i`.
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// Each distinct string numbered once: the strings, and a hash table of their numbers.
#[derive(Default)]
pub struct Interner {
    strings: Strings,
    table: HashTable<u32>,
}

impl Interner {
    pub fn with_capacity(strings: usize) -> Interner {
        Interner {
            table: HashTable::with_capacity(strings),
            strings: Strings::with_capacity(strings, strings * 8),
        }
    }

    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// The string numbered `i`.
    pub fn get(&self, i: u32) -> &str {
        self.strings.get(i)
    }

    /// Every string, by number.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.get(i))
    }

    /// The hash a string is filed under (the same in every interner).
    pub fn hash(s: &str) -> u64 {
        rustc_hash::FxBuildHasher.hash_one(s)
    }

    /// The number of `s`, if it has one.
    pub fn find(&self, s: &str) -> Option<u32> {
        self.find_hashed(s, Interner::hash(s))
    }

    /// `find`, for a string whose `Interner::hash` is known.
    pub fn find_hashed(&self, s: &str, hash: u64) -> Option<u32> {
        self.table.find(hash, |&i| self.get(i) == s).copied()
    }

    /// `Ok(n)` with a new number for a new string, `Err(n)` with the number it already has.
    pub fn insert(&mut self, s: &str) -> Result<u32, u32> {
        self.insert_hashed(s, Interner::hash(s))
    }

    /// `insert`, for a string whose `Interner::hash` is known.
    pub fn insert_hashed(&mut self, s: &str, hash: u64) -> Result<u32, u32> {
        let Interner { strings, table } = self;
        if let Some(&i) = table.find(hash, |&i| strings.get(i) == s) {
            return Err(i);
        }
        let n = strings.push(s);
        table.insert_unique(hash, n, |&i| Interner::hash(strings.get(i)));
        Ok(n)
    }

    /// The number of `s`, new or not.
    pub fn intern(&mut self, s: &str) -> u32 {
        self.insert(s).unwrap_or_else(|n| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_dense_and_stable() {
        let mut ids = Interner::with_capacity(2);
        assert_eq!(ids.insert("C-1"), Ok(0));
        assert_eq!(ids.insert("C-2"), Ok(1));
        assert_eq!(ids.insert("C-1"), Err(0));
        assert_eq!((ids.find("C-2"), ids.find("C-3")), (Some(1), None));
        assert_eq!((ids.get(0), ids.get(1), ids.len()), ("C-1", "C-2", 2));
        for i in 0..10_000 {
            assert_eq!(ids.intern(&format!("K{i:07}")), i + 2);
        }
        assert_eq!(ids.find("K0004321"), Some(4323));
    }
}
