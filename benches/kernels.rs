//! Benchmarks of the engine's kernels and of a whole month.
//!
//! * `interval/*`: union, intersection, subtraction and gap bridging of interval sets shaped
//!   like a month of one employee (presence, counter, a citizen's on-and-off Teams connection),
//!   and of a larger office-sized set.
//! * `rome/*`: attributing a month of intervals to Rome days (`split_by_day`) and resolving
//!   wall times (`resolve_wall_time`) on ordinary and daylight-saving days.
//! * `csv/*`: importing generated `attendance.csv` and normalised sessions files of a few
//!   thousand rows, and a staff register, from memory.
//! * `teams/*`: reading each sample export of `fixtures/teams-samples/` and a legacy attendance
//!   list with its rows repeated (skipped when the samples are not beside the crate).
//! * `month/*`: the demo office's October 2025 (`fixtures/demo`: register, attendance and its
//!   folder of Teams exports), loaded from disk and computed; computed alone, under the
//!   contract in force and the remote scenario; and computed for the office replicated twenty
//!   times in memory.
//!
//! `cargo bench --bench kernels` runs them; `cargo bench --bench kernels -- --quick` for a
//! short run; CI only builds them (`cargo bench --no-run`).

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, Duration as Days, NaiveDate, NaiveTime, Weekday};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sportello::attendance::AttendanceRecord;
use sportello::engine::{compute, Inputs, Month};
use sportello::input;
use sportello::input::teams::{read_file, ReadOptions};
use sportello::register::{ParticipantMatch, Register};
use sportello::rules::{RuleBook, Selection};
use sportello::sessions::SessionRecord;
use sportello::time::rome::{resolve_wall_time, split_by_day};
use sportello::time::{Interval, IntervalSet};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[path = "../examples/support/rng.rs"]
mod rng;
use rng::Rng;

/// The working days of October 2025.
fn working_days() -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2025, 10, 1).expect("a date");
    (0..31).map(|i| first + Days::days(i)).filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)).collect()
}

fn at(d: NaiveDate, h: u32, m: u32) -> i64 {
    resolve_wall_time(d, NaiveTime::from_hms_opt(h, m, 0).expect("a time")).0
}

/// One employee's month: presence 08:00-14:12 (two pieces around a break), counter time in
/// the morning, and a citizen connected on and off (short drops) in the afternoon.
struct EmployeeSets {
    presence: IntervalSet,
    counter: IntervalSet,
    citizens: IntervalSet,
}

fn employee_sets(rng: &mut Rng) -> EmployeeSets {
    let (mut presence, mut counter, mut citizens) = (Vec::new(), Vec::new(), Vec::new());
    for d in working_days() {
        presence.push(Interval::new(at(d, 8, 0), at(d, 11, 0)));
        presence.push(Interval::new(at(d, 11, 15), at(d, 14, 12)));
        counter.push(Interval::new(at(d, 8, 30), at(d, 12, 30)));
        let mut t = at(d, 12, 0);
        for _ in 0..12 {
            let len = 60 + rng.offset(900);
            citizens.push(Interval::new(t, t + len));
            t += len + 5 + rng.offset(240);
        }
    }
    EmployeeSets {
        presence: IntervalSet::from_intervals(presence),
        counter: IntervalSet::from_intervals(counter),
        citizens: IntervalSet::from_intervals(citizens),
    }
}

/// `n` random intervals over the month (an office's worth of sessions).
fn random_intervals(rng: &mut Rng, n: usize) -> Vec<Interval> {
    let start = at(NaiveDate::from_ymd_opt(2025, 10, 1).expect("a date"), 0, 0);
    (0..n)
        .map(|_| {
            let s = start + rng.offset(31 * 86_400);
            Interval::new(s, s + 30 + rng.offset(3600))
        })
        .collect()
}

fn intervals(c: &mut Criterion) {
    let mut rng = Rng(1);
    let e = employee_sets(&mut rng);
    let mut g = c.benchmark_group("interval");
    g.bench_function("union/employee-month", |b| b.iter(|| black_box(&e.presence).union(black_box(&e.counter))));
    g.bench_function("intersect/employee-month", |b| {
        b.iter(|| black_box(&e.counter).intersect(black_box(&e.presence)))
    });
    g.bench_function("subtract/employee-month", |b| b.iter(|| black_box(&e.citizens).subtract(black_box(&e.counter))));
    g.bench_function("bridge/employee-month-120s", |b| b.iter(|| black_box(&e.citizens).bridge_gaps(120)));
    let raw = random_intervals(&mut rng, 10_000);
    g.throughput(Throughput::Elements(raw.len() as u64));
    g.bench_function("from_intervals/10k-unsorted", |b| {
        b.iter_batched(|| raw.clone(), |v| IntervalSet::from_intervals(black_box(v)), BatchSize::SmallInput)
    });
    let a = IntervalSet::from_intervals(raw[..5000].iter().copied());
    let bset = IntervalSet::from_intervals(raw[5000..].iter().copied());
    g.bench_function("union/2x5k", |b| b.iter(|| black_box(&a).union(black_box(&bset))));
    g.bench_function("intersect/2x5k", |b| b.iter(|| black_box(&a).intersect(black_box(&bset))));
    g.bench_function("subtract/2x5k", |b| b.iter(|| black_box(&a).subtract(black_box(&bset))));
    g.finish();
}

