//! The documents' font, for invoices and payslips alike: DejaVu Sans, regular and bold
//! (`assets/fonts`, Latin with its extended ranges), embedded in each PDF as a subset of the
//! glyphs the document uses, with a map back to Unicode so that the text can be copied and
//! searched (`pdftotext`).
//!
//! Every subset starts with the printable ASCII glyphs, in one order, and adds the others a
//! document uses after them: most documents then embed the same subset, which is made (cut,
//! compressed, mapped) once per run and thread and reused, rather than once per document.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

pub(crate) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The character collection of every subset: glyphs by their number (Identity).
const SYSTEM: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Which face: the index into `Faces`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Regular = 0,
    Bold = 1,
}

/// zlib-compressed bytes, for a stream with `/FlateDecode`: at the highest level, as a subset
/// is compressed once per run and embedded in thousands of documents.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 10)
}

/// The most subsets kept for reuse, per thread (a document with a glyph no other has makes a
/// subset of its own; past this many, the kept ones are dropped and made again as needed).
const KEPT: usize = 1024;

/// A subset as a PDF embeds it: its name, the font program compressed (and its length
/// before), the widths by new glyph number from 1, the map to Unicode compressed.
struct Embedded {
    base: String,
    program: Vec<u8>,
    length: usize,
    widths: Vec<f32>,
    cmap: Vec<u8>,
}

/// The characters looked up once per face, by code point: Latin up to Latin Extended-B.
const LATIN: usize = 0x250;

/// An advance in 1/1000 em, whole: the widths a PDF lists and the layout measures with are
/// the same numbers, three digits each.
fn em(units: u16, per_em: f32) -> f32 {
    (f32::from(units) * 1000.0 / per_em).round()
}

/// One face, parsed once per thread: its glyph and advance (1/1000 em) for each Latin
/// character (glyph 0 where it has none), and `?`'s.
struct FaceData {
    face: Face<'static>,
    latin: Vec<(u16, f32)>,
    question: (u16, f32),
}

impl FaceData {
    fn new(data: &'static [u8]) -> FaceData {
        let face = Face::parse(data, 0).expect("the bundled font parses");
        let per_em = f32::from(face.units_per_em());
        let advance = |g: GlyphId| em(face.glyph_hor_advance(g).unwrap_or(0), per_em);
        let lookup = |c: char| face.glyph_index(c).map_or((0, 0.0), |g| (g.0, advance(g)));
        let latin = (0..LATIN as u32)
            .map(|u| char::from_u32(u).map_or((0, 0.0), lookup))
            .collect();
        let question = lookup('?');
        FaceData {
            face,
            latin,
            question,
        }
    }

    /// The glyph a character is shown with (`?` for one the face lacks), its glyph and advance.
    fn glyph(&self, c: char) -> (char, u16, f32) {
        let (g, w) = match self.latin.get(c as usize) {
            Some(&found) => found,
            None => {
                let g = self.face.glyph_index(c).map_or(0, |g| g.0);
                let units = self.face.glyph_hor_advance(GlyphId(g)).unwrap_or(0);
                (g, em(units, f32::from(self.face.units_per_em())))
            }
        };
        match g {
            0 => ('?', self.question.0, self.question.1),
            _ => (c, g, w),
        }
    }
}

/// The two faces, parsed once per thread; the glyphs every document starts with (printable
/// ASCII, in one order); and the subsets made so far, by face and glyphs (in their order in
/// the subset).
pub struct Faces {
    faces: [FaceData; 2],
    seeded: [Used; 2],
    made: RefCell<Made>,
}

/// The subsets made so far: by face and glyphs.
type Made = FxHashMap<(u8, Vec<u16>), Rc<Embedded>>;

impl Faces {
    pub fn new() -> Faces {
        let faces = [FaceData::new(REGULAR), FaceData::new(BOLD)];
        let seeded = [0, 1].map(|f| {
            let mut used = Used {
                remapper: GlyphRemapper::new(),
                glyphs: Vec::new(),
            };
            for c in ' '..='~' {
                used.add(faces[f].glyph(c));
            }
            used
        });
        Faces {
            faces,
            seeded,
            made: RefCell::new(FxHashMap::default()),
        }
    }
}

