//! The typed books and the loaders that read them from a source; nothing else reads a book file.

mod close;
mod contracts;
mod coop;
mod csvfile;
mod ids;
mod ledger;
mod locate;
mod members;
mod model;
mod payments;
pub mod source;
mod tomlvalue;

pub use close::{
    Close, CloseFile, MemberMonth, MemberYear, MonthClose, SetAsideClose, YearClose,
    parse as parse_close,
};
pub use locate::find_books_dir;
pub use members::{iban_is_valid, is_valid_id};
pub use model::*;
pub use source::{Dir, GitRev, Source};

use crate::problem::{self, Problem};
use anyhow::Result;

/// Books as read, with every problem found while reading them.
pub struct Loaded {
    pub books: Books,
    pub problems: Vec<Problem>,
}

/// The files of each folder, listed before anything is read so that every file has its
/// `FileId` (its place in `Books::files`) whatever order the threads read them in.
struct Listing {
    members: Vec<String>,
    contracts: Vec<String>,
    payments: Vec<String>,
    ledger: Vec<String>,
    closes: Vec<String>,
}

impl Listing {
    fn of(source: &dyn Source) -> Result<Listing> {
        Ok(Listing {
            members: source.list("members", ".toml")?,
            contracts: source.list("contracts", ".csv")?,
            payments: source.list("payments", ".csv")?,
            ledger: source.list("ledger", ".csv")?,
            closes: source.list("closes", ".toml")?,
        })
    }

    /// coop.toml, then each folder's files, in order: the `FileId` of each.
    fn all(&self) -> Vec<&str> {
        let mut all = vec!["coop.toml"];
        for folder in [
            &self.members,
            &self.contracts,
            &self.payments,
            &self.ledger,
            &self.closes,
        ] {
            all.extend(folder.iter().map(String::as_str));
        }
        all
    }
}

/// Reads every file of a folder, in order, each paired with its `FileId` from `first` on.
fn read_folder(
    source: &dyn Source,
    rels: &[String],
    first: usize,
) -> Result<Vec<(FileId, BookFile)>> {
    rels.iter()
        .enumerate()
        .map(|(i, rel)| {
            let bytes = source.read(rel)?;
            Ok((
                FileId((first + i) as u32),
                BookFile {
                    rel: rel.clone(),
                    bytes,
                },
            ))
        })
        .collect()
}

fn refs(files: &[(FileId, BookFile)]) -> Vec<(FileId, &BookFile)> {
    files.iter().map(|(id, f)| (*id, f)).collect()
}

