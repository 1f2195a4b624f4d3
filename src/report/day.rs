//! One channel of one day of the statement, line by line: each interval recorded and where it
//! comes from, and the time not counted, one line per reason and clause.
//!
//! The lines are the same in every language: the words (`riunione`/`meeting`, the reason of a
//! code) are chosen where the statement is written, in `output::statement_words`. Intervals
//! are Rome wall times and durations are minutes and seconds, which read the same in both.

use std::collections::BTreeMap;

use crate::anomaly::{Code, SourceRef};
use crate::engine::trace::{ChannelDay, Origin};
use crate::rules::RuleSet;
use crate::time::rome::format_rome_clock;
use crate::time::{Interval, IntervalSet};

use super::minutes_text;

/// What an interval recorded is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// An attendance row: its kind and giustificativo (`front_office MFOF`).
    Attendance {
        /// The attendance kind.
        kind: String,
        /// The giustificativo as written.
        code: String,
    },
    /// A Teams meeting, by its id.
    Meeting {
        /// The meeting id.
        meeting_id: String,
    },
}

/// One interval recorded on a day, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLine {
    /// `08:30–12:30`.
    pub span: String,
    /// `240 min`.
    pub minutes: String,
    /// What it is.
    pub what: Recorded,
    /// `attendance.csv:12`, or a meeting's rows grouped by file (`teams/a.csv:12, 14; teams/b.json`).
    pub file: String,
}

/// Time not counted, for one reason under one clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedLine {
    /// The intervals, `08:30–09:00, 12:00–12:30`.
    pub span: String,
    /// Their duration, `60 min`.
    pub minutes: String,
    /// The anomaly code, or `None` for connected time without a citizen (not an anomaly: the
    /// clause's definition of consultation).
    pub code: Option<Code>,
    /// The clause that decided it.
    pub clause: String,
}

/// A channel's lines on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelView {
    /// Every interval recorded, in the trace's order, repeats shown once.
    pub sources: Vec<SourceLine>,
    /// The time not counted: on Teams, first the time connected without a citizen.
    pub removed: Vec<RemovedLine>,
}

impl ChannelView {
    /// The lines of channel `c` (the Teams one when `is_remote`) under the day's rule set.
    pub fn of(c: &ChannelDay, is_remote: bool, set: Option<&RuleSet>) -> ChannelView {
        let mut sources: Vec<SourceLine> = c
            .considered
            .iter()
            .map(|s| {
                let (what, file) = match &s.origin {
                    Origin::Attendance { source, kind, code } => {
                        (Recorded::Attendance { kind: kind.clone(), code: code.clone() }, source.to_string())
                    }
                    Origin::Meeting { meeting_id, sources } => {
                        (Recorded::Meeting { meeting_id: meeting_id.clone() }, sources_text(sources))
                    }
                };
                SourceLine { span: interval_text(&s.interval), minutes: minutes_text(s.interval.seconds()), what, file }
            })
            .collect();
        sources.dedup();
        // One line per reason and clause (a day with six meetings not recognised says it once).
        let mut grouped: Vec<(Code, &str, IntervalSet)> = Vec::new();
        for r in &c.removals {
            match grouped.iter_mut().find(|(code, clause, _)| *code == r.code && *clause == r.clause) {
                Some(g) => g.2 = g.2.union(&r.removed),
                None => grouped.push((r.code, &r.clause, r.removed.clone())),
            }
        }
        let mut removed: Vec<RemovedLine> = grouped
            .into_iter()
            .map(|(code, clause, set)| RemovedLine {
                span: set_text(&set),
                minutes: minutes_text(set.seconds()),
                code: Some(code),
                clause: clause.to_string(),
            })
            .collect();
        if is_remote {
            let consulted = IntervalSet::from_intervals(c.considered.iter().map(|s| s.interval));
            let without = c.connected.subtract(&consulted);
            if !without.is_empty() {
                removed.insert(
                    0,
                    RemovedLine {
                        span: set_text(&without),
                        minutes: minutes_text(without.seconds()),
                        code: None,
                        clause: set.map(|s| s.remote.info.reference()).unwrap_or_default(),
                    },
                );
            }
        }
        ChannelView { sources, removed }
    }

    /// True when the channel has nothing to show on the day.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.removed.is_empty()
    }
}

/// `08:30–12:30, 14:00–15:00`.
pub fn set_text(set: &IntervalSet) -> String {
    set.intervals().iter().map(interval_text).collect::<Vec<_>>().join(", ")
}

/// `08:30–12:30`.
pub fn interval_text(iv: &Interval) -> String {
    format!("{}–{}", format_rome_clock(iv.start), format_rome_clock(iv.end))
}

/// `teams/sessions.csv:12, 14`: the lines of a meeting's rows, grouped by file.
fn sources_text(sources: &[SourceRef]) -> String {
    let mut by_file: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for s in sources {
        by_file.entry(&s.file).or_default().push(s.line);
    }
    by_file
        .into_iter()
        .map(|(f, mut lines)| {
            lines.sort_unstable();
            lines.dedup();
            let lines: Vec<String> = lines.iter().filter(|l| **l > 0).map(u64::to_string).collect();
            if lines.is_empty() {
                f.to_string()
            } else {
                format!("{f}:{}", lines.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_lines_are_grouped_by_file() {
        let f: std::sync::Arc<str> = std::sync::Arc::from("teams/a.csv");
        let g: std::sync::Arc<str> = std::sync::Arc::from("teams/b.json");
        let s = sources_text(&[SourceRef::new(&f, 14), SourceRef::new(&f, 12), SourceRef::new(&g, 0)]);
        assert_eq!(s, "teams/a.csv:12, 14; teams/b.json");
    }
}
