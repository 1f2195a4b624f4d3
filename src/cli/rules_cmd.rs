//! `sportello rules check` and `sportello rules list`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use sportello::input;

use super::CliError;

pub fn check(dir: Option<&Path>) -> Result<u8, CliError> {
    let book = input::load_rules(dir).map_err(CliError::Rules)?;
    let n = book.sets().count();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: {n} rule set(s), no mistakes",
        dir.map_or_else(|| "built-in rules".to_string(), |d| d.display().to_string())
    );
    print(&text)
}

pub fn list(dir: Option<&Path>) -> Result<u8, CliError> {
    let book = input::load_rules(dir).map_err(CliError::Rules)?;
    let mut text = String::new();
    for set in book.sets() {
        let _ = writeln!(text, "{}  [{}]  {}", set.id, set.status.as_str(), set.validity_text());
        // The rules' commands speak English; the texts are in both languages in the files.
        let _ = writeln!(text, "    {}", set.title.en);
        if let Some(parent) = &set.extends {
            let _ = writeln!(text, "    extends {parent}");
        }
        let ip = &set.in_person;
        let kinds: Vec<&str> = ip.kinds.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(
            text,
            "    in person: item {}, kinds {}, clipped to {}",
            ip.item,
            kinds.join(", "),
            ip.clip_to.as_str()
        );
        let _ = match &set.remote.terms {
            Some(t) => writeln!(
                text,
                "    remote: item {}, roles {}, rejoin tolerance {} s, minimum {} s, clipped to {}",
                t.item,
                t.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
                t.rejoin_tolerance_seconds,
                t.minimum_consultation_seconds,
                t.clip_to.as_str()
            ),
            None => writeln!(text, "    remote: not recognised"),
        };
        let rate = match set.rate.form {
            sportello::rules::RateForm::PercentOfHourlyBase(p) => format!("{}% of the hourly base", p.normalize()),
            sportello::rules::RateForm::EurPerHour(e) => format!("{} €/h", sportello::money::format_rate(e)),
        };
        let _ = writeln!(text, "    rate: {rate}");
        for (clause, why) in set.provisional_marks() {
            let _ = writeln!(text, "    PROVISIONAL [{clause}]: {}", why.en);
        }
    }
    print(&text)
}

/// Writes to standard output; a closed pipe is reported as an error the caller treats as success.
fn print(text: &str) -> Result<u8, CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| CliError::Io("cannot write".into(), e))?;
    Ok(0)
}
