//! The individual statement (prospetto): one employee's month, day by day and euro by euro.
//!
//! A [`Statement`] is built from the [`MonthResult`] of [`crate::engine::compute`]: the
//! employee's [`EmployeeMonth`] trace (the very data the payroll rows were made from), the
//! anomalies that concern them, and the rule sets that governed the month's days. It adds no
//! figure of its own: its items are the trace's items and its total is their sum, so it equals
//! the payroll file's amount for the employee to the cent.
//!
//! ```no_run
//! use sportello::engine::{self, Inputs, Month};
//! use sportello::input::{self, InputPaths};
//! use sportello::report::{statement::Statement, Lang};
//! use sportello::rules::{RuleBook, Selection};
//!
//! let loaded = input::load(&InputPaths::in_folder("fixtures/demo".as_ref())).unwrap();
//! let book = RuleBook::embedded().unwrap();
//! let selection = Selection::in_force(&book);
//! let month: Month = "2025-10".parse().unwrap();
//! let inputs = Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
//! let result = engine::compute(month, inputs, &selection);
//! let employee = loaded.register.get("004512").unwrap();
//! let st = Statement::build(month, employee, &result, &loaded.anomalies, &selection);
//! st.write_html(Lang::It, std::io::stdout()).unwrap();
//! ```

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{Anomaly, Code, Severity, SourceRef};
use crate::engine::trace::{ChannelDay, DayTrace, EmployeeMonth, ItemTotal, Origin};
use crate::engine::{Month, MonthResult};
use crate::money::{format_cents, format_rate, Rounding, RoundingMode};
use crate::register::{Employee, PartTimePct};
use crate::rules::{
    Channel, Citation, ClipTo, MoneyLevel, PartTime, RateForm, RuleSet, Selection, Status, TimeLevel, TimeRoundingMode,
};
use crate::time::rome::format_rome_clock;
use crate::time::{Interval, IntervalSet};

use super::{minutes_text, Lang};

/// A rule set that governed some days of the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleSetUse {
    /// The first day of the month it governed.
    pub first_day: NaiveDate,
    /// The last day of the month it governed.
    pub last_day: NaiveDate,
    /// How many days of the month it governed.
    pub days: u32,
    /// The rule set, every clause with its citations.
    pub rule_set: RuleSet,
}

/// An anomaly that concerns the employee, as shown in the statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Its severity.
    pub severity: Severity,
    /// Its stable code.
    pub code: Code,
    /// File and line, when it comes from one row.
    pub source: Option<String>,
    /// The day, `YYYY-MM-DD`, when it concerns one.
    pub date: Option<String>,
    /// The engine's message.
    pub message: String,
}

/// The figures of one day's bar in the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DaySummary {
    /// The day.
    pub date: NaiveDate,
    /// Counter time counted (after rounding and daily limits).
    pub in_person_counted_seconds: i64,
    /// Counter time recorded but not counted (a kind not paid, outside presence, an absence,
    /// rounding, a limit). Time counted through the other channel is not included.
    pub in_person_not_counted_seconds: i64,
    /// Teams consultation counted (after rounding and daily limits).
    pub remote_counted_seconds: i64,
    /// Teams time recorded but not counted (not recognised, no citizen connected, outside
    /// working time, rounding, a limit). Time counted at the counter is not included.
    pub remote_not_counted_seconds: i64,
}

/// One employee's month, ready to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The matricola.
    pub employee_id: String,
    /// The name in the register.
    pub full_name: String,
    /// The sede.
    pub office: String,
    /// Part-time percentage, exact (`83.33`; a string in JSON).
    pub part_time_pct: PartTimePct,
    /// `YYYY-MM`.
    pub month: String,
    #[serde(skip)]
    period: Month,
    /// True when a rule set applied is not the contract in force (a scenario or a draft): the
    /// figures are not amounts due.
    pub scenario: bool,
    /// True when a rule set applied has a figure not confirmed by the signed text.
    pub provisional: bool,
    /// The rule sets that governed the month's days, in order.
    pub rule_sets: Vec<RuleSetUse>,
    /// Every day with something to show: sources, removals, seconds before and after rounding.
    pub days: Vec<DayTrace>,
    /// The payroll rows, with the rate's derivation and the rounding of the amount.
    pub items: Vec<ItemTotal>,
    /// The sum of the items' amounts: the employee's total in the payroll file.
    pub total_eur: Decimal,
    /// Every day of the month, for the chart.
    pub chart: Vec<DaySummary>,
    /// The anomalies that concern the employee.
    pub notes: Vec<Note>,
    /// The sources the applied rule sets cite, by key.
    pub sources: Vec<Citation>,
}

