//! A month's records in compact, interned form: what the calculation reads.
//!
//! A whole institute's month is millions of rows; holding each as owned strings would cost
//! hundreds of megabytes. A [`Batch`] keeps each attendance row in 40 bytes and each session
//! row in 32: employees, files, codes and meetings become small integers, and a Teams
//! participant is resolved to an employee (or to "a citizen") as the row arrives, so that no
//! citizen's name is kept at all. Rows that cannot be used are reported as they arrive.
//!
//! A large file is read on several threads, each filling its own part against the shared
//! [`Staff`] index; the parts are joined in file order, so the batch is the one a single thread
//! would have built.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::{AttendanceRecord, Kind};
use crate::hash::FastMap;
use crate::input::attendance::AttendanceRow;
use crate::input::sessions::SessionRow;
use crate::input::sessions::MEETING_ROW_NOT_USED;
use crate::input::table::FileRows;
use crate::input::values::{field_not_used, meeting_arg, shown};
use crate::message::{Arg, Message, Template};
use crate::register::{address_key, normalise_name_into, one_or_ambiguous, Employee, Lookup, Register, Tagged};
use crate::sessions::{Role, SessionRecord};
use crate::time::Interval;

use crate::time::Month;

use super::intern::{hash, Interner, Strings};

/// A participant who is a citizen.
pub(crate) const CITIZEN: u32 = u32::MAX;
/// A participant who is staff but not computable (an id on several register rows).
pub(crate) const OTHER_STAFF: u32 = u32::MAX - 1;

/// The longest connection read from a Teams log: Teams ends a meeting after 30 hours.
pub const MAX_CONNECTION_SECONDS: i64 = 30 * 3600;

static NOT_IN_REGISTER: Template =
    Template { it: "{0} non è nell'anagrafica del personale", en: "{0} is not in the staff register" };
static ON_SEVERAL_ROWS: Template = Template {
    it: "{0} è su più righe dell'anagrafica del personale",
    en: "{0} is on several rows of the staff register",
};
static OUTSIDE_MONTH: Template =
    Template { it: "{0} è fuori dal mese {1}; riga non usata", en: "{0} is outside {1}; row not used" };
static TOO_LONG: Template = Template {
    it: "una connessione di più di 30 ore (dall'ingresso all'uscita)",
    en: "a connection of more than 30 hours (from join to leave)",
};
static AMBIGUOUS: Template = Template {
    it: "riunione {0}: il nome del partecipante corrisponde a più dipendenti ({1}); non è contato né come \
         dipendente né come cittadino — aggiungere in staff.csv gli indirizzi Teams di questi dipendenti",
    en: "meeting {0}: the participant's name matches several staff members ({1}); counted neither as staff \
         nor as citizen — add their Teams address to staff.csv",
};

/// One attendance row of the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Att {
    pub span: Interval,
    pub date: NaiveDate,
    pub emp: u32,
    pub line: u32,
    pub code: u32,
    pub file: u16,
    pub kind: Kind,
}

/// One Teams session row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ses {
    pub span: Interval,
    /// The meeting id's number in [`Batch::meetings`]: as read, the run of rows it came in;
    /// once the calculation has grouped the rows, the number of the meeting's first run.
    pub meeting: u32,
    /// An employee index, [`CITIZEN`] or [`OTHER_STAFF`].
    pub who: u32,
    pub line: u32,
    pub file: u16,
    pub role: Role,
    /// True when `who` is an employee matched by display name only (no address, or one not in
    /// the register): in a meeting where that employee is present by address, the row is a
    /// homonym's, a citizen's ([`crate::engine`]'s meetings). The struct's one spare byte.
    pub by_name: bool,
}

/// Who a participant is, as the batch records it.
#[derive(Clone, Copy, Debug)]
enum Who<'r> {
    /// An employee index, [`CITIZEN`] or [`OTHER_STAFF`].
    One(u32),
    /// The name matches several employees.
    Ambiguous(&'r [String]),
}

