//! The assembly's report as an A4 PDF, on the payslips' stack (pdf-writer, the embedded
//! DejaVu subset): the same document as the page — each chart drawn by plotters through a
//! backend that writes PDF operators, its table under it, its words under both.

use super::chart::{self, HEIGHT, WIDTH};
use super::{Block, Document, Table};
use crate::report::pdf_font::{Faces, Style};
use crate::report::pdf_page::{self, A4, Canvas};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

const MARGIN: f32 = 42.0;
const BOTTOM: f32 = 48.0;
const LINE: f32 = 560.0 - MARGIN;

/// A colour on white: what a translucent one looks like there (PDF's own transparency would
/// need a graphics state per shade).
fn on_white(c: BackendColor) -> [f32; 3] {
    let blend = |v: u8| (255.0 - c.alpha as f32 * (255.0 - f32::from(v))) / 255.0;
    [blend(c.rgb.0), blend(c.rgb.1), blend(c.rgb.2)]
}

/// plotters drawing into a page: a chart of `WIDTH` × `HEIGHT` units placed with its top left
/// corner at (x, top), `scale` points a unit.
struct Backend<'a, 'f> {
    page: &'a mut Canvas<'f>,
    x: f32,
    top: f32,
    scale: f32,
}

impl Backend<'_, '_> {
    fn at(&self, (x, y): BackendCoord) -> [f32; 2] {
        [
            self.x + x as f32 * self.scale,
            self.top - y as f32 * self.scale,
        ]
    }

    fn colour(&mut self, c: BackendColor, stroke: bool) {
        let op: &[u8] = if stroke { b"RG\n" } else { b"rg\n" };
        self.page.ops(&on_white(c), op);
    }

    fn path(&mut self, points: &[BackendCoord]) {
        for (i, &p) in points.iter().enumerate() {
            let at = self.at(p);
            self.page.ops(&at, if i == 0 { b"m " } else { b"l " });
        }
    }
}

