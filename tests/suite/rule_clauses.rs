//! One test per clause of each shipped rule set, and per knob of the rule-file schema, each with
//! hand-computed figures; and the refusal of bad rule files with file, line and column.

use crate::common::*;
use sportello::anomaly::Code;
use sportello::engine::trace::{HourlyBase, RateBasis};
use sportello::rules::{Channel, ClipTo, MoneyLevel, PartTime, RateForm, Status, TimeLevel, TimeRoundingMode};
use sportello::sessions::Role;

/// A session row.
fn ses(meeting: &str, who: &str, upn: &str, role: &str, join: &str, leave: &str) -> String {
    format!("{meeting},{who},{upn},{role},{join},{leave}")
}

/// The employee `001` as organizer (matched by address) from `join` to `leave`.
fn organizer(meeting: &str, join: &str, leave: &str) -> String {
    ses(meeting, "Maria Rossi", "m.rossi@inps.it", "organizer", join, leave)
}

/// A citizen in `meeting` from `join` to `leave`.
fn citizen(meeting: &str, join: &str, leave: &str) -> String {
    ses(meeting, "Cittadino Uno", "", "attendee", join, leave)
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

// ---------------------------------------------------------------------------------------------
// The shipped rule sets, clause by clause.

#[test]
fn shipped_rule_sets_encode_the_documented_figures() {
    let book = embedded();
    let y24 = book.get("inps-ccni-2024").unwrap();
    let y25 = book.get("inps-ccni-2025").unwrap();
    let sc = book.get("scenario-remote-2025").unwrap();
    assert_eq!((y24.status, y25.status, sc.status), (Status::InForce, Status::InForce, Status::Scenario));
    assert_eq!(y24.validity_text(), "2024-01-01 – 2024-12-31");
    assert_eq!(y25.validity_text(), "2025-01-01 – open");
    assert_eq!(sc.validity_text(), "2025-07-01 – open");
    assert_eq!(sc.extends.as_deref(), Some("inps-ccni-2025"));
    assert_eq!(y24.rate.form, RateForm::PercentOfHourlyBase(d("20")));
    assert_eq!(y25.rate.form, RateForm::PercentOfHourlyBase(d("25")));
    assert_eq!(sc.rate, y25.rate, "the scenario inherits the rate clause, metadata included");
    use sportello::attendance::Kind::*;
    assert_eq!(y24.in_person.kinds, vec![FrontOffice, Appointment, Specialist]);
    assert_eq!(y25.in_person.kinds, vec![FrontOffice, Appointment]);
    for s in [y24, y25, sc] {
        assert_eq!(s.in_person.item, "MFOF");
        assert_eq!(s.in_person.clip_to, ClipTo::Presence);
        assert_eq!(s.hourly_base.monthly_divisor, d("156"));
        assert_eq!(s.overlap.priority, Channel::InPerson);
        assert_eq!(
            (s.time.unit_seconds, s.time.mode, s.time.level, s.time.part_time),
            (60, TimeRoundingMode::Down, TimeLevel::Day, PartTime::None)
        );
        assert_eq!(
            (s.time.daily_minimum_minutes, s.time.daily_cap_minutes, s.time.monthly_cap_minutes),
            (None, None, None)
        );
        assert_eq!(s.money.level, MoneyLevel::Row);
        assert_eq!(s.money.rounding.describe(), "half_up to 2 decimals");
        assert!(s.clauses().iter().all(|c| !c.citations.is_empty()), "{}: every clause cites a source", s.id);
    }
    assert!(y24.remote.terms.is_none() && y25.remote.terms.is_none());
    let t = sc.remote.terms.as_ref().expect("the scenario recognises remote consultation");
    assert_eq!(t.item, "MFOF-WEB");
    assert_eq!(t.roles, vec![Role::Organizer, Role::Presenter]);
    assert_eq!((t.rejoin_tolerance_seconds, t.minimum_consultation_seconds), (120, 60));
    assert_eq!(t.clip_to, ClipTo::WorkingTime);
    assert_eq!(sc.remote.info.defined_in, "scenario-remote-2025");
    assert_eq!(sc.in_person.info.defined_in, "inps-ccni-2025");
    let marks: Vec<&str> = y25.provisional_marks().iter().map(|(c, _)| *c).collect();
    assert_eq!(marks, vec!["validity", "rate"]);
}

#[test]
fn ccni_2024_pays_specialist_consultation_at_20_percent() {
    let att = attendance(&[
        "001,2024-10-07,08:00,14:00,presence,PRES",
        "001,2024-10-07,09:00,10:00,specialist,CONS",
        "001,2024-10-07,10:00,11:00,front_office,MFOF",
        "001,2024-10-07,11:00,11:30,appointment,APP1",
    ]);
    let r = run(&embedded(), None, "2024-10", &staff(&[ONE]), &att, &sessions(&[]));
    assert_eq!(r.rows().len(), 1, "{:#?}", r.rows());
    let row = r.row("001", "MFOF").unwrap();
    assert_eq!(row.ruleset, "inps-ccni-2024");
    // 60 + 60 + 30 minutes at 20 % of 18.50 = 3.70 €/h: 150 × 3.70 / 60 = 9.25.
    assert_eq!((row.days, row.minutes), (1, 150));
    assert_eq!(row.rate_eur_per_hour, d("3.7"));
    assert_eq!(row.amount_eur.to_string(), "9.25");
    assert!(r.csv.contains("001,2024-10,MFOF,inps-ccni-2024,1,150,2.50,3.70,9.25\n"), "{}", r.csv);
    assert!(!r.has(Code::KindNotQualifying), "{:?}", r.codes());
}

#[test]
fn ccni_2025_no_longer_pays_specialist_and_pays_25_percent() {
    let att = attendance(&[
        "001,2025-10-07,08:00,14:00,presence,PRES",
        "001,2025-10-07,09:00,10:00,specialist,CONS",
        "001,2025-10-07,10:00,11:00,front_office,MFOF",
        "001,2025-10-07,11:00,11:30,appointment,APP1",
    ]);
    let r = run(&embedded(), None, "2025-10", &staff(&[ONE]), &att, &sessions(&[]));
    let row = r.row("001", "MFOF").unwrap();
    assert_eq!(row.ruleset, "inps-ccni-2025");
    // 90 minutes at 25 % of 18.50 = 4.625 €/h: 6.9375 → 6.94.
    assert_eq!(row.minutes, 90);
    assert_eq!(row.amount_eur.to_string(), "6.94");
    assert!(r.csv.contains("001,2025-10,MFOF,inps-ccni-2025,1,90,1.50,4.625,6.94\n"), "{}", r.csv);
    assert_eq!(r.sources_of(Code::KindNotQualifying), vec![("attendance.csv".to_string(), 3)]);
    // A note, not a warning: the input was used as the contract says.
    assert!(!sportello::anomaly::needs_attention(&r.anomalies), "{:?}", r.codes());
}

#[test]
fn validity_decides_the_rule_set_day_by_day_and_a_day_without_one_is_reported() {
    let att = attendance(&[
        "001,2024-12-31,08:00,14:00,presence,PRES",
        "001,2024-12-31,09:00,10:00,specialist,CONS",
        "001,2023-12-29,08:00,14:00,presence,PRES",
        "001,2023-12-29,09:00,10:00,front_office,MFOF",
    ]);
    let r = run(&embedded(), None, "2024-12", &staff(&[ONE]), &att, &sessions(&[]));
    assert_eq!(r.row("001", "MFOF").unwrap().ruleset, "inps-ccni-2024");
    assert_eq!(r.minutes("001", "MFOF"), 60, "specialist still paid on the last day of 2024");
    let r = run(&embedded(), None, "2023-12", &staff(&[ONE]), &att, &sessions(&[]));
    assert!(r.rows().is_empty(), "{:#?}", r.rows());
    let no_set = r.with_code(Code::NoRuleSet);
    assert_eq!(no_set.len(), 1, "{:?}", r.codes());
    assert_eq!(no_set[0].date.as_deref(), Some("2023-12-29"));
    assert_eq!(no_set[0].employee_id.as_deref(), Some("001"));
}

#[test]
fn time_is_floored_to_minutes_per_day_not_per_interval() {
    // Two intervals of 10 min 30 s: 21 minutes on the day (per-interval flooring would give 20).
    let att = attendance(&[
        "001,2025-10-07,08:00,14:00,presence,PRES",
        "001,2025-10-07,09:00:00,09:10:30,front_office,MFOF",
        "001,2025-10-07,10:00:00,10:10:30,front_office,MFOF",
        "001,2025-10-08,08:00,14:00,presence,PRES",
        "001,2025-10-08,09:00:00,09:00:59,front_office,MFOF",
    ]);
    let r = run(&embedded(), None, "2025-10", &staff(&[ONE]), &att, &sessions(&[]));
    let row = r.row("001", "MFOF").unwrap();
    // The 59 s of the 8th floor to nothing: that day is not counted.
    assert_eq!((row.days, row.minutes), (1, 21));
    let trace = &r.result.employees["001"];
    let day8 = trace.days.iter().find(|t| t.date.to_string() == "2025-10-08").unwrap();
    assert_eq!((day8.in_person.seconds, day8.in_person.counted_seconds), (59, 0));
}

#[test]
fn in_force_rule_sets_do_not_pay_remote_consultation() {
    let att = attendance(&["001,2025-10-07,,,remote_work,LA"]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00"),
        citizen("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00"),
    ]));
    let r = run(&embedded(), None, "2025-10", &staff(&[ONE]), &att, &ses);
    assert!(r.rows().is_empty(), "{:#?}", r.rows());
    let notes = r.with_code(Code::RemoteNotRecognised);
    assert!(!notes.is_empty() && notes.iter().all(|a| a.employee_id.as_deref() == Some("001")), "{notes:#?}");
    assert!(notes.iter().any(|a| a.message.en().contains("inps-ccni-2025")), "{notes:#?}");
    assert!(!sportello::anomaly::needs_attention(&r.anomalies));
}