/// The register's usable employees, indexed by id, Teams address and normalised name: built
/// once per run and shared by every thread that reads rows.
#[derive(Clone, Debug)]
pub struct Staff<'r> {
    pub(crate) register: &'r Register,
    pub(crate) list: Vec<&'r Employee>,
    index: FastMap<&'r str, u32>,
    by_address: FastMap<&'r str, Who<'r>>,
    by_name: FastMap<&'r str, Who<'r>>,
}

impl<'r> Staff<'r> {
    /// Indexes the register.
    pub fn new(register: &'r Register) -> Self {
        let list: Vec<&Employee> = register.employees().collect();
        let index: FastMap<&str, u32> = list.iter().enumerate().map(|(i, e)| (e.id.as_str(), i as u32)).collect();
        // The decision of `Register::lookup`, taken once per key instead of once per row.
        let who = |ids: &'r [String]| -> Who<'r> {
            match one_or_ambiguous(ids) {
                Lookup::Staff(id) => Who::One(index.get(id).copied().unwrap_or(OTHER_STAFF)),
                Lookup::Citizen => Who::One(CITIZEN),
                Lookup::Ambiguous(ids) => Who::Ambiguous(ids),
            }
        };
        let by_address = register.addresses().map(|(k, ids)| (k, who(ids))).collect();
        let by_name = register.names().map(|(k, ids)| (k, who(ids))).collect();
        Staff { register, list, index, by_address, by_name }
    }

    /// Who a participant is, as [`Register::identify`] decides, and whether by name only;
    /// `buf` is scratch space.
    fn who(&self, display_name: &str, address: &str, buf: &mut String) -> (Who<'r>, bool) {
        if let Some(&w) = address_key(address, buf).and_then(|key| self.by_address.get(key)) {
            return (w, false);
        }
        if normalise_name_into(display_name, buf) == Tagged::Guest {
            // A guest chooses their display name: it never makes them staff.
            return (Who::One(CITIZEN), false);
        }
        match self.by_name.get(buf.as_str()) {
            Some(&w) => (w, true),
            None => (Who::One(CITIZEN), false),
        }
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

    /// The indices of `other`'s files among these (added if new).
    fn absorb(&mut self, other: &Files) -> Vec<u16> {
        other.names.iter().map(|f| self.index(f)).collect()
    }

    pub fn source(&self, file: u16, line: u32) -> SourceRef {
        match self.names.get(usize::from(file)) {
            Some(f) => SourceRef::new(f, u64::from(line)),
            None => SourceRef { file: Arc::from("?"), line: u64::from(line) },
        }
    }
}

/// The attendance rows of a month, as they are read: one part per thread, then joined with
/// [`AttendancePart::append`] in file order.
#[derive(Debug, Default)]
pub struct AttendancePart {
    pub(crate) files: Files,
    pub(crate) codes: Interner,
    pub(crate) rows: Vec<Att>,
    pub(crate) anomalies: Vec<Anomaly>,
    /// The employee and code of the last row: an export lists an employee's rows together.
    last: Option<(u32, u32)>,
}

impl AttendancePart {
    /// Takes one row: an unknown employee or a day outside the month is reported here. True
    /// when the row was kept, false when it was reported.
    pub fn push(&mut self, staff: &Staff<'_>, month: Month, file: &Arc<str>, row: &AttendanceRow<'_>) -> bool {
        let last = self.last.filter(|&(emp, _)| staff.list.get(emp as usize).is_some_and(|e| e.id == row.employee_id));
        let Some(emp) = last.map(|(emp, _)| emp).or_else(|| staff.index.get(row.employee_id).copied()) else {
            let (code, why) = if staff.register.is_conflicting(row.employee_id) {
                (Code::DuplicateEmployee, &ON_SEVERAL_ROWS)
            } else {
                (Code::UnknownEmployee, &NOT_IN_REGISTER)
            };
            let why = Message::new(why, [Arg::text(shown(row.employee_id))]);
            self.anomalies.push(
                Anomaly::new(code, Some(SourceRef::new(file, row.line)), field_not_used("employee_id", why))
                    .employee(row.employee_id)
                    .on(row.date.to_string()),
            );
            return false;
        };
        if !month.contains(row.date) {
            self.anomalies.push(
                Anomaly::new(
                    Code::OutsideMonth,
                    Some(SourceRef::new(file, row.line)),
                    Message::new(&OUTSIDE_MONTH, [Arg::Date(row.date), Arg::text(month.to_string())]),
                )
                .employee(row.employee_id)
                .on(row.date.to_string()),
            );
            return false;
        }
        let code = match last {
            Some((_, code)) if self.codes.get(code) == row.code => code,
            _ => self.codes.intern(row.code),
        };
        self.last = Some((emp, code));
        let file = self.files.index(file);
        let line = u32::try_from(row.line).unwrap_or(u32::MAX);
        self.rows.push(Att { span: row.span, date: row.date, emp, line, code, file, kind: row.kind });
        true
    }

