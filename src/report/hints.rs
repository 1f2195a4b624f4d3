//! Why a run paid no one, or far fewer employees than the register holds: the likely reasons,
//! found in the run's own facts, for the terminal.
//!
//! "Far fewer" is fewer than half of the register's usable employees ([`pays_far_fewer`]).
//! Then [`why_few_paid`] looks for:
//!
//! * ids of rows reported as `UNKNOWN_EMPLOYEE` that equal a register id once the leading zeros
//!   are stripped from both: a spreadsheet saved the ids as numbers, in the input
//!   (`4512` for `004512`) or in the register (the other way round);
//! * a month with no rows, or fewer rows than were reported `OUTSIDE_MONTH`: the data is of
//!   another month (the months it covers are named, from the dates of those rows).
//!
//! [`near_ids`] suggests register ids for an id that is not in it (`explain --employee`).
//!
//! Everything here is pure: from the register, the anomalies and the payroll rows. The CLI
//! prints the hints; nothing here changes a result.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::anomaly::{Anomaly, Code};
use crate::engine::{Month, PayrollRow};
use crate::message::{Arg, Message, Template};
use crate::register::Register;

/// At most this many months are named by [`Hint::MonthNotCovered`], and ids by [`near_ids`].
const AT_MOST: usize = 3;

/// A likely reason why a run paid few employees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// Ids that match the register only without their leading zeros.
    LeadingZeros {
        /// The file with the example row, as the user named it.
        file: String,
        /// The id as written there.
        written: String,
        /// The register file, as the user named it.
        staff_file: String,
        /// The id as the register has it.
        registered: String,
        /// True when the register is the side without the zeros.
        lost_in_register: bool,
        /// How many distinct ids of the input match this way (on the same side).
        ids: usize,
    },
    /// The data covers other months than the one computed.
    MonthNotCovered {
        /// The month computed.
        month: Month,
        /// The file of the rows outside the month (the attendance).
        file: String,
        /// Rows of that file in the month.
        in_month: usize,
        /// Rows outside the month, by `YYYY-MM`, most rows first (at most `AT_MOST`).
        covered: Vec<(String, usize)>,
        /// Other months beyond those named.
        more_months: usize,
    },
}

static LOST_IN_REGISTER: Template = Template {
    it: "{0} ha {1} dove {2} ha {3}: probabilmente un foglio di calcolo ha perso gli zeri iniziali in {0} \
         ({4}); salvare employee_id come testo",
    en: "{0} has {1} where {2} has {3}: the leading zeros were probably lost by a spreadsheet in {0} ({4}); \
         keep employee_id as text",
};
static LOST_IN_INPUT: Template = Template {
    it: "{0} ha {1} dove {2} ha {3}: probabilmente un foglio di calcolo ha perso gli zeri iniziali ({4}); \
         salvare employee_id come testo",
    en: "{0} has {1} where {2} has {3}: the leading zeros were probably lost by a spreadsheet ({4}); keep \
         employee_id as text",
};
static ONE_ID_THIS_WAY: Template = Template {
    it: "1 matricola di {0} corrisponde all'anagrafica solo in questo modo",
    en: "1 id of {0} match the register only this way",
};
static IDS_THIS_WAY: Template = Template {
    it: "{1} matricole di {0} corrispondono all'anagrafica solo in questo modo",
    en: "{1} ids of {0} match the register only this way",
};
static ONE_ID_WITHOUT_ZEROS: Template = Template {
    it: "1 matricola di {0} corrisponde all'anagrafica solo senza i suoi zeri iniziali",
    en: "1 id of {0} match the register only without their leading zeros",
};
static IDS_WITHOUT_ZEROS: Template = Template {
    it: "{1} matricole di {0} corrispondono all'anagrafica solo senza i loro zeri iniziali",
    en: "{1} ids of {0} match the register only without their leading zeros",
};
static MONTH_NOT_COVERED: Template = Template {
    it: "{0} {1} nel mese {2} ma copre {3}{4}: il mese è giusto?",
    en: "{0} {1} in {2} but covers {3}{4}: is the month right?",
};
static HAS_NO_ROWS: Template = Template { it: "non ha righe", en: "has no rows" };
static HAS_ONLY: Template = Template { it: "ha solo {0}", en: "has only {0}" };
static ONE_ROW: Template = Template { it: "1 riga", en: "1 row" };
static ROWS: Template = Template { it: "{0} righe", en: "{0} rows" };
static MONTH_ROWS: Template = Template { it: "{0} ({1})", en: "{0} ({1})" };
static AND_LIST: Template = Template { it: "{0}, {1}", en: "{0}, {1}" };
static NO_MORE: Template = Template { it: "", en: "" };
static ONE_MORE_MONTH: Template = Template { it: " e un altro mese", en: " and 1 other month" };
static MORE_MONTHS: Template = Template { it: " e altri {0} mesi", en: " and {0} other months" };

