//! `sportello explain`: one employee's individual statement (prospetto).

use clap::ValueEnum;
use sportello::anomaly::{self, Severity};
use sportello::engine::{self, Inputs, Month};
use sportello::output::{self, Lang};
use sportello::report::hints;
use sportello::report::statement::Statement;

use super::{inputs, CliError, ExplainArgs};

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

/// The statement's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Italiano.
    It,
    /// English.
    En,
}

pub fn run(a: ExplainArgs) -> Result<u8, CliError> {
    let month: Month = a.month.parse().map_err(|e| CliError::Usage(format!("--month: {e}")))?;
    let book = inputs::rule_book(&a.rules)?;
    let selection = inputs::selection(&book, &a.rules)?;
    let paths = inputs::paths(&a.inputs)?;
    let outputs = inputs::outputs(a.out.as_deref(), None, inputs::input_files(&paths, &a.rules)?)?;
    let loaded = sportello::input::load(&paths)?;
    let id = a.employee.trim();
    let Some(employee) = loaded.register.get(id) else {
        let why = if loaded.register.is_conflicting(id) {
            "is on several rows of the staff register; correct staff.csv first".to_string()
        } else {
            let mut why = "is not in the staff register".to_string();
            if let Some((last, others)) = hints::near_ids(&loaded.register, id).split_last() {
                let ids = if others.is_empty() { last.to_string() } else { format!("{} or {last}", others.join(", ")) };
                why.push_str(&format!("; did you mean {ids}?"));
            }
            why
        };
        return Err(CliError::Usage(format!("--employee: \"{id}\" {why}")));
    };
    let result = engine::compute(
        month,
        Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions },
        &selection,
    );
    let statement = Statement::build(month, employee, &result, &loaded.anomalies, &selection);
    let lang = match a.lang {
        LangArg::It => Lang::It,
        LangArg::En => Lang::En,
    };
    let written = outputs.write(&[], |out| match a.format {
        StatementFormat::Text => output::statement::write_text(&statement, lang, out),
        StatementFormat::Json => output::statement::write_json(&statement, out),
        StatementFormat::Html => output::statement_html::write_html(&statement, lang, out),
    })?;

    let mut all = loaded.anomalies;
    all.extend(result.anomalies);
    if !a.quiet {
        let count = |s: Severity| statement.notes.iter().filter(|n| n.severity == s).count();
        super::say(format_args!(
            "sportello: {} {month}: {} payroll rows, total {} €; notes about the employee: {} errors, {} warnings, {} notes{}",
            statement.employee_id,
            statement.items.len(),
            sportello::money::format_cents(statement.total_eur),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            if anomaly::needs_attention(&all) {
                "; other rows of the inputs need attention (see sportello compute --anomalies)"
            } else {
                ""
            }
        ));
    }
    Ok(written.exit_code(if anomaly::needs_attention(&all) { 1 } else { 0 }))
}
