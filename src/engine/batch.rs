//! A month's records in compact, interned form: what the calculation reads.
//!
//! A whole institute's month is millions of rows; holding each as owned strings would cost
//! hundreds of megabytes. A [`Batch`] keeps each attendance row in 40 bytes and each session
//! row in 32: employees, files, codes and meetings become small integers, and a Teams
//! participant is resolved to an employee (or to "a citizen") as the row arrives, so that no
//! citizen's name is kept at all. Rows that cannot be used are reported as they arrive.
//!
//! The attendance part and the sessions part fill independently (on two threads, if the
//! caller wishes) and are joined into a [`Batch`].

use crate::hash::FastMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::{AttendanceRecord, Kind};
use crate::input::attendance::AttendanceRow;
use crate::input::sessions::SessionRow;
use crate::input::values::{meeting_label, shown};
use crate::register::{Employee, Lookup, Register};
use crate::sessions::{Role, SessionRecord};
use crate::time::Interval;

use super::Month;

/// A participant who is a citizen.
pub(crate) const CITIZEN: u32 = u32::MAX;
/// A participant who is staff but not computable (an id on several register rows).
pub(crate) const OTHER_STAFF: u32 = u32::MAX - 1;

/// The longest connection read from a Teams log: Teams ends a meeting after 30 hours.
pub const MAX_CONNECTION_SECONDS: i64 = 30 * 3600;

/// One attendance row of the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Att {
    pub span: Interval,
    pub date: NaiveDate,
    pub emp: u32,
    pub line: u32,
    pub code: u16,
    pub file: u16,
    pub kind: Kind,
}

/// One Teams session row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ses {
    pub span: Interval,
    pub meeting: u32,
    /// An employee index, [`CITIZEN`] or [`OTHER_STAFF`].
    pub who: u32,
    pub line: u32,
    pub file: u16,
    pub role: Role,
}

/// The register's usable employees, indexed.
#[derive(Clone, Debug)]
pub(crate) struct Staff<'r> {
    pub register: &'r Register,
    pub list: Vec<&'r Employee>,
    index: FastMap<&'r str, u32>,
}

impl<'r> Staff<'r> {
    fn new(register: &'r Register) -> Self {
        let list: Vec<&Employee> = register.employees().collect();
        let index = list.iter().enumerate().map(|(i, e)| (e.id.as_str(), i as u32)).collect();
        Staff { register, list, index }
    }
}

/// Interns file names; a month rarely has more than a few thousand files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Files {
    pub names: Vec<Arc<str>>,
}

impl Files {
    fn index(&mut self, file: &Arc<str>) -> u16 {
        if let Some(i) = self.names.iter().rposition(|f| Arc::ptr_eq(f, file) || f == file) {
            return i as u16;
        }
        // Beyond 65,535 files the last index is reused: lines stay right, the name may not.
        self.names.push(Arc::clone(file));
        (self.names.len() - 1).min(usize::from(u16::MAX)) as u16
    }

    pub fn source(&self, file: u16, line: u32) -> SourceRef {
        match self.names.get(usize::from(file)) {
            Some(f) => SourceRef::new(f, u64::from(line)),
            None => SourceRef { file: Arc::from("?"), line: u64::from(line) },
        }
    }
}

/// The attendance rows of a month, as they are read.
#[derive(Debug)]
pub struct AttendancePart<'r> {
    staff: Staff<'r>,
    month: Month,
    pub(crate) files: Files,
    pub(crate) codes: Vec<Box<str>>,
    code_index: FastMap<Box<str>, u16>,
    pub(crate) rows: Vec<Att>,
    pub(crate) anomalies: Vec<Anomaly>,
}

impl<'r> AttendancePart<'r> {
    /// An empty part for the month.
    pub fn new(register: &'r Register, month: Month) -> Self {
        AttendancePart {
            staff: Staff::new(register),
            month,
            files: Files::default(),
            codes: Vec::new(),
            code_index: FastMap::default(),
            rows: Vec::new(),
            anomalies: Vec::new(),
        }
    }

