//! The two languages of the statement for people, and the few words that depend on them: the
//! words are chosen by the format (text, HTML), not by the view; JSON has none.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};

/// The language of a statement for people. JSON is language-neutral.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Italian (the default: the statement is for INPS staff).
    #[default]
    It,
    /// English.
    En,
}

impl Lang {
    /// Picks the Italian or the English text.
    pub fn pick<'a>(self, it: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::It => it,
            Lang::En => en,
        }
    }

    /// `it` or `en`, for `<html lang>`.
    pub fn code(self) -> &'static str {
        self.pick("it", "en")
    }

    /// A number as written in the language: `240,00` in Italian, `240.00` in English.
    pub fn number(self, text: &str) -> String {
        match self {
            Lang::It => text.replace('.', ","),
            Lang::En => text.to_string(),
        }
    }

    /// The short weekday name.
    pub fn weekday(self, day: NaiveDate) -> &'static str {
        let (it, en) = match day.weekday() {
            Weekday::Mon => ("lun", "Mon"),
            Weekday::Tue => ("mar", "Tue"),
            Weekday::Wed => ("mer", "Wed"),
            Weekday::Thu => ("gio", "Thu"),
            Weekday::Fri => ("ven", "Fri"),
            Weekday::Sat => ("sab", "Sat"),
            Weekday::Sun => ("dom", "Sun"),
        };
        self.pick(it, en)
    }

    /// `mer 01/10/2025` or `Wed 2025-10-01`.
    pub fn day(self, day: NaiveDate) -> String {
        match self {
            Lang::It => format!("{} {}", self.weekday(day), day.format("%d/%m/%Y")),
            Lang::En => format!("{} {}", self.weekday(day), day.format("%Y-%m-%d")),
        }
    }

    /// `ottobre 2025` or `October 2025`.
    pub fn month_name(self, year: i32, month: u32) -> String {
        const IT: [&str; 12] = [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        format!("{} {year}", self.pick(IT[i], EN[i]))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "it" => Ok(Lang::It),
            "en" => Ok(Lang::En),
            other => Err(format!("expected a language, it or en, found \"{other}\"")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_days_and_months() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        assert_eq!(Lang::It.number("240.00"), "240,00");
        assert_eq!(Lang::En.number("240.00"), "240.00");
        assert_eq!(Lang::It.day(d), "mer 01/10/2025");
        assert_eq!(Lang::En.day(d), "Wed 2025-10-01");
        assert_eq!(Lang::It.month_name(2025, 10), "ottobre 2025");
        assert_eq!(Lang::En.month_name(2025, 9), "September 2025");
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