    /// Takes an owned record.
    pub fn push_record(&mut self, staff: &Staff<'_>, month: Month, r: &AttendanceRecord) {
        let row = AttendanceRow {
            employee_id: &r.employee_id,
            date: r.date,
            span: r.span,
            whole_day: r.whole_day,
            kind: r.kind,
            code: &r.code,
            line: r.source.line,
        };
        self.push(staff, month, &r.source.file, &row);
    }

    /// Adds the rows of a part read after this one.
    pub fn append(&mut self, mut other: AttendancePart) {
        if self.rows.is_empty() && self.anomalies.is_empty() && self.codes.len() == 0 {
            std::mem::swap(self, &mut other);
            return;
        }
        let files = self.files.absorb(&other.files);
        let codes: Vec<u32> = other.codes.iter().map(|c| self.codes.intern(c)).collect();
        self.last = None;
        self.rows.extend(other.rows.into_iter().map(|mut r| {
            r.file = files.get(usize::from(r.file)).copied().unwrap_or(r.file);
            r.code = codes.get(r.code as usize).copied().unwrap_or(r.code);
            r
        }));
        self.anomalies.append(&mut other.anomalies);
    }
}

/// The Teams session rows of a month, as they are read: one part per thread, then joined with
/// [`SessionPart::append`] in file order.
#[derive(Debug, Default)]
pub struct SessionPart {
    pub(crate) files: Files,
    /// The meeting id of each run of rows that share one, in file order.
    pub(crate) meetings: Strings,
    pub(crate) rows: Vec<Ses>,
    pub(crate) anomalies: Vec<Anomaly>,
    /// Scratch space for normalising names.
    buf: String,
}

impl SessionPart {
    /// A part with room for about `rows` rows before it grows.
    pub fn with_capacity(rows: usize) -> Self {
        SessionPart { rows: Vec::with_capacity(rows), ..SessionPart::default() }
    }

    /// Takes one row: the participant is matched to staff now, and only the result is kept.
    /// True when the row was kept, false when it was reported.
    pub fn push(&mut self, staff: &Staff<'_>, file: &Arc<str>, row: &SessionRow<'_>) -> bool {
        if row.span.seconds() > MAX_CONNECTION_SECONDS {
            // Teams ends a meeting after 30 hours: a longer connection is a broken export, not
            // time to pay.
            self.anomalies.push(Anomaly::new(
                Code::BadValue,
                Some(SourceRef::new(file, row.line)),
                Message::new(
                    &MEETING_ROW_NOT_USED,
                    [
                        meeting_arg(row.meeting_id),
                        Arg::text("leave"),
                        Arg::Message(Box::new(Message::new(&TOO_LONG, []))),
                    ],
                ),
            ));
            return false;
        }
        let (who, by_name) = match staff.who(row.participant, row.upn, &mut self.buf) {
            (Who::One(who), by_name) => (who, by_name),
            (Who::Ambiguous(ids), _) => {
                self.anomalies.push(Anomaly::new(
                    Code::AmbiguousParticipant,
                    Some(SourceRef::new(file, row.line)),
                    Message::new(
                        &AMBIGUOUS,
                        [
                            meeting_arg(row.meeting_id),
                            Arg::text(ids.iter().map(String::as_str).collect::<Vec<_>>().join(", ")),
                        ],
                    ),
                ));
                return false;
            }
        };
        // A meeting's rows usually come together: its id is kept once per run. Runs of one
        // meeting are joined by the calculation ([`Batch::first_runs`]).
        let meeting = match self.meetings.last() {
            Some(last) if last == row.meeting_id => self.meetings.len() as u32 - 1,
            _ => self.meetings.push(row.meeting_id),
        };
        let file = self.files.index(file);
        let line = u32::try_from(row.line).unwrap_or(u32::MAX);
        self.rows.push(Ses { span: row.span, meeting, who, line, file, role: row.role, by_name });
        true
    }

