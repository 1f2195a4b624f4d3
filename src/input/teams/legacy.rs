//! Format A: the attendance list (`meetingAttendanceList.csv`), one row per join or leave.
//!
//! Columns are found by content: the one column of timestamps, the column of action words
//! (`Joined`, `Left`, `Joined before`, or their translations; see [`super::vocab`]), and the
//! name. When no action word is known but the table has the list's shape (three columns, time
//! last, two or three distinct words), the words are read by their order: the first row's word
//! is a join; of the others, the one that always carries the first row's time is
//! `Joined before`, the remaining one a leave. A note in [`super::TeamsFile::notes`] says so.
//!
//! Pairing, per person (display name with inner spaces collapsed), in file order:
//!
//! * `Joined` or `Joined before` opens an interval (`Joined before` carries the organizer's
//!   time and means "already present": the interval starts at that time);
//! * `Left` closes it; a second join while open, or a repeated row, is [`Code::DuplicateRow`]
//!   (the first join is kept); a leave with nothing open is [`Code::BadValue`];
//! * an interval still open at the end closes at the list's last timestamp (Teams writes the
//!   list as a snapshot: people still connected when it was downloaded have no final `Left`).
//!   One [`Code::MissingLeave`] says so for the whole list, on the first such join's line: how
//!   many participants, where their intervals were closed, and the lines of their joins. (A list
//!   downloaded during the meeting leaves most participants open: one warning each would bury
//!   the others.)
//!
//! The list has no role column: the person of the first row (the organizer, whom Teams writes
//! first) is the organizer, every other person an attendee. The meeting id hashes the
//! organizer's normalised name and the first row's instant; the meeting's start and end are
//! unknown.

use std::collections::HashMap;
use std::sync::Arc;

use crate::anomaly::Code;
use crate::message::{Arg, Message, Template};
use crate::position::Position;
use crate::register::normalise_name;
use crate::sessions::Role;
use crate::time::Instant;

use super::clock::{self, At, Evidence, Stamp, Zone};
use super::grid::{person_key, Table};
use super::vocab::{self, Action};
use super::{
    fixed, fnv1a64, safe_cell, DateOrder, DateOrderBasis, Format, Parsed, ReadOptions, Sink, TeamsError, TimeBasis, Who,
};

/// A table with no column of timestamps (also the live-event report's).
pub(crate) static NO_TIME_COLUMN: Template = Template { it: "nessuna colonna di orari", en: "no column of timestamps" };
static UNKNOWN_ACTIONS: Template = Template {
    it: "le parole delle azioni non sono parole note di ingresso e uscita e non si possono leggere dal loro ordine",
    en: "the action words are not known join/leave words and cannot be read by their order",
};
static ACTIONS_BY_ORDER: Template = Template {
    it: "le parole delle azioni non sono note; sono state lette dal loro ordine (la parola della prima \
         riga come ingresso, quella che ha sempre l'orario della prima riga come `Joined before`, \
         l'altra come uscita)",
    en: "the action words are not known; they were read by their order (the first row's word \
         as a join, the word always carrying the first row's time as `Joined before`, the other \
         as a leave)",
};
static NO_NAME: Template = Template {
    it: "campo \"name\": il nome del partecipante è vuoto; riga non usata",
    en: "field \"name\": the participant's name is empty; row not used",
};
static REPEATS: Template =
    Template { it: "la riga ripete la riga {0}; contata una volta", en: "the row repeats line {0}; counted once" };
