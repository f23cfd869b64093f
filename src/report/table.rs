//! Tables for people: columns of words and right-aligned figures, a rule under the header and
//! above the total (as hledger and git lay them out), the columns a treasurer reads first
//! unless `--wide` asks for every one, and fitted to the terminal without ever wrapping a
//! cell or cutting a number.

use super::Align;
use unicode_width::UnicodeWidthStr;

/// Which layout shows a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// Both layouts.
    Always,
    /// Only the default, narrower one: a figure that sums columns `--wide` shows apart.
    Narrow,
    /// Only with `--wide`.
    Wide,
}

/// Whether a table of this run was narrowed to fit the window (text cut, or `--wide`'s
/// columns given up): the command then says so on stderr (`narrowed`).
static NARROWED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What to say on stderr when a table of this run was narrowed to fit the window, once.
pub fn narrowed() -> Option<&'static str> {
    NARROWED
        .swap(false, std::sync::atomic::Ordering::Relaxed)
        .then_some(
            "coopbooks: the table was narrowed to fit the window (names cut with …, or \
             --wide's columns left out); a wider window, or --format csv, shows all of it\n",
        )
}

/// How tables are laid out for this run: every column or the default ones, and the width to
/// fit (the terminal's, or `COLUMNS`; none when the output is not a terminal, so that piped
/// output is the same bytes whatever the window).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub wide: bool,
    pub width: Option<usize>,
    /// Negative figures in red.
    pub color: bool,
}

struct Column {
    header: String,
    align: Align,
    show: Show,
    /// A text that may be cut with `…` to fit (a client's name); never a figure or an id.
    cut: bool,
}

/// A table being built: its columns, then its rows (a cell for every column, in order,
/// whichever layout shows it) and its total row.
#[derive(Default)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    total: Option<Vec<String>>,
}

