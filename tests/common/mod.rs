//! Shared test plumbing: one compiled component per test binary, one tokio
//! runtime, a default connection, and a scripted mock transport.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use ghl_host_test::{
    Connection, Connector, ConnectorError, Mock, PollOptions, PollResult, Recorded, Reply,
    Transport,
};
use serde_json::Value;

pub const TOKEN: &str = "pit-test-0123456789abcdef";

/// The seed catalog's categories with how many operations each has.
pub const SEED_CATEGORIES: &[(&str, usize)] = &[
    ("Contacts", 28),
    ("Calendars & Appointments", 34),
    ("Opportunities", 10),
    ("Users", 7),
    ("Conversations & Messages", 10),
    ("Businesses", 5),
    ("Workflows & Campaigns", 8),
    ("Other Operations", 22),
];
pub const LOCATION: &str = "ve9EPM428h8vShlRW1KT";

/// A `ghl` process sharing the tests' compiled-component cache (so only
/// the first one compiles; never the user's own cache).
pub fn ghl_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ghl"));
    command.env(
        "GHL_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/ghl-cache"),
    );
    command
}

pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

pub fn connector() -> &'static Connector {
    static C: OnceLock<Connector> = OnceLock::new();
    C.get_or_init(|| Connector::load().expect("load the component"))
}

pub fn conn() -> Connection {
    Connection {
        access_token: TOKEN.into(),
        location_id: Some(LOCATION.into()),
        company_id: None,
        base_url: None,
        oauth: None,
        // One request per call, so each test sees exactly what it
        // scripted; the retry tests turn retries on.
        policy: Some(ghl_host_test::CallPolicy {
            deadline_ms: None,
            max_retries: Some(0),
        }),
    }
}

/// A mock that answers with these replies, in order, and the transport
/// that routes the component's requests to it.
pub fn scripted(replies: Vec<Reply>) -> (Arc<Mock>, Transport) {
    let mock = Mock::new();
    for r in replies {
        mock.reply(r);
    }
    let transport = Transport::Mock(Arc::clone(&mock));
    (mock, transport)
}

/// The connection a fixture case asks for: the default one with its
/// `connection` overrides (`location_id`, `company_id`).
pub fn case_conn(case: &Value) -> Connection {
    let mut conn = conn();
    if let Some(over) = case.get("connection") {
        if let Some(loc) = over.get("location_id") {
            conn.location_id = loc.as_str().map(str::to_string);
        }
        if let Some(company) = over.get("company_id") {
            conn.company_id = company.as_str().map(str::to_string);
        }
    }
    conn
}

/// Fails the test if the token shows up in anything the component produced.
/// Every helper below runs it, so the whole suite's outputs, errors and
/// poll states are scanned.
pub fn assert_no_secret(produced: &str) {
    assert!(
        !produced.contains(TOKEN),
        "the token leaked into: {produced}"
    );
}

/// Runs an operation against scripted replies; returns its result and every
/// request it sent. A trap fails the test.
pub fn run_with(
    conn: &Connection,
    key: &str,
    input: &Value,
    replies: Vec<Reply>,
) -> (Result<Value, ConnectorError>, Vec<Recorded>) {
    let (mock, transport) = scripted(replies);
    let result = runtime()
        .block_on(connector().run_action(&transport, conn, key, &input.to_string()))
        .expect("the component must not trap");
    assert_no_secret(&format!("{result:?}"));
    let result = result
        .map(|o| serde_json::from_str(&o.output).expect("output is JSON"))
        .map_err(|f| f.error);
    (result, mock.requests())
}

pub fn run(
    key: &str,
    input: &Value,
    replies: Vec<Reply>,
) -> (Result<Value, ConnectorError>, Vec<Recorded>) {
    run_with(&conn(), key, input, replies)
}

/// Poll options with every field left to its default.
pub const DEFAULT_POLL: PollOptions = ghl_host_test::DEFAULT_POLL_OPTIONS;

