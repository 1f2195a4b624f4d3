//! Runs that can be re-checked: `--manifest F.json` records a run (the program, the command,
//! every rule set and input with its SHA-256, every output with the SHA-256 of what was
//! written), and `sportello verify F.json` runs it again and says what changed. Everything
//! through the binary, each test in its own folder, with the locale set (`LANG=C`) so that the
//! machine's cannot choose the language.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::outputs_safe::{Tmp, ATT, SESSIONS, STAFF};

const BIN: &str = env!("CARGO_BIN_EXE_sportello");

/// A Graph attendance report: a Teams export that is not a table (its rows are `null`).
const GRAPH: &str = "fixtures/teams-samples/09_graph_meetingAttendanceReport_expanded.json";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs sportello in `cwd` under the locale `lang` (`C`, `it_IT.UTF-8`).
fn run_in(cwd: &Path, locale: &str, args: &[&str]) -> Out {
    let o = Command::new(BIN)
        .current_dir(cwd)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .args(args)
        .output()
        .expect("run sportello");
    let out = Out {
        code: o.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(!out.stderr.contains("panicked"), "sportello {args:?} panicked:\n{}", out.stderr);
    out
}

fn run(cwd: &Path, args: &[&str]) -> Out {
    run_in(cwd, "C", args)
}

/// A data folder `data/` with a register, an attendance file (one row to report, so runs exit
/// 1), a normalised sessions file and a Graph JSON export.
fn month() -> Tmp {
    let t = Tmp::data("manifest", STAFF, ATT);
    t.write("data/teams/graph.json", &std::fs::read(GRAPH).expect("the Graph sample"));
    t
}

/// The recorded compute of the month: payroll, anomalies and manifest to files.
const COMPUTE: &[&str] = &[
    "compute",
    "--month",
    "2025-10",
    "--data",
    "data",
    "--out",
    "payroll.csv",
    "--anomalies",
    "anomalies.csv",
    "--manifest",
    "run.json",
];

fn record(t: &Tmp, args: &[&str]) {
    let out = run(&t.0, args);
    assert_eq!(out.code, 1, "{}", out.stderr);
}

fn manifest(t: &Tmp, rel: &str) -> Value {
    serde_json::from_slice(&t.bytes(rel)).expect("the manifest is JSON")
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The same command twice gives the same manifest, byte for byte, but for its date; the lists
/// are in a stable order and say what was read and written.
#[test]
fn the_same_run_twice_gives_the_same_manifest_but_its_date() {
    let t = month();
    record(&t, COMPUTE);
    let first = String::from_utf8(t.bytes("run.json")).unwrap();
    record(&t, COMPUTE);
    let second = String::from_utf8(t.bytes("run.json")).unwrap();
    let undated = |text: &str| text.lines().filter(|l| !l.contains("\"date\"")).collect::<Vec<_>>().join("\n");
    assert_eq!(undated(&first), undated(&second));
    assert_eq!(first.lines().filter(|l| l.contains("\"date\"")).count(), 1);

    let m = manifest(&t, "run.json");
    assert_eq!(m["manifest"], 1);
    assert_eq!(m["engine"]["name"], "sportello");
    assert_eq!(m["engine"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["command"], serde_json::json!(COMPUTE));
    assert_eq!(m["lang"], "en", "LANG=C writes English");
    let date = m["date"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(date).is_ok(), "{date}");
    let wd = Path::new(m["working_directory"].as_str().unwrap());
    assert_eq!(wd.canonicalize().unwrap(), t.0.canonicalize().unwrap());

    let inputs = m["inputs"].as_array().unwrap();
    let paths: Vec<&str> = inputs.iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["data/attendance.csv", "data/staff.csv", "data/teams/graph.json", "data/teams/sessions.csv"]);
    let rows: Vec<&Value> = inputs.iter().map(|i| &i["rows"]).collect();
    assert_eq!(rows, [&Value::from(3), &Value::from(1), &Value::Null, &Value::from(2)]);
    for i in inputs {
        let bytes = t.bytes(i["path"].as_str().unwrap());
        assert_eq!(i["sha256"], sha256(&bytes));
        assert_eq!(i["size"], bytes.len());
    }
    let outputs = m["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 2, "the manifest does not list itself");
    for (o, (flag, path)) in outputs.iter().zip([("--out", "payroll.csv"), ("--anomalies", "anomalies.csv")]) {
        assert_eq!((o["flag"].as_str(), o["path"].as_str()), (Some(flag), Some(path)));
        assert_eq!(o["sha256"], sha256(&t.bytes(path)), "the digest of the bytes written");
    }
}

/// The built-in rule sets are named as such, each with the SHA-256 of the text compiled into
/// the program (the shipped file's bytes).
#[test]
fn a_manifest_names_the_built_in_rule_sets_with_the_digest_of_their_text() {
    let t = month();
    record(&t, COMPUTE);
    let m = manifest(&t, "run.json");
    let sets = m["rulesets"].as_array().unwrap();
    assert_eq!(sets.len(), sportello::rules::EMBEDDED.len());
    let set = sets.iter().find(|s| s["id"] == "inps-ccni-2025").expect("the contract in force");
    assert_eq!(set["file"], "built-in:inps-ccni-2025.toml");
    let (_, text) = sportello::rules::EMBEDDED.iter().find(|(n, _)| *n == "inps-ccni-2025.toml").unwrap();
    assert_eq!(set["sha256"], sha256(text.as_bytes()));
    assert_eq!(set["sha256"], sha256(&std::fs::read("rules/inps-ccni-2025.toml").unwrap()));
}

#[test]
fn verify_passes_on_an_untouched_run() {
    let t = month();
    record(&t, COMPUTE);
    let before = [t.bytes("run.json"), t.bytes("payroll.csv"), t.bytes("anomalies.csv")];
    let out = run(&t.0, &["--lang", "en", "verify", "run.json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let after = [t.bytes("run.json"), t.bytes("payroll.csv"), t.bytes("anomalies.csv")];
    assert!(before == after, "verifying rewrote a file of the run");
    assert!(out.stdout.contains("verified: 4 inputs, 3 rule sets and 2 outputs identical"), "{}", out.stdout);
    // Verifying writes nothing beside the run's files.
    assert_eq!(t.names(""), ["anomalies.csv", "data", "payroll.csv", "run.json"]);
}

/// The language the run was recorded in is the re-run's, whatever the locale of the check: the
/// anomalies file is written in it.
#[test]
fn verify_reruns_in_the_recorded_language() {
    let t = month();
    record(&t, COMPUTE);
    let out = run_in(&t.0, "it_IT.UTF-8", &["verify", "run.json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("verifica superata: 4 input, 3 set di regole e 2 output"), "{}", out.stdout);
}

/// One byte of the attendance changed: the input is named, and so are the outputs the new
/// run writes differently.
#[test]
fn verify_names_an_edited_input() {
    let t = month();
    record(&t, COMPUTE);
    // The counter shift ends at 11:30 instead of 12:30: one byte.
    let att = String::from_utf8(t.bytes("data/attendance.csv")).unwrap();
    let edited = att.replacen(",12:30,", ",11:30,", 1);
    assert_ne!(edited, att);
    t.write("data/attendance.csv", edited.as_bytes());
    let out = run(&t.0, &["--lang", "en", "verify", "run.json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("input data/attendance.csv: its content changed"), "{}", out.stdout);
    assert!(!out.stdout.contains("input data/staff.csv"), "{}", out.stdout);
    assert!(out.stdout.contains("output --out payroll.csv: run again, the command writes other content"));
    assert!(out.stdout.contains("not verified:"), "{}", out.stdout);
    let it = run(&t.0, &["--lang", "it", "verify", "run.json"]);
    assert!(it.stdout.contains("input data/attendance.csv: il contenuto è cambiato"), "{}", it.stdout);
}

/// The payroll file in hand is not the one the run wrote: named, though the inputs still give
/// the recorded one.
#[test]
fn verify_names_an_edited_output() {
    let t = month();
    record(&t, COMPUTE);
    let payroll = String::from_utf8(t.bytes("payroll.csv")).unwrap();
    let edited = payroll.replacen("001,", "002,", 1);
    assert_ne!(edited, payroll);
    t.write("payroll.csv", edited.as_bytes());
    let out = run(&t.0, &["--lang", "en", "verify", "run.json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let named = "output --out payroll.csv: the file is no longer the one the recorded run wrote";
    assert!(out.stdout.contains(named), "{}", out.stdout);
    assert!(!out.stdout.contains("input "), "the inputs are the same: {}", out.stdout);
    assert!(!out.stdout.contains("run again"), "the re-run gives the recorded output: {}", out.stdout);
    // A removed output is named too.
    std::fs::remove_file(t.path("anomalies.csv")).unwrap();
    let out = run(&t.0, &["--lang", "en", "verify", "run.json"]);
    assert!(out.stdout.contains("output --anomalies anomalies.csv: the file cannot be read"), "{}", out.stdout);
}

/// A Teams file added to the folder after the run is read by the new run: named.
#[test]
fn verify_names_an_input_the_run_did_not_read() {
    let t = month();
    record(&t, COMPUTE);
    t.write("data/teams/late.csv", SESSIONS.as_bytes());
    let out = run(&t.0, &["--lang", "en", "verify", "run.json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("input data/teams/late.csv: read by the new run, but not in the manifest"));
}

#[test]
fn verify_on_what_is_not_a_manifest_exits_2() {
    let t = month();
    record(&t, COMPUTE);
    t.write("garbage.json", b"\x00\x01 not json");
    t.write("other.json", br#"{"manifest": 1}"#);
    let mut m = manifest(&t, "run.json");
    m["command"] = serde_json::json!(["verify", "run.json"]);
    t.write("loop.json", m.to_string().as_bytes());
    let mut m = manifest(&t, "run.json");
    m["outputs"][0]["path"] = "elsewhere.csv".into();
    t.write("mismatch.json", m.to_string().as_bytes());
    for (file, said) in [
        ("garbage.json", "garbage.json: not a readable sportello manifest"),
        ("other.json", "missing field"),
        ("missing.json", "missing.json: not a readable sportello manifest"),
        ("loop.json", "cannot be run again"),
        ("mismatch.json", "--out elsewhere.csv is not in the recorded command"),
    ] {
        let out = run(&t.0, &["--lang", "en", "verify", file]);
        assert_eq!(out.code, 2, "{file}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains(said), "{file}: {}", out.stderr);
    }
    let it = run(&t.0, &["--lang", "it", "verify", "garbage.json"]);
    assert!(it.stderr.contains("non è un manifest di sportello leggibile"), "{}", it.stderr);
}

/// The manifest is an output like the others: never an input, never another output.
#[test]
fn the_manifest_is_checked_against_inputs_and_outputs() {
    let t = month();
    let staff = t.bytes("data/staff.csv");
    let base = ["compute", "--month", "2025-10", "--data", "data", "--out", "payroll.csv", "--manifest"];
    for (target, said) in [("data/staff.csv", "is the same file as the input"), ("payroll.csv", "are the same file")] {
        let out = run(&t.0, &[&base[..], &[target]].concat());
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert!(out.stderr.contains(said) && out.stderr.contains("--manifest"), "{}", out.stderr);
    }
    assert_eq!(t.bytes("data/staff.csv"), staff);
    assert_eq!(t.names(""), ["data"], "nothing written");
}

/// Explain (to standard output: not checkable, said) and compare are recorded and verified.
#[test]
fn explain_and_compare_are_recorded_and_verified() {
    let t = month();
    let explain = ["explain", "--employee", "001", "--month", "2025-10", "--data", "data", "--manifest", "e.json"];
    let out = run(&t.0, &explain);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let m = manifest(&t, "e.json");
    assert_eq!(m["outputs"], serde_json::json!([{ "flag": "--out", "path": "-", "sha256": null }]));
    let out = run(&t.0, &["--lang", "en", "verify", "e.json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("note: the output --out went to standard output"), "{}", out.stdout);

    let compare = [
        "compare",
        "--month",
        "2025-10",
        "--data",
        "data",
        "--vs",
        "scenario-remote-2025",
        "--out",
        "cmp.csv",
        "--manifest=c.json",
    ];
    assert_eq!(run(&t.0, &compare).code, 1);
    let out = run(&t.0, &["--lang", "en", "verify", "c.json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("and 1 outputs identical"), "{}", out.stdout);
}

/// Arrears with a folder of rule files: each rule set names its file, and an edited rule file
/// is named by verify.
#[test]
fn arrears_with_rule_files_names_an_edited_rule_file() {
    let t = Tmp::new("manifest-arrears");
    copy_tree(Path::new("fixtures/arrears/data"), "data", &t);
    copy_tree(Path::new("fixtures/arrears/rules"), "rules", &t);
    t.write("paid.csv", &std::fs::read("fixtures/arrears/paid.csv").unwrap());
    let args = [
        "arrears",
        "--from",
        "2025-08",
        "--to",
        "2025-10",
        "--data-root",
        "data",
        "--rules",
        "rules",
        "--paid",
        "paid.csv",
        "--out",
        "arrears.csv",
        "--manifest",
        "a.json",
    ];
    let out = run(&t.0, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let m = manifest(&t, "a.json");
    let set = m["rulesets"].as_array().unwrap().iter().find(|s| s["id"] == "inps-ccni-2025-certified").unwrap();
    assert_eq!(set["file"], "rules/inps-ccni-2025-certified.toml");
    assert_eq!(set["sha256"], sha256(&t.bytes("rules/inps-ccni-2025-certified.toml")));
    let inputs: Vec<&str> = m["inputs"].as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert!(inputs.contains(&"paid.csv") && inputs.contains(&"data/2025-09/attendance.csv"), "{inputs:?}");
    assert!(!inputs.iter().any(|p| p.starts_with("rules/")), "rule files are listed as rule sets: {inputs:?}");
    assert_eq!(run(&t.0, &["verify", "a.json"]).code, 0);

    let mut rule = t.bytes("rules/inps-ccni-2025-certified.toml");
    rule.extend_from_slice(b"\n# an edit\n");
    t.write("rules/inps-ccni-2025-certified.toml", &rule);
    let out = run(&t.0, &["--lang", "en", "verify", "a.json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let named = "rule set inps-ccni-2025-certified (rules/inps-ccni-2025-certified.toml): its text changed";
    assert!(out.stdout.contains(named), "{}", out.stdout);
}

/// Copies a folder's files, subfolders included, to `rel` in `t`.
fn copy_tree(from: &Path, rel: &str, t: &Tmp) {
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let name = format!("{rel}/{}", p.file_name().unwrap().to_string_lossy());
        if p.is_dir() {
            copy_tree(&p, &name, t);
        } else {
            t.write(&name, &std::fs::read(&p).unwrap());
        }
    }
}
