//! A Teams or Graph export as any bytes. Never a panic; a refused file names itself; every
//! record has a non-empty interval, names the file and belongs to a listed meeting. A file
//! that reads is also inspected, merged with a copy of itself (which must add nothing),
//! normalised, written as the normalised CSV, and that CSV must read back: every row kept or
//! reported.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use sportello::input::teams::{dedupe, inspect, normalize, read_file, DateOrder, ReadOptions, TeamsError, TeamsFile};
use sportello::output::sessions::write_normalized;
use sportello_fuzz::{assert_names_file, name};

fn check(f: &TeamsFile) {
    let meetings: BTreeSet<&str> = f.meetings.iter().map(|m| m.id.as_str()).collect();
    for r in &f.records {
        assert!(r.span.start < r.span.end, "an empty or reversed interval was kept: {r:?}");
        assert_eq!(&*r.source.file, "export.csv", "{r:?}");
        assert!(r.source.line >= 1, "{r:?}");
        assert!(meetings.contains(r.meeting_id.as_str()), "a record of an unlisted meeting: {r:?}");
    }
    for a in f.all_anomalies() {
        if let Some(src) = &a.source {
            assert_eq!(&*src.file, "export.csv", "{a:?}");
        }
    }
    let _ = inspect(f);
    let (once, _) = dedupe(vec![f.clone()]);
    let (twice, _) = dedupe(vec![f.clone(), f.clone()]);
    assert_eq!(once.len(), twice.len(), "a file merged with its own copy changed the records");
    let rows = normalize(&once, None);
    let mut csv = Vec::new();
    write_normalized(&rows, &mut csv).expect("writing to memory");
    let back = name("normalized.csv");
    let mut anomalies = Vec::new();
    match sportello::input::sessions::read(&back, &csv, &mut anomalies) {
        Ok((records, _)) => assert_eq!(
            records.len() + anomalies.len(),
            rows.len(),
            "normalised rows neither read back nor reported: {anomalies:?}"
        ),
        Err(e) => panic!("the normalised CSV written from this file cannot be read back: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let file = name("export.csv");
    let default = read_file(&file, data, &ReadOptions::default());
    let retry = match &default {
        Ok(f) => {
            check(f);
            f.date_order.is_some()
        }
        Err(e) => {
            assert_names_file("export.csv", e);
            matches!(e, TeamsError::DateOrder { .. })
        }
    };
    if retry {
        for order in [DateOrder::Dmy, DateOrder::Mdy] {
            match read_file(&file, data, &ReadOptions { date_order: Some(order) }) {
                Ok(f) => check(&f),
                Err(e) => assert_names_file("export.csv", &e),
            }
        }
    }
});
