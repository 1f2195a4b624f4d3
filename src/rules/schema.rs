//! The TOML schema of a rule file, as written (before validation and `extends`).
//!
//! Every table refuses unknown keys. Values whose mistakes need a position in messages are
//! wrapped in [`Spanned`]. `rules/README.md` documents every key.
//!
//! The texts people read — a rule set's title, a clause's note and provisional mark — are a
//! [`Text`]: Italian and English (`{ it = "…", en = "…" }`), or one string for both. Sources'
//! titles are the titles of documents and stay as written.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::lang::Lang;

/// A text for people, in Italian and English.
///
/// Written in a rule file as a table `{ it = "…", en = "…" }` (both keys required, no other),
/// or as one string, which is then the text in both languages (a rule folder kept in one
/// language). The shipped rule files write every text in both.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Text {
    /// Italian.
    pub it: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The same text in both languages.
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text { it: text.clone(), en: text }
    }

    /// The text in `lang`.
    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a table { it = \"…\", en = \"…\" } with the text in Italian and English")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::same(s))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let (mut it, mut en) = (None, None);
                // (TOML itself refuses a key written twice.)
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "it" => &mut it,
                        "en" => &mut en,
                        other => return Err(de::Error::unknown_field(other, &["it", "en"])),
                    };
                    *slot = Some(map.next_value::<String>()?);
                }
                match (it, en) {
                    (Some(it), Some(en)) => Ok(Text { it, en }),
                    (None, _) => Err(de::Error::missing_field("it")),
                    (_, None) => Err(de::Error::missing_field("en")),
                }
            }
        }
        d.deserialize_any(Either)
    }
}

use crate::attendance::Kind;
use crate::money::Rounding;
use crate::sessions::Role;

/// A whole rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The schema version; only 1 exists.
    pub schema: Spanned<u32>,
    /// Unique id, equal to the file name without `.toml`.
    pub id: Spanned<String>,
    /// A title for people, in Italian and English.
    pub title: Text,
    /// `in_force`, `scenario` or `draft`.
    pub status: Status,
    /// The rule set whose clauses this one inherits and overrides.
    #[serde(default)]
    pub extends: Option<Spanned<String>>,
    /// Legal and documentary sources, by key; clauses cite them.
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
    /// The days the rule set governs.
    pub validity: Spanned<Validity>,
    /// How the hourly base is obtained.
    pub hourly_base: Option<Spanned<HourlyBase>>,
    /// The hourly rate.
    pub rate: Option<Spanned<Rate>>,
    /// In-person service.
    pub in_person: Option<Spanned<InPerson>>,
    /// Remote consultation over Teams.
    pub remote: Option<Spanned<Remote>>,
    /// Which channel takes an instant counted by both.
    pub overlap: Option<Spanned<Overlap>>,
    /// Time rounding, minimums, caps and part-time scaling.
    pub time: Option<Spanned<TimeAccounting>>,
    /// Money rounding.
    pub money: Option<Spanned<Money>>,
}

/// The status of a rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The contract in force: applied by default on the days it covers.
    InForce,
    /// A proposal to compare with the contract; applied only when selected.
    Scenario,
    /// Work in progress; applied only when selected.
    Draft,
}

impl Status {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in_force",
            Status::Scenario => "scenario",
            Status::Draft => "draft",
        }
    }
}

/// A cited source.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What the source is.
    pub title: String,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
    /// Its date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
}

/// The keys every clause carries, as a value.
#[derive(Clone, Debug, Default)]
pub struct ClauseMeta {
    /// Keys of `[sources]` that establish the clause.
    pub cite: Vec<Spanned<String>>,
    /// Why the figure is not confirmed by a signed text, when it is not.
    pub provisional: Option<Text>,
    /// A free note.
    pub note: Option<Text>,
}

/// Declares a clause table: its own keys plus `cite`, `provisional` and `note`. (serde cannot
/// combine `flatten` with `deny_unknown_fields`, so the common keys are written into each.)
macro_rules! clause {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($body)*
            /// Keys of `[sources]` that establish the clause.
            pub cite: Vec<Spanned<String>>,
            /// Why the figure is not confirmed by a signed text, when it is not.
            #[serde(default)]
            pub provisional: Option<Text>,
            /// A free note.
            #[serde(default)]
            pub note: Option<Text>,
        }

        impl $name {
            /// The common clause keys.
            pub fn meta(&self) -> ClauseMeta {
                ClauseMeta { cite: self.cite.clone(), provisional: self.provisional.clone(), note: self.note.clone() }
            }
        }
    };
}

clause! {
    /// `[validity]`
    pub struct Validity {
        /// First day governed.
        pub from: Spanned<toml::value::Datetime>,
        /// Last day governed (inclusive); open-ended when absent.
        #[serde(default)]
        pub to: Option<Spanned<toml::value::Datetime>>,
    }
}

