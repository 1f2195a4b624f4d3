//! Turning input and rule flags into loaded records and a rule selection; the files a run
//! reads, and the outputs it writes (checked against them, committed together).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sportello::input::{self, InputPaths};
use sportello::output::anomalies::Names;
use sportello::output::commit::{OutputId, OutputSet};
use sportello::report::hints::Hint;
use sportello::rules::{RuleBook, Selection};

use sportello::input::table::FileRows;

use super::manifest::{ManifestArgs, Recording};
use super::{CliError, InputArgs, RuleArgs};

/// The input paths the flags name. A `--data` folder or a `--teams` path that does not exist
/// is a usage error (an absent `teams/` inside the data folder is not: an office without web
/// meetings).
pub fn paths(args: &InputArgs) -> Result<InputPaths, CliError> {
    for t in &args.teams {
        must_exist("--teams", t)?;
    }
    let mut paths = match (&args.data, &args.staff, &args.attendance) {
        (Some(dir), _, _) => {
            if !dir.is_dir() {
                let why = if dir.exists() { "is not a folder" } else { "no such folder" };
                return Err(CliError::Usage(format!("--data {}: {why}", dir.display())));
            }
            let mut p = InputPaths::in_folder(dir);
            if !args.teams.is_empty() {
                p.teams.clone_from(&args.teams);
                p.teams_optional = false;
            }
            p
        }
        (None, Some(staff), Some(attendance)) => InputPaths {
            staff: staff.clone(),
            attendance: attendance.clone(),
            teams: args.teams.clone(),
            ..InputPaths::default()
        },
        _ => {
            return Err(CliError::Usage(
                "give the inputs with --data DIR, or with --staff FILE --attendance FILE [--teams PATH…]".into(),
            ))
        }
    };
    paths.teams_options = teams_options(args.date_order);
    paths.limits = args.limits.limits();
    Ok(paths)
}

/// The Teams reading options of the flags.
pub fn teams_options(date_order: Option<super::DateOrderArg>) -> sportello::input::teams::ReadOptions {
    use sportello::input::teams::DateOrder;
    sportello::input::teams::ReadOptions {
        date_order: date_order.map(|d| match d {
            super::DateOrderArg::Dmy => DateOrder::Dmy,
            super::DateOrderArg::Mdy => DateOrder::Mdy,
        }),
    }
}

/// Loads the rule book named by the flags.
pub fn rule_book(args: &RuleArgs) -> Result<RuleBook, CliError> {
    input::load_rules(args.rules.as_deref()).map_err(CliError::Rules)
}

/// The selection the flags ask for.
pub fn selection<'b>(book: &'b RuleBook, args: &RuleArgs) -> Result<Selection<'b>, CliError> {
    match &args.ruleset {
        None => Ok(Selection::in_force(book)),
        Some(id) => Selection::selected(book, id).ok_or_else(|| {
            let known: Vec<&str> = book.sets().map(|s| s.id.as_str()).collect();
            CliError::Usage(format!("--ruleset: no rule set \"{id}\" (known: {})", known.join(", ")))
        }),
    }
}

/// A path a flag names must exist (a file or a folder).
pub fn must_exist(flag: &str, path: &Path) -> Result<(), CliError> {
    if path.exists() {
        Ok(())
    } else {
        Err(CliError::Usage(format!("{flag} {}: no such file or folder", path.display())))
    }
}

/// Every file a run reads, for the same-file check of its outputs: the register, the
/// attendance, every Teams file (a folder stands for the files in it) and the rule files of
/// `--rules`.
pub fn input_files(paths: &InputPaths, rules: &RuleArgs) -> Result<Vec<PathBuf>, CliError> {
    let mut all = vec![paths.staff.clone(), paths.attendance.clone()];
    all.extend(teams_files(&paths.teams)?);
    all.extend(rule_files(rules.rules.as_deref()));
    Ok(all)
}

/// The files Teams paths stand for; a path that does not exist stands for nothing (the
/// optional `teams/` of a data folder; the others were checked by [`paths`]).
pub fn teams_files(teams: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut all = Vec::new();
    for t in teams.iter().filter(|t| t.exists()) {
        all.extend(input::teams_files(t)?);
    }
    Ok(all)
}

/// The rule files `input::load_rules` reads from a folder: every `*.toml` in it.
pub fn rule_files(dir: Option<&Path>) -> Vec<PathBuf> {
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else { return Vec::new() };
    entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
}

