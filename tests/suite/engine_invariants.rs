//! The invariants of DESIGN.md section 6 as property tests, on small random months: a few
//! employees with hourly or monthly bases, attendance rows of every kind on random October 2025
//! days (the 26th is the 25-hour day), and random Teams meetings with staff and citizens. Each
//! month is written as CSV and read through the importers, as a real run would.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use rust_decimal::{Decimal, RoundingStrategy};
use sportello::anomaly::Code;
use sportello::attendance::Kind;
use sportello::engine::PayrollRow;
use sportello::rules::RuleBook;
use sportello::time::rome::{format_rome, resolve_wall_time, RomeDay};
use sportello::time::{Interval, IntervalSet};

use crate::common::*;

const SCENARIO: Option<&str> = Some("scenario-remote-2025");

const IDS: [&str; 4] = ["0001", "0002", "0003", "0099"];
const NAMES: [&str; 3] = ["Maria Rossi", "Luca Bianchi", "Anna Verdi"];
const UPNS: [&str; 3] = ["m.rossi@inps.it", "", "a.verdi@inps.it"];
/// Few days, so that rows and meetings meet; the 26th is the 25-hour day.
const DAYS: [u32; 5] = [6, 7, 25, 26, 31];
const KINDS: [&str; 10] = [
    "presence",
    "presence",
    "presence",
    "remote_work",
    "front_office",
    "front_office",
    "front_office",
    "appointment",
    "specialist",
    "absence",
];
/// Citizens' display names; one is hostile.
const CITIZENS: [&str; 2] = ["Cittadino Uno", "=HYPERLINK(\"http://evil\")"];
/// Hourly and monthly bases (the last: none at all).
const BASES: [(&str, &str); 7] =
    [("18.50", ""), ("17.33", ""), ("21.07", ""), ("16.8765", ""), ("", "2500"), ("", "2611.37"), ("", "")];
const ROLES: [&str; 5] = ["organizer", "organizer", "organizer", "presenter", "attendee"];

#[derive(Clone, Debug)]
struct Emp {
    base: usize,
    part_time: Option<u32>,
}

#[derive(Clone, Debug)]
struct Att {
    /// Index in [`IDS`]; 3 is not in the register.
    emp: usize,
    day: u32,
    kind: &'static str,
    /// Minutes after midnight (wall time).
    start: u32,
    /// Minutes; the end is capped at 24:00.
    len: u32,
    /// No times (a whole-day code); ignored for service kinds.
    whole: bool,
}

#[derive(Clone, Debug)]
enum Who {
    Staff(usize, &'static str),
    Citizen(usize),
}

#[derive(Clone, Debug)]
struct Conn {
    who: Who,
    /// Seconds after the meeting's start.
    from: i64,
    len: i64,
}

#[derive(Clone, Debug)]
struct Meet {
    day: u32,
    /// Minutes after midnight (wall time).
    start: u32,
    conns: Vec<Conn>,
}

#[derive(Clone, Debug)]
struct Gen {
    emps: Vec<Emp>,
    att: Vec<Att>,
    meets: Vec<Meet>,
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, day).expect("an October day")
}