#[test]
fn the_scenario_pays_remote_only_from_july_2025_and_names_the_governing_set() {
    let month = |m: &str| {
        let att = attendance(&[
            &format!("001,2025-{m}-10,08:00,16:00,presence,PRES"),
            &format!("001,2025-{m}-10,08:30,09:30,front_office,MFOF"),
        ]);
        let ses = sessions(&refs(&[
            organizer("m1", &format!("2025-{m}-10T14:00:00+02:00"), &format!("2025-{m}-10T14:30:00+02:00")),
            citizen("m1", &format!("2025-{m}-10T14:00:00+02:00"), &format!("2025-{m}-10T14:30:00+02:00")),
        ]));
        run(&embedded(), Some("scenario-remote-2025"), &format!("2025-{m}"), &staff(&[ONE]), &att, &ses)
    };
    let june = month("06");
    assert_eq!(june.rows().len(), 1, "{:#?}", june.rows());
    let row = june.row("001", "MFOF").unwrap();
    assert_eq!((row.ruleset.as_str(), row.minutes), ("inps-ccni-2025", 60));
    assert!(june.has(Code::RemoteNotRecognised));

    let july = month("07");
    assert_eq!(
        july.csv,
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
         001,2025-07,MFOF,scenario-remote-2025,1,60,1.00,4.625,4.63\n\
         001,2025-07,MFOF-WEB,scenario-remote-2025,1,30,0.50,4.625,2.31\n"
    );
    assert!(!july.has(Code::RemoteNotRecognised), "{:?}", july.codes());
}

#[test]
fn a_meeting_across_the_start_of_the_scenario_is_paid_from_1_july() {
    let att = attendance(&["001,2025-06-30,,,remote_work,LA", "001,2025-07-01,,,remote_work,LA"]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-06-30T23:30:00+02:00", "2025-07-01T00:30:00+02:00"),
        citizen("m1", "2025-06-30T23:30:00+02:00", "2025-07-01T00:30:00+02:00"),
    ]));
    let june = run(&embedded(), Some("scenario-remote-2025"), "2025-06", &staff(&[ONE]), &att, &ses);
    assert!(june.rows().is_empty(), "{:#?}", june.rows());
    assert!(june.has(Code::RemoteNotRecognised));
    let july = run(&embedded(), Some("scenario-remote-2025"), "2025-07", &staff(&[ONE]), &att, &ses);
    let row = july.row("001", "MFOF-WEB").unwrap_or_else(|| panic!("no July row: {:?}", july.codes()));
    assert_eq!((row.ruleset.as_str(), row.days, row.minutes), ("scenario-remote-2025", 1, 30));
}