impl Statement {
    /// Builds the statement of `employee` from a computed month.
    ///
    /// `input_anomalies` are those found while reading the inputs (the month's own are in
    /// `result`); only those naming the employee are kept.
    pub fn build(
        month: Month,
        employee: &Employee,
        result: &MonthResult,
        input_anomalies: &[Anomaly],
        selection: &Selection<'_>,
    ) -> Statement {
        let empty;
        let trace = match result.employees.get(&employee.id) {
            Some(t) => t,
            None => {
                empty = EmployeeMonth {
                    employee_id: employee.id.clone(),
                    full_name: employee.full_name.clone(),
                    days: Vec::new(),
                    items: Vec::new(),
                };
                &empty
            }
        };

        let mut rule_sets: Vec<RuleSetUse> = Vec::new();
        for day in month.days() {
            let Some(set) = selection.for_day(day.0) else { continue };
            match rule_sets.iter_mut().find(|u| u.rule_set.id == set.id) {
                Some(u) => {
                    u.last_day = day.0;
                    u.days += 1;
                }
                None => {
                    rule_sets.push(RuleSetUse { first_day: day.0, last_day: day.0, days: 1, rule_set: set.clone() })
                }
            }
        }
        let scenario = rule_sets.iter().any(|u| u.rule_set.status != Status::InForce);
        let provisional = rule_sets.iter().any(|u| !u.rule_set.provisional_marks().is_empty());
        let mut sources: BTreeMap<String, Citation> = BTreeMap::new();
        for u in &rule_sets {
            for clause in u.rule_set.clauses() {
                for c in &clause.citations {
                    sources.entry(c.key.clone()).or_insert_with(|| c.clone());
                }
            }
        }

        let mut notes: Vec<Note> = input_anomalies
            .iter()
            .chain(&result.anomalies)
            .filter(|a| a.employee_id.as_deref() == Some(employee.id.as_str()))
            .map(|a| Note {
                severity: a.severity(),
                code: a.code,
                source: a.source.as_ref().map(ToString::to_string),
                date: a.date.clone(),
                message: a.message.clone(),
            })
            .collect();
        notes.sort_by(|a, b| (&a.date, &a.source, a.code, &a.message).cmp(&(&b.date, &b.source, b.code, &b.message)));
        notes.dedup();

        let chart = month
            .days()
            .iter()
            .map(|d| match trace.days.iter().find(|t| t.date == d.0) {
                Some(t) => summary(t),
                None => DaySummary {
                    date: d.0,
                    in_person_counted_seconds: 0,
                    in_person_not_counted_seconds: 0,
                    remote_counted_seconds: 0,
                    remote_not_counted_seconds: 0,
                },
            })
            .collect();

        Statement {
            employee_id: employee.id.clone(),
            full_name: employee.full_name.clone(),
            office: employee.office.clone(),
            part_time_pct: employee.part_time_pct,
            month: month.to_string(),
            period: month,
            scenario,
            provisional,
            rule_sets,
            days: trace.days.clone(),
            items: trace.items.clone(),
            total_eur: trace.items.iter().map(|i| i.amount_eur).sum(),
            chart,
            notes,
            sources: sources.into_values().collect(),
        }
    }

    /// The rule set with this id, if it governed a day of the month.
    pub fn rule_set(&self, id: &str) -> Option<&RuleSet> {
        self.rule_sets.iter().map(|u| &u.rule_set).find(|s| s.id == id)
    }

    /// The sum of the days' counted seconds of one payroll row, before the month-level rounding
    /// and cap (if the rule set has them) and the flooring to whole minutes.
    pub fn day_seconds(&self, item: &str, ruleset: &str) -> i64 {
        self.days
            .iter()
            .filter(|d| d.ruleset.as_deref() == Some(ruleset))
            .flat_map(|d| [&d.in_person, &d.remote])
            .filter(|c| c.item.as_deref() == Some(item))
            .map(|c| c.counted_seconds)
            .sum()
    }

