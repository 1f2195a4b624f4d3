//! Fatal errors of a command: printed once, exit code 2.

use std::fmt;

use sportello::input::InputError;
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
}

impl CliError {
    /// True for a closed pipe (`sportello … | head`), which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(_, e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => write!(f, "{m}"),
            CliError::Input(e) => write!(f, "{e}"),
            CliError::Rules(errs) => {
                write!(f, "the rule files have {} mistake(s):", errs.len())?;
                for e in errs {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            CliError::Io(what, e) => write!(f, "{what}: {e}"),
        }
    }
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> Self {
        CliError::Input(e)
    }
}