#[test]
fn a_month_straddling_two_in_force_rule_sets_gives_one_row_per_set() {
    let a = full_rule_file("ccni-a", "in_force", "from = 2025-01-01\nto = 2025-10-15", &[]);
    let b = full_rule_file("ccni-b", "in_force", "from = 2025-10-16", &[("rate", "eur_per_hour = \"9\"")]);
    let book = book(&[("ccni-a", a), ("ccni-b", b)]);
    let att = attendance(&[
        "001,2025-10-15,08:00,14:00,presence,PRES",
        "001,2025-10-15,09:00,10:00,front_office,MFOF",
        "001,2025-10-16,08:00,14:00,presence,PRES",
        "001,2025-10-16,09:00,09:30,front_office,MFOF",
        "001,2025-10-17,08:00,14:00,presence,PRES",
        "001,2025-10-17,09:00,09:30,front_office,MFOF",
    ]);
    let r = run(&book, None, "2025-10", &staff(&[ONE]), &att, &sessions(&[]));
    assert_eq!(
        r.csv,
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
         001,2025-10,MFOF,ccni-a,1,60,1.00,6.00,6.00\n\
         001,2025-10,MFOF,ccni-b,2,60,1.00,9.00,9.00\n"
    );
}

#[test]
fn a_meeting_across_a_rule_set_change_is_paid_on_the_day_whose_set_recognises_it() {
    // ccni-a does not recognise remote consultation, ccni-b (from the 16th) does. A meeting from
    // 23:30 on the 15th to 00:30 on the 16th: the half hour of the 16th is governed by ccni-b.
    let a =
        full_rule_file("ccni-a", "in_force", "from = 2025-01-01\nto = 2025-10-15", &[("remote", "recognised = false")]);
    let b = full_rule_file("ccni-b", "in_force", "from = 2025-10-16", &[]);
    let book = book(&[("ccni-a", a), ("ccni-b", b)]);
    let att = attendance(&["001,2025-10-15,,,remote_work,LA", "001,2025-10-16,,,remote_work,LA"]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-10-15T23:30:00+02:00", "2025-10-16T00:30:00+02:00"),
        citizen("m1", "2025-10-15T23:30:00+02:00", "2025-10-16T00:30:00+02:00"),
    ]));
    let r = run(&book, None, "2025-10", &staff(&[ONE]), &att, &ses);
    let row = r.row("001", "WEB").unwrap_or_else(|| panic!("no WEB row: {:#?} {:?}", r.rows(), r.codes()));
    assert_eq!((row.ruleset.as_str(), row.days, row.minutes), ("ccni-b", 1, 30));
}

#[test]
fn the_hourly_base_is_the_monthly_base_over_156_rounded_half_up_to_5_decimals() {
    let st =
        staff(&["001,Maria Rossi,RM01,,,,2600", "002,Luca Bianchi,RM01,,,,2500", "003,Anna Verdi,RM01,,,20.00,2600"]);
    let att = attendance(&[
        "001,2025-10-07,08:00,14:00,presence,PRES",
        "001,2025-10-07,09:00,10:00,front_office,MFOF",
        "002,2025-10-07,08:00,14:00,presence,PRES",
        "002,2025-10-07,09:00,10:00,front_office,MFOF",
        "003,2025-10-07,08:00,14:00,presence,PRES",
        "003,2025-10-07,09:00,10:00,front_office,MFOF",
    ]);
    let r = run(&embedded(), None, "2025-10", &st, &att, &sessions(&[]));
    // 2600 / 156 = 16.666666… → 16.66667 (up); 25 % → 4.1666675 €/h; one hour → 4.17.
    // 2500 / 156 = 16.025641… → 16.02564 (down); 25 % → 4.00641 €/h; one hour → 4.01.
    // An hourly base, when given, wins over the monthly one: 25 % of 20.00 = 5 → "5.00".
    assert_eq!(
        r.csv,
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
         001,2025-10,MFOF,inps-ccni-2025,1,60,1.00,4.1666675,4.17\n\
         002,2025-10,MFOF,inps-ccni-2025,1,60,1.00,4.00641,4.01\n\
         003,2025-10,MFOF,inps-ccni-2025,1,60,1.00,5.00,5.00\n"
    );
    // The statement shows how: 2600 / 156 = 16.66667, rounded up to 5 decimals.
    let basis = &r.result.employees["001"].items[0].rate.basis;
    let RateBasis::PercentOfHourlyBase { base: HourlyBase::Monthly { monthly_base_eur, divisor, base, .. }, .. } =
        basis
    else {
        panic!("{basis:?}")
    };
    assert_eq!(
        (monthly_base_eur.to_string(), divisor.to_string(), base.to_string()),
        ("2600".into(), "156".into(), "16.66667".into())
    );
}

#[test]
fn rates_are_printed_exactly() {
    let st = staff(&[ONE, "002,Luca Bianchi,RM01,,,20,"]);
    let att = attendance(&[
        "001,2025-10-07,08:00,14:00,presence,PRES",
        "001,2025-10-07,09:00,10:00,front_office,MFOF",
        "002,2025-10-07,08:00,14:00,presence,PRES",
        "002,2025-10-07,09:00,10:00,front_office,MFOF",
    ]);
    let r = run(&embedded(), None, "2025-10", &st, &att, &sessions(&[]));
    let rates: Vec<&str> = r.csv.lines().skip(1).map(|l| l.split(',').nth(7).unwrap()).collect();
    assert_eq!(rates, vec!["4.625", "5.00"]);
}

#[test]
fn amounts_are_rounded_half_up_at_the_half_cent() {
    // 12 minutes at 4.625 €/h = 0.925 € exactly: half-up gives 0.93 (banker's would give 0.92).
    // 36 minutes = 2.775 € → 2.78; 3 minutes = 0.23125 € → 0.23.
    let st = staff(&[ONE, "002,Luca Bianchi,RM01,,,18.50,", "003,Anna Verdi,RM01,,,18.50,"]);
    let att = attendance(&[
        "001,2025-10-07,08:00,14:00,presence,PRES",
        "001,2025-10-07,09:00,09:12,front_office,MFOF",
        "002,2025-10-07,08:00,14:00,presence,PRES",
        "002,2025-10-07,09:00,09:36,front_office,MFOF",
        "003,2025-10-07,08:00,14:00,presence,PRES",
        "003,2025-10-07,09:00,09:03,front_office,MFOF",
    ]);
    let r = run(&embedded(), None, "2025-10", &st, &att, &sessions(&[]));
    assert_eq!(r.amount("001", "MFOF"), "0.93");
    assert_eq!(r.amount("002", "MFOF"), "2.78");
    assert_eq!(r.amount("003", "MFOF"), "0.23");
    assert_eq!(r.result.employees["001"].items[0].amount_exact, d("0.925"));
    assert!(r.csv.contains("001,2025-10,MFOF,inps-ccni-2025,1,12,0.20,4.625,0.93\n"), "{}", r.csv);
}

// ---------------------------------------------------------------------------------------------
// The scenario's remote clause.

fn remote_day(ses: &[String]) -> Run {
    let att = attendance(&["001,2025-10-07,,,remote_work,LA", "001,2025-10-08,,,remote_work,LA"]);
    run(&embedded(), Some("scenario-remote-2025"), "2025-10", &staff(&[ONE]), &att, &sessions(&refs(ses)))
}

