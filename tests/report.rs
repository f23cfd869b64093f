//! `report YEAR`: the general assembly's page. Every figure it shows is one the JSON reports
//! give; it is self-contained, names members only when asked, and renders in a real browser
//! on A4 without a chart leaving its box.

mod common;
use common::{fixture, have, run};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Every decimal figure (`-1234.56`) in a text.
fn decimals(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let whole = i > digits && (start == 0 || !bytes[start - 1].is_ascii_alphanumeric());
        if whole
            && bytes.get(i) == Some(&b'.')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
            && !bytes.get(i + 3).is_some_and(u8::is_ascii_digit)
        {
            out.push(text[start..i + 3].to_string());
            i += 3;
        } else if i == start {
            i += 1;
        }
    }
    out
}

/// The page's body outside its charts (whose axes carry scale marks, not figures).
fn without_charts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html.split_once("<body>").map_or(html, |(_, body)| body);
    while let Some(at) = rest.find("<svg") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .split_once("</svg>")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// Every string value of a JSON document.
fn strings(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn write_report(books: &Path, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("assembly.html");
    let mut args = vec!["report", "2026", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let r = run(books, &args);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let html = std::fs::read_to_string(&out).unwrap();
    (dir, html)
}

/// Every figure the JSON reports give that the page draws on: the year's and each month's pay,
/// funds and guarantee fund, patronage, capital, and the stress test from the last day.
fn json_figures(books: &Path) -> BTreeSet<String> {
    let mut json = BTreeSet::new();
    let mut add = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        strings(&run(books, &all).json(), &mut json);
    };
    add(&["pay", "2026"]);
    add(&["funds", "--period", "2026"]);
    add(&["patronage", "2026"]);
    add(&["capital", "--at", "2026-04-30"]);
    add(&["guarantee", "--stress", "--at", "2026-04-30", "--runs", "0"]);
    for (month, end) in [
        ("2026-01", "2026-01-31"),
        ("2026-02", "2026-02-28"),
        ("2026-03", "2026-03-31"),
        ("2026-04", "2026-04-30"),
    ] {
        add(&["pay", month]);
        add(&["funds", "--period", month]);
        add(&["guarantee", "--at", end]);
    }
    json
}

#[test]
fn every_figure_of_the_page_is_one_the_json_reports_give() {
    let books = fixture("atelier");
    let (_dir, html) = write_report(&books, &[]);
    let json = json_figures(&books);
    let page = without_charts(&html);
    let figures = decimals(&page);
    assert!(figures.len() > 60, "{}", figures.len());
    let missing: Vec<&String> = figures.iter().filter(|f| !json.contains(*f)).collect();
    assert!(missing.is_empty(), "not in any JSON report: {missing:?}");
    // The year in five numbers: pay 2026's turnover and payout, the funds' levies, the
    // income statement's result, the member-shareholders on 30 April.
    for five in [
        "Turnover<b>44230.00</b>",
        "Levies<b>3616.58</b>",
        "Paid to members<b>30449.96</b>",
        "Result<b>5252.58</b>",
        "Members<b>7</b>",
    ] {
        assert!(html.contains(five), "{five}");
    }
}

#[test]
fn the_page_stands_alone_and_names_no_one_unless_asked() {
    let books = fixture("atelier");
    let (dir, html) = write_report(&books, &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["<script", "<link", "src=", "url(", "@import"] {
        assert!(!html.contains(outside), "{outside}");
    }
    // The only address is the SVG namespace's.
    assert_eq!(
        html.matches("http").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    // Each chart has a name for a screen reader and a caption in words.
    assert_eq!(html.matches("<svg role=\"img\" aria-label=").count(), 8);
    assert_eq!(html.matches("<figcaption>").count(), 8);
    assert!(!html.contains("Alice Martin") && !html.contains("Zoë Claes"));
    let (_, named) = write_report(&books, &["--names"]);
    assert!(named.contains("Alice Martin") && named.contains("Zoë Claes"));
    // The same books, the same bytes; an existing file is kept without --force.
    let (_, again) = write_report(&books, &[]);
    assert!(html == again, "the same books gave other bytes");
    let out = dir.path().join("assembly.html");
    let r = run(&books, &["report", "2026", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// The pixels of a PPM (P6) image: its width, height and RGB bytes.
fn ppm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..].to_vec())
}

#[test]
fn a_browser_prints_it_on_a4_with_every_chart_in_its_box() {
    if !have("chromium", "apt-get install -y chromium")
        || !have("pdftoppm", "apt-get install -y poppler-utils")
    {
        return;
    }
    let books = fixture("atelier");
    let (dir, _) = write_report(&books, &[]);
    let html = dir.path().join("assembly.html");
    let pdf = dir.path().join("assembly.pdf");
    // Bounded in time; without a sandbox (CI runs as root) and without /dev/shm (a container's
    // may be small).
    let out = Command::new("timeout")
        .args([
            "120",
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ])
        .output()
        .unwrap();
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("(A4)"), "{info}");
    // Each page at 30 dpi: ink on it, and none in the right margin (15 mm of 210), where a
    // chart or table wider than its box would spill.
    let status = Command::new("pdftoppm")
        .args(["-r", "30"])
        .arg(&pdf)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ppm"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for page in &pages {
        let (w, h, rgb) = ppm(page);
        let dark = |x: usize, y: usize| {
            rgb[(y * w + x) * 3..(y * w + x) * 3 + 3]
                .iter()
                .any(|&c| c < 200)
        };
        let inked = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| dark(x, y))
            .count();
        assert!(inked > 200, "{}: blank", page.display());
        let margin = w * 12 / 210;
        let spilled = (0..h)
            .filter(|&y| (w - margin..w).any(|x| dark(x, y)))
            .count();
        assert_eq!(spilled, 0, "{}: ink in the right margin", page.display());
    }
}

