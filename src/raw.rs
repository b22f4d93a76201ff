//! The raw API request: any GHL v2 endpoint, with the connection's auth,
//! the engine's errors and limits, and path rules that keep the token on
//! the connection's base URL.

use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

use crate::catalog::{Method, V2021_04_15, V2021_07_28};
use crate::engine::{COMPONENT, push_query, request};
use crate::http::Request;
use crate::validate::problem;
use crate::wit::ConnectorError;

/// Path families whose endpoints want `Version: 2021-04-15` (from the
/// official specs); every other family wants 2021-07-28.
const FAMILIES_2021_04_15: &[&str] = &[
    "agent-studio",
    "calendars",
    "conversation-ai",
    "conversations",
    "knowledge-bases",
    "saas",
    "saas-api",
    "voice-ai",
];

/// The `Version` an endpoint family wants by default.
pub fn default_version(path: &str) -> &'static str {
    let family = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if FAMILIES_2021_04_15.contains(&family) {
        V2021_04_15
    } else {
        V2021_07_28
    }
}

fn method(name: &str) -> Option<Method> {
    Some(match name {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

/// Characters a path may carry as they are (RFC 3986 `pchar` and `/`);
/// anything else is percent-encoded.
fn path_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)
}

/// Checks the path and returns it ready to append to the base URL.
pub fn checked_path(path: &str) -> Result<String, ConnectorError> {
    let bad = |why: &str| {
        problem(
            "path",
            format!(
                "{why}; give a path relative to the base URL, e.g. /contacts/abc (the request only ever goes to the connection's base URL)"
            ),
        )
    };
    if path.contains("://") {
        return Err(bad("must not contain a scheme"));
    }
    if !path.starts_with('/') {
        return Err(bad("must start with '/'"));
    }
    if path.starts_with("//") {
        return Err(bad("must not start with '//' (that names a host)"));
    }
    if path.contains('\\') {
        return Err(bad("must not contain '\\'"));
    }
    if path.contains(['?', '#']) {
        return Err(problem(
            "path",
            "must not contain '?' or '#': put query parameters in `query`",
        ));
    }
    if path.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("must not contain spaces or control characters"));
    }
    let bytes = path.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err(bad("has a '%' that is not a %XX escape"));
        }
    }
    // `.` and `..` segments, also when percent-encoded (%2e), would let a
    // path climb out of the base URL's prefix.
    let dot_segment = path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    });
    if dot_segment {
        return Err(bad("must not contain '.' or '..' segments"));
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if path_char_ok(c) || c == '%' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            out.extend(utf8_percent_encode(c.encode_utf8(&mut buf), COMPONENT));
        }
    }
    Ok(out)
}

/// `?k=v&k=w` from the query object: scalars, or arrays of scalars that
/// repeat the name.
fn query_string(query: Option<&Value>) -> Result<String, ConnectorError> {
    let Some(Value::Object(map)) = query else {
        return Ok(String::new());
    };
    let mut out = String::new();
    for (key, value) in map {
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        for v in values {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(_) | Value::Bool(_) => v.to_string(),
                _ => {
                    return Err(problem(
                        &format!("query.{key}"),
                        "must be a string, number or boolean, or an array of them",
                    ));
                }
            };
            push_query(&mut out, key, &text);
        }
    }
    Ok(out)
}

/// The request for a validated raw input.
pub fn build(
    input: &Map<String, Value>,
    base: &str,
    token: &str,
) -> Result<Request, ConnectorError> {
    let name = input.get("method").and_then(Value::as_str).unwrap_or("GET");
    let method =
        method(name).ok_or_else(|| problem("method", "must be GET, POST, PUT, PATCH or DELETE"))?;
    let raw_path = input.get("path").and_then(Value::as_str).unwrap_or("");
    let path = checked_path(raw_path)?;
    let query = query_string(input.get("query"))?;
    let version = input
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or_else(|| default_version(raw_path));

    let body = input.get("body");
    if body.is_some() && method == Method::Get {
        return Err(problem("body", "a GET request has no body: use `query`"));
    }
    Ok(request(
        method,
        format!("{base}{path}{query}"),
        token,
        version,
        "application/json",
        body,
    ))
}
