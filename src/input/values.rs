//! Reading single cells: dates, wall times, instants, percentages.
//!
//! Every reader returns a message that states what was expected, so that an anomaly can say
//! `field "date": expected YYYY-MM-DD or DD/MM/YYYY, found "2025-13-01"`.

use chrono::{DateTime, NaiveDate, NaiveTime};

use crate::time::Instant;

/// Shows a cell in a message: at most 40 characters, control characters replaced.
pub fn shown(cell: &str) -> String {
    let mut s: String = cell.chars().take(40).map(|c| if c.is_control() { '?' } else { c }).collect();
    if cell.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// A meeting id as it may appear in a message: shown when it looks like an identifier (at most
/// 80 characters of letters, digits and `-_.:/`), withheld otherwise — a hostile file could put
/// a citizen's name in the id column.
pub fn meeting_label(id: &str) -> String {
    let id_like = !id.is_empty()
        && id.len() <= 80
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'));
    if id_like {
        id.to_string()
    } else {
        "(id withheld: not an identifier)".to_string()
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(cell: &str) -> Result<NaiveDate, String> {
    let t = cell.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()
        .filter(|_| t.len() == 10)
        .ok_or_else(|| format!("expected a date as YYYY-MM-DD or DD/MM/YYYY, found \"{}\"", shown(t)))
}

/// A wall clock time of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WallTime {
    /// A time within the day.
    At(NaiveTime),
    /// `24:00`: the end of the day.
    EndOfDay,
}

/// `HH:MM` or `HH:MM:SS` (24 h); `24:00` is accepted as the end of the day.
pub fn parse_wall_time(cell: &str) -> Result<WallTime, String> {
    let t = cell.trim();
    if t == "24:00" || t == "24:00:00" {
        return Ok(WallTime::EndOfDay);
    }
    let shape_ok = matches!(t.len(), 4 | 5 | 7 | 8) && t.contains(':');
    shape_ok
        .then(|| NaiveTime::parse_from_str(t, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M")).ok())
        .flatten()
        .map(WallTime::At)
        .ok_or_else(|| format!("expected a time as HH:MM or HH:MM:SS, found \"{}\"", shown(t)))
}

/// An RFC 3339 timestamp with an offset or `Z`; fractions of a second are truncated.
pub fn parse_rfc3339(cell: &str) -> Result<Instant, String> {
    let t = cell.trim();
    DateTime::parse_from_rfc3339(t).map(|dt| dt.timestamp()).map_err(|_| {
        format!("expected an RFC 3339 timestamp with offset, e.g. 2025-10-06T09:00:00+02:00, found \"{}\"", shown(t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 6).unwrap();
        assert_eq!(parse_date("2025-10-06"), Ok(d));
        assert_eq!(parse_date(" 06/10/2025 "), Ok(d));
        for bad in ["2025-13-01", "6/10/2025", "2025-10-6", "31/02/2025", "", "yesterday"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn wall_times() {
        assert_eq!(parse_wall_time("08:30"), Ok(WallTime::At(NaiveTime::from_hms_opt(8, 30, 0).unwrap())));
        assert_eq!(parse_wall_time("8:30"), Ok(WallTime::At(NaiveTime::from_hms_opt(8, 30, 0).unwrap())));
        assert_eq!(parse_wall_time("08:30:15"), Ok(WallTime::At(NaiveTime::from_hms_opt(8, 30, 15).unwrap())));
        assert_eq!(parse_wall_time("24:00"), Ok(WallTime::EndOfDay));
        for bad in ["25:00", "08:61", "0830", "8h30", "", "24:01"] {
            assert!(parse_wall_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn instants() {
        assert_eq!(parse_rfc3339("2025-10-06T09:00:00+02:00"), Ok(1759734000));
        assert_eq!(parse_rfc3339("2025-10-06T07:00:00Z"), Ok(1759734000));
        assert_eq!(parse_rfc3339("2025-10-06T07:00:00.9999999Z"), Ok(1759734000));
        assert!(parse_rfc3339("2025-10-06 09:00").unwrap_err().contains("RFC 3339"));
    }

    #[test]
    fn meeting_ids_are_shown_only_when_they_look_like_ids() {
        assert_eq!(meeting_label("wm-2510-001"), "wm-2510-001");
        assert_eq!(meeting_label("report-10510414aac3b73f"), "report-10510414aac3b73f");
        assert!(meeting_label("Mario Rossi").starts_with("(id withheld"));
        assert!(meeting_label("=HYPERLINK(\"x\")").starts_with("(id withheld"));
    }

    #[test]
    fn shown_cells_are_short_and_printable() {
        assert_eq!(shown("a\tb"), "a?b");
        assert_eq!(shown(&"x".repeat(50)).chars().count(), 41);
    }
}
