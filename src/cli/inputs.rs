//! Turning input and rule flags into loaded records and a rule selection.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use sportello::files::{self, InputPaths, Loaded};
use sportello::rules::{RuleBook, Selection};

use super::{CliError, InputArgs, RuleArgs};

/// Loads the inputs named by the flags.
pub fn load(args: &InputArgs) -> Result<Loaded, CliError> {
    let paths = match (&args.data, &args.staff, &args.attendance) {
        (Some(dir), _, _) => {
            let mut p = InputPaths::in_folder(dir);
            if !args.teams.is_empty() {
                p.teams.clone_from(&args.teams);
            }
            p
        }
        (None, Some(staff), Some(attendance)) => {
            InputPaths { staff: staff.clone(), attendance: attendance.clone(), teams: args.teams.clone() }
        }
        _ => {
            return Err(CliError::Usage(
                "give the inputs with --data DIR, or with --staff FILE --attendance FILE [--teams PATH…]".into(),
            ))
        }
    };
    Ok(files::load(&paths)?)
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

/// Opens an output: a file, or standard output when `None` or `-`.
pub fn output(path: Option<&Path>) -> Result<Box<dyn Write>, CliError> {
    match path {
        Some(p) if p != Path::new("-") => {
            let f = File::create(p).map_err(|e| CliError::Io(format!("cannot create {}", p.display()), e))?;
            Ok(Box::new(BufWriter::new(f)))
        }
        _ => Ok(Box::new(BufWriter::new(io::stdout().lock()))),
    }
}
