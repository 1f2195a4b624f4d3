//! `sportello teams normalize` and `sportello teams inspect`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use sportello::anomaly;
use sportello::input::source::Limits;
use sportello::input::teams;
use sportello::input::{self, InputPaths};
use sportello::register::Register;

use super::{inputs, CliError, DateOrderArg};

pub fn normalize(
    paths: &[PathBuf],
    out: Option<&Path>,
    staff: Option<&Path>,
    anomalies_path: Option<&Path>,
    date_order: Option<DateOrderArg>,
    limits: &Limits,
) -> Result<u8, CliError> {
    for p in paths {
        inputs::must_exist("teams normalize", p)?;
    }
    let mut read = inputs::teams_files(paths)?;
    read.extend(staff.map(Path::to_path_buf));
    let outputs = inputs::outputs(out, anomalies_path, read)?;
    let mut all = Vec::new();
    let register = match staff {
        Some(p) => {
            let name = std::sync::Arc::from(p.to_string_lossy().replace('\\', "/"));
            let (employees, _) = sportello::input::staff::read(&name, &input::read_bytes_within(p, limits)?, &mut all)?;
            Some(Register::new(employees))
        }
        None => None,
    };
    let input = InputPaths {
        teams: paths.to_vec(),
        teams_options: inputs::teams_options(date_order),
        limits: *limits,
        ..InputPaths::default()
    };
    let (records, teams_anomalies) = input::load_teams(&input)?;
    all.extend(teams_anomalies);
    anomaly::sort(&mut all);
    let rows = teams::normalize(&records, register.as_ref());
    let written = outputs.write(&all, |w| sportello::output::sessions::write_normalized(&rows, w))?;
    inputs::list_on_stderr(&all, anomalies_path.is_some());
    let (intervals, anomalies) = (rows.len(), all.len());
    match super::lang() {
        sportello::lang::Lang::It => {
            super::say(format_args!("sportello: {intervals} intervalli scritti; {anomalies} anomalie"))
        }
        sportello::lang::Lang::En => {
            super::say(format_args!("sportello: {intervals} intervals written; {anomalies} anomalies"))
        }
    }
    Ok(written.exit_code(u8::from(anomaly::needs_attention(&all))))
}

/// `teams inspect PATH`: a file's detailed report, or one line per entry of a folder. Exit code:
/// for a file, 2 when it is refused, else 1 when it has warnings or errors; for a folder, 1
/// when some file was refused or has warnings or errors, some entry was not read.
pub fn inspect(
    path: &Path,
    staff: Option<&Path>,
    date_order: Option<DateOrderArg>,
    limits: &Limits,
) -> Result<u8, CliError> {
    inputs::must_exist("teams inspect", path)?;
    let lang = super::lang();
    let opts = inputs::teams_options(date_order);
    let mut out = std::io::stdout().lock();
    let mut write = |text: String| out.write_all(text.as_bytes()).map_err(|e| CliError::Io("cannot write".into(), e));
    if !path.is_dir() {
        return match input::read_teams_file(path, limits, &opts) {
            Ok(f) => {
                write(format!("{}\n", teams::inspect(&f).render(lang)))?;
                let all = f.all_anomalies();
                for a in &all {
                    write(format!("  {}\n", sportello::output::anomalies::line(a, lang)))?;
                }
                Ok(u8::from(anomaly::needs_attention(&all)))
            }
            Err(e) => {
                write(format!("{} {}\n", lang.pick("rifiutato:", "refused:"), e.message().render(lang)))?;
                Ok(2)
            }
        };
    }
    let register = match staff {
        Some(p) => {
            let name = std::sync::Arc::from(p.to_string_lossy().replace('\\', "/"));
            let (employees, _) =
                sportello::input::staff::read(&name, &input::read_bytes_within(p, limits)?, &mut Vec::new())?;
            Some(Register::new(employees))
        }
        None => None,
    };
    let folder = input::walk_teams(path)?;
    let mut lines: Vec<(PathBuf, String)> = Vec::new();
    let mut read: Vec<(&PathBuf, teams::TeamsFile)> = Vec::new();
    let mut attention = !folder.skipped.is_empty();
    for file in &folder.files {
        match input::read_teams_file(file, limits, &opts) {
            Ok(f) => read.push((file, f)),
            Err(e) => {
                attention = true;
                let refused = lang.pick("rifiutato:", "refused:");
                lines.push((file.clone(), format!("{refused} {}", e.message().render(lang))));
            }
        }
    }
    let (_, merged) = teams::dedupe(read.iter().map(|(_, f)| f.clone()).collect());
    for (file, f) in &read {
        attention |= anomaly::needs_attention(&f.all_anomalies());
        lines.push(((*file).clone(), teams::summarize(f, register.as_ref(), &merged).render(lang)));
    }
    for (p, why) in &folder.skipped {
        lines.push((p.clone(), teams::skipped_line(&p.to_string_lossy().replace('\\', "/"), *why, lang)));
    }
    lines.sort();
    for (_, line) in lines {
        write(format!("{line}\n"))?;
    }
    Ok(u8::from(attention))
}
