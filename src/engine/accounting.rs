//! From counted seconds to minutes and euro: time rounding, limits, rate and money rounding.
//!
//! The figures only: the steps of an employee's month ([`super::employee`], [`super::day`]) call
//! these and report what they decided.

use rust_decimal::Decimal;

use crate::message::{Arg, Message, Template};
use crate::register::Employee;
use crate::rules::{MoneyLevel, MoneyRule, PartTime, PlausibleRange, RateForm, RuleSet, TimeRoundingMode, TimeRule};
use crate::time::IntervalSet;

use super::trace::{ClauseRef, HourlyBase, RateBasis, RateDerivation};

/// One payroll row's counted time as the days leave it (one item under one rule set).
#[derive(Debug, Default)]
pub(super) struct RowTally {
    /// Days with counted time.
    pub days: u32,
    /// Counted seconds, summed.
    pub seconds: i64,
    /// Each of those days' counted seconds, for money rounded per day.
    pub per_day: Vec<i64>,
}

impl RowTally {
    /// Adds a day with `counted` seconds (more than zero).
    pub fn add_day(&mut self, counted: i64) {
        self.days += 1;
        self.seconds += counted;
        self.per_day.push(counted);
    }
}

/// Rounds seconds to the rule set's unit.
pub fn round_seconds(seconds: i64, rule: &TimeRule) -> i64 {
    let unit = rule.unit_seconds.max(1);
    let whole = seconds.div_euclid(unit);
    let rest = seconds.rem_euclid(unit);
    let units = match rule.mode {
        TimeRoundingMode::Down => whole,
        TimeRoundingMode::Up => whole + i64::from(rest > 0),
        TimeRoundingMode::Nearest => whole + i64::from(rest * 2 >= unit),
    };
    units * unit
}

/// A daily minimum, daily cap or monthly cap of the rule set, in whole minutes, as it applies
/// to the employee: scaled by their part-time share when the rule set says `scale_limits`
/// (exact, then floored to the whole minute: [`crate::register::PartTimePct::scale_minutes`]).
fn scaled_limit(minutes: i64, rule: &TimeRule, employee: &Employee) -> i64 {
    match rule.part_time {
        PartTime::None => minutes,
        PartTime::ScaleLimits => employee.part_time_pct.scale_minutes(minutes),
    }
}

/// A limit of the rule set that changed the time counted, in whole minutes as it applied to the
/// employee (an anomaly says which, `LIMIT_APPLIED`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The day's time was below the daily minimum: nothing counted.
    DailyMinimum(i64),
    /// The day's time was held to the daily cap.
    DailyCap(i64),
    /// The month's time was held to the monthly cap.
    MonthlyCap(i64),
}

impl Limit {
    /// The limit's minutes.
    pub fn minutes(self) -> i64 {
        match self {
            Limit::DailyMinimum(m) | Limit::DailyCap(m) | Limit::MonthlyCap(m) => m,
        }
    }
}

/// Seconds of one item on one day, rounded at the interval or day level (month-level rounding
/// happens on the month's total), then the daily minimum and cap.
///
/// Returns the counted seconds and, when a limit changed them, which.
pub fn day_seconds(paid: &IntervalSet, rule: &TimeRule, employee: &Employee) -> (i64, Option<Limit>) {
    use crate::rules::TimeLevel;
    let rounded = match rule.level {
        TimeLevel::Interval => paid.intervals().iter().map(|iv| round_seconds(iv.seconds(), rule)).sum(),
        TimeLevel::Day => round_seconds(paid.seconds(), rule),
        TimeLevel::Month => paid.seconds(),
    };
    let scale = |m: i64| scaled_limit(m, rule, employee);
    if let Some(min) = rule.daily_minimum_minutes.map(scale) {
        if rounded > 0 && rounded < min * 60 {
            return (0, Some(Limit::DailyMinimum(min)));
        }
    }
    if let Some(cap) = rule.daily_cap_minutes.map(scale) {
        if rounded > cap * 60 {
            return (cap * 60, Some(Limit::DailyCap(cap)));
        }
    }
    (rounded, None)
}

