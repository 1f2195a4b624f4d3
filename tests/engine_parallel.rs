//! The calculation gives the same bytes however it is run: one thread or several, with or
//! without the trace, from owned records or from a streamed batch.

use std::path::Path;

use sportello::engine::{compute, compute_batch, Inputs, Month, Options};
use sportello::files::{load, load_batch, load_register, InputPaths};
use sportello::output::{anomalies, payroll};
use sportello::rules::{RuleBook, Selection};

fn bytes(rows: &[sportello::engine::PayrollRow], found: &[sportello::anomaly::Anomaly]) -> (Vec<u8>, Vec<u8>) {
    let (mut p, mut a) = (Vec::new(), Vec::new());
    payroll::write_csv(rows, &mut p).unwrap();
    anomalies::write_csv(found, &mut a).unwrap();
    (p, a)
}

#[test]
fn threads_trace_and_loading_path_do_not_change_a_byte() {
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let paths = InputPaths::in_folder(Path::new("fixtures/demo"));
    for selection in [Selection::in_force(&book), Selection::selected(&book, "scenario-remote-2025").unwrap()] {
        // Reference: owned records, the convenience entry point, with the trace.
        let loaded = load(&paths).unwrap();
        let inputs = Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
        let reference = compute(month, inputs, &selection);
        let mut ref_anomalies = loaded.anomalies.clone();
        ref_anomalies.extend(reference.anomalies.clone());
        sportello::anomaly::sort(&mut ref_anomalies);
        let expected = bytes(&reference.rows, &ref_anomalies);
        assert!(!reference.rows.is_empty() && !reference.employees.is_empty());

        for threads in [1, 2, 3, 8] {
            for trace in [false, true] {
                let (register, mut found) = load_register(&paths).unwrap();
                let mut batch = load_batch(&register, &paths, month).unwrap();
                found.extend(batch.take_anomalies());
                let result = compute_batch(&mut batch, &selection, Options { trace, threads, progress: None });
                found.extend(result.anomalies);
                sportello::anomaly::sort(&mut found);
                assert_eq!(bytes(&result.rows, &found), expected, "threads {threads}, trace {trace}");
                assert_eq!(result.employees.is_empty(), !trace);
                if trace {
                    assert_eq!(result.employees, reference.employees, "threads {threads}");
                }
            }
        }
    }
}
