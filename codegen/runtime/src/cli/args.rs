//! The command line to a command: global options, the operation (or waiter) and the
//! input members its flags set, as wire JSON.

use serde_json::{Map, Value};

use super::value::{self, Raw};
use super::{Kind, Member, Service};

/// Options every command takes, before or after the command's name.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Globals {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub read_timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub debug: bool,
    pub output: Output,
    pub query: Option<String>,
    pub ca_bundle: Option<String>,
    pub no_paginate: bool,
    pub max_items: Option<u64>,
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
    pub cli_input_json: Option<String>,
    pub skeleton: Option<Skeleton>,
}

/// `--output`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum Output {
    #[default]
    Json,
    Text,
    Table,
}

/// What `--generate-cli-skeleton` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Skeleton {
    Input,
    Output,
}

/// What to do.
#[derive(Debug, PartialEq)]
pub(super) enum Command {
    Version,
    /// `help` alone: the service's commands.
    ServiceHelp,
    /// `wait` alone, or `wait help`: the waiters.
    WaitHelp,
    /// `<operation> help`.
    OperationHelp(usize),
    /// `wait <waiter> help`.
    WaiterHelp(usize),
    /// An operation with the members its flags set.
    Operation {
        index: usize,
        members: Map<String, Value>,
    },
    /// A waiter with the members of its operation's input.
    Wait {
        index: usize,
        members: Map<String, Value>,
    },
}

/// A parsed command line.
#[derive(Debug)]
pub(super) struct CommandLine {
    pub globals: Globals,
    pub command: Command,
}

/// Global options that take a value.
const VALUED: &[&str] = &[
    "region",
    "profile",
    "endpoint-url",
    "cli-read-timeout",
    "cli-connect-timeout",
    "output",
    "query",
    "ca-bundle",
    "max-items",
    "starting-token",
    "page-size",
    "cli-input-json",
];

/// Reads the arguments after the program's name.
pub(super) fn parse(service: &Service, args: &[String]) -> Result<CommandLine, String> {
    let mut globals = Globals::default();
    let mut words: Vec<&str> = Vec::new();
    let mut flags: Vec<(String, Vec<Raw>)> = Vec::new();
    let mut members: Option<&'static [Member]> = None;
    let mut index = 0;
    while index < args.len() {
        let arg = args[index].as_str();
        index += 1;
        let Some(flag) = arg.strip_prefix("--") else {
            words.push(arg);
            if members.is_none() {
                members = members_of(service, &words);
            }
            continue;
        };
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (flag, None),
        };
        if VALUED.contains(&name) {
            let value = match inline {
                Some(value) => value,
                None if index < args.len() && !args[index].starts_with("--") => {
                    index += 1;
                    args[index - 1].clone()
                }
                None => return Err(format!("--{name} expects a value")),
            };
            set_global(&mut globals, name, value)?;
            continue;
        }
        match name {
            "version" => return Ok(CommandLine { globals, command: Command::Version }),
            "debug" => globals.debug = true,
            "no-paginate" => globals.no_paginate = true,
            "no-verify-ssl" => {
                return Err("--no-verify-ssl is not supported: certificates are always verified. A private \
                            certificate authority can be trusted with --ca-bundle or AWS_CA_BUNDLE"
                    .to_owned());
            }
            "generate-cli-skeleton" => {
                let kind = inline.as_deref().or_else(|| {
                    let next = args.get(index).map(String::as_str).filter(|n| matches!(*n, "input" | "output"));
                    index += usize::from(next.is_some());
                    next
                });
                globals.skeleton = Some(match kind {
                    None | Some("input") => Skeleton::Input,
                    Some("output") => Skeleton::Output,
                    Some(other) => {
                        return Err(format!("--generate-cli-skeleton takes `input` or `output`, not `{other}`"));
                    }
                });
            }
            _ => {
                let Some(table) = members else {
                    return Err(format!("unknown option --{name} (before the command's name, only global options)"));
                };
                let (member, negated) = find_member(table, name)?;
                let mut values = Vec::new();
                if matches!(member.kind, Kind::Boolean) {
                    if let Some(value) = inline {
                        return Err(format!("--{name} takes no value (got `{value}`): use --{name} or --no-{name}"));
                    }
                    values.push(Raw::Text((!negated).to_string()));
                } else if let Some(value) = inline {
                    values.push(value::load(&value, member.flag)?);
                } else {
                    let many = matches!(member.kind, Kind::List(_));
                    while index < args.len() && !args[index].starts_with("--") {
                        values.push(value::load(&args[index], member.flag)?);
                        index += 1;
                        if !many {
                            break;
                        }
                    }
                }
                if flags.iter().any(|(seen, _)| seen == member.flag) {
                    return Err(format!("--{} is given more than once", member.flag));
                }
                flags.push((member.flag.to_owned(), values));
            }
        }
    }
    let command = command(service, &words, flags)?;
    Ok(CommandLine { globals, command })
}

