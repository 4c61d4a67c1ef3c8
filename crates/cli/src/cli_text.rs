//! `--help` and clap's own messages in the user's language.
//!
//! The English texts are the doc comments on the clap derive types, so they stay beside
//! the argument they describe. The Finnish and Swedish texts are rows of the catalogue
//! (`microcred-text`, table `cli`) whose English column is that same doc comment: one
//! English sentence is translated once however many commands share it, and a doc comment
//! edited without its translation is found by the test below (and, for the reader, shows
//! in English rather than not at all).
//!
//! The language has to be known before clap parses (the help it prints is built from the
//! command tree), so it is read from the raw arguments and the environment first
//! ([`lang_from_args`]); clap's `--lang` only documents and accepts it.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use microcred_model::Lang;
use microcred_text::t;

/// `--lang X` or `--lang=X` anywhere before `--`, if X is one of our languages.
pub fn lang_from_args(args: &[OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let a = a.to_str().unwrap_or("");
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it
                .next()
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse().ok());
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return v.parse().ok();
        }
    }
    None
}

/// The Finnish or Swedish text of an English `--help` text, from the catalogue's `cli`
/// table; `None` when it has none (the English then stays).
pub fn translate(lang: Lang, english: &str) -> Option<&'static str> {
    let english = english.trim();
    microcred_text::catalogue::cli::TEXTS
        .iter()
        .find(|(_, _, _, en)| *en == english)
        .map(|row| microcred_text::text_of(row, lang))
}

/// The command tree with every text in `lang`: `about`, argument help, the headings, the
/// generated `--help`/`--version`/`help`, defaults and possible values.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let top = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(t!(lang, "cli_print_version")),
    );
    localize_one(top, lang)
}

fn localize_one(mut cmd: Command, lang: Lang) -> Command {
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(|a| a.to_string());
    if let Some(text) = about.as_deref().and_then(|a| translate(lang, a)) {
        cmd = cmd.about(text).long_about(None);
    }
    cmd = cmd.mut_args(|arg| localize_arg(arg, lang));
    let has_subcommands = cmd.has_subcommands();
    let has_positionals = cmd.get_positionals().any(|a| !a.is_hide_set());
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t!(lang, "cli_print_help")),
        )
        .help_template(template(lang, has_subcommands, has_positionals));
    if has_subcommands {
        cmd = cmd.mut_subcommands(|sub| localize_one(sub, lang));
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new("help")
                .about(t!(lang, "cli_help_command"))
                .disable_help_flag(true)
                .help_template(template(lang, false, true))
                .arg(
                    Arg::new("command")
                        .action(ArgAction::Append)
                        .num_args(..)
                        .value_name(t!(lang, "cli_value_command"))
                        .help(t!(lang, "cli_help_command_arg")),
                ),
        );
    }
    cmd
}

fn localize_arg(mut arg: Arg, lang: Lang) -> Arg {
    let help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(|h| h.to_string());
    let mut text = match help.as_deref() {
        Some(h) => translate(lang, h).unwrap_or(h).to_string(),
        None => String::new(),
    };
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        text.push_str(&format!(
            " [{}: {}]",
            t!(lang, "cli_default"),
            defaults.join(", ")
        ));
        arg = arg.hide_default_value(true);
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    // A flag's possible values are true/false; clap does not list them either.
    if !values.is_empty() && arg.get_action().takes_values() && !arg.is_hide_possible_values_set() {
        text.push_str(&format!(
            " [{}: {}]",
            t!(lang, "cli_possible_values"),
            values.join(", ")
        ));
        arg = arg.hide_possible_values(true);
    }
    if text.is_empty() {
        arg
    } else {
        arg.help(text).long_help(None)
    }
}

/// clap's layout with our headings; a section is named only when the command has it.
fn template(lang: Lang, subcommands: bool, positionals: bool) -> String {
    let mut s = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n",
        t!(lang, "cli_heading_usage")
    );
    if subcommands {
        s.push_str(&format!(
            "\n{}:\n{{subcommands}}\n",
            t!(lang, "cli_heading_commands")
        ));
    }
    if positionals {
        s.push_str(&format!(
            "\n{}:\n{{positionals}}\n",
            t!(lang, "cli_heading_arguments")
        ));
    }
    s.push_str(&format!(
        "\n{}:\n{{options}}{{after-help}}",
        t!(lang, "cli_heading_options")
    ));
    s
}

