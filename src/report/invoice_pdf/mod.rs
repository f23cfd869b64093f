//! The invoice or credit note as a PDF: one A4 page a client who has never seen the co-op can
//! read — who sends it and to whom, the line, the VAT, the totals, how to pay (the IBAN, the
//! RF reference and a QR code to scan). The same figures as the e-invoice, from the same
//! `Invoice`; names in full in an embedded font. Floating point appears here only as page
//! geometry (points), never as money.

mod qr;

pub use super::pdf_font::Faces;
use super::pdf_font::Style;
use super::pdf_page::{Canvas, FONT_NAMES};
use crate::engine::invoice::Invoice;
use pdf_writer::{Finish, Name, Pdf, Rect, Ref, TextStr};
use std::io::Write as _;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const RIGHT: f32 = WIDTH - MARGIN;
const QR: Name = Name(b"Q1");

/// The page being drawn (`pdf_page::Canvas`: its content stream and glyphs), and its QR code
/// (an image: its side in pixels and its rows).
struct Page<'f> {
    canvas: Canvas<'f>,
    qr: Option<(i32, Vec<u8>)>,
}

impl<'f> std::ops::Deref for Page<'f> {
    type Target = Canvas<'f>;
    fn deref(&self) -> &Canvas<'f> {
        &self.canvas
    }
}

impl<'f> std::ops::DerefMut for Page<'f> {
    fn deref_mut(&mut self) -> &mut Canvas<'f> {
        &mut self.canvas
    }
}

impl Page<'_> {
    /// A rule across the page.
    fn rule(&mut self, y: f32) {
        self.canvas.line(MARGIN, RIGHT, y, 0.6);
    }
}

/// An IBAN in groups of four, as it is printed.
fn printed_iban(iban: &str) -> String {
    let chunks: Vec<String> = (iban.as_bytes().chunks(4))
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    chunks.join(" ")
}

/// The document's bytes.
pub fn render(inv: &Invoice, faces: &Faces) -> Vec<u8> {
    let mut page = Page {
        canvas: Canvas::new(faces),
        qr: None,
    };
    let y = parties(&mut page, inv);
    let y = line(&mut page, inv, y);
    let y = totals(&mut page, inv, y);
    payment(&mut page, inv, y);
    let s = inv.seller;
    let footer = format!(
        "{} - company {} - VAT {}",
        s.name, s.company_id, s.vat_number
    );
    let footer = page.fit(Style::Regular, 7.5, RIGHT - MARGIN, &footer);
    page.show(Style::Regular, 7.5, MARGIN, 40.0, &footer);
    write(inv, page)
}

/// The seller (top left), the document's kind, number and dates (top right), the buyer; the
/// height reached.
fn parties(page: &mut Page, inv: &Invoice) -> f32 {
    let s = inv.seller;
    let mut y = HEIGHT - 60.0;
    page.show(Style::Bold, 14.0, MARGIN, y, &s.name);
    let title = if inv.credit_note {
        "CREDIT NOTE"
    } else {
        "INVOICE"
    };
    page.right(Style::Bold, 18.0, RIGHT, y, title);
    let mut lines = vec![
        s.street.clone(),
        format!("{} {} {}", s.postcode, s.city, s.country),
        format!("VAT {}", s.vat_number),
        format!("Company {}", s.company_id),
    ];
    lines.extend(s.email.clone());
    let mut facts = vec![
        ("Number", inv.id.to_string()),
        ("Date", inv.issue_date.to_string()),
    ];
    match inv.corrects {
        Some((invoice, date)) => facts.push(("Corrects", format!("invoice {invoice} of {date}"))),
        None => facts.push(("Due", inv.due_date.to_string())),
    }
    let top = y;
    for l in &lines {
        y -= 12.0;
        page.show(Style::Regular, 9.0, MARGIN, y, l);
    }
    let mut fy = top - 24.0;
    for (label, value) in &facts {
        page.show(Style::Regular, 9.0, 360.0, fy, label);
        page.right(Style::Bold, 9.0, RIGHT, fy, value);
        fy -= 13.0;
    }
    y -= 34.0;
    let b = inv.buyer;
    page.show(Style::Regular, 9.0, MARGIN, y, "Bill to");
    y -= 14.0;
    page.show(Style::Bold, 11.0, MARGIN, y, &b.name);
    let place = [
        b.postcode.as_deref(),
        b.city.as_deref(),
        b.country.as_deref(),
    ];
    let place: Vec<&str> = place.into_iter().flatten().collect();
    let mut lines: Vec<String> = b.street.iter().cloned().collect();
    lines.push(place.join(" "));
    lines.extend(b.vat_number.as_ref().map(|v| format!("VAT {v}")));
    for l in &lines {
        y -= 12.0;
        page.show(Style::Regular, 9.0, MARGIN, y, l);
    }
    y - 36.0
}

