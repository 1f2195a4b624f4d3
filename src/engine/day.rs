//! One Rome day of one employee, as the steps of docs/DESIGN.md section 3.
//!
//! [`compute`] takes the day's rows ([`DayRows`], collected by [`super::employee`]) and the rule
//! set governing the day, and runs the steps in order:
//! 0. **plausibility** ([`check_service_within_presence`]): a day whose in-person service lasts
//!    longer than its presence is reported (`SERVICE_EXCEEDS_PRESENCE`), once, whatever the
//!    rule set; a day no rule set governs is reported (`NO_RULE_SET`) and stops here;
//! 1. **in-person time** ([`in_person_time`]): the service rows of the kinds the rule set
//!    qualifies, united, clipped as it says (to presence, to working time, or not), minus any
//!    absence;
//! 2. **remote time** ([`remote_time`]): each meeting's consultation on the day, clipped as the
//!    rule set says, the meetings united so that an instant counts once (their overlap
//!    reported); time in meetings no rule set pays is tallied for the month;
//! 3. **channel overlap** ([`settle_channel_overlap`]): an instant both channels would pay goes
//!    to the channel the rule set gives priority;
//! 4. **accounting** ([`account_day`]): per channel, time rounding and the daily minimum and
//!    cap; the counted time joins the month's tally of its item and rule set.
//!
//! Each step reports what it leaves out (an anomaly with the employee and the day) and, when a
//! trace is kept, writes the channel's [`ChannelDay`] as a pencil checks it: a [`Plus`] line for
//! every interval recorded (each service row, each meeting's connected time) and a [`Minus`]
//! line for every part a step takes away — overlaps included, so that the `+` lines minus the
//! `−` lines are the paid seconds, exactly.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::Kind;
use crate::input::batch::{Att, Batch, Ses};
use crate::message::{Arg, Message, Template};
use crate::register::Employee;
use crate::rules::{Channel, ClipTo, OverlapRule, RuleSet};
use crate::time::rome::RomeDay;
use crate::time::{Interval, IntervalSet};

use super::accounting::{self, RowTally};
use super::meetings::{Consultation, Lines, Unrecognised};
use super::trace::{ChannelDay, DayTrace, Minus, Origin, Plus, Reason};
use super::words::{self, spans};

/// One Rome day of one employee's rows.
pub(super) struct DayRows<'a, 'b> {
    /// The day.
    pub date: NaiveDate,
    /// The day's attendance rows, sorted by span, kind, code, file and line.
    pub attendance: &'a [Att],
    /// The day's part of each consultation, in the order given.
    pub consulted: Vec<(&'a Consultation, IntervalSet)>,
    /// The day's part of each connection no rule set pays as remote, in the order given.
    pub unrecognised: Vec<(&'a Unrecognised<'b>, IntervalSet)>,
}

impl DayRows<'_, '_> {
    /// The in-person service rows (front office, appointment, specialist), whatever the rule set
    /// pays.
    fn services(&self) -> impl Iterator<Item = &Att> {
        self.attendance.iter().filter(|r| r.kind.is_service())
    }

    /// True when the day has time a rule set could pay: in-person service or Teams time. Other
    /// days (presence only, an absence) have nothing to compute.
    pub fn has_service_time(&self) -> bool {
        self.services().next().is_some() || !self.consulted.is_empty() || !self.unrecognised.is_empty()
    }
}

/// What the steps of a day read besides its rows: where the rows come from, whether a trace is
/// kept, and the employee and day that anomalies name.
pub(super) struct Day<'d, 'a> {
    /// The batch the rows point into (files, lines, codes, meeting ids).
    pub batch: &'d Batch<'a>,
    /// Keep the trace (for explanations); the counted time is the same either way.
    pub trace: bool,
    /// The employee.
    pub employee: &'d Employee,
    /// The day.
    pub date: RomeDay,
    /// The day's instants.
    pub bounds: Interval,
}

impl Day<'_, '_> {
    /// Reports an anomaly of this employee on this day.
    fn report(&self, found: &mut Vec<Anomaly>, code: Code, source: Option<SourceRef>, message: Message) {
        // The date is formatted only here: most days have no anomaly.
        found.push(Anomaly::new(code, source, message).employee(self.employee.id.as_str()).on(self.date.iso()));
    }

    fn att_source(&self, r: &Att) -> SourceRef {
        self.batch.att_files.source(r.file, r.line)
    }

    fn ses_rows(&self, lines: &Lines) -> &[Ses] {
        self.batch.sessions.get(lines.clone()).unwrap_or_default()
    }

    /// An attendance row as the trace names it.
    fn att_origin(&self, r: &Att) -> Origin {
        Origin::Attendance { source: self.att_source(r), kind: r.kind, code: self.batch.code(r.code).to_string() }
    }

    /// The `+` lines of a meeting's connected time on the day: one per interval, naming the
    /// employee's rows in the meeting that make it up.
    fn meeting_plus(&self, meeting: u32, lines: &Lines, connected: &IntervalSet, trace: &mut ChannelDay) {
        for iv in connected.intervals() {
            let sources = self
                .ses_rows(lines)
                .iter()
                .filter(|r| r.span.intersect(iv).is_some())
                .map(|r| self.batch.ses_files.source(r.file, r.line))
                .collect();
            let origin = Origin::Meeting { meeting_id: self.batch.meeting_id(meeting).to_string(), sources };
            trace.plus.push(Plus { interval: *iv, origin });
        }
    }

    /// A `−` line of one meeting's time.
    fn meeting_minus(
        &self,
        reason: Reason,
        code: Option<Code>,
        meeting: u32,
        removed: IntervalSet,
        set: &RuleSet,
    ) -> Minus {
        Minus {
            meeting: Some(self.batch.meeting_id(meeting).to_string()),
            ..Minus::new(reason, code, removed, &set.remote.info)
        }
    }