fn hhmm(minutes: u32) -> String {
    if minutes >= 24 * 60 {
        "24:00".into()
    } else {
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

fn meeting_start(m: &Meet) -> i64 {
    resolve_wall_time(date(m.day), NaiveTime::from_hms_opt(m.start / 60, m.start % 60, 0).expect("a time")).0
}

impl Att {
    fn cells(&self) -> Vec<String> {
        let kind = Kind::parse(self.kind).expect("a kind");
        let (start, end) = if self.whole && !kind.is_service() {
            (String::new(), String::new())
        } else {
            (hhmm(self.start), hhmm(self.start + self.len))
        };
        vec![IDS[self.emp].into(), date(self.day).to_string(), start, end, self.kind.into(), "X".into()]
    }
}

impl Conn {
    fn cells(&self, meeting: &str, start: i64) -> Vec<String> {
        let (name, upn, role) = match self.who {
            Who::Staff(e, role) => (NAMES[e].to_string(), UPNS[e].to_string(), role),
            Who::Citizen(c) => (CITIZENS[c].to_string(), String::new(), "attendee"),
        };
        let join = start + self.from;
        vec![meeting.into(), name, upn, role.into(), format_rome(join), format_rome(join + self.len)]
    }

    fn span(&self, start: i64) -> Interval {
        Interval::new(start + self.from, start + self.from + self.len)
    }
}

impl Gen {
    fn staff_csv(&self) -> String {
        let mut t = format!("{STAFF_HEADER}\n");
        for (i, e) in self.emps.iter().enumerate() {
            let (hourly, monthly) = BASES[e.base];
            let pt = e.part_time.map_or(String::new(), |p| p.to_string());
            t.push_str(&format!("{},{},RM01,{},{pt},{hourly},{monthly}\n", IDS[i], NAMES[i], UPNS[i]));
        }
        t
    }

    fn att_rows(&self) -> Vec<Vec<String>> {
        self.att.iter().map(Att::cells).collect()
    }

    fn session_rows(&self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        for (i, m) in self.meets.iter().enumerate() {
            let start = meeting_start(m);
            for c in &m.conns {
                rows.push(c.cells(&format!("m{i}"), start));
            }
        }
        rows
    }

    /// The employee's connected time in a qualifying role (organizer or presenter).
    fn connected(&self, emp: usize) -> IntervalSet {
        let mut v = Vec::new();
        for m in &self.meets {
            let start = meeting_start(m);
            for c in &m.conns {
                if matches!(c.who, Who::Staff(e, r) if e == emp && r != "attendee") {
                    v.push(c.span(start));
                }
            }
        }
        IntervalSet::from_intervals(v)
    }
}

fn cell(c: &str, delim: char) -> String {
    if c.contains(delim) || c.contains('"') || c.contains('\n') {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c.to_string()
    }
}

/// A CSV text: the header and rows with their columns in `cols` order.
fn render(header: &str, rows: &[Vec<String>], cols: &[usize], delim: char) -> String {
    let names: Vec<&str> = header.split(',').collect();
    let line =
        |cells: Vec<&str>| cols.iter().map(|&i| cell(cells[i], delim)).collect::<Vec<_>>().join(&delim.to_string());
    let mut t = line(names.clone());
    t.push('\n');
    for r in rows {
        t.push_str(&line(r.iter().map(String::as_str).collect()));
        t.push('\n');
    }
    t
}

fn identity(n: usize) -> Vec<usize> {
    (0..n).collect()
}

/// A deterministic shuffle (SplitMix64 + Fisher–Yates).
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut s = seed;
    let mut next = || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..v.len()).rev() {
        let j = usize::try_from(next() % (i as u64 + 1)).expect("small");
        v.swap(i, j);
    }
}

/// Runs the month with every row in natural order, the sessions split over two files.
fn run_gen(book: &RuleBook, ruleset: Option<&str>, g: &Gen) -> Run {
    let att = render(ATT_HEADER, &g.att_rows(), &identity(6), ',');
    let (a, b) = split_sessions(g);
    let files = [
        ("teams/a.csv", render(SES_HEADER, &a, &identity(6), ',')),
        ("teams/b.csv", render(SES_HEADER, &b, &identity(6), ',')),
    ];
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, t)| (*n, t.as_bytes().to_vec())).collect();
    run_bytes(book, ruleset, "2025-10", g.staff_csv().as_bytes(), att.as_bytes(), &files)
}

fn split_sessions(g: &Gen) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (i, r) in g.session_rows().into_iter().enumerate() {
        if i % 2 == 0 {
            a.push(r)
        } else {
            b.push(r)
        }
    }
    (a, b)
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn emp() -> impl Strategy<Value = Emp> {
    (
        prop_oneof![6 => 0..6usize, 1 => Just(6usize)],
        prop_oneof![3 => Just(None), 1 => Just(Some(50u32)), 1 => Just(Some(100u32))],
    )
        .prop_map(|(base, part_time)| Emp { base, part_time })
}

/// A loose row: any employee, day, kind and time.
fn att() -> impl Strategy<Value = Att> {
    (
        prop_oneof![8 => 0..3usize, 1 => Just(3usize)],
        prop::sample::select(DAYS.to_vec()),
        prop::sample::select(KINDS.to_vec()),
        0..=264u32,
        1..=120u32,
        prop::bool::weighted(0.2),
    )
        .prop_map(|(emp, day, kind, start, len, whole)| Att {
            emp,
            day,
            kind,
            start: start * 5,
            len: len * 5,
            whole,
        })
}

