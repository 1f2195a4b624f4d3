//! Who is staff (docs/DESIGN.md section 2, "Teams logs"): a guest-tagged name is never staff
//! by name, a name-only match to an employee present by address is a homonym (a citizen, with
//! a warning), two Graph identities sharing an address are two people, and `teams normalize`
//! applies the same rules and keeps no guest's name or address.
//!
//! The operator is `004518`, registered as `Bianchi Luca` with `luca.bianchi@inps.it`; the
//! scenario pays Teams consultation as `MFOF-WEB`. Codes added with this module are compared by
//! their text form.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use sportello::anomaly::{self, Anomaly};
use sportello::engine::{self, Inputs, Month};
use sportello::input::teams::{self, ReadOptions};
use sportello::register::Register;
use sportello::rules::Selection;
use sportello::sessions::SessionRecord;
use sportello::{input, output};

use crate::common::*;

const SCENARIO: Option<&str> = Some("scenario-remote-2025");
const OPERATOR: &str = "004518,Bianchi Luca,RM01,luca.bianchi@inps.it,100,18.50,";
const REMOTE_DAYS: [&str; 2] = ["004518,2025-10-07,,,remote_work,LA", "004518,2025-10-14,,,remote_work,LA"];

/// Normalised-sessions text from rows.
fn sessions_of(rows: &[String]) -> String {
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    sessions(&refs)
}

fn operator_staff() -> String {
    staff(&[OPERATOR])
}

fn remote_days() -> String {
    attendance(&REMOTE_DAYS)
}

/// A normalised-sessions row on 7 October, Rome time.
fn row(meeting: &str, name: &str, upn: &str, role: &str, from: &str, to: &str) -> String {
    format!("{meeting},{name},{upn},{role},2025-10-07T{from}:00+02:00,2025-10-07T{to}:00+02:00")
}

/// The operator, by address, organising `meeting` from 09:00 to 10:00.
fn organizer(meeting: &str) -> String {
    row(meeting, "Luca Bianchi", "luca.bianchi@inps.it", "organizer", "09:00", "10:00")
}

fn codes<'a>(anomalies: &'a [Anomaly], code: &str) -> Vec<&'a Anomaly> {
    anomalies.iter().filter(|a| a.code.as_str() == code).collect()
}

/// No anomaly message may carry any of these words.
fn assert_unnamed(anomalies: &[Anomaly], words: &[&str]) {
    for a in anomalies {
        for w in words {
            assert!(!a.message.en().contains(w), "{w:?} in a message: {}", a.message);
        }
    }
}

/// Every spelling of the tags Teams appends to guests', outsiders' and anonymous participants'
/// names that must keep them from being staff by name, as they would be written.
const TAGS: &[&str] = &[
    "(Guest)",
    "(Unverified)",
    "(External)",
    "(EXT)",
    "(Ospite)",
    "(Esterno)",
    "(Non verificato)",
    "(Invité)",
    "(Invitée)",
    "(Externe)",
    "(Non vérifié)",
    "(Gast)",
    "(Extern)",
    "(Nicht überprüft)",
    "(Invitado)",
    "(Invitada)",
    "(Externo)",
    "(No comprobado)",
    "(Convidado)",
    "(Não verificado)",
];

#[test]
fn a_guest_under_the_operators_name_is_a_citizen_and_the_consultation_is_paid_but_an_address_still_decides() {
    for tag in TAGS {
        // The operator organises by address; the guest joins 09:10–09:50 as "Bianchi Luca (tag)",
        // without an address, or with one that is not in the register.
        for upn in ["", "luca.bianchi@altro-ente.it"] {
            let ses = sessions_of(&[
                organizer("m1"),
                row("m1", &format!("Bianchi  Luca {tag}"), upn, "attendee", "09:10", "09:50"),
            ]);
            let r = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &ses);
            assert_eq!(r.minutes("004518", "MFOF-WEB"), 40, "{tag} {upn:?}: {:#?}", r.anomalies);
            // Rule 1 decides, not the homonym rule: no warning is due.
            assert!(codes(&r.anomalies, "HOMONYM_PARTICIPANT").is_empty(), "{tag}: {:#?}", r.anomalies);
        }
        // Where the operator is in the meeting by name only (no address anywhere, as in a legacy
        // attendance list), the tagged guest is still a citizen.
        let ses = sessions_of(&[
            row("m2", "Bianchi Luca", "", "organizer", "09:00", "10:00"),
            row("m2", &format!("Bianchi Luca {tag}"), "", "attendee", "09:10", "09:50"),
        ]);
        let r = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &ses);
        assert_eq!(r.minutes("004518", "MFOF-WEB"), 40, "{tag}, by name: {:#?}", r.anomalies);
    }
    // Matching by address is unaffected: an address in the register is staff, whatever the name
    // says (this part held before too).
    let ses = sessions_of(&[
        row("m3", "Bianchi Luca (Guest)", "Luca.Bianchi@INPS.it", "organizer", "09:00", "10:00"),
        row("m3", "Cittadino Vero", "", "attendee", "09:00", "09:30"),
    ]);
    let r = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &ses);
    assert_eq!(r.minutes("004518", "MFOF-WEB"), 30, "{:#?}", r.anomalies);
}

