//! Teams meetings: from session rows to each employee's consultation per meeting.
//!
//! For each meeting, participants are sorted into staff and citizens (see
//! [`crate::register`]). A row matched to an employee by display name only, in a meeting where
//! that employee is also present by address, is not theirs: it is a homonym's or a guest's
//! who took the name, so it counts as a citizen's, with a [`Code::HomonymParticipant`]
//! warning (docs/DESIGN.md section 2). An employee's *consultation* in a meeting is the time
//! they were connected in a qualifying role while at least one citizen was connected, the
//! citizens' union having its short gaps bridged (a citizen who drops and rejoins). A
//! consultation shorter than the minimum counts nothing (a no-show, a failed call). The terms
//! (roles, tolerance, minimum) are those of the first day of the employee's connection whose
//! rule set recognises remote consultation.

use crate::anomaly::{Anomaly, Code};
use crate::input::values::meeting_label;
use crate::rules::{RuleSet, Selection};
use crate::time::rome::DayTable;
use crate::time::{Interval, IntervalSet};

use crate::input::batch::{Batch, Ses, CITIZEN, OTHER_STAFF};

/// An employee's rows in a meeting: where they are in the batch's sorted session rows (a
/// meeting's rows of one participant are contiguous there).
pub(crate) type Lines = std::ops::Range<usize>;

/// One employee's consultation in one meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Consultation {
    /// The meeting (index in the batch).
    pub meeting: u32,
    /// The employee (index in the batch).
    pub emp: u32,
    /// The instants of consultation.
    pub time: IntervalSet,
    /// The employee's rows in the meeting.
    pub sources: Lines,
    /// Connected time in a qualifying role, before intersecting with citizens.
    pub connected: IntervalSet,
}

/// Time an employee spent in a meeting that no rule set on that day pays as remote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unrecognised<'b> {
    /// The meeting.
    pub meeting: u32,
    /// The employee.
    pub emp: u32,
    /// Their connected time.
    pub connected: IntervalSet,
    /// Their rows.
    pub sources: Lines,
    /// The rule set that does not recognise it (if any governs the day).
    pub ruleset: Option<&'b RuleSet>,
}

/// What the meetings gave.
#[derive(Clone, Debug, Default)]
pub(crate) struct MeetingOutcome<'b> {
    /// Consultations that met the minimum.
    pub consultations: Vec<Consultation>,
    /// Connections on days whose rule set does not recognise remote consultation.
    pub unrecognised: Vec<Unrecognised<'b>>,
}

/// Computes every employee's consultation in every meeting touching `window`. Sorts the
/// batch's session rows by meeting (the order rows came in does not matter). Meetings are
/// independent: they are cut into contiguous runs, several per thread, which `threads` threads
/// take in turn ([`crate::parallel::map_in_order`]). The runs' outcomes are given in order and
/// left apart (moving 700,000 consultations into one list would be a
/// stretch of work for one thread); taken in order they are the outcome of a single thread.
pub(crate) fn consultations<'b>(
    batch: &mut Batch<'_>,
    selection: &Selection<'b>,
    window: Interval,
    days: &DayTable,
    threads: usize,
    anomalies: &mut Vec<Anomaly>,
) -> Vec<MeetingOutcome<'b>> {
    let first = batch.first_runs();
    for r in &mut batch.sessions {
        r.meeting = first.get(r.meeting as usize).copied().unwrap_or(r.meeting);
    }
    let files = &batch.ses_files.names;
    // Ties between equal spans are broken by file name and line, never by arrival order. An
    // employee's rows matched by address come before those matched by name only, so that each
    // kind is one contiguous run (they differ only where a homonym is present).
    batch.sessions.sort_unstable_by(|a, b| {
        (a.meeting, a.who, a.by_name, a.span)
            .cmp(&(b.meeting, b.who, b.by_name, b.span))
            .then_with(|| files[usize::from(a.file)].cmp(&files[usize::from(b.file)]))
            .then(a.line.cmp(&b.line))
    });
    let batch: &Batch<'_> = batch;
    // Cut the rows into runs of whole meetings, of about equal size, several per thread.
    let rows = &batch.sessions[..];
    let pieces = threads.max(1) * crate::parallel::PIECES_PER_THREAD;
    let mut runs = Vec::with_capacity(pieces);
    let mut start = 0;
    for k in 1..=pieces {
        let mut end = (rows.len() * k / pieces).max(start);
        while end < rows.len() && end > 0 && rows[end].meeting == rows[end - 1].meeting {
            end += 1;
        }
        if end > start {
            runs.push(&rows[start..end]);
        }
        start = end;
    }
    let run = |&rows: &&[Ses]| {
        let mut found = Vec::new();
        let out = meetings_of(batch, rows, selection, window, days, &mut found);
        (out, found)
    };
    let parts = crate::parallel::map_in_order(&runs, threads, run);
    let mut outcomes = Vec::with_capacity(parts.len());
    for (part, found) in parts {
        outcomes.push(part);
        anomalies.extend(found);
    }
    outcomes
}