static SECOND_JOIN: Template = Template {
    it: "un secondo ingresso dello stesso partecipante senza uscita in mezzo; è stato tenuto il primo ingresso",
    en: "a second join of the same participant with no leave in between; the first join was kept",
};
static LEAVE_WITHOUT_JOIN: Template = Template {
    it: "un'uscita senza un ingresso precedente di questo partecipante; riga non usata",
    en: "a leave with no join before it for this participant; row not used",
};
static STILL_CONNECTED: Template = Template {
    it: "partecipanti senza uscita dopo l'ultimo ingresso: {0} (l'elenco è stato scaricato a riunione \
         in corso?); i loro intervalli sono stati chiusi all'ultimo orario dell'elenco ({1}); ingressi \
         alle righe {2}",
    en: "{0} participant(s) with no leave after their last join (the list was downloaded while the \
         meeting was running?): their intervals were closed at the list's last time ({1}); joins on \
         lines {2}",
};
static BAD_ACTION: Template = Template {
    it: "campo \"action\": atteso Joined, Left o Joined before (in una lingua nota); riga non usata",
    en: "field \"action\": expected Joined, Left or Joined before (in a known language); row not used",
};
static BAD_TIME: Template = Template {
    it: "campo \"time\": attesi data e ora come 3/4/2021, 9:00:05 AM, trovato {0}; riga non usata",
    en: "field \"time\": expected a date and time such as 3/4/2021, 9:00:05 AM, found {0}; row not used",
};
static NOTHING: Template = Template { it: "niente", en: "nothing" };

/// The lines of a list of rows, the first ten written out: `4, 7, 9 … (+40)`.
pub(crate) fn lines_shown(lines: &[u64]) -> String {
    let mut out: Vec<String> = lines.iter().take(10).map(u64::to_string).collect();
    if lines.len() > 10 {
        out.push(format!("… (+{})", lines.len() - 10));
    }
    out.join(", ").replace(", …", " …")
}

struct Event<'a> {
    line: u64,
    name: &'a str,
    key: String,
    action_cell: &'a str,
    stamp: Option<Stamp>,
    time_cell: &'a str,
}

