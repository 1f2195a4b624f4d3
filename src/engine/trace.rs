//! What the calculation did, step by step: the data behind an explanation.
//!
//! The monthly calculation fills these structures as it goes, and the payroll rows are made from
//! them; an explanation only renders them. So an explanation always adds up to the payroll file:
//! it is the same computation, not a re-implementation.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{Code, SourceRef};
use crate::time::{Interval, IntervalSet};

/// The two channels of service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// At the counter.
    InPerson,
    /// Over Teams.
    Remote,
}

/// Where an interval comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Origin {
    /// An attendance row.
    Attendance {
        /// File and line.
        #[serde(serialize_with = "ser_source")]
        source: SourceRef,
        /// The attendance kind.
        kind: String,
        /// The giustificativo as written.
        code: String,
    },
    /// A meeting's consultation (the lines are the employee's rows in it).
    Meeting {
        /// The meeting id.
        meeting_id: String,
        /// The employee's rows in that meeting.
        #[serde(serialize_with = "ser_sources")]
        sources: Vec<SourceRef>,
    },
}

fn ser_source<S: serde::Serializer>(s: &SourceRef, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&s.to_string())
}

fn ser_sources<S: serde::Serializer>(s: &[SourceRef], ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(s.iter().map(ToString::to_string))
}

/// An interval and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SourcedInterval {
    /// The instants.
    pub interval: Interval,
    /// Their origin.
    pub origin: Origin,
}

/// Time that was not counted, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Removal {
    /// The anomaly code that names the reason.
    pub code: Code,
    /// The instants removed.
    pub removed: IntervalSet,
    /// The clause that decided it (`in_person (inps-ccni-2025; cites: …)`).
    pub clause: String,
}

/// One channel on one day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChannelDay {
    /// The payroll item, when the channel is paid on this day.
    pub item: Option<String>,
    /// Every interval considered, with its source.
    pub considered: Vec<SourcedInterval>,
    /// What was removed, step by step.
    pub removals: Vec<Removal>,
    /// The instants paid.
    pub paid: IntervalSet,
    /// Seconds paid, before time rounding.
    pub seconds: i64,
    /// Seconds after time rounding and daily limits (a multiple of the rounding unit when the
    /// rule set rounds per day or interval).
    pub counted_seconds: i64,
    /// Remote only: the employee's own connected time in the day's meetings, consultation or
    /// not (a consultation is the part of it when a citizen was connected too).
    pub connected: IntervalSet,
}

/// One Rome day of one employee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayTrace {
    /// The day.
    pub date: NaiveDate,
    /// The rule set that governs it, if any.
    pub ruleset: Option<String>,
    /// Counter service.
    pub in_person: ChannelDay,
    /// Teams consultation.
    pub remote: ChannelDay,
}

/// How the hourly rate was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateDerivation {
    /// The rate per hour, exact.
    pub rate_eur_per_hour: Decimal,
    /// A sentence: `25% × 18.50 (hourly_base_eur, staff.csv:4)`.
    pub how: String,
    /// The clauses used.
    pub clauses: Vec<String>,
}

/// One payroll row, with how it was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemTotal {
    /// The payroll item.
    pub item: String,
    /// The rule set.
    pub ruleset: String,
    /// Days with counted time.
    pub days: u32,
    /// Counted minutes.
    pub minutes: i64,
    /// Minutes / 60, rounded for display.
    pub hours: Decimal,
    /// The rate and its derivation.
    pub rate: RateDerivation,
    /// The amount before rounding.
    pub amount_exact: Decimal,
    /// The amount paid.
    pub amount_eur: Decimal,
    /// How it was rounded (`half_up to 2 decimals, once per row`).
    pub rounding: String,
}

/// One employee's month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmployeeMonth {
    /// The matricola.
    pub employee_id: String,
    /// The register's name (the output is about this employee).
    pub full_name: String,
    /// Every day with something to show.
    pub days: Vec<DayTrace>,
    /// The payroll rows.
    pub items: Vec<ItemTotal>,
}
