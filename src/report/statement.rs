//! The individual statement (prospetto): one employee's month, day by day and euro by euro.
//!
//! A [`Statement`] is built from the [`MonthResult`] of [`crate::engine::compute_batch`] with
//! the trace kept: the employee's [`EmployeeMonth`] trace (the very data the payroll rows were
//! made from), the anomalies that concern them, and the rule sets that governed the month's days.
//! It adds no figure of its own: its items are the trace's items and its total is their sum, so
//! it equals the payroll file's amount for the employee to the cent.
//!
//! The statement is one view for every language and format: `output::statement` writes it as
//! text or JSON and `output::statement_html` as a page, choosing the words of the language there.
//! A day's lines are in [`super::day`]: for each channel, `+` lines (every interval recorded,
//! with its source) and `−` lines (every part taken away, with its reason and clause) whose
//! difference is the day's paid time before rounding, so that a day, the month and the amount
//! can be checked by hand.
//!
//! ```
//! use sportello::engine::{self, Month, Options};
//! use sportello::input::{self, InputPaths};
//! use sportello::output::{statement_html, Lang};
//! use sportello::report::statement::Statement;
//! use sportello::rules::{RuleBook, Selection};
//!
//! let paths = InputPaths::in_folder("fixtures/demo".as_ref());
//! let month: Month = "2025-10".parse()?;
//! let (register, mut anomalies, _) = input::load_register_counted(&paths)?;
//! let mut batch = input::load_batch(&register, &paths, month)?;
//! anomalies.extend(batch.take_anomalies());
//! let book = RuleBook::embedded().expect("the shipped rules are valid");
//! let selection = Selection::in_force(&book);
//! let result = engine::compute_batch(&mut batch, &selection, Options { trace: true, ..Options::default() });
//! let employee = register.get("004512").expect("in the demo register");
//! let st = Statement::build(month, employee, &result, &anomalies, &selection);
//! assert_eq!(st.total_eur.to_string(), "240.00");
//! let mut page = Vec::new();
//! statement_html::write_html(&st, Lang::It, &mut page)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{Anomaly, Code, Severity, SourceRef};
use crate::engine::trace::{ChannelDay, DayTrace, EmployeeMonth, ItemTotal, Origin, Reason};
use crate::engine::{Month, MonthResult};
use crate::message::Message;
use crate::register::{Employee, PartTimePct};
use crate::rules::{Citation, RuleSet, Selection, Status};
use crate::time::IntervalSet;

/// A rule set that governed some days of the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleSetUse {
    /// The first day of the month it governed.
    pub first_day: NaiveDate,
    /// The last day of the month it governed.
    pub last_day: NaiveDate,
    /// How many days of the month it governed.
    pub days: u32,
    /// The rule set, every clause with its citations.
    pub rule_set: RuleSet,
}

/// An anomaly that concerns the employee, as shown in the statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Its severity.
    pub severity: Severity,
    /// Its stable code.
    pub code: Code,
    /// File and line, when it comes from one row.
    pub source: Option<String>,
    /// The day, `YYYY-MM-DD`, when it concerns one.
    pub date: Option<String>,
    /// The engine's message.
    pub message: Message,
}

/// The figures of one day's bar in the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DaySummary {
    /// The day.
    pub date: NaiveDate,
    /// Counter time counted (after rounding and daily limits).
    pub in_person_counted_seconds: i64,
    /// Counter time recorded but not counted (a kind not paid, outside presence, an absence,
    /// rounding, a limit). Time counted through the other channel is not included, nor time two
    /// rows both record (it is recorded once).
    pub in_person_not_counted_seconds: i64,
    /// Teams consultation counted (after rounding and daily limits).
    pub remote_counted_seconds: i64,
    /// Teams time recorded but not counted (not recognised, no citizen connected, outside
    /// working time, rounding, a limit). Time counted at the counter is not included, nor time
    /// two meetings both record.
    pub remote_not_counted_seconds: i64,
}

/// One employee's month, ready to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The matricola.
    pub employee_id: String,
    /// The name in the register.
    pub full_name: String,
    /// The sede.
    pub office: String,
    /// Part-time percentage, exact (`83.33`; a string in JSON).
    pub part_time_pct: PartTimePct,
    /// `YYYY-MM`.
    pub month: String,
    #[serde(skip)]
    period: Month,
    /// True when a rule set applied is not the contract in force (a scenario or a draft): the
    /// figures are not amounts due.
    pub scenario: bool,
    /// True when a rule set applied has a figure not confirmed by the signed text.
    pub provisional: bool,
    /// The rule sets that governed the month's days, in order.
    pub rule_sets: Vec<RuleSetUse>,
    /// Every day with something to show: per channel, the `+` and `−` lines and the seconds before and
    /// after rounding.
    pub days: Vec<DayTrace>,
    /// The payroll rows, with the rate's derivation and the rounding of the amount.
    pub items: Vec<ItemTotal>,
    /// The sum of the items' amounts: the employee's total in the payroll file.
    pub total_eur: Decimal,
    /// Every day of the month, for the chart.
    pub chart: Vec<DaySummary>,
    /// The anomalies that concern the employee.
    pub notes: Vec<Note>,
    /// The sources the applied rule sets cite, by key.
    pub sources: Vec<Citation>,
    /// The folder every file the statement names is in (`fixtures/demo/`), written once; empty
    /// when they have none in common. Text and page name files without it.
    pub folder: String,
    /// The date of issue, when the statement is dated ([`Statement::issued_on`]).
    pub issued: Option<NaiveDate>,
}

