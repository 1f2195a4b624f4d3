//! Merging the files of a folder so that a meeting exported twice counts once.
//!
//! The same meeting can arrive as two CSV files, or as CSV and Graph JSON, and the ids differ
//! (CSV ids are derived, Graph ids are Microsoft's). Two meetings are the **same** when:
//!
//! * they have the same non-empty multiset of intervals, at second precision (fractions were
//!   truncated when read) — or **to the minute**, when one copy has only whole minutes: a report
//!   opened and saved again in Excel loses its seconds (`14/10/25 09:00` for `09:00:37`, the
//!   seconds cut, not rounded), so each of that copy's times must be the other's floored to the
//!   minute; an interval of the original shorter than its minute (floored to nothing, which
//!   the copy reports as empty) is left out of the comparison;
//! * the intervals can be paired so that each pair's participants agree: the same address
//!   (case-insensitive), or the same normalised display name
//!   ([`crate::register::normalise_name`], so `(Unverified)` and double spaces do not matter),
//!   or one side is a pseudonym of the normalised CSV (`citizen-N`, `ambiguous-N`, no address);
//! * when both state their start and end, each differs by at most 60 s (a callRecord's
//!   `startDateTime` precedes the report's by a fraction of a second).
//!
//! Of the copies, the one with seconds is kept over one to the minute (it is the original);
//! otherwise the one whose `(file, meeting id)` is smallest, whatever the order the files were
//! given in. Every other copy is dropped with its row anomalies and reported once as
//! [`Code::DuplicateMeeting`] (info), on the ignored file.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::anomaly::{self, Anomaly, Code, SourceRef};
use crate::input::table::{FileRows, Tally};
use crate::message::{Arg, Message, Template};
use crate::register::normalise_name;
use crate::sessions::SessionRecord;
use crate::time::Interval;

use super::{Meeting, TeamsFile};

struct Unit {
    file: Arc<str>,
    meeting: Meeting,
    records: Vec<SessionRecord>,
}

impl Unit {
    /// True when every time of the meeting is a whole minute: a copy saved without seconds.
    fn to_the_minute(&self) -> bool {
        let whole = |t: i64| t.rem_euclid(60) == 0;
        !self.records.is_empty()
            && self.records.iter().all(|r| whole(r.span.start) && whole(r.span.end))
            && self.meeting.start.is_none_or(whole)
            && self.meeting.end.is_none_or(whole)
    }
}

static SAME_TO_THE_SECOND: Template = Template {
    it: "la riunione {0} è la stessa della riunione {1} di {2} (stessi partecipanti e intervalli al \
         secondo); questa copia è stata ignorata",
    en: "meeting {0} is the same meeting as meeting {1} of {2} (same participants and \
                     intervals to the second); this copy was ignored",
};
static SAME_TO_THE_MINUTE: Template = Template {
    it: "la riunione {0} è la stessa della riunione {1} di {2} (stessi partecipanti e intervalli, ma \
         i suoi orari sono quelli dell'altra senza i secondi, come li salva Excel); questa copia al \
         minuto è stata ignorata, l'originale al secondo è stato usato",
    en: "meeting {0} is the same meeting as meeting {1} of {2} (same participants and intervals, \
         but its times are the other's without their seconds, as Excel saves them); this copy to \
         the minute was ignored, the original to the second was used",
};

fn is_pseudonym(r: &SessionRecord) -> bool {
    let p = r.participant.trim();
    let numbered =
        |prefix: &str| p.strip_prefix(prefix).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    r.upn.trim().is_empty() && (numbered("citizen-") || numbered("ambiguous-"))
}

fn same_person(a: &SessionRecord, b: &SessionRecord) -> bool {
    let (ua, ub) = (a.upn.trim().to_lowercase(), b.upn.trim().to_lowercase());
    if !ua.is_empty() && ua == ub {
        return true;
    }
    let (na, nb) = (normalise_name(&a.participant), normalise_name(&b.participant));
    // Two rows with neither name nor address (an anonymous live-event viewer) can only be
    // told apart by their times, which the meeting's fingerprint already compares.
    let both_anonymous = na.is_empty() && nb.is_empty() && ua.is_empty() && ub.is_empty();
    (!na.is_empty() && na == nb) || both_anonymous || is_pseudonym(a) || is_pseudonym(b)
}

