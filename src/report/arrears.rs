//! Arrears (arretrati): what is due, recomputed month by month, minus what was paid.
//!
//! The amounts due are payroll rows from [`crate::engine::compute`] for each month of the
//! period; the amounts paid are read from a payroll file as `compute` writes it (several months'
//! files may be concatenated, header lines included). Rows are lined up by employee, month and
//! item: the rule set is not part of the key, because a late certification or an adopted
//! scenario changes the rule set that governs a day, and the point is to compare what was paid
//! for an item with what is due for it. A month that straddles two rule sets sums its two rows
//! (both are listed).
//!
//! Every difference is reported with its sign: positive = underpaid (to pay), negative =
//! overpaid (to recover). Totals keep the two apart (`underpaid_eur`, `overpaid_eur`) beside
//! the net figure, so an overpayment never silently cancels an arrear.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::anomaly::{Anomaly, Code};
use crate::engine::{Month, PayrollRow};
use crate::input::paid::PaidRow;
use crate::input::values::shown;
use crate::message::{Arg, Message, Template};

use super::compare::Side;

static UNKNOWN_EMPLOYEE: Template = Template {
    it: "campo \"employee_id\": {0} non è nell'anagrafica del personale del mese {1}; la riga di pagamento è \
         comunque confrontata con il dovuto",
    en: "field \"employee_id\": {0} is not in the staff register of {1}; the paid row is still compared with \
         what is due",
};

/// Reports each paid row of `month` whose employee is not in that month's staff register
/// (`is_known` says who is), as an `UNKNOWN_EMPLOYEE` warning on the paid row. The row is not
/// left out: it was paid, so it is compared with what is due (nothing), and the money is to
/// recover unless the register is incomplete.
pub fn unknown_employees(paid: &[PaidRow], month: Month, is_known: impl Fn(&str) -> bool) -> Vec<Anomaly> {
    paid.iter()
        .filter(|p| p.month == month && !is_known(&p.employee_id))
        .map(|p| {
            Anomaly::new(
                Code::UnknownEmployee,
                Some(p.source.clone()),
                Message::new(&UNKNOWN_EMPLOYEE, [Arg::text(shown(&p.employee_id)), Arg::text(month.to_string())]),
            )
            .employee(p.employee_id.clone())
        })
        .collect()
}

/// What was paid for one employee, month and item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PaidSide {
    /// The rule sets written on the paid rows.
    pub rulesets: Vec<String>,
    /// The minutes written on the paid rows (`None` when no row gave them).
    pub minutes: Option<i64>,
    /// The amount paid.
    pub amount_eur: Decimal,
    /// The paid rows, as `file:line`.
    pub lines: Vec<String>,
}

/// How a line came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Paid exactly what is due.
    Ok,
    /// Paid less than due.
    Underpaid,
    /// Paid more than due.
    Overpaid,
    /// Due, and no paid row at all.
    NotPaid,
    /// Paid, and nothing due.
    NotDue,
    /// A total.
    Total,
}

impl Status {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Underpaid => "underpaid",
            Status::Overpaid => "overpaid",
            Status::NotPaid => "not_paid",
            Status::NotDue => "not_due",
            Status::Total => "total",
        }
    }
}

/// One employee, month and item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The matricola.
    pub employee_id: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The payroll item.
    pub item: String,
    /// Due, recomputed.
    pub due: Side,
    /// Paid.
    pub paid: PaidSide,
    /// `due − paid`: positive when underpaid, negative when overpaid.
    pub difference_eur: Decimal,
    /// How it came out.
    pub status: Status,
}

/// Totals of one employee, or of the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Total {
    /// The matricola, for one employee's totals; absent (left out of the JSON) for the office's,
    /// so that no total passes for an employee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// Due.
    pub due_eur: Decimal,
    /// Paid.
    pub paid_eur: Decimal,
    /// Net `due − paid`.
    pub difference_eur: Decimal,
    /// The sum of the positive differences: to pay.
    pub underpaid_eur: Decimal,
    /// The sum of the negative differences, as a positive amount: to recover.
    pub overpaid_eur: Decimal,
    /// Lines that are not `ok`.
    pub lines_to_settle: usize,
}