impl Statement {
    /// Builds the statement of `employee` from a computed month.
    ///
    /// `input_anomalies` are those found while reading the inputs (the month's own are in
    /// `result`); only those naming the employee are kept.
    pub fn build(
        month: Month,
        employee: &Employee,
        result: &MonthResult,
        input_anomalies: &[Anomaly],
        selection: &Selection<'_>,
    ) -> Statement {
        let empty;
        let trace = match result.employees.get(&employee.id) {
            Some(t) => t,
            None => {
                empty = EmployeeMonth {
                    employee_id: employee.id.clone(),
                    full_name: employee.full_name.clone(),
                    days: Vec::new(),
                    items: Vec::new(),
                };
                &empty
            }
        };
        let rule_sets = rule_sets_of(month, selection);
        let notes = notes_of(&employee.id, input_anomalies.iter().chain(&result.anomalies));
        Statement {
            employee_id: employee.id.clone(),
            full_name: employee.full_name.clone(),
            office: employee.office.clone(),
            part_time_pct: employee.part_time_pct,
            month: month.to_string(),
            period: month,
            scenario: rule_sets.iter().any(|u| u.rule_set.status != Status::InForce),
            provisional: rule_sets.iter().any(|u| !u.rule_set.provisional_marks().is_empty()),
            sources: sources_of(&rule_sets),
            rule_sets,
            days: trace.days.clone(),
            items: trace.items.clone(),
            total_eur: trace.items.iter().map(|i| i.amount_eur).sum(),
            chart: chart_of(month, trace),
            folder: common_folder(employee, trace, &notes),
            notes,
            issued: None,
        }
    }

    /// The rule set with this id, if it governed a day of the month.
    pub fn rule_set(&self, id: &str) -> Option<&RuleSet> {
        self.rule_sets.iter().map(|u| &u.rule_set).find(|s| s.id == id)
    }

    /// The sum of the days' counted seconds of one payroll row, before the month-level rounding
    /// and cap (if the rule set has them) and the flooring to whole minutes.
    pub fn day_seconds(&self, item: &str, ruleset: &str) -> i64 {
        self.days
            .iter()
            .filter(|d| d.ruleset.as_deref() == Some(ruleset))
            .flat_map(|d| [&d.in_person, &d.remote])
            .filter(|c| c.item.as_deref() == Some(item))
            .map(|c| c.counted_seconds)
            .sum()
    }

    /// The notes of one day.
    pub fn notes_on(&self, day: NaiveDate) -> impl Iterator<Item = &Note> {
        let iso = day.format("%Y-%m-%d").to_string();
        self.notes.iter().filter(move |n| n.date.as_deref() == Some(iso.as_str()))
    }

    /// The notes not tied to a day of the trace.
    pub fn other_notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(|n| {
            n.date.as_deref().is_none_or(|d| !self.days.iter().any(|t| t.date.format("%Y-%m-%d").to_string() == d))
        })
    }

    /// The notes of one day that its lines do not already show: a note whose code is the code
    /// of one of the day's `−` lines is said by that line, not twice.
    pub fn notes_shown_apart(&self, day: &DayTrace) -> impl Iterator<Item = &Note> {
        let said: Vec<Code> = day.in_person.minus.iter().chain(&day.remote.minus).filter_map(|m| m.code).collect();
        self.notes_on(day.date).filter(move |n| !said.contains(&n.code))
    }

    /// How many notes are errors: some of the employee's rows could not be used, so the total
    /// may be incomplete.
    pub fn errors(&self) -> usize {
        self.notes.iter().filter(|n| n.severity == Severity::Error).count()
    }

    /// The month as a value.
    pub fn period(&self) -> Month {
        self.period
    }

    /// The statement dated: `issued` is printed on it as its date of issue.
    pub fn issued_on(mut self, issued: NaiveDate) -> Statement {
        self.issued = Some(issued);
        self
    }

    /// Files named in the statement without [`Statement::folder`]: `teams/a.csv:12` for
    /// `fixtures/demo/teams/a.csv:12`; each of a list separated by `; `.
    pub fn short(&self, paths: &str) -> String {
        if self.folder.is_empty() {
            return paths.to_string();
        }
        let short: Vec<&str> = paths.split("; ").map(|p| p.strip_prefix(self.folder.as_str()).unwrap_or(p)).collect();
        short.join("; ")
    }
}

