//! `portal-audit demo`: serve the embedded demo province on 127.0.0.1 and
//! run the regular `audit` on it, with every report format.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use portal_audit::audit::Request;
use portal_audit::report::Format;
use portal_audit::ruleset::Lang;

use super::{Global, OutputArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit demo                      audit the embedded demo province, reports in audit-out/
  portal-audit demo --out /tmp/demo      reports elsewhere
  portal-audit --lang en demo            the summary and the reports in English

The demo serves fixtures/demo/ (embedded in the binary) on 127.0.0.1, writes the
configuration it audits to <out>/demo/audit.toml, runs the regular `audit` on it and
stops its servers. No internet is needed. Exit code 1: the demo has seeded defects.";

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the reports, the store and the demo's configuration.
    #[arg(long, default_value = "audit-out", value_name = "DIR")]
    pub out: PathBuf,
}

pub(super) fn run(args: &DemoArgs, global: &Global) -> anyhow::Result<u8> {
    let lang = global.lang;
    let servers = portal_audit::demo::DemoServers::start()?;
    let config = servers.write_config(&args.out.join("demo"))?;
    if !global.quiet {
        let hosts: Vec<String> = servers
            .hosts()
            .iter()
            .map(|h| format!("{} → 127.0.0.1:{}", h.host, h.port))
            .collect();
        let title = if lang == Lang::Vi {
            "Tỉnh mẫu đang chạy trên máy này:"
        } else {
            "The demo province is served on this machine:"
        };
        writeln!(std::io::stdout(), "{title}\n  {}", hosts.join("\n  "))?;
    }
    // The regular audit of the demo's configuration, every report format, its
    // long terminal listing left to the reports: a short summary follows.
    let request = Request {
        config: Some(config),
        store: args.out.join("audit.sqlite"),
        as_of: global.as_of()?,
        lang,
        ca_certs: global.ca_certs()?,
        dns_server: global.dns_server(),
        ..Request::default()
    };
    let output = OutputArgs {
        // Every format for people and CI tools; GitLab's Code Quality file
        // only means something in a repository.
        format: Format::ALL
            .iter()
            .filter(|f| **f != Format::CodeQuality)
            .map(|f| f.id().to_string())
            .collect(),
        out: Some(args.out.clone()),
        province: None,
        previous: None,
        sarif_root: None,
        sarif_review: false,
        junit_skipped: false,
        // Each site's own report too, as a province would send them.
        split_sites: true,
    };
    let quiet = Global {
        quiet: true,
        ..global.clone()
    };
    let code = super::audit::run_request(
        request,
        &output,
        super::Listing {
            max: 0,
            accepted: false,
        },
        &quiet,
    )?;
    drop(servers);
    if !global.quiet {
        summary(args, lang)?;
    }
    Ok(code)
}

/// The demo's short summary: findings per family, the review checklist, the
/// gate, where the reports are.
fn summary(args: &DemoArgs, lang: Lang) -> anyhow::Result<()> {
    let report = portal_audit::report::load::load(&args.out.join("report.json"))?;
    let vi = lang == Lang::Vi;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\n{} {}",
        report.pages.len(),
        if vi {
            "trang đã kiểm tra. Phát hiện theo nhóm (lỗi thật / cần kiểm tra thủ công):"
        } else {
            "pages audited. Findings by family (failed / needs review):"
        }
    )?;
    for f in report.statistics.families.iter().filter(|f| f.total() > 0) {
        writeln!(
            out,
            "  {:<10} {:>3} / {}",
            f.family.id(),
            f.failed,
            f.review
        )?;
    }
    writeln!(
        out,
        "{} {}",
        report.review.len(),
        if vi {
            "mục trong danh sách cần kiểm tra thủ công (mỗi mẫu một lần cho mỗi trang thành phần)."
        } else {
            "items on the manual review checklist (each pattern once per site)."
        }
    )?;
    writeln!(
        out,
        "{}",
        match (vi, report.gate.passed) {
            (true, true) => "Điều kiện đạt (CI): ĐẠT",
            (true, false) => "Điều kiện đạt (CI): KHÔNG ĐẠT (tỉnh mẫu có lỗi được cài sẵn)",
            (false, true) => "Gate: passed",
            (false, false) => "Gate: failed (the demo province has seeded defects)",
        }
    )?;
    let mut others: Vec<String> = Format::ALL
        .iter()
        .filter(|f| **f != Format::Html)
        .map(|f| args.out.join(f.file_name()).display().to_string())
        .collect();
    others.push(
        args.out
            .join(portal_audit::report::PROVINCE_CSV)
            .display()
            .to_string(),
    );
    writeln!(
        out,
        "{} {}",
        if vi {
            "Các báo cáo khác:"
        } else {
            "Other reports:"
        },
        others.join(", ")
    )?;
    let html = args.out.join(Format::Html.file_name());
    let html = std::fs::canonicalize(&html).unwrap_or(html);
    writeln!(
        out,
        "{} {}",
        if vi {
            "Mở báo cáo HTML:"
        } else {
            "Open the HTML report:"
        },
        html.display()
    )?;
    Ok(())
}