    /// The notes of one day.
    pub fn notes_on(&self, day: NaiveDate) -> impl Iterator<Item = &Note> {
        let iso = day.format("%Y-%m-%d").to_string();
        self.notes.iter().filter(move |n| n.date.as_deref() == Some(iso.as_str()))
    }

    /// The notes not tied to a day of the trace.
    pub fn other_notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(|n| {
            n.date.as_deref().is_none_or(|d| !self.days.iter().any(|t| t.date.format("%Y-%m-%d").to_string() == d))
        })
    }

    /// The month as a value.
    pub fn period(&self) -> Month {
        self.period
    }

    /// Writes the statement as JSON (money as strings, intervals as Rome times with offset).
    pub fn write_json<W: Write>(&self, mut w: W) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut w, self)?;
        writeln!(w)
    }

    /// Writes the statement as plain text.
    pub fn write_text<W: Write>(&self, lang: Lang, mut w: W) -> io::Result<()> {
        let l = lang;
        let rule = "=".repeat(78);
        writeln!(
            w,
            "{}",
            l.pick(
                "PROSPETTO INDIVIDUALE — maggiorazione di sportello",
                "INDIVIDUAL STATEMENT — front-office allowance"
            )
        )?;
        writeln!(w, "{rule}")?;
        writeln!(w, "{}: {} {}", l.pick("Dipendente", "Employee"), self.employee_id, self.full_name)?;
        writeln!(
            w,
            "{}: {}   {}: {}%",
            l.pick("Sede", "Office"),
            if self.office.is_empty() { "—" } else { &self.office },
            l.pick("Part-time", "Part-time"),
            l.number(&self.part_time_pct.to_string())
        )?;
        writeln!(
            w,
            "{}: {} ({})",
            l.pick("Mese", "Month"),
            l.month_name(self.period.year, self.period.month),
            self.month
        )?;
        for u in &self.rule_sets {
            writeln!(w, "{}: {}", l.pick("Regole", "Rule set"), rule_set_line(u, l))?;
        }
        if self.rule_sets.is_empty() {
            writeln!(w, "{}", l.pick("Nessuna regola governa questo mese.", "No rule set governs this month."))?;
        }
        if self.scenario {
            writeln!(w, "*** {} ***", scenario_mark(l))?;
        }
        if let Some(mark) = errors_mark(self, l) {
            writeln!(w, "*** {mark} ***")?;
        }
        for u in &self.rule_sets {
            for (clause, why) in u.rule_set.provisional_marks() {
                writeln!(w, "*** {} [{} {clause}]: {why}", l.pick("PROVVISORIO", "PROVISIONAL"), u.rule_set.id)?;
            }
        }
        writeln!(w, "{}: {} €", l.pick("TOTALE DEL MESE", "MONTH TOTAL"), l.number(&format_cents(self.total_eur)))?;
        writeln!(w)?;

        writeln!(w, "{}", l.pick("GIORNO PER GIORNO", "DAY BY DAY"))?;
        writeln!(w, "{}", "-".repeat(78))?;
        if self.days.is_empty() {
            writeln!(
                w,
                "{}",
                l.pick("Nessun giorno con attività di sportello o su Teams.", "No day with counter or Teams activity.")
            )?;
        }
        for day in &self.days {
            writeln!(
                w,
                "{} — {}",
                l.day(day.date),
                day.ruleset.as_deref().unwrap_or(l.pick("nessuna regola", "no rule set"))
            )?;
            let set = day.ruleset.as_deref().and_then(|id| self.rule_set(id));
            for (channel, is_remote) in [(&day.in_person, false), (&day.remote, true)] {
                let view = ChannelView::of(channel, is_remote, set, l);
                if view.is_empty() {
                    continue;
                }
                let (name, item, clause) = channel_heading(channel, is_remote, set, l);
                writeln!(w, "  {name} ({item}; {clause})")?;
                for line in &view.sources {
                    writeln!(w, "    + {:<17} {:>11}  {}", line.span, line.minutes, line.source)?;
                }
                for line in &view.removed {
                    writeln!(
                        w,
                        "    - {:<17} {:>11}  {} {} — {}",
                        line.span,
                        line.minutes,
                        line.code,
                        line.reason(l),
                        line.clause
                    )?;
                }
                writeln!(w, "    {}", counted_line(channel, set, l))?;
            }
            for n in self.notes_on(day.date).filter(|n| !day_shows(day, n)) {
                writeln!(w, "  ! {}", note_line(n))?;
            }
        }
        writeln!(w)?;

        writeln!(w, "{}", l.pick("IL MESE", "THE MONTH"))?;
        writeln!(w, "{}", "-".repeat(78))?;
        if self.items.is_empty() {
            writeln!(w, "{}", l.pick("Nessuna voce da pagare.", "Nothing to pay."))?;
        }
        for item in &self.items {
            let set = self.rule_set(&item.ruleset);
            writeln!(w, "{} — {}", item.item, item.ruleset)?;
            writeln!(w, "  {}", minutes_line(self, item, set, l))?;
            writeln!(w, "  {}: {} — {}", l.pick("tariffa", "rate"), item.rate.how, item.rate.clauses.join("; "))?;
            writeln!(w, "  {}", amount_line(item, set, l))?;
        }
        writeln!(w, "{}: {} €", l.pick("TOTALE", "TOTAL"), l.number(&format_cents(self.total_eur)))?;

        let others: Vec<&Note> = self.other_notes().collect();
        if !others.is_empty() {
            writeln!(w)?;
            writeln!(w, "{}", l.pick("ALTRE SEGNALAZIONI", "OTHER NOTES"))?;
            writeln!(w, "{}", "-".repeat(78))?;
            for n in others {
                writeln!(w, "! {}", note_line(n))?;
            }
        }

        writeln!(w)?;
        writeln!(w, "{}", l.pick("LE REGOLE APPLICATE", "THE RULES APPLIED"))?;
        writeln!(w, "{}", "-".repeat(78))?;
        for u in &self.rule_sets {
            writeln!(w, "{} — {}", u.rule_set.id, u.rule_set.title)?;
            for (name, text, reference) in clause_lines(&u.rule_set, l) {
                writeln!(w, "  {name}: {text} [{reference}]")?;
            }
        }
        if !self.sources.is_empty() {
            writeln!(w)?;
            writeln!(w, "{}", l.pick("FONTI", "SOURCES"))?;
            for c in &self.sources {
                writeln!(
                    w,
                    "  [{}] {}{}",
                    c.key,
                    c.title,
                    c.url.as_deref().map(|u| format!(" <{u}>")).unwrap_or_default()
                )?;
            }
        }
        writeln!(w)?;
        writeln!(w, "{}", privacy_line(l))?;
        Ok(())
    }

    /// Writes the statement as one self-contained HTML page (no script, no external asset),
    /// printable on A4.
    pub fn write_html<W: Write>(&self, lang: Lang, w: W) -> io::Result<()> {
        super::html::statement(self, lang, w)
    }
}

