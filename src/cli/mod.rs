//! Command-line definitions: every flag defined once, with its help.

mod arrears;
mod compare;
mod compute;
mod error;
mod explain;
mod inputs;
mod manifest;
mod offices;
mod progress;
mod rows;
mod rules_cmd;
mod teams_cmd;
mod verify;

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use sportello::input::source::Limits;
use sportello::lang::Lang;

pub use error::CliError;

/// Writes a line on standard error. A closed standard error is ignored: the run's files and
/// exit code matter more than its messages (`eprintln!` would panic).
pub fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

const EXAMPLES: &str = "\
Examples:
  Compute October 2025 for the demo office, under the contract in force:
    sportello compute --month 2025-10 --data fixtures/demo

  The same month under the unions' scenario, payroll and anomalies to files:
    sportello compute --month 2025-10 --data fixtures/demo \\
        --ruleset scenario-remote-2025 --out payroll.csv --anomalies anomalies.csv

  Check a folder of rule files before using it:
    sportello rules check rules/

Exit codes: 0 all inputs used; 1 results written, some input rows reported as warnings or
errors (see --anomalies); 2 usage or fatal error, nothing written. When a run pays fewer than
half of the register's employees, standard error names the likely reason (ids that lost their
leading zeros, a month the data does not cover).";

/// Front-office (sportello) allowance of INPS staff: counter hours and Teams consultation,
/// under versioned rule files.
#[derive(Debug, Parser)]
#[command(name = "sportello", version, after_long_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Threads to spread the work over (0: every core of the machine). The results are
    /// byte-identical whatever the number.
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// The language of everything written for people: the summary, the anomalies' sentences,
    /// statements, tables and pages. Default: Italian when the locale (LC_ALL, LC_MESSAGES, LANG)
    /// starts with `it`, English otherwise. Codes, CSV column names and rule set ids stay as
    /// they are.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
}

/// The languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Italiano.
    It,
    /// English.
    En,
}

/// The language of the run, set once from `--lang` or the locale.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The language everything for people is written in (module [`LangArg`]).
pub fn lang() -> Lang {
    *LANG.get_or_init(|| Lang::from_locale(|k| std::env::var(k).ok()))
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute a month's allowance for every employee and write the payroll file.
    ///
    /// Reads the staff register, the attendance export and the Teams logs, applies on each day
    /// the rule set that governs it, and writes one payroll row per employee, item and rule set.
    /// Every input row that could not be used is reported in the anomalies file.
    #[command(after_long_help = EXAMPLES)]
    Compute(ComputeArgs),
    /// Explain one employee's month: the individual statement (prospetto).
    ///
    /// Day by day, every interval with its source (attendance file and line, meeting id and
    /// report file), what was not counted and why (anomaly code and clause), minutes before and
    /// after rounding; then each payroll row with its rate's derivation and rounding. The total
    /// is the employee's total in the payroll file, from the same calculation.
    #[command(after_long_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Compare a month under two rule sets: per employee and item, each amount and the
    /// difference (b − a), with the office's totals.
    #[command(after_long_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Arrears: recompute each month of a period and subtract what was paid, per employee,
    /// month and item (positive = underpaid, negative = overpaid; never netted silently).
    #[command(after_long_help = ARREARS_EXAMPLES)]
    Arrears(ArrearsArgs),
    /// The office's view: per office (and ISO week), employees, in-person counter time, remote
    /// consultation time (also where the rule set does not pay it), the remote share, and the
    /// amounts per item and in all.
    ///
    /// Counter minutes and amounts add up exactly to the payroll rows of each office's staff;
    /// paid remote minutes to its remote rows. Employees without an office are under "(no
    /// office)" (an empty office in the CSV).
    #[command(after_long_help = OFFICES_EXAMPLES)]
    Offices(OfficesArgs),
    /// Inspect and validate rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Read Teams exports: normalise them for keeping, or inspect a refused file.
    #[command(subcommand)]
    Teams(TeamsCommand),
    /// Check a run recorded with --manifest: the same inputs, the same rules, the same outputs.
    ///
    /// Recomputes the SHA-256 of every input and rule file the manifest lists, runs the
    /// recorded command again with this program (in the recorded folder, its outputs in a
    /// temporary folder) and compares each output with the recorded one. Exit 0 when every
    /// input, rule set and output is identical; 1 naming each one that changed; 2 when the
    /// manifest cannot be read, or records no command that can be run again.
    #[command(after_long_help = VERIFY_EXAMPLES)]
    Verify {
        /// The manifest written by --manifest.
        #[arg(value_name = "MANIFEST")]
        manifest: PathBuf,
    },
}

