//! A whole month from one input: staff, attendance and a Teams file (any export format, or the
//! normalised sessions CSV) separated by the byte 0x1E.
//! The three files are parsed and October 2025 is computed under the embedded rules, in force
//! and under each scenario: never a panic, every payroll amount is non-negative and every row
//! counts more than zero minutes.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sportello::engine::Month;
use sportello::rules::RuleBook;
use sportello_fuzz::{run_month, SEPARATOR};

fn book() -> &'static RuleBook {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    BOOK.get_or_init(|| RuleBook::embedded().expect("the shipped rules are valid"))
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == SEPARATOR);
    let staff = parts.next().unwrap_or_default();
    let attendance = parts.next().unwrap_or_default();
    let sessions = parts.next().unwrap_or_default();
    run_month(staff, attendance, sessions, Month { year: 2025, month: 10 }, book());
});
