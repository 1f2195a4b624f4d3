//! Spreadsheet formulas: neutralising the text cells an output writes, and undoing it when the
//! engine reads its own outputs back. Below every layer: the writers of `output/` neutralise,
//! the readers of `input/` restore, with one rule.
//!
//! A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula, and TAB or CR
//! can smuggle one in. Text cells (never the numeric columns) that begin with one of those get a
//! leading apostrophe, which spreadsheets show as text and hide.
//!
//! The engine also reads its own outputs back (the paid file of `arrears` is a payroll file as
//! `compute` wrote it), so the neutralisation is exactly reversible: [`restore`] undoes
//! [`neutralise`] for every cell. For that, a cell that already begins with apostrophes followed
//! by a trigger (`'=x`, `''-1`) gets one more apostrophe too; otherwise `'=x` written as it is
//! would be read back as `=x`.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// True when the cell is a trigger, or apostrophes followed by one: the cells that
/// [`neutralise`] prefixes.
fn needs_prefix(cell: &str) -> bool {
    cell.trim_start_matches('\'').chars().next().is_some_and(is_trigger)
}

/// Returns the cell, with a leading `'` when it could be read as a formula (or when it already
/// begins with apostrophes followed by a trigger, so that [`restore`] can tell the two apart).
///
/// ```
/// use sportello::formula::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(neutralise("-0042"), "'-0042");
/// assert_eq!(neutralise("'=7"), "''=7");
/// assert_eq!(neutralise("MFOF"), "MFOF");
/// assert_eq!(neutralise("'x"), "'x");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_prefix(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`]: drops the leading `'` of a cell that begins with apostrophes followed
/// by a trigger. `restore(&neutralise(x)) == x` for every `x`.
///
/// A cell read from a file that `neutralise` did not write is read the same way: a cell that
/// legitimately begins with `'` followed by a trigger (`'-12` typed by hand, meaning the text
/// `'-12`) is read as neutralised, i.e. as `-12`. Only the text columns that the engine
/// neutralises are restored (in the paid file of `arrears`: `employee_id`, `item`, `ruleset`).
///
/// ```
/// use sportello::formula::restore;
/// assert_eq!(restore("'-0042"), "-0042");
/// assert_eq!(restore("''=7"), "'=7");
/// assert_eq!(restore("'x"), "'x");
/// assert_eq!(restore("004512"), "004512");
/// ```
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_neutralised() {
        for c in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1", "''+1"] {
            assert!(neutralise(c).starts_with('\''), "{c:?}");
            assert_eq!(neutralise(c).len(), c.len() + 1, "{c:?}");
        }
        for c in ["", "a=b", "2025-10", "MFOF-WEB", "'x", "'", "''", "' =1"] {
            assert_eq!(neutralise(c), c);
        }
    }

    #[test]
    fn restoring_drops_only_the_neutralising_apostrophe() {
        assert_eq!(restore("'-12"), "-12");
        assert_eq!(restore("'=7"), "=7");
        assert_eq!(restore("'\tx"), "\tx");
        assert_eq!(restore("''-12"), "'-12");
        for c in ["", "'", "'x", "-12", "MFOF", "' -1"] {
            assert_eq!(restore(c), c);
        }
    }

    proptest::proptest! {
        #[test]
        fn restore_undoes_neutralise(x in "['=+\\-@\t\r a-z0-9]{0,6}|\\PC{0,12}") {
            let written = neutralise(&x);
            proptest::prop_assert_eq!(restore(&written), x.as_str());
        }

        #[test]
        fn a_neutralised_cell_never_starts_a_formula(x in "['=+\\-@\t\r a-z0-9]{0,6}|\\PC{0,12}") {
            let n = neutralise(&x);
            proptest::prop_assert!(!n.chars().next().is_some_and(is_trigger), "{:?}", n);
        }
    }
}