const VERIFY_EXAMPLES: &str = "\
Examples:
  Record the month's run, then check it again later (or on another copy of the files):
    sportello compute --month 2025-10 --data fixtures/demo --out payroll.csv \\
        --anomalies anomalies.csv --manifest payroll-manifest.json
    sportello verify payroll-manifest.json

Exit codes: 0 everything identical; 1 an input, a rule set or an output differs (each named);
2 the manifest cannot be read, or records no command that can be run again.";

/// Where the month's inputs are (`--data DIR`, or each file).
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// A data folder laid out as DIR/staff.csv, DIR/attendance.csv and DIR/teams/ (teams/ may
    /// be absent: an office without web meetings).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["staff", "attendance"])]
    data: Option<PathBuf>,
    /// The staff register (staff.csv): employee_id, full_name, office, teams_upn, part_time_pct,
    /// hourly_base_eur, monthly_base_eur.
    #[arg(long, value_name = "FILE", requires = "attendance")]
    staff: Option<PathBuf>,
    /// The attendance export (attendance.csv): employee_id, date, start, end, kind, code.
    #[arg(long, value_name = "FILE", requires = "staff")]
    attendance: Option<PathBuf>,
    /// Teams logs: a file or a folder (every file in it is read), as downloaded from Teams or
    /// Microsoft Graph, or normalised by `sportello teams normalize`. Repeat for several. A
    /// path that does not exist is an error.
    #[arg(long, value_name = "PATH")]
    teams: Vec<PathBuf>,
    /// Day/month order of the dates in Teams CSV exports, needed only when a file does not
    /// show it: every date with both numbers up to 12 (03/04/25) and headers that do not tell
    /// (English with a 24-hour clock, as en-GB and a US system set to 24 hours both write, or a
    /// language the reader does not know), in a file not separated by `;` (Excel's `;` means
    /// day first). Such a file is refused with a message that asks for this flag; the files
    /// whose dates show their order are read as they are, so give it for that file alone.
    #[arg(long, value_enum, value_name = "ORDER")]
    date_order: Option<DateOrderArg>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// How much one input may cost: past a limit the file is refused, naming the limit.
#[derive(Debug, Args, Clone)]
pub struct LimitArgs {
    /// The largest input file, in MiB. A larger file is refused before it is read; a stream
    /// without a size (a FIFO) is stopped when it reaches this size.
    #[arg(long, value_name = "MIB", default_value_t = Limits::DEFAULT.input_bytes >> 20)]
    max_input_mib: u64,
    /// The longest line of an input, in KiB: a longer line means the file is not a CSV export.
    #[arg(long, value_name = "KIB", default_value_t = (Limits::DEFAULT.line_bytes >> 10) as u64)]
    max_line_kib: u64,
    /// The largest Teams or Graph export, in MiB (each is read whole to find its format); a
    /// larger one is reported and not read.
    #[arg(long, value_name = "MIB", default_value_t = Limits::DEFAULT.teams_export_bytes >> 20)]
    max_teams_export_mib: u64,
}

impl LimitArgs {
    /// The limits the flags set.
    pub fn limits(&self) -> Limits {
        Limits {
            input_bytes: self.max_input_mib.saturating_mul(1 << 20),
            line_bytes: usize::try_from(self.max_line_kib.saturating_mul(1 << 10)).unwrap_or(usize::MAX),
            teams_export_bytes: self.max_teams_export_mib.saturating_mul(1 << 20),
        }
    }
}

/// The day/month order of Teams dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Day first: 03/04/25 is 3 April.
    Dmy,
    /// Month first: 03/04/25 is 4 March.
    Mdy,
}

