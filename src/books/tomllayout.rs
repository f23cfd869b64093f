//! The canonical layout of the books' TOML files (coop.toml, members/*.toml), which `fmt`
//! writes: the same keys, values, order and comments, with every key at the start of its line,
//! one space either side of `=`, dates quoted, no trailing whitespace and one final newline.
//! Only layout changes; what the file means never does.

use toml_edit::{Array, DocumentMut, Item, RawString, Table, Value};

/// The file's text in canonical layout, or `None` if it is not TOML (the loader says why).
/// `date_keys` are the dotted paths of the keys whose values are dates (`joined`,
/// `levies.since`): a bare TOML date there is written as a quoted one, `"2024-02-01"`.
pub fn canonical(text: &str, date_keys: &[&str]) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc: DocumentMut = text.parse().ok()?;
    let mut path = Vec::new();
    table(doc.as_table_mut(), &mut path, date_keys, true);
    let trailing = doc.trailing().as_str().map(|t| lines(t, false));
    if let Some(t) = trailing {
        doc.set_trailing(t);
    }
    let mut out = doc.to_string();
    // One final newline, no blank lines after the last one.
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    Some(out)
}

/// `raw` with the trailing whitespace of every line it ends removed, and (`indented` false)
/// every line's indentation too: what stands between keys (comments, blank lines), whose last
/// part is the indentation of the key that follows.
fn lines(raw: &str, indented: bool) -> String {
    let parts: Vec<&str> = raw.split('\n').collect();
    let last = parts.len() - 1;
    let mut out = String::with_capacity(raw.len());
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let part = match i == last {
            true => part,
            false => part.trim_end_matches([' ', '\t', '\r']),
        };
        out.push_str(if indented { part } else { part.trim_start() });
    }
    out
}

/// The text of a decor part, if it has one.
fn text(raw: Option<&RawString>) -> Option<String> {
    raw.and_then(RawString::as_str).map(str::to_string)
}

/// A table's keys at the start of their lines with ` = ` between key and value, the comments
/// before them unindented and the comment after a value kept where it was; then its tables.
fn table(t: &mut Table, path: &mut Vec<String>, date_keys: &[&str], root: bool) {
    if !root {
        let decor = t.decor_mut();
        if let Some(p) = text(decor.prefix()) {
            decor.set_prefix(lines(&p, false));
        }
        if let Some(s) = text(decor.suffix()) {
            decor.set_suffix(s.trim_end().to_string());
        }
    }
    for (mut key, item) in t.iter_mut() {
        path.push(key.get().to_string());
        if item.is_value() {
            let decor = key.leaf_decor_mut();
            if let Some(p) = text(decor.prefix()) {
                // The comment lines before the key, then its indentation (dropped).
                decor.set_prefix(lines(&p, false));
            }
            decor.set_suffix(" ");
        }
        let is_date = date_keys.iter().any(|k| is_path(k, path));
        match item {
            Item::Value(v) => value(v, is_date),
            Item::Table(sub) => table(sub, path, date_keys, false),
            Item::ArrayOfTables(all) => {
                for sub in all.iter_mut() {
                    table(sub, path, date_keys, false);
                }
            }
            Item::None => {}
        }
        path.pop();
    }
}

/// Whether a dotted key pattern names a path; `*` stands for any one key (a table's name).
fn is_path(pattern: &str, path: &[String]) -> bool {
    let mut parts = pattern.split('.');
    path.iter()
        .all(|p| parts.next().is_some_and(|k| k == "*" || k == p))
        && parts.next().is_none()
}

/// A key's value: one space after `=`, what follows it on the line (a comment, or nothing)
/// without trailing whitespace; a date quoted where the key holds dates.
fn value(v: &mut Value, is_date: bool) {
    if is_date {
        quote_dates(v);
    }
    let decor = v.decor_mut();
    decor.set_prefix(" ");
    let suffix = text(decor.suffix()).unwrap_or_default();
    decor.set_suffix(suffix.trim_end().to_string());
    if let Value::Array(a) = v {
        array(a);
    }
}

/// A multi-line array's lines without trailing whitespace; its layout otherwise kept.
fn array(a: &mut Array) {
    for element in a.iter_mut() {
        let decor = element.decor_mut();
        if let Some(p) = text(decor.prefix()) {
            decor.set_prefix(lines(&p, true));
        }
        if let Some(s) = text(decor.suffix()) {
            decor.set_suffix(lines(&s, true));
        }
    }
    if let Some(t) = a.trailing().as_str().map(|t| lines(t, true)) {
        a.set_trailing(t);
    }
}

/// A bare date (or each in an array of them) as a quoted one, its decor kept.
fn quote_dates(v: &mut Value) {
    match v {
        Value::Datetime(d) => {
            let dt = *d.value();
            if let (Some(date), None, None) = (dt.date, dt.time, dt.offset) {
                let decor = d.decor().clone();
                let mut quoted = Value::from(date.to_string());
                *quoted.decor_mut() = decor;
                *v = quoted;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(quote_dates),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATES: &[&str] = &["joined", "holidays", "levies.since"];

    #[test]
    fn layout_is_normalised_and_meaning_kept() {
        let messy = "\u{feff}# A member.   \n  name=\"Alice\"   \njoined   =   2024-02-01 # the day\n\n\n[levies]  \n   mutual =\"4%\"\n\n\n";
        let tidy = "# A member.\nname = \"Alice\"\njoined = \"2024-02-01\" # the day\n\n\n[levies]\nmutual = \"4%\"\n";
        assert_eq!(canonical(messy, DATES).as_deref(), Some(tidy));
        // Idempotent, and the values read the same.
        assert_eq!(canonical(tidy, DATES).as_deref(), Some(tidy));
        let (a, b): (toml::Table, toml::Table) = (
            messy.trim_start_matches('\u{feff}').parse().unwrap(),
            tidy.parse().unwrap(),
        );
        assert_eq!(a["name"], b["name"]);
        assert_eq!(a["levies"], b["levies"]);
    }

    #[test]
    fn only_date_keys_have_dates_quoted_in_arrays_and_tables_of_arrays() {
        let text = "holidays = [2026-01-01, \"2026-04-06\",   \n  2026-05-01]\nother = 2026-01-01\n[[levies]]\nsince = 2027-01-01   # later\n";
        let want = "holidays = [\"2026-01-01\", \"2026-04-06\",\n  \"2026-05-01\"]\nother = 2026-01-01\n[[levies]]\nsince = \"2027-01-01\"   # later\n";
        assert_eq!(canonical(text, DATES).as_deref(), Some(want));
    }

    #[test]
    fn multi_line_strings_keep_their_content_and_not_toml_is_none() {
        let text = "note = \"\"\"\nline with spaces   \n  indented\n\"\"\"\n";
        assert_eq!(canonical(text, DATES).as_deref(), Some(text));
        assert_eq!(canonical("name = ", DATES), None);
    }
}
