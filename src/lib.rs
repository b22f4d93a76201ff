//! GoHighLevel API v2 connector, built as a WebAssembly component for
//! `wasm32-wasip2`. The contract is `wit/connector.wit`; the operations are
//! the tables under `ops/`; `engine.rs` runs any of them.

mod auth;
mod catalog;
mod engine;
mod http;
mod ops;
mod options;
mod poll;
mod raw;
mod schema;
mod service;
mod validate;
mod values;
mod webhooks;

wit_bindgen::generate!({
    path: "wit",
    world: "ghl-connector",
});

/// The generated types of the exported interface.
pub(crate) use exports::ghl::connector::connector as wit;

use catalog::Kind;
use wit::{
    ActionOutput, AuthorizeOptions, Connection, ConnectorError, Failure, OauthApp, OauthTokens,
    Operation, OperationKind, OptionList, OptionSource, PollOptions, PollResult, TriggerMode,
    UserType, WebhookError, WebhookEvent, WebhookKeys,
};

/// The exported connector (also called by the wasi:http service).
pub(crate) struct Component;

fn unknown(key: &str, wanted: &str) -> ConnectorError {
    if webhooks::find(key).is_some() {
        return ConnectorError::UnknownOperation(format!(
            "`{key}` is a webhook trigger: GHL delivers it to your webhook URL; pass each delivery to verify-webhook"
        ));
    }
    ConnectorError::UnknownOperation(format!(
        "no {wanted} named `{key}`; operations() lists the keys"
    ))
}

/// A webhook event as a catalog entry (kind `webhook`).
fn webhook_operation(w: &webhooks::Webhook) -> Operation {
    let types = w.types.join("`, `");
    Operation {
        key: w.key.clone(),
        kind: OperationKind::Webhook,
        category: w.category.clone(),
        label: w.label.clone(),
        help: format!(
            "Instant trigger: GHL posts the {} event (payload type `{types}`) to your app's webhook URL; verify-webhook checks each delivery and names this trigger. Output: the payload.",
            w.event
        ),
        input_schema: serde_json::json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {},
            "additionalProperties": false
        })
        .to_string(),
        example_input: "{}".to_string(),
        output_sample: w.sample.to_string(),
        scopes: w.scopes.clone(),
        token: wit::TokenKind::Any,
        method: String::new(),
        path: String::new(),
        api_version: String::new(),
        dropdowns: Vec::new(),
        trigger_mode: None,
    }
}

/// Replaces every secret (tokens, client secret) wherever one might have
/// slipped into an error text.
fn scrub(err: ConnectorError, secrets: &[String]) -> ConnectorError {
    let secrets: Vec<&str> = secrets
        .iter()
        .map(|s| s.trim())
        .filter(|s| s.len() >= 8)
        .collect();
    if secrets.is_empty() {
        return err;
    }
    let clean = |s: String| {
        secrets
            .iter()
            .fold(s, |s, secret| s.replace(secret, "[redacted]"))
    };
    let clean_failure = |f: wit::ApiFailure| wit::ApiFailure {
        message: clean(f.message),
        // GHL's trace id is echoed back verbatim: a hostile upstream could
        // put anything there.
        trace_id: f.trace_id.map(clean),
        ..f
    };
    match err {
        ConnectorError::UnknownOperation(s) => ConnectorError::UnknownOperation(clean(s)),
        ConnectorError::InvalidInput(p) => ConnectorError::InvalidInput(wit::FieldProblem {
            field: clean(p.field),
            message: clean(p.message),
        }),
        ConnectorError::Unauthenticated(f) => ConnectorError::Unauthenticated(clean_failure(f)),
        ConnectorError::ReconnectRequired(f) => ConnectorError::ReconnectRequired(clean_failure(f)),
        ConnectorError::Forbidden(f) => ConnectorError::Forbidden(wit::ForbiddenFailure {
            failure: clean_failure(f.failure),
            ..f
        }),
        ConnectorError::NotFound(f) => ConnectorError::NotFound(clean_failure(f)),
        ConnectorError::Rejected(f) => ConnectorError::Rejected(clean_failure(f)),
        ConnectorError::RateLimited(f) => ConnectorError::RateLimited(wit::RateLimitFailure {
            failure: clean_failure(f.failure),
            ..f
        }),
        ConnectorError::Unavailable(f) => ConnectorError::Unavailable(clean_failure(f)),
        ConnectorError::Timeout(s) => ConnectorError::Timeout(clean(s)),
        ConnectorError::MalformedResponse(s) => ConnectorError::MalformedResponse(clean(s)),
        ConnectorError::Transport(s) => ConnectorError::Transport(clean(s)),
        ConnectorError::TooLarge(f) => ConnectorError::TooLarge(wit::TooLargeFailure {
            message: clean(f.message),
            ..f
        }),
    }
}

