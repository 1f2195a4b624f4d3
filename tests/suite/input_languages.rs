//! The input side in two languages: every anomaly the readers of the user's files raise, every
//! error that refuses a whole file, every mistake of a rule file and every hint is a sentence
//! with a template, written in Italian or English as the reader chose (the issue "Every word a
//! person reads follows the language").

use std::sync::Arc;

use sportello::anomaly::{Anomaly, Code, SourceRef};
use sportello::engine::Month;
use sportello::input::batch::Batch;
use sportello::input::table::{FileRows, Tally};
use sportello::input::{self, InputError, InputPaths};
use sportello::lang::Lang;
use sportello::message::Message;
use sportello::register::Register;

use crate::common::{attendance, full_rule_file, rule_file, sessions, staff, try_book, TempDir, DEFAULT_CLAUSES, ONE};
use crate::outputs_safe::{sportello_in, Tmp};

/// `Some(why)` when `m` is not a template, or reads the same in both languages.
fn not_bilingual(m: &Message) -> Option<String> {
    let (it, en) = (m.render(Lang::It), m.render(Lang::En));
    if m.is_plain() {
        Some(format!("a text given whole: {en}"))
    } else if it == en {
        Some(format!("the same in Italian and English: {en}"))
    } else {
        None
    }
}

fn check_all(anomalies: &[Anomaly]) -> Vec<String> {
    anomalies
        .iter()
        .filter_map(|a| not_bilingual(&a.message).map(|why| format!("{} at {:?}: {why}", a.code, a.source)))
        .collect()
}

fn october() -> Month {
    "2025-10".parse().expect("a month")
}

/// Every row-level anomaly of the register, the attendance and the sessions file, each case
/// of `anomaly_codes` and `messy_inputs` that the readers raise, and more.
fn anomalies_of_the_tables() -> Vec<Anomaly> {
    let mut found = Vec::new();
    let st = staff(&[
        ONE,
        ",Nessuno,RM01,,,,",
        "003,,RM01,,,,",
        "004,Anna,RM01,,150,,",
        "005,Bruno,RM01,,,-3,",
        "006,Carla,RM01,,,,",
        "001,Maria Rossi Bis,RM02,,,18.50,",
        "\"007,Dario,RM01,,,18.50,",
        "008,Elena",
        "002,Anna Verdi,RM01,,100,18.50,",
        "009,anna verdi,RM02,,100,18.50,",
    ]);
    let (employees, _) =
        input::staff::read(&Arc::from("staff.csv"), st.as_bytes(), &mut found).expect("staff.csv is readable");
    found.extend(input::staff::duplicate_ids(&employees));
    let register = Register::new(employees);

    let att = attendance(&[
        ",2025-10-07,08:00,09:00,presence,",
        "002,,08:00,09:00,presence,",
        "002,2025-13-45,08:00,09:00,presence,",
        "002,2025-10-07,08:00,09:00,lunch,",
        "002,2025-10-07,08:00,09:00,,",
        "002,2025-10-07,,,front_office,MFOF",
        "002,2025-10-07,08:00,,presence,",
        "002,2025-10-07,24:00,09:00,presence,",
        "002,2025-10-07,8h,09:00,presence,",
        "002,2025-10-07,14:00,08:00,presence,",
        "002,2025-10-07,08:00,08:00,presence,",
        "002,2025-10-26,02:30,03:30,presence,",
        "002,2025-03-30,02:30,04:00,presence,",
        "002,2025-10-07,08:30,\"12:30,front_office,MFOF",
        "002,2025-10-07,08:30,12:30,front_office,MFOF,x,\"y",
        "002,2025-10-07",
        "999,2025-10-07,08:00,09:00,presence,",
        "001,2025-10-07,08:00,09:00,presence,",
        "002,2025-09-30,08:00,09:00,presence,",
    ]);
    let (att_rows, _) = input::attendance::read(&Arc::from("attendance.csv"), att.as_bytes(), &mut found)
        .expect("attendance.csv is readable");

    let far = "2025-10-09T09:00:00+02:00";
    let ses = sessions(&[
        ",Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00",
        "m1,,,organizer,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00",
        "m1,Maria Rossi,,host,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00",
        "m1,Maria Rossi,,organizer,2025-10-07 09:00,2025-10-07T10:00:00+02:00",
        "m1,Maria Rossi,,organizer,2025-10-07T09:00:00+02:00,",
        "m1,Maria Rossi,,organizer,2025-10-07T10:00:00+02:00,2025-10-07T09:00:00+02:00",
        "Mario Segreto,Maria Rossi,,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:00:00+02:00",
        &format!("m2,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:00:00+02:00,{far}"),
        "m2,Anna Verdi,,attendee,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00",
    ]);
    let (ses_rows, _) = input::sessions::read(&Arc::from("sessions.csv"), ses.as_bytes(), &mut found)
        .expect("sessions.csv is readable");

    let mut batch = Batch::from_records(&register, october(), &att_rows, &ses_rows);
    found.extend(batch.take_anomalies());

    let unaccounted = FileRows { file: Arc::from("attendance.csv"), tally: Tally { read: 3, used: 1, reported: 1 } };
    found.extend(unaccounted.unaccounted());
    found
}

