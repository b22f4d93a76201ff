//! `ghl`: the reference host. Lists, describes, runs and polls the
//! connector's operations, verifies webhooks, and serves an offline GHL
//! look-alike (the sandbox). `ghl help` prints the usage and exit codes.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use ghl_host_test::sandbox::{SANDBOX_LOCATION, SANDBOX_TOKEN, Sandbox};
use ghl_host_test::{
    CallPolicy, Connection, Connector, ConnectorError, DEFAULT_BASE_URL, DEFAULT_POLL_OPTIONS,
    Failure, OauthApp, OauthRefresh, OauthTokens, Operation, OperationKind, PollOptions, Transport,
    UserType, Watch, WebhookError, WebhookKeys, choices_json, error_json, operation_json,
    origin_of_base, poll_json, trigger_mode_name, webhook_error_json, webhook_event_json,
};
use serde_json::{Value, json};

mod tour;

const USAGE: &str = "usage:
  ghl tour                                   a guided run against the offline sandbox
  ghl ops [--category C] [--kind trigger|action|webhook] [--json]
  ghl describe KEY [--json]
  ghl call KEY [--input JSON|@FILE]
  ghl poll KEY [--input JSON|@FILE] --state FILE [--samples N] [--max-events N] [--max-pages N]
  ghl options KEY FIELD [--input JSON|@FILE]  dropdown choices
  ghl webhook verify --body FILE --header NAME:VALUE... [--public-key PEMFILE]
  ghl sandbox [--listen 127.0.0.1:PORT] [--inject 429,503,...]
  ghl serve [--listen 127.0.0.1:PORT] [--base-url URL | --sandbox] [--ed25519-key PEM] [--rsa-key PEM]
                                             the component as a REST service (wasi:http)

connection (call, poll, options):
  --token T | GHL_TOKEN            Private Integration Token or OAuth access token
  --location ID | GHL_LOCATION_ID  sub-account id
  --company ID | GHL_COMPANY_ID    agency id
  --base-url URL | GHL_BASE_URL    default https://services.leadconnectorhq.com
  --connection FILE                OAuth connection (JSON); rewritten atomically when tokens rotate
  --allow-origin URL               the only origin requests may reach (default: the base URL's)
  --sandbox [--inject 429,...]     run against an in-process sandbox instead of GHL
  --retries N  --deadline-ms N     retries of safe requests (default 2), the call's deadline (default 120000)

GHL_CACHE_DIR: where the compiled component is kept between runs (default
~/.cache/ghl-connector; empty: compile every run).

output: results are JSON on stdout; errors are one readable line on stderr,
or JSON with --json. --progress prints each request on stderr (default when
stderr is a terminal).

exit codes: 0 ok, 1 host failure, 2 usage, 3 invalid input, 4 unauthenticated
or reconnect required, 5 forbidden, 6 not found or unknown operation,
7 rejected by GHL, 8 rate limited, 9 GHL unavailable, timeout or network,
10 unexpected response, 11 webhook refused";

/// A mistake in the command line (exit code 2).
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

macro_rules! usage {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new(Usage(format!($($arg)*))))
    };
}

#[derive(Default)]
struct Args {
    command: String,
    positional: Vec<String>,
    input: Option<String>,
    state: Option<String>,
    json: bool,
    options: Option<PollOptions>,
    body: Option<String>,
    headers: Vec<(String, String)>,
    public_key: Option<String>,
    category: Option<String>,
    kind: Option<String>,
    token: Option<String>,
    location: Option<String>,
    company: Option<String>,
    base_url: Option<String>,
    connection: Option<String>,
    allow_origin: Option<String>,
    sandbox: bool,
    inject: Vec<u16>,
    listen: Option<String>,
    ed25519_key: Option<String>,
    rsa_key: Option<String>,
    progress: Option<bool>,
    retries: Option<u32>,
    deadline_ms: Option<u32>,
}

fn number(text: String) -> Result<u32> {
    match text.parse() {
        Ok(n) => Ok(n),
        Err(_) => usage!("{text:?} is not a whole number"),
    }
}

