//! The engine: one code path for every operation. Validate, build the
//! request from the table entry, send it, classify the status, extract the
//! output.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::catalog::{Loc, Method, Op, Output, Token};
use crate::http::{Request, Response};
use crate::validate::{self, problem};
use crate::wit::{
    ApiFailure, Connection, ConnectorError, ForbiddenFailure, RateLimitFailure, TooLargeFailure,
};

pub const DEFAULT_BASE_URL: &str = "https://services.leadconnectorhq.com";

/// Largest file (recording, transcript download) returned, before base64.
pub const MAX_BINARY_BYTES: usize = 5 * 1024 * 1024;

/// Everything but RFC 3986 unreserved characters is escaped, so a value
/// stays one path segment (`/`, `?`, `#`, `%` included) or one query value.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The request an operation makes for a given input: the main one or the
/// first alternate route whose trigger field is present.
struct Plan {
    method: Method,
    path: &'static str,
    /// `(input field, where, wire name)`.
    params: Vec<(&'static str, Loc, &'static str)>,
    fixed_body: Option<&'static str>,
    output: Output,
    /// An alternate route, not the main request (polls page only the main
    /// request).
    routed: bool,
}

fn plan(op: &Op, input: &Map<String, Value>) -> Result<Plan, ConnectorError> {
    for route in op.routes {
        if let Some(trigger) = route.when.iter().find(|f| validate::gives(input, f)) {
            if route.exclusive
                && let Some(extra) = op.fields.iter().find(|f| {
                    input.contains_key(f.name)
                        && f.default.is_none()
                        && f.default_from.is_none()
                        && !route.params.iter().any(|(name, _, _)| *name == f.name)
                })
            {
                return Err(problem(
                    extra.name,
                    format!(
                        "cannot be combined with {trigger}: with {trigger} the request goes to {} {}, which does not take {}",
                        route.method.as_str(),
                        route.path,
                        extra.name
                    ),
                ));
            }
            return Ok(Plan {
                method: route.method,
                path: route.path,
                params: route.params.to_vec(),
                fixed_body: route.fixed_body,
                output: route.output,
                routed: true,
            });
        }
    }
    // The main request sends the fields no route claims for itself.
    let routed: Vec<&str> = op
        .routes
        .iter()
        .flat_map(|r| r.when.iter().copied())
        .collect();
    Ok(Plan {
        method: op.method,
        path: op.path,
        params: op
            .fields
            .iter()
            .filter(|f| !routed.contains(&f.name))
            .map(|f| (f.name, f.loc, f.wire_name()))
            .collect(),
        fixed_body: op.fixed_body,
        output: op.output,
        routed: false,
    })
}

/// Checks the base URL and returns it without a trailing slash. Only
/// `https`, or `http` to a loopback host, so the token never travels in
/// clear text over a network.
pub fn base_url(conn: &Connection) -> Result<String, ConnectorError> {
    const FIELD: &str = "connection.base-url";
    let raw = conn
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_BASE_URL);
    let bad = |why: &str| {
        problem(
            FIELD,
            format!("{why} (expected https://host[:port][/prefix])"),
        )
    };
    if raw
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '@' | '\\'))
    {
        return Err(bad("must not contain spaces, '?', '#', '@' or '\\'"));
    }
    let (scheme, rest) = raw.split_once("://").ok_or_else(|| bad("has no scheme"))?;
    let scheme = scheme.to_ascii_lowercase();
    let (authority, prefix) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, after) = v6
            .split_once(']')
            .ok_or_else(|| bad("has an unclosed '['"))?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return Err(bad("has an invalid port"));
        }
        addr.to_string()
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if port.is_some_and(|p| !is_port(p)) {
            return Err(bad("has an invalid port"));
        }
        host.to_ascii_lowercase()
    };
    if host.is_empty() {
        return Err(bad("has no host"));
    }
    let loopback = host == "localhost" || host == "::1" || host.starts_with("127.");
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(bad("must use https (plain http only for loopback hosts)")),
        _ => return Err(bad("must use https")),
    }
    let prefix = prefix.trim_end_matches('/');
    if prefix.split('/').any(|s| s == "." || s == "..") {
        return Err(bad("must not contain '.' or '..' segments"));
    }
    Ok(format!("{scheme}://{authority}{prefix}"))
}

fn is_port(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
}

/// The token must be one visible-ASCII word: it goes into a header as is.
fn check_token(conn: &Connection) -> Result<(), ConnectorError> {
    let token = conn.access_token.trim();
    if token.is_empty() {
        return Err(problem(
            "connection.access-token",
            "is empty: give a Private Integration Token or an OAuth access token",
        ));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(problem(
            "connection.access-token",
            "must be a single word of printable ASCII (no spaces or line breaks)",
        ));
    }
    Ok(())
}