/// `microcred [PATH…] help [COMMAND…]`: the help of that command (or, for a name that is
/// no command, the error to print), or `None` when the arguments asked for something else.
/// Our own `help` subcommand (clap's says its about in English), so it is found before the
/// derive types read the matches.
pub fn help_request(
    cmd: &mut Command,
    matches: &clap::ArgMatches,
    lang: Lang,
) -> Option<Result<String, String>> {
    let mut path: Vec<String> = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        if name == "help" {
            if let Some(rest) = sub.get_many::<String>("command") {
                path.extend(rest.cloned());
            }
            cmd.build();
            let mut target = &mut *cmd;
            for name in &path {
                target = match target.find_subcommand_mut(name) {
                    Some(t) => t,
                    None => {
                        return Some(Err(format!(
                            "{}: {}\n\n{}\n",
                            t!(lang, "cli_error"),
                            t!(lang, "cli_error_unknown_command", command = name),
                            t!(lang, "cli_error_more")
                        )))
                    }
                };
            }
            let mut help = target.render_long_help().to_string();
            if !help.ends_with('\n') {
                help.push('\n');
            }
            return Some(Ok(help));
        }
        path.push(name.to_string());
        m = sub;
    }
    None
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// clap's error said in `lang`: what was wrong, the usage line, and where to read more.
/// Help and version requests are printed as they are (they are already localised).
pub fn clap_error(e: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidValue if value.is_empty() => {
            t!(lang, "cli_error_no_value", arg = arg)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = context(e, ContextKind::ValidValue);
            let mut m = t!(lang, "cli_error_invalid_value", value = value, arg = arg);
            if !valid.is_empty() {
                m.push_str(&format!(" [{}: {valid}]", t!(lang, "cli_possible_values")));
            }
            m
        }
        ErrorKind::UnknownArgument => {
            t!(lang, "cli_error_unknown_argument", arg = arg)
        }
        ErrorKind::InvalidSubcommand => {
            let command = context(e, ContextKind::InvalidSubcommand);
            t!(lang, "cli_error_unknown_command", command = command)
        }
        ErrorKind::MissingRequiredArgument => {
            t!(lang, "cli_error_missing_argument", arg = arg)
        }
        ErrorKind::MissingSubcommand => t!(lang, "cli_error_missing_command").to_string(),
        ErrorKind::ArgumentConflict => t!(
            lang,
            "cli_error_conflict",
            arg = arg,
            other = context(e, ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            t!(lang, "cli_error_values", arg = arg)
        }
        ErrorKind::InvalidUtf8 => t!(lang, "cli_error_utf8").to_string(),
        _ => t!(lang, "cli_error_other").to_string(),
    };
    let mut out = format!("{}: {message}\n", t!(lang, "cli_error"));
    let tip = context(e, ContextKind::SuggestedArg);
    let tip = if tip.is_empty() {
        context(e, ContextKind::SuggestedSubcommand)
    } else {
        tip
    };
    if !tip.is_empty() {
        out.push_str(&format!("  {}\n", t!(lang, "cli_error_tip", tip = tip)));
    }
    let usage = context(e, ContextKind::Usage);
    if let Some(usage) = usage.trim().strip_prefix("Usage:") {
        out.push_str(&format!(
            "\n{}: {}\n",
            t!(lang, "cli_heading_usage"),
            usage.trim()
        ));
    }
    out.push_str(&format!("\n{}\n", t!(lang, "cli_error_more")));
    Some(out)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every `about` and argument help of every command, with where it is.
    fn texts(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let path = format!("{path} {}", cmd.get_name()).trim().to_string();
        if let Some(a) = cmd.get_long_about().or(cmd.get_about()) {
            out.push((path.clone(), a.to_string()));
        }
        for arg in cmd.get_arguments() {
            if let Some(h) = arg.get_long_help().or(arg.get_help()) {
                out.push((format!("{path} --{}", arg.get_id()), h.to_string()));
            }
        }
        for sub in cmd.get_subcommands() {
            texts(sub, &path, out);
        }
    }

    /// A doc comment added or changed without its Finnish and Swedish text fails here,
    /// listing each with the row to add.
    #[test]
    fn every_help_text_has_finnish_and_swedish() {
        let mut all = Vec::new();
        texts(&crate::Cli::command(), "", &mut all);
        let missing: Vec<String> = all
            .iter()
            .filter(|(_, en)| translate(Lang::Fi, en).is_none())
            .map(|(at, en)| format!("{at}: (\"cli_…\", \"\", \"\", {en:?}),"))
            .collect();
        assert!(
            missing.is_empty(),
            "{} help texts have no fi/sv row in crates/text/src/catalogue/cli.rs:\n{}",
            missing.len(),
            missing.join("\n")
        );
    }

    #[test]
    fn the_language_is_read_before_clap() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_from_args(&args(&["microcred", "spec", "--lang", "sv"])),
            Some(Lang::Sv)
        );
        assert_eq!(
            lang_from_args(&args(&["microcred", "--lang=fi-FI", "verify"])),
            Some(Lang::Fi)
        );
        assert_eq!(
            lang_from_args(&args(&["microcred", "--", "--lang", "fi"])),
            None
        );
        assert_eq!(lang_from_args(&args(&["microcred", "--lang"])), None);
    }

    #[test]
    fn the_tree_is_valid_in_every_language() {
        for lang in Lang::ALL {
            localize(crate::Cli::command(), lang).debug_assert();
        }
    }
}