    /// Takes one row: an unknown employee or a day outside the month is reported here.
    pub fn push(&mut self, file: &Arc<str>, row: &AttendanceRow<'_>) {
        let Some(&emp) = self.staff.index.get(row.employee_id) else {
            let (code, why) = if self.staff.register.is_conflicting(row.employee_id) {
                (Code::DuplicateEmployee, "is on several rows of the staff register")
            } else {
                (Code::UnknownEmployee, "is not in the staff register")
            };
            self.anomalies.push(
                Anomaly::new(
                    code,
                    Some(SourceRef::new(file, row.line)),
                    format!("field \"employee_id\": {} {why}; row not used", shown(row.employee_id)),
                )
                .employee(row.employee_id)
                .on(row.date.to_string()),
            );
            return;
        };
        if !self.month.contains(row.date) {
            self.anomalies.push(
                Anomaly::new(
                    Code::OutsideMonth,
                    Some(SourceRef::new(file, row.line)),
                    format!("{} is outside {}; row not used", row.date, self.month),
                )
                .employee(row.employee_id)
                .on(row.date.to_string()),
            );
            return;
        }
        let code = match self.code_index.get(row.code) {
            Some(&c) => c,
            None => {
                let c = self.codes.len().min(usize::from(u16::MAX)) as u16;
                if self.codes.len() < usize::from(u16::MAX) {
                    self.codes.push(row.code.into());
                    self.code_index.insert(row.code.into(), c);
                }
                c
            }
        };
        let file = self.files.index(file);
        let line = u32::try_from(row.line).unwrap_or(u32::MAX);
        self.rows.push(Att { span: row.span, date: row.date, emp, line, code, file, kind: row.kind });
    }

    /// Takes an owned record.
    pub fn push_record(&mut self, r: &AttendanceRecord) {
        let row = AttendanceRow {
            employee_id: &r.employee_id,
            date: r.date,
            span: r.span,
            whole_day: r.whole_day,
            kind: r.kind,
            code: &r.code,
            line: r.source.line,
        };
        self.push(&r.source.file, &row);
    }
}

/// The Teams session rows of a month, as they are read.
#[derive(Debug)]
pub struct SessionPart<'r> {
    staff: Staff<'r>,
    pub(crate) files: Files,
    meeting_index: FastMap<Box<str>, u32>,
    last_meeting: Option<(Box<str>, u32)>,
    pub(crate) rows: Vec<Ses>,
    pub(crate) anomalies: Vec<Anomaly>,
}

impl<'r> SessionPart<'r> {
    /// An empty part.
    pub fn new(register: &'r Register) -> Self {
        SessionPart {
            staff: Staff::new(register),
            files: Files::default(),
            meeting_index: FastMap::default(),
            last_meeting: None,
            rows: Vec::new(),
            anomalies: Vec::new(),
        }
    }