    /// Takes an owned record.
    pub fn push_record(&mut self, staff: &Staff<'_>, r: &SessionRecord) {
        let row = SessionRow {
            meeting_id: &r.meeting_id,
            participant: &r.participant,
            upn: &r.upn,
            role: r.role,
            span: r.span,
            line: r.source.line,
        };
        self.push(staff, &r.source.file, &row);
    }

    /// Adds the rows of a part read after this one.
    pub fn append(&mut self, mut other: SessionPart) {
        if self.rows.is_empty() && self.anomalies.is_empty() && self.meetings.len() == 0 {
            std::mem::swap(self, &mut other);
            return;
        }
        let files = self.files.absorb(&other.files);
        let base = self.meetings.append(&other.meetings);
        self.rows.extend(other.rows.into_iter().map(|mut r| {
            r.file = files.get(usize::from(r.file)).copied().unwrap_or(r.file);
            r.meeting = r.meeting.saturating_add(base);
            r
        }));
        self.anomalies.append(&mut other.anomalies);
    }
}

/// A month's records, ready for [`crate::engine::compute_batch`].
#[derive(Debug)]
pub struct Batch<'r> {
    pub(crate) staff: Staff<'r>,
    pub(crate) month: Month,
    pub(crate) att_files: Files,
    pub(crate) codes: Interner,
    pub(crate) attendance: Vec<Att>,
    pub(crate) ses_files: Files,
    /// Meeting ids by number ([`Ses::meeting`]).
    pub(crate) meetings: Strings,
    pub(crate) sessions: Vec<Ses>,
    pub(crate) anomalies: Vec<Anomaly>,
    /// The rows of each table file read into the batch (set by the loader): read, used,
    /// reported.
    pub files_read: Vec<FileRows>,
    /// The rows of each tabular Teams export read into the batch.
    pub exports_read: Vec<FileRows>,
    /// Attendance rows that repeated another exactly, dropped by the first computation of the
    /// batch ([`crate::engine::compute_batch`]); every computation reports them, so that a batch
    /// computed under two rule selections gives each the same anomalies.
    pub(crate) duplicates: Vec<Anomaly>,
}

