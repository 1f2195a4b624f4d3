//! Comparing a month under two rule sets: per employee and item, the amount under each and the
//! difference, with office totals.
//!
//! Both sides are payroll rows from [`crate::engine::compute`]; the comparison only lines them up
//! by employee and item (summing an item's rows when a month straddles two rule sets) and
//! subtracts. The difference is always `b − a`: what the second rule set (typically the unions'
//! scenario) is worth over the first.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::PayrollRow;

/// One side of a comparison line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The rule sets of the payroll rows summed (one, or two when the month straddles).
    pub rulesets: Vec<String>,
    /// Counted minutes.
    pub minutes: i64,
    /// The amount.
    pub amount_eur: Decimal,
}

impl Side {
    fn add(&mut self, r: &PayrollRow) {
        if !self.rulesets.contains(&r.ruleset) {
            self.rulesets.push(r.ruleset.clone());
            self.rulesets.sort();
        }
        self.minutes += r.minutes;
        self.amount_eur += r.amount_eur;
    }

    fn plus(&mut self, other: &Side) {
        for r in &other.rulesets {
            if !self.rulesets.contains(r) {
                self.rulesets.push(r.clone());
            }
        }
        self.rulesets.sort();
        self.minutes += other.minutes;
        self.amount_eur += other.amount_eur;
    }
}

/// One employee and item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The matricola.
    pub employee_id: String,
    /// The payroll item.
    pub item: String,
    /// Under the first rule set.
    pub a: Side,
    /// Under the second rule set.
    pub b: Side,
    /// `b − a`.
    pub difference_eur: Decimal,
}

impl Line {
    fn new(employee_id: &str, item: &str, a: Side, b: Side) -> Line {
        let difference_eur = b.amount_eur - a.amount_eur;
        Line { employee_id: employee_id.to_string(), item: item.to_string(), a, b, difference_eur }
    }
}

/// A sum of lines: one employee over every item, the office for one item, or the office over
/// every item. What it spans is said by which of `employee_id` and `item` it has; a total never
/// carries an employee id it does not belong to (in JSON the absent fields are left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Total {
    /// The employee, for one employee's total; absent for the office.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// The item, for the office's total of one item; absent for a total over every item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Under the first rule set.
    pub a: Side,
    /// Under the second rule set.
    pub b: Side,
    /// `b − a`.
    pub difference_eur: Decimal,
}

impl Total {
    fn new(employee_id: Option<&str>, item: Option<&str>, (a, b): (Side, Side)) -> Total {
        let difference_eur = b.amount_eur - a.amount_eur;
        Total { employee_id: employee_id.map(str::to_string), item: item.map(str::to_string), a, b, difference_eur }
    }
}

/// The comparison of one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// `YYYY-MM`.
    pub month: String,
    /// What the first side applied (`--ruleset`, or `in force`).
    pub label_a: String,
    /// What the second side applied (`--vs`).
    pub label_b: String,
    /// Per employee and item, sorted.
    pub lines: Vec<Line>,
    /// Per employee, over items (no `item`).
    pub employees: Vec<Total>,
    /// Per item, over the office (no `employee_id`).
    pub items: Vec<Total>,
    /// The office, over every item (neither).
    pub total: Total,
}

/// Lines up two months of payroll rows.
pub fn compare(month: &str, label_a: &str, rows_a: &[PayrollRow], label_b: &str, rows_b: &[PayrollRow]) -> Comparison {
    let mut by: BTreeMap<(String, String), (Side, Side)> = BTreeMap::new();
    for r in rows_a {
        by.entry((r.employee_id.clone(), r.item.clone())).or_default().0.add(r);
    }
    for r in rows_b {
        by.entry((r.employee_id.clone(), r.item.clone())).or_default().1.add(r);
    }
    let lines: Vec<Line> = by.into_iter().map(|((emp, item), (a, b))| Line::new(&emp, &item, a, b)).collect();

    let mut employees: BTreeMap<&str, (Side, Side)> = BTreeMap::new();
    let mut items: BTreeMap<&str, (Side, Side)> = BTreeMap::new();
    let mut total = (Side::default(), Side::default());
    for l in &lines {
        let e = employees.entry(&l.employee_id).or_default();
        e.0.plus(&l.a);
        e.1.plus(&l.b);
        let i = items.entry(&l.item).or_default();
        i.0.plus(&l.a);
        i.1.plus(&l.b);
        total.0.plus(&l.a);
        total.1.plus(&l.b);
    }
    Comparison {
        month: month.to_string(),
        label_a: label_a.to_string(),
        label_b: label_b.to_string(),
        employees: employees.into_iter().map(|(emp, sides)| Total::new(Some(emp), None, sides)).collect(),
        items: items.into_iter().map(|(item, sides)| Total::new(None, Some(item), sides)).collect(),
        total: Total::new(None, None, total),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(emp: &str, item: &str, set: &str, minutes: i64, amount: &str) -> PayrollRow {
        PayrollRow {
            employee_id: emp.into(),
            month: "2025-10".into(),
            item: item.into(),
            ruleset: set.into(),
            days: 1,
            minutes,
            hours: Decimal::ZERO,
            rate_eur_per_hour: Decimal::ONE,
            amount_eur: amount.parse().unwrap(),
        }
    }

    #[test]
    fn lines_totals_and_differences() {
        let a = [row("1", "MFOF", "c", 60, "5.00"), row("2", "MFOF", "c", 30, "2.50")];
        let b = [
            row("1", "MFOF", "s", 60, "5.00"),
            row("1", "MFOF-WEB", "s", 12, "1.00"),
            row("2", "MFOF", "s", 30, "2.50"),
            row("3", "MFOF-WEB", "s", 6, "0.50"),
        ];
        let c = compare("2025-10", "c", &a, "s", &b);
        assert_eq!(c.lines.len(), 4);
        let web1 = &c.lines[1];
        assert_eq!((web1.employee_id.as_str(), web1.item.as_str()), ("1", "MFOF-WEB"));
        assert_eq!(web1.a, Side::default());
        assert_eq!(web1.difference_eur.to_string(), "1.00");
        assert_eq!(
            c.employees.iter().map(|l| l.difference_eur.to_string()).collect::<Vec<_>>(),
            ["1.00", "0.00", "0.50"]
        );
        assert_eq!(c.total.difference_eur.to_string(), "1.50");
        assert_eq!(c.items.len(), 2);
        let json = serde_json::to_value(&c).unwrap();
        assert!(json["total"].get("employee_id").is_none() && json["total"].get("item").is_none(), "{json}");
        assert_eq!(json["items"][1]["item"], "MFOF-WEB");
        assert!(json["items"][1].get("employee_id").is_none(), "{json}");
        assert_eq!(json["employees"][0]["employee_id"], "1");
        assert!(json["employees"][0].get("item").is_none(), "{json}");
    }

    #[test]
    fn a_straddling_month_sums_its_rule_sets() {
        let a = [row("1", "MFOF", "old", 60, "4.00"), row("1", "MFOF", "new", 60, "5.00")];
        let c = compare("2025-09", "x", &a, "y", &[]);
        assert_eq!(c.lines[0].a.rulesets, ["new", "old"]);
        assert_eq!(c.lines[0].a.amount_eur.to_string(), "9.00");
        assert_eq!(c.lines[0].difference_eur.to_string(), "-9.00");
    }
}
