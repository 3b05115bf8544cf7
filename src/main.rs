//! The command line: parse arguments, call the library, print, and map the
//! outcome to an exit code (0 passed, 1 gate failed, 2 usage or configuration
//! error, 3 the audit could not run).

mod cli;
mod help;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use portal_audit::messages::{self, text};
use portal_audit::ruleset::Lang;

/// mimalloc instead of glibc's malloc: the page pipeline allocates and frees
/// many small strings and vectors on several threads (glibc's allocator took
/// ≈ 14 % of an audit's CPU; docs/scale.md, "The allocator and the UTF-8
/// check"). Only the binary: the library leaves the choice to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `--help` speaks the language asked for (Vietnamese by default).
    let arg_lang = lang_in_args(std::env::args_os());
    let command = help::localize(cli::Cli::command(), arg_lang);
    let parsed = command
        .try_get_matches()
        .and_then(|matches| cli::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            if !err.use_stderr() {
                // --help and --version.
                let _ = err.print();
                return ExitCode::from(0);
            }
            match usage_message(&err, arg_lang) {
                Some(text) => eprint!("{text}"),
                None => {
                    let _ = err.print();
                }
            }
            return ExitCode::from(2);
        }
    };
    init_logging(&cli.global);
    let lang = cli::lang(&cli.global);
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        // The reader of the output went away (`portal-audit rules | head`):
        // nothing is wrong, and nothing more is said.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::from(0)
        }
        Err(err) => {
            let code = match err
                .downcast_ref::<portal_audit::Error>()
                .map(portal_audit::Error::kind)
            {
                Some(portal_audit::ErrorKind::Run) => 3,
                _ => 2,
            };
            eprintln!("portal-audit: {}", message(&err, lang));
            if let Some(hint) = hint(&err, lang) {
                eprintln!("  {hint}");
            }
            ExitCode::from(code)
        }
    }
}

/// The `--lang` of the command line, looked for by hand: when the arguments
/// do not parse, clap cannot say it.
fn lang_in_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Lang {
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(value) = value {
            return clap::ValueEnum::from_str(&value, true).unwrap_or_default();
        }
    }
    Lang::Vi
}