/// The poll options, created on first use.
fn poll(args: &mut Args) -> &mut PollOptions {
    args.options.get_or_insert(DEFAULT_POLL_OPTIONS)
}

fn parse_args(argv: impl Iterator<Item = String>) -> Result<Args> {
    let mut argv = argv;
    let mut args = Args {
        command: argv.next().unwrap_or_default(),
        ..Args::default()
    };
    while let Some(arg) = argv.next() {
        let mut value = |name: &str| match argv.next() {
            Some(v) => Ok(v),
            None => Err(anyhow::Error::new(Usage(format!("{name} needs a value")))),
        };
        match arg.as_str() {
            "--input" => args.input = Some(value("--input")?),
            "--state" => args.state = Some(value("--state")?),
            "--json" => args.json = true,
            "--samples" => poll(&mut args).samples = Some(number(value("--samples")?)?),
            "--max-events" => poll(&mut args).max_events = Some(number(value("--max-events")?)?),
            "--max-pages" => poll(&mut args).max_pages = Some(number(value("--max-pages")?)?),
            "--body" => args.body = Some(value("--body")?),
            "--public-key" => args.public_key = Some(value("--public-key")?),
            "--header" => {
                let pair = value("--header")?;
                let Some((name, v)) = pair.split_once(':') else {
                    usage!("--header {pair:?} is not NAME:VALUE");
                };
                args.headers
                    .push((name.trim().to_string(), v.trim().to_string()));
            }
            "--category" => args.category = Some(value("--category")?),
            "--kind" => args.kind = Some(value("--kind")?),
            "--token" => args.token = Some(value("--token")?),
            "--location" => args.location = Some(value("--location")?),
            "--company" => args.company = Some(value("--company")?),
            "--base-url" => args.base_url = Some(value("--base-url")?),
            "--connection" => args.connection = Some(value("--connection")?),
            "--allow-origin" => args.allow_origin = Some(value("--allow-origin")?),
            "--sandbox" => args.sandbox = true,
            "--inject" => {
                for status in value("--inject")?.split(',') {
                    let Ok(status) = status.trim().parse::<u16>() else {
                        usage!("--inject: {status:?} is not a status");
                    };
                    if !(status == 429 || (500..600).contains(&status)) {
                        usage!("--inject takes 429 or 5xx statuses, not {status}");
                    }
                    args.inject.push(status);
                }
            }
            "--listen" => args.listen = Some(value("--listen")?),
            "--retries" => args.retries = Some(number(value("--retries")?)?),
            "--deadline-ms" => args.deadline_ms = Some(number(value("--deadline-ms")?)?),
            "--ed25519-key" => args.ed25519_key = Some(value("--ed25519-key")?),
            "--rsa-key" => args.rsa_key = Some(value("--rsa-key")?),
            "--progress" => args.progress = Some(true),
            "--no-progress" => args.progress = Some(false),
            "-h" | "--help" => usage!("{USAGE}"),
            other if other.starts_with('-') => usage!("unknown option {other}\n{USAGE}"),
            other => args.positional.push(other.to_string()),
        }
    }
    Ok(args)
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

/// Replaces `path` with `text` so that a crash leaves the old file or the
/// new one, never half of either: write a sibling, flush it to disk, rename.
fn write_atomically(path: &str, text: &str) -> Result<()> {
    use std::io::Write;
    let tmp = format!("{path}.tmp");
    let mut file = std::fs::File::create(&tmp).with_context(|| format!("write {tmp}"))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("replace {path}"))
}

/// An OAuth connection file: the tokens and the app, rewritten when the
/// tokens rotate.
struct ConnectionFile {
    path: String,
    json: Value,
}

impl ConnectionFile {
    fn read(path: &str) -> Result<ConnectionFile> {
        let text = std::fs::read_to_string(path).with_context(|| format!("read {path}"))?;
        let json: Value =
            serde_json::from_str(&text).with_context(|| format!("{path} is not JSON"))?;
        Ok(ConnectionFile {
            path: path.to_string(),
            json,
        })
    }

