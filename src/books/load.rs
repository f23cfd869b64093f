//! The loader: every file of the books read once, on two cores, into `Books`, with every
//! problem found on the way.

use super::contract_ids::ContractIds;
use super::cut::{self, Cut, History};
use super::ids::Interner;
use super::overlay::Overlay;
use super::*;
use crate::problem::{self, Problem};
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// Books as read, with every problem found while reading them.
pub struct Loaded {
    pub books: Books,
    pub problems: Vec<Problem>,
}

/// The files of each folder, listed before anything is read so that every file has its
/// `FileId` (its place in `Books::files`) whatever order the threads read them in.
#[derive(Default)]
struct Listing {
    contracts: Vec<String>,
    payments: Vec<String>,
    ledger: Vec<String>,
    closes: Vec<String>,
    clients: Vec<String>,
    /// Files of rows of the closed years before a cut, mapped but not parsed: `check` hashes
    /// them against their closes' digests (`History::Sealed`).
    sealed: Vec<String>,
    /// How much of the closes of the years up to the cut is read (books read from a cut).
    heads: Option<close::Heads>,
    /// Files in those folders that are not read, for a warning each.
    ignored: Vec<String>,
    /// Files of a closed year of which only some lines are read: the rows of the invoices its
    /// close leaves open (books read from a cut).
    only: FxHashMap<String, Vec<u32>>,
}

impl Listing {
    fn of(source: &dyn Source) -> Result<Listing> {
        let mut ignored = Vec::new();
        let mut list = |folder: &str, ext: &str| -> Result<Vec<String>> {
            let (read, not): (Vec<String>, Vec<String>) =
                (source.names(folder)?.into_iter()).partition(|n| n.ends_with(ext));
            ignored.extend(not);
            Ok(read)
        };
        let [_, contracts, payments, ledger, closes, clients] = source::FOLDERS;
        Ok(Listing {
            contracts: list(contracts.0, contracts.1)?,
            payments: list(payments.0, payments.1)?,
            ledger: list(ledger.0, ledger.1)?,
            closes: list(closes.0, closes.1)?,
            clients: list(clients.0, clients.1)?,
            sealed: Vec::new(),
            heads: None,
            ignored,
            only: FxHashMap::default(),
        })
    }
}

/// The warning for a file in a folder of the books that is not read (`contracts/2026-03.CSV`,
/// `members/alice.tml`): it would be silently left out.
fn ignored_file(rel: &str) -> Problem {
    let (folder, _) = rel.split_once('/').unwrap_or(("", rel));
    let ext = if matches!(folder, "members" | "closes" | "clients") {
        ".toml"
    } else {
        ".csv"
    };
    Problem::warning(
        rel,
        1,
        format!("not read: only the files of {folder}/ whose names end in {ext} are"),
    )
}

/// The member files and their ids (numbered from the file names), listed on one core while
/// the other starts on the payments; a listing that failed is its message.
struct Members {
    files: Vec<String>,
    ids: ids::Interner,
    /// Files of the folder that are not read.
    ignored: Vec<String>,
}

impl Members {
    fn list(source: &dyn Source) -> Result<Members, String> {
        let [(folder, ext), ..] = source::FOLDERS;
        let (files, ignored): (Vec<String>, Vec<String>) = (source.names(folder))
            .map_err(|e| format!("{e:#}"))?
            .into_iter()
            .partition(|n| n.ends_with(ext));
        let ids = members::number(&files);
        Ok(Members {
            files,
            ids,
            ignored,
        })
    }

    /// How many runs of member files there are to read.
    fn runs(&self) -> usize {
        self.files.len().div_ceil(MEMBERS_PER_TASK)
    }
}

/// One piece of the reading, done by whichever core is free: a file, or a run of member files.
enum Task {
    Contracts(usize),
    Payments(usize),
    Ledger(usize),
    Closes(usize),
    /// Every client file, in one task (a co-op has hundreds of clients, not thousands of
    /// files of rows).
    Clients,
    /// A file of the closed years before a cut, mapped to be hashed.
    Sealed(usize),
    Members(usize),
}

/// Member files read per task: small enough that the two cores finish together.
const MEMBERS_PER_TASK: usize = 1000;

