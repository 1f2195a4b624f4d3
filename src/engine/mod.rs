//! The monthly calculation: a pure function from inputs and rules to payroll rows, anomalies
//! and the trace that explains them.
//!
//! Nothing here reads files, clocks or the environment, writes anything or formats an output:
//! importers ([`crate::input`], [`crate::input::teams`]) produce the records, [`crate::rules`]
//! the rule sets, and the caller passes them in; the results go to `report` and `output`. Nor is
//! the number of threads chosen here: it comes with [`Options::threads`] (0 asks
//! [`crate::parallel::threads`], which the command line sets), and every thread starts in
//! [`crate::parallel`]. Every employee is computed on their own, so the result does not depend
//! on the order of rows or files.
//!
//! The files, in the order data flows through them: `meetings` (session rows → each employee's
//! consultation per meeting), `employee` (one employee's month: the days collected, then
//! priced), `day` (one day's steps: in person, remote, overlap, accounting), `accounting` (the
//! figures: rounding, limits, rate, amount), `words` (the values of anomaly messages: clock
//! spans, and meetings named by their date, start and file) and `trace` (what an explanation
//! shows). Each anomaly's sentence is a template in Italian and English, defined beside the code
//! that raises it.

mod accounting;
mod day;
mod employee;
mod meetings;
pub mod trace;
mod words;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{self, Anomaly};
use crate::attendance::AttendanceRecord;
use crate::input::batch::Att;
use crate::input::intern::Interner;
use crate::message::{Arg, Message, Template};
use crate::register::Register;
use crate::rules::Selection;
use crate::sessions::SessionRecord;
use crate::time::rome::DayTable;

pub use crate::input::batch::{AttendancePart, Batch, SessionPart, Staff};
pub use crate::time::Month;
pub use accounting::{exact_amount, rate, round_seconds, RateError};
pub use trace::EmployeeMonth;

/// One line of the payroll file (DESIGN.md section 5).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PayrollRow {
    /// The matricola.
    pub employee_id: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The payroll item code.
    pub item: String,
    /// The rule set that governed the days counted.
    pub ruleset: String,
    /// Days with counted time.
    pub days: u32,
    /// Counted minutes.
    pub minutes: i64,
    /// Minutes / 60, rounded as the rule set says.
    pub hours: Decimal,
    /// The rate per hour, exact.
    pub rate_eur_per_hour: Decimal,
    /// The amount, rounded as the rule set says.
    pub amount_eur: Decimal,
}

/// The inputs of one month.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The staff register.
    pub register: &'a Register,
    /// Attendance rows (any month; others are reported).
    pub attendance: &'a [AttendanceRecord],
    /// Teams session rows (any month; others are reported).
    pub sessions: &'a [SessionRecord],
}

/// Everything a month's calculation produces.
#[derive(Clone, Debug, Default)]
pub struct MonthResult {
    /// Payroll rows, sorted by employee, item, rule set.
    pub rows: Vec<PayrollRow>,
    /// Anomalies found by the calculation, sorted.
    pub anomalies: Vec<Anomaly>,
    /// Each employee's month, by id: the explanation of their rows.
    pub employees: BTreeMap<String, EmployeeMonth>,
}

/// How far a calculation is: employees done out of the total (both start at 0).
#[derive(Debug, Default)]
pub struct Progress {
    /// Employees computed.
    pub done: std::sync::atomic::AtomicUsize,
    /// Employees to compute, once known.
    pub total: std::sync::atomic::AtomicUsize,
}

/// How a calculation runs.
#[derive(Clone, Copy, Debug)]
pub struct Options<'p> {
    /// Keep each employee's day-by-day trace ([`MonthResult::employees`]), for explanations.
    /// The payroll rows and anomalies are the same either way.
    pub trace: bool,
    /// Threads to spread the meetings and employees over; 0 = as many as
    /// [`crate::parallel::threads`] says (what the command line set, else every core). The result
    /// is byte-identical whatever the number.
    pub threads: usize,
    /// Counts the employees done, for a caller that shows progress.
    pub progress: Option<&'p Progress>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { trace: true, threads: 0, progress: None }
    }
}

impl Options<'_> {
    /// Payroll rows only: no trace, the threads [`crate::parallel::threads`] says.
    pub fn payroll() -> Self {
        Options { trace: false, ..Options::default() }
    }
}

/// Computes one month from owned records (with the trace).
pub fn compute(month: Month, inputs: Inputs<'_>, selection: &Selection<'_>) -> MonthResult {
    let mut batch = Batch::from_records(inputs.register, month, inputs.attendance, inputs.sessions);
    let mut found = batch.take_anomalies();
    let mut result = compute_batch(&mut batch, selection, Options::default());
    found.append(&mut result.anomalies);
    anomaly::sort(&mut found);
    result.anomalies = found;
    result
}