/// Reads the attendance list's table (`semicolons`: its cells were separated by `;`).
pub(crate) fn read(file: &Arc<str>, table: &Table, opts: &ReadOptions, semicolons: bool) -> Result<Parsed, TeamsError> {
    let malformed =
        |reason: Message| TeamsError::Malformed { at: Position::new(file.to_string(), table.header.line), reason };
    let time_col = table.time_columns().first().copied().ok_or_else(|| malformed(fixed(&NO_TIME_COLUMN)))?;
    let width = table.width();
    let known = (0..width).find(|&c| c != time_col && table.column_mostly(c, |x| vocab::action(x).is_some()));
    let action_col = known.unwrap_or(1);
    let name_col = (0..width).find(|&c| c != time_col && c != action_col).unwrap_or(0);

    let events: Vec<Event<'_>> = table
        .rows
        .iter()
        .map(|r| Event {
            line: r.line,
            name: r.cell(name_col),
            key: person_key(r.cell(name_col)),
            action_cell: r.cell(action_col),
            stamp: clock::parse_stamp(r.cell(time_col)),
            time_cell: r.cell(time_col),
        })
        .collect();

    let mut parsed = Parsed::new(Format::AttendanceList, TimeBasis::RomeWallTime);
    parsed.reads_rows(&table.rows);
    let actions = actions(&events, known.is_some(), &mut parsed).ok_or_else(|| malformed(fixed(&UNKNOWN_ACTIONS)))?;
    let (order, basis) = date_order(file, table, &events, opts, semicolons)?;
    parsed.date_order = order;
    parsed.basis = basis;

    let ats: Vec<Option<At>> =
        events.iter().map(|e| e.stamp.and_then(|s| clock::resolve(&s, order, Zone::Rome, e.line))).collect();
    let organizer = events.iter().find(|e| !e.key.is_empty()).map(|e| e.key.clone()).unwrap_or_default();
    let first_instant = ats.iter().flatten().next().map_or(0, |a| a.instant);
    let last_instant = ats.iter().flatten().map(|a| a.instant).max();
    let hash = fnv1a64(&["attendance-list", &normalise_name(&organizer), &first_instant.to_string()]);
    let mut sink = Sink::new(file, format!("list-{hash:016x}"), None, None);

    let list = List { events: &events, actions: &actions, ats: &ats };
    let mut still_open: Vec<(At, Who<'_>)> = Vec::new();
    for rows in &people(&mut sink, &events) {
        let Some(first) = rows.first().and_then(|&i| events.get(i)) else { continue };
        let role = if first.key == organizer { Role::Organizer } else { Role::Attendee };
        let who = Who { name: first.name, upn: "", role };
        if let Some(join) = list.pair(&mut sink, &who, rows) {
            still_open.push((join, who));
        }
    }
    close_still_open(&mut sink, still_open, last_instant);
    parsed.add(sink);
    Ok(parsed)
}

/// The action of each event: read from known words, else by their order (with a note in
/// `parsed`); `None` when neither reads them.
fn actions(events: &[Event<'_>], known: bool, parsed: &mut Parsed) -> Option<Vec<Option<Action>>> {
    if known {
        return Some(events.iter().map(|e| vocab::action(e.action_cell)).collect());
    }
    let inferred = infer_actions(events)?;
    parsed.notes.push(fixed(&ACTIONS_BY_ORDER));
    Some(inferred)
}

/// The day/month order, decided from every timestamp (each person's consecutive times are a
/// pair that must not run backwards) and the language of the header and action words.
fn date_order(
    file: &Arc<str>,
    table: &Table,
    events: &[Event<'_>],
    opts: &ReadOptions,
    semicolons: bool,
) -> Result<(Option<DateOrder>, DateOrderBasis), TeamsError> {
    let mut ev = Evidence::default();
    let mut last_of: HashMap<&str, usize> = HashMap::new();
    for e in events {
        if let Some(s) = e.stamp {
            let i = ev.push(e.line, s);
            if let Some(&prev) = last_of.get(e.key.as_str()) {
                ev.pairs.push((prev, i));
            }
            last_of.insert(e.key.as_str(), i);
        }
    }
    let mut words: Vec<&str> = table.header.cells.iter().map(String::as_str).collect();
    let mut seen_actions: Vec<&str> = events.iter().map(|e| e.action_cell).collect();
    seen_actions.sort_unstable();
    seen_actions.dedup();
    words.extend(seen_actions);
    clock::decide(&ev, vocab::language(words), opts.date_order, semicolons)
        .map_err(|reason| TeamsError::DateOrder { at: Position::whole_file(file.to_string()), reason })
}

/// People in order of first appearance, each with their rows in file order; a row with no
/// name is reported.
fn people(sink: &mut Sink, events: &[Event<'_>]) -> Vec<Vec<usize>> {
    let mut order_of: HashMap<&str, usize> = HashMap::new();
    let mut people: Vec<Vec<usize>> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.key.is_empty() {
            sink.note(Code::MissingValue, e.line, fixed(&NO_NAME));
            continue;
        }
        let slot = *order_of.entry(e.key.as_str()).or_insert_with(|| {
            people.push(Vec::new());
            people.len() - 1
        });
        if let Some(rows) = people.get_mut(slot) {
            rows.push(i);
        }
    }
    people
}

/// The list's events, read: each one's action and resolved time.
struct List<'a> {
    events: &'a [Event<'a>],
    actions: &'a [Option<Action>],
    ats: &'a [Option<At>],
}

impl List<'_> {
    /// Pairs one person's joins and leaves (their `rows`, in file order) into intervals, as the
    /// module documentation says; gives the join still open at the end, if any.
    fn pair(&self, sink: &mut Sink, who: &Who<'_>, rows: &[usize]) -> Option<At> {
        let mut open: Option<At> = None;
        let mut previous: Option<(Action, i64, u64)> = None;
        for &i in rows {
            let Some((e, action, at)) = self.usable(sink, i) else { continue };
            let is_join = matches!(action, Action::Joined | Action::JoinedBefore);
            let repeat =
                previous.filter(|&(a, t, _)| (a == action || (is_join && a != Action::Left)) && t == at.instant);
            match (is_join, open) {
                (true, None) => open = Some(at),
                (true, Some(_)) => {
                    let what = match repeat {
                        Some((_, _, line)) => Message::new(&REPEATS, [Arg::Int(line_arg(line))]),
                        None => fixed(&SECOND_JOIN),
                    };
                    sink.note(Code::DuplicateRow, e.line, what);
                }
                (false, Some(join)) => {
                    open = None;
                    sink.interval(who, join, at);
                }
                (false, None) => match repeat {
                    Some((_, _, line)) => {
                        sink.note(Code::DuplicateRow, e.line, Message::new(&REPEATS, [Arg::Int(line_arg(line))]))
                    }
                    None => sink.note(Code::BadValue, e.line, fixed(&LEAVE_WITHOUT_JOIN)),
                },
            }
            previous = Some((action, at.instant, e.line));
        }
        open
    }

    /// Event `i` with its action and time, or `None` with the reason reported (an unknown
    /// action word, an empty or unreadable time).
    fn usable(&self, sink: &mut Sink, i: usize) -> Option<(&Event<'_>, Action, At)> {
        let (Some(e), Some(action)) = (self.events.get(i), self.actions.get(i)) else { return None };
        let Some(action) = *action else {
            sink.note(Code::BadValue, e.line, fixed(&BAD_ACTION));
            return None;
        };
        let Some(at) = self.ats.get(i).copied().flatten() else {
            let (code, found) = if e.time_cell.is_empty() {
                (Code::MissingValue, super::clause(fixed(&NOTHING)))
            } else {
                (Code::BadValue, safe_cell(e.time_cell))
            };
            sink.note(code, e.line, Message::new(&BAD_TIME, [found]));
            return None;
        };
        Some((e, action, at))
    }
}

