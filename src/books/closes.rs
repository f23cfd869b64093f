//! Reads `closes/*.toml`, the files `coopbooks close` writes. They are kept as text: `check`
//! compares them with what the books give now, and parses one only where they differ.

use super::model::{BookFile, FileId};
use crate::problem::Problem;

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

pub fn read(files: &[(FileId, BookFile)], problems: &mut Vec<Problem>) -> Vec<CloseFile> {
    let mut out = Vec::new();
    for (_, f) in files {
        let Some(text) = super::text_of(f, problems) else {
            continue;
        };
        let period = f
            .rel
            .trim_start_matches("closes/")
            .trim_end_matches(".toml")
            .to_string();
        out.push(CloseFile {
            rel: f.rel.clone(),
            period,
            text: text.to_string(),
        });
    }
    out
}
