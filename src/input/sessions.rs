//! The normalised sessions CSV: `meeting_id,participant,upn,role,join,leave`.
//!
//! The engine's own interchange format for Teams data (the `teams normalize` command writes
//! it). `join` and `leave` are RFC 3339 instants with an offset or `Z`.

use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::formula::restore;
use crate::message::{Arg, Message, Template};
use crate::sessions::{Role, SessionRecord};
use crate::time::Interval;

use super::table::{self, Dialect};
use super::values::{meeting_arg, parse_rfc3339};
use super::InputError;

/// A session row refused for one of its fields: the meeting, the field, why.
pub(crate) static MEETING_ROW_NOT_USED: Template = Template {
    it: "riunione {0}: campo \"{1}\": {2}; riga non usata",
    en: "meeting {0}: field \"{1}\": {2}; row not used",
};
static EXPECTED_MEETING: Template = Template {
    it: "atteso l'identificativo della riunione, cella vuota",
    en: "expected the meeting's id, found nothing",
};
static EXPECTED_PARTICIPANT: Template = Template {
    it: "atteso un nome visualizzato o un indirizzo, non c'è né l'uno né l'altro",
    en: "expected a display name or an address, found neither",
};
static EXPECTED_ROLE: Template = Template {
    it: "atteso organizer, presenter o attendee (la cella non viene mostrata)",
    en: "expected organizer, presenter or attendee (the cell is not shown)",
};
static LEAVE_BEFORE_JOIN: Template =
    Template { it: "l'uscita è prima dell'ingresso", en: "the leave time is before the join time" };
static LEAVE_AT_JOIN: Template = Template {
    it: "l'uscita coincide con l'ingresso; niente da contare",
    en: "the leave time equals the join time; nothing to count",
};

/// The header of the normalised sessions file, in order.
pub const COLUMNS: &[&str] = &["meeting_id", "participant", "upn", "role", "join", "leave"];

/// One usable session row as read, its text borrowed from the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionRow<'a> {
    /// The meeting's id.
    pub meeting_id: &'a str,
    /// The display name.
    pub participant: &'a str,
    /// The address, possibly empty.
    pub upn: &'a str,
    /// The role.
    pub role: Role,
    /// The connected instants.
    pub span: Interval,
    /// The 1-based line.
    pub line: u64,
}

impl SessionRow<'_> {
    /// The owned record.
    pub fn to_record(&self, file: &Arc<str>) -> SessionRecord {
        SessionRecord {
            meeting_id: self.meeting_id.to_string(),
            participant: self.participant.to_string(),
            upn: self.upn.to_string(),
            role: self.role,
            span: self.span,
            source: SourceRef::new(file, self.line),
        }
    }
}

/// True when the header of `text`, as this reader reads it, has the `meeting_id` column: the
/// mark of the engine's own format. A file that has it but lacks another column is then refused
/// as a broken normalised file, never guessed by shape.
pub fn is_own_header(text: &str) -> bool {
    table::header_cells(text).iter().any(|c| table::column_key(c) == "meeting_id")
}

/// Reads the session rows. Messages name the file, line and meeting, never the participant.
pub fn read(
    file: &Arc<str>,
    bytes: &[u8],
    anomalies: &mut Vec<Anomaly>,
) -> Result<(Vec<SessionRecord>, Dialect), InputError> {
    let mut out = Vec::new();
    let (dialect, _) = table::read_rows(&Rows, file, bytes, anomalies, |row| {
        out.push(row.to_record(file));
        true
    })?;
    Ok((out, dialect))
}

/// Reads session rows without copying them, for [`table::read_rows`] and
/// [`table::read_from`]; each row is read on its own.
pub struct Rows;

impl table::RowReader for Rows {
    type State = ();
    type Row<'a> = SessionRow<'a>;
    const REQUIRED: &'static [&'static str] = REQUIRED;
    const OPTIONAL: &'static [&'static str] = OPTIONAL;

    fn read<'a>(
        &self,
        file: &Arc<str>,
        row: &table::Row<'a>,
        _: &mut (),
        anomalies: &mut Vec<Anomaly>,
    ) -> Option<SessionRow<'a>> {
        parse_row(file, row, anomalies)
    }
}

const REQUIRED: &[&str] = &["meeting_id", "participant", "role", "join", "leave"];
const OPTIONAL: &[&str] = &["upn"];