    /// The first of the employee's rows in a meeting: where a clerk can look.
    fn first_ses_source(&self, lines: &Lines) -> Option<SourceRef> {
        self.ses_rows(lines).first().map(|r| self.batch.ses_files.source(r.file, r.line))
    }

    /// A meeting, as anomalies name it: by its date, start and file.
    fn meeting(&self, meeting: u32) -> Arg {
        words::meeting(self.batch, meeting)
    }
}

/// Remote time no rule set pays, per rule set (`None` where no rule set governs): the meetings
/// and the seconds. Reported once per employee and month; the days are in the trace.
pub(super) type NotRecognised<'s> = BTreeMap<Option<&'s str>, (Vec<u32>, i64)>;

/// What the days leave for the month's end.
#[derive(Default)]
pub(super) struct Tally<'s> {
    /// Counted time per payroll item and rule set.
    pub rows: BTreeMap<(&'s str, &'s str), RowTally>,
    /// The rule sets that governed a day, by id.
    pub sets: BTreeMap<&'s str, &'s RuleSet>,
    /// Remote time no rule set pays.
    pub not_recognised: NotRecognised<'s>,
}

/// The day's attendance as the clipping reads it.
struct Hours {
    /// `presence` rows, united.
    presence: IntervalSet,
    /// `presence` and `remote_work` rows, united.
    working: IntervalSet,
    /// `absence` rows, united.
    absence: IntervalSet,
    /// The whole day.
    whole_day: IntervalSet,
}

impl Hours {
    fn of(attendance: &[Att], bounds: Interval) -> Hours {
        let union_of = |kinds: &[Kind]| {
            IntervalSet::from_intervals(attendance.iter().filter(|r| kinds.contains(&r.kind)).map(|r| r.span))
        };
        Hours {
            presence: union_of(&[Kind::Presence]),
            working: union_of(&[Kind::Presence, Kind::RemoteWork]),
            absence: union_of(&[Kind::Absence]),
            whole_day: IntervalSet::single(bounds),
        }
    }

    /// What a channel's time is clipped to.
    fn clip_target(&self, clip: ClipTo) -> &IntervalSet {
        match clip {
            ClipTo::Presence => &self.presence,
            ClipTo::WorkingTime => &self.working,
            ClipTo::Nothing => &self.whole_day,
        }
    }
}

/// One channel's time as a step hands it to the next.
struct ChannelTime<'s> {
    /// The payroll item; `None` when the rule set does not pay the channel on this day.
    item: Option<&'s str>,
    /// The instants still paid.
    paid: IntervalSet,
    /// The trace so far.
    trace: ChannelDay,
}

impl<'s> ChannelTime<'s> {
    fn new(item: Option<&'s str>) -> Self {
        ChannelTime { item, paid: IntervalSet::new(), trace: ChannelDay::default() }
    }
}

static NO_RULE_SET: Template = Template {
    it: "nessuna regola governa questo giorno: il suo tempo di servizio non è pagato",
    en: "no rule set governs this day; its service time is not paid",
};

/// Computes one day: the steps in order, under `set` (the rule set governing the day, if any).
/// Adds the counted time to `tally` and gives the day's trace (its channels left empty unless
/// [`Day::trace`]).
pub(super) fn compute<'s>(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, 's>,
    set: Option<&'s RuleSet>,
    tally: &mut Tally<'s>,
    found: &mut Vec<Anomaly>,
) -> DayTrace {
    let hours = Hours::of(rows.attendance, day.bounds);
    check_service_within_presence(day, rows, &hours.presence, found);
    let mut trace = DayTrace {
        date: day.date.0,
        ruleset: set.map(|s| s.id.clone()),
        in_person: ChannelDay::default(),
        remote: ChannelDay::default(),
    };
    let Some(set) = set else {
        day.report(found, Code::NoRuleSet, None, Message::new(&NO_RULE_SET, []));
        return trace;
    };
    tally.sets.insert(&set.id, set);
    let mut in_person = in_person_time(day, rows, set, &hours, found);
    let mut remote = remote_time(day, rows, set, &hours, &mut tally.not_recognised, found);
    settle_channel_overlap(day, rows, &set.overlap, &mut in_person, &mut remote, found);
    let in_person = account_day(day, set, in_person, &mut tally.rows, found);
    let remote = account_day(day, set, remote, &mut tally.rows, found);
    if day.trace {
        trace.in_person = in_person;
        trace.remote = remote;
    }
    trace
}

/// Plausibility: in-person service happens during presence, so a day whose service lasts longer
/// than its presence has attendance rows that do not add up. Reports it
/// (`SERVICE_EXCEEDS_PRESENCE`), once for the day, whatever the rule set.
fn check_service_within_presence(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    presence: &IntervalSet,
    found: &mut Vec<Anomaly>,
) {
    // The rows' lengths rule out nearly every day before any union is built.
    if rows.services().map(|r| r.span.seconds()).sum::<i64>() <= presence.seconds() {
        return;
    }
    let served = IntervalSet::from_intervals(rows.services().map(|r| r.span)).seconds();
    if served <= presence.seconds() {
        return;
    }
    // The day's first service row: where a clerk starts reading the day's rows.
    let source = rows.services().next().map(|r| day.att_source(r));
    let message = Message::new(&SERVICE_EXCEEDS_PRESENCE, [Arg::Duration(served), Arg::Duration(presence.seconds())]);
    day.report(found, Code::ServiceExceedsPresence, source, message);
}

