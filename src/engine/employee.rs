//! One employee's month, as the steps of docs/DESIGN.md section 3.
//!
//! [`compute`] reads as the steps themselves:
//! 1. **collect the days** ([`collect_the_days`]): the employee's attendance rows and the parts
//!    of their meetings, split at Rome midnight, day by day; a day with neither in-person
//!    service nor Teams time has nothing to pay and is left out;
//! 2. **each day** under the rule set governing it ([`super::day::compute`]): plausibility,
//!    in-person time (clipped to presence or working time, minus absence), remote time (each
//!    meeting's consultation on the day, clipped, the meetings united), the channel overlap
//!    settled, the day accounted (time rounding, daily minimum and cap);
//! 3. **the month's end**: remote time no rule set pays, reported once
//!    ([`report_not_recognised`]); then per item and rule set ([`price_month`]): month-level
//!    rounding and monthly cap ([`month_minutes`]), the rate ([`rate_of`]), the price
//!    ([`accounting::amounts`]) — a payroll row and, when a trace is kept, its explanation.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::anomaly::{Anomaly, Code};
use crate::input::batch::{Att, Batch};
use crate::message::{Arg, Message, Template};
use crate::register::Employee;
use crate::rules::{RuleSet, Selection};
use crate::time::rome::{DayTable, RomeDay};
use crate::time::{Interval, IntervalSet};

use super::accounting::{self, RateError, RowTally};
use super::day::{self, Day, DayRows, NotRecognised, Tally};
use super::meetings::{Consultation, Unrecognised};
use super::trace::{AmountRounding, EmployeeMonth, ItemTotal};
use super::PayrollRow;

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
    /// The instants of a day.
    fn bounds(&self, date: NaiveDate) -> Interval {
        use chrono::Datelike;
        match self.days.days().get(date.day0() as usize) {
            Some((d, b)) if d.0 == date => *b,
            _ => RomeDay(date).bounds(),
        }
    }
}

/// Computes the month of one employee: their trace (days only when [`Ctx::trace`]) and payroll
/// rows. Anomalies go to `found`.
pub(super) fn compute<'b>(
    inp: &EmployeeInputs<'_, 'b>,
    ctx: &Ctx<'_, 'b>,
    found: &mut Vec<Anomaly>,
) -> (EmployeeMonth, Vec<PayrollRow>) {
    let employee = inp.employee;
    let mut tally = Tally::default();
    let mut days = Vec::new();
    for rows in collect_the_days(inp, ctx.days) {
        let day = Day {
            batch: ctx.batch,
            trace: ctx.trace,
            employee,
            date: RomeDay(rows.date),
            bounds: ctx.bounds(rows.date),
        };
        let trace = day::compute(&day, &rows, ctx.selection.for_day(rows.date), &mut tally, found);
        if ctx.trace {
            days.push(trace);
        }
    }
    report_not_recognised(employee, tally.not_recognised, found);
    let (items, payroll) = price_month(employee, tally.rows, &tally.sets, ctx, found);
    let month = EmployeeMonth { employee_id: employee.id.clone(), full_name: employee.full_name.clone(), days, items };
    (month, payroll)
}

/// Collects the days: the employee's attendance (sorted by day) and each consultation and
/// unrecognised connection split at Rome midnight, gathered day by day. Gives the days with
/// in-person service or Teams time, in date order; within a day, meetings keep the order given.
fn collect_the_days<'a, 'b>(inp: &EmployeeInputs<'a, 'b>, days: &DayTable) -> Vec<DayRows<'a, 'b>> {
    let mut attendance =
        inp.attendance.chunk_by(|a, b| a.date == b.date).filter_map(|c| c.first().map(|r| (r.date, c))).peekable();
    let mut consulted = split_by_day(inp.consultations.iter().map(|c| (*c, &c.time)), days).into_iter().peekable();
    let mut unrecognised =
        split_by_day(inp.unrecognised.iter().map(|u| (*u, &u.connected)), days).into_iter().peekable();
    let mut out = Vec::new();
    loop {
        let next = [attendance.peek().map(|a| a.0), consulted.peek().map(|c| c.0), unrecognised.peek().map(|u| u.0)];
        let Some(date) = next.into_iter().flatten().min() else { break };
        let rows = DayRows {
            date,
            attendance: attendance.next_if(|(d, _)| *d == date).map_or(&[], |(_, rows)| rows),
            consulted: take_day(&mut consulted, date),
            unrecognised: take_day(&mut unrecognised, date),
        };
        if rows.has_service_time() {
            out.push(rows);
        }
    }
    out
}

