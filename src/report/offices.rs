//! The office's view: per office (sede) — and per ISO week — how many employees, the in-person
//! counter time counted, the remote consultation time (all of it, also where the rule set does
//! not pay it, and the part paid), the remote share, and the amount per payroll item and in all.
//!
//! An [`Offices`] view is built from the register (each employee's `office`), the payroll rows
//! and each employee's trace ([`crate::engine::EmployeeMonth`], so the month must be computed
//! with the trace kept, as for a statement). It computes no allowance:
//!
//! * an office's counter minutes, paid remote minutes and amounts are the sums of its staff's
//!   payroll rows, so they add up exactly to the payroll file (the tests check it);
//! * its remote consultation time is read from the trace, day by day: the time the statement
//!   lists under Teams, before any clause removed some of it. Where the rule set recognises
//!   remote consultation, that is the time a citizen was connected with the employee; where it
//!   does not, it is the employee's own connected time in the month's meetings, which such a
//!   rule set does not judge. Its minutes are the office's seconds floored once;
//! * a week has no payroll figure of its own: the contract rounds and caps once per month and
//!   row. So a week's minutes and euro are the office's monthly figures shared out over the
//!   weeks in proportion to the time its staff had counted on their days (by the largest
//!   remainder, to the minute and to the cent, ties to the earlier week): the weeks of an office
//!   add up exactly to its month. Where the rule set rounds per day and has no monthly cap, a
//!   week's minutes are exactly its days'.
//!
//! An employee whose counted time has no payroll row (no base in the register: `NO_BASE`) adds
//! nothing to the counter minutes and is not among those with counter time; their remote
//! consultation time is shown all the same. Employees without an office are grouped under the
//! empty office, listed last. Weeks are ISO
//! weeks (Monday to Sunday, `2025-W40`) cut to the days of the month.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::engine::trace::{ChannelDay, ChannelKind, EmployeeMonth, Origin, Reason};
use crate::engine::{Month, MonthResult};
use crate::register::Register;
use crate::rules::Selection;
use crate::time::IntervalSet;

/// A payroll item of the month, and the channel it pays.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ItemColumn {
    /// The channel: counter items first.
    pub channel: ChannelKind,
    /// The payroll item code.
    pub item: String,
}

/// The amount of one item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ItemAmount {
    /// The payroll item.
    pub item: String,
    /// Its amount.
    pub amount_eur: Decimal,
}

/// The figures of an office (or of every office) over a month or a week.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Employees of the office in the register.
    pub employees: usize,
    /// Of them, those with counter time counted in the period.
    pub employees_counter: usize,
    /// Of them, those with remote consultation time in the period (paid or not).
    pub employees_remote: usize,
    /// In-person counter minutes counted (the payroll rows of the counter items).
    pub counter_minutes: i64,
    /// Remote consultation minutes, all of them: also where the rule set does not pay them.
    pub remote_minutes: i64,
    /// Remote minutes paid (the payroll rows of the remote items).
    pub remote_paid_minutes: i64,
    /// `remote / (counter + remote)`, half-up to four decimals; none when both are zero.
    pub remote_share: Option<Decimal>,
    /// The amount of each item of [`Offices::items`], in that order.
    pub amounts: Vec<ItemAmount>,
    /// The amount over every item.
    pub amount_eur: Decimal,
}

/// One ISO week of the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Week {
    /// `2025-W40`.
    pub week: String,
    /// Its first day in the month.
    pub from: NaiveDate,
    /// Its last day in the month.
    pub to: NaiveDate,
    /// Its figures.
    pub figures: Figures,
}

/// One office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Office {
    /// The sede code; empty for the employees without one.
    pub office: String,
    /// The month.
    pub month: Figures,
    /// Each week of the month; they add up to the month.
    pub weeks: Vec<Week>,
}