static SERVICE_EXCEEDS_PRESENCE: Template = Template {
    it: "il servizio in sede (sportello, appuntamenti, consulenza specialistica) dura {0} nel giorno ma la presenza solo {1}: le righe delle presenze non tornano, vanno controllate",
    en: "in-person service (front office, appointments, specialist) lasts {0} in the day but presence only {1}; the attendance rows do not add up — check them",
};

/// In-person time: the service rows of the kinds `set` qualifies, united
/// ([`qualifying_service`]), clipped as it says ([`clip_service`]), minus any absence
/// ([`minus_absence`]). Gives the channel's time, item and trace.
fn in_person_time<'s>(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    set: &'s RuleSet,
    hours: &Hours,
    found: &mut Vec<Anomaly>,
) -> ChannelTime<'s> {
    let rule = &set.in_person;
    let mut channel = ChannelTime::new(Some(&rule.item));
    let qualifying = qualifying_service(day, rows, set, &mut channel.trace, found);
    let clipped = clip_service(day, rows, set, &qualifying, hours.clip_target(rule.clip_to), &mut channel.trace, found);
    channel.paid = minus_absence(day, rows, set, clipped, &hours.absence, &mut channel.trace, found);
    channel
}

/// The union of the day's service rows of the kinds `set` pays. Each row of another kind is
/// reported (`KIND_NOT_QUALIFYING`). In the trace every service row is a `+` line; a row of
/// another kind is taken away whole, and the time qualifying rows share is taken away once
/// ([`overlapping_rows`]).
fn qualifying_service(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    set: &RuleSet,
    trace: &mut ChannelDay,
    found: &mut Vec<Anomaly>,
) -> IntervalSet {
    let rule = &set.in_person;
    for r in rows.services() {
        if day.trace {
            trace.plus.push(Plus { interval: r.span, origin: day.att_origin(r) });
        }
        if rule.kinds.contains(&r.kind) {
            continue;
        }
        let message = Message::new(
            &KIND_NOT_QUALIFYING,
            [Arg::Static(r.kind.as_str()), Arg::Duration(r.span.seconds()), Arg::text(set.id.as_str())],
        );
        day.report(found, Code::KindNotQualifying, Some(day.att_source(r)), message);
        if day.trace {
            let removed = IntervalSet::single(r.span);
            let minus = Minus::new(Reason::KindNotPaid, Some(Code::KindNotQualifying), removed, &rule.info);
            trace.minus.push(Minus { rows: vec![day.att_source(r)], ..minus });
        }
    }
    if day.trace {
        overlapping_rows(day, rows, set, trace);
    }
    IntervalSet::from_intervals(rows.services().filter(|r| rule.kinds.contains(&r.kind)).map(|r| r.span))
}

static KIND_NOT_QUALIFYING: Template =
    Template { it: "{0} ({1}) non è pagato dalla regola {2}", en: "{0} ({1}) is not paid under {2}" };

/// Trace only: the time two qualifying service rows both cover, counted once. Each row's part
/// already covered by the rows before it is a `−` line naming the row and those it overlaps,
/// so that the rows' `+` lines minus these are the rows' union, exactly (three rows over one
/// instant take it away twice).
fn overlapping_rows(day: &Day<'_, '_>, rows: &DayRows<'_, '_>, set: &RuleSet, trace: &mut ChannelDay) {
    let qualifying: Vec<&Att> = rows.services().filter(|r| set.in_person.kinds.contains(&r.kind)).collect();
    let mut covered = IntervalSet::new();
    for (i, r) in qualifying.iter().enumerate() {
        let row = IntervalSet::single(r.span);
        let again = row.intersect(&covered);
        if !again.is_empty() {
            let mut named: Vec<SourceRef> = qualifying[..i]
                .iter()
                .filter(|earlier| earlier.span.intersect(&r.span).is_some())
                .map(|earlier| day.att_source(earlier))
                .collect();
            named.push(day.att_source(r));
            let minus = Minus::new(Reason::RowsOverlap, None, again, &set.in_person.info);
            trace.minus.push(Minus { rows: named, ..minus });
        }
        covered = covered.union(&row);
    }
}

/// The qualifying service clipped to `target` (presence, working time or the whole day, as the
/// rule set says). Each row's time outside it is reported, naming the row (`OUTSIDE_PRESENCE`,
/// or `OUTSIDE_WORKING_TIME`), and, in the trace, taken away in one `−` line naming the rows.
fn clip_service(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    set: &RuleSet,
    qualifying: &IntervalSet,
    target: &IntervalSet,
    trace: &mut ChannelDay,
    found: &mut Vec<Anomaly>,
) -> IntervalSet {
    let rule = &set.in_person;
    let (code, template) = match rule.clip_to {
        ClipTo::Presence => (Code::OutsidePresence, &SERVICE_OUTSIDE_PRESENCE),
        ClipTo::WorkingTime => (Code::OutsideWorkingTime, &SERVICE_OUTSIDE_WORKING_TIME),
        ClipTo::Nothing => (Code::OutsideWorkingTime, &SERVICE_OUTSIDE_THE_DAY),
    };
    for r in rows.services().filter(|r| rule.kinds.contains(&r.kind)) {
        let cut = IntervalSet::single(r.span).subtract(target);
        if cut.is_empty() {
            continue;
        }
        // The commonest anomaly of a month (one per counter row outside presence): its values
        // are one slice, with no text of their own.
        let message = Message::new(template, [Arg::Duration(cut.seconds()), Arg::Static(r.kind.as_str()), spans(&cut)]);
        day.report(found, code, Some(day.att_source(r)), message);
    }
    let clipped = qualifying.intersect(target);
    if day.trace {
        let removed = qualifying.subtract(&clipped);
        if !removed.is_empty() {
            let reason =
                if code == Code::OutsidePresence { Reason::OutsidePresence } else { Reason::OutsideWorkingTime };
            let named = rows
                .services()
                .filter(|r| rule.kinds.contains(&r.kind))
                .filter(|r| !IntervalSet::single(r.span).subtract(target).is_empty())
                .map(|r| day.att_source(r))
                .collect();
            trace.minus.push(Minus { rows: named, ..Minus::new(reason, Some(code), removed, &rule.info) });
        }
    }
    clipped
}