fn counted(r: &Run, employee: &str, date: &str) -> (i64, i64) {
    let day = r.result.employees[employee].days.iter().find(|t| t.date.to_string() == date);
    day.map_or((0, 0), |t| (t.in_person.counted_seconds, t.remote.counted_seconds))
}

#[test]
fn citizens_gaps_of_up_to_120_seconds_are_bridged_and_121_are_not() {
    let r = remote_day(&[
        organizer("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00"),
        citizen("m1", "2025-10-07T09:10:00+02:00", "2025-10-07T09:20:00+02:00"),
        citizen("m1", "2025-10-07T09:22:00+02:00", "2025-10-07T09:30:00+02:00"),
        organizer("m2", "2025-10-08T09:00:00+02:00", "2025-10-08T10:00:00+02:00"),
        citizen("m2", "2025-10-08T09:10:00+02:00", "2025-10-08T09:20:00+02:00"),
        citizen("m2", "2025-10-08T09:22:01+02:00", "2025-10-08T09:30:00+02:00"),
    ]);
    // 120 s gap bridged: 09:10–09:30 = 20 min. 121 s not: 10 min + 7 min 59 s = 17 min 59 s → 17.
    assert_eq!(counted(&r, "001", "2025-10-07").1, 20 * 60);
    assert_eq!(counted(&r, "001", "2025-10-08").1, 17 * 60);
    assert_eq!(r.minutes("001", "MFOF-WEB"), 37);
}

#[test]
fn a_meeting_under_60_seconds_counts_nothing_and_60_seconds_count_one_minute() {
    let r = remote_day(&[
        organizer("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T09:10:00+02:00"),
        citizen("m1", "2025-10-07T09:05:00+02:00", "2025-10-07T09:05:59+02:00"),
        organizer("m2", "2025-10-08T09:00:00+02:00", "2025-10-08T09:10:00+02:00"),
        citizen("m2", "2025-10-08T09:05:00+02:00", "2025-10-08T09:06:00+02:00"),
    ]);
    let row = r.row("001", "MFOF-WEB").unwrap();
    assert_eq!((row.days, row.minutes), (1, 1));
    let below = r.with_code(Code::BelowMinimumConsultation);
    assert_eq!(below.len(), 1, "{:?}", r.codes());
    assert_eq!(below[0].source.as_ref().map(|s| s.line), Some(2), "the employee's row in m1");
    assert!(
        below[0].message.en().starts_with("meeting of 2025-10-07 at 09:00 (sessions.csv): 59 s"),
        "{}",
        below[0].message
    );
    // A no-show is a note: it does not change the exit code.
    assert!(!sportello::anomaly::needs_attention(&r.anomalies), "{:?}", r.codes());
}

#[test]
fn the_attendee_role_counts_nothing_and_the_presenter_role_counts() {
    let st = staff(&[ONE, "002,Luca Bianchi,RM01,l.bianchi@inps.it,,18.50,"]);
    let att = attendance(&["001,2025-10-07,,,remote_work,LA", "002,2025-10-07,,,remote_work,LA"]);
    let ses = sessions(&refs(&[
        ses(
            "m1",
            "Maria Rossi",
            "m.rossi@inps.it",
            "attendee",
            "2025-10-07T09:00:00+02:00",
            "2025-10-07T10:00:00+02:00",
        ),
        citizen("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00"),
        ses("m2", "Luca Bianchi", "", "presenter", "2025-10-07T11:00:00+02:00", "2025-10-07T11:30:00+02:00"),
        citizen("m2", "2025-10-07T11:00:00+02:00", "2025-10-07T11:30:00+02:00"),
    ]));
    let r = run(&embedded(), Some("scenario-remote-2025"), "2025-10", &st, &att, &ses);
    assert!(r.row("001", "MFOF-WEB").is_none(), "{:#?}", r.rows());
    assert_eq!(r.minutes("002", "MFOF-WEB"), 30);
    assert_eq!(r.sources_of(Code::RoleNotQualifying), vec![("sessions.csv".to_string(), 2)]);
}

#[test]
fn two_overlapping_meetings_count_once() {
    let r = remote_day(&[
        organizer("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00"),
        citizen("m1", "2025-10-07T09:00:00+02:00", "2025-10-07T10:00:00+02:00"),
        organizer("m2", "2025-10-07T09:30:00+02:00", "2025-10-07T10:30:00+02:00"),
        ses("m2", "Cittadino Due", "", "attendee", "2025-10-07T09:30:00+02:00", "2025-10-07T10:30:00+02:00"),
    ]);
    assert_eq!(r.minutes("001", "MFOF-WEB"), 90);
    let o = r.with_code(Code::OverlappingMeetings);
    assert_eq!(o.len(), 1, "{:?}", r.codes());
    assert!(o[0].message.en().contains("30 min"), "{}", o[0].message);
}

fn priority_case(book: &sportello::rules::RuleBook, ruleset: &str) -> Run {
    let att = attendance(&["001,2025-10-07,08:00,14:00,presence,PRES", "001,2025-10-07,09:00,10:00,front_office,MFOF"]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-10-07T09:30:00+02:00", "2025-10-07T10:30:00+02:00"),
        citizen("m1", "2025-10-07T09:30:00+02:00", "2025-10-07T10:30:00+02:00"),
    ]));
    run(book, Some(ruleset), "2025-10", &staff(&[ONE]), &att, &ses)
}

#[test]
fn in_person_service_has_priority_over_remote_consultation() {
    let r = priority_case(&embedded(), "scenario-remote-2025");
    assert_eq!((r.minutes("001", "MFOF"), r.minutes("001", "MFOF-WEB")), (60, 30));
    let c = r.with_code(Code::ChannelOverlap);
    assert_eq!(c.len(), 1, "{:?}", r.codes());
    assert!(c[0].message.en().contains("30 min of remote time"), "{}", c[0].message);
}

#[test]
fn remote_priority_when_a_rule_set_says_so() {
    let book = knob_book(&[("overlap", "priority = \"remote\"")]);
    let r = priority_case(&book, "knob");
    assert_eq!((r.minutes("001", "MFOF"), r.minutes("001", "WEB")), (30, 60));
    assert!(r.with_code(Code::ChannelOverlap)[0].message.en().contains("of counter time"));
}

