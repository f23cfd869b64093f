//! The PDF payslip: an A4 document with selectable text, written in-process with pdf-writer,
//! in the invoices' embedded font (`report::pdf_font`), so that every name prints in full
//! (`Łukasz`, `Šárka`). Floating point appears here only as page geometry (points), never as
//! money.

use super::{ContractLine, Payslip};
use crate::report::pdf_font::{Faces, Style};
use crate::report::pdf_page::Canvas;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 42.0;
const BOTTOM: f32 = 56.0;
use Style::{Bold as BOLD, Regular as REGULAR};

/// The pages being drawn: the page under way, those done before it, and how far down it the
/// next line goes.
struct Pages<'f> {
    done: Vec<Vec<u8>>,
    page: Canvas<'f>,
    y: f32,
}

impl<'f> Pages<'f> {
    fn new(faces: &'f Faces) -> Pages<'f> {
        Pages {
            done: Vec::new(),
            page: Canvas::new(faces),
            y: HEIGHT - MARGIN,
        }
    }

    fn text(&mut self, style: Style, size: f32, x: f32, y: f32, text: &str) {
        self.page.show(style, size, x, y, text);
    }

    fn right(&mut self, style: Style, size: f32, right_x: f32, y: f32, text: &str) {
        self.page.right(style, size, right_x, y, text);
    }

    fn fit(&self, style: Style, size: f32, width: f32, text: &str) -> String {
        self.page.fit(style, size, width, text)
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.page.line(x1, x2, y, width);
    }

    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page.content));
        self.y = HEIGHT - MARGIN;
    }

    /// Starts a new page unless `needed` points are left.
    fn room(&mut self, needed: f32) -> bool {
        if self.y - needed < BOTTOM {
            self.new_page();
            return false;
        }
        true
    }
}

/// A column of the contracts table: its header, width, and whether it holds figures.
struct Column {
    header: String,
    width: f32,
    numeric: bool,
}

/// The contracts table's columns: the contract's id (its client and description on a line
/// below it), then its figures.
fn columns(p: &Payslip) -> Vec<Column> {
    let col = |h: &str, width: f32, numeric: bool| Column {
        header: h.to_string(),
        width,
        numeric,
    };
    let mut cols = vec![
        col("Contract", 0.0, false),
        col("Date", 52.0, false),
        col("Pay date", 52.0, false),
        col("Hours", 32.0, true),
        col("Amount", 50.0, true),
    ];
    let levy_width =
        ((WIDTH - 2.0 * MARGIN - 318.0) / p.levies.len().max(1) as f32).clamp(30.0, 46.0);
    cols.extend(p.levies.iter().map(|l| col(l, levy_width, true)));
    cols.push(col("Expenses", 46.0, true));
    cols.push(col("Budget", 50.0, true));
    let used: f32 = cols.iter().map(|c| c.width).sum();
    cols[0].width = (WIDTH - 2.0 * MARGIN - used).max(60.0);
    cols
}

/// A line's cells in the columns' order: its id (or "Total"), date, pay date, hours, amount,
/// each levy, expenses, budget.
fn cells(c: &ContractLine) -> Vec<String> {
    let first = if c.id.is_empty() { &c.client } else { &c.id };
    let mut v = vec![
        first.clone(),
        c.date.clone(),
        c.pay_date.clone(),
        c.hours.clone(),
        c.amount.clone(),
    ];
    v.extend(c.levies.iter().cloned());
    v.push(c.expenses.clone());
    v.push(c.budget.clone());
    v
}

fn table_row(pages: &mut Pages, cols: &[Column], cells: &[String], style: Style, size: f32) {
    let mut x = MARGIN;
    for (col, cell) in cols.iter().zip(cells) {
        if col.numeric {
            pages.right(style, size, x + col.width - 2.0, pages.y, cell);
        } else {
            let shown = pages.fit(style, size, col.width - 4.0, cell);
            pages.text(style, size, x, pages.y, &shown);
        }
        x += col.width;
    }
}

/// A contract: its figures, and below them its client and what the work was.
fn contract_row(pages: &mut Pages, cols: &[Column], c: &ContractLine, size: f32) {
    table_row(pages, cols, &cells(c), REGULAR, size);
    let about = match c.description.as_str() {
        "" => c.client.clone(),
        d => format!("{}: {d}", c.client),
    };
    let about = pages.fit(REGULAR, size - 0.5, WIDTH - 2.0 * MARGIN - 8.0, &about);
    pages.text(REGULAR, size - 0.5, MARGIN + 8.0, pages.y - 9.0, &about);
}