/// The rule sets that govern the month's days, in the order they first govern one.
fn rule_sets_of(month: Month, selection: &Selection<'_>) -> Vec<RuleSetUse> {
    let mut rule_sets: Vec<RuleSetUse> = Vec::new();
    for day in month.days() {
        let Some(set) = selection.for_day(day.0) else { continue };
        match rule_sets.iter_mut().find(|u| u.rule_set.id == set.id) {
            Some(u) => {
                u.last_day = day.0;
                u.days += 1;
            }
            None => rule_sets.push(RuleSetUse { first_day: day.0, last_day: day.0, days: 1, rule_set: set.clone() }),
        }
    }
    rule_sets
}

/// The sources the rule sets' clauses cite, each once, by key.
fn sources_of(rule_sets: &[RuleSetUse]) -> Vec<Citation> {
    let mut sources: BTreeMap<String, Citation> = BTreeMap::new();
    for u in rule_sets {
        for clause in u.rule_set.clauses() {
            for c in &clause.citations {
                sources.entry(c.key.clone()).or_insert_with(|| c.clone());
            }
        }
    }
    sources.into_values().collect()
}

/// The anomalies naming the employee, sorted by day, source, code and message, each once.
fn notes_of<'a>(employee_id: &str, anomalies: impl Iterator<Item = &'a Anomaly>) -> Vec<Note> {
    let mut notes: Vec<Note> = anomalies
        .filter(|a| a.employee_id.as_deref() == Some(employee_id))
        .map(|a| Note {
            severity: a.severity(),
            code: a.code,
            source: a.source.as_ref().map(ToString::to_string),
            date: a.date.clone(),
            message: a.message.clone(),
        })
        .collect();
    notes.sort_by(|a, b| (&a.date, &a.source, a.code, &a.message).cmp(&(&b.date, &b.source, b.code, &b.message)));
    notes.dedup();
    notes
}

/// Every day of the month, with its figures for the chart (zero on a day without a trace).
fn chart_of(month: Month, trace: &EmployeeMonth) -> Vec<DaySummary> {
    month
        .days()
        .iter()
        .map(|d| match trace.days.iter().find(|t| t.date == d.0) {
            Some(t) => summary(t),
            None => DaySummary {
                date: d.0,
                in_person_counted_seconds: 0,
                in_person_not_counted_seconds: 0,
                remote_counted_seconds: 0,
                remote_not_counted_seconds: 0,
            },
        })
        .collect()
}

/// The chart's figures for one day.
fn summary(day: &DayTrace) -> DaySummary {
    // Recorded time (each instant once) not paid, except what the other channel paid; then
    // what rounding and limits took.
    let not_counted = |c: &ChannelDay| -> i64 {
        let elsewhere = c
            .minus
            .iter()
            .filter(|m| m.reason == Reason::OtherChannel)
            .fold(IntervalSet::new(), |acc, m| acc.union(&m.removed));
        let lost = c.recorded().subtract(&c.paid).subtract(&elsewhere).seconds();
        lost + (c.seconds - c.counted_seconds).max(0)
    };
    DaySummary {
        date: day.date,
        in_person_counted_seconds: day.in_person.counted_seconds,
        in_person_not_counted_seconds: not_counted(&day.in_person),
        remote_counted_seconds: day.remote.counted_seconds,
        remote_not_counted_seconds: not_counted(&day.remote),
    }
}

/// The folder every file of the statement is in: the longest common leading part of their
/// names that ends with a `/` (or `\`), or empty.
fn common_folder(employee: &Employee, trace: &EmployeeMonth, notes: &[Note]) -> String {
    let mut files: Vec<&str> = vec![&employee.source.file];
    for c in trace.days.iter().flat_map(|d| [&d.in_person, &d.remote]) {
        for p in &c.plus {
            match &p.origin {
                Origin::Attendance { source, .. } => files.push(&source.file),
                Origin::Meeting { sources, .. } => files.extend(sources.iter().map(|s: &SourceRef| &*s.file)),
            }
        }
        files.extend(c.minus.iter().flat_map(|m| &m.rows).map(|s| &*s.file));
    }
    files.extend(notes.iter().filter_map(|n| n.source.as_deref()));
    let Some((first, rest)) = files.split_first() else { return String::new() };
    let mut common = first.len();
    for f in rest {
        common = first.bytes().zip(f.bytes()).take(common).take_while(|(a, b)| a == b).count();
    }
    while !first.is_char_boundary(common) {
        common -= 1;
    }
    let prefix = &first[..common];
    match prefix.rfind(['/', '\\']) {
        Some(i) => prefix[..=i].to_string(),
        None => String::new(),
    }
}
