//! `init DIR`: write the example books (the same as `fixtures/atelier`) to a new or empty directory.

use super::{Ctx, Output};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

macro_rules! example {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../fixtures/atelier/", $path)))),*]
    };
}

/// Every file of the example books, as (path, contents).
pub const EXAMPLE: &[(&str, &str)] = example![
    "coop.toml",
    "members/alice.toml",
    "members/bruno.toml",
    "members/chloe.toml",
    "members/david.toml",
    "members/emma.toml",
    "members/farid.toml",
    "members/greta.toml",
    "members/hugo.toml",
    "members/ines.toml",
    "members/zoe.toml",
    "contracts/2026-01.csv",
    "contracts/2026-02.csv",
    "contracts/2026-03.csv",
    "payments/2026.csv",
    "ledger/2026.csv",
];

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to create; it must not exist or be empty
    pub dir: PathBuf,
}

pub fn run(_ctx: &Ctx, args: &Args) -> Result<Output> {
    let dir: &Path = &args.dir;
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; init writes only to a new or empty directory",
                dir.display()
            );
        }
    }
    for (rel, text) in EXAMPLE {
        crate::write::atomic(&dir.join(rel), text.as_bytes())?;
    }
    Ok(Output {
        stdout: format!(
            "Wrote example books to {}.\nTry: coopbooks --books {} check\n",
            dir.display(),
            dir.display()
        ),
        ..Output::default()
    })
}