impl Total {
    fn new(employee_id: Option<&str>) -> Total {
        Total {
            employee_id: employee_id.map(str::to_string),
            due_eur: Decimal::ZERO,
            paid_eur: Decimal::ZERO,
            difference_eur: Decimal::ZERO,
            underpaid_eur: Decimal::ZERO,
            overpaid_eur: Decimal::ZERO,
            lines_to_settle: 0,
        }
    }

    fn add(&mut self, l: &Line) {
        self.due_eur += l.due.amount_eur;
        self.paid_eur += l.paid.amount_eur;
        self.difference_eur += l.difference_eur;
        let (under, over) = parts(l.difference_eur);
        self.underpaid_eur += under;
        self.overpaid_eur += over;
        if l.status != Status::Ok {
            self.lines_to_settle += 1;
        }
    }
}

/// The arrears of a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Arrears {
    /// First month.
    pub from: String,
    /// Last month.
    pub to: String,
    /// Per employee, month and item, sorted.
    pub lines: Vec<Line>,
    /// Per employee.
    pub employees: Vec<Total>,
    /// The office.
    pub total: Total,
}

/// Lines up the rows due and the rows paid.
pub fn arrears(from: Month, to: Month, due: &[PayrollRow], paid: &[PaidRow]) -> Arrears {
    let mut by: BTreeMap<(String, String, String), (Side, PaidSide)> = BTreeMap::new();
    for r in due {
        let e = by.entry((r.employee_id.clone(), r.month.clone(), r.item.clone())).or_default();
        if !e.0.rulesets.contains(&r.ruleset) {
            e.0.rulesets.push(r.ruleset.clone());
            e.0.rulesets.sort();
        }
        e.0.minutes += r.minutes;
        e.0.amount_eur += r.amount_eur;
    }
    for p in paid {
        let e = by.entry((p.employee_id.clone(), p.month.to_string(), p.item.clone())).or_default();
        let side = &mut e.1;
        if !p.ruleset.is_empty() && !side.rulesets.contains(&p.ruleset) {
            side.rulesets.push(p.ruleset.clone());
            side.rulesets.sort();
        }
        if let Some(m) = p.minutes {
            side.minutes = Some(side.minutes.unwrap_or(0) + m);
        }
        side.amount_eur += p.amount_eur;
        side.lines.push(p.source.to_string());
    }
    let mut lines = Vec::new();
    let mut employees: BTreeMap<String, Total> = BTreeMap::new();
    let mut total = Total::new(None);
    for ((employee_id, month, item), (due, paid)) in by {
        let difference_eur = due.amount_eur - paid.amount_eur;
        let status = if paid.lines.is_empty() {
            Status::NotPaid
        } else if due.rulesets.is_empty() {
            Status::NotDue
        } else if difference_eur > Decimal::ZERO {
            Status::Underpaid
        } else if difference_eur < Decimal::ZERO {
            Status::Overpaid
        } else {
            Status::Ok
        };
        let line = Line { employee_id, month, item, due, paid, difference_eur, status };
        employees.entry(line.employee_id.clone()).or_insert_with(|| Total::new(Some(&line.employee_id))).add(&line);
        total.add(&line);
        lines.push(line);
    }
    Arrears { from: from.to_string(), to: to.to_string(), lines, employees: employees.into_values().collect(), total }
}

