//! Fatal errors of a command: printed once, exit code 2.

use std::fmt;

use sportello::input::InputError;
use sportello::lang::Lang;
use sportello::output::commit::CommitError;
use sportello::rules::RuleError;

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// A usage mistake the argument parser could not see.
    Usage(String),
    /// An input file that cannot be used at all.
    Input(InputError),
    /// Rule files with mistakes.
    Rules(Vec<RuleError>),
    /// Writing an output failed.
    Io(String, std::io::Error),
    /// The outputs were refused (the same file as an input or as each other) or could not be
    /// committed; no output file was replaced. (A closed standard output is not one of these.)
    Output(CommitError),
}

impl CliError {
    /// True for a closed pipe (`sportello … | head`), which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(_, e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The error as printed, in `lang`. An input file's error and the mistakes of rule files
    /// are written in either language; the others in English (`Display`), until their
    /// sentences have templates.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            CliError::Input(e) => e.message().render(lang).into_owned(),
            CliError::Rules(errs) => {
                let n = errs.len();
                let mut out = match lang {
                    Lang::It => format!("i file delle regole contengono errori ({n}):"),
                    Lang::En => format!("the rule files have {n} mistake(s):"),
                };
                for e in errs {
                    out.push_str("\n  ");
                    out.push_str(&e.render(lang));
                }
                out
            }
            other => other.to_string(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => write!(f, "{m}"),
            CliError::Input(e) => write!(f, "{e}"),
            CliError::Rules(_) => f.write_str(&self.render(Lang::En)),
            CliError::Io(what, e) => write!(f, "{what}: {e}"),
            CliError::Output(e) => write!(f, "{e}"),
        }
    }
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> Self {
        CliError::Input(e)
    }
}

impl From<CommitError> for CliError {
    fn from(e: CommitError) -> Self {
        CliError::Output(e)
    }
}