/// The line: description, hours, net amount, VAT rate, VAT and total.
fn line(page: &mut Page, inv: &Invoice, mut y: f32) -> f32 {
    let columns = [
        (345.0, "Hours"),
        (410.0, "Net"),
        (450.0, "VAT %"),
        (500.0, "VAT"),
    ];
    page.show(Style::Bold, 9.0, MARGIN, y, "Description");
    for (right, head) in columns {
        page.right(Style::Bold, 9.0, right, y, head);
    }
    page.right(Style::Bold, 9.0, RIGHT, y, "Total");
    page.rule(y - 5.0);
    y -= 20.0;
    let description = page.fit(Style::Regular, 9.0, 240.0, &inv.description);
    page.show(Style::Regular, 9.0, MARGIN, y, &description);
    let percent = match inv.category() {
        crate::books::VatCategory::OutsideScope => "-".to_string(),
        _ => inv.step.rate.percent(),
    };
    let cells = [
        inv.hours.to_string(),
        inv.net.to_string(),
        percent,
        inv.vat.to_string(),
    ];
    for ((right, _), cell) in columns.iter().zip(&cells) {
        page.right(Style::Regular, 9.0, *right, y, cell);
    }
    page.right(Style::Regular, 9.0, RIGHT, y, &inv.total.to_string());
    page.rule(y - 8.0);
    y - 30.0
}

/// The totals, the VAT category and its exemption reason, who did the work.
fn totals(page: &mut Page, inv: &Invoice, mut y: f32) -> f32 {
    let cur = inv.currency;
    let vat_label = format!(
        "VAT ({} {})",
        inv.category().code(),
        inv.step.rate.percent()
    );
    let rows = [
        (Style::Regular, "Net amount".to_string(), inv.net),
        (Style::Regular, vat_label, inv.vat),
        (Style::Bold, format!("Total {cur}"), inv.total),
    ];
    for (style, label, amount) in rows {
        page.show(style, 10.0, 360.0, y, &label);
        page.right(style, 10.0, RIGHT, y, &amount.to_string());
        y -= 15.0;
    }
    y -= 10.0;
    if let Some(reason) = &inv.step.reason {
        let text = page.fit(
            Style::Regular,
            9.0,
            RIGHT - MARGIN,
            &format!("VAT: {reason}"),
        );
        page.show(Style::Regular, 9.0, MARGIN, y, &text);
        y -= 14.0;
    }
    let by = page.fit(
        Style::Regular,
        9.0,
        RIGHT - MARGIN,
        &format!("Work by {}", inv.member),
    );
    page.show(Style::Regular, 9.0, MARGIN, y, &by);
    y - 36.0
}

/// How to pay: the amount, the due date, the IBAN, the reference, and the QR code; for a
/// credit note, what it takes off.
fn payment(page: &mut Page, inv: &Invoice, y: f32) {
    let cur = inv.currency;
    if let Some((invoice, _)) = inv.corrects {
        let text = format!(
            "This credit note takes {} {cur} off invoice {invoice}: nothing is to be paid for it.",
            inv.total
        );
        let text = page.fit(Style::Regular, 10.0, RIGHT - MARGIN, &text);
        page.show(Style::Regular, 10.0, MARGIN, y, &text);
        return;
    }
    let Some(bank) = inv.bank else {
        return;
    };
    page.show(Style::Bold, 11.0, MARGIN, y, "Payment");
    let mut lines = vec![
        format!("Please pay {} {cur} by {}", inv.total, inv.due_date),
        format!("to {}", printed_iban(&bank.iban)),
        format!("({})", bank.name),
    ];
    lines.extend(bank.bic.as_ref().map(|b| format!("BIC {b}")));
    lines.push(match &inv.reference {
        Some(rf) => format!(
            "with the reference {}",
            crate::engine::reference::printed(rf)
        ),
        None => format!("with the reference {}", inv.id),
    });
    let mut ly = y;
    for l in &lines {
        ly -= 15.0;
        let l = page.fit(Style::Regular, 10.0, 300.0, l);
        page.show(Style::Regular, 10.0, MARGIN, ly, &l);
    }
    if let Some(image) = qr::payload(inv).and_then(|p| qr::image(&p)) {
        let side = 110.0;
        let (x, bottom) = (RIGHT - side, y - side + 5.0);
        let _ = writeln!(
            page.content,
            "q {side:.2} 0 0 {side:.2} {x:.2} {bottom:.2} cm /Q1 Do Q"
        );
        page.qr = Some(image);
        page.right(
            Style::Regular,
            8.0,
            RIGHT - 14.0,
            y - side - 4.0,
            "Scan to pay",
        );
    }
}

/// Assembles the document: catalog, one page, its fonts (object 10 on), the information.
fn write(inv: &Invoice, page: Page) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, page_id, content_id, info, qr_id) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
    );
    let fonts = [10, 20];
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut p = pdf.page(page_id);
    p.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
    p.parent(tree);
    p.contents(content_id);
    let mut resources = p.resources();
    let mut f = resources.fonts();
    for (name, id) in FONT_NAMES.iter().zip(fonts) {
        f.pair(*name, Ref::new(id));
    }
    f.finish();
    if page.qr.is_some() {
        resources.x_objects().pair(QR, qr_id);
    }
    resources.finish();
    p.finish();
    if let Some((side, bits)) = &page.qr {
        let mut image = pdf.image_xobject(qr_id, bits);
        image.width(*side).height(*side);
        image.color_space_name(Name(b"DeviceGray"));
        image.bits_per_component(1);
        image.interpolate(false);
    }
    // The page's three kilobytes are left uncompressed: even the fastest deflate took a fifth
    // of the time of a month's invoices, for a tenth of the bytes (the fonts, the bulk of a
    // file, are compressed once per run).
    pdf.stream(content_id, &page.content);
    page.text.write(&mut pdf, fonts);
    let kind = if inv.credit_note {
        "Credit note"
    } else {
        "Invoice"
    };
    let title = format!("{kind} {} - {}", inv.id, inv.seller.name);
    pdf.document_info(info)
        .title(TextStr(&title))
        .producer(TextStr("coopbooks"));
    pdf.finish()
}
