//! Anomalies: every input row that was not used as written, and every fact resolved by a policy.
//!
//! An anomaly names where it comes from ([`SourceRef`]: file and line — the row to fix, where
//! there is one), whom it concerns, a stable [`Code`] that programs can key on, and a message for
//! people, in Italian and English; each code also says what a clerk does about it
//! ([`Code::what_to_do`]). Messages never carry a citizen's name or address: an anomaly about a
//! citizen's row names the file, line and meeting (by its date, start and file).
//!
//! Severity decides the exit code (DESIGN.md section 5): [`Severity::Info`] notes (a no-show
//! meeting, a kind the contract does not pay) leave it at 0; warnings and errors make it 1.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::message::{Message, Template};

/// How serious an anomaly is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Explains a decision; the input was used as intended.
    Info,
    /// Part of an input was not used, or was read by a policy; results may need a look.
    Warning,
    /// An input row or person could not be used at all; someone must correct the data.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $text:literal, $sev:ident; )*) => {
        /// The stable anomaly codes. The text form (`UNKNOWN_EMPLOYEE`) is part of the output
        /// contract: never rename one, only add.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum Code { $( $(#[$doc])* $name, )* }

        impl Code {
            /// Every code, in declaration order (for documentation and tests).
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];
            /// The code as written in outputs.
            pub fn as_str(self) -> &'static str { match self { $( Code::$name => $text, )* } }
            /// The severity this code always carries.
            pub fn severity(self) -> Severity { match self { $( Code::$name => Severity::$sev, )* } }
        }
    };
}

