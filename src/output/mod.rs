//! Writing results: the payroll file, the anomalies file, and their JSON and table forms.
//!
//! Writers take any `io::Write`; the CLI decides where bytes go. Every text cell of a CSV output
//! passes through [`csv_safe::neutralise`], because some text (a meeting id, a code) comes from
//! files a citizen or a clerk could have influenced.

pub mod anomalies;
pub mod csv_safe;
pub mod payroll;
pub mod table;

/// The I/O error inside a CSV writer's error, so that a closed pipe stays recognisable.
pub(crate) fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