/// The chart's figures for one day.
fn summary(day: &DayTrace) -> DaySummary {
    let not_counted = |c: &ChannelDay, is_remote: bool| -> i64 {
        let mut all = IntervalSet::from_intervals(c.considered.iter().map(|s| s.interval));
        let mut elsewhere = IntervalSet::new();
        for r in &c.removals {
            if r.code == Code::ChannelOverlap {
                elsewhere = elsewhere.union(&r.removed);
            } else {
                all = all.union(&r.removed);
            }
        }
        if is_remote {
            all = all.union(&c.connected);
        }
        let lost = all.subtract(&c.paid).subtract(&elsewhere).seconds();
        lost + (c.seconds - c.counted_seconds).max(0)
    };
    DaySummary {
        date: day.date,
        in_person_counted_seconds: day.in_person.counted_seconds,
        in_person_not_counted_seconds: not_counted(&day.in_person, false),
        remote_counted_seconds: day.remote.counted_seconds,
        remote_not_counted_seconds: not_counted(&day.remote, true),
    }
}

/// `08:30–12:30, 14:00–15:00`.
pub(super) fn set_text(set: &IntervalSet) -> String {
    set.intervals().iter().map(interval_text).collect::<Vec<_>>().join(", ")
}

/// `08:30–12:30`.
pub(super) fn interval_text(iv: &Interval) -> String {
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

/// One source line of a day: an interval and where it comes from.
pub(super) struct SourceLine {
    pub span: String,
    pub minutes: String,
    pub source: String,
}

/// One line of time not counted.
pub(super) struct RemovedLine {
    pub span: String,
    pub minutes: String,
    /// The anomaly code, or empty for connected time without a citizen (not an anomaly: the
    /// clause's definition of consultation).
    pub code: String,
    pub clause: String,
}

impl RemovedLine {
    pub fn reason(&self, l: Lang) -> &'static str {
        reason(&self.code, l)
    }
}

