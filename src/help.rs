//! `--help` in Vietnamese. The English texts are the doc comments and
//! `after_help` examples of `cli.rs`; their Vietnamese versions are data, in
//! `src/help.toml`, put onto the clap command tree before it parses. A test
//! checks that every command, argument and example has its Vietnamese text and
//! that the file names nothing the command line does not have.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use clap::builder::Resettable;
use clap::{Arg, Command};
use portal_audit::ruleset::Lang;
use serde::Deserialize;

const HELP: &str = include_str!("help.toml");

/// The Vietnamese texts.
#[derive(Debug, Deserialize)]
struct Table {
    /// A command's one-line description, by command name.
    about: BTreeMap<String, String>,
    /// An argument's help: by `command.id` when a command words it its own
    /// way, else by `id` (the same text wherever it appears).
    arg: BTreeMap<String, String>,
    /// The text after the options (examples, notes), by command name.
    after: BTreeMap<String, String>,
    /// Section titles and the texts of the flags clap adds.
    words: Words,
}

#[derive(Debug, Deserialize)]
struct Words {
    usage: String,
    commands: String,
    arguments: String,
    options: String,
    help: String,
    version: String,
    help_command: String,
    /// Before an argument's default value.
    default: String,
    /// Before an argument's possible values.
    values: String,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(HELP).expect("src/help.toml parses (tested)"))
}

/// The command tree in `lang`: as derived for English, with the Vietnamese
/// texts put on it otherwise.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so the flags and the `help` command clap adds exist.
    cmd.build();
    localize_command(cmd, table())
}

fn localize_command(mut cmd: Command, table: &Table) -> Command {
    let name = cmd.get_name().to_string();
    if let Some(about) = table.about.get(&name) {
        cmd = cmd.about(about.clone()).long_about(None);
    }
    if let Some(after) = table.after.get(&name) {
        cmd = cmd
            .after_help(after.clone())
            .after_long_help(Resettable::Reset);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = match id.as_str() {
            "help" => Some(&table.words.help),
            "version" => Some(&table.words.version),
            _ => table
                .arg
                .get(&format!("{name}.{id}"))
                .or_else(|| table.arg.get(&id)),
        };
        if let Some(text) = text {
            let words = &table.words;
            cmd = cmd.mut_arg(&id, |a: Arg| {
                // clap words the default and the possible values in English:
                // they are written here instead.
                let mut text = text.clone();
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                let takes_value = a.get_action().takes_values();
                if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
                    text.push_str(&format!(" [{}: {}]", words.default, defaults.join(", ")));
                }
                let values: Vec<String> = a
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                if takes_value && !values.is_empty() && !a.is_hide_possible_values_set() {
                    text.push_str(&format!(" [{}: {}]", words.values, values.join(", ")));
                }
                a.help(text)
                    .long_help(Resettable::Reset)
                    .hide_default_value(true)
                    .hide_possible_values(true)
            });
        }
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subcommands {
        cmd = cmd.mut_subcommand(&sub, |s| {
            if sub == "help" {
                s.about(table.words.help_command.clone())
            } else {
                localize_command(s, table)
            }
        });
    }
    let has = |what: fn(&Arg) -> bool| cmd.get_arguments().any(|a| !a.is_hide_set() && what(a));
    let mut sections = vec![format!("{}: {{usage}}", table.words.usage)];
    if cmd.has_subcommands() {
        sections.push(format!("{}:\n{{subcommands}}", table.words.commands));
    }
    if has(Arg::is_positional) {
        sections.push(format!("{}:\n{{positionals}}", table.words.arguments));
    }
    if has(|a| !a.is_positional()) {
        sections.push(format!("{}:\n{{options}}", table.words.options));
    }
    let template = format!(
        "{{about-with-newline}}\n{}{{after-help}}",
        sections.join("\n\n")
    );
    cmd.help_template(template)
}

