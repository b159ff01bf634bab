//! The `posture` binary: parse the command line, run, and turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

use posture::app::{self, EXIT_CANNOT_AUDIT};
use posture::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("posture: error: cannot start the async runtime: {error}");
            return ExitCode::from(EXIT_CANNOT_AUDIT);
        }
    };
    match runtime.block_on(app::run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            // One line, always: the SDK's messages (the credential chain's) span several.
            let message = error
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            eprintln!("posture: error: {message}");
            ExitCode::from(error.exit_code())
        }
    }
}
