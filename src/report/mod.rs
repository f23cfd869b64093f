//! Rendering only: the engine's values become plain `Serialize` structures, written as a
//! table, CSV or JSON, or as documents (payslips, the payouts file, journals).

pub mod assembly;
pub mod bank;
pub mod capital;
pub mod check;
pub mod diff;
pub mod digits;
pub mod figures;
pub mod funds;
pub mod guarantee;
pub mod import;
pub mod invoice_pdf;
pub mod journal;
pub mod member;
pub mod owed;
pub mod pain001;
pub mod patronage;
pub mod pay;
pub mod payslip;
pub mod pdf_font;
pub mod pdf_page;
pub mod stress;
pub mod table;
pub mod ubl;
pub mod vat;

/// How a report is written: a table for people, CSV or JSON for scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// How a report is written in this run: its format, and for a table its layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub format: Format,
    pub layout: table::Layout,
}

impl Style {
    /// A format with the default table layout (every test and script that does not care).
    pub fn of(format: Format) -> Style {
        Style {
            format,
            layout: table::Layout::default(),
        }
    }
}

/// How a column lines up: text left, figures right.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// CSV with a header row; every field quoted only where needed.
pub fn csv(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(headers);
    for row in rows {
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// CSV written row by row, each cell formatted into one reused buffer: nothing is kept per
/// cell, for reports of tens of thousands of rows. The same bytes as `csv`.
pub struct CsvRows {
    w: csv::Writer<Vec<u8>>,
    cell: String,
}

impl CsvRows {
    pub fn new(headers: &[String]) -> CsvRows {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = w.write_record(headers);
        CsvRows {
            w,
            cell: String::with_capacity(64),
        }
    }

    pub fn cell(&mut self, value: &dyn std::fmt::Display) {
        use std::fmt::Write;
        self.cell.clear();
        let _ = write!(self.cell, "{value}");
        let _ = self.w.write_field(&self.cell);
    }

    pub fn end_row(&mut self) {
        let _ = self.w.write_record(None::<&[u8]>);
    }

    pub fn finish(self) -> String {
        let bytes = self.w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Pretty JSON ending in a newline: every report's JSON is its structure, serialized.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// Text as HTML or XML character data: `&`, `<`, `>`, `"` and `'` escaped, and the control
/// characters neither may hold (all but tab, line feed and carriage return) left out.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

pub fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
