//! Closing periods (SPEC §14): the close files under `closes/`, and what they post.

use crate::books::Books;
use crate::engine::funds::YearEnd;
use anyhow::Result;

/// The year-end postings of every closed year.
pub fn year_ends(_books: &Books) -> Result<Vec<YearEnd>> {
    Ok(Vec::new())
}