    fn text(&self, key: &str) -> Option<String> {
        self.json[key]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    fn oauth(&self) -> Result<Option<OauthRefresh>> {
        let Some(refresh_token) = self.text("refresh_token") else {
            return Ok(None);
        };
        let need = |key: &str| {
            self.text(key)
                .with_context(|| format!("{}: `{key}` is needed to refresh the token", self.path))
        };
        Ok(Some(OauthRefresh {
            app: OauthApp {
                client_id: need("client_id")?,
                client_secret: need("client_secret")?,
            },
            refresh_token,
            expires_at_ms: self.json["expires_at_ms"].as_i64(),
            user_type: match self.text("user_type").as_deref() {
                Some("Company") => UserType::Company,
                _ => UserType::Location,
            },
        }))
    }

    /// Stores rotated tokens (the old refresh token no longer works).
    fn store(&mut self, tokens: &OauthTokens) -> Result<()> {
        self.json["access_token"] = json!(tokens.access_token);
        if let Some(refresh) = &tokens.refresh_token {
            self.json["refresh_token"] = json!(refresh);
        }
        self.json["expires_at_ms"] = json!(tokens.expires_at_ms);
        write_atomically(&self.path, &serde_json::to_string_pretty(&self.json)?)
    }
}

/// `--retries` / `--deadline-ms`, when given.
fn policy(args: &Args) -> Option<CallPolicy> {
    (args.retries.is_some() || args.deadline_ms.is_some()).then_some(CallPolicy {
        deadline_ms: args.deadline_ms,
        max_retries: args.retries,
    })
}

/// Where a call goes and as whom.
struct Target {
    conn: Connection,
    transport: Transport,
    file: Option<ConnectionFile>,
}

fn target(args: &Args, ops: &[Operation]) -> Result<Target> {
    let file = args
        .connection
        .as_deref()
        .map(ConnectionFile::read)
        .transpose()?;
    let from_file = |key: &str| file.as_ref().and_then(|f| f.text(key));
    let progress = args
        .progress
        .unwrap_or_else(|| std::io::stderr().is_terminal());
    if args.sandbox {
        let sandbox = Sandbox::new(ops);
        sandbox.inject(&args.inject);
        let conn = Connection {
            access_token: args
                .token
                .clone()
                .unwrap_or_else(|| SANDBOX_TOKEN.to_string()),
            location_id: Some(
                args.location
                    .clone()
                    .unwrap_or_else(|| SANDBOX_LOCATION.to_string()),
            ),
            company_id: args.company.clone(),
            base_url: None,
            oauth: None,
            policy: policy(args),
        };
        return Ok(Target {
            conn,
            transport: Transport::Sandbox(Arc::new(sandbox)),
            file: None,
        });
    }
    let base_url = args
        .base_url
        .clone()
        .or_else(|| from_file("base_url"))
        .or_else(|| env_opt("GHL_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    let Some(token) = args
        .token
        .clone()
        .or_else(|| from_file("access_token"))
        .or_else(|| env_opt("GHL_TOKEN"))
    else {
        usage!("no token: pass --token, set GHL_TOKEN, give --connection FILE, or try --sandbox");
    };
    let conn = Connection {
        access_token: token,
        location_id: args
            .location
            .clone()
            .or_else(|| from_file("location_id"))
            .or_else(|| env_opt("GHL_LOCATION_ID")),
        company_id: args
            .company
            .clone()
            .or_else(|| from_file("company_id"))
            .or_else(|| env_opt("GHL_COMPANY_ID")),
        base_url: Some(base_url.clone()),
        oauth: file
            .as_ref()
            .map(ConnectionFile::oauth)
            .transpose()?
            .flatten(),
        policy: policy(args),
    };
    let allowed_origin = match &args.allow_origin {
        Some(origin) => origin_of_base(origin)?,
        None => origin_of_base(&base_url)?,
    };
    let transport = Transport::network(
        allowed_origin,
        Duration::from_secs(30),
        Watch::new(progress),
    );
    Ok(Target {
        conn,
        transport,
        file,
    })
}

/// Exit code of a component error (see USAGE).
fn exit_code(err: &ConnectorError) -> u8 {
    match err {
        ConnectorError::InvalidInput(_) => 3,
        ConnectorError::Unauthenticated(_) | ConnectorError::ReconnectRequired(_) => 4,
        ConnectorError::Forbidden(_) => 5,
        ConnectorError::NotFound(_) | ConnectorError::UnknownOperation(_) => 6,
        ConnectorError::Rejected(_) => 7,
        ConnectorError::RateLimited(_) => 8,
        ConnectorError::Unavailable(_)
        | ConnectorError::Timeout(_)
        | ConnectorError::Transport(_) => 9,
        ConnectorError::MalformedResponse(_) | ConnectorError::TooLarge(_) => 10,
    }
}

/// One readable line for a component error.
fn explain(err: &ConnectorError) -> String {
    let api = |f: &ghl_host_test::ApiFailure| {
        let trace = f
            .trace_id
            .as_deref()
            .map(|t| format!(" (trace {t})"))
            .unwrap_or_default();
        format!("GHL answered {}: {}{trace}", f.status, f.message)
    };
    match err {
        ConnectorError::UnknownOperation(m) => format!("unknown operation: {m}"),
        ConnectorError::InvalidInput(p) if p.field.is_empty() => {
            format!("invalid input: {}", p.message)
        }
        ConnectorError::InvalidInput(p) => format!("invalid input: {} {}", p.field, p.message),
        ConnectorError::Unauthenticated(f) => {
            format!("not authenticated: {} — check the token", api(f))
        }
        ConnectorError::ReconnectRequired(f) => {
            format!("reconnect needed: {} — authorize the app again", api(f))
        }
        ConnectorError::Forbidden(f) => format!(
            "forbidden: {} — the token needs: {}",
            api(&f.failure),
            f.required_scopes.join(", ")
        ),
        ConnectorError::NotFound(f) => format!("not found: {}", api(f)),
        ConnectorError::Rejected(f) => format!("rejected: {}", api(f)),
        ConnectorError::RateLimited(f) => format!(
            "rate limited: {}{}",
            api(&f.failure),
            f.retry_after_ms
                .map(|ms| format!(" — retry in {ms} ms"))
                .unwrap_or_default()
        ),
        ConnectorError::Unavailable(f) => format!("GHL unavailable: {} — retry later", api(f)),
        ConnectorError::Timeout(m) => format!("timeout: {m}"),
        ConnectorError::MalformedResponse(m) => format!("unexpected response: {m}"),
        ConnectorError::TooLarge(f) => format!("too large: {}", f.message),
        ConnectorError::Transport(m) => format!("network: {m}"),
    }
}

fn fail(err: &ConnectorError, json_errors: bool) -> ExitCode {
    if json_errors {
        eprintln!("{}", json!({"error": error_json(err)}));
    } else {
        eprintln!("error: {}", explain(err));
    }
    ExitCode::from(exit_code(err))
}

/// After a call: keep rotated tokens, report refused origins.
fn settle(target: &mut Target, refreshed: Option<&OauthTokens>) -> Result<()> {
    if let (Some(tokens), Some(file)) = (refreshed, target.file.as_mut()) {
        file.store(tokens)?;
        eprintln!(
            "note: the OAuth tokens were refreshed and saved to {}",
            file.path
        );
    }
    if let Transport::Network {
        watch,
        allowed_origin,
        ..
    } = &target.transport
    {
        for origin in watch.denied() {
            eprintln!(
                "blocked: the component tried to reach {origin}; only {allowed_origin} is allowed"
            );
        }
    }
    Ok(())
}

fn finish_failure(target: &mut Target, failure: &Failure, json_errors: bool) -> Result<ExitCode> {
    settle(target, failure.refreshed.as_ref())?;
    Ok(fail(&failure.error, json_errors))
}

fn print_json(value: &Value) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn kind_name(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::Trigger => "trigger",
        OperationKind::Action => "action",
        OperationKind::Webhook => "webhook",
    }
}

fn endpoint(op: &Operation) -> String {
    if op.kind == OperationKind::Webhook {
        "(webhook)".to_string()
    } else {
        format!("{} {}", op.method, op.path)
    }
}

fn list_ops(args: &Args, ops: &[Operation]) -> Result<ExitCode> {
    if let Some(kind) = &args.kind
        && !["trigger", "action", "webhook"].contains(&kind.as_str())
    {
        usage!("--kind is trigger, action or webhook, not {kind:?}");
    }
    let chosen: Vec<&Operation> = ops
        .iter()
        .filter(|op| {
            args.category
                .as_ref()
                .is_none_or(|c| op.category.eq_ignore_ascii_case(c))
        })
        .filter(|op| args.kind.as_ref().is_none_or(|k| kind_name(op.kind) == k))
        .collect();
    if args.json {
        print_json(&Value::Array(
            chosen.iter().map(|op| operation_json(op)).collect(),
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = chosen.iter().map(|op| op.key.len()).max().unwrap_or(3);
    println!(
        "{:<width$}  {:<7}  {:<40}  ENDPOINT",
        "KEY", "KIND", "LABEL"
    );
    for op in &chosen {
        println!(
            "{:<width$}  {:<7}  {:<40}  {}",
            op.key,
            kind_name(op.kind),
            op.label,
            endpoint(op)
        );
    }
    eprintln!("{} operations", chosen.len());
    Ok(ExitCode::SUCCESS)
}

fn describe(args: &Args, ops: &[Operation]) -> Result<ExitCode> {
    let Some(key) = args.positional.first() else {
        usage!("describe needs KEY");
    };
    let Some(op) = ops.iter().find(|op| &op.key == key) else {
        eprintln!("error: no operation named {key}; `ghl ops` lists them");
        return Ok(ExitCode::from(6));
    };
    let view = operation_json(op);
    if args.json {
        print_json(&view)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mode = op
        .trigger_mode
        .map(|m| format!(", fires on {}", trigger_mode_name(m)))
        .unwrap_or_default();
    println!(
        "{} — {} ({}{mode}, {})",
        op.key,
        op.label,
        kind_name(op.kind),
        op.category
    );
    if op.kind != OperationKind::Webhook {
        println!(
            "  {}  ·  Version {}  ·  token: {}  ·  scopes: {}",
            endpoint(op),
            op.api_version,
            view["token"].as_str().unwrap_or(""),
            op.scopes.join(" ")
        );
    } else {
        println!("  scopes: {}", op.scopes.join(" "));
    }
    println!("\n{}\n", op.help);
    let schema = &view["input_schema"];
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields: Vec<(&String, &Value)> = schema["properties"]
        .as_object()
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    fields.sort_by_key(|(name, _)| !required.contains(&name.as_str()));
    if fields.is_empty() {
        println!("Input: none");
    } else {
        println!("Input fields (* required):");
        for (name, prop) in fields {
            let mark = if required.contains(&name.as_str()) {
                "*"
            } else {
                " "
            };
            let ty = match (&prop["type"], &prop["format"], &prop["x-ghl-format"]) {
                (_, _, Value::String(f)) => f.clone(),
                (Value::String(t), Value::String(f), _) => format!("{t} ({f})"),
                (Value::String(t), _, _) => t.clone(),
                _ => "any".to_string(),
            };
            let mut notes: Vec<String> = Vec::new();
            if let Some(choices) = prop["enum"].as_array() {
                let list: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
                notes.push(format!("one of {}", list.join(", ")));
            }
            if let Some(source) = prop["x-ghl-options"]["source"].as_str() {
                notes.push(format!(
                    "choices: `ghl options {} {name}` ({source})",
                    op.key
                ));
            }
            if let Some(from) = prop["x-ghl-default"].as_str() {
                notes.push(format!("defaults to {from}"));
            }
            println!(
                "  {mark} {name:<22} {ty:<18} {}{}",
                prop["description"].as_str().unwrap_or(""),
                if notes.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", notes.join("; "))
                }
            );
        }
    }
    println!(
        "\nExample input:\n{}",
        serde_json::to_string_pretty(&view["example_input"])?
    );
    println!(
        "\nOutput sample:\n{}",
        serde_json::to_string_pretty(&view["output_sample"])?
    );
    Ok(ExitCode::SUCCESS)
}

async fn verify_webhook(connector: &Connector, args: &Args) -> Result<ExitCode> {
    let verb = args.positional.first().map(String::as_str).unwrap_or("");
    if verb != "verify" {
        usage!("unknown webhook command {verb:?}\n{USAGE}");
    }
    let Some(path) = args.body.as_deref() else {
        usage!("webhook verify needs --body FILE");
    };
    let body = std::fs::read(path).with_context(|| format!("read {path}"))?;
    let key = args
        .public_key
        .as_deref()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("read {p}")))
        .transpose()?;
    // The key applies to the scheme of the signature header given.
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
            print_json(&webhook_event_json(&event))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            if args.json {
                eprintln!("{}", json!({"error": webhook_error_json(&err)}));
            } else {
                eprintln!("error: webhook refused: {}", explain_webhook(&err));
            }
            Ok(ExitCode::from(11))
        }
    }
}

fn explain_webhook(err: &WebhookError) -> String {
    match err {
        WebhookError::Unsigned(m) => format!("unsigned: {m}"),
        WebhookError::BadSignature(m) => format!("bad signature: {m}"),
        WebhookError::Stale(s) => format!(
            "stale: sent {} s from now (webhookId {})",
            s.age_ms / 1000,
            s.webhook_id.as_deref().unwrap_or("none")
        ),
        WebhookError::Malformed(m) => format!("malformed: {m}"),
        WebhookError::InvalidKey(m) => format!("invalid key: {m}"),
    }
}

async fn sandbox(args: &Args, ops: &[Operation]) -> Result<ExitCode> {
    let sandbox = Arc::new(Sandbox::new(ops));
    sandbox.inject(&args.inject);
    let listen = args.listen.as_deref().unwrap_or("127.0.0.1:8787");
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listen on {listen}"))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        usage!("the sandbox listens on loopback only, not {addr}");
    }
    // The first line is the base URL (tests and scripts read it).
    println!("http://{addr}");
    eprintln!(
        "sandbox: GHL look-alike on http://{addr} (any Bearer token; location {SANDBOX_LOCATION}); Ctrl-C to stop"
    );
    ghl_host_test::sandbox::serve(sandbox, listener).await?;
    Ok(ExitCode::SUCCESS)
}

