//! Reading single cells: dates, wall times, instants, percentages.
//!
//! Every reader returns a message that states what was expected, so that an anomaly can say
//! `field "date": expected YYYY-MM-DD or DD/MM/YYYY, found "2025-13-01"`. The frames the
//! readers of rows share (`field "x": …; row not used`, an empty cell, a meeting's id) are here
//! too, so that every table says them alike in both languages.

use chrono::{DateTime, NaiveDate, NaiveTime};

use crate::cell::trim;
use crate::message::{Arg, Message, Template};
use crate::time::Instant;

/// A row refused for one of its fields; `{1}` says what was expected.
pub(crate) static FIELD_ROW_NOT_USED: Template =
    Template { it: "campo \"{0}\": {1}; riga non usata", en: "field \"{0}\": {1}; row not used" };

/// An empty cell where the matricola was expected.
pub(crate) static EXPECTED_MATRICOLA: Template =
    Template { it: "attesa la matricola, cella vuota", en: "expected the matricola, found nothing" };

static EXPECTED_DATE: Template = Template {
    it: "attesa una data nel formato AAAA-MM-GG o GG/MM/AAAA, trovato \"{0}\"",
    en: "expected a date as YYYY-MM-DD or DD/MM/YYYY, found \"{0}\"",
};

static EXPECTED_TIME: Template = Template {
    it: "atteso un orario nel formato HH:MM o HH:MM:SS, trovato \"{0}\"",
    en: "expected a time as HH:MM or HH:MM:SS, found \"{0}\"",
};

static EXPECTED_INSTANT: Template = Template {
    it: "atteso un istante RFC 3339 con il fuso orario, per esempio 2025-10-06T09:00:00+02:00, trovato \"{0}\"",
    en: "expected an RFC 3339 timestamp with offset, e.g. 2025-10-06T09:00:00+02:00, found \"{0}\"",
};

static ID_WITHHELD: Template =
    Template { it: "(id non mostrato: non è un identificativo)", en: "(id withheld: not an identifier)" };

/// `field "x": why; row not used`.
pub(crate) fn field_not_used(field: &str, why: Message) -> Message {
    Message::new(&FIELD_ROW_NOT_USED, [Arg::text(field), Arg::Message(Box::new(why))])
}

/// A template whose one hole is a cell, as [`shown`].
pub(crate) fn found(template: &'static Template, cell: &str) -> Message {
    Message::new(template, [Arg::text(shown(cell))])
}

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
/// a citizen's name in the id column. In English; [`meeting_arg`] is the same in either language.
pub fn meeting_label(id: &str) -> String {
    if id_like(id) {
        id.to_string()
    } else {
        ID_WITHHELD.en.to_string()
    }
}

/// [`meeting_label`] as the value of a message's hole: the id, or the words that withhold it in
/// the reader's language.
pub fn meeting_arg(id: &str) -> Arg {
    if id_like(id) {
        Arg::text(id)
    } else {
        Arg::Message(Box::new(Message::new(&ID_WITHHELD, [])))
    }
}

/// At most 80 characters of letters, digits and `-_.:/`.
fn id_like(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(cell: &str) -> Result<NaiveDate, Message> {
    let t = trim(cell);
    let b = t.as_bytes();
    // Fast path for the two fixed shapes; anything else is refused with the same message.
    let parsed = match b {
        [_, _, _, _, b'-', _, _, b'-', _, _] => {
            digits(&b[..4]).zip(digits(&b[5..7])).zip(digits(&b[8..])).map(|((y, m), d)| (y, m, d))
        }
        [_, _, b'/', _, _, b'/', _, _, _, _] => {
            digits(&b[6..]).zip(digits(&b[3..5])).zip(digits(&b[..2])).map(|((y, m), d)| (y, m, d))
        }
        _ => None,
    };
    parsed
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
        .ok_or_else(|| found(&EXPECTED_DATE, t))
}

/// A wall clock time of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WallTime {
    /// A time within the day.
    At(NaiveTime),
    /// `24:00`: the end of the day.
    EndOfDay,
}