impl wit::Guest for Component {
    fn operations() -> Vec<Operation> {
        ops::all()
            .map(|op| Operation {
                key: op.key.to_string(),
                kind: match op.kind {
                    Kind::Trigger => OperationKind::Trigger,
                    Kind::Action => OperationKind::Action,
                },
                category: op.category.to_string(),
                label: op.label.to_string(),
                help: op.help.to_string(),
                input_schema: schema::input_schema(op).to_string(),
                example_input: schema::example_input(op).to_string(),
                output_sample: op.sample.to_string(),
                scopes: op.scopes.iter().map(|s| s.to_string()).collect(),
                token: match op.token {
                    catalog::Token::Location => wit::TokenKind::Location,
                    catalog::Token::Agency => wit::TokenKind::Agency,
                    catalog::Token::Any => wit::TokenKind::Any,
                },
                method: op.method.as_str().to_string(),
                path: op.path.to_string(),
                api_version: op.version.to_string(),
                dropdowns: op
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let source = f.options?;
                        Some(OptionSource {
                            field: f.name.to_string(),
                            source: source.name.to_string(),
                            depends_on: source
                                .depends_on()
                                .into_iter()
                                .map(str::to_string)
                                .collect(),
                        })
                    })
                    .collect(),
                trigger_mode: (op.kind == Kind::Trigger).then_some(match op.poll.mode {
                    catalog::Mode::New => TriggerMode::NewItems,
                    catalog::Mode::NewOrUpdated => TriggerMode::NewOrUpdated,
                    catalog::Mode::Changes => TriggerMode::Changes,
                }),
            })
            .chain(webhooks::all().iter().map(webhook_operation))
            .collect()
    }

    fn verify_webhook(
        body: Vec<u8>,
        headers: Vec<(String, String)>,
        keys: WebhookKeys,
    ) -> Result<WebhookEvent, WebhookError> {
        webhooks::verify(&body, &headers, &keys)
    }

    fn run_action(conn: Connection, key: String, input: String) -> Result<ActionOutput, Failure> {
        let (result, refreshed) = session(&conn, || {
            let op = ops::find(&key).ok_or_else(|| unknown(&key, "operation"))?;
            engine::run(op, &conn, &input).map(|(output, _)| output.to_string())
        });
        result
            .map(|output| ActionOutput {
                output,
                refreshed: refreshed.clone(),
            })
            .map_err(|error| Failure { error, refreshed })
    }

    fn poll_trigger(
        conn: Connection,
        key: String,
        input: String,
        state: Option<String>,
        options: PollOptions,
    ) -> Result<PollResult, Failure> {
        let (result, refreshed) = session(&conn, || {
            let op = ops::find(&key)
                .filter(|op| op.kind == Kind::Trigger)
                .ok_or_else(|| unknown(&key, "trigger"))?;
            poll::poll(op, &conn, &input, state.as_deref(), &options)
        });
        result
            .map(|r| PollResult {
                refreshed: refreshed.clone(),
                ..r
            })
            .map_err(|error| Failure { error, refreshed })
    }

    fn list_options(
        conn: Connection,
        key: String,
        field: String,
        input: String,
    ) -> Result<OptionList, Failure> {
        let (result, refreshed) = session(&conn, || {
            let op = ops::find(&key).ok_or_else(|| unknown(&key, "operation"))?;
            options::list(op, &field, &conn, &input)
        });
        result
            .map(|choices| OptionList {
                choices,
                refreshed: refreshed.clone(),
            })
            .map_err(|error| Failure { error, refreshed })
    }

    fn authorize_url(
        client_id: String,
        redirect_uri: String,
        operation_keys: Vec<String>,
        options: AuthorizeOptions,
    ) -> Result<String, ConnectorError> {
        auth::authorize_url(&client_id, &redirect_uri, &operation_keys, &options)
    }

    fn exchange_code(
        app: OauthApp,
        code: String,
        redirect_uri: Option<String>,
        user_type: UserType,
        base_url: Option<String>,
    ) -> Result<OauthTokens, ConnectorError> {
        let base = token_base(base_url)?;
        auth::exchange(&app, &code, redirect_uri.as_deref(), user_type, &base)
            .map_err(|e| scrub(e, &[app.client_secret.clone(), code.clone()]))
    }

    fn refresh_tokens(
        app: OauthApp,
        refresh_token: String,
        user_type: UserType,
        base_url: Option<String>,
    ) -> Result<OauthTokens, ConnectorError> {
        let base = token_base(base_url)?;
        auth::refresh(&app, &refresh_token, user_type, &base)
            .map_err(|e| scrub(e, &[app.client_secret.clone(), refresh_token.clone()]))
    }

    fn location_token(
        conn: Connection,
        company_id: String,
        location_id: String,
    ) -> Result<OauthTokens, ConnectorError> {
        auth::location_token(&conn, &company_id, &location_id)
            .map_err(|e| scrub(e, &auth::secrets(&conn)))
    }
}

/// Runs one call on `conn` with its OAuth session (which may refresh the
/// token once); returns the result with secrets scrubbed, and the tokens
/// refreshed on the way.
fn session<T>(
    conn: &Connection,
    call: impl FnOnce() -> Result<T, ConnectorError>,
) -> (Result<T, ConnectorError>, Option<OauthTokens>) {
    auth::begin(conn);
    let result = call();
    let refreshed = auth::finish();
    let mut secrets = auth::secrets(conn);
    if let Some(t) = &refreshed {
        secrets.push(t.access_token.clone());
        secrets.extend(t.refresh_token.clone());
    }
    (result.map_err(|e| scrub(e, &secrets)), refreshed)
}

/// The checked base URL for the token endpoints.
fn token_base(base_url: Option<String>) -> Result<String, ConnectorError> {
    engine::base_url(&Connection {
        access_token: String::new(),
        location_id: None,
        company_id: None,
        base_url,
        oauth: None,
        policy: None,
    })
}

export!(Component);
