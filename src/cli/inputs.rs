//! Turning input and rule flags into loaded records and a rule selection.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sportello::files::{self, InputPaths, Loaded};
use sportello::rules::{RuleBook, Selection};

use super::{CliError, InputArgs, RuleArgs};

/// Loads the inputs named by the flags.
pub fn load(args: &InputArgs) -> Result<Loaded, CliError> {
    Ok(files::load(&paths(args)?)?)
}

/// The input paths the flags name.
pub fn paths(args: &InputArgs) -> Result<InputPaths, CliError> {
    let mut paths = match (&args.data, &args.staff, &args.attendance) {
        (Some(dir), _, _) => {
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
pub fn teams_options(date_order: Option<super::DateOrderArg>) -> sportello::teams::ReadOptions {
    use sportello::teams::DateOrder;
    sportello::teams::ReadOptions {
        date_order: date_order.map(|d| match d {
            super::DateOrderArg::Dmy => DateOrder::Dmy,
            super::DateOrderArg::Mdy => DateOrder::Mdy,
        }),
    }
}

/// Loads the rule book named by the flags.
pub fn rule_book(args: &RuleArgs) -> Result<RuleBook, CliError> {
    files::load_rules(args.rules.as_deref()).map_err(CliError::Rules)
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

/// An output being written: standard output, or a temporary file beside the target that
/// becomes the target only when [`Output::commit`] is called. A run that fails half-way leaves
/// no file behind ("nothing written").
pub struct Output {
    writer: Box<dyn Write>,
    /// (temporary, final) paths, for a file.
    paths: Option<(PathBuf, PathBuf)>,
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Output {
    /// Flushes and moves the file into place.
    pub fn commit(mut self) -> Result<(), CliError> {
        self.writer.flush().map_err(|e| CliError::Io("cannot write".into(), e))?;
        if let Some((tmp, target)) = self.paths.take() {
            std::fs::rename(&tmp, &target)
                .map_err(|e| CliError::Io(format!("cannot create {}", target.display()), e))?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.paths {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Opens an output: a file, or standard output when `None` or `-`.
pub fn output(path: Option<&Path>) -> Result<Output, CliError> {
    match path {
        // A device, a pipe or a terminal (e.g. /dev/null, /dev/stdout) is written as it is: a
        // temporary file renamed over it would replace it.
        Some(p) if p != Path::new("-") && std::fs::metadata(p).is_ok_and(|m| !m.is_file()) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .map_err(|e| CliError::Io(format!("cannot open {}", p.display()), e))?;
            Ok(Output { writer: Box::new(BufWriter::new(f)), paths: None })
        }
        Some(p) if p != Path::new("-") => {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = p.with_file_name(format!(".{name}.sportello-tmp"));
            let f = File::create(&tmp).map_err(|e| CliError::Io(format!("cannot create {}", p.display()), e))?;
            Ok(Output { writer: Box::new(BufWriter::new(f)), paths: Some((tmp, p.to_path_buf())) })
        }
        _ => Ok(Output { writer: Box::new(BufWriter::new(io::stdout().lock())), paths: None }),
    }
}

/// Writes a command's result and, when asked, its anomalies file. Both files are opened before
/// either is written and moved into place only when both are complete.
pub fn write_results(
    out: Option<&Path>,
    anomalies_path: Option<&Path>,
    anomalies: &[sportello::anomaly::Anomaly],
    what: &'static str,
    body: impl FnOnce(&mut Output) -> io::Result<()>,
) -> Result<(), CliError> {
    let mut main = output(out)?;
    let mut side = match anomalies_path {
        Some(p) => Some(output(Some(p))?),
        None => None,
    };
    body(&mut main).map_err(|e| CliError::Io(format!("cannot write {what}"), e))?;
    if let Some(w) = side.as_mut() {
        sportello::output::anomalies::write_csv(anomalies, &mut *w)
            .map_err(|e| CliError::Io("cannot write the anomalies file".into(), e))?;
    }
    main.commit()?;
    if let Some(w) = side {
        w.commit()?;
    }
    Ok(())
}

/// Without an anomalies file, lists the warnings and errors on standard error.
pub fn list_on_stderr(anomalies: &[sportello::anomaly::Anomaly], to_file: bool) {
    if !to_file {
        for x in anomalies.iter().filter(|x| x.severity() >= sportello::anomaly::Severity::Warning) {
            eprintln!("{}", sportello::output::anomalies::line(x));
        }
    }
}
