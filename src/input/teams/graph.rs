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
//! People are told apart by their Graph identity id, not by address alone. When two identities
//! of one meeting carry the same address (a guest who typed the operator's e-mail, say), the
//! address is kept only by the identity it belongs to: the only one signed in to a tenant (a
//! `tenantId`, not a `guest` identity), the organizer among several such. The others are read
//! without it, as the guests they are, and each is reported ([`Code::SharedAddress`]); when no
//! identity can be told the owner, none keeps it. Their time is then never merged as one
//! person's (see [`shared_addresses`]).
//!
//! Each record points at the line where its interval (or session) object begins.
//! `durationInSeconds` and `totalAttendanceInSeconds` are cross-checks only. A missing leave
//! takes the meeting's end ([`Code::MissingLeave`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::anomaly::Code;
use crate::message::{Arg, Message, Template};
use crate::position::Position;
use crate::sessions::Role;
use crate::time::Instant;

use super::clock::{self, At, DatePart};
use super::legacy::line_arg;
use super::{expected, fixed, fnv1a64, vocab, Format, Parsed, Sink, TeamsError, TimeBasis, Who};

static SHARED_WITH_OWNER: Template = Template {
    it: "l'indirizzo del partecipante è anche quello di un'altra identità (riga {0}), autenticata in un \
         tenant; due identità sono due persone: questa è stata letta senza l'indirizzo, come ospite",
    en: "the participant's address is also that of another identity (line {0}), \
         signed in to a tenant; two identities are two people: this one was read without the \
         address, as a guest",
};
static SHARED_NO_OWNER: Template = Template {
    it: "l'indirizzo del partecipante è anche quello di un'altra identità, e nessuna delle due può \
         dirsene titolare (nessuna o più d'una autenticata in un tenant); due identità sono due \
         persone: ciascuna è stata letta senza l'indirizzo",
    en: "the participant's address is also that of another identity, and neither can be \
         told its owner (none or several signed in to a tenant); two identities are two \
         people: each was read without the address",
};
static NOT_JSON: Template = Template { it: "JSON non valido ({0}); {1}", en: "not valid JSON ({0}); {1}" };
static NEITHER: Template =
    Template { it: "JSON che non è né un oggetto né una lista", en: "JSON that is neither an object nor a list" };
static EMPTY_LIST: Template = Template { it: "JSON con una lista vuota", en: "JSON with an empty list" };
static NO_RECORDS: Template = Template {
    it: "un meetingAttendanceReport senza attendanceRecords: scaricarlo con $expand=attendanceRecords \
         (o da /attendanceRecords)",
    en: "a meetingAttendanceReport without attendanceRecords: fetch it with \
         $expand=attendanceRecords (or from /attendanceRecords)",
};
static NOT_GRAPH: Template = Template {
    it: "JSON senza `attendanceRecords`, `attendanceIntervals` né `sessions`",
    en: "JSON without `attendanceRecords`, `attendanceIntervals` or `sessions`",
};
static NOT_A_ROLE: Template = Template {
    it: "campo \"role\": non è un ruolo di Graph; letto come partecipante",
    en: "field \"role\": not a Graph role; read as attendee",
};
static NO_INTERVALS: Template = Template {
    it: "il record di presenza non ha attendanceIntervals; non usato",
    en: "the attendance record has no attendanceIntervals; not used",
};
static MISSING_FIELD: Template =
    Template { it: "campo \"{0}\": mancante; intervallo non usato", en: "field \"{0}\": missing; interval not used" };
