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
    "clients/Brasserie du Canal.toml",
    "clients/Coop IT Services.toml",
    "clients/Fablab Aachen.toml",
    "clients/Fablab Liège.toml",
    "clients/Festival Esperanzah.toml",
    "clients/Librairie Point Virgule.toml",
    "clients/Maison de la Culture.toml",
    "clients/Musée de la Photographie.toml",
    "clients/Théâtre National.toml",
    "clients/Théâtre du Parc.toml",
    "clients/Ville de Namur.toml",
    "clients/École de Cirque.toml",
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
    "contracts/2026-04.csv",
    "payments/2026.csv",
    "ledger/2025.csv",
    "ledger/2026.csv",
    "bank/rules.toml",
    "bank/statements.csv",
];

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to create; it must not exist or be empty
    pub dir: PathBuf,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let dir: &Path = &args.dir;
    if dir.symlink_metadata().is_ok() {
        // Into an existing directory: it must be empty (but for what a killed coopbooks left),
        // and stays locked until written. coop.toml is put in place last, so that a killed
        // `init` leaves no books.
        ctx.lock_for_writing(dir)?;
        crate::write::remove_stale_temporaries(dir);
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; init writes only to a new or empty directory",
                dir.display()
            );
        }
        write_example(dir)?;
    } else {
        // A new directory is written whole under a hidden name beside it, then renamed.
        let staging = crate::write::temporary(dir);
        let written = std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", dir.display()))
            .and_then(|()| write_example(&staging))
            .and_then(|()| {
                std::fs::rename(&staging, dir)
                    .with_context(|| format!("cannot create {}", dir.display()))
            });
        if written.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        written?;
        crate::write::sync_parent(dir).with_context(|| format!("cannot sync {}", dir.display()))?;
    }
    Ok(Output {
        stdout: next_steps(dir),
        ..Output::default()
    })
}

/// What was written, and the three commands to try next (the directory quoted for the shell
/// where it needs to be).
fn next_steps(dir: &Path) -> String {
    let shown = dir.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c);
    let arg = if !shown.is_empty() && shown.chars().all(plain) {
        shown.clone()
    } else {
        format!("'{}'", shown.replace('\'', "'\\''"))
    };
    format!(
        "Wrote example books to {}.\nTry:\n  coopbooks --books {arg} check\n  \
         coopbooks --books {arg} pay 2026-03\n  coopbooks --books {arg} member alice\n",
        crate::text::escaped(&shown)
    )
}

/// Every file of the example books into a directory, as one atomic batch (coop.toml last).
fn write_example(dir: &Path) -> Result<()> {
    let mut batch = crate::write::Batch::new(dir)?;
    let (coop, rest): (Vec<_>, Vec<_>) = EXAMPLE.iter().partition(|(rel, _)| *rel == "coop.toml");
    for (rel, text) in rest.into_iter().chain(coop) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        batch.add(&path, text.as_bytes())?;
    }
    batch.commit()
}
