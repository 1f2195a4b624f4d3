//! Anomalies: every input row that was not used as written, and every fact resolved by a policy.
//!
//! An anomaly names where it comes from ([`SourceRef`]: file and line), whom it concerns, a
//! stable [`Code`] that programs can key on, and a message for people. Messages never carry a
//! citizen's name or address: an anomaly about a citizen's row names the file, line and meeting.
//!
//! Severity decides the exit code (DESIGN.md section 5): [`Severity::Info`] notes (a no-show
//! meeting, a kind the contract does not pay) leave it at 0; warnings and errors make it 1.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::message::Message;

/// How serious an anomaly is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Explains a decision; the input was used as intended.
    Info,
    /// Part of an input was not used, or was read by a policy; results may need a look.
    Warning,
    /// An input row or person could not be used at all; someone must correct the data.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $text:literal, $sev:ident; )*) => {
        /// The stable anomaly codes. The text form (`UNKNOWN_EMPLOYEE`) is part of the output
        /// contract: never rename one, only add.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum Code { $( $(#[$doc])* $name, )* }

        impl Code {
            /// Every code, in declaration order (for documentation and tests).
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];
            /// The code as written in outputs.
            pub fn as_str(self) -> &'static str { match self { $( Code::$name => $text, )* } }
            /// The severity this code always carries.
            pub fn severity(self) -> Severity { match self { $( Code::$name => Severity::$sev, )* } }
        }
    };
}

codes! {
    /// A required value is empty.
    MissingValue = "MISSING_VALUE", Error;
    /// A value cannot be read (a date, time, number, kind, role…).
    BadValue = "BAD_VALUE", Error;
    /// The row has fewer cells than the header.
    ShortRow = "SHORT_ROW", Error;
    /// An interval ends before it starts.
    EndBeforeStart = "END_BEFORE_START", Error;
    /// An interval starts and ends at the same instant: nothing to count.
    EmptyInterval = "EMPTY_INTERVAL", Warning;
    /// The employee id is not in the staff register.
    UnknownEmployee = "UNKNOWN_EMPLOYEE", Warning;
    /// Two register rows share an employee id; the employee is left out until it is fixed.
    DuplicateEmployee = "DUPLICATE_EMPLOYEE", Error;
    /// The row lies outside the month being computed.
    OutsideMonth = "OUTSIDE_MONTH", Info;
    /// A wall time fell in the autumn fold and was read as its first occurrence.
    DstFold = "DST_FOLD", Warning;
    /// A wall time fell in the spring gap and was moved forward by the gap's length.
    DstGap = "DST_GAP", Warning;
    /// The rule set does not pay this attendance kind (e.g. specialist consultation in 2025).
    KindNotQualifying = "KIND_NOT_QUALIFYING", Info;
    /// Qualifying in-person time outside on-site presence was cut off.
    OutsidePresence = "OUTSIDE_PRESENCE", Warning;
    /// Qualifying time overlapping an absence was cut off.
    AbsenceOverlap = "ABSENCE_OVERLAP", Warning;
    /// The rule set does not recognise remote consultation on that day.
    RemoteNotRecognised = "REMOTE_NOT_RECOGNISED", Info;
    /// A staff member took part in a meeting in a role that does not qualify (attendee).
    RoleNotQualifying = "ROLE_NOT_QUALIFYING", Info;
    /// A meeting gave the employee less consultation than the minimum (no-show, failed call).
    BelowMinimumConsultation = "BELOW_MINIMUM_CONSULTATION", Info;
    /// Remote consultation outside the day's working time was cut off.
    OutsideWorkingTime = "OUTSIDE_WORKING_TIME", Warning;
    /// Two meetings of the employee overlapped; the common time counts once.
    OverlappingMeetings = "OVERLAPPING_MEETINGS", Info;
    /// Time already paid through the other channel was not counted again.
    ChannelOverlap = "CHANNEL_OVERLAP", Info;
    /// A participant's name matches several staff members: neither staff nor citizen.
    AmbiguousParticipant = "AMBIGUOUS_PARTICIPANT", Error;
    /// No participant of a meeting is in the staff register (an organizer's address or name
    /// missing from staff.csv?): the meeting counts for no one.
    NoStaffParticipant = "NO_STAFF_PARTICIPANT", Warning;
    /// An employee has qualifying time but no usable hourly base: no payroll row.
    NoBase = "NO_BASE", Error;
    /// No rule set covers a day with qualifying time.
    NoRuleSet = "NO_RULE_SET", Warning;
    /// Time removed by a daily minimum, daily cap or monthly cap of the rule set.
    LimitApplied = "LIMIT_APPLIED", Info;
    /// A participant's leave time was missing and was taken from the report's end.
    MissingLeave = "MISSING_LEAVE", Warning;
    /// The same meeting was given twice (two files, or CSV and JSON); the copy was ignored.
    DuplicateMeeting = "DUPLICATE_MEETING", Info;
    /// A row repeats another row exactly; it counts once.
    DuplicateRow = "DUPLICATE_ROW", Info;
    /// A written duration disagrees with the timestamps; the timestamps were used.
    DurationMismatch = "DURATION_MISMATCH", Info;
    /// A whole input file could not be read.
    UnreadableFile = "UNREADABLE_FILE", Error;
    /// A figure is too large to compute exactly (an absurd base or interval).
    Overflow = "OVERFLOW", Error;
    /// A quote opens a cell and is not closed on its line: the line is not used (a stray `"`
    /// typed in a cell would otherwise swallow the rest of the file).
    UnclosedQuote = "UNCLOSED_QUOTE", Error;
    /// A hidden entry of a Teams folder (its name starts with a dot) was not read.
    HiddenEntry = "HIDDEN_ENTRY", Info;
    /// An entry of a Teams folder that is not a regular file (a symbolic link, a FIFO, a device,
    /// a socket) was not read.
    SkippedEntry = "SKIPPED_ENTRY", Warning;
    /// A file's rows do not add up: some were neither used nor reported. An engine fault, never
    /// an input's: the run says so rather than lose rows in silence.
    RowsUnaccounted = "ROWS_UNACCOUNTED", Error;
    /// A participant matched to an employee by display name only, in a meeting where that
    /// employee is present by address: counted as a citizen (a homonym, or a guest who took
    /// the name).
    HomonymParticipant = "HOMONYM_PARTICIPANT", Warning;
    /// Two Graph identities of one meeting carry the same address: it was kept only by the
    /// identity it belongs to, the other was read without it (two identities are two people).
    SharedAddress = "SHARED_ADDRESS", Warning;
    /// The `part_time_pct` cell of a register row is empty (the column is in the file): the
    /// employee is read as full time (100). No anomaly when the file has no such column.
    MissingPartTime = "MISSING_PART_TIME", Warning;
    /// An employee's hourly base (the register's, or the monthly base over the divisor) is
    /// outside the plausible range the rule set declares (`[hourly_base] plausible_eur`); the
    /// amount is computed with it all the same.
    ImplausibleBase = "IMPLAUSIBLE_BASE", Warning;
    /// On one day, the employee's in-person service (front office, appointments, specialist
    /// consultation, united) lasts longer than their presence: one per employee and day.
    ServiceExceedsPresence = "SERVICE_EXCEEDS_PRESENCE", Warning;
    /// An attendance row repeats another exactly (employee, date, start, end, kind and code):
    /// the first (by file and line) is kept, the repeat is not used.
    DuplicateAttendance = "DUPLICATE_ATTENDANCE", Warning;
    /// A Teams interval starts more than 60 s before its meeting's stated start or ends more
    /// than 60 s after its stated end; it is used as written.
    IntervalOutsideMeeting = "INTERVAL_OUTSIDE_MEETING", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a fact comes from: a file and a 1-based line (the header is line 1). Ordered by file
/// name, then line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceRef {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// The 1-based line, or 0 when the fact concerns the whole file.
    pub line: u64,
}

