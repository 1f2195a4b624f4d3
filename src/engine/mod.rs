//! The monthly calculation: a pure function from inputs and rules to payroll rows, anomalies
//! and the trace that explains them.
//!
//! Nothing here reads files, clocks or the environment: importers ([`crate::input`],
//! [`crate::teams`]) produce the records, [`crate::rules`] the rule sets, and the caller passes
//! them in. Every employee is computed on their own, so the result does not depend on the order
//! of rows or files.

mod accounting;
mod employee;
mod meetings;
pub mod trace;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{self, Anomaly, Code};
use crate::attendance::AttendanceRecord;
use crate::register::Register;
use crate::rules::Selection;
use crate::sessions::SessionRecord;
use crate::time::rome::{days_of_month, RomeDay};
use crate::time::Interval;

pub use accounting::{exact_amount, rate, round_seconds, RateError};
pub use trace::EmployeeMonth;

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// The Rome days of the month.
    pub fn days(&self) -> Vec<RomeDay> {
        days_of_month(self.year, self.month)
    }

    /// The instants of the month, from the first Rome midnight to the one after the last day.
    pub fn window(&self) -> Interval {
        let days = self.days();
        match (days.first(), days.last()) {
            (Some(f), Some(l)) => Interval::new(f.bounds().start, l.bounds().end),
            _ => Interval::new(0, 0),
        }
    }

    /// True when the day falls in this month.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day.year() == self.year && day.month() == self.month
    }

    /// The next month.
    pub fn next(&self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("expected a month as YYYY-MM (e.g. 2025-10), found \"{s}\"");
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) || !(1970..=9999).contains(&year) {
            return Err(err());
        }
        Ok(Month { year, month })
    }
}

/// One line of the payroll file (DESIGN.md section 5).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PayrollRow {
    /// The matricola.
    pub employee_id: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The payroll item code.
    pub item: String,
    /// The rule set that governed the days counted.
    pub ruleset: String,
    /// Days with counted time.
    pub days: u32,
    /// Counted minutes.
    pub minutes: i64,
    /// Minutes / 60, rounded as the rule set says.
    pub hours: Decimal,
    /// The rate per hour, exact.
    pub rate_eur_per_hour: Decimal,
    /// The amount, rounded as the rule set says.
    pub amount_eur: Decimal,
}

/// The inputs of one month.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The staff register.
    pub register: &'a Register,
    /// Attendance rows (any month; others are reported).
    pub attendance: &'a [AttendanceRecord],
    /// Teams session rows (any month; others are reported).
    pub sessions: &'a [SessionRecord],
}

/// Everything a month's calculation produces.
#[derive(Clone, Debug, Default)]
pub struct MonthResult {
    /// Payroll rows, sorted by employee, item, rule set.
    pub rows: Vec<PayrollRow>,
    /// Anomalies found by the calculation, sorted.
    pub anomalies: Vec<Anomaly>,
    /// Each employee's month, by id: the explanation of their rows.
    pub employees: BTreeMap<String, EmployeeMonth>,
}

/// Computes one month.
pub fn compute(month: Month, inputs: Inputs<'_>, selection: &Selection<'_>) -> MonthResult {
    let mut anomalies = Vec::new();
    let window = month.window();
    let days = month.days();
    let register = inputs.register;

    let mut attendance: BTreeMap<&str, Vec<&AttendanceRecord>> = BTreeMap::new();
    for r in inputs.attendance {
        if register.get(&r.employee_id).is_none() {
            let (code, why) = if register.is_conflicting(&r.employee_id) {
                (Code::DuplicateEmployee, "is on several rows of the staff register")
            } else {
                (Code::UnknownEmployee, "is not in the staff register")
            };
            anomalies.push(
                Anomaly::new(
                    code,
                    Some(r.source.clone()),
                    format!(
                        "field \"employee_id\": {} {why}; row not used",
                        crate::input::values::shown(&r.employee_id)
                    ),
                )
                .employee(r.employee_id.clone())
                .on(r.date.to_string()),
            );
            continue;
        }
        if !month.contains(r.date) {
            anomalies.push(
                Anomaly::new(
                    Code::OutsideMonth,
                    Some(r.source.clone()),
                    format!("{} is outside {month}; row not used", r.date),
                )
                .employee(r.employee_id.clone())
                .on(r.date.to_string()),
            );
            continue;
        }
        attendance.entry(r.employee_id.as_str()).or_default().push(r);
    }

    let outcome = meetings::consultations(inputs.sessions, register, selection, window, &mut anomalies);
    let mut consultations: BTreeMap<&str, Vec<&meetings::Consultation>> = BTreeMap::new();
    for c in &outcome.consultations {
        consultations.entry(c.employee_id.as_str()).or_default().push(c);
    }
    let mut unrecognised: BTreeMap<&str, Vec<&meetings::Unrecognised>> = BTreeMap::new();
    for u in &outcome.unrecognised {
        unrecognised.entry(u.employee_id.as_str()).or_default().push(u);
    }

    let mut ids: Vec<&str> =
        attendance.keys().chain(consultations.keys()).chain(unrecognised.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();

    let month_text = month.to_string();
    let mut result = MonthResult::default();
    for id in ids {
        let Some(employee) = register.get(id) else { continue };
        let inp = employee::EmployeeInputs {
            employee,
            attendance: attendance.remove(id).unwrap_or_default(),
            consultations: consultations.remove(id).unwrap_or_default(),
            unrecognised: unrecognised.remove(id).unwrap_or_default(),
        };
        let (trace, rows) = employee::compute(&inp, selection, &days, &month_text, &mut anomalies);
        result.rows.extend(rows);
        result.employees.insert(id.to_string(), trace);
    }
    result.rows.sort();
    anomaly::sort(&mut anomalies);
    result.anomalies = anomalies;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!("2025-10".parse::<Month>(), Ok(Month { year: 2025, month: 10 }));
        for bad in ["2025-13", "2025-1", "25-10", "2025/10", "", "2025-00"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
        let m: Month = "2025-10".parse().unwrap();
        assert_eq!(m.days().len(), 31);
        // October 2025 has the 25-hour day: 31 × 24 + 1 hours.
        assert_eq!(m.window().seconds(), (31 * 24 + 1) * 3600);
        assert_eq!(m.next().to_string(), "2025-11");
        assert_eq!(Month { year: 2025, month: 12 }.next().to_string(), "2026-01");
    }
}