type Result = std::result::Result<(), DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for Backend<'_, '_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        s: &S,
    ) -> Result {
        self.draw_path([from, to], s)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        self.colour(s.color(), !fill);
        let [x, y] = self.at((upper_left.0, bottom_right.1));
        let [x2, y2] = self.at((bottom_right.0, upper_left.1));
        let width = s.stroke_width() as f32 * self.scale;
        match fill {
            true => self.page.ops(&[x, y, x2 - x, y2 - y], b"re f\n"),
            false => {
                self.page.ops(&[width], b"w ");
                self.page.ops(&[x, y, x2 - x, y2 - y], b"re S\n");
            }
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let points: Vec<BackendCoord> = path.into_iter().collect();
        self.colour(s.color(), true);
        self.page
            .ops(&[s.stroke_width() as f32 * self.scale], b"w ");
        self.path(&points);
        self.page.content.extend_from_slice(b"S\n");
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Result {
        let points: Vec<BackendCoord> = vert.into_iter().collect();
        self.colour(s.color(), false);
        self.path(&points);
        self.page.content.extend_from_slice(b"h f\n");
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        s: &S,
        fill: bool,
    ) -> Result {
        let r = radius as i32;
        let (x, y) = center;
        self.draw_rect((x - r, y - r), (x + r, y + r), s, fill)
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, s: &T, pos: BackendCoord) -> Result {
        let size = s.size() as f32;
        let width = self.page.text.width(Style::Regular, size, text);
        let dx = match s.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        // From the anchor to the baseline, as SVG's `dy` does it: the top 0.76 em above it.
        let dy = match s.anchor().v_pos {
            VPos::Top => 0.76 * size,
            VPos::Center => 0.35 * size,
            VPos::Bottom => 0.0,
        };
        let [x, y] = self.at(pos);
        self.colour(s.color(), false);
        let scale = self.scale;
        let at = (x + dx * scale, y - dy * scale);
        self.page
            .show(Style::Regular, size * scale, at.0, at.1, text);
        self.page.content.extend_from_slice(b"0 0 0 rg\n");
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        s: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<std::io::Error>> {
        let size = s.size() as f32;
        let width = self.page.text.width(Style::Regular, size, text);
        Ok((width.ceil() as u32, size.ceil() as u32))
    }
}

/// The pages as they are laid out top to bottom.
struct Pages<'f> {
    page: Canvas<'f>,
    done: Vec<Vec<u8>>,
    y: f32,
}

impl<'f> Pages<'f> {
    /// Starts a new page unless `needed` points are left.
    fn room(&mut self, needed: f32) {
        if self.y - needed < BOTTOM {
            self.done.push(std::mem::take(&mut self.page.content));
            self.y = A4.1 - MARGIN;
        }
    }

    /// A text in lines no wider than the page, each `leading` below the last.
    fn words(&mut self, style: Style, size: f32, text: &str) {
        let leading = size * 1.3;
        let mut line = String::new();
        for word in text.split(' ') {
            let longer = match line.is_empty() {
                true => word.to_string(),
                false => format!("{line} {word}"),
            };
            if self.page.text.width(style, size, &longer) > LINE && !line.is_empty() {
                self.room(leading);
                self.page.show(style, size, MARGIN, self.y, &line);
                self.y -= leading;
                line = word.to_string();
            } else {
                line = longer;
            }
        }
        if !line.is_empty() {
            self.room(leading);
            self.page.show(style, size, MARGIN, self.y, &line);
            self.y -= leading;
        }
    }

    fn table(&mut self, t: &Table) {
        let size = 8.0;
        let first = LINE * if t.head.len() > 4 { 0.22 } else { 0.4 };
        let rest = (LINE - first) / (t.head.len().max(2) - 1) as f32;
        let row = |pages: &mut Pages, cells: &[String], style: Style| {
            pages.room(12.0);
            let mut x = MARGIN;
            for (i, c) in cells.iter().enumerate() {
                let width = if i == 0 { first } else { rest };
                let shown = pages.page.fit(style, size, width - 4.0, c);
                match i {
                    0 => pages.page.show(style, size, x, pages.y, &shown),
                    _ => pages.page.right(style, size, x + width, pages.y, &shown),
                }
                x += width;
            }
            pages.page.line(MARGIN, MARGIN + LINE, pages.y - 3.0, 0.3);
            pages.y -= 11.5;
        };
        row(self, &t.head, Style::Bold);
        for r in &t.rows {
            row(self, r, Style::Regular);
        }
        self.y -= 6.0;
    }

    fn chart(&mut self, c: &chart::Chart) {
        let scale = LINE / WIDTH as f32;
        let height = HEIGHT as f32 * scale;
        self.room(height + 8.0);
        // The chart's colours and line widths stay within it.
        self.page.content.extend_from_slice(b"q\n");
        let backend = Backend {
            page: &mut self.page,
            x: MARGIN,
            top: self.y,
            scale,
        };
        chart::draw(&backend.into_drawing_area(), c);
        self.page.content.extend_from_slice(b"Q\n");
        self.y -= height + 8.0;
    }
}

/// The document as an A4 PDF.
pub fn render(d: &Document) -> Vec<u8> {
    let faces = Faces::new();
    let mut p = Pages {
        page: Canvas::new(&faces),
        done: Vec::new(),
        y: A4.1 - MARGIN - 16.0,
    };
    p.page.show(Style::Bold, 16.0, MARGIN, p.y, &d.title);
    p.y -= 20.0;
    p.words(Style::Regular, 9.0, &d.note);
    // The five numbers, side by side in boxes.
    let (w, h) = (LINE / 5.0, 34.0);
    p.y -= 4.0;
    for (i, (k, v)) in d.five.iter().enumerate() {
        let x = MARGIN + i as f32 * w;
        p.page.frame(x, p.y - h, w - 6.0, h, 0.5);
        p.page.show(Style::Regular, 8.0, x + 5.0, p.y - 12.0, k);
        p.page.show(Style::Bold, 12.0, x + 5.0, p.y - 27.0, v);
    }
    p.y -= h + 14.0;
    for b in &d.blocks {
        match b {
            Block::Heading(t) => {
                p.room(250.0);
                p.y -= 6.0;
                p.page.show(Style::Bold, 12.0, MARGIN, p.y, t);
                p.y -= 16.0;
            }
            Block::Figure {
                chart,
                table,
                words,
                ..
            } => {
                p.chart(chart);
                p.table(table);
                p.words(Style::Regular, 8.0, words);
                p.y -= 8.0;
            }
            Block::Table(t) => p.table(t),
        }
    }
    p.done.push(std::mem::take(&mut p.page.content));
    pdf_page::document(&p.page.text, p.done, &d.title)
}