#[test]
fn a_homonym_is_a_citizen_where_the_operator_is_present_by_address_and_nothing_changes_elsewhere() {
    let ses = sessions_of(&[
        // m1: the operator by address; a homonym without address joins (line 4), drops and
        // rejoins (line 3, written first). The homonym is the citizen: 09:10–09:30, 09:35–09:50.
        organizer("m1"),
        row("m1", "BIANCHI  LUCA", "", "attendee", "09:35", "09:50"),
        row("m1", "Bianchi Luca", "", "attendee", "09:10", "09:30"),
        // m2, the same day: a homonym with an address not in the register (line 6).
        row("m2", "Luca Bianchi", "luca.bianchi@inps.it", "organizer", "11:00", "12:00"),
        row("m2", "Bianchi Luca", "bianchi.luca@example.net", "attendee", "11:00", "11:20"),
        // m3: no addresses at all (a legacy list cannot tell homonyms apart): both rows are the
        // operator, as before, and only the citizen's 20 minutes count.
        row("m3", "Bianchi Luca", "", "organizer", "14:00", "15:00"),
        row("m3", "Bianchi Luca", "", "attendee", "14:00", "14:50"),
        row("m3", "Cittadino Vero", "", "attendee", "14:30", "14:50"),
    ]);
    let r = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &ses);
    // m1: 20 + 15 (the 5-minute gap exceeds the 2-minute rejoin tolerance); m2: 20; m3: 20.
    assert_eq!(r.minutes("004518", "MFOF-WEB"), 75, "{:#?}", r.anomalies);
    let found = codes(&r.anomalies, "HOMONYM_PARTICIPANT");
    let at: Vec<(String, u64)> =
        found.iter().map(|a| a.source.as_ref().map_or((String::new(), 0), |s| (s.file.to_string(), s.line))).collect();
    // One warning per homonym and meeting, on the first row (the earliest join); none for m3.
    assert_eq!(at, vec![("sessions.csv".to_string(), 4), ("sessions.csv".to_string(), 6)], "{found:#?}");
    for (a, meeting) in found.iter().zip(["meeting of 2025-10-07 at 09:00", "meeting of 2025-10-07 at 11:00"]) {
        assert_eq!(a.severity(), anomaly::Severity::Warning);
        assert_eq!(a.employee_id.as_deref(), Some("004518"));
        assert_eq!(a.date.as_deref(), Some("2025-10-07"));
        assert!(
            a.message.en().contains(&format!("{meeting} (sessions.csv):")) && a.message.en().contains("004518"),
            "{}",
            a.message
        );
    }
    assert_unnamed(&r.anomalies, &["Bianchi", "BIANCHI", "Luca", "example.net", "Cittadino"]);

    // Meetings without a homonym give what they gave before the rule (this part held before
    // too): the operator by address and by name in two meetings, rejoins, a tagged citizen.
    let ses = sessions_of(&[
        organizer("m1"),
        row("m1", "Cittadino Vero (Guest)", "", "attendee", "09:05", "09:25"),
        row("m1", "Cittadino Vero (Guest)", "", "attendee", "09:26", "09:40"),
        row("m2", "Bianchi Luca", "", "organizer", "11:00", "11:30"),
        row("m2", "Bianchi Luca", "", "organizer", "11:31", "12:00"),
        row("m2", "Cittadina Altra", "c@example.net", "attendee", "11:10", "11:50"),
    ]);
    let r = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &ses);
    // m1: 09:05–09:40 (the 1-minute gap is bridged) = 35; m2: 11:10–11:30 and 11:31–11:50 = 39.
    assert_eq!(r.minutes("004518", "MFOF-WEB"), 74, "{:#?}", r.anomalies);
    assert!(!anomaly::needs_attention(&r.anomalies), "{:#?}", r.anomalies);
}