/// The month's counted seconds of one row: month-level rounding, then the monthly cap.
pub fn month_seconds(total: i64, rule: &TimeRule, employee: &Employee) -> (i64, Option<Limit>) {
    use crate::rules::TimeLevel;
    let rounded = if rule.level == TimeLevel::Month { round_seconds(total, rule) } else { total };
    let cap = rule.monthly_cap_minutes.map(|m| scaled_limit(m, rule, employee));
    match cap {
        Some(cap) if rounded > cap * 60 => (cap * 60, Some(Limit::MonthlyCap(cap))),
        _ => (rounded, None),
    }
}

/// Why no rate could be derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateError {
    /// The employee has neither an hourly nor a monthly base.
    NoBase,
    /// The figures overflow.
    Overflow,
}

/// The hourly base a percentage rate applies to, and where it came from.
enum Base {
    /// The register's hourly base.
    Hourly(Decimal),
    /// The register's monthly base over the rule set's divisor, rounded.
    Monthly { monthly: Decimal, base: Decimal },
}

impl Base {
    fn of(set: &RuleSet, employee: &Employee) -> Result<Base, RateError> {
        match (employee.hourly_base_eur, employee.monthly_base_eur) {
            (Some(h), _) => Ok(Base::Hourly(h)),
            (None, Some(monthly)) => {
                let hb = &set.hourly_base;
                let q = monthly.checked_div(hb.monthly_divisor).ok_or(RateError::Overflow)?;
                Ok(Base::Monthly { monthly, base: hb.divisor_rounding.apply(q) })
            }
            (None, None) => Err(RateError::NoBase),
        }
    }

    fn value(&self) -> Decimal {
        match self {
            Base::Hourly(h) => *h,
            Base::Monthly { base, .. } => *base,
        }
    }
}

/// An hourly base outside the plausible range of a rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImplausibleBase {
    /// The base the rate is derived from.
    pub base: Decimal,
    /// How it was obtained: `hourly_base_eur 5.00` or `monthly_base_eur 900 / 156 = 5.76923`.
    pub how: Message,
    /// The range it is outside.
    pub range: PlausibleRange,
}

/// The employee's hourly base when it lies outside the plausible range the rule set declares
/// (`[hourly_base] plausible_eur`). `None` when it is within, when the rule set declares no range,
/// when its rate is a flat amount (no base is used), or when there is no base (reported
/// otherwise, as `NO_BASE`).
pub fn implausible_base(set: &RuleSet, employee: &Employee) -> Option<ImplausibleBase> {
    let range = set.hourly_base.plausible_eur?;
    if !matches!(set.rate.form, RateForm::PercentOfHourlyBase(_)) {
        return None;
    }
    let base = Base::of(set, employee).ok()?;
    if range.contains(base.value()) {
        return None;
    }
    let how = match &base {
        Base::Hourly(h) => Message::new(&HOURLY_BASE, [Arg::Decimal(*h)]),
        Base::Monthly { monthly, base } => Message::new(
            &MONTHLY_BASE,
            [Arg::Decimal(*monthly), Arg::Decimal(set.hourly_base.monthly_divisor), Arg::Decimal(*base)],
        ),
    };
    Some(ImplausibleBase { base: base.value(), how, range })
}

/// The register's column and its value: the same words in both languages, the number as each
/// writes it.
static HOURLY_BASE: Template = Template { it: "hourly_base_eur {0}", en: "hourly_base_eur {0}" };

static MONTHLY_BASE: Template =
    Template { it: "monthly_base_eur {0} / {1} = {2}", en: "monthly_base_eur {0} / {1} = {2}" };

