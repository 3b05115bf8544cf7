//! The library's top-level modules form layers: a module uses the ones below
//! it, never one above, and no two modules use each other, however
//! indirectly. The order is the table under "## Layers" in
//! `docs/architecture.md` (bottom first); this test reads every `crate::`
//! path in `src/` and fails on an edge that goes up or closes a cycle, or on
//! a module the table does not place. `.ci/run` runs it before the rest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers as `docs/architecture.md` lists them, bottom first: each line
/// of the first fenced block after `## Layers` names its modules before two
/// spaces (`gate, baseline  pass/fail, …`). Lines naming the binary
/// (`(bin)`) are not library modules and are skipped.
fn layers(root: &Path) -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let section = doc
        .split("\n## Layers")
        .nth(1)
        .expect("docs/architecture.md has a `## Layers` section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the Layers section has a fenced block");
    block
        .lines()
        .skip(1) // the fence's info string (`text`)
        .filter(|line| !line.trim().is_empty() && !line.contains("(bin)"))
        .map(|line| {
            let names = line.split("  ").next().unwrap_or_default();
            names
                .split(',')
                .map(|name| name.trim().to_string())
                .filter(|name| !name.is_empty())
                .collect()
        })
        .collect()
}

/// The library's top-level modules, from `src/lib.rs`.
fn modules(root: &Path) -> BTreeSet<String> {
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').trim().to_string())
        })
        .collect()
}

/// Every `.rs` file of a top-level module (`src/x.rs`, `src/x/**`).
fn files_of(root: &Path, module: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let file = root.join("src").join(format!("{module}.rs"));
    if file.is_file() {
        out.push(file);
    }
    let mut stack = vec![root.join("src").join(module)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The top-level modules a source text names through `crate::` paths (a
/// `crate::{a, b::c}` group names each). Comment lines and `#[cfg(test)]`
/// items (unit tests) are left out: a doc link or a test's helper is no
/// dependency of the library.
fn uses(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let code = without_test_items(&code);
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::`, `portal_crate::`: not this crate's root.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut end = group.len();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut level = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        out.insert(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            out.insert(first_segment(rest));
        }
    }
    out.retain(|name| !name.is_empty() && name != "self");
    out
}

/// The code without the items under `#[cfg(test)]` (the attribute, then the
/// item up to its closing brace, or its `;`).
fn without_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let end = match item.find(['{', ';']) {
            Some(open) if item.as_bytes()[open] == b'{' => {
                let mut depth = 0;
                item[open..]
                    .char_indices()
                    .find_map(|(i, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        (depth == 0).then_some(open + i + 1)
                    })
                    .unwrap_or(item.len())
            }
            Some(semicolon) => semicolon + 1,
            None => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn modules_use_only_the_layers_below_them_and_form_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layers = layers(root);
    let modules = modules(root);
    let layer_of: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (n.as_str(), i)))
        .collect();
    let unplaced: Vec<&String> = modules
        .iter()
        .filter(|m| !layer_of.contains_key(m.as_str()))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules missing from the Layers table of docs/architecture.md: {unplaced:?}"
    );
    let stale: Vec<&&str> = layer_of
        .keys()
        .filter(|name| !modules.contains(**name))
        .collect();
    assert!(
        stale.is_empty(),
        "the Layers table names modules that do not exist: {stale:?}"
    );

    // Every edge between two top-level modules, with a file that makes it.
    let mut edges: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    for module in &modules {
        for file in files_of(root, module) {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in uses(&text) {
                if used != *module && modules.contains(&used) {
                    edges
                        .entry((module.clone(), used))
                        .or_insert_with(|| file.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
    }
    assert!(
        edges.len() > 20,
        "the edges were not read ({} found)",
        edges.len()
    );

    let upward: Vec<String> = edges
        .iter()
        .filter(|((from, to), _)| layer_of[from.as_str()] < layer_of[to.as_str()])
        .map(|((from, to), file)| format!("{from} -> {to} ({})", file.display()))
        .collect();
    assert!(
        upward.is_empty(),
        "modules use a layer above them (move the type they need down, or \
         change the Layers table of docs/architecture.md on purpose):\n  {}",
        upward.join("\n  ")
    );

    // Modules of one layer may use each other, one way only.
    let graph: BTreeMap<&str, Vec<&str>> =
        edges.keys().fold(BTreeMap::new(), |mut graph, (from, to)| {
            graph.entry(from.as_str()).or_insert_with(Vec::new).push(to);
            graph
        });
    if let Some(cycle) = find_cycle(&graph) {
        panic!("the modules form a cycle: {}", cycle.join(" -> "));
    }
}

/// A cycle of the graph, if there is one (depth-first search).
fn find_cycle<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node);
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_use_reader_sees_groups_and_skips_comments() {
    let text = "use crate::page::Page;\n\
                use crate::{facts::{Answer, LinkStatus}, lang::Lang, self};\n\
                /// see [`crate::report::Report`]\n\
                let x = $crate::ruleset::Ruleset; fn f() { crate::rules::all() }\n\
                #[cfg(test)]\nmod tests { use crate::store::Store; fn t() { if x { crate::audit::run() } } }\n\
                #[cfg(test)]\nuse crate::gate::FailOn;\nuse crate::finding::Finding;\n";
    let got: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(got, ["facts", "finding", "lang", "page", "rules"]);
    let mut graph = BTreeMap::new();
    graph.insert("a", vec!["b"]);
    graph.insert("b", vec!["c"]);
    assert_eq!(find_cycle(&graph), None);
    graph.insert("c", vec!["a"]);
    assert_eq!(find_cycle(&graph), Some(vec!["a", "b", "c", "a"]));
}
