//! Rendering only: reports arrive as plain values and leave as a table, CSV or JSON text.

pub mod capital;
pub mod check;
pub mod diff;
pub mod figures;
pub mod funds;
pub mod guarantee;
pub mod journal;
pub mod member;
pub mod patronage;
pub mod pay;
pub mod payslip;

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

/// A table for people: a fixed layout whatever the terminal's width, so output is
/// deterministic. Box-drawn: a heavy line under the header, columns sized to their widest
/// cell (by display width), a cell's lines one below the other.
pub fn table(headers: &[String], aligns: &[Align], rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let columns = headers
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    // Text from the books is shown escaped: a cell never acts on the terminal.
    let cell = |row: &[String], i: usize| {
        crate::text::escaped(row.get(i).map_or("", String::as_str)).into_owned()
    };
    let mut widths = vec![1; columns];
    for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        for (i, w) in widths.iter_mut().enumerate() {
            for line in cell(row, i).split('\n') {
                *w = (*w).max(line.width());
            }
        }
    }
    let rule = |left: &str, line: &str, cross: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| line.repeat(w + 2)).collect();
        format!("{left}{}{right}\n", parts.join(cross))
    };
    let mut out =
        String::with_capacity((rows.len() + 4) * (widths.iter().sum::<usize>() + 4 * columns));
    let write_row = |out: &mut String, row: &[String]| {
        let cells: Vec<String> = (0..columns).map(|i| cell(row, i)).collect();
        let height = cells
            .iter()
            .map(|c| c.split('\n').count())
            .max()
            .unwrap_or(1);
        for l in 0..height {
            out.push('│');
            for (i, c) in cells.iter().enumerate() {
                let text = c.split('\n').nth(l).unwrap_or("");
                let pad = widths[i] - text.width();
                let right = aligns.get(i) == Some(&Align::Right);
                if i > 0 {
                    out.push('┆');
                }
                out.push(' ');
                if right {
                    out.extend(std::iter::repeat_n(' ', pad));
                }
                out.push_str(text);
                if !right {
                    out.extend(std::iter::repeat_n(' ', pad));
                }
                out.push(' ');
            }
            out.push_str("│\n");
        }
    };
    out.push_str(&rule("┌", "─", "┬", "┐"));
    write_row(&mut out, headers);
    out.push_str(&rule("╞", "═", "╪", "╡"));
    for row in rows {
        write_row(&mut out, row);
    }
    out.push_str(&rule("└", "─", "┴", "┘"));
    out
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

pub fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
