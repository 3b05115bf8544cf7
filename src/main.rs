//! The command line: parse arguments, call the library, print, and map the
//! outcome to an exit code (0 passed, 1 gate failed, 2 usage or configuration
//! error, 3 the audit could not run).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    init_logging(&cli.global);
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let code = match err
                .downcast_ref::<portal_audit::Error>()
                .map(portal_audit::Error::kind)
            {
                Some(portal_audit::ErrorKind::Run) => 3,
                _ => 2,
            };
            eprintln!("portal-audit: {err:#}");
            ExitCode::from(code)
        }
    }
}

fn init_logging(global: &cli::Global) {
    let level = if global.quiet {
        "error"
    } else {
        match global.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTAL_AUDIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("portal_audit={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .try_init();
}
