//! The connector as a small REST service, exported as
//! `wasi:http/incoming-handler`, so any wasi:http runtime (wasmtime serve,
//! Spin, wasmCloud, edge platforms) can serve it over the same engine:
//!
//! - `GET  /operations`, `GET /operations/{key}`: the catalog.
//! - `POST /actions/{key}`: body = the input; `{"output": …}`.
//! - `POST /triggers/{key}/poll`: body `{"input", "state", "options"}`;
//!   `{"events", "state", "more"}`. The state travels with the caller.
//! - `POST /operations/{key}/options/{field}`: body = the form so far;
//!   `{"choices": […]}`.
//! - `POST /webhooks`: a GHL delivery, verified; `{"event": …}`.
//!
//! The caller's `Authorization: Bearer …` is its GHL token, and
//! `X-GHL-Location-Id` / `X-GHL-Company-Id` its ids; the service keeps
//! nothing between requests. The runtime may set `GHL_BASE_URL` (tests,
//! white-label domains) and the webhook keys `GHL_WEBHOOK_ED25519_KEY` /
//! `GHL_WEBHOOK_RSA_KEY` in the environment.

use serde_json::{Map, Value, json};
use waki::{ErrorCode, Method, Request, Response, handler};

use crate::wit::{
    Connection, ConnectorError, Guest as _, Operation, OperationKind, PollOptions, TokenKind,
    TriggerMode, WebhookError, WebhookKeys,
};

/// Request bodies above this are refused (413).
const MAX_REQUEST_BYTES: usize = 2 * 1024 * 1024;

#[handler]
fn handle(request: Request) -> Result<Response, ErrorCode> {
    let (status, body, headers) = route(request);
    let mut response = Response::builder()
        .status_code(status)
        .header("content-type", "application/json");
    for (name, value) in headers {
        response = response.header(name, value);
    }
    response.body(body.to_string()).build()
}