/// The positive and the negative part of a difference, both as amounts ≥ 0: what is to pay
/// (underpaid) and what is to recover (overpaid).
pub fn parts(d: Decimal) -> (Decimal, Decimal) {
    if d > Decimal::ZERO {
        (d, Decimal::ZERO)
    } else if d < Decimal::ZERO {
        (Decimal::ZERO, -d)
    } else {
        (Decimal::ZERO, Decimal::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn read(text: &str) -> (Vec<PaidRow>, Vec<Anomaly>) {
        let f: std::sync::Arc<str> = std::sync::Arc::from("paid.csv");
        let mut a = Vec::new();
        let rows = crate::input::paid::read_paid(&f, text.as_bytes(), m("2025-08"), m("2025-10"), &mut a).unwrap();
        (rows, a)
    }

    const HEAD: &str = "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n";

    #[test]
    fn paid_rows_of_employees_not_in_the_register_are_reported() {
        let text = format!("{HEAD}1,2025-09,MFOF,x,1,60,1.00,4.00,4.00\n2,2025-09,MFOF,x,1,60,1.00,4.00,4.00\n2,2025-10,MFOF,x,1,60,1.00,4.00,4.00\n");
        let (rows, _) = read(&text);
        let found = unknown_employees(&rows, m("2025-09"), |id| id == "1");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].code, found[0].source.as_ref().unwrap().line), (Code::UnknownEmployee, 3));
        assert_eq!(found[0].employee_id.as_deref(), Some("2"));
        assert!(found[0].message.en().contains("staff register of 2025-09"), "{}", found[0].message);
        assert!(unknown_employees(&rows, m("2025-10"), |_| true).is_empty());
    }

    fn due(emp: &str, month: &str, item: &str, set: &str, amount: &str) -> PayrollRow {
        PayrollRow {
            employee_id: emp.into(),
            month: month.into(),
            item: item.into(),
            ruleset: set.into(),
            days: 1,
            minutes: 60,
            hours: Decimal::ONE,
            rate_eur_per_hour: Decimal::ONE,
            amount_eur: amount.parse().unwrap(),
        }
    }

    #[test]
    fn every_direction_is_kept_apart() {
        let due = [
            due("1", "2025-09", "MFOF", "a", "4.00"),
            due("1", "2025-09", "MFOF", "b", "5.00"),
            due("2", "2025-09", "MFOF", "b", "5.00"),
            due("3", "2025-09", "MFOF", "b", "5.00"),
            due("5", "2025-09", "MFOF", "b", "5.00"),
        ];
        let text = format!(
            "{HEAD}1,2025-09,MFOF,a,1,120,2.00,4.00,8.00\n2,2025-09,MFOF,a,1,60,1.00,4.00,6.50\n4,2025-09,MFOF,a,1,60,1.00,4.00,3.00\n5,2025-09,MFOF,b,1,60,1.00,5.00,5.00\n"
        );
        let (paid, _) = read(&text);
        let a = arrears(m("2025-08"), m("2025-10"), &due, &paid);
        let got: Vec<(&str, String, Status)> =
            a.lines.iter().map(|l| (l.employee_id.as_str(), l.difference_eur.to_string(), l.status)).collect();
        assert_eq!(
            got,
            [
                ("1", "1.00".to_string(), Status::Underpaid),
                ("2", "-1.50".to_string(), Status::Overpaid),
                ("3", "5.00".to_string(), Status::NotPaid),
                ("4", "-3.00".to_string(), Status::NotDue),
                ("5", "0.00".to_string(), Status::Ok),
            ]
        );
        assert_eq!(a.lines[0].due.rulesets, ["a", "b"]);
        assert_eq!(a.total.underpaid_eur.to_string(), "6.00");
        assert_eq!(a.total.overpaid_eur.to_string(), "4.50");
        assert_eq!(a.total.difference_eur.to_string(), "1.50");
        assert_eq!(a.total.lines_to_settle, 4);
        let json = serde_json::to_value(&a).unwrap();
        assert!(json["total"].get("employee_id").is_none(), "{json}");
        assert_eq!(json["employees"][0]["employee_id"], "1");
    }
}
