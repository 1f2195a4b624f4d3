//! Teams meetings: from session rows to each employee's consultation per meeting.
//!
//! [`consultations`] sorts the session rows by meeting and participant and cuts them into runs
//! of whole meetings, computed side by side. Each meeting ([`meeting`]) goes through these steps:
//! 1. a meeting wholly outside the month (`OUTSIDE_MONTH`, per row) or with no one from the
//!    staff register (`NO_STAFF_PARTICIPANT`) counts nothing;
//! 2. **the homonym decision** ([`homonyms`]): participants are sorted into staff and citizens
//!    (see [`crate::register`]); a row matched to an employee by display name only, in a
//!    meeting where that employee is also present by address, is not theirs: it is a homonym's
//!    or a guest's who took the name, so it counts as a citizen's, with a
//!    [`Code::HomonymParticipant`] warning (docs/DESIGN.md section 2);
//! 3. **each staff member's consultation** ([`consultation`]), from their own rows
//!    ([`own_rows`]): the time they were connected in a qualifying role (other roles reported)
//!    while at least one citizen was connected, the citizens' union having its short gaps
//!    bridged (a citizen who drops and rejoins). A consultation shorter than the minimum counts
//!    nothing (a no-show, a failed call). The terms (roles, tolerance, minimum) are those of the
//!    first day of the employee's connection whose rule set recognises remote consultation
//!    ([`judging_set`]); a connection no rule set recognises is kept apart
//!    ([`Unrecognised`]), for the employee's month to report.

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::message::{Arg, Message, Template};
use crate::rules::{RemoteTerms, RuleSet, Selection};
use crate::time::rome::DayTable;
use crate::time::{Instant, Interval, IntervalSet};

use crate::input::batch::{Batch, Ses, CITIZEN, OTHER_STAFF};

use super::words;

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

/// What every meeting of a run reads: the batch the rows belong to, the rule sets, the month.
struct Run<'r, 'a, 'b> {
    batch: &'r Batch<'a>,
    selection: &'r Selection<'b>,
    /// The month's instants.
    window: Interval,
    /// The month's days.
    days: &'r DayTable,
}

impl Run<'_, '_, '_> {
    fn source(&self, r: &Ses) -> SourceRef {
        self.batch.ses_files.source(r.file, r.line)
    }

    /// A meeting, as anomalies name it: by its date, start and file.
    fn meeting(&self, meeting: u32) -> Arg {
        words::meeting(self.batch, meeting)
    }

    /// The Rome day of an instant, as anomalies name it.
    fn date_of(&self, t: Instant) -> String {
        self.days.day_of(t).map(|d| d.iso()).unwrap_or_default()
    }
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
    let run = Run { batch, selection, window, days };
    let mut out = MeetingOutcome::default();
    for rows in rows.chunk_by(|a, b| a.meeting == b.meeting) {
        meeting(&run, rows, &mut out, anomalies);
    }
    out
}

/// One meeting (its rows, sorted by participant): a meeting wholly outside the month, or with
/// no one from the staff register, is reported and counts nothing; otherwise the citizens'
/// time is gathered, homonyms included ([`homonyms`]), and each employee's consultation is
/// computed ([`consultation`]).
fn meeting<'b>(run: &Run<'_, '_, 'b>, rows: &[Ses], out: &mut MeetingOutcome<'b>, anomalies: &mut Vec<Anomaly>) {
    let Some(first_row) = rows.first() else { return };
    // A meeting is taken whole when any of it falls in the month, so that the minimum and the
    // bridging see all of it; only its consultation is then clipped to the month.
    if rows.iter().all(|r| r.span.intersect(&run.window).is_none()) {
        let name = words::meeting_named(run.batch, rows, None);
        for r in rows {
            let message = Message::new(&OUTSIDE_MONTH, [name.clone()]);
            anomalies.push(Anomaly::new(Code::OutsideMonth, Some(run.source(r)), message));
        }
        return;
    }
    if rows.iter().all(|r| r.who == CITIZEN) {
        // Often a list whose organizer's name is written differently from the register.
        let message = Message::new(&NO_STAFF_PARTICIPANT, [words::meeting_named(run.batch, rows, None)]);
        anomalies.push(Anomaly::new(Code::NoStaffParticipant, Some(run.source(first_row)), message));
        return;
    }
    let homonyms = homonyms(run, rows, anomalies);
    let citizens = IntervalSet::from_intervals(
        rows.iter().filter(|r| r.who == CITIZEN).chain(homonyms.iter().flat_map(|named| named.iter())).map(|r| r.span),
    );
    for staff_rows in rows.chunk_by(|a, b| a.who == b.who) {
        // Citizens are counted above; staff whose register id is on several rows were reported
        // with the register.
        if staff_rows.first().is_some_and(|r| r.who != CITIZEN && r.who != OTHER_STAFF) {
            consultation(run, own_rows(staff_rows), &citizens, out, anomalies);
        }
    }
}

