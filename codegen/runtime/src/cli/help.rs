//! `help` texts, from the model's documentation.

use std::fmt::Write as _;

use super::{Kind, Member, Service};

/// The service's commands and the global options.
pub(super) fn service(service: &Service) -> String {
    let program = service.program;
    let mut text = format!("{program}: {}\n\n{}\n\n", service.title, indent(service.docs, 2));
    text.push_str(&format!(
        "USAGE\n  {program} <command> [--member VALUE]... [global options]\n  {program} <command> help\n  \
         {program} wait <waiter> [--member VALUE]...\n\nCOMMANDS\n"
    ));
    for operation in service.operations {
        let _ = writeln!(text, "  {}", operation.command);
    }
    if !service.waiters.is_empty() {
        text.push_str("  wait\n");
    }
    text.push_str(GLOBAL_OPTIONS);
    text
}

/// The waiters.
pub(super) fn waiters(service: &Service) -> String {
    let mut text = format!("{} wait <waiter> [--member VALUE]...\n\nWAITERS\n", service.program);
    for waiter in service.waiters {
        let _ = writeln!(text, "  {} (polls {})", waiter.command, service.operations[waiter.operation].command);
    }
    text
}

/// One operation: its documentation, synopsis and flags.
pub(super) fn operation(service: &Service, index: usize) -> String {
    let operation = &service.operations[index];
    let mut text =
        format!("{} {}\n\nDESCRIPTION\n{}\n\n", service.program, operation.command, indent(operation.docs, 2));
    synopsis_and_options(&mut text, &format!("{} {}", service.program, operation.command), operation.members);
    if operation.paginator.is_some() {
        text.push_str(
            "\n  --no-paginate, --max-items N, --starting-token TOKEN, --page-size N\n     \
             All pages are requested and merged unless --no-paginate is given.\n",
        );
    }
    text.push_str(GLOBAL_OPTIONS);
    text
}

/// One waiter: what it polls and the flags of that operation.
pub(super) fn waiter(service: &Service, index: usize) -> String {
    let waiter = &service.waiters[index];
    let operation = &service.operations[waiter.operation];
    let mut text = format!(
        "{} wait {}\n\nDESCRIPTION\n{}\n\n  Polls `{}` until the waiter's condition holds (exit 0) or fails (exit 255).\n\n",
        service.program,
        waiter.command,
        indent(waiter.docs, 2),
        operation.command
    );
    synopsis_and_options(&mut text, &format!("{} wait {}", service.program, waiter.command), operation.members);
    text
}

fn synopsis_and_options(text: &mut String, command: &str, members: &[Member]) {
    let _ = writeln!(text, "SYNOPSIS\n  {command}");
    for member in members {
        let usage = usage(member);
        if member.required {
            let _ = writeln!(text, "    {usage}");
        } else {
            let _ = writeln!(text, "    [{usage}]");
        }
    }
    text.push_str("    [--cli-input-json <value>]\n    [--generate-cli-skeleton <input|output>]\n\nOPTIONS\n");
    for member in members {
        let required = if member.required { ", required" } else { "" };
        let _ = writeln!(text, "  --{} ({}{required})", member.flag, kind_name(&member.kind));
        if let Kind::Enum(values) = member.kind {
            let _ = writeln!(text, "     Possible values: {}", values.join(", "));
        }
        let _ = writeln!(text, "{}\n", indent(member.docs, 5));
    }
}

fn usage(member: &Member) -> String {
    match member.kind {
        Kind::Boolean => format!("--{0} | --no-{0}", member.flag),
        Kind::List(_) => format!("--{} <value> [<value>...]", member.flag),
        _ => format!("--{} <{}>", member.flag, kind_name(&member.kind)),
    }
}

fn kind_name(kind: &Kind) -> String {
    match kind {
        Kind::String => "string".to_owned(),
        Kind::Integer => "integer".to_owned(),
        Kind::Float => "float".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Timestamp(_) => "timestamp".to_owned(),
        Kind::Blob => "blob".to_owned(),
        Kind::Enum(_) => "string".to_owned(),
        Kind::List(element) => format!("list of {}", kind_name(element)),
        Kind::Map(_) => "map: JSON or k1=v1,k2=v2".to_owned(),
        Kind::Structure(fields) => {
            let names: Vec<String> = fields.iter().map(|f| format!("{}=…", f.name)).collect();
            format!("structure: JSON or {}", names.join(","))
        }
        Kind::Document => "document, JSON".to_owned(),
    }
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let text = if text.trim().is_empty() { "(no documentation)" } else { text.trim_end() };
    text.lines()
        .map(|line| if line.is_empty() { String::new() } else { format!("{pad}{line}") })
        .collect::<Vec<_>>()
        .join("\n")
}

const GLOBAL_OPTIONS: &str = "
GLOBAL OPTIONS
  --region REGION             the region to call (else AWS_REGION, the profile's region)
  --profile NAME              the profile of ~/.aws/config and ~/.aws/credentials to use
  --endpoint-url URL          send requests to this URL instead of the service's endpoint
  --cli-read-timeout SECONDS  how long one attempt may take (0: no limit)
  --cli-connect-timeout SECONDS  how long connecting may take (0: no limit)
  --output json|text|table    the output format (json by default)
  --query EXPRESSION          a JMESPath expression applied to the result
  --ca-bundle PATH            PEM certificates to trust besides the built-in roots
  --debug                     print what is sent and received to standard error
  --version                   print the version
";