static NOT_RFC3339: Template = Template {
    it: "campo \"{0}\": non è un orario RFC 3339; intervallo non usato",
    en: "field \"{0}\": not an RFC 3339 time; interval not used",
};
static LEAVE_NO_END: Template = Template {
    it: "campo \"leaveDateTime\": mancante e la fine della riunione non è nota; intervallo non usato",
    en: "field \"leaveDateTime\": missing and the meeting's end is unknown; interval not used",
};
static LEAVE_IS_END: Template = Template {
    it: "campo \"leaveDateTime\": mancante; è stata presa la fine della riunione ({0})",
    en: "field \"leaveDateTime\": missing; the meeting's end ({0}) was taken",
};
static SESSIONS_NOT_LIST: Template = Template {
    it: "un callRecord il cui `sessions` non è una lista",
    en: "a callRecord whose `sessions` is not a list",
};
static NEXT_PAGE: Template = Template {
    it: "il callRecord dice che altre sessioni sono in un'altra pagina (sessions@odata.nextLink); \
         sono state lette solo le sessioni di questo file",
    en: "the callRecord says more sessions are on another page (sessions@odata.nextLink); \
         only the sessions in this file were read",
};
static NO_ENDPOINT: Template = Template {
    it: "la sessione non ha un endpoint di partecipante; non usata",
    en: "the session has no participant endpoint; not used",
};
static BAD_START: Template = Template {
    it: "campo \"startDateTime\": mancante o non è un orario RFC 3339; sessione non usata",
    en: "field \"startDateTime\": missing or not an RFC 3339 time; session not used",
};
static END_IS_CALL_END: Template = Template {
    it: "campo \"endDateTime\": mancante; è stata presa la fine della chiamata ({0})",
    en: "field \"endDateTime\": missing; the call's end ({0}) was taken",
};
static BAD_END: Template = Template {
    it: "campo \"endDateTime\": mancante o illeggibile; sessione non usata",
    en: "field \"endDateTime\": missing or unreadable; session not used",
};

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

/// One identity of a meeting, as far as the owner of a shared address is concerned.
struct Identity<'a> {
    /// The Graph identity id (empty when the export has none).
    id: &'a str,
    /// The address as written.
    address: &'a str,
    /// Signed in to a tenant: a `tenantId`, and not a `guest` identity.
    signed_in: bool,
    /// The meeting's organizer.
    organizer: bool,
    /// Where the identity's record (or first session) begins.
    line: u64,
}

/// The identities of a meeting that must not keep their address: `(identity id, address key)`.
///
/// An address carried by two identities or more belongs to the only one signed in to a tenant
/// (or, when several are, to the only organizer among them; when none is, to the organizer, who
/// must have been signed in to organise); the others are guests (anyone may type any e-mail
/// when joining) and lose it, each with a [`Code::SharedAddress`] warning on its first line.
/// When no identity can be told the owner, none keeps it. Messages name lines, never a name or
/// an address.
fn shared_addresses(sink: &mut Sink, identities: &[Identity<'_>]) -> HashSet<(String, String)> {
    // By address key, the identities carrying it, each once (its first line, its best facts).
    let mut by_address: BTreeMap<String, BTreeMap<&str, (bool, bool, u64)>> = BTreeMap::new();
    for i in identities {
        let mut buf = String::new();
        let Some(key) = crate::register::address_key(i.address, &mut buf) else { continue };
        let entry = by_address.entry(key.to_string()).or_default().entry(i.id).or_insert((false, false, i.line));
        entry.0 |= i.signed_in;
        entry.1 |= i.organizer;
        entry.2 = entry.2.min(i.line);
    }
    let mut dropped = HashSet::new();
    for (address, ids) in by_address.into_iter().filter(|(_, ids)| ids.len() > 1) {
        let best = ids.values().map(|&(signed_in, organizer, _)| (signed_in, organizer)).max();
        let at_best: Vec<&str> =
            ids.iter().filter(|(_, &(s, o, _))| Some((s, o)) == best && (s || o)).map(|(&id, _)| id).collect();
        let owner = match at_best.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let owner_line = owner.and_then(|o| ids.get(o)).map(|&(_, _, line)| line);
        let mut others: Vec<(u64, &str)> =
            ids.iter().filter(|(&id, _)| Some(id) != owner).map(|(&id, &(_, _, line))| (line, id)).collect();
        others.sort_unstable();
        for (line, id) in others {
            let why = match owner_line {
                Some(owner_line) => Message::new(&SHARED_WITH_OWNER, [Arg::Int(line_arg(owner_line))]),
                None => fixed(&SHARED_NO_OWNER),
            };
            sink.note(Code::SharedAddress, line, why);
            dropped.insert((id.to_string(), address.clone()));
        }
    }
    dropped
}

/// The address an identity keeps: empty when [`shared_addresses`] took it away.
fn kept_address<'a>(dropped: &HashSet<(String, String)>, id: &str, address: &'a str) -> &'a str {
    if dropped.is_empty() {
        return address;
    }
    let mut buf = String::new();
    match crate::register::address_key(address, &mut buf) {
        Some(key) if dropped.contains(&(id.to_string(), key.to_string())) => "",
        _ => address,
    }
}