/// Query and path values as text.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn build(
    op: &Op,
    plan: &Plan,
    base: &str,
    token: &str,
    input: &Map<String, Value>,
) -> Result<Request, ConnectorError> {
    for (name, _, _) in &plan.params {
        if let Some(field) = op.field(name)
            && (field.wire_required() || field.loc == Loc::Path)
        {
            validate::require_for_request(field, input)?;
        }
    }

    // Path: each `{wire}` becomes exactly one encoded segment.
    let mut path = String::new();
    let mut rest = plan.path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .unwrap_or(rest.len());
        path.push_str(&rest[..open]);
        let wire = &rest[open + 1..close.min(rest.len())];
        let param = plan
            .params
            .iter()
            .find(|(_, loc, w)| *loc == Loc::Path && *w == wire);
        let value = param
            .and_then(|(name, _, _)| input.get(*name))
            .map(scalar_text)
            .unwrap_or_default();
        // An empty segment would name another endpoint (`/contacts/` is
        // the list); dots are unreserved, so `..` would survive encoding
        // and a server or proxy would resolve it as a step up the path.
        if value.is_empty() || value == "." || value == ".." {
            let name = param.map_or(wire, |(name, _, _)| *name);
            return Err(problem(
                name,
                "is not a valid id: it must not be empty, `.` or `..`",
            ));
        }
        path.extend(utf8_percent_encode(&value, COMPONENT));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    path.push_str(rest);

    let mut query = String::new();
    let mut body = Map::new();
    let mut has_body = op.empty_body || plan.fixed_body.is_some();
    let mut whole: Option<Value> = None;
    for (name, loc, wire) in &plan.params {
        let value = input.get(*name);
        match loc {
            // Raw requests are built by `raw.rs`, never here.
            Loc::Path | Loc::Request => {}
            Loc::Query => {
                let values: Vec<String> = match value {
                    None => Vec::new(),
                    Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
                    Some(v) => vec![scalar_text(v)],
                };
                for v in values {
                    push_query(&mut query, wire, &v);
                }
            }
            Loc::Body => {
                has_body = true;
                if let Some(v) = value {
                    body.insert(wire.to_string(), v.clone());
                }
            }
            Loc::WholeBody => {
                has_body = true;
                whole = value.cloned();
            }
        }
    }
    if let Some(Value::Object(fixed)) = plan.fixed_body.map(crate::schema::literal) {
        for (k, v) in fixed {
            body.entry(k).or_insert(v);
        }
    }

    let accept = match plan.output {
        Output::Binary => "*/*",
        _ => "application/json",
    };
    let body =
        (has_body && plan.method != Method::Get).then(|| whole.unwrap_or(Value::Object(body)));
    Ok(request(
        plan.method,
        format!("{base}{path}{query}"),
        token,
        op.version,
        accept,
        body.as_ref(),
    ))
}

/// Appends `name=value` to a query string (`?` first, then `&`), both
/// percent-encoded.
pub(crate) fn push_query(query: &mut String, name: &str, value: &str) {
    query.push(if query.is_empty() { '?' } else { '&' });
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(utf8_percent_encode(value, COMPONENT));
}

/// The request as every operation sends it: bearer token, `Version`,
/// `Accept`, and a JSON body with its length.
pub(crate) fn request(
    method: Method,
    url: String,
    token: &str,
    version: &str,
    accept: &str,
    body: Option<&Value>,
) -> Request {
    let mut headers = vec![
        ("authorization", format!("Bearer {token}")),
        ("version", version.to_string()),
        ("accept", accept.to_string()),
    ];
    let body = body.map(|body| {
        let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
        headers.push(("content-type", "application/json".to_string()));
        // A known length instead of chunked transfer encoding.
        headers.push(("content-length", bytes.len().to_string()));
        bytes
    });
    Request {
        method,
        url,
        headers,
        body,
    }
}

/// GHL's message: `message` (a 422 gives a list), then `error`, then
/// `detail`; a generic text when the body has none.
pub(crate) fn api_failure(response: &Response) -> ApiFailure {
    api_failure_or(response, generic_message(response.status))
}