codes! {
    /// A required value is empty.
    MissingValue = "MISSING_VALUE", Error;
    /// A value cannot be read (a date, time, number, kind, role…).
    BadValue = "BAD_VALUE", Error;
    /// The row has fewer cells than the header.
    ShortRow = "SHORT_ROW", Error;
    /// An interval ends before it starts.
    EndBeforeStart = "END_BEFORE_START", Error;
    /// An interval starts and ends at the same instant: nothing to count.
    EmptyInterval = "EMPTY_INTERVAL", Warning;
    /// The employee id is not in the staff register.
    UnknownEmployee = "UNKNOWN_EMPLOYEE", Warning;
    /// Two register rows share an employee id; the employee is left out until it is fixed.
    DuplicateEmployee = "DUPLICATE_EMPLOYEE", Error;
    /// The row lies outside the month being computed.
    OutsideMonth = "OUTSIDE_MONTH", Info;
    /// A wall time fell in the autumn fold and was read as its first occurrence.
    DstFold = "DST_FOLD", Warning;
    /// A wall time fell in the spring gap and was moved forward by the gap's length.
    DstGap = "DST_GAP", Warning;
    /// The rule set does not pay this attendance kind (e.g. specialist consultation in 2025).
    KindNotQualifying = "KIND_NOT_QUALIFYING", Info;
    /// Qualifying in-person time outside on-site presence was cut off.
    OutsidePresence = "OUTSIDE_PRESENCE", Warning;
    /// Qualifying time overlapping an absence was cut off.
    AbsenceOverlap = "ABSENCE_OVERLAP", Warning;
    /// The rule set does not recognise remote consultation on that day.
    RemoteNotRecognised = "REMOTE_NOT_RECOGNISED", Info;
    /// A staff member took part in a meeting in a role that does not qualify (attendee).
    RoleNotQualifying = "ROLE_NOT_QUALIFYING", Info;
    /// A meeting gave the employee less consultation than the minimum (no-show, failed call).
    BelowMinimumConsultation = "BELOW_MINIMUM_CONSULTATION", Info;
    /// Remote consultation outside the day's working time was cut off.
    OutsideWorkingTime = "OUTSIDE_WORKING_TIME", Warning;
    /// Two meetings of the employee overlapped; the common time counts once.
    OverlappingMeetings = "OVERLAPPING_MEETINGS", Info;
    /// Time already paid through the other channel was not counted again.
    ChannelOverlap = "CHANNEL_OVERLAP", Info;
    /// A participant's name matches several staff members: neither staff nor citizen.
    AmbiguousParticipant = "AMBIGUOUS_PARTICIPANT", Error;
    /// No participant of a meeting is in the staff register (an organizer's address or name
    /// missing from staff.csv?): the meeting counts for no one.
    NoStaffParticipant = "NO_STAFF_PARTICIPANT", Warning;
    /// An employee has qualifying time but no usable hourly base: no payroll row.
    NoBase = "NO_BASE", Error;
    /// No rule set covers a day with qualifying time.
    NoRuleSet = "NO_RULE_SET", Warning;
    /// Time removed by a daily minimum, daily cap or monthly cap of the rule set.
    LimitApplied = "LIMIT_APPLIED", Info;
    /// A participant's leave time was missing and was taken from the report's end.
    MissingLeave = "MISSING_LEAVE", Warning;
    /// The same meeting was given twice (two files, or CSV and JSON); the copy was ignored.
    DuplicateMeeting = "DUPLICATE_MEETING", Info;
    /// A row repeats another row exactly; it counts once.
    DuplicateRow = "DUPLICATE_ROW", Info;
    /// A written duration disagrees with the timestamps; the timestamps were used.
    DurationMismatch = "DURATION_MISMATCH", Info;
    /// A whole input file could not be read.
    UnreadableFile = "UNREADABLE_FILE", Error;
    /// A figure is too large to compute exactly (an absurd base or interval).
    Overflow = "OVERFLOW", Error;
    /// A quote opens a cell and is not closed on its line: the line is not used (a stray `"`
    /// typed in a cell would otherwise swallow the rest of the file).
    UnclosedQuote = "UNCLOSED_QUOTE", Error;
    /// A hidden entry of a Teams folder (its name starts with a dot) was not read.
    HiddenEntry = "HIDDEN_ENTRY", Info;
    /// An entry of a Teams folder that is not a regular file (a symbolic link, a FIFO, a device,
    /// a socket) was not read.
    SkippedEntry = "SKIPPED_ENTRY", Warning;
    /// A file's rows do not add up: some were neither used nor reported. An engine fault, never
    /// an input's: the run says so rather than lose rows in silence.
    RowsUnaccounted = "ROWS_UNACCOUNTED", Error;
    /// A participant matched to an employee by display name only, in a meeting where that
    /// employee is present by address: counted as a citizen (a homonym, or a guest who took
    /// the name).
    HomonymParticipant = "HOMONYM_PARTICIPANT", Warning;
    /// Two Graph identities of one meeting carry the same address: it was kept only by the
    /// identity it belongs to, the other was read without it (two identities are two people).
    SharedAddress = "SHARED_ADDRESS", Warning;
    /// The `part_time_pct` cell of a register row is empty (the column is in the file): the
    /// employee is read as full time (100). No anomaly when the file has no such column.
    MissingPartTime = "MISSING_PART_TIME", Warning;
    /// An employee's hourly base (the register's, or the monthly base over the divisor) is
    /// outside the plausible range the rule set declares (`[hourly_base] plausible_eur`); the
    /// amount is computed with it all the same.
    ImplausibleBase = "IMPLAUSIBLE_BASE", Warning;
    /// On one day, the employee's in-person service (front office, appointments, specialist
    /// consultation, united) lasts longer than their presence: one per employee and day.
    ServiceExceedsPresence = "SERVICE_EXCEEDS_PRESENCE", Warning;
    /// An attendance row repeats another exactly (employee, date, start, end, kind and code):
    /// the first (by file and line) is kept, the repeat is not used.
    DuplicateAttendance = "DUPLICATE_ATTENDANCE", Warning;
    /// A Teams interval starts more than 60 s before its meeting's stated start or ends more
    /// than 60 s after its stated end; it is used as written.
    IntervalOutsideMeeting = "INTERVAL_OUTSIDE_MEETING", Warning;
}

impl Code {
    /// What a clerk does about an anomaly of this code, in one short sentence in each language
    /// (the anomalies file's `what_to_do` column). "Nothing" where the input was used as meant.
    pub fn what_to_do(self) -> &'static Template {
        // The table follows the declaration order (tested), so the code's number finds its row.
        match WHAT_TO_DO.get(self as usize) {
            Some((code, todo)) if *code == self => todo,
            _ => WHAT_TO_DO.iter().find(|(code, _)| *code == self).map_or(&READ_THE_MESSAGE, |(_, todo)| todo),
        }
    }
}

/// What to do about a code missing from [`WHAT_TO_DO`] (a test sees that none is).
static READ_THE_MESSAGE: Template = Template { it: "vedere il messaggio", en: "see the message" };

