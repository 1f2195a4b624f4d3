//! The first stage: from the user's files to typed records and anomalies. The only module that
//! reads the disk.
//!
//! In the order data passes through it:
//!
//! * [`disk`](open) and [`folder`](walk_teams) open what the user named, within the
//!   [`source::Limits`], and walk a Teams folder (every entry read or reported);
//! * [`source`] turns bytes into UTF-8 text, a block of whole lines at a time; [`tokeniser`]
//!   cuts lines into cells, with one set of quoting rules; [`table`] reads a header and counts
//!   every row (read = used + reported);
//! * one reader per table: [`staff`], [`attendance`], [`sessions`] (the normalised sessions
//!   file), [`paid`] (what was paid, for arrears); [`teams`] reads every Teams and Graph export
//!   and decides who is staff, so that no citizen's name goes further;
//! * [`batch`] holds a month's records in compact form, and [`load_batch`] fills it: the one
//!   loading path of every command.
//! * [`manifest`] reads a run manifest and gives the SHA-256 and size of the files a run read.
//!
//! A row that cannot be used is an anomaly, and the rest is read; a problem with the whole file
//! (an encoding it cannot read, a missing required column) is an [`InputError`] instead: nothing
//! in such a file can be trusted, so the run stops with exit code 2.
//!
//! All CSV inputs share one reading policy ([`table`]): UTF-8 with or without BOM, or UTF-16
//! with BOM; `,` `;` or TAB detected from the header line; header names matched ignoring case
//! and surrounding spaces; unknown extra columns ignored.

pub mod attendance;
pub mod batch;
mod disk;
mod folder;
pub(crate) mod intern;
pub mod manifest;
mod month;
pub mod paid;
mod rule_files;
pub mod sessions;
pub mod source;
pub mod staff;
pub mod table;
pub mod teams;
pub mod text;
pub mod tokeniser;
pub mod values;

pub use disk::{open, read_bytes, read_bytes_within, read_rows_of, read_teams_file};
pub use folder::{teams_files, walk_teams, Skipped, SpecialFile, TeamsFolder};
pub use month::{
    load, load_batch, load_batch_in_blocks, load_batch_on, load_register, load_register_counted, load_teams,
    InputPaths, Loaded,
};
pub use rule_files::load_rules;

use thiserror::Error;

use crate::message::{Arg, Message, Template};
use crate::position::Position;

/// A whole input file that cannot be used. Each names where it is ([`InputError::position`]).
///
/// `Display` writes it in English; [`InputError::message`] in either language (what the
/// command prints).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The bytes are not text in a supported encoding.
    #[error("{}: {reason}", .at.file)]
    Encoding {
        /// The file as named by the user.
        at: Position,
        /// What was found and what was expected.
        reason: Message,
    },
    /// A required column is missing from the header.
    #[error("{}: line {}: missing column \"{}\" (the header has: {found})", .at.file, .at.line, .at.field_name())]
    MissingColumn {
        /// The header's line, and the missing column as the field.
        at: Position,
        /// The columns that were found.
        found: String,
    },
    /// The file has no header line at all.
    #[error("{}: the file is empty; expected a header line with the columns {expected}", .at.file)]
    Empty {
        /// The file.
        at: Position,
        /// The required columns.
        expected: String,
    },
    /// The CSV structure itself is broken.
    #[error("{}: line {}: {reason}", .at.file, .at.line)]
    Malformed {
        /// Where it broke.
        at: Position,
        /// What broke.
        reason: Message,
    },
    /// The file is larger than a limit allows (see [`source::Limits`]).
    #[error("{}: more than {limit} bytes, the limit of one input file ({flag}); not read", .at.file)]
    TooLarge {
        /// The file.
        at: Position,
        /// The limit, in bytes.
        limit: u64,
        /// The flag that sets it.
        flag: String,
    },
    /// The path names a folder where a file was expected.
    #[error("{}: cannot read: is a folder, not a file", .at.file)]
    Folder {
        /// The folder.
        at: Position,
    },
    /// The file could not be read from disk.
    #[error("{}: cannot read: {reason}", .at.file)]
    Io {
        /// The file.
        at: Position,
        /// The operating system's reason (in English: the system's own words).
        reason: String,
    },
}