/// The outputs of a run — its result (`--out`, or standard output) and, when asked, its
/// anomalies file — checked against its inputs and each other before anything is computed,
/// and written and committed together after; with `--manifest`, the manifest last.
pub struct Outputs {
    set: OutputSet,
    result: OutputId,
    anomalies: Option<OutputId>,
    /// Some output is a file (or a device), not standard output.
    named: bool,
    /// Each output's flag, path as given (`None`: standard output) and id, for a manifest.
    listed: Vec<(&'static str, Option<PathBuf>, OutputId)>,
    /// The run's manifest, when `--manifest` asks for one: written last.
    manifest: Option<Recording>,
}

/// Checks the outputs against the inputs: an output that is the same file as an input or as
/// another output is refused here, before anything is read, computed or written.
pub fn outputs(out: Option<&Path>, anomalies: Option<&Path>, inputs: Vec<PathBuf>) -> Result<Outputs, CliError> {
    let mut set = OutputSet::new();
    let result = set.output("--out", out);
    let out = out.filter(|p| *p != Path::new("-"));
    let mut listed = vec![("--out", out.map(Path::to_path_buf), result)];
    let anomalies = anomalies.map(|p| {
        let id = set.output("--anomalies", Some(p));
        listed.push(("--anomalies", Some(p.to_path_buf()), id));
        id
    });
    set.inputs(inputs);
    set.check()?;
    let named = anomalies.is_some() || out.is_some();
    Ok(Outputs { set, result, anomalies, named, listed, manifest: None })
}

/// What writing the outputs did.
#[derive(Clone, Copy, Debug)]
pub struct Written {
    /// Standard output was a closed pipe.
    stdout_closed: bool,
    /// Some output was a named file (or device).
    named: bool,
}

impl Written {
    /// The exit code of a run whose outcome is `code` (0 or 1). A closed pipe is not an error:
    /// when the run wrote named files, the code is the run's; when standard output was its only
    /// output, 0, as a closed pipe always was.
    pub fn exit_code(self, code: u8) -> u8 {
        if self.stdout_closed && !self.named {
            0
        } else {
            code
        }
    }
}

impl Outputs {
    /// With `--manifest`, records the run: the manifest becomes its last output, checked now
    /// against the inputs and the other outputs, and every other output is hashed as it is
    /// written. Without it, nothing changes.
    pub fn manifest(mut self, args: &ManifestArgs, book: &RuleBook, rules: &RuleArgs) -> Result<Outputs, CliError> {
        let Some(path) = &args.manifest else { return Ok(self) };
        let id = self.set.output("--manifest", Some(path));
        self.set.check()?;
        self.set.digest_outputs();
        let rule_files = rule_files(rules.rules.as_deref());
        self.manifest = Some(Recording::start(id, book, rules, self.set.input_paths(), &rule_files)?);
        self.named = true;
        Ok(self)
    }

    /// The rows the run read from its tables and Teams exports, for the manifest.
    pub fn rows(mut self, tables: &[FileRows], exports: &[FileRows]) -> Outputs {
        if let Some(recording) = &mut self.manifest {
            recording.rows(tables.iter().chain(exports));
        }
        self
    }

    /// Writes the result with `body` and, when asked, the anomalies file; then commits both:
    /// both are written or neither replaced. A closed standard output still commits the files.
    pub fn write(
        self,
        anomalies: &[sportello::anomaly::Anomaly],
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<Written, CliError> {
        self.write_named(anomalies, &|_| None, body)
    }

    /// [`Outputs::write`], each employee's name beside the id in the anomalies file, from
    /// `names` (the register's).
    pub fn write_named(
        self,
        anomalies: &[sportello::anomaly::Anomaly],
        names: &Names<'_>,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<Written, CliError> {
        let mut staged = self.set.open()?;
        staged.write(self.result, body)?;
        if let Some(id) = self.anomalies {
            staged.write(id, |w| sportello::output::anomalies::write_csv(anomalies, super::lang(), names, w))?;
        }
        if let Some(recording) = self.manifest {
            recording.write(&mut staged, &self.listed)?;
        }
        let committed = staged.commit()?;
        Ok(Written { stdout_closed: committed.stdout_closed, named: self.named })
    }
}

/// Without an anomalies file, lists the errors, then the warnings, on standard error (in the
/// anomalies' order).
pub fn list_on_stderr(anomalies: &[sportello::anomaly::Anomaly], to_file: bool) {
    list_named_on_stderr(anomalies, &|_| None, to_file);
}

/// [`list_on_stderr`], each employee's name beside the id, from `names` (the register's).
pub fn list_named_on_stderr(anomalies: &[sportello::anomaly::Anomaly], names: &Names<'_>, to_file: bool) {
    if !to_file {
        let mut err = io::stderr().lock();
        for x in anomalies.iter().filter(|x| x.severity() >= sportello::anomaly::Severity::Warning) {
            let name = x.employee_id.as_deref().and_then(names);
            let line = sportello::output::anomalies::named_line(x, name, super::lang());
            // A closed standard error is no reason to stop (nor to panic, as `eprintln!` would).
            if writeln!(err, "{line}").is_err() {
                break;
            }
        }
    }
}

/// Prints the hints of a run that paid few employees, each after `prefix` (a month in arrears),
/// in the reader's language.
pub fn say_hints<'h>(hints: impl IntoIterator<Item = (String, &'h Hint)>) {
    let lang = super::lang();
    let label = lang.pick("suggerimento", "hint");
    for (prefix, hint) in hints {
        super::say(format_args!("sportello: {label}: {prefix}{}", hint.message().render(lang)));
    }
}