/// What a clerk does about each code, in the order the codes are declared.
static WHAT_TO_DO: &[(Code, Template)] = &[
    (
        Code::MissingValue,
        Template {
            it: "compilare il campo vuoto nella riga e ricalcolare",
            en: "fill in the empty field in the row and run again",
        },
    ),
    (
        Code::BadValue,
        Template {
            it: "correggere il valore nella riga come dice il messaggio (data, ora, numero, tipo…) e ricalcolare",
            en: "correct the value in the row as the message says (a date, time, number, kind…) and run again",
        },
    ),
    (
        Code::ShortRow,
        Template {
            it: "completare la riga: ha meno celle dell'intestazione (manca un separatore?)",
            en: "complete the row: it has fewer cells than the header (a separator missing?)",
        },
    ),
    (
        Code::EndBeforeStart,
        Template {
            it: "correggere l'ora di inizio o di fine della riga (sono invertite?)",
            en: "correct the start or end time of the row (are they swapped?)",
        },
    ),
    (
        Code::EmptyInterval,
        Template {
            it: "correggere l'ora di fine se la riga deve contare del tempo, altrimenti nulla",
            en: "correct the end time if the row should count time; otherwise nothing",
        },
    ),
    (
        Code::UnknownEmployee,
        Template {
            it: "aggiungere il dipendente a staff.csv o correggere la matricola nella riga (zeri iniziali?)",
            en: "add the employee to staff.csv, or correct the matricola in the row (leading zeros?)",
        },
    ),
    (
        Code::DuplicateEmployee,
        Template {
            it: "lasciare in staff.csv una sola riga per matricola: correggere o eliminare le altre",
            en: "keep one row per matricola in staff.csv: correct or remove the others",
        },
    ),
    (
        Code::OutsideMonth,
        Template {
            it: "nulla, se la riga è di un altro mese; altrimenti correggerne la data",
            en: "nothing if the row belongs to another month; otherwise correct its date",
        },
    ),
    (
        Code::DstFold,
        Template {
            it: "verificare l'ora: è stata letta come la prima delle due (ora legale); correggerla se era la seconda",
            en: "check the time: it was read as the first of the two (summer time); correct it if it was the second",
        },
    ),
    (
        Code::DstGap,
        Template {
            it: "correggere l'ora: quel giorno non esiste (gli orologi passano dalle 02:00 alle 03:00)",
            en: "correct the time: it does not exist that day (clocks go from 02:00 to 03:00)",
        },
    ),
    (
        Code::KindNotQualifying,
        Template {
            it: "nulla: la regola non paga questo tipo di attività; correggere il tipo se è sbagliato",
            en: "nothing: the rule set does not pay this kind; correct the kind if it is wrong",
        },
    ),
    (
        Code::OutsidePresence,
        Template {
            it: "controllare la presenza del giorno: se il servizio era in sede, aggiungere o correggere la riga di presenza",
            en: "check the day's presence: if the service was on site, add or correct the presence row",
        },
    ),
    (
        Code::AbsenceOverlap,
        Template {
            it: "controllare le righe di servizio e di assenza del giorno e correggere quella sbagliata",
            en: "check the day's service and absence rows and correct the wrong one",
        },
    ),
    (
        Code::RemoteNotRecognised,
        Template {
            it: "nulla: la regola di quei giorni non paga la consulenza a distanza",
            en: "nothing: the rule set of those days does not pay remote consultation",
        },
    ),
    (
        Code::RoleNotQualifying,
        Template {
            it: "nulla, se il dipendente ha solo assistito; se ha svolto la consulenza, verificarne il ruolo nel report di Teams",
            en: "nothing if the employee only attended; if they held the consultation, check their role in the Teams report",
        },
    ),
    (
        Code::BelowMinimumConsultation,
        Template {
            it: "nulla: il cittadino non si è presentato o la chiamata non è riuscita",
            en: "nothing: the citizen did not show up or the call failed",
        },
    ),
    (
        Code::OutsideWorkingTime,
        Template {
            it: "controllare presenza e lavoro agile del giorno: se il tempo era in orario di lavoro, aggiungere la riga mancante",
            en: "check the day's presence and remote work: if the time was within working hours, add the missing row",
        },
    ),
    (
        Code::OverlappingMeetings,
        Template {
            it: "nulla: il tempo in comune conta una volta sola; verificare le riunioni se non dovevano sovrapporsi",
            en: "nothing: the common time counts once; check the meetings if they should not overlap",
        },
    ),
    (
        Code::ChannelOverlap,
        Template {
            it: "nulla: il tempo è pagato una volta sola; correggere la riga di sportello o la riunione se una delle due è sbagliata",
            en: "nothing: the time is paid once; correct the counter row or the meeting if either is wrong",
        },
    ),
    (
        Code::AmbiguousParticipant,
        Template {
            it: "aggiungere in staff.csv l'indirizzo Teams del partecipante al dipendente giusto",
            en: "add the participant's Teams address to the right employee in staff.csv",
        },
    ),
    (
        Code::NoStaffParticipant,
        Template {
            it: "aggiungere in staff.csv l'indirizzo Teams dell'organizzatore (teams_upns), o verificare che la riunione sia una consulenza",
            en: "add the organizer's Teams address to staff.csv (teams_upns), or check the meeting is a consultation",
        },
    ),
    (
        Code::NoBase,
        Template {
            it: "indicare hourly_base_eur o monthly_base_eur del dipendente in staff.csv e ricalcolare",
            en: "fill in the employee's hourly_base_eur or monthly_base_eur in staff.csv and run again",
        },
    ),
    (
        Code::NoRuleSet,
        Template {
            it: "aggiungere un file di regole che copra il giorno, o sceglierne uno con --ruleset",
            en: "add a rule file that covers the day, or choose one with --ruleset",
        },
    ),
    (
        Code::LimitApplied,
        Template {
            it: "nulla: è stato applicato un limite della regola",
            en: "nothing: a limit of the rule set was applied",
        },
    ),
    (
        Code::MissingLeave,
        Template {
            it: "verificare nel report di Teams l'ora di uscita del partecipante; correggerla se la fine presa è sbagliata",
            en: "check the participant's leave time in the Teams report; correct it if the end taken is wrong",
        },
    ),
    (
        Code::DuplicateMeeting,
        Template {
            it: "nulla; per ordine, togliere la copia dalla cartella Teams",
            en: "nothing; to keep things tidy, remove the copy from the Teams folder",
        },
    ),
    (
        Code::DuplicateRow,
        Template {
            it: "nulla; per ordine, eliminare la riga ripetuta",
            en: "nothing; to keep things tidy, remove the repeated row",
        },
    ),
    (
        Code::DurationMismatch,
        Template {
            it: "nulla: sono stati usati gli orari; verificare l'esportazione se la differenza è grande",
            en: "nothing: the times were used; check the export if the difference is large",
        },
    ),
    (
        Code::UnreadableFile,
        Template {
            it: "esportare di nuovo il file da Teams (CSV o JSON) e ricalcolare",
            en: "export the file again from Teams (CSV or JSON) and run again",
        },
    ),
    (
        Code::Overflow,
        Template {
            it: "correggere la cifra assurda indicata nel messaggio (una base in staff.csv, un orario)",
            en: "correct the absurd figure the message names (a base in staff.csv, a time)",
        },
    ),
    (
        Code::UnclosedQuote,
        Template {
            it: "chiudere o togliere le virgolette (\") rimaste aperte nella riga",
            en: "close or remove the stray quote (\") in the row",
        },
    ),
    (
        Code::HiddenEntry,
        Template {
            it: "nulla, a meno che non sia un report: in tal caso rinominarlo senza il punto iniziale",
            en: "nothing, unless it is a report: then rename it without the leading dot",
        },
    ),
    (
        Code::SkippedEntry,
        Template {
            it: "se è un report, copiare nella cartella Teams il file vero e proprio (non un collegamento)",
            en: "if it is a report, copy the file itself into the Teams folder (not a link)",
        },
    ),
    (
        Code::RowsUnaccounted,
        Template {
            it: "segnalarlo a chi mantiene sportello, con i file di input: è un difetto del programma",
            en: "report it to the maintainers of sportello, with the input files: it is a fault of the program",
        },
    ),
    (
        Code::HomonymParticipant,
        Template {
            it: "nulla se è un omonimo; se è un altro account del dipendente, aggiungerne l'indirizzo a staff.csv",
            en: "nothing if it is a namesake; if it is another account of the employee, add its address to staff.csv",
        },
    ),
    (
        Code::SharedAddress,
        Template {
            it: "verificare in staff.csv a quale dipendente appartiene l'indirizzo",
            en: "check in staff.csv which employee the address belongs to",
        },
    ),
    (
        Code::MissingPartTime,
        Template {
            it: "compilare part_time_pct in staff.csv (100 per il tempo pieno)",
            en: "fill in part_time_pct in staff.csv (100 for full time)",
        },
    ),
    (
        Code::ImplausibleBase,
        Template {
            it: "verificare la base del dipendente in staff.csv (una virgola fuori posto?)",
            en: "check the employee's base in staff.csv (a misplaced decimal point?)",
        },
    ),
    (
        Code::ServiceExceedsPresence,
        Template {
            it: "correggere le righe di servizio o di presenza del giorno perché il servizio stia nella presenza",
            en: "correct the day's service or presence rows so that service lies within presence",
        },
    ),
    (
        Code::DuplicateAttendance,
        Template {
            it: "nulla: la riga conta una volta sola; per ordine, eliminare la ripetizione",
            en: "nothing: the row counts once; to keep things tidy, remove the repeat",
        },
    ),
    (
        Code::IntervalOutsideMeeting,
        Template {
            it: "verificare gli orari nel report di Teams: il collegamento va oltre l'inizio o la fine della riunione",
            en: "check the times in the Teams report: the connection runs past the meeting's start or end",
        },
    ),
];

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a fact comes from: a file and a 1-based line (the header is line 1). Ordered by file
/// name, then line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceRef {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// The 1-based line, or 0 when the fact concerns the whole file.
    pub line: u64,
}

