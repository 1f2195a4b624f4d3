//! Importers: from the bytes of an input file to records and anomalies.
//!
//! Each importer takes the file's name (for messages) and its bytes, and returns the usable
//! records plus an anomaly for every row it could not use. A problem with the whole file (an
//! encoding it cannot read, a missing required column) is an [`InputError`] instead: nothing in
//! such a file can be trusted, so the run stops with exit code 2.
//!
//! All CSV inputs share one reading policy ([`table`]): UTF-8 with or without BOM, or UTF-16
//! with BOM; `,` `;` or TAB detected from the header line; header names matched ignoring case
//! and surrounding spaces; unknown extra columns ignored.

pub mod attendance;
pub mod batch;
mod disk;
mod folder;
pub(crate) mod intern;
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
pub use folder::{teams_files, walk_teams, Skipped, TeamsFolder};
pub use month::{
    load, load_batch, load_batch_in_blocks, load_batch_on, load_register, load_register_counted, load_teams,
    InputPaths, Loaded,
};
pub use rule_files::load_rules;

use thiserror::Error;

/// A whole input file that cannot be used.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The bytes are not text in a supported encoding.
    #[error("{file}: {reason}")]
    Encoding {
        /// The file as named by the user.
        file: String,
        /// What was found and what was expected.
        reason: String,
    },
    /// A required column is missing from the header.
    #[error("{file}: line {line}: missing column \"{column}\" (the header has: {found})")]
    MissingColumn {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The missing column.
        column: String,
        /// The columns that were found.
        found: String,
    },
    /// The file has no header line at all.
    #[error("{file}: the file is empty; expected a header line with the columns {expected}")]
    Empty {
        /// The file.
        file: String,
        /// The required columns.
        expected: String,
    },
    /// The CSV structure itself is broken.
    #[error("{file}: line {line}: {reason}")]
    Malformed {
        /// The file.
        file: String,
        /// Where it broke.
        line: u64,
        /// What broke.
        reason: String,
    },
    /// The file is larger than a limit allows (see [`source::Limits`]).
    #[error("{file}: more than {limit} bytes, the limit of one input file ({flag}); not read")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit, in bytes.
        limit: u64,
        /// The flag that sets it.
        flag: String,
    },
    /// The file could not be read from disk.
    #[error("{file}: cannot read: {reason}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's reason.
        reason: String,
    },
}