/// The anomalies of a paid file, and of its rows whose employee is not in the register.
fn anomalies_of_a_paid_file() -> Vec<Anomaly> {
    let head = "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n";
    let text = format!(
        "{head},2025-10,MFOF,x,1,60,1.00,4.00,4.00\n001,,MFOF,x,1,60,1.00,4.00,4.00\n\
         001,2025-9,MFOF,x,1,60,1.00,4.00,4.00\n001,2025-10,,x,1,60,1.00,4.00,4.00\n\
         001,2025-10,MFOF,x,1,60,1.00,4.00,\n001,2025-10,MFOF,x,1,60,1.00,4.00,abc\n\
         001,2025-10,MFOF,x,1,6O,1.00,4.00,4.00\n001,2025-07,MFOF,x,1,60,1.00,4.00,4.00\n\
         777,2025-10,MFOF,x,1,60,1.00,4.00,4.00\n777,2025-10,MFOF,x,1,60,1.00,4.00,4.00\n"
    );
    let mut found = Vec::new();
    let month = october();
    let paid = input::paid::read_paid(&Arc::from("paid.csv"), text.as_bytes(), month, month, &mut found)
        .expect("paid.csv is readable");
    found.extend(sportello::report::arrears::unknown_employees(&paid, month, |id| id == "001"));
    found
}

