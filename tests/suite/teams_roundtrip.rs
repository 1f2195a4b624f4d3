//! Property: a random meeting (people, roles, rejoins) rendered into each CSV format (A, B, C,
//! D and the normalised CSV), in each byte form, reads back with exactly the same intervals,
//! roles and no anomaly.
//!
//! Meetings run between 09:00 and about 11:30 Rome time, so no wall time falls in a DST
//! change; Rome wall times are rendered with chrono-tz, independently of the reader.

mod teams {
    use std::sync::Arc;

    use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
    use chrono_tz::Europe::Rome;
    use proptest::prelude::*;

    use sportello::input::teams::{normalize, read_file, DateOrder, Format, ReadOptions, TeamsFile};
    use sportello::output::sessions::write_normalized;
    use sportello::sessions::Role;

    const NAMES: [&str; 5] =
        ["Operatore Uno", "Cittadino Due", "Rossi, Maria", "D'Amico  Luca (Unverified)", "Anna Verdi"];

    #[derive(Clone, Debug)]
    struct Person {
        name: &'static str,
        email: String,
        role: Role,
        spans: Vec<(i64, i64)>,
    }

    #[derive(Clone, Debug)]
    struct Meeting {
        day: u32,
        people: Vec<Person>,
    }

    fn arb_meeting() -> impl Strategy<Value = Meeting> {
        let person = (any::<bool>(), any::<bool>(), prop::collection::vec((0i64..900, 1i64..1800), 1..=3));
        (2021i32..2027, 1u32..=12, 1u32..=28, prop::collection::vec(person, 1..=5)).prop_map(|(y, m, d, people)| {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
            let nine = date.and_hms_opt(9, 0, 0).unwrap_or_default();
            let base = Rome.from_local_datetime(&nine).single().map_or(0, |t| t.timestamp());
            let people = people
                .into_iter()
                .enumerate()
                .map(|(i, (presenter, with_email, segs))| {
                    let mut t = base + 37 * i as i64;
                    let spans = segs
                        .into_iter()
                        .map(|(gap, len)| {
                            let s = t + gap;
                            t = s + len;
                            (s, t)
                        })
                        .collect();
                    Person {
                        name: NAMES[i],
                        email: if with_email || i == 0 { format!("p{i}@example.org") } else { String::new() },
                        role: match (i, presenter) {
                            (0, _) => Role::Organizer,
                            (_, true) => Role::Presenter,
                            _ => Role::Attendee,
                        },
                        spans,
                    }
                })
                .collect();
            Meeting { day: d, people }
        })
    }

    fn rome(t: i64) -> NaiveDateTime {
        DateTime::from_timestamp(t, 0).map(|u| u.with_timezone(&Rome).naive_local()).unwrap_or_default()
    }

    fn utc(t: i64) -> NaiveDateTime {
        DateTime::from_timestamp(t, 0).map(|u| u.naive_utc()).unwrap_or_default()
    }

    /// How a file writes its dates and words.
    #[derive(Clone, Copy, Debug)]
    enum Style {
        /// en-US: `3/14/2024, 2:30:04 PM`.
        Us,
        /// en-GB: `14/03/24, 14:30:04` (ambiguous days need the override).
        Gb,
        /// Portuguese or Italian words, day first, 24 h.
        Local,
    }

    fn stamp(style: Style, t: NaiveDateTime) -> String {
        match style {
            Style::Us => t.format("%-m/%-d/%Y, %-I:%M:%S %p").to_string(),
            Style::Gb => t.format("%d/%m/%y, %H:%M:%S").to_string(),
            Style::Local => t.format("%d/%m/%Y %H:%M:%S").to_string(),
        }
    }

    fn duration(s: i64) -> String {
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
        let mut parts = Vec::new();
        if h > 0 {
            parts.push(format!("{h}h"));
        }
        if m > 0 {
            parts.push(format!("{m}m"));
        }
        if sec > 0 || parts.is_empty() {
            parts.push(format!("{sec}s"));
        }
        parts.join(" ")
    }