// ---------------------------------------------------------------------------------------------
// Graph: identities, not addresses, tell people apart.

/// A Graph attendance report of 7 October: the operator signed in (tenant, organizer), and a
/// second identity with no tenant carrying the operator's address under `guest_name`.
fn attendance_report(guest_name: &str) -> String {
    format!(
        r#"{{
  "id": "report-0001",
  "meetingStartDateTime": "2025-10-07T07:00:00Z",
  "meetingEndDateTime": "2025-10-07T08:00:00Z",
  "attendanceRecords": [
    {{
      "emailAddress": "luca.bianchi@inps.it",
      "role": "Organizer",
      "identity": {{ "id": "id-operator", "displayName": "Luca Bianchi", "tenantId": "tenant-inps" }},
      "attendanceIntervals": [
        {{ "joinDateTime": "2025-10-07T07:00:00Z", "leaveDateTime": "2025-10-07T08:00:00Z" }}
      ]
    }},
    {{
      "emailAddress": "Luca.Bianchi@inps.it",
      "role": "Attendee",
      "identity": {{ "id": "id-guest", "displayName": "{guest_name}", "tenantId": null }},
      "attendanceIntervals": [
        {{ "joinDateTime": "2025-10-07T07:10:00Z", "leaveDateTime": "2025-10-07T07:50:00Z" }}
      ]
    }}
  ]
}}
"#
    )
}

/// The same meeting as a callRecord: the guest is a session whose identity has no tenant.
fn call_record(guest_name: &str) -> String {
    format!(
        r##"{{
  "id": "call-0001",
  "startDateTime": "2025-10-07T07:00:00Z",
  "endDateTime": "2025-10-07T08:00:00Z",
  "organizer_v2": {{ "id": "id-operator" }},
  "sessions": [
    {{
      "startDateTime": "2025-10-07T07:00:00Z",
      "endDateTime": "2025-10-07T08:00:00Z",
      "caller": {{
        "@odata.type": "#microsoft.graph.callRecords.participantEndpoint",
        "associatedIdentity": {{ "id": "id-operator", "displayName": "Luca Bianchi", "tenantId": "tenant-inps",
                                 "userPrincipalName": "luca.bianchi@inps.it" }}
      }}
    }},
    {{
      "startDateTime": "2025-10-07T07:10:00Z",
      "endDateTime": "2025-10-07T07:50:00Z",
      "caller": {{
        "@odata.type": "#microsoft.graph.callRecords.participantEndpoint",
        "identity": {{ "guest": {{ "id": "id-guest", "displayName": "{guest_name}",
                                   "userPrincipalName": "luca.bianchi@inps.it" }} }}
      }}
    }}
  ]
}}
"##
    )
}