impl Hint {
    /// The hint as a sentence in either language (the CLI writes it in the reader's).
    pub fn message(&self) -> Message {
        let said = |t: &'static Template, args: Vec<Arg>| Arg::Message(Box::new(Message::new(t, args)));
        match self {
            Hint::LeadingZeros { file, written, staff_file, registered, lost_in_register, ids } => {
                let (one, many, template) = if *lost_in_register {
                    (&ONE_ID_THIS_WAY, &IDS_THIS_WAY, &LOST_IN_REGISTER)
                } else {
                    (&ONE_ID_WITHOUT_ZEROS, &IDS_WITHOUT_ZEROS, &LOST_IN_INPUT)
                };
                let file_arg = Arg::text(file.as_str());
                let how_many =
                    if *ids == 1 { said(one, vec![file_arg]) } else { said(many, vec![file_arg, count(*ids)]) };
                let (this, that) = if *lost_in_register { (staff_file, file) } else { (file, staff_file) };
                let (this_id, that_id) = if *lost_in_register { (registered, written) } else { (written, registered) };
                let texts = [this, this_id, that, that_id].map(|t| Arg::text(t.as_str()));
                Message::new(template, texts.into_iter().chain([how_many]).collect::<Vec<_>>())
            }
            Hint::MonthNotCovered { month, file, in_month, covered, more_months } => {
                let rows = |n: usize| if n == 1 { said(&ONE_ROW, vec![]) } else { said(&ROWS, vec![count(n)]) };
                let has =
                    if *in_month == 0 { said(&HAS_NO_ROWS, vec![]) } else { said(&HAS_ONLY, vec![rows(*in_month)]) };
                let months = covered
                    .iter()
                    .map(|(m, n)| Message::new(&MONTH_ROWS, [Arg::text(m.as_str()), rows(*n)]))
                    .reduce(|list, next| {
                        Message::new(&AND_LIST, [Arg::Message(Box::new(list)), Arg::Message(Box::new(next))])
                    })
                    .unwrap_or_else(|| Message::new(&NO_MORE, []));
                let more = match more_months {
                    0 => said(&NO_MORE, vec![]),
                    1 => said(&ONE_MORE_MONTH, vec![]),
                    n => said(&MORE_MONTHS, vec![count(*n)]),
                };
                Message::new(
                    &MONTH_NOT_COVERED,
                    [Arg::text(file.as_str()), has, Arg::text(month.to_string()), Arg::Message(Box::new(months)), more],
                )
            }
        }
    }
}

impl fmt::Display for Hint {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en())
    }
}

/// A count as each language groups its thousands: `1,204` or `1.204`.
fn count(n: usize) -> Arg {
    Arg::Decimal(Decimal::from(n))
}

/// True when fewer than half of the register's employees are paid (no one, for a register of
/// one).
pub fn pays_far_fewer(register_employees: usize, paid_employees: usize) -> bool {
    paid_employees.saturating_mul(2) < register_employees
}

