//! The table renderer draws exactly what comfy-table draws with the same layout (the preset
//! UTF8_FULL_CONDENSED, no wrapping, per-column alignment), for any cells: it replaced that
//! crate, which took 2 GB and seconds for 40,000 rows.

use coopbooks::report::{Align, table};
use proptest::prelude::*;

fn comfy(headers: &[String], aligns: &[Align], rows: &[Vec<String>]) -> String {
    use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(headers);
    for row in rows {
        t.add_row(row);
    }
    for (i, a) in aligns.iter().enumerate() {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(match a {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
        }
    }
    format!("{t}\n")
}

fn cell() -> impl Strategy<Value = String> {
    // Letters, digits, accents, wide characters and spaces.
    proptest::string::string_regex("[a-zA-Z0-9 .é€日本-]{0,12}").unwrap()
}

/// Cells with what a terminal would act on: ESC, BEL, CR, line breaks, C1 controls, a bidi
/// override.
fn hostile() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z \u{1b}\u{7}\r\n\t\u{9b}\u{202e}\u{2066}]{0,12}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_same_bytes_as_comfy_table(
        width in 1usize..6,
        cells in proptest::collection::vec(cell(), 1..40),
        right in proptest::collection::vec(any::<bool>(), 6),
    ) {
        let headers: Vec<String> = cells.iter().take(width).cloned().collect();
        let width = headers.len();
        let rows: Vec<Vec<String>> = cells[width..].chunks(width).map(|c| {
            let mut r = c.to_vec();
            r.resize(width, String::new());
            r
        }).collect();
        let aligns: Vec<Align> = right[..width].iter().map(|&r| if r { Align::Right } else { Align::Left }).collect();
        prop_assert_eq!(table(&headers, &aligns, &rows), comfy(&headers, &aligns, &rows));
    }

    #[test]
    fn no_cell_acts_on_the_terminal(cells in proptest::collection::vec(hostile(), 2..20)) {
        let headers = vec!["a".to_string(), "b".to_string()];
        let rows: Vec<Vec<String>> = cells.chunks(2).map(|c| c.to_vec()).collect();
        let out = table(&headers, &[Align::Left, Align::Right], &rows);
        // Every line is a line of the table: as many as its rows, with the rules, and not a
        // control character in it.
        prop_assert_eq!(out.lines().count(), rows.len() + 4);
        prop_assert!(!out.chars().any(coopbooks::text::is_unsafe_but_newline), "{}", out);
    }
}