/// The payments files first (the largest, and they name no member, so they can be read while
/// the members are listed), then the close files, the contracts files and the ledger; the
/// member files come after, in runs, so that the last tasks are small.
fn tasks(listing: &Listing) -> Vec<Task> {
    let mut tasks: Vec<Task> = Vec::new();
    tasks.extend((0..listing.payments.len()).map(Task::Payments));
    tasks.extend((0..listing.closes.len()).map(Task::Closes));
    tasks.extend((0..listing.contracts.len()).map(Task::Contracts));
    tasks.extend((0..listing.ledger.len()).map(Task::Ledger));
    if !listing.clients.is_empty() {
        tasks.push(Task::Clients);
    }
    tasks.extend((0..listing.sealed.len()).map(Task::Sealed));
    tasks
}

/// What a task read: its files (with their `FileId`s), their rows, their problems.
struct Read {
    files: Vec<(FileId, BookFile)>,
    rows: Rows,
    problems: Vec<Problem>,
}

enum Rows {
    Contracts(contracts::FileRows),
    Payments(payments::Pending),
    Ledger(ledger::LedgerFile),
    Closes(Vec<CloseFile>),
    Clients(Vec<Client>),
    Members(Vec<(u32, Member)>),
    /// A file mapped, not parsed.
    Sealed,
}

/// What every task reads with: the source, the listing and what is known before any row.
struct Reader<'a> {
    source: &'a dyn Source,
    listing: &'a Listing,
    coop: &'a Coop,
    /// Set by the core that lists them; a task that needs them waits for them.
    members: &'a OnceLock<Result<Members, String>>,
}

