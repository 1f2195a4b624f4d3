//! One channel of one day of the statement, as a pencil checks it: the `+` lines (each interval
//! recorded and where it comes from), the `−` lines (each part taken away, one line per reason
//! and clause), and their difference, the paid time before rounding, then the time counted.
//!
//! The lines are the same in every language: durations are seconds and the words (a kind, a
//! reason, a clause) are chosen where the statement is written, in `output::statement_words`.
//! Intervals are Rome wall times, which read the same in both.

use std::collections::BTreeMap;

use crate::anomaly::{Code, SourceRef};
use crate::attendance::Kind;
use crate::engine::trace::{ChannelDay, ClauseRef, Minus, Origin, Reason};
use crate::time::rome::format_rome_clock;
use crate::time::{Interval, IntervalSet};

/// What a `+` line records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// An attendance row: its kind and giustificativo (`front_office`, `MFOF`).
    Attendance {
        /// The attendance kind.
        kind: Kind,
        /// The giustificativo as written.
        code: String,
    },
    /// The employee's connection to a Teams meeting, by its id.
    Meeting {
        /// The meeting id.
        meeting_id: String,
    },
}

/// A `+` line: one interval recorded, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlusLine {
    /// `08:30–12:30`.
    pub span: String,
    /// Its length.
    pub seconds: i64,
    /// What it is.
    pub what: Recorded,
    /// Where it comes from: `attendance.csv:12`, or a meeting's rows grouped by file
    /// (`teams/a.csv:12, 14; teams/b.json`).
    pub source: String,
}

/// A `−` line: the time taken away for one reason under one clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MinusLine {
    /// Why.
    pub reason: Reason,
    /// The anomaly reported for it, if any.
    pub code: Option<Code>,
    /// The intervals, in order: `08:30–09:00`, `12:00–12:30`.
    pub spans: Vec<String>,
    /// Their length (with multiplicity: time three rows cover is taken away twice).
    pub seconds: i64,
    /// The attendance rows it concerns, grouped by file (`attendance.csv:52, 53`), or empty.
    pub rows: String,
    /// The clause that decided it.
    pub clause: ClauseRef,
}

/// A channel's lines on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelView {
    /// True for Teams, false for the counter.
    pub remote: bool,
    /// The payroll item, when the channel is paid on this day.
    pub item: Option<String>,
    /// Every interval recorded, in the day's order.
    pub plus: Vec<PlusLine>,
    /// The time taken away, one line per reason and clause, in the order the steps took it.
    pub minus: Vec<MinusLine>,
    /// The paid seconds before rounding: the `+` lines minus the `−` lines.
    pub before: i64,
    /// The seconds counted, after rounding and daily limits.
    pub counted: i64,
}

impl ChannelView {
    /// The lines of channel `c` (the Teams one when `remote`).
    pub fn of(c: &ChannelDay, remote: bool) -> ChannelView {
        let plus = c
            .plus
            .iter()
            .map(|p| {
                let (what, source) = match &p.origin {
                    Origin::Attendance { source, kind, code } => {
                        (Recorded::Attendance { kind: *kind, code: code.clone() }, source.to_string())
                    }
                    Origin::Meeting { meeting_id, sources } => {
                        (Recorded::Meeting { meeting_id: meeting_id.clone() }, sources_text(sources))
                    }
                };
                PlusLine { span: interval_text(&p.interval), seconds: p.interval.seconds(), what, source }
            })
            .collect();
        ChannelView {
            remote,
            item: c.item.clone(),
            plus,
            minus: grouped(&c.minus),
            before: c.seconds,
            counted: c.counted_seconds,
        }
    }

    /// True when the channel has nothing to show on the day.
    pub fn is_empty(&self) -> bool {
        self.plus.is_empty() && self.minus.is_empty()
    }

    /// True when every figure of the lines is whole minutes: they are then written `h:mm`,
    /// otherwise all of them `h:mm:ss`, so that one column adds up in one unit.
    pub fn whole_minutes(&self) -> bool {
        let figures = self.plus.iter().map(|p| p.seconds).chain(self.minus.iter().map(|m| m.seconds));
        figures.chain([self.before]).all(|s| s % 60 == 0)
    }
}

