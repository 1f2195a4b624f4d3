//! The `sportello` command: parses arguments, calls the library, prints, sets the exit code.
//!
//! Exit codes: 0 all inputs used; 1 results written but some input was reported as a warning or
//! an error; 2 usage or fatal error (nothing written). A closed pipe exits 0.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sportello: {e}");
            ExitCode::from(2)
        }
    }
}