/// The likely reasons why a month's run paid far fewer employees than the register holds;
/// none when it did not. `rows` are the run's payroll rows (both sides of a comparison), and
/// `attendance_in_month` the attendance rows of known employees that fell in the month.
pub fn why_few_paid<'a>(
    month: Month,
    register: &Register,
    anomalies: &[Anomaly],
    rows: impl IntoIterator<Item = &'a PayrollRow>,
    attendance_in_month: usize,
) -> Vec<Hint> {
    let paid: std::collections::BTreeSet<&str> = rows.into_iter().map(|r| r.employee_id.as_str()).collect();
    if !pays_far_fewer(register.employees().count(), paid.len()) {
        return Vec::new();
    }
    let mut hints = leading_zeros(register, anomalies);
    hints.extend(month_not_covered(month, anomalies, attendance_in_month));
    hints
}

/// The id without its leading zeros, when it is all digits (a spreadsheet strips zeros only
/// from what looks like a number).
fn without_zeros(id: &str) -> Option<&str> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let stripped = id.trim_start_matches('0');
    Some(if stripped.is_empty() { "0" } else { stripped })
}

fn leading_zeros(register: &Register, anomalies: &[Anomaly]) -> Vec<Hint> {
    // Register ids by their form without zeros (sorted: the first is the example).
    let mut by_digits: BTreeMap<&str, Vec<&crate::register::Employee>> = BTreeMap::new();
    for e in register.employees() {
        if let Some(key) = without_zeros(&e.id) {
            by_digits.entry(key).or_default().push(e);
        }
    }
    // For each side: the first example (in the anomalies' order: file, line) and the ids seen.
    let mut sides: [Option<(Hint, std::collections::BTreeSet<&str>)>; 2] = [None, None];
    for a in anomalies.iter().filter(|a| a.code == Code::UnknownEmployee) {
        let Some(written) = a.employee_id.as_deref() else { continue };
        let Some(registered) = without_zeros(written).and_then(|k| by_digits.get(k)).and_then(|v| v.first()) else {
            continue;
        };
        if registered.id == written {
            continue;
        }
        let lost_in_register = registered.id.len() < written.len();
        let side = &mut sides[usize::from(lost_in_register)];
        let (_, ids) = side.get_or_insert_with(|| {
            let hint = Hint::LeadingZeros {
                file: a.source.as_ref().map_or_else(|| "the input".to_string(), |s| s.file.to_string()),
                written: written.to_string(),
                staff_file: registered.source.file.to_string(),
                registered: registered.id.clone(),
                lost_in_register,
                ids: 0,
            };
            (hint, std::collections::BTreeSet::new())
        });
        ids.insert(written);
    }
    sides
        .into_iter()
        .flatten()
        .map(|(mut hint, seen)| {
            if let Hint::LeadingZeros { ids, .. } = &mut hint {
                *ids = seen.len();
            }
            hint
        })
        .collect()
}

fn month_not_covered(month: Month, anomalies: &[Anomaly], in_month: usize) -> Option<Hint> {
    let mut by_month: BTreeMap<&str, usize> = BTreeMap::new();
    let mut file = None;
    // The attendance rows outside the month carry their date; meetings do not.
    for a in anomalies.iter().filter(|a| a.code == Code::OutsideMonth) {
        let Some(m) = a.date.as_deref().and_then(|d| d.get(..7)) else { continue };
        *by_month.entry(m).or_default() += 1;
        if file.is_none() {
            file = a.source.as_ref().map(|s| s.file.to_string());
        }
    }
    let outside: usize = by_month.values().sum();
    if outside == 0 || in_month >= outside {
        return None;
    }
    let mut covered: Vec<(String, usize)> = by_month.into_iter().map(|(m, n)| (m.to_string(), n)).collect();
    // Most rows first, then by month.
    covered.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let more_months = covered.len().saturating_sub(AT_MOST);
    covered.truncate(AT_MOST);
    Some(Hint::MonthNotCovered {
        month,
        file: file.unwrap_or_else(|| "the attendance".to_string()),
        in_month,
        covered,
        more_months,
    })
}

