//! The typed books and the loaders that read them from a source; nothing else reads a book file.

pub mod append;
mod bank;
pub mod canonical;
mod clients;
mod close;
mod contract_ids;
mod contracts;
mod coop;
pub(crate) mod csvfile;
mod cut;
pub mod iban;
mod ids;
mod index;
mod invoicing;
mod ledger;
mod load;
mod locate;
mod members;
mod memory;
mod model;
mod notes;
mod overlay;
mod payments;
pub mod source;
mod taxid;
mod tomllayout;
mod tomlvalue;

pub use close::{
    COMPACT_ABOVE, CarryClose, Close, CloseFile, FUND_MOVEMENTS, FundClose, GuaranteeClose,
    KeyLines, MemberMonth, MemberYear, MonthClose, SetAsideClose, YearClose, member_lines,
    parse as parse_close, readers_agree, shortfall_fields,
};
pub use cut::{Cut, History};
pub use load::{Loaded, load, load_dir, load_with, read_alone};
pub use locate::find_books_dir;
pub use members::is_valid_id;
pub use memory::Memory;
pub use model::*;
pub use notes::Notes;
pub use overlay::Overlay;
pub use source::{Dir, GitRev, Source, last_commit_of};
pub use source::{RULES, STATEMENTS};

use crate::problem::Problem;
use anyhow::Result;

/// A book file's bytes in canonical form, as `fmt` writes them: a CSV table, coop.toml, a
/// member's or a client's file. `None` for a file that `fmt` leaves alone (a close file, which coopbooks
/// writes itself) or that does not parse (the loader says why).
pub fn canonical_bytes(rel: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    if let Some(table) = canonical::table(rel, bytes) {
        return Some(table.to_bytes());
    }
    let text = std::str::from_utf8(bytes).ok()?;
    tomllayout::canonical(text, toml_date_keys(rel)?).map(String::into_bytes)
}

/// Whether `fmt` rewrites the file `rel` of the books.
pub fn has_canonical_form(rel: &str) -> bool {
    canonical::is_table(rel) || toml_date_keys(rel).is_some()
}

/// The date keys of a TOML file of the books that `fmt` rewrites.
fn toml_date_keys(rel: &str) -> Option<&'static [&'static str]> {
    let in_folder = |folder: &str| {
        (rel.strip_prefix(folder))
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| name.ends_with(".toml") && !name.contains('/'))
    };
    match rel {
        "coop.toml" => Some(coop::DATE_KEYS),
        _ if in_folder("members") => Some(members::DATE_KEYS),
        _ if in_folder("clients") => Some(&[]),
        _ => None,
    }
}

/// The columns of each kind of CSV file, in their documented (and canonical) order, by
/// folder: what the manual page `coopbooks-books(5)` must document.
pub fn csv_columns() -> [(&'static str, Vec<&'static str>); 3] {
    let names = |columns: &[csvfile::Column]| columns.iter().map(|c| c.name).collect();
    [
        ("contracts", names(&contracts::COLUMNS)),
        ("payments", names(&payments::COLUMNS)),
        ("ledger", names(&ledger::COLUMNS)),
    ]
}

/// The co-op that a `coop.toml` of this text declares, and the problems in it.
#[doc(hidden)]
pub fn parse_coop(text: &str) -> (Coop, Vec<Problem>) {
    let mut problems = Vec::new();
    let coop = coop::parse(text, &mut problems);
    (coop, problems)
}

/// A TOML file's text without a leading BOM. A file that is not UTF-8 is a problem of the
/// books (`None`), placed on the line of the first bad byte.
pub(crate) fn text_of<'a>(file: &'a BookFile, problems: &mut Vec<Problem>) -> Option<&'a str> {
    match std::str::from_utf8(&file.bytes) {
        Ok(text) => Some(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let valid = &file.bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            problems.push(Problem::error(
                file.rel.as_str(),
                line,
                format!("is not valid UTF-8; {}", csvfile::SAVE_AS_UTF8),
            ));
            None
        }
    }
}

impl Books {
    /// Money and hours are kept as 64-bit integers (cents, ten-thousandths of an hour), which
    /// every figure derived from the books fits in as long as their amounts total at most
    /// `MAX_TOTAL_CENTS` (a hundred million million cents) and their hours at most as many
    /// ten-thousandths. Books beyond that are one problem, on the row that goes over, and
    /// their rows are set aside so that nothing is computed from them.
    fn keep_within_total_cap(&mut self, problems: &mut Vec<Problem>) {
        use crate::money::MAX_TOTAL_CENTS;
        let openings: i128 = (self.coop.funds.iter())
            .map(|f| i128::from(f.opening.cents()).abs())
            .sum();
        let rows = (self.contracts.iter())
            .map(|c| (c.src, c.amount.cents(), c.hours.units()))
            .chain(self.payments.iter().map(|p| (p.src, p.amount.cents(), 0)))
            .chain(self.ledger.iter().map(|l| (l.src, l.amount.cents(), 0)));
        let (mut cents, mut hours) = (openings, 0i128);
        let mut over = (cents > MAX_TOTAL_CENTS).then_some(None);
        if over.is_none() {
            for (src, amount, h) in rows {
                cents += i128::from(amount);
                hours += i128::from(h);
                if cents > MAX_TOTAL_CENTS || hours > MAX_TOTAL_CENTS {
                    over = Some(Some(src));
                    break;
                }
            }
        }
        let Some(at) = over else {
            return;
        };
        let limit = crate::money::Money::from_cents(MAX_TOTAL_CENTS as i64);
        let message = format!(
            "the books' amounts total more than {limit} (or their hours more than \
             1000000000000), more than coopbooks computes exactly; nothing is computed from \
             these books"
        );
        problems.push(match at {
            Some(src) => self.problem_at(src, message),
            None => Problem::error("coop.toml", 1, message),
        });
        self.contracts.clear();
        self.contract_ids.clear();
        self.payments.clear();
        self.ledger.clear();
        for f in &mut self.coop.funds {
            f.opening = crate::money::Money::ZERO;
        }
    }