impl SourceRef {
    /// A position in a file.
    pub fn new(file: &Arc<str>, line: u64) -> Self {
        SourceRef { file: Arc::clone(file), line }
    }
}

impl Ord for SourceRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Most references of a run share a handful of names: the same `Arc` needs no compare.
        let file =
            if Arc::ptr_eq(&self.file, &other.file) { std::cmp::Ordering::Equal } else { self.file.cmp(&other.file) };
        file.then(self.line.cmp(&other.line))
    }
}

impl PartialOrd for SourceRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One reported fact.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anomaly {
    /// File and line, when the fact comes from one row.
    pub source: Option<SourceRef>,
    /// The stable code.
    pub code: Code,
    /// The employee concerned, if known.
    pub employee_id: Option<String>,
    /// The Rome day concerned, `YYYY-MM-DD`, if any.
    pub date: Option<String>,
    /// A sentence for people, in Italian and English; never a citizen's name or address.
    pub message: Message,
}

impl Anomaly {
    /// A new anomaly with no employee or date.
    pub fn new(code: Code, source: Option<SourceRef>, message: impl Into<Message>) -> Self {
        Anomaly { source, code, employee_id: None, date: None, message: message.into() }
    }

    /// Names the employee concerned.
    pub fn employee(mut self, id: impl Into<String>) -> Self {
        self.employee_id = Some(id.into());
        self
    }

