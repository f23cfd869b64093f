//! The assembly's report as one self-contained HTML page: no scripts, nothing fetched, the
//! charts inline SVG, printable on A4; every value escaped.

use super::{Block, Document, Table, chart};
use crate::report::markup as esc;
use std::fmt::Write as _;

const STYLE: &str = "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2em auto;\
padding:0 1em;max-width:60em;color:#111}h1{font-size:1.5em;margin:0}h2{font-size:1.15em;\
margin:1.6em 0 .4em;break-after:avoid}.five{display:grid;grid-template-columns:repeat(5,1fr);\
gap:.6em;margin:1em 0}.five div{border:1px solid #ccc;padding:.5em;font-size:.9em}\
.five b{display:block;font-size:1.2em}figure{margin:0 0 1em;display:grid;\
grid-template-columns:repeat(auto-fit,minmax(22em,1fr));gap:.5em 1em;align-items:start;\
break-inside:avoid}figure svg{display:block;width:100%;height:auto;max-width:100%}\
figcaption{grid-column:1/-1;color:#444;font-size:.85em}table{border-collapse:collapse;\
font-size:.78em;width:100%}th,td{padding:.15em .35em;border-bottom:1px solid #ddd;\
text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
p.note{color:#555;font-size:.9em}td:first-child{white-space:nowrap}\
figure.wide{grid-template-columns:minmax(0,1fr)}figure.wide svg{max-width:40em}\
@page{size:A4;margin:15mm}@media print{body{margin:0;padding:0;max-width:none}}";

fn table(t: &Table) -> String {
    let cell = |i: usize| if i > 0 { " class=\"n\"" } else { "" };
    let mut out = String::from("<table><thead><tr>");
    for (i, h) in t.head.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", cell(i), esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", cell(i), esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A chart with its table beside it (under it when `wide`) and what it shows in words: the
/// caption under both, and the SVG's name for a screen reader.
fn figure(svg: &str, table: &str, words: &str, wide: bool) -> String {
    let svg = svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{}\" ", esc(words)),
        1,
    );
    let class = if wide { " class=\"wide\"" } else { "" };
    format!(
        "<figure{class}><div>{svg}</div><div>{table}</div><figcaption>{}</figcaption></figure>\n",
        esc(words)
    )
}

pub fn render(d: &Document) -> String {
    let title = esc(&d.title);
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<p class=\"note\">{}</p>\n\
         <div class=\"five\">",
        esc(&d.note)
    );
    for (k, v) in &d.five {
        let _ = write!(h, "<div>{}<b>{}</b></div>", esc(k), esc(v));
    }
    h.push_str("</div>\n");
    for b in &d.blocks {
        match b {
            Block::Heading(t) => {
                let _ = writeln!(h, "<h2>{}</h2>", esc(t));
            }
            Block::Figure {
                chart,
                table: t,
                words,
                wide,
            } => h.push_str(&figure(&chart::svg(chart), &table(t), words, *wide)),
            Block::Table(t) => {
                h.push_str(&table(t));
                h.push('\n');
            }
        }
    }
    h.push_str("</body></html>\n");
    h
}