/// `ghl serve`: the component's own `wasi:http` handler behind a loopback
/// (or given) address, the way `wasmtime serve` runs it. Its outgoing
/// requests reach the base URL's origin only (or an in-process sandbox).
async fn serve(args: &Args, connector: Connector, ops: &[Operation]) -> Result<ExitCode> {
    use http_body_util::BodyExt;
    let mut env: Vec<(String, String)> = Vec::new();
    for (flag, var) in [
        (&args.ed25519_key, "GHL_WEBHOOK_ED25519_KEY"),
        (&args.rsa_key, "GHL_WEBHOOK_RSA_KEY"),
    ] {
        if let Some(path) = flag {
            let key = std::fs::read_to_string(path).with_context(|| format!("read {path}"))?;
            env.push((var.to_string(), key));
        }
    }
    let transport = if args.sandbox {
        let sandbox = Sandbox::new(ops);
        sandbox.inject(&args.inject);
        Transport::Sandbox(Arc::new(sandbox))
    } else {
        let base_url = args
            .base_url
            .clone()
            .or_else(|| env_opt("GHL_BASE_URL"))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        env.push(("GHL_BASE_URL".to_string(), base_url.clone()));
        Transport::network(
            origin_of_base(&base_url)?,
            Duration::from_secs(30),
            Watch::new(args.progress.unwrap_or(false)),
        )
    };
    let listen = args.listen.as_deref().unwrap_or("127.0.0.1:8080");
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listen on {listen}"))?;
    let addr = listener.local_addr()?;
    println!("http://{addr}");
    eprintln!("serving the connector on http://{addr} (GET /operations); Ctrl-C to stop");
    let shared = Arc::new((connector, transport, env));
    ghl_host_test::serve_http(
        listener,
        move |req: hyper::Request<hyper::body::Incoming>| {
            let shared = shared.clone();
            async move {
                let (connector, transport, env) = &*shared;
                match connector.handle_http(req, transport, env).await {
                    Ok(response) => Ok(response),
                    Err(e) => {
                        let body = json!({"error": {"kind": "host", "message": format!("{e:#}")}});
                        let body = http_body_util::Full::new(bytes::Bytes::from(body.to_string()))
                            .map_err(|never| match never {})
                            .boxed_unsync();
                        Ok(hyper::Response::builder()
                            .status(500)
                            .header("content-type", "application/json")
                            .body(body)?)
                    }
                }
            }
        },
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Where the compiled component is kept between runs: `GHL_CACHE_DIR`, else
/// the user's cache directory; none (compile every run) if `GHL_CACHE_DIR`
/// is empty or no home is known.
fn cache_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("GHL_CACHE_DIR") {
        return (!dir.is_empty()).then(|| dir.into());
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cache")))?;
    Some(base.join("ghl-connector"))
}

async fn run(args: Args) -> Result<ExitCode> {
    if args.command.is_empty() || args.command == "help" {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let connector = match cache_dir() {
        Some(dir) => Connector::load_cached(&dir)?,
        None => Connector::load()?,
    };
    let ops = connector.operations().await?;
    let key = || match args.positional.first() {
        Some(key) => Ok(key),
        None => Err(anyhow::Error::new(Usage(format!(
            "{} needs KEY\n{USAGE}",
            args.command
        )))),
    };
    match args.command.as_str() {
        "tour" => return tour::run(&connector, &ops).await,
        "ops" => return list_ops(&args, &ops),
        "describe" => return describe(&args, &ops),
        "webhook" => return verify_webhook(&connector, &args).await,
        "sandbox" => return sandbox(&args, &ops).await,
        "serve" => return serve(&args, connector, &ops).await,
        "call" | "poll" | "options" => {}
        other => usage!("unknown command {other:?}\n{USAGE}"),
    }
    let mut target = target(&args, &ops)?;
    let input = read_input(args.input.as_deref())?;
    let (conn, transport) = (target.conn.clone(), target.transport.clone());
    match args.command.as_str() {
        "call" => match connector
            .run_action(&transport, &conn, key()?, &input)
            .await?
        {
            Ok(output) => {
                settle(&mut target, output.refreshed.as_ref())?;
                print_json(&serde_json::from_str(&output.output)?)?;
                Ok(ExitCode::SUCCESS)
            }
            Err(failure) => finish_failure(&mut target, &failure, args.json),
        },
        "poll" => {
            let Some(state_file) = args.state.as_deref() else {
                usage!("poll needs --state FILE");
            };
            let state = match std::fs::read_to_string(state_file) {
                Ok(text) if !text.trim().is_empty() => Some(text),
                _ => None,
            };
            let options = args.options.unwrap_or(DEFAULT_POLL_OPTIONS);
            match connector
                .poll_trigger(&transport, &conn, key()?, &input, state.as_deref(), options)
                .await?
            {
                Ok(result) => {
                    settle(&mut target, result.refreshed.as_ref())?;
                    print_json(&poll_json(&result)["events"])?;
                    if result.more {
                        eprintln!("more new items are waiting: poll again");
                    }
                    // After printing: a crash in between repeats events
                    // rather than losing them.
                    write_atomically(state_file, &result.state)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(failure) => finish_failure(&mut target, &failure, args.json),
            }
        }
        _ => {
            let Some(field) = args.positional.get(1) else {
                usage!("options needs KEY FIELD");
            };
            match connector
                .list_options(&transport, &conn, key()?, field, &input)
                .await?
            {
                Ok(list) => {
                    settle(&mut target, list.refreshed.as_ref())?;
                    print_json(&choices_json(&list.choices))?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(failure) => finish_failure(&mut target, &failure, args.json),
            }
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let json_errors = args.json;
    match run(args).await {
        Ok(code) => code,
        Err(e) => {
            let usage = e.downcast_ref::<Usage>().is_some();
            if json_errors {
                eprintln!(
                    "{}",
                    json!({"error": {"kind": if usage { "usage" } else { "host" }, "message": format!("{e:#}")}})
                );
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}