clause! {
    /// `[hourly_base]`
    pub struct HourlyBase {
        /// Divisor of `monthly_base_eur` when `hourly_base_eur` is empty (156 for 36 hours a week).
        pub monthly_divisor: Spanned<u32>,
        /// Rounding of the quotient.
        pub divisor_rounding: Rounding,
        /// The range an hourly base is plausible in (a plausibility bound, not a contract
        /// figure): a base outside it is reported, and still used.
        #[serde(default)]
        pub plausible_eur: Option<Spanned<EurRange>>,
    }
}

/// `{ min = "8.00", max = "80.00" }`: amounts in euro as strings, both included.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EurRange {
    /// The lowest plausible amount.
    pub min: Spanned<String>,
    /// The highest plausible amount.
    pub max: Spanned<String>,
}

clause! {
    /// `[rate]`: exactly one of the two forms.
    pub struct Rate {
        /// A percentage of the employee's hourly base, as a string (`"25"`).
        #[serde(default)]
        pub percent_of_hourly_base: Option<Spanned<String>>,
        /// A flat amount per hour in euro, as a string (`"5.00"`).
        #[serde(default)]
        pub eur_per_hour: Option<Spanned<String>>,
    }
}

/// Where time is clipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClipTo {
    /// The day's `presence` intervals.
    Presence,
    /// The day's `presence` and `remote_work` intervals.
    WorkingTime,
    /// No clipping.
    Nothing,
}

impl ClipTo {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            ClipTo::Presence => "presence",
            ClipTo::WorkingTime => "working_time",
            ClipTo::Nothing => "nothing",
        }
    }

    /// The same in words, for messages (`working time`).
    pub fn words(self) -> &'static str {
        match self {
            ClipTo::Presence => "presence",
            ClipTo::WorkingTime => "working time",
            ClipTo::Nothing => "nothing",
        }
    }
}

clause! {
    /// `[in_person]`
    pub struct InPerson {
        /// The payroll item code.
        pub item: Spanned<String>,
        /// Attendance kinds that qualify; must include `front_office`.
        pub kinds: Spanned<Vec<Kind>>,
        /// What the qualifying time is clipped to.
        pub clip_to: ClipTo,
    }
}

clause! {
    /// `[remote]`
    pub struct Remote {
        /// Whether remote consultation is paid at all.
        pub recognised: bool,
        /// The payroll item code (required when recognised).
        #[serde(default)]
        pub item: Option<Spanned<String>>,
        /// Roles whose connected time counts (required when recognised).
        #[serde(default)]
        pub roles: Option<Spanned<Vec<Role>>>,
        /// Citizens' gaps up to this many seconds (inclusive) are bridged.
        #[serde(default)]
        pub rejoin_tolerance_seconds: Option<Spanned<i64>>,
        /// Per employee and meeting, consultation below this many seconds counts nothing.
        #[serde(default)]
        pub minimum_consultation_seconds: Option<Spanned<i64>>,
        /// What the consultation is clipped to.
        #[serde(default)]
        pub clip_to: Option<ClipTo>,
    }
}

/// Which channel takes an instant counted by both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Counter service.
    InPerson,
    /// Teams consultation.
    Remote,
}

clause! {
    /// `[overlap]`
    pub struct Overlap {
        /// The channel that keeps an instant counted by both.
        pub priority: Channel,
    }
}

/// The direction time is rounded to its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeRoundingMode {
    /// Floor.
    Down,
    /// Ceiling.
    Up,
    /// Nearest, half up.
    Nearest,
}

/// Where time is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeLevel {
    /// Each paid interval on its own.
    Interval,
    /// Per employee, day and item.
    Day,
    /// Per employee, month, item and rule set.
    Month,
}

/// How part-time staff are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartTime {
    /// No effect: the allowance is per hour worked.
    None,
    /// Daily minimum and caps are multiplied by `part_time_pct / 100` in exact decimals, then
    /// floored to the whole minute ([`crate::register::PartTimePct::scale_minutes`]).
    ScaleLimits,
}

clause! {
    /// `[time]`
    pub struct TimeAccounting {
        /// The rounding unit in seconds: a whole number of minutes (60 = whole minutes).
        pub unit_seconds: Spanned<i64>,
        /// The rounding direction.
        pub mode: TimeRoundingMode,
        /// Where the rounding applies.
        pub level: TimeLevel,
        /// A day with less time than this (per item, after rounding) counts nothing.
        #[serde(default)]
        pub daily_minimum_minutes: Option<Spanned<i64>>,
        /// At most this many minutes per day and item.
        #[serde(default)]
        pub daily_cap_minutes: Option<Spanned<i64>>,
        /// At most this many minutes per month, item and rule set.
        #[serde(default)]
        pub monthly_cap_minutes: Option<Spanned<i64>>,
        /// Part-time scaling.
        pub part_time: PartTime,
    }
}

/// Where money is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyLevel {
    /// Once per payroll row (employee, month, item, rule set).
    Row,
    /// Per day, then summed.
    Day,
}

clause! {
    /// `[money]`
    pub struct Money {
        /// Rounding of the amount.
        pub rounding: Rounding,
        /// Where it applies.
        pub level: MoneyLevel,
        /// Rounding of `hours` (display only).
        pub hours_rounding: Rounding,
    }
}