/// A working day of one employee: presence (or remote work, as an interval or the whole day),
/// a few rows of any kind around it, mostly inside, and perhaps a meeting of theirs.
fn block() -> impl Strategy<Value = (Vec<Att>, Option<Meet>)> {
    let extra = (prop::sample::select(KINDS.to_vec()), 0..110u32, 1..=36u32);
    let own = prop::option::weighted(0.5, (0..96u32, prop::sample::select(ROLES.to_vec()), meet()));
    (
        prop_oneof![12 => 0..3usize, 1 => Just(3usize)],
        prop::sample::select(DAYS.to_vec()),
        prop_oneof![3 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        72..=144u32,
        24..=108u32,
        prop::collection::vec(extra, 1..5),
        own,
    )
        .prop_map(|(emp, day, mode, start, len, extra, own)| {
            let (start, len) = (start * 5, len * 5);
            let (kind, whole) = match mode {
                0 => ("presence", false),
                1 => ("remote_work", true),
                _ => ("remote_work", false),
            };
            let mut v = vec![Att { emp, day, kind, start, len, whole }];
            for (kind, off, l) in extra {
                // From 1 h before the block's start to well after it.
                let from = (start + off * 5).saturating_sub(60);
                v.push(Att { emp, day, kind, start: from, len: l * 5, whole: false });
            }
            // The meeting's first participant becomes this employee, on this day.
            let own = own.map(|(off, role, mut m)| {
                m.day = day;
                m.start = (start + off * 5).min(23 * 60);
                m.conns[0].who = Who::Staff(emp % 3, role);
                m
            });
            (v, own)
        })
}

fn meet() -> impl Strategy<Value = Meet> {
    let staff = (0..3usize, prop::sample::select(ROLES.to_vec()), 0..600i64, 300..5400i64)
        .prop_map(|(e, role, from, len)| Conn { who: Who::Staff(e, role), from, len });
    let citizen =
        (0..2usize, 0..1800i64, 30..3600i64).prop_map(|(c, from, len)| Conn { who: Who::Citizen(c), from, len });
    (
        prop::sample::select(DAYS.to_vec()),
        84..=204u32,
        prop::collection::vec(staff, 1..3),
        prop::collection::vec(citizen, 0..4),
    )
        .prop_map(|(day, start, mut s, c)| {
            s.extend(c);
            Meet { day, start: start * 5, conns: s }
        })
}

fn month() -> impl Strategy<Value = Gen> {
    (
        prop::collection::vec(emp(), 3),
        prop::collection::vec(block(), 1..10),
        prop::collection::vec(att(), 0..5),
        prop::collection::vec(meet(), 0..4),
    )
        .prop_map(|(emps, blocks, loose, mut meets)| {
            let mut att = Vec::new();
            for (rows, own) in blocks {
                att.extend(rows);
                meets.extend(own);
            }
            att.extend(loose);
            Gen { emps, att, meets }
        })
}

/// One qualifying interval to add.
#[derive(Clone, Debug)]
enum Addition {
    /// Front-office service inside the `pick`-th usable presence row (offsets in 5-minute steps).
    FrontOffice { pick: usize, offset: u32, len: u32 },
    /// A new meeting of an employee, as organizer, with a citizen connected throughout.
    Meeting { emp: usize, day: u32, start: u32, len: i64 },
}

fn addition() -> impl Strategy<Value = Addition> {
    prop_oneof![
        (any::<usize>(), 0..100u32, 1..100u32).prop_map(|(pick, offset, len)| Addition::FrontOffice {
            pick,
            offset,
            len
        }),
        (0..3usize, prop::sample::select(DAYS.to_vec()), 0..=276u32, 60..7200i64)
            .prop_map(|(emp, day, start, len)| Addition::Meeting { emp, day, start: start * 5, len }),
    ]
}

/// The month with the addition; `None` when there is no presence row to add service inside.
fn with_addition(g: &Gen, add: &Addition) -> Option<Gen> {
    let mut g = g.clone();
    match *add {
        Addition::FrontOffice { pick, offset, len } => {
            // Usable presence rows of registered employees (start before end, or whole-day).
            let presence: Vec<Att> = g
                .att
                .iter()
                .filter(|a| a.emp < 3 && a.kind == "presence")
                .map(|a| {
                    if a.whole {
                        Att { start: 0, len: 24 * 60, whole: false, ..a.clone() }
                    } else {
                        Att { len: a.len.min(24 * 60 - a.start), ..a.clone() }
                    }
                })
                .collect();
            if presence.is_empty() {
                return None;
            }
            let p = &presence[pick % presence.len()];
            let steps = p.len / 5;
            let off = offset % steps;
            let l = 1 + len % (steps - off);
            g.att.push(Att { kind: "front_office", start: p.start + off * 5, len: l * 5, whole: false, ..p.clone() });
        }
        Addition::Meeting { emp, day, start, len } => g.meets.push(Meet {
            day,
            start,
            conns: vec![
                Conn { who: Who::Staff(emp, "organizer"), from: 0, len },
                Conn { who: Who::Citizen(0), from: 0, len },
            ],
        }),
    }
    Some(g)
}

// ---------------------------------------------------------------------------------------------
// Checks.

/// An anomaly without its line: file, code, employee, date, message.
type Unlined = (String, Code, Option<String>, Option<String>, String);

/// A message with the numbers that follow `line ` dropped: a repeated row names the line of the
/// row it repeats, which moves when the rows are shuffled.
fn message_without_lines(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = rest[at + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// Anomalies with their line numbers dropped, sorted.
fn without_lines(r: &Run) -> Vec<Unlined> {
    let mut v: Vec<_> = r
        .anomalies
        .iter()
        .map(|a| {
            let file = a.source.as_ref().map_or(String::new(), |s| s.file.to_string());
            (file, a.code, a.employee_id.clone(), a.date.clone(), message_without_lines(&a.message.en()))
        })
        .collect();
    v.sort();
    v
}

fn per_employee(rows: &[PayrollRow]) -> BTreeMap<String, (i64, Decimal)> {
    let mut m: BTreeMap<String, (i64, Decimal)> = BTreeMap::new();
    for r in rows {
        let e = m.entry(r.employee_id.clone()).or_default();
        e.0 += r.minutes;
        e.1 += r.amount_eur;
    }
    m
}

fn half_up(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// The rate an employee must get: 25 % of the hourly base, or of the monthly base / 156
/// rounded half-up to 5 decimals.
fn expected_rate(e: &Emp) -> Option<Decimal> {
    let (hourly, monthly) = BASES[e.base];
    let base = if !hourly.is_empty() {
        d(hourly)
    } else if !monthly.is_empty() {
        half_up(d(monthly) / d("156"), 5)
    } else {
        return None;
    };
    Some(base * d("25") / d("100"))
}

fn set_of(r: &Run, emp: &str, day: NaiveDate, kinds: &[Kind]) -> IntervalSet {
    IntervalSet::from_intervals(
        r.attendance
            .iter()
            .filter(|a| a.employee_id == emp && a.date == day && kinds.contains(&a.kind))
            .map(|a| a.span),
    )
}

fn subset(a: &IntervalSet, b: &IntervalSet) -> bool {
    a.subtract(b).is_empty()
}

fn check_trace(g: &Gen, r: &Run) -> Result<(), TestCaseError> {
    for (i, id) in IDS.iter().take(3).enumerate() {
        let Some(month) = r.result.employees.get(*id) else { continue };
        let connected = g.connected(i);
        let mut by_item: BTreeMap<(String, String), (i64, u32)> = BTreeMap::new();
        for t in &month.days {
            let day = t.date;
            let bounds = IntervalSet::single(RomeDay(day).bounds());
            let presence = set_of(r, id, day, &[Kind::Presence]);
            let working = set_of(r, id, day, &[Kind::Presence, Kind::RemoteWork]);
            let service = set_of(r, id, day, &[Kind::FrontOffice, Kind::Appointment]);
            let absence = set_of(r, id, day, &[Kind::Absence]);
            let (ip, rm) = (&t.in_person, &t.remote);
            prop_assert!(ip.paid.intersect(&rm.paid).is_empty(), "{id} {day}: an instant paid twice");
            prop_assert!(subset(&ip.paid, &presence), "{id} {day}: counter time outside presence");
            prop_assert!(subset(&ip.paid, &service), "{id} {day}: counter time not from a qualifying row");
            prop_assert!(ip.paid.intersect(&absence).is_empty(), "{id} {day}: counter time during an absence");
            prop_assert!(subset(&rm.paid, &connected), "{id} {day}: remote time beyond the employee's own connection");
            prop_assert!(subset(&rm.paid, &rm.recorded()), "{id} {day}: remote time beyond the traced connection");
            prop_assert!(subset(&rm.paid, &working), "{id} {day}: remote time outside working time");
            for ch in [ip, rm] {
                prop_assert!(subset(&ch.paid, &bounds), "{id} {day}: paid time outside the day");
                prop_assert_eq!(ch.seconds, ch.paid.seconds());
                // Whole minutes, floored per day.
                prop_assert!(
                    ch.counted_seconds % 60 == 0
                        && ch.counted_seconds <= ch.seconds
                        && ch.seconds - ch.counted_seconds < 60
                );
                if let (Some(item), Some(set)) = (&ch.item, &t.ruleset) {
                    if ch.counted_seconds > 0 {
                        let acc = by_item.entry((item.clone(), set.clone())).or_default();
                        acc.0 += ch.counted_seconds;
                        acc.1 += 1;
                    }
                }
            }
        }
        let rows: Vec<&PayrollRow> = r.rows().iter().filter(|row| row.employee_id == *id).collect();
        if expected_rate(&g.emps[i]).is_some() {
            prop_assert_eq!(rows.len(), by_item.len(), "{}: one row per item and rule set with counted time", id);
        } else {
            prop_assert!(rows.is_empty());
            if !by_item.is_empty() {
                prop_assert!(r.with_code(Code::NoBase).iter().any(|a| a.employee_id.as_deref() == Some(*id)));
            }
        }
        for row in rows {
            let Some(&(seconds, days)) = by_item.get(&(row.item.clone(), row.ruleset.clone())) else {
                return Err(TestCaseError::fail(format!("{id}: row {row:?} without traced days")));
            };
            prop_assert_eq!(row.minutes, seconds / 60, "{}: minutes are the sum of the days", id);
            prop_assert_eq!(row.days, days);
        }
    }
    Ok(())
}

fn check_rows(g: &Gen, r: &Run) -> Result<(), TestCaseError> {
    let rows = r.rows();
    for w in rows.windows(2) {
        let key = |x: &PayrollRow| (x.employee_id.clone(), x.item.clone(), x.ruleset.clone());
        prop_assert!(key(&w[0]) < key(&w[1]), "rows sorted by employee, item, rule set, without duplicates");
    }
    for row in rows {
        let i = IDS.iter().position(|x| *x == row.employee_id).expect("a registered employee");
        let rate = expected_rate(&g.emps[i]).expect("a row needs a base");
        prop_assert_eq!(row.rate_eur_per_hour, rate);
        prop_assert_eq!(row.month.as_str(), "2025-10");
        prop_assert!(row.minutes > 0 && row.days > 0);
        prop_assert_eq!(row.amount_eur, half_up(Decimal::from(row.minutes) * rate / Decimal::from(60), 2));
        prop_assert_eq!(row.hours, half_up(Decimal::from(row.minutes) / Decimal::from(60), 2));
    }
    // The CSV is exactly the rows, in order.
    let mut lines = r.csv.lines();
    prop_assert_eq!(
        lines.next(),
        Some("employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur")
    );
    prop_assert_eq!(lines.count(), rows.len());
    Ok(())
}

/// Every data line of the attendance and session files is used or reported; no message names a
/// citizen.
fn check_nothing_dropped(g: &Gen, r: &Run) -> Result<(), TestCaseError> {
    let lines_of = |file: &str| -> std::collections::BTreeSet<u64> {
        let mut s: std::collections::BTreeSet<u64> =
            r.anomalies.iter().filter_map(|a| a.source.as_ref().filter(|s| &*s.file == file).map(|s| s.line)).collect();
        s.extend(r.attendance.iter().filter(|a| &*a.source.file == file).map(|a| a.source.line));
        s.extend(r.sessions.iter().filter(|a| &*a.source.file == file).map(|a| a.source.line));
        s
    };
    let att = lines_of("attendance.csv");
    for line in 2..(g.att.len() as u64 + 2) {
        prop_assert!(att.contains(&line), "attendance.csv:{} neither used nor reported", line);
    }
    let (a, b) = split_sessions(g);
    for (file, n) in [("teams/a.csv", a.len()), ("teams/b.csv", b.len())] {
        let seen = lines_of(file);
        for line in 2..(n as u64 + 2) {
            prop_assert!(seen.contains(&line), "{}:{} neither used nor reported", file, line);
        }
    }
    for a in &r.anomalies {
        prop_assert!(!a.message.en().contains("Cittadino") && !a.message.en().contains("HYPERLINK"), "{}", a.message);
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// (a) Shuffled rows, permuted columns and swapped session files give the same payroll
    /// bytes and the same anomalies up to line numbers.
    #[test]
    fn row_and_file_order_do_not_matter(g in month(), seed in any::<u64>()) {
        let book = embedded();
        for ruleset in [None, SCENARIO] {
            let first = run_gen(&book, ruleset, &g);

            let mut att_rows = g.att_rows();
            shuffle(&mut att_rows, seed);
            let mut att_cols = identity(6);
            shuffle(&mut att_cols, seed ^ 1);
            let (mut a, mut b) = split_sessions(&g);
            shuffle(&mut a, seed ^ 2);
            shuffle(&mut b, seed ^ 3);
            let mut ses_cols = identity(6);
            shuffle(&mut ses_cols, seed ^ 4);
            let att = render(ATT_HEADER, &att_rows, &att_cols, ',');
            let files = [
                ("teams/b.csv", render(SES_HEADER, &b, &ses_cols, ',').into_bytes()),
                ("teams/a.csv", render(SES_HEADER, &a, &ses_cols, ',').into_bytes()),
            ];
            let second = run_bytes(&book, ruleset, "2025-10", g.staff_csv().as_bytes(), att.as_bytes(), &files);

            prop_assert_eq!(&first.csv, &second.csv);
            prop_assert_eq!(without_lines(&first), without_lines(&second));
        }
    }

    /// (b) Adding one qualifying interval never lowers anyone's counted minutes, nor the
    /// channel that receives it; a meeting (the channel without priority) lowers nothing.
    #[test]
    fn adding_a_qualifying_interval_never_lowers_anything(g in month(), add in addition()) {
        let Some(more) = with_addition(&g, &add) else { return Ok(()) };
        let book = embedded();
        for ruleset in [None, SCENARIO] {
            let before = run_gen(&book, ruleset, &g);
            let after = run_gen(&book, ruleset, &more);
            let (b, a) = (per_employee(before.rows()), per_employee(after.rows()));
            for (id, (minutes, _)) in &b {
                let now = a.get(id).copied().unwrap_or_default();
                prop_assert!(now.0 >= *minutes, "{}: minutes {} → {}", id, minutes, now.0);
            }
            for row in before.rows() {
                let receives = match add {
                    Addition::FrontOffice { .. } => row.item == "MFOF",
                    Addition::Meeting { .. } => true,
                };
                if !receives {
                    continue;
                }
                let now = after.rows().iter().find(|x| (&x.employee_id, &x.item, &x.ruleset) == (&row.employee_id, &row.item, &row.ruleset));
                let (m, e) = now.map_or((0, Decimal::ZERO), |x| (x.minutes, x.amount_eur));
                prop_assert!(m >= row.minutes && e >= row.amount_eur, "{:?} → {:?}", row, now);
            }
            if matches!(add, Addition::Meeting { .. }) {
                for (id, (_, amount)) in &b {
                    prop_assert!(a.get(id).is_some_and(|x| x.1 >= *amount), "{}: amount {} lowered", id, amount);
                }
            }
        }
    }

    /// (c) The scenario never pays anyone less than the contract it extends, and leaves the
    /// counter rows as they are (but for the rule set's name).
    #[test]
    fn the_scenario_never_pays_less_than_the_contract(g in month()) {
        let book = embedded();
        let base = run_gen(&book, None, &g);
        let scenario = run_gen(&book, SCENARIO, &g);
        let (b, s) = (per_employee(base.rows()), per_employee(scenario.rows()));
        for (id, (_, amount)) in &b {
            prop_assert!(s.get(id).is_some_and(|x| x.1 >= *amount), "{}: {} under the contract, {:?} under the scenario", id, amount, s.get(id));
        }
        let counter = |rows: &[PayrollRow]| -> Vec<(String, u32, i64, Decimal, Decimal, Decimal)> {
            rows.iter()
                .filter(|r| r.item == "MFOF")
                .map(|r| (r.employee_id.clone(), r.days, r.minutes, r.hours, r.rate_eur_per_hour, r.amount_eur))
                .collect()
        };
        prop_assert_eq!(counter(base.rows()), counter(scenario.rows()));
        prop_assert!(base.rows().iter().all(|r| r.item == "MFOF" && r.ruleset == "inps-ccni-2025"));
        prop_assert!(scenario.rows().iter().all(|r| r.ruleset == "scenario-remote-2025"));
    }

    /// (d) No instant is paid twice; counter time lies inside presence and qualifying rows,
    /// remote time inside the employee's own connection and working time; row minutes and days
    /// are the sums of the traced days. (e) Rows are sorted and every amount is
    /// half-up(minutes × rate / 60) with the rate derived from the register. (f) Every input
    /// line is used or reported.
    #[test]
    fn the_trace_adds_up_and_no_instant_is_paid_twice(g in month()) {
        let book = embedded();
        for ruleset in [None, SCENARIO] {
            let r = run_gen(&book, ruleset, &g);
            check_trace(&g, &r)?;
            check_rows(&g, &r)?;
            check_nothing_dropped(&g, &r)?;
        }
    }
}

/// The rule sets a pencil is checked under: the contract, the scenario, and a variant of the
/// scenario where Teams takes the common time from the counter and consultation is clipped to
/// presence (so that every kind of `−` line occurs).
fn pencil_book() -> RuleBook {
    let mut files: Vec<(String, String)> =
        sportello::rules::EMBEDDED.iter().map(|(n, t)| (format!("rules/{n}"), t.to_string())).collect();
    let variant = files[2]
        .1
        .replace("id = \"scenario-remote-2025\"", "id = \"pencil\"")
        .replace("clip_to = \"working_time\"", "clip_to = \"presence\"")
        + "\n[overlap]\npriority = \"remote\"\ncite = [\"hermes-1979-2025\"]\n";
    files.push(("rules/pencil.toml".into(), variant));
    RuleBook::from_files(files).expect("the variant loads")
}

/// Every day's channel as a pencil checks it: the `+` lines minus the `−` lines are the paid
/// seconds before rounding, exactly; each `−` line takes away recorded instants and says how
/// many; the counter's `+` lines are the day's service rows, one each.
fn check_pencil(r: &Run) -> Result<(), TestCaseError> {
    for (id, month) in &r.result.employees {
        for t in &month.days {
            let day = t.date;
            let services =
                r.attendance.iter().filter(|a| &a.employee_id == id && a.date == day && a.kind.is_service()).count();
            if t.ruleset.is_some() {
                prop_assert_eq!(t.in_person.plus.len(), services, "{} {}: one + line per service row", id, day);
            }
            for (name, ch) in [("counter", &t.in_person), ("teams", &t.remote)] {
                let plus: i64 = ch.plus.iter().map(|p| p.interval.seconds()).sum();
                let minus: i64 = ch.minus.iter().map(|m| m.seconds).sum();
                prop_assert_eq!(
                    plus - minus,
                    ch.seconds,
                    "{} {} {}: + {} − {} ≠ {}",
                    id,
                    day,
                    name,
                    plus,
                    minus,
                    ch.seconds
                );
                prop_assert_eq!(ch.pencil_seconds(), ch.seconds);
                let recorded = ch.recorded();
                for m in &ch.minus {
                    prop_assert_eq!(m.seconds, m.removed.seconds());
                    prop_assert!(m.seconds > 0, "{} {} {}: an empty − line {:?}", id, day, name, m.reason);
                    prop_assert!(
                        subset(&m.removed, &recorded),
                        "{} {} {}: {:?} takes away time not recorded",
                        id,
                        day,
                        name,
                        m.reason
                    );
                }
                prop_assert!(subset(&ch.paid, &recorded));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Σ`+` − Σ`−` = the day's paid seconds before rounding, for every employee, day and
    /// channel, under the contract, the scenario, and a variant where Teams has priority and
    /// consultation is clipped to presence.
    #[test]
    fn a_day_checked_with_a_pencil_adds_up(g in month()) {
        let book = pencil_book();
        for g in [g.clone(), with_echoes(&g)] {
            for ruleset in [None, SCENARIO, Some("pencil")] {
                check_pencil(&run_gen(&book, ruleset, &g))?;
            }
        }
    }
}

/// The month with each meeting held again ten minutes later, as another meeting: the same
/// people then sit in two meetings at once.
fn with_echoes(g: &Gen) -> Gen {
    let mut g = g.clone();
    let echoes: Vec<Meet> = g.meets.iter().map(|m| Meet { start: m.start + 10, ..m.clone() }).collect();
    g.meets.extend(echoes);
    g
}

/// The pencil's property is not vacuous: every kind of `−` line occurs in the generated months.
#[test]
fn the_pencil_meets_every_reason() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use sportello::engine::trace::Reason;
    let mut runner = TestRunner::deterministic();
    let book = pencil_book();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..64 {
        let g = with_echoes(&month().new_tree(&mut runner).expect("a value").current());
        for ruleset in [None, SCENARIO, Some("pencil")] {
            let r = run_gen(&book, ruleset, &g);
            for t in r.result.employees.values().flat_map(|m| &m.days) {
                seen.extend(t.in_person.minus.iter().chain(&t.remote.minus).map(|m| m.reason));
            }
        }
    }
    let missing: Vec<Reason> = Reason::ALL.into_iter().filter(|r| !seen.contains(r)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// A month where the properties are not vacuous: the generator does produce paid counter and
/// remote time, overlaps and unknown employees (checked on a fixed sample of the strategy).
#[test]
fn the_generator_exercises_the_interesting_cases() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let book = embedded();
    let (mut counter, mut remote, mut overlap, mut unknown) = (0, 0, 0, 0);
    for _ in 0..64 {
        let g = month().new_tree(&mut runner).expect("a value").current();
        let r = run_gen(&book, SCENARIO, &g);
        counter += usize::from(r.rows().iter().any(|x| x.item == "MFOF"));
        remote += usize::from(r.rows().iter().any(|x| x.item == "MFOF-WEB"));
        overlap += usize::from(r.has(Code::ChannelOverlap) || r.has(Code::OverlappingMeetings));
        unknown += usize::from(r.has(Code::UnknownEmployee));
    }
    assert!(counter > 32 && remote > 24 && overlap > 5 && unknown > 16, "{counter} {remote} {overlap} {unknown}");
}

/// Found while writing (b): moving minutes from the remote row to the counter row, each rounded
/// on its own, can lower the month's total by a cent. At 4.625 €/h one minute is 0.0770833 €:
/// 1 + 1 minute in two rows are 0.08 + 0.08 = 0.16 €, 2 minutes in one row 0.15 €.
///
/// The issue fixes the rounding level (once per employee, item and rule set), so this is the
/// contract's arithmetic, not a defect: the invariant holds for time (minutes never decrease),
/// for the row that receives the time (never lower), and for the total up to half a cent per
/// row that loses time — the largest effect rounding once per row can have.
#[test]
fn counter_time_that_displaces_remote_time_lowers_the_total_by_rounding_only() {
    let st = staff(&[ONE]);
    let base = ["001,2025-10-07,08:00,14:00,presence,PRES", "001,2025-10-07,09:00,09:01,front_office,MFOF"];
    let ses = sessions(&[
        "m1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T10:00:00+02:00,2025-10-07T10:01:00+02:00",
        "m1,Cittadino Uno,,attendee,2025-10-07T10:00:00+02:00,2025-10-07T10:01:00+02:00",
    ]);
    let before = run(&embedded(), SCENARIO, "2025-10", &st, &attendance(&base), &ses);
    let mut more = base.to_vec();
    more.push("001,2025-10-07,10:00,10:01,front_office,MFOF");
    let after = run(&embedded(), SCENARIO, "2025-10", &st, &attendance(&more), &ses);
    let total = |r: &Run| r.rows().iter().map(|x| x.amount_eur).sum::<Decimal>();
    let amount =
        |r: &Run, item: &str| r.rows().iter().filter(|x| x.item == item).map(|x| x.amount_eur).sum::<Decimal>();
    assert_eq!((before.minutes("001", "MFOF"), before.minutes("001", "MFOF-WEB")), (1, 1));
    assert_eq!((after.minutes("001", "MFOF"), after.minutes("001", "MFOF-WEB")), (2, 0));
    assert!(amount(&after, "MFOF") > amount(&before, "MFOF"));
    // 0.16 → 0.15: one row lost its minute, and rounding each row once moved the total by a cent.
    assert_eq!(total(&before), Decimal::new(16, 2));
    assert_eq!(total(&after), Decimal::new(15, 2));
    assert!(total(&before) - total(&after) <= Decimal::new(1, 2));
}

// ---------------------------------------------------------------------------------------------
// Garbage in: no panic anywhere.

/// A valid input text with a few random byte edits (replace, insert, delete).
fn mangled(valid: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let edit =
        (any::<prop::sample::Index>(), 0..3u8, prop::sample::select(b"0129:-+,;\t\"\r\nTZ/ \xff\xc3\x00a".to_vec()));
    prop::collection::vec(edit, 0..6).prop_map(move |edits| {
        let mut b = valid.as_bytes().to_vec();
        for (at, op, byte) in edits {
            let i = at.index(b.len() + 1);
            match op {
                0 if i < b.len() => b[i] = byte,
                1 => b.insert(i, byte),
                _ if i < b.len() => {
                    b.remove(i);
                }
                _ => b.push(byte),
            }
        }
        b
    })
}

const VALID_STAFF: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n\
                           001,Maria Rossi,RM01,m.rossi@inps.it,50,18.50,\n\
                           002,Luca Bianchi,RM01,,,,2500\n";
const VALID_ATT: &str = "employee_id,date,start,end,kind,code\n\
                         001,2025-10-26,01:30,03:30,presence,PRES\n\
                         001,2025-10-26,02:00,24:00,front_office,MFOF\n\
                         002,30/03/2025,02:30,09:00,appointment,APP\n\
                         002,2025-10-31,,,remote_work,LA\n";
const VALID_SESSIONS: &str = "meeting_id,participant,upn,role,join,leave\n\
                              m1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-26T01:30:00+02:00,2025-10-26T02:30:00+01:00\n\
                              m1,Cittadino,,attendee,2025-10-25T23:59:59Z,2025-10-26T01:00:00Z\n\
                              m2,Luca Bianchi,,presenter,2025-10-31T23:00:00+01:00,2025-11-01T00:30:00+01:00\n\
                              m2,Cittadina,,attendee,2025-10-31T22:00:00Z,2025-10-31T23:30:00Z\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Mangled inputs are read or refused with a message naming the file, and whatever is read
    /// is computed, without a panic.
    #[test]
    fn mangled_inputs_never_panic(
        staff in mangled(VALID_STAFF),
        att in mangled(VALID_ATT),
        ses in mangled(VALID_SESSIONS),
        month in prop::sample::select(vec!["2025-10", "2025-03", "2025-11", "1970-01", "9999-12"]),
    ) {
        use std::sync::Arc;
        let book = embedded();
        let mut anomalies = Vec::new();
        let names: [Arc<str>; 3] = [Arc::from("staff.csv"), Arc::from("attendance.csv"), Arc::from("sessions.csv")];
        let employees = match sportello::input::staff::read(&names[0], &staff, &mut anomalies) {
            Ok((e, _)) => e,
            Err(e) => {
                prop_assert!(e.to_string().starts_with("staff.csv"), "{}", e);
                Vec::new()
            }
        };
        let attendance = match sportello::input::attendance::read(&names[1], &att, &mut anomalies) {
            Ok((a, _)) => a,
            Err(e) => {
                prop_assert!(e.to_string().starts_with("attendance.csv"), "{}", e);
                Vec::new()
            }
        };
        let sessions = match sportello::input::sessions::read(&names[2], &ses, &mut anomalies) {
            Ok((s, _)) => s,
            Err(e) => {
                prop_assert!(e.to_string().starts_with("sessions.csv"), "{}", e);
                Vec::new()
            }
        };
        for a in &anomalies {
            prop_assert!(a.source.as_ref().is_some_and(|s| s.line >= 1), "{:?}", a);
        }
        let register = sportello::register::Register::new(employees);
        let inputs = sportello::engine::Inputs { register: &register, attendance: &attendance, sessions: &sessions };
        let month: sportello::engine::Month = month.parse().expect("a month");
        for selection in [sportello::rules::Selection::in_force(&book), sportello::rules::Selection::selected(&book, "scenario-remote-2025").expect("shipped")] {
            let r = sportello::engine::compute(month, inputs, &selection);
            let mut sink = Vec::new();
            sportello::output::payroll::write_csv(&r.rows, &mut sink).expect("memory");
            sportello::output::anomalies::write_csv(&r.anomalies, sportello::lang::Lang::En, &|_| None, &mut sink).expect("memory");
        }
    }

    /// A mangled rule file is accepted or refused with its name and a position inside it, never
    /// with a panic.
    #[test]
    fn mangled_rule_files_never_panic(text in mangled(include_str!("../../rules/inps-ccni-2025.toml"))) {
        let text = String::from_utf8_lossy(&text).into_owned();
        let lines = text.lines().count() as u64 + 1;
        if let Err(errors) = sportello::rules::RuleBook::from_files(vec![("rules/inps-ccni-2025.toml".into(), text)]) {
            prop_assert!(!errors.is_empty());
            for e in errors {
                prop_assert_eq!(e.at.file.as_str(), "rules/inps-ccni-2025.toml");
                prop_assert!(e.at.line <= lines, "{}", e);
            }
        }
    }
}