static OUTSIDE_MONTH: Template = Template {
    it: "{0}: la riunione è fuori dal mese; riga non usata",
    en: "{0}: the meeting lies outside the month; row not used",
};

static NO_STAFF_PARTICIPANT: Template = Template {
    it: "{0}: nessun partecipante è nell'anagrafica del personale (l'indirizzo Teams dell'organizzatore è in staff.csv?); la riunione non conta per nessuno",
    en: "{0}: no participant is in the staff register (is the organizer's Teams address in staff.csv?); the meeting counts for no one",
};

/// The homonym decision: an employee's rows matched by display name only, in a meeting where
/// that employee is also present by address, are someone else's (a homonym's, or a guest's who
/// took the name), so a citizen's; each such participant is reported
/// (`HOMONYM_PARTICIPANT`, naming the employee, never the participant). Where the employee is
/// present by name only, a name cannot tell two people apart and the match stands.
fn homonyms<'s>(run: &Run<'_, '_, '_>, rows: &'s [Ses], anomalies: &mut Vec<Anomaly>) -> Vec<&'s [Ses]> {
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
        let employee_id = run.batch.employee(first_named.who).map_or("", |e| e.id.as_str());
        let message =
            Message::new(&HOMONYM_PARTICIPANT, [words::meeting_named(run.batch, rows, None), Arg::text(employee_id)]);
        anomalies.push(
            Anomaly::new(Code::HomonymParticipant, Some(run.source(first_named)), message)
                .employee(employee_id)
                .on(run.date_of(first_named.span.start)),
        );
    }
    homonyms
}

static HOMONYM_PARTICIPANT: Template = Template {
    it: "{0}: un partecipante corrisponde al dipendente {1} solo per il nome visualizzato, mentre {1} è nella riunione con il proprio indirizzo; contato come cittadino (un omonimo, o un ospite che usa quel nome); se è un altro account del dipendente, aggiungerne l'indirizzo a staff.csv",
    en: "{0}: a participant matched to employee {1} by display name only, while {1} is in the meeting by address; counted as a citizen (a homonym, or a guest using the name); if it is another account of the employee, add its address to staff.csv",
};

/// An employee's own rows in a meeting: those matched by address when there are some (the rows
/// matched by name only are then a homonym's, [`homonyms`]), else all.
fn own_rows(staff_rows: &[Ses]) -> &[Ses] {
    let by_address = staff_rows.partition_point(|r| !r.by_name);
    if by_address > 0 {
        &staff_rows[..by_address]
    } else {
        staff_rows
    }
}

/// The rule set whose terms judge an employee's connection to a meeting: that of the first day
/// of the connection whose rule set recognises remote consultation, so that a meeting across a
/// change of rule set is judged by the set that pays it (days whose set does not are left out
/// later, day by day); failing that, the first day's.
fn judging_set<'b>(run: &Run<'_, '_, 'b>, connected: &IntervalSet) -> Option<&'b RuleSet> {
    let day_sets: Vec<&RuleSet> =
        run.days.split(connected).into_iter().filter_map(|(d, _)| run.selection.for_day(d.0)).collect();
    day_sets.iter().find(|s| s.remote.terms.is_some()).or(day_sets.first()).copied()
}

