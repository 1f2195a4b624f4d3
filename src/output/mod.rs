//! Writing results: every format of every output, and the commit of a run's output files. The
//! only layer that writes; it takes the engine's results and the views of [`crate::report`] by
//! reference and never computes a figure.
//!
//! * [`payroll`], [`anomalies`]: the payroll file (CSV, JSON, table, workbook) and the
//!   anomalies file.
//! * [`statement`]: the individual statement as text or JSON; [`statement_html`] as one
//!   self-contained page (askama templates in `templates/`, with [`statement_chart`]); both in
//!   the words of [`statement_words`], in a [`Lang`].
//! * [`compare`], [`arrears`]: the comparison of two rule sets and the arrears (CSV, JSON,
//!   table, workbook); their CSVs hold only employee rows, the totals being elsewhere.
//! * [`offices`]: the office's view (CSV, JSON, table, workbook); [`offices_html`] as one page
//!   with a chart per office (askama template `templates/offices.html`).
//! * [`grid`]: a result as typed cells under columns with a CSV name and labels for people,
//!   written as CSV in a dialect (plain, or Italian: `;`, decimal comma, BOM, CRLF) and as a
//!   table for people; [`xlsx`]: the same grids as a workbook (`rust_xlsxwriter`).
//! * [`sessions`]: the normalised Teams sessions file; [`table`]: aligned tables for people.
//! * [`commit`]: the files of a run all written or none replaced, and never over an input.
//! * [`manifest`]: the run manifest (what a run read and wrote, with SHA-256), written and
//!   read back.
//!
//! Writers take any `io::Write`; the CLI decides where bytes go. Every text cell of a CSV
//! output passes through [`crate::formula::neutralise`], because some text (a meeting id, a
//! code) comes from files a citizen or a clerk could have influenced.

pub mod anomalies;
pub mod arrears;
pub mod commit;
pub mod compare;
pub mod grid;
pub mod manifest;
pub mod offices;
pub mod offices_html;
pub mod payroll;
pub mod sessions;
pub mod statement;
pub mod statement_chart;
pub mod statement_html;
pub mod statement_words;
pub mod table;
pub mod xlsx;

pub use crate::lang::Lang;

/// The I/O error inside a CSV writer's error, so that a closed pipe stays recognisable.
pub(crate) fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