#[test]
fn remote_consultation_is_clipped_to_presence_and_remote_work() {
    let att = attendance(&["001,2025-10-07,08:00,14:00,presence,PRES", "001,2025-10-07,14:30,16:00,remote_work,LA"]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-10-07T13:00:00+02:00", "2025-10-07T15:00:00+02:00"),
        citizen("m1", "2025-10-07T13:00:00+02:00", "2025-10-07T15:00:00+02:00"),
    ]));
    let r = run(&embedded(), Some("scenario-remote-2025"), "2025-10", &staff(&[ONE]), &att, &ses);
    // 13:00–14:00 in presence + 14:30–15:00 in remote work; 14:00–14:30 is cut.
    assert_eq!(r.minutes("001", "MFOF-WEB"), 90);
    let cut = r.with_code(Code::OutsideWorkingTime);
    assert_eq!(cut.len(), 1, "{:?}", r.codes());
    assert_eq!(cut[0].source.as_ref().map(|s| s.line), Some(2));
    assert!(
        cut[0].message.en().contains("30 min") && cut[0].message.en().contains("14:00–14:30"),
        "{}",
        cut[0].message
    );
}

#[test]
fn counter_service_is_clipped_to_presence_and_cut_by_absence() {
    let att = attendance(&[
        "001,2025-10-07,08:00,14:00,presence,PRES",
        "001,2025-10-07,13:00,15:00,front_office,MFOF",
        "001,2025-10-08,08:00,14:00,presence,PRES",
        "001,2025-10-08,09:00,11:00,front_office,MFOF",
        "001,2025-10-08,10:00,12:00,absence,PERM",
    ]);
    let r = run(&embedded(), None, "2025-10", &staff(&[ONE]), &att, &sessions(&[]));
    // 7th: 13:00–14:00 (the hour after 14:00 is outside presence); 8th: 09:00–10:00.
    let row = r.row("001", "MFOF").unwrap();
    assert_eq!((row.days, row.minutes), (2, 120));
    assert_eq!(r.sources_of(Code::OutsidePresence), vec![("attendance.csv".to_string(), 3)]);
    let abs = r.with_code(Code::AbsenceOverlap);
    assert_eq!(abs.len(), 1);
    assert_eq!(abs[0].date.as_deref(), Some("2025-10-08"));
}

// ---------------------------------------------------------------------------------------------
// Daylight saving time and midnight.

#[test]
fn a_meeting_across_the_october_change_counts_its_real_two_hours() {
    // 01:30 CEST to 02:30 CET on 26 October 2025: one hour of wall clock, two real hours.
    let att = attendance(&["001,2025-10-26,,,remote_work,LA"]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-10-26T01:30:00+02:00", "2025-10-26T02:30:00+01:00"),
        citizen("m1", "2025-10-26T01:30:00+02:00", "2025-10-26T02:30:00+01:00"),
    ]));
    let r = run(&embedded(), Some("scenario-remote-2025"), "2025-10", &staff(&[ONE]), &att, &ses);
    let row = r.row("001", "MFOF-WEB").unwrap();
    assert_eq!((row.days, row.minutes), (1, 120));
    assert!(r.anomalies.is_empty(), "{:?}", r.codes());
}

#[test]
fn counter_service_across_the_october_change_counts_real_time() {
    // 01:30 (CEST) to 03:30 (CET) is three real hours; 02:30 is in the fold and read as CEST.
    let att = attendance(&[
        "001,2025-10-26,00:00,24:00,presence,PRES",
        "001,2025-10-26,01:30,03:30,front_office,MFOF",
        "002,2025-10-26,00:00,24:00,presence,PRES",
        "002,2025-10-26,02:30,03:30,front_office,MFOF",
    ]);
    let st = staff(&[ONE, "002,Luca Bianchi,RM01,,,18.50,"]);
    let r = run(&embedded(), None, "2025-10", &st, &att, &sessions(&[]));
    assert_eq!(r.minutes("001", "MFOF"), 180);
    assert_eq!(r.minutes("002", "MFOF"), 120);
    assert_eq!(r.sources_of(Code::DstFold), vec![("attendance.csv".to_string(), 5)]);
    // A 24:00 end on the 25-hour day is a 25-hour presence.
    let presence = r.attendance.iter().find(|a| a.employee_id == "001" && !a.kind.is_service()).unwrap();
    assert_eq!(presence.span.seconds(), 25 * 3600);
}

#[test]
fn a_meeting_across_midnight_is_split_at_rome_midnight() {
    let att = attendance(&[
        "001,2025-10-06,,,remote_work,LA",
        "001,2025-10-07,,,remote_work,LA",
        "001,2025-10-25,,,remote_work,LA",
        "001,2025-10-26,,,remote_work,LA",
    ]);
    let ses = sessions(&refs(&[
        organizer("m1", "2025-10-06T23:30:00+02:00", "2025-10-07T00:45:00+02:00"),
        citizen("m1", "2025-10-06T23:30:00+02:00", "2025-10-07T00:45:00+02:00"),
        // Across midnight and the change: 23:30 CEST on the 25th to 03:00 CET on the 26th.
        organizer("m2", "2025-10-25T23:30:00+02:00", "2025-10-26T03:00:00+01:00"),
        citizen("m2", "2025-10-25T23:30:00+02:00", "2025-10-26T03:00:00+01:00"),
    ]));
    let r = run(&embedded(), Some("scenario-remote-2025"), "2025-10", &staff(&[ONE]), &att, &ses);
    assert_eq!(counted(&r, "001", "2025-10-06").1, 30 * 60);
    assert_eq!(counted(&r, "001", "2025-10-07").1, 45 * 60);
    assert_eq!(counted(&r, "001", "2025-10-25").1, 30 * 60);
    assert_eq!(counted(&r, "001", "2025-10-26").1, 4 * 3600);
    let row = r.row("001", "MFOF-WEB").unwrap();
    assert_eq!((row.days, row.minutes), (4, 30 + 45 + 30 + 240));
}

// ---------------------------------------------------------------------------------------------
// Time-accounting and money knobs, with custom rule files (flat 6.00 €/h = 0.10 € a minute).

/// Front-office minutes per day (presence 08:00–20:00 each day), as attendance rows.
fn counter_days(employee: &str, days: &[(u32, &[(&str, &str)])]) -> Vec<String> {
    let mut v = Vec::new();
    for (day, intervals) in days {
        v.push(format!("{employee},2025-10-{day:02},08:00,20:00,presence,PRES"));
        for (from, to) in *intervals {
            v.push(format!("{employee},2025-10-{day:02},{from},{to},front_office,MFOF"));
        }
    }
    v
}

fn knob_run(overrides: &[(&str, &str)], st: &str, att: &[String]) -> Run {
    run(&knob_book(overrides), Some("knob"), "2025-10", st, &attendance(&refs(att)), &sessions(&[]))
}

