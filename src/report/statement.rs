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
//! A day's lines are in [`super::day`].
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

use crate::anomaly::{Anomaly, Code, Severity};
use crate::engine::trace::{ChannelDay, DayTrace, EmployeeMonth, ItemTotal};
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
    /// rounding, a limit). Time counted through the other channel is not included.
    pub in_person_not_counted_seconds: i64,
    /// Teams consultation counted (after rounding and daily limits).
    pub remote_counted_seconds: i64,
    /// Teams time recorded but not counted (not recognised, no citizen connected, outside
    /// working time, rounding, a limit). Time counted at the counter is not included.
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
    /// Every day with something to show: sources, removals, seconds before and after rounding.
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
            notes: notes_of(&employee.id, input_anomalies.iter().chain(&result.anomalies)),
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
    /// of one of the day's removals is said by that line, not twice.
    pub fn notes_shown_apart(&self, day: &DayTrace) -> impl Iterator<Item = &Note> {
        let removals: Vec<Code> = day.in_person.removals.iter().chain(&day.remote.removals).map(|r| r.code).collect();
        self.notes_on(day.date).filter(move |n| !removals.contains(&n.code))
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
    let not_counted = |c: &ChannelDay, is_remote: bool| -> i64 {
        let mut all = IntervalSet::from_intervals(c.considered.iter().map(|s| s.interval));
        let mut elsewhere = IntervalSet::new();
        for r in &c.removals {
            if r.code == Code::ChannelOverlap {
                elsewhere = elsewhere.union(&r.removed);
            } else {
                all = all.union(&r.removed);
            }
        }
        if is_remote {
            all = all.union(&c.connected);
        }
        let lost = all.subtract(&c.paid).subtract(&elsewhere).seconds();
        lost + (c.seconds - c.counted_seconds).max(0)
    };
    DaySummary {
        date: day.date,
        in_person_counted_seconds: day.in_person.counted_seconds,
        in_person_not_counted_seconds: not_counted(&day.in_person, false),
        remote_counted_seconds: day.remote.counted_seconds,
        remote_not_counted_seconds: not_counted(&day.remote, true),
    }
}
