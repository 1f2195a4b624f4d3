//! `sportello compute`.

use sportello::anomaly::{self, Severity};
use sportello::engine::{self, Month, Options, Progress};
use sportello::input;
use sportello::output;
use sportello::output::grid::Dialect;
use sportello::report::hints;

use super::progress::ProgressMeter;
use super::{inputs, rows, CliError, ComputeArgs, Format};

pub fn run(a: ComputeArgs) -> Result<u8, CliError> {
    let month: Month = a.month.parse().map_err(|e| CliError::Usage(format!("--month: {e}")))?;
    super::needs_a_file(a.format == Format::Xlsx, a.out.as_deref())?;
    let book = inputs::rule_book(&a.rules)?;
    let selection = inputs::selection(&book, &a.rules)?;
    let paths = inputs::paths(&a.inputs)?;
    let outputs = inputs::outputs(a.out.as_deref(), a.anomalies.as_deref(), inputs::input_files(&paths, &a.rules)?)?;
    let outputs = outputs.manifest(&a.manifest, &book, &a.rules)?;
    let progress = std::sync::Arc::new(Progress::default());
    let meter = ProgressMeter::start(std::sync::Arc::clone(&progress), !a.quiet);
    let (register, mut all, staff_rows) = input::load_register_counted(&paths)?;
    let mut batch = input::load_batch(&register, &paths, month)?;
    all.extend(batch.take_anomalies());
    let mut files_read = vec![staff_rows];
    files_read.extend(batch.files_read.iter().cloned());
    rows::account(&files_read, &mut all);
    rows::account(&batch.exports_read, &mut all);
    let result =
        engine::compute_batch(&mut batch, &selection, Options { progress: Some(&progress), ..Options::payroll() });
    meter.stop();
    all.extend(result.anomalies);
    anomaly::sort(&mut all);

    let outputs = outputs.rows(&files_read, &batch.exports_read);
    let lang = super::lang();
    let names = |id: &str| register.get(id).map(|e| e.full_name.as_str());
    let written = outputs.write_named(&all, &names, |out| match a.format {
        Format::Csv => output::payroll::write_csv(&result.rows, out),
        Format::CsvIt => output::payroll::write_csv_as(&result.rows, Dialect::Italian, out),
        Format::Json => output::payroll::write_json(&result.rows, out),
        Format::Table => output::payroll::write_table(&result.rows, lang, out),
        Format::Xlsx => output::payroll::write_xlsx(&result.rows, month, lang, out),
    })?;
    if !a.quiet {
        rows::print(&files_read, &batch.exports_read);
        let count = |s: Severity| all.iter().filter(|x| x.severity() == s).count();
        inputs::list_named_on_stderr(&all, &names, a.anomalies.is_some());
        let total: rust_decimal::Decimal = result.rows.iter().map(|r| r.amount_eur).sum();
        super::say(format_args!(
            "sportello: {month}: {} payroll rows for {} employees, total {} €; anomalies: {} errors, {} warnings, {} notes{}",
            result.rows.len(),
            result.rows.iter().map(|r| &r.employee_id).collect::<std::collections::BTreeSet<_>>().len(),
            sportello::money::format_cents(total),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            a.anomalies.as_ref().map_or(String::new(), |p| format!(" (in {})", p.display())),
        ));
        let hints = hints::why_few_paid(month, &register, &all, &result.rows, batch.attendance_rows());
        inputs::say_hints(hints.iter().map(|h| (String::new(), h)));
    }
    let code = if anomaly::needs_attention(&all) { 1 } else { 0 };
    // The process ends after this: freeing millions of small allocations one by one would only
    // delay the exit, and the operating system takes the memory back whole.
    std::mem::forget((result.rows, result.employees, batch, all));
    std::mem::forget(register);
    Ok(written.exit_code(code))
}