static ENCODING: Template = Template { it: "{0}: {1}", en: "{0}: {1}" };
static MISSING_COLUMN: Template = Template {
    it: "{0}: riga {1}: manca la colonna \"{2}\" (l'intestazione ha: {3})",
    en: "{0}: line {1}: missing column \"{2}\" (the header has: {3})",
};
static EMPTY: Template = Template {
    it: "{0}: il file è vuoto; attesa una riga di intestazione con le colonne {1}",
    en: "{0}: the file is empty; expected a header line with the columns {1}",
};
static MALFORMED: Template = Template { it: "{0}: riga {1}: {2}", en: "{0}: line {1}: {2}" };
static TOO_LARGE: Template = Template {
    it: "{0}: più di {1} byte, il limite di un file di input ({2}); non letto",
    en: "{0}: more than {1} bytes, the limit of one input file ({2}); not read",
};
static FOLDER: Template = Template {
    it: "{0}: impossibile leggere: è una cartella, non un file",
    en: "{0}: cannot read: is a folder, not a file",
};
static IO: Template =
    Template { it: "{0}: impossibile leggere: {1} (messaggio del sistema operativo)", en: "{0}: cannot read: {1}" };

impl InputError {
    /// Where the error is: the file, the line (0: the whole file) and, for a missing column,
    /// the column as the field.
    pub fn position(&self) -> &Position {
        match self {
            InputError::Encoding { at, .. }
            | InputError::MissingColumn { at, .. }
            | InputError::Empty { at, .. }
            | InputError::Malformed { at, .. }
            | InputError::TooLarge { at, .. }
            | InputError::Folder { at }
            | InputError::Io { at, .. } => at,
        }
    }

    /// The error as a sentence in either language; its English is the `Display` text.
    pub fn message(&self) -> Message {
        let file = |at: &Position| Arg::text(at.file.as_str());
        let line = |at: &Position| Arg::Int(i64::try_from(at.line).unwrap_or(i64::MAX));
        let clause = |m: &Message| Arg::Message(Box::new(m.clone()));
        match self {
            InputError::Encoding { at, reason } => Message::new(&ENCODING, [file(at), clause(reason)]),
            InputError::MissingColumn { at, found } => Message::new(
                &MISSING_COLUMN,
                [file(at), line(at), Arg::text(at.field_name()), Arg::text(found.as_str())],
            ),
            InputError::Empty { at, expected } => Message::new(&EMPTY, [file(at), Arg::text(expected.as_str())]),
            InputError::Malformed { at, reason } => Message::new(&MALFORMED, [file(at), line(at), clause(reason)]),
            InputError::TooLarge { at, limit, flag } => Message::new(
                &TOO_LARGE,
                [file(at), Arg::Int(i64::try_from(*limit).unwrap_or(i64::MAX)), Arg::text(flag.as_str())],
            ),
            InputError::Folder { at } => Message::new(&FOLDER, [file(at)]),
            InputError::Io { at, reason } => Message::new(&IO, [file(at), Arg::text(reason.as_str())]),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::input::teams::{read_file, ReadOptions, TeamsError};

    #[test]
    fn errors_carry_their_position_and_keep_their_message() {
        let mut anomalies = Vec::new();
        let err = staff::read(&Arc::from("staff.csv"), b"full_name;office\nMaria Rossi;RM\n", &mut anomalies)
            .expect_err("no employee_id column");
        assert_eq!(err.position(), &Position::new("staff.csv", 1).with_field("employee_id"));
        assert_eq!(
            err.to_string(),
            "staff.csv: line 1: missing column \"employee_id\" (the header has: \"full_name\", \"office\")"
        );
        let err = staff::read(&Arc::from("staff.csv"), b"", &mut anomalies).expect_err("empty");
        assert_eq!(err.position(), &Position::whole_file("staff.csv"));

        let teams = |bytes: &[u8]| read_file(&Arc::from("t.json"), bytes, &ReadOptions::default());
        let err = teams(b"{\n\"attendanceRecords\": [").expect_err("truncated JSON");
        assert!(matches!(err, TeamsError::Malformed { .. }), "{err:?}");
        assert_eq!(err.position(), &Position::new("t.json", 2));
        assert!(err.to_string().starts_with("t.json: line 2: not valid JSON"), "{err}");
        // A normalised sessions file's error is the CSV reader's, with its position.
        let err = teams(b"meeting_id,participant,upn,role,join\n").expect_err("no leave column");
        assert!(matches!(err, TeamsError::Sessions(_)), "{err:?}");
        assert_eq!(err.position(), &Position::new("t.json", 1).with_field("leave"));
    }
}
