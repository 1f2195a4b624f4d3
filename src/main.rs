//! The `sportello` command: parses arguments, calls the library, prints, sets the exit code.
//!
//! Exit codes: 0 all inputs used; 1 results written but some input was reported as a warning or
//! an error; 2 usage or fatal error (nothing written). A closed standard output is not an
//! error: the files named are still written and the code is the run's; a run whose only output
//! was the closed pipe exits 0.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            cli::say(format_args!("sportello: {}", e.render(cli::lang())));
            ExitCode::from(2)
        }
    }
}
