//! The paid file of `arrears`: a payroll CSV as `compute` writes it, what was actually paid.

use std::collections::HashSet;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::formula::restore;
use crate::message::{Arg, Message, Template};
use crate::money::parse_decimal;
use crate::time::Month;

use super::table::{self, Tally};
use super::values::{found, EXPECTED_MATRICOLA};
use super::InputError;

static PAID_ROW_NOT_USED: Template =
    Template { it: "campo \"{0}\": {1}; riga di pagamento non usata", en: "field \"{0}\": {1}; paid row not used" };
static EXPECTED_MONTH: Template = Template {
    it: "atteso un mese nel formato AAAA-MM, cella vuota",
    en: "expected a month as YYYY-MM, found nothing",
};
static BAD_MONTH: Template = Template {
    it: "atteso un mese nel formato AAAA-MM, trovato \"{0}\"",
    en: "expected a month as YYYY-MM, found \"{0}\"",
};
static EXPECTED_ITEM: Template = Template {
    it: "atteso il codice della voce retributiva, cella vuota",
    en: "expected the payroll item code, found nothing",
};
static EXPECTED_AMOUNT: Template =
    Template { it: "atteso l'importo pagato, cella vuota", en: "expected the amount paid, found nothing" };
static BAD_AMOUNT: Template = Template {
    it: "atteso un importo in euro come 55,89 o 55.89, trovato \"{0}\"",
    en: "expected an amount in euro such as 55.89 or 55,89, found \"{0}\"",
};
static BAD_MINUTES: Template = Template {
    it: "atteso un numero intero di minuti come 725, trovato \"{0}\"",
    en: "expected whole minutes such as 725, found \"{0}\"",
};
static OUTSIDE_PERIOD: Template = Template {
    it: "{0} è fuori dal periodo {1} – {2}; riga di pagamento non confrontata",
    en: "{0} is outside the period {1} – {2}; paid row not compared",
};
static REPEATED_ROW: Template = Template {
    it: "la riga ripete esattamente una riga precedente del file dei pagamenti; contata una volta sola",
    en: "the row repeats an earlier row of the paid file exactly; counted once",
};

/// One row of the paid file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaidRow {
    /// File and line.
    #[serde(serialize_with = "ser_source")]
    pub source: SourceRef,
    /// The matricola.
    pub employee_id: String,
    /// The month paid.
    #[serde(serialize_with = "ser_month")]
    pub month: Month,
    /// The payroll item.
    pub item: String,
    /// The rule set written in the file (may be empty).
    pub ruleset: String,
    /// The minutes written in the file, if any.
    pub minutes: Option<i64>,
    /// The amount paid.
    pub amount_eur: Decimal,
}

fn ser_source<S: serde::Serializer>(s: &SourceRef, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&s.to_string())
}

fn ser_month<S: serde::Serializer>(m: &Month, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&m.to_string())
}

const REQUIRED: &[&str] = &["employee_id", "month", "item", "amount_eur"];
const OPTIONAL: &[&str] = &["ruleset", "minutes"];

/// Reads a paid file: a payroll CSV as `compute` writes it (dialects as every input: see
/// [`crate::input::table`]), possibly several concatenated. Columns `employee_id`, `month`,
/// `item` and `amount_eur` are required, `ruleset` and `minutes` read when present, others
/// ignored.
///
/// The text cells `compute` neutralises against formula injection (`employee_id`, `item`,
/// `ruleset`) are restored with [`restore`], so that the id `'-0042` compute wrote is matched
/// with the employee `-0042`. (A cell that legitimately begins with `'` followed by `=`, `+`,
/// `-`, `@`, TAB or CR is therefore read without its apostrophe.)
///
/// A repeated header line (from concatenation) is skipped. A row that cannot be used is reported
/// with its file, line and field (`MISSING_VALUE`, `BAD_VALUE`) and left out; a row for a month
/// outside `from..=to` is reported (`OUTSIDE_MONTH`) and left out; a row repeating another
/// exactly is reported (`DUPLICATE_ROW`) and counted once.
pub fn read_paid(
    file: &Arc<str>,
    bytes: &[u8],
    from: Month,
    to: Month,
    anomalies: &mut Vec<Anomaly>,
) -> Result<Vec<PaidRow>, InputError> {
    read_paid_counted(file, bytes, from, to, anomalies).map(|(rows, _)| rows)
}

