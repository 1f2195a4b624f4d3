//! The demo month against its committed expected outputs (golden files).
//!
//! `fixtures/demo/expected/` holds the payroll and anomalies files of October 2025 under the
//! contract in force and under the unions' scenario. A change that alters any figure or any
//! anomaly fails here; when the change is intended, regenerate them with
//! `SPORTELLO_BLESS=1 cargo test --test demo_golden` and review the diff.

use std::path::Path;
use std::process::Command;

fn run(ruleset: Option<&str>, tag: &str) {
    let out_dir = std::env::temp_dir().join(format!("sportello-golden-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let payroll = out_dir.join("payroll.csv");
    let anomalies = out_dir.join("anomalies.csv");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    // In English, whatever the locale: the files are compared byte for byte.
    crate::common::in_english(&mut cmd);
    cmd.args(["compute", "--month", "2025-10", "--data", "fixtures/demo", "--quiet", "--lang", "en"]);
    cmd.arg("--out").arg(&payroll).arg("--anomalies").arg(&anomalies);
    if let Some(r) = ruleset {
        cmd.args(["--ruleset", r]);
    }
    let status = cmd.status().unwrap();
    // The demo deliberately contains rows to report: results written, exit code 1.
    assert_eq!(status.code(), Some(1));
    for (got, name) in [(&payroll, format!("payroll-{tag}.csv")), (&anomalies, format!("anomalies-{tag}.csv"))] {
        let expected_path = Path::new("fixtures/demo/expected").join(&name);
        let got = std::fs::read_to_string(got).unwrap();
        if std::env::var_os("SPORTELLO_BLESS").is_some() {
            std::fs::create_dir_all("fixtures/demo/expected").unwrap();
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with SPORTELLO_BLESS=1 to create it)", expected_path.display()));
        if got != expected {
            let diff: Vec<String> = expected
                .lines()
                .zip(got.lines())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .take(5)
                .map(|(i, (a, b))| format!("line {}:\n  expected {a}\n  got      {b}", i + 1))
                .collect();
            panic!(
                "{} differs ({} vs {} lines):\n{}",
                expected_path.display(),
                expected.lines().count(),
                got.lines().count(),
                diff.join("\n")
            );
        }
    }
    std::fs::remove_dir_all(&out_dir).ok();
}

#[test]
fn demo_month_under_the_contract_in_force() {
    run(None, "inps-ccni-2025");
}

#[test]
fn demo_month_under_the_remote_scenario() {
    run(Some("scenario-remote-2025"), "scenario-remote-2025");
}

#[test]
fn no_citizen_name_or_address_in_any_demo_output() {
    use sportello::input::{load, InputPaths};
    use sportello::register::ParticipantMatch;
    let loaded = load(&InputPaths::in_folder(Path::new("fixtures/demo"))).unwrap();
    let mut secrets = std::collections::BTreeSet::new();
    for s in &loaded.sessions {
        if loaded.register.match_participant(&s.participant, &s.upn) == ParticipantMatch::Citizen {
            secrets.insert(s.participant.clone());
            if !s.upn.is_empty() {
                secrets.insert(s.upn.clone());
            }
        }
    }
    assert!(secrets.len() > 10, "the demo should have citizens");
    for entry in std::fs::read_dir("fixtures/demo/expected").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{} contains a citizen's name or address", path.display());
        }
    }
}
