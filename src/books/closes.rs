//! Reads `closes/*.toml`, the files `coopbooks close` writes: kept as text and as a TOML table.

use super::model::Books;
use super::tomlvalue::TomlFile;
use crate::problem::Problem;
use anyhow::Result;
use std::path::Path;

/// One close file: `closes/2026-03.toml` (a month) or `closes/2026.toml` (a year).
pub struct CloseFile {
    pub rel: String,
    /// The period it closes: the file stem.
    pub period: String,
    pub text: String,
    /// `None` when it does not parse (a problem is reported).
    pub table: Option<toml::Table>,
}

pub fn load(root: &Path, books: &mut Books, problems: &mut Vec<Problem>) -> Result<()> {
    for rel in super::list_files(root, "closes", ".toml")? {
        let text = super::read_text(root, &rel)?;
        books.add_file(&rel);
        let period = rel
            .trim_start_matches("closes/")
            .trim_end_matches(".toml")
            .to_string();
        let mut f = TomlFile {
            rel: rel.clone(),
            text: &text,
            problems,
        };
        let table = f.parse::<toml::Table>();
        books.closes.push(CloseFile {
            rel,
            period,
            table,
            text,
        });
    }
    Ok(())
}