/// The identities of attendance records, for [`shared_addresses`].
fn record_identities<'a>(records: &[(&'a Map<String, Value>, String)], lines: &Lines) -> Vec<Identity<'a>> {
    records
        .iter()
        .map(|(r, path)| {
            let identity = r.get("identity");
            Identity {
                id: str_in(identity, &["id"]),
                address: str_in(r.get("emailAddress"), &[]),
                signed_in: !str_in(identity, &["tenantId"]).trim().is_empty(),
                organizer: vocab::role(str_in(r.get("role"), &[])) == Some(Role::Organizer),
                line: lines.at(path),
            }
        })
        .collect()
}

/// Reads a Graph JSON document.
pub(crate) fn read(file: &Arc<str>, text: &str) -> Result<Parsed, TeamsError> {
    let value: Value = serde_json::from_str(text).map_err(|e| TeamsError::Malformed {
        at: Position::new(file.to_string(), u64::try_from(e.line()).unwrap_or(0)),
        reason: Message::new(&NOT_JSON, [Arg::text(e.to_string()), expected()]),
    })?;
    let lines = Lines::scan(text);
    let not_graph = |what: &'static Template| TeamsError::NotTeams {
        at: Position::whole_file(file.to_string()),
        found: fixed(what),
    };
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
        _ => return Err(not_graph(&NEITHER)),
    };
    if items.is_empty() {
        return Err(not_graph(&EMPTY_LIST));
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
        let records: Vec<(&Map<String, Value>, String)> = items.iter().map(|(o, p)| (*o, p.clone())).collect();
        let dropped = shared_addresses(&mut sink, &record_identities(&records, &lines));
        for (o, path) in &records {
            record(&mut sink, o, path, &lines, &dropped);
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
            let records: Vec<(&Map<String, Value>, String)> = records
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.as_object().map(|r| (r, format!("{path}/attendanceRecords/{i}"))))
                .collect();
            let dropped = shared_addresses(&mut sink, &record_identities(&records, &lines));
            for (r, path) in &records {
                record(&mut sink, r, path, &lines, &dropped);
            }
            parsed.add(sink);
        } else if o.contains_key("meetingStartDateTime") || o.contains_key("totalParticipantCount") {
            return Err(TeamsError::Malformed {
                at: Position::new(file.to_string(), lines.at(path)),
                reason: fixed(&NO_RECORDS),
            });
        } else {
            return Err(not_graph(&NOT_GRAPH));
        }
    }
    Ok(parsed)
}

