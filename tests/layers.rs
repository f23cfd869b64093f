//! The layers of `src/`: no module uses another in a loop, and no lower layer uses a higher
//! one. Read from the source itself: every `crate::…` and `super::…` path outside tests.
//!
//! The layers, lowest first (a module may use its own layer and those below):
//! utilities (`text`, `money`, `period`, `problem`, `figure`, `par`, `lock`, `write`,
//! `progress`, `manual`) → `books`, `bank` (reading) → `engine` (computing) → `check`,
//! `report` (judging, rendering) → `cmd`, `complete` (the commands' values at Tab) → `cli` → `selftest` (the fuzz targets' entry).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer of a top-level module.
fn layer(top: &str) -> usize {
    match top {
        "text" | "money" | "period" | "problem" | "figure" | "par" | "lock" | "write"
        | "progress" | "manual" => 0,
        "books" | "bank" => 1,
        "engine" => 2,
        "check" | "report" => 3,
        "cmd" | "complete" => 4,
        "cli" => 5,
        "selftest" => 6,
        other => {
            panic!("src/{other}: a top-level module without a layer; add it to tests/layers.rs")
        }
    }
}

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/engine/pay.rs` → `engine::pay`; `src/engine/mod.rs` → `engine`; `lib.rs` → the root.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The source without its tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a use tree at `rest` (just after `crate::` or `super::`) names, as segments.
fn paths(rest: &str, prefix: Module, out: &mut Vec<Module>) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 0;
    let mut path = prefix;
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i > start {
            path.push(rest[start..i].to_string());
        }
        if rest[i..].starts_with("::{") {
            i += 3;
            loop {
                while i < bytes.len() && (bytes[i] as char).is_whitespace() {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'}' {
                    return i + 1;
                }
                i += paths(&rest[i..], path.clone(), out);
                // Past `as name`, to the comma or the closing brace.
                while i < bytes.len() && bytes[i] != b',' && bytes[i] != b'}' {
                    i += 1;
                }
                if i < bytes.len() && bytes[i] == b',' {
                    i += 1;
                }
            }
        } else if rest[i..].starts_with("::") && i > start {
            i += 2;
        } else {
            out.push(path);
            return i;
        }
    }
}

/// Which modules each module uses, by the longest module each path names. Uses of a module's
/// own ancestors (a parent re-exporting its children's types) are left out.
fn edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let me = module_of(src, file);
        if me.is_empty() {
            continue;
        }
        let text = code(&std::fs::read_to_string(file).unwrap());
        let mut named = Vec::new();
        for (at, _) in text.match_indices("crate::") {
            paths(&text[at + 7..], Vec::new(), &mut named);
        }
        for (at, _) in text.match_indices("super::") {
            if text[..at].ends_with("::") {
                continue;
            }
            paths(&text[at + 7..], me[..me.len() - 1].to_vec(), &mut named);
        }
        for path in named {
            let Some(target) = (1..=path.len())
                .rev()
                .map(|k| path[..k].to_vec())
                .find(|m| modules.contains(m))
            else {
                continue;
            };
            if me.starts_with(&target) {
                continue;
            }
            edges
                .entry(me.join("::"))
                .or_default()
                .insert(target.join("::"));
        }
    }
    edges
}

/// The loops of the graph: each strongly connected set of two or more modules.
fn loops(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for n in edges.get(&m).into_iter().flatten() {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, r) in &reached {
        if !r.contains(*m) {
            continue;
        }
        let set: Vec<String> = (r.iter())
            .filter(|n| reached.get(n).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        found.insert(set);
    }
    found.into_iter().collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_uses_another_in_a_loop() {
    let loops = loops(&edges(&src()));
    assert!(loops.is_empty(), "modules that use each other: {loops:#?}");
}

#[test]
fn no_layer_uses_a_higher_one() {
    let mut upward = Vec::new();
    for (from, tos) in edges(&src()) {
        let top = |m: &str| layer(m.split("::").next().unwrap());
        for to in tos {
            if top(&to) > top(&from) {
                upward.push(format!("{from} uses {to}"));
            }
        }
    }
    assert!(upward.is_empty(), "uses that go up a layer: {upward:#?}");
}

#[test]
fn the_reader_of_uses_finds_groups_aliases_and_nesting() {
    let mut named = Vec::new();
    paths(
        "engine::{pay::{self, Figures}, computed::Computed as C, funds};",
        Vec::new(),
        &mut named,
    );
    let named: Vec<String> = named.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        named,
        [
            "engine::pay::self",
            "engine::pay::Figures",
            "engine::computed::Computed",
            "engine::funds"
        ]
    );
    let edges = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
        (
            "c".to_string(),
            BTreeSet::from(["a".to_string(), "d".to_string()]),
        ),
    ]);
    assert_eq!(loops(&edges), [["a", "b", "c"]]);
}