/// Each item's set split at Rome midnight: the pieces by day, in the order given within a day
/// (a meeting within one day, almost always, is not copied apart).
fn split_by_day<'x, T: Copy + 'x>(
    items: impl Iterator<Item = (T, &'x IntervalSet)>,
    days: &DayTable,
) -> Vec<(NaiveDate, T, IntervalSet)> {
    let mut out = Vec::new();
    for (item, set) in items {
        out.extend(days.split(set).into_iter().map(|(day, piece)| (day.0, item, piece)));
    }
    // Stable: the order given is kept within a day.
    out.sort_by_key(|(day, _, _)| *day);
    out
}

/// The pieces of `date` at the front of `pieces` (sorted by day), taken.
fn take_day<T>(
    pieces: &mut std::iter::Peekable<impl Iterator<Item = (NaiveDate, T, IntervalSet)>>,
    date: NaiveDate,
) -> Vec<(T, IntervalSet)> {
    let mut out = Vec::new();
    while let Some((_, item, piece)) = pieces.next_if(|(day, _, _)| *day == date) {
        out.push((item, piece));
    }
    out
}

/// Reports the month's remote time that no rule set pays, once per rule set that does not
/// recognise it (`REMOTE_NOT_RECOGNISED`), with the meetings counted once each.
fn report_not_recognised(employee: &Employee, not_recognised: NotRecognised<'_>, found: &mut Vec<Anomaly>) {
    for (ruleset, (mut meetings, seconds)) in not_recognised {
        meetings.sort_unstable();
        meetings.dedup();
        let (time, count) = (Arg::Duration(seconds), Arg::Int(i64::try_from(meetings.len()).unwrap_or(i64::MAX)));
        let message = match ruleset {
            Some(id) => Message::new(&REMOTE_NOT_RECOGNISED, [time, count, Arg::text(id)]),
            None => Message::new(&REMOTE_WITHOUT_RULE_SET, [time, count]),
        };
        found.push(Anomaly::new(Code::RemoteNotRecognised, None, message).employee(employee.id.as_str()));
    }
}

static REMOTE_NOT_RECOGNISED: Template = Template {
    it: "{0} di tempo su Teams non pagato (riunioni: {1}): la regola {2} non riconosce la consulenza a distanza",
    en: "{0} of Teams time in {1} meeting(s) not paid: {2} does not recognise remote consultation",
};

static REMOTE_WITHOUT_RULE_SET: Template = Template {
    it: "{0} di tempo su Teams non pagato (riunioni: {1}): nessuna regola governa quei giorni",
    en: "{0} of Teams time in {1} meeting(s) not paid: no rule set governs those days",
};

/// What has been reported once for the month, not to be reported again.
#[derive(Default)]
struct ReportedOnce {
    /// A base missing or too large (`NO_BASE`, `OVERFLOW`).
    base: bool,
    /// A base outside the plausible range (`IMPLAUSIBLE_BASE`).
    implausible: bool,
}

/// Prices the month, per item and rule set: the counted minutes ([`month_minutes`]), the rate
/// ([`rate_of`]) and the amount ([`accounting::amounts`]). Gives each row's explanation (when
/// [`Ctx::trace`]) and the payroll rows; a row with no minute, no rate or an amount too large
/// to compute (`OVERFLOW`) gives neither.
fn price_month(
    employee: &Employee,
    rows: std::collections::BTreeMap<(&str, &str), RowTally>,
    sets: &std::collections::BTreeMap<&str, &RuleSet>,
    ctx: &Ctx<'_, '_>,
    found: &mut Vec<Anomaly>,
) -> (Vec<ItemTotal>, Vec<PayrollRow>) {
    let id = employee.id.as_str();
    let (mut items, mut payroll) = (Vec::new(), Vec::new());
    let mut reported = ReportedOnce::default();
    for ((item, ruleset), row) in rows {
        let Some(set) = sets.get(&ruleset) else { continue };
        let minutes = month_minutes(employee, item, set, &row, found);
        if minutes == 0 {
            continue;
        }
        let Some(rate) = rate_of(employee, set, &mut reported, found) else { continue };
        let money = &set.money;
        let Some((exact, amount)) = accounting::amounts(money, minutes, &row.per_day, rate) else {
            let message = Message::new(&AMOUNT_OVERFLOW, [Arg::text(id), Arg::text(item)]);
            found.push(Anomaly::new(Code::Overflow, Some(employee.source.clone()), message).employee(id));
            continue;
        };
        let hours = money.hours_rounding.apply(Decimal::from(minutes) / Decimal::from(60));
        payroll.push(PayrollRow {
            employee_id: id.to_string(),
            month: ctx.month.to_string(),
            item: item.to_string(),
            ruleset: ruleset.to_string(),
            days: row.days,
            minutes,
            hours,
            rate_eur_per_hour: rate,
            amount_eur: amount,
        });
        if !ctx.trace {
            continue;
        }
        // The same figure as `rate`, with its derivation for the statement.
        let Ok(rate) = accounting::rate(set, employee) else { continue };
        let rounding = AmountRounding { rounding: money.rounding, level: money.level, clause: (&money.info).into() };
        items.push(ItemTotal {
            item: item.to_string(),
            ruleset: ruleset.to_string(),
            days: row.days,
            minutes,
            hours,
            rate,
            amount_exact: exact,
            amount_eur: amount,
            rounding,
        });
    }
    (items, payroll)
}

static AMOUNT_OVERFLOW: Template = Template {
    it: "dipendente {0}: l'importo della voce {1} è troppo grande per il calcolo; nessuna riga di cedolino",
    en: "employee {0}: the amount for {1} is too large to compute; no payroll row",
};

/// The month's counted minutes of one item under `set`: month-level rounding, then the monthly
/// cap ([`accounting::month_seconds`]), a cap that applied being reported (`LIMIT_APPLIED`);
/// whole minutes, the seconds left over dropped.
fn month_minutes(employee: &Employee, item: &str, set: &RuleSet, row: &RowTally, found: &mut Vec<Anomaly>) -> i64 {
    let (seconds, limit) = accounting::month_seconds(row.seconds, &set.time, employee);
    // A month's time meets only the monthly cap.
    if let Some(limit) = limit {
        let args = [
            Arg::text(item),
            Arg::text(set.id.as_str()),
            Arg::Duration(seconds),
            Arg::Duration(row.seconds),
            Arg::Int(limit.minutes()),
        ];
        found.push(
            Anomaly::new(Code::LimitApplied, None, Message::new(&MONTHLY_CAP, args)).employee(employee.id.as_str()),
        );
    }
    seconds / 60
}

static MONTHLY_CAP: Template = Template {
    it: "{0} con la regola {1}: contati {2} invece di {3} (tetto mensile di {4} minuti)",
    en: "{0} under {1}: {2} counted instead of {3} (monthly cap of {4} minutes)",
};

/// The employee's hourly rate under `set` ([`accounting::rate_value`]). An hourly base outside
/// the rule set's plausible range is reported (`IMPLAUSIBLE_BASE`) and used; a base missing
/// (`NO_BASE`) or too large (`OVERFLOW`) gives no rate, so no row. Each is reported once a month,
/// however many rows use the base.
fn rate_of(
    employee: &Employee,
    set: &RuleSet,
    reported: &mut ReportedOnce,
    found: &mut Vec<Anomaly>,
) -> Option<Decimal> {
    let id = employee.id.as_str();
    let source = Some(employee.source.clone());
    match accounting::rate_value(set, employee) {
        Ok(rate) => {
            if reported.implausible {
                return Some(rate);
            }
            if let Some(base) = accounting::implausible_base(set, employee) {
                reported.implausible = true;
                let args = [
                    Arg::text(id),
                    Arg::Decimal(base.base),
                    Arg::Message(Box::new(base.how)),
                    Arg::Decimal(base.range.min),
                    Arg::Decimal(base.range.max),
                    Arg::text(set.id.as_str()),
                ];
                found.push(
                    Anomaly::new(Code::ImplausibleBase, source, Message::new(&IMPLAUSIBLE_BASE, args)).employee(id),
                );
            }
            Some(rate)
        }
        Err(e) => {
            if !reported.base {
                reported.base = true;
                let (code, template) = match e {
                    RateError::NoBase => (Code::NoBase, &NO_BASE),
                    RateError::Overflow => (Code::Overflow, &BASE_OVERFLOW),
                };
                found.push(Anomaly::new(code, source, Message::new(template, [Arg::text(id)])).employee(id));
            }
            None
        }
    }
}

static IMPLAUSIBLE_BASE: Template = Template {
    it: "dipendente {0}: la base oraria di {1} € ({2}) è fuori dall'intervallo plausibile {3}–{4} € della regola {5} ([hourly_base] plausible_eur); l'importo è calcolato comunque con questa base: controllare staff.csv",
    en: "employee {0}: the hourly base {1} € ({2}) is outside the plausible range {3}–{4} € of {5} ([hourly_base] plausible_eur); the amount is computed with it all the same — check the register",
};

static NO_BASE: Template = Template {
    it: "il dipendente {0} ha tempo da pagare ma in staff.csv non ha né hourly_base_eur né monthly_base_eur: nessuna riga di cedolino; completare staff.csv e ricalcolare",
    en: "employee {0} has qualifying time but neither hourly_base_eur nor monthly_base_eur in the register; no payroll row — complete staff.csv and run again",
};

static BASE_OVERFLOW: Template = Template {
    it: "il dipendente {0} ha una base troppo grande per il calcolo; nessuna riga di cedolino",
    en: "employee {0} has a base too large to compute; no payroll row",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::SourceRef;
    use crate::attendance::Kind;
    use crate::register::PartTimePct;
    use crate::time::rome::days_of_month;

    /// 2025-10-01 00:00 in Rome (UTC+2); October's days have 24 hours until the 26th.
    const MIDNIGHT: i64 = 1_759_269_600;

    fn at(day: i64, h: i64, m: i64) -> i64 {
        MIDNIGHT + (day - 1) * 86_400 + h * 3600 + m * 60
    }

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, day).unwrap()
    }

    fn employee() -> Employee {
        let file: std::sync::Arc<str> = std::sync::Arc::from("staff.csv");
        Employee {
            id: "0042".into(),
            full_name: "A".into(),
            office: String::new(),
            teams_upns: vec![],
            part_time_pct: PartTimePct::parse("100").unwrap(),
            hourly_base_eur: None,
            monthly_base_eur: None,
            source: SourceRef::new(&file, 2),
        }
    }

    fn att(day: u32, kind: Kind, from: i64, to: i64) -> Att {
        Att { span: Interval::new(from, to), date: date(day), emp: 0, line: 2, code: 0, file: 0, kind }
    }

    #[test]
    fn the_days_are_collected_in_order_and_a_meeting_across_midnight_gives_each_day_its_part() {
        let employee = employee();
        // 1 October: presence only, nothing to pay; 2 October: counter service; a consultation
        // from 23:30 on the 2nd to 00:30 on the 3rd; on the 5th, Teams time no rule set pays.
        let attendance = [
            att(1, Kind::Presence, at(1, 8, 0), at(1, 14, 0)),
            att(2, Kind::Presence, at(2, 8, 0), at(2, 14, 0)),
            att(2, Kind::FrontOffice, at(2, 9, 0), at(2, 10, 0)),
        ];
        let late = IntervalSet::single(Interval::new(at(2, 23, 30), at(3, 0, 30)));
        let consultation =
            Consultation { meeting: 0, emp: 0, time: late.clone(), sources: 0..0, connected: late.clone() };
        let fifth = IntervalSet::single(Interval::new(at(5, 10, 0), at(5, 11, 0)));
        let unrecognised = Unrecognised { meeting: 1, emp: 0, connected: fifth.clone(), sources: 0..0, ruleset: None };
        let inputs = EmployeeInputs {
            employee: &employee,
            attendance: &attendance,
            consultations: vec![&consultation],
            unrecognised: vec![&unrecognised],
        };
        let days = collect_the_days(&inputs, &DayTable::new(days_of_month(2025, 10)));
        let seen: Vec<(NaiveDate, usize, Vec<i64>, Vec<i64>)> = days
            .iter()
            .map(|d| {
                let consulted = d.consulted.iter().map(|(_, piece)| piece.seconds()).collect();
                let unrecognised = d.unrecognised.iter().map(|(_, piece)| piece.seconds()).collect();
                (d.date, d.attendance.len(), consulted, unrecognised)
            })
            .collect();
        assert_eq!(
            seen,
            [(date(2), 2, vec![1800], vec![]), (date(3), 0, vec![1800], vec![]), (date(5), 0, vec![], vec![3600]),]
        );
        assert_eq!(days[1].consulted[0].1, IntervalSet::single(Interval::new(at(3, 0, 0), at(3, 0, 30))));
    }

    #[test]
    fn a_missing_base_is_reported_once_a_month_and_gives_no_rate() {
        let set = crate::rules::RuleBook::embedded().unwrap().get("inps-ccni-2025").unwrap().clone();
        let mut employee = employee();
        let mut reported = ReportedOnce::default();
        let mut found = Vec::new();
        assert_eq!(rate_of(&employee, &set, &mut reported, &mut found), None);
        assert_eq!(rate_of(&employee, &set, &mut reported, &mut found), None);
        // An implausible base is used, and reported once too.
        employee.hourly_base_eur = Some("1850".parse().unwrap());
        let rate = rate_of(&employee, &set, &mut reported, &mut found);
        assert_eq!(rate, Some("462.5".parse().unwrap()));
        assert_eq!(rate_of(&employee, &set, &mut reported, &mut found), rate);
        let codes: Vec<Code> = found.iter().map(|a| a.code).collect();
        assert_eq!(codes, [Code::NoBase, Code::ImplausibleBase]);
    }
}