/// [`read_paid`], with the file's rows counted: read, used, reported.
pub fn read_paid_counted(
    file: &Arc<str>,
    bytes: &[u8],
    from: Month,
    to: Month,
    anomalies: &mut Vec<Anomaly>,
) -> Result<(Vec<PaidRow>, Tally), InputError> {
    let mut out = Vec::new();
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    let (_, tally) = table::read(file, bytes, REQUIRED, OPTIONAL, anomalies, |row, anomalies| {
        let src = SourceRef::new(file, row.line);
        let cells: Vec<String> = row.cells().map(|c| c.trim().to_string()).collect();
        if row.get(0).eq_ignore_ascii_case("employee_id") && row.get(1).eq_ignore_ascii_case("month") {
            // The header of a concatenated file, read as such.
            return true;
        }
        let bad = |code: Code, field: &str, why: Message| {
            let message = Message::new(&PAID_ROW_NOT_USED, [Arg::text(field), Arg::Message(Box::new(why))]);
            Anomaly::new(code, Some(src.clone()), message)
        };
        let said = |t: &'static Template| Message::new(t, []);
        let employee_id = restore(row.get(0));
        if employee_id.is_empty() {
            anomalies.push(bad(Code::MissingValue, "employee_id", said(&EXPECTED_MATRICOLA)));
            return false;
        }
        let month_cell = row.get(1);
        let month: Month = match month_cell.parse() {
            Ok(m) => m,
            Err(_) => {
                let (code, why) = if month_cell.is_empty() {
                    (Code::MissingValue, said(&EXPECTED_MONTH))
                } else {
                    (Code::BadValue, found(&BAD_MONTH, month_cell))
                };
                anomalies.push(bad(code, "month", why).employee(employee_id));
                return false;
            }
        };
        let item = restore(row.get(2));
        if item.is_empty() {
            anomalies.push(bad(Code::MissingValue, "item", said(&EXPECTED_ITEM)).employee(employee_id));
            return false;
        }
        let amount_cell = row.get(3);
        let Some(amount_eur) = parse_decimal(amount_cell).filter(|d| d.abs() < Decimal::from(1_000_000_000)) else {
            let (code, why) = if amount_cell.is_empty() {
                (Code::MissingValue, said(&EXPECTED_AMOUNT))
            } else {
                (Code::BadValue, found(&BAD_AMOUNT, amount_cell))
            };
            anomalies.push(bad(code, "amount_eur", why).employee(employee_id));
            return false;
        };
        let minutes_cell = row.get(5);
        let minutes = if minutes_cell.is_empty() {
            None
        } else {
            match minutes_cell.parse::<i64>() {
                Ok(m) if (0..=1_000_000).contains(&m) => Some(m),
                _ => {
                    anomalies
                        .push(bad(Code::BadValue, "minutes", found(&BAD_MINUTES, minutes_cell)).employee(employee_id));
                    return false;
                }
            }
        };
        if month < from || month > to {
            anomalies.push(
                Anomaly::new(
                    Code::OutsideMonth,
                    Some(src.clone()),
                    Message::new(
                        &OUTSIDE_PERIOD,
                        [Arg::text(month.to_string()), Arg::text(from.to_string()), Arg::text(to.to_string())],
                    ),
                )
                .employee(employee_id),
            );
            return false;
        }
        if !seen.insert(cells) {
            anomalies
                .push(Anomaly::new(Code::DuplicateRow, Some(src.clone()), said(&REPEATED_ROW)).employee(employee_id));
            return false;
        }
        out.push(PaidRow {
            source: src.clone(),
            employee_id: employee_id.to_string(),
            month,
            item: item.to_string(),
            ruleset: restore(row.get(4)).to_string(),
            minutes,
            amount_eur,
        });
        true
    })?;
    Ok((out, tally))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn read(text: &str) -> (Vec<PaidRow>, Vec<Anomaly>) {
        let f: Arc<str> = Arc::from("paid.csv");
        let mut a = Vec::new();
        let rows = read_paid(&f, text.as_bytes(), m("2025-08"), m("2025-10"), &mut a).unwrap();
        (rows, a)
    }

    const HEAD: &str = "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n";

    #[test]
    fn concatenated_files_and_bad_rows() {
        let text = format!(
            "{HEAD}001,2025-08,MFOF,x,1,60,1.00,4.00,4.00\n{HEAD}001,2025-09,MFOF,x,1,60,1.00,4.00,4.00\n\
             002,2025-9,MFOF,x,1,60,1.00,4.00,4.00\n003,2025-09,MFOF,x,1,60,1.00,4.00,\n\
             004,2025-09,MFOF,x,1,6O,1.00,4.00,4.00\n005,2025-07,MFOF,x,1,60,1.00,4.00,4.00\n\
             001,2025-09,MFOF,x,1,60,1.00,4.00,4.00\n006;2025-09\n"
        );
        let (rows, a) = read(&text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].source.line, 4);
        assert_eq!(rows[1].minutes, Some(60));
        let got: Vec<(u64, Code)> = a.iter().map(|x| (x.source.as_ref().unwrap().line, x.code)).collect();
        assert_eq!(
            got,
            [
                (5, Code::BadValue),
                (6, Code::MissingValue),
                (7, Code::BadValue),
                (8, Code::OutsideMonth),
                (9, Code::DuplicateRow),
                (10, Code::ShortRow)
            ]
        );
        assert!(
            a[0].message.en().starts_with("field \"month\": expected a month as YYYY-MM, found \"2025-9\""),
            "{}",
            a[0].message
        );
        assert!(a[1].message.en().contains("field \"amount_eur\""));
        assert!(a[2].message.en().contains("field \"minutes\""));
    }

    #[test]
    fn cells_neutralised_by_compute_are_read_as_written_before() {
        let text =
            format!("{HEAD}'-0042,2025-09,'=X,'+set,1,60,1.00,4.00,4.00\n''-7,2025-09,MFOF,x,1,60,1.00,4.00,4.00\n");
        let (rows, a) = read(&text);
        assert!(a.is_empty(), "{a:?}");
        let got: Vec<(&str, &str, &str)> =
            rows.iter().map(|r| (r.employee_id.as_str(), r.item.as_str(), r.ruleset.as_str())).collect();
        assert_eq!(got, [("-0042", "=X", "+set"), ("'-7", "MFOF", "x")]);
    }

    #[test]
    fn a_missing_column_refuses_the_file() {
        let f: Arc<str> = Arc::from("paid.csv");
        let err =
            read_paid(&f, b"employee_id,month,item\n1,2025-09,MFOF\n", m("2025-08"), m("2025-10"), &mut Vec::new());
        assert!(err.unwrap_err().to_string().contains("missing column \"amount_eur\""));
    }
}
