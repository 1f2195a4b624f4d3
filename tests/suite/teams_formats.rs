//! Every CSV format in every byte form (UTF-16LE/TAB/LF as Teams writes, UTF-8 BOM with `,`
//! quoted CRLF or `;` as Excel re-saves), localised headers, the day/month decision and its
//! ambiguous case, DST gap and fold, rejoins, `Joined before`, missing leaves, duplicates across
//! files, and hostile display names.

mod teams {

    use std::sync::Arc;

    use sportello::anomaly::{Anomaly, Code, SourceRef};
    use sportello::input::teams::{
        dedupe, normalize, read_file, DateOrder, DateOrderBasis, Format, Party, ReadOptions, TeamsError, TeamsFile,
    };
    use sportello::input::text::{decode, Encoding};
    use sportello::register::{Employee, Register};
    use sportello::sessions::Role;

    const DIR: &str = "fixtures/teams-samples/";

    fn read_as(name: &str, bytes: &[u8], opts: &ReadOptions) -> Result<TeamsFile, TeamsError> {
        let file: Arc<str> = Arc::from(name);
        read_file(&file, bytes, opts)
    }

    fn read(name: &str, bytes: &[u8]) -> TeamsFile {
        read_as(name, bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn utf16(text: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf8_bom(text: &str) -> Vec<u8> {
        let mut v = vec![0xEF, 0xBB, 0xBF];
        v.extend_from_slice(text.as_bytes());
        v
    }

    /// The sample's rows as cells (TAB files split on TAB; the live-event CSV through `csv`).
    fn cells_of(name: &str) -> Vec<Vec<String>> {
        let bytes = std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = decode(&bytes).map(|(t, _)| t.into_owned()).unwrap_or_else(|e| panic!("{e}"));
        if text.contains('\t') {
            text.lines().map(|l| l.split('\t').map(str::to_string).collect()).collect()
        } else {
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            r.records().map(|rec| rec.map(|rec| rec.iter().map(str::to_string).collect()).unwrap_or_default()).collect()
        }
    }

    /// Renders rows as Excel would: `delim`, quoted where needed (or always), padded to the widest
    /// row, CRLF.
    fn excel(rows: &[Vec<String>], delim: char, always_quote: bool) -> String {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut out = String::new();
        for row in rows {
            let mut cells: Vec<String> = row
                .iter()
                .map(|c| {
                    if always_quote && !c.is_empty() || c.contains(delim) || c.contains('"') {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            cells.resize(width, String::new());
            out.push_str(&cells.join(&delim.to_string()));
            out.push_str("\r\n");
        }
        out
    }

    fn tab(rows: &[Vec<String>], eol: &str, final_newline: bool) -> String {
        let mut out = rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join(eol);
        if final_newline {
            out.push_str(eol);
        }
        out
    }

    /// What must not change between byte forms: meetings and records (lines may differ by one
    /// when a form drops or adds lines, so they are left out).
    type Meetings = Vec<(String, Option<i64>, Option<i64>)>;
    type Records = Vec<(String, String, String, Role, i64, i64)>;

    fn essence(f: &TeamsFile) -> (Format, Meetings, Records) {
        let meetings = f.meetings.iter().map(|m| (m.id.clone(), m.start, m.end)).collect();
        let mut records: Vec<_> = f
            .records
            .iter()
            .map(|r| (r.meeting_id.clone(), r.participant.clone(), r.upn.clone(), r.role, r.span.start, r.span.end))
            .collect();
        records.sort();
        (f.format, meetings, records)
    }

    #[test]
    fn every_csv_format_in_every_byte_form() {
        for name in [
            "01_legacy-list_en-US_joined-before_rejoin.csv",
            "02_legacy-list_2025-client_unverified-guest.csv",
            "03_legacy-list_pt-BR.csv",
            "04_report-2021_meeting-summary_en-US_rejoin.csv",
            "05_report-sectioned_en-US_rejoin_guest.csv",
            "06_report-sectioned_en-GB_no-show.csv",
            "07_report-sectioned_it-IT_INFERRED_rejoin.csv",
            "08_live-event-engagement_utc_INFERRED-encoding.csv",
        ] {
            let original = std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{e}"));
            let expected = essence(&read(name, &original));
            assert!(!expected.2.is_empty(), "{name}");
            let rows = cells_of(name);
            let forms: Vec<(&str, Vec<u8>, Encoding, char)> = vec![
                ("utf16-tab-lf", utf16(&tab(&rows, "\n", true)), Encoding::Utf16LeBom, '\t'),
                ("utf16-tab-crlf-no-final", utf16(&tab(&rows, "\r\n", false)), Encoding::Utf16LeBom, '\t'),
                ("utf8-tab-lf", tab(&rows, "\n", true).into_bytes(), Encoding::Utf8, '\t'),
                ("excel-comma", utf8_bom(&excel(&rows, ',', false)), Encoding::Utf8Bom, ','),
                ("excel-comma-all-quoted", utf8_bom(&excel(&rows, ',', true)), Encoding::Utf8Bom, ','),
                ("excel-semicolon", utf8_bom(&excel(&rows, ';', false)), Encoding::Utf8Bom, ';'),
                ("excel-semicolon-no-bom", excel(&rows, ';', false).into_bytes(), Encoding::Utf8, ';'),
            ];
            for (form, bytes, encoding, delim) in forms {
                let f = read(name, &bytes);
                assert_eq!(essence(&f), expected, "{name} as {form}");
                assert_eq!((f.encoding, f.delimiter), (encoding, Some(delim)), "{name} as {form}");
            }
        }
    }

    fn spans(f: &TeamsFile) -> Vec<(Role, String, i64, i64)> {
        let mut v: Vec<_> =
            f.records.iter().map(|r| (r.role, r.participant.clone(), r.span.start, r.span.end)).collect();
        v.sort_by(|a, b| (a.2, a.3, &a.1).cmp(&(b.2, b.3, &b.1)));
        v
    }

    fn codes(f: &TeamsFile) -> Vec<(Code, u64)> {
        f.all_anomalies().iter().map(|a| (a.code, a.source.as_ref().map_or(0, |s| s.line))).collect()
    }

    #[test]
    fn french_2021_report_with_a_and_nbsp_durations() {
        let text = "Résumé de la réunion\n\
                Nombre total de participants\t2\n\
                Titre de la réunion\tnull\n\
                Heure de début de la réunion\t13/04/2021 à 09:01:31\n\
                Heure de fin\t13/04/2021 à 11:45:40\n\
                \n\
                Nom complet\tHeure d'arrivée\tHeure de départ\tDurée\tE-mail\tRôle\n\
                Operatore Uno\t13/04/2021 à 09:01:31\t13/04/2021 à 11:45:40\t2\u{a0}h 44\u{a0}m\top@example.org\tOrganisateur\n\
                Cittadino Due\t13/04/2021 à 09:05:00\t13/04/2021 à 10:00:00\t55\u{a0}m\tdue@example.net\tPrésentateur\n";
        let f = read("fr.csv", &utf16(text));
        assert_eq!(f.format, Format::Report2021);
        assert_eq!(f.date_order_basis, DateOrderBasis::FirstAbove12 { line: 4 });
        // 13 April 2021, CEST (UTC+2): 09:01:31 = 07:01:31Z.
        assert_eq!(
            spans(&f),
            vec![
                (Role::Organizer, "Operatore Uno".into(), 1_618_297_291, 1_618_307_140),
                (Role::Presenter, "Cittadino Due".into(), 1_618_297_500, 1_618_300_800),
            ]
        );
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn portuguese_sectioned_report_decides_day_first_by_language() {
        let text = "1. Resumo\n\
                Título da reunião\tAtendimento\n\
                Participantes presentes\t2\n\
                Hora de início\t02/03/2024 10:00:00\n\
                Hora de término\t02/03/2024 10:30:00\n\
                Duração da reunião\t30m\n\
                \n\
                2. Participantes\n\
                Nome\tPrimeiro ingresso\tÚltima saída\tDuração na reunião\tEmail\tID do participante (UPN)\tFunção\n\
                Operatore Uno\t02/03/2024 10:00:00\t02/03/2024 10:30:00\t30m\top@example.org\top@example.org\tOrganizador\n\
                Cittadino Due\t02/03/2024 10:01:00\t02/03/2024 10:29:00\t20m\tdue@example.net\tdue@example.net\tParticipante\n\
                \n\
                3. Atividades\n\
                Nome\tHora de entrada\tHora de saída\tDuração\tEmail\tFunção\n\
                Operatore Uno\t02/03/2024 10:00:00\t02/03/2024 10:30:00\t30m\top@example.org\tOrganizador\n\
                Cittadino Due\t02/03/2024 10:01:00\t02/03/2024 10:05:00\t4m\tdue@example.net\tParticipante\n\
                Cittadino Due\t02/03/2024 10:13:00\t02/03/2024 10:29:00\t16m\tdue@example.net\tParticipante\n";
        let f = read("pt.csv", &utf16(text));
        assert_eq!(f.format, Format::SectionedReport);
        assert_eq!(f.date_order, Some(DateOrder::Dmy));
        assert_eq!(f.date_order_basis, DateOrderBasis::Language { language: "pt", twelve_hour: false });
        // 2 March 2024 (not 3 February), CET: 10:00:00 = 09:00:00Z.
        assert_eq!(
            spans(&f),
            vec![
                (Role::Organizer, "Operatore Uno".into(), 1_709_370_000, 1_709_371_800),
                (Role::Attendee, "Cittadino Due".into(), 1_709_370_060, 1_709_370_300),
                (Role::Attendee, "Cittadino Due".into(), 1_709_370_780, 1_709_371_740),
            ]
        );
        // Block 2 says 20m for the citizen, block 3 gives 4m + 16m: consistent.
        assert!(codes(&f).is_empty());
    }

    /// A sectioned report whose words no one taught the reader: found by shape.
    fn unknown_language_report(day: &str, month: &str) -> String {
        let d = |t: &str| format!("{day}/{month}/24, {t}");
        format!(
            "1. Xsammenvattung\n\
         Titel\tOverleg\n\
         Deelnemers\t2\n\
         Begintijd\t{}\n\
         Eindtijd\t{}\n\
         \n\
         2. Deelnemers\n\
         Naam\tEerste\tLaatste\tDuur\tMail\tUPN\tRolle\n\
         Operatore Uno\t{}\t{}\t30m\top@example.org\top@example.org\tOrganizer\n\
         Cittadino Due\t{}\t{}\t20m\tdue@example.net\tdue@example.net\tAttendee\n\
         \n\
         3. Activiteiten\n\
         Naam\tIn\tUit\tDuur\tMail\tRolle\n\
         Operatore Uno\t{}\t{}\t30m\top@example.org\tOrganizer\n\
         Cittadino Due\t{}\t{}\t20m\tdue@example.net\tAttendee\n",
            d("10:00:00"),
            d("10:30:00"),
            d("10:00:00"),
            d("10:30:00"),
            d("10:05:00"),
            d("10:25:00"),
            d("10:00:00"),
            d("10:30:00"),
            d("10:05:00"),
            d("10:25:00"),
        )
    }

    #[test]
    fn unseen_language_reads_by_shape_and_ambiguous_dates_need_the_override() {
        // Day 14 decides: 14 March 2024, CET.
        let f = read("nl.csv", &utf16(&unknown_language_report("14", "03")));
        assert_eq!(f.format, Format::SectionedReport);
        assert_eq!(
            spans(&f),
            vec![
                (Role::Organizer, "Operatore Uno".into(), 1_710_406_800, 1_710_408_600),
                (Role::Attendee, "Cittadino Due".into(), 1_710_407_100, 1_710_408_300),
            ]
        );
        // 04/03/24 in an unknown language: refused, naming the file, never a participant.
        let bytes = utf16(&unknown_language_report("04", "03"));
        let err = read_as("nl-ambiguous.csv", &bytes, &ReadOptions::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("nl-ambiguous.csv: cannot tell whether the dates are day/month or month/day"), "{err}");
        assert!(err.contains("--date-order dmy") && !err.contains("Cittadino") && !err.contains("Operatore"), "{err}");
        // The override decides, and each order gives its own day.
        let dmy = read_as("x.csv", &bytes, &ReadOptions { date_order: Some(DateOrder::Dmy) })
            .unwrap_or_else(|e| panic!("{e}"));
        let mdy = read_as("x.csv", &bytes, &ReadOptions { date_order: Some(DateOrder::Mdy) })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dmy.date_order_basis, DateOrderBasis::Override);
        assert_eq!(dmy.meetings[0].start, Some(1_709_542_800)); // 4 March 2024 10:00 CET
        assert_eq!(mdy.meetings[0].start, Some(1_712_131_200)); // 3 April 2024 10:00 CEST
    }

    const EN_24H_LIST: &str = "Full Name\tUser Action\tTimestamp\n\
                           Operatore Uno\tJoined\t3/4/2021, 09:00:05\n\
                           Cittadino Due\tJoined\t3/4/2021, 09:01:00\n\
                           Cittadino Due\tLeft\t3/4/2021, 09:20:00\n\
                           Operatore Uno\tLeft\t3/4/2021, 09:30:00\n";

    #[test]
    fn english_24_hour_list_with_ambiguous_dates_is_refused_until_told() {
        let bytes = utf16(EN_24H_LIST);
        match read_as("list.csv", &bytes, &ReadOptions::default()) {
            Err(TeamsError::DateOrder { at, reason }) => {
                assert_eq!(at.file, "list.csv");
                let (en, it) = (reason.en(), reason.render(sportello::lang::Lang::It));
                assert!(en.contains("English with a 24-hour clock"), "{en}");
                assert!(en.contains("line 2"), "{en}");
                // What to do, in both languages: the flag and when it is needed.
                assert!(en.contains("--date-order dmy") && en.contains("--date-order mdy"), "{en}");
                assert!(en.contains("needed only by files like this one"), "{en}");
                assert!(it.contains("--date-order dmy") && it.contains("serve solo per file come questo"), "{it}");
            }
            other => panic!("expected a date-order error, got {other:?}"),
        }
        let dmy = read_as("list.csv", &bytes, &ReadOptions { date_order: Some(DateOrder::Dmy) })
            .unwrap_or_else(|e| panic!("{e}"));
        // 3 April 2021 is summer time: 09:00:05 CEST = 07:00:05Z.
        assert_eq!(spans(&dmy)[0], (Role::Organizer, "Operatore Uno".into(), 1_617_433_205, 1_617_435_000));
        let mdy = read_as("list.csv", &bytes, &ReadOptions { date_order: Some(DateOrder::Mdy) })
            .unwrap_or_else(|e| panic!("{e}"));
        // 4 March 2021 is winter time: 09:00:05 CET = 08:00:05Z.
        assert_eq!(spans(&mdy)[0].2, 1_614_844_805);
        assert_eq!(spans(&dmy)[0].2 - spans(&mdy)[0].2, 30 * 86_400 - 3600);
    }

    #[test]
    fn a_day_above_12_decides_even_against_the_given_order() {
        let text = "Full Name\tUser Action\tTimestamp\nOperatore Uno\tJoined\t15/11/22, 09:30:17\nOperatore Uno\tLeft\t15/11/22, 09:45:01\n";
        let f = read("gb.csv", &utf16(text));
        assert_eq!(f.date_order_basis, DateOrderBasis::FirstAbove12 { line: 2 });
        // `--date-order` is for files whose dates do not decide: one given for a whole folder
        // must not misread the files that show their order.
        let f = read_as("gb.csv", &utf16(text), &ReadOptions { date_order: Some(DateOrder::Mdy) }).unwrap();
        assert_eq!(
            (f.date_order, f.date_order_basis),
            (Some(DateOrder::Dmy), DateOrderBasis::FirstAbove12 { line: 2 })
        );
    }

    #[test]
    fn consistency_decides_a_meeting_across_midnight() {
        // Month first, the meeting lasts 30 minutes; day first it would last a month.
        let text = "Full Name\tUser Action\tTimestamp\n\
                Operatore Uno\tJoined\t3/4/2021, 23:50:00\n\
                Operatore Uno\tLeft\t3/5/2021, 00:20:00\n";
        let f = read("night.csv", &utf16(text));
        assert_eq!((f.date_order, f.date_order_basis.clone()), (Some(DateOrder::Mdy), DateOrderBasis::Consistency));
        assert_eq!(f.records[0].span.seconds(), 1800);
    }

    #[test]
    fn polish_list_and_unknown_action_words() {
        let pl = "Imię i nazwisko\tCzynność\tZnacznik czasu\n\
              Operatore Uno\tDołączył\t14.03.2024, 14:30:04\n\
              Cittadino Due\tDołączył\t14.03.2024, 14:31:10\n\
              Cittadino Due\tOpuścił\t14.03.2024, 14:44:02\n\
              Operatore Uno\tOpuścił\t14.03.2024, 15:05:50\n";
        let f = read("pl.csv", &utf16(pl));
        assert_eq!(
            spans(&f),
            vec![
                (Role::Organizer, "Operatore Uno".into(), 1_710_423_004, 1_710_425_150),
                (Role::Attendee, "Cittadino Due".into(), 1_710_423_070, 1_710_423_842),
            ]
        );
        assert!(f.notes.is_empty());
        // Words never seen: read by their order (first = join; the one always at the first row's
        // time = joined before; the other = leave).
        let unknown = "Naam\tActie\tTijd\n\
                   Operatore Uno\tToegetreden\t14/03/2024 14:30:04\n\
                   Cittadino Due\tAl aanwezig\t14/03/2024 14:30:04\n\
                   Cittadino Due\tVertrokken\t14/03/2024 14:44:02\n\
                   Operatore Uno\tVertrokken\t14/03/2024 15:05:50\n";
        let f = read("nl-list.csv", &utf16(unknown));
        assert_eq!(f.format, Format::AttendanceList);
        assert_eq!(
            spans(&f),
            vec![
                (Role::Attendee, "Cittadino Due".into(), 1_710_423_004, 1_710_423_842),
                (Role::Organizer, "Operatore Uno".into(), 1_710_423_004, 1_710_425_150),
            ]
        );
        assert_eq!(f.notes.len(), 1);
    }

    #[test]
    fn dst_gap_moves_forward_and_is_reported() {
        let text = "Full Name\tUser Action\tTimestamp\n\
                Operatore Uno\tJoined\t3/30/2025, 2:30:00 AM\n\
                Operatore Uno\tLeft\t3/30/2025, 3:45:00 AM\n";
        let f = read("gap.csv", &utf16(text));
        // 02:30 does not exist on 30 March 2025: read as 03:30 CEST = 01:30Z; 03:45 CEST = 01:45Z.
        assert_eq!(spans(&f), vec![(Role::Organizer, "Operatore Uno".into(), 1_743_298_200, 1_743_299_100)]);
        let a: Vec<Anomaly> = f.all_anomalies();
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].code, a[0].source.as_ref().map(|s| s.line)), (Code::DstGap, Some(2)));
        assert_eq!(a[0].date.as_deref(), Some("2025-03-30"));
        assert!(a[0].message.en().contains("03:30:00+02:00"), "{}", a[0].message);
    }

    #[test]
    fn dst_fold_first_occurrence_and_second_for_a_leave_before_its_join() {
        let text = "1. Summary\n\
                Meeting title\tNight\n\
                Start time\t26/10/25, 01:50:00\n\
                End time\t26/10/25, 03:20:00\n\
                \n\
                3. In-Meeting Activities\n\
                Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
                Operatore Uno\t26/10/25, 01:50:00\t26/10/25, 03:20:00\t2h 30m\top@example.org\tOrganizer\n\
                Cittadino Due\t26/10/25, 02:50:00\t26/10/25, 02:10:00\t20m\tdue@example.net\tAttendee\n";
        let f = read("fold.csv", &utf16(text));
        assert_eq!(
            spans(&f),
            vec![
                // 01:50 CEST = 23:50Z → 03:20 CET = 02:20Z: two and a half real hours.
                (Role::Organizer, "Operatore Uno".into(), 1_761_436_200, 1_761_445_200),
                // 02:50 first occurrence (CEST) = 00:50Z; 02:10 must be the second (CET) = 01:10Z.
                (Role::Attendee, "Cittadino Due".into(), 1_761_439_800, 1_761_441_000),
            ]
        );
        let a = f.all_anomalies();
        let got: Vec<(Code, u64)> = a.iter().map(|a| (a.code, a.source.as_ref().map_or(0, |s| s.line))).collect();
        assert_eq!(got, vec![(Code::DstFold, 9), (Code::DstFold, 9)]);
        assert!(a.iter().any(|a| a.message.en().contains("first occurrence, 2025-10-26T02:50:00+02:00")));
        assert!(a.iter().any(|a| a.message.en().contains("second occurrence, 2025-10-26T02:10:00+01:00")));
    }

    #[test]
    fn missing_leaves_end_at_the_report_end_or_the_last_time() {
        // Report: the empty leave cell takes the meeting's end.
        let c = "1. Summary\nMeeting title\tX\nStart time\t3/14/24, 2:30:04 PM\nEnd time\t3/14/24, 3:05:50 PM\n\n\
             3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
             Operatore Uno\t3/14/24, 2:30:04 PM\t\t\top@example.org\tOrganizer\n";
        let f = read("c.csv", &utf16(c));
        assert_eq!(spans(&f), vec![(Role::Organizer, "Operatore Uno".into(), 1_710_423_004, 1_710_425_150)]);
        assert_eq!(codes(&f), vec![(Code::MissingLeave, 8)]);
        // Live event: a session without Left ends at the report's last time.
        let d = "Session Id,Participant Id,Full Name,UserAgent,UTC Event Timestamp,Action,Role\r\n\
             s1,due@example.net,Cittadino Due,x,1/25/2022 8:58:11 AM,Joined,Attendee\r\n\
             s2,op@example.org,Operatore Uno,x,1/25/2022 8:50:00 AM,Joined,Presenter\r\n\
             s2,op@example.org,Operatore Uno,x,1/25/2022 9:40:55 AM,Left,Presenter\r\n";
        let f = read("d.csv", d.as_bytes());
        assert_eq!(
            spans(&f),
            vec![
                (Role::Presenter, "Operatore Uno".into(), 1_643_100_600, 1_643_103_655),
                (Role::Attendee, "Cittadino Due".into(), 1_643_101_091, 1_643_103_655),
            ]
        );
        assert_eq!(codes(&f), vec![(Code::MissingLeave, 2)]);
        // Graph: a null leaveDateTime takes the meeting's end.
        let g = r#"{"id":"r1","meetingStartDateTime":"2024-03-14T13:30:04Z","meetingEndDateTime":"2024-03-14T14:05:50Z",
        "attendanceRecords":[{"emailAddress":"op@example.org","role":"Organizer","identity":{"displayName":"Operatore Uno"},
        "attendanceIntervals":[{"joinDateTime":"2024-03-14T13:30:04Z","leaveDateTime":null}]}]}"#;
        let f = read("g.json", g.as_bytes());
        assert_eq!(spans(&f), vec![(Role::Organizer, "Operatore Uno".into(), 1_710_423_004, 1_710_425_150)]);
        assert_eq!(f.all_anomalies().iter().map(|a| a.code).collect::<Vec<_>>(), vec![Code::MissingLeave]);
    }

    #[test]
    fn rejoins_joined_before_and_repeated_rows_in_the_list() {
        let text = "Nome Completo\tAtividade\tData e hora\n\
                Operatore Uno\tEntrou\t14/03/2024 14:30:04\n\
                Cittadino Due\tEntrou antes de\t14/03/2024 14:30:04\n\
                Cittadino Due\tSaiu\t14/03/2024 14:31:00\n\
                Cittadino Due\tSaiu\t14/03/2024 14:31:00\n\
                Cittadino Due\tEntrou\t14/03/2024 14:31:00\n\
                Cittadino Due\tEntrou\t14/03/2024 14:35:00\n\
                Cittadino Due\tSaiu\t14/03/2024 14:40:00\n\
                Operatore Uno\tSaiu\t14/03/2024 14:50:00\n";
        let f = read("pt-list.csv", &utf16(text));
        assert_eq!(
            spans(&f),
            vec![
                (Role::Attendee, "Cittadino Due".into(), 1_710_423_004, 1_710_423_060),
                (Role::Organizer, "Operatore Uno".into(), 1_710_423_004, 1_710_424_200),
                // Left and rejoined in the same second; the second join (14:35) is a repeat.
                (Role::Attendee, "Cittadino Due".into(), 1_710_423_060, 1_710_423_600),
            ]
        );
        assert_eq!(codes(&f), vec![(Code::DuplicateRow, 5), (Code::DuplicateRow, 7)]);
    }

    #[test]
    fn duplicates_across_files_count_once_whatever_the_order() {
        let name = "04_report-2021_meeting-summary_en-US_rejoin.csv";
        let original = std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{e}"));
        let resaved = utf8_bom(&excel(&cells_of(name), ';', false));
        let a = read("a/report.csv", &original);
        let b = read("b/report-excel.csv", &resaved);
        // The same meeting from Graph, in UTC with fractions (13 April 2022 is CEST, UTC+2).
        let graph = r#"{"id":"graph-04","meetingStartDateTime":"2022-04-13T07:00:02.4Z","meetingEndDateTime":"2022-04-13T08:03:31.6Z",
      "attendanceRecords":[
       {"emailAddress":"operatore.uno@example.org","role":"Organizer","identity":{"displayName":"Operatore Uno"},
        "attendanceIntervals":[{"joinDateTime":"2022-04-13T07:00:02.9999999Z","leaveDateTime":"2022-04-13T08:03:31.1Z","durationInSeconds":3809}]},
       {"emailAddress":"","role":"Attendee","identity":{"displayName":"Cittadino  Due (Guest)"},
        "attendanceIntervals":[{"joinDateTime":"2022-04-13T07:02:10.5Z","leaveDateTime":"2022-04-13T07:15:44.5Z","durationInSeconds":814},
                               {"joinDateTime":"2022-04-13T07:16:05Z","leaveDateTime":"2022-04-13T08:03:12Z","durationInSeconds":2827}]}]}"#;
        let c = read("c/report.json", graph.as_bytes());
        let mut results = Vec::new();
        for files in [vec![a.clone(), b.clone(), c.clone()], vec![c.clone(), b.clone(), a.clone()], vec![b, c, a]] {
            let (records, anomalies) = dedupe(files);
            assert_eq!(records.len(), 3);
            assert!(records.iter().all(|r| &*r.source.file == "a/report.csv"));
            let ignored: Vec<(Code, String)> = anomalies
                .iter()
                .map(|x| (x.code, x.source.as_ref().map(|s| s.file.to_string()).unwrap_or_default()))
                .collect();
            assert_eq!(
                ignored,
                vec![
                    (Code::DuplicateMeeting, "b/report-excel.csv".into()),
                    (Code::DuplicateMeeting, "c/report.json".into())
                ]
            );
            results.push((records, anomalies));
        }
        assert!(results.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn different_meetings_are_not_merged() {
        let base = |who: &str, start: &str| {
            format!(
                "1. Summary\nMeeting title\tT\nStart time\t3/14/24, {start}\nEnd time\t3/14/24, 3:05:50 PM\n\n\
             3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
             {who}\t3/14/24, 2:40:00 PM\t3/14/24, 2:50:00 PM\t10m\t\tAttendee\n"
            )
        };
        // Same intervals, another participant: two meetings.
        let one = read("one.csv", &utf16(&base("Cittadino Due", "2:30:04 PM")));
        let other = read("two.csv", &utf16(&base("Cittadina Tre", "2:30:04 PM")));
        let (records, anomalies) = dedupe(vec![one.clone(), other]);
        assert_eq!((records.len(), anomalies.len()), (2, 0));
        // A restarted meeting (another start time, another report) is another meeting with its own id.
        let restarted = read("three.csv", &utf16(&base("Cittadino Due", "2:35:00 PM")));
        assert_ne!(one.meetings[0].id, restarted.meetings[0].id);
        let (records, anomalies) = dedupe(vec![one, restarted]);
        assert_eq!((records.len(), anomalies.len()), (2, 0));
    }

    fn staff(id: &str, name: &str, upn: &str) -> Employee {
        let file: Arc<str> = Arc::from("staff.csv");
        Employee {
            id: id.into(),
            full_name: name.into(),
            office: String::new(),
            teams_upns: if upn.is_empty() { vec![] } else { vec![upn.into()] },
            part_time_pct: sportello::register::PartTimePct::FULL,
            hourly_base_eur: None,
            monthly_base_eur: None,
            source: SourceRef::new(&file, 2),
        }
    }

    #[test]
    fn hostile_display_names_never_reach_messages_and_are_neutralised() {
        let text = "Full Name\tUser Action\tTimestamp\n\
                =HYPERLINK(\"http://x\")\tJoined\t3/14/2024, 2:30:04 PM\n\
                @SUM(1)\tJoined\t3/14/2024, 2:31:10 PM\n\
                @SUM(1)\tWaved\t3/14/2024, 2:32:00 PM\n\
                @SUM(1)\tLeft\t@SUM(1)\n\
                @SUM(1)\tLeft\t3/14/2024, 2:44:02 PM\n\
                @SUM(1)\tLeft\t3/14/2024, 2:45:00 PM\n\
                \tJoined\t3/14/2024, 2:46:00 PM\n\
                -cmd|' /C calc'!A0\tJoined\t3/14/2024, 2:47:00 PM\n\
                =HYPERLINK(\"http://x\")\tLeft\t3/14/2024, 3:05:50 PM\n";
        let f = read("hostile.csv", &utf16(text));
        let anomalies = f.all_anomalies();
        assert_eq!(
            anomalies.iter().map(|a| a.code).collect::<Vec<_>>(),
            vec![Code::BadValue, Code::BadValue, Code::BadValue, Code::MissingValue, Code::MissingLeave]
        );
        for a in &anomalies {
            for bad in ["HYPERLINK", "SUM", "http", "calc", "cmd"] {
                assert!(!a.message.en().contains(bad), "{}", a.message);
            }
        }
        let reg = Register::new(vec![staff("001", "=HYPERLINK(\"http://x\")", "")]);
        let rows = normalize(&f.records, Some(&reg));
        assert_eq!(rows.iter().filter(|r| matches!(r.party, Party::Staff(_))).count(), 1);
        let mut out = Vec::new();
        sportello::output::sessions::write_normalized(&rows, &mut out).unwrap_or_else(|e| panic!("{e}"));
        let csv_text = String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"));
        assert!(!csv_text.contains("SUM") && !csv_text.contains("calc"), "{csv_text}");
        let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
        for rec in reader.records() {
            let rec = rec.unwrap_or_else(|e| panic!("{e}"));
            for cell in rec.iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            }
        }
        assert!(csv_text.contains("\"'=HYPERLINK(\"\"http://x\"\")\",,organizer,"), "{csv_text}");
        assert!(csv_text.contains(",citizen-1,,attendee,") && csv_text.contains(",citizen-2,,attendee,"), "{csv_text}");
    }

    #[test]
    fn the_normalised_csv_reads_back_and_mixes_with_exports() {
        let name = "05_report-sectioned_en-US_rejoin_guest.csv";
        let original = std::fs::read(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{e}"));
        let f = read(name, &original);
        let reg = Register::new(vec![staff("001", "Operatore Uno", "operatore.uno@example.org")]);
        let mut out = Vec::new();
        sportello::output::sessions::write_normalized(&normalize(&f.records, Some(&reg)), &mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        let back = read("normalised.csv", &out);
        assert_eq!(back.format, Format::Normalized);
        let spans_of = |f: &TeamsFile| {
            let mut v: Vec<(i64, i64)> = f.records.iter().map(|r| (r.span.start, r.span.end)).collect();
            v.sort();
            v
        };
        assert_eq!(spans_of(&back), spans_of(&f));
        assert!(back.records.iter().all(|r| r.participant == "Operatore Uno" || r.participant.starts_with("citizen-")));
        // The export and its normalised copy are the same meeting: counted once.
        let (records, anomalies) = dedupe(vec![back, f]);
        assert_eq!(records.len(), 4);
        assert_eq!(anomalies.iter().map(|a| a.code).collect::<Vec<_>>(), vec![Code::DuplicateMeeting]);
    }

    #[test]
    fn written_durations_are_only_a_cross_check() {
        // Row 9 writes 20m for 13m 34s; block 2 writes 50m for the citizen's 33m 34s in total.
        let text = "1. Summary\nMeeting title\tT\nStart time\t4/13/22, 9:00:02 AM\nEnd time\t4/13/22, 10:03:31 AM\n\
                    Meeting duration\t1h 3m 29s\n\n\
                    2. Participants\n\
                    Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n\
                    Cittadino Due\t4/13/22, 9:02:10 AM\t4/13/22, 9:36:00 AM\t50m\td@x.net\td@x.net\tAttendee\n\
                    \n\
                    3. In-Meeting Activities\n\
                    Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
                    Cittadino Due\t4/13/22, 9:02:10 AM\t4/13/22, 9:15:44 AM\t20m\td@x.net\tAttendee\n\
                    Cittadino Due\t4/13/22, 9:16:00 AM\t4/13/22, 9:36:00 AM\t20m\td@x.net\tAttendee\n";
        let f = read("dur.csv", &utf16(text));
        // Intervals from the timestamps: 13 April 2022, CEST.
        assert_eq!(
            spans(&f),
            vec![
                (Role::Attendee, "Cittadino Due".into(), 1_649_833_330, 1_649_834_144),
                (Role::Attendee, "Cittadino Due".into(), 1_649_834_160, 1_649_835_360),
            ]
        );
        assert_eq!(codes(&f), vec![(Code::DurationMismatch, 9), (Code::DurationMismatch, 13)]);
        let a = f.all_anomalies();
        assert!(a.iter().all(|a| a.severity() == sportello::anomaly::Severity::Info));
        assert!(a[0].message.en().contains("3000 s") && a[0].message.en().contains("2014 s"), "{}", a[0].message);
        assert!(a[1].message.en().contains("1200 s") && a[1].message.en().contains("814 s"), "{}", a[1].message);
    }

    #[test]
    fn block_2_only_when_block_3_is_absent_and_no_times_mode() {
        let summary =
            "1. Summary\nMeeting title\tT\nStart time\t3/14/24, 2:30:04 PM\nEnd time\t3/14/24, 3:05:50 PM\n\n";
        let block2 = "2. Participants\n\
                      Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n\
                      Operatore Uno\t3/14/24, 2:30:04 PM\t3/14/24, 3:05:50 PM\t35m 46s\top@x.org\top@x.org\tOrganizer\n\
                      Cittadino Due\t3/14/24, 2:31:10 PM\t3/14/24, 3:05:41 PM\t33m 53s\td@x.net\td@x.net\tAttendee\n";
        let f = read("b2.csv", &utf16(&format!("{summary}{block2}")));
        assert_eq!(
            spans(&f),
            vec![
                (Role::Organizer, "Operatore Uno".into(), 1_710_423_004, 1_710_425_150),
                // Folded first join → last leave: 34m 31s, against the written 33m 53s.
                (Role::Attendee, "Cittadino Due".into(), 1_710_423_070, 1_710_425_141),
            ]
        );
        // A person of block 2 with no row in block 3 is reported, not taken from block 2.
        let block3 = "\n3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
                      Operatore Uno\t3/14/24, 2:30:04 PM\t3/14/24, 3:05:50 PM\t35m 46s\top@x.org\tOrganizer\n";
        let f = read("b3.csv", &utf16(&format!("{summary}{block2}{block3}")));
        assert_eq!(spans(&f).len(), 1);
        assert_eq!(codes(&f), vec![(Code::MissingValue, 9)]);
        // "Only show who attended": no times at all, one anomaly per row.
        let who = "2. Participants\nName\tEmail\tParticipant ID (UPN)\tRole\n\
                   Operatore Uno\top@x.org\top@x.org\tOrganizer\nCittadino Due\td@x.net\td@x.net\tAttendee\n";
        let f = read("who.csv", &utf16(&format!("{summary}{who}")));
        assert!(f.records.is_empty());
        assert_eq!(codes(&f), vec![(Code::MissingValue, 8), (Code::MissingValue, 9)]);
    }

    #[test]
    fn graph_lists_and_the_older_call_record_schema() {
        // `GET …/attendanceReports?$expand=attendanceRecords`: a list of reports, two meetings.
        let list = r#"{"value":[
          {"id":"r1","meetingStartDateTime":"2024-03-14T13:30:04Z","meetingEndDateTime":"2024-03-14T14:00:00Z",
           "attendanceRecords":[{"emailAddress":"a@x.org","role":"Presenter","identity":{"displayName":"A"},
             "attendanceIntervals":[{"joinDateTime":"2024-03-14T13:30:04Z","leaveDateTime":"2024-03-14T13:40:00Z","durationInSeconds":596}]}]},
          {"id":"r2","meetingStartDateTime":"2024-03-14T15:00:00Z","meetingEndDateTime":"2024-03-14T15:30:00Z",
           "attendanceRecords":[{"emailAddress":"b@x.org","role":"None","identity":{"displayName":"B"},
             "attendanceIntervals":[{"joinDateTime":"2024-03-14T15:00:00Z","leaveDateTime":"2024-03-14T15:10:00Z","durationInSeconds":9999}]}]}]}"#;
        let f = read("list.json", list.as_bytes());
        assert_eq!(f.meetings.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["r1", "r2"]);
        assert_eq!(
            spans(&f),
            vec![
                (Role::Presenter, "A".into(), 1_710_423_004, 1_710_423_600),
                (Role::Attendee, "B".into(), 1_710_428_400, 1_710_429_000),
            ]
        );
        // 9999 written for 600 s: a cross-check note on the interval's line.
        assert_eq!(codes(&f), vec![(Code::DurationMismatch, 7)]);
        // The older callRecord schema: `identity.user`, `organizer.user`, a session without end.
        let call = r##"{"id":"c1","type":"groupCall","startDateTime":"2024-03-14T13:30:00Z","endDateTime":"2024-03-14T14:00:00Z",
          "organizer":{"user":{"id":"u1","displayName":"Op"}},
          "participants":[{"user":{"id":"u1","displayName":"Op"}},{"guest":{"id":"g2","displayName":"Guest"}}],
          "sessions":[
            {"startDateTime":"2024-03-14T13:30:00Z","endDateTime":"2024-03-14T14:00:00Z",
             "caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","identity":{"user":{"id":"u1","displayName":"Op"}}},
             "callee":{"@odata.type":"#microsoft.graph.callRecords.serviceEndpoint"}},
            {"startDateTime":"2024-03-14T13:35:00Z",
             "caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","identity":{"guest":{"id":"g2"}}},
             "callee":{"@odata.type":"#microsoft.graph.callRecords.serviceEndpoint"}}]}"##;
        let f = read("call.json", call.as_bytes());
        assert_eq!(f.format, Format::GraphCallRecord);
        assert_eq!(
            spans(&f),
            vec![
                (Role::Organizer, "Op".into(), 1_710_423_000, 1_710_424_800),
                (Role::Attendee, "Guest".into(), 1_710_423_300, 1_710_424_800),
            ]
        );
        assert_eq!(codes(&f), vec![(Code::MissingLeave, 8)]);
    }

    #[test]
    fn read_path_reads_a_file_from_disk() {
        let path = std::path::Path::new(DIR).join("05_report-sectioned_en-US_rejoin_guest.csv");
        let limits = sportello::input::source::Limits::default();
        let from_disk = sportello::input::read_teams_file(&path, &limits, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(from_disk.file.ends_with("05_report-sectioned_en-US_rejoin_guest.csv"));
        assert_eq!(from_disk.records.len(), 4);
        let missing =
            sportello::input::read_teams_file(std::path::Path::new("no/such.csv"), &limits, &ReadOptions::default());
        assert!(matches!(missing, Err(TeamsError::Io { .. })));
    }
}
