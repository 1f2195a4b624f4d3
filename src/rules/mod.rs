//! Rule sets: the contract clauses as data, each dated and citing its source.
//!
//! A rule file (`rules/*.toml`, schema in [`schema`] and `rules/README.md`) is validated and,
//! when it `extends` another, completed with the clauses it does not override (a scenario is an
//! overlay of the law in force, like an OpenFisca reform). The result is a [`RuleSet`] whose
//! every clause knows which rule set defined it and which sources it cites, so that an
//! explanation can name the clause behind each euro.
//!
//! The shipped rule sets are compiled into the library ([`RuleBook::embedded`]); another folder
//! can be loaded with [`RuleBook::from_files`].

mod load;
pub mod schema;
mod select;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use load::{RuleBook, RuleError};
pub use schema::{Channel, ClipTo, MoneyLevel, PartTime, Source, Status, Text, TimeLevel, TimeRoundingMode};
pub use select::Selection;

use crate::attendance::Kind;
use crate::money::Rounding;
use crate::sessions::Role;

/// The rule files shipped with the engine, compiled in.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("inps-ccni-2024.toml", include_str!("../../rules/inps-ccni-2024.toml")),
    ("inps-ccni-2025.toml", include_str!("../../rules/inps-ccni-2025.toml")),
    ("scenario-remote-2025.toml", include_str!("../../rules/scenario-remote-2025.toml")),
];

/// A source cited by a clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The key in `[sources]`.
    pub key: String,
    /// Its description.
    pub title: String,
    /// Where to read it.
    pub url: Option<String>,
    /// Its date.
    pub date: Option<String>,
}

/// What every clause of a resolved rule set carries besides its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClauseInfo {
    /// The clause's table name (`rate`, `remote`…).
    pub name: &'static str,
    /// The rule set whose file wrote the clause (itself, or one it extends).
    pub defined_in: String,
    /// The sources it cites.
    pub citations: Vec<Citation>,
    /// Why a figure is not confirmed, when it is not (Italian and English).
    pub provisional: Option<Text>,
    /// A free note (Italian and English).
    pub note: Option<Text>,
}

impl ClauseInfo {
    /// `rate (inps-ccni-2025; cites: confintesa-2025, fpcgil-2025-07)`.
    pub fn reference(&self) -> String {
        let keys: Vec<&str> = self.citations.iter().map(|c| c.key.as_str()).collect();
        format!("{} ({}; cites: {})", self.name, self.defined_in, keys.join(", "))
    }
}

/// The range of hourly bases a rule set finds plausible, both ends included: a plausibility
/// bound (an employee's base outside it is reported as `IMPLAUSIBLE_BASE`, and still used), not a
/// contract figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlausibleRange {
    /// The lowest plausible hourly base in euro.
    pub min: Decimal,
    /// The highest.
    pub max: Decimal,
}

impl PlausibleRange {
    /// True when `x` is within the range (ends included).
    pub fn contains(&self, x: Decimal) -> bool {
        self.min <= x && x <= self.max
    }
}

/// How the hourly base is obtained when `hourly_base_eur` is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HourlyBaseRule {
    /// Divisor of the monthly base.
    pub monthly_divisor: Decimal,
    /// Rounding of the quotient.
    pub divisor_rounding: Rounding,
    /// The plausible range of an hourly base, when the rule set declares one.
    pub plausible_eur: Option<PlausibleRange>,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// The form of the hourly rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateForm {
    /// A percentage of the employee's hourly base.
    PercentOfHourlyBase(Decimal),
    /// A flat amount per hour.
    EurPerHour(Decimal),
}

/// The rate clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateRule {
    /// The figure.
    pub form: RateForm,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// The in-person clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InPersonRule {
    /// Payroll item code.
    pub item: String,
    /// Kinds that qualify.
    pub kinds: Vec<Kind>,
    /// Clipping.
    pub clip_to: ClipTo,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// The terms of remote recognition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemoteTerms {
    /// Payroll item code.
    pub item: String,
    /// Roles whose connected time counts.
    pub roles: Vec<Role>,
    /// Citizens' gaps up to this many seconds are bridged.
    pub rejoin_tolerance_seconds: i64,
    /// Per employee and meeting, less consultation than this counts nothing.
    pub minimum_consultation_seconds: i64,
    /// Clipping.
    pub clip_to: ClipTo,
}

/// The remote clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemoteRule {
    /// `None` when remote consultation is not recognised.
    pub terms: Option<RemoteTerms>,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// The overlap clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverlapRule {
    /// The channel that keeps an instant counted by both.
    pub priority: Channel,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// The time-accounting clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeRule {
    /// Rounding unit in seconds.
    pub unit_seconds: i64,
    /// Rounding direction.
    pub mode: TimeRoundingMode,
    /// Rounding level.
    pub level: TimeLevel,
    /// Daily minimum in minutes.
    pub daily_minimum_minutes: Option<i64>,
    /// Daily cap in minutes.
    pub daily_cap_minutes: Option<i64>,
    /// Monthly cap in minutes.
    pub monthly_cap_minutes: Option<i64>,
    /// Part-time scaling.
    pub part_time: PartTime,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// The money clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MoneyRule {
    /// Amount rounding.
    pub rounding: Rounding,
    /// Where it applies.
    pub level: MoneyLevel,
    /// Rounding of the `hours` column.
    pub hours_rounding: Rounding,
    /// Clause metadata.
    pub info: ClauseInfo,
}

/// A validated rule set with every clause present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    /// Unique id.
    pub id: String,
    /// Title, in Italian and English.
    pub title: Text,
    /// Status.
    pub status: Status,
    /// The rule set it extends.
    pub extends: Option<String>,
    /// The file it was read from.
    pub file: String,
    /// First day governed.
    pub valid_from: NaiveDate,
    /// Last day governed, inclusive.
    pub valid_to: Option<NaiveDate>,
    /// The validity clause's metadata.
    pub validity: ClauseInfo,
    /// Hourly base.
    pub hourly_base: HourlyBaseRule,
    /// Rate.
    pub rate: RateRule,
    /// In-person service.
    pub in_person: InPersonRule,
    /// Remote consultation.
    pub remote: RemoteRule,
    /// Overlap priority.
    pub overlap: OverlapRule,
    /// Time accounting.
    pub time: TimeRule,
    /// Money rounding.
    pub money: MoneyRule,
}

impl RuleSet {
    /// True when the rule set governs the day.
    pub fn covers(&self, day: NaiveDate) -> bool {
        day >= self.valid_from && self.valid_to.is_none_or(|to| day <= to)
    }

    /// Every clause's metadata, in file order.
    pub fn clauses(&self) -> [&ClauseInfo; 8] {
        [
            &self.validity,
            &self.hourly_base.info,
            &self.rate.info,
            &self.in_person.info,
            &self.remote.info,
            &self.overlap.info,
            &self.time.info,
            &self.money.info,
        ]
    }

    /// The clauses whose figures are provisional: the clause's name and why.
    pub fn provisional_marks(&self) -> Vec<(&'static str, &Text)> {
        self.clauses().iter().filter_map(|c| c.provisional.as_ref().map(|p| (c.name, p))).collect()
    }

    /// `2025-01-01 – open` or `2024-01-01 – 2024-12-31`.
    pub fn validity_text(&self) -> String {
        let to = self.valid_to.map_or_else(|| "open".to_string(), |d| d.to_string());
        format!("{} – {}", self.valid_from, to)
    }
}