#[test]
fn every_anomaly_of_the_readers_is_a_template_in_both_languages() {
    let mut found = anomalies_of_the_tables();
    found.extend(anomalies_of_a_paid_file());
    let failures = check_all(&found);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Each the readers can raise on a row is here (the others: see the folder's test).
    let mut codes: Vec<Code> = found.iter().map(|a| a.code).collect();
    codes.sort();
    codes.dedup();
    let expected = [
        Code::MissingValue,
        Code::BadValue,
        Code::ShortRow,
        Code::EndBeforeStart,
        Code::EmptyInterval,
        Code::UnknownEmployee,
        Code::DuplicateEmployee,
        Code::OutsideMonth,
        Code::DstFold,
        Code::DstGap,
        Code::AmbiguousParticipant,
        Code::DuplicateRow,
        Code::UnclosedQuote,
        Code::RowsUnaccounted,
        Code::MissingPartTime,
    ];
    for code in expected {
        assert!(codes.contains(&code), "{code} not raised: {codes:?}");
    }
    // A withheld meeting id is withheld in both languages, and no participant is named.
    for a in &found {
        for lang in [Lang::It, Lang::En] {
            assert!(!a.message.render(lang).contains("Segreto"), "{}", a.message.render(lang));
        }
    }
}

#[test]
fn typical_sentences_read_as_an_office_writes_them() {
    let found = anomalies_of_the_tables();
    let said = |code: Code, line: u64, file: &str| -> (String, String) {
        let a = found
            .iter()
            .find(|a| a.code == code && a.source.as_ref().is_some_and(|s| s.line == line && &*s.file == file))
            .unwrap_or_else(|| panic!("{code} at {file}:{line}: {found:#?}"));
        (a.message.render(Lang::It).into_owned(), a.message.render(Lang::En).into_owned())
    };
    assert_eq!(
        said(Code::BadValue, 4, "attendance.csv"),
        (
            "campo \"date\": attesa una data nel formato AAAA-MM-GG o GG/MM/AAAA, trovato \"2025-13-45\"; riga non usata"
                .to_string(),
            "field \"date\": expected a date as YYYY-MM-DD or DD/MM/YYYY, found \"2025-13-45\"; row not used".to_string()
        )
    );
    assert_eq!(
        said(Code::UnknownEmployee, 18, "attendance.csv").0,
        "campo \"employee_id\": 999 non è nell'anagrafica del personale; riga non usata"
    );
    // A day is written as the language writes it.
    assert_eq!(
        said(Code::OutsideMonth, 20, "attendance.csv"),
        (
            "30/09/2025 è fuori dal mese 2025-10; riga non usata".to_string(),
            "2025-09-30 is outside 2025-10; row not used".to_string()
        )
    );
    assert_eq!(
        said(Code::DstFold, 13, "attendance.csv").0,
        "campo \"start\": 02:30 del 26/10/2025 ricorre due volte (si torna all'ora solare); letto come la prima \
         volta, in ora legale"
    );
    assert_eq!(
        said(Code::MissingValue, 3, "staff.csv").0,
        "campo \"employee_id\": attesa la matricola, cella vuota; riga dell'anagrafica non usata"
    );
    assert_eq!(
        said(Code::BadValue, 9, "sessions.csv").0,
        "riunione m2: campo \"leave\": una connessione di più di 30 ore (dall'ingresso all'uscita); riga non usata"
    );
    assert!(said(Code::EmptyInterval, 8, "sessions.csv").0.starts_with("riunione (id non mostrato: "));
}

#[cfg(unix)]
#[test]
fn a_teams_folder_reports_its_entries_and_refused_files_in_both_languages() {
    let t = TempDir::new("langs-folder");
    std::fs::create_dir_all(t.path("teams")).expect("a folder");
    std::fs::write(t.path("staff.csv"), staff(&[ONE])).expect("write");
    std::fs::write(t.path("attendance.csv"), attendance(&[])).expect("write");
    std::fs::write(t.path("teams/.DS_Store"), b"\0\0\x01Bud1").expect("write");
    std::fs::write(t.path("teams/binary.csv"), b"\xff\xfe\x00").expect("write");
    std::fs::write(t.path("teams/notes.txt"), b"just some notes\n").expect("write");
    std::fs::write(t.path("teams/huge.csv"), vec![b'x'; 2 << 20]).expect("write");
    std::os::unix::fs::symlink(t.path("staff.csv"), t.path("teams/link.csv")).expect("a link");
    let mut paths = InputPaths {
        staff: t.path("staff.csv"),
        attendance: t.path("attendance.csv"),
        teams: vec![t.path("teams")],
        ..InputPaths::default()
    };
    paths.limits.input_bytes = 1 << 20;
    let loaded = input::load(&paths).expect("the register and attendance are readable");
    let codes: Vec<Code> = loaded.anomalies.iter().map(|a| a.code).collect();
    for code in [Code::HiddenEntry, Code::SkippedEntry, Code::UnreadableFile] {
        assert!(codes.contains(&code), "{code}: {:#?}", loaded.anomalies);
    }
    assert!(codes.iter().filter(|c| **c == Code::UnreadableFile).count() >= 3, "{:#?}", loaded.anomalies);
    let failures = check_all(&loaded.anomalies);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    let hidden = loaded.anomalies.iter().find(|a| a.code == Code::HiddenEntry).expect("hidden");
    assert!(
        hidden.message.render(Lang::It).ends_with(
            ".DS_Store: una voce nascosta (il suo nome inizia con un punto); non letto (indicarlo con --teams per \
             leggerlo così com'è)"
        ),
        "{}",
        hidden.message.render(Lang::It)
    );
}

#[test]
fn every_error_that_refuses_a_file_is_written_in_both_languages() {
    let read = |bytes: &[u8]| -> InputError {
        input::staff::read(&Arc::from("staff.csv"), bytes, &mut Vec::new()).expect_err("refused")
    };
    let mut errors = vec![
        read(b"full_name;office\nMaria Rossi;RM\n"),
        read(b""),
        read(b"employee_id,\"full_name\n1,A\n"),
        read(b"employee_id,full_name\n\xff\xfe\x00"),
        read(b"\x00\x01\x02employee_id"),
    ];
    let t = TempDir::new("langs-errors");
    std::fs::create_dir_all(t.path("folder.csv")).expect("a folder");
    std::fs::write(t.path("big.csv"), vec![b'x'; 2048]).expect("write");
    let limits = input::source::Limits { input_bytes: 1024, ..Default::default() };
    for p in ["folder.csv", "big.csv", "missing.csv"] {
        errors.push(input::open(&t.path(p), &limits).map(|_| ()).expect_err("refused"));
    }
    for e in &errors {
        let m = e.message();
        assert_eq!(m.en(), e.to_string(), "the English is the error's Display");
        // The reasons of an encoding and of an overlong line are the reader's of the text
        // (`source.rs`), which has its own templates to come: the frame is still checked.
        if !matches!(e, InputError::Encoding { .. }) {
            assert!(not_bilingual(&m).is_none(), "{e:?}: {:?}", not_bilingual(&m));
        }
    }
    assert_eq!(
        errors[0].message().render(Lang::It),
        "staff.csv: riga 1: manca la colonna \"employee_id\" (l'intestazione ha: \"full_name\", \"office\")"
    );
    assert_eq!(
        errors[1].message().render(Lang::It),
        "staff.csv: il file è vuoto; attesa una riga di intestazione con le colonne employee_id, full_name"
    );
    // The source reference of a file is its name alone (line 0).
    assert_eq!(SourceRef::new(&Arc::from("a.csv"), 0).to_string(), "a.csv");
}

#[test]
fn an_italian_run_says_a_missing_column_and_a_hint_in_italian() {
    let head = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n";
    let register = format!("{head}004512,Persona 1,RM01,,100,18.50,\n004513,Persona 2,RM01,,100,18.50,\n");
    let att = "employee_id,date,start,end,kind,code\n\
               4512,2025-10-06,08:00,14:00,presence,PRES\n4512,2025-10-06,09:00,11:00,front_office,MFOF\n";
    let t = Tmp::data("langs-run", &register, att);
    let run = |lang: &str| sportello_in(&t.0, &["--lang", lang, "compute", "--month", "2025-10", "--data", "data"]);
    let o = run("it");
    assert_eq!(o.code, 1, "{}", o.stderr);
    let hint = o.stderr.lines().find(|l| l.starts_with("sportello: suggerimento: ")).unwrap_or_default();
    assert_eq!(
        hint,
        "sportello: suggerimento: data/attendance.csv ha 4512 dove data/staff.csv ha 004512: probabilmente un foglio \
         di calcolo ha perso gli zeri iniziali (1 matricola di data/attendance.csv corrisponde all'anagrafica solo \
         senza i suoi zeri iniziali); salvare employee_id come testo",
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("non è nell'anagrafica del personale; riga non usata"), "{}", o.stderr);
    let o = run("en");
    assert!(o.stderr.contains("sportello: hint: data/attendance.csv has 4512 where data/staff.csv has 004512"));

    t.write("data/attendance.csv", b"employee_id,date,start,end,code\n");
    let o = run("it");
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "sportello: data/attendance.csv: riga 1: manca la colonna \"kind\" (l'intestazione ha: \"employee_id\", \
         \"date\", \"start\", \"end\", \"code\")\n"
    );
    let o = run("en");
    assert_eq!(
        o.stderr,
        "sportello: data/attendance.csv: line 1: missing column \"kind\" (the header has: \"employee_id\", \
         \"date\", \"start\", \"end\", \"code\")\n"
    );
}