/// The `−` lines grouped by reason and clause, in the order each group first appears: their
/// seconds summed (never their union: what two lines both took is taken twice), their
/// intervals listed in order, the rows they name each once.
fn grouped(minus: &[Minus]) -> Vec<MinusLine> {
    let mut groups: Vec<(&Minus, Vec<Interval>, i64, Vec<&SourceRef>)> = Vec::new();
    for m in minus {
        let same = |g: &&mut (&Minus, Vec<Interval>, i64, Vec<&SourceRef>)| {
            g.0.reason == m.reason && g.0.code == m.code && g.0.clause == m.clause
        };
        match groups.iter_mut().find(same) {
            Some(g) => {
                g.1.extend(m.removed.intervals());
                g.2 += m.seconds;
                g.3.extend(&m.rows);
            }
            None => groups.push((m, m.removed.intervals().to_vec(), m.seconds, m.rows.iter().collect())),
        }
    }
    groups
        .into_iter()
        .map(|(m, mut spans, seconds, mut rows)| {
            spans.sort();
            rows.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            rows.dedup();
            let rows: Vec<SourceRef> = rows.into_iter().cloned().collect();
            MinusLine {
                reason: m.reason,
                code: m.code,
                spans: spans.iter().map(interval_text).collect(),
                seconds,
                rows: sources_text(&rows),
                clause: m.clause.clone(),
            }
        })
        .collect()
}

/// `08:30–12:30, 14:00–15:00`.
pub fn set_text(set: &IntervalSet) -> String {
    set.intervals().iter().map(interval_text).collect::<Vec<_>>().join(", ")
}

/// `08:30–12:30`.
pub fn interval_text(iv: &Interval) -> String {
    format!("{}–{}", format_rome_clock(iv.start), format_rome_clock(iv.end))
}

/// `teams/sessions.csv:12, 14`: the lines of some rows, grouped by file.
pub fn sources_text(sources: &[SourceRef]) -> String {
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
    use crate::engine::trace::Plus;

    #[test]
    fn meeting_lines_are_grouped_by_file() {
        let f: std::sync::Arc<str> = std::sync::Arc::from("teams/a.csv");
        let g: std::sync::Arc<str> = std::sync::Arc::from("teams/b.json");
        let s = sources_text(&[SourceRef::new(&f, 14), SourceRef::new(&f, 12), SourceRef::new(&g, 0)]);
        assert_eq!(s, "teams/a.csv:12, 14; teams/b.json");
    }

    #[test]
    fn minus_lines_of_one_reason_are_summed_not_united() {
        // 2025-10-01 09:00 Rome.
        let nine = 1_759_302_000;
        let f: std::sync::Arc<str> = std::sync::Arc::from("attendance.csv");
        let clause = ClauseRef { clause: "in_person", ruleset: "r".into(), cites: vec![] };
        let row = |line: u64, from: i64, to: i64| Plus {
            interval: Interval::new(from, to),
            origin: Origin::Attendance {
                source: SourceRef::new(&f, line),
                kind: Kind::FrontOffice,
                code: "MFOF".into(),
            },
        };
        let overlap = |from: i64, to: i64, lines: &[u64]| Minus {
            reason: Reason::RowsOverlap,
            code: None,
            removed: IntervalSet::single(Interval::new(from, to)),
            seconds: to - from,
            rows: lines.iter().map(|l| SourceRef::new(&f, *l)).collect(),
            meeting: None,
            clause: clause.clone(),
        };
        // Three rows over 09:00–10:00: the hour is taken away twice.
        let day = ChannelDay {
            plus: vec![row(2, nine, nine + 3600), row(3, nine, nine + 3600), row(4, nine, nine + 3600)],
            minus: vec![overlap(nine, nine + 3600, &[2, 3]), overlap(nine, nine + 3600, &[2, 3, 4])],
            seconds: 3600,
            ..ChannelDay::default()
        };
        assert_eq!(day.pencil_seconds(), 3600);
        let view = ChannelView::of(&day, false);
        assert_eq!(view.minus.len(), 1);
        assert_eq!(view.minus[0].seconds, 7200);
        assert_eq!(view.minus[0].spans, ["09:00–10:00", "09:00–10:00"]);
        assert_eq!(view.minus[0].rows, "attendance.csv:2, 3, 4");
        assert!(view.whole_minutes());
    }
}
