//! The reference of the books' format, `man/coopbooks-books.5`, compiled in and rendered as
//! plain text for the terminal (`coopbooks books`, `coopbooks help books`): one text, two
//! ways to read it.

use std::fmt::Write;

/// The man page, as committed.
pub const BOOKS_5: &str = include_str!("../man/coopbooks-books.5");

/// How wide the rendered text is, and where paragraphs and an entry's body start.
const WIDTH: usize = 80;
const TEXT: usize = 7;
const BODY: usize = 14;

/// The page as plain text, laid out as `man` lays it out: section names at the margin,
/// paragraphs filled to 80 columns and indented, an entry's tag on its own line with its body
/// indented below it, examples as written.
pub fn text(page: &str) -> String {
    let mut out = Page::default();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        let (request, rest) = match line.strip_prefix('.') {
            Some(r) => r.split_once(' ').unwrap_or((r, "")),
            None => {
                out.words(line);
                continue;
            }
        };
        match request {
            "SH" => out.heading(0, &inline(rest)),
            "SS" => out.heading(3, &inline(rest)),
            "PP" => out.paragraph(TEXT),
            "TP" => {
                out.flush();
                let tag = lines.next().unwrap_or("");
                out.line(TEXT, &inline(tag));
                out.indent = BODY;
            }
            "nf" => {
                out.flush();
                for verbatim in lines.by_ref() {
                    match verbatim {
                        ".fi" => break,
                        ".RS 4" | ".RE" => {}
                        text => out.line(TEXT + 4, &inline(text)),
                    }
                }
                out.blank();
                out.indent = TEXT;
            }
            _ => {} // .TH, and anything this page does not use
        }
    }
    out.flush();
    out.text.trim_end().to_string() + "\n"
}

/// The text being laid out: what is written, and the words of the paragraph being filled.
#[derive(Default)]
struct Page {
    text: String,
    words: Vec<String>,
    indent: usize,
}

impl Page {
    fn words(&mut self, line: &str) {
        self.words
            .extend(inline(line).split_whitespace().map(str::to_string));
    }

    /// Fills the pending words into lines at the current indent, then a blank line.
    fn flush(&mut self) {
        if self.words.is_empty() {
            return;
        }
        let mut line = String::new();
        for word in std::mem::take(&mut self.words) {
            let width = line.chars().count() + 1 + word.chars().count();
            if !line.is_empty() && self.indent + width > WIDTH {
                self.line(self.indent, &line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        self.line(self.indent, &line);
        self.blank();
    }

    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.text, "{:indent$}{text}", "");
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn heading(&mut self, indent: usize, name: &str) {
        self.flush();
        self.line(indent, name);
        self.indent = TEXT;
    }

    fn paragraph(&mut self, indent: usize) {
        self.flush();
        self.indent = indent;
    }
}

/// A line of roff without its font changes and escapes: `\fB`, `\fI`, `\fR` dropped, `\-` a
/// hyphen, `\e` a backslash.
fn inline(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    let mut chars = roff.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('f') => drop(chars.next()),
            Some('-') => out.push('-'),
            Some('e') => out.push('\\'),
            Some('&') | None => {}
            Some(other) => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_becomes_text_as_man_lays_it_out() {
        let page = ".TH X 5\n.SH NAME\nx \\- a \\fBthing\\fR\n.SH KEYS\n.TP\n\\fBname\\fR\nText, \
                    required.\n.PP\n.nf\n.RS 4\na = \"b\\-c\"\n.RE\n.fi\nAfter.\n";
        assert_eq!(
            text(page),
            "NAME\n       x - a thing\n\nKEYS\n       name\n              Text, required.\n\n\
             \x20          a = \"b-c\"\n\n       After.\n"
        );
    }

    #[test]
    fn paragraphs_are_filled_to_eighty_columns() {
        let words = "word ".repeat(40);
        let out = text(&format!(".SH A\n{words}\n"));
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert_eq!(out.lines().count(), 4, "{out}");
    }

    #[test]
    fn the_books_page_renders_within_eighty_columns() {
        let out = text(BOOKS_5);
        assert!(out.starts_with("NAME\n       coopbooks-books - the books directory"));
        let long: Vec<&str> = out.lines().filter(|l| l.chars().count() > WIDTH).collect();
        // Examples are as written; all of them fit.
        assert_eq!(long, Vec::<&str>::new());
    }
}