/// Which rules apply.
#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// Apply this rule set (e.g. a scenario) on the days it covers; on other days the set it
    /// extends, then the contract in force. Default: the contract in force on each day.
    #[arg(long, value_name = "ID")]
    ruleset: Option<String>,
    /// Load rule files from this folder instead of the ones built into the program.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ComputeArgs {
    /// The month to compute, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    rules: RuleArgs,
    /// Write the payroll file here instead of standard output. No output may be an input or
    /// another output (exit 2); the files of a run are replaced together, once all are complete.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the anomalies file (severity,source,line,employee_id,employee_name,date,code,message,
    /// what_to_do) here.
    /// Without it, warnings and errors are listed on standard error.
    #[arg(long, value_name = "FILE")]
    anomalies: Option<PathBuf>,
    /// The payroll file's format: csv (for payroll import), csv-it (the same, for Italian
    /// spreadsheets), json, table (for people) or xlsx (a workbook, with --out).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    #[command(flatten)]
    manifest: manifest::ManifestArgs,
    /// Print nothing on standard error but fatal errors.
    #[arg(short, long)]
    quiet: bool,
}

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  One worker's October, to read on screen:
    sportello explain --employee 004512 --month 2025-10 --data fixtures/demo

  The same under the unions' scenario, as a page to open or print (English: --lang en):
    sportello explain --employee 004590 --month 2025-10 --data fixtures/demo \\
        --ruleset scenario-remote-2025 --format html --out statement.html

Exit codes as compute: 0, 1 when some input rows were reported, 2 fatal.";

const COMPARE_EXAMPLES: &str = "\
Examples:
  What the scenario is worth to each worker of the demo office in October 2025:
    sportello compare --month 2025-10 --data fixtures/demo \\
        --ruleset inps-ccni-2025 --vs scenario-remote-2025 --format table

Exit codes as compute: 0, 1 when some input rows were reported, 2 fatal.";

const ARREARS_EXAMPLES: &str = "\
Examples:
  August to October 2025, recomputed under the certified contract, minus what was paid:
    sportello arrears --from 2025-08 --to 2025-10 --data-root fixtures/arrears/data \\
        --rules fixtures/arrears/rules --paid fixtures/arrears/paid.csv --format table

Exit codes as compute: 0, 1 when some input rows (or paid rows) were reported, 2 fatal.";

const OFFICES_EXAMPLES: &str = "\
Examples:
  October 2025 office by office, to read on screen:
    sportello offices --month 2025-10 --data fixtures/demo --format table

  Week by week under the unions' scenario, as a page with a chart (or a workbook: xlsx):
    sportello offices --month 2025-10 --data fixtures/demo --ruleset scenario-remote-2025 \\
        --by week --format html --out sedi.html

Exit codes as compute: 0, 1 when some input rows were reported, 2 fatal.";

