//! `sportello explain`: one employee's individual statement (prospetto). The month is loaded and
//! computed as `compute` does it (the register, then the month's rows in one batch, every row
//! accounted for), with each employee's trace kept; the statement is built from that trace.

use chrono::NaiveDate;
use clap::ValueEnum;
use sportello::anomaly::{self, Severity};
use sportello::engine::{self, Month, Options};
use sportello::input;
use sportello::lang::Lang;
use sportello::output;
use sportello::register::{Employee, Register};
use sportello::report::hints;
use sportello::report::statement::Statement;
use sportello::time::RomeDay;

use super::{inputs, rows, CliError, ExplainArgs};

/// The statement's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatementFormat {
    /// Plain text, to read on screen.
    Text,
    /// JSON, for programs.
    Json,
    /// One self-contained HTML page, to open in a browser or print on A4.
    Html,
}

pub fn run(a: ExplainArgs) -> Result<u8, CliError> {
    let month: Month = a.month.parse().map_err(|e| CliError::Usage(format!("--month: {e}")))?;
    let issued = issued(a.issued.as_deref())?;
    let book = inputs::rule_book(&a.rules)?;
    let selection = inputs::selection(&book, &a.rules)?;
    let paths = inputs::paths(&a.inputs)?;
    let outputs = inputs::outputs(a.out.as_deref(), None, inputs::input_files(&paths, &a.rules)?)?;
    let outputs = outputs.manifest(&a.manifest, &book, &a.rules)?;
    // Loaded as compute loads, so that the statement is the payroll's calculation on the same
    // rows; the trace is kept.
    let (register, mut all, staff_rows) = input::load_register_counted(&paths)?;
    let mut batch = input::load_batch(&register, &paths, month)?;
    all.extend(batch.take_anomalies());
    let mut files_read = vec![staff_rows];
    files_read.extend(batch.files_read.iter().cloned());
    rows::account(&files_read, &mut all);
    rows::account(&batch.exports_read, &mut all);
    let employee = employee(&register, a.employee.trim())?;
    let result = engine::compute_batch(&mut batch, &selection, Options { trace: true, ..Options::default() });
    let statement = Statement::build(month, employee, &result, &all, &selection).issued_on(issued);
    let lang = super::lang();
    let outputs = outputs.rows(&files_read, &batch.exports_read);
    let written = outputs.write(&[], |out| match a.format {
        StatementFormat::Text => output::statement::write_text(&statement, lang, out),
        StatementFormat::Json => output::statement::write_json(&statement, out),
        StatementFormat::Html => output::statement_html::write_html(&statement, lang, out),
    })?;

    all.extend(result.anomalies);
    if !a.quiet {
        rows::print(&files_read, &batch.exports_read);
        let count = |s: Severity| statement.notes.iter().filter(|n| n.severity == s).count();
        let counts = [count(Severity::Error), count(Severity::Warning), count(Severity::Info)];
        super::say(format_args!("sportello: {}", summary(&statement, counts, anomaly::needs_attention(&all), lang)));
    }
    Ok(written.exit_code(if anomaly::needs_attention(&all) { 1 } else { 0 }))
}

/// The line the run ends with, in the language: the statement's rows and total, the notes about
/// the employee (errors, warnings, notes), and whether other rows of the inputs need a look.
fn summary(st: &Statement, [errors, warnings, notes]: [usize; 3], attention: bool, l: Lang) -> String {
    let period = st.period();
    let mut line = format!(
        "{} {}: {} {}, {} {}; {}: {errors} {}, {warnings} {}, {notes} {}",
        st.employee_id,
        l.month_name(period.year, period.month),
        st.items.len(),
        if st.items.len() == 1 {
            l.pick("voce di cedolino", "payroll row")
        } else {
            l.pick("voci di cedolino", "payroll rows")
        },
        l.pick("totale", "total"),
        l.euro(st.total_eur),
        l.pick("segnalazioni sul dipendente", "notes about the employee"),
        if errors == 1 { l.pick("errore", "error") } else { l.pick("errori", "errors") },
        if warnings == 1 { l.pick("avviso", "warning") } else { l.pick("avvisi", "warnings") },
        if notes == 1 { l.pick("nota", "note") } else { l.pick("note", "notes") },
    );
    if attention {
        line.push_str(l.pick(
            "; altre righe dei dati vanno guardate (vedi sportello compute --anomalies)",
            "; other rows of the inputs need attention (see sportello compute --anomalies)",
        ));
    }
    line
}

/// The date of issue: `--issued` (for tests), else today in Rome.
fn issued(given: Option<&str>) -> Result<NaiveDate, CliError> {
    match given {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| CliError::Usage(format!("--issued: expected a date YYYY-MM-DD, found \"{d}\""))),
        None => {
            let now = chrono::Utc::now().timestamp();
            Ok(RomeDay::of(now).map_or_else(|| chrono::Utc::now().date_naive(), |d| d.0))
        }
    }
}

/// The employee of `--employee`, or why there is none: on several rows of the register, or not
/// in it (with the nearest ids, when some are near).
fn employee<'r>(register: &'r Register, id: &str) -> Result<&'r Employee, CliError> {
    if let Some(employee) = register.get(id) {
        return Ok(employee);
    }
    let why = if register.is_conflicting(id) {
        "is on several rows of the staff register; correct staff.csv first".to_string()
    } else {
        let mut why = "is not in the staff register".to_string();
        if let Some((last, others)) = hints::near_ids(register, id).split_last() {
            let ids = if others.is_empty() { last.to_string() } else { format!("{} or {last}", others.join(", ")) };
            why.push_str(&format!("; did you mean {ids}?"));
        }
        why
    };
    Err(CliError::Usage(format!("--employee: \"{id}\" {why}")))
}