/// The staff member's consultation in one meeting, from their own rows: their connected time in
/// a qualifying role (other roles reported, `ROLE_NOT_QUALIFYING`) while a citizen was
/// connected, the citizens' short gaps bridged. Below the minimum it counts nothing (reported,
/// `BELOW_MINIMUM_CONSULTATION`); otherwise it is clipped to the month and added to `out`. A
/// connection no rule set judges as remote is added to `out` as unrecognised.
fn consultation<'b>(
    run: &Run<'_, '_, 'b>,
    staff_rows: &[Ses],
    citizens: &IntervalSet,
    out: &mut MeetingOutcome<'b>,
    anomalies: &mut Vec<Anomaly>,
) {
    let Some(&Ses { meeting, who: emp, .. }) = staff_rows.first() else { return };
    let all_connected = IntervalSet::from_intervals(staff_rows.iter().map(|r| r.span));
    let set = judging_set(run, &all_connected);
    // The slice's place in the batch's rows, found from the addresses (no allocation).
    let at = (staff_rows.as_ptr() as usize - run.batch.sessions.as_ptr() as usize) / std::mem::size_of::<Ses>();
    let sources: Lines = at..at + staff_rows.len();
    let Some(terms) = set.and_then(|s| s.remote.terms.as_ref()) else {
        let connected = all_connected.clip(run.window);
        if !connected.is_empty() {
            out.unrecognised.push(Unrecognised { meeting, emp, connected, sources, ruleset: set });
        }
        return;
    };
    let employee_id = run.batch.employee(emp).map_or("", |e| e.id.as_str());
    let qualifying = qualifying_rows(run, staff_rows, terms, employee_id, anomalies);
    let Some(first_qualifying) = qualifying.first() else { return };
    let connected = IntervalSet::from_intervals(qualifying.iter().map(|r| r.span));
    let time = connected.intersect(&citizens.bridge_gaps(terms.rejoin_tolerance_seconds));
    if time.seconds() < terms.minimum_consultation_seconds {
        let first = staff_rows.iter().map(|r| r.span.start).min().unwrap_or(run.window.start);
        let args = [run.meeting(meeting), Arg::Int(time.seconds()), Arg::Int(terms.minimum_consultation_seconds)];
        let message = Message::new(&BELOW_MINIMUM_CONSULTATION, args);
        anomalies.push(
            Anomaly::new(Code::BelowMinimumConsultation, Some(run.source(first_qualifying)), message)
                .employee(employee_id)
                .on(run.date_of(first)),
        );
        return;
    }
    let (time, connected) = (time.clip(run.window), connected.clip(run.window));
    if !time.is_empty() {
        out.consultations.push(Consultation { meeting, emp, time, sources, connected });
    }
}

static BELOW_MINIMUM_CONSULTATION: Template = Template {
    it: "{0}: {1} s con un cittadino collegato, sotto il minimo di {2} s; non conta (cittadino assente o chiamata non riuscita)",
    en: "{0}: {1} s with a citizen connected, below the minimum of {2} s; counts nothing (no-show or failed call)",
};

/// The rows in a role `terms` count as consultation; each other row is reported
/// (`ROLE_NOT_QUALIFYING`).
fn qualifying_rows<'s>(
    run: &Run<'_, '_, '_>,
    staff_rows: &'s [Ses],
    terms: &RemoteTerms,
    employee_id: &str,
    anomalies: &mut Vec<Anomaly>,
) -> Vec<&'s Ses> {
    let mut qualifying = Vec::with_capacity(staff_rows.len());
    for r in staff_rows {
        if terms.roles.contains(&r.role) {
            qualifying.push(r);
            continue;
        }
        let message = Message::new(&ROLE_NOT_QUALIFYING, [run.meeting(r.meeting), Arg::Static(r.role.as_str())]);
        anomalies.push(
            Anomaly::new(Code::RoleNotQualifying, Some(run.source(r)), message)
                .employee(employee_id)
                .on(run.date_of(r.span.start)),
        );
    }
    qualifying
}

static ROLE_NOT_QUALIFYING: Template = Template {
    it: "{0}: collegato con il ruolo {1}, che non conta come consulenza",
    en: "{0}: connected as {1}, a role that does not count as consultation",
};