#[derive(Debug, Args)]
struct OfficesArgs {
    /// The month, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    rules: RuleArgs,
    /// One row per office for the month, or per office and ISO week (Monday to Sunday, cut to
    /// the month). The page always shows both.
    #[arg(long, value_enum, default_value_t = offices::ByArg::Month)]
    by: offices::ByArg,
    /// The view's format: csv (one row per office, or office and week; no totals), csv-it (the
    /// same, for Italian spreadsheets), json (months and weeks), table (for people, with the
    /// totals), xlsx (a workbook with a totals sheet, with --out) or html (one page with a chart
    /// per office, to open or print on A4).
    #[arg(long, value_enum, default_value_t = offices::OfficesFormat::Csv)]
    format: offices::OfficesFormat,
    /// Write the view here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the anomalies file here. Without it, warnings and errors are listed on standard
    /// error.
    #[arg(long, value_name = "FILE")]
    anomalies: Option<PathBuf>,
    #[command(flatten)]
    manifest: manifest::ManifestArgs,
    /// Print nothing on standard error but fatal errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The employee's matricola, as in staff.csv (leading zeros matter).
    #[arg(long, value_name = "ID")]
    employee: String,
    /// The month to explain, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    rules: RuleArgs,
    /// The statement's format: text (to read), json (for programs) or html (one self-contained
    /// page, to open or print on A4).
    #[arg(long, value_enum, default_value_t = explain::StatementFormat::Text)]
    format: explain::StatementFormat,
    /// Write the statement here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    manifest: manifest::ManifestArgs,
    /// Print nothing on standard error but fatal errors.
    #[arg(short, long)]
    quiet: bool,
    /// The date of issue printed on the statement, YYYY-MM-DD (default: today in Rome). Hidden:
    /// for the tests, whose golden files must not change with the day.
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    issued: Option<String>,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// The month to compare, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    #[command(flatten)]
    inputs: InputArgs,
    // The first side (a) is --ruleset (default: the contract in force).
    #[command(flatten)]
    rules: RuleArgs,
    /// The rule set to compare with, e.g. scenario-remote-2025: the second side (b), the first
    /// (a) being --ruleset (default: the contract in force); difference = b − a.
    #[arg(long, value_name = "ID")]
    vs: String,
    /// The comparison's format: csv (one row per employee and item, no totals), csv-it (the
    /// same, for Italian spreadsheets), json, table (for people, with each employee's and the
    /// office's totals) or xlsx (a workbook with a totals sheet, with --out).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write the comparison here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the anomalies of both runs (each once) here. Without it, warnings and errors are
    /// listed on standard error.
    #[arg(long, value_name = "FILE")]
    anomalies: Option<PathBuf>,
    #[command(flatten)]
    manifest: manifest::ManifestArgs,
    /// Print nothing on standard error but fatal errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct ArrearsArgs {
    /// The first month of the period, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    from: String,
    /// The last month of the period (included), as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    to: String,
    /// What was paid: a payroll CSV as compute writes it (employee_id, month, item, ruleset,
    /// minutes, amount_eur…), several months' files possibly concatenated.
    #[arg(long, value_name = "FILE")]
    paid: PathBuf,
    /// The inputs of each month: DIR/YYYY-MM/ laid out like --data (staff.csv, attendance.csv,
    /// teams/).
    #[arg(long, value_name = "DIR")]
    data_root: PathBuf,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    rules: RuleArgs,
    /// The arrears' format: csv (one row per employee, month and item, no totals), csv-it (the
    /// same, for Italian spreadsheets), json, table (for people, with each employee's and the
    /// office's totals) or xlsx (a workbook with a totals sheet, with --out).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write the arrears here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the anomalies of every month and of the paid file here. Without it, warnings and
    /// errors are listed on standard error.
    #[arg(long, value_name = "FILE")]
    anomalies: Option<PathBuf>,
    #[command(flatten)]
    manifest: manifest::ManifestArgs,
    /// Print nothing on standard error but fatal errors.
    #[arg(short, long)]
    quiet: bool,
}

/// The formats of a result (the payroll file, a comparison, arrears).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// CSV for payroll and programs: `,` between cells, `.` decimals, LF, UTF-8; fixed column
    /// names.
    Csv,
    /// The same CSV as Italian Excel and LibreOffice open it by double-click: `;`, decimal
    /// comma, CRLF, UTF-8 with BOM; same column names. (Ids with leading zeros lose them in a
    /// double-click open: use xlsx, or import the column as text.)
    CsvIt,
    /// JSON, for programs (money as strings).
    Json,
    /// An aligned table for people, in the language of --lang.
    Table,
    /// A workbook for people (needs --out FILE): ids as text, amounts and minutes as numbers,
    /// labels in the language of --lang, totals on their own sheet.
    Xlsx,
}

