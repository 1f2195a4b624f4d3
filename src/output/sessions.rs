//! The normalised sessions CSV: `meeting_id,participant,upn,role,join,leave`, the file HR can
//! keep and pass on (citizens already pseudonymised by `input::teams::normalize`).
//!
//! UTF-8 without BOM, LF, `,` quoted where needed; `join` and `leave` in RFC 3339, Rome time with
//! offset (`2024-03-14T14:30:04+01:00`), which keeps the two hours of an autumn fold apart; rows
//! sorted by meeting, join, leave, participant, role, address. Text cells are neutralised
//! ([`crate::formula::neutralise`]): a citizen chooses their own Teams display name.

use std::io::{self, Write};

use crate::formula::neutralise;
use crate::input::teams::NormalizedRow;
use crate::time::rome::format_rome;

/// Writes the normalised sessions CSV (module documentation), sorted whatever the rows' order.
pub fn write_normalized<W: Write>(rows: &[NormalizedRow], w: W) -> io::Result<()> {
    let mut sorted: Vec<&NormalizedRow> = rows.iter().collect();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    let to_io = |e: csv::Error| io::Error::other(e.to_string());
    out.write_record(crate::input::sessions::COLUMNS).map_err(to_io)?;
    for r in sorted {
        out.write_record([
            neutralise(&r.meeting_id).as_ref(),
            neutralise(&r.participant).as_ref(),
            neutralise(&r.upn).as_ref(),
            r.role.as_str(),
            format_rome(r.span.start).as_str(),
            format_rome(r.span.end).as_str(),
        ])
        .map_err(to_io)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::SourceRef;
    use crate::input::teams::normalize;
    use crate::register::{Employee, PartTimePct, Register};
    use crate::sessions::Role;
    use crate::sessions::SessionRecord;
    use crate::time::Interval;
    use std::sync::Arc;

    fn rec(meeting: &str, name: &str, upn: &str, role: Role, start: i64, end: i64, line: u64) -> SessionRecord {
        let file: Arc<str> = Arc::from("m.csv");
        SessionRecord {
            meeting_id: meeting.into(),
            participant: name.into(),
            upn: upn.into(),
            role,
            span: Interval::new(start, end),
            source: SourceRef::new(&file, line),
        }
    }

    fn staff(id: &str, name: &str, upn: &str) -> Employee {
        let file: Arc<str> = Arc::from("staff.csv");
        Employee {
            id: id.into(),
            full_name: name.into(),
            office: String::new(),
            teams_upns: vec![upn.to_lowercase()],
            part_time_pct: PartTimePct::FULL,
            hourly_base_eur: None,
            monthly_base_eur: None,
            source: SourceRef::new(&file, 2),
        }
    }

    #[test]
    fn writer_neutralises_and_sorts() -> io::Result<()> {
        let reg = Register::new(vec![staff("001", "=HYPERLINK(\"http://x\")", "op@inps.it")]);
        let records = vec![
            rec("m", "@SUM(1)", "", Role::Attendee, 1_710_423_070, 1_710_423_842, 3),
            rec("m", "=HYPERLINK(\"http://x\")", "op@inps.it", Role::Organizer, 1_710_423_004, 1_710_425_150, 2),
        ];
        let rows = normalize(&records, Some(&reg));
        let mut out = Vec::new();
        write_normalized(&rows, &mut out)?;
        let text = String::from_utf8_lossy(&out);
        assert_eq!(
            text,
            "meeting_id,participant,upn,role,join,leave\n\
             m,\"'=HYPERLINK(\"\"http://x\"\")\",op@inps.it,organizer,2024-03-14T14:30:04+01:00,2024-03-14T15:05:50+01:00\n\
             m,citizen-1,,attendee,2024-03-14T14:31:10+01:00,2024-03-14T14:44:02+01:00\n"
        );
        assert!(!text.contains("SUM"));
        Ok(())
    }
}
