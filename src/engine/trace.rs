//! What the calculation did, step by step: the data behind an explanation.
//!
//! The monthly calculation fills these structures as it goes, and the payroll rows are made from
//! them; an explanation only renders them. So an explanation always adds up to the payroll file:
//! it is the same computation, not a re-implementation.
//!
//! A channel's day is written so that it can be checked with a pencil ([`ChannelDay`]): its
//! [`Plus`] lines are every interval recorded, each with its source (an attendance row, or the
//! employee's connection to a meeting), and its [`Minus`] lines every part taken away from them,
//! each with its reason and clause, so that the `+` lines minus the `−` lines are the day's paid
//! seconds before rounding, exactly ([`ChannelDay::pencil_seconds`]). Overlaps are `−` lines
//! too: two attendance rows that cover the same instant are both `+` lines, and their common
//! time is taken away once.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{Code, SourceRef};
use crate::attendance::Kind;
use crate::money::Rounding;
use crate::rules::{ClauseInfo, MoneyLevel};
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

/// A clause as an explanation names it: the clause's table in the rule file, the rule set whose
/// file wrote it, and the sources it cites (keys of `[sources]`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ClauseRef {
    /// The clause's table: `in_person`, `remote`, `overlap`, `time`, `rate`, `hourly_base`,
    /// `money`, `validity`.
    pub clause: &'static str,
    /// The rule set whose file wrote it (itself, or one it extends).
    pub ruleset: String,
    /// The keys of the sources it cites.
    pub cites: Vec<String>,
}

impl From<&ClauseInfo> for ClauseRef {
    fn from(info: &ClauseInfo) -> ClauseRef {
        ClauseRef {
            clause: info.name,
            ruleset: info.defined_in.clone(),
            cites: info.citations.iter().map(|c| c.key.clone()).collect(),
        }
    }
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
        kind: Kind,
        /// The giustificativo as written.
        code: String,
    },
    /// The employee's connection to a meeting.
    Meeting {
        /// The meeting id.
        meeting_id: String,
        /// The employee's rows in that meeting that make up the interval.
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

/// A `+` line: an interval recorded, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Plus {
    /// The instants.
    pub interval: Interval,
    /// Their origin.
    pub origin: Origin,
}

/// Why a part of the recorded time is taken away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// An attendance row of a kind the rule set does not pay (`KIND_NOT_QUALIFYING`).
    KindNotPaid,
    /// Time two attendance rows both cover: counted once (not an anomaly).
    RowsOverlap,
    /// Counter time outside on-site presence (`OUTSIDE_PRESENCE`).
    OutsidePresence,
    /// Time outside working time, on site or remote (`OUTSIDE_WORKING_TIME`).
    OutsideWorkingTime,
    /// Counter time during an absence (`ABSENCE_OVERLAP`).
    Absence,
    /// Connected to a meeting while no citizen was (not an anomaly: consultation is the time
    /// with a citizen).
    NoCitizen,
    /// Time two meetings both cover: counted once (`OVERLAPPING_MEETINGS`).
    MeetingsOverlap,
    /// Time already paid through the other channel (`CHANNEL_OVERLAP`).
    OtherChannel,
    /// Remote consultation the rule set does not pay (`REMOTE_NOT_RECOGNISED`).
    NotRecognised,
}

impl Reason {
    /// Every reason, in the order a day's steps take time away.
    pub const ALL: [Reason; 9] = [
        Reason::KindNotPaid,
        Reason::RowsOverlap,
        Reason::OutsidePresence,
        Reason::OutsideWorkingTime,
        Reason::Absence,
        Reason::NoCitizen,
        Reason::MeetingsOverlap,
        Reason::OtherChannel,
        Reason::NotRecognised,
    ];
}

/// A `−` line: a part of the recorded time taken away, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Minus {
    /// Why.
    pub reason: Reason,
    /// The anomaly reported for it, if any (overlapping rows and time without a citizen are
    /// not anomalies).
    pub code: Option<Code>,
    /// The instants taken away.
    pub removed: IntervalSet,
    /// Their length, in seconds.
    pub seconds: i64,
    /// The attendance rows the part is taken from, when it is theirs: the row of a kind not
    /// paid, the row that overlaps earlier rows and those it overlaps, the rows outside
    /// presence, the absence.
    #[serde(serialize_with = "ser_sources")]
    pub rows: Vec<SourceRef>,
    /// The meeting the part is taken from, when it is one meeting's.
    pub meeting: Option<String>,
    /// The clause that decided it.
    pub clause: ClauseRef,
}