/// Every mistake a rule file can have that the engine words itself, and one of the TOML reader.
fn rule_mistakes() -> Vec<sportello::rules::RuleError> {
    let valid = "from = 2025-01-01";
    let full = |id: &str, overrides: &[(&str, &str)]| full_rule_file(id, "in_force", valid, overrides);
    let remote = "recognised = true\nitem = \"MFOF\"\nroles = [\"organizer\"]\nrejoin_tolerance_seconds = 9999\n\
                  minimum_consultation_seconds = 1\nclip_to = \"working_time\"";
    let sets: Vec<Vec<(&str, String)>> = vec![
        vec![("x", full("y", &[]))],
        vec![("x", full("x", &[]).replace("schema = 1", "schema = 2"))],
        vec![("x", full("x", &[("rate", "percent_of_hourly_base = \"-5\"")]))],
        vec![("x", full("x", &[("rate", "eur_per_hour = \"1\"\npercent_of_hourly_base = \"5\"")]))],
        vec![("x", full("x", &[("time", "unit_seconds = 90\nmode = \"down\"\nlevel = \"day\"\npart_time = \"none\"")]))],
        vec![("x", full("x", &[("in_person", "item = \"mfof\"\nkinds = [\"presence\"]\nclip_to = \"presence\"")]))],
        vec![("x", full("x", &[("remote", remote)]))],
        vec![("x", full("x", &[("remote", "recognised = true")]))],
        vec![("x", full("x", &[("remote", "recognised = false\nitem = \"WEB\"")]))],
        vec![("x", full("x", &[("hourly_base", "monthly_divisor = 0\ndivisor_rounding = { dp = 11, mode = \"half_up\" }\nplausible_eur = { min = \"90\", max = \"80\" }")]))],
        vec![("x", full("x", &[("hourly_base", "monthly_divisor = 156\ndivisor_rounding = { dp = 5, mode = \"half_up\" }\nplausible_eur = { min = \"eight\", max = \"80\" }")]))],
        vec![("x", full_rule_file("x", "in_force", "from = 2025-01-01\nto = 2024-12-31", &[]))],
        vec![("x", full_rule_file("x", "in_force", "from = 2025-01-01T10:00:00", &[]))],
        vec![("x", full("x", &[]).replacen("cite = [\"s-x\"]", "cite = [\"nope\"]", 2))],
        vec![("x", full("x", &[]).replacen("cite = [\"s-x\"]", "cite = []", 2))],
        vec![("x", rule_file("x", "in_force", valid, None, &DEFAULT_CLAUSES[..6]))],
        vec![("x", rule_file("x", "scenario", valid, Some("nobody"), &[]))],
        vec![("a", rule_file("a", "scenario", valid, Some("b"), &[])), ("b", rule_file("b", "scenario", valid, Some("a"), &[]))],
        vec![("a", full("a", &[])), ("b", full("b", &[]))],
        vec![("x", "schema = 1\nid = \"x\ntitle = \"t\"\n".to_string())],
    ];
    let mut all = Vec::new();
    for files in sets {
        match try_book(&files) {
            Ok(_) => panic!("should be refused: {files:#?}"),
            Err(errs) => all.extend(errs),
        }
    }
    all
}