static SERVICE_OUTSIDE_PRESENCE: Template = Template {
    it: "{0} di {1} ({2}) fuori dalla presenza in sede: tempo non pagato",
    en: "{0} of {1} ({2}) outside presence; not paid",
};

static SERVICE_OUTSIDE_WORKING_TIME: Template = Template {
    it: "{0} di {1} ({2}) fuori dall'orario di lavoro: tempo non pagato",
    en: "{0} of {1} ({2}) outside working time; not paid",
};

/// Time clipped to nothing is cut only outside its own day.
static SERVICE_OUTSIDE_THE_DAY: Template = Template {
    it: "{0} di {1} ({2}) fuori dal giorno della riga: tempo non pagato",
    en: "{0} of {1} ({2}) outside the row's day; not paid",
};

/// The clipped service without the time of an absence: that time is reported
/// (`ABSENCE_OVERLAP`, at the first service row that overlaps the absence) and, in the trace,
/// taken away in a `−` line naming the absence rows.
fn minus_absence(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    set: &RuleSet,
    clipped: IntervalSet,
    absence: &IntervalSet,
    trace: &mut ChannelDay,
    found: &mut Vec<Anomaly>,
) -> IntervalSet {
    let absent = clipped.intersect(absence);
    if absent.is_empty() {
        return clipped;
    }
    let source = rows
        .services()
        .find(|r| {
            set.in_person.kinds.contains(&r.kind) && absent.intervals().iter().any(|a| a.intersect(&r.span).is_some())
        })
        .map(|r| day.att_source(r));
    let message = Message::new(&ABSENCE_OVERLAP, [Arg::Duration(absent.seconds()), spans(&absent)]);
    day.report(found, Code::AbsenceOverlap, source, message);
    let paid = clipped.subtract(absence);
    if day.trace {
        let named = rows
            .attendance
            .iter()
            .filter(|r| r.kind == Kind::Absence && !absent.intersect(&IntervalSet::single(r.span)).is_empty())
            .map(|r| day.att_source(r))
            .collect();
        let minus = Minus::new(Reason::Absence, Some(Code::AbsenceOverlap), absent, &set.in_person.info);
        trace.minus.push(Minus { rows: named, ..minus });
    }
    paid
}

static ABSENCE_OVERLAP: Template = Template {
    it: "{0} di servizio allo sportello ({1}) durante un'assenza: tempo non pagato",
    en: "{0} of counter service ({1}) overlaps an absence; not paid",
};

/// Remote time: the day's meetings no rule set pays are tallied ([`note_unrecognised`]); when
/// `set` recognises remote consultation, each meeting's consultation is clipped as it says
/// ([`clip_meetings`]) and the meetings are united ([`unite_meetings`]), otherwise their time is
/// tallied as not recognised too. Gives the channel's time, item (none when nothing is paid) and
/// trace.
fn remote_time<'s>(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, 's>,
    set: &'s RuleSet,
    hours: &Hours,
    not_recognised: &mut NotRecognised<'s>,
    found: &mut Vec<Anomaly>,
) -> ChannelTime<'s> {
    let mut channel = ChannelTime::new(None);
    note_unrecognised(day, rows, set, not_recognised, &mut channel.trace);
    if rows.consulted.is_empty() {
        return channel;
    }
    let Some(terms) = &set.remote.terms else {
        // The day's rule set does not recognise remote consultation.
        for (c, piece) in &rows.consulted {
            let unpaid = not_recognised.entry(Some(&set.id)).or_default();
            unpaid.0.push(c.meeting);
            unpaid.1 += piece.seconds();
            if day.trace {
                // Judged by another day's rule set: connected, with a citizen or not, and none
                // of it paid today.
                let connected = c.connected.clip(day.bounds);
                day.meeting_plus(c.meeting, &c.sources, &connected, &mut channel.trace);
                let trace = &mut channel.trace;
                let without = connected.subtract(piece);
                if !without.is_empty() {
                    trace.minus.push(day.meeting_minus(Reason::NoCitizen, None, c.meeting, without, set));
                }
                let code = Some(Code::RemoteNotRecognised);
                trace.minus.push(day.meeting_minus(Reason::NotRecognised, code, c.meeting, piece.clone(), set));
            }
        }
        return channel;
    };
    channel.item = Some(&terms.item);
    let kept = clip_meetings(day, rows, set, hours.clip_target(terms.clip_to), &mut channel.trace, found);
    if day.trace {
        overlapping_meetings(day, rows, set, &kept, &mut channel.trace);
    }
    channel.paid = unite_meetings(day, rows, &kept, found);
    channel
}

/// Trace only: the time two meetings' kept consultation both cover, counted once. Each
/// meeting's part already covered by the meetings before it is a `−` line naming the meeting
/// (three meetings over one instant take it away twice), so that the meetings' kept time minus
/// these is their union, exactly.
fn overlapping_meetings(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    set: &RuleSet,
    kept: &[IntervalSet],
    trace: &mut ChannelDay,
) {
    let mut covered = IntervalSet::new();
    for ((c, _), k) in rows.consulted.iter().zip(kept) {
        let again = k.intersect(&covered);
        if !again.is_empty() {
            let code = Some(Code::OverlappingMeetings);
            trace.minus.push(day.meeting_minus(Reason::MeetingsOverlap, code, c.meeting, again, set));
        }
        covered = covered.union(k);
    }
}

