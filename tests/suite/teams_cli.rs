//! The Teams commands and `compute --teams` on real exports, through the binary.

use std::process::Command;

const SAMPLES: &str = "fixtures/teams-samples";
const CITIZENS: [&str; 4] = ["Cittadino Due", "cittadino.due@example.net", "Cittadina Tre", "Cittadino"];

fn sportello(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_sportello")).args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn inspect_says_how_each_sample_was_read() {
    let expected = [
        ("01_", "attendance list"),
        ("04_", "2021-22"),
        ("05_", "summary, participants, activities"),
        ("08_", "live-event"),
        ("09_", "Graph"),
        ("10_", "Graph"),
    ];
    for entry in std::fs::read_dir(SAMPLES).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (code, out, _) = sportello(&["teams", "inspect", path.to_str().unwrap()]);
        assert!(code <= 1, "{name}: {code} {out}");
        for (prefix, words) in expected {
            if name.starts_with(prefix) {
                assert!(out.to_lowercase().contains(&words.to_lowercase()), "{name}: {out}");
            }
        }
        assert!(out.contains("meetings:") && out.contains("intervals:"), "{out}");
        for c in CITIZENS {
            assert!(!out.contains(c), "{name}: inspect shows a citizen: {out}");
        }
    }
}

#[test]
fn inspect_refuses_garbage_with_exit_2_and_names_the_file() {
    let dir = std::env::temp_dir().join(format!("sportello-teams-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bank.csv");
    std::fs::write(&f, "Date;Description;Amount\n01/10/2025;Bonifico;100,00\n").unwrap();
    let (code, out, _) = sportello(&["teams", "inspect", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("refused") && out.contains("bank.csv"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn normalize_pseudonymises_citizens_and_counts_a_meeting_once() {
    let (code, out, err) = sportello(&["teams", "normalize", SAMPLES]);
    assert!(code <= 1, "{err}");
    assert!(out.starts_with("meeting_id,participant,upn,role,join,leave\n"), "{out}");
    assert!(out.contains("citizen-1"));
    for c in CITIZENS {
        assert!(!out.contains(c) && !err.contains(c), "a citizen's name or address leaked: {c}");
    }
    // Samples 05 (CSV), 09 (Graph report) and 10 (callRecord) are one meeting: one copy kept.
    let organizer = "operatore.uno@example.org,organizer,2024-03-14T14:30:04+01:00,2024-03-14T15:05:50+01:00";
    assert_eq!(out.matches(organizer).count(), 1, "{out}");
    assert_eq!(err.matches("DUPLICATE_MEETING").count(), 0, "notes are not listed on stderr: {err}");
}

#[test]
fn compute_reads_a_folder_of_real_exports_and_reports_the_duplicates() {
    let dir = std::env::temp_dir().join(format!("sportello-teams-compute-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let staff = dir.join("staff.csv");
    let att = dir.join("attendance.csv");
    let an = dir.join("an.csv");
    std::fs::write(
        &staff,
        "employee_id,full_name,teams_upn,hourly_base_eur\n000001,Operatore Uno,operatore.uno@example.org,20.00\n",
    )
    .unwrap();
    std::fs::write(&att, "employee_id,date,start,end,kind,code\n000001,2024-03-14,,,remote_work,LA\n").unwrap();
    let (code, out, err) = sportello(&[
        "compute",
        "--month",
        "2024-03",
        "--staff",
        staff.to_str().unwrap(),
        "--attendance",
        att.to_str().unwrap(),
        "--teams",
        SAMPLES,
        "--ruleset",
        "scenario-remote-2025",
        "--anomalies",
        an.to_str().unwrap(),
    ]);
    // 2024 has no remote recognition, even under the scenario (it starts on 2025-07-01).
    assert!(code <= 1, "{err}");
    assert_eq!(out, "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n");
    let anomalies = std::fs::read_to_string(&an).unwrap();
    assert_eq!(anomalies.matches("DUPLICATE_MEETING").count(), 2, "{anomalies}");
    assert!(anomalies.contains("REMOTE_NOT_RECOGNISED"), "{anomalies}");
    for c in CITIZENS {
        assert!(!anomalies.contains(c), "{c}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
