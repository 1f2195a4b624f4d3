//! `sportello compare`: a month under two rule sets, per employee and item.

use sportello::anomaly::{self, Severity};
use sportello::engine::{self, Month, Options};
use sportello::input;
use sportello::output;
use sportello::output::grid::Dialect;
use sportello::report::{compare, hints};
use sportello::rules::Selection;

use super::{inputs, rows, CliError, CompareArgs, Format};

pub fn run(a: CompareArgs) -> Result<u8, CliError> {
    let month: Month = a.month.parse().map_err(|e| CliError::Usage(format!("--month: {e}")))?;
    super::needs_a_file(a.format == Format::Xlsx, a.out.as_deref())?;
    let book = inputs::rule_book(&a.rules)?;
    let first = inputs::selection(&book, &a.rules)?;
    let second = Selection::selected(&book, &a.vs).ok_or_else(|| {
        let known: Vec<&str> = book.sets().map(|s| s.id.as_str()).collect();
        CliError::Usage(format!("--vs: no rule set \"{}\" (known: {})", a.vs, known.join(", ")))
    })?;
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
    let options = Options::payroll();
    let ra = engine::compute_batch(&mut batch, &first, options);
    let rb = engine::compute_batch(&mut batch, &second, options);
    let label_a = a.rules.ruleset.clone().unwrap_or_else(|| "in force".to_string());
    let comparison = compare::compare(&month.to_string(), &label_a, &ra.rows, &a.vs, &rb.rows);

    // The anomalies of both runs, each once (most are the same facts).
    all.extend(ra.anomalies);
    all.extend(rb.anomalies);
    anomaly::sort(&mut all);
    all.dedup();

    let outputs = outputs.rows(&files_read, &batch.exports_read);
    let lang = super::lang();
    let names = |id: &str| register.get(id).map(|e| e.full_name.as_str());
    let written = outputs.write_named(&all, &names, |out| match a.format {
        Format::Csv => output::compare::write_csv(&comparison, out),
        Format::CsvIt => output::compare::write_csv_as(&comparison, Dialect::Italian, out),
        Format::Json => output::compare::write_json(&comparison, out),
        Format::Table => output::compare::write_table(&comparison, lang, out),
        Format::Xlsx => output::compare::write_xlsx(&comparison, lang, out),
    })?;
    if !a.quiet {
        inputs::list_named_on_stderr(&all, &names, a.anomalies.is_some());
        rows::print(&files_read, &batch.exports_read);
        let count = |s: Severity| all.iter().filter(|x| x.severity() == s).count();
        super::say(format_args!(
            "sportello: {month}: {} (a) {} €, {} (b) {} €, difference {} € over {} employees; anomalies: {} errors, {} warnings, {} notes",
            comparison.label_a,
            sportello::money::format_cents(comparison.total.a.amount_eur),
            comparison.label_b,
            sportello::money::format_cents(comparison.total.b.amount_eur),
            sportello::money::format_cents(comparison.total.difference_eur),
            comparison.employees.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        ));
        let rows = ra.rows.iter().chain(&rb.rows);
        let hints = hints::why_few_paid(month, &register, &all, rows, batch.attendance_rows());
        inputs::say_hints(hints.iter().map(|h| (String::new(), h)));
    }
    Ok(written.exit_code(if anomaly::needs_attention(&all) { 1 } else { 0 }))
}