impl Reader<'_> {
    /// The `FileId` of a folder's first file: coop.toml, then the contracts, payments, ledger,
    /// close and client files, the sealed files, then the members, each folder in listing
    /// order.
    fn first(&self, task: &Task) -> usize {
        let l = self.listing;
        let payments = 1 + l.contracts.len();
        let ledger = payments + l.payments.len();
        let closes = ledger + l.ledger.len();
        match task {
            Task::Contracts(_) => 1,
            Task::Payments(_) => payments,
            Task::Ledger(_) => ledger,
            Task::Closes(_) => closes,
            Task::Clients => closes + l.closes.len(),
            Task::Sealed(_) => closes + l.closes.len() + l.clients.len(),
            Task::Members(_) => closes + l.closes.len() + l.clients.len() + l.sealed.len(),
        }
    }

    /// The member ids, once listed.
    fn members(&self) -> Result<&Members> {
        self.members
            .wait()
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))
    }

    fn file(&self, rel: &str, id: usize) -> Result<(FileId, BookFile)> {
        let bytes = self.source.read(rel)?;
        let file = BookFile {
            rel: rel.to_string(),
            bytes,
        };
        Ok((FileId(id as u32), file))
    }

    /// Several files read at once, numbered from `first`.
    fn files(&self, rels: &[String], first: usize) -> Result<Vec<(FileId, BookFile)>> {
        let bytes = self.source.read_many(rels)?;
        let files = (rels.iter().zip(bytes).enumerate())
            .map(|(i, (rel, bytes))| {
                let rel = rel.clone();
                (FileId((first + i) as u32), BookFile { rel, bytes })
            })
            .collect();
        Ok(files)
    }

    fn run(&self, task: &Task) -> Result<Read> {
        let (l, first, currency) = (self.listing, self.first(task), &self.coop.currency);
        let mut problems = Vec::new();
        let p = &mut problems;
        let (files, rows) = match *task {
            Task::Contracts(i) => {
                let (id, f) = self.file(&l.contracts[i], first + i)?;
                let ids = &self.members()?.ids;
                let only = l.only.get(&l.contracts[i]).map(Vec::as_slice);
                let rows = contracts::read_file(&f, id, self.coop, ids, only, p);
                (vec![(id, f)], Rows::Contracts(rows))
            }
            Task::Payments(i) => {
                let (id, f) = self.file(&l.payments[i], first + i)?;
                let only = l.only.get(&l.payments[i]).map(Vec::as_slice);
                let pending = payments::read_file(&f, id, currency, only, p);
                (vec![(id, f)], Rows::Payments(pending))
            }
            Task::Ledger(i) => {
                let (id, f) = self.file(&l.ledger[i], first + i)?;
                let ids = &self.members()?.ids;
                let rows = ledger::read_file(&f, id, self.coop, ids, p);
                (vec![(id, f)], Rows::Ledger(rows))
            }
            Task::Closes(i) => {
                let files = vec![self.file(&l.closes[i], first + i)?];
                let closes = close::read(&files, l.heads, p);
                (files, Rows::Closes(closes))
            }
            Task::Clients => {
                let files = self.files(&l.clients, first)?;
                let clients = clients::read(&files, self.coop, p);
                (files, Rows::Clients(clients))
            }
            Task::Sealed(i) => {
                let file = self.file(&l.sealed[i], first + i)?;
                (vec![file], Rows::Sealed)
            }
            Task::Members(r) => {
                let all = self.members()?;
                let from = r * MEMBERS_PER_TASK;
                let run = &all.files[from..(from + MEMBERS_PER_TASK).min(all.files.len())];
                let files = self.files(run, first + from)?;
                let members = members::read(&files, &all.ids, self.coop, p);
                (files, Rows::Members(members))
            }
        };
        // What was parsed is in the rows now; a mapped file's bytes stay readable for the rare
        // row read back as written, from the page cache rather than this process's memory.
        files.iter().for_each(|(_, f)| f.bytes.release());
        Ok(Read {
            files,
            rows,
            problems,
        })
    }

    /// Runs every task on two cores, each taking the next task when it is free; what each
    /// read, in the order of the tasks. Where files cannot be read, the first in task order is
    /// the one reported, whichever core met it (every task is run, so the answer is the same
    /// from run to run).
    fn run_all(&self, tasks: &[Task]) -> Result<Vec<Read>> {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        let (next, next_run) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let work = || -> Vec<(usize, Result<Read>)> {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Relaxed);
                let Some(task) = tasks.get(i) else {
                    break;
                };
                out.push((i, self.run(task)));
            }
            // Then the member files, once listed, in runs.
            let runs = self.members().map_or(0, Members::runs);
            loop {
                let r = next_run.fetch_add(1, Relaxed);
                if r >= runs {
                    return out;
                }
                out.push((tasks.len() + r, self.run(&Task::Members(r))));
            }
        };
        // Not `par::join`: the second thread lists the members that this one's tasks wait
        // for, so it must say when it fails, and a thread that cannot start leaves this one
        // to do it all.
        let mut read = std::thread::scope(|s| {
            let named = std::thread::Builder::new().name("coopbooks-reader".into());
            let other = named.spawn_scoped(s, || {
                // Should this thread fail before the members are listed, the other is told so
                // rather than left waiting.
                struct Told<'a>(&'a OnceLock<Result<Members, String>>);
                impl Drop for Told<'_> {
                    fn drop(&mut self) {
                        let _ = self.0.set(Err("a reading thread failed".into()));
                    }
                }
                let told = Told(self.members);
                let _ = self.members.set(Members::list(self.source));
                drop(told);
                work()
            });
            // Without a second thread (it could not be started), this one does it all.
            if other.is_err() {
                let _ = self.members.set(Members::list(self.source));
            }
            let mut mine = work();
            if let Ok(t) = other {
                mine.extend(t.join().unwrap_or_else(|_| {
                    vec![(0, Err(anyhow::anyhow!("a reading thread failed")))]
                }));
            }
            mine
        });
        read.sort_by_key(|(i, _)| *i);
        read.into_iter().map(|(_, r)| r).collect()
    }
}

/// Reads the whole books from a source. Files that cannot be read at all are an `Err` (exit 2);
/// anything wrong inside them is a `Problem`, and the rest is still read.
///
/// Every file is read and parsed as a task on whichever of two cores is free (`tasks`). Member
/// ids are numbered from the file names before, so rows can name members while the members
/// are read. Then the contract ids are numbered across the files, half on each core, and the
/// payments tied to their contracts, half on each core.
pub fn load(source: &dyn Source) -> Result<Loaded> {
    load_with(source, History::All)
}