type Reply = (u16, Value, Vec<(&'static str, String)>);

fn ok(body: Value) -> Reply {
    (200, body, Vec::new())
}

fn problem(status: u16, kind: &str, message: impl Into<String>) -> Reply {
    (
        status,
        json!({"error": {"kind": kind, "message": message.into()}}),
        Vec::new(),
    )
}

fn route(request: Request) -> Reply {
    let method = request.method();
    let path = request.path().to_string();
    let segments: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    let header = |name: &str| {
        request
            .header(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let bearer = header("authorization").and_then(|v| {
        v.strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
            .map(|t| t.trim().to_string())
    });
    let location = header("x-ghl-location-id");
    let company = header("x-ghl-company-id");
    let webhook_headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let is_get = matches!(method, Method::Get);
    let is_post = matches!(method, Method::Post);
    match (is_get, is_post, parts.as_slice()) {
        (true, _, []) => ok(json!({
            "service": "ghl-connector",
            "endpoints": [
                "GET /operations", "GET /operations/{key}", "POST /actions/{key}",
                "POST /triggers/{key}/poll", "POST /operations/{key}/options/{field}",
                "POST /webhooks"
            ]
        })),
        (true, _, ["operations"]) => ok(Value::Array(
            crate::Component::operations()
                .iter()
                .map(operation_json)
                .collect(),
        )),
        (true, _, ["operations", key]) => match crate::Component::operations()
            .iter()
            .find(|op| op.key == *key)
        {
            Some(op) => ok(operation_json(op)),
            None => problem(
                404,
                "unknown-operation",
                format!("no operation named `{key}`"),
            ),
        },
        (
            _,
            true,
            ["actions", _]
            | ["triggers", _, "poll"]
            | ["operations", _, "options", _]
            | ["webhooks"],
        ) => {
            let body = match request.body() {
                Ok(body) if body.len() <= MAX_REQUEST_BYTES => body,
                Ok(_) => return problem(413, "too-large", "the request body is over 2 MiB"),
                Err(_) => {
                    return problem(400, "invalid-input", "the request body could not be read");
                }
            };
            if parts == ["webhooks"] {
                return webhook(&body, webhook_headers);
            }
            let Some(token) = bearer else {
                return problem(
                    401,
                    "unauthenticated",
                    "send your GHL token as `Authorization: Bearer <token>`",
                );
            };
            let conn = Connection {
                access_token: token,
                location_id: location,
                company_id: company,
                base_url: std::env::var("GHL_BASE_URL").ok().filter(|v| !v.is_empty()),
                oauth: None,
                policy: None,
            };
            call(&parts, conn, &body)
        }
        (
            _,
            _,
            ["operations"]
            | ["operations", _]
            | ["actions", _]
            | ["triggers", _, "poll"]
            | ["operations", _, "options", _]
            | ["webhooks"],
        ) => problem(
            405,
            "method-not-allowed",
            format!("{path} does not take this method"),
        ),
        _ => problem(
            404,
            "not-found",
            format!("no route {path}; GET / lists them"),
        ),
    }
}

fn call(parts: &[&str], conn: Connection, body: &[u8]) -> Reply {
    let text = if body.iter().all(u8::is_ascii_whitespace) {
        "{}".to_string()
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    match parts {
        ["actions", key] => match crate::Component::run_action(conn, key.to_string(), text) {
            Ok(out) => ok(json!({"output": parse(&out.output)})),
            Err(failure) => error_reply(&failure.error),
        },
        ["operations", key, "options", field] => {
            match crate::Component::list_options(conn, key.to_string(), field.to_string(), text) {
                Ok(list) => ok(json!({"choices": list.choices.iter().map(|c| json!({
                    "value": c.value, "label": c.label, "detail": c.detail
                })).collect::<Vec<_>>()})),
                Err(failure) => error_reply(&failure.error),
            }
        }
        ["triggers", key, "poll"] => {
            let request: Value = match serde_json::from_str(&text) {
                Ok(Value::Object(map)) => Value::Object(map),
                _ => {
                    return problem(
                        400,
                        "invalid-input",
                        "the body is {\"input\", \"state\", \"options\"}",
                    );
                }
            };
            let count = |name: &str| {
                request["options"][name]
                    .as_u64()
                    .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            };
            let options = PollOptions {
                max_events: count("maxEvents"),
                samples: count("samples"),
                max_pages: count("maxPages"),
            };
            let input = match &request["input"] {
                Value::Null => "{}".to_string(),
                other => other.to_string(),
            };
            let state = request["state"].as_str().map(str::to_string);
            match crate::Component::poll_trigger(conn, key.to_string(), input, state, options) {
                Ok(result) => ok(json!({
                    "events": result.events.iter().map(|e| json!({
                        "id": e.id, "timestampMs": e.timestamp_ms, "data": parse(&e.data)
                    })).collect::<Vec<_>>(),
                    "state": result.state,
                    "more": result.more,
                })),
                Err(failure) => error_reply(&failure.error),
            }
        }
        _ => problem(404, "not-found", "no such route"),
    }
}

fn webhook(body: &[u8], headers: Vec<(String, String)>) -> Reply {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let keys = WebhookKeys {
        ed25519: env("GHL_WEBHOOK_ED25519_KEY"),
        rsa: env("GHL_WEBHOOK_RSA_KEY"),
    };
    match crate::webhooks::verify(body, &headers, &keys) {
        Ok(event) => ok(json!({"event": {
            "trigger": event.trigger,
            "eventType": event.event_type,
            "webhookId": event.webhook_id,
            "timestampMs": event.timestamp_ms,
            "locationId": event.location_id,
            "data": parse(&event.data),
        }})),
        Err(WebhookError::Unsigned(m)) => problem(401, "unsigned", m),
        Err(WebhookError::BadSignature(m)) => problem(401, "bad-signature", m),
        Err(WebhookError::Stale(s)) => (
            400,
            json!({"error": {"kind": "stale", "message": "the delivery is more than 5 minutes old",
                "webhookId": s.webhook_id, "ageMs": s.age_ms}}),
            Vec::new(),
        ),
        Err(WebhookError::Malformed(m)) => problem(400, "malformed", m),
        Err(WebhookError::InvalidKey(m)) => problem(500, "invalid-key", m),
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// A component error as the HTTP status a client expects and a JSON body.
fn error_reply(err: &ConnectorError) -> Reply {
    let mut error = Map::new();
    let api = |error: &mut Map<String, Value>, f: &crate::wit::ApiFailure| {
        error.insert("message".into(), json!(f.message));
        error.insert("ghlStatus".into(), json!(f.status));
        error.insert("traceId".into(), json!(f.trace_id));
    };
    let mut headers = Vec::new();
    let (status, kind) = match err {
        ConnectorError::UnknownOperation(m) => {
            error.insert("message".into(), json!(m));
            (404, "unknown-operation")
        }
        ConnectorError::InvalidInput(p) => {
            error.insert("field".into(), json!(p.field));
            error.insert("message".into(), json!(p.message));
            (400, "invalid-input")
        }
        ConnectorError::Unauthenticated(f) => {
            api(&mut error, f);
            (401, "unauthenticated")
        }
        ConnectorError::ReconnectRequired(f) => {
            api(&mut error, f);
            (401, "reconnect-required")
        }
        ConnectorError::Forbidden(f) => {
            api(&mut error, &f.failure);
            error.insert("requiredScopes".into(), json!(f.required_scopes));
            (403, "forbidden")
        }
        ConnectorError::NotFound(f) => {
            api(&mut error, f);
            (404, "not-found")
        }
        ConnectorError::Rejected(f) => {
            api(&mut error, f);
            (422, "rejected")
        }
        ConnectorError::RateLimited(f) => {
            api(&mut error, &f.failure);
            error.insert("retryAfterMs".into(), json!(f.retry_after_ms));
            let seconds = f.retry_after_ms.map_or(1, |ms| ms.div_ceil(1000).max(1));
            headers.push(("retry-after", seconds.to_string()));
            (429, "rate-limited")
        }
        ConnectorError::Unavailable(f) => {
            api(&mut error, f);
            (502, "unavailable")
        }
        ConnectorError::Timeout(m) => {
            error.insert("message".into(), json!(m));
            (504, "timeout")
        }
        ConnectorError::MalformedResponse(m) => {
            error.insert("message".into(), json!(m));
            (502, "malformed-response")
        }
        ConnectorError::TooLarge(f) => {
            error.insert("message".into(), json!(f.message));
            (502, "too-large")
        }
        ConnectorError::Transport(m) => {
            error.insert("message".into(), json!(m));
            (502, "transport")
        }
    };
    error.insert("kind".into(), json!(kind));
    (status, json!({"error": error}), headers)
}

/// The catalog entry as JSON (schemas parsed), as `ghl ops --json` shows.
fn operation_json(op: &Operation) -> Value {
    json!({
        "key": op.key,
        "kind": match op.kind {
            OperationKind::Trigger => "trigger",
            OperationKind::Action => "action",
            OperationKind::Webhook => "webhook",
        },
        "category": op.category,
        "label": op.label,
        "help": op.help,
        "method": op.method,
        "path": op.path,
        "apiVersion": op.api_version,
        "scopes": op.scopes,
        "token": match op.token {
            TokenKind::Location => "location",
            TokenKind::Agency => "agency",
            TokenKind::Any => "any",
        },
        "inputSchema": parse(&op.input_schema),
        "exampleInput": parse(&op.example_input),
        "outputSample": parse(&op.output_sample),
        "dropdowns": op.dropdowns.iter().map(|d| json!({
            "field": d.field, "source": d.source, "dependsOn": d.depends_on
        })).collect::<Vec<_>>(),
        "triggerMode": op.trigger_mode.map(|m| match m {
            TriggerMode::NewItems => "new-items",
            TriggerMode::NewOrUpdated => "new-or-updated",
            TriggerMode::Changes => "changes",
        }),
    })
}
