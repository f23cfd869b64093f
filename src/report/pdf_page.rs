//! A page of the documents' PDFs (invoices, payslips) as it is drawn: its content stream
//! written straight as PDF operators — texts in the embedded font (`pdf_font`), rules and
//! boxes — with lengths as integers of hundredths, never through float formatting (which took
//! a tenth of a month's invoicing). Floating point here is page geometry, never money.

use super::pdf_font::{Faces, Style, Text};
use pdf_writer::{Finish, Pdf, Rect, Ref, TextStr};

/// The faces' resource names on every page, by `Style`.
pub const FONT_NAMES: [pdf_writer::Name; 2] = [pdf_writer::Name(b"F1"), pdf_writer::Name(b"F2")];

/// The content stream being written, and the glyphs the document uses (shared by its pages).
pub struct Canvas<'f> {
    pub text: Text<'f>,
    pub content: Vec<u8>,
}

/// Writes a length in points to two decimals, from its hundredths, digit by digit.
pub fn points(out: &mut Vec<u8>, v: f32) {
    let hundredths = (v * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let h = hundredths.unsigned_abs();
    super::digits::push_number(out, h / 100);
    let cents = (h % 100) as u8;
    out.extend_from_slice(&[b'.', b'0' + cents / 10, b'0' + cents % 10]);
}

impl<'f> Canvas<'f> {
    pub fn new(faces: &'f Faces) -> Canvas<'f> {
        Canvas {
            text: Text::new(faces),
            content: Vec::with_capacity(8 * 1024),
        }
    }

    /// Lengths, each followed by a space, then the operator (and what follows it) `op`.
    pub fn ops(&mut self, values: &[f32], op: &[u8]) {
        for &v in values {
            points(&mut self.content, v);
            self.content.push(b' ');
        }
        self.content.extend_from_slice(op);
    }

    /// A text starting at (x, y).
    pub fn show(&mut self, style: Style, size: f32, x: f32, y: f32, s: &str) {
        self.content
            .extend_from_slice([b"BT /F1 ", b"BT /F2 "][style as usize]);
        self.ops(&[size], b"Tf ");
        self.ops(&[x, y], b"Td (");
        self.text.encode(style, s, &mut self.content);
        self.content.extend_from_slice(b") Tj ET\n");
    }

    /// A text ending at `right`.
    pub fn right(&mut self, style: Style, size: f32, right: f32, y: f32, s: &str) {
        let x = right - self.text.width(style, size, s);
        self.show(style, size, x, y, s);
    }

    /// A text cut to a width, ending "..." when cut.
    pub fn fit(&self, style: Style, size: f32, width: f32, s: &str) -> String {
        self.text.fit(style, size, width, s)
    }

    /// A horizontal line from x1 to x2 at y.
    pub fn line(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.ops(&[width], b"w ");
        self.ops(&[x1, y], b"m ");
        self.ops(&[x2, y], b"l S\n");
    }

    /// A rectangle's outline: its lower left corner, width and height.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.ops(&[width], b"w ");
        self.ops(&[x, y, w, h], b"re S\n");
    }
}

/// An A4 document of some pages (their content streams) in the documents' font: catalog,
/// page tree, information (objects 1 to 3), the two faces (10 to 14 and 20 to 24), a page and
/// its content stream per page (from 30 on).
pub fn document(text: &Text, pages: Vec<Vec<u8>>, title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let fonts = [10, 20];
    let ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(30 + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().copied())
        .count(ids.len() as i32);
    for (content, &id) in pages.iter().zip(&ids) {
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, A4.0, A4.1));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut f = resources.fonts();
        for (name, id) in FONT_NAMES.iter().zip(fonts) {
            f.pair(*name, Ref::new(id));
        }
        f.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_id, content);
    }
    text.write(&mut pdf, fonts);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("coopbooks"));
    pdf.finish()
}

/// A4, in points.
pub const A4: (f32, f32) = (595.0, 842.0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_with_lengths_in_hundredths() {
        let faces = Faces::new();
        let mut c = Canvas::new(&faces);
        c.line(42.0, 553.0, 700.125, 0.6);
        c.frame(36.0, 100.5, 262.0, -0.004, 0.8);
        c.frame(-1.5, 12345.0, 0.0, -12.05, 0.0);
        assert_eq!(
            String::from_utf8(c.content).unwrap(),
            "0.60 w 42.00 700.13 m 553.00 700.13 l S\n0.80 w 36.00 100.50 262.00 0.00 re S\n\
             0.00 w -1.50 12345.00 0.00 -12.05 re S\n"
        );
    }
}
