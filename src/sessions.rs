//! Teams session records: who was connected to which meeting, when, in which role.
//!
//! This is the engine's interchange form of Teams data, whatever export it came from: one
//! record per connected interval of one participant in one meeting.

use crate::anomaly::SourceRef;
use crate::time::Interval;

/// A participant's role in a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The meeting's organizer (or co-organizer).
    Organizer,
    /// A presenter.
    Presenter,
    /// An attendee.
    Attendee,
}

impl Role {
    /// `organizer`, `presenter` or `attendee`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organizer => "organizer",
            Role::Presenter => "presenter",
            Role::Attendee => "attendee",
        }
    }

    /// Reads a role in any case.
    pub fn parse(text: &str) -> Option<Role> {
        let t = crate::cell::trim(text);
        let is = |name: &str| t.eq_ignore_ascii_case(name);
        if is("attendee") {
            Some(Role::Attendee)
        } else if is("organizer") || is("organiser") || is("co-organizer") || is("coorganizer") {
            Some(Role::Organizer)
        } else if is("presenter") {
            Some(Role::Presenter)
        } else {
            None
        }
    }
}

/// One connected interval of one participant in one meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// The meeting's id, unique per meeting occurrence.
    pub meeting_id: String,
    /// The display name as exported. Used only to match staff; never written to any output for
    /// a citizen.
    pub participant: String,
    /// The sign-in address or e-mail, possibly empty.
    pub upn: String,
    /// The participant's role.
    pub role: Role,
    /// The connected instants.
    pub span: Interval,
    /// File and line.
    pub source: SourceRef,
}