impl Default for Faces {
    fn default() -> Faces {
        Faces::new()
    }
}

/// The glyphs one document uses of one face: each renumbered in the order first used (its
/// number in the subset, written as the text's 2-byte codes), with its character and width.
#[derive(Clone)]
struct Used {
    remapper: GlyphRemapper,
    /// By new glyph number, from 1 (0 is `.notdef`): the character, its width in 1/1000 em and
    /// its glyph in the face.
    glyphs: Vec<(char, f32, u16)>,
}

impl Used {
    /// A glyph's number in the subset, added if it is new.
    fn add(&mut self, (shown, glyph, width): (char, u16, f32)) -> u16 {
        let new = self.remapper.remap(glyph);
        if usize::from(new) > self.glyphs.len() {
            self.glyphs.push((shown, width, glyph));
        }
        new
    }
}

/// A document's text, face by face: its glyphs, laid out one per character.
pub struct Text<'f> {
    faces: &'f Faces,
    used: [Used; 2],
}

impl<'f> Text<'f> {
    /// A document's text, its subsets starting with printable ASCII, in one order, so that
    /// most documents share one subset.
    pub fn new(faces: &'f Faces) -> Text<'f> {
        Text {
            faces,
            used: faces.seeded.clone(),
        }
    }

    /// The width of a text at a size, in points.
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let face = &self.faces.faces[style as usize];
        let em: f32 = text.chars().map(|c| face.glyph(c).2).sum();
        em * size / 1000.0
    }

    /// A text cut to a width, ending "..." when cut.
    pub fn fit(&self, style: Style, size: f32, width: f32, s: &str) -> String {
        if self.width(style, size, s) <= width {
            return s.to_string();
        }
        let mut out = String::new();
        for c in s.chars() {
            out.push(c);
            if self.width(style, size, &format!("{out}...")) > width {
                out.pop();
                break;
            }
        }
        format!("{out}...")
    }

    /// The 2-byte codes of a text's glyphs in the document's subset, each added if new.
    fn codes<'a>(&'a mut self, style: Style, text: &'a str) -> impl Iterator<Item = u8> + 'a {
        let face = &self.faces.faces[style as usize];
        let used = &mut self.used[style as usize];
        (text.chars()).flat_map(move |c| used.add(face.glyph(c)).to_be_bytes())
    }

    /// Writes the text as the 2-byte codes of its glyphs in the document's subset, for a
    /// literal string: each byte as it is, but `(`, `)`, `\` and a carriage return escaped
    /// (ISO 32000 7.3.4.2; half the bytes of hex).
    pub fn encode(&mut self, style: Style, text: &str, out: &mut Vec<u8>) {
        for byte in self.codes(style, text) {
            match byte {
                b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                // A bare carriage return in a literal string reads as a line feed.
                b'\r' => out.extend_from_slice(b"\\r"),
                _ => out.push(byte),
            }
        }
    }

    /// Writes both faces (every document uses both: each starts with printable ASCII), as a
    /// Type 0 font with `ids[style]` (and the four object numbers after it) for its parts.
    pub fn write(&self, pdf: &mut Pdf, ids: [i32; 2]) {
        for style in [Style::Regular, Style::Bold] {
            let used = &self.used[style as usize];
            self.write_face(pdf, style, used, ids[style as usize]);
        }
    }