/// Reads Teams files as the engine does (format detection, duplicates) and computes October
/// under the scenario.
fn run_teams(staff_csv: &str, files: &[(&str, Vec<u8>)]) -> (Vec<SessionRecord>, Run) {
    let mut read = Vec::new();
    for (name, bytes) in files {
        let name: Arc<str> = Arc::from(*name);
        read.push(teams::read_file(&name, bytes, &ReadOptions::default()).expect("a readable Teams file"));
    }
    let (records, mut anomalies) = teams::dedupe(read);
    let staff_name: Arc<str> = Arc::from("staff.csv");
    let (employees, _) = input::staff::read(&staff_name, staff_csv.as_bytes(), &mut anomalies).unwrap();
    let register = Register::new(employees);
    let att_name: Arc<str> = Arc::from("attendance.csv");
    let (attendance, _) = input::attendance::read(&att_name, remote_days().as_bytes(), &mut anomalies).unwrap();
    let book = embedded();
    let selection = Selection::selected(&book, "scenario-remote-2025").unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let result =
        engine::compute(month, Inputs { register: &register, attendance: &attendance, sessions: &records }, &selection);
    anomalies.extend(result.anomalies.iter().cloned());
    anomaly::sort(&mut anomalies);
    let mut csv = Vec::new();
    output::payroll::write_csv(&result.rows, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    (records.clone(), Run { result, anomalies, csv, attendance, sessions: records })
}

#[test]
fn two_graph_identities_sharing_the_operators_address_are_two_people() {
    for (file, text) in [("report.json", attendance_report("Bianchi Luca")), ("call.json", call_record("Bianchi Luca"))]
    {
        let (records, r) = run_teams(&operator_staff(), &[(file, text.into_bytes())]);
        // The guest's 40 minutes are a citizen's, not the operator's own.
        assert_eq!(r.minutes("004518", "MFOF-WEB"), 40, "{file}: {:#?}", r.anomalies);
        // Only the signed-in identity kept the address.
        let with_address: Vec<&str> =
            records.iter().filter(|s| !s.upn.is_empty()).map(|s| s.participant.as_str()).collect();
        assert_eq!(with_address, vec!["Luca Bianchi"], "{file}");
        let shared = codes(&r.anomalies, "SHARED_ADDRESS");
        assert_eq!(shared.len(), 1, "{file}: {:#?}", r.anomalies);
        assert_eq!(shared[0].severity(), anomaly::Severity::Warning);
        assert_eq!(shared[0].source.as_ref().map(|s| &*s.file), Some(file));
        // Without the address, the guest matches the operator by name only, while the operator
        // is here by address: the homonym rule says so too.
        assert_eq!(codes(&r.anomalies, "HOMONYM_PARTICIPANT").len(), 1, "{file}: {:#?}", r.anomalies);
        assert_unnamed(&r.anomalies, &["Bianchi", "Luca", "luca.bianchi", "inps.it"]);
    }
    // A guest with a name of their own sharing the address: a citizen, with one warning.
    let (_, r) = run_teams(&operator_staff(), &[("report.json", attendance_report("Cittadina Vera").into_bytes())]);
    assert_eq!(r.minutes("004518", "MFOF-WEB"), 40, "{:#?}", r.anomalies);
    assert_eq!(codes(&r.anomalies, "SHARED_ADDRESS").len(), 1);
    assert!(codes(&r.anomalies, "HOMONYM_PARTICIPANT").is_empty());
}

// ---------------------------------------------------------------------------------------------
// teams normalize.

#[test]
fn normalize_never_keeps_a_guests_name_or_address_and_computes_the_same() {
    let ses = sessions_of(&[
        organizer("m1"),
        row("m1", "Bianchi Luca (Guest)", "guest.one@example.net", "attendee", "09:05", "09:20"),
        row("m1", "Bianchi Luca", "", "attendee", "09:30", "09:45"),
        row("m2", "Bianchi Luca", "", "organizer", "11:00", "12:00"),
        row("m2", "Bianchi Luca (Ospite)", "", "attendee", "11:10", "11:40"),
    ]);
    let name: Arc<str> = Arc::from("sessions.csv");
    let mut found = Vec::new();
    let (records, _) = input::sessions::read(&name, ses.as_bytes(), &mut found).unwrap();
    let mut staff_found = Vec::new();
    let staff_name: Arc<str> = Arc::from("staff.csv");
    let (employees, _) = input::staff::read(&staff_name, operator_staff().as_bytes(), &mut staff_found).unwrap();
    let register = Register::new(employees);
    let rows = teams::normalize(&records, Some(&register));
    let mut out = Vec::new();
    sportello::output::sessions::write_normalized(&rows, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    // Staff keep their name and address; every guest and homonym is a pseudonym.
    assert_eq!(
        text,
        "meeting_id,participant,upn,role,join,leave\n\
         m1,Luca Bianchi,luca.bianchi@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00\n\
         m1,citizen-1,,attendee,2025-10-07T09:05:00+02:00,2025-10-07T09:20:00+02:00\n\
         m1,citizen-2,,attendee,2025-10-07T09:30:00+02:00,2025-10-07T09:45:00+02:00\n\
         m2,Bianchi Luca,,organizer,2025-10-07T11:00:00+02:00,2025-10-07T12:00:00+02:00\n\
         m2,citizen-1,,attendee,2025-10-07T11:10:00+02:00,2025-10-07T11:40:00+02:00\n"
    );
    // The month computed over the normalised file pays what it pays over the original.
    let original = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &ses);
    let normalised = run(&embedded(), SCENARIO, "2025-10", &operator_staff(), &remote_days(), &text);
    assert_eq!(original.minutes("004518", "MFOF-WEB"), 60, "{:#?}", original.anomalies);
    assert_eq!(normalised.csv, original.csv);
}

// ---------------------------------------------------------------------------------------------
// Through the binary, on files as Teams and Graph write them.

struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str) -> Tmp {
        let dir = std::env::temp_dir().join(format!("sportello-staff-matching-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("teams")).unwrap();
        std::fs::write(dir.join("staff.csv"), operator_staff()).unwrap();
        std::fs::write(dir.join("attendance.csv"), remote_days()).unwrap();
        Tmp(dir)
    }

    fn s(&self, rel: &str) -> String {
        self.0.join(rel).to_string_lossy().into_owned()
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sportello(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_sportello")).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned(), err)
}

/// A legacy attendance list (UTF-16LE with BOM, TAB, LF) of 14 October: no addresses at all.
fn legacy_list(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut text = String::from("Full Name\tUser Action\tTimestamp\n");
    for (name, action, time) in rows {
        text.push_str(&format!("{name}\t{action}\t10/14/2025, {time}\n"));
    }
    let mut bytes = vec![0xFF, 0xFE];
    text.encode_utf16().for_each(|u| bytes.extend_from_slice(&u.to_le_bytes()));
    bytes
}

#[test]
fn the_binary_pays_the_consultation_with_a_guest_named_like_the_operator() {
    let t = Tmp::new("compute");
    std::fs::write(
        t.s("teams/meetingAttendanceList.csv"),
        legacy_list(&[
            ("Bianchi Luca", "Joined", "9:00:00 AM"),
            ("Bianchi Luca", "Left", "10:00:00 AM"),
            ("Bianchi Luca  (Ospite)", "Joined", "9:10:00 AM"),
            ("Bianchi Luca  (Ospite)", "Left", "9:40:00 AM"),
        ]),
    )
    .unwrap();
    std::fs::write(t.s("teams/attendanceReport.json"), attendance_report("Bianchi Luca")).unwrap();
    let dir = t.s("");
    let (payroll, anomalies) = (t.s("payroll.csv"), t.s("anomalies.csv"));
    let (code, _, err) = sportello(&[
        "compute",
        "--month",
        "2025-10",
        "--data",
        &dir,
        "--ruleset",
        "scenario-remote-2025",
        "--out",
        &payroll,
        "--anomalies",
        &anomalies,
    ]);
    // The warnings make it exit 1; both meetings are paid: 30 + 40 minutes.
    assert_eq!(code, 1, "{err}");
    let payroll = std::fs::read_to_string(&payroll).unwrap();
    assert!(payroll.contains("004518,2025-10,MFOF-WEB,scenario-remote-2025,2,70,"), "{payroll}");
    let anomalies = std::fs::read_to_string(&anomalies).unwrap();
    assert!(anomalies.contains("SHARED_ADDRESS") && anomalies.contains("HOMONYM_PARTICIPANT"), "{anomalies}");
    // The guest's name or address is in no cell; the employee's name, as the register has it,
    // is in `employee_name` beside their id.
    let mut file = csv::Reader::from_reader(anomalies.as_bytes());
    for record in file.records() {
        let record = record.unwrap();
        for (column, cell) in record.iter().enumerate() {
            if column == 4 {
                assert!(cell.is_empty() || record.get(3) == Some("004518") && cell == "Bianchi Luca", "{record:?}");
                continue;
            }
            for guest in ["Ospite", "Bianchi", "Luca B", "luca.bianchi"] {
                assert!(!cell.contains(guest), "{guest}: {anomalies}");
            }
        }
    }

    // `teams normalize` keeps the operator's rows and no guest's name or address.
    let (code, out, err) = sportello(&["teams", "normalize", &t.s("teams"), "--staff", &t.s("staff.csv")]);
    assert!(code <= 1, "{err}");
    assert!(!out.contains("Ospite") && !out.contains("Luca.Bianchi@"), "{out}");
    let staff_rows: Vec<&str> = out.lines().filter(|l| l.contains("Bianchi")).collect();
    assert_eq!(staff_rows.len(), 2, "{out}");
    assert!(staff_rows.iter().all(|l| l.contains(",organizer,")), "{out}");
    assert_eq!(out.lines().filter(|l| l.contains(",citizen-1,,attendee,")).count(), 2, "{out}");
}