/// As `api_failure`, with `fallback` as the message when the body has none.
pub(crate) fn api_failure_or(response: &Response, fallback: &str) -> ApiFailure {
    let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Array(items) if !items.is_empty() => {
                Some(items.iter().map(scalar_text).collect::<Vec<_>>().join("; "))
            }
            _ => None,
        }
    };
    // `error_description` is OAuth's (the token endpoints).
    let message = ["message", "error_description", "error", "detail", "msg"]
        .iter()
        .find_map(|k| body.get(k).and_then(text))
        .unwrap_or_else(|| fallback.to_string());
    ApiFailure {
        status: response.status,
        message: message.chars().take(1000).collect(),
        trace_id: body
            .get("traceId")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

fn generic_message(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized: the token is invalid or expired",
        403 => "Forbidden: the token may not access this resource",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests: rate limit exceeded",
        500..=599 => "GHL server error",
        _ => "request refused",
    }
}

/// Milliseconds to wait after a 429: `Retry-After` (seconds), else GHL's
/// rate-limit window when the headers are there.
pub(crate) fn retry_after_ms(response: &Response) -> Option<u64> {
    let number = |name: &str| response.header(name)?.trim().parse::<u64>().ok();
    number("retry-after")
        .map(|s| s.saturating_mul(1000))
        .or_else(|| number("x-ratelimit-interval-milliseconds"))
}

fn error_for(op: &Op, response: &Response) -> ConnectorError {
    let agency = (op.token == Token::Agency).then_some(op.label);
    error_from(response, op.scopes, agency)
}

/// The typed error for a non-2xx response: `scopes` go with a 403, and an
/// `agency` label adds that the call needs an agency token (401/403).
pub(crate) fn error_from(
    response: &Response,
    scopes: &[&str],
    agency: Option<&str>,
) -> ConnectorError {
    let mut failure = api_failure(response);
    if let Some(label) = agency
        && matches!(response.status, 401 | 403)
    {
        failure.message = format!(
            "{} ({label} needs an agency-level token: an agency Private Integration Token or an OAuth token with user_type Company; a sub-account token is refused here)",
            failure.message
        );
    }
    match response.status {
        401 => ConnectorError::Unauthenticated(failure),
        403 => ConnectorError::Forbidden(ForbiddenFailure {
            failure,
            required_scopes: scopes.iter().map(|s| s.to_string()).collect(),
        }),
        404 => ConnectorError::NotFound(failure),
        429 => ConnectorError::RateLimited(RateLimitFailure {
            retry_after_ms: retry_after_ms(response),
            failure,
        }),
        500..=599 => ConnectorError::Unavailable(failure),
        _ => ConnectorError::Rejected(failure),
    }
}

/// A value by `/`-separated path; numeric segments index arrays.
pub(crate) fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').try_fold(value, |v, seg| match v {
        Value::Array(items) => items.get(seg.parse::<usize>().ok()?),
        other => other.get(seg),
    })
}

fn missing(key: &str) -> ConnectorError {
    ConnectorError::MalformedResponse(format!("the response has no `{key}` property"))
}

/// The value of `key` in an object, moved out of it.
fn into_field(body: Value, key: &str) -> Option<Value> {
    match body {
        Value::Object(mut map) => map.swap_remove(key),
        _ => None,
    }
}

/// The output of a 2xx body.
fn extract(output: Output, body: Value) -> Result<Value, ConnectorError> {
    match output {
        Output::Whole => Ok(body),
        // Taken out of the body, not copied: the rest is dropped.
        Output::Record(key) => into_field(body, key).ok_or_else(|| missing(key)),
        Output::List(key) => match at_path(&body, key) {
            Some(Value::Array(_)) => Ok(body),
            _ => Err(missing(key)),
        },
        Output::MaybeWrapped(key) => match body.get(key) {
            Some(Value::Object(_)) => Ok(into_field(body, key).unwrap_or_default()),
            _ => Ok(body),
        },
        Output::Array(key) => match body {
            Value::Array(items) => {
                let mut map = Map::new();
                map.insert(key.to_string(), Value::Array(items));
                Ok(Value::Object(map))
            }
            _ => Err(ConnectorError::MalformedResponse(
                "the response is not a JSON array".to_string(),
            )),
        },
        Output::Found { path, name } => {
            let found = at_path(&body, path).filter(|v| !v.is_null()).cloned();
            Ok(found_output(name, found))
        }
        // Handled before the body is parsed (see `run`).
        Output::Binary | Output::Auto => Ok(body),
    }
}

