//! GoHighLevel API v2 connector, built as a WebAssembly component for
//! `wasm32-wasip2`. The contract is `wit/connector.wit`; the operations are
//! the tables under `ops/`; `engine.rs` runs any of them.

mod catalog;
mod engine;
mod http;
mod ops;
mod options;
mod poll;
mod raw;
mod schema;
mod validate;
mod webhooks;

wit_bindgen::generate!({
    path: "wit",
    world: "ghl-connector",
});

/// The generated types of the exported interface.
pub(crate) use exports::ghl::connector::connector as wit;

use catalog::Kind;
use wit::{
    Choice, Connection, ConnectorError, Operation, OperationKind, OptionSource, PollOptions,
    PollResult, TriggerMode, WebhookError, WebhookEvent, WebhookKeys,
};

struct Component;

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

/// Replaces the token wherever it might have slipped into an error text.
fn scrub(err: ConnectorError, token: &str) -> ConnectorError {
    let token = token.trim();
    if token.len() < 8 {
        return err;
    }
    let clean = |s: String| s.replace(token, "[redacted]");
    let clean_failure = |f: wit::ApiFailure| wit::ApiFailure {
        message: clean(f.message),
        ..f
    };
    match err {
        ConnectorError::UnknownOperation(s) => ConnectorError::UnknownOperation(clean(s)),
        ConnectorError::InvalidInput(p) => ConnectorError::InvalidInput(wit::FieldProblem {
            field: clean(p.field),
            message: clean(p.message),
        }),
        ConnectorError::Unauthenticated(f) => ConnectorError::Unauthenticated(clean_failure(f)),
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

    fn run_action(conn: Connection, key: String, input: String) -> Result<String, ConnectorError> {
        let op = ops::find(&key).ok_or_else(|| unknown(&key, "operation"))?;
        engine::run(op, &conn, &input)
            .map(|(output, _)| output.to_string())
            .map_err(|e| scrub(e, &conn.access_token))
    }

    fn poll_trigger(
        conn: Connection,
        key: String,
        input: String,
        state: Option<String>,
        options: PollOptions,
    ) -> Result<PollResult, ConnectorError> {
        let op = ops::find(&key)
            .filter(|op| op.kind == Kind::Trigger)
            .ok_or_else(|| unknown(&key, "trigger"))?;
        poll::poll(op, &conn, &input, state.as_deref(), &options)
            .map_err(|e| scrub(e, &conn.access_token))
    }

    fn list_options(
        conn: Connection,
        key: String,
        field: String,
        input: String,
    ) -> Result<Vec<Choice>, ConnectorError> {
        let op = ops::find(&key).ok_or_else(|| unknown(&key, "operation"))?;
        options::list(op, &field, &conn, &input).map_err(|e| scrub(e, &conn.access_token))
    }
}

export!(Component);