/// The view of a month, office by office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offices {
    /// `YYYY-MM`.
    pub month: String,
    /// The first and last day of the month.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// The rule sets that governed the month's days, in order.
    pub rulesets: Vec<String>,
    /// True when a rule set applied is not the contract in force (a scenario or a draft): the
    /// amounts are not amounts due.
    pub scenario: bool,
    /// The payroll items of those rule sets (and of the rows): counter items first.
    pub items: Vec<ItemColumn>,
    /// The offices, by code; the empty office last.
    pub offices: Vec<Office>,
    /// Every office, over the month (the sum of the offices).
    pub total: Figures,
    /// Every office, week by week (the sums of the offices' weeks).
    pub weeks: Vec<Week>,
}

/// What one office gathers before the figures are made: seconds per week from the trace, and
/// the month's payroll sums.
#[derive(Default)]
struct Tally {
    employees: usize,
    /// Per item: the payroll minutes and amount of the month.
    rows: BTreeMap<String, (i64, Decimal)>,
    /// Per item and week: the seconds counted on the days.
    item_seconds: BTreeMap<(String, usize), i64>,
    /// Per week: remote consultation seconds.
    remote_seconds: Vec<i64>,
    /// Per week: employees with counter time, with remote time.
    with_counter: Vec<usize>,
    with_remote: Vec<usize>,
    /// Over the month.
    month_counter: usize,
    month_remote: usize,
}

impl Offices {
    /// Builds the view of `month` from a computed month (`result`, with the trace kept), the
    /// register and the rule sets selected.
    pub fn build(month: Month, register: &Register, result: &MonthResult, selection: &Selection<'_>) -> Offices {
        let days = month.days();
        let weeks = weeks_of(&days.iter().map(|d| d.0).collect::<Vec<_>>());
        let (rulesets, scenario, channels) = channels_of(&days.iter().map(|d| d.0).collect::<Vec<_>>(), selection);
        let channel = |set: &str, item: &str| channels.get(&(set.to_string(), item.to_string())).copied();
        let mut items: Vec<ItemColumn> =
            channels.iter().map(|((_, item), ch)| ItemColumn { channel: *ch, item: item.clone() }).collect();
        for r in &result.rows {
            let ch = channel(&r.ruleset, &r.item).unwrap_or(ChannelKind::InPerson);
            items.push(ItemColumn { channel: ch, item: r.item.clone() });
        }
        items.sort();
        let mut seen = std::collections::BTreeSet::new();
        items.retain(|c| seen.insert(c.item.clone()));

        let office_of = |id: &str| register.get(id).map_or(String::new(), |e| e.office.clone());
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        let new_tally = || Tally {
            remote_seconds: vec![0; weeks.len()],
            with_counter: vec![0; weeks.len()],
            with_remote: vec![0; weeks.len()],
            ..Tally::default()
        };
        for e in register.employees() {
            tallies.entry(e.office.clone()).or_insert_with(new_tally).employees += 1;
        }
        for r in &result.rows {
            let t = tallies.entry(office_of(&r.employee_id)).or_insert_with(new_tally);
            let e = t.rows.entry(r.item.clone()).or_default();
            e.0 += r.minutes;
            e.1 += r.amount_eur;
        }
        // The payroll rows each employee has: their days weigh only in the rows that exist (an
        // employee without a base has counted time but no row, reported as NO_BASE).
        let mut paid: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for r in &result.rows {
            paid.entry(&r.employee_id).or_default().push((&r.item, &r.ruleset));
        }
        for trace in result.employees.values() {
            let t = tallies.entry(office_of(&trace.employee_id)).or_insert_with(new_tally);
            add_trace(t, trace, paid.get(trace.employee_id.as_str()).map_or(&[], Vec::as_slice), &weeks);
        }
        let item_is_remote = |item: &str| items.iter().any(|c| c.item == item && c.channel == ChannelKind::Remote);
        let mut offices: Vec<Office> = tallies
            .into_iter()
            .map(|(office, t)| office_figures(office, &t, &items, &weeks, &item_is_remote))
            .collect();
        // The employees without an office last: a code sorts before nothing else.
        offices.sort_by_key(|o| (o.office.is_empty(), o.office.clone()));
        let total = sum(offices.iter().map(|o| &o.month), &items);
        let week_totals = weeks
            .iter()
            .enumerate()
            .map(|(i, w)| Week { figures: sum(offices.iter().map(|o| &o.weeks[i].figures), &items), ..w.clone() })
            .collect();
        Offices {
            month: month.to_string(),
            from: days.first().map_or(NaiveDate::MIN, |d| d.0),
            to: days.last().map_or(NaiveDate::MIN, |d| d.0),
            rulesets,
            scenario,
            items,
            offices,
            total,
            weeks: week_totals,
        }
    }
}

