//! The typed books (SPEC §1–§7) and the loaders that read them; nothing else reads the books' files.

mod closes;
mod contracts;
mod coop;
mod csvfile;
mod ledger;
mod locate;
mod members;
mod model;
mod payments;
mod tomlvalue;

pub use closes::CloseFile;
pub use locate::find_books_dir;
pub use members::{iban_is_valid, is_valid_id};
pub use model::*;

use crate::problem::{self, Problem};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Books as read, with every problem found while reading them.
pub struct Loaded {
    pub books: Books,
    pub problems: Vec<Problem>,
}

/// Reads a whole books directory. Files that cannot be read at all are an `Err` (exit 2);
/// anything wrong inside them is a `Problem` and the rest is still read.
pub fn load(root: &Path) -> Result<Loaded> {
    let mut problems = Vec::new();
    let coop_text = read_text(root, "coop.toml", &mut problems)?.unwrap_or_default();
    let coop = coop::parse(&coop_text, &mut problems);
    let mut books = Books::new(root.to_path_buf(), coop);
    members::load(root, &mut books, &mut problems)?;
    let broken = contracts::load(root, &mut books, &mut problems)?;
    payments::load(root, &mut books, &broken, &mut problems)?;
    ledger::load(root, &mut books, &mut problems)?;
    closes::load(root, &mut books, &mut problems)?;
    problem::sort(&mut problems);
    Ok(Loaded { books, problems })
}

/// Reads a text file of the books, dropping a leading BOM. A file that is not UTF-8 is a
/// problem of the books (`None`); one that cannot be read at all is an `Err`.
pub(crate) fn read_text(
    root: &Path,
    rel: &str,
    problems: &mut Vec<Problem>,
) -> Result<Option<String>> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            problems.push(Problem::error(
                rel,
                line,
                "is not valid UTF-8; save the file as UTF-8",
            ));
            return Ok(None);
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(Some(text))
}

/// The files of one folder of the books with the given extension, in byte order of their
/// names, as paths relative to the books directory. An absent folder has none.
pub(crate) fn list_files(root: &Path, folder: &str, ext: &str) -> Result<Vec<String>> {
    let dir = root.join(folder);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_file = entry.file_type().map(|t| !t.is_dir()).unwrap_or(false);
        if is_file && name.ends_with(ext) && !name.starts_with('.') {
            names.push(name.to_string());
        }
    }
    names.sort_unstable();
    Ok(names.into_iter().map(|n| format!("{folder}/{n}")).collect())
}

impl Books {
    fn new(root: PathBuf, coop: Coop) -> Books {
        Books {
            root,
            files: Vec::new(),
            coop,
            members: Vec::new(),
            member_index: Default::default(),
            clients: Vec::new(),
            client_index: Default::default(),
            contracts: Vec::new(),
            contract_index: Default::default(),
            payments: Vec::new(),
            ledger: Vec::new(),
            closes: Vec::new(),
        }
    }

    pub(crate) fn add_file(&mut self, rel: &str) -> FileId {
        self.files.push(rel.to_string());
        FileId((self.files.len() - 1) as u32)
    }

    /// The file, relative to the books directory, of a row.
    pub fn file(&self, src: Source) -> &str {
        self.files
            .get(src.file.0 as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// A problem located at a row.
    pub fn problem_at(&self, src: Source, message: impl Into<String>) -> Problem {
        Problem::error(self.file(src), src.line, message)
    }

    pub fn member(&self, id: MemberId) -> &Member {
        &self.members[id.0 as usize]
    }

    pub fn member_by_id(&self, id: &str) -> Option<MemberId> {
        self.member_index.get(id).copied()
    }

    pub fn contract(&self, id: ContractId) -> &Contract {
        &self.contracts[id.0 as usize]
    }

    pub fn contract_by_id(&self, id: &str) -> Option<ContractId> {
        self.contract_index.get(id).copied()
    }

    pub fn client(&self, c: &Contract) -> &str {
        self.clients
            .get(c.client as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub(crate) fn intern_client(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.client_index.get(name) {
            return i;
        }
        let i = self.clients.len() as u32;
        self.clients.push(name.to_string());
        self.client_index.insert(name.into(), i);
        i
    }

    /// The latest date of any dated row (contract, payment, ledger), if any.
    pub fn latest_date(&self) -> Option<chrono::NaiveDate> {
        let c = self.contracts.iter().map(|c| c.date).max();
        let p = self.payments.iter().map(|p| p.date).max();
        let l = self.ledger.iter().map(|l| l.date).max();
        [c, p, l].into_iter().flatten().max()
    }
}
