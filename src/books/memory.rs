//! Books held in memory, as paths and bytes: a source for the fuzz targets (`fuzz/`) and
//! for tests, read exactly as a directory is.

use super::source::{Bytes, Source};
use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
    root: PathBuf,
}

impl Memory {
    /// Books of these files, each named by its path in the books (`contracts/2026-03.csv`).
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Memory {
        Memory {
            files: files.into_iter().collect(),
            root: PathBuf::from("(in memory)"),
        }
    }
}

impl Source for Memory {
    fn names(&self, folder: &str) -> Result<Vec<String>> {
        let mut names: Vec<String> = (self.files.keys())
            .filter_map(|rel| rel.strip_prefix(folder)?.strip_prefix('/'))
            .filter(|name| !name.contains('/') && !name.starts_with('.'))
            .map(|name| format!("{folder}/{name}"))
            .collect();
        names.sort_unstable();
        Ok(names)
    }

    fn read(&self, rel: &str) -> Result<Bytes> {
        match self.files.get(rel) {
            Some(bytes) => Ok(bytes.clone().into()),
            None => bail!("{rel}: no such file in the books"),
        }
    }

    fn root(&self) -> &Path {
        &self.root
    }
}
