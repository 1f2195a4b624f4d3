//! The reports' views, for people and for union and payroll checks: the individual statement
//! (prospetto), the comparison of two rule sets, and arrears. Pure: a view is built from the
//! engine's results and written by `output/` (text, JSON, CSV, tables, the HTML page), which is
//! also where the words of a language are chosen; nothing here writes or imports `output/`.
//!
//! Nothing here computes an allowance. Every figure comes from the engine: the statement shows
//! the [`crate::engine::EmployeeMonth`] trace from which the payroll rows were made, and the
//! comparison and the arrears combine payroll rows. So a statement always adds up to the
//! payroll file to the cent, and a comparison or an arrears figure is the difference of two
//! payroll files, never a second calculation.
//!
//! * [`statement`]: one employee's month, day by day, with the rule sets, notes and sources;
//!   [`day`]: a day's lines (what was recorded and where from, what was not counted and why).
//! * [`compare`]: per employee and item, the amount under two rule sets and the difference.
//! * [`arrears`]: per employee, month and item, the amount due minus the amount paid, read from a
//!   payroll file.
//! * [`offices`]: per office (and ISO week), the counter time, the remote consultation time (paid
//!   or not), the remote share and the amounts, from the payroll rows and the trace.
//! * [`hints`]: why a run paid no one, or far fewer employees than the register holds, and the
//!   register ids near one that is not in it.

pub mod arrears;
pub mod compare;
pub mod day;
pub mod hints;
pub mod offices;
pub mod statement;

/// `245 min` or `244 min 30 s`.
pub fn minutes_text(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    if s % 60 == 0 {
        format!("{sign}{} min", s / 60)
    } else {
        format!("{sign}{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_shown_with_their_seconds() {
        assert_eq!(minutes_text(0), "0 min");
        assert_eq!(minutes_text(14_700), "245 min");
        assert_eq!(minutes_text(14_670), "244 min 30 s");
        assert_eq!(minutes_text(-90), "-1 min 30 s");
    }
}
