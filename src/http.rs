//! The one place that talks to the network: WASI-HTTP through waki.

use std::time::Duration;

use waki::ErrorCode;
use waki::bindings::wasi::http::outgoing_handler;
use waki::bindings::wasi::http::types::{
    Fields, OutgoingBody, OutgoingRequest, RequestOptions, Scheme, http_error_code,
};
use waki::bindings::wasi::io::streams::StreamError;

use crate::catalog::Method;
use crate::wit::{ConnectorError, TooLargeFailure};

/// Largest response body accepted (GHL list pages are far smaller).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest wait for the first byte, and between bytes, of a response.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(30);

/// A request ready to send. `headers` never reach an error or a log.
#[derive(Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

/// The parts of a response the engine looks at.
pub struct Response {
    pub status: u16,
    /// Lower-cased header names with their (first) values, for the headers
    /// the engine reads.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Response headers the engine uses (rate limits, content type).
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "content-disposition",
    "retry-after",
    "x-ratelimit-remaining",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-daily-remaining",
    "x-ratelimit-max",
];

fn waki_method(method: Method) -> waki::Method {
    match method {
        Method::Get => waki::Method::Get,
        Method::Post => waki::Method::Post,
        Method::Put => waki::Method::Put,
        Method::Patch => waki::Method::Patch,
        Method::Delete => waki::Method::Delete,
    }
}

/// The typed error for a `wasi:http` error code.
fn classify(code: ErrorCode) -> ConnectorError {
    match code {
        ErrorCode::ConnectionTimeout
        | ErrorCode::ConnectionReadTimeout
        | ErrorCode::ConnectionWriteTimeout
        | ErrorCode::DnsTimeout => ConnectorError::Timeout("GHL did not answer in time".into()),
        ErrorCode::HttpRequestDenied => ConnectorError::Transport(
            "the host denied the outgoing request (is the base URL's host allowed?)".into(),
        ),
        code => ConnectorError::Transport(format!("request failed: {code:?}")),
    }
}

/// Splits `scheme://authority/path?query` (as built by the engine).
fn split_url(url: &str) -> Option<(Scheme, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = match scheme {
        "https" => Scheme::Https,
        "http" => Scheme::Http,
        _ => return None,
    };
    let at = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(at);
    Some((scheme, authority, if path.is_empty() { "/" } else { path }))
}

fn transport(what: &str) -> ConnectorError {
    ConnectorError::Transport(format!("the request could not be made: {what}"))
}

/// Writes the whole body. A stream the host closes after taking every byte
/// (some hosts drop it as soon as `Content-Length` bytes arrived) is not an
/// error: the response says how the request went.
fn write_body(body: &OutgoingBody, mut rest: &[u8]) -> Result<(), ConnectorError> {
    if rest.is_empty() {
        return Ok(());
    }
    let out = body
        .write()
        .map_err(|()| transport("no request body stream"))?;
    let pollable = out.subscribe();
    while !rest.is_empty() {
        // Write what the host accepts now; wait only when it accepts
        // nothing (a wait is a round trip through the host's scheduler).
        let written = out.check_write().and_then(|permit| {
            let n = rest
                .len()
                .min(usize::try_from(permit).unwrap_or(usize::MAX));
            if n > 0 {
                out.write(&rest[..n])?;
            }
            Ok(n)
        });
        match written {
            Ok(0) => pollable.block(),
            Ok(n) => rest = &rest[n..],
            Err(StreamError::Closed) => break,
            Err(StreamError::LastOperationFailed(e)) => {
                return Err(transport(&e.to_debug_string()));
            }
        }
    }
    let _ = out.flush();
    drop(pollable);
    Ok(())
}

/// Sends the request through `wasi:http/outgoing-handler` and reads the
/// whole response, up to `MAX_BODY_BYTES`. waki's own `send` is not used
/// for the request: it only sets the connect timeout and fails when a host
/// closes the body stream after the last byte; its response reader is.
pub fn send(request: Request) -> Result<Response, ConnectorError> {
    send_within(request, None)
}