fn close(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 60,
        _ => true,
    }
}

/// An interval floored to the minute.
fn floored(span: Interval) -> Interval {
    Interval::new(span.start - span.start.rem_euclid(60), span.end - span.end.rem_euclid(60))
}

/// The sorted intervals of a meeting floored to the minute, those floored to nothing left out:
/// the key that candidates must share (a copy to the second and one to the minute share it).
/// A meeting whose every interval lies within a minute keys on its intervals as they are.
fn fingerprint(records: &[SessionRecord]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> =
        records.iter().map(|r| floored(r.span)).filter(|s| !s.is_empty()).map(|s| (s.start, s.end)).collect();
    if v.is_empty() {
        v = records.iter().map(|r| (r.span.start, r.span.end)).collect();
    }
    v.sort_unstable();
    v
}

/// How two meetings are the same, if they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Same {
    /// Every interval equal, to the second.
    ToTheSecond,
    /// The second's times are the first's floored to the minute.
    ToTheMinute,
}

/// Whether `a` and `b` are the same meeting: to the second, or to the minute when `b` has only
/// whole minutes and `a` does not (module documentation).
fn same_meeting(a: &Unit, b: &Unit) -> Option<Same> {
    let both_bounds =
        a.meeting.start.is_some() && a.meeting.end.is_some() && b.meeting.start.is_some() && b.meeting.end.is_some();
    if both_bounds && !(close(a.meeting.start, b.meeting.start) && close(a.meeting.end, b.meeting.end)) {
        return None;
    }
    if pair_up(&a.records, &b.records, |s| s) {
        return Some(Same::ToTheSecond);
    }
    let minute = !a.to_the_minute() && b.to_the_minute() && pair_up(&a.records, &b.records, floored);
    minute.then_some(Same::ToTheMinute)
}

/// True when the records of two meetings pair up one to one with the same interval (as `key`
/// makes it; those it makes empty left out) and participants that agree.
fn pair_up(a: &[SessionRecord], b: &[SessionRecord], key: impl Fn(Interval) -> Interval) -> bool {
    fn keyed(records: &[SessionRecord], key: impl Fn(Interval) -> Interval) -> Vec<(Interval, &SessionRecord)> {
        let mut v: Vec<(Interval, &SessionRecord)> =
            records.iter().map(|r| (key(r.span), r)).filter(|(s, _)| !s.is_empty()).collect();
        v.sort_by_key(|(s, _)| (s.start, s.end));
        v
    }
    let (left, right) = (keyed(a, &key), keyed(b, &key));
    if left.len() != right.len() {
        return false;
    }
    let mut used = vec![false; right.len()];
    // For each run of equal intervals, the first index not yet paired: keeps the usual case
    // (participants agree in order) linear.
    let mut first_free: HashMap<Interval, usize> = HashMap::new();
    for (span, r) in &left {
        let lo = right.partition_point(|(x, _)| (x.start, x.end) < (span.start, span.end));
        let from = first_free.get(span).copied().unwrap_or(lo).max(lo);
        let mut found = None;
        for (k, (cand_span, cand)) in right.iter().enumerate().skip(from) {
            if cand_span != span {
                break;
            }
            if used.get(k) == Some(&false) && same_person(r, cand) {
                found = Some(k);
                break;
            }
        }
        let Some(k) = found else { return false };
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
        let mut next = from;
        while used.get(next) == Some(&true) {
            next += 1;
        }
        first_free.insert(*span, next);
    }
    true
}

/// Merges files: every record of every meeting once, and every anomaly (the files' own, their
/// kept meetings', and one [`Code::DuplicateMeeting`] per ignored copy). Records are sorted by
/// meeting, interval, participant and source; anomalies by [`anomaly::sort`].
pub fn dedupe(files: Vec<TeamsFile>) -> (Vec<SessionRecord>, Vec<Anomaly>) {
    let (records, anomalies, _) = dedupe_counted(files);
    (records, anomalies)
}

