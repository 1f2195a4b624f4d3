//! `--manifest F.json`: a run recorded so that it can be re-checked (`sportello verify`) — the
//! program's version, the command, each rule set with the SHA-256 of its file, each file read
//! with its SHA-256, size and rows, each output with the SHA-256 of the bytes written.
//!
//! A command takes it in two lines besides its flattened [`ManifestArgs`]: after its outputs
//! are checked, `let outputs = outputs.manifest(&a.manifest, &book, &a.rules)?;` (the manifest
//! becomes one more output, checked now against the inputs and the other outputs); once its
//! rows are counted, `let outputs = outputs.rows(&files_read, &exports_read);`. The manifest is
//! then written last by `Outputs::write` and committed with the other outputs: all or none.
//! Without `--manifest` nothing is hashed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use sportello::input::manifest as disk;
use sportello::input::table::FileRows;
use sportello::input::InputError;
use sportello::message::{Arg, Message, Template};
use sportello::output::commit::{OutputId, Staged};
use sportello::output::manifest::{self, Engine, InputFile, Manifest, OutputFile, RuleSetFile};
use sportello::position::Position;
use sportello::rules::{RuleBook, EMBEDDED};

use super::{CliError, RuleArgs};

/// The flag, flattened into every command that can record its run.
#[derive(Debug, Args, Clone, Default)]
pub struct ManifestArgs {
    /// Write the run's manifest here (JSON): the program's version, the command, each rule set
    /// with the SHA-256 of its file, each input file with its SHA-256, size and rows, each output
    /// file with the SHA-256 of what was written. `sportello verify FILE` runs the command again
    /// and says whether every input and output is still the same. Written last and committed
    /// with the other outputs; every input must be a regular file (not a pipe).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

static NOT_TEXT: Template = Template {
    it: "--manifest: {0} non è testo UTF-8: un manifest registra nomi e argomenti come testo",
    en: "--manifest: {0} is not UTF-8 text: a manifest records names and arguments as text",
};

static NOT_A_FILE: Template = Template {
    it: "--manifest: {0} non è un file normale (una pipe, un dispositivo?): un manifest registra solo \
         file che si possono rileggere",
    en: "--manifest: {0} is not a regular file (a pipe, a device?): a manifest records only files \
         that can be read again",
};

static NO_BUILT_IN: Template = Template {
    it: "--manifest: le regole {0} non hanno un testo nel programma",
    en: "--manifest: the rule set {0} has no text in the program",
};

/// A usage error in the run's language.
fn usage(template: &'static Template, args: impl Into<Box<[Arg]>>) -> CliError {
    CliError::Usage(Message::new(template, args).render(super::lang()).into_owned())
}

/// Text a manifest can record, or the error that says it is not.
fn text(what: &std::ffi::OsStr) -> Result<String, CliError> {
    what.to_str().map(str::to_string).ok_or_else(|| usage(&NOT_TEXT, [Arg::text(what.to_string_lossy())]))
}

/// What a run records: gathered before its data is read (the command, the rule files' digests,
/// the inputs' paths), completed when it writes (the rows, the inputs' and outputs' digests).
#[derive(Debug)]
pub struct Recording {
    /// The manifest's own output.
    id: OutputId,
    /// Everything known at the start; inputs and outputs are filled when it is written.
    manifest: Manifest,
    /// The files read (rule files excluded: they are in `rulesets`), each once.
    inputs: Vec<PathBuf>,
    /// The rows read from each table, by the name the run gives the file.
    rows: BTreeMap<String, u64>,
}

impl Recording {
    /// Starts recording: the command, the working folder, the date, every rule set of the book
    /// with its file's digest, and the files the run will read (`read`, each a regular file;
    /// `rule_files`, the files of `--rules` among them, are recorded as rule sets instead).
    pub fn start(
        id: OutputId,
        book: &RuleBook,
        rules: &RuleArgs,
        read: &[PathBuf],
        rule_files: &[PathBuf],
    ) -> Result<Recording, CliError> {
        let command = std::env::args_os().skip(1).map(|a| text(&a)).collect::<Result<Vec<_>, _>>()?;
        // Without a working folder (it was removed under the run) paths are recorded as given.
        let working_directory = std::env::current_dir().ok().and_then(|d| d.to_str().map(str::to_string));
        let date = chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Rome)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let mut inputs: Vec<PathBuf> = Vec::new();
        for p in read.iter().filter(|p| !rule_files.contains(p)) {
            text(p.as_os_str())?;
            // A path not there is left to the run, which says so in its own words.
            if disk::is_regular_file(p) == Some(false) {
                return Err(usage(&NOT_A_FILE, [Arg::text(disk::name(p))]));
            }
            inputs.push(p.clone());
        }
        inputs.sort();
        inputs.dedup();
        let manifest = Manifest {
            manifest: manifest::FORMAT,
            engine: Engine::this(),
            command,
            lang: super::lang().code().to_string(),
            working_directory,
            date,
            rulesets: rule_sets(book, rules.rules.is_none())?,
            inputs: Vec::new(),
            outputs: Vec::new(),
        };
        Ok(Recording { id, manifest, inputs, rows: BTreeMap::new() })
    }