/// Reads the books from a source as much of their history as a command needs: with
/// `History::After` or `History::Sealed`, the books opened from the latest closed year that
/// qualifies (`cut`), without the files its close and the closes before it record — when the
/// rows read then are all dated after it and read without an error; else, and with
/// `History::All`, the whole books.
///
/// A closed year's file that a git commit deleted (archived out of the working tree) is read
/// as git last had it wherever its rows are needed; up to the cut, where they are not, `check`
/// is told it is archived rather than gone. Each such year is a warning.
pub fn load_with(source: &dyn Source, history: History) -> Result<Loaded> {
    let listing = Listing::of(source)?;
    let heads = cut::Heads::read(source, &listing.closes)?;
    let chosen = match history {
        History::All => None,
        History::After(from) => heads.choose(from, false),
        History::Sealed => heads.choose(None, true),
    };
    let archive = Archive::of(source, &heads, &listing, chosen.as_ref(), history);
    let mut loaded = match archive.fetched.is_empty() {
        true => load_from(source, listing, chosen, history, archive.archived)?,
        false => {
            let overlay = Overlay::with(source, archive.fetched);
            let listing = Listing::of(&overlay)?;
            load_from(&overlay, listing, chosen, history, archive.archived)?
        }
    };
    loaded.problems.extend(archive.notes);
    problem::sort(&mut loaded.problems);
    Ok(loaded)
}

/// The files the closes record that are gone from the source but that a git commit deleted:
/// closed years' files archived out of the working tree.
struct Archive {
    /// Those whose rows are needed (after the cut, the ledger's, all without a cut), as git
    /// last had them.
    fetched: Vec<(String, Vec<u8>)>,
    /// Those up to the cut, for `check` (`History::Sealed`): not read.
    archived: Vec<String>,
    /// A warning for each year with either.
    notes: Vec<Problem>,
}

impl Archive {
    fn of(
        source: &dyn Source,
        heads: &cut::Heads,
        listing: &Listing,
        chosen: Option<&cut::Chosen>,
        history: History,
    ) -> Archive {
        let cut_year = chosen.map(|c| c.cut.year);
        let carried = |rel: &str| chosen.is_some_and(|c| c.lines.contains_key(rel));
        let listed: FxHashSet<&str> = (listing.contracts.iter())
            .chain(&listing.payments)
            .chain(&listing.ledger)
            .map(String::as_str)
            .collect();
        let gone: Vec<(i32, String, String, u32)> = (heads.gone(&listed, |_| true).into_iter())
            .map(|(y, close, rel, line)| (y, close.to_string(), rel.to_string(), line))
            .collect();
        // The ledger is read whole, whatever the cut, and the open invoices' rows at the cut.
        let needed = |g: &(i32, String, String, u32)| {
            cut_year.is_none_or(|c| g.0 > c) || g.2.starts_with("ledger/") || carried(&g.2)
        };
        let (needed, up_to_cut): (Vec<_>, Vec<_>) = gone.into_iter().partition(needed);
        let up_to_cut = match history {
            History::Sealed => up_to_cut,
            _ => Vec::new(),
        };
        let rels =
            |g: &[(i32, String, String, u32)]| g.iter().map(|g| g.2.clone()).collect::<Vec<_>>();
        let fetched = source.deleted(&rels(&needed), true);
        let archived = source.deleted(&rels(&up_to_cut), false);
        let mut notes = archive_notes(&needed, &fetched, "read as git last had them");
        notes.extend(archive_notes(
            &up_to_cut,
            &archived,
            "not read: the year is taken from its close, and `check --all` reads them from git",
        ));
        Archive {
            fetched: (fetched.into_iter())
                .map(|(rel, _, bytes)| (rel, bytes))
                .collect(),
            archived: archived.into_iter().map(|(rel, _, _)| rel).collect(),
            notes,
        }
    }
}

/// A warning for each closed year with files archived out of the working tree (deleted in a
/// git commit), on its close's line of the first of them.
fn archive_notes(
    gone: &[(i32, String, String, u32)],
    found: &[(String, String, Vec<u8>)],
    what: &str,
) -> Vec<Problem> {
    let mut notes: Vec<Problem> = Vec::new();
    let mut years: Vec<i32> = gone.iter().map(|g| g.0).collect();
    years.dedup();
    for year in years {
        let of_year: Vec<&(i32, String, String, u32)> = (gone.iter())
            .filter(|g| g.0 == year && found.iter().any(|f| f.0 == g.2))
            .collect();
        let Some((_, close, first, line)) = of_year.first().copied() else {
            continue;
        };
        let commit =
            (found.iter().find(|f| f.0 == *first)).map_or("", |f| &f.1[..f.1.len().min(10)]);
        let n = of_year.len();
        let files = match n {
            1 => format!(
                "{}, a file of its rows, is",
                crate::text::shown(first.as_str())
            ),
            _ => format!(
                "{n} files of its rows ({} …) are",
                crate::text::shown(first.as_str())
            ),
        };
        notes.push(Problem::warning(
            close.as_str(),
            *line,
            format!(
                "period {year} is closed, and {files} archived out of the working tree \
                 (deleted in git, commit {commit}): {what}"
            ),
        ));
    }
    notes
}