impl<'r> Batch<'r> {
    /// Joins the two parts.
    pub fn new(staff: Staff<'r>, month: Month, att: AttendancePart, ses: SessionPart) -> Self {
        let mut anomalies = att.anomalies;
        anomalies.extend(ses.anomalies);
        Batch {
            staff,
            month,
            att_files: att.files,
            codes: att.codes,
            attendance: att.rows,
            ses_files: ses.files,
            meetings: ses.meetings,
            sessions: ses.rows,
            anomalies,
            files_read: Vec::new(),
            exports_read: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    /// A batch of owned records (what tests and small callers have).
    pub fn from_records(
        register: &'r Register,
        month: Month,
        attendance: &[AttendanceRecord],
        sessions: &[SessionRecord],
    ) -> Self {
        let staff = Staff::new(register);
        let mut a = AttendancePart::default();
        for r in attendance {
            a.push_record(&staff, month, r);
        }
        let mut s = SessionPart::default();
        for r in sessions {
            s.push_record(&staff, r);
        }
        Batch::new(staff, month, a, s)
    }

    /// The anomalies found while the rows arrived (unknown employees, days outside the month,
    /// ambiguous participants), taken out of the batch.
    pub fn take_anomalies(&mut self) -> Vec<Anomaly> {
        std::mem::take(&mut self.anomalies)
    }

    /// The attendance rows kept for the month: of known employees, on days of the month (what
    /// a hint compares with the rows reported outside it).
    pub fn attendance_rows(&self) -> usize {
        self.attendance.len()
    }

    pub(crate) fn employee(&self, emp: u32) -> Option<&'r Employee> {
        self.staff.list.get(emp as usize).copied()
    }

    /// For each run of session rows (a meeting id's number as read), the number of the first
    /// run with the same id. Runs are sorted by the hash of their id, and only runs whose
    /// hashes are equal have their ids compared.
    pub(crate) fn first_runs(&self) -> Vec<u32> {
        self.first_runs_by(hash)
    }

    /// [`Batch::first_runs`] with the hash `key` (tests give one that collides).
    fn first_runs_by(&self, key: impl Fn(&str) -> u64) -> Vec<u32> {
        let mut by_key: Vec<(u64, u32)> = self.meetings.iter().zip(0..).map(|(id, run)| (key(id), run)).collect();
        by_key.sort_unstable();
        let mut first: Vec<u32> = (0..self.meetings.len() as u32).collect();
        for same_key in by_key.chunk_by_mut(|a, b| a.0 == b.0).filter(|runs| runs.len() > 1) {
            // By id, then (a stable sort) by run: the first run of each id leads its group.
            same_key.sort_by(|a, b| self.meetings.get(a.1).cmp(self.meetings.get(b.1)));
            for same_id in same_key.chunk_by(|a, b| self.meetings.get(a.1) == self.meetings.get(b.1)) {
                let lead = same_id.first().map_or(0, |r| r.1);
                for &(_, run) in same_id {
                    if let Some(f) = first.get_mut(run as usize) {
                        *f = lead;
                    }
                }
            }
        }
        first
    }

    pub(crate) fn meeting_id(&self, meeting: u32) -> &str {
        self.meetings.get(meeting)
    }

    pub(crate) fn code(&self, code: u32) -> &str {
        self.codes.get(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(meeting_id: &str, line: u64) -> SessionRecord {
        SessionRecord {
            meeting_id: meeting_id.to_string(),
            participant: format!("Cittadino {line}"),
            upn: String::new(),
            role: Role::Attendee,
            span: Interval::new(0, 60),
            source: SourceRef::new(&Arc::from("s.csv"), line),
        }
    }

    #[test]
    fn a_session_row_stays_within_32_bytes() {
        // 1.4 M rows for an institute: the flag "matched by name" took the spare byte.
        assert!(std::mem::size_of::<Ses>() <= 32, "{}", std::mem::size_of::<Ses>());
    }

    #[test]
    fn runs_of_one_meeting_id_are_joined_even_when_hashes_collide() {
        let register = Register::new(Vec::new());
        let month = Month { year: 2025, month: 10 };
        let ids = ["wm-1", "wm-1", "wm-2", "wm-1", "wm-3", "wm-2", "wm-2"];
        let rows: Vec<_> = ids.iter().zip(2..).map(|(id, line)| session(id, line)).collect();
        let batch = Batch::from_records(&register, month, &[], &rows);
        // One run per change of id, in file order.
        assert_eq!(batch.meetings.iter().collect::<Vec<_>>(), ["wm-1", "wm-2", "wm-1", "wm-3", "wm-2"]);
        let expected = vec![0, 1, 0, 3, 1];
        assert_eq!(batch.first_runs(), expected);
        // Every id with the same hash: the ids themselves still tell the meetings apart.
        assert_eq!(batch.first_runs_by(|_| 7), expected);
        // Two pieces read apart and joined give the runs of one piece, renumbered.
        let staff = Staff::new(&register);
        let (mut a, mut b) = (SessionPart::default(), SessionPart::default());
        rows[..3].iter().for_each(|r| a.push_record(&staff, r));
        rows[3..].iter().for_each(|r| b.push_record(&staff, r));
        a.append(b);
        let joined = Batch::new(staff, month, AttendancePart::default(), a);
        assert_eq!(joined.first_runs(), expected);
        assert_eq!(joined.sessions.iter().map(|r| r.meeting).collect::<Vec<_>>(), [0, 0, 1, 2, 3, 4, 4]);
    }
}