/// A workbook is a file: `--format xlsx` without `--out FILE` (or with `--out -`) is refused
/// before anything is read.
fn needs_a_file(xlsx: bool, out: Option<&std::path::Path>) -> Result<(), CliError> {
    if xlsx && out.is_none_or(|p| p == std::path::Path::new("-")) {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook, which needs a file: add --out FILE.xlsx".to_string(),
        ));
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
enum TeamsCommand {
    /// Write the normalised sessions file (meeting_id,participant,upn,role,join,leave) for Teams
    /// exports, with every citizen replaced by a per-meeting pseudonym (citizen-1, …) and their
    /// address dropped: the file HR can keep and pass on. The same meeting exported twice
    /// counts once.
    #[command(after_long_help = TEAMS_EXAMPLES)]
    Normalize {
        /// Teams exports: files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The staff register, to tell staff from citizens. Without it, only organizers are
        /// taken as staff.
        #[arg(long, value_name = "FILE")]
        staff: Option<PathBuf>,
        /// Write the anomalies file here (otherwise warnings and errors go to standard error).
        #[arg(long, value_name = "FILE")]
        anomalies: Option<PathBuf>,
        /// Day/month order of the dates (dmy or mdy), needed only by a file that does not show
        /// it (every date with both numbers up to 12, under English headers with a 24-hour
        /// clock or headers in an unknown language, cells not separated by `;`): such a file is
        /// refused naming this flag.
        #[arg(long, value_enum, value_name = "ORDER")]
        date_order: Option<DateOrderArg>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Say how Teams files were read. For one file: format, encoding, date order and how it was
    /// decided, time zone, how many meetings, participants and intervals it holds, and its
    /// anomalies. For a folder (walked as --teams walks it): one line per file — format,
    /// meeting day and time span, staff and citizens counted, anomalies, or why it was refused
    /// — and a line per entry not read. What to run when a file is refused.
    #[command(after_long_help = TEAMS_EXAMPLES)]
    Inspect {
        /// A Teams export, or a folder of them.
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// The staff register, to tell staff from citizens in a folder's lines. Without it, as
        /// in `teams normalize`, organizers are counted as staff and everyone else as citizens.
        #[arg(long, value_name = "FILE")]
        staff: Option<PathBuf>,
        /// Day/month order of the dates (dmy or mdy), needed only by a file that does not show
        /// it (every date with both numbers up to 12, under English headers with a 24-hour
        /// clock or headers in an unknown language, cells not separated by `;`): such a file is
        /// refused naming this flag.
        #[arg(long, value_enum, value_name = "ORDER")]
        date_order: Option<DateOrderArg>,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

const TEAMS_EXAMPLES: &str = "\
Examples:
  Which format is this file, and why was it refused?
    sportello teams inspect \"Consulenza - Attendance report 1-10-25.csv\"

  A folder of downloads, one line per file, staff told from citizens by the register:
    sportello teams inspect downloads/ --staff staff.csv

  A file refused because its dates do not show their order (03/04/25, English headers):
    sportello teams inspect report.csv --date-order dmy

  A month's downloads, pseudonymised, for keeping:
    sportello teams normalize downloads/ --staff staff.csv --out sessions-2025-10.csv

Exit codes: 0 all rows read; 1 written, some rows or files reported; 2 fatal.";

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Validate every rule file of a folder (default: the built-in rules) and report each
    /// mistake with file, line and column.
    Check {
        /// The folder of rule files.
        dir: Option<PathBuf>,
    },
    /// List the rule sets: id, status, validity, what they extend, provisional marks.
    List {
        /// Load rule files from this folder instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

/// Parses the command line (clap exits with 2 on usage errors).
pub fn parse() -> Cli {
    Cli::parse()
}

/// Runs a command; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, CliError> {
    sportello::parallel::set_threads(cli.threads);
    let chosen = match cli.lang {
        Some(LangArg::It) => Lang::It,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_locale(|k| std::env::var(k).ok()),
    };
    let _ = LANG.set(chosen);
    match cli.command {
        Command::Compute(a) => compute::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Arrears(a) => arrears::run(a),
        Command::Offices(a) => offices::run(a),
        Command::Rules(RulesCommand::Check { dir }) => rules_cmd::check(dir.as_deref()),
        Command::Teams(TeamsCommand::Normalize { paths, out, staff, anomalies, date_order, limits }) => {
            let limits = limits.limits();
            teams_cmd::normalize(&paths, out.as_deref(), staff.as_deref(), anomalies.as_deref(), date_order, &limits)
        }
        Command::Teams(TeamsCommand::Inspect { path, staff, date_order, limits }) => {
            teams_cmd::inspect(&path, staff.as_deref(), date_order, &limits.limits())
        }
        Command::Rules(RulesCommand::List { rules }) => rules_cmd::list(rules.as_deref()),
        Command::Verify { manifest } => verify::run(&manifest),
    }
}