/// [`dedupe`], with each tabular file's rows counted: a copy's rows count as reported (its
/// [`Code::DuplicateMeeting`] reports them).
pub fn dedupe_counted(files: Vec<TeamsFile>) -> (Vec<SessionRecord>, Vec<Anomaly>, Vec<FileRows>) {
    // What counting needs of each file, kept apart before the files are taken to pieces: its
    // rows, and the rows each of its meetings used.
    type Counts = (Arc<str>, Tally, Vec<(String, u64)>);
    let counts: Vec<Counts> = files
        .iter()
        .filter_map(|f| {
            let meetings = f.meetings.iter().map(|m| (m.id.clone(), m.rows_used)).collect();
            Some((Arc::clone(&f.file), f.rows?, meetings))
        })
        .collect();
    let (records, anomalies, ignored) = merge(files);
    let counted = counts
        .into_iter()
        .map(|(file, mut tally, meetings)| {
            for (id, used) in meetings {
                if ignored.iter().any(|(f, m)| Arc::ptr_eq(f, &file) && *m == id) {
                    tally.used = tally.used.saturating_sub(used);
                    tally.reported += used;
                }
            }
            FileRows { file, tally }
        })
        .collect();
    (records, anomalies, counted)
}

/// [`dedupe`], with the (file, meeting id) of every copy ignored.
#[allow(clippy::type_complexity)]
fn merge(files: Vec<TeamsFile>) -> (Vec<SessionRecord>, Vec<Anomaly>, Vec<(Arc<str>, String)>) {
    let mut anomalies: Vec<Anomaly> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut ignored = Vec::new();
    for f in files {
        anomalies.extend(f.anomalies);
        let mut by_meeting: BTreeMap<String, Vec<SessionRecord>> = BTreeMap::new();
        for r in f.records {
            by_meeting.entry(r.meeting_id.clone()).or_default().push(r);
        }
        for m in f.meetings {
            let records = by_meeting.remove(&m.id).unwrap_or_default();
            units.push(Unit { file: Arc::clone(&f.file), meeting: m, records });
        }
        // Records of a meeting the file did not list (not expected): kept as their own units.
        for (id, records) in by_meeting {
            let meeting = Meeting { id, start: None, end: None, anomalies: Vec::new(), rows_used: 0 };
            units.push(Unit { file: Arc::clone(&f.file), meeting, records });
        }
    }
    units.sort_by(|a, b| (&a.file, &a.meeting.id).cmp(&(&b.file, &b.meeting.id)));

    let mut kept: Vec<Unit> = Vec::new();
    let mut by_print: BTreeMap<Vec<(i64, i64)>, Vec<usize>> = BTreeMap::new();
    for u in units {
        let print = fingerprint(&u.records);
        let twin = if print.is_empty() {
            None
        } else {
            by_print.get(&print).and_then(|ks| {
                ks.iter().find_map(|&k| {
                    let o = kept.get(k)?;
                    // The copy to the minute is dropped, whichever came first.
                    same_meeting(o, &u)
                        .map(|same| (k, same, false))
                        .or_else(|| same_meeting(&u, o).map(|same| (k, same, true)))
                })
            })
        };
        let Some((k, same, swap)) = twin else {
            if !print.is_empty() {
                by_print.entry(print).or_default().push(kept.len());
            }
            kept.push(u);
            continue;
        };
        let copy = match kept.get_mut(k) {
            Some(slot) if swap => std::mem::replace(slot, u),
            _ => u,
        };
        let Some(original) = kept.get(k) else { continue };
        ignored.push((Arc::clone(&copy.file), copy.meeting.id.clone()));
        let template = match same {
            Same::ToTheSecond => &SAME_TO_THE_SECOND,
            Same::ToTheMinute => &SAME_TO_THE_MINUTE,
        };
        let args =
            [Arg::text(copy.meeting.id.as_str()), Arg::text(original.meeting.id.as_str()), Arg::text(&*original.file)];
        let message = Message::new(template, args);
        anomalies.push(Anomaly::new(Code::DuplicateMeeting, Some(SourceRef::new(&copy.file, 0)), message));
    }
    let mut records: Vec<SessionRecord> = Vec::new();
    for u in kept {
        anomalies.extend(u.meeting.anomalies);
        records.extend(u.records);
    }
    records.sort_by(|a, b| {
        (&a.meeting_id, a.span, &a.participant, &a.upn, a.role, &a.source).cmp(&(
            &b.meeting_id,
            b.span,
            &b.participant,
            &b.upn,
            b.role,
            &b.source,
        ))
    });
    anomaly::sort(&mut anomalies);
    (records, anomalies, ignored)
}