fn table_header(pages: &mut Pages, cols: &[Column], size: f32) {
    let headers: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
    table_row(pages, cols, &headers, BOLD, size);
    pages.rule(MARGIN, WIDTH - MARGIN, pages.y - 4.0, 0.6);
    pages.y -= 15.0;
}

/// The payslip as a PDF. Long because it lays the page out top to bottom, one block after
/// another, each placed below the last; split, the order of the page would be spread out.
pub fn render(p: &Payslip, faces: &Faces) -> Vec<u8> {
    let mut pages = Pages::new(faces);
    // Title block.
    pages.text(REGULAR, 10.0, MARGIN, pages.y, &p.coop);
    for line in &p.employer {
        pages.y -= 11.0;
        pages.text(REGULAR, 8.0, MARGIN, pages.y, line);
    }
    pages.y -= 26.0;
    pages.text(
        BOLD,
        18.0,
        MARGIN,
        pages.y,
        &format!("{} {}", p.title, p.month),
    );
    pages.y -= 28.0;
    for (label, value) in [
        ("Member", format!("{} ({})", p.member_name, p.member_id)),
        ("IBAN", p.iban.clone()),
        ("Model", p.model.clone()),
        ("Currency", p.currency.clone()),
    ] {
        pages.text(BOLD, 10.0, MARGIN, pages.y, label);
        pages.text(REGULAR, 10.0, MARGIN + 70.0, pages.y, &value);
        pages.y -= 14.0;
    }
    pages.y -= 14.0;

    // Contracts.
    let size = 7.5;
    let cols = columns(p);
    pages.text(BOLD, 12.0, MARGIN, pages.y, "Contracts");
    pages.y -= 18.0;
    table_header(&mut pages, &cols, size);
    for c in &p.contracts {
        if !pages.room(23.0) {
            pages.text(
                BOLD,
                10.0,
                MARGIN,
                pages.y,
                &format!("Contracts (continued) - {} {}", p.member_name, p.month),
            );
            pages.y -= 18.0;
            table_header(&mut pages, &cols, size);
        }
        contract_row(&mut pages, &cols, c, size);
        pages.y -= 21.0;
    }
    pages.rule(MARGIN, WIDTH - MARGIN, pages.y + 8.0, 0.6);
    pages.y -= 4.0;
    table_row(&mut pages, &cols, &cells(&p.total), BOLD, size);
    pages.y -= 30.0;

    // Pay summary, in a box, and the year to date beside it.
    let box_height = 16.0 * p.summary.len() as f32 + 30.0;
    pages.room(box_height + 20.0);
    let top = pages.y + 14.0;
    let (left, right) = (MARGIN, MARGIN + 250.0);
    pages.page.frame(
        left - 6.0,
        top - box_height,
        right - left + 12.0,
        box_height,
        0.8,
    );
    pages.text(BOLD, 12.0, left, pages.y, "Pay");
    pages.y -= 20.0;
    let last = p.summary.len().saturating_sub(1);
    let ytd_x = MARGIN + 300.0;
    let mut ytd_y = pages.y + 20.0;
    pages.text(BOLD, 12.0, ytd_x, ytd_y, "Year to date");
    ytd_y -= 14.0;
    pages.text(REGULAR, 8.0, ytd_x, ytd_y, &p.ytd_label);
    ytd_y -= 18.0;
    for (label, value) in &p.year_to_date {
        pages.text(REGULAR, 10.0, ytd_x, ytd_y, label);
        pages.right(REGULAR, 10.0, WIDTH - MARGIN, ytd_y, value);
        ytd_y -= 16.0;
    }
    for (i, (label, value)) in p.summary.iter().enumerate() {
        let style = if i == last { BOLD } else { REGULAR };
        if i == last {
            pages.rule(left, right, pages.y + 11.0, 0.6);
        }
        pages.text(style, 10.0, left, pages.y, label);
        pages.right(style, 10.0, right, pages.y, value);
        pages.y -= 16.0;
    }
    pages.new_page();
    write(p, pages)
}

/// The document: its pages, in the payslip's font, under its title.
fn write(p: &Payslip, pages: Pages) -> Vec<u8> {
    let title = format!("{} {} - {}", p.title, p.month, p.member_name);
    crate::report::pdf_page::document(&pages.page.text, pages.done, &title)
}
