//! The PDF payslip: an A4 document with selectable text, written in-process with pdf-writer.
//! It uses the standard Helvetica fonts in WinAnsi encoding, which every PDF reader has and
//! which covers Western European names ("Théâtre", "Zoë"); a character outside it prints as "?".
//! Floating point appears here only as page geometry (points), never as money.

use super::Payslip;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 42.0;
const BOTTOM: f32 = 56.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// Helvetica advance widths (1/1000 em) of ASCII 32..=126, from the font's AFM metrics.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// The width of a text in points at a size (other characters count as a digit's width).
fn text_width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| {
            let i = (c as u32).wrapping_sub(32) as usize;
            u32::from(HELVETICA.get(i).copied().unwrap_or(556))
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Text in WinAnsiEncoding: Latin-1 plus the typographic characters of 0x80..0x9F.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8A,
            '‹' => 0x8B,
            'Œ' => 0x8C,
            'Ž' => 0x8E,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9A,
            '›' => 0x9B,
            'œ' => 0x9C,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            _ => b'?',
        })
        .collect()
}

/// Cuts a text to fit a width, ending it with "..." when cut.
fn fit(text: &str, size: f32, width: f32) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}..."), size) > width {
            break;
        }
        out.push(c);
    }
    format!("{out}...")
}

/// The pages being drawn: one content stream per page.
struct Pages {
    done: Vec<Content>,
    page: Content,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            done: Vec::new(),
            page: Content::new(),
            y: HEIGHT - MARGIN,
        }
    }

    fn text(&mut self, font: Name, size: f32, x: f32, y: f32, text: &str) {
        self.page.begin_text();
        self.page.set_font(font, size);
        self.page.next_line(x, y);
        self.page.show(Str(&win_ansi(text)));
        self.page.end_text();
    }

    fn right(&mut self, font: Name, size: f32, right_x: f32, y: f32, text: &str) {
        let x = right_x - text_width(text, size);
        self.text(font, size, x, y, text);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.page.set_line_width(width);
        self.page.move_to(x1, y);
        self.page.line_to(x2, y);
        self.page.stroke();
    }

    fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.page, Content::new());
        self.done.push(full);
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

fn columns(p: &Payslip) -> Vec<Column> {
    let col = |h: &str, width: f32, numeric: bool| Column {
        header: h.to_string(),
        width,
        numeric,
    };
    let mut cols = vec![
        col("Client", 0.0, false),
        col("Date", 48.0, false),
        col("Pay date", 48.0, false),
        col("Hours", 32.0, true),
        col("Amount", 50.0, true),
    ];
    let levy_width =
        ((WIDTH - 2.0 * MARGIN - 310.0) / p.levies.len().max(1) as f32).clamp(30.0, 46.0);
    cols.extend(p.levies.iter().map(|l| col(l, levy_width, true)));
    cols.push(col("Expenses", 46.0, true));
    cols.push(col("Budget", 50.0, true));
    let used: f32 = cols.iter().map(|c| c.width).sum();
    cols[0].width = (WIDTH - 2.0 * MARGIN - used).max(60.0);
    cols
}

fn table_row(pages: &mut Pages, cols: &[Column], cells: &[String], font: Name, size: f32) {
    let mut x = MARGIN;
    for (col, cell) in cols.iter().zip(cells) {
        if col.numeric {
            pages.right(font, size, x + col.width - 2.0, pages.y, cell);
        } else {
            let shown = fit(cell, size, col.width - 4.0);
            pages.text(font, size, x, pages.y, &shown);
        }
        x += col.width;
    }
}

fn table_header(pages: &mut Pages, cols: &[Column], size: f32) {
    let headers: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
    table_row(pages, cols, &headers, BOLD, size);
    pages.rule(MARGIN, WIDTH - MARGIN, pages.y - 4.0, 0.6);
    pages.y -= 15.0;
}

/// The payslip as a PDF. Long because it lays the page out top to bottom, one block after
/// another, each placed below the last; split, the order of the page would be spread out.
pub fn render(p: &Payslip) -> Vec<u8> {
    let mut pages = Pages::new();
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
        if !pages.room(14.0) {
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
        table_row(&mut pages, &cols, &c.cells(), REGULAR, size);
        pages.y -= 12.0;
    }
    pages.rule(MARGIN, WIDTH - MARGIN, pages.y + 8.0, 0.6);
    pages.y -= 4.0;
    table_row(&mut pages, &cols, &p.total.cells(), BOLD, size);
    pages.y -= 30.0;

    // Pay summary, in a box, and the year to date beside it.
    let box_height = 16.0 * p.summary.len() as f32 + 30.0;
    pages.room(box_height + 20.0);
    let top = pages.y + 14.0;
    let (left, right) = (MARGIN, MARGIN + 250.0);
    pages.page.set_line_width(0.8);
    pages.page.rect(
        left - 6.0,
        top - box_height,
        right - left + 12.0,
        box_height,
    );
    pages.page.stroke();
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
        let font = if i == last { BOLD } else { REGULAR };
        if i == last {
            pages.rule(left, right, pages.y + 11.0, 0.6);
        }
        pages.text(font, 10.0, left, pages.y, label);
        pages.right(font, 10.0, right, pages.y, value);
        pages.y -= 16.0;
    }
    let full = std::mem::replace(&mut pages.page, Content::new());
    pages.done.push(full);
    write(p, pages.done)
}

/// Assembles the document: catalog, page tree, the two fonts, one content stream per page.
fn write(p: &Payslip, contents: Vec<Content>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ids: Vec<Ref> = (0..contents.len())
        .map(|i| Ref::new(first + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    for (i, content) in contents.into_iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(REGULAR, regular);
        fonts.pair(BOLD, bold);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    let title = format!("{} {} - {}", p.title, p.month, p.member_name);
    pdf.document_info(info)
        .title(TextStr(&title))
        .producer(TextStr("coopbooks"));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_covers_western_european_names() {
        assert_eq!(win_ansi("Zoë"), vec![b'Z', b'o', 0xEB]);
        assert_eq!(
            win_ansi("Théâtre"),
            vec![b'T', b'h', 0xE9, 0xE2, b't', b'r', b'e']
        );
        assert_eq!(win_ansi("€ œ"), vec![0x80, b' ', 0x9C]);
        assert_eq!(win_ansi("Łódź"), vec![b'?', 0xF3, b'd', b'?']);
    }

    #[test]
    fn widths_and_fitting() {
        // "10.00": 4 digits x 556 + "." 278 = 2502 units; at 10 pt: 25.02 pt.
        assert!((text_width("10.00", 10.0) - 25.02).abs() < 0.001);
        assert_eq!(fit("Short", 10.0, 100.0), "Short");
        // "A very long..." = A 667 + 278 + v 500 + e 556 + r 333 + y 500 + 278 + l 222 + o 556
        // + n 556 + g 556 + 3 x 278 = 5836 units: 58.36 pt fits in 60; one more space does not.
        assert_eq!(
            fit("A very long client name indeed", 10.0, 60.0),
            "A very long..."
        );
    }
}
