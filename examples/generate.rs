//! Workload generator: a realistic month for N staff, deterministic per seed.
//!
//! ```sh
//! cargo run --release --example generate -- --staff 25000 --seed 1 --month 2025-10 --out /tmp/m
//! ```
//!
//! Writes `OUT/staff.csv`, `OUT/attendance.csv` and `OUT/teams/sessions.csv` (the normalised
//! sessions file), laid out for `sportello compute --data OUT`. About 80 attendance rows per
//! employee and, for the three staff in ten who consult on Teams, about 180 session rows.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

struct Args {
    staff: usize,
    seed: u64,
    year: i32,
    month: u32,
    out: PathBuf,
    /// Also write the first N meetings as real-format Teams exports in OUT/teams-reports/.
    reports: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { staff: 2500, seed: 1, year: 2025, month: 10, out: PathBuf::from("target/workload"), reports: 0 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--staff" => a.staff = value.parse().map_err(|_| "--staff: a number")?,
            "--seed" => a.seed = value.parse().map_err(|_| "--seed: a number")?,
            "--month" => {
                let (y, m) = value.split_once('-').ok_or("--month: YYYY-MM")?;
                a.year = y.parse().map_err(|_| "--month: YYYY-MM")?;
                a.month = m.parse().map_err(|_| "--month: YYYY-MM")?;
            }
            "--out" => a.out = PathBuf::from(value),
            "--reports" => a.reports = value.parse().map_err(|_| "--reports: a number")?,
            other => {
                return Err(format!(
                    "unknown flag {other}; flags: --staff N --seed S --month YYYY-MM --out DIR --reports N"
                ))
            }
        }
    }
    Ok(a)
}

fn hm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Rome offset of a summer or winter day, for writing RFC 3339 (the generator avoids 02:00–03:00).
fn offset(day: NaiveDate) -> &'static str {
    use chrono::TimeZone;
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    match chrono_tz::Europe::Rome.from_local_datetime(&noon).single() {
        Some(dt) if dt.format("%z").to_string() == "+0200" => "+02:00",
        _ => "+01:00",
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = parse_args()?;
    let mut rng = Rng(a.seed);
    fs::create_dir_all(a.out.join("teams"))?;
    let mut staff = BufWriter::new(File::create(a.out.join("staff.csv"))?);
    let mut att = BufWriter::new(File::create(a.out.join("attendance.csv"))?);
    let mut ses = BufWriter::new(File::create(a.out.join("teams/sessions.csv"))?);
    writeln!(staff, "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur")?;
    writeln!(att, "employee_id,date,start,end,kind,code")?;
    writeln!(ses, "meeting_id,participant,upn,role,join,leave")?;

    let mut days = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(a.year, a.month, 1).ok_or("bad month")?;
    while d.month() == a.month {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            days.push(d);
        }
        d += Duration::days(1);
    }
    let mut meeting = 0u64;
    for i in 0..a.staff {
        let id = format!("{:07}", i + 1);
        let part_time = if rng.chance(15) { 50 + rng.below(34) } else { 100 };
        let teams = rng.chance(30);
        let upn = if teams { format!("op{}@inps.example", i + 1) } else { String::new() };
        let (hourly, monthly) = if rng.chance(80) {
            (format!("{}.{:02}", 15 + rng.below(10), rng.below(100)), String::new())
        } else {
            (String::new(), format!("{}.00", 2300 + rng.below(1500)))
        };
        writeln!(staff, "{id},Operatore {},RM{:04},{upn},{part_time},{hourly},{monthly}", i + 1, i % 500)?;
        for &day in &days {
            let date = day.format("%Y-%m-%d");
            if rng.chance(8) {
                writeln!(att, "{id},{date},,,absence,FERIE")?;
                continue;
            }
            let agile = rng.chance(20);
            let (start, end) = if part_time < 100 {
                (480, 480 + 240)
            } else {
                (480 + rng.below(30) as u32, 852 + rng.below(120) as u32)
            };
            if agile {
                writeln!(att, "{id},{date},,,remote_work,LA")?;
            } else {
                // Presence in two blocks around a lunch break on full days.
                if part_time < 100 {
                    writeln!(att, "{id},{date},{},{},presence,PRES", hm(start), hm(end))?;
                } else {
                    writeln!(att, "{id},{date},{},{},presence,PRES", hm(start), hm(780))?;
                    writeln!(att, "{id},{date},{},{},presence,PRES", hm(810), hm(end))?;
                }
                if rng.chance(70) {
                    let s = 510 + 15 * rng.below(4) as u32;
                    writeln!(
                        att,
                        "{id},{date},{},{},front_office,MFOF",
                        hm(s),
                        hm(s + 120 + 15 * rng.below(5) as u32)
                    )?;
                    if part_time == 100 && rng.chance(50) {
                        let s = 840 + 15 * rng.below(3) as u32;
                        writeln!(att, "{id},{date},{},{},front_office,MFOF", hm(s), hm(s + 60))?;
                    }
                }
                for k in 0..rng.below(3) as u32 {
                    let s = 700 + 20 * k + 60 * rng.below(2) as u32;
                    writeln!(att, "{id},{date},{},{},appointment,APP1", hm(s), hm(s + 20))?;
                }
                if rng.chance(10) {
                    let s = 700 + 20 * rng.below(3) as u32;
                    writeln!(att, "{id},{date},{},{},specialist,CONS", hm(s), hm(s + 20))?;
                }
            }
            if teams {
                let off = offset(day);
                let n = if agile { 8 + rng.below(6) } else { 2 + rng.below(3) };
                for k in 0..n {
                    meeting += 1;
                    let slot = 540 + 30 * k as u32;
                    let join = (slot + rng.below(3) as u32) * 60 + rng.below(60) as u32;
                    let leave = (slot + 20 + rng.below(4) as u32) * 60 + rng.below(60) as u32;
                    let t = |secs: u32| format!("{date}T{}:{:02}{off}", hm(secs / 60), secs % 60);
                    writeln!(ses, "wm-{meeting},Operatore {},{upn},organizer,{},{}", i + 1, t(join), t(leave))?;
                    let citizen = rng.chance(92).then(|| {
                        let cj = join + 60 + rng.below(60) as u32;
                        let cl = leave - 60 - rng.below(60) as u32;
                        (cj, cl)
                    });
                    if let Some((cj, cl)) = citizen {
                        writeln!(ses, "wm-{meeting},Cittadino {meeting},,attendee,{},{}", t(cj), t(cl))?;
                    }
                    if (meeting as usize) <= a.reports {
                        let m = Meeting {
                            number: meeting,
                            day,
                            off,
                            organizer: format!("Operatore {}", i + 1),
                            upn: &upn,
                            org: (join, leave),
                            citizen,
                        };
                        reports::write(&a.out.join("teams-reports"), &m)?;
                    }
                }
            }
        }
    }
    staff.flush()?;
    att.flush()?;
    ses.flush()?;
    eprintln!("generate: {} staff, {} working days, {meeting} meetings → {}", a.staff, days.len(), a.out.display());
    Ok(())
}