fn time_clause(extra: &str) -> String {
    format!("unit_seconds = 900\npart_time = \"none\"\n{extra}")
}

#[test]
fn time_unit_and_rounding_mode() {
    // 44, 37, 38 and 15 minutes on four days, rounded per day to quarters of an hour.
    let att = counter_days(
        "001",
        &[
            (6, &[("09:00", "09:44")]),
            (7, &[("09:00", "09:37")]),
            (8, &[("09:00", "09:38")]),
            (9, &[("09:00", "09:15")]),
        ],
    );
    let minutes = |mode: &str| {
        let t = time_clause(&format!("mode = \"{mode}\"\nlevel = \"day\""));
        knob_run(&[("time", &t)], &staff(&[ONE]), &att).minutes("001", "MFOF")
    };
    assert_eq!(minutes("down"), 30 + 30 + 30 + 15);
    assert_eq!(minutes("up"), 45 + 45 + 45 + 15);
    // Nearest, half up: 37 min is below 37.5 → 30; 38 → 45.
    assert_eq!(minutes("nearest"), 45 + 30 + 45 + 15);
}

#[test]
fn time_rounding_level_interval_day_or_month() {
    // Day 6: two separate 20-minute intervals; day 7: one of 5 minutes. Quarters, rounded up.
    let att = counter_days("001", &[(6, &[("09:00", "09:20"), ("10:00", "10:20")]), (7, &[("09:00", "09:05")])]);
    let run_at = |level: &str| {
        let t = time_clause(&format!("mode = \"up\"\nlevel = \"{level}\""));
        knob_run(&[("time", &t)], &staff(&[ONE]), &att)
    };
    let interval = run_at("interval");
    assert_eq!(interval.minutes("001", "MFOF"), 30 + 30 + 15);
    let day = run_at("day");
    assert_eq!(day.minutes("001", "MFOF"), 45 + 15);
    let month = run_at("month");
    assert_eq!(month.minutes("001", "MFOF"), 45, "45 minutes in the month, already a whole quarter");
    assert_eq!(month.amount("001", "MFOF"), "4.50");
    assert_eq!(month.row("001", "MFOF").unwrap().days, 2);
}

fn limits() -> String {
    "unit_seconds = 60\nmode = \"down\"\nlevel = \"day\"\ndaily_minimum_minutes = 30\ndaily_cap_minutes = 120\nmonthly_cap_minutes = 200\n"
        .to_string()
}

fn limit_days(employee: &str) -> Vec<String> {
    counter_days(
        employee,
        &[
            (6, &[("09:00", "09:29")]),
            (7, &[("09:00", "09:30")]),
            (8, &[("09:00", "11:30")]),
            (9, &[("09:00", "10:40")]),
        ],
    )
}

#[test]
fn daily_minimum_daily_cap_and_monthly_cap() {
    let t = limits() + "part_time = \"none\"";
    let r = knob_run(&[("time", &t)], &staff(&[ONE]), &limit_days("001"));
    // 29 → 0 (below 30); 30; 150 → 120 (cap); 100: 250 in the month → 200 (cap).
    let row = r.row("001", "MFOF").unwrap();
    assert_eq!((row.days, row.minutes), (3, 200));
    assert_eq!(row.amount_eur.to_string(), "20.00");
    let limits: Vec<Option<&str>> = r.with_code(Code::LimitApplied).iter().map(|a| a.date.as_deref()).collect();
    assert_eq!(limits.len(), 3, "{limits:?}");
    assert!(limits.contains(&Some("2025-10-06")) && limits.contains(&Some("2025-10-08")) && limits.contains(&None));
}

#[test]
fn part_time_scales_the_limits_only_when_the_rule_set_says_so() {
    let st = staff(&["001,Maria Rossi,RM01,,50,,3000"]);
    let att = counter_days(
        "001",
        &[
            (6, &[("09:00", "09:14")]),
            (7, &[("09:00", "09:29")]),
            (8, &[("09:00", "11:30")]),
            (9, &[("09:00", "10:40")]),
        ],
    );
    // At 50 %: minimum 15, daily cap 60, monthly cap 100. 14 → 0; 29; 150 → 60; 100 → 60;
    // 149 in the month → 100.
    let scaled = knob_run(&[("time", &(limits() + "part_time = \"scale_limits\""))], &st, &att);
    assert_eq!(scaled.minutes("001", "MFOF"), 100);
    assert_eq!(counted(&scaled, "001", "2025-10-07").0, 29 * 60);
    assert_eq!(counted(&scaled, "001", "2025-10-08").0, 60 * 60);
    // Unscaled: 14 → 0; 29 → 0; 150 → 120; 100: 220 → 200.
    let unscaled = knob_run(&[("time", &(limits() + "part_time = \"none\""))], &st, &att);
    assert_eq!(unscaled.minutes("001", "MFOF"), 200);
    assert_eq!(unscaled.row("001", "MFOF").unwrap().days, 2);
}

#[test]
fn decimal_part_time_shares_scale_the_limits_exactly_and_floor_to_the_minute() {
    // The usual shares of a 36-hour week: 30 h (83.33), 24 h (66,67 with a decimal comma),
    // 33 h (91.67).
    let st = staff(&[
        "001,Maria Rossi,RM01,,83.33,,3000",
        "002,Luca Bianchi,RM01,,\"66,67\",,3000",
        "003,Anna Verdi,RM01,,91.67,,3000",
    ]);
    let days: &[(u32, &[(&str, &str)])] = &[
        (6, &[("09:00", "09:24")]),
        (7, &[("09:00", "09:23")]),
        (8, &[("09:00", "11:30")]),
        (9, &[("09:00", "10:40")]),
    ];
    let att: Vec<String> = ["001", "002", "003"].iter().flat_map(|e| counter_days(e, days)).collect();
    let r = knob_run(&[("time", &(limits() + "part_time = \"scale_limits\""))], &st, &att);
    assert!(!r.has(Code::BadValue), "{:?}", r.codes());
    // Limits 30 / 120 / 200 minutes × share / 100, floored:
    //   83.33: 24.999 → 24, 99.996 → 99, 166.66 → 166
    //   66.67: 20.001 → 20, 80.004 → 80, 133.34 → 133
    //   91.67: 27.501 → 27, 110.004 → 110, 183.34 → 183
    // Days of 24, 23, 150 and 100 minutes:
    //   001: 24, 0 (below 24), 99, 99 = 222 → 166
    //   002: 24, 23, 80, 80 = 207 → 133
    //   003: 0 (below 27), 0, 110, 100 = 210 → 183
    let day = |e: &str, d: u32| counted(&r, e, &format!("2025-10-{d:02}")).0 / 60;
    assert_eq!([6, 7, 8, 9].map(|d| day("001", d)), [24, 0, 99, 99]);
    assert_eq!([6, 7, 8, 9].map(|d| day("002", d)), [24, 23, 80, 80]);
    assert_eq!([6, 7, 8, 9].map(|d| day("003", d)), [0, 0, 110, 100]);
    // 6.00 €/h: ten cents a minute.
    for (e, minutes, days, amount) in [("001", 166, 3, "16.60"), ("002", 133, 4, "13.30"), ("003", 183, 2, "18.30")] {
        let row = r.row(e, "MFOF").unwrap_or_else(|| panic!("{e}: no row"));
        assert_eq!((row.minutes, row.days, row.amount_eur.to_string().as_str()), (minutes, days, amount), "{e}");
    }
    let said = |e: &str| -> Vec<String> {
        r.with_code(Code::LimitApplied)
            .iter()
            .filter(|a| a.employee_id.as_deref() == Some(e))
            .map(|a| a.message.to_string())
            .collect()
    };
    assert!(said("001").iter().any(|m| m.ends_with("(daily cap of 99 minutes)")), "{:?}", said("001"));
    assert!(said("001").iter().any(|m| m.ends_with("(monthly cap of 166 minutes)")), "{:?}", said("001"));
    assert!(said("003").iter().any(|m| m.ends_with("(below the daily minimum of 27 minutes)")), "{:?}", said("003"));
}

