//! One employee's month: day by day, channel by channel, then the payroll rows.
//!
//! Per Rome day, under the rule set governing it:
//! 0. **plausibility**: a day whose in-person service lasts longer than its presence is
//!    reported (`SERVICE_EXCEEDS_PRESENCE`), once;
//! 1. **in person**: the union of the qualifying kinds' intervals, clipped as the rule set says
//!    (to presence, or to working time), minus any absence;
//! 2. **remote**: each meeting's consultation on that day, clipped as the rule set says, the
//!    meetings united so that an instant counts once;
//! 3. **overlap**: the channel without priority loses the instants the other one is paid for;
//! 4. **accounting**: time rounding and daily limits per item.
//!
//! Then per item and rule set: month-level rounding and cap, the rate, the amount.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::Kind;
use crate::input::values::meeting_label;
use crate::register::Employee;
use crate::rules::{Channel, ClipTo, MoneyLevel, RuleSet, Selection};
use crate::time::rome::{DayTable, RomeDay};
use crate::time::{Interval, IntervalSet};

use super::accounting::{self, RateError};
use super::meetings::{Consultation, Lines, Unrecognised};
use super::trace::{ChannelDay, DayTrace, EmployeeMonth, ItemTotal, Origin, Removal, SourcedInterval};
use super::PayrollRow;
use crate::input::batch::{Att, Batch, Ses};

/// Everything one employee brings to the month.
pub(super) struct EmployeeInputs<'a, 'b> {
    pub employee: &'a Employee,
    /// Sorted by day, then span, file and line.
    pub attendance: &'a [Att],
    pub consultations: Vec<&'a Consultation>,
    pub unrecognised: Vec<&'a Unrecognised<'b>>,
}

/// What every employee's computation shares.
pub(super) struct Ctx<'a, 'b> {
    pub batch: &'a Batch<'a>,
    pub selection: &'a Selection<'b>,
    /// The month's days and their instants, by day of month − 1.
    pub days: &'a DayTable,
    pub month: &'a str,
    /// Build the day-by-day trace (for explanations); payroll rows are the same either way.
    pub trace: bool,
}

impl Ctx<'_, '_> {
    fn att_source(&self, r: &Att) -> SourceRef {
        self.batch.att_files.source(r.file, r.line)
    }

    fn ses_rows(&self, lines: &Lines) -> &[Ses] {
        self.batch.sessions.get(lines.clone()).unwrap_or_default()
    }

    fn ses_sources(&self, lines: &Lines) -> Vec<SourceRef> {
        self.ses_rows(lines).iter().map(|r| self.batch.ses_files.source(r.file, r.line)).collect()
    }

    fn first_ses_source(&self, lines: &Lines) -> Option<SourceRef> {
        self.ses_rows(lines).first().map(|r| self.batch.ses_files.source(r.file, r.line))
    }

    fn bounds(&self, date: NaiveDate) -> Interval {
        use chrono::Datelike;
        match self.days.days().get(date.day0() as usize) {
            Some((d, b)) if d.0 == date => *b,
            _ => RomeDay(date).bounds(),
        }
    }
}

/// Accumulates one payroll row.
#[derive(Default)]
struct RowAcc {
    days: u32,
    seconds: i64,
    /// (day, counted seconds) for day-level money rounding.
    per_day: Vec<i64>,
}

/// `45 min`, `2 h 5 min`, `11 h 48 min 20 s`.
fn minutes_text(seconds: i64) -> String {
    let mut out = String::with_capacity(16);
    write_minutes(&mut out, seconds);
    out
}

/// [`minutes_text`] at the end of `out`.
fn write_minutes(out: &mut String, seconds: i64) {
    use std::fmt::Write;
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut first = true;
    let mut part = |value: i64, unit: &str| {
        let space = if first { "" } else { " " };
        first = false;
        // Writing to a String cannot fail.
        let _ = write!(out, "{space}{value} {unit}");
    };
    if h > 0 {
        part(h, "h");
    }
    if m > 0 || (h == 0 && s == 0) {
        part(m, "min");
    }
    if s > 0 {
        part(s, "s");
    }
}

/// `09:00–10:30, 14:00–14:15`.
fn span_text(days: &DayTable, set: &IntervalSet) -> String {
    let mut out = String::with_capacity(16 * set.intervals().len());
    write_span(&mut out, days, set);
    out
}

