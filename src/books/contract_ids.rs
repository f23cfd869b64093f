//! Every contract id of the books, numbered in two halves split by hash, so that both cores
//! can number them at once; each number says what the id names.

use super::ids::Interner;
use super::model::{ContractId, IdEntry};

/// The bit of an id's hash that picks its half: one that neither the hash table's bucket index
/// (the low bits) nor its tags (the top 7) use, so each half's table stays evenly filled.
const SHARD_BIT: u32 = 32;

/// The half an id with this hash belongs to.
pub fn shard_of(hash: u64) -> usize {
    (hash >> SHARD_BIT) as usize & 1
}

/// The contract ids: per half, the ids numbered and what each names. A contract's `id` is
/// `number << 1 | half`.
#[derive(Default)]
pub struct ContractIds {
    pub(super) halves: [Interner; 2],
    pub(super) entries: [Vec<IdEntry>; 2],
}

impl ContractIds {
    /// The text of a contract's `id`.
    pub fn text(&self, id: u32) -> &str {
        self.halves[id as usize & 1].get(id >> 1)
    }

    /// What an id names, if any row has it.
    pub fn find(&self, id: &str) -> Option<IdEntry> {
        let hash = Interner::hash(id);
        let half = shard_of(hash);
        let n = self.halves[half].find_hashed(id, hash)?;
        self.entries[half].get(n as usize).copied()
    }

    /// Forgets what every id names (the rows are set aside).
    pub fn clear(&mut self) {
        self.entries = Default::default();
    }

    /// A contract by its id's text.
    pub fn contract(&self, id: &str) -> Option<ContractId> {
        match self.find(id)? {
            IdEntry::Contract(c) => Some(c),
            IdEntry::Broken(_) => None,
        }
    }
}