/// The ISO weeks of the days, each cut to them, in order (with empty figures).
fn weeks_of(days: &[NaiveDate]) -> Vec<Week> {
    let mut weeks: Vec<Week> = Vec::new();
    for d in days {
        let iso = d.iso_week();
        let label = format!("{}-W{:02}", iso.year(), iso.week());
        match weeks.last_mut() {
            Some(w) if w.week == label => w.to = *d,
            _ => weeks.push(Week { week: label, from: *d, to: *d, figures: Figures::default() }),
        }
    }
    weeks
}

/// The index of the week holding `day`.
fn week_of(weeks: &[Week], day: NaiveDate) -> Option<usize> {
    weeks.iter().position(|w| w.from <= day && day <= w.to)
}

/// Which channel each (rule set, item) pays.
type Channels = BTreeMap<(String, String), ChannelKind>;

/// The rule sets governing the days, in order; whether one is not the contract in force; and
/// the channel of each (rule set, item).
fn channels_of(days: &[NaiveDate], selection: &Selection<'_>) -> (Vec<String>, bool, Channels) {
    let mut sets = Vec::new();
    let mut scenario = false;
    let mut channels = BTreeMap::new();
    for set in days.iter().filter_map(|d| selection.for_day(*d)) {
        if sets.contains(&set.id) {
            continue;
        }
        sets.push(set.id.clone());
        scenario |= set.status != crate::rules::Status::InForce;
        channels.insert((set.id.clone(), set.in_person.item.clone()), ChannelKind::InPerson);
        if let Some(terms) = &set.remote.terms {
            channels.insert((set.id.clone(), terms.item.clone()), ChannelKind::Remote);
        }
    }
    (sets, scenario, channels)
}

/// The remote consultation time of a day: each meeting's `+` lines less the time it had no
/// citizen connected, united over the meetings (time two meetings share counts once). Every
/// other `−` line (a clause not paying it, the counter paying it first) is still Teams time.
/// A rule set that does not recognise remote consultation does not look for the citizen: its
/// day's Teams time is the employee's connected time.
fn remote_seconds(remote: &ChannelDay) -> i64 {
    let mut by_meeting: BTreeMap<&str, IntervalSet> = BTreeMap::new();
    for p in &remote.plus {
        if let Origin::Meeting { meeting_id, .. } = &p.origin {
            let set = by_meeting.entry(meeting_id.as_str()).or_default();
            *set = set.union(&IntervalSet::single(p.interval));
        }
    }
    for m in remote.minus.iter().filter(|m| m.reason == Reason::NoCitizen) {
        if let Some(set) = m.meeting.as_deref().and_then(|id| by_meeting.get_mut(id)) {
            *set = set.subtract(&m.removed);
        }
    }
    by_meeting.values().fold(IntervalSet::new(), |all, set| all.union(set)).seconds()
}