    /// Records the rows the run read from its tables.
    pub fn rows<'f>(&mut self, files: impl IntoIterator<Item = &'f FileRows>) {
        for f in files {
            *self.rows.entry(f.file.to_string()).or_default() += f.tally.read;
        }
    }

    /// Hashes every input, takes the digests of the outputs already written, and writes the
    /// manifest as the last output of `staged`. `outputs`: each output's flag, path as given
    /// (`None`: standard output) and id, in the order they were written.
    pub fn write(
        mut self,
        staged: &mut Staged,
        outputs: &[(&'static str, Option<PathBuf>, OutputId)],
    ) -> Result<(), CliError> {
        for p in &self.inputs {
            let name = disk::name(p);
            let d = disk::digest(p).map_err(|e| {
                CliError::Input(InputError::Io { at: Position::whole_file(name.clone()), reason: e.to_string() })
            })?;
            let rows = self.rows.get(&name).copied();
            self.manifest.inputs.push(InputFile { path: name, sha256: manifest::hex(&d.sha256), size: d.size, rows });
        }
        for (flag, path, id) in outputs {
            let path = match path {
                Some(p) => text(p.as_os_str())?,
                None => OutputFile::STDOUT.to_string(),
            };
            let sha256 = staged.sha256(*id).map(|d| manifest::hex(&d));
            self.manifest.outputs.push(OutputFile { flag: flag.to_string(), path, sha256 });
        }
        self.manifest.sort();
        staged.write(self.id, |w| manifest::write_json(&self.manifest, w))?;
        Ok(())
    }
}

/// Every rule set of the book with its file's digest: the compiled-in text of a built-in one,
/// the bytes of a file of `--rules` (read again now, just after the book was loaded from it).
fn rule_sets(book: &RuleBook, built_in: bool) -> Result<Vec<RuleSetFile>, CliError> {
    let mut all = Vec::new();
    for set in book.sets() {
        let (file, digest) = if built_in {
            let name = format!("{}.toml", set.id);
            let text = EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .ok_or_else(|| usage(&NO_BUILT_IN, [Arg::text(set.id.as_str())]))?;
            (format!("{}{name}", manifest::BUILT_IN), disk::sha256(text.as_bytes()))
        } else {
            let d = disk::digest(Path::new(&set.file)).map_err(|e| {
                CliError::Input(InputError::Io { at: Position::whole_file(set.file.clone()), reason: e.to_string() })
            })?;
            (set.file.clone(), d.sha256)
        };
        all.push(RuleSetFile { id: set.id.clone(), file, sha256: manifest::hex(&digest) });
    }
    Ok(all)
}
