//! Format D: the live-event engagement report, comma CSV with UTC times.
//!
//! Header `Session Id,Participant Id,Full Name,UserAgent,UTC Event Timestamp,Action,Role`.
//! Columns are found by content where possible (the timestamp column, the action column, the
//! role column) and otherwise by header word (`session`, `participant id`, `name`), else by
//! position (0, 1, 2).
//!
//! Join and leave pair by Session Id: the first `Joined` and the last `Left` of a session make
//! its interval; further joins or leaves of the session are [`Code::DuplicateRow`]. A session
//! with no leave ends at the report's last timestamp ([`Code::MissingLeave`]); one with no join
//! is not used ([`Code::BadValue`]). A rejoin is a new session. `Participant Id` is the
//! participant's address when it holds an `@`. The meeting id hashes the first instant and the
//! sorted session ids; the event's start and end are unknown.

use std::collections::HashMap;
use std::sync::Arc;

use crate::anomaly::Code;
use crate::message::{Arg, Message, Template};
use crate::position::Position;
use crate::sessions::Role;
use crate::time::Instant;

use super::clock::{self, At, Evidence, Stamp, Zone};
use super::grid::Table;
use super::legacy::{line_arg, NO_TIME_COLUMN};
use super::vocab::{self, Action};
use super::{
    fixed, fnv1a64, safe_cell, DateOrder, DateOrderBasis, Format, Parsed, ReadOptions, Sink, TeamsError, TimeBasis, Who,
};

static NO_SESSION: Template =
    Template { it: "campo \"session id\": vuoto; riga non usata", en: "field \"session id\": empty; row not used" };
static BAD_TIME: Template = Template {
    it: "campo \"time\": attesi data e ora UTC, trovato {0}; riga non usata",
    en: "field \"time\": expected a UTC date and time, found {0}; row not used",
};
static BAD_ACTION: Template = Template {
    it: "campo \"action\": atteso Joined o Left; riga non usata",
    en: "field \"action\": expected Joined or Left; row not used",
};
static REPEATED_JOIN: Template = Template {
    it: "un ingresso ripetuto della sessione della riga {0}; è stato tenuto il primo ingresso",
    en: "a repeated join of the session of line {0}; the first join was kept",
};
static LEAVE_AGAIN: Template = Template {
    it: "un'uscita seguita da un'altra uscita della stessa sessione (riga {0}); è stata tenuta l'ultima uscita",
    en: "a leave followed by another leave of the same session (line {0}); the last leave was kept",
};
static BAD_ROLE: Template = Template {
    it: "campo \"role\": non è una parola di ruolo nota; letto come partecipante",
    en: "field \"role\": not a known role word; read as attendee",
};
static NO_LEAVE: Template = Template {
    it: "la sessione non ha uscita; è stata presa l'ultima ora del report ({0})",
    en: "the session has no leave; the report's last time ({0}) was taken",
};
static LEAVE_WITHOUT_JOIN: Template = Template {
    it: "un'uscita senza ingresso nella stessa sessione; non usata",
    en: "a leave with no join in the same session; not used",
};

struct Session<'a> {
    name: &'a str,
    upn: &'a str,
    role: Option<Role>,
    role_line: Option<u64>,
    join: Option<At>,
    leave: Option<At>,
}

/// Where the report's columns are.
struct Columns {
    time: usize,
    action: usize,
    role: Option<usize>,
    session: usize,
    id: usize,
    name: usize,
}

/// Finds the columns: the timestamps, actions and roles by content; the session, participant
/// id and name by header word, else by position. A table with no timestamps is refused.
fn columns(file: &Arc<str>, table: &Table) -> Result<Columns, TeamsError> {
    let width = table.width();
    let time = table.time_columns().first().copied().ok_or_else(|| TeamsError::Malformed {
        at: Position::new(file.to_string(), table.header.line),
        reason: fixed(&NO_TIME_COLUMN),
    })?;
    let action = (0..width).find(|&c| c != time && table.column_mostly(c, |x| vocab::action(x).is_some())).unwrap_or(5);
    let role = (0..width).find(|&c| table.column_mostly(c, |x| vocab::role(x).is_some()));
    let by_header = |pred: &dyn Fn(&str) -> bool, default: usize| {
        (0..width).find(|&c| pred(&vocab::fold(table.header.cell(c)))).unwrap_or(default)
    };
    let session = by_header(&|h| h.contains("session"), 0);
    let id = by_header(&|h| h.contains("participant") && h.contains("id"), 1);
    let name = by_header(&|h| h.contains("name"), 2);
    Ok(Columns { time, action, role, session, id, name })
}

