//! The payroll file: `employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur`.

use std::io::{self, Write};

use crate::engine::PayrollRow;
use crate::money::{format_cents, format_rate};

use crate::formula::neutralise;

/// The header, fixed by DESIGN.md section 5.
pub const HEADER: [&str; 9] =
    ["employee_id", "month", "item", "ruleset", "days", "minutes", "hours", "rate_eur_per_hour", "amount_eur"];

fn cells(r: &PayrollRow) -> [String; 9] {
    [
        neutralise(&r.employee_id).into_owned(),
        r.month.clone(),
        neutralise(&r.item).into_owned(),
        neutralise(&r.ruleset).into_owned(),
        r.days.to_string(),
        r.minutes.to_string(),
        format_cents(r.hours),
        format_rate(r.rate_eur_per_hour),
        format_cents(r.amount_eur),
    ]
}

/// Writes the payroll CSV (comma, `.` decimals, LF, UTF-8 without BOM).
pub fn write_csv<W: Write>(rows: &[PayrollRow], w: W) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    out.write_record(HEADER).map_err(super::csv_io)?;
    for r in rows {
        out.write_record(cells(r)).map_err(super::csv_io)?;
    }
    out.flush()
}

/// Writes the rows as a JSON array; money as strings so that it stays exact.
pub fn write_json<W: Write>(rows: &[PayrollRow], mut w: W) -> io::Result<()> {
    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "employee_id": r.employee_id,
                "month": r.month,
                "item": r.item,
                "ruleset": r.ruleset,
                "days": r.days,
                "minutes": r.minutes,
                "hours": format_cents(r.hours),
                "rate_eur_per_hour": format_rate(r.rate_eur_per_hour),
                "amount_eur": format_cents(r.amount_eur),
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut w, &values)?;
    writeln!(w)
}

/// Writes an aligned table for people, with a total line.
pub fn write_table<W: Write>(rows: &[PayrollRow], mut w: W) -> io::Result<()> {
    let mut lines: Vec<[String; 9]> = vec![HEADER.map(String::from)];
    lines.extend(rows.iter().map(cells));
    let total = rows.iter().fold(rust_decimal::Decimal::ZERO, |a, r| a + r.amount_eur);
    // Numbers right-aligned, text left-aligned.
    super::table::write_aligned(&lines, |i| i >= 4, &mut w)?;
    writeln!(w, "{} rows, total {} €", rows.len(), format_cents(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> PayrollRow {
        PayrollRow {
            employee_id: "004512".into(),
            month: "2025-10".into(),
            item: "MFOF".into(),
            ruleset: "inps-ccni-2025".into(),
            days: 3,
            minutes: 725,
            hours: "12.08".parse().unwrap(),
            rate_eur_per_hour: "4.625".parse().unwrap(),
            amount_eur: "55.89".parse().unwrap(),
        }
    }

    #[test]
    fn csv_is_exactly_the_contract() {
        let mut buf = Vec::new();
        write_csv(&[row()], &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n004512,2025-10,MFOF,inps-ccni-2025,3,725,12.08,4.625,55.89\n"
        );
    }

    #[test]
    fn json_keeps_money_as_strings() {
        let mut buf = Vec::new();
        write_json(&[row()], &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v[0]["amount_eur"], "55.89");
        assert_eq!(v[0]["rate_eur_per_hour"], "4.625");
    }

    #[test]
    fn table_has_a_total() {
        let mut buf = Vec::new();
        write_table(&[row(), row()], &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(s.ends_with("2 rows, total 111.78 €\n"), "{s}");
    }
}
