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
    super::say(format_args!("sportello: {} intervals written; {} anomalies", rows.len(), all.len()));
    Ok(written.exit_code(u8::from(anomaly::needs_attention(&all))))
}

pub fn inspect(file: &Path, date_order: Option<DateOrderArg>, limits: &Limits) -> Result<u8, CliError> {
    let opts = inputs::teams_options(date_order);
    let mut out = std::io::stdout().lock();
    let write = |out: &mut std::io::StdoutLock<'_>, text: String| {
        out.write_all(text.as_bytes()).map_err(|e| CliError::Io("cannot write".into(), e))
    };
    match input::read_teams_file(file, limits, &opts) {
        Ok(f) => {
            let report = teams::inspect(&f);
            write(&mut out, format!("{report}\n"))?;
            let all = f.all_anomalies();
            for a in &all {
                write(&mut out, format!("  {}\n", sportello::output::anomalies::line(a, super::lang())))?;
            }
            Ok(u8::from(anomaly::needs_attention(&all)))
        }
        Err(e) => {
            write(&mut out, format!("refused: {e}\n"))?;
            Ok(2)
        }
    }
}
