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
//! * an interval still open at the end closes at the list's last timestamp, with
//!   [`Code::MissingLeave`] (Teams writes the list as a snapshot: people still connected have no
//!   final `Left`).
//!
//! The list has no role column: the person of the first row (the organizer, whom Teams writes
//! first) is the organizer, every other person an attendee. The meeting id hashes the
//! organizer's normalised name and the first row's instant; the meeting's start and end are
//! unknown.

use std::collections::HashMap;
use std::sync::Arc;

use crate::anomaly::Code;
use crate::position::Position;
use crate::register::normalise_name;
use crate::sessions::Role;
use crate::time::Instant;

use super::clock::{self, At, Evidence, Stamp, Zone};
use super::grid::{person_key, Table};
use super::vocab::{self, Action};
use super::{
    fnv1a64, safe_cell, DateOrder, DateOrderBasis, Format, Parsed, ReadOptions, Sink, TeamsError, TimeBasis, Who,
};

struct Event<'a> {
    line: u64,
    name: &'a str,
    key: String,
    action_cell: &'a str,
    stamp: Option<Stamp>,
    time_cell: &'a str,
}

/// Reads the attendance list's table.
pub(crate) fn read(file: &Arc<str>, table: &Table, opts: &ReadOptions) -> Result<Parsed, TeamsError> {
    let malformed = |reason: &str| TeamsError::Malformed {
        at: Position::new(file.to_string(), table.header.line),
        reason: reason.to_string(),
    };
    let time_col = table.time_columns().first().copied().ok_or_else(|| malformed("no column of timestamps"))?;
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
    let actions = actions(&events, known.is_some(), &mut parsed).ok_or_else(|| {
        malformed("the action words are not known join/leave words and cannot be read by their order")
    })?;
    let (order, basis) = date_order(file, table, &events, opts)?;
    parsed.date_order = order;
    parsed.basis = basis;

    let ats: Vec<Option<At>> =
        events.iter().map(|e| e.stamp.and_then(|s| clock::resolve(&s, order, Zone::Rome, e.line))).collect();
    let organizer = events.iter().find(|e| !e.key.is_empty()).map(|e| e.key.clone()).unwrap_or_default();
    let first_instant = ats.iter().flatten().next().map_or(0, |a| a.instant);
    let last_instant = ats.iter().flatten().map(|a| a.instant).max();
    let hash = fnv1a64(&["attendance-list", &normalise_name(&organizer), &first_instant.to_string()]);
    let mut sink = Sink::new(file, format!("list-{hash:016x}"), None, None);

    let list = List { events: &events, actions: &actions, ats: &ats, last_instant };
    for rows in &people(&mut sink, &events) {
        let Some(first) = rows.first().and_then(|&i| events.get(i)) else { continue };
        let role = if first.key == organizer { Role::Organizer } else { Role::Attendee };
        let who = Who { name: first.name, upn: "", role };
        list.pair(&mut sink, &who, rows);
    }
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
    parsed.notes.push(
        "the action words are not known; they were read by their order (the first row's word \
         as a join, the word always carrying the first row's time as `Joined before`, the other \
         as a leave)"
            .to_string(),
    );
    Some(inferred)
}

/// The day/month order, decided from every timestamp (each person's consecutive times are a
/// pair that must not run backwards) and the language of the header and action words.
fn date_order(
    file: &Arc<str>,
    table: &Table,
    events: &[Event<'_>],
    opts: &ReadOptions,
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
    clock::decide(&ev, vocab::language(words), opts.date_order)
        .map_err(|reason| TeamsError::DateOrder { at: Position::whole_file(file.to_string()), reason })
}

/// People in order of first appearance, each with their rows in file order; a row with no
/// name is reported.
fn people(sink: &mut Sink, events: &[Event<'_>]) -> Vec<Vec<usize>> {
    let mut order_of: HashMap<&str, usize> = HashMap::new();
    let mut people: Vec<Vec<usize>> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.key.is_empty() {
            sink.note(Code::MissingValue, e.line, "field \"name\": the participant's name is empty; row not used");
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
    /// The list's last timestamp: where an interval still open at the end closes.
    last_instant: Option<Instant>,
}

impl List<'_> {
    /// Pairs one person's joins and leaves (their `rows`, in file order) into intervals, as the
    /// module documentation says.
    fn pair(&self, sink: &mut Sink, who: &Who<'_>, rows: &[usize]) {
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
                        Some((_, _, line)) => format!("the row repeats line {line}; counted once"),
                        None => {
                            "a second join of the same participant with no leave in between; the first join was kept"
                                .to_string()
                        }
                    };
                    sink.note(Code::DuplicateRow, e.line, what);
                }
                (false, Some(join)) => {
                    open = None;
                    sink.interval(who, join, at);
                }
                (false, None) => match repeat {
                    Some((_, _, line)) => {
                        sink.note(Code::DuplicateRow, e.line, format!("the row repeats line {line}; counted once"))
                    }
                    None => sink.note(
                        Code::BadValue,
                        e.line,
                        "a leave with no join before it for this participant; row not used",
                    ),
                },
            }
            previous = Some((action, at.instant, e.line));
        }
        if let (Some(join), Some(last)) = (open, self.last_instant) {
            let shown = crate::time::rome::format_rome(last);
            sink.note(
                Code::MissingLeave,
                join.line,
                format!("no leave after this join; the list's last time ({shown}) was taken as the leave"),
            );
            sink.interval(who, join, At::exact(last, join.line));
        }
    }

    /// Event `i` with its action and time, or `None` with the reason reported (an unknown
    /// action word, an empty or unreadable time).
    fn usable(&self, sink: &mut Sink, i: usize) -> Option<(&Event<'_>, Action, At)> {
        let (Some(e), Some(action)) = (self.events.get(i), self.actions.get(i)) else { return None };
        let Some(action) = *action else {
            sink.note(
                Code::BadValue,
                e.line,
                "field \"action\": expected Joined, Left or Joined before (in a known language); row not used",
            );
            return None;
        };
        let Some(at) = self.ats.get(i).copied().flatten() else {
            let (code, found) = if e.time_cell.is_empty() {
                (Code::MissingValue, "nothing".to_string())
            } else {
                (Code::BadValue, safe_cell(e.time_cell))
            };
            sink.note(
                code,
                e.line,
                format!("field \"time\": expected a date and time such as 3/4/2021, 9:00:05 AM, found {found}; row not used"),
            );
            return None;
        };
        Some((e, action, at))
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