/// Why time was not counted, in words.
pub(super) fn reason(code: &str, l: Lang) -> &'static str {
    match code {
        "KIND_NOT_QUALIFYING" => {
            l.pick("attività che questa regola non paga", "an activity this rule set does not pay")
        }
        "OUTSIDE_PRESENCE" => l.pick("fuori dalla presenza in sede", "outside on-site presence"),
        "OUTSIDE_WORKING_TIME" => l.pick("fuori dall'orario di lavoro", "outside working time"),
        "ABSENCE_OVERLAP" => l.pick("sovrapposto a un'assenza", "overlaps an absence"),
        "REMOTE_NOT_RECOGNISED" => {
            l.pick("la consulenza a distanza non è riconosciuta", "remote consultation is not recognised")
        }
        "CHANNEL_OVERLAP" => l.pick("già contato nell'altro canale", "already counted through the other channel"),
        "" => l.pick("collegato senza alcun cittadino", "connected with no citizen"),
        _ => "",
    }
}

/// A channel's lines on one day.
pub(super) struct ChannelView {
    pub sources: Vec<SourceLine>,
    pub removed: Vec<RemovedLine>,
}

impl ChannelView {
    pub fn of(c: &ChannelDay, is_remote: bool, set: Option<&RuleSet>, l: Lang) -> ChannelView {
        let mut sources: Vec<SourceLine> = c
            .considered
            .iter()
            .map(|s| SourceLine {
                span: interval_text(&s.interval),
                minutes: minutes_text(s.interval.seconds()),
                source: match &s.origin {
                    Origin::Attendance { source, kind, code } => format!("{kind} {code} — {source}"),
                    Origin::Meeting { meeting_id, sources } => {
                        format!("{} {meeting_id} — {}", l.pick("riunione", "meeting"), sources_text(sources))
                    }
                },
            })
            .collect();
        sources.dedup_by(|a, b| a.span == b.span && a.source == b.source);
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
                code: code.as_str().to_string(),
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
                        code: String::new(),
                        clause: set.map(|s| s.remote.info.reference()).unwrap_or_default(),
                    },
                );
            }
        }
        ChannelView { sources, removed }
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.removed.is_empty()
    }
}

/// A channel's name, its item (`voce MFOF`, or `non pagato`) and the clause that governs it.
pub(super) fn channel_heading(
    c: &ChannelDay,
    is_remote: bool,
    set: Option<&RuleSet>,
    l: Lang,
) -> (&'static str, String, String) {
    let name = if is_remote { l.pick("Teams", "Teams") } else { l.pick("Sportello", "Counter") };
    let clause = set
        .map(|s| if is_remote { s.remote.info.reference() } else { s.in_person.info.reference() })
        .unwrap_or_default();
    let item = match &c.item {
        Some(item) => format!("{} {item}", l.pick("voce", "item")),
        None => l.pick("non pagato", "not paid").to_string(),
    };
    (name, item, clause)
}

/// True when a day's removals already show the note (same code): the note's message is then
/// left out of the day's lines, not to say the same thing twice.
pub(super) fn day_shows(day: &DayTrace, n: &Note) -> bool {
    day.in_person.removals.iter().chain(&day.remote.removals).any(|r| r.code == n.code)
}

/// `contati: 240 min prima dell'arrotondamento → 240 min dopo (time (…))`.
pub(super) fn counted_line(c: &ChannelDay, set: Option<&RuleSet>, l: Lang) -> String {
    let time = set.map(|s| format!(" — {}", s.time.info.reference())).unwrap_or_default();
    format!(
        "{}: {} {} → {} {}{time}",
        l.pick("contati", "counted"),
        minutes_text(c.seconds),
        l.pick("prima dell'arrotondamento", "before rounding"),
        minutes_text(c.counted_seconds),
        l.pick("dopo", "after"),
    )
}