/// A line number as a message value.
pub(crate) fn line_arg(line: u64) -> i64 {
    i64::try_from(line).unwrap_or(i64::MAX)
}

/// Closes every interval still open at the end of the list at its last timestamp, with one
/// [`Code::MissingLeave`] for them all (module documentation).
fn close_still_open(sink: &mut Sink, still_open: Vec<(At, Who<'_>)>, last: Option<Instant>) {
    let Some(last) = last else { return };
    let mut lines: Vec<u64> = still_open.iter().map(|(join, _)| join.line).collect();
    lines.sort_unstable();
    let Some(&first) = lines.first() else { return };
    let count = i64::try_from(lines.len()).unwrap_or(i64::MAX);
    let shown = crate::time::rome::format_rome(last);
    sink.note(
        Code::MissingLeave,
        first,
        Message::new(&STILL_CONNECTED, [Arg::Int(count), Arg::text(shown), Arg::text(lines_shown(&lines))]),
    );
    for (join, who) in &still_open {
        sink.interval(who, *join, At::exact(last, join.line));
    }
}

/// Reads unknown action words by their order (module documentation).
fn infer_actions(events: &[Event<'_>]) -> Option<Vec<Option<Action>>> {
    let mut words: Vec<String> = Vec::new();
    for e in events {
        let w = vocab::fold(e.action_cell);
        if !w.is_empty() && !words.contains(&w) {
            words.push(w);
        }
    }
    let first_stamp = events.first()?.stamp;
    let always_first_time = |w: &str| {
        events.iter().filter(|e| vocab::fold(e.action_cell) == w).all(|e| e.stamp.is_some() && e.stamp == first_stamp)
    };
    let mapping: Vec<(String, Action)> = match words.as_slice() {
        [join, left] => vec![(join.clone(), Action::Joined), (left.clone(), Action::Left)],
        [join, a, b] => match (always_first_time(a), always_first_time(b)) {
            (true, false) => {
                vec![(join.clone(), Action::Joined), (a.clone(), Action::JoinedBefore), (b.clone(), Action::Left)]
            }
            (false, true) => {
                vec![(join.clone(), Action::Joined), (b.clone(), Action::JoinedBefore), (a.clone(), Action::Left)]
            }
            _ => return None,
        },
        _ => return None,
    };
    Some(
        events
            .iter()
            .map(|e| {
                let w = vocab::fold(e.action_cell);
                mapping.iter().find(|(k, _)| *k == w).map(|&(_, a)| a)
            })
            .collect(),
    )
}