/// Computes one month from a [`Batch`]. Sorts the batch's rows; the anomalies found while
/// filling the batch stay there ([`Batch::take_anomalies`]), so a batch can be computed under
/// several rule selections.
///
/// The steps: the attendance sorted and its exact repeats dropped (`prepare_attendance`); every
/// meeting's consultations (`meetings::consultations`); each employee's share of both
/// (`employee_inputs`); then each employee's month (`employee::compute`), the employees spread
/// over the threads (`compute_employees`).
pub fn compute_batch(batch: &mut Batch<'_>, selection: &Selection<'_>, options: Options<'_>) -> MonthResult {
    let mut anomalies = Vec::new();
    let month = batch.month;
    let days = DayTable::new(month.days());
    // The caller chose the threads (the command line, through `parallel`); 0 asks it.
    let threads = match options.threads {
        0 => crate::parallel::threads(),
        n => n,
    }
    .clamp(1, 64);
    prepare_attendance(batch, threads, &mut anomalies);
    let outcomes = meetings::consultations(batch, selection, month.window(), &days, threads, &mut anomalies);
    let batch: &Batch<'_> = batch;
    let work = employee_inputs(batch, &outcomes);
    let month_text = month.to_string();
    let ctx = employee::Ctx { batch, selection, days: &days, month: &month_text, trace: options.trace };
    let mut result = compute_employees(&work, &ctx, options, threads, &mut anomalies);
    result.rows.sort();
    anomaly::sort(&mut anomalies);
    result.anomalies = anomalies;
    result
}

/// Sorts the attendance ([`sort_attendance`]) and drops its exact repeats
/// ([`drop_duplicate_attendance`]); every computation of the batch reports the repeats.
fn prepare_attendance(batch: &mut Batch<'_>, threads: usize, anomalies: &mut Vec<Anomaly>) {
    sort_attendance(&mut batch.attendance, &batch.att_files.names, &batch.codes, batch.staff.list.len(), threads);
    let repeats = drop_duplicate_attendance(batch);
    batch.duplicates.extend(repeats);
    anomalies.extend(batch.duplicates.iter().cloned());
}

/// One work item per employee with attendance or Teams time: their slices of the sorted
/// attendance, and their consultations and unrecognised connections, each sorted by first
/// instant and meeting id (never by the order meetings were read).
fn employee_inputs<'a, 'b>(
    batch: &'a Batch<'_>,
    outcomes: &'a [meetings::MeetingOutcome<'b>],
) -> Vec<employee::EmployeeInputs<'a, 'b>> {
    let first = |set: &crate::time::IntervalSet| set.intervals().first().map_or(0, |iv| iv.start);
    let mut consultations: Vec<&meetings::Consultation> = outcomes.iter().flat_map(|o| &o.consultations).collect();
    consultations.sort_by(|a, b| {
        (a.emp, first(&a.time), batch.meeting_id(a.meeting)).cmp(&(b.emp, first(&b.time), batch.meeting_id(b.meeting)))
    });
    let mut unrecognised: Vec<&meetings::Unrecognised<'_>> = outcomes.iter().flat_map(|o| &o.unrecognised).collect();
    unrecognised.sort_by(|a, b| {
        (a.emp, first(&a.connected), batch.meeting_id(a.meeting)).cmp(&(
            b.emp,
            first(&b.connected),
            batch.meeting_id(b.meeting),
        ))
    });
    // The three lists are sorted by employee: each employee's part of each is a slice.
    let mut work = Vec::new();
    let (mut ia, mut ic, mut iu) = (0, 0, 0);
    loop {
        let next = [
            batch.attendance.get(ia).map(|r| r.emp),
            consultations.get(ic).map(|c| c.emp),
            unrecognised.get(iu).map(|u| u.emp),
        ];
        let Some(emp) = next.into_iter().flatten().min() else { break };
        let start = (ia, ic, iu);
        while batch.attendance.get(ia).is_some_and(|r| r.emp == emp) {
            ia += 1;
        }
        while consultations.get(ic).is_some_and(|c| c.emp == emp) {
            ic += 1;
        }
        while unrecognised.get(iu).is_some_and(|u| u.emp == emp) {
            iu += 1;
        }
        if let Some(employee) = batch.employee(emp) {
            work.push(employee::EmployeeInputs {
                employee,
                attendance: &batch.attendance[start.0..ia],
                consultations: consultations[start.1..ic].to_vec(),
                unrecognised: unrecognised[start.2..iu].to_vec(),
            });
        }
    }
    work
}