/// `12 giorni; somma dei giorni 2880 min → 2880 min = 48,00 h`.
pub(super) fn minutes_line(st: &Statement, item: &ItemTotal, set: Option<&RuleSet>, l: Lang) -> String {
    let days = st.day_seconds(&item.item, &item.ruleset);
    let month_rule = set
        .map(|s| {
            let mut parts = Vec::new();
            if s.time.level == TimeLevel::Month {
                parts.push(format!(
                    "{} {}",
                    l.pick("arrotondamento mensile", "monthly rounding"),
                    unit_text(&s.time, l)
                ));
            }
            if let Some(cap) = s.time.monthly_cap_minutes {
                parts.push(format!("{} {cap} min", l.pick("tetto mensile", "monthly cap")));
            }
            parts.push(l.pick("minuti interi", "whole minutes").to_string());
            parts.join(", ")
        })
        .unwrap_or_default();
    format!(
        "{} {}; {} {} → {} ({month_rule}) = {} h",
        item.days,
        if item.days == 1 { l.pick("giorno", "day") } else { l.pick("giorni", "days") },
        l.pick("somma dei giorni", "sum of the days"),
        minutes_text(days),
        minutes_text(item.minutes * 60),
        l.number(&format_cents(item.hours)),
    )
}

/// `importo: 2880 min × 5.00 €/h ÷ 60 = 240 esatto → 240,00 € (…)`.
pub(super) fn amount_line(item: &ItemTotal, set: Option<&RuleSet>, l: Lang) -> String {
    let rounding =
        set.map_or_else(|| item.rounding.clone(), |s| format!("{} — {}", money_text(s, l), s.money.info.reference()));
    let formula = match set.map(|s| s.money.level) {
        Some(MoneyLevel::Day) => {
            l.pick("somma per giorno di minuti × tariffa ÷ 60", "per day, minutes × rate ÷ 60, summed").to_string()
        }
        _ => format!("{} min × {} €/h ÷ 60", item.minutes, l.number(&format_rate(item.rate.rate_eur_per_hour))),
    };
    format!(
        "{}: {formula} = {} {} → {} € ({rounding})",
        l.pick("importo", "amount"),
        l.number(&exact_text(item.amount_exact)),
        l.pick("esatto", "exact"),
        l.number(&format_cents(item.amount_eur)),
    )
}

/// An exact amount: all its decimals up to six, then `…`.
pub(super) fn exact_text(d: Decimal) -> String {
    let r = d.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
    if r == d {
        format_rate(d)
    } else {
        format!("{}…", format_rate(r))
    }
}

fn rounding_mode_text(r: &Rounding, l: Lang) -> String {
    let mode = match r.mode {
        RoundingMode::HalfUp => l.pick("al più vicino, la metà per eccesso", "to the nearest, a half up"),
        RoundingMode::HalfEven => l.pick("al più vicino, la metà al pari", "to the nearest, a half to even"),
        RoundingMode::Down => l.pick("per difetto", "down"),
        RoundingMode::Up => l.pick("per eccesso", "up"),
    };
    format!("{mode}, {} {}", r.dp, l.pick("decimali", "decimals"))
}

fn money_text(s: &RuleSet, l: Lang) -> String {
    let level = match s.money.level {
        MoneyLevel::Row => l.pick("una volta per voce", "once per row"),
        MoneyLevel::Day => l.pick("per giorno, poi sommato", "per day, then summed"),
    };
    format!("{}, {level}", rounding_mode_text(&s.money.rounding, l))
}

fn unit_text(t: &crate::rules::TimeRule, l: Lang) -> String {
    let unit =
        if t.unit_seconds % 60 == 0 { format!("{} min", t.unit_seconds / 60) } else { format!("{} s", t.unit_seconds) };
    let mode = match t.mode {
        TimeRoundingMode::Down => l.pick("per difetto", "down"),
        TimeRoundingMode::Up => l.pick("per eccesso", "up"),
        TimeRoundingMode::Nearest => l.pick("al più vicino", "to the nearest"),
    };
    format!("{mode} {} {unit}", l.pick("a", "to"))
}