#[test]
fn a_part_time_share_with_three_decimals_or_zero_is_refused_naming_the_field() {
    let st = staff(&[
        ONE,
        "002,Luca Bianchi,RM01,,83.333,18.50,",
        "003,Anna Verdi,RM01,,0,18.50,",
        "004,Carla Neri,RM01,,101,18.50,",
    ]);
    let r = run(&embedded(), None, "2025-10", &st, &attendance(&[]), &sessions(&[]));
    let bad: Vec<(u64, String)> =
        r.with_code(Code::BadValue).iter().map(|a| (a.source.as_ref().unwrap().line, a.message.to_string())).collect();
    assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), [3, 4, 5], "{bad:?}");
    for (_, m) in &bad {
        assert!(
            m.starts_with("field \"part_time_pct\": expected a percentage from 1 to 100 with at most two decimals, such as 83.33, found \""),
            "{m}"
        );
    }
    assert!(bad[0].1.contains("found \"83.333\""), "{}", bad[0].1);
}

#[test]
fn money_rounded_per_day_then_summed() {
    // 12 minutes on each of two days at 4.625 €/h. Per row: 24 min = 1.85. Per day: 0.925 →
    // 0.93, twice = 1.86.
    let att = counter_days("001", &[(6, &[("09:00", "09:12")]), (7, &[("09:00", "09:12")])]);
    let rate = ("rate", "eur_per_hour = \"4.625\"");
    let row_level = knob_run(&[rate], &staff(&[ONE]), &att);
    assert_eq!(row_level.amount("001", "MFOF"), "1.85");
    let money =
        "rounding = { dp = 2, mode = \"half_up\" }\nlevel = \"day\"\nhours_rounding = { dp = 2, mode = \"half_up\" }";
    let day_level = knob_run(&[rate, ("money", money)], &staff(&[ONE]), &att);
    assert_eq!(day_level.amount("001", "MFOF"), "1.86");
    assert_eq!(day_level.result.employees["001"].items[0].amount_exact, d("1.85"));
}

#[test]
fn money_rounding_mode_is_the_rule_sets() {
    let att = counter_days("001", &[(6, &[("09:00", "09:12")])]);
    let rate = ("rate", "eur_per_hour = \"4.625\"");
    let money = |mode: &str| {
        format!("rounding = {{ dp = 2, mode = \"{mode}\" }}\nlevel = \"row\"\nhours_rounding = {{ dp = 1, mode = \"down\" }}")
    };
    let amount = |mode: &str| {
        let r = knob_run(&[rate, ("money", &money(mode))], &staff(&[ONE]), &att);
        (r.amount("001", "MFOF"), r.csv.lines().nth(1).unwrap().split(',').nth(6).unwrap().to_string())
    };
    // 0.925 exactly; hours 12/60 = 0.2, shown with two decimals whatever the rounding.
    assert_eq!(amount("half_up"), ("0.93".to_string(), "0.20".to_string()));
    assert_eq!(amount("half_even").0, "0.92");
    assert_eq!(amount("down").0, "0.92");
    assert_eq!(amount("up").0, "0.93");
}

#[test]
fn a_flat_rate_ignores_the_hourly_base_and_needs_none() {
    let att = counter_days("001", &[(6, &[("09:00", "10:00")])]);
    let r = knob_run(&[("rate", "eur_per_hour = \"5\"")], &staff(&["001,Maria Rossi,RM01,,,,"]), &att);
    assert_eq!(r.row("001", "MFOF").unwrap().rate_eur_per_hour, d("5"));
    assert!(r.csv.ends_with("001,2025-10,MFOF,knob,1,60,1.00,5.00,5.00\n"), "{}", r.csv);
    assert!(!r.has(Code::NoBase));
}

#[test]
fn in_person_clip_to_nothing_and_kinds_are_the_rule_sets() {
    let ip = "item = \"MFOF\"\nkinds = [\"front_office\", \"specialist\"]\nclip_to = \"nothing\"";
    let att = attendance(&[
        "001,2025-10-07,09:00,10:00,front_office,MFOF",
        "001,2025-10-07,10:00,10:20,specialist,CONS",
        "001,2025-10-07,11:00,11:30,appointment,APP1",
    ]);
    let r = run(&knob_book(&[("in_person", ip)]), Some("knob"), "2025-10", &staff(&[ONE]), &att, &sessions(&[]));
    assert_eq!(r.minutes("001", "MFOF"), 80, "no presence needed; appointment not listed");
    assert_eq!(r.sources_of(Code::KindNotQualifying), vec![("attendance.csv".to_string(), 4)]);
    assert!(!r.has(Code::OutsidePresence));
}

// ---------------------------------------------------------------------------------------------
// Bad rule files: refused with file, line and column.

fn refused(files: &[(&str, String)]) -> Vec<sportello::rules::RuleError> {
    match try_book(files) {
        Ok(_) => panic!("the rule files should be refused"),
        Err(e) => e,
    }
}

fn assert_points_at(err: &sportello::rules::RuleError, file: &str, line: usize, column: usize, needle: &str) {
    assert_eq!((err.at.file.as_str(), err.at.line, err.column), (file, line as u64, column as u64), "{err}");
    assert!(err.message.contains(needle), "{err}");
    assert!(err.to_string().starts_with(&format!("{file}:{line}:{column}: ")), "{err}");
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle in text") + 1
}

