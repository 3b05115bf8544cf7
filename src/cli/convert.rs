//! `portal-audit convert`: legacy Vietnamese text to Unicode NFC UTF-8 on
//! standard output.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Global;

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit convert --from tcvn3 bai-viet.txt > bai-viet-unicode.txt
  portal-audit convert --from vni < trang-cu.html > trang-moi.html
  echo 'Cæng th«ng tin' | portal-audit convert     (auto; prints \"Cổng thông tin\")
  portal-audit convert --from auto a.html b.html   (each file in turn)

Input: UTF-8 text (legacy text pasted into Unicode) or raw legacy bytes.
--from auto detects TCVN3, VNI, VISCII, VPS, VIQR, windows-1258 and double-encoded
UTF-8 run by run (lines, text between tags), and leaves runs already in Unicode as
they are. Within a run, in every mode, words already in Unicode are kept.
Output: NFC (precomposed) UTF-8 on standard output.";

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The encoding of the input.
    #[arg(long, value_enum, default_value_t = FromArg::Auto)]
    pub from: FromArg,
    /// Files to convert, one after the other [default: standard input].
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FromArg {
    Tcvn3,
    Vni,
    Viscii,
    Vps,
    Viqr,
    Cp1258,
    Auto,
}

/// `convert`: each input (or stdin) to NFC UTF-8 on stdout. An unreadable
/// file is reported and skipped (exit code 3 at the end).
pub(super) fn run(args: &ConvertArgs, global: &Global) -> anyhow::Result<u8> {
    let quiet = global.quiet;
    use portal_audit::vietnamese::{self, Legacy};
    use std::io::{Read, Write};

    let from = match args.from {
        FromArg::Tcvn3 => Some(Legacy::Tcvn3),
        FromArg::Vni => Some(Legacy::Vni),
        FromArg::Viscii => Some(Legacy::Viscii),
        FromArg::Vps => Some(Legacy::Vps),
        FromArg::Viqr => Some(Legacy::Viqr),
        FromArg::Cp1258 => Some(Legacy::Cp1258),
        FromArg::Auto => None,
    };
    let mut inputs: Vec<(String, std::io::Result<Vec<u8>>)> = Vec::new();
    if args.files.is_empty() {
        let mut bytes = Vec::new();
        let read = std::io::stdin().read_to_end(&mut bytes).map(|_| bytes);
        inputs.push(("-".to_string(), read));
    } else {
        for path in &args.files {
            inputs.push((path.display().to_string(), std::fs::read(path)));
        }
    }
    let mut stdout = std::io::stdout().lock();
    let mut code = 0;
    for (name, read) in inputs {
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("portal-audit: {name}: {err}");
                code = 3;
                continue;
            }
        };
        let text = vietnamese::text_of_bytes(&bytes);
        let converted = match from {
            Some(encoding) => vietnamese::convert(&text, encoding),
            None => {
                let (converted, found) = vietnamese::convert_auto(&text);
                if !quiet {
                    match found {
                        Some(encoding) => eprintln!("portal-audit: {name}: {}", encoding.name()),
                        None => eprintln!("portal-audit: {name}: no legacy text found (NFC only)"),
                    }
                }
                converted
            }
        };
        stdout.write_all(converted.as_bytes())?;
    }
    stdout.flush()?;
    Ok(code)
}