/// The input members of the operation or waiter the words so far name, if they do.
fn members_of(service: &Service, words: &[&str]) -> Option<&'static [Member]> {
    match words {
        ["wait", waiter] => {
            let waiter = service.waiters.iter().find(|w| w.command == *waiter)?;
            Some(service.operations[waiter.operation].members)
        }
        [operation] => service.operations.iter().find(|op| op.command == *operation).map(|op| op.members),
        _ => None,
    }
}

/// The member a flag names, and whether it was given as `--no-<flag>`.
fn find_member(members: &'static [Member], name: &str) -> Result<(&'static Member, bool), String> {
    if let Some(member) = members.iter().find(|m| m.flag == name) {
        return Ok((member, false));
    }
    if let Some(member) = name.strip_prefix("no-").and_then(|plain| members.iter().find(|m| m.flag == plain))
        && matches!(member.kind, Kind::Boolean)
    {
        return Ok((member, true));
    }
    let close: Vec<String> = members
        .iter()
        .filter(|m| m.flag.contains(name) || name.contains(m.flag))
        .map(|m| format!("--{}", m.flag))
        .collect();
    let hint = if close.is_empty() { String::new() } else { format!(" (did you mean {}?)", close.join(", ")) };
    Err(format!("unknown option --{name}{hint}"))
}

fn set_global(globals: &mut Globals, name: &str, value: String) -> Result<(), String> {
    let number = |value: &str| -> Result<f64, String> {
        value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| format!("--{name} expects a number of seconds, not `{value}`"))
    };
    match name {
        "region" => globals.region = Some(value),
        "profile" => globals.profile = Some(value),
        "endpoint-url" => globals.endpoint_url = Some(value),
        "cli-read-timeout" => globals.read_timeout = Some(number(&value)?),
        "cli-connect-timeout" => globals.connect_timeout = Some(number(&value)?),
        "output" => {
            globals.output = match value.as_str() {
                "json" => Output::Json,
                "text" => Output::Text,
                "table" => Output::Table,
                other => return Err(format!("--output `{other}` is not one of json, text, table")),
            }
        }
        "query" => globals.query = Some(value),
        "ca-bundle" => globals.ca_bundle = Some(value),
        "max-items" => {
            let n = value.parse::<u64>().ok().filter(|n| *n > 0);
            globals.max_items = Some(n.ok_or_else(|| format!("--max-items expects a positive number, not `{value}`"))?);
        }
        "page-size" => {
            let n = value.parse::<i64>().ok().filter(|n| *n > 0);
            globals.page_size = Some(n.ok_or_else(|| format!("--page-size expects a positive number, not `{value}`"))?);
        }
        "starting-token" => globals.starting_token = Some(value),
        "cli-input-json" => globals.cli_input_json = Some(value),
        _ => return Err(format!("unknown option --{name}")),
    }
    Ok(())
}

/// The command the words name, with the members its flags set.
fn command(service: &Service, words: &[&str], flags: Vec<(String, Vec<Raw>)>) -> Result<Command, String> {
    let program = service.program;
    let help = words.last() == Some(&"help");
    let named = if help { &words[..words.len() - 1] } else { words };
    let command =
        match named {
            [] if help => return Ok(Command::ServiceHelp),
            [] => return Err(format!("a command is needed: `{program} help` lists them")),
            ["wait"] => return Ok(Command::WaitHelp),
            ["wait", waiter] => {
                let index = service.waiters.iter().position(|w| w.command == *waiter).ok_or_else(|| {
                    format!("`{waiter}` is not a waiter of {program}: `{program} wait help` lists them")
                })?;
                if help {
                    return Ok(Command::WaiterHelp(index));
                }
                Command::Wait { index, members: Map::new() }
            }
            [operation] => {
                let index = service.operations.iter().position(|op| op.command == *operation).ok_or_else(|| {
                    format!("`{operation}` is not a command of {program}: `{program} help` lists them")
                })?;
                if help {
                    return Ok(Command::OperationHelp(index));
                }
                Command::Operation { index, members: Map::new() }
            }
            [first, extra, ..] => return Err(format!("unexpected argument `{extra}` after `{first}`")),
        };
    let (table, mut command) = match command {
        Command::Wait { index, members } => {
            (service.operations[service.waiters[index].operation].members, Command::Wait { index, members })
        }
        Command::Operation { index, members } => {
            (service.operations[index].members, Command::Operation { index, members })
        }
        other => return Ok(other),
    };
    let (Command::Operation { members, .. } | Command::Wait { members, .. }) = &mut command else {
        return Ok(command);
    };
    for (flag, values) in flags {
        let Some(member) = table.iter().find(|m| m.flag == flag) else { continue };
        members.insert(member.wire.to_owned(), value::convert(&member.kind, values, &flag)?);
    }
    Ok(command)
}
