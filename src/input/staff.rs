//! `staff.csv`: the staff register.

use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::message::{Arg, Message, Template};
use crate::money::parse_decimal;
use crate::register::{Employee, PartTimePct};

use super::table::{self, Dialect, Tally};
use super::values::{found, shown, EXPECTED_MATRICOLA};
use super::InputError;

static REGISTER_ROW_NOT_USED: Template = Template {
    it: "campo \"{0}\": {1}; riga dell'anagrafica non usata",
    en: "field \"{0}\": {1}; register row not used",
};
static EXPECTED_NAME: Template =
    Template { it: "atteso il nome del dipendente, cella vuota", en: "expected the employee's name, found nothing" };
// The English is `PartTimePct::EXPECTED`'s, as it was written before the two languages.
static EXPECTED_PART_TIME: Template = Template {
    it: "attesa una percentuale da 1 a 100 con al massimo due decimali, come 83,33, trovato \"{0}\"",
    en: "expected a percentage from 1 to 100 with at most two decimals, such as 83.33, found \"{0}\"",
};
static EXPECTED_BASE: Template = Template {
    it: "atteso un importo in euro positivo e inferiore a 1.000.000, come 18,50 o 18.50, trovato \"{0}\"",
    en: "expected a positive amount in euro below 1,000,000 such as 18.50 or 18,50, found \"{0}\"",
};
static MISSING_PART_TIME: Template = Template {
    it: "campo \"part_time_pct\": vuoto; il dipendente è considerato a tempo pieno (100) — indicare la \
         percentuale (100 per il tempo pieno)",
    en: "field \"part_time_pct\": empty; the employee is read as full time (100) — write the share (100 for \
         full time)",
};
static DUPLICATE_ID: Template = Template {
    it: "campo \"employee_id\": \"{0}\" è già alla riga {1}; il dipendente è escluso dal calcolo finché \
         l'anagrafica non viene corretta",
    en: "field \"employee_id\": \"{0}\" is already on line {1}; the employee is left out of the computation \
         until the register is corrected",
};

const REQUIRED: &[&str] = &["employee_id", "full_name"];
const OPTIONAL: &[&str] = &["office", "teams_upn", "part_time_pct", "hourly_base_eur", "monthly_base_eur"];

/// True when the header of the file has the column `name` (matched as the table reader matches
/// it). The reader itself gives `""` for an empty cell and for an absent column alike.
/// Reads the register rows. Rows with an unusable value are reported and left out.
///
/// An empty `part_time_pct` cell reads as full time (100) and is reported
/// ([`Code::MissingPartTime`], a warning: the share matters to a rule set that scales limits,
/// and an empty cell may be a share lost in an export). A register without that column at all
/// is read as full time for everyone, without an anomaly: the file says nothing about part-time.
pub fn read(
    file: &Arc<str>,
    bytes: &[u8],
    anomalies: &mut Vec<Anomaly>,
) -> Result<(Vec<Employee>, Dialect), InputError> {
    read_counted(file, bytes, anomalies).map(|(rows, dialect, _)| (rows, dialect))
}

/// [`read`], with the file's rows counted: read, used, reported.
pub fn read_counted(
    file: &Arc<str>,
    bytes: &[u8],
    anomalies: &mut Vec<Anomaly>,
) -> Result<(Vec<Employee>, Dialect, Tally), InputError> {
    let mut out = Vec::new();
    let (dialect, tally) = table::read(file, bytes, REQUIRED, OPTIONAL, anomalies, |row, anomalies| {
        let src = SourceRef::new(file, row.line);
        let bad = |code: Code, field: &str, why: Message| {
            let message = Message::new(&REGISTER_ROW_NOT_USED, [Arg::text(field), Arg::Message(Box::new(why))]);
            Anomaly::new(code, Some(src.clone()), message)
        };
        let id = row.get(0);
        if id.is_empty() {
            anomalies.push(bad(Code::MissingValue, "employee_id", Message::new(&EXPECTED_MATRICOLA, [])));
            return false;
        }
        let full_name = row.get(1);
        if full_name.is_empty() {
            anomalies.push(bad(Code::MissingValue, "full_name", Message::new(&EXPECTED_NAME, [])).employee(id));
            return false;
        }
        let pct_cell = row.get(4);
        let part_time_pct = if pct_cell.is_empty() {
            PartTimePct::FULL
        } else {
            match PartTimePct::parse(pct_cell) {
                Some(p) => p,
                None => {
                    anomalies
                        .push(bad(Code::BadValue, "part_time_pct", found(&EXPECTED_PART_TIME, pct_cell)).employee(id));
                    return false;
                }
            }
        };
        let mut money = |i: usize, field: &str| -> Result<Option<rust_decimal::Decimal>, ()> {
            let cell = row.get(i);
            if cell.is_empty() {
                return Ok(None);
            }
            match parse_decimal(cell) {
                Some(d) if d.is_sign_positive() && !d.is_zero() && d < rust_decimal::Decimal::from(1_000_000) => {
                    Ok(Some(d))
                }
                _ => {
                    anomalies.push(bad(Code::BadValue, field, found(&EXPECTED_BASE, cell)).employee(id));
                    Err(())
                }
            }
        };
        let Ok(hourly_base_eur) = money(5, "hourly_base_eur") else { return false };
        let Ok(monthly_base_eur) = money(6, "monthly_base_eur") else { return false };
        // Reported only for a row that is used: a refused row has its own anomaly.
        if row.has_column(4) && pct_cell.is_empty() {
            anomalies.push(
                Anomaly::new(Code::MissingPartTime, Some(src.clone()), Message::new(&MISSING_PART_TIME, []))
                    .employee(id),
            );
        }
        let teams_upns = row.get(3).split('|').map(|u| u.trim().to_lowercase()).filter(|u| !u.is_empty()).collect();
        out.push(Employee {
            id: id.to_string(),
            full_name: full_name.to_string(),
            office: row.get(2).to_string(),
            teams_upns,
            part_time_pct,
            hourly_base_eur,
            monthly_base_eur,
            source: src,
        });
        true
    })?;
    Ok((out, dialect, tally))
}

