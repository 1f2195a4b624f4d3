//! `sportello rules check` and `sportello rules list`.

use std::path::Path;

use sportello::files;

use super::CliError;

pub fn check(dir: Option<&Path>) -> Result<u8, CliError> {
    let book = files::load_rules(dir).map_err(CliError::Rules)?;
    let n = book.sets().count();
    println!(
        "{}: {n} rule set(s), no mistakes",
        dir.map_or_else(|| "built-in rules".to_string(), |d| d.display().to_string())
    );
    Ok(0)
}

pub fn list(dir: Option<&Path>) -> Result<u8, CliError> {
    let book = files::load_rules(dir).map_err(CliError::Rules)?;
    for set in book.sets() {
        println!("{}  [{}]  {}", set.id, set.status.as_str(), set.validity_text());
        println!("    {}", set.title);
        if let Some(parent) = &set.extends {
            println!("    extends {parent}");
        }
        let ip = &set.in_person;
        let kinds: Vec<&str> = ip.kinds.iter().map(|k| k.as_str()).collect();
        println!("    in person: item {}, kinds {}, clipped to {}", ip.item, kinds.join(", "), ip.clip_to.as_str());
        match &set.remote.terms {
            Some(t) => println!(
                "    remote: item {}, roles {}, rejoin tolerance {} s, minimum {} s, clipped to {}",
                t.item,
                t.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
                t.rejoin_tolerance_seconds,
                t.minimum_consultation_seconds,
                t.clip_to.as_str()
            ),
            None => println!("    remote: not recognised"),
        }
        let rate = match set.rate.form {
            sportello::rules::RateForm::PercentOfHourlyBase(p) => format!("{}% of the hourly base", p.normalize()),
            sportello::rules::RateForm::EurPerHour(e) => format!("{} €/h", sportello::money::format_rate(e)),
        };
        println!("    rate: {rate}");
        for (clause, why) in set.provisional_marks() {
            println!("    PROVISIONAL [{clause}]: {why}");
        }
    }
    Ok(0)
}