/// The books from a source whose listing is given, opened from `chosen` as `history` says.
fn load_from(
    source: &dyn Source,
    mut listing: Listing,
    chosen: Option<cut::Chosen>,
    history: History,
    archived: Vec<String>,
) -> Result<Loaded> {
    let Some(chosen) = chosen else {
        return load_listed(source, listing);
    };
    let sealed = history == History::Sealed;
    let cut = Cut {
        sealed,
        ..chosen.cut
    };
    // The files the closes record up to the cut are not read, but for the lines of the rows
    // of the invoices the cut's year leaves open.
    let (read, unread): (Vec<String>, Vec<String>) = (listing.contracts.drain(..))
        .chain(listing.payments.drain(..))
        .partition(|f| !chosen.unread.contains(f) || chosen.lines.contains_key(f));
    (listing.contracts, listing.payments) =
        read.into_iter().partition(|f| f.starts_with("contracts/"));
    listing.only = chosen.lines;
    listing.heads = Some(close::Heads {
        up_to: cut.year,
        carry_from: cut.year,
    });
    if sealed {
        listing.sealed = unread;
    } else {
        listing.closes.retain(|f| !cut::month_up_to(f, cut.year));
    }
    let only: FxHashSet<String> = listing.only.keys().cloned().collect();
    let mut loaded = load_listed(source, listing)?;
    if let Some(carried) = opens_from(&loaded, cut, &only) {
        loaded.books.cut = Some(Cut { carried, ..cut });
        loaded.books.archived = archived;
        return Ok(loaded);
    }
    load_listed(source, Listing::of(source)?)
}

/// Whether books read without the files of the closed years up to `cut` open from it: they
/// read without an error, have a contract or a payment after it, and every contract and payment is
/// dated after it (one dated in it would be missing from what its close carries) — but the
/// rows of the invoices its close leaves open, read from the lines it records of the files
/// `only`: exactly each open invoice's row, its credit notes' and their payments'. The year's
/// close, with its carry, is among them. `Some(whether any of those rows is read)` if so.
fn opens_from(loaded: &Loaded, cut: Cut, only: &FxHashSet<String>) -> Option<bool> {
    let books = &loaded.books;
    let after = |d: chrono::NaiveDate| d > cut.end;
    let carry = (books.closes.iter()).find_map(|c| match &c.close {
        Some(Close::Year(y)) if c.period == crate::period::Closable::Year(cut.year) => {
            y.carry.as_ref()
        }
        _ => None,
    })?;
    let read_whole = |src: Loc| !only.contains(&books.files[src.file.0 as usize].rel);
    // The open invoices, found among the rows read, and the rows before the cut.
    let mut open = vec![false; books.contracts.len()];
    for id in carry.open.keys() {
        open[books.contract_ids.contract(id)?.0 as usize] = true;
    }
    let of_open =
        |c: &Contract, i: usize| open[i] || c.corrects().is_some_and(|n| open[n.0 as usize]);
    let contracts_hold = (books.contracts.iter().enumerate())
        .all(|(i, c)| after(c.date) || (!read_whole(c.src) && of_open(c, i)));
    let payments_hold = (books.payments.iter()).all(|p| {
        let i = p.contract.0 as usize;
        after(p.date) || (!read_whole(p.src) && of_open(&books.contracts[i], i))
    });
    let holds = !loaded.problems.iter().any(Problem::is_error)
        && (books.contracts.iter().any(|c| after(c.date))
            || books.payments.iter().any(|p| after(p.date)))
        && contracts_hold
        && payments_hold;
    holds.then(|| books.contracts.iter().any(|c| !after(c.date)))
}