/// Reads the live-event report's table.
pub(crate) fn read(file: &Arc<str>, table: &Table, opts: &ReadOptions, semicolons: bool) -> Result<Parsed, TeamsError> {
    let cols = columns(file, table)?;
    let stamps: Vec<Option<Stamp>> = table.rows.iter().map(|r| clock::parse_stamp(r.cell(cols.time))).collect();
    let (order, basis) = date_order(file, table, &cols, &stamps, opts, semicolons)?;
    let mut parsed = Parsed::new(Format::LiveEvent, TimeBasis::Utc);
    parsed.reads_rows(&table.rows);
    parsed.date_order = order;
    parsed.basis = basis;

    let ats: Vec<Option<At>> = table
        .rows
        .iter()
        .zip(&stamps)
        .map(|(r, s)| s.and_then(|s| clock::resolve(&s, order, Zone::Utc, r.line)))
        .collect();
    let first = ats.iter().flatten().map(|a| a.instant).min().unwrap_or(0);
    let last = ats.iter().flatten().map(|a| a.instant).max();
    let mut ids: Vec<&str> = table.rows.iter().map(|r| r.cell(cols.session)).filter(|s| !s.is_empty()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut parts = vec!["live-event".to_string(), first.to_string()];
    parts.extend(ids.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let mut sink = Sink::new(file, format!("live-{:016x}", fnv1a64(&refs)), None, None);

    let sessions = sessions(&mut sink, table, &cols, &ats);
    for s in &sessions {
        close(&mut sink, s, cols.role, last);
    }
    parsed.add(sink);
    Ok(parsed)
}

/// The day/month order, decided from every timestamp (a session's join and leave are a pair
/// that must not run backwards) and the language of the header.
fn date_order(
    file: &Arc<str>,
    table: &Table,
    cols: &Columns,
    stamps: &[Option<Stamp>],
    opts: &ReadOptions,
    semicolons: bool,
) -> Result<(Option<DateOrder>, DateOrderBasis), TeamsError> {
    let mut ev = Evidence::default();
    let mut join_of: HashMap<&str, usize> = HashMap::new();
    for (r, s) in table.rows.iter().zip(stamps) {
        let Some(s) = s else { continue };
        let i = ev.push(r.line, *s);
        match vocab::action(r.cell(cols.action)) {
            Some(Action::Joined | Action::JoinedBefore) => {
                join_of.entry(r.cell(cols.session)).or_insert(i);
            }
            Some(Action::Left) => {
                if let Some(&j) = join_of.get(r.cell(cols.session)) {
                    ev.pairs.push((j, i));
                }
            }
            None => {}
        }
    }
    let words = table.header.cells.iter().map(String::as_str);
    clock::decide(&ev, vocab::language(words), opts.date_order, semicolons)
        .map_err(|reason| TeamsError::DateOrder { at: Position::whole_file(file.to_string()), reason })
}

/// The sessions in order of first appearance, each with its first join, last leave and first
/// role; every row not used so is reported.
fn sessions<'t>(sink: &mut Sink, table: &'t Table, cols: &Columns, ats: &[Option<At>]) -> Vec<Session<'t>> {
    let mut order_of: HashMap<&str, usize> = HashMap::new();
    let mut sessions: Vec<Session<'_>> = Vec::new();
    for (r, at) in table.rows.iter().zip(ats) {
        let line = r.line;
        let session = r.cell(cols.session);
        if session.is_empty() {
            sink.note(Code::MissingValue, line, fixed(&NO_SESSION));
            continue;
        }
        let Some(at) = *at else {
            let cell = r.cell(cols.time);
            let code = if cell.is_empty() { Code::MissingValue } else { Code::BadValue };
            sink.note(code, line, Message::new(&BAD_TIME, [safe_cell(cell)]));
            continue;
        };
        let Some(action) = vocab::action(r.cell(cols.action)) else {
            sink.note(Code::BadValue, line, fixed(&BAD_ACTION));
            continue;
        };
        let slot = *order_of.entry(session).or_insert_with(|| {
            let id = r.cell(cols.id);
            sessions.push(Session {
                name: r.cell(cols.name),
                upn: if id.contains('@') { id } else { "" },
                role: None,
                role_line: None,
                join: None,
                leave: None,
            });
            sessions.len() - 1
        });
        let Some(s) = sessions.get_mut(slot) else { continue };
        if s.role.is_none() {
            s.role = cols.role.and_then(|c| vocab::role(r.cell(c)));
            s.role_line = Some(line);
        }
        match action {
            Action::Joined | Action::JoinedBefore => match s.join {
                None => s.join = Some(at),
                Some(first) => {
                    sink.note(Code::DuplicateRow, line, Message::new(&REPEATED_JOIN, [Arg::Int(line_arg(first.line))]))
                }
            },
            Action::Left => {
                if let Some(prev) = s.leave.replace(at) {
                    sink.note(Code::DuplicateRow, prev.line, Message::new(&LEAVE_AGAIN, [Arg::Int(line_arg(line))]));
                }
            }
        }
    }
    sessions
}

/// One session's interval: join to leave, or to the report's `last` time when it has no leave
/// (reported); a session with no join is reported and not used.
fn close(sink: &mut Sink, s: &Session<'_>, role_col: Option<usize>, last: Option<Instant>) {
    let role = match (role_col, s.role) {
        (_, Some(r)) => r,
        (None, None) => Role::Attendee,
        (Some(_), None) => {
            if let Some(line) = s.role_line {
                sink.note(Code::BadValue, line, fixed(&BAD_ROLE));
            }
            Role::Attendee
        }
    };
    let who = Who { name: s.name, upn: s.upn, role };
    match (s.join, s.leave) {
        (Some(join), Some(leave)) => {
            sink.interval(&who, join, leave);
        }
        (Some(join), None) => {
            let Some(t) = last else { return };
            let shown = Arg::text(crate::time::rome::format_rome(t));
            sink.note(Code::MissingLeave, join.line, Message::new(&NO_LEAVE, [shown]));
            sink.interval(&who, join, At::exact(t, join.line));
        }
        (None, Some(leave)) => {
            sink.note(Code::BadValue, leave.line, fixed(&LEAVE_WITHOUT_JOIN));
        }
        (None, None) => {}
    }
}
