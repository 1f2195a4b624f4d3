//! The two languages of everything a person reads — Italian and English — and how each writes
//! numbers, dates and times.
//!
//! Stable identifiers stay as they are in both (anomaly codes, CSV column names, rule set ids);
//! sentences ([`crate::message`]) and words are chosen by the language when they are written.
//! Numbers follow the language everywhere in one document: `1.234,56` in Italian, `1,234.56` in
//! English.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};

/// The language of what a person reads. JSON is language-neutral.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Italian (the default of the library: the engine is for INPS staff).
    #[default]
    It,
    /// English.
    En,
}

impl Lang {
    /// The language of the locale, as a program reads it: the first of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` that is set and not empty decides; Italian when it starts with `it`
    /// (`it_IT.UTF-8`), English otherwise (and when none is set).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().filter_map(var).find(|v| !v.is_empty());
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("it") => Lang::It,
            _ => Lang::En,
        }
    }

    /// An exact decimal as the language writes it, with every decimal it has and its
    /// thousands grouped: `1.234,5` or `1,234.5`.
    pub fn decimal(self, d: rust_decimal::Decimal) -> String {
        let text = d.to_string();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let (group, point) = self.pick_char(('.', ','), (',', '.'));
        let mut out = String::with_capacity(text.len() + whole.len() / 3 + 1);
        out.push_str(sign);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !fraction.is_empty() {
            out.push(point);
            out.push_str(fraction);
        }
        out
    }

    /// An amount in euro, to the cent: `1.234,56 €` or `1,234.56 €`.
    pub fn euro(self, d: rust_decimal::Decimal) -> String {
        let mut cents = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        cents.rescale(2);
        format!("{} €", self.decimal(cents))
    }

    /// Minutes as hours and minutes: `9:46`.
    pub fn hm(self, minutes: i64) -> String {
        let sign = if minutes < 0 { "-" } else { "" };
        let m = minutes.abs();
        format!("{sign}{}:{:02}", m / 60, m % 60)
    }

    /// A day: `06/10/2025` or `2025-10-06`.
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::It => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// An instant as its Rome day and wall clock: `06/10/2025 09:00` or `2025-10-06 09:00`.
    pub fn date_time(self, t: crate::time::Instant) -> String {
        let mut out = match crate::time::rome::RomeDay::of(t) {
            Some(day) => self.date(day.0),
            None => format!("@{t}"),
        };
        out.push(' ');
        crate::time::rome::write_clock(&mut out, t);
        out
    }

    fn pick_char(self, it: (char, char), en: (char, char)) -> (char, char) {
        match self {
            Lang::It => it,
            Lang::En => en,
        }
    }

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

    #[test]
    fn decimals_and_amounts_follow_the_language() {
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(Lang::It.decimal(d("1234567.891")), "1.234.567,891");
        assert_eq!(Lang::En.decimal(d("1234567.891")), "1,234,567.891");
        assert_eq!(Lang::It.decimal(d("-999")), "-999");
        assert_eq!(Lang::It.euro(d("1823.6")), "1.823,60 €");
        assert_eq!(Lang::En.euro(d("0.005")), "0.01 €");
        assert_eq!(Lang::It.hm(586), "9:46");
        assert_eq!(Lang::En.hm(5), "0:05");
    }

    #[test]
    fn the_locale_decides_the_default() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "it_IT.UTF-8")])), Lang::It);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "it_IT.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "it"), ("LANG", "C")])), Lang::It);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }
}