/// The day's connections to meetings no rule set paid when the meetings were read: each is
/// tallied under the rule set that does not recognise it (or `no rule set`) and, in the trace,
/// a `+` line taken away whole.
fn note_unrecognised<'s>(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, 's>,
    set: &RuleSet,
    not_recognised: &mut NotRecognised<'s>,
    trace: &mut ChannelDay,
) {
    for (u, piece) in &rows.unrecognised {
        let name = u.ruleset.map(|s| s.id.as_str());
        let unpaid = not_recognised.entry(name).or_default();
        unpaid.0.push(u.meeting);
        unpaid.1 += piece.seconds();
        if day.trace {
            day.meeting_plus(u.meeting, &u.sources, piece, trace);
            let code = Some(Code::RemoteNotRecognised);
            trace.minus.push(day.meeting_minus(Reason::NotRecognised, code, u.meeting, piece.clone(), set));
        }
    }
}

/// Each meeting's consultation clipped to `target` (working time, presence or the whole day, as
/// the remote terms of `set` say). A meeting's time outside it is reported (`OUTSIDE_WORKING_TIME`, naming the
/// meeting). In the trace, the meeting's connected time on the day is its `+` lines, and the
/// time with no citizen connected and the time outside `target` are taken away. Gives the part
/// kept of each meeting, in the day's order.
fn clip_meetings(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    set: &RuleSet,
    target: &IntervalSet,
    trace: &mut ChannelDay,
    found: &mut Vec<Anomaly>,
) -> Vec<IntervalSet> {
    let template = match set.remote.terms.as_ref().map(|t| t.clip_to) {
        Some(ClipTo::Presence) => &MEETING_OUTSIDE_PRESENCE,
        Some(ClipTo::Nothing) => &MEETING_OUTSIDE_THE_DAY,
        _ => &MEETING_OUTSIDE_WORKING_TIME,
    };
    let mut kept = Vec::with_capacity(rows.consulted.len());
    for (c, piece) in &rows.consulted {
        if day.trace {
            // The consultation is the connected time with a citizen: the rest is taken away.
            let connected = c.connected.clip(day.bounds);
            day.meeting_plus(c.meeting, &c.sources, &connected, trace);
            let without = connected.subtract(piece);
            if !without.is_empty() {
                trace.minus.push(day.meeting_minus(Reason::NoCitizen, None, c.meeting, without, set));
            }
        }
        let cut = piece.subtract(target);
        if !cut.is_empty() {
            let message = Message::new(template, [day.meeting(c.meeting), Arg::Duration(cut.seconds()), spans(&cut)]);
            day.report(found, Code::OutsideWorkingTime, day.first_ses_source(&c.sources), message);
            if day.trace {
                let (reason, code) = (Reason::OutsideWorkingTime, Some(Code::OutsideWorkingTime));
                trace.minus.push(day.meeting_minus(reason, code, c.meeting, cut, set));
            }
        }
        kept.push(piece.intersect(target));
    }
    kept
}

static MEETING_OUTSIDE_WORKING_TIME: Template = Template {
    it: "{0}: {1} di consulenza ({2}) fuori dall'orario di lavoro: tempo non pagato",
    en: "{0}: {1} of consultation ({2}) outside working time; not paid",
};

static MEETING_OUTSIDE_PRESENCE: Template = Template {
    it: "{0}: {1} di consulenza ({2}) fuori dalla presenza in sede: tempo non pagato",
    en: "{0}: {1} of consultation ({2}) outside presence; not paid",
};

static MEETING_OUTSIDE_THE_DAY: Template = Template {
    it: "{0}: {1} di consulenza ({2}) fuori dal giorno: tempo non pagato",
    en: "{0}: {1} of consultation ({2}) outside the day; not paid",
};

/// The meetings' kept time united, so that an instant counts once. When meetings overlap, it is
/// reported (`OVERLAPPING_MEETINGS`) at the employee's first row in the first of them, naming
/// each meeting that shares time with another by its start, file and the employee's row.
fn unite_meetings(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    kept: &[IntervalSet],
    found: &mut Vec<Anomaly>,
) -> IntervalSet {
    let united = kept.iter().fold(IntervalSet::new(), |acc, k| acc.union(k));
    let sum: i64 = kept.iter().map(IntervalSet::seconds).sum();
    if sum <= united.seconds() {
        return united;
    }
    let shares_time =
        |i: usize, k: &IntervalSet| kept.iter().enumerate().any(|(j, other)| j != i && !k.intersect(other).is_empty());
    let overlapping: Vec<(u32, &Ses)> = rows
        .consulted
        .iter()
        .zip(kept)
        .enumerate()
        .filter(|(i, (_, k))| shares_time(*i, k))
        .filter_map(|(_, ((c, _), _))| day.ses_rows(&c.sources).first().map(|r| (c.meeting, r)))
        .collect();
    let named = |&(meeting, row): &(u32, &Ses)| words::meeting_at_row(day.batch, meeting, row);
    let (Some(first), Some(last)) = (overlapping.first(), overlapping.last()) else { return united };
    // `the A, the B and the C`: every meeting but the last, then the last.
    let mut list = named(first);
    for middle in overlapping.iter().skip(1).take(overlapping.len().saturating_sub(2)) {
        list = Arg::Message(Box::new(Message::new(&AND_THE_MEETING, [list, named(middle)])));
    }
    let message = Message::new(&OVERLAPPING_MEETINGS, [list, named(last), Arg::Duration(sum - united.seconds())]);
    let source = Some(day.batch.ses_files.source(first.1.file, first.1.line));
    day.report(found, Code::OverlappingMeetings, source, message);
    united
}

