//! Where an error was found: the one [`Position`] every error of the library carries.
//!
//! An input file refused as a whole ([`crate::input::InputError`], the Teams reader's
//! [`crate::input::teams::TeamsError`]) and a mistake in a rule file
//! ([`crate::rules::RuleError`]) all say where they are the same way, as the csv crate's errors
//! carry a `csv::Position`: a program reads `error.position()` (or the rule error's `at`) and
//! never parses a message.
//!
//! It follows the conventions of [`crate::anomaly::SourceRef`] (the file as the user named it,
//! 1-based lines, 0 for the whole file) without being one: a `SourceRef` rides on every record
//! and anomaly of a run, so it stays two words (a shared name and a line) that sort and hash
//! fast, while an error is made once and can afford to name its field.

use std::fmt;

/// A file, a line in it and, when known, the field (a column of a table) an error concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The file as the user named it.
    pub file: String,
    /// The 1-based line (the header of a table is line 1), or 0 when the error concerns the
    /// whole file.
    pub line: u64,
    /// The field (a column's name) the error concerns, if one.
    pub field: Option<String>,
}

impl Position {
    /// A line of a file (0: the whole file).
    pub fn new(file: impl Into<String>, line: u64) -> Self {
        Position { file: file.into(), line, field: None }
    }

    /// The whole file.
    pub fn whole_file(file: impl Into<String>) -> Self {
        Position::new(file, 0)
    }

    /// The same position, naming a field.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The field's name, or `""` when the position names none.
    pub fn field_name(&self) -> &str {
        self.field.as_deref().unwrap_or("")
    }
}

/// `file`, `file:line`, `file:line: field "x"` (or `file: field "x"` for the whole file), as
/// compilers and the anomalies' `SourceRef` write a place.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        match &self.field {
            Some(field) => write!(f, ": field \"{field}\""),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_reads_as_a_place() {
        assert_eq!(Position::whole_file("staff.csv").to_string(), "staff.csv");
        assert_eq!(Position::new("staff.csv", 0), Position::whole_file("staff.csv"));
        assert_eq!(Position::new("staff.csv", 7).to_string(), "staff.csv:7");
        let at = Position::new("staff.csv", 1).with_field("employee_id");
        assert_eq!(
            (at.to_string(), at.field_name()),
            ("staff.csv:1: field \"employee_id\"".to_string(), "employee_id")
        );
        assert_eq!(Position::whole_file("a.csv").with_field("date").to_string(), "a.csv: field \"date\"");
        assert_eq!(Position::whole_file("a.csv").field_name(), "");
        // The same place as an anomaly's reference to it.
        let source = crate::anomaly::SourceRef::new(&std::sync::Arc::from("a.csv"), 3);
        assert_eq!(Position::new(&*source.file, source.line).to_string(), source.to_string());
    }
}
