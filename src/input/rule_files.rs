//! Rule files from a folder (every `*.toml` regular file in it), or the shipped ones.

use std::path::{Path, PathBuf};

use crate::message::{Arg, Message, Template};
use crate::rules::{RuleBook, RuleError};

use super::disk::name_of;

static FOLDER_UNREADABLE: Template = Template {
    it: "impossibile leggere la cartella: {0} (messaggio del sistema operativo)",
    en: "cannot read the folder: {0}",
};
static NOT_A_FILE: Template = Template {
    it: "non è un file regolare (un collegamento, una pipe?); non letto",
    en: "not a regular file (a link, a pipe?); not read",
};
static NO_RULE_FILE: Template =
    Template { it: "nessun file di regole (*.toml) in questa cartella", en: "no rule file (*.toml) in this folder" };
static UNREADABLE: Template =
    Template { it: "impossibile leggere: {0} (messaggio del sistema operativo)", en: "cannot read: {0}" };

/// Loads the rule files of a folder (every `*.toml`), or the shipped ones when `dir` is `None`.
/// A `*.toml` entry that is not a regular file (a link, a FIFO) is refused, never opened: a
/// rule book is read only from files that are what they say.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleBook, Vec<RuleError>> {
    let Some(dir) = dir else { return RuleBook::embedded() };
    let error = |p: &Path, message: Message| RuleError::new(name_of(p).to_string(), 0, 0, message);
    let os = |t: &'static Template, e: std::io::Error| Message::new(t, [Arg::text(e.to_string())]);
    let entries = std::fs::read_dir(dir).map_err(|e| vec![error(dir, os(&FOLDER_UNREADABLE, e))])?;
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut refused = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let p = entry.path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_file() => paths.push(p),
            _ => refused.push(error(&p, Message::new(&NOT_A_FILE, []))),
        }
    }
    if !refused.is_empty() {
        refused.sort_by(|a, b| a.at.file.cmp(&b.at.file));
        return Err(refused);
    }
    paths.sort();
    if paths.is_empty() {
        return Err(vec![error(dir, Message::new(&NO_RULE_FILE, []))]);
    }
    let mut files = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| vec![error(&p, os(&UNREADABLE, e))])?;
        files.push((name_of(&p).to_string(), text));
    }
    RuleBook::from_files(files)
}
