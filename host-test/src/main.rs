//! `ghl`: list, run and poll the connector's operations from a shell.
//!
//! ```text
//! ghl ops [--json]
//! ghl call KEY --input JSON|@FILE [--base-url URL]
//! ghl poll KEY --input JSON|@FILE --state FILE [--samples N] [--max-events N]
//!          [--max-pages N] [--base-url URL]
//! ghl options KEY FIELD [--input JSON|@FILE] [--base-url URL]
//! ghl webhook verify --body FILE --header NAME:VALUE... [--public-key PEMFILE]
//! ```
//! The token comes from `GHL_TOKEN`, the location from `GHL_LOCATION_ID`,
//! the company from `GHL_COMPANY_ID`. Requests go to the base URL's origin
//! only (default https://services.leadconnectorhq.com). Output is JSON on
//! stdout; an error is JSON on stderr with exit code 1 (2 for usage errors).
//!
//! `poll` prints the new events (an empty list when nothing is new; the
//! first poll of a missing or empty state file records a baseline and
//! prints samples only when `--samples` asks), then replaces the state file
//! atomically. On an error the state file is left as it was.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use ghl_host_test::{
    Connection, Connector, DEFAULT_BASE_URL, OperationKind, PollOptions, Transport, WebhookKeys,
    choices_json, error_json, operation_json, origin_of_base, poll_json, webhook_error_json,
    webhook_event_json,
};
use serde_json::{Value, json};

const USAGE: &str = "usage:
  ghl ops [--json]
  ghl call KEY --input JSON|@FILE [--base-url URL]
  ghl poll KEY --input JSON|@FILE --state FILE [--samples N] [--max-events N] [--max-pages N] [--base-url URL]
  ghl options KEY FIELD [--input JSON|@FILE] [--base-url URL]   (dropdown choices)
  ghl webhook verify --body FILE --header NAME:VALUE... [--public-key PEMFILE]
environment: GHL_TOKEN (required for call/poll/options), GHL_LOCATION_ID, GHL_COMPANY_ID";

struct Args {
    command: String,
    key: Option<String>,
    field: Option<String>,
    input: Option<String>,
    state: Option<String>,
    base_url: Option<String>,
    json: bool,
    options: PollOptions,
    body: Option<String>,
    headers: Vec<(String, String)>,
    public_key: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut argv = std::env::args().skip(1);
    let command = argv.next().unwrap_or_default();
    let mut args = Args {
        command,
        key: None,
        field: None,
        input: None,
        state: None,
        base_url: None,
        json: false,
        options: PollOptions {
            max_events: None,
            samples: None,
            max_pages: None,
        },
        body: None,
        headers: Vec::new(),
        public_key: None,
    };
    while let Some(arg) = argv.next() {
        let mut value = |name: &str| argv.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--input" => args.input = Some(value("--input")?),
            "--state" => args.state = Some(value("--state")?),
            "--base-url" => args.base_url = Some(value("--base-url")?),
            "--body" => args.body = Some(value("--body")?),
            "--public-key" => args.public_key = Some(value("--public-key")?),
            "--header" => {
                let pair = value("--header")?;
                let (name, v) = pair
                    .split_once(':')
                    .with_context(|| format!("--header {pair:?} is not NAME:VALUE"))?;
                args.headers
                    .push((name.trim().to_string(), v.trim().to_string()));
            }
            "--samples" => args.options.samples = Some(number(value("--samples")?)?),
            "--max-events" => args.options.max_events = Some(number(value("--max-events")?)?),
            "--max-pages" => args.options.max_pages = Some(number(value("--max-pages")?)?),
            "--json" => args.json = true,
            "-h" | "--help" => bail!("{USAGE}"),
            other if other.starts_with('-') => bail!("unknown option {other}\n{USAGE}"),
            other if args.key.is_none() => args.key = Some(other.to_string()),
            other if args.command == "options" && args.field.is_none() => {
                args.field = Some(other.to_string())
            }
            other => bail!("unexpected argument {other}\n{USAGE}"),
        }
    }
    Ok(args)
}

fn number(text: String) -> Result<u32> {
    text.parse()
        .with_context(|| format!("{text:?} is not a whole number"))
}

/// Replaces `path` with `text` in one rename, so a crash never leaves half
/// a state.
fn write_atomically(path: &str, text: &str) -> Result<()> {
    let tmp = format!("{path}.tmp");
    std::fs::write(&tmp, text).with_context(|| format!("write {tmp}"))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replace {path}"))
}

fn read_input(arg: Option<&str>) -> Result<String> {
    match arg {
        None => Ok("{}".into()),
        Some(path) if path.starts_with('@') => {
            std::fs::read_to_string(&path[1..]).with_context(|| format!("read {}", &path[1..]))
        }
        Some(text) => Ok(text.to_string()),
    }
}