/// One generated meeting, for the real-format writers.
struct Meeting<'a> {
    number: u64,
    day: NaiveDate,
    off: &'static str,
    organizer: String,
    upn: &'a str,
    /// Join and leave, seconds of the Rome day.
    org: (u32, u32),
    citizen: Option<(u32, u32)>,
}

/// Writers of the Teams formats, cycling per meeting: the sectioned report (UTF-16, TAB), its
/// Excel re-save (UTF-8 BOM, `,`, quoted, CRLF), the 2021 report, the legacy list, and Graph
/// JSON.
mod reports {
    use std::io::Write;
    use std::path::Path;

    use super::Meeting;

    fn us(m: &Meeting<'_>, secs: u32) -> String {
        use chrono::Datelike;
        let (h, min, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
        let (h12, ampm) = match h {
            0 => (12, "AM"),
            1..=11 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        format!("{}/{}/{:02}, {h12}:{min:02}:{s:02} {ampm}", m.day.month(), m.day.day(), m.day.year() % 100)
    }

    fn utc(m: &Meeting<'_>, secs: u32) -> String {
        let shift = if m.off == "+02:00" { 7200 } else { 3600 };
        let t = m.day.and_hms_opt(0, 0, 0).unwrap_or_default() + chrono::Duration::seconds(i64::from(secs) - shift);
        t.format("%Y-%m-%dT%H:%M:%S.1234567Z").to_string()
    }

    fn utf16(text: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn sectioned(m: &Meeting<'_>) -> String {
        let title = format!("Consulenza {}", m.number);
        let mut rows = vec![(m.organizer.clone(), m.upn.to_string(), m.org, "Organizer")];
        if let Some(c) = m.citizen {
            rows.push((format!("Cittadino {}", m.number), String::new(), c, "Attendee"));
        }
        let mut t = format!(
            "1. Summary\nMeeting title\t{title}\nAttended participants\t{}\nStart time\t{}\nEnd time\t{}\n\n2. Participants\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n",
            rows.len(),
            us(m, m.org.0),
            us(m, m.org.1)
        );
        for (name, mail, (j, l), role) in &rows {
            t += &format!(
                "{name}\t{}\t{}\t{}m {}s\t{mail}\t{mail}\t{role}\n",
                us(m, *j),
                us(m, *l),
                (l - j) / 60,
                (l - j) % 60
            );
        }
        t += "\n3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n";
        for (name, mail, (j, l), role) in &rows {
            t +=
                &format!("{name}\t{}\t{}\t{}m {}s\t{mail}\t{role}\n", us(m, *j), us(m, *l), (l - j) / 60, (l - j) % 60);
        }
        t
    }

    pub fn write(dir: &Path, m: &Meeting<'_>) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let (name, bytes) = match m.number % 5 {
            0 => (format!("Consulenza {} - Attendance report.csv", m.number), utf16(&sectioned(m))),
            1 => {
                // Excel's re-save: UTF-8 with BOM, commas, every cell quoted, CRLF.
                let mut v = vec![0xEF, 0xBB, 0xBF];
                for line in sectioned(m).lines() {
                    let cells: Vec<String> =
                        line.split('\t').map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                    v.extend_from_slice(cells.join(",").as_bytes());
                    v.extend_from_slice(b"\r\n");
                }
                (format!("Consulenza {} - Attendance report (Excel).csv", m.number), v)
            }
            2 => {
                let mut t = format!(
                    "Meeting Summary\nTotal Number of Participants\t{}\nMeeting Title\tConsulenza {}\nMeeting Start Time\t{}\nMeeting End Time\t{}\n\nFull Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\tParticipant ID (UPN)\n",
                    1 + usize::from(m.citizen.is_some()),
                    m.number,
                    us(m, m.org.0),
                    us(m, m.org.1)
                );
                t += &format!(
                    "{}\t{}\t{}\t{}m\t{}\tOrganizer\t{}\n",
                    m.organizer,
                    us(m, m.org.0),
                    us(m, m.org.1),
                    (m.org.1 - m.org.0) / 60,
                    m.upn,
                    m.upn
                );
                if let Some((j, l)) = m.citizen {
                    t += &format!(
                        "Cittadino {}\t{}\t{}\t{}m\t\tAttendee\t\n",
                        m.number,
                        us(m, j),
                        us(m, l),
                        (l - j) / 60
                    );
                }
                (format!("meetingAttendanceReport ({}).csv", m.number), utf16(&t))
            }
            3 => {
                let mut t = String::from("Full Name\tUser Action\tTimestamp\n");
                t += &format!("{}\tJoined\t{}\n", m.organizer, us(m, m.org.0));
                t += &format!("{}\tLeft\t{}\n", m.organizer, us(m, m.org.1));
                if let Some((j, l)) = m.citizen {
                    t += &format!("Cittadino {}\tJoined\t{}\n", m.number, us(m, j));
                    t += &format!("Cittadino {}\tLeft\t{}\n", m.number, us(m, l));
                }
                (format!("meetingAttendanceList ({}).csv", m.number), utf16(&t))
            }
            _ => {
                let record = |mail: &str, name: &str, role: &str, (j, l): (u32, u32)| {
                    format!(
                        "{{\"emailAddress\":\"{mail}\",\"totalAttendanceInSeconds\":{},\"role\":\"{role}\",\"identity\":{{\"displayName\":\"{name}\"}},\"attendanceIntervals\":[{{\"joinDateTime\":\"{}\",\"leaveDateTime\":\"{}\",\"durationInSeconds\":{}}}]}}",
                        l - j, utc(m, j), utc(m, l), l - j
                    )
                };
                let mut records = vec![record(m.upn, &m.organizer, "Organizer", m.org)];
                if let Some(c) = m.citizen {
                    records.push(record("", &format!("Cittadino {}", m.number), "Attendee", c));
                }
                let json = format!(
                    "{{\"id\":\"report-{:08}\",\"totalParticipantCount\":{},\"meetingStartDateTime\":\"{}\",\"meetingEndDateTime\":\"{}\",\"attendanceRecords\":[{}]}}",
                    m.number,
                    records.len(),
                    utc(m, m.org.0),
                    utc(m, m.org.1),
                    records.join(",")
                );
                (format!("attendanceReport-{}.json", m.number), json.into_bytes())
            }
        };
        let mut f = std::fs::File::create(dir.join(name))?;
        f.write_all(&bytes)
    }
}