/// One attendanceRecord: one interval per attendanceInterval. Its address is left out when
/// another identity owns it (`dropped`, from [`shared_addresses`]).
fn record(sink: &mut Sink, r: &Map<String, Value>, path: &str, lines: &Lines, dropped: &HashSet<(String, String)>) {
    let name = str_in(r.get("identity"), &["displayName"]);
    let id = str_in(r.get("identity"), &["id"]);
    let upn = kept_address(dropped, id, str_in(r.get("emailAddress"), &[]).trim());
    let record_line = lines.at(path);
    let role_word = str_in(r.get("role"), &[]);
    let role = match vocab::role(role_word) {
        Some(role) => role,
        None => {
            if !role_word.is_empty() && !role_word.eq_ignore_ascii_case("none") {
                sink.note(Code::BadValue, record_line, fixed(&NOT_A_ROLE));
            }
            Role::Attendee
        }
    };
    let who = Who { name, upn, role };
    let Some(Value::Array(intervals)) = r.get("attendanceIntervals") else {
        sink.note(Code::MissingValue, record_line, fixed(&NO_INTERVALS));
        return;
    };
    let mut total = 0i64;
    let mut all_used = true;
    for (j, iv) in intervals.iter().enumerate() {
        let line = lines.at(&format!("{path}/attendanceIntervals/{j}"));
        let join = match time(iv.get("joinDateTime")) {
            Ok(Some(t)) => t,
            Ok(None) => {
                sink.note(Code::MissingValue, line, Message::new(&MISSING_FIELD, [Arg::text("joinDateTime")]));
                all_used = false;
                continue;
            }
            Err(()) => {
                sink.note(Code::BadValue, line, Message::new(&NOT_RFC3339, [Arg::text("joinDateTime")]));
                all_used = false;
                continue;
            }
        };
        let leave = match time(iv.get("leaveDateTime")) {
            Ok(Some(t)) => t,
            Ok(None) => {
                let Some(end) = sink.end() else {
                    sink.note(Code::MissingValue, line, fixed(&LEAVE_NO_END));
                    all_used = false;
                    continue;
                };
                let shown = Arg::text(crate::time::rome::format_rome(end));
                sink.note(Code::MissingLeave, line, Message::new(&LEAVE_IS_END, [shown]));
                end
            }
            Err(()) => {
                sink.note(Code::BadValue, line, Message::new(&NOT_RFC3339, [Arg::text("leaveDateTime")]));
                all_used = false;
                continue;
            }
        };
        if let Some(span) = sink.interval(&who, At::exact(join, line), At::exact(leave, line)) {
            let seconds = span.seconds();
            total += seconds;
            sink.check_duration(
                line,
                Arg::text("durationInSeconds"),
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
            Arg::text("totalAttendanceInSeconds"),
            r.get("totalAttendanceInSeconds").and_then(Value::as_i64),
            total,
        );
    }
}

/// An endpoint's participant in a callRecord.
#[derive(Clone, Debug, Default)]
struct Endpoint {
    id: String,
    name: String,
    upn: String,
    /// Signed in to a tenant: a `tenantId`, and not a `guest` identity.
    signed_in: bool,
}

/// Whether an identity of an `identitySet` (under `kind`: `user`, `guest`…) or an
/// `associatedIdentity` (kind `""`) is signed in to a tenant.
fn signed_in(kind: &str, who: &Value) -> bool {
    kind != "guest" && !str_at(who, &["tenantId"]).trim().is_empty()
}

/// The participant of an endpoint, if it is one.
fn endpoint_identity(ep: &Value) -> Option<Endpoint> {
    if str_at(ep, &["@odata.type"]).contains("serviceEndpoint") {
        return None;
    }
    let (kind, who) = match ep.get("associatedIdentity").filter(|v| v.is_object()) {
        Some(id) => ("", id),
        None => {
            let set = ep.get("identity")?.as_object()?;
            set.iter().find(|(_, v)| v.is_object()).map(|(k, v)| (k.as_str(), v))?
        }
    };
    Some(Endpoint {
        id: str_at(who, &["id"]).to_string(),
        name: str_at(who, &["displayName"]).to_string(),
        upn: str_at(who, &["userPrincipalName"]).to_string(),
        signed_in: signed_in(kind, who),
    })
}

/// Reads one callRecord: one interval per session and participant endpoint, as the organizer
/// for the organizer's id and as an attendee for everyone else.
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
    let organizer = organizer_id(o);
    let known = listed_participants(o);
    let Some(Value::Array(sessions)) = o.get("sessions") else {
        return Err(TeamsError::Malformed {
            at: Position::new(file.to_string(), lines.at(path)),
            reason: fixed(&SESSIONS_NOT_LIST),
        });
    };
    let mut sink = Sink::new(file, id, start, end);
    if o.contains_key("sessions@odata.nextLink") {
        sink.note(Code::MissingValue, lines.at(path), fixed(&NEXT_PAGE));
    }
    let participants = session_participants(sessions, path, lines, &known);
    let identities: Vec<Identity<'_>> = participants
        .iter()
        .flat_map(|(line, eps)| {
            eps.iter().map(|ep| Identity {
                id: &ep.id,
                address: &ep.upn,
                signed_in: ep.signed_in,
                organizer: !ep.id.is_empty() && ep.id == organizer,
                line: *line,
            })
        })
        .collect();
    let dropped = shared_addresses(&mut sink, &identities);
    for (s, (line, endpoints)) in sessions.iter().zip(&participants) {
        let line = *line;
        if endpoints.is_empty() {
            sink.note(Code::MissingValue, line, fixed(&NO_ENDPOINT));
            continue;
        }
        let Some((join, leave)) = session_times(&mut sink, s, line, end) else { continue };
        for ep in endpoints {
            let upn = kept_address(&dropped, &ep.id, &ep.upn);
            let role = if !ep.id.is_empty() && ep.id == organizer { Role::Organizer } else { Role::Attendee };
            sink.interval(&Who { name: &ep.name, upn, role }, At::exact(join, line), At::exact(leave, line));
        }
    }
    parsed.add(sink);
    Ok(())
}