/// Polls a trigger against scripted replies with default options.
pub fn poll(
    key: &str,
    input: &Value,
    state: Option<&str>,
    replies: Vec<Reply>,
) -> (Result<PollResult, ConnectorError>, Vec<Recorded>) {
    poll_opts(key, input, state, DEFAULT_POLL, replies)
}

/// Polls a trigger against scripted replies.
pub fn poll_opts(
    key: &str,
    input: &Value,
    state: Option<&str>,
    options: PollOptions,
    replies: Vec<Reply>,
) -> (Result<PollResult, ConnectorError>, Vec<Recorded>) {
    poll_with(&conn(), key, input, state, options, replies)
}

/// Polls a trigger on a given connection against scripted replies.
pub fn poll_with(
    conn: &Connection,
    key: &str,
    input: &Value,
    state: Option<&str>,
    options: PollOptions,
    replies: Vec<Reply>,
) -> (Result<PollResult, ConnectorError>, Vec<Recorded>) {
    let (mock, transport) = scripted(replies);
    let result = runtime()
        .block_on(connector().poll_trigger(
            &transport,
            conn,
            key,
            &input.to_string(),
            state,
            options,
        ))
        .expect("the component must not trap");
    assert_no_secret(&format!("{result:?}"));
    (result.map_err(|f| f.error), mock.requests())
}

/// A fixture's response: a JSON `body`, or a file given as `body_base64` /
/// `body_text`, with optional `headers` pairs.
pub fn scripted_reply(response: &Value) -> Reply {
    use base64::Engine as _;
    let status = response["status"].as_u64().unwrap_or(200) as u16;
    let mut reply = if let Some(b64) = response["body_base64"].as_str() {
        let body = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("body_base64 decodes");
        Reply::bytes(status, body)
    } else if let Some(text) = response["body_text"].as_str() {
        Reply::bytes(status, text.as_bytes().to_vec())
    } else {
        Reply::json(status, &response["body"])
    };
    for pair in response["headers"].as_array().into_iter().flatten() {
        reply = reply.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    reply
}

/// Asks for the choices of a dropdown field against scripted replies.
pub fn options_with(
    conn: &Connection,
    key: &str,
    field: &str,
    input: &Value,
    replies: Vec<Reply>,
) -> (Result<Value, ConnectorError>, Vec<Recorded>) {
    let (mock, transport) = scripted(replies);
    let result = runtime()
        .block_on(connector().list_options(&transport, conn, key, field, &input.to_string()))
        .expect("the component must not trap");
    assert_no_secret(&format!("{result:?}"));
    (
        result
            .map(|list| ghl_host_test::choices_json(&list.choices))
            .map_err(|f| f.error),
        mock.requests(),
    )
}

/// The whole catalog as JSON values: API operations, then webhook
/// (instant) triggers.
pub fn full_catalog() -> Vec<Value> {
    runtime()
        .block_on(connector().operations())
        .expect("operations")
        .iter()
        .map(ghl_host_test::operation_json)
        .collect()
}

/// The operations that call the API (triggers and actions, no webhooks).
pub fn catalog() -> Vec<Value> {
    full_catalog()
        .into_iter()
        .filter(|op| op["kind"] != "webhook")
        .collect()
}

/// The webhook (instant) triggers of the catalog.
pub fn webhook_catalog() -> Vec<Value> {
    full_catalog()
        .into_iter()
        .filter(|op| op["kind"] == "webhook")
        .collect()
}

/// Asserts the headers every request carries.
pub fn assert_common_headers(req: &Recorded, version: &str, accept: &str) {
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "Authorization"
    );
    assert_eq!(req.header("version"), Some(version), "Version header");
    assert_eq!(req.header("accept"), Some(accept), "Accept");
    if req.body.is_empty() {
        assert_eq!(
            req.header("content-type"),
            None,
            "no Content-Type without a body"
        );
    } else {
        assert_eq!(
            req.header("content-type"),
            Some("application/json"),
            "Content-Type"
        );
    }
}
