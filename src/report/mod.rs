//! Rendering only: reports arrive as plain values and leave as a table, CSV or JSON text.

pub mod capital;
pub mod check;
pub mod figures;
pub mod funds;
pub mod guarantee;
pub mod member;
pub mod patronage;
pub mod pay;
pub mod payslip;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

/// How a report is written: a table for people, CSV or JSON for scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// How a column lines up: text left, figures right.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table for people: fixed layout whatever the terminal width, so output is deterministic.
pub fn table(headers: &[String], aligns: &[Align], rows: &[Vec<String>]) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(headers);
    for row in rows {
        t.add_row(row);
    }
    for (i, a) in aligns.iter().enumerate() {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(match a {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
        }
    }
    let mut s = t.to_string();
    s.push('\n');
    s
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

/// Pretty JSON ending in a newline.
pub fn json(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

pub fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
