//! Text from the books as people see it: control characters and bidirectional overrides
//! escaped (a crafted client name can neither clear the screen nor fake a line of output),
//! and values quoted in messages cut to a readable length.

use std::borrow::Cow;

/// Whether a character would act on a terminal, or hide or reorder what shows, rather than
/// show: C0 and C1 controls (ESC, BEL, CR, newline…), DEL, the bidirectional marks, overrides
/// and isolates, the line and paragraph separators, and the zero-width space and no-break
/// space (the joiners, which some scripts need, are left alone).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `is_unsafe`, a line break aside (for whole outputs, whose lines are their own).
pub fn is_unsafe_but_newline(c: char) -> bool {
    c != '\n' && is_unsafe(c)
}

/// Text with every unsafe character escaped: `\e` for ESC, `\n`, `\r`, `\t`, `\\` for a
/// backslash only when something else is escaped, and `\u{202e}` for the others.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What `check` warns of in a text from the books (`what` names it: `client`, `memo`…): a
/// control character or bidirectional override, which is shown escaped; or a first
/// character (`=`, `+`, `-`, `@`) that a spreadsheet opening an export would run as a
/// formula. `None` for plain text.
pub fn hazard(what: &str, text: &str) -> Option<String> {
    if text.chars().any(is_unsafe) {
        return Some(format!(
            "{what} \"{}\": holds a control character or a bidirectional override; it is \
             shown escaped",
            shown(text)
        ));
    }
    let first = text.chars().next()?;
    matches!(first, '=' | '+' | '-' | '@').then(|| {
        format!(
            "{what} \"{}\": starts with '{first}', which a spreadsheet opening an export \
             would run as a formula",
            shown(text)
        )
    })
}

/// The longest value a message quotes, in characters.
pub const SHOWN: usize = 80;

/// A value as a message quotes it: escaped, and cut to `SHOWN` characters with `…`.
pub fn shown(value: &str) -> Cow<'_, str> {
    let safe = escaped(value);
    match safe.char_indices().nth(SHOWN) {
        None => safe,
        Some((at, _)) => Cow::Owned(format!("{}…", &safe[..at])),
    }
}

/// The longest message, in characters, whatever it quotes.
const LONGEST_MESSAGE: usize = 1000;

/// A message with every quoted value (`"…"`) of more than `SHOWN` characters cut to `SHOWN`
/// with `…`, and the whole cut to a thousand characters: a 200 MB cell is not echoed whole.
pub fn cut_quoted(message: String) -> String {
    if message.len() <= SHOWN {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(LONGEST_MESSAGE * 4));
    let (mut quoted, mut run, mut written) = (false, 0, 0);
    for c in message.chars() {
        if written >= LONGEST_MESSAGE {
            out.push('…');
            break;
        }
        if c == '"' {
            quoted = !quoted;
            run = 0;
        } else if quoted {
            run += 1;
            if run == SHOWN + 1 {
                out.push('…');
                written += 1;
            }
            if run > SHOWN {
                continue;
            }
        }
        out.push(c);
        written += 1;
    }
    out
}

/// The number of single-character insertions, deletions, substitutions and swaps of two
/// neighbours that turn `a` into `b` (optimal string alignment distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 || a.len() > 64 {
        return 3;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidate nearest to `word` that a slip of the keyboard could have made it: at most
/// one edit away for a candidate of up to 4 characters, two for a longer one
/// (`edit_distance`); of several as near, the first in byte order.
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= if c.chars().count() <= 4 { 1 } else { 2 })
        .min()
        .map(|(_, c)| c)
}

/// How many suggestions a run makes at most: each is a pass over the candidates (50,000
/// members), so a file of a million mistyped rows gets the first hundred only.
const SUGGESTIONS: usize = 100;
static SUGGESTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// `; did you mean "NAME"?` for the candidate a slip of the keyboard could have made `word`
/// (`nearest`), or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    suggestion(word, candidates)
        .map(|near| format!("; did you mean \"{near}\"?"))
        .unwrap_or_default()
}

/// What to do about a name that is not declared: `did you mean "NAME"? (else HOW)` when a
/// declared one is near it, else `HOW` (how to declare it).
pub fn declare_or<'a>(word: &str, candidates: impl Iterator<Item = &'a str>, how: &str) -> String {
    match suggestion(word, candidates) {
        Some(near) => format!("did you mean \"{near}\"? (else {how})"),
        None => how.to_string(),
    }
}

/// The candidate nearest to `word`, shown as a message quotes it, within the run's budget.
fn suggestion<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    use std::sync::atomic::Ordering;
    if SUGGESTED.fetch_add(1, Ordering::Relaxed) >= SUGGESTIONS {
        return None;
    }
    nearest(word, candidates).map(|near| shown(near).into_owned())
}

/// A name (a fund's, a cost's category) as one part of an account name in the exported
/// journals: its first letter in upper case and `_` as `-`; `None` for a name that is not
/// ASCII letters, digits, `-` and `_` starting with a letter, which hledger or beancount
/// would refuse or read differently.
pub fn account_part(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    out.push(first.to_ascii_uppercase());
    out.extend(name.chars().skip(1).map(|c| if c == '_' { '-' } else { c }));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_overrides_are_escaped() {
        assert_eq!(escaped("Théâtre du Parc"), "Théâtre du Parc");
        assert_eq!(escaped("a\u{1b}[2Jb"), "a\\e[2Jb");
        assert_eq!(escaped("x\u{1b}]0;t\u{7}y"), "x\\e]0;t\\u{7}y");
        assert_eq!(
            escaped("ok\rfake.csv:1: all good"),
            "ok\\rfake.csv:1: all good"
        );
        assert_eq!(escaped("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escaped("a\\b\n"), "a\\\\b\\n");
        assert_eq!(escaped("C1\u{9b}2J"), "C1\\u{9b}2J");
    }

    #[test]
    fn long_quoted_values_in_messages_are_cut() {
        let long = format!("joined \"{}\": expected a date", "z".repeat(5000));
        assert_eq!(
            cut_quoted(long),
            format!("joined \"{}…\": expected a date", "z".repeat(SHOWN))
        );
        let short = "amount \"12,50\": use a dot for decimals".to_string();
        assert_eq!(cut_quoted(short.clone()), short);
    }

    #[test]
    fn long_values_are_cut() {
        let long = "é".repeat(200);
        let s = shown(&long);
        assert_eq!(s.chars().count(), SHOWN + 1);
        assert!(s.ends_with('…'));
        assert_eq!(shown("short"), "short");
    }
}