fn env_opt(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn connection(base_url: &str) -> Result<Connection> {
    let Some(token) = env_opt("GHL_TOKEN") else {
        bail!("set GHL_TOKEN to a Private Integration Token or an OAuth access token");
    };
    Ok(Connection {
        access_token: token,
        location_id: env_opt("GHL_LOCATION_ID"),
        company_id: env_opt("GHL_COMPANY_ID"),
        base_url: Some(base_url.to_string()),
        // The runner uses the token as it is; a host that stores OAuth
        // refresh credentials passes them here and keeps `refreshed`.
        oauth: None,
    })
}

/// Exit code 1 with the component's error as JSON on stderr.
fn fail(err: &ghl_host_test::ConnectorError) -> ExitCode {
    eprintln!("{}", json!({"error": error_json(err)}));
    ExitCode::from(1)
}

async fn run(args: Args) -> Result<ExitCode> {
    let connector = Connector::load()?;
    if args.command == "ops" {
        let ops = connector.operations().await?;
        if args.json {
            let list: Vec<Value> = ops.iter().map(operation_json).collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
        } else {
            for op in &ops {
                let kind = match op.kind {
                    OperationKind::Trigger => "trigger",
                    OperationKind::Action => "action",
                    OperationKind::Webhook => "webhook",
                };
                println!("{:<40} {:<8} {:<7} {}", op.key, kind, op.method, op.path);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let key = args.key.as_deref().context(USAGE)?;
    if args.command == "webhook" {
        return verify_webhook(&connector, key, &args).await;
    }
    let base_url = args
        .base_url
        .clone()
        .or_else(|| env_opt("GHL_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    let transport = Transport::Network {
        allowed_origin: origin_of_base(&base_url)?,
        timeout: Duration::from_secs(30),
    };
    let conn = connection(&base_url)?;
    let input = read_input(args.input.as_deref())?;
    match args.command.as_str() {
        "call" => match connector.run_action(&transport, &conn, key, &input).await? {
            Ok(output) => {
                let value: Value = serde_json::from_str(&output.output)?;
                println!("{}", serde_json::to_string_pretty(&value)?);
                Ok(ExitCode::SUCCESS)
            }
            Err(err) => Ok(fail(&err.error)),
        },
        "poll" => {
            let state_file = args.state.as_deref().context("poll needs --state FILE")?;
            let state = match std::fs::read_to_string(state_file) {
                Ok(text) if !text.trim().is_empty() => Some(text),
                _ => None,
            };
            match connector
                .poll_trigger(
                    &transport,
                    &conn,
                    key,
                    &input,
                    state.as_deref(),
                    args.options,
                )
                .await?
            {
                Ok(result) => {
                    let printed = poll_json(&result);
                    println!("{}", serde_json::to_string_pretty(&printed["events"])?);
                    if result.more {
                        eprintln!("more new items are waiting: poll again");
                    }
                    write_atomically(state_file, &result.state)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(err) => Ok(fail(&err.error)),
            }
        }
        "options" => {
            let field = args.field.as_deref().context("options needs KEY FIELD")?;
            match connector
                .list_options(&transport, &conn, key, field, &input)
                .await?
            {
                Ok(list) => {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&choices_json(&list.choices))?
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(err) => Ok(fail(&err.error)),
            }
        }
        other => bail!("unknown command {other:?}\n{USAGE}"),
    }
}

/// `ghl webhook verify`: the parsed event on stdout, or the refusal as
/// JSON on stderr with exit code 1. The public key applies to the scheme
/// of the signature header given (`x-ghl-signature`: Ed25519, else RSA).
async fn verify_webhook(connector: &Connector, verb: &str, args: &Args) -> Result<ExitCode> {
    if verb != "verify" {
        bail!("unknown webhook command {verb:?}\n{USAGE}");
    }
    let path = args
        .body
        .as_deref()
        .context("webhook verify needs --body FILE")?;
    let body = std::fs::read(path).with_context(|| format!("read {path}"))?;
    let key = match &args.public_key {
        Some(path) => Some(std::fs::read_to_string(path).with_context(|| format!("read {path}"))?),
        None => None,
    };
    let ed25519 = args
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("x-ghl-signature"));
    let keys = WebhookKeys {
        ed25519: key.clone().filter(|_| ed25519),
        rsa: key.filter(|_| !ed25519),
    };
    match connector
        .verify_webhook(&body, &args.headers, &keys)
        .await?
    {
        Ok(event) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&webhook_event_json(&event))?
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("{}", json!({"error": webhook_error_json(&err)}));
            Ok(ExitCode::from(1))
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match parse_args() {
        Ok(args) => run(args).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!(
                "{}",
                json!({"error": {"kind": "usage", "message": format!("{e:#}")}})
            );
            ExitCode::from(2)
        }
    }
}
