//! `sportello offices`: the office's view of a month. The month is loaded and computed as
//! `compute` does it (every row accounted for), with each employee's trace kept, as `explain`
//! keeps it: the view reads each day's remote time from the trace.

use clap::ValueEnum;
use sportello::anomaly::{self, Severity};
use sportello::engine::{self, Month, Options};
use sportello::input;
use sportello::output;
use sportello::output::grid::Dialect;
use sportello::output::offices::By;
use sportello::report::offices::Offices;

use super::{inputs, rows, CliError, OfficesArgs};

/// The view's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// One row per office.
    Month,
    /// One row per office and ISO week.
    Week,
}

/// The view's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OfficesFormat {
    /// CSV: `,`, `.` decimals, LF, UTF-8; fixed column names, then one amount per item.
    Csv,
    /// The same CSV for Italian spreadsheets: `;`, decimal comma, CRLF, UTF-8 with BOM.
    CsvIt,
    /// JSON: every office's month and weeks, and the totals (money as strings).
    Json,
    /// An aligned table for people, with the totals, in the language of --lang.
    Table,
    /// A workbook for people (needs --out FILE): the rows, and the totals on their own sheet.
    Xlsx,
    /// One self-contained page with a chart per office of counter against Teams time, week by
    /// week.
    Html,
}

pub fn run(a: OfficesArgs) -> Result<u8, CliError> {
    let month: Month = a.month.parse().map_err(|e| CliError::Usage(format!("--month: {e}")))?;
    super::needs_a_file(a.format == OfficesFormat::Xlsx, a.out.as_deref())?;
    let by = match a.by {
        ByArg::Month => By::Month,
        ByArg::Week => By::Week,
    };
    let book = inputs::rule_book(&a.rules)?;
    let selection = inputs::selection(&book, &a.rules)?;
    let paths = inputs::paths(&a.inputs)?;
    let outputs = inputs::outputs(a.out.as_deref(), a.anomalies.as_deref(), inputs::input_files(&paths, &a.rules)?)?;
    let outputs = outputs.manifest(&a.manifest, &book, &a.rules)?;
    let (register, mut all, staff_rows) = input::load_register_counted(&paths)?;
    let mut batch = input::load_batch(&register, &paths, month)?;
    all.extend(batch.take_anomalies());
    let mut files_read = vec![staff_rows];
    files_read.extend(batch.files_read.iter().cloned());
    rows::account(&files_read, &mut all);
    rows::account(&batch.exports_read, &mut all);
    // The trace is kept: each day's remote time, paid or not, is read from it.
    let result = engine::compute_batch(&mut batch, &selection, Options { trace: true, ..Options::default() });
    let view = Offices::build(month, &register, &result, &selection);
    all.extend(result.anomalies);
    anomaly::sort(&mut all);

    let outputs = outputs.rows(&files_read, &batch.exports_read);
    let lang = super::lang();
    let names = |id: &str| register.get(id).map(|e| e.full_name.as_str());
    let written = outputs.write_named(&all, &names, |out| match a.format {
        OfficesFormat::Csv => output::offices::write_csv(&view, by, Dialect::Plain, out),
        OfficesFormat::CsvIt => output::offices::write_csv(&view, by, Dialect::Italian, out),
        OfficesFormat::Json => output::offices::write_json(&view, out),
        OfficesFormat::Table => output::offices::write_table(&view, by, lang, out),
        OfficesFormat::Xlsx => output::offices::write_xlsx(&view, by, lang, out),
        OfficesFormat::Html => output::offices_html::write_html(&view, lang, out),
    })?;
    if !a.quiet {
        rows::print(&files_read, &batch.exports_read);
        inputs::list_on_stderr(&all, a.anomalies.is_some());
        let count = |s: Severity| all.iter().filter(|x| x.severity() == s).count();
        let t = &view.total;
        let line = match lang {
            sportello::lang::Lang::It => format!(
                "sportello: {month}: sedi {}, dipendenti {}; sportello {} h, Teams {} h (pagato {} h), totale {}; segnalazioni: {} errori, {} avvisi, {} note",
                view.offices.len(),
                t.employees,
                lang.hm(t.counter_minutes),
                lang.hm(t.remote_minutes),
                lang.hm(t.remote_paid_minutes),
                lang.euro(t.amount_eur),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            ),
            sportello::lang::Lang::En => format!(
                "sportello: {month}: offices {}, employees {}; counter {} h, Teams {} h ({} h paid), total {}; anomalies: {} errors, {} warnings, {} notes",
                view.offices.len(),
                t.employees,
                lang.hm(t.counter_minutes),
                lang.hm(t.remote_minutes),
                lang.hm(t.remote_paid_minutes),
                lang.euro(t.amount_eur),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            ),
        };
        super::say(format_args!("{line}"));
    }
    Ok(written.exit_code(if anomaly::needs_attention(&all) { 1 } else { 0 }))
}
