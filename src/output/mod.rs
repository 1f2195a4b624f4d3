//! Writing results: the payroll file, the anomalies file, and their JSON and table forms.
//!
//! Writers take any `io::Write`; the CLI decides where bytes go, and [`commit`] makes sure
//! that the files of a run are all written or none replaced, and never over an input. Every
//! text cell of a CSV output passes through [`crate::formula::neutralise`], because some text (a
//! meeting id, a code) comes from files a citizen or a clerk could have influenced.

pub mod anomalies;
pub mod commit;
pub mod payroll;
pub mod sessions;
pub mod table;

/// The I/O error inside a CSV writer's error, so that a closed pipe stays recognisable.
pub(crate) fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
