//! Books as they would be with some files written or left out: a source over another, for a
//! command that checks what it is about to write (`add`), or a report that reads the books
//! without the files that have errors (a closed period's, see `cmd::Ctx::compute_for`).

use super::source::{Bytes, Source};
use anyhow::Result;
use std::path::Path;

pub struct Overlay<'a> {
    base: &'a dyn Source,
    /// Each file's path in the books (`contracts/2026-03.csv`) and its new bytes, or none for
    /// a file left out; sorted by path.
    changes: Vec<(String, Option<Vec<u8>>)>,
}

impl<'a> Overlay<'a> {
    /// `base` with the file `rel` replaced by `bytes`, or added if it is new.
    pub fn new(base: &'a dyn Source, rel: &str, bytes: Vec<u8>) -> Overlay<'a> {
        Overlay {
            base,
            changes: vec![(rel.to_string(), Some(bytes))],
        }
    }

    /// `base` with the files `added` (each path and bytes), which it does not have.
    pub fn with(base: &'a dyn Source, added: Vec<(String, Vec<u8>)>) -> Overlay<'a> {
        let mut changes: Vec<(String, Option<Vec<u8>>)> =
            added.into_iter().map(|(r, b)| (r, Some(b))).collect();
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        Overlay { base, changes }
    }

    /// `base` without the files `rels`.
    pub fn without(base: &'a dyn Source, rels: &[&str]) -> Overlay<'a> {
        let mut changes: Vec<(String, Option<Vec<u8>>)> =
            rels.iter().map(|r| (r.to_string(), None)).collect();
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        Overlay { base, changes }
    }

    fn change(&self, rel: &str) -> Option<&Option<Vec<u8>>> {
        (self
            .changes
            .binary_search_by(|c| c.0.as_str().cmp(rel))
            .ok())
        .map(|i| &self.changes[i].1)
    }
}

impl Source for Overlay<'_> {
    fn names(&self, folder: &str) -> Result<Vec<String>> {
        let mut names = self.base.names(folder)?;
        for (rel, bytes) in &self.changes {
            let here = (rel.rsplit_once('/')).is_some_and(|(f, _)| f == folder);
            match (here, names.binary_search(rel), bytes) {
                (true, Err(at), Some(_)) => names.insert(at, rel.clone()),
                (true, Ok(at), None) => {
                    names.remove(at);
                }
                _ => {}
            }
        }
        Ok(names)
    }

    fn read(&self, rel: &str) -> Result<Bytes> {
        match self.change(rel) {
            Some(Some(bytes)) => Ok(bytes.clone().into()),
            Some(None) => anyhow::bail!("{rel} is left out"),
            None => self.base.read(rel),
        }
    }

    fn read_many(&self, rels: &[String]) -> Result<Vec<Bytes>> {
        // The base's own way (in parallel, from one git process) unless a file is changed.
        if rels.iter().all(|r| self.change(r).is_none()) {
            return self.base.read_many(rels);
        }
        rels.iter().map(|rel| self.read(rel)).collect()
    }

    fn root(&self) -> &Path {
        self.base.root()
    }

    fn deleted(&self, rels: &[String], bytes: bool) -> Vec<(String, String, Vec<u8>)> {
        self.base.deleted(rels, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::books::Memory;

    #[test]
    fn a_new_file_is_listed_in_order_and_an_old_one_replaced() {
        let base = Memory::new([
            ("members/a.toml".to_string(), b"name = \"A\"\n".to_vec()),
            ("members/c.toml".to_string(), b"name = \"C\"\n".to_vec()),
        ]);
        let o = Overlay::new(&base, "members/b.toml", b"name = \"B\"\n".to_vec());
        assert_eq!(
            o.names("members").unwrap(),
            ["members/a.toml", "members/b.toml", "members/c.toml"]
        );
        assert_eq!(&*o.read("members/b.toml").unwrap(), b"name = \"B\"\n");
        let o = Overlay::new(&base, "members/a.toml", b"name = \"Z\"\n".to_vec());
        assert_eq!(o.names("members").unwrap().len(), 2);
        assert_eq!(&*o.read("members/a.toml").unwrap(), b"name = \"Z\"\n");
        assert!(o.names("contracts").unwrap().is_empty());
    }

    #[test]
    fn files_left_out_are_neither_listed_nor_read() {
        let base = Memory::new([
            ("members/a.toml".to_string(), b"name = \"A\"\n".to_vec()),
            ("members/c.toml".to_string(), b"name = \"C\"\n".to_vec()),
        ]);
        let o = Overlay::without(&base, &["members/c.toml", "members/x.toml"]);
        assert_eq!(o.names("members").unwrap(), ["members/a.toml"]);
        assert!(o.read("members/c.toml").is_err());
        assert_eq!(
            o.read_many(&["members/a.toml".to_string()]).unwrap().len(),
            1
        );
    }
}