/// As `send`, with every timeout cut to `budget` (what is left of the
/// call's deadline).
pub fn send_within(request: Request, budget: Option<Duration>) -> Result<Response, ConnectorError> {
    let (scheme, authority, path) =
        split_url(&request.url).ok_or_else(|| transport("the URL is not absolute"))?;
    let entries: Vec<(String, Vec<u8>)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.as_bytes().to_vec()))
        .collect();
    let fields = Fields::from_list(&entries)
        .map_err(|e| transport(&format!("a header was refused ({e:?})")))?;
    let outgoing = OutgoingRequest::new(fields);
    let method = waki_method(request.method);
    outgoing
        .set_method(&method)
        .and_then(|()| outgoing.set_scheme(Some(&scheme)))
        .and_then(|()| outgoing.set_authority(Some(authority)))
        .and_then(|()| outgoing.set_path_with_query(Some(path)))
        .map_err(|()| transport("the URL was refused"))?;
    let body = outgoing.body().map_err(|()| transport("no request body"))?;

    let options = RequestOptions::new();
    let cut = |limit: Duration| budget.map_or(limit, |b| b.min(limit)).as_nanos() as u64;
    // Hosts may not support every timeout; those they refuse are left to them.
    let _ = options.set_connect_timeout(Some(cut(CONNECT_TIMEOUT)));
    let _ = options.set_first_byte_timeout(Some(cut(RESPONSE_TIMEOUT)));
    let _ = options.set_between_bytes_timeout(Some(cut(RESPONSE_TIMEOUT)));

    let pending = outgoing_handler::handle(outgoing, Some(options)).map_err(classify)?;
    write_body(&body, request.body.as_deref().unwrap_or_default())?;
    OutgoingBody::finish(body, None).map_err(classify)?;

    let incoming = loop {
        match pending.get() {
            Some(result) => break result,
            None => pending.subscribe().block(),
        }
    };
    let incoming = incoming
        .map_err(|()| transport("the response was already taken"))?
        .map_err(classify)?;
    let status = incoming.status();
    let fields = incoming.headers().entries();
    let headers = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let (_, value) = fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
            Some((*name, String::from_utf8(value.clone()).ok()?))
        })
        .collect();
    let incoming_body = incoming
        .consume()
        .map_err(|()| transport("the response body was already taken"))?;
    let stream = incoming_body
        .stream()
        .map_err(|()| transport("no response body stream"))?;
    let mut body = Vec::new();
    loop {
        match stream.blocking_read(64 * 1024) {
            Ok(chunk) => {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(ConnectorError::TooLarge(TooLargeFailure {
                        limit_bytes: MAX_BODY_BYTES as u64,
                        message: format!(
                            "the response body is larger than {} MiB; ask for smaller pages",
                            MAX_BODY_BYTES / (1024 * 1024)
                        ),
                    }));
                }
                body.extend_from_slice(&chunk);
            }
            Err(StreamError::Closed) => break,
            // The host says why the body stopped (a between-bytes timeout,
            // a reset connection...).
            Err(StreamError::LastOperationFailed(e)) => {
                return Err(match http_error_code(&e) {
                    Some(
                        ErrorCode::ConnectionReadTimeout
                        | ErrorCode::ConnectionTimeout
                        | ErrorCode::ConnectionWriteTimeout,
                    ) => ConnectorError::Timeout("GHL stopped sending the response".into()),
                    Some(code) => {
                        ConnectorError::Transport(format!("reading the response failed: {code:?}"))
                    }
                    // Hosts that do not map their stream errors to an
                    // error code still name a timeout in the text.
                    None => {
                        let text = e.to_debug_string();
                        if text.to_ascii_lowercase().contains("timeout") {
                            ConnectorError::Timeout("GHL stopped sending the response".into())
                        } else {
                            ConnectorError::Transport(format!(
                                "reading the response failed: {text}"
                            ))
                        }
                    }
                });
            }
        }
    }
    drop(stream);
    Ok(Response {
        status,
        headers,
        body,
    })
}
