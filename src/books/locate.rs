//! Finds the books directory: `--books`, else `COOPBOOKS_DIR`, else the nearest `coop.toml` upward.

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// `explicit` is `--books` or `COOPBOOKS_DIR` (clap reads both); `cwd` is where to search from.
pub fn find_books_dir(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.join("coop.toml").is_file() {
            if dir.exists() && !dir.is_dir() {
                bail!(
                    "{} is not a directory; --books names the books directory, the one that \
                     holds coop.toml",
                    dir.display()
                );
            }
            if !dir.is_dir() {
                bail!("books directory {} does not exist", dir.display());
            }
            bail!(
                "{} has no coop.toml; is it a books directory?",
                dir.display()
            );
        }
        return Ok(dir.to_path_buf());
    }
    let mut here = Some(cwd);
    while let Some(dir) = here {
        if dir.join("coop.toml").is_file() {
            return Ok(dir.to_path_buf());
        }
        here = dir.parent();
    }
    bail!(
        "no coop.toml in {} or any directory above it; use --books DIR or set COOPBOOKS_DIR",
        cwd.display()
    )
}