/// Register ids near `id`, which is not in the register: those equal to it without leading
/// zeros; else those one or two edits away (nearest first, then in order). At most three.
pub fn near_ids<'r>(register: &'r Register, id: &str) -> Vec<&'r str> {
    if register.get(id).is_some() {
        return Vec::new();
    }
    if let Some(key) = without_zeros(id) {
        let same: Vec<&str> = register
            .employees()
            .filter(|e| without_zeros(&e.id) == Some(key))
            .map(|e| e.id.as_str())
            .take(AT_MOST)
            .collect();
        if !same.is_empty() {
            return same;
        }
    }
    let wanted: Vec<char> = id.chars().collect();
    let mut near: Vec<(usize, &str)> = register
        .employees()
        .filter(|e| e.id.chars().count().abs_diff(wanted.len()) <= 2)
        .filter_map(|e| {
            let d = edit_distance(&wanted, &e.id.chars().collect::<Vec<_>>());
            (1..=2).contains(&d).then_some((d, e.id.as_str()))
        })
        .collect();
    near.sort_unstable();
    near.into_iter().take(AT_MOST).map(|(_, id)| id).collect()
}

/// The Levenshtein distance: insertions, deletions and substitutions of one character.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::SourceRef;
    use crate::lang::Lang;
    use std::sync::Arc;

    fn register(ids: &[&str]) -> Register {
        let mut anomalies = Vec::new();
        let mut text = String::from("employee_id,full_name,hourly_base_eur\n");
        for (i, id) in ids.iter().enumerate() {
            text.push_str(&format!("{id},Persona {i},18.50\n"));
        }
        let name: Arc<str> = Arc::from("staff.csv");
        let (employees, _) = crate::input::staff::read(&name, text.as_bytes(), &mut anomalies).unwrap();
        Register::new(employees)
    }

    fn unknown(id: &str, line: u64) -> Anomaly {
        let file: Arc<str> = Arc::from("attendance.csv");
        Anomaly::new(Code::UnknownEmployee, Some(SourceRef::new(&file, line)), "not in the register")
            .employee(id)
            .on("2025-10-06")
    }

    fn outside(date: &str, line: u64) -> Anomaly {
        let file: Arc<str> = Arc::from("attendance.csv");
        Anomaly::new(Code::OutsideMonth, Some(SourceRef::new(&file, line)), "outside").employee("1").on(date)
    }

    fn row(id: &str) -> PayrollRow {
        PayrollRow {
            employee_id: id.to_string(),
            month: "2025-10".to_string(),
            item: "MFOF".to_string(),
            ruleset: "r".to_string(),
            days: 1,
            minutes: 60,
            hours: rust_decimal::Decimal::ONE,
            rate_eur_per_hour: rust_decimal::Decimal::ONE,
            amount_eur: rust_decimal::Decimal::ONE,
        }
    }

    const OCTOBER: Month = Month { year: 2025, month: 10 };

    #[test]
    fn far_fewer_is_fewer_than_half() {
        assert!(pays_far_fewer(1, 0));
        assert!(pays_far_fewer(5, 2));
        assert!(!pays_far_fewer(4, 2));
        assert!(!pays_far_fewer(0, 0));
        assert!(!pays_far_fewer(usize::MAX, usize::MAX));
    }

    #[test]
    fn zeros_lost_on_either_side_give_one_example_and_a_count_per_side() {
        let reg = register(&["004512", "004513", "4600", "777"]);
        let anomalies = vec![
            unknown("4513", 2),
            unknown("4512", 3),
            unknown("4512", 4),
            unknown("004600", 5),
            unknown("999", 6),
            unknown("A12", 7),
        ];
        let hints = why_few_paid(OCTOBER, &reg, &anomalies, &[row("777")], 1);
        assert_eq!(
            hints,
            vec![
                Hint::LeadingZeros {
                    file: "attendance.csv".into(),
                    written: "4513".into(),
                    staff_file: "staff.csv".into(),
                    registered: "004513".into(),
                    lost_in_register: false,
                    ids: 2,
                },
                Hint::LeadingZeros {
                    file: "attendance.csv".into(),
                    written: "004600".into(),
                    staff_file: "staff.csv".into(),
                    registered: "4600".into(),
                    lost_in_register: true,
                    ids: 1,
                },
            ]
        );
        assert!(hints[0].to_string().starts_with("attendance.csv has 4513 where staff.csv has 004513: the leading"));
        assert!(hints[0].to_string().contains("(2 ids of attendance.csv"));
        assert!(hints[1].to_string().starts_with("staff.csv has 4600 where attendance.csv has 004600"));
        assert!(hints[1].to_string().contains("spreadsheet in staff.csv (1 id of"));
        // Half the register paid: no hint at all.
        assert!(why_few_paid(OCTOBER, &reg, &anomalies, &[row("777"), row("4600")], 1).is_empty());
    }

    #[test]
    fn a_month_with_fewer_rows_than_outside_it_names_the_months_covered() {
        let reg = register(&["1", "2"]);
        let mut anomalies: Vec<Anomaly> = (0..1204).map(|i| outside("2025-09-03", i + 2)).collect();
        anomalies.extend((0..5).map(|i| outside("2025-08-31", i + 2000)));
        anomalies.extend([outside("2025-07-01", 3000), outside("2025-06-01", 3001), outside("2024-06-01", 3002)]);
        let hints = why_few_paid(OCTOBER, &reg, &anomalies, &[], 0);
        assert_eq!(hints.len(), 1);
        assert_eq!(
            hints[0].to_string(),
            "attendance.csv has no rows in 2025-10 but covers 2025-09 (1,204 rows), 2025-08 (5 rows), \
             2024-06 (1 row) and 2 other months: is the month right?"
        );
        let few = why_few_paid(OCTOBER, &reg, &anomalies, &[], 3);
        assert!(few[0].to_string().starts_with("attendance.csv has only 3 rows in 2025-10 but covers"), "{}", few[0]);
        // More rows in the month than outside it: the month is not the reason.
        assert!(why_few_paid(OCTOBER, &reg, &anomalies, &[], 1300).is_empty());
        // Rows outside the month without a date (meetings) are not counted.
        let meeting = Anomaly::new(Code::OutsideMonth, None, "meeting m1 lies outside the month");
        assert!(why_few_paid(OCTOBER, &reg, &[meeting], &[], 0).is_empty());
    }

    #[test]
    fn near_ids_prefer_the_same_digits_then_one_or_two_edits() {
        let reg = register(&["004512", "0004512", "004521", "104512", "777", "X-12"]);
        assert_eq!(near_ids(&reg, "4512"), ["0004512", "004512"]);
        assert_eq!(near_ids(&reg, "004511"), ["004512", "004521", "0004512"]);
        assert_eq!(near_ids(&reg, "X-13"), ["X-12"]);
        assert_eq!(near_ids(&reg, "abcdef"), Vec::<&str>::new());
        assert_eq!(near_ids(&reg, "004512"), Vec::<&str>::new(), "in the register: no suggestion");
    }

    #[test]
    fn edit_distance_and_thousands() {
        let d = |a: &str, b: &str| edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!((d("", ""), d("abc", ""), d("kitten", "sitting"), d("004512", "004521")), (0, 3, 3, 2));
        let n = |n: usize, lang: Lang| Message::new(&ROWS, [count(n)]).render(lang).into_owned();
        assert_eq!(
            (n(0, Lang::En), n(999, Lang::En), n(1204, Lang::En), n(1_234_567, Lang::En), n(1204, Lang::It)),
            (
                "0 rows".to_string(),
                "999 rows".to_string(),
                "1,204 rows".to_string(),
                "1,234,567 rows".to_string(),
                "1.204 righe".to_string()
            )
        );
    }
}