fn clip_text(c: ClipTo, l: Lang) -> &'static str {
    match c {
        ClipTo::Presence => l.pick("entro la presenza in sede", "within on-site presence"),
        ClipTo::WorkingTime => {
            l.pick("entro l'orario di lavoro (in sede o agile)", "within working time (on site or remote)")
        }
        ClipTo::Nothing => l.pick("senza limite di orario", "at any time"),
    }
}

/// Each clause of a rule set in words: `(name, description, reference)`.
pub(super) fn clause_lines(s: &RuleSet, l: Lang) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    out.push((
        l.pick("validità", "validity"),
        format!(
            "{} {} {} {} ({})",
            l.pick("dal", "from"),
            l.day(s.valid_from),
            if s.valid_to.is_some() { l.pick("al", "to") } else { "—" },
            s.valid_to.map_or_else(|| l.pick("senza scadenza", "open").to_string(), |d| l.day(d)),
            status_text(s.status, l)
        ),
        s.validity.reference(),
    ));
    let kinds: Vec<&str> = s.in_person.kinds.iter().map(|k| k.as_str()).collect();
    out.push((
        l.pick("sportello", "counter"),
        format!(
            "{} {}: {} {}",
            l.pick("voce", "item"),
            s.in_person.item,
            kinds.join(", "),
            clip_text(s.in_person.clip_to, l)
        ),
        s.in_person.info.reference(),
    ));
    let remote = match &s.remote.terms {
        None => l.pick("consulenza su Teams non riconosciuta", "Teams consultation not recognised").to_string(),
        Some(t) => {
            let roles: Vec<&str> = t.roles.iter().map(|r| r.as_str()).collect();
            format!(
                "{} {}: {} {}; {} {} s {}; {} {} s {}; {}",
                l.pick("voce", "item"),
                t.item,
                l.pick("tempo collegato come", "time connected as"),
                roles.join(l.pick(" o ", " or ")),
                l.pick(
                    "mentre almeno un cittadino è collegato; uscite del cittadino fino a",
                    "while at least one citizen is connected; a citizen's gaps up to"
                ),
                t.rejoin_tolerance_seconds,
                l.pick("colmate", "bridged"),
                l.pick("meno di", "less than"),
                t.minimum_consultation_seconds,
                l.pick("per riunione non conta", "per meeting counts nothing"),
                clip_text(t.clip_to, l)
            )
        }
    };
    out.push((l.pick("Teams", "Teams"), remote, s.remote.info.reference()));
    out.push((
        l.pick("sovrapposizione", "overlap"),
        match s.overlap.priority {
            Channel::InPerson => l.pick(
                "un istante contato allo sportello non si conta su Teams",
                "an instant counted at the counter is not counted on Teams",
            ),
            Channel::Remote => l.pick(
                "un istante contato su Teams non si conta allo sportello",
                "an instant counted on Teams is not counted at the counter",
            ),
        }
        .to_string(),
        s.overlap.info.reference(),
    ));
    let mut time = vec![format!(
        "{} {}",
        unit_text(&s.time, l),
        match s.time.level {
            TimeLevel::Interval => l.pick("per intervallo", "per interval"),
            TimeLevel::Day => l.pick("per giorno e voce", "per day and item"),
            TimeLevel::Month => l.pick("sul mese", "over the month"),
        }
    )];
    if let Some(m) = s.time.daily_minimum_minutes {
        time.push(format!("{} {m} min", l.pick("minimo giornaliero", "daily minimum")));
    }
    if let Some(m) = s.time.daily_cap_minutes {
        time.push(format!("{} {m} min", l.pick("tetto giornaliero", "daily cap")));
    }
    if let Some(m) = s.time.monthly_cap_minutes {
        time.push(format!("{} {m} min", l.pick("tetto mensile", "monthly cap")));
    }
    if s.time.part_time == PartTime::ScaleLimits {
        time.push(l.pick("limiti in proporzione al part-time", "limits scaled by part-time").to_string());
    }
    out.push((l.pick("tempo", "time"), time.join("; "), s.time.info.reference()));
    let rate = match s.rate.form {
        RateForm::PercentOfHourlyBase(p) => {
            format!("{}% {}", l.number(&p.normalize().to_string()), l.pick("della base oraria", "of the hourly base"))
        }
        RateForm::EurPerHour(e) => format!("{} €/h", l.number(&format_rate(e))),
    };
    out.push((l.pick("tariffa", "rate"), rate, s.rate.info.reference()));
    out.push((
        l.pick("base oraria", "hourly base"),
        format!(
            "{} ÷ {} ({})",
            l.pick("hourly_base_eur, oppure monthly_base_eur", "hourly_base_eur, or monthly_base_eur"),
            s.hourly_base.monthly_divisor,
            rounding_mode_text(&s.hourly_base.divisor_rounding, l)
        ),
        s.hourly_base.info.reference(),
    ));
    out.push((l.pick("importo", "amount"), money_text(s, l), s.money.info.reference()));
    out
}

