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
            eprintln!("portal-audit: {}", message(&err));
            if let Some(hint) = hint(&err) {
                eprintln!("  {hint}");
            }
            ExitCode::from(code)
        }
    }
}

/// The error and its causes, each said once (a library error's text already
/// carries its I/O cause).
fn message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

/// What to do about the usual mistakes, in both languages.
fn hint(err: &anyhow::Error) -> Option<String> {
    match err.downcast_ref::<portal_audit::Error>()? {
        portal_audit::Error::Write { .. } => Some(
            "Chọn một thư mục ghi được bằng --out DIR. / Choose a folder you can write to with --out DIR."
                .into(),
        ),
        portal_audit::Error::Read { path, .. }
            if path.extension().is_some_and(|e| e == "toml") =>
        {
            Some(format!(
                "Kiểm tra đường dẫn {0} (tệp cấu hình mới: `portal-audit init`). / \
                 Check the path {0} (a new audit configuration: `portal-audit init`).",
                path.display()
            ))
        }
        _ => None,
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
