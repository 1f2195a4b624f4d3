//! The house's rules, checked on the source (`scripts/check-structure.sh` runs this module):
//!
//! * only `input/`, `output/` and `cli/` touch the file system (`std::fs`);
//! * only `parallel.rs` starts threads;
//! * no function is longer than 120 lines;
//! * data flows one way: `cli` → `output` → `report` → `engine` → `input` → the domain types,
//!   and no module imports one above it; no two files of a folder import each other in a
//!   circle.
//!
//! Test modules (`#[cfg(test)]`, at the end of a file by the project's habit) are not checked:
//! a test may write a temporary file or build any value it needs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, from the top: a module may import only those after it (or domain types).
const LAYERS: &[&str] = &["cli", "output", "report", "engine", "input"];
/// The longest function allowed, in lines.
const MAX_FUNCTION_LINES: usize = 120;

/// Every `.rs` file under `src/`, with its path relative to `src/`.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let p = entry.expect("an entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(Path::new("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix("src").expect("under src").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(&p).expect("a source file"))
        })
        .collect()
}

/// The code of a file without its test module, with comments, strings and character literals
/// blanked (their length kept, so that line numbers stay right).
fn code(text: &str) -> String {
    let text = match text.find("\n#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    let blank = |s: &[u8], out: &mut String| out.extend(s.iter().map(|&c| if c == b'\n' { '\n' } else { ' ' }));
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            rest.windows(2).position(|w| w == b"*/").map_or(rest.len(), |k| k + 2)
        } else if rest.starts_with(b"r#\"") || rest.starts_with(b"r\"") {
            let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let open = 2 + hashes;
            rest[open..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(rest.len(), |k| open + k + close.len())
        } else if rest[0] == b'"' && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) || rest.starts_with(b"b\"") {
            let start = if rest[0] == b'b' { 2 } else { 1 };
            let mut k = start;
            while k < rest.len() && rest[k] != b'"' {
                k += if rest[k] == b'\\' { 2 } else { 1 };
            }
            (k + 1).min(rest.len())
        } else if rest[0] == b'\'' && rest.len() > 2 && (rest[2] == b'\'' || rest[1] == b'\\') {
            // A character literal ('{', '\n'); a lifetime ('a) has no closing quote there.
            rest[1..].iter().skip(1).position(|&c| c == b'\'').map_or(1, |k| k + 3)
        } else {
            0
        };
        if end > 0 {
            blank(&rest[..end], &mut out);
            i += end;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The functions of a code, each as (name, first line, length in lines).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(at) = t.find("fn ") else { continue };
        let head = &t[..at];
        let is_fn = head.split_whitespace().all(|w| {
            matches!(w, "pub" | "pub(crate)" | "pub(super)" | "const" | "async" | "unsafe" | "extern")
                || w.starts_with("pub(")
        });
        if !is_fn {
            continue;
        }
        let name: String = t[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // The body: from the first `{` after the signature to its matching `}` (a `;` first
        // means a declaration without a body).
        let (mut depth, mut opened, mut last) = (0i64, false, n);
        'lines: for (k, l) in lines.iter().enumerate().skip(n) {
            for c in l.chars() {
                match c {
                    ';' if !opened && depth == 0 => break 'lines,
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
                if opened && depth == 0 {
                    last = k;
                    break 'lines;
                }
            }
        }
        if opened {
            out.push((name, n + 1, last - n + 1));
        }
    }
    out
}

/// The module a source file belongs to: `input` for `input/table.rs`, `formula` for
/// `formula.rs`, `main` for the binary's root.
fn module_of(rel: &str) -> &str {
    rel.split('/').next().map_or(rel, |m| m.trim_end_matches(".rs"))
}

/// Every path a file names through `crate::` or `super::`, resolved to a module path
/// (`["input", "table", "Tally"]`), `use` groups expanded.
fn imports(rel: &str, code: &str) -> Vec<Vec<String>> {
    // The file's own module path, for `super`.
    let mut own: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if own.last().is_some_and(|l| l == "mod" || l == "lib" || l == "main") {
        own.pop();
    }
    let mut out = Vec::new();
    let flat: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rest = flat.as_str();
    while let Some(i) = rest.find(['c', 's']) {
        let tail = &rest[i..];
        let prefix_ok = i == 0 || !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
        let start = if prefix_ok && tail.starts_with("crate::") {
            Some((Vec::new(), 7))
        } else if prefix_ok && tail.starts_with("super::") {
            let mut base = own.clone();
            base.pop();
            let mut k = 7;
            while tail[k..].starts_with("super::") {
                base.pop();
                k += 7;
            }
            Some((base, k))
        } else {
            None
        };
        let Some((base, k)) = start else {
            rest = &tail[1..];
            continue;
        };
        let (paths, used) = expand(&tail[k..]);
        for p in paths {
            let mut full = base.clone();
            full.extend(p);
            out.push(full);
        }
        rest = &tail[k + used..];
    }
    out
}

/// Expands `a::b::{c, d::{e, f}}` into its paths; gives how many bytes it read.
fn expand(s: &str) -> (Vec<Vec<String>>, usize) {
    let mut path = Vec::new();
    let mut i = 0;
    loop {
        let word: String = s[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        i += word.len();
        if !word.is_empty() && word != "self" {
            path.push(word);
        }
        if s[i..].starts_with("::{") {
            i += 3;
            let mut all = Vec::new();
            loop {
                let inner = s[i..].trim_start();
                i += s[i..].len() - inner.len();
                if inner.starts_with('}') {
                    i += 1;
                    break;
                }
                let (paths, used) = expand(&s[i..]);
                all.extend(paths.into_iter().map(|p| path.iter().cloned().chain(p).collect()));
                i += used;
                let after = s[i..].trim_start();
                i += s[i..].len() - after.len();
                if after.starts_with(',') {
                    i += 1;
                }
            }
            return (all, i);
        }
        if s[i..].starts_with("::") {
            i += 2;
            continue;
        }
        return (vec![path], i);
    }
}

/// The source file a module path names (the longest prefix that is a file), when it is one.
fn file_of(path: &[String], files: &BTreeSet<String>) -> Option<String> {
    (1..=path.len()).rev().find_map(|n| {
        let p = path[..n].join("/");
        [format!("{p}.rs"), format!("{p}/mod.rs")].into_iter().find(|f| files.contains(f))
    })
}

#[test]
fn only_input_output_and_cli_touch_the_file_system() {
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|(rel, _)| !["input", "output", "cli"].contains(&module_of(rel)))
        .filter(|(_, text)| {
            let c = code(text);
            c.contains("std::fs") || c.contains("fs::read") || c.contains("File::open") || c.contains("File::create")
        })
        .map(|(rel, _)| rel.clone())
        .collect();
    assert!(offenders.is_empty(), "the file system is touched outside input/, output/ and cli/: {offenders:?}");
}

#[test]
fn only_parallel_starts_threads() {
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|(rel, _)| rel != "parallel.rs")
        .filter(|(_, text)| {
            let c = code(text);
            ["thread::spawn", "thread::scope", "thread::Builder", "available_parallelism"].iter().any(|w| c.contains(w))
        })
        .map(|(rel, _)| rel.clone())
        .collect();
    assert!(offenders.is_empty(), "threads started or counted outside parallel.rs: {offenders:?}");
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let mut long = Vec::new();
    for (rel, text) in sources() {
        for (name, line, length) in functions(&code(&text)) {
            if length > MAX_FUNCTION_LINES {
                long.push(format!("src/{rel}:{line} {name}: {length} lines"));
            }
        }
    }
    assert!(long.is_empty(), "functions over {MAX_FUNCTION_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn data_flows_one_way_and_no_files_import_each_other_in_a_circle() {
    let sources = sources();
    let files: BTreeSet<String> = sources.iter().map(|(rel, _)| rel.clone()).collect();
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut climbs = Vec::new();
    // Within a folder, file → file (a folder's mod.rs is its face, not a file of it).
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in &sources {
        let from = module_of(rel);
        for path in imports(rel, &code(text)) {
            let Some(to_file) = file_of(&path, &files) else { continue };
            let to = module_of(&to_file);
            match (rank(from), rank(to)) {
                (Some(a), Some(b)) if b < a => climbs.push(format!("src/{rel} → src/{to_file} ({})", path.join("::"))),
                // A domain type importing a layer.
                (None, Some(_)) if from != "lib" && from != "main" => {
                    climbs.push(format!("src/{rel} → src/{to_file} ({})", path.join("::")))
                }
                _ => {}
            }
            let face = |f: &str| f.ends_with("mod.rs") || f == "lib.rs";
            if from == to && &to_file != rel && !face(rel) && !face(&to_file) {
                edges.entry(rel.clone()).or_default().insert(to_file);
            }
        }
    }
    climbs.sort();
    climbs.dedup();
    assert!(climbs.is_empty(), "imports that climb back up ({LAYERS:?}, then the domain):\n{}", climbs.join("\n"));
    // A circle is a file that reaches itself.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = edges[start].iter().collect();
        while let Some(f) = stack.pop() {
            if f == start {
                circles.push(start.clone());
                break;
            }
            if seen.insert(f.clone()) {
                stack.extend(edges.get(f).into_iter().flatten());
            }
        }
    }
    assert!(circles.is_empty(), "files in an import circle: {circles:?}");
}

#[test]
fn the_checks_see_what_they_check() {
    // The scanner itself: comments and strings are blanked, bodies measured, groups expanded.
    let c = code("fn a() {\n    let s = \"{ // }\"; // {\n    let c = '{';\n}\nfn b();\n");
    assert_eq!(functions(&c), [("a".to_string(), 1, 4)]);
    let (paths, _) = expand("input::{self, table::{Tally, Row}, teams};");
    assert_eq!(
        paths,
        [vec!["input"], vec!["input", "table", "Tally"], vec!["input", "table", "Row"], vec!["input", "teams"]]
    );
    let found = imports("report/html.rs", "use super::statement::Statement; use crate::output::x;");
    assert_eq!(found, [vec!["report", "statement", "Statement"], vec!["output", "x"]]);
}