/// `inps-ccni-2025 «CCNI …» [in vigore] 01/10/2025–31/10/2025`.
pub(super) fn rule_set_line(u: &RuleSetUse, l: Lang) -> String {
    format!(
        "{} «{}» [{}] {} {} {} {}",
        u.rule_set.id,
        u.rule_set.title,
        status_text(u.rule_set.status, l),
        l.pick("dal", "from"),
        l.day(u.first_day),
        l.pick("al", "to"),
        l.day(u.last_day),
    )
}

/// The status in words.
pub(super) fn status_text(s: Status, l: Lang) -> &'static str {
    match s {
        Status::InForce => l.pick("in vigore", "in force"),
        Status::Scenario => l.pick("SCENARIO", "SCENARIO"),
        Status::Draft => l.pick("BOZZA", "DRAFT"),
    }
}

/// The warning shown when a scenario or draft was applied.
pub(super) fn scenario_mark(l: Lang) -> &'static str {
    l.pick(
        "SCENARIO: gli importi seguono una regola che non è il contratto in vigore; non sono importi dovuti",
        "SCENARIO: the amounts follow a rule set that is not the contract in force; they are not amounts due",
    )
}

/// The warning shown when some of the employee's rows could not be used, or `None`.
pub(super) fn errors_mark(st: &Statement, l: Lang) -> Option<String> {
    let n = st.notes.iter().filter(|n| n.severity == Severity::Error).count();
    (n > 0).then(|| {
        format!(
            "{}: {n} {}",
            l.pick("ATTENZIONE", "ATTENTION"),
            l.pick(
                "segnalazioni di errore sui dati di questo dipendente (vedi sotto): il totale può essere incompleto finché non sono corrette",
                "error notes on this employee's data (see below): the total may be incomplete until they are corrected"
            )
        )
    })
}

/// One note in one line.
pub(super) fn note_line(n: &Note) -> String {
    let src = n.source.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
    format!("{} {}{src}: {}", n.severity.as_str(), n.code, n.message)
}

/// What the statement does not contain.
pub(super) fn privacy_line(l: Lang) -> &'static str {
    l.pick(
        "I cittadini non sono nominati: una riunione è indicata dal suo codice e dal file del resoconto Teams.",
        "Citizens are not named: a meeting is identified by its id and the Teams report file.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_exist_for_every_removal_code() {
        for code in [
            "KIND_NOT_QUALIFYING",
            "OUTSIDE_PRESENCE",
            "OUTSIDE_WORKING_TIME",
            "ABSENCE_OVERLAP",
            "REMOTE_NOT_RECOGNISED",
            "CHANNEL_OVERLAP",
            "",
        ] {
            assert!(!reason(code, Lang::It).is_empty(), "{code}");
            assert!(!reason(code, Lang::En).is_empty(), "{code}");
        }
    }

    #[test]
    fn exact_amounts_are_cut_after_six_decimals() {
        assert_eq!(exact_text("2.1583333333333333333333333333".parse().unwrap()), "2.158333…");
        assert_eq!(exact_text("240".parse().unwrap()), "240.00");
        assert_eq!(exact_text("0.23125".parse().unwrap()), "0.23125");
    }

    #[test]
    fn meeting_lines_are_grouped_by_file() {
        let f: std::sync::Arc<str> = std::sync::Arc::from("teams/a.csv");
        let g: std::sync::Arc<str> = std::sync::Arc::from("teams/b.json");
        let s = sources_text(&[SourceRef::new(&f, 14), SourceRef::new(&f, 12), SourceRef::new(&g, 0)]);
        assert_eq!(s, "teams/a.csv:12, 14; teams/b.json");
    }
}
