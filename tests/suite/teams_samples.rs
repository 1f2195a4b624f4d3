//! Every synthetic sample of `fixtures/teams-samples/` imports with the intervals read by hand
//! from the file. Instants are written literally (Unix seconds) with the wall time they stand
//! for; Rome is UTC+1 in winter (CET) and UTC+2 in summer (CEST).

mod teams {

    use std::sync::Arc;

    use sportello::anomaly::Code;
    use sportello::input::teams::{
        dedupe, inspect, normalize, read_file, DateOrder, DateOrderBasis, Format, ReadOptions, TeamsFile, TimeBasis,
    };
    use sportello::input::text::Encoding;
    use sportello::sessions::Role;

    const DIR: &str = "fixtures/teams-samples/";

    fn load(name: &str) -> TeamsFile {
        let bytes = std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file: Arc<str> = Arc::from(name);
        read_file(&file, &bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// (role, display name, address, start, end, line), sorted by start, end, name.
    fn rows(f: &TeamsFile) -> Vec<(Role, String, String, i64, i64, u64)> {
        let mut v: Vec<_> = f
            .records
            .iter()
            .map(|r| (r.role, r.participant.clone(), r.upn.clone(), r.span.start, r.span.end, r.source.line))
            .collect();
        v.sort_by(|a, b| (a.3, a.4, &a.1).cmp(&(b.3, b.4, &b.1)));
        v
    }

    fn spans(f: &TeamsFile) -> Vec<(i64, i64)> {
        rows(f).iter().map(|r| (r.3, r.4)).collect()
    }

    fn codes(f: &TeamsFile) -> Vec<Code> {
        f.all_anomalies().iter().map(|a| a.code).collect()
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    const OP: &str = "operatore.uno@example.org";
    const DUE: &str = "cittadino.due@example.net";

    #[test]
    fn s01_legacy_list_joined_before_rejoin_and_no_final_left() {
        let f = load("01_legacy-list_en-US_joined-before_rejoin.csv");
        assert_eq!(f.format, Format::AttendanceList);
        assert_eq!(f.encoding, Encoding::Utf16LeBom);
        assert_eq!(f.delimiter, Some('\t'));
        assert_eq!(f.time_basis, TimeBasis::RomeWallTime);
        // `3/4/2021` is ambiguous: English headers with a 12-hour clock → month first (4 March).
        assert_eq!(f.date_order, Some(DateOrder::Mdy));
        assert_eq!(f.date_order_basis, DateOrderBasis::Language { language: "en", twelve_hour: true });
        assert_eq!(
            rows(&f),
            vec![
                // `Joined before` carries the organizer's 09:00:05; left 09:12:40.
                (Role::Attendee, s("Cittadino Due"), s(""), 1_614_844_805, 1_614_845_560, 3),
                // Organizer: joined 09:00:05 CET, no Left → ends at the list's last time 09:31:10.
                (Role::Organizer, s("Operatore Uno"), s(""), 1_614_844_805, 1_614_846_670, 2),
                // Rejoined 09:13:02, left 09:31:10.
                (Role::Attendee, s("Cittadino Due"), s(""), 1_614_845_582, 1_614_846_670, 5),
            ]
        );
        let d: Vec<i64> = rows(&f).iter().map(|r| r.4 - r.3).collect();
        assert_eq!(d, vec![12 * 60 + 35, 31 * 60 + 5, 18 * 60 + 8]);
        assert_eq!(codes(&f), vec![Code::MissingLeave]);
        let a = &f.all_anomalies()[0];
        assert_eq!(a.source.as_ref().map(|s| s.line), Some(2));
        assert!(!a.message.en().contains("Operatore"));
        assert_eq!(f.meetings.len(), 1);
        assert!(f.meetings[0].id.starts_with("list-"));
        assert_eq!((f.meetings[0].start, f.meetings[0].end), (None, None));
    }

    #[test]
    fn s02_legacy_list_2025_client_lowercase_pm_and_unverified_guest() {
        let f = load("02_legacy-list_2025-client_unverified-guest.csv");
        assert_eq!(f.format, Format::AttendanceList);
        // `2/4/25, 3:00:12 pm`: 4 February 2025, 15:00:12 CET.
        assert_eq!(f.date_order, Some(DateOrder::Mdy));
        assert_eq!(
            rows(&f),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(""), 1_738_677_612, 1_738_679_201, 2),
                (Role::Attendee, s("Cittadina Tre  (Unverified)"), s(""), 1_738_677_700, 1_738_678_075, 4),
                (Role::Attendee, s("Cittadina Tre  (Unverified)"), s(""), 1_738_678_100, 1_738_679_042, 6),
            ]
        );
        assert_eq!(1_738_679_201 - 1_738_677_612, 26 * 60 + 29);
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s03_legacy_list_pt_br() {
        let f = load("03_legacy-list_pt-BR.csv");
        assert_eq!(f.format, Format::AttendanceList);
        // `09/03/2021 10:00:03` with Portuguese headers → day first: 9 March 2021, CET.
        assert_eq!(f.date_order, Some(DateOrder::Dmy));
        assert_eq!(f.date_order_basis, DateOrderBasis::Language { language: "pt", twelve_hour: false });
        assert_eq!(
            rows(&f),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(""), 1_615_280_403, 1_615_281_890, 2),
                (Role::Attendee, s("Cittadino Due"), s(""), 1_615_280_441, 1_615_281_675, 4),
            ]
        );
        assert_eq!(1_615_281_675 - 1_615_280_441, 20 * 60 + 34);
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s04_report_2021_rejoin_and_short_durations_within_tolerance() {
        let f = load("04_report-2021_meeting-summary_en-US_rejoin.csv");
        assert_eq!(f.format, Format::Report2021);
        assert_eq!(f.date_order_basis, DateOrderBasis::SecondAbove12 { line: 4 });
        // 13 April 2022 is summer time: CEST, UTC+2.
        assert_eq!(f.meetings[0].start, Some(1_649_833_202)); // 09:00:02
        assert_eq!(f.meetings[0].end, Some(1_649_837_011)); // 10:03:31
        assert_eq!(
            rows(&f),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(OP), 1_649_833_202, 1_649_837_011, 8),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_649_833_330, 1_649_834_144, 9),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_649_834_165, 1_649_836_992, 10),
            ]
        );
        // `1h 3m` for 1:03:29 and `47m 6s` for 47:07 are within 60 s: no DurationMismatch.
        assert_eq!(1_649_837_011 - 1_649_833_202, 3600 + 3 * 60 + 29);
        assert_eq!(1_649_836_992 - 1_649_834_165, 47 * 60 + 7);
        assert!(codes(&f).is_empty());
    }

    fn expected_05() -> Vec<(i64, i64)> {
        vec![
            (1_710_423_004, 1_710_425_150), // organizer 14:30:04 → 15:05:50 CET, 35m 46s
            (1_710_423_070, 1_710_423_842), // citizen 14:31:10 → 14:44:02, 12m 52s
            (1_710_423_600, 1_710_424_710), // guest 14:40:00 → 14:58:30, 18m 30s
            (1_710_423_880, 1_710_425_141), // citizen again 14:44:40 → 15:05:41, 21m 1s
        ]
    }

    #[test]
    fn s05_sectioned_report_uses_block_3_not_block_2() {
        let f = load("05_report-sectioned_en-US_rejoin_guest.csv");
        assert_eq!(f.format, Format::SectionedReport);
        assert_eq!(f.date_order, Some(DateOrder::Mdy));
        assert_eq!(f.meetings[0].start, Some(1_710_423_004));
        assert_eq!(f.meetings[0].end, Some(1_710_425_150));
        assert_eq!(
            rows(&f),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(OP), 1_710_423_004, 1_710_425_150, 17),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_070, 1_710_423_842, 18),
                (Role::Attendee, s("Cittadina Tre (Unverified)"), s(""), 1_710_423_600, 1_710_424_710, 20),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_880, 1_710_425_141, 19),
            ]
        );
        let durations: Vec<i64> = expected_05().iter().map(|(a, b)| b - a).collect();
        assert_eq!(durations, vec![35 * 60 + 46, 12 * 60 + 52, 18 * 60 + 30, 21 * 60 + 1]);
        // Block 2's 33m 53s is the sum of block 3's two rows; had block 2 been added, the citizen
        // would have 4 intervals or 67 minutes.
        let citizen: i64 = f.records.iter().filter(|r| r.upn == DUE).map(|r| r.span.seconds()).sum();
        assert_eq!(citizen, 33 * 60 + 53);
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s06_sectioned_report_en_gb_no_show() {
        let f = load("06_report-sectioned_en-GB_no-show.csv");
        assert_eq!(f.format, Format::SectionedReport);
        assert_eq!(f.date_order_basis, DateOrderBasis::FirstAbove12 { line: 4 });
        assert_eq!(f.meetings[0].start, Some(1_668_501_017)); // 15/11/22 09:30:17 CET
        assert_eq!(f.meetings[0].end, Some(1_668_501_902)); // 09:45:02
        assert_eq!(rows(&f), vec![(Role::Organizer, s("Operatore Uno"), s(OP), 1_668_501_017, 1_668_501_901, 15)]);
        assert_eq!(1_668_501_901 - 1_668_501_017, 14 * 60 + 44);
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s07_sectioned_report_italian_nbsp_durations() {
        let f = load("07_report-sectioned_it-IT_INFERRED_rejoin.csv");
        assert_eq!(f.format, Format::SectionedReport);
        assert_eq!(f.date_order, Some(DateOrder::Dmy));
        assert_eq!(
            rows(&f),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(OP), 1_710_423_004, 1_710_424_930, 16), // 14:30:04 → 15:02:10
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_080, 1_710_423_605, 17), // 14:31:20 → 14:40:05
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_780, 1_710_424_915, 18), // 14:43:00 → 15:01:55
            ]
        );
        // `8 min 45 s` + `18 min 55 s` = `27 min 40 s` of block 2: consistent, so no anomaly.
        assert_eq!((1_710_423_605 - 1_710_423_080) + (1_710_424_915 - 1_710_423_780), 27 * 60 + 40);
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s08_live_event_utc_sessions() {
        let f = load("08_live-event-engagement_utc_INFERRED-encoding.csv");
        assert_eq!(f.format, Format::LiveEvent);
        assert_eq!(f.encoding, Encoding::Utf8);
        assert_eq!(f.delimiter, Some(','));
        assert_eq!(f.time_basis, TimeBasis::Utc);
        assert_eq!(
            rows(&f),
            vec![
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_643_101_091, 1_643_102_077, 2), // 08:58:11Z → 09:14:37Z
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_643_102_102, 1_643_103_655, 4), // 09:15:02Z → 09:40:55Z
            ]
        );
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s09_graph_attendance_report_truncates_fractions() {
        let f = load("09_graph_meetingAttendanceReport_expanded.json");
        assert_eq!(f.format, Format::GraphAttendanceReport);
        assert_eq!(f.delimiter, None);
        assert_eq!(f.date_order_basis, DateOrderBasis::NotNeeded);
        assert_eq!(f.meetings[0].id, "5c1e7a52-0d1b-4f0e-9f6a-000000000009");
        assert_eq!(f.meetings[0].start, Some(1_710_423_004)); // 13:30:04.113Z
        assert_eq!(f.meetings[0].end, Some(1_710_425_150)); // 14:05:50.9Z
        assert_eq!(
            rows(&f),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(OP), 1_710_423_004, 1_710_425_150, 18),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_070, 1_710_423_842, 35),
                (Role::Attendee, s("Cittadina Tre"), s(""), 1_710_423_600, 1_710_424_710, 57),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_880, 1_710_425_141, 40),
            ]
        );
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn s10_graph_call_record_one_interval_per_session_and_paging_reported() {
        let f = load("10_graph_callRecord_sessions_segments.json");
        assert_eq!(f.format, Format::GraphCallRecord);
        assert_eq!(f.meetings[0].id, "6f1c2d3e-4a5b-4c6d-8e9f-000000000010");
        assert_eq!(f.meetings[0].start, Some(1_710_423_003)); // 13:30:03.992Z
        assert_eq!(f.meetings[0].end, Some(1_710_425_151)); // 14:05:51.003Z
        assert_eq!(
            rows(&f).iter().map(|r| (r.0, r.1.clone(), r.2.clone(), r.3, r.4)).collect::<Vec<_>>(),
            vec![
                (Role::Organizer, s("Operatore Uno"), s(OP), 1_710_423_004, 1_710_425_150),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_070, 1_710_423_842),
                (Role::Attendee, s("Cittadina Tre"), s(""), 1_710_423_600, 1_710_424_710),
                (Role::Attendee, s("Cittadino Due"), s(DUE), 1_710_423_880, 1_710_425_141),
            ]
        );
        // `sessions@odata.nextLink`: more sessions exist on another page.
        assert_eq!(codes(&f), vec![Code::MissingValue]);
    }

    #[test]
    fn the_meeting_of_05_09_10_has_the_same_intervals_and_counts_once() {
        let csv = load("05_report-sectioned_en-US_rejoin_guest.csv");
        let report = load("09_graph_meetingAttendanceReport_expanded.json");
        let call = load("10_graph_callRecord_sessions_segments.json");
        assert_eq!(spans(&csv), expected_05());
        assert_eq!(spans(&report), expected_05());
        assert_eq!(spans(&call), expected_05());

        let orders: [[usize; 3]; 3] = [[0, 1, 2], [2, 1, 0], [1, 2, 0]];
        let mut outcomes = Vec::new();
        for order in orders {
            let all = [csv.clone(), report.clone(), call.clone()];
            let files: Vec<TeamsFile> = order.iter().map(|&i| all[i].clone()).collect();
            let (records, anomalies) = dedupe(files);
            assert_eq!(records.len(), 4);
            // The kept copy is the smallest file name: the CSV.
            assert!(records.iter().all(|r| r.meeting_id == csv.meetings[0].id));
            let dups: Vec<_> = anomalies.iter().filter(|a| a.code == Code::DuplicateMeeting).collect();
            assert_eq!(dups.len(), 2);
            let ignored: Vec<&str> = dups.iter().filter_map(|a| a.source.as_ref()).map(|s| &*s.file).collect();
            assert_eq!(
                ignored,
                vec!["09_graph_meetingAttendanceReport_expanded.json", "10_graph_callRecord_sessions_segments.json"]
            );
            // The ignored callRecord's paging anomaly goes with it.
            assert!(anomalies.iter().all(|a| a.code == Code::DuplicateMeeting));
            outcomes.push((records, anomalies));
        }
        assert!(outcomes.windows(2).all(|w| w[0] == w[1]), "the result depends on file order");
    }

    #[test]
    fn normalised_sample_keeps_the_organizer_and_hides_citizens() {
        let f = load("05_report-sectioned_en-US_rejoin_guest.csv");
        let rows = normalize(&f.records, None);
        let shown: Vec<(&str, &str, i64)> =
            rows.iter().map(|r| (r.participant.as_str(), r.upn.as_str(), r.span.start)).collect();
        assert_eq!(
            shown,
            vec![
                ("Operatore Uno", OP, 1_710_423_004),
                ("citizen-1", "", 1_710_423_070),
                ("citizen-2", "", 1_710_423_600),
                ("citizen-1", "", 1_710_423_880),
            ]
        );
    }

    #[test]
    fn inspect_reports_shape_and_counts_without_names() {
        let f = load("05_report-sectioned_en-US_rejoin_guest.csv");
        let report = inspect(&f);
        assert_eq!((report.meetings, report.participants, report.intervals), (1, 3, 4));
        assert_eq!(report.delimiter, Some('\t'));
        let text = report.to_string();
        assert!(text.contains("UTF-16LE with BOM, TAB-delimited"), "{text}");
        assert!(text.contains("month/day/year (the date on line 4 has a second number above 12)"), "{text}");
        assert!(!text.contains("Cittadin") && !text.contains("example.net") && !text.contains("NASpI"), "{text}");
    }

    #[test]
    fn sample_ids_are_stable_and_never_the_title() {
        let a = load("04_report-2021_meeting-summary_en-US_rejoin.csv");
        let b = load("04_report-2021_meeting-summary_en-US_rejoin.csv");
        assert_eq!(a.meetings[0].id, b.meetings[0].id);
        assert!(a.meetings[0].id.starts_with("report-") && a.meetings[0].id.len() == 7 + 16);
        assert!(a.records.iter().all(|r| !r.meeting_id.contains("Consulenza")));
    }
}