/// The file name of a `Content-Disposition: attachment; filename="x"`.
fn file_name(disposition: &str) -> Option<String> {
    disposition.split(';').find_map(|part| {
        let (key, value) = part.trim().split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("filename") {
            return None;
        }
        let name = value.trim().trim_matches('"').trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// A file response as JSON a host can store: the bytes in base64.
fn binary_output(response: &Response) -> Result<Value, ConnectorError> {
    use base64::Engine as _;
    let size = response.body.len();
    if size > MAX_BINARY_BYTES {
        return Err(ConnectorError::TooLarge(TooLargeFailure {
            limit_bytes: MAX_BINARY_BYTES as u64,
            message: format!(
                "the file is {size} bytes; the component returns files up to {} MiB",
                MAX_BINARY_BYTES / (1024 * 1024)
            ),
        }));
    }
    let mut map = Map::new();
    map.insert(
        "contentType".into(),
        response
            .header("content-type")
            .unwrap_or("application/octet-stream")
            .into(),
    );
    map.insert(
        "fileName".into(),
        response
            .header("content-disposition")
            .and_then(file_name)
            .map_or(Value::Null, Value::String),
    );
    map.insert("size".into(), size.into());
    map.insert("encoding".into(), "base64".into());
    map.insert(
        "data".into(),
        base64::engine::general_purpose::STANDARD
            .encode(&response.body)
            .into(),
    );
    Ok(Value::Object(map))
}

fn found_output(name: &str, value: Option<Value>) -> Value {
    let mut map = Map::new();
    map.insert("found".into(), Value::Bool(value.is_some()));
    map.insert(name.into(), value.unwrap_or(Value::Null));
    Value::Object(map)
}

/// The items a poll turns into events, given the output kind of the
/// request actually made (a route may differ from the main request).
pub fn items(kind: Output, output: &Value) -> Vec<Value> {
    match kind {
        Output::List(key) | Output::Array(key) => at_path(output, key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        Output::Found { name, .. } => output
            .get(name)
            .filter(|v| !v.is_null())
            .cloned()
            .into_iter()
            .collect(),
        Output::Record(_)
        | Output::MaybeWrapped(_)
        | Output::Whole
        | Output::Binary
        | Output::Auto => {
            if output.is_null() {
                Vec::new()
            } else {
                vec![output.clone()]
            }
        }
    }
}

/// Runs `op` once: the whole request/response cycle. Returns the output
/// and the kind of output of the request made (for `items`).
pub fn run(op: &Op, conn: &Connection, raw_input: &str) -> Result<(Value, Output), ConnectorError> {
    let input = checked_input(op, conn, raw_input)?;
    send(op, conn, &input).map(|page| (page.value, page.output))
}

/// Checks the connection and the input; returns the input with defaults
/// filled in, ready for `send`.
pub fn checked_input(
    op: &Op,
    conn: &Connection,
    raw_input: &str,
) -> Result<Map<String, Value>, ConnectorError> {
    check_token(conn)?;
    base_url(conn)?;
    validate::input(op, raw_input, conn)
}

/// One response, as `send` returns it.
pub struct Page {
    pub value: Value,
    /// The kind of output of the request made (for `items`).
    pub output: Output,
    /// The request was an alternate route, not the main one.
    pub routed: bool,
}

/// Builds and sends the request for an input from `checked_input` (a poll
/// sends one per page, changing only the paging fields).
pub fn send(
    op: &Op,
    conn: &Connection,
    input: &Map<String, Value>,
) -> Result<Page, ConnectorError> {
    let base = base_url(conn)?;
    let token = conn.access_token.trim();
    let (request, output, routed) = if op.is_raw() {
        (crate::raw::build(input, &base, token)?, op.output, false)
    } else {
        let plan = plan(op, input)?;
        let request = build(op, &plan, &base, token, input)?;
        (request, plan.output, plan.routed)
    };
    let response = crate::auth::send(request)?;
    let value = finish(op, output, &response)?;
    Ok(Page {
        value,
        output,
        routed,
    })
}

/// The output of a response, or the error it stands for.
fn finish(op: &Op, output: Output, response: &Response) -> Result<Value, ConnectorError> {
    if !(200..300).contains(&response.status) {
        if let (404, Output::Found { name, .. }) = (response.status, output) {
            return Ok(found_output(name, None));
        }
        return Err(error_for(op, response));
    }
    let empty = response.body.iter().all(u8::is_ascii_whitespace);
    match output {
        Output::Binary => return binary_output(response),
        Output::Auto if empty => return Ok(Value::Object(Map::new())),
        Output::Auto => {
            return serde_json::from_slice(&response.body).or_else(|_| binary_output(response));
        }
        _ => {}
    }
    let body = if empty {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(&response.body).map_err(|e| {
            let kind = response.header("content-type").unwrap_or("no content type");
            ConnectorError::MalformedResponse(format!(
                "GHL answered {} with a body that is not JSON ({kind}, {} bytes): {e}",
                response.status,
                response.body.len()
            ))
        })?
    };
    extract(output, body)
}