/// Adds one employee's days to their office's tally. A day's counted time weighs in its item's
/// weeks when the employee has the payroll row it went into (`rows`: item and rule set).
fn add_trace(t: &mut Tally, trace: &EmployeeMonth, rows: &[(&str, &str)], weeks: &[Week]) {
    let mut counter = vec![false; weeks.len()];
    let mut remote = vec![false; weeks.len()];
    for day in &trace.days {
        let Some(w) = week_of(weeks, day.date) else { continue };
        let set = day.ruleset.as_deref().unwrap_or_default();
        for (c, is_counter) in [(&day.in_person, true), (&day.remote, false)] {
            let Some(item) = &c.item else { continue };
            if c.counted_seconds <= 0 || !rows.contains(&(item.as_str(), set)) {
                continue;
            }
            *t.item_seconds.entry((item.clone(), w)).or_default() += c.counted_seconds;
            counter[w] |= is_counter;
        }
        let r = remote_seconds(&day.remote);
        t.remote_seconds[w] += r;
        remote[w] |= r > 0;
    }
    for w in 0..weeks.len() {
        t.with_counter[w] += usize::from(counter[w]);
        t.with_remote[w] += usize::from(remote[w]);
    }
    t.month_counter += usize::from(counter.contains(&true));
    t.month_remote += usize::from(remote.contains(&true));
}

/// An office's month and weeks from its tally.
fn office_figures(
    office: String,
    t: &Tally,
    items: &[ItemColumn],
    weeks: &[Week],
    is_remote: &dyn Fn(&str) -> bool,
) -> Office {
    let mut month = Figures {
        employees: t.employees,
        employees_counter: t.month_counter,
        employees_remote: t.month_remote,
        remote_minutes: t.remote_seconds.iter().sum::<i64>() / 60,
        ..Figures::default()
    };
    let mut week_figures: Vec<Figures> = (0..weeks.len())
        .map(|w| Figures {
            employees: t.employees,
            employees_counter: t.with_counter[w],
            employees_remote: t.with_remote[w],
            ..Figures::default()
        })
        .collect();
    let remote_all = apportion(i128::from(month.remote_minutes), &t.remote_seconds);
    for (f, m) in week_figures.iter_mut().zip(remote_all) {
        f.remote_minutes = i64::try_from(m).unwrap_or(i64::MAX);
    }
    for column in items {
        let (minutes, amount) = t.rows.get(&column.item).copied().unwrap_or_default();
        let weights: Vec<i64> =
            (0..weeks.len()).map(|w| t.item_seconds.get(&(column.item.clone(), w)).copied().unwrap_or(0)).collect();
        let week_minutes = apportion(i128::from(minutes), &weights);
        let week_units = apportion(amount.mantissa(), &weights);
        add_item(&mut month, &column.item, minutes, amount, is_remote(&column.item));
        for ((f, m), u) in week_figures.iter_mut().zip(week_minutes).zip(week_units) {
            let share = Decimal::from_i128_with_scale(u, amount.scale());
            add_item(f, &column.item, i64::try_from(m).unwrap_or(i64::MAX), share, is_remote(&column.item));
        }
    }
    month.remote_share = share(month.counter_minutes, month.remote_minutes);
    let weeks = weeks
        .iter()
        .zip(week_figures)
        .map(|(w, mut f)| {
            f.remote_share = share(f.counter_minutes, f.remote_minutes);
            Week { figures: f, ..w.clone() }
        })
        .collect();
    Office { office, month, weeks }
}

/// Adds an item's minutes and amount to figures.
fn add_item(f: &mut Figures, item: &str, minutes: i64, amount: Decimal, remote: bool) {
    if remote {
        f.remote_paid_minutes += minutes;
    } else {
        f.counter_minutes += minutes;
    }
    f.amounts.push(ItemAmount { item: item.to_string(), amount_eur: amount });
    f.amount_eur += amount;
}

