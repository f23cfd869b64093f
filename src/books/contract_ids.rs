//! Every contract id of the books, numbered in two halves split by hash, so that both cores
//! can number them at once; each number says what the id names.

use super::ids::Interner;
use super::index::{ContractId, Loc};

/// What a contract id names: a contract, or a row that had problems (so that rows naming it
/// are not also reported as naming an unknown contract).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdEntry {
    Contract(ContractId),
    Broken(Loc),
}

/// The bit of an id's hash that picks its half: one that neither the hash table's bucket index
/// (the low bits) nor its tags (the top 7) use, so each half's table stays evenly filled.
const SHARD_BIT: u32 = 32;

/// The half an id with this hash belongs to.
pub fn shard_of(hash: u64) -> usize {
    (hash >> SHARD_BIT) as usize & 1
}

/// Marks an entry that names a row with problems (its index in `ContractIds::broken`).
const BROKEN: u32 = 1 << 31;

/// The contract ids numbered, per half: enough to find an id's number (`number << 1 | half`,
/// a contract's `id`) before what each names is known.
#[derive(Default)]
pub struct Numbers {
    pub(super) halves: [Interner; 2],
}

impl Numbers {
    /// The `number << 1 | half` of an id, if any row has it; `hash` is its `Interner::hash`.
    pub fn find(&self, id: &str, hash: u64) -> Option<u32> {
        let half = shard_of(hash);
        Some(self.halves[half].find_hashed(id, hash)? << 1 | half as u32)
    }
}

/// What each numbered id names, per half (4 bytes each: a `ContractId`, or `BROKEN |` the
/// index of a row with problems).
#[derive(Default)]
pub struct Entries {
    entries: [Vec<u32>; 2],
    broken: Vec<Loc>,
}

/// The contract ids: numbered, and what each names.
#[derive(Default)]
pub struct ContractIds {
    numbers: Numbers,
    named: Entries,
}

impl Entries {
    pub fn with_capacity(numbers: &Numbers) -> Entries {
        Entries {
            entries: [
                Vec::with_capacity(numbers.halves[0].len()),
                Vec::with_capacity(numbers.halves[1].len()),
            ],
            broken: Vec::new(),
        }
    }

    /// Says what the next number of a half names.
    pub fn push(&mut self, half: usize, entry: IdEntry) {
        let code = match entry {
            IdEntry::Contract(c) => c.0,
            IdEntry::Broken(loc) => {
                self.broken.push(loc);
                BROKEN | (self.broken.len() as u32 - 1)
            }
        };
        self.entries[half].push(code);
    }

    /// What a number of a half names.
    pub fn entry(&self, half: usize, number: u32) -> Option<IdEntry> {
        let code = *self.entries[half].get(number as usize)?;
        Some(match code & BROKEN {
            0 => IdEntry::Contract(ContractId(code)),
            _ => IdEntry::Broken(*self.broken.get((code & !BROKEN) as usize)?),
        })
    }

    /// What the id `number << 1 | half` names.
    pub fn of(&self, id: u32) -> Option<IdEntry> {
        self.entry(id as usize & 1, id >> 1)
    }
}

impl ContractIds {
    pub fn new(numbers: Numbers, named: Entries) -> ContractIds {
        ContractIds { numbers, named }
    }

    /// The text of a contract's `id`.
    pub fn text(&self, id: u32) -> &str {
        self.numbers.halves[id as usize & 1].get(id >> 1)
    }

    /// What an id names, if any row has it; `hash` is its `Interner::hash`.
    pub fn find(&self, id: &str, hash: u64) -> Option<IdEntry> {
        self.named.of(self.numbers.find(id, hash)?)
    }

    /// What the id `number << 1 | half` names.
    pub fn of(&self, id: u32) -> Option<IdEntry> {
        self.named.of(id)
    }

    /// Forgets what every id names (the rows are set aside).
    pub fn clear(&mut self) {
        self.named = Entries::default();
    }

    /// A contract by its id's text.
    pub fn contract(&self, id: &str) -> Option<ContractId> {
        match self.find(id, Interner::hash(id))? {
            IdEntry::Contract(c) => Some(c),
            IdEntry::Broken(_) => None,
        }
    }
}
