//! A calendar month, `YYYY-MM`, and its Rome days and instants.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::rome::{days_of_month, RomeDay};
use super::Interval;

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// The Rome days of the month.
    pub fn days(&self) -> Vec<RomeDay> {
        days_of_month(self.year, self.month)
    }

    /// The instants of the month, from the first Rome midnight to the one after the last day.
    pub fn window(&self) -> Interval {
        let days = self.days();
        match (days.first(), days.last()) {
            (Some(f), Some(l)) => Interval::new(f.bounds().start, l.bounds().end),
            _ => Interval::new(0, 0),
        }
    }

    /// True when the day falls in this month.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day.year() == self.year && day.month() == self.month
    }

    /// The next month.
    pub fn next(&self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("expected a month as YYYY-MM (e.g. 2025-10), found \"{s}\"");
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) || !(1970..=9999).contains(&year) {
            return Err(err());
        }
        Ok(Month { year, month })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!("2025-10".parse::<Month>(), Ok(Month { year: 2025, month: 10 }));
        for bad in ["2025-13", "2025-1", "25-10", "2025/10", "", "2025-00"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
        let m: Month = "2025-10".parse().unwrap();
        assert_eq!(m.days().len(), 31);
        // October 2025 has the 25-hour day: 31 × 24 + 1 hours.
        assert_eq!(m.window().seconds(), (31 * 24 + 1) * 3600);
        assert_eq!(m.next().to_string(), "2025-11");
        assert_eq!(Month { year: 2025, month: 12 }.next().to_string(), "2026-01");
    }
}
