//! OAuth 2.0: the authorization page URL, GHL's token requests, and the
//! refresh a call makes by itself when its connection carries refresh
//! credentials (30 s before expiry, or once on a 401), with the rotated
//! tokens kept for the call's result.

use std::cell::RefCell;

use serde_json::Value;

use crate::catalog::{Method, V2021_07_28};
use crate::engine;
use crate::http::{self, Request, Response};
use crate::validate::problem;
use crate::values::now_ms;
use crate::wit::{
    AuthorizeOptions, Connection, ConnectorError, OauthApp, OauthRefresh, OauthTokens, UserType,
};

/// Refresh this long before the access token expires.
pub const REFRESH_MARGIN_MS: i64 = 30_000;

const MARKETPLACE: &str = "https://marketplace.gohighlevel.com";
const MARKETPLACE_WHITE_LABEL: &str = "https://marketplace.leadconnectorhq.com";

/// Default deadline of a whole call.
const DEFAULT_DEADLINE_MS: u32 = 120_000;
/// Default retries per request.
const DEFAULT_RETRIES: u32 = 2;
/// First backoff, doubled per retry, capped.
const BACKOFF_BASE_MS: u64 = 250;
const BACKOFF_CAP_MS: u64 = 4_000;

/// The network side of one exported call: OAuth refresh, deadline, retries.
struct Session {
    oauth: Option<OauthRefresh>,
    base: Option<String>,
    /// The tokens of a refresh this call made (at most one per call).
    refreshed: Option<OauthTokens>,
    tried: bool,
    /// Monotonic nanoseconds when the call must be over.
    deadline_ns: u64,
    max_retries: u32,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Starts a call on `conn`: its requests may refresh the token.
pub fn begin(conn: &Connection) {
    let policy = conn.policy.unwrap_or(crate::wit::CallPolicy {
        deadline_ms: None,
        max_retries: None,
    });
    let budget_ms = u64::from(policy.deadline_ms.unwrap_or(DEFAULT_DEADLINE_MS));
    let session = Session {
        oauth: conn.oauth.clone(),
        base: engine::base_url(conn).ok(),
        refreshed: None,
        tried: false,
        deadline_ns: monotonic_now().saturating_add(budget_ms * 1_000_000),
        max_retries: policy.max_retries.unwrap_or(DEFAULT_RETRIES),
    };
    SESSION.with(|s| *s.borrow_mut() = Some(session));
}

/// Ends the call; the tokens it refreshed, if any.
pub fn finish() -> Option<OauthTokens> {
    SESSION.with(|s| s.borrow_mut().take().and_then(|s| s.refreshed))
}

/// The token refreshed in this call, if any.
fn current_token() -> Option<String> {
    SESSION.with(|s| {
        s.borrow()
            .as_ref()
            .and_then(|s| s.refreshed.as_ref().map(|t| t.access_token.clone()))
    })
}

/// Refreshes once per call, when the connection can; `Ok(false)` when it
/// cannot (a Private Integration Token, or already refreshed).
fn refresh_once() -> Result<bool, ConnectorError> {
    let ready = SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let s = s.as_mut()?;
        if s.tried {
            return None;
        }
        s.tried = true;
        Some((s.oauth.clone()?, s.base.clone()?))
    });
    let Some((oauth, base)) = ready else {
        return Ok(false);
    };
    let tokens = refresh(&oauth.app, &oauth.refresh_token, oauth.user_type, &base)?;
    SESSION.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            s.refreshed = Some(tokens);
        }
    });
    Ok(true)
}

fn expiring() -> bool {
    SESSION.with(|s| {
        s.borrow().as_ref().is_some_and(|s| {
            s.refreshed.is_none()
                && s.oauth
                    .as_ref()
                    .and_then(|o| o.expires_at_ms)
                    .is_some_and(|at| at - now_ms() <= REFRESH_MARGIN_MS)
        })
    })
}

fn set_token(request: &mut Request) {
    if let Some(token) = current_token() {
        for (name, value) in &mut request.headers {
            if *name == "authorization" {
                *value = format!("Bearer {token}");
            }
        }
    }
}

fn monotonic_now() -> u64 {
    waki::bindings::wasi::clocks::monotonic_clock::now()
}

/// What is left of the call's deadline (none outside a call).
fn remaining() -> Option<std::time::Duration> {
    SESSION.with(|s| {
        s.borrow()
            .as_ref()
            .map(|s| std::time::Duration::from_nanos(s.deadline_ns.saturating_sub(monotonic_now())))
    })
}

fn max_retries() -> u32 {
    SESSION.with(|s| s.borrow().as_ref().map_or(0, |s| s.max_retries))
}

fn past_deadline() -> ConnectorError {
    ConnectorError::Timeout("the call's deadline passed (connection.policy.deadline-ms)".into())
}

