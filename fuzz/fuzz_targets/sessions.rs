//! The normalised sessions CSV as any bytes: never a panic; a refused file names itself; every
//! kept row has a meeting, a participant or address, and a non-empty interval.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sportello_fuzz::{assert_names_file, assert_sources, name};

fuzz_target!(|data: &[u8]| {
    let file = name("sessions.csv");
    let mut anomalies = Vec::new();
    match sportello::input::sessions::read(&file, data, &mut anomalies) {
        Ok((rows, _)) => {
            for r in &rows {
                assert!(!r.meeting_id.is_empty(), "{r:?}");
                assert!(!(r.participant.is_empty() && r.upn.is_empty()), "{r:?}");
                assert!(r.span.start < r.span.end, "an empty or reversed interval was kept: {r:?}");
            }
            assert_sources("sessions.csv", data, &anomalies);
        }
        Err(e) => assert_names_file("sessions.csv", &e),
    }
});