/// The figures of several offices together.
fn sum<'a>(all: impl Iterator<Item = &'a Figures>, items: &[ItemColumn]) -> Figures {
    let mut s = Figures {
        amounts: items.iter().map(|c| ItemAmount { item: c.item.clone(), amount_eur: Decimal::ZERO }).collect(),
        ..Figures::default()
    };
    for f in all {
        s.employees += f.employees;
        s.employees_counter += f.employees_counter;
        s.employees_remote += f.employees_remote;
        s.counter_minutes += f.counter_minutes;
        s.remote_minutes += f.remote_minutes;
        s.remote_paid_minutes += f.remote_paid_minutes;
        for (a, b) in s.amounts.iter_mut().zip(&f.amounts) {
            a.amount_eur += b.amount_eur;
        }
        s.amount_eur += f.amount_eur;
    }
    s.remote_share = share(s.counter_minutes, s.remote_minutes);
    s
}

/// `remote / (counter + remote)`, half-up to four decimals (the one rounding of a share).
pub fn share(counter: i64, remote: i64) -> Option<Decimal> {
    let all = counter.checked_add(remote)?;
    if all <= 0 {
        return None;
    }
    let s = Decimal::from(remote).checked_div(Decimal::from(all))?;
    Some(s.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero))
}

/// `total` shared out in proportion to `weights` (negative weights count as zero), in whole
/// units, by the largest remainder: each part is first its floor, and the units left go one by
/// one to the largest remainders, ties to the earlier part. The parts add up to `total`. With
/// no weight at all, the first part takes everything.
pub fn apportion(total: i128, weights: &[i64]) -> Vec<i128> {
    let mut parts = vec![0i128; weights.len()];
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if parts.is_empty() {
        return parts;
    }
    if sum == 0 {
        parts[0] = total;
        return parts;
    }
    let (sign, t) = (total.signum(), total.abs());
    let mut rests: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let product = t.saturating_mul(i128::from((*w).max(0)));
        parts[i] = product / sum;
        rests.push((product % sum, i));
    }
    let left = t - parts.iter().sum::<i128>();
    rests.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rests.iter().take(usize::try_from(left).unwrap_or(0)) {
        parts[*i] += 1;
    }
    parts.iter().map(|p| p * sign).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioning_adds_up_and_favours_the_largest_remainders() {
        assert_eq!(apportion(10, &[1, 1, 1]), [4, 3, 3]);
        assert_eq!(apportion(586, &[3600, 7200, 0, 24360]), [60, 120, 0, 406]);
        assert_eq!(apportion(-5, &[1, 1]), [-3, -2]);
        assert_eq!(apportion(7, &[0, 0]), [7, 0]);
        assert_eq!(apportion(7, &[]), Vec::<i128>::new());
        for (total, weights) in [(5201i128, vec![37, 1, 999, 3]), (1, vec![1, 1, 1]), (0, vec![4, 5])] {
            assert_eq!(apportion(total, &weights).iter().sum::<i128>(), total);
        }
    }

    #[test]
    fn a_share_is_rounded_once_to_four_decimals() {
        assert_eq!(share(2160, 586), Some("0.2134".parse().unwrap()));
        assert_eq!(share(1, 2), Some("0.6667".parse().unwrap()));
        assert_eq!(share(0, 0), None);
        assert_eq!(share(0, 5), Some(Decimal::ONE));
    }

    #[test]
    fn weeks_are_iso_weeks_cut_to_the_month() {
        let days: Vec<NaiveDate> = (1..=31).map(|d| NaiveDate::from_ymd_opt(2025, 10, d).unwrap()).collect();
        let w = weeks_of(&days);
        assert_eq!(w.len(), 5);
        assert_eq!((w[0].week.as_str(), w[0].from.day(), w[0].to.day()), ("2025-W40", 1, 5));
        assert_eq!((w[4].week.as_str(), w[4].from.day(), w[4].to.day()), ("2025-W44", 27, 31));
        let dec: Vec<NaiveDate> = (29..=31).map(|d| NaiveDate::from_ymd_opt(2025, 12, d).unwrap()).collect();
        assert_eq!(weeks_of(&dec)[0].week, "2026-W01");
    }
}