#[test]
fn the_pdf_is_the_same_report_on_a4() {
    if !have("pdftotext", "apt-get install -y poppler-utils") {
        return;
    }
    let books = fixture("atelier");
    let dir = tempfile::tempdir().unwrap();
    let (html, pdf) = (dir.path().join("a.html"), dir.path().join("a.pdf"));
    let args = [
        "report",
        "2026",
        "--out",
        html.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ];
    let r = run(&books, &args);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            format!("{}\n{}\n", html.display(), pdf.display()).as_str()
        )
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("(A4)"));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for five in [
        "44230.00",
        "3616.58",
        "30449.96",
        "5252.58",
        "Paid to members",
    ] {
        assert!(text.contains(five), "{five}");
    }
    // The page's figures, every one of them, and none that the JSON reports do not give.
    let json = json_figures(&books);
    let figures = decimals(&text);
    let page = decimals(&without_charts(&std::fs::read_to_string(&html).unwrap()));
    let missing: Vec<&String> = figures.iter().filter(|f| !json.contains(*f)).collect();
    assert!(missing.is_empty(), "not in any JSON report: {missing:?}");
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
        (figures.iter().collect(), page.iter().collect());
    assert_eq!(a, b, "the PDF and the page show other figures");
    // The same books, the same bytes.
    let before = std::fs::read(&pdf).unwrap();
    let mut again = args.to_vec();
    again.push("--force");
    assert_eq!(run(&books, &again).code, 0);
    assert!(std::fs::read(&pdf).unwrap() == before, "other bytes");
}

#[test]
fn a_closed_year_shows_its_twelve_months_and_its_patronage() {
    let books = common::Books::copy_of("atelier");
    books.close_through("2026-04", Some("2026-05-02"));
    for year in ["2025", "2026"] {
        let r = books.run(&["close", year, "--date", "2027-01-05"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (_dir, html) = write_report(books.path(), &[]);
    assert!(html.contains("From the books up to 2026-12-31 (amounts in EUR); the year is closed."));
    assert!(html.contains("<td>2026-12</td>"));
    // patronage 2026: 1009.17 allocated, 201.86 in cash, 807.31 retained — which the members'
    // capital accounts hold from 31 December: 450.00 of shares - 100.00 redeemed + 807.31.
    assert!(html.contains(
        "<tr><td>all members</td><td class=\"n\">1009.17</td><td class=\"n\">201.86</td>\
         <td class=\"n\">807.31</td></tr>"
    ));
    assert!(html.contains(
        "<tr><td>all members</td><td class=\"n\">450.00</td><td class=\"n\">807.31</td>\
         <td class=\"n\">100.00</td><td class=\"n\">1157.31</td></tr>"
    ));
}