#[test]
fn every_mistake_of_a_rule_file_is_written_in_both_languages() {
    let mistakes = rule_mistakes();
    let mut theirs = 0;
    for e in &mistakes {
        assert_eq!(e.message, e.said.en(), "the English is the message");
        assert_eq!(e.to_string(), e.render(Lang::En));
        let it = e.render(Lang::It);
        assert_ne!(it, e.to_string(), "{e}");
        assert!(!e.said.is_plain(), "{e}");
        // The TOML reader's words stay English, and the Italian says so.
        if it.ends_with("(messaggio del lettore TOML, in inglese)") {
            theirs += 1;
        }
    }
    assert!(theirs >= 1 && theirs < mistakes.len() / 2, "{mistakes:#?}");
    let said = |needle: &str| -> String {
        mistakes
            .iter()
            .find(|e| e.message.contains(needle))
            .map(|e| e.render(Lang::It))
            .unwrap_or_else(|| panic!("no mistake with {needle:?}: {mistakes:#?}"))
    };
    assert!(
        said("must equal the file name").ends_with("id: \"y\" deve essere uguale al nome del file senza .toml (\"x\")")
    );
    assert!(said("front_office always qualifies").contains("front_office è sempre retribuito e va elencato"));
    assert!(said("overlaps in-force").contains(
        "validity 2025-01-01 – aperta si sovrappone all'insieme di regole in vigore \"a\" (2025-01-01 – aperta, rules/a.toml)"
    ));
}

#[test]
fn an_italian_run_says_the_mistakes_of_rule_files_in_italian() {
    let t = Tmp::new("langs-rules");
    t.write("rules/x.toml", full_rule_file("y", "in_force", "from = 2025-01-01", &[]).as_bytes());
    let o = sportello_in(&t.0, &["--lang", "it", "rules", "check", "rules"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "sportello: i file delle regole contengono errori (1):\n  rules/x.toml:2:6: id: \"y\" deve essere uguale al \
         nome del file senza .toml (\"x\")\n"
    );
    // A folder without rule files: the engine's words too.
    std::fs::create_dir_all(t.path("empty")).expect("a folder");
    let o = sportello_in(&t.0, &["--lang", "it", "rules", "check", "empty"]);
    assert!(o.stderr.ends_with("empty: nessun file di regole (*.toml) in questa cartella\n"), "{}", o.stderr);
    let o = sportello_in(&t.0, &["--lang", "en", "rules", "check", "rules"]);
    assert_eq!(
        o.stderr,
        "sportello: the rule files have 1 mistake(s):\n  rules/x.toml:2:6: id: \"y\" must equal the file name \
         without .toml (\"x\")\n"
    );
}