/// Reports every employee id that appears on more than one row (each extra row names the
/// first).
pub fn duplicate_ids(rows: &[Employee]) -> Vec<Anomaly> {
    let mut first: std::collections::HashMap<&str, &SourceRef> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for e in rows {
        match first.get(e.id.as_str()) {
            Some(prev) => out.push(
                Anomaly::new(
                    Code::DuplicateEmployee,
                    Some(e.source.clone()),
                    Message::new(
                        &DUPLICATE_ID,
                        [Arg::text(shown(&e.id)), Arg::Int(i64::try_from(prev.line).unwrap_or(i64::MAX))],
                    ),
                )
                .employee(e.id.clone()),
            ),
            None => {
                first.insert(&e.id, &e.source);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_columns_and_reports_bad_rows() {
        let file: Arc<str> = Arc::from("staff.csv");
        let src = "employee_id;full_name;office;teams_upn;part_time_pct;hourly_base_eur;monthly_base_eur\n\
                   007;Maria Rossi;RM01;M.Rossi@inps.it|maria@x.it;50;18,50;\n\
                   008;Luca;RM01;;;;2600\n\
                   009;Anna;RM01;;150;;\n\
                   ;Nobody;;;;;\n\
                   010;Bad;;;;-3;\n";
        let mut anomalies = Vec::new();
        let (rows, _) = read(&file, src.as_bytes(), &mut anomalies).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, "007");
        assert_eq!(rows[0].teams_upns, vec!["m.rossi@inps.it", "maria@x.it"]);
        assert_eq!(rows[0].part_time_pct.to_string(), "50");
        assert_eq!(rows[0].hourly_base_eur, Some("18.50".parse().unwrap()));
        assert_eq!(rows[1].monthly_base_eur, Some(2600.into()));
        assert_eq!(rows[1].part_time_pct, PartTimePct::FULL);
        let codes: Vec<_> = anomalies.iter().map(|a| (a.code, a.source.as_ref().unwrap().line)).collect();
        assert_eq!(
            codes,
            vec![(Code::MissingPartTime, 3), (Code::BadValue, 4), (Code::MissingValue, 5), (Code::BadValue, 6)]
        );
        assert!(anomalies[0]
            .message
            .en()
            .starts_with("field \"part_time_pct\": empty; the employee is read as full time"));
        assert_eq!(anomalies[0].employee_id.as_deref(), Some("008"));
        assert!(anomalies[1].message.en().contains("field \"part_time_pct\""));
    }

    #[test]
    fn without_a_part_time_column_everyone_is_full_time_silently() {
        let file: Arc<str> = Arc::from("staff.csv");
        let mut anomalies = Vec::new();
        let (rows, _) = read(&file, b"employee_id,FULL_NAME,hourly_base_eur\n1,A,18.50\n", &mut anomalies).unwrap();
        assert_eq!(rows[0].part_time_pct, PartTimePct::FULL);
        assert!(anomalies.is_empty(), "{anomalies:?}");
        // The column is found whatever its case and the file's delimiter.
        let (_, _) = read(&file, b"employee_id;full_name;Part_Time_Pct\n1;A;\n", &mut anomalies).unwrap();
        assert_eq!(anomalies.iter().map(|a| a.code).collect::<Vec<_>>(), [Code::MissingPartTime]);
    }

    #[test]
    fn the_english_of_a_share_is_the_registers() {
        assert!(EXPECTED_PART_TIME.en.contains(PartTimePct::EXPECTED), "{}", EXPECTED_PART_TIME.en);
    }

    #[test]
    fn duplicate_ids_name_the_first_line() {
        let file: Arc<str> = Arc::from("staff.csv");
        let mut anomalies = Vec::new();
        let (rows, _) = read(&file, b"employee_id,full_name\n1,A\n2,B\n1,C\n", &mut anomalies).unwrap();
        let dups = duplicate_ids(&rows);
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].source.as_ref().unwrap().line, 4);
        assert!(dups[0].message.en().contains("already on line 2"));
    }
}