/// Reads the whole books from a source. Files that cannot be read at all are an `Err` (exit 2);
/// anything wrong inside them is a `Problem`, and the rest is still read.
///
/// Two threads: one reads the members, the payments and the ledger while the other reads the
/// contracts; then payments are tied to their contracts. Member ids are numbered from the file
/// names before either starts, so contracts can name members while the members are read.
pub fn load(source: &dyn Source) -> Result<Loaded> {
    let listing = Listing::of(source)?;
    let rels = listing.all();
    let mut problems = Vec::new();
    let coop_file = BookFile {
        rel: "coop.toml".into(),
        bytes: source.read("coop.toml")?,
    };
    let coop = coop::parse(
        text_of(&coop_file, &mut problems).unwrap_or(""),
        &mut problems,
    );
    let member_ids = members::number(&listing.members);
    let first_contract = 1 + listing.members.len();
    let first_payment = first_contract + listing.contracts.len();
    let first_ledger = first_payment + listing.payments.len();
    let first_close = first_ledger + listing.ledger.len();

    let (side, closes, main) = std::thread::scope(|s| {
        // Close files are large at scale (a month of 40,000 members is 13 MB): a thread of their
        // own, which the two cores share with the others.
        let named = |name: &str| std::thread::Builder::new().name(format!("coopbooks-{name}"));
        let closes = named("closes").spawn_scoped(s, || -> Result<_> {
            let mut problems = Vec::new();
            let files = read_folder(source, &listing.closes, first_close)?;
            let closes = close::read(&files, &mut problems);
            Ok((closes, files, problems))
        });
        let side = named("members").spawn_scoped(s, || -> Result<_> {
            let mut problems = Vec::new();
            let member_files = read_folder(source, &listing.members, 1)?;
            let members = members::read(&refs(&member_files), &member_ids, &coop, &mut problems);
            let payment_files = read_folder(source, &listing.payments, first_payment)?;
            let pending = payments::read(&refs(&payment_files), &coop.currency, &mut problems);
            let ledger_files = read_folder(source, &listing.ledger, first_ledger)?;
            let ledger = ledger::read(&refs(&ledger_files), &coop, &member_ids, &mut problems);
            let mut files = member_files;
            files.extend(payment_files);
            files.extend(ledger_files);
            Ok((members, pending, ledger, files, problems))
        });
        let main = (|| -> Result<_> {
            let mut problems = Vec::new();
            let files = read_folder(source, &listing.contracts, first_contract)?;
            let contracts =
                contracts::read(&refs(&files), &coop.currency, &member_ids, &mut problems);
            Ok((contracts, files, problems))
        })();
        let failed = || anyhow::anyhow!("a reading thread failed");
        let side = (side.map_err(anyhow::Error::from))
            .and_then(|t| t.join().unwrap_or_else(|_| Err(failed())));
        let closes = (closes.map_err(anyhow::Error::from))
            .and_then(|t| t.join().unwrap_or_else(|_| Err(failed())));
        (side, closes, main)
    });
    let (members, pending, ledger, side_files, side_problems) = side?;
    let (closes, close_files, close_problems) = closes?;
    let (contracts, contract_files, main_problems) = main?;
    problems.extend(side_problems);
    problems.extend(close_problems);
    problems.extend(main_problems);

    let mut files: Vec<BookFile> = Vec::with_capacity(rels.len());
    files.push(coop_file);
    let mut rest: Vec<(FileId, BookFile)> = side_files;
    rest.extend(contract_files);
    rest.extend(close_files);
    rest.sort_by_key(|(id, _)| *id);
    files.extend(rest.into_iter().map(|(_, f)| f));

    let payments = payments::resolve(
        pending,
        &contracts.ids,
        &contracts.entries,
        &files,
        &mut problems,
    );
    let mut books = Books {
        root: source.root().to_path_buf(),
        files,
        coop,
        members,
        member_ids,
        clients: contracts.clients,
        contracts: contracts.contracts,
        contract_ids: contracts.ids,
        id_entries: contracts.entries,
        payments,
        ledger,
        closes,
    };
    books.keep_within_total_cap(&mut problems);
    problem::sort(&mut problems);
    Ok(Loaded { books, problems })
}

/// Reads the books in a directory.
pub fn load_dir(root: &std::path::Path) -> Result<Loaded> {
    load(&Dir::new(root.to_path_buf()))
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
                "is not valid UTF-8; save the file as UTF-8",
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
        self.id_entries.clear();
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

    pub fn member_by_id(&self, id: &str) -> Option<MemberId> {
        self.member_ids.find(id).map(MemberId)
    }

    pub fn contract(&self, id: ContractId) -> &Contract {
        &self.contracts[id.0 as usize]
    }

    /// A contract's id, as written.
    pub fn contract_id(&self, c: &Contract) -> &str {
        self.contract_ids.get(c.id)
    }

    pub fn contract_by_id(&self, id: &str) -> Option<ContractId> {
        match self.id_entries.get(self.contract_ids.find(id)? as usize)? {
            IdEntry::Contract(c) => Some(*c),
            IdEntry::Broken(_) => None,
        }
    }

    pub fn client(&self, c: &Contract) -> &str {
        self.clients.get(c.client)
    }

    /// Whether a period has a close file.
    pub fn is_closed(&self, what: crate::period::Closable) -> bool {
        self.closes.iter().any(|c| c.period == what)
    }

    /// The latest date of any dated row (contract, payment, ledger), if any.
    pub fn latest_date(&self) -> Option<chrono::NaiveDate> {
        let c = self.contracts.iter().map(|c| c.date).max();
        let p = self.payments.iter().map(|p| p.date).max();
        let l = self.ledger.iter().map(|l| l.date).max();
        [c, p, l].into_iter().flatten().max()
    }
}
