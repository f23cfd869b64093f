//! Books as they would be with one file written: a source over another, for a command that
//! checks what it is about to write (`add`) before writing it.

use super::source::{Bytes, Source};
use anyhow::Result;
use std::path::Path;

pub struct Overlay<'a> {
    base: &'a dyn Source,
    /// The file's path in the books (`contracts/2026-03.csv`) and its new bytes.
    rel: String,
    bytes: Vec<u8>,
}

impl<'a> Overlay<'a> {
    /// `base` with the file `rel` replaced by `bytes`, or added if it is new.
    pub fn new(base: &'a dyn Source, rel: &str, bytes: Vec<u8>) -> Overlay<'a> {
        Overlay {
            base,
            rel: rel.to_string(),
            bytes,
        }
    }
}

impl Source for Overlay<'_> {
    fn names(&self, folder: &str) -> Result<Vec<String>> {
        let mut names = self.base.names(folder)?;
        let here = (self.rel.rsplit_once('/')).is_some_and(|(f, _)| f == folder);
        if here && let Err(at) = names.binary_search(&self.rel) {
            names.insert(at, self.rel.clone());
        }
        Ok(names)
    }

    fn read(&self, rel: &str) -> Result<Bytes> {
        match rel == self.rel {
            true => Ok(self.bytes.clone().into()),
            false => self.base.read(rel),
        }
    }

    fn root(&self) -> &Path {
        self.base.root()
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
}
