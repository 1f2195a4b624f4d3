//! Graph JSON: `meetingAttendanceReport` (with `attendanceRecords`) and `callRecord` (with
//! `sessions`). Times are UTC; fractions of a second are truncated.
//!
//! Accepted shapes:
//!
//! * a report object with `attendanceRecords` (fetched with `$expand=attendanceRecords`), or a
//!   `{"value": [...]}` list of such reports; a report without records is refused with the
//!   query that fetches them;
//! * a `{"value": [...]}` list of attendance records (from `/attendanceRecords`): one meeting,
//!   whose id hashes the records' identity ids and first join;
//! * a callRecord object with `sessions` (fetched with `$expand=sessions($expand=segments)`):
//!   one interval per session, for the session's participant endpoint (caller or callee);
//!   identities from `associatedIdentity`, the older `identity` set, or `participants_v2`.
//!   Only the organizer's role is known (`organizer_v2`); everyone else is an attendee. A
//!   `sessions@odata.nextLink` means more sessions are on another page: reported
//!   ([`Code::MissingValue`]), since those intervals are missing.
//!
//! Each record points at the line where its interval (or session) object begins.
//! `durationInSeconds` and `totalAttendanceInSeconds` are cross-checks only. A missing leave
//! takes the meeting's end ([`Code::MissingLeave`]).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::anomaly::Code;
use crate::sessions::Role;
use crate::time::Instant;

use super::clock::{self, At, DatePart};
use super::{fnv1a64, vocab, Format, Parsed, Sink, TeamsError, TimeBasis, Who, EXPECTED};

/// Lines where each object of the document begins, by JSON path (`/sessions/2`).
struct Lines(HashMap<String, u64>);

impl Lines {
    const MAX_DEPTH: usize = 8;

    /// Scans a document already known to be valid JSON.
    fn scan(text: &str) -> Lines {
        enum Frame {
            Array(usize),
            Object { key: String, expecting_key: bool },
        }
        let mut out = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut line: u64 = 1;
        let mut chars = text.chars();
        let path = |stack: &[Frame]| {
            let mut p = String::new();
            for f in stack {
                p.push('/');
                match f {
                    Frame::Array(i) => p.push_str(&i.to_string()),
                    Frame::Object { key, .. } => p.push_str(key),
                }
            }
            p
        };
        while let Some(c) = chars.next() {
            match c {
                '\n' => line += 1,
                '{' => {
                    if stack.len() <= Self::MAX_DEPTH {
                        out.insert(path(&stack), line);
                    }
                    stack.push(Frame::Object { key: String::new(), expecting_key: true });
                }
                '[' => stack.push(Frame::Array(0)),
                '}' | ']' => {
                    stack.pop();
                }
                ',' => match stack.last_mut() {
                    Some(Frame::Array(i)) => *i += 1,
                    Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                    None => {}
                },
                ':' => {
                    if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                        *expecting_key = false;
                    }
                }
                '"' => {
                    let mut s = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '\\' => {
                                if let Some(e) = chars.next() {
                                    s.push(e);
                                }
                            }
                            c => s.push(c),
                        }
                    }
                    if let Some(Frame::Object { key, expecting_key: true }) = stack.last_mut() {
                        *key = s;
                    }
                }
                _ => {}
            }
        }
        Lines(out)
    }

    fn at(&self, path: &str) -> u64 {
        self.0.get(path).copied().unwrap_or(0)
    }
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> &'a str {
    str_in(Some(v), keys)
}

/// The string at `keys` under `start`, `""` when absent or not a string.
fn str_in<'a>(start: Option<&'a Value>, keys: &[&str]) -> &'a str {
    let mut cur = start;
    for k in keys {
        cur = cur.and_then(|v| v.get(k));
    }
    cur.and_then(Value::as_str).unwrap_or("")
}

