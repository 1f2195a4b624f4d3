//! `attendance.csv` as any bytes: never a panic; a refused file names itself; every kept row is
//! a non-empty interval inside its own Rome day, and whole-day rows cover exactly that day.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sportello::time::rome::RomeDay;
use sportello_fuzz::{assert_names_file, assert_sources, name};

fuzz_target!(|data: &[u8]| {
    let file = name("attendance.csv");
    let mut anomalies = Vec::new();
    match sportello::input::attendance::read(&file, data, &mut anomalies) {
        Ok((rows, _)) => {
            for r in &rows {
                let day = RomeDay(r.date).bounds();
                assert!(!r.employee_id.is_empty(), "{r:?}");
                assert!(r.span.start < r.span.end, "an empty or reversed interval was kept: {r:?}");
                assert!(day.start <= r.span.start && r.span.end <= day.end, "outside its day {day:?}: {r:?}");
                assert!(!r.whole_day || r.span == day, "a whole-day row not covering its day: {r:?}");
                assert!(!r.whole_day || !r.kind.is_service(), "a whole-day service row: {r:?}");
            }
            assert_sources("attendance.csv", data, &anomalies);
        }
        Err(e) => assert_names_file("attendance.csv", &e),
    }
});