/// Whether an argument is a flag clap itself adds (`--help`, `--version`).
#[cfg(test)]
fn is_builtin(arg: &Arg) -> bool {
    use clap::ArgAction;
    matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use unicode_normalization::UnicodeNormalization;

    use super::*;

    /// Every (key, text) the English tree has: commands, arguments, examples.
    fn english() -> (Vec<String>, Vec<(String, String)>, Vec<String>) {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut abouts = Vec::new();
        let mut args = Vec::new();
        let mut afters = Vec::new();
        let mut stack = vec![cmd];
        while let Some(cmd) = stack.pop() {
            let name = cmd.get_name().to_string();
            if name == "help" {
                continue;
            }
            abouts.push(name.clone());
            if cmd.get_after_help().is_some() {
                afters.push(name.clone());
            }
            for arg in cmd.get_arguments().filter(|a| !is_builtin(a)) {
                args.push((name.clone(), arg.get_id().to_string()));
            }
            stack.extend(cmd.get_subcommands().cloned());
        }
        (abouts, args, afters)
    }

    #[test]
    fn every_command_argument_and_example_has_its_vietnamese_text() {
        let table = table();
        let (abouts, args, afters) = english();
        let mut wrong: Vec<String> = Vec::new();
        for name in &abouts {
            if !table.about.contains_key(name) {
                wrong.push(format!("missing [about] {name}"));
            }
        }
        for name in &afters {
            if !table.after.contains_key(name) {
                wrong.push(format!("missing [after] {name}"));
            }
        }
        for (command, id) in &args {
            if !table.arg.contains_key(&format!("{command}.{id}")) && !table.arg.contains_key(id) {
                wrong.push(format!("missing [arg] {command}.{id} or {id}"));
            }
        }
        // Nothing in the file that the command line does not have.
        for key in table.about.keys().filter(|k| !abouts.contains(k)) {
            wrong.push(format!("stale [about] {key}"));
        }
        for key in table.after.keys().filter(|k| !afters.contains(k)) {
            wrong.push(format!("stale [after] {key}"));
        }
        for key in table.arg.keys() {
            let known = match key.split_once('.') {
                Some((command, id)) => args.iter().any(|(c, i)| c == command && i == id),
                None => args.iter().any(|(_, i)| i == key),
            };
            if !known {
                wrong.push(format!("stale [arg] {key}"));
            }
        }
        assert!(wrong.is_empty(), "src/help.toml: {wrong:#?}");
    }

    #[test]
    fn the_texts_are_nfc() {
        let table = table();
        let words = &table.words;
        let all = table
            .about
            .values()
            .chain(table.arg.values())
            .chain(table.after.values())
            .chain([
                &words.usage,
                &words.commands,
                &words.arguments,
                &words.options,
                &words.help,
                &words.version,
                &words.help_command,
                &words.default,
                &words.values,
            ]);
        for text in all {
            assert!(!text.trim().is_empty());
            assert_eq!(text.nfc().collect::<String>(), *text, "not NFC: {text}");
        }
    }

    #[test]
    fn help_is_vietnamese_by_default_and_english_on_request() {
        let vi = localize(crate::cli::Cli::command(), Lang::Vi)
            .find_subcommand_mut("audit")
            .expect("audit")
            .render_help()
            .to_string();
        assert!(vi.contains("Cách dùng: portal-audit audit"), "{vi}");
        assert!(vi.contains("Tùy chọn:"), "{vi}");
        assert!(vi.contains("Tiếp tục một lượt kiểm tra bị ngắt"), "{vi}");
        assert!(vi.contains("Ví dụ:"), "{vi}");
        assert!(
            !vi.contains("Continue the interrupted audit in the store"),
            "{vi}"
        );
        let en = localize(crate::cli::Cli::command(), Lang::En)
            .find_subcommand_mut("audit")
            .expect("audit")
            .render_help()
            .to_string();
        assert!(
            en.contains("Continue the interrupted audit in the store"),
            "{en}"
        );
    }
}