/// A Graph time: `Ok(None)` when absent, null, or before 1971 (Graph writes
/// `0001-01-01T00:00:00Z` for "unknown"); `Err(())` when unreadable.
fn time(v: Option<&Value>) -> Result<Option<Instant>, ()> {
    let Some(text) = v.and_then(Value::as_str) else {
        return match v {
            None | Some(Value::Null) => Ok(None),
            Some(_) => Err(()),
        };
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let t = match chrono::DateTime::parse_from_rfc3339(text.trim()) {
        Ok(dt) => dt.timestamp(),
        Err(_) => {
            let stamp = clock::parse_stamp(text).filter(|s| matches!(s.date, DatePart::Ymd { .. })).ok_or(())?;
            let naive = stamp.naive(None).ok_or(())?;
            naive.and_utc().timestamp() - i64::from(stamp.offset.unwrap_or(0))
        }
    };
    Ok((t > 31_536_000).then_some(t))
}

/// A Graph id usable as a meeting id: printable ASCII without spaces, at most 200 characters.
/// Anything else (a hand-edited file) gets a derived id instead.
fn graph_id(o: &Map<String, Value>) -> Option<String> {
    let id = o.get("id")?.as_str()?.trim();
    let fine = !id.is_empty() && id.len() <= 200 && id.chars().all(|c| c.is_ascii_graphic());
    fine.then(|| id.to_string())
}

/// Reads a Graph JSON document.
pub(crate) fn read(file: &Arc<str>, text: &str) -> Result<Parsed, TeamsError> {
    let value: Value = serde_json::from_str(text).map_err(|e| TeamsError::Malformed {
        file: file.to_string(),
        line: u64::try_from(e.line()).unwrap_or(0),
        reason: format!("not valid JSON ({e}); {EXPECTED}"),
    })?;
    let lines = Lines::scan(text);
    let not_graph = |what: &str| TeamsError::NotTeams { file: file.to_string(), found: what.to_string() };
    let items: Vec<(&Map<String, Value>, String)> = match &value {
        Value::Object(o) => match o.get("value") {
            Some(Value::Array(list)) if !o.contains_key("attendanceRecords") && !o.contains_key("sessions") => {
                list.iter().enumerate().filter_map(|(i, v)| v.as_object().map(|o| (o, format!("/value/{i}")))).collect()
            }
            _ => vec![(o, String::new())],
        },
        Value::Array(list) => {
            list.iter().enumerate().filter_map(|(i, v)| v.as_object().map(|o| (o, format!("/{i}")))).collect()
        }
        _ => return Err(not_graph("JSON that is neither an object nor a list")),
    };
    if items.is_empty() {
        return Err(not_graph("JSON with an empty list"));
    }
    let is_record = |o: &Map<String, Value>| o.contains_key("attendanceIntervals");
    let mut parsed = Parsed::new(Format::GraphAttendanceReport, TimeBasis::Utc);
    if items.iter().all(|(o, _)| is_record(o)) {
        let mut parts: Vec<String> = vec!["graph-records".to_string()];
        let mut first: Option<Instant> = None;
        for (o, _) in &items {
            parts.push(str_in(o.get("identity"), &["id"]).to_string());
            if let Some(Value::Array(ivs)) = o.get("attendanceIntervals") {
                for iv in ivs {
                    if let Ok(Some(t)) = time(iv.get("joinDateTime")) {
                        first = Some(first.map_or(t, |f: Instant| f.min(t)));
                    }
                }
            }
        }
        parts.push(first.unwrap_or(0).to_string());
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        let mut sink = Sink::new(file, format!("graph-{:016x}", fnv1a64(&refs)), None, None);
        for (o, path) in &items {
            record(&mut sink, o, path, &lines);
        }
        parsed.add(sink);
        return Ok(parsed);
    }
    for (o, path) in &items {
        if o.contains_key("sessions") {
            parsed.format = Format::GraphCallRecord;
            call_record(file, &mut parsed, o, path, &lines)?;
        } else if let Some(Value::Array(records)) = o.get("attendanceRecords") {
            let start = time(o.get("meetingStartDateTime")).ok().flatten();
            let end = time(o.get("meetingEndDateTime")).ok().flatten();
            let id = match graph_id(o) {
                Some(id) => id,
                None => format!("graph-{:016x}", fnv1a64(&["graph-report", &start.unwrap_or(0).to_string()])),
            };
            let mut sink = Sink::new(file, id, start, end);
            for (i, r) in records.iter().enumerate() {
                if let Some(r) = r.as_object() {
                    record(&mut sink, r, &format!("{path}/attendanceRecords/{i}"), &lines);
                }
            }
            parsed.add(sink);
        } else if o.contains_key("meetingStartDateTime") || o.contains_key("totalParticipantCount") {
            return Err(TeamsError::Malformed {
                file: file.to_string(),
                line: lines.at(path),
                reason: "a meetingAttendanceReport without attendanceRecords: fetch it with \
                         $expand=attendanceRecords (or from /attendanceRecords)"
                    .to_string(),
            });
        } else {
            return Err(not_graph("JSON without `attendanceRecords`, `attendanceIntervals` or `sessions`"));
        }
    }
    Ok(parsed)
}

/// One attendanceRecord: one interval per attendanceInterval.
fn record(sink: &mut Sink, r: &Map<String, Value>, path: &str, lines: &Lines) {
    let name = str_in(r.get("identity"), &["displayName"]);
    let upn = str_in(r.get("emailAddress"), &[]).trim();
    let record_line = lines.at(path);
    let role_word = str_in(r.get("role"), &[]);
    let role = match vocab::role(role_word) {
        Some(role) => role,
        None => {
            if !role_word.is_empty() && !role_word.eq_ignore_ascii_case("none") {
                sink.note(Code::BadValue, record_line, "field \"role\": not a Graph role; read as attendee");
            }
            Role::Attendee
        }
    };
    let who = Who { name, upn, role };
    let Some(Value::Array(intervals)) = r.get("attendanceIntervals") else {
        sink.note(Code::MissingValue, record_line, "the attendance record has no attendanceIntervals; not used");
        return;
    };
    let mut total = 0i64;
    let mut all_used = true;
    for (j, iv) in intervals.iter().enumerate() {
        let line = lines.at(&format!("{path}/attendanceIntervals/{j}"));
        let join = match time(iv.get("joinDateTime")) {
            Ok(Some(t)) => t,
            Ok(None) => {
                sink.note(Code::MissingValue, line, "field \"joinDateTime\": missing; interval not used");
                all_used = false;
                continue;
            }
            Err(()) => {
                sink.note(Code::BadValue, line, "field \"joinDateTime\": not an RFC 3339 time; interval not used");
                all_used = false;
                continue;
            }
        };
        let leave = match time(iv.get("leaveDateTime")) {
            Ok(Some(t)) => t,
            Ok(None) => {
                let Some(end) = sink.end() else {
                    sink.note(
                        Code::MissingValue,
                        line,
                        "field \"leaveDateTime\": missing and the meeting's end is unknown; interval not used",
                    );
                    all_used = false;
                    continue;
                };
                sink.note(
                    Code::MissingLeave,
                    line,
                    format!(
                        "field \"leaveDateTime\": missing; the meeting's end ({}) was taken",
                        crate::time::rome::format_rome(end)
                    ),
                );
                end
            }
            Err(()) => {
                sink.note(Code::BadValue, line, "field \"leaveDateTime\": not an RFC 3339 time; interval not used");
                all_used = false;
                continue;
            }
        };
        if let Some(span) = sink.interval(&who, At::exact(join, line), At::exact(leave, line)) {
            let seconds = span.seconds();
            total += seconds;
            sink.check_duration(
                line,
                "durationInSeconds",
                iv.get("durationInSeconds").and_then(Value::as_i64),
                seconds,
            );
        } else {
            all_used = false;
        }
    }
    if all_used {
        sink.check_duration(
            record_line,
            "totalAttendanceInSeconds",
            r.get("totalAttendanceInSeconds").and_then(Value::as_i64),
            total,
        );
    }
}

/// The id, display name and address of an endpoint's participant, if it is one.
fn endpoint_identity(ep: &Value) -> Option<(String, String, String)> {
    if str_at(ep, &["@odata.type"]).contains("serviceEndpoint") {
        return None;
    }
    if let Some(id) = ep.get("associatedIdentity").filter(|v| v.is_object()) {
        return Some((
            str_at(id, &["id"]).to_string(),
            str_at(id, &["displayName"]).to_string(),
            str_at(id, &["userPrincipalName"]).to_string(),
        ));
    }
    let set = ep.get("identity")?.as_object()?;
    let (_, who) = set.iter().find(|(_, v)| v.is_object())?;
    Some((
        str_at(who, &["id"]).to_string(),
        str_at(who, &["displayName"]).to_string(),
        str_at(who, &["userPrincipalName"]).to_string(),
    ))
}

fn call_record(
    file: &Arc<str>,
    parsed: &mut Parsed,
    o: &Map<String, Value>,
    path: &str,
    lines: &Lines,
) -> Result<(), TeamsError> {
    let start = time(o.get("startDateTime")).ok().flatten();
    let end = time(o.get("endDateTime")).ok().flatten();
    let id = match graph_id(o) {
        Some(id) => id,
        None => format!("graph-{:016x}", fnv1a64(&["graph-call", &start.unwrap_or(0).to_string()])),
    };
    let organizer = [
        str_in(o.get("organizer_v2"), &["id"]),
        str_in(o.get("organizer_v2"), &["identity", "user", "id"]),
        str_in(o.get("organizer"), &["user", "id"]),
    ]
    .into_iter()
    .find(|s| !s.is_empty())
    .unwrap_or("")
    .to_string();
    // Names and addresses of the participants list, by id.
    let mut known: HashMap<String, (String, String)> = HashMap::new();
    for list in ["participants_v2", "participants"] {
        if let Some(Value::Array(ps)) = o.get(list) {
            for p in ps {
                let set = p.get("identity").unwrap_or(p);
                if let Some(obj) = set.as_object() {
                    for who in obj.values().filter(|v| v.is_object()) {
                        let pid = str_at(who, &["id"]);
                        if !pid.is_empty() {
                            known.entry(pid.to_string()).or_insert_with(|| {
                                (
                                    str_at(who, &["displayName"]).to_string(),
                                    str_at(who, &["userPrincipalName"]).to_string(),
                                )
                            });
                        }
                    }
                }
            }
        }
    }
    let Some(Value::Array(sessions)) = o.get("sessions") else {
        return Err(TeamsError::Malformed {
            file: file.to_string(),
            line: lines.at(path),
            reason: "a callRecord whose `sessions` is not a list".to_string(),
        });
    };
    let mut sink = Sink::new(file, id, start, end);
    if o.contains_key("sessions@odata.nextLink") {
        sink.note(
            Code::MissingValue,
            lines.at(path),
            "the callRecord says more sessions are on another page (sessions@odata.nextLink); \
             only the sessions in this file were read",
        );
    }
    for (k, s) in sessions.iter().enumerate() {
        let line = lines.at(&format!("{path}/sessions/{k}"));
        let endpoints: Vec<(String, String, String)> =
            ["caller", "callee"].iter().filter_map(|e| s.get(*e)).filter_map(endpoint_identity).collect();
        if endpoints.is_empty() {
            sink.note(Code::MissingValue, line, "the session has no participant endpoint; not used");
            continue;
        }
        let join = match time(s.get("startDateTime")) {
            Ok(Some(t)) => t,
            _ => {
                sink.note(
                    Code::BadValue,
                    line,
                    "field \"startDateTime\": missing or not an RFC 3339 time; session not used",
                );
                continue;
            }
        };
        let leave = match time(s.get("endDateTime")) {
            Ok(Some(t)) => t,
            Ok(None) if end.is_some() => {
                let e = end.unwrap_or(join);
                sink.note(
                    Code::MissingLeave,
                    line,
                    format!(
                        "field \"endDateTime\": missing; the call's end ({}) was taken",
                        crate::time::rome::format_rome(e)
                    ),
                );
                e
            }
            _ => {
                sink.note(Code::BadValue, line, "field \"endDateTime\": missing or unreadable; session not used");
                continue;
            }
        };
        for (pid, name, upn) in endpoints {
            let (known_name, known_upn) = known.get(&pid).cloned().unwrap_or_default();
            let name = if name.is_empty() { known_name } else { name };
            let upn = if upn.is_empty() { known_upn } else { upn };
            let role = if !pid.is_empty() && pid == organizer { Role::Organizer } else { Role::Attendee };
            sink.interval(&Who { name: &name, upn: &upn, role }, At::exact(join, line), At::exact(leave, line));
        }
    }
    parsed.add(sink);
    Ok(())
}
