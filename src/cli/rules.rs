//! `portal-audit rules`: every rule with its metadata, as a table or JSON.

use std::io::Write;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use portal_audit::ruleset::{Lang, Ruleset};

use super::Global;

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit rules
  portal-audit rules --format json --as-of 2019-06-01
  portal-audit rules --as-of 2026-11-28 --profile qd-1526-2019-travinh";

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
    /// Also apply a legal profile: a built-in id (e.g. qd-1526-2019-travinh)
    /// or a profile file for another province (repeatable; see docs/profiles.md).
    #[arg(long = "profile", value_name = "ID|FILE")]
    pub profiles: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub(super) fn run(args: &RulesArgs, global: &Global) -> anyhow::Result<u8> {
    // The bases a finding would cite: with the provincial profiles given.
    let mut ruleset = global.ruleset()?;
    for profile in &args.profiles {
        ruleset.content.select(profile)?;
    }
    ruleset.validate()?;
    let as_of = global
        .as_of()?
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut out = std::io::stdout().lock();
    print_rules(&mut out, &ruleset, args.format, global.lang, as_of)?;
    out.flush()?;
    Ok(0)
}

/// Lists the rules, as a table or JSON. A reader that closes the pipe early
/// (`| head`) ends the listing quietly ([`crate`]'s `main` says nothing about
/// a broken pipe).
fn print_rules(
    out: &mut impl Write,
    ruleset: &Ruleset,
    format: RulesFormat,
    lang: Lang,
    as_of: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let rows: Vec<serde_json::Value> = portal_audit::rules::all()
        .filter_map(|rule| ruleset.rule(rule.id).map(|meta| (rule, meta)))
        .map(|(rule, meta)| {
            serde_json::json!({
                "id": rule.id,
                "family": rule.family.id(),
                "kind": match rule.check { portal_audit::rules::Check::Page(_) => "page", portal_audit::rules::Check::Site(_) | portal_audit::rules::Check::Assessed(_) => "site" },
                "severity": meta.severity.id(),
                "enabled": meta.enabled,
                "wcag": meta.wcag,
                "act": meta.act,
                "legal": meta.legal,
                "groups": meta.groups,
                "provincial": meta.provincial,
                "legal_in_force": ruleset
                    .listed_bases(meta, as_of)
                    .into_iter()
                    .map(|(basis, ids)| serde_json::json!({ "basis": basis, "ids": ids }))
                    .collect::<Vec<_>>(),
                "title": { "vi": meta.vi.title, "en": meta.en.title },
            })
        })
        .collect();
    match format {
        RulesFormat::Json => {
            let json = serde_json::to_string_pretty(&rows).context("serialising the rule list")?;
            writeln!(out, "{json}")?;
        }
        RulesFormat::Table => {
            for (rule, meta) in
                portal_audit::rules::all().filter_map(|r| ruleset.rule(r.id).map(|m| (r, m)))
            {
                let wcag: Vec<&str> = meta.wcag.iter().map(|w| w.sc.as_str()).collect();
                // One basis a line: citation (strength; confidence), and the
                // finding ids it is limited to.
                let bases: Vec<String> = ruleset
                    .listed_bases(meta, as_of)
                    .iter()
                    .map(|(b, ids)| {
                        if ids.is_empty() {
                            b.label(lang)
                        } else {
                            format!("{} [{}]", b.label(lang), ids.join(", "))
                        }
                    })
                    .collect();
                writeln!(
                    out,
                    "{:<24} {:<9} {:<8} WCAG {:<8} ACT {:<8} {}{}",
                    rule.id,
                    rule.family.id(),
                    meta.severity.id(),
                    if wcag.is_empty() {
                        "-".to_string()
                    } else {
                        wcag.join(",")
                    },
                    if meta.act.is_empty() {
                        "-".to_string()
                    } else {
                        meta.act.join(",")
                    },
                    meta.texts(lang).title,
                    if meta.enabled {
                        String::new()
                    } else {
                        " [disabled]".to_string()
                    },
                )?;
                for basis in &bases {
                    writeln!(out, "{:<24} {basis}", "")?;
                }
                if meta.provincial && bases.is_empty() {
                    writeln!(
                        out,
                        "{:<24} {}",
                        "",
                        portal_audit::messages::text("rules-provincial", lang, &[])
                    )?;
                }
            }
        }
    }
    Ok(())
}
