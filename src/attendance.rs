//! Attendance records: the intervals and day codes of the attendance export.

use chrono::NaiveDate;

use crate::anomaly::SourceRef;
use crate::time::Interval;

/// What an attendance row records (the `kind` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// On-site presence (presenza).
    Presence,
    /// A lavoro agile (remote working) period.
    RemoteWork,
    /// Counter service, code MFOF.
    FrontOffice,
    /// Consultation by appointment (level-1 booked counters).
    Appointment,
    /// Specialist consultation by appointment (level 2).
    Specialist,
    /// An absence (leave, sickness…).
    Absence,
}

impl Kind {
    /// All kinds, in output order.
    pub const ALL: [Kind; 6] =
        [Kind::Presence, Kind::RemoteWork, Kind::FrontOffice, Kind::Appointment, Kind::Specialist, Kind::Absence];

    /// The name as written in attendance files and rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Presence => "presence",
            Kind::RemoteWork => "remote_work",
            Kind::FrontOffice => "front_office",
            Kind::Appointment => "appointment",
            Kind::Specialist => "specialist",
            Kind::Absence => "absence",
        }
    }

    /// Reads a kind, ignoring case, surrounding spaces, and `-` or space for `_`.
    pub fn parse(text: &str) -> Option<Kind> {
        // Exports write the names as they are: a plain comparison settles almost every row.
        if let Some(k) = Kind::ALL.into_iter().find(|k| k.as_str() == text) {
            return Some(k);
        }
        let t = text.trim().as_bytes();
        let same = |name: &str| {
            name.len() == t.len()
                && name.bytes().zip(t).all(|(n, &c)| {
                    let c = c.to_ascii_lowercase();
                    c == n || (n == b'_' && (c == b'-' || c == b' '))
                })
        };
        Kind::ALL.into_iter().find(|k| same(k.as_str()))
    }

    /// Kinds that can be paid as in-person service, when a rule set lists them.
    pub fn is_service(self) -> bool {
        matches!(self, Kind::FrontOffice | Kind::Appointment | Kind::Specialist)
    }
}

/// One usable attendance row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceRecord {
    /// The matricola.
    pub employee_id: String,
    /// The Rome calendar day of the row.
    pub date: NaiveDate,
    /// The instants covered; for a whole-day code, the whole Rome day.
    pub span: Interval,
    /// True for a row without start and end (a whole-day code).
    pub whole_day: bool,
    /// What the row records.
    pub kind: Kind,
    /// The giustificativo as written (MFOF, FERIE…), for reports.
    pub code: String,
    /// File and line.
    pub source: SourceRef,
}