/// The organizer's id, from `organizer_v2` or the older `organizer` (`""` when neither names
/// one).
fn organizer_id(o: &Map<String, Value>) -> String {
    [
        str_in(o.get("organizer_v2"), &["id"]),
        str_in(o.get("organizer_v2"), &["identity", "user", "id"]),
        str_in(o.get("organizer"), &["user", "id"]),
    ]
    .into_iter()
    .find(|s| !s.is_empty())
    .unwrap_or("")
    .to_string()
}

/// Names, addresses and sign-in of the participants lists (`participants_v2`, then
/// `participants`), by id; the first mention of an id wins.
fn listed_participants(o: &Map<String, Value>) -> HashMap<String, Endpoint> {
    let mut known: HashMap<String, Endpoint> = HashMap::new();
    for list in ["participants_v2", "participants"] {
        if let Some(Value::Array(ps)) = o.get(list) {
            for p in ps {
                let set = p.get("identity").unwrap_or(p);
                if let Some(obj) = set.as_object() {
                    for (kind, who) in obj.iter().filter(|(_, v)| v.is_object()) {
                        let pid = str_at(who, &["id"]);
                        if !pid.is_empty() {
                            known.entry(pid.to_string()).or_insert_with(|| Endpoint {
                                id: pid.to_string(),
                                name: str_at(who, &["displayName"]).to_string(),
                                upn: str_at(who, &["userPrincipalName"]).to_string(),
                                signed_in: signed_in(kind, who),
                            });
                        }
                    }
                }
            }
        }
    }
    known
}

/// Each session's line and participants (its caller and callee), completed from the
/// participants lists: an empty name or address is taken from there, and signed in there
/// counts.
fn session_participants(
    sessions: &[Value],
    path: &str,
    lines: &Lines,
    known: &HashMap<String, Endpoint>,
) -> Vec<(u64, Vec<Endpoint>)> {
    sessions
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let line = lines.at(&format!("{path}/sessions/{k}"));
            let endpoints = ["caller", "callee"]
                .iter()
                .filter_map(|e| s.get(*e))
                .filter_map(endpoint_identity)
                .map(|mut ep| {
                    if let Some(k) = known.get(&ep.id) {
                        if ep.name.is_empty() {
                            ep.name.clone_from(&k.name);
                        }
                        if ep.upn.is_empty() {
                            ep.upn.clone_from(&k.upn);
                        }
                        ep.signed_in |= k.signed_in;
                    }
                    ep
                })
                .collect();
            (line, endpoints)
        })
        .collect()
}