/// Reads the files listed.
fn load_listed(source: &dyn Source, listing: Listing) -> Result<Loaded> {
    let (coop, coop_file, member_ids, read, mut problems) = read_all(source, listing)?;
    let InOrder {
        files,
        contract_rows,
        pending,
        ledger,
        closes,
        clients,
        members,
    } = InOrder::of(coop_file, read, &mut problems);
    let mut files = files;
    // As for every other file: while coop.toml does not load, its errors are all there is to
    // say.
    let coop_loads = !problems
        .iter()
        .any(|p| p.is_error() && p.file == "coop.toml");
    let (statements, rules) = match coop_loads {
        true => read_bank(source, &coop, &member_ids, &mut files, &mut problems)?,
        false => (Vec::new(), Vec::new()),
    };
    let rel_of = |id: FileId| (files.get(id.0 as usize)).map_or("?", |f| f.rel.as_str());
    let contracts_unread = contract_rows.iter().any(|(_, rows)| rows.unread);
    let (numbers, results) = contracts::number(&contract_rows);
    // While one core gathers the contracts, the other looks up the ids the payments name; the
    // first to finish takes runs of payments from the other.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (((mut contracts, named), mut found), theirs) = crate::par::join(
        || {
            let gathered =
                contracts::gather(contract_rows, &numbers, results, rel_of, &mut problems);
            (gathered, payments::find_numbers(&pending, &numbers, &next))
        },
        || payments::find_numbers(&pending, &numbers, &next),
    );
    found.extend(theirs);
    let ids = ContractIds::new(numbers, named);
    let credit_notes =
        contracts::resolve_corrections(&mut contracts, &ids, &member_ids, rel_of, &mut problems);
    let payments = payments::resolve(
        pending,
        found,
        &ids,
        &files,
        contracts_unread,
        &mut problems,
    );
    let ledger = ledger::resolve_refunds(
        ledger.into_iter().map(|(_, rows)| rows).collect(),
        |id| ids.contract(id),
        |file| rel_of(file).to_string(),
        &mut problems,
    );
    if credit_notes {
        payments::on_credit_notes(&payments, &contracts.contracts, &ids, rel_of, &mut problems);
    }
    let mut books = Books {
        root: source.root().to_path_buf(),
        files,
        members: members::gather(members, &member_ids, &coop),
        coop,
        member_ids,
        clients: contracts.clients,
        contracts: contracts.contracts,
        contract_ids: ids,
        payments,
        ledger,
        closes,
        client_records: clients,
        statements,
        rules,
        cut: None,
        archived: Vec::new(),
    };
    books.keep_within_total_cap(&mut problems);
    problem::sort(&mut problems);
    Ok(Loaded { books, problems })
}

/// The files of `bank/`, read after the others (they are small, and the rules name members):
/// added to `files`, with their statements and rules. Another file in `bank/` is named in a
/// warning.
fn read_bank(
    source: &dyn Source,
    coop: &Coop,
    member_ids: &Interner,
    files: &mut Vec<BookFile>,
    problems: &mut Vec<Problem>,
) -> Result<(Vec<StatementBalance>, Vec<BankRule>)> {
    let (mut statements, mut rules) = (Vec::new(), Vec::new());
    for rel in source.names("bank")? {
        if !source::BANK_FILES.contains(&rel.as_str()) {
            if !rel.starts_with("bank/.") {
                problems.push(Problem::warning(
                    &rel,
                    1,
                    "not read: bank/ holds statements.csv and rules.toml",
                ));
            }
            continue;
        }
        let file = BookFile {
            bytes: source.read(&rel)?,
            rel,
        };
        let id = FileId(files.len() as u32);
        if file.rel == source::STATEMENTS {
            statements = bank::read_statements(&file, id, &coop.currency, problems);
        } else {
            rules = bank::read_rules(&file, coop, member_ids, problems);
        }
        files.push(file);
    }
    Ok((statements, rules))
}

/// What `read_all` read: the co-op, its file, the member ids, what each task read, and the
/// problems found so far.
type ReadAll = (Coop, BookFile, Interner, Vec<Read>, Vec<Problem>);

/// coop.toml, then every other file as a task on two cores (`Reader::run_all`).
fn read_all(source: &dyn Source, mut listing: Listing) -> Result<ReadAll> {
    let mut problems: Vec<Problem> = listing
        .ignored
        .iter()
        .map(|rel| ignored_file(rel))
        .collect();
    let coop_file = BookFile {
        rel: "coop.toml".into(),
        bytes: source.read("coop.toml")?,
    };
    let coop = coop::parse(
        text_of(&coop_file, &mut problems).unwrap_or(""),
        &mut problems,
    );
    let listed = OnceLock::new();
    // One mistake, one message: every other file is read in the co-op's terms (its currency,
    // funds, levies), so while coop.toml does not load, its errors are all there is to say.
    if problems
        .iter()
        .any(|p| p.is_error() && p.file == coop_file.rel)
    {
        listing = Listing::default();
        let none = Members {
            files: Vec::new(),
            ids: members::number(&[]),
            ignored: Vec::new(),
        };
        let _ = listed.set(Ok(none));
    }
    let reader = Reader {
        source,
        listing: &listing,
        coop: &coop,
        members: &listed,
    };
    let read = reader.run_all(&tasks(&listing));
    let member_ids = match listed.into_inner() {
        Some(Ok(m)) => {
            problems.extend(m.ignored.iter().map(|rel| ignored_file(rel)));
            m.ids
        }
        Some(Err(e)) => anyhow::bail!("{e}"),
        None => anyhow::bail!("the member files were not listed"),
    };
    Ok((coop, coop_file, member_ids, read?, problems))
}