/// The narrowest a cut text column becomes.
const MIN_CUT: usize = 8;
/// Between two columns.
const GAP: usize = 2;

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    fn column(mut self, header: &str, align: Align, show: Show, cut: bool) -> Table {
        self.columns.push(Column {
            header: header.to_string(),
            align,
            show,
            cut,
        });
        self
    }

    /// A text column, left-aligned, never cut (an id, a date, a name people look up).
    pub fn text(self, header: &str) -> Table {
        self.column(header, Align::Left, Show::Always, false)
    }

    /// A text column that may be cut with `…` on a narrow terminal (a client's name).
    pub fn cuttable(self, header: &str) -> Table {
        self.column(header, Align::Left, Show::Always, true)
    }

    /// A text column shown only with `--wide`.
    pub fn wide_text(self, header: &str) -> Table {
        self.column(header, Align::Left, Show::Wide, false)
    }

    /// A figure, right-aligned, in both layouts.
    pub fn figure(self, header: &str) -> Table {
        self.column(header, Align::Right, Show::Always, false)
    }

    /// A figure in one layout only.
    pub fn figure_in(self, header: &str, show: Show) -> Table {
        self.column(header, Align::Right, show, false)
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn total(&mut self, cells: Vec<String>) {
        self.total = Some(cells);
    }

    /// The table as text. Too wide for `layout.width`: text columns that may be cut are cut,
    /// widest first; still too wide with `--wide`, the default layout is tried instead; what
    /// is left too wide is written whole (a figure is never cut).
    pub fn render(&self, layout: &Layout) -> String {
        let shown = |wide: bool| -> Vec<usize> {
            (0..self.columns.len())
                .filter(|&i| match self.columns[i].show {
                    Show::Always => true,
                    Show::Narrow => !wide,
                    Show::Wide => wide,
                })
                .collect()
        };
        let mut visible = shown(layout.wide);
        let mut widths = self.widths(&visible);
        if let Some(limit) = layout.width {
            let natural = widths.clone();
            self.fit(&visible, &mut widths, limit);
            let mut narrowed = widths != natural;
            if layout.wide && total_width(&widths) > limit {
                visible = shown(false);
                widths = self.widths(&visible);
                self.fit(&visible, &mut widths, limit);
                narrowed = true;
            }
            if narrowed {
                NARROWED.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let mut out = String::new();
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        self.line(&mut out, &visible, &widths, &headers, false);
        let rule = "─".repeat(total_width(&widths));
        out.push_str(&rule);
        out.push('\n');
        for row in &self.rows {
            self.line(&mut out, &visible, &widths, row, layout.color);
        }
        if let Some(total) = &self.total {
            out.push_str(&rule);
            out.push('\n');
            self.line(&mut out, &visible, &widths, total, layout.color);
        }
        out
    }

    /// Each visible column's width: its widest cell or header, escaped, by display width.
    fn widths(&self, visible: &[usize]) -> Vec<usize> {
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        let rows = std::iter::once(&headers)
            .chain(&self.rows)
            .chain(&self.total);
        let mut widths = vec![0; visible.len()];
        for row in rows {
            for (w, &i) in widths.iter_mut().zip(visible) {
                *w = (*w).max(cell(row, i).width());
            }
        }
        widths
    }

    /// Narrows the cuttable columns, the widest first, until the table fits `limit` or each
    /// is at its narrowest (its header, or `MIN_CUT`).
    fn fit(&self, visible: &[usize], widths: &mut [usize], limit: usize) {
        while total_width(widths) > limit {
            let narrowest = |k: usize| self.columns[visible[k]].header.width().max(MIN_CUT);
            let widest = (0..visible.len())
                .filter(|&k| self.columns[visible[k]].cut && widths[k] > narrowest(k))
                .max_by_key(|&k| (widths[k], std::cmp::Reverse(k)));
            match widest {
                Some(k) => widths[k] -= 1,
                None => return,
            }
        }
    }

    /// One line: each visible cell escaped, cut to its column with `…` where the column was
    /// narrowed, padded to it; no trailing spaces.
    fn line(
        &self,
        out: &mut String,
        visible: &[usize],
        widths: &[usize],
        row: &[String],
        color: bool,
    ) {
        let mut line = String::new();
        for (k, (&i, &w)) in visible.iter().zip(widths).enumerate() {
            let text = cut(&cell(row, i), w);
            let pad = w.saturating_sub(text.width());
            if k > 0 {
                line.push_str(&" ".repeat(GAP));
            }
            let right = self.columns[i].align == Align::Right;
            if right {
                line.push_str(&" ".repeat(pad));
            }
            if color && right && text.starts_with('-') {
                line.push_str("\x1b[31m");
                line.push_str(&text);
                line.push_str("\x1b[0m");
            } else {
                line.push_str(&text);
            }
            if !right {
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// A cell as shown: text from the books is escaped, so that it never acts on the terminal.
fn cell(row: &[String], i: usize) -> String {
    crate::text::escaped(row.get(i).map_or("", String::as_str)).into_owned()
}

/// `text` cut to `width` columns, its last one `…`, if it is wider.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn total_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Table {
        let mut t = Table::new()
            .text("member")
            .cuttable("client")
            .figure("amount")
            .figure_in("both", Show::Narrow)
            .figure_in("one", Show::Wide)
            .figure_in("two", Show::Wide);
        t.row(
            [
                "alice",
                "Théâtre du Parc",
                "-600.00",
                "3.00",
                "1.00",
                "2.00",
            ]
            .map(String::from)
            .into(),
        );
        t.total(
            ["total", "", "-600.00", "3.00", "1.00", "2.00"]
                .map(String::from)
                .into(),
        );
        t
    }

    #[test]
    fn a_rule_under_the_header_and_above_the_total() {
        let out = example().render(&Layout::default());
        assert_eq!(
            out,
            "member  client            amount  both\n\
             ──────────────────────────────────────\n\
             alice   Théâtre du Parc  -600.00  3.00\n\
             ──────────────────────────────────────\n\
             total                    -600.00  3.00\n"
        );
    }

    #[test]
    fn wide_shows_the_columns_apart() {
        let layout = Layout {
            wide: true,
            ..Layout::default()
        };
        let out = example().render(&layout);
        assert_eq!(
            out.lines().next(),
            Some("member  client            amount   one   two")
        );
    }

    /// Narrower than the table: the client is cut with `…`, the figures never are; too
    /// narrow for `--wide`, the default layout.
    #[test]
    fn fitted_to_the_width_by_cutting_text_only() {
        let layout = Layout {
            width: Some(33),
            ..Layout::default()
        };
        let out = example().render(&layout);
        assert_eq!(
            out.lines().nth(2),
            Some("alice   Théâtre d…  -600.00  3.00")
        );
        assert!(out.lines().all(|l| l.chars().count() <= 33), "{out}");
        let layout = Layout {
            wide: true,
            width: Some(33),
            ..Layout::default()
        };
        assert_eq!(
            example().render(&layout).lines().next(),
            Some("member  client       amount  both")
        );
        // Narrower than the figures: written whole, never cut.
        let layout = Layout {
            width: Some(10),
            ..Layout::default()
        };
        assert!(example().render(&layout).contains("-600.00"));
    }

    #[test]
    fn negative_figures_in_red_only_with_colour() {
        let layout = Layout {
            color: true,
            ..Layout::default()
        };
        let out = example().render(&layout);
        assert!(out.contains("\x1b[31m-600.00\x1b[0m"), "{out}");
        assert!(!example().render(&Layout::default()).contains('\x1b'));
    }

    #[test]
    fn cells_are_escaped() {
        let mut t = Table::new().text("name");
        t.row(vec!["a\x1b[2Jb".into()]);
        assert_eq!(t.render(&Layout::default()), "name\n───────\na\\e[2Jb\n");
    }
}
