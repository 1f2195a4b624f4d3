//! Neutralising text cells against spreadsheet formula injection.
//!
//! A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula, and TAB or CR
//! can smuggle one in. Text cells (never the numeric columns) that begin with one of those get a
//! leading apostrophe, which spreadsheets show as text and hide.

/// Returns the cell, with a leading `'` when it could be read as a formula.
///
/// ```
/// use sportello::output::csv_safe::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(neutralise("MFOF"), "MFOF");
/// ```
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_neutralised() {
        for c in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(c).starts_with('\''), "{c:?}");
        }
        for c in ["", "a=b", "2025-10", "MFOF-WEB", "'x"] {
            assert_eq!(neutralise(c), c);
        }
    }
}