/// A usage error of the argument parser in the user's language, for the kinds
/// people meet (`None`: clap's own English text).
fn usage_message(err: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| -> Option<String> {
        match err.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            _ => None,
        }
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let mut lines = vec![match err.kind() {
        ErrorKind::UnknownArgument => text("usage-unknown-argument", lang, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => text(
            "usage-unknown-command",
            lang,
            &[(
                "arg",
                &get(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::InvalidValue => text(
            "usage-invalid-value",
            lang,
            &[
                ("value", &get(ContextKind::InvalidValue).unwrap_or_default()),
                ("arg", &arg),
            ],
        ),
        ErrorKind::NoEquals | ErrorKind::MissingRequiredArgument => {
            text("usage-missing-argument", lang, &[("arg", &arg)])
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            text("usage-missing-command", lang, &[])
        }
        _ => return None,
    }];
    if let Some(values) = get(ContextKind::ValidValue) {
        lines.push(text("usage-possible-values", lang, &[("values", &values)]));
    }
    if let Some(suggestion) =
        get(ContextKind::SuggestedArg).or_else(|| get(ContextKind::SuggestedSubcommand))
    {
        lines.push(text(
            "usage-did-you-mean",
            lang,
            &[("suggestion", &suggestion)],
        ));
    }
    lines.push(text("usage-help", lang, &[]));
    let mut out = format!("portal-audit: {}\n", lines[0]);
    for line in &lines[1..] {
        out.push_str(&format!("  {line}\n"));
    }
    Some(out)
}

/// The error and its causes, each said once, in the user's language (a
/// library error's text already carries its I/O cause).
fn message(err: &anyhow::Error, lang: Lang) -> String {
    if let Some(own) = err.downcast_ref::<portal_audit::Error>() {
        return describe(own, lang);
    }
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

/// A library error as a sentence in `lang` (`src/messages.toml`). Free-text
/// details from parsers (a TOML or JSON error with its line) are kept as given.
fn describe(err: &portal_audit::Error, lang: Lang) -> String {
    use portal_audit::Error as E;
    let path = |p: &std::path::Path| p.display().to_string();
    match err {
        E::Ruleset { file, message } => text(
            "ruleset",
            lang,
            &[("file", file.as_str()), ("message", message)],
        ),
        E::Config { file, message } => text(
            "config",
            lang,
            &[
                ("file", file.as_str()),
                ("message", &position(message, lang)),
            ],
        ),
        E::Report { file, message } => text(
            "report-file",
            lang,
            &[("file", file.as_str()), ("message", message)],
        ),
        E::Read { path: p, source } => text(
            "read",
            lang,
            &[("path", &path(p)), ("reason", &messages::io(source, lang))],
        ),
        E::Write { path: p, source } => text(
            "write",
            lang,
            &[("path", &path(p)), ("reason", &messages::io(source, lang))],
        ),
        E::NothingAudited(reason) => text("nothing-audited", lang, &[("reason", reason)]),
        E::Store { path: p, message } => {
            text("store", lang, &[("path", &path(p)), ("message", message)])
        }
        E::Client(message) => text("client", lang, &[("message", message)]),
        E::NoBrowser(message) => text("no-browser", lang, &[("message", message)]),
        E::NotAStore(p) => text("not-a-store", lang, &[("path", &path(p))]),
        E::NothingToResume(p) => text("nothing-to-resume", lang, &[("path", &path(p))]),
        E::StoppedBeforeStore(p) => text("stopped-before-store", lang, &[("path", &path(p))]),
        E::UnfinishedStore(p) => text("unfinished-store", lang, &[("path", &path(p))]),
        E::StoreInUse { path: p, pid } => text(
            "store-in-use",
            lang,
            &[("path", &path(p)), ("pid", pid.as_str())],
        ),
        E::UnknownRule(id) => text("unknown-rule", lang, &[("id", id)]),
        E::UnknownFormat { name, known } => text(
            "unknown-format",
            lang,
            &[("name", name.as_str()), ("known", known)],
        ),
        E::BadDate {
            option,
            text: given,
        } => text(
            "bad-date",
            lang,
            &[("option", option.as_str()), ("text", given)],
        ),
        E::NoScheme(url) => text("no-scheme", lang, &[("url", url)]),
        E::NoTarget => text("no-target", lang, &[]),
        E::Exists(p) => text("exists", lang, &[("path", &path(p))]),
        E::UnknownRole {
            role,
            known,
            suggestion,
        } => {
            let mut said = text(
                "unknown-role",
                lang,
                &[("role", role.as_str()), ("known", known)],
            );
            if let Some(suggestion) = suggestion {
                said.push_str("; ");
                said.push_str(&text(
                    "usage-did-you-mean",
                    lang,
                    &[("suggestion", suggestion)],
                ));
            }
            said
        }
        E::NoInput(input) => text("no-input", lang, &[("input", input)]),
        E::BadShard(given) => text("bad-shard", lang, &[("text", given)]),
        E::UnknownSite { name, known } => text(
            "unknown-site",
            lang,
            &[("name", name.as_str()), ("known", known)],
        ),
        E::Merge(merge) => describe_merge(merge, lang),
        E::UnsupportedScheme(input) => text("unsupported-scheme", lang, &[("input", input)]),
        // Free text (a few rare usage errors) and variants added later.
        other => other.to_string(),
    }
}

/// Why reports cannot be merged, in `lang`.
fn describe_merge(err: &portal_audit::error::MergeError, lang: Lang) -> String {
    use portal_audit::error::MergeError as M;
    match err {
        M::Nothing => text("merge-nothing", lang, &[]),
        M::Differs {
            file,
            first,
            field,
            ours,
            theirs,
        } => {
            let field = text(&format!("merge-field.{}", field.id()), lang, &[]);
            text(
                "merge-differs",
                lang,
                &[
                    ("file", file.as_str()),
                    ("first", first),
                    ("field", &field),
                    ("ours", ours),
                    ("theirs", theirs),
                ],
            )
        }
        M::Overlap {
            site,
            first,
            second,
        } => text(
            "merge-overlap",
            lang,
            &[
                ("site", site.as_str()),
                ("first", first),
                ("second", second),
            ],
        ),
        M::MissingShard { shard, count, last } | M::TwiceShard { shard, count, last } => text(
            if matches!(err, M::TwiceShard { .. }) {
                "merge-shard-twice"
            } else {
                "merge-shard-missing"
            },
            lang,
            &[
                ("shard", shard.as_str()),
                ("count", &count.to_string()),
                ("last", &last.to_string()),
            ],
        ),
    }
}

/// A parser detail that starts with `line N: ` (as `config.rs` writes it)
/// says "dòng N" in Vietnamese; the parser's own words stay as they are.
fn position(message: &str, lang: Lang) -> String {
    if lang == Lang::Vi
        && let Some(rest) = message.strip_prefix("line ")
        && let Some((number, detail)) = rest.split_once(": ")
        && number.chars().all(|c| c.is_ascii_digit())
    {
        return format!("dòng {number}: {detail}");
    }
    message.to_string()
}

/// What to do about the usual mistakes.
fn hint(err: &anyhow::Error, lang: Lang) -> Option<String> {
    match err.downcast_ref::<portal_audit::Error>()? {
        portal_audit::Error::Write { .. } => Some(text("hint-write", lang, &[])),
        portal_audit::Error::Store { .. } => Some(text("hint-store", lang, &[])),
        portal_audit::Error::Read { path, .. } if path.extension().is_some_and(|e| e == "toml") => {
            Some(text(
                "hint-config",
                lang,
                &[("path", &path.display().to_string())],
            ))
        }
        _ => None,
    }
}

fn init_logging(global: &cli::Global) {
    // The log lines the library words (-v, -vv, warnings) follow --lang.
    portal_audit::messages::set_log_lang(global.lang);
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
    // Log lines carry page-derived text (URLs, a server's error detail):
    // every line goes through the safe-output helper, so a control
    // character or bidi override shows as itself instead of acting; the
    // level is therefore not coloured.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| SafeStderr)
        .with_target(false)
        .with_ansi(false)
        .try_init();
}

/// Standard error through [`portal_audit::report::safe::visible_in_page`]
/// (line breaks and tabs kept): the writer of `-v` / `-vv` log lines.
struct SafeStderr;

impl std::io::Write for SafeStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let shown = portal_audit::report::safe::visible_in_page(&text);
        std::io::stderr().write_all(shown.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_found_before_parsing() {
        let args = |list: &[&str]| {
            list.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lang_in_args(args(&["pa", "check", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(lang_in_args(args(&["pa", "--lang=en", "x"])), Lang::En);
        assert_eq!(lang_in_args(args(&["pa", "--lang", "vi"])), Lang::Vi);
        assert_eq!(lang_in_args(args(&["pa", "check", "--frob"])), Lang::Vi);
    }

    #[test]
    fn every_typed_error_has_both_languages() {
        let errors = [
            portal_audit::Error::UnknownRule("x".into()),
            portal_audit::Error::NoTarget,
            portal_audit::Error::NoInput("a".into()),
            portal_audit::Error::UnsupportedScheme("ftp://a".into()),
            portal_audit::Error::BadShard("3/3".into()),
            portal_audit::Error::NothingToResume("out/audit.sqlite".into()),
            portal_audit::Error::StoppedBeforeStore("out/audit.sqlite".into()),
            portal_audit::Error::UnfinishedStore("out/audit.sqlite".into()),
            portal_audit::Error::UnknownSite {
                name: "x".into(),
                known: "portal, sokhdt".into(),
            },
            portal_audit::Error::Merge(portal_audit::error::MergeError::Differs {
                file: "b.json".into(),
                first: "a.json".into(),
                field: portal_audit::error::MergeField::AsOf,
                ours: "2026-11-28".into(),
                theirs: "2025-01-01".into(),
            }),
            portal_audit::Error::Merge(portal_audit::error::MergeError::TwiceShard {
                shard: "1/3".into(),
                count: 3,
                last: 2,
            }),
        ];
        for err in &errors {
            let vi = describe(err, Lang::Vi);
            let en = describe(err, Lang::En);
            assert_ne!(vi, en);
            assert_eq!(en, err.to_string(), "English says what Display says");
        }
    }
}