/// Every employee's month ([`employee::compute`]), on `threads` threads: the employees are cut
/// into contiguous chunks, several per thread, joined in order — the same result as one thread.
/// Counts the employees done in [`Options::progress`]; anomalies go to `anomalies`.
fn compute_employees(
    work: &[employee::EmployeeInputs<'_, '_>],
    ctx: &employee::Ctx<'_, '_>,
    options: Options<'_>,
    threads: usize,
    anomalies: &mut Vec<Anomaly>,
) -> MonthResult {
    if let Some(p) = options.progress {
        p.total.store(work.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let run = |&items: &&[employee::EmployeeInputs<'_, '_>]| {
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for inp in items {
            let (trace, rows) = employee::compute(inp, ctx, &mut out.2);
            if let Some(p) = options.progress {
                p.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            out.1.extend(rows);
            if options.trace {
                out.0.push((inp.employee.id.clone(), trace));
            }
        }
        out
    };
    let chunks: Vec<&[employee::EmployeeInputs<'_, '_>]> =
        work.chunks(work.len().div_ceil(threads * crate::parallel::PIECES_PER_THREAD).max(1)).collect();
    let mut result = MonthResult::default();
    for (traces, rows, found) in crate::parallel::map_in_order(&chunks, threads, run) {
        result.employees.extend(traces);
        result.rows.extend(rows);
        anomalies.extend(found);
    }
    result
}

/// Sorts attendance by employee, then day, span, kind and code; ties are broken by file name
/// and line, never by arrival order. The rows are first grouped by employee (a counting sort,
/// skipped when they already are, as an export usually is), then each employee's rows are
/// sorted on their own, on every core. Exact repeats of a row are then neighbours, the first by
/// file and line leading ([`drop_duplicate_attendance`]).
fn sort_attendance(
    rows: &mut Vec<Att>,
    files: &[std::sync::Arc<str>],
    codes: &Interner,
    employees: usize,
    threads: usize,
) {
    if !rows.is_sorted_by_key(|r| r.emp) {
        // Rows of unknown employees never get here, so `emp` indexes the register.
        let mut starts = vec![0usize; employees + 1];
        for r in rows.iter() {
            if let Some(c) = starts.get_mut(r.emp as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut grouped = rows.clone();
        for r in rows.iter() {
            if let Some(at) = starts.get_mut(r.emp as usize) {
                if let Some(slot) = grouped.get_mut(*at) {
                    *slot = *r;
                }
                *at += 1;
            }
        }
        *rows = grouped;
    }
    let order = |a: &Att, b: &Att| {
        (a.date, a.span, a.kind)
            .cmp(&(b.date, b.span, b.kind))
            // By the code's text, not its number: numbers follow the order rows arrived in.
            .then_with(|| {
                if a.code == b.code {
                    std::cmp::Ordering::Equal
                } else {
                    codes.get(a.code).cmp(codes.get(b.code))
                }
            })
            .then_with(|| files[usize::from(a.file)].cmp(&files[usize::from(b.file)]))
            .then(a.line.cmp(&b.line))
    };
    let mut groups: Vec<&mut [Att]> = rows.chunk_by_mut(|a, b| a.emp == b.emp).collect();
    crate::parallel::each_mut(&mut groups, threads, |g| g.sort_unstable_by(order));
}

/// Drops the attendance rows that repeat another exactly (same employee, date, start, end, kind
/// and code), keeping the first by file and line, and reports each repeat
/// ([`crate::anomaly::Code::DuplicateAttendance`]) with its file and line and the line of the
/// row it repeats. The rows must be sorted by [`sort_attendance`], which makes repeats
/// neighbours; the result then does not depend on the order of rows or files.
fn drop_duplicate_attendance(batch: &mut Batch<'_>) -> Vec<Anomaly> {
    let mut found = Vec::new();
    let Batch { attendance, att_files, staff, .. } = batch;
    // `later` is removed when it repeats `kept`, the row before it that was kept.
    attendance.dedup_by(|later, kept| {
        let same = (later.emp, later.date, later.span, later.kind, later.code)
            == (kept.emp, kept.date, kept.span, kept.kind, kept.code);
        if same {
            let first = att_files.source(kept.file, kept.line);
            let here = att_files.source(later.file, later.line);
            let line = Arg::Int(i64::try_from(first.line).unwrap_or(i64::MAX));
            let message = if first.file == here.file {
                Message::new(&REPEATS_LINE, [line])
            } else {
                Message::new(&REPEATS_ROW_OF, [line, Arg::text(&*first.file)])
            };
            let id = staff.list.get(later.emp as usize).map_or("", |e| e.id.as_str());
            found.push(
                Anomaly::new(crate::anomaly::Code::DuplicateAttendance, Some(here), message)
                    .employee(id)
                    .on(later.date.format("%Y-%m-%d").to_string()),
            );
        }
        same
    });
    found
}

static REPEATS_LINE: Template = Template {
    it: "la riga ripete esattamente la riga {0} (matricola, data, inizio, fine, tipo e codice); contata una volta sola",
    en: "the row repeats line {0} exactly (employee, date, start, end, kind and code); counted once",
};

static REPEATS_ROW_OF: Template = Template {
    it: "la riga ripete esattamente la riga {0} di {1} (matricola, data, inizio, fine, tipo e codice); contata una volta sola",
    en: "the row repeats {1}:{0} exactly (employee, date, start, end, kind and code); counted once",
};
