//! Teams meetings: from session rows to each employee's consultation per meeting.
//!
//! For each meeting, participants are sorted into staff and citizens (see
//! [`crate::register`]). An employee's *consultation* in a meeting is the time they were
//! connected in a qualifying role while at least one citizen was connected, the citizens' union
//! having its short gaps bridged (a citizen who drops and rejoins). A consultation shorter than
//! the minimum counts nothing (a no-show, a failed call). The terms (roles, tolerance, minimum)
//! are those of the first day of the employee's connection whose rule set recognises remote
//! consultation.

use std::collections::BTreeMap;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::register::{ParticipantMatch, Register};
use crate::rules::Selection;
use crate::sessions::SessionRecord;
use crate::time::rome::{format_rome_clock, split_by_day, RomeDay};
use crate::time::{Interval, IntervalSet};

/// One employee's consultation in one meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consultation {
    /// The meeting.
    pub meeting_id: String,
    /// The employee.
    pub employee_id: String,
    /// The instants of consultation.
    pub time: IntervalSet,
    /// The employee's rows in the meeting.
    pub sources: Vec<SourceRef>,
    /// Connected time in a qualifying role, before intersecting with citizens.
    pub connected: IntervalSet,
}

/// Time an employee spent in a meeting that no rule set on that day pays as remote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecognised {
    /// The meeting.
    pub meeting_id: String,
    /// The employee.
    pub employee_id: String,
    /// Their connected time.
    pub connected: IntervalSet,
    /// Their rows.
    pub sources: Vec<SourceRef>,
    /// The rule set that does not recognise it (if any governs the day).
    pub ruleset: Option<String>,
}

/// What the meetings gave.
#[derive(Clone, Debug, Default)]
pub struct MeetingOutcome {
    /// Consultations that met the minimum.
    pub consultations: Vec<Consultation>,
    /// Connections on days whose rule set does not recognise remote consultation.
    pub unrecognised: Vec<Unrecognised>,
}

/// Computes every employee's consultation in every meeting touching `window`.
pub fn consultations(
    sessions: &[SessionRecord],
    register: &Register,
    selection: &Selection<'_>,
    window: Interval,
    anomalies: &mut Vec<Anomaly>,
) -> MeetingOutcome {
    // meeting id → rows. BTreeMap and sorted rows make the outcome independent of input order.
    let mut meetings: BTreeMap<&str, Vec<&SessionRecord>> = BTreeMap::new();
    for s in sessions {
        meetings.entry(s.meeting_id.as_str()).or_default().push(s);
    }
    let mut out = MeetingOutcome::default();
    for (meeting_id, mut rows) in meetings {
        let label = crate::input::values::meeting_label(meeting_id);
        // A meeting is taken whole when any of it falls in the month, so that the minimum and
        // the bridging see all of it; only its consultation is then clipped to the month.
        if rows.iter().all(|r| r.span.intersect(&window).is_none()) {
            for r in rows {
                anomalies.push(Anomaly::new(
                    Code::OutsideMonth,
                    Some(r.source.clone()),
                    format!("meeting {label}: the meeting lies outside the month; row not used"),
                ));
            }
            continue;
        }
        rows.sort_by(|a, b| (a.span, &a.source).cmp(&(b.span, &b.source)));
        let mut citizens = Vec::new();
        let mut staff: BTreeMap<String, Vec<&SessionRecord>> = BTreeMap::new();
        for r in rows {
            match register.match_participant(&r.participant, &r.upn) {
                ParticipantMatch::Citizen => citizens.push(r.span),
                ParticipantMatch::Staff(id) => staff.entry(id).or_default().push(r),
                ParticipantMatch::Ambiguous(ids) => anomalies.push(Anomaly::new(
                    Code::AmbiguousParticipant,
                    Some(r.source.clone()),
                    format!("meeting {label}: the participant's name matches several staff members ({}); counted neither as staff nor as citizen — add their Teams address to staff.csv", ids.join(", ")),
                )),
            }
        }
        let citizens = IntervalSet::from_intervals(citizens);
        for (employee_id, rows) in staff {
            if register.get(&employee_id).is_none() {
                // A conflicting register id: already reported with the register.
                continue;
            }
            let first = rows.iter().map(|r| r.span.start).min().unwrap_or(window.start);
            let day = RomeDay::of(first);
            // The terms of the first day of the connection whose rule set recognises remote
            // consultation: a meeting across a change of rule set is judged by the set that
            // pays it; days whose set does not are left out later, day by day.
            let all_connected = IntervalSet::from_intervals(rows.iter().map(|r| r.span));
            let day_sets: Vec<_> =
                split_by_day(&all_connected).into_iter().filter_map(|(d, _)| selection.for_day(d.0)).collect();
            let set = day_sets.iter().find(|s| s.remote.terms.is_some()).or(day_sets.first()).copied();
            let sources: Vec<SourceRef> = rows.iter().map(|r| r.source.clone()).collect();
            let Some(terms) = set.and_then(|s| s.remote.terms.as_ref()) else {
                let connected = IntervalSet::from_intervals(rows.iter().map(|r| r.span)).clip(window);
                if connected.is_empty() {
                    continue;
                }
                out.unrecognised.push(Unrecognised {
                    meeting_id: meeting_id.to_string(),
                    employee_id,
                    connected,
                    sources,
                    ruleset: set.map(|s| s.id.clone()),
                });
                continue;
            };
            let (qualifying, other): (Vec<&SessionRecord>, Vec<&SessionRecord>) =
                rows.iter().partition(|r| terms.roles.contains(&r.role));
            for r in &other {
                anomalies.push(
                    Anomaly::new(
                        Code::RoleNotQualifying,
                        Some(r.source.clone()),
                        format!(
                            "meeting {label}: connected as {}, a role that does not count as consultation",
                            r.role.as_str()
                        ),
                    )
                    .employee(employee_id.clone())
                    .on(RomeDay::of(r.span.start).map(|d| d.iso()).unwrap_or_default()),
                );
            }
            if qualifying.is_empty() {
                continue;
            }
            let connected = IntervalSet::from_intervals(qualifying.iter().map(|r| r.span));
            let time = connected.intersect(&citizens.bridge_gaps(terms.rejoin_tolerance_seconds));
            let src = qualifying.first().map(|r| r.source.clone());
            if time.seconds() < terms.minimum_consultation_seconds {
                let date = day.map(|d| d.iso()).unwrap_or_default();
                anomalies.push(
                    Anomaly::new(
                        Code::BelowMinimumConsultation,
                        src,
                        format!(
                            "meeting {label} at {}: {} s with a citizen connected, below the minimum of {} s; counts nothing (no-show or failed call)",
                            format_rome_clock(first),
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
            if time.is_empty() {
                continue;
            }
            out.consultations.push(Consultation {
                meeting_id: meeting_id.to_string(),
                employee_id,
                time,
                sources,
                connected,
            });
        }
    }
    out
}