/// How long to wait before retrying, or `None` when this outcome must not
/// be retried: a 429 for any method (GHL did not process it); a 502, 503,
/// 504, reset or timeout only for methods safe to repeat.
fn retry_wait(
    method: Method,
    outcome: &Result<Response, ConnectorError>,
    attempt: u32,
) -> Option<u64> {
    let idempotent = matches!(method, Method::Get | Method::Put | Method::Delete);
    let backoff = || {
        let full = (BACKOFF_BASE_MS << attempt.min(10)).min(BACKOFF_CAP_MS);
        // Full jitter over the upper half: spread retries of many callers.
        let random = waki::bindings::wasi::random::random::get_random_u64();
        full / 2 + random % (full / 2 + 1)
    };
    match outcome {
        Ok(response) if response.status == 429 => {
            Some(engine::retry_after_ms(response).unwrap_or_else(backoff))
        }
        Ok(response) if idempotent && matches!(response.status, 502..=504) => Some(backoff()),
        Err(ConnectorError::Timeout(_) | ConnectorError::Transport(_)) if idempotent => {
            Some(backoff())
        }
        _ => None,
    }
}

/// Sends one request within the call's deadline, retrying what is safe to
/// retry (see `call-policy`).
fn deliver(request: Request) -> Result<Response, ConnectorError> {
    let method = request.method;
    let mut attempt = 0;
    loop {
        let budget = remaining();
        if budget.is_some_and(|b| b.is_zero()) {
            return Err(past_deadline());
        }
        let outcome = http::send_within(request.clone(), budget);
        let Some(wait_ms) = retry_wait(method, &outcome, attempt) else {
            return outcome;
        };
        let left = remaining().unwrap_or_default();
        if attempt >= max_retries() || u128::from(wait_ms) >= left.as_millis() {
            return outcome;
        }
        waki::bindings::wasi::clocks::monotonic_clock::subscribe_duration(wait_ms * 1_000_000)
            .block();
        attempt += 1;
    }
}

/// Sends an API request, refreshing the token first when it is about to
/// expire, or after a 401 and then retrying once; transient failures are
/// retried as `call-policy` says.
pub fn send(mut request: Request) -> Result<Response, ConnectorError> {
    if expiring() {
        refresh_once()?;
    }
    set_token(&mut request);
    let retry = request.clone();
    let response = deliver(request)?;
    if response.status == 401 && refresh_once()? {
        let mut retry = retry;
        set_token(&mut retry);
        return deliver(retry);
    }
    Ok(response)
}

/// Every secret of a call, to scrub from its errors.
pub fn secrets(conn: &Connection) -> Vec<String> {
    let mut all = vec![conn.access_token.trim().to_string()];
    if let Some(o) = &conn.oauth {
        all.push(o.refresh_token.clone());
        all.push(o.app.client_secret.clone());
    }
    all
}

// ---- token endpoint --------------------------------------------------------

fn user_type_name(t: UserType) -> &'static str {
    match t {
        UserType::Location => "Location",
        UserType::Company => "Company",
    }
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes()
}

fn form_request(url: String, body: Vec<u8>, headers: Vec<(&'static str, String)>) -> Request {
    let mut all = headers;
    all.push(("accept", "application/json".to_string()));
    all.push((
        "content-type",
        "application/x-www-form-urlencoded".to_string(),
    ));
    all.push(("content-length", body.len().to_string()));
    Request {
        method: Method::Post,
        url,
        headers: all,
        body: Some(body),
    }
}

/// The tokens of a 2xx token response.
fn tokens(response: &Response) -> Result<OauthTokens, ConnectorError> {
    let body: Value = serde_json::from_slice(&response.body)
        .map_err(|_| ConnectorError::MalformedResponse("the token response is not JSON".into()))?;
    let text = |k: &str| crate::values::text(body.get(k));
    let access_token = text("access_token").ok_or_else(|| {
        ConnectorError::MalformedResponse("the token response has no access_token".into())
    })?;
    let user_type = match text("userType").as_deref() {
        Some("Location") => Some(UserType::Location),
        Some("Company") => Some(UserType::Company),
        _ => None,
    };
    Ok(OauthTokens {
        access_token,
        refresh_token: text("refresh_token"),
        expires_at_ms: body
            .get("expires_in")
            .and_then(Value::as_i64)
            .map(|s| now_ms() + s * 1000),
        scope: text("scope"),
        user_type,
        location_id: text("locationId"),
        company_id: text("companyId"),
        user_id: text("userId"),
    })
}

/// `POST /oauth/token`: a 400 or 401 means the grant was refused.
fn token_call(
    base: &str,
    pairs: &[(&str, &str)],
    refused: &str,
) -> Result<OauthTokens, ConnectorError> {
    let request = form_request(format!("{base}/oauth/token"), form(pairs), Vec::new());
    let response = http::send(request)?;
    match response.status {
        200..=299 => tokens(&response),
        400 | 401 | 403 => Err(ConnectorError::ReconnectRequired(engine::api_failure_or(
            &response, refused,
        ))),
        _ => Err(engine::error_from(&response, &[], None)),
    }
}

fn check_app(app: &OauthApp) -> Result<(), ConnectorError> {
    if app.client_id.trim().is_empty() {
        return Err(problem(
            "app.client-id",
            "is empty: give the OAuth app's client id",
        ));
    }
    if app.client_secret.trim().is_empty() {
        return Err(problem(
            "app.client-secret",
            "is empty: give the OAuth app's client secret",
        ));
    }
    Ok(())
}

/// Refreshes with a refresh token (GHL answers with a new one).
pub fn refresh(
    app: &OauthApp,
    refresh_token: &str,
    user_type: UserType,
    base: &str,
) -> Result<OauthTokens, ConnectorError> {
    check_app(app)?;
    if refresh_token.trim().is_empty() {
        return Err(problem("refresh-token", "is empty"));
    }
    token_call(
        base,
        &[
            ("client_id", app.client_id.trim()),
            ("client_secret", app.client_secret.trim()),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.trim()),
            ("user_type", user_type_name(user_type)),
        ],
        "the refresh token was refused: ask the user to reconnect the account",
    )
}