static OVERLAPPING_MEETINGS: Template = Template {
    it: "la {0} e la {1} si sovrappongono per {2}: il tempo in comune conta una volta sola",
    en: "the {0} and the {1} overlap for {2}; the common time counts once",
};

/// A meeting after the first of a list of three or more.
static AND_THE_MEETING: Template = Template { it: "{0}, la {1}", en: "{0}, the {1}" };

/// The channel overlap settled: an instant both channels would pay is paid once, by the channel
/// `rule` gives priority; the other loses it. Reported (`CHANNEL_OVERLAP`, at the losing channel's
/// first row that holds common time) and, in the losing channel's trace, removed.
fn settle_channel_overlap<'s>(
    day: &Day<'_, '_>,
    rows: &DayRows<'_, '_>,
    rule: &OverlapRule,
    in_person: &mut ChannelTime<'s>,
    remote: &mut ChannelTime<'s>,
    found: &mut Vec<Anomaly>,
) {
    let both = in_person.paid.intersect(&remote.paid);
    if both.is_empty() {
        return;
    }
    // The row cited is the losing channel's first that holds common time: a meeting's (the
    // employee's first row in it) or a counter row.
    let meeting_row = || {
        let (c, _) = rows.consulted.iter().find(|(_, piece)| !piece.intersect(&both).is_empty())?;
        day.first_ses_source(&c.sources)
    };
    let counter_row = || {
        let overlaps = |r: &&Att| both.intervals().iter().any(|b| b.intersect(&r.span).is_some());
        rows.services().find(overlaps).map(|r| day.att_source(r))
    };
    let (loser, template, source) = match rule.priority {
        Channel::InPerson => (remote, &REMOTE_ALREADY_PAID, meeting_row().or_else(counter_row)),
        Channel::Remote => (in_person, &COUNTER_ALREADY_PAID, counter_row().or_else(meeting_row)),
    };
    loser.paid = loser.paid.subtract(&both);
    let message = Message::new(template, [Arg::Duration(both.seconds()), spans(&both)]);
    day.report(found, Code::ChannelOverlap, source, message);
    if day.trace {
        let minus = Minus::new(Reason::OtherChannel, Some(Code::ChannelOverlap), both, &rule.info);
        loser.trace.minus.push(minus);
    }
}

static REMOTE_ALREADY_PAID: Template = Template {
    it: "{0} di tempo su Teams ({1}) già pagato come servizio allo sportello: contato una volta sola",
    en: "{0} of remote time ({1}) is already paid through the other channel; counted once",
};

static COUNTER_ALREADY_PAID: Template = Template {
    it: "{0} di tempo allo sportello ({1}) già pagato come consulenza su Teams: contato una volta sola",
    en: "{0} of counter time ({1}) is already paid through the other channel; counted once",
};

/// One channel's day accounted: time rounding, then the daily minimum and cap, as `set` says
/// ([`accounting::day_seconds`]); a limit that changed the time is reported (`LIMIT_APPLIED`).
/// Counted time joins `rows` under the channel's item and `set`. Gives the channel's trace,
/// complete.
fn account_day<'s>(
    day: &Day<'_, '_>,
    set: &'s RuleSet,
    channel: ChannelTime<'s>,
    rows: &mut BTreeMap<(&'s str, &'s str), RowTally>,
    found: &mut Vec<Anomaly>,
) -> ChannelDay {
    let ChannelTime { item, paid, mut trace } = channel;
    trace.seconds = paid.seconds();
    trace.paid = paid;
    if day.trace {
        trace.item = item.map(str::to_string);
    }
    let Some(item) = item else { return trace };
    let (counted, limit) = accounting::day_seconds(&trace.paid, &set.time, day.employee);
    if let Some(limit) = limit {
        let (template, minutes) = match limit {
            accounting::Limit::DailyMinimum(m) => (&BELOW_DAILY_MINIMUM, m),
            // A day's time meets no monthly cap: a daily cap.
            accounting::Limit::DailyCap(m) | accounting::Limit::MonthlyCap(m) => (&DAILY_CAP, m),
        };
        let args = [Arg::text(item), Arg::Duration(counted), Arg::Duration(trace.seconds), Arg::Int(minutes)];
        day.report(found, Code::LimitApplied, None, Message::new(template, args));
    }
    trace.counted_seconds = counted;
    if counted > 0 {
        rows.entry((item, &set.id)).or_default().add_day(counted);
    }
    trace
}

static BELOW_DAILY_MINIMUM: Template = Template {
    it: "{0}: contati {1} invece di {2} (sotto il minimo giornaliero di {3} minuti)",
    en: "{0}: {1} counted instead of {2} (below the daily minimum of {3} minutes)",
};

