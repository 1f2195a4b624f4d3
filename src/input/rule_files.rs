//! Rule files from a folder (every `*.toml` regular file in it), or the shipped ones.

use std::path::{Path, PathBuf};

use crate::rules::{RuleBook, RuleError};

use super::disk::name_of;

/// Loads the rule files of a folder (every `*.toml`), or the shipped ones when `dir` is `None`.
/// A `*.toml` entry that is not a regular file (a link, a FIFO) is refused, never opened: a
/// rule book is read only from files that are what they say.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleBook, Vec<RuleError>> {
    let Some(dir) = dir else { return RuleBook::embedded() };
    let error = |p: &Path, message: String| RuleError::new(name_of(p).to_string(), 0, 0, message);
    let entries = std::fs::read_dir(dir).map_err(|e| vec![error(dir, format!("cannot read the folder: {e}"))])?;
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut refused = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let p = entry.path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_file() => paths.push(p),
            _ => refused.push(error(&p, "not a regular file (a link, a pipe?); not read".into())),
        }
    }
    if !refused.is_empty() {
        refused.sort_by(|a, b| a.at.file.cmp(&b.at.file));
        return Err(refused);
    }
    paths.sort();
    let whole = |message: String| vec![error(dir, message)];
    if paths.is_empty() {
        return Err(whole("no rule file (*.toml) in this folder".into()));
    }
    let mut files = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| vec![error(&p, format!("cannot read: {e}"))])?;
        files.push((name_of(&p).to_string(), text));
    }
    RuleBook::from_files(files)
}