    /// The subset of the glyphs a document used of a face: made once, then reused.
    fn embedded(&self, style: Style, used: &Used) -> Rc<Embedded> {
        let key = (
            style as u8,
            used.glyphs.iter().map(|g| g.2).collect::<Vec<u16>>(),
        );
        if let Some(made) = self.faces.made.borrow().get(&key) {
            return Rc::clone(made);
        }
        let data = [REGULAR, BOLD][style as usize];
        let subset = subsetter::subset(data, 0, &used.remapper).unwrap_or_else(|_| data.to_vec());
        // A subset's name starts with a tag of six capitals of its own (ISO 32000 9.6.4):
        // here from the glyphs it holds, so the same glyphs give the same bytes.
        let tag: String = (key.1.iter())
            .fold(0xcbf2_9ce4_8422_2325u64, |h, &g| {
                (h ^ u64::from(g)).wrapping_mul(0x100_0000_01b3)
            })
            .to_be_bytes()[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let mut map = UnicodeCmap::new(Name(b"Custom"), SYSTEM);
        for (i, &(c, _, _)) in used.glyphs.iter().enumerate() {
            map.pair(i as u16 + 1, c);
        }
        let embedded = Rc::new(Embedded {
            base: format!("{tag}+DejaVuSans{}", ["", "-Bold"][style as usize]),
            program: deflate(&subset),
            length: subset.len(),
            widths: used.glyphs.iter().map(|g| g.1).collect(),
            cmap: deflate(&map.finish()),
        });
        let mut made = self.faces.made.borrow_mut();
        if made.len() >= KEPT {
            made.clear();
        }
        made.insert(key, Rc::clone(&embedded));
        embedded
    }

    fn write_face(&self, pdf: &mut Pdf, style: Style, used: &Used, first: i32) {
        let face = &self.faces.faces[style as usize].face;
        let [font, cid, descriptor, file, cmap] = [0, 1, 2, 3, 4].map(|i| Ref::new(first + i));
        let e = self.embedded(style, used);
        let base = Name(e.base.as_bytes());
        pdf.type0_font(font)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        let mut c = pdf.cid_font(cid);
        c.subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(SYSTEM)
            .font_descriptor(descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"))
            .default_width(0.0);
        c.widths().consecutive(1, e.widths.iter().copied());
        c.finish();
        let scale = |v: i16| f32::from(v) * 1000.0 / f32::from(face.units_per_em());
        let b = face.global_bounding_box();
        pdf.font_descriptor(descriptor)
            .name(base)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                scale(b.x_min),
                scale(b.y_min),
                scale(b.x_max),
                scale(b.y_max),
            ))
            .italic_angle(0.0)
            .ascent(scale(face.ascender()))
            .descent(scale(face.descender()))
            .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
            .stem_v([80.0, 140.0][style as usize])
            .font_file2(file);
        pdf.stream(file, &e.program)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), e.length as i32);
        pdf.cmap(cmap, &e.cmap).filter(Filter::FlateDecode);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Printable ASCII takes glyph numbers 1 to 95 in order (' ' is 1), so ',' is 13 (a
    /// carriage return's byte), 'G' and 'H' 40 and 41 ('(' and ')'), '{' 92 ('\'): each
    /// escaped in the literal string, the rest as they are.
    #[test]
    fn text_is_two_bytes_a_glyph_with_the_string_delimiters_escaped() {
        let faces = Faces::new();
        let mut text = Text::new(&faces);
        let mut out = Vec::new();
        text.encode(Style::Regular, "A,GH{", &mut out);
        assert_eq!(out, b"\x00\x22\x00\\r\x00\\(\x00\\)\x00\\\\");
    }

    /// DejaVu Sans advances (1/1000 em): digits 636, '.' 318, 'A' 684, ' ' 318.
    #[test]
    fn widths_and_fitting() {
        let faces = Faces::new();
        let text = Text::new(&faces);
        // "10.00": 4 x 636 + 318 = 2862; at 10 pt, 28.62 pt.
        assert!((text.width(Style::Regular, 10.0, "10.00") - 28.62).abs() < 0.001);
        assert_eq!(text.fit(Style::Regular, 10.0, 100.0, "Short"), "Short");
        // "AAAA..." = 4 x 684 + 3 x 318 = 3690: 36.9 pt fits in 40; "AAAAA..." (43.74) does not.
        assert_eq!(
            text.fit(Style::Regular, 10.0, 40.0, "AAAAAAAAAA"),
            "AAAA..."
        );
        // Łukasz has its own glyph, not '?'.
        let w = |s| text.width(Style::Regular, 10.0, s);
        assert!(w("Ł") != w("?"));
    }
}