/// Exchanges an authorization code.
pub fn exchange(
    app: &OauthApp,
    code: &str,
    redirect_uri: Option<&str>,
    user_type: UserType,
    base: &str,
) -> Result<OauthTokens, ConnectorError> {
    check_app(app)?;
    if code.trim().is_empty() {
        return Err(problem(
            "code",
            "is empty: pass the code from the redirect's query",
        ));
    }
    let mut pairs = vec![
        ("client_id", app.client_id.trim()),
        ("client_secret", app.client_secret.trim()),
        ("grant_type", "authorization_code"),
        ("code", code.trim()),
        ("user_type", user_type_name(user_type)),
    ];
    if let Some(uri) = redirect_uri {
        pairs.push(("redirect_uri", uri));
    }
    token_call(
        base,
        &pairs,
        "the code was refused (expired, already used, or for another app): start the authorization again",
    )
}

/// A location token from an agency token.
pub fn location_token(
    conn: &Connection,
    company_id: &str,
    location_id: &str,
) -> Result<OauthTokens, ConnectorError> {
    let base = engine::base_url(conn)?;
    for (field, value) in [("company-id", company_id), ("location-id", location_id)] {
        if value.trim().is_empty() {
            return Err(problem(field, "is empty"));
        }
    }
    let body = form(&[
        ("companyId", company_id.trim()),
        ("locationId", location_id.trim()),
    ]);
    let request = form_request(
        format!("{base}/oauth/locationToken"),
        body,
        vec![
            (
                "authorization",
                format!("Bearer {}", conn.access_token.trim()),
            ),
            ("version", V2021_07_28.to_string()),
        ],
    );
    // Not `send`: this call has no way to hand back a refreshed agency
    // token, so it never refreshes one.
    let response = http::send(request)?;
    match response.status {
        200..=299 => tokens(&response),
        _ => Err(engine::error_from(
            &response,
            &["oauth.write"],
            Some(
                "Get a location token (refresh the agency token with refresh-tokens if it expired)",
            ),
        )),
    }
}

/// The authorization page URL for the scopes of `keys` and the extras.
pub fn authorize_url(
    client_id: &str,
    redirect_uri: &str,
    keys: &[String],
    options: &AuthorizeOptions,
) -> Result<String, ConnectorError> {
    if client_id.trim().is_empty() {
        return Err(problem(
            "client-id",
            "is empty: give the OAuth app's client id",
        ));
    }
    let redirect = redirect_uri.trim();
    let lower = redirect.to_ascii_lowercase();
    let loopback = ["http://localhost", "http://127.", "http://[::1]"]
        .iter()
        .any(|p| lower.starts_with(p));
    let host_given = lower
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    if !(lower.starts_with("https://") || loopback)
        || !host_given
        || redirect.contains(|c: char| c.is_whitespace() || c == '#')
    {
        return Err(problem(
            "redirect-uri",
            "must be an absolute https URL without spaces or a fragment (http only for loopback)",
        ));
    }
    let mut scopes: Vec<String> = Vec::new();
    for key in keys {
        let found = crate::ops::find(key)
            .map(|op| op.scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .or_else(|| crate::webhooks::find(key).map(|w| w.scopes.clone()))
            .ok_or_else(|| {
                problem(
                    "operation-keys",
                    format!("`{key}` is not an operation; operations() lists the keys"),
                )
            })?;
        scopes.extend(found);
    }
    for extra in &options.extra_scopes {
        let extra = extra.trim();
        if extra.is_empty() || extra.contains(char::is_whitespace) {
            return Err(problem(
                "options.extra-scopes",
                format!("`{extra}` is not a scope"),
            ));
        }
        scopes.push(extra.to_string());
    }
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(problem(
            "operation-keys",
            "no scopes: name the operations the app will use (or give extra scopes)",
        ));
    }
    let host = if options.white_label {
        MARKETPLACE_WHITE_LABEL
    } else {
        MARKETPLACE
    };
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect)
        .append_pair("client_id", client_id.trim())
        .append_pair("scope", &scopes.join(" "));
    if let Some(state) = &options.state {
        query.append_pair("state", state);
    }
    if options.login_in_same_window {
        query.append_pair("loginWindowOpenMode", "self");
    }
    Ok(format!("{host}/v2/oauth/chooselocation?{}", query.finish()))
}