/// `HH:MM` or `HH:MM:SS` (24 h), the hour with one or two digits; `24:00` is accepted as the
/// end of the day.
pub fn parse_wall_time(cell: &str) -> Result<WallTime, Message> {
    let t = trim(cell);
    if t == "24:00" || t == "24:00:00" {
        return Ok(WallTime::EndOfDay);
    }
    let b = t.as_bytes();
    let hms = match b {
        [h, b':', m1, m2] => digits(&[*h]).zip(digits(&[*m1, *m2])).map(|(h, m)| (h, m, 0)),
        [h1, h2, b':', m1, m2] => digits(&[*h1, *h2]).zip(digits(&[*m1, *m2])).map(|(h, m)| (h, m, 0)),
        [h, b':', m1, m2, b':', s1, s2] => {
            digits(&[*h]).zip(digits(&[*m1, *m2])).zip(digits(&[*s1, *s2])).map(|((h, m), s)| (h, m, s))
        }
        [h1, h2, b':', m1, m2, b':', s1, s2] => {
            digits(&[*h1, *h2]).zip(digits(&[*m1, *m2])).zip(digits(&[*s1, *s2])).map(|((h, m), s)| (h, m, s))
        }
        _ => None,
    };
    hms.and_then(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s)).map(WallTime::At).ok_or_else(|| found(&EXPECTED_TIME, t))
}

/// An RFC 3339 timestamp with an offset or `Z`; fractions of a second are truncated.
pub fn parse_rfc3339(cell: &str) -> Result<Instant, Message> {
    let t = trim(cell);
    fast_rfc3339(t.as_bytes())
        .or_else(|| DateTime::parse_from_rfc3339(t).ok().map(|dt| dt.timestamp()))
        .ok_or_else(|| found(&EXPECTED_INSTANT, t))
}

/// `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`, the shape the engine and Graph write, without the
/// general parser. `None` for anything else (the general parser then decides).
fn fast_rfc3339(b: &[u8]) -> Option<Instant> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let days = civil_days(digits(&b[..4])?, digits(&b[5..7])?, digits(&b[8..10])?)?;
    let (h, m, s) = (digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let mut rest = &b[19..];
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &tail[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (oh, om) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    Some(days * 86_400 + i64::from(h * 3600 + m * 60 + s) - offset)
}

/// Days from 1970-01-01 to a valid proleptic Gregorian date of years 0 to 9999 (Howard
/// Hinnant's `days_from_civil`), without building a date.
fn civil_days(y: u32, m: u32, d: u32) -> Option<i64> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > month_days {
        return None;
    }
    let (y, m, d) = (i64::from(y) - i64::from(m <= 2), i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

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
        let err = parse_rfc3339("2025-10-06 09:00").unwrap_err();
        assert_eq!(
            err.en(),
            "expected an RFC 3339 timestamp with offset, e.g. 2025-10-06T09:00:00+02:00, found \"2025-10-06 09:00\""
        );
        assert!(err.render(crate::lang::Lang::It).starts_with("atteso un istante RFC 3339"));
    }

    proptest::proptest! {
        // The fast path and chrono's parser agree on every timestamp of the fast shape.
        #[test]
        fn fast_rfc3339_agrees_with_chrono(secs in -2_000_000_000i64..4_000_000_000, off in -12i64..14, frac in 0u32..3) {
            let dt = DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&chrono::FixedOffset::east_opt((off * 3600) as i32).unwrap());
            let text = match frac {
                0 => dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                1 => dt.format("%Y-%m-%dT%H:%M:%S.1234567%:z").to_string(),
                _ => dt.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%S.5Z").to_string(),
            };
            proptest::prop_assert_eq!(parse_rfc3339(&text), Ok(secs));
            proptest::prop_assert_eq!(fast_rfc3339(text.as_bytes()), Some(secs));
        }
    }

    proptest::proptest! {
        #[test]
        fn civil_days_agree_with_chrono(y in 0u32..10_000, m in 0u32..14, d in 0u32..33) {
            let chrono_days = NaiveDate::from_ymd_opt(y as i32, m, d).map(|date| i64::from(date.num_days_from_ce()) - 719_163);
            proptest::prop_assert_eq!(civil_days(y, m, d), chrono_days);
        }
    }

    #[test]
    fn meeting_ids_are_shown_only_when_they_look_like_ids() {
        assert_eq!(meeting_label("wm-2510-001"), "wm-2510-001");
        assert_eq!(meeting_label("report-10510414aac3b73f"), "report-10510414aac3b73f");
        assert!(meeting_label("Mario Rossi").starts_with("(id withheld"));
        assert!(meeting_label("=HYPERLINK(\"x\")").starts_with("(id withheld"));
        let withheld = Message::new(&FIELD_ROW_NOT_USED, [meeting_arg("Mario Rossi"), Arg::text("x")]);
        assert!(withheld.render(crate::lang::Lang::It).starts_with("campo \"(id non mostrato"), "{withheld:?}");
    }

    #[test]
    fn shown_cells_are_short_and_printable() {
        assert_eq!(shown("a\tb"), "a?b");
        assert_eq!(shown(&"x".repeat(50)).chars().count(), 41);
    }
}