/// `pct` % of `base`, exact.
fn percent_of(pct: Decimal, base: Decimal) -> Result<Decimal, RateError> {
    pct.checked_mul(base)
        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
        .ok_or(RateError::Overflow)
        .map(|r| r.normalize())
}

/// The exact hourly rate of an employee under a rule set: [`rate`] without the explanation
/// (the payroll run asks once per row).
pub fn rate_value(set: &RuleSet, employee: &Employee) -> Result<Decimal, RateError> {
    match set.rate.form {
        RateForm::EurPerHour(eur) => Ok(eur),
        RateForm::PercentOfHourlyBase(pct) => percent_of(pct, Base::of(set, employee)?.value()),
    }
}

/// The exact hourly rate of an employee under a rule set, and how it was derived (for the
/// trace: the figures and the clauses, which a statement writes in its language).
pub fn rate(set: &RuleSet, employee: &Employee) -> Result<RateDerivation, RateError> {
    let rate = rate_value(set, employee)?;
    let mut clauses = vec![ClauseRef::from(&set.rate.info)];
    let basis = match set.rate.form {
        RateForm::EurPerHour(_) => RateBasis::EurPerHour,
        RateForm::PercentOfHourlyBase(percent) => {
            let source = employee.source.clone();
            let base = match Base::of(set, employee)? {
                Base::Hourly(h) => HourlyBase::Hourly { hourly_base_eur: h, source },
                Base::Monthly { monthly, base } => {
                    let hb = &set.hourly_base;
                    clauses.push(ClauseRef::from(&hb.info));
                    HourlyBase::Monthly {
                        monthly_base_eur: monthly,
                        divisor: hb.monthly_divisor,
                        rounding: hb.divisor_rounding,
                        base,
                        source,
                    }
                }
            };
            RateBasis::PercentOfHourlyBase { percent: percent.normalize(), base }
        }
    };
    Ok(RateDerivation { rate_eur_per_hour: rate, basis, clauses })
}

/// `minutes × rate / 60`, exact (multiplication first, so a half cent is never lost).
pub fn exact_amount(minutes: i64, rate: Decimal) -> Option<Decimal> {
    Decimal::from(minutes).checked_mul(rate)?.checked_div(Decimal::from(60))
}