impl SourceRef {
    /// A position in a file.
    pub fn new(file: &Arc<str>, line: u64) -> Self {
        SourceRef { file: Arc::clone(file), line }
    }
}

impl Ord for SourceRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Most references of a run share a handful of names: the same `Arc` needs no compare.
        let file =
            if Arc::ptr_eq(&self.file, &other.file) { std::cmp::Ordering::Equal } else { self.file.cmp(&other.file) };
        file.then(self.line.cmp(&other.line))
    }
}

impl PartialOrd for SourceRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One reported fact.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anomaly {
    /// File and line, when the fact comes from one row.
    pub source: Option<SourceRef>,
    /// The stable code.
    pub code: Code,
    /// The employee concerned, if known.
    pub employee_id: Option<String>,
    /// The Rome day concerned, `YYYY-MM-DD`, if any.
    pub date: Option<String>,
    /// A sentence for people, in Italian and English; never a citizen's name or address.
    pub message: Message,
}

impl Anomaly {
    /// A new anomaly with no employee or date.
    pub fn new(code: Code, source: Option<SourceRef>, message: impl Into<Message>) -> Self {
        Anomaly { source, code, employee_id: None, date: None, message: message.into() }
    }

    /// Names the employee concerned.
    pub fn employee(mut self, id: impl Into<String>) -> Self {
        self.employee_id = Some(id.into());
        self
    }

    /// Names the day concerned.
    pub fn on(mut self, date: impl Into<String>) -> Self {
        self.date = Some(date.into());
        self
    }

    /// The severity, fixed by the code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Sorts anomalies into their stable output order: by file, line, code, employee, date,
/// message. Inputs given in another order still produce the same list when lines match.
pub fn sort(anomalies: &mut [Anomaly]) {
    // The order is total (equal anomalies are identical), so an unstable sort is the same.
    anomalies.sort_unstable();
}

/// True when any anomaly should make the run exit with code 1.
pub fn needs_attention(anomalies: &[Anomaly]) -> bool {
    anomalies.iter().any(|a| a.severity() >= Severity::Warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'));
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn info_does_not_need_attention() {
        let info = Anomaly::new(Code::BelowMinimumConsultation, None, "no-show");
        assert!(!needs_attention(std::slice::from_ref(&info)));
        let warn = Anomaly::new(Code::OutsidePresence, None, "cut");
        assert!(needs_attention(&[info, warn]));
    }
}