/// A session's start and end; a missing end is the call's `end` (reported); a session whose
/// times cannot be read is reported and `None`.
fn session_times(sink: &mut Sink, s: &Value, line: u64, end: Option<Instant>) -> Option<(Instant, Instant)> {
    let join = match time(s.get("startDateTime")) {
        Ok(Some(t)) => t,
        _ => {
            sink.note(Code::BadValue, line, fixed(&BAD_START));
            return None;
        }
    };
    let leave = match time(s.get("endDateTime")) {
        Ok(Some(t)) => t,
        Ok(None) if end.is_some() => {
            let e = end.unwrap_or(join);
            let shown = Arg::text(crate::time::rome::format_rome(e));
            sink.note(Code::MissingLeave, line, Message::new(&END_IS_CALL_END, [shown]));
            e
        }
        _ => {
            sink.note(Code::BadValue, line, fixed(&BAD_END));
            return None;
        }
    };
    Some((join, leave))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(id: &'static str, address: &'static str, signed_in: bool, organizer: bool, line: u64) -> Identity<'static> {
        Identity { id, address, signed_in, organizer, line }
    }

    /// The identities that lose their address, and the lines of the warnings.
    fn decide(identities: &[Identity<'_>]) -> (Vec<(String, String)>, Vec<u64>) {
        let file: Arc<str> = Arc::from("g.json");
        let mut sink = Sink::new(&file, "m".to_string(), None, None);
        let mut dropped: Vec<(String, String)> = shared_addresses(&mut sink, identities).into_iter().collect();
        dropped.sort();
        let (meeting, _, _, _) = sink.finish();
        assert!(meeting.anomalies.iter().all(|a| a.code == Code::SharedAddress && !a.message.en().contains('@')));
        (dropped, meeting.anomalies.iter().filter_map(|a| a.source.as_ref().map(|s| s.line)).collect())
    }

    fn pair(id: &str, address: &str) -> (String, String) {
        (id.to_string(), address.to_string())
    }

    #[test]
    fn a_shared_address_stays_with_the_identity_signed_in_or_with_no_one() {
        // The one signed in keeps it, whatever the case of the address.
        let (dropped, lines) =
            decide(&[who("a", "op@inps.it", true, false, 10), who("b", "OP@inps.it", false, false, 20)]);
        assert_eq!(dropped, vec![pair("b", "op@inps.it")]);
        assert_eq!(lines, vec![20]);
        // Two signed in: the organizer keeps it.
        let (dropped, _) = decide(&[who("a", "op@inps.it", true, false, 10), who("b", "op@inps.it", true, true, 20)]);
        assert_eq!(dropped, vec![pair("a", "op@inps.it")]);
        // None signed in: the organizer (who must have been) keeps it.
        let (dropped, _) = decide(&[who("a", "op@inps.it", false, true, 10), who("b", "op@inps.it", false, false, 20)]);
        assert_eq!(dropped, vec![pair("b", "op@inps.it")]);
        // Nothing tells the owner: no one keeps it, each is reported.
        let (dropped, lines) =
            decide(&[who("a", "op@inps.it", true, false, 10), who("b", "op@inps.it", true, false, 20)]);
        assert_eq!(dropped, vec![pair("a", "op@inps.it"), pair("b", "op@inps.it")]);
        assert_eq!(lines, vec![10, 20]);
        // One identity seen twice (a rejoin), or an empty address: nothing shared.
        let (dropped, lines) = decide(&[
            who("a", "op@inps.it", true, true, 10),
            who("a", "op@inps.it", true, true, 30),
            who("b", "", false, false, 20),
            who("c", " ", false, false, 40),
        ]);
        assert!(dropped.is_empty() && lines.is_empty());
    }
}