impl Minus {
    /// A `−` line of `removed`, for `reason` under `clause`, with no rows or meeting named.
    pub fn new(reason: Reason, code: Option<Code>, removed: IntervalSet, clause: &ClauseInfo) -> Minus {
        Minus {
            reason,
            code,
            seconds: removed.seconds(),
            removed,
            rows: Vec::new(),
            meeting: None,
            clause: clause.into(),
        }
    }
}

/// One channel on one day, as a pencil checks it: `+` lines, `−` lines, the paid seconds before
/// rounding (Σ`+` − Σ`−`), and the seconds counted after rounding and daily limits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChannelDay {
    /// The payroll item, when the channel is paid on this day.
    pub item: Option<String>,
    /// Every interval recorded, with its source, in the day's order.
    pub plus: Vec<Plus>,
    /// Every part taken away, with its reason and clause, in the order the steps took it.
    pub minus: Vec<Minus>,
    /// The instants paid.
    pub paid: IntervalSet,
    /// Seconds paid, before time rounding: Σ`+` − Σ`−`.
    pub seconds: i64,
    /// Seconds after time rounding and daily limits (a multiple of the rounding unit when the
    /// rule set rounds per day or interval).
    pub counted_seconds: i64,
}

impl ChannelDay {
    /// The `+` lines' seconds minus the `−` lines': what a pencil finds. Equal to
    /// [`ChannelDay::seconds`] (a property test checks it on random months).
    pub fn pencil_seconds(&self) -> i64 {
        let plus: i64 = self.plus.iter().map(|p| p.interval.seconds()).sum();
        let minus: i64 = self.minus.iter().map(|m| m.seconds).sum();
        plus - minus
    }

    /// Every instant recorded: the union of the `+` lines.
    pub fn recorded(&self) -> IntervalSet {
        IntervalSet::from_intervals(self.plus.iter().map(|p| p.interval))
    }
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

/// Where the hourly base of a percentage rate comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum HourlyBase {
    /// The register's `hourly_base_eur`.
    Hourly {
        /// The base, as written.
        hourly_base_eur: Decimal,
        /// The register's line.
        #[serde(serialize_with = "ser_source")]
        source: SourceRef,
    },
    /// The register's `monthly_base_eur` over the rule set's divisor, rounded.
    Monthly {
        /// The monthly base, as written.
        monthly_base_eur: Decimal,
        /// The divisor (156 for a 36-hour week).
        divisor: Decimal,
        /// How the quotient was rounded.
        rounding: Rounding,
        /// The hourly base obtained.
        base: Decimal,
        /// The register's line.
        #[serde(serialize_with = "ser_source")]
        source: SourceRef,
    },
}

/// The form of a rate, with the figures it was derived from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum RateBasis {
    /// A flat amount per hour.
    EurPerHour,
    /// A percentage of the employee's hourly base.
    PercentOfHourlyBase {
        /// The percentage.
        percent: Decimal,
        /// The base and where it comes from.
        base: HourlyBase,
    },
}

/// How the hourly rate was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateDerivation {
    /// The rate per hour, exact.
    pub rate_eur_per_hour: Decimal,
    /// Its form and figures: `25% × 21.30 (hourly_base_eur, staff.csv:9)`.
    pub basis: RateBasis,
    /// The clauses used: the rate's, and the hourly base's when a monthly base was divided.
    pub clauses: Vec<ClauseRef>,
}

/// How a payroll row's amount was rounded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AmountRounding {
    /// Decimals and mode.
    pub rounding: Rounding,
    /// Once per row, or per day then summed.
    pub level: MoneyLevel,
    /// The clause that says so.
    pub clause: ClauseRef,
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
    /// How it was rounded.
    pub rounding: AmountRounding,
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