/// One row, or the anomaly that says why it cannot be used.
fn parse_row<'a>(file: &Arc<str>, row: &table::Row<'a>, anomalies: &mut Vec<Anomaly>) -> Option<SessionRow<'a>> {
    let src = || SourceRef::new(file, row.line);
    // The engine's own file: cells it neutralised against formulas are read as they were.
    let meeting = restore(row.get(0));
    let fail = |code: Code, field: &str, why: Message| {
        let message =
            Message::new(&MEETING_ROW_NOT_USED, [meeting_arg(meeting), Arg::text(field), Arg::Message(Box::new(why))]);
        Anomaly::new(code, Some(src()), message)
    };
    let said = |t: &'static Template| Message::new(t, []);
    if meeting.is_empty() {
        anomalies.push(fail(Code::MissingValue, "meeting_id", said(&EXPECTED_MEETING)));
        return None;
    }
    let participant = restore(row.get(1));
    let upn = restore(row.get(5));
    if participant.is_empty() && upn.is_empty() {
        anomalies.push(fail(Code::MissingValue, "participant", said(&EXPECTED_PARTICIPANT)));
        return None;
    }
    let Some(role) = Role::parse(row.get(2)) else {
        // Not shown: a hostile file could put anything in the cell.
        anomalies.push(fail(Code::BadValue, "role", said(&EXPECTED_ROLE)));
        return None;
    };
    let mut times = [0i64; 2];
    for (slot, field) in [(0, "join"), (1, "leave")] {
        let cell = row.get(3 + slot);
        match parse_rfc3339(cell) {
            Ok(t) => times[slot] = t,
            Err(why) => {
                let code = if cell.is_empty() { Code::MissingValue } else { Code::BadValue };
                anomalies.push(fail(code, field, why));
                return None;
            }
        }
    }
    let span = Interval::new(times[0], times[1]);
    if span.end < span.start {
        anomalies.push(fail(Code::EndBeforeStart, "leave", said(&LEAVE_BEFORE_JOIN)));
        return None;
    }
    if span.is_empty() {
        anomalies.push(fail(Code::EmptyInterval, "leave", said(&LEAVE_AT_JOIN)));
        return None;
    }
    Some(SessionRow { meeting_id: meeting, participant, upn, role, span, line: row.line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_never_echoes_names() {
        let file: Arc<str> = Arc::from("s.csv");
        let src = "Meeting_ID\tParticipant\tUPN\tRole\tJoin\tLeave\n\
                   m1\tOperatore Uno\top@inps.it\tOrganizer\t2025-10-06T09:00:00+02:00\t2025-10-06T09:30:00+02:00\n\
                   m1\tMario Segreto\t\tATTENDEE\t2025-10-06T07:05:00Z\t2025-10-06T07:25:00Z\n\
                   m1\tMario Segreto\t\tguest\t2025-10-06T07:05:00Z\t2025-10-06T07:25:00Z\n\
                   m1\tMario Segreto\t\tattendee\t2025-10-06T07:25:00Z\t2025-10-06T07:05:00Z\n\
                   m1\tMario Segreto\t\tattendee\tyesterday\t2025-10-06T07:05:00Z\n";
        let mut anomalies = Vec::new();
        let (rows, _) = read(&file, src.as_bytes(), &mut anomalies).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].span.seconds(), 1800);
        assert_eq!(rows[1].role, Role::Attendee);
        assert_eq!(rows[1].span.seconds(), 1200);
        let codes: Vec<_> = anomalies.iter().map(|a| a.code).collect();
        assert_eq!(codes, vec![Code::BadValue, Code::EndBeforeStart, Code::BadValue]);
        assert!(anomalies.iter().all(|a| !a.message.en().contains("Segreto")));
        assert!(anomalies[0].message.en().starts_with("meeting m1: field \"role\""));
    }

    #[test]
    fn cells_the_writer_neutralised_are_read_as_they_were() {
        let file: Arc<str> = Arc::from("s.csv");
        let src = "meeting_id,participant,upn,role,join,leave\n\
                   '-m1,'=Operatore,op@inps.it,organizer,2025-10-06T09:00:00+02:00,2025-10-06T09:30:00+02:00\n";
        let (rows, _) = read(&file, src.as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!((rows[0].meeting_id.as_str(), rows[0].participant.as_str()), ("-m1", "=Operatore"));
    }
}