/// [`span_text`] at the end of `out`.
fn write_span(out: &mut String, days: &DayTable, set: &IntervalSet) {
    for (i, iv) in set.intervals().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        days.write_clock(iv.start, out);
        out.push('–');
        days.write_clock(iv.end, out);
    }
}

fn clip_target(clip: ClipTo, presence: &IntervalSet, working: &IntervalSet, day: &IntervalSet) -> IntervalSet {
    match clip {
        ClipTo::Presence => presence.clone(),
        ClipTo::WorkingTime => working.clone(),
        ClipTo::Nothing => day.clone(),
    }
}

/// The indices of the entries of `day` in `list` (sorted by day), from `next` on; `next` moves
/// past them.
fn day_part<T>(list: &[(NaiveDate, T, IntervalSet)], next: &mut usize, day: NaiveDate) -> std::ops::Range<usize> {
    let from = *next;
    while list.get(*next).is_some_and(|(d, _, _)| *d == day) {
        *next += 1;
    }
    from..*next
}

/// Computes the month of one employee.
pub(super) fn compute(
    inp: &EmployeeInputs<'_, '_>,
    ctx: &Ctx<'_, '_>,
    anomalies: &mut Vec<Anomaly>,
) -> (EmployeeMonth, Vec<PayrollRow>) {
    let emp = inp.employee;
    let id = emp.id.as_str();
    let selection = ctx.selection;
    let month = ctx.month;
    // The attendance is sorted by day: each day's rows are a slice.
    let by_day: Vec<(NaiveDate, &[Att])> =
        inp.attendance.chunk_by(|a, b| a.date == b.date).filter_map(|c| c.first().map(|r| (r.date, c))).collect();
    // Each consultation split at Rome midnight once; the pieces by day, in the order given.
    let mut consulted: Vec<(NaiveDate, &Consultation, IntervalSet)> = Vec::new();
    for c in &inp.consultations {
        consulted.extend(ctx.days.split(&c.time).into_iter().map(|(day, piece)| (day.0, *c, piece)));
    }
    consulted.sort_by_key(|(day, _, _)| *day);
    let mut unrecognised_by_day: Vec<(NaiveDate, &Unrecognised<'_>, IntervalSet)> = Vec::new();
    for u in &inp.unrecognised {
        unrecognised_by_day.extend(ctx.days.split(&u.connected).into_iter().map(|(day, piece)| (day.0, *u, piece)));
    }
    unrecognised_by_day.sort_by_key(|(day, _, _)| *day);
    let mut active_days: Vec<NaiveDate> = by_day
        .iter()
        .map(|(d, _)| *d)
        .chain(consulted.iter().map(|(d, _, _)| *d))
        .chain(unrecognised_by_day.iter().map(|(d, _, _)| *d))
        .collect();
    active_days.sort_unstable();
    active_days.dedup();
    let (mut next_att, mut next_consulted, mut next_unrecognised) = (0, 0, 0);
    let mut traces = Vec::new();
    let mut rows: BTreeMap<(&str, &str), RowAcc> = BTreeMap::new();
    let mut sets: BTreeMap<&str, &RuleSet> = BTreeMap::new();
    // Remote time no rule set pays, per rule set: (meetings, seconds). Reported once per
    // employee and month; the days are in the trace.
    // (The meetings are counted at the end: a list, sorted and deduplicated once.)
    let mut not_recognised: BTreeMap<&str, (Vec<u32>, i64)> = BTreeMap::new();

    for date_key in active_days {
        let day = RomeDay(date_key);
        let bounds = ctx.bounds(date_key);
        let whole_day = IntervalSet::single(bounds);
        // Formatted only for an anomaly: most days have none.
        let date = || day.iso();
        // Each list is sorted by day: take this day's part of each.
        let att: &[Att] = match by_day.get(next_att) {
            Some(&(d, rows)) if d == date_key => {
                next_att += 1;
                rows
            }
            _ => &[],
        };
        let union_of =
            |k: &[Kind]| IntervalSet::from_intervals(att.iter().filter(|r| k.contains(&r.kind)).map(|r| r.span));
        let presence = union_of(&[Kind::Presence]);
        let working = union_of(&[Kind::Presence, Kind::RemoteWork]);
        let absence = union_of(&[Kind::Absence]);

        // Remote pieces of this day, per meeting.
        let pieces: Vec<(&Consultation, &IntervalSet)> =
            consulted[day_part(&consulted, &mut next_consulted, date_key)].iter().map(|(_, c, p)| (*c, p)).collect();
        let unrecognised: Vec<(&Unrecognised<'_>, &IntervalSet)> = unrecognised_by_day
            [day_part(&unrecognised_by_day, &mut next_unrecognised, date_key)]
        .iter()
        .map(|(_, u, p)| (*u, p))
        .collect();
        let services = || att.iter().filter(|r| r.kind.is_service());
        if services().next().is_none() && pieces.is_empty() && unrecognised.is_empty() {
            continue;
        }
        // In-person service happens during presence: a day whose service lasts longer than its
        // presence has attendance rows that do not add up. One warning for the day, whatever the
        // rule set; the rows' lengths rule out nearly every day before any union is built.
        if services().map(|r| r.span.seconds()).sum::<i64>() > presence.seconds() {
            let served = IntervalSet::from_intervals(services().map(|r| r.span)).seconds();
            if served > presence.seconds() {
                let mut message = String::with_capacity(120);
                message.push_str("in-person service (front office, appointments, specialist) lasts ");
                write_minutes(&mut message, served);
                message.push_str(" in the day but presence only ");
                write_minutes(&mut message, presence.seconds());
                message.push_str("; the attendance rows do not add up — check them");
                anomalies.push(Anomaly::new(Code::ServiceExceedsPresence, None, message).employee(id).on(date()));
            }
        }

        let set = selection.for_day(day.0);
        let mut trace = DayTrace {
            date: day.0,
            ruleset: set.map(|s| s.id.clone()),
            in_person: ChannelDay::default(),
            remote: ChannelDay::default(),
        };
        let Some(set) = set else {
            anomalies.push(
                Anomaly::new(Code::NoRuleSet, None, "no rule set governs this day; its service time is not paid")
                    .employee(id)
                    .on(date()),
            );
            traces.push(trace);
            continue;
        };
        sets.insert(&set.id, set);

        // 1. In person.
        let ip_rule = &set.in_person;
        let ip_clause = || ip_rule.info.reference();
        let mut ip = ChannelDay::default();
        let ip_item: Option<&str> = Some(&ip_rule.item);
        for r in services() {
            if ip_rule.kinds.contains(&r.kind) {
                if ctx.trace {
                    ip.considered.push(SourcedInterval {
                        interval: r.span,
                        origin: Origin::Attendance {
                            source: ctx.att_source(r),
                            kind: r.kind.as_str().into(),
                            code: ctx.batch.code(r.code).to_string(),
                        },
                    });
                }
            } else {
                anomalies.push(
                    Anomaly::new(
                        Code::KindNotQualifying,
                        Some(ctx.att_source(r)),
                        format!(
                            "{} ({}) is not paid under {}",
                            r.kind.as_str(),
                            minutes_text(r.span.seconds()),
                            set.id
                        ),
                    )
                    .employee(id)
                    .on(date()),
                );
                if ctx.trace {
                    ip.removals.push(Removal {
                        code: Code::KindNotQualifying,
                        removed: IntervalSet::single(r.span),
                        clause: ip_clause(),
                    });
                }
            }
        }
        let qual = IntervalSet::from_intervals(services().filter(|r| ip_rule.kinds.contains(&r.kind)).map(|r| r.span));
        let target = clip_target(ip_rule.clip_to, &presence, &working, &whole_day);
        let clipped = qual.intersect(&target);
        let cut_code =
            if ip_rule.clip_to == ClipTo::Presence { Code::OutsidePresence } else { Code::OutsideWorkingTime };
        for r in services().filter(|r| ip_rule.kinds.contains(&r.kind)) {
            let cut = IntervalSet::single(r.span).subtract(&target);
            if !cut.is_empty() {
                // The commonest anomaly of a month (one per counter row outside presence): its
                // sentence is written in one string.
                let mut message = String::with_capacity(80);
                write_minutes(&mut message, cut.seconds());
                message.push_str(" of ");
                message.push_str(r.kind.as_str());
                message.push_str(" (");
                write_span(&mut message, ctx.days, &cut);
                message.push_str(") outside ");
                message.push_str(ip_rule.clip_to.words());
                message.push_str("; not paid");
                anomalies.push(Anomaly::new(cut_code, Some(ctx.att_source(r)), message).employee(id).on(date()));
            }
        }
        let cut = qual.subtract(&clipped);
        if ctx.trace && !cut.is_empty() {
            ip.removals.push(Removal { code: cut_code, removed: cut, clause: ip_clause() });
        }
        let mut ip_paid = clipped.subtract(&absence);
        let absent = clipped.intersect(&absence);
        if !absent.is_empty() {
            anomalies.push(
                Anomaly::new(
                    Code::AbsenceOverlap,
                    None,
                    format!(
                        "{} of counter service ({}) overlaps an absence; not paid",
                        minutes_text(absent.seconds()),
                        span_text(ctx.days, &absent)
                    ),
                )
                .employee(id)
                .on(date()),
            );
            if ctx.trace {
                ip.removals.push(Removal { code: Code::AbsenceOverlap, removed: absent, clause: ip_clause() });
            }
        }

        // 2. Remote.
        let mut rm = ChannelDay::default();
        let mut rm_item: Option<&str> = None;
        let rm_clause = || set.remote.info.reference();
        if ctx.trace {
            let connected = pieces
                .iter()
                .map(|(c, _)| c.connected.clip(bounds))
                .chain(unrecognised.iter().map(|(_, p)| (*p).clone()));
            rm.connected = connected.fold(IntervalSet::new(), |acc, c| acc.union(&c));
        }
        for (u, piece) in &unrecognised {
            let name = u.ruleset.map_or("no rule set", |s| s.id.as_str());
            let unpaid = not_recognised.entry(name).or_default();
            unpaid.0.push(u.meeting);
            unpaid.1 += piece.seconds();
            if ctx.trace {
                let meeting_id = ctx.batch.meeting_id(u.meeting).to_string();
                for iv in piece.intervals() {
                    rm.considered.push(SourcedInterval {
                        interval: *iv,
                        origin: Origin::Meeting {
                            meeting_id: meeting_id.clone(),
                            sources: ctx.ses_sources(&u.sources),
                        },
                    });
                }
                rm.removals.push(Removal {
                    code: Code::RemoteNotRecognised,
                    removed: (*piece).clone(),
                    clause: rm_clause(),
                });
            }
        }
        let mut rm_paid = IntervalSet::new();
        if !pieces.is_empty() {
            match &set.remote.terms {
                None => {
                    for (c, piece) in &pieces {
                        let unpaid = not_recognised.entry(&set.id).or_default();
                        unpaid.0.push(c.meeting);
                        unpaid.1 += piece.seconds();
                        if ctx.trace {
                            rm.removals.push(Removal {
                                code: Code::RemoteNotRecognised,
                                removed: (*piece).clone(),
                                clause: rm_clause(),
                            });
                        }
                    }
                }
                Some(terms) => {
                    rm_item = Some(&terms.item);
                    let target = clip_target(terms.clip_to, &presence, &working, &whole_day);
                    let mut kept = Vec::new();
                    for (c, piece) in &pieces {
                        if ctx.trace {
                            for iv in piece.intervals() {
                                rm.considered.push(SourcedInterval {
                                    interval: *iv,
                                    origin: Origin::Meeting {
                                        meeting_id: ctx.batch.meeting_id(c.meeting).to_string(),
                                        sources: ctx.ses_sources(&c.sources),
                                    },
                                });
                            }
                        }
                        let cut = piece.subtract(&target);
                        if !cut.is_empty() {
                            anomalies.push(
                                Anomaly::new(
                                    Code::OutsideWorkingTime,
                                    ctx.first_ses_source(&c.sources),
                                    format!(
                                        "meeting {}: {} of consultation ({}) outside working time; not paid",
                                        meeting_label(ctx.batch.meeting_id(c.meeting)),
                                        minutes_text(cut.seconds()),
                                        span_text(ctx.days, &cut)
                                    ),
                                )
                                .employee(id)
                                .on(date()),
                            );
                            if ctx.trace {
                                rm.removals.push(Removal {
                                    code: Code::OutsideWorkingTime,
                                    removed: cut,
                                    clause: rm_clause(),
                                });
                            }
                        }
                        kept.push(piece.intersect(&target));
                    }
                    let sum: i64 = kept.iter().map(IntervalSet::seconds).sum();
                    rm_paid = kept.iter().fold(IntervalSet::new(), |acc, k| acc.union(k));
                    if sum > rm_paid.seconds() {
                        // Name only the meetings that share time with another one.
                        let ids: Vec<String> = pieces
                            .iter()
                            .zip(&kept)
                            .enumerate()
                            .filter(|(i, (_, k))| {
                                kept.iter().enumerate().any(|(j, other)| j != *i && !k.intersect(other).is_empty())
                            })
                            .map(|(_, ((c, _), _))| meeting_label(ctx.batch.meeting_id(c.meeting)))
                            .collect();
                        anomalies.push(
                            Anomaly::new(
                                Code::OverlappingMeetings,
                                pieces.first().and_then(|(c, _)| ctx.first_ses_source(&c.sources)),
                                format!(
                                    "meetings {} overlap for {}; the common time counts once",
                                    ids.join(", "),
                                    minutes_text(sum - rm_paid.seconds())
                                ),
                            )
                            .employee(id)
                            .on(date()),
                        );
                    }
                }
            }
        }

        // 3. Overlap between channels.

        let both = ip_paid.intersect(&rm_paid);
        if !both.is_empty() {
            let (loser, channel_name) = match set.overlap.priority {
                Channel::InPerson => (&mut rm_paid, "remote"),
                Channel::Remote => (&mut ip_paid, "counter"),
            };
            *loser = loser.subtract(&both);
            anomalies.push(
                Anomaly::new(
                    Code::ChannelOverlap,
                    // The first meeting of the day: where the clerk can look.
                    pieces.first().and_then(|(c, _)| ctx.first_ses_source(&c.sources)),
                    format!(
                        "{} of {} time ({}) is already paid through the other channel; counted once",
                        minutes_text(both.seconds()),
                        channel_name,
                        span_text(ctx.days, &both)
                    ),
                )
                .employee(id)
                .on(date()),
            );
            if ctx.trace {
                let removal =
                    Removal { code: Code::ChannelOverlap, removed: both, clause: set.overlap.info.reference() };
                match set.overlap.priority {
                    Channel::InPerson => rm.removals.push(removal),
                    Channel::Remote => ip.removals.push(removal),
                }
            }
        }

        // 4. Accounting per item.
        for (channel, item, paid) in [(&mut ip, ip_item, ip_paid), (&mut rm, rm_item, rm_paid)] {
            channel.seconds = paid.seconds();
            channel.paid = paid;
            if ctx.trace {
                channel.item = item.map(str::to_string);
            }
            let Some(item) = item else { continue };
            let (counted, limit) = accounting::day_seconds(&channel.paid, &set.time, emp);
            if let Some(limit) = limit {
                anomalies.push(
                    Anomaly::new(
                        Code::LimitApplied,
                        None,
                        format!(
                            "{item}: {} counted instead of {} ({limit})",
                            minutes_text(counted),
                            minutes_text(channel.seconds)
                        ),
                    )
                    .employee(id)
                    .on(date()),
                );
            }
            channel.counted_seconds = counted;
            if counted > 0 {
                let acc = rows.entry((item, &set.id)).or_default();
                acc.days += 1;
                acc.seconds += counted;
                acc.per_day.push(counted);
            }
        }
        if ctx.trace {
            trace.in_person = ip;
            trace.remote = rm;
            traces.push(trace);
        }
    }

    for (ruleset, (meetings, seconds)) in &mut not_recognised {
        meetings.sort_unstable();
        meetings.dedup();
        anomalies.push(
            Anomaly::new(
                Code::RemoteNotRecognised,
                None,
                format!(
                    "{} of Teams time in {} meeting(s) not paid: {ruleset} does not recognise remote consultation",
                    minutes_text(*seconds),
                    meetings.len()
                ),
            )
            .employee(id),
        );
    }
    let mut items = Vec::new();
    let mut payroll = Vec::new();
    let mut reported_base = false;
    // One IMPLAUSIBLE_BASE per employee and month, however many rows use the base.
    let mut reported_implausible = false;
    for ((item, ruleset), acc) in rows {
        let Some(set) = sets.get(&ruleset) else { continue };
        let (seconds, limit) = accounting::month_seconds(acc.seconds, &set.time, emp);
        if let Some(limit) = limit {
            anomalies.push(
                Anomaly::new(
                    Code::LimitApplied,
                    None,
                    format!(
                        "{item} under {ruleset}: {} counted instead of {} ({limit})",
                        minutes_text(seconds),
                        minutes_text(acc.seconds)
                    ),
                )
                .employee(id),
            );
        }
        let minutes = seconds / 60;
        if minutes == 0 {
            continue;
        }
        let r = match accounting::rate_value(set, emp) {
            Ok(r) => {
                if !reported_implausible {
                    if let Some(found) = accounting::implausible_base(set, emp) {
                        reported_implausible = true;
                        anomalies.push(
                            Anomaly::new(
                                Code::ImplausibleBase,
                                Some(emp.source.clone()),
                                format!(
                                    "employee {id}: the hourly base {} € ({}) is outside the plausible range {}–{} € of {} ([hourly_base] plausible_eur); the amount is computed with it all the same — check the register",
                                    found.base, found.how, found.range.min, found.range.max, set.id
                                ),
                            )
                            .employee(id),
                        );
                    }
                }
                r
            }
            Err(e) => {
                if !reported_base {
                    reported_base = true;
                    let (code, why) = match e {
                        RateError::NoBase => (Code::NoBase, "has qualifying time but neither hourly_base_eur nor monthly_base_eur in the register; no payroll row — complete staff.csv and run again".to_string()),
                        RateError::Overflow => (Code::Overflow, "has a base too large to compute; no payroll row".to_string()),
                    };
                    anomalies.push(
                        Anomaly::new(code, Some(emp.source.clone()), format!("employee {id} {why}")).employee(id),
                    );
                }
                continue;
            }
        };
        let money = &set.money;
        let exact = match money.level {
            MoneyLevel::Row => accounting::exact_amount(minutes, r),
            MoneyLevel::Day => acc.per_day.iter().try_fold(Decimal::ZERO, |sum, s| {
                Decimal::from(*s).checked_mul(r)?.checked_div(Decimal::from(3600)).and_then(|x| sum.checked_add(x))
            }),
        };
        let amount = match money.level {
            MoneyLevel::Row => exact.map(|x| money.rounding.apply(x)),
            MoneyLevel::Day => acc.per_day.iter().try_fold(Decimal::ZERO, |sum, s| {
                let day = Decimal::from(*s).checked_mul(r)?.checked_div(Decimal::from(3600))?;
                sum.checked_add(money.rounding.apply(day))
            }),
        };
        let (Some(exact), Some(amount)) = (exact, amount) else {
            anomalies.push(
                Anomaly::new(
                    Code::Overflow,
                    Some(emp.source.clone()),
                    format!("employee {id}: the amount for {item} is too large to compute; no payroll row"),
                )
                .employee(id),
            );
            continue;
        };
        let hours = money.hours_rounding.apply(Decimal::from(minutes) / Decimal::from(60));
        let level = match money.level {
            MoneyLevel::Row => "once per row",
            MoneyLevel::Day => "per day, then summed",
        };
        payroll.push(PayrollRow {
            employee_id: id.to_string(),
            month: month.to_string(),
            item: item.to_string(),
            ruleset: ruleset.to_string(),
            days: acc.days,
            minutes,
            hours,
            rate_eur_per_hour: r,
            amount_eur: amount,
        });
        if ctx.trace {
            // The same figure as `r`, with its derivation for the statement.
            let Ok(rate) = accounting::rate(set, emp) else { continue };
            items.push(ItemTotal {
                item: item.to_string(),
                ruleset: ruleset.to_string(),
                days: acc.days,
                minutes,
                hours,
                rate,
                amount_exact: exact,
                amount_eur: amount,
                rounding: format!("{}, {} ({})", money.rounding.describe(), level, money.info.reference()),
            });
        }
    }
    (EmployeeMonth { employee_id: id.to_string(), full_name: emp.full_name.clone(), days: traces, items }, payroll)
}