static DAILY_CAP: Template = Template {
    it: "{0}: contati {1} invece di {2} (tetto giornaliero di {3} minuti)",
    en: "{0}: {1} counted instead of {2} (daily cap of {3} minutes)",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{PartTimePct, Register};
    use crate::rules::RuleBook;
    use crate::time::Month;

    /// 2025-10-01 00:00 in Rome (UTC+2).
    const MIDNIGHT: i64 = 1_759_269_600;

    fn at(h: i64, m: i64) -> i64 {
        MIDNIGHT + h * 3600 + m * 60
    }

    fn set(spans: &[(i64, i64)]) -> IntervalSet {
        IntervalSet::from_intervals(spans.iter().map(|&(a, b)| Interval::new(a, b)))
    }

    fn october_first() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()
    }

    fn contract() -> RuleSet {
        RuleBook::embedded().unwrap().get("inps-ccni-2025").unwrap().clone()
    }

    /// Runs `f` on 1 October 2025 of one employee, with a trace and an empty batch (sources are
    /// then named `?`).
    fn with_day<R>(f: impl FnOnce(&Day<'_, '_>) -> R) -> R {
        let file: std::sync::Arc<str> = std::sync::Arc::from("staff.csv");
        let register = Register::new(vec![Employee {
            id: "0042".into(),
            full_name: "A".into(),
            office: String::new(),
            teams_upns: vec![],
            part_time_pct: PartTimePct::parse("100").unwrap(),
            hourly_base_eur: Some("18.50".parse().unwrap()),
            monthly_base_eur: None,
            source: SourceRef::new(&file, 2),
        }]);
        let month = Month { year: 2025, month: 10 };
        let batch = Batch::from_records(&register, month, &[], &[]);
        let date = RomeDay(october_first());
        let employee = register.get("0042").unwrap();
        f(&Day { batch: &batch, trace: true, employee, date, bounds: date.bounds() })
    }

    fn rows(attendance: &[Att]) -> DayRows<'_, 'static> {
        DayRows { date: october_first(), attendance, consulted: Vec::new(), unrecognised: Vec::new() }
    }

    fn att(kind: Kind, from: i64, to: i64, line: u32) -> Att {
        Att { span: Interval::new(from, to), date: october_first(), emp: 0, line, code: 0, file: 0, kind }
    }

    fn paid<'s>(item: Option<&'s str>, time: IntervalSet) -> ChannelTime<'s> {
        ChannelTime { paid: time, ..ChannelTime::new(item) }
    }

    /// The anomalies' codes and English sentences, to compare with `(code, &str)` pairs.
    fn messages(found: &[Anomaly]) -> Vec<(Code, String)> {
        found.iter().map(|a| (a.code, a.message.to_string())).collect()
    }

    fn owned<const N: usize>(pairs: [(Code, &str); N]) -> Vec<(Code, String)> {
        pairs.into_iter().map(|(c, m)| (c, m.to_string())).collect()
    }

    #[test]
    fn in_person_time_is_the_qualifying_service_within_presence_minus_absence() {
        let contract = contract();
        // Presence 08:00–14:00; counter service 07:30–10:00 and 11:00–12:00; specialist
        // consultation 12:00–13:00, which the 2025 contract no longer pays; absent 11:30–12:00.
        let attendance = [
            att(Kind::Presence, at(8, 0), at(14, 0), 2),
            att(Kind::FrontOffice, at(7, 30), at(10, 0), 3),
            att(Kind::FrontOffice, at(11, 0), at(12, 0), 4),
            att(Kind::Specialist, at(12, 0), at(13, 0), 5),
            att(Kind::Absence, at(11, 30), at(12, 0), 6),
        ];
        let mut found = Vec::new();
        let channel = with_day(|day| {
            let hours = Hours::of(&attendance, day.bounds);
            in_person_time(day, &rows(&attendance), &contract, &hours, &mut found)
        });
        assert_eq!(channel.item, Some("MFOF"));
        assert_eq!(channel.paid, set(&[(at(8, 0), at(10, 0)), (at(11, 0), at(11, 30))]));
        assert_eq!(
            messages(&found),
            owned([
                (Code::KindNotQualifying, "specialist (1 h) is not paid under inps-ccni-2025"),
                (Code::OutsidePresence, "30 min of front_office (07:30–08:00) outside presence; not paid"),
                (Code::AbsenceOverlap, "30 min of counter service (11:30–12:00) overlaps an absence; not paid"),
            ])
        );
        assert!(found
            .iter()
            .all(|a| a.employee_id.as_deref() == Some("0042") && a.date.as_deref() == Some("2025-10-01")));
        let removed: Vec<(Reason, IntervalSet, Vec<u64>)> = channel
            .trace
            .minus
            .iter()
            .map(|m| (m.reason, m.removed.clone(), m.rows.iter().map(|r| r.line).collect()))
            .collect();
        assert_eq!(
            removed,
            [
                (Reason::KindNotPaid, set(&[(at(12, 0), at(13, 0))]), vec![5]),
                (Reason::OutsidePresence, set(&[(at(7, 30), at(8, 0))]), vec![3]),
                (Reason::Absence, set(&[(at(11, 30), at(12, 0))]), vec![6]),
            ]
        );
        // Every service row is a `+` line, the specialist one too (taken away whole).
        assert_eq!(channel.trace.plus.len(), 3);
        assert_eq!(channel.trace.pencil_seconds(), channel.paid.seconds());
    }

    #[test]
    fn overlapping_rows_are_each_a_plus_line_and_their_common_time_a_minus_line() {
        let contract = contract();
        // 14 October of demo employee 004518: counter 08:30–11:00 and appointments 10:30–12:30,
        // 150 + 120 minutes recorded, 240 counted: the half hour both rows cover counts once.
        let attendance = [
            att(Kind::Presence, at(8, 0), at(14, 12), 2),
            att(Kind::FrontOffice, at(8, 30), at(11, 0), 3),
            att(Kind::Appointment, at(10, 30), at(12, 30), 4),
            att(Kind::FrontOffice, at(10, 45), at(11, 15), 5),
        ];
        let mut found = Vec::new();
        let channel = with_day(|day| {
            let hours = Hours::of(&attendance, day.bounds);
            in_person_time(day, &rows(&attendance), &contract, &hours, &mut found)
        });
        assert!(found.is_empty(), "overlapping rows are no anomaly: {found:?}");
        assert_eq!(channel.paid.seconds(), 240 * 60);
        let plus: i64 = channel.trace.plus.iter().map(|p| p.interval.seconds()).sum();
        assert_eq!(plus, (150 + 120 + 30) * 60);
        let minus: Vec<(Reason, i64, Vec<u64>)> = channel
            .trace
            .minus
            .iter()
            .map(|m| (m.reason, m.seconds, m.rows.iter().map(|r| r.line).collect()))
            .collect();
        // Row 4 repeats 10:30–11:00 of row 3; row 5 lies wholly under rows 3 and 4.
        assert_eq!(minus, [(Reason::RowsOverlap, 30 * 60, vec![3, 4]), (Reason::RowsOverlap, 30 * 60, vec![3, 4, 5])]);
        assert_eq!(channel.trace.pencil_seconds(), 240 * 60);
    }

    #[test]
    fn the_channel_with_priority_keeps_the_common_time_and_the_other_loses_it() {
        let contract = contract();
        assert_eq!(contract.overlap.priority, Channel::InPerson, "the contract's own choice");
        // Counter 09:00–11:00, Teams 10:00–12:00: 10:00–11:00 is paid once.
        for (priority, counter_left, remote_left, loser) in [
            (Channel::InPerson, set(&[(at(9, 0), at(11, 0))]), set(&[(at(11, 0), at(12, 0))]), "remote"),
            (Channel::Remote, set(&[(at(9, 0), at(10, 0))]), set(&[(at(10, 0), at(12, 0))]), "counter"),
        ] {
            let rule = OverlapRule { priority, ..contract.overlap.clone() };
            let mut in_person = paid(Some("MFOF"), set(&[(at(9, 0), at(11, 0))]));
            let mut remote = paid(Some("MFTM"), set(&[(at(10, 0), at(12, 0))]));
            let mut found = Vec::new();
            with_day(|day| settle_channel_overlap(day, &rows(&[]), &rule, &mut in_person, &mut remote, &mut found));
            assert_eq!((&in_person.paid, &remote.paid), (&counter_left, &remote_left), "{priority:?}");
            let expected =
                format!("1 h of {loser} time (10:00–11:00) is already paid through the other channel; counted once");
            assert_eq!(messages(&found), owned([(Code::ChannelOverlap, expected.as_str())]));
            let (lost, kept) = match priority {
                Channel::InPerson => (&remote.trace, &in_person.trace),
                Channel::Remote => (&in_person.trace, &remote.trace),
            };
            assert_eq!(lost.minus.len(), 1);
            assert_eq!(
                (lost.minus[0].reason, &lost.minus[0].removed),
                (Reason::OtherChannel, &set(&[(at(10, 0), at(11, 0))]))
            );
            assert!(kept.minus.is_empty());
        }
    }

    #[test]
    fn channels_that_only_touch_do_not_overlap() {
        let contract = contract();
        let mut in_person = paid(Some("MFOF"), set(&[(at(9, 0), at(10, 0))]));
        let mut remote = paid(Some("MFTM"), set(&[(at(10, 0), at(11, 0))]));
        let mut found = Vec::new();
        with_day(|day| {
            settle_channel_overlap(day, &rows(&[]), &contract.overlap, &mut in_person, &mut remote, &mut found)
        });
        assert!(found.is_empty());
        assert_eq!((in_person.paid.seconds(), remote.paid.seconds()), (3600, 3600));
    }

    #[test]
    fn the_day_is_rounded_then_held_to_the_daily_minimum_and_cap() {
        let mut contract = contract();
        contract.time.daily_minimum_minutes = Some(30);
        contract.time.daily_cap_minutes = Some(120);
        let mut tally = BTreeMap::new();
        let mut found = Vec::new();
        with_day(|day| {
            // 2 h 30 min 40 s: floored to 150 minutes, then held to the cap of 120.
            let long = paid(Some("MFOF"), set(&[(at(9, 0), at(11, 30) + 40)]));
            let trace = account_day(day, &contract, long, &mut tally, &mut found);
            assert_eq!((trace.seconds, trace.counted_seconds, trace.item.as_deref()), (9040, 7200, Some("MFOF")));
            // Under the minimum: nothing counts, and the day is no day of the row.
            let short = paid(Some("MFOF"), set(&[(at(15, 0), at(15, 29) + 59)]));
            let trace = account_day(day, &contract, short, &mut tally, &mut found);
            assert_eq!((trace.seconds, trace.counted_seconds), (1799, 0));
            // A channel the rule set does not pay is not accounted at all.
            let unpaid = paid(None, set(&[(at(16, 0), at(17, 0))]));
            let trace = account_day(day, &contract, unpaid, &mut tally, &mut found);
            assert_eq!((trace.seconds, trace.counted_seconds, trace.item), (3600, 0, None));
        });
        assert_eq!(
            messages(&found),
            owned([
                (Code::LimitApplied, "MFOF: 2 h counted instead of 2 h 30 min 40 s (daily cap of 120 minutes)"),
                (
                    Code::LimitApplied,
                    "MFOF: 0 min counted instead of 29 min 59 s (below the daily minimum of 30 minutes)"
                ),
            ])
        );
        let row = &tally[&("MFOF", "inps-ccni-2025")];
        assert_eq!((tally.len(), row.days, row.seconds, row.per_day.as_slice()), (1, 1, 7200, &[7200][..]));
    }

    #[test]
    fn a_day_no_rule_set_governs_is_reported_and_pays_nothing() {
        let attendance = [att(Kind::FrontOffice, at(9, 0), at(10, 0), 2)];
        let mut tally = Tally::default();
        let mut found = Vec::new();
        let trace = with_day(|day| compute(day, &rows(&attendance), None, &mut tally, &mut found));
        assert_eq!(trace.ruleset, None);
        assert!(tally.rows.is_empty() && tally.sets.is_empty());
        // Service without any presence is implausible too, whatever the rule set.
        let codes: Vec<Code> = found.iter().map(|a| a.code).collect();
        assert_eq!(codes, [Code::ServiceExceedsPresence, Code::NoRuleSet]);
    }
}