fn rome(c: &mut Criterion) {
    let mut rng = Rng(2);
    let e = employee_sets(&mut rng);
    let month_wide = IntervalSet::from_intervals(random_intervals(&mut rng, 2000));
    let mut g = c.benchmark_group("rome");
    g.bench_function("split_by_day/employee-month", |b| b.iter(|| split_by_day(black_box(&e.citizens))));
    g.bench_function("split_by_day/2k-intervals", |b| b.iter(|| split_by_day(black_box(&month_wide))));
    // Wall times of a month of attendance rows, with the two DST days of 2025.
    let mut walls: Vec<(NaiveDate, NaiveTime)> = Vec::new();
    for d in working_days() {
        for (h, m) in [(8, 0), (11, 0), (11, 15), (14, 12), (8, 30), (12, 30)] {
            walls.push((d, NaiveTime::from_hms_opt(h, m, 0).expect("a time")));
        }
    }
    for (date, h) in [((2025, 3, 30), 2), ((2025, 10, 26), 2), ((2025, 10, 26), 3)] {
        let d = NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("a date");
        walls.push((d, NaiveTime::from_hms_opt(h, 30, 0).expect("a time")));
    }
    g.throughput(Throughput::Elements(walls.len() as u64));
    g.bench_function("resolve_wall_time/month-of-rows", |b| {
        b.iter(|| walls.iter().map(|&(d, t)| resolve_wall_time(black_box(d), black_box(t)).0).sum::<i64>())
    });
    g.finish();
}

/// A staff register, an attendance export and a normalised sessions file for `staff` people.
fn generated_csv(staff: usize) -> (String, String, String) {
    let mut rng = Rng(3);
    let mut register =
        String::from("employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n");
    let mut attendance = String::from("employee_id,date,start,end,kind,code\n");
    let mut sessions = String::from("meeting_id,participant,upn,role,join,leave\n");
    for i in 0..staff {
        let id = format!("{:06}", 100_000 + i);
        register.push_str(&format!("{id},Dipendente {i},RM0101,d{i}@inps.it,100,{}.{:02},\n", 17 + i % 5, i % 100));
        for d in working_days() {
            let day = d.format("%Y-%m-%d");
            attendance.push_str(&format!("{id},{day},08:00,14:12,presence,PRES\n"));
            attendance.push_str(&format!("{id},{day},08:30,12:30,front_office,MFOF\n"));
            if i % 3 == 0 {
                let m = format!("wm-{i}-{}", d.day());
                let start = 12 * 60 + rng.offset(60);
                let (h, mm) = (start / 60, start % 60);
                sessions.push_str(&format!(
                    "{m},Dipendente {i},d{i}@inps.it,organizer,{day}T{h:02}:{mm:02}:00+02:00,{day}T{:02}:{mm:02}:00+02:00\n",
                    h + 1
                ));
                sessions.push_str(&format!(
                    "{m},Cittadino {i},,attendee,{day}T{h:02}:{:02}:30+02:00,{day}T{h:02}:{:02}:10+02:00\n",
                    mm.min(50) + 2,
                    mm.min(50) + 9
                ));
            }
        }
    }
    (register, attendance, sessions)
}

fn csv(c: &mut Criterion) {
    // 120 staff: 5,520 attendance rows and 1,840 session rows.
    let (staff, attendance, sessions) = generated_csv(120);
    let mut g = c.benchmark_group("csv");
    let file: Arc<str> = Arc::from("bench.csv");
    for (label, bytes) in [("staff", &staff), ("attendance", &attendance), ("sessions", &sessions)] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let rows = bytes.lines().count() - 1;
        g.bench_function(format!("{label}/{rows}-rows"), |b| {
            b.iter(|| {
                let mut anomalies = Vec::new();
                let n = match label {
                    "staff" => input::staff::read(&file, bytes.as_bytes(), &mut anomalies).map(|r| r.0.len()),
                    "attendance" => input::attendance::read(&file, bytes.as_bytes(), &mut anomalies).map(|r| r.0.len()),
                    _ => input::sessions::read(&file, bytes.as_bytes(), &mut anomalies).map(|r| r.0.len()),
                };
                assert_eq!(n.ok(), Some(rows), "{anomalies:?}");
            })
        });
    }
    g.finish();
}

fn samples_dir() -> PathBuf {
    root().join("fixtures/teams-samples")
}