    /// Names the day concerned.
    pub fn on(mut self, date: impl Into<String>) -> Self {
        self.date = Some(date.into());
        self
    }

    /// The severity, fixed by the code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Sorts anomalies into their stable output order: errors, then warnings, then notes (what
/// must be fixed first); within a severity by file, line, code, employee, date, message. Inputs
/// given in another order still produce the same list when lines match.
pub fn sort(anomalies: &mut [Anomaly]) {
    // The order is total (equal anomalies are identical, and the severity follows the code), so
    // an unstable sort is the same.
    anomalies.sort_unstable_by(|a, b| b.severity().cmp(&a.severity()).then_with(|| a.cmp(b)));
}

/// True when any anomaly should make the run exit with code 1.
pub fn needs_attention(anomalies: &[Anomaly]) -> bool {
    anomalies.iter().any(|a| a.severity() >= Severity::Warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'));
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn every_code_says_what_to_do_in_both_languages() {
        for (i, c) in Code::ALL.iter().enumerate() {
            assert_eq!(WHAT_TO_DO.get(i).map(|(code, _)| code), Some(c), "WHAT_TO_DO follows the codes' order");
            let t = c.what_to_do();
            assert!(!t.it.is_empty() && !t.en.is_empty(), "{c}");
            assert_ne!(t.it, t.en, "{c}: the Italian is the English");
            // A cell of the anomalies file: never read as a formula, no hole to fill.
            for text in [t.it, t.en] {
                assert!(!text.starts_with(['=', '+', '-', '@']) && !text.contains('{'), "{c}: {text}");
            }
        }
    }

    #[test]
    fn errors_come_first_then_warnings_then_notes() {
        let f: Arc<str> = Arc::from("a.csv");
        let at = |line| Some(SourceRef::new(&f, line));
        let mut list = vec![
            Anomaly::new(Code::KindNotQualifying, at(2), "note"),
            Anomaly::new(Code::OutsidePresence, at(9), "warning, late line"),
            Anomaly::new(Code::BadValue, at(7), "error"),
            Anomaly::new(Code::OutsidePresence, at(3), "warning, early line"),
            Anomaly::new(Code::NoBase, None, "error with no line"),
        ];
        sort(&mut list);
        let got: Vec<String> = list.iter().map(|a| a.message.en().into_owned()).collect();
        assert_eq!(got, ["error with no line", "error", "warning, early line", "warning, late line", "note"]);
    }

    #[test]
    fn info_does_not_need_attention() {
        let info = Anomaly::new(Code::BelowMinimumConsultation, None, "no-show");
        assert!(!needs_attention(std::slice::from_ref(&info)));
        let warn = Anomaly::new(Code::OutsidePresence, None, "cut");
        assert!(needs_attention(&[info, warn]));
    }
}
