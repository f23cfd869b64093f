//! The dense numbers the books are indexed by — files, members, contracts, funds — and where
//! a row came from.

/// Index of a file in `Books::files`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// Where a row came from: a file of the books, its 1-based line, and the bytes of the whole
/// record in the file (`start..end`), so that every cell can be read back as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

/// Index of a member in `Books::members` (members in id order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MemberId(pub u32);

/// Index of a contract in `Books::contracts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContractId(pub u32);

/// Index of a fund in `Coop::funds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FundId(pub u32);
