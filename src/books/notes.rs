//! The free-text note of a row — a contract's `description`, a payment's or ledger row's
//! `memo` — read back from the file's bytes as written, with nothing allocated per row.

use super::model::{Books, Loc};
use csv_core::{ReadFieldResult, Reader};

/// Reads the notes of many rows; its buffers are reused from row to row. A clone starts with
/// the same columns and buffers of its own (one per thread).
#[derive(Clone)]
pub struct Notes<'b> {
    books: &'b Books,
    /// Per file (by `FileId`), the column of its note, if it has one (the files after the
    /// last that has one are left out).
    columns: Vec<Option<usize>>,
    /// Built the first time a cell with quotes is read.
    reader: Option<Reader>,
    field: Vec<u8>,
    text: String,
}

impl<'b> Notes<'b> {
    pub fn new(books: &'b Books) -> Notes<'b> {
        let mut columns: Vec<Option<usize>> = (books.files.iter())
            .map(|f| {
                let name = if f.rel.starts_with("contracts/") {
                    "description"
                } else {
                    "memo"
                };
                (f.rel.ends_with(".csv"))
                    .then(|| super::csvfile::header(&f.bytes))
                    .and_then(|h| h.iter().position(|c| c.trim().eq_ignore_ascii_case(name)))
            })
            .collect();
        while columns.last() == Some(&None) {
            columns.pop();
        }
        Notes {
            books,
            columns,
            reader: None,
            field: Vec::with_capacity(256),
            text: String::with_capacity(256),
        }
    }

    /// The note of the row at `src`, trimmed; empty when its file has no such column or the
    /// cell is empty.
    pub fn of(&mut self, src: Loc) -> &str {
        let Some(column) = self.columns.get(src.file.0 as usize).copied().flatten() else {
            return "";
        };
        let bytes = self
            .books
            .files
            .get(src.file.0 as usize)
            .map_or(&[][..], |f| &f.bytes);
        let record = bytes
            .get(src.start as usize..src.end as usize)
            .unwrap_or(b"");
        if !record.contains(&b'"') {
            // Unquoted: the cell lies between commas.
            let cell = record
                .split(|&b| b == b',' || b == b'\n' || b == b'\r')
                .nth(column)
                .unwrap_or(b"");
            return std::str::from_utf8(cell.trim_ascii()).unwrap_or("");
        }
        self.quoted(record, column)
    }

    /// A cell of a record with quotes, through a CSV reader.
    fn quoted(&mut self, mut record: &[u8], column: usize) -> &str {
        let reader = self.reader.get_or_insert_with(Reader::new);
        reader.reset();
        let mut at = 0;
        self.field.clear();
        let mut out = [0u8; 1024];
        loop {
            let (result, read, written) = reader.read_field(record, &mut out);
            record = &record[read..];
            if at == column {
                self.field.extend_from_slice(&out[..written]);
            }
            match result {
                ReadFieldResult::OutputFull => continue,
                ReadFieldResult::Field { record_end } => {
                    if at == column || record_end {
                        break;
                    }
                    at += 1;
                }
                ReadFieldResult::InputEmpty | ReadFieldResult::End => {
                    if record.is_empty() {
                        // The end of the input ends the last field.
                        let (result, _, written) = reader.read_field(&[], &mut out);
                        if at == column {
                            self.field.extend_from_slice(&out[..written]);
                        }
                        let _ = result;
                        break;
                    }
                }
            }
        }
        if at != column {
            return "";
        }
        self.text.clear();
        self.text
            .push_str(std::str::from_utf8(self.field.trim_ascii()).unwrap_or(""));
        &self.text
    }
}
