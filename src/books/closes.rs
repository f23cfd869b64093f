//! Reads `closes/*.toml`, the files `coopbooks close` writes. They are kept as text: `check`
//! compares them with what the books give now, and parses one only where they differ.

use super::model::Books;
use crate::problem::Problem;
use anyhow::Result;
use std::path::Path;

/// One close file: `closes/2026-03.toml` (a month) or `closes/2026.toml` (a year).
pub struct CloseFile {
    pub rel: String,
    /// The period it closes: the file stem.
    pub period: String,
    pub text: String,
}

impl CloseFile {
    pub fn table(&self) -> Result<toml::Table, toml::de::Error> {
        toml::from_str(&self.text)
    }
}

pub fn load(root: &Path, books: &mut Books, problems: &mut Vec<Problem>) -> Result<()> {
    for rel in super::list_files(root, "closes", ".toml")? {
        let Some(text) = super::read_text(root, &rel, problems)? else {
            continue;
        };
        books.add_file(&rel);
        let period = rel
            .trim_start_matches("closes/")
            .trim_end_matches(".toml")
            .to_string();
        books.closes.push(CloseFile { rel, period, text });
    }
    Ok(())
}