    /// The file, relative to the books directory, of a row.
    pub fn file(&self, id: FileId) -> &str {
        self.files
            .get(id.0 as usize)
            .map(|f| f.rel.as_str())
            .unwrap_or("?")
    }

    /// A problem located at a row.
    pub fn problem_at(&self, src: Loc, message: impl Into<String>) -> Problem {
        Problem::error(self.file(src.file), src.line, message)
    }

    /// Every cell of a CSV row as written, in the file's column order (unknown columns and
    /// notes such as `description` and `memo` included), with the file's header.
    pub fn row_cells(&self, src: Loc) -> (Vec<String>, Vec<String>) {
        let bytes = self
            .files
            .get(src.file.0 as usize)
            .map_or(&[][..], |f| &f.bytes);
        (
            csvfile::header(bytes),
            csvfile::cells_at(bytes, src.start as usize, src.end as usize),
        )
    }

    pub fn member(&self, id: MemberId) -> &Member {
        &self.members[id.0 as usize]
    }

    /// A member's id, as written: from the table of ids, which a pass over many members reads
    /// far faster than each member's record.
    pub fn member_id(&self, id: MemberId) -> &str {
        self.member_ids.get(id.0)
    }

    pub fn member_by_id(&self, id: &str) -> Option<MemberId> {
        self.member_ids.find(id).map(MemberId)
    }

    pub fn contract(&self, id: ContractId) -> &Contract {
        &self.contracts[id.0 as usize]
    }

    /// A contract's id, as written.
    pub fn contract_id(&self, c: &Contract) -> &str {
        self.contract_ids.text(c.id)
    }

    pub fn contract_by_id(&self, id: &str) -> Option<ContractId> {
        self.contract_ids.contract(id)
    }

    pub fn client(&self, c: &Contract) -> &str {
        self.clients.get(c.client)
    }

    /// The record of the client a contract names (`clients/<id>.toml`), if there is one.
    pub fn client_record(&self, c: &Contract) -> Option<&Client> {
        self.client_named(self.client(c))
    }

    /// The record of client `id`, if there is one.
    pub fn client_named(&self, id: &str) -> Option<&Client> {
        (self.client_records)
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.client_records[i])
    }

    /// A close file read whole (the members' tables of a month read only up to its summary so
    /// far), or the problem that stops it.
    pub fn close_in_full(&self, file: &CloseFile) -> Result<Close, Option<Problem>> {
        match self.files.get(file.file.0 as usize) {
            Some(f) => close::in_full(f, file.period),
            None => Err(None),
        }
    }

    /// Each member's retained allocation as a year close file records it, read from its
    /// members' tables alone (`None`: read the close whole for them).
    pub fn close_retained(&self, file: &CloseFile) -> Option<Vec<(&str, crate::money::Money)>> {
        close::members_retained(self.files.get(file.file.0 as usize)?)
    }

    /// The books as they will be once `close` is written as `rel`: its text among the files,
    /// the close among the closes (what a year's carry is worked out from before its file is
    /// written).
    pub fn with_close(
        mut self,
        rel: &str,
        text: &str,
        period: crate::period::Closable,
        close: Close,
    ) -> Books {
        let file = FileId(self.files.len() as u32);
        self.files.push(BookFile {
            rel: rel.to_string(),
            bytes: text.as_bytes().to_vec().into(),
        });
        self.closes.push(CloseFile {
            rel: rel.to_string(),
            file,
            period,
            close: Some(close),
            complete: true,
        });
        self.closes.sort_by_key(|c| c.period.order());
        self
    }

    /// Whether a period has a close file.
    pub fn is_closed(&self, what: crate::period::Closable) -> bool {
        self.closes.iter().any(|c| c.period == what)
    }

    /// The last day of the latest closed period, and that period: a row dated on or before it
    /// would change closed figures (closes go in order, so every month before it is closed or
    /// had no movement when it was closed).
    pub fn closed_through(&self) -> Option<(chrono::NaiveDate, crate::period::Closable)> {
        (self.closes.iter())
            .filter_map(|c| Some((c.period.last_day()?, c.period)))
            .max_by_key(|&(day, _)| day)
    }

    /// The latest date of any dated row (contract, payment, ledger), if any.
    pub fn latest_date(&self) -> Option<chrono::NaiveDate> {
        let c = self.contracts.iter().map(|c| c.date).max();
        let p = self.payments.iter().map(|p| p.date).max();
        let l = self.ledger.iter().map(|l| l.date).max();
        [c, p, l].into_iter().flatten().max()
    }
}