/// [`consultations`] for a run of whole meetings.
fn meetings_of<'b>(
    batch: &Batch<'_>,
    rows: &[Ses],
    selection: &Selection<'b>,
    window: Interval,
    days: &DayTable,
    anomalies: &mut Vec<Anomaly>,
) -> MeetingOutcome<'b> {
    let mut out = MeetingOutcome::default();
    for rows in rows.chunk_by(|a, b| a.meeting == b.meeting) {
        let Some(first_row) = rows.first() else { continue };
        let meeting = first_row.meeting;
        let source = |r: &Ses| batch.ses_files.source(r.file, r.line);
        // A meeting is taken whole when any of it falls in the month, so that the minimum and
        // the bridging see all of it; only its consultation is then clipped to the month.
        if rows.iter().all(|r| r.span.intersect(&window).is_none()) {
            let label = meeting_label(batch.meeting_id(meeting));
            for r in rows {
                anomalies.push(Anomaly::new(
                    Code::OutsideMonth,
                    Some(source(r)),
                    format!("meeting {label}: the meeting lies outside the month; row not used"),
                ));
            }
            continue;
        }
        if rows.iter().all(|r| r.who == CITIZEN) {
            // Often a list whose organizer's name is written differently from the register.
            anomalies.push(Anomaly::new(
                Code::NoStaffParticipant,
                Some(source(first_row)),
                format!(
                    "meeting {}: no participant is in the staff register (is the organizer's Teams address in staff.csv?); the meeting counts for no one",
                    meeting_label(batch.meeting_id(meeting))
                ),
            ));
            continue;
        }
        // Rows matched to an employee by name only, where that employee is also here by
        // address: a homonym's (or a guest's who took the name), so a citizen's.
        let homonyms: Vec<&[Ses]> = rows
            .chunk_by(|a, b| a.who == b.who)
            .filter(|staff_rows| staff_rows.first().is_some_and(|r| r.who != CITIZEN && r.who != OTHER_STAFF))
            .filter_map(|staff_rows| {
                let by_address = staff_rows.partition_point(|r| !r.by_name);
                (by_address > 0).then(|| &staff_rows[by_address..]).filter(|named| !named.is_empty())
            })
            .collect();
        for named in &homonyms {
            let Some(first_named) = named.first() else { continue };
            let employee_id = batch.employee(first_named.who).map_or("", |e| e.id.as_str());
            anomalies.push(
                Anomaly::new(
                    Code::HomonymParticipant,
                    Some(source(first_named)),
                    format!(
                        "meeting {}: a participant matched to employee {employee_id} by display name only, \
                         while {employee_id} is in the meeting by address; counted as a citizen (a homonym, or \
                         a guest using the name); if it is another account of the employee, add its address \
                         to staff.csv",
                        meeting_label(batch.meeting_id(meeting)),
                    ),
                )
                .employee(employee_id)
                .on(days.day_of(first_named.span.start).map(|d| d.iso()).unwrap_or_default()),
            );
        }
        let citizens = IntervalSet::from_intervals(
            rows.iter()
                .filter(|r| r.who == CITIZEN)
                .chain(homonyms.iter().flat_map(|named| named.iter()))
                .map(|r| r.span),
        );
        for staff_rows in rows.chunk_by(|a, b| a.who == b.who) {
            let Some(emp) = staff_rows.first().map(|r| r.who) else { continue };
            if emp == CITIZEN || emp == OTHER_STAFF {
                // Citizens are above; staff whose register id is on several rows were reported
                // with the register.
                continue;
            }
            // The employee's own rows: those by address when a homonym is present.
            let by_address = staff_rows.partition_point(|r| !r.by_name);
            let staff_rows = if by_address > 0 { &staff_rows[..by_address] } else { staff_rows };
            let first = staff_rows.iter().map(|r| r.span.start).min().unwrap_or(window.start);
            // The terms of the first day of the connection whose rule set recognises remote
            // consultation: a meeting across a change of rule set is judged by the set that
            // pays it; days whose set does not are left out later, day by day.
            let all_connected = IntervalSet::from_intervals(staff_rows.iter().map(|r| r.span));
            let day_sets: Vec<&RuleSet> =
                days.split(&all_connected).into_iter().filter_map(|(d, _)| selection.for_day(d.0)).collect();
            let set = day_sets.iter().find(|s| s.remote.terms.is_some()).or(day_sets.first()).copied();
            // The slice's place in the batch's rows, found from the addresses (no allocation).
            let at = (staff_rows.as_ptr() as usize - batch.sessions.as_ptr() as usize) / std::mem::size_of::<Ses>();
            let sources: Lines = at..at + staff_rows.len();
            let Some(terms) = set.and_then(|s| s.remote.terms.as_ref()) else {
                let connected = all_connected.clip(window);
                if !connected.is_empty() {
                    out.unrecognised.push(Unrecognised { meeting, emp, connected, sources, ruleset: set });
                }
                continue;
            };
            let employee_id = batch.employee(emp).map_or("", |e| e.id.as_str());
            let mut qualifying = Vec::with_capacity(staff_rows.len());
            for r in staff_rows {
                if terms.roles.contains(&r.role) {
                    qualifying.push(r);
                    continue;
                }
                anomalies.push(
                    Anomaly::new(
                        Code::RoleNotQualifying,
                        Some(source(r)),
                        format!(
                            "meeting {}: connected as {}, a role that does not count as consultation",
                            meeting_label(batch.meeting_id(meeting)),
                            r.role.as_str()
                        ),
                    )
                    .employee(employee_id)
                    .on(days.day_of(r.span.start).map(|d| d.iso()).unwrap_or_default()),
                );
            }
            let Some(first_qualifying) = qualifying.first() else { continue };
            let connected = IntervalSet::from_intervals(qualifying.iter().map(|r| r.span));
            let time = connected.intersect(&citizens.bridge_gaps(terms.rejoin_tolerance_seconds));
            if time.seconds() < terms.minimum_consultation_seconds {
                let date = days.day_of(first).map(|d| d.iso()).unwrap_or_default();
                anomalies.push(
                    Anomaly::new(
                        Code::BelowMinimumConsultation,
                        Some(source(first_qualifying)),
                        format!(
                            "meeting {} at {}: {} s with a citizen connected, below the minimum of {} s; counts nothing (no-show or failed call)",
                            meeting_label(batch.meeting_id(meeting)),
                            days.clock(first),
                            time.seconds(),
                            terms.minimum_consultation_seconds
                        ),
                    )
                    .employee(employee_id)
                    .on(date),
                );
                continue;
            }
            let (time, connected) = (time.clip(window), connected.clip(window));
            if !time.is_empty() {
                out.consultations.push(Consultation { meeting, emp, time, sources, connected });
            }
        }
    }
    out
}