/// The amount of one payroll row, exact and rounded as `money` says: once per row
/// (`minutes × rate / 60`, then rounded), or per day (each day's `seconds × rate / 3600` rounded,
/// then summed; the exact figure is the sum before rounding). `None` when a figure is too large.
pub(super) fn amounts(money: &MoneyRule, minutes: i64, per_day: &[i64], rate: Decimal) -> Option<(Decimal, Decimal)> {
    let day = |seconds: i64| Decimal::from(seconds).checked_mul(rate)?.checked_div(Decimal::from(3600));
    let (exact, amount) = match money.level {
        MoneyLevel::Row => {
            let exact = exact_amount(minutes, rate);
            (exact, exact.map(|x| money.rounding.apply(x)))
        }
        MoneyLevel::Day => (
            per_day.iter().try_fold(Decimal::ZERO, |sum, s| sum.checked_add(day(*s)?)),
            per_day.iter().try_fold(Decimal::ZERO, |sum, s| sum.checked_add(money.rounding.apply(day(*s)?))),
        ),
    };
    exact.zip(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::rules::{RuleBook, TimeLevel};
    use crate::time::Interval;

    fn rule(level: TimeLevel, mode: TimeRoundingMode, unit: i64) -> TimeRule {
        let book = RuleBook::embedded().unwrap();
        let mut r = book.get("inps-ccni-2025").unwrap().time.clone();
        r.level = level;
        r.mode = mode;
        r.unit_seconds = unit;
        r
    }

    fn employee(pct: &str) -> Employee {
        let f: std::sync::Arc<str> = std::sync::Arc::from("staff.csv");
        Employee {
            id: "1".into(),
            full_name: "A".into(),
            office: String::new(),
            teams_upns: vec![],
            part_time_pct: crate::register::PartTimePct::parse(pct).unwrap(),
            hourly_base_eur: Some("18.50".parse().unwrap()),
            monthly_base_eur: None,
            source: crate::anomaly::SourceRef::new(&f, 2),
        }
    }

    #[test]
    fn rounding_modes_and_levels() {
        let set = IntervalSet::from_intervals([Interval::new(0, 119), Interval::new(200, 290)]);
        let e = employee("100");
        assert_eq!(day_seconds(&set, &rule(TimeLevel::Day, TimeRoundingMode::Down, 60), &e).0, 180);
        assert_eq!(day_seconds(&set, &rule(TimeLevel::Interval, TimeRoundingMode::Down, 60), &e).0, 120);
        assert_eq!(day_seconds(&set, &rule(TimeLevel::Interval, TimeRoundingMode::Up, 60), &e).0, 240);
        assert_eq!(day_seconds(&set, &rule(TimeLevel::Interval, TimeRoundingMode::Nearest, 60), &e).0, 240);
        assert_eq!(day_seconds(&set, &rule(TimeLevel::Month, TimeRoundingMode::Down, 60), &e).0, 209);
        assert_eq!(month_seconds(209, &rule(TimeLevel::Month, TimeRoundingMode::Down, 60), &e).0, 180);
        assert_eq!(round_seconds(29 * 60 + 59, &rule(TimeLevel::Day, TimeRoundingMode::Nearest, 1800)), 1800);
        assert_eq!(round_seconds(14 * 60 + 59, &rule(TimeLevel::Day, TimeRoundingMode::Nearest, 1800)), 0);
    }

    #[test]
    fn limits_scale_with_part_time() {
        let mut r = rule(TimeLevel::Day, TimeRoundingMode::Down, 60);
        r.daily_minimum_minutes = Some(30);
        r.daily_cap_minutes = Some(240);
        r.part_time = PartTime::ScaleLimits;
        let day = |s: i64| IntervalSet::single(Interval::new(0, s));
        assert_eq!(day_seconds(&day(29 * 60), &r, &employee("100")).0, 0);
        assert_eq!(day_seconds(&day(20 * 60), &r, &employee("50")).0, 20 * 60); // minimum 15 min
        assert_eq!(day_seconds(&day(300 * 60), &r, &employee("100")).0, 240 * 60);
        assert_eq!(day_seconds(&day(300 * 60), &r, &employee("50")).0, 120 * 60);
        r.monthly_cap_minutes = Some(1000);
        assert_eq!(month_seconds(2000 * 60, &r, &employee("50")).0, 500 * 60);
        // 83.33 %: minimum 30 × 0.8333 = 24.999 → 24 min; caps 240 → 199.992 → 199, 1000 → 833.3 → 833.
        let pt = employee("83.33");
        assert_eq!(day_seconds(&day(24 * 60), &r, &pt).0, 24 * 60);
        assert_eq!(day_seconds(&day(23 * 60 + 59), &r, &pt).0, 0);
        assert_eq!(day_seconds(&day(300 * 60), &r, &pt), (199 * 60, Some(Limit::DailyCap(199))));
        assert_eq!(month_seconds(2000 * 60, &r, &pt).0, 833 * 60);
    }

    #[test]
    fn rate_from_hourly_or_monthly_base() {
        let book = RuleBook::embedded().unwrap();
        let set = book.get("inps-ccni-2025").unwrap();
        let mut e = employee("100");
        assert_eq!(rate(set, &e).unwrap().rate_eur_per_hour.to_string(), "4.625");
        e.hourly_base_eur = None;
        e.monthly_base_eur = Some("2500".parse().unwrap());
        // 2500 / 156 = 16.025641… → 16.02564 (half-up, 5 dp); × 25% = 4.00641
        let r = rate(set, &e).unwrap();
        assert_eq!(r.rate_eur_per_hour.to_string(), "4.00641");
        match &r.basis {
            RateBasis::PercentOfHourlyBase { percent, base: HourlyBase::Monthly { divisor, base, .. } } => {
                assert_eq!(
                    (percent.to_string(), divisor.to_string(), base.to_string()),
                    ("25".into(), "156".into(), "16.02564".into())
                );
            }
            other => panic!("{other:?}"),
        }
        let clauses: Vec<&str> = r.clauses.iter().map(|c| c.clause).collect();
        assert_eq!(clauses, ["rate", "hourly_base"]);
        e.monthly_base_eur = None;
        assert_eq!(rate(set, &e), Err(RateError::NoBase));
    }

    #[test]
    fn a_base_outside_the_plausible_range_is_found() {
        let book = RuleBook::embedded().unwrap();
        let set = book.get("inps-ccni-2025").unwrap();
        let mut e = employee("100");
        assert_eq!(implausible_base(set, &e), None);
        e.hourly_base_eur = Some("1850".parse().unwrap());
        let found = implausible_base(set, &e).unwrap();
        assert_eq!(
            (found.base.to_string(), found.how.en().into_owned()),
            ("1850".to_string(), "hourly_base_eur 1,850".to_string())
        );
        // Both ends are plausible.
        e.hourly_base_eur = Some("80.00".parse().unwrap());
        assert_eq!(implausible_base(set, &e), None);
        e.hourly_base_eur = Some("8.00".parse().unwrap());
        assert_eq!(implausible_base(set, &e), None);
        // A monthly base is judged by the hourly base it gives: 900 / 156 = 5.76923.
        e.hourly_base_eur = None;
        e.monthly_base_eur = Some("900".parse().unwrap());
        assert_eq!(implausible_base(set, &e).unwrap().how.en(), "monthly_base_eur 900 / 156 = 5.76923");
        assert_eq!(implausible_base(set, &e).unwrap().how.render(Lang::It), "monthly_base_eur 900 / 156 = 5,76923");
        // No range, or a flat rate that uses no base: nothing to judge.
        let mut flat = set.clone();
        flat.rate.form = RateForm::EurPerHour("5".parse().unwrap());
        assert_eq!(implausible_base(&flat, &e), None);
        let mut open = set.clone();
        open.hourly_base.plausible_eur = None;
        assert_eq!(implausible_base(&open, &e), None);
    }

    #[test]
    fn money_is_rounded_once_per_row_or_per_day_as_the_rule_set_says() {
        let book = RuleBook::embedded().unwrap();
        let mut money = book.get("inps-ccni-2025").unwrap().money.clone();
        let rate: Decimal = "0.3".parse().unwrap();
        // Three days of one minute at 0.30 €/h: 0.005 € each.
        let per_day = [60, 60, 60];
        money.level = MoneyLevel::Row;
        let row = amounts(&money, 3, &per_day, rate).unwrap();
        assert_eq!((row.0.to_string(), row.1.to_string()), ("0.015".to_string(), "0.02".to_string()));
        // Per day, each half cent is rounded up before the sum: 3 × 0.01.
        money.level = MoneyLevel::Day;
        let day = amounts(&money, 3, &per_day, rate).unwrap();
        assert_eq!((day.0.to_string(), day.1.to_string()), ("0.015".to_string(), "0.03".to_string()));
        assert_eq!(amounts(&money, 3, &[60], Decimal::MAX), None);
    }

    #[test]
    fn amounts_keep_the_half_cent() {
        // 3 minutes at 4.625 €/h = 0.23125 exactly; 6 minutes = 0.4625
        assert_eq!(exact_amount(3, "4.625".parse().unwrap()).unwrap().to_string(), "0.23125");
        assert_eq!(exact_amount(1, "0.3".parse().unwrap()).unwrap().to_string(), "0.005");
        assert!(exact_amount(i64::MAX, Decimal::MAX).is_none());
    }
}
