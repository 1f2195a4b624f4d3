//! Money and rounding: exact decimals, and every rounding named by a rule set.
//!
//! Amounts are [`rust_decimal::Decimal`]; no float is ever involved. Rounding is always explicit
//! and carries its mode, because `Decimal::round_dp` is banker's rounding (2.345 → 2.34) while
//! the Italian payroll convention is half-up (2.345 → 2.35, Reg. EC 1103/97 art. 5).
//!
//! ```
//! use rust_decimal::Decimal;
//! use sportello::money::{Rounding, RoundingMode, format_rate};
//! let half_up = Rounding { dp: 2, mode: RoundingMode::HalfUp };
//! assert_eq!(half_up.apply("2.345".parse::<Decimal>().unwrap()).to_string(), "2.35");
//! assert_eq!(format_rate("4.625".parse().unwrap()), "4.625");
//! assert_eq!(format_rate("5".parse().unwrap()), "5.00");
//! ```

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

/// A rounding direction, as written in rule files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Nearest; an exact half goes away from zero (commercial rounding).
    HalfUp,
    /// Nearest; an exact half goes to the even neighbour (banker's rounding).
    HalfEven,
    /// Towards zero (truncation).
    Down,
    /// Away from zero.
    Up,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }

    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half_up",
            RoundingMode::HalfEven => "half_even",
            RoundingMode::Down => "down",
            RoundingMode::Up => "up",
        }
    }
}

/// A number of decimal places and a mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places kept.
    pub dp: u32,
    /// How the dropped digits are resolved.
    pub mode: RoundingMode,
}

impl Rounding {
    /// Rounds `x`, and fixes the scale to exactly `dp` places so that output is stable
    /// (`5` prints as `5.00`).
    pub fn apply(&self, x: Decimal) -> Decimal {
        let mut r = x.round_dp_with_strategy(self.dp, self.mode.strategy());
        r.rescale(self.dp);
        r
    }

    /// `half_up to 2 decimals`.
    pub fn describe(&self) -> String {
        format!("{} to {} decimals", self.mode.as_str(), self.dp)
    }
}

/// Prints a rate exactly, with at least two decimals and no trailing zeros beyond them:
/// `4.625`, `5.00`, `3.70`.
pub fn format_rate(rate: Decimal) -> String {
    let mut r = rate.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    r.to_string()
}

/// Prints an amount with exactly two decimals, after it has been rounded.
pub fn format_cents(amount: Decimal) -> String {
    let mut a = amount;
    if a.scale() != 2 {
        a = a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        a.rescale(2);
    }
    a.to_string()
}

/// Reads a decimal as written in an input: `.` or `,` as the decimal separator, no thousands
/// separators, no exponent. Returns `None` for anything else.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let normalised: String = if t.contains(',') {
        if t.contains('.') || t.matches(',').count() > 1 {
            return None;
        }
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    let body = normalised.strip_prefix('-').unwrap_or(&normalised);
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if body.starts_with('.') || body.ends_with('.') {
        return None;
    }
    Decimal::from_str_exact(&normalised).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn half_up_differs_from_bankers_at_the_half_cent() {
        let up = Rounding { dp: 2, mode: RoundingMode::HalfUp };
        let even = Rounding { dp: 2, mode: RoundingMode::HalfEven };
        assert_eq!(up.apply(d("2.345")), d("2.35"));
        assert_eq!(even.apply(d("2.345")), d("2.34"));
        assert_eq!(up.apply(d("2.355")), d("2.36"));
        assert_eq!(even.apply(d("2.355")), d("2.36"));
        assert_eq!(up.apply(d("-2.345")), d("-2.35"));
        assert_eq!(Rounding { dp: 2, mode: RoundingMode::Down }.apply(d("2.349")), d("2.34"));
        assert_eq!(Rounding { dp: 2, mode: RoundingMode::Up }.apply(d("2.341")), d("2.35"));
        assert_eq!(up.apply(d("5")).to_string(), "5.00");
    }

    #[test]
    fn rates_print_exactly() {
        assert_eq!(format_rate(d("4.6250")), "4.625");
        assert_eq!(format_rate(d("3.7")), "3.70");
        assert_eq!(format_rate(d("3.725000")), "3.725");
        assert_eq!(format_rate(d("0.00001")), "0.00001");
    }

    #[test]
    fn decimals_with_either_separator() {
        assert_eq!(parse_decimal("18,50"), Some(d("18.50")));
        assert_eq!(parse_decimal(" 18.5 "), Some(d("18.5")));
        assert_eq!(parse_decimal("-1,5"), Some(d("-1.5")));
        for bad in ["", "1.234,56", "1,2,3", "1e5", "abc", ".5", "5.", "--1", "1 000"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }
}