    /// Takes one row: the participant is matched to staff now, and only the result is kept.
    pub fn push(&mut self, file: &Arc<str>, row: &SessionRow<'_>) {
        if row.span.seconds() > MAX_CONNECTION_SECONDS {
            // Teams ends a meeting after 30 hours: a longer connection is a broken export, not
            // time to pay.
            self.anomalies.push(Anomaly::new(
                Code::BadValue,
                Some(SourceRef::new(file, row.line)),
                format!(
                    "meeting {}: field \"leave\": a connection of more than 30 hours (from join to leave); row not used",
                    meeting_label(row.meeting_id)
                ),
            ));
            return;
        }
        let who = match self.staff.register.lookup(row.participant, row.upn) {
            Lookup::Citizen => CITIZEN,
            Lookup::Staff(id) => self.staff.index.get(id).copied().unwrap_or(OTHER_STAFF),
            Lookup::Ambiguous(ids) => {
                self.anomalies.push(Anomaly::new(
                    Code::AmbiguousParticipant,
                    Some(SourceRef::new(file, row.line)),
                    format!(
                        "meeting {}: the participant's name matches several staff members ({}); counted neither as staff nor as citizen — add their Teams address to staff.csv",
                        meeting_label(row.meeting_id),
                        ids.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
                    ),
                ));
                return;
            }
        };
        // A meeting's rows usually come together: the last id is checked first, then the map;
        // a key is allocated only for a new meeting.
        let meeting = match self.last_meeting {
            Some((ref id, index)) if **id == *row.meeting_id => index,
            _ => {
                let index = match self.meeting_index.get(row.meeting_id) {
                    Some(&i) => i,
                    None => {
                        let i = self.meeting_index.len() as u32;
                        self.meeting_index.insert(row.meeting_id.into(), i);
                        i
                    }
                };
                self.last_meeting = Some((row.meeting_id.into(), index));
                index
            }
        };
        let file = self.files.index(file);
        let line = u32::try_from(row.line).unwrap_or(u32::MAX);
        self.rows.push(Ses { span: row.span, meeting, who, line, file, role: row.role });
    }

    /// Takes an owned record.
    pub fn push_record(&mut self, r: &SessionRecord) {
        let row = SessionRow {
            meeting_id: &r.meeting_id,
            participant: &r.participant,
            upn: &r.upn,
            role: r.role,
            span: r.span,
            line: r.source.line,
        };
        self.push(&r.source.file, &row);
    }
}

/// A month's records, ready for [`super::compute_batch`].
#[derive(Debug)]
pub struct Batch<'r> {
    pub(crate) staff: Staff<'r>,
    pub(crate) month: Month,
    pub(crate) att_files: Files,
    pub(crate) codes: Vec<Box<str>>,
    pub(crate) attendance: Vec<Att>,
    pub(crate) ses_files: Files,
    /// Meeting ids by index.
    pub(crate) meetings: Vec<Box<str>>,
    pub(crate) sessions: Vec<Ses>,
    pub(crate) anomalies: Vec<Anomaly>,
}

impl<'r> Batch<'r> {
    /// Joins the two parts.
    pub fn new(att: AttendancePart<'r>, ses: SessionPart<'r>) -> Self {
        let mut meetings: Vec<Box<str>> = vec![Box::from(""); ses.meeting_index.len()];
        for (id, i) in ses.meeting_index {
            if let Some(slot) = meetings.get_mut(i as usize) {
                *slot = id;
            }
        }
        let mut anomalies = att.anomalies;
        anomalies.extend(ses.anomalies);
        Batch {
            staff: att.staff,
            month: att.month,
            att_files: att.files,
            codes: att.codes,
            attendance: att.rows,
            ses_files: ses.files,
            meetings,
            sessions: ses.rows,
            anomalies,
        }
    }

    /// A batch of owned records (what tests and small callers have).
    pub fn from_records(
        register: &'r Register,
        month: Month,
        attendance: &[AttendanceRecord],
        sessions: &[SessionRecord],
    ) -> Self {
        let mut a = AttendancePart::new(register, month);
        for r in attendance {
            a.push_record(r);
        }
        let mut s = SessionPart::new(register);
        for r in sessions {
            s.push_record(r);
        }
        Batch::new(a, s)
    }

    /// The anomalies found while the rows arrived (unknown employees, days outside the month,
    /// ambiguous participants), taken out of the batch.
    pub fn take_anomalies(&mut self) -> Vec<Anomaly> {
        std::mem::take(&mut self.anomalies)
    }

    pub(crate) fn employee(&self, emp: u32) -> Option<&'r Employee> {
        self.staff.list.get(emp as usize).copied()
    }

    pub(crate) fn meeting_id(&self, meeting: u32) -> &str {
        self.meetings.get(meeting as usize).map_or("", |m| m)
    }

    pub(crate) fn code(&self, code: u16) -> &str {
        self.codes.get(usize::from(code)).map_or("", |c| c)
    }
}