/// The legacy attendance list of sample 01 with its participants repeated `copies` times (each
/// copy's names numbered, so that they are distinct people of one big meeting), as UTF-8.
fn repeated_list(copies: usize) -> Option<Vec<u8>> {
    let bytes = std::fs::read(samples_dir().join("01_legacy-list_en-US_joined-before_rejoin.csv")).ok()?;
    let (text, _) = input::text::decode(&bytes).ok()?;
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = lines.next()?;
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let mut out = format!("{header}\n");
    for k in 0..copies {
        for (i, row) in rows.iter().enumerate() {
            let (name, rest) = row.split_once('\t')?;
            // The organizer (first row of the list) stays one person.
            if k == 0 || i != 0 {
                let name = if k == 0 { name.to_string() } else { format!("{name} {k}") };
                out.push_str(&format!("{name}\t{rest}\n"));
            }
        }
    }
    Some(out.into_bytes())
}

fn teams(c: &mut Criterion) {
    let Ok(dir) = std::fs::read_dir(samples_dir()) else {
        eprintln!("teams benchmarks skipped: {} not found", samples_dir().display());
        return;
    };
    let mut samples: Vec<PathBuf> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
    samples.sort();
    let mut g = c.benchmark_group("teams");
    let opts = ReadOptions::default();
    for path in samples {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let label = path.file_name().map(|n| n.to_string_lossy().chars().take(28).collect::<String>());
        let name: Arc<str> = Arc::from(path.display().to_string());
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("sample/{}", label.unwrap_or_default()), |b| {
            b.iter(|| read_file(&name, black_box(&bytes), &opts).map(|f| f.records.len()))
        });
    }
    if let Some(big) = repeated_list(100) {
        let name: Arc<str> = Arc::from("repeated.csv");
        let records = read_file(&name, &big, &opts).map(|f| f.records.len()).unwrap_or(0);
        g.throughput(Throughput::Bytes(big.len() as u64));
        g.bench_function(format!("legacy-list-x100/{records}-records"), |b| {
            b.iter(|| read_file(&name, black_box(&big), &opts).map(|f| f.records.len()))
        });
    }
    g.finish();
}

/// The demo office as the CLI loads it: register, attendance and every Teams export of
/// `fixtures/demo/teams/`, deduplicated.
fn demo_loaded() -> sportello::input::Loaded {
    let paths = sportello::input::InputPaths::in_folder(&root().join("fixtures/demo"));
    sportello::input::load(&paths).expect("the demo office loads")
}

/// The demo office replicated `k` times in memory: employee ids, names and addresses, and
/// meeting ids, numbered per copy (citizens are left as they are).
fn replicated(demo: &sportello::input::Loaded, k: usize) -> (Register, Vec<AttendanceRecord>, Vec<SessionRecord>) {
    let (mut staff, mut attendance, mut sessions) = (Vec::new(), Vec::new(), Vec::new());
    for copy in 0..k {
        let id = |id: &str| format!("{id}-{copy:03}");
        for e in demo.register.employees() {
            let mut e = e.clone();
            e.id = id(&e.id);
            e.full_name = format!("{} {copy}", e.full_name);
            e.teams_upns = e.teams_upns.iter().map(|u| format!("{copy}.{u}")).collect();
            staff.push(e);
        }
        for r in &demo.attendance {
            let mut r = r.clone();
            r.employee_id = id(&r.employee_id);
            attendance.push(r);
        }
        for r in &demo.sessions {
            let mut r = r.clone();
            r.meeting_id = format!("{}-{copy}", r.meeting_id);
            if let ParticipantMatch::Staff(_) = demo.register.match_participant(&r.participant, &r.upn) {
                r.participant = format!("{} {copy}", r.participant);
                if !r.upn.is_empty() {
                    r.upn = format!("{copy}.{}", r.upn);
                }
            }
            sessions.push(r);
        }
    }
    (Register::new(staff), attendance, sessions)
}

fn month(c: &mut Criterion) {
    let book = RuleBook::embedded().expect("the shipped rules load");
    let selection = Selection::in_force(&book);
    let scenario = Selection::selected(&book, "scenario-remote-2025").expect("the shipped scenario");
    let october = Month { year: 2025, month: 10 };
    let demo = demo_loaded();
    let mut g = c.benchmark_group("month");
    g.sample_size(20);
    g.bench_function("demo/load-and-compute", |b| {
        b.iter(|| {
            let loaded = demo_loaded();
            let inputs =
                Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
            compute(october, inputs, &selection).rows.len()
        })
    });
    for (label, k) in [("demo", 1), ("demo-x20", 20)] {
        let (register, attendance, sessions) = replicated(&demo, k);
        let inputs = Inputs { register: &register, attendance: &attendance, sessions: &sessions };
        g.throughput(Throughput::Elements((attendance.len() + sessions.len()) as u64));
        g.bench_function(format!("{label}/compute-in-force"), |b| {
            b.iter(|| compute(october, black_box(inputs), &selection).rows.len())
        });
        g.bench_function(format!("{label}/compute-scenario"), |b| {
            b.iter(|| compute(october, black_box(inputs), &scenario).rows.len())
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = kernels;
    config = config();
    targets = intervals, rome, csv, teams, month
}
criterion_main!(kernels);
