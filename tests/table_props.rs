//! Properties of the tables for people, for any cells: fitted to a width they stay within it
//! while the figures are shown whole, no cell acts on the terminal, and every row is one line.

use coopbooks::report::table::{Layout, Show, Table};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

fn text() -> impl Strategy<Value = String> {
    // Letters, digits, accents, wide characters and spaces.
    proptest::string::string_regex("[a-zA-Z0-9 .é€日本-]{0,30}").unwrap()
}

fn figure() -> impl Strategy<Value = String> {
    (any::<i64>(), 0u8..3).prop_map(|(n, _)| format!("{}.{:02}", n / 1000, (n % 100).abs()))
}

/// Cells with what a terminal would act on: ESC, BEL, CR, line breaks, C1 controls, a bidi
/// override.
fn hostile() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z \u{1b}\u{7}\r\n\t\u{9b}\u{202e}\u{2066}]{0,12}").unwrap()
}

/// A row: an id, a client, two figures in both layouts, one in the wide layout only.
type Row = (String, String, String, String, String);

/// A table of an id, a client that may be cut, two figures in both layouts and one in the
/// wide layout only.
fn table(rows: &[Row]) -> Table {
    let mut t = (Table::new().text("id").cuttable("client"))
        .figure("amount")
        .figure("net")
        .figure_in("detail", Show::Wide);
    for (id, client, a, b, c) in rows {
        t.row(vec![
            id.clone(),
            client.clone(),
            a.clone(),
            b.clone(),
            c.clone(),
        ]);
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// At any width that the figures and ids leave room for, no line is wider (counted in
    /// columns of the terminal, so in characters for these), and every figure is there whole.
    #[test]
    fn fitted_tables_stay_within_the_width_and_keep_every_figure(
        rows in proptest::collection::vec(
            ("[a-z0-9-]{1,10}", text(), figure(), figure(), figure()), 1..20),
        wide in any::<bool>(),
        slack in 0usize..60,
    ) {
        let t = table(&rows);
        // The narrowest the default layout can be: ids and figures whole, the client cut to 8.
        let col = |f: &dyn Fn(&Row) -> &String, h: &str| {
            rows.iter().map(|r| f(r).width()).chain([h.width()]).max().unwrap()
        };
        let floor = col(&|r| &r.0, "id") + 8 + col(&|r| &r.2, "amount") + col(&|r| &r.3, "net") + 6;
        let width = floor + slack;
        let out = t.render(&Layout { wide, width: Some(width), color: false });
        for line in out.lines() {
            prop_assert!(line.width() <= width, "{} > {}:\n{}", line.width(), width, out);
        }
        for (_, _, a, b, _) in &rows {
            prop_assert!(out.contains(a.as_str()) && out.contains(b.as_str()), "{}", out);
        }
        // The header, the rule and one line per row.
        prop_assert_eq!(out.lines().count(), rows.len() + 2);
    }

    /// Without a width the table is as wide as it needs and nothing is cut.
    #[test]
    fn unfitted_tables_cut_nothing(
        rows in proptest::collection::vec(
            ("[a-z0-9-]{1,10}", text(), figure(), figure(), figure()), 1..20),
    ) {
        let out = table(&rows).render(&Layout::default());
        prop_assert!(!out.contains('…'));
        for (id, client, ..) in &rows {
            prop_assert!(out.contains(id.as_str()) && out.contains(client.trim_end()), "{}", out);
        }
    }

    #[test]
    fn no_cell_acts_on_the_terminal(cells in proptest::collection::vec(hostile(), 2..20)) {
        let mut t = Table::new().text("a").figure("b");
        for c in cells.chunks(2) {
            t.row(c.to_vec());
        }
        let out = t.render(&Layout::default());
        // Every line is a line of the table: as many as its rows, with the header and rule,
        // and not a control character in it.
        prop_assert_eq!(out.lines().count(), cells.chunks(2).count() + 2);
        prop_assert!(!out.chars().any(coopbooks::text::is_unsafe_but_newline), "{}", out);
    }
}
