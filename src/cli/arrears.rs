//! `sportello arrears`: a period recomputed month by month, minus what was paid.

use std::sync::Arc;

use sportello::anomaly::{self, Severity};
use sportello::engine::{self, Month, Options};
use sportello::input::{self, InputPaths};
use sportello::output;
use sportello::output::grid::Dialect;
use sportello::report::{arrears, hints};

use sportello::input::table::FileRows;

use super::{inputs, rows, ArrearsArgs, CliError, Format};

/// The longest period accepted, in months.
const MAX_MONTHS: usize = 120;

pub fn run(a: ArrearsArgs) -> Result<u8, CliError> {
    let from: Month = a.from.parse().map_err(|e| CliError::Usage(format!("--from: {e}")))?;
    let to: Month = a.to.parse().map_err(|e| CliError::Usage(format!("--to: {e}")))?;
    super::needs_a_file(a.format == Format::Xlsx, a.out.as_deref())?;
    if to < from {
        return Err(CliError::Usage(format!("--to: {to} is before --from {from}")));
    }
    let mut months = vec![from];
    while let Some(&last) = months.last() {
        if last >= to {
            break;
        }
        if months.len() >= MAX_MONTHS {
            return Err(CliError::Usage(format!("--from/--to: at most {MAX_MONTHS} months at a time")));
        }
        months.push(last.next());
    }
    let book = inputs::rule_book(&a.rules)?;
    let selection = inputs::selection(&book, &a.rules)?;

    // Check every month's folder before computing any.
    let mut folders = Vec::new();
    for m in &months {
        let dir = a.data_root.join(m.to_string());
        if !dir.is_dir() {
            return Err(CliError::Usage(format!(
                "--data-root: no folder {} for {m} (expected one folder per month, laid out like --data)",
                dir.display()
            )));
        }
        folders.push((*m, dir));
    }

    let mut inputs_read = vec![a.paid.clone()];
    for (_, dir) in &folders {
        inputs_read.extend(inputs::input_files(&InputPaths::in_folder(dir), &a.rules)?);
    }
    let outputs = inputs::outputs(a.out.as_deref(), a.anomalies.as_deref(), inputs_read)?;
    let outputs = outputs.manifest(&a.manifest, &book, &a.rules)?;

    let mut all = Vec::new();
    let paid_name: Arc<str> = Arc::from(a.paid.to_string_lossy().replace('\\', "/"));
    let limits = a.limits.limits();
    let (paid, paid_rows) =
        input::paid::read_paid_counted(&paid_name, &input::read_bytes_within(&a.paid, &limits)?, from, to, &mut all)?;
    let mut files_read = vec![FileRows { file: paid_name, tally: paid_rows }];
    let mut exports_read = Vec::new();
    let mut due = Vec::new();
    let mut month_hints_all = Vec::new();
    // Each employee's name for the anomalies, as the latest month's register has it.
    let mut names_by_id = std::collections::BTreeMap::new();
    for (m, dir) in &folders {
        let paths = InputPaths { limits, ..InputPaths::in_folder(dir) };
        let (register, mut found, staff_rows) = input::load_register_counted(&paths)?;
        names_by_id.extend(register.employees().map(|e| (e.id.clone(), e.full_name.clone())));
        // An id on several register rows is in the register (and reported as such).
        all.extend(arrears::unknown_employees(&paid, *m, |id| {
            register.get(id).is_some() || register.is_conflicting(id)
        }));
        let mut batch = input::load_batch(&register, &paths, *m)?;
        found.extend(batch.take_anomalies());
        files_read.push(staff_rows);
        files_read.extend(batch.files_read.iter().cloned());
        exports_read.extend(batch.exports_read.iter().cloned());
        let result = engine::compute_batch(&mut batch, &selection, Options::payroll());
        found.extend(result.anomalies);
        anomaly::sort(&mut found);
        // Each month has its own register: its hints are found now.
        let month_hints = hints::why_few_paid(*m, &register, &found, &result.rows, batch.attendance_rows());
        month_hints_all.extend(month_hints.into_iter().map(|h| (format!("{m}: "), h)));
        all.extend(found);
        due.extend(result.rows);
    }
    rows::account(&files_read, &mut all);
    rows::account(&exports_read, &mut all);
    anomaly::sort(&mut all);
    let report = arrears::arrears(from, to, &due, &paid);

    let outputs = outputs.rows(&files_read, &exports_read);
    let lang = super::lang();
    let names = |id: &str| names_by_id.get(id).map(String::as_str);
    let written = outputs.write_named(&all, &names, |out| match a.format {
        Format::Csv => output::arrears::write_csv(&report, out),
        Format::CsvIt => output::arrears::write_csv_as(&report, Dialect::Italian, out),
        Format::Json => output::arrears::write_json(&report, out),
        Format::Table => output::arrears::write_table(&report, lang, out),
        Format::Xlsx => output::arrears::write_xlsx(&report, lang, out),
    })?;
    if !a.quiet {
        inputs::list_named_on_stderr(&all, &names, a.anomalies.is_some());
        rows::print(&files_read, &exports_read);
        let count = |s: Severity| all.iter().filter(|x| x.severity() == s).count();
        let t = &report.total;
        super::say(format_args!(
            "sportello: arrears {from} – {to}: due {} €, paid {} €; to pay {} €, to recover {} € ({} lines to settle); anomalies: {} errors, {} warnings, {} notes",
            sportello::money::format_cents(t.due_eur),
            sportello::money::format_cents(t.paid_eur),
            sportello::money::format_cents(t.underpaid_eur),
            sportello::money::format_cents(t.overpaid_eur),
            t.lines_to_settle,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        ));
        inputs::say_hints(month_hints_all.iter().map(|(m, h)| (m.clone(), h)));
    }
    Ok(written.exit_code(if anomaly::needs_attention(&all) { 1 } else { 0 }))
}