#[test]
fn an_unknown_key_is_refused_with_its_position() {
    let text =
        full_rule_file("x", "in_force", "from = 2025-01-01", &[("overlap", "priority = \"in_person\"\nbogus = 1")]);
    let errs = refused(&[("x", text.clone())]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_points_at(&errs[0], "rules/x.toml", line_of(&text, "bogus"), 1, "unknown field `bogus`");
    let top = "schema = 1\nid = \"x\"\ntitle = \"t\"\nstatus = \"in_force\"\nrule = 3\n".to_string();
    let errs = refused(&[("x", top)]);
    assert_points_at(&errs[0], "rules/x.toml", 5, 1, "unknown field `rule`");
}

#[test]
fn a_missing_clause_is_refused_naming_file_and_clause() {
    let text = rule_file("x", "in_force", "from = 2025-01-01", None, &DEFAULT_CLAUSES[..6]);
    let errs = refused(&[("x", text)]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].at.file, "rules/x.toml");
    assert!(errs[0].message.contains("[money]"), "{}", errs[0]);
    // A key missing inside a clause points at the clause.
    let text = full_rule_file(
        "x",
        "in_force",
        "from = 2025-01-01",
        &[("in_person", "item = \"MFOF\"\nkinds = [\"front_office\"]")],
    );
    let errs = refused(&[("x", text.clone())]);
    assert_points_at(&errs[0], "rules/x.toml", line_of(&text, "[in_person]"), 1, "missing field `clip_to`");
}

#[test]
fn a_missing_clause_is_refused_with_a_line_and_column() {
    let text = rule_file("x", "in_force", "from = 2025-01-01", None, &DEFAULT_CLAUSES[..6]);
    let errs = refused(&[("x", text)]);
    assert!(errs[0].at.line >= 1 && errs[0].column >= 1, "{}", errs[0]);
    assert!(errs[0].to_string().starts_with(&format!("rules/x.toml:{}:{}: ", errs[0].at.line, errs[0].column)));
}

#[test]
fn overlapping_in_force_validity_is_refused() {
    let a = full_rule_file("a", "in_force", "from = 2025-01-01", &[]);
    let b = full_rule_file("b", "in_force", "from = 2025-06-01\nto = 2025-12-31", &[]);
    let errs = refused(&[("a", a), ("b", b.clone())]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_points_at(&errs[0], "rules/b.toml", line_of(&b, "[validity]"), 1, "overlaps in-force rule set \"a\"");
    // Adjacent validity is fine; so is a scenario over an in-force period.
    let a = full_rule_file("a", "in_force", "from = 2025-01-01\nto = 2025-05-31", &[]);
    let b = full_rule_file("b", "in_force", "from = 2025-06-01", &[]);
    let c = full_rule_file("c", "scenario", "from = 2025-01-01", &[]);
    assert!(try_book(&[("a", a), ("b", b), ("c", c)]).is_ok());
}

#[test]
fn a_citation_of_an_unknown_source_is_refused() {
    let text = full_rule_file("x", "in_force", "from = 2025-01-01", &[]).replacen(
        "priority = \"in_person\"\ncite = [\"s-x\"]",
        "priority = \"in_person\"\ncite = [\"s-x\", \"nope\"]",
        1,
    );
    let errs = refused(&[("x", text.clone())]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let line = line_of(&text, "\"nope\"");
    let column = text.lines().nth(line - 1).unwrap().find("\"nope\"").unwrap() + 1;
    assert_points_at(&errs[0], "rules/x.toml", line, column, "no source \"nope\"");
}

#[test]
fn extending_an_unknown_rule_set_is_refused() {
    let text = rule_file("x", "scenario", "from = 2025-07-01", Some("nobody"), &[]);
    let errs = refused(&[("x", text.clone())]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_points_at(&errs[0], "rules/x.toml", line_of(&text, "extends"), 11, "no rule set \"nobody\"");
}

#[test]
fn validity_ending_before_it_starts_is_refused() {
    let text = full_rule_file("x", "in_force", "from = 2025-01-01\nto = 2024-12-31", &[]);
    let errs = refused(&[("x", text.clone())]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_points_at(&errs[0], "rules/x.toml", line_of(&text, "to = 2024"), 6, "is before from");
}

#[test]
fn impossible_values_are_refused_with_their_position() {
    let cases: &[(&str, &str, &str)] = &[
        ("rate", "percent_of_hourly_base = \"-5\"", "percent_of_hourly_base"),
        ("rate", "eur_per_hour = \"abc\"", "eur_per_hour"),
        ("time", "unit_seconds = 90\nmode = \"down\"\nlevel = \"day\"\npart_time = \"none\"", "unit_seconds"),
        ("in_person", "item = \"MFOF\"\nkinds = [\"appointment\"]\nclip_to = \"presence\"", "front_office"),
        ("in_person", "item = \"mfof\"\nkinds = [\"front_office\"]\nclip_to = \"presence\"", "item"),
        ("remote", "recognised = true\nroles = [\"organizer\"]\nrejoin_tolerance_seconds = 1\nminimum_consultation_seconds = 1\nclip_to = \"nothing\"", "item"),
        ("remote", "recognised = true\nitem = \"MFOF\"\nroles = [\"organizer\"]\nrejoin_tolerance_seconds = 1\nminimum_consultation_seconds = 1\nclip_to = \"nothing\"", "distinct"),
        ("remote", "recognised = false\nitem = \"WEB\"", "recognised = false"),
        ("overlap", "priority = \"both\"", "unknown variant `both`"),
    ];
    for (clause, body, needle) in cases {
        let text = full_rule_file("x", "in_force", "from = 2025-01-01", &[(clause, body)]);
        let errs = refused(&[("x", text)]);
        assert!(!errs.is_empty());
        let e = &errs[0];
        assert!(e.at.line > 0 && e.column > 0, "{clause} {body}: {e}");
        assert!(e.message.contains(needle), "{clause} {body}: {e}");
    }
    // A syntax error, too.
    let errs = refused(&[("x", "schema = 1\nid = \"x\ntitle = \"t\"\n".to_string())]);
    assert_eq!(errs[0].at.line, 2, "{}", errs[0]);
}

#[test]
fn the_rule_file_id_must_match_its_name() {
    let text = full_rule_file("y", "in_force", "from = 2025-01-01", &[]);
    let errs = refused(&[("x", text)]);
    assert_points_at(&errs[0], "rules/x.toml", 2, 6, "must equal the file name");
}
