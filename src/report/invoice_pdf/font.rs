//! The invoices' font: DejaVu Sans, regular and bold (`assets/fonts`, Latin with its
//! extended ranges), embedded in each PDF as a subset of the glyphs the document uses, with a
//! map back to Unicode so that the text can be copied and searched (`pdftotext`).

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which face: the index into `Faces`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Regular = 0,
    Bold = 1,
}

/// The two faces, parsed once per thread.
pub struct Faces {
    faces: [Face<'static>; 2],
}

impl Faces {
    pub fn new() -> Faces {
        let parse = |data| Face::parse(data, 0).expect("the bundled font parses");
        Faces {
            faces: [parse(REGULAR), parse(BOLD)],
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
struct Used {
    remapper: GlyphRemapper,
    /// By new glyph number, from 1 (0 is `.notdef`): the character and its width in 1/1000 em.
    glyphs: Vec<(char, f32)>,
}

/// A document's text, face by face: its glyphs, laid out one per character.
pub struct Text<'f> {
    faces: &'f Faces,
    used: [Used; 2],
}

impl<'f> Text<'f> {
    pub fn new(faces: &'f Faces) -> Text<'f> {
        let used = || Used {
            remapper: GlyphRemapper::new(),
            glyphs: Vec::new(),
        };
        Text {
            faces,
            used: [used(), used()],
        }
    }

    /// The glyph of a character in a face, `?`'s for a character the face lacks.
    fn glyph(&self, style: Style, c: char) -> (char, GlyphId) {
        let face = &self.faces.faces[style as usize];
        match face.glyph_index(c) {
            Some(g) => (c, g),
            None => ('?', face.glyph_index('?').unwrap_or(GlyphId(0))),
        }
    }

    /// A character's advance in 1/1000 em.
    fn advance(&self, style: Style, glyph: GlyphId) -> f32 {
        let face = &self.faces.faces[style as usize];
        let units = face.glyph_hor_advance(glyph).unwrap_or(0);
        f32::from(units) * 1000.0 / f32::from(face.units_per_em())
    }

    /// The width of a text at a size, in points.
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let em: f32 = (text.chars())
            .map(|c| self.advance(style, self.glyph(style, c).1))
            .sum();
        em * size / 1000.0
    }

    /// The text as the 2-byte codes of its glyphs in the document's subset.
    pub fn encode(&mut self, style: Style, text: &str) -> Vec<u8> {
        let mut codes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (shown, glyph) = self.glyph(style, c);
            let width = self.advance(style, glyph);
            let used = &mut self.used[style as usize];
            let new = used.remapper.remap(glyph.0);
            if usize::from(new) > used.glyphs.len() {
                used.glyphs.push((shown, width));
            }
            codes.extend_from_slice(&new.to_be_bytes());
        }
        codes
    }

    /// Whether the document uses a face.
    pub fn uses(&self, style: Style) -> bool {
        !self.used[style as usize].glyphs.is_empty()
    }

    /// Writes each face the document used, as a Type 0 font with `ids[style]` (and the four
    /// object numbers after it) for its parts.
    pub fn write(&self, pdf: &mut Pdf, ids: [i32; 2]) {
        for style in [Style::Regular, Style::Bold] {
            let used = &self.used[style as usize];
            if !used.glyphs.is_empty() {
                self.write_face(pdf, style, used, ids[style as usize]);
            }
        }
    }

    fn write_face(&self, pdf: &mut Pdf, style: Style, used: &Used, first: i32) {
        let face = &self.faces.faces[style as usize];
        let [font, cid, descriptor, file, cmap] = [0, 1, 2, 3, 4].map(|i| Ref::new(first + i));
        let data = [REGULAR, BOLD][style as usize];
        let subset = subsetter::subset(data, 0, &used.remapper).unwrap_or_else(|_| data.to_vec());
        // A subset's name starts with a tag of six capitals of its own (ISO 32000 9.6.4):
        // here from the glyphs it holds, so the same glyphs give the same bytes.
        let tag: String = (used.glyphs.iter())
            .fold(0xcbf2_9ce4_8422_2325u64, |h, &(c, _)| {
                (h ^ u64::from(c)).wrapping_mul(0x100_0000_01b3)
            })
            .to_be_bytes()[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let base = format!("{tag}+DejaVuSans{}", ["", "-Bold"][style as usize]);
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(font)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        let mut c = pdf.cid_font(cid);
        c.subtype(CidFontType::Type2)
            .base_font(Name(base.as_bytes()))
            .system_info(system)
            .font_descriptor(descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"))
            .default_width(0.0);
        let widths: Vec<f32> = used.glyphs.iter().map(|&(_, w)| w).collect();
        c.widths().consecutive(1, widths);
        c.finish();
        let scale = |v: i16| f32::from(v) * 1000.0 / f32::from(face.units_per_em());
        let b = face.global_bounding_box();
        pdf.font_descriptor(descriptor)
            .name(Name(base.as_bytes()))
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
        let compressed = super::deflate(&subset);
        pdf.stream(file, &compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        let mut map = UnicodeCmap::new(Name(b"Custom"), system);
        for (i, &(c, _)) in used.glyphs.iter().enumerate() {
            map.pair(i as u16 + 1, c);
        }
        let map = super::deflate(&map.finish());
        pdf.cmap(cmap, &map).filter(Filter::FlateDecode);
    }
}