/// What the tasks read, put back in the order of the files: tasks ran in an order of their
/// own.
struct InOrder {
    files: Vec<BookFile>,
    contract_rows: Vec<(FileId, contracts::FileRows)>,
    pending: Vec<payments::Pending>,
    ledger: Vec<(FileId, ledger::LedgerFile)>,
    closes: Vec<CloseFile>,
    clients: Vec<Client>,
    members: Vec<(u32, Member)>,
}

impl InOrder {
    fn of(coop_file: BookFile, read: Vec<Read>, problems: &mut Vec<Problem>) -> InOrder {
        let mut files: Vec<(FileId, BookFile)> = vec![(FileId(0), coop_file)];
        let (mut contract_rows, mut pending, mut ledger, mut closes, mut members) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut clients = Vec::new();
        for r in read {
            problems.extend(r.problems);
            let first = r.files.first().map_or(FileId(0), |(id, _)| *id);
            match r.rows {
                Rows::Contracts(rows) => contract_rows.push((first, rows)),
                Rows::Payments(p) => pending.push((first, p)),
                Rows::Ledger(rows) => ledger.push((first, rows)),
                Rows::Closes(c) => closes.extend(c),
                Rows::Clients(c) => clients = c,
                Rows::Members(m) => members.extend(m),
                Rows::Sealed => {}
            }
            files.extend(r.files);
        }
        files.sort_by_key(|(id, _)| *id);
        contract_rows.sort_by_key(|(id, _)| *id);
        pending.sort_by_key(|(id, _)| *id);
        ledger.sort_by_key(|(id, _)| *id);
        closes.sort_by_key(|c| c.file);
        InOrder {
            files: files.into_iter().map(|(_, f)| f).collect(),
            contract_rows,
            pending: pending.into_iter().map(|(_, p)| p).collect(),
            ledger,
            closes,
            clients,
            members,
        }
    }
}

/// Reads the books in a directory.
pub fn load_dir(root: &std::path::Path) -> Result<Loaded> {
    load(&Dir::new(root.to_path_buf()))
}

/// One file of the books read alone, in the co-op `coop` with the members `member_ids`, as
/// the loader reads it among the others: what each reader's fuzz target runs (`fuzz/`). The
/// problems found, in the loader's order.
#[doc(hidden)]
pub fn read_alone(rel: &str, bytes: &[u8], coop: &Coop, member_ids: &[&str]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let rels: Vec<String> = (member_ids.iter())
        .map(|m| format!("members/{m}.toml"))
        .collect();
    let ids = members::number(&rels);
    let id = FileId(1);
    let file = BookFile {
        rel: rel.to_string(),
        bytes: bytes.to_vec().into(),
    };
    let currency = &coop.currency;
    match rel.split('/').next() {
        Some("coop.toml") => drop(coop::parse(text_of(&file, p).unwrap_or(""), p)),
        Some("members") => drop(members::read(&[(id, file)], &ids, coop, p)),
        Some("contracts") => drop(contracts::read_file(&file, id, coop, &ids, None, p)),
        Some("payments") => drop(payments::read_file(&file, id, currency, None, p)),
        Some("ledger") => drop(ledger::read_file(&file, id, coop, &ids, p)),
        Some("bank") if rel == source::STATEMENTS => {
            drop(bank::read_statements(&file, id, currency, p))
        }
        Some("bank") => drop(bank::read_rules(&file, coop, &ids, p)),
        Some("closes") => drop(close::read(&[(id, file)], None, p)),
        Some("clients") => drop(clients::read(&[(id, file)], coop, p)),
        _ => {}
    }
    problem::sort(p);
    problems
}
