//! `portal-audit init`: a commented `audit.toml` to fill in, or the Trà Vinh
//! example, never over an existing file without `--force`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use portal_audit::ruleset::Lang;

use super::Global;

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit init                              a commented audit.toml to fill in
  portal-audit init --province \"Tỉnh Vĩnh Long\"
  portal-audit init --example travinh            Trà Vinh: the portal and the sites its regulation names
  portal-audit init --example travinh --output travinh.toml --force

Hosts marked XÁC NHẬN / CONFIRM are guesses: check them before the audit.
An existing file is never overwritten without --force.";

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The province or agency named in the file.
    #[arg(long, value_name = "NAME", conflicts_with = "example")]
    pub province: Option<String>,
    /// Write a worked example instead of the template.
    #[arg(long, value_enum)]
    pub example: Option<ExampleArg>,
    /// Where to write it.
    #[arg(long, default_value = "audit.toml", value_name = "FILE")]
    pub output: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExampleArg {
    /// Tỉnh Trà Vinh (Quyết định 1526/QĐ-UBND, 2019).
    Travinh,
}

pub(super) fn run(args: &InitArgs, global: &Global) -> anyhow::Result<u8> {
    let lang = global.lang;
    const TEMPLATE: &str = include_str!("../../fixtures/init/audit.toml");
    const TRAVINH: &str = include_str!("../../fixtures/init/travinh.toml");
    let text = match args.example {
        Some(ExampleArg::Travinh) => TRAVINH.to_string(),
        None => {
            let name = args.province.as_deref().unwrap_or("Tên tỉnh hoặc cơ quan");
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            TEMPLATE.replace("{province}", &quoted)
        }
    };
    if args.output.exists() && !args.force {
        return Err(portal_audit::Error::Exists(args.output.clone()).into());
    }
    portal_audit::report::write_atomic(&args.output, text.as_bytes())?;
    if !global.quiet {
        let path = args.output.display();
        if lang == Lang::Vi {
            writeln!(
                std::io::stdout(),
                "Đã ghi {path}. Sửa các dòng THAY / XÁC NHẬN rồi chạy: portal-audit audit --config {path} (báo cáo report.html, report.json… trong audit-out/, đổi bằng --out)"
            )?;
        } else {
            writeln!(
                std::io::stdout(),
                "Wrote {path}. Edit the CHANGE / CONFIRM lines, then run: portal-audit audit --config {path} (reports report.html, report.json… in audit-out/; another folder with --out)"
            )?;
        }
    }
    Ok(0)
}