    fn role_word(style: Style, role: Role) -> &'static str {
        match (style, role) {
            (Style::Local, Role::Organizer) => "Organizzatore",
            (Style::Local, Role::Presenter) => "Relatore",
            (Style::Local, Role::Attendee) => "Partecipante",
            (_, Role::Organizer) => "Organizer",
            (_, Role::Presenter) => "Presenter",
            (_, Role::Attendee) => "Attendee",
        }
    }

    fn bounds(m: &Meeting) -> (i64, i64) {
        let all = m.people.iter().flat_map(|p| p.spans.iter());
        let start = all.clone().map(|s| s.0).min().unwrap_or(0);
        (start, all.map(|s| s.1).max().unwrap_or(0))
    }

    fn render_a(m: &Meeting, style: Style) -> Vec<Vec<String>> {
        let (head, join, left) = match style {
            Style::Local => (["Nome Completo", "Atividade", "Data e hora"], "Entrou", "Saiu"),
            _ => (["Full Name", "User Action", "Timestamp"], "Joined", "Left"),
        };
        let mut rows = vec![head.iter().map(|s| s.to_string()).collect()];
        for p in &m.people {
            for &(s, e) in &p.spans {
                rows.push(vec![p.name.to_string(), join.to_string(), stamp(style, rome(s))]);
                rows.push(vec![p.name.to_string(), left.to_string(), stamp(style, rome(e))]);
            }
        }
        rows
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    fn render_b(m: &Meeting, style: Style) -> Vec<Vec<String>> {
        let (start, end) = bounds(m);
        if matches!(style, Style::Local) {
            // The French 2021 report: six columns, `13/04/2021 à 09:01:31`.
            let fr = |t: i64| rome(t).format("%d/%m/%Y à %H:%M:%S").to_string();
            let mut rows = vec![
                row(&["Résumé de la réunion"]),
                row(&["Nombre total de participants", &m.people.len().to_string()]),
                row(&["Titre de la réunion", "null"]),
                row(&["Heure de début de la réunion", &fr(start)]),
                row(&["Heure de fin", &fr(end)]),
                row(&[""]),
                row(&["Nom complet", "Heure d'arrivée", "Heure de départ", "Durée", "E-mail", "Rôle"]),
            ];
            for p in &m.people {
                let role = match p.role {
                    Role::Organizer => "Organisateur",
                    Role::Presenter => "Présentateur",
                    Role::Attendee => "Participant",
                };
                for &(s, e) in &p.spans {
                    let d = duration(e - s).replace('h', "\u{a0}h").replace('m', "\u{a0}m").replace('s', "\u{a0}s");
                    rows.push(row(&[p.name, &fr(s), &fr(e), &d, &p.email, role]));
                }
            }
            return rows;
        }
        let mut rows = vec![
            row(&["Meeting Summary"]),
            row(&["Total Number of Participants", &m.people.len().to_string()]),
            row(&["Meeting Title", "Consulenza"]),
            row(&["Meeting Start Time", &stamp(style, rome(start))]),
            row(&["Meeting End Time", &stamp(style, rome(end))]),
            row(&[""]),
            row(&["Full Name", "Join Time", "Leave Time", "Duration", "Email", "Role", "Participant ID (UPN)"]),
        ];
        for p in &m.people {
            for &(s, e) in &p.spans {
                let (js, ls) = (stamp(style, rome(s)), stamp(style, rome(e)));
                rows.push(row(&[p.name, &js, &ls, &duration(e - s), &p.email, role_word(style, p.role), &p.email]));
            }
        }
        rows
    }

    fn render_c(m: &Meeting, style: Style) -> Vec<Vec<String>> {
        let (start, end) = bounds(m);
        let it = matches!(style, Style::Local);
        let w = |en: &'static str, itw: &'static str| if it { itw } else { en };
        let mut rows = vec![
            row(&[w("1. Summary", "1. Riepilogo")]),
            row(&[w("Meeting title", "Titolo riunione"), "Consulenza"]),
            row(&[w("Attended participants", "Partecipanti presenti"), &m.people.len().to_string()]),
            row(&[w("Start time", "Ora di inizio"), &stamp(style, rome(start))]),
            row(&[w("End time", "Ora di fine"), &stamp(style, rome(end))]),
            row(&[w("Meeting duration", "Durata riunione"), &duration(end - start)]),
            row(&[""]),
            row(&[w("2. Participants", "2. Partecipanti")]),
            if it {
                row(&[
                    "Nome",
                    "Primo ingresso",
                    "Ultima uscita",
                    "Durata nella riunione",
                    "E-mail",
                    "ID partecipante (UPN)",
                    "Ruolo",
                ])
            } else {
                row(&[
                    "Name",
                    "First Join",
                    "Last Leave",
                    "In-Meeting Duration",
                    "Email",
                    "Participant ID (UPN)",
                    "Role",
                ])
            },
        ];
        for p in &m.people {
            let total: i64 = p.spans.iter().map(|(s, e)| e - s).sum();
            let first = p.spans.first().map_or(0, |s| s.0);
            let last = p.spans.last().map_or(0, |s| s.1);
            let (f, l) = (stamp(style, rome(first)), stamp(style, rome(last)));
            rows.push(row(&[p.name, &f, &l, &duration(total), &p.email, &p.email, role_word(style, p.role)]));
        }
        rows.push(row(&[""]));
        rows.push(row(&[w("3. In-Meeting Activities", "3. Attività durante la riunione")]));
        rows.push(if it {
            row(&["Nome", "Ora di ingresso", "Ora di uscita", "Durata", "E-mail", "Ruolo"])
        } else {
            row(&["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"])
        });
        for p in &m.people {
            for &(s, e) in &p.spans {
                let (js, ls) = (stamp(style, rome(s)), stamp(style, rome(e)));
                rows.push(row(&[p.name, &js, &ls, &duration(e - s), &p.email, role_word(style, p.role)]));
            }
        }
        rows
    }

    fn render_d(m: &Meeting) -> Vec<Vec<String>> {
        let mut rows = vec![row(&[
            "Session Id",
            "Participant Id",
            "Full Name",
            "UserAgent",
            "UTC Event Timestamp",
            "Action",
            "Role",
        ])];
        for (i, p) in m.people.iter().enumerate() {
            for (k, &(s, e)) in p.spans.iter().enumerate() {
                let session = format!("{i:08x}-0000-4000-8000-{k:012x}");
                for (t, action) in [(s, "Joined"), (e, "Left")] {
                    let when = utc(t).format("%-m/%-d/%Y %-I:%M:%S %p").to_string();
                    let agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit (KHTML, like Gecko)";
                    rows.push(row(&[&session, &p.email, p.name, agent, &when, action, role_word(Style::Us, p.role)]));
                }
            }
        }
        rows
    }

    /// Byte forms: 0 = UTF-16LE/TAB/LF (Teams), 1 = UTF-8 BOM `,` quoted CRLF, 2 = UTF-8 BOM `;`.
    fn bytes(rows: &[Vec<String>], form: u8) -> Vec<u8> {
        let delim = match form {
            0 => '\t',
            1 => ',',
            _ => ';',
        };
        let eol = if form == 0 { "\n" } else { "\r\n" };
        let text: String = rows
            .iter()
            .map(|r| {
                let cells: Vec<String> = r
                    .iter()
                    .map(|c| {
                        if form != 0 && (c.contains(delim) || c.contains('"')) {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c.clone()
                        }
                    })
                    .collect();
                cells.join(&delim.to_string()) + eol
            })
            .collect();
        if form == 0 {
            let mut v = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            v
        } else {
            let mut v = vec![0xEF, 0xBB, 0xBF];
            v.extend_from_slice(text.as_bytes());
            v
        }
    }

    fn read(bytes: &[u8], opts: &ReadOptions) -> Result<TeamsFile, TestCaseError> {
        let name: Arc<str> = Arc::from("gen.csv");
        read_file(&name, bytes, opts).map_err(|e| TestCaseError::fail(e.to_string()))
    }

    type Got = Vec<(String, Role, i64, i64)>;

    fn expected(m: &Meeting, legacy: bool) -> Got {
        let mut v: Got = m
            .people
            .iter()
            .flat_map(|p| {
                let role = if legacy && p.role == Role::Presenter { Role::Attendee } else { p.role };
                p.spans.iter().map(move |&(s, e)| (p.name.to_string(), role, s, e))
            })
            .collect();
        v.sort();
        v
    }

    fn got(f: &TeamsFile) -> Got {
        let mut v: Got = f.records.iter().map(|r| (r.participant.clone(), r.role, r.span.start, r.span.end)).collect();
        v.sort();
        v
    }

    fn options(m: &Meeting, style: Style) -> ReadOptions {
        // en-GB dates with both numbers ≤ 12 cannot be decided: the override says day first.
        let needs = matches!(style, Style::Gb) && m.day <= 12;
        ReadOptions { date_order: needs.then_some(DateOrder::Dmy) }
    }

    fn style_of(n: u8) -> Style {
        match n % 3 {
            0 => Style::Us,
            1 => Style::Gb,
            _ => Style::Local,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn every_format_reads_back_the_same_intervals(m in arb_meeting(), style in 0u8..3, form in 0u8..3) {
            let style = style_of(style);
            let opts = options(&m, style);
            for (format, rows, legacy) in [
                (Format::AttendanceList, render_a(&m, style), true),
                (Format::Report2021, render_b(&m, style), false),
                (Format::SectionedReport, render_c(&m, style), false),
            ] {
                let f = read(&bytes(&rows, form), &opts)?;
                prop_assert_eq!(f.format, format);
                prop_assert_eq!(got(&f), expected(&m, legacy), "{:?}", format);
                prop_assert!(f.all_anomalies().is_empty(), "{:?}: {:?}", format, f.all_anomalies());
            }
            let f = read(&bytes(&render_d(&m), form), &ReadOptions::default())?;
            prop_assert_eq!(f.format, Format::LiveEvent);
            prop_assert_eq!(got(&f), expected(&m, false));
            prop_assert!(f.all_anomalies().is_empty(), "{:?}", f.all_anomalies());
        }

        #[test]
        fn the_normalised_csv_reads_back_the_same_intervals(m in arb_meeting(), style in 0u8..3) {
            let style = style_of(style);
            let f = read(&bytes(&render_c(&m, style), 0), &options(&m, style))?;
            let rows = normalize(&f.records, None);
            let mut out = Vec::new();
            write_normalized(&rows, &mut out).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = read(&out, &ReadOptions::default())?;
            prop_assert_eq!(back.format, Format::Normalized);
            let spans = |f: &TeamsFile| {
                let mut v: Vec<(Role, i64, i64)> = f.records.iter().map(|r| (r.role, r.span.start, r.span.end)).collect();
                v.sort();
                v
            };
            prop_assert_eq!(spans(&back), spans(&f));
            // Only the organizer keeps a name (no register given); the others are pseudonyms.
            for r in &back.records {
                prop_assert!(r.participant == "Operatore Uno" || r.participant.starts_with("citizen-"), "{}", r.participant);
                prop_assert!(r.participant == "Operatore Uno" || r.upn.is_empty());
            }
        }
    }
}
