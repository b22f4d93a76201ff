//! Bad input is refused before any request; every GHL status becomes the
//! right typed error; ids stay in their path segment; the token never leaks.

mod common;

use std::time::Duration;

use ghl_host_test::{Reply, error_json};
use serde_json::{Value, json};

use common::{TOKEN, conn, run, run_with};

/// Runs with no scripted reply and asserts the input was refused with
/// invalid-input on `field` and that nothing was sent.
fn refused(key: &str, input: Value, field: &str) -> String {
    let (result, requests) = run(key, &input, vec![]);
    let err = error_json(&result.expect_err("expected invalid-input"));
    assert_eq!(err["kind"], "invalid-input", "{err}");
    assert_eq!(err["field"], field, "{err}");
    assert!(requests.is_empty(), "no request may be sent for bad input");
    err["message"].as_str().unwrap().to_string()
}

#[test]
fn missing_required_field_names_it_and_sends_nothing() {
    let msg = refused("contacts.get", json!({}), "contactId");
    assert!(msg.contains("required"), "{msg}");
    refused(
        "contacts.create_task",
        json!({"contactId": "c1", "title": "t", "completed": false}),
        "dueDate",
    );
    refused("contacts.add_tags", json!({"contactId": "c1"}), "tags");
}

#[test]
fn wrong_types_name_the_field() {
    let msg = refused(
        "contacts.add_tags",
        json!({"contactId": "c1", "tags": "vip"}),
        "tags",
    );
    assert!(msg.contains("array of strings"), "{msg}");
    refused(
        "contacts.add_tags",
        json!({"contactId": "c1", "tags": ["ok", 3]}),
        "tags[1]",
    );
    refused("contacts.list", json!({"limit": "25"}), "limit");
    refused("contacts.get", json!({"contactId": 42}), "contactId");
    refused(
        "contacts.complete_task",
        json!({"contactId": "c", "taskId": "t", "completed": "yes"}),
        "completed",
    );
    refused("contacts.create", json!({"dndSettings": []}), "dndSettings");
    let msg = refused(
        "contacts.create",
        json!({"customFields": [{"id": "f1"}, "x"]}),
        "customFields[1]",
    );
    assert!(msg.contains("JSON object"), "{msg}");
}

#[test]
fn enums_formats_ranges_and_unknown_fields_are_checked() {
    let msg = refused(
        "contacts.bulk_update_tags",
        json!({"type": "toggle", "contacts": ["a"], "tags": ["t"]}),
        "type",
    );
    assert!(msg.contains("add, remove"), "{msg}");
    refused("contacts.create", json!({"email": "not-an-email"}), "email");
    refused(
        "contacts.create_task",
        json!({"contactId": "c", "title": "t", "completed": false, "dueDate": "tomorrow"}),
        "dueDate",
    );
    refused("contacts.list", json!({"limit": 101}), "limit");
    refused("contacts.search", json!({"pageLimit": 0}), "pageLimit");
    let msg = refused(
        "contacts.get",
        json!({"contactId": "c", "contactID": "typo"}),
        "contactID",
    );
    assert!(msg.contains("contactId"), "lists the known fields: {msg}");
    refused("contacts.find", json!({"locationId": "l"}), "contactId");
}

#[test]
fn input_that_is_not_a_json_object_is_refused() {
    for raw in ["[1,2]", "\"x\"", "{not json"] {
        let (mock, transport) = common::scripted(vec![]);
        let result = common::runtime()
            .block_on(common::connector().run_action(&transport, &conn(), "contacts.get", raw))
            .unwrap();
        let err = error_json(&result.unwrap_err().error);
        assert_eq!(err["kind"], "invalid-input");
        assert_eq!(err["field"], "");
        assert!(mock.requests().is_empty());
    }
}

#[test]
fn location_id_comes_from_the_input_or_the_connection() {
    let mut no_location = conn();
    no_location.location_id = None;
    let (result, requests) = run_with(
        &no_location,
        "contacts.create",
        &json!({"firstName": "A"}),
        vec![],
    );
    let err = error_json(&result.unwrap_err());
    assert_eq!(err["kind"], "invalid-input");
    assert_eq!(err["field"], "locationId");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("connection.location-id"),
        "{err}"
    );
    assert!(requests.is_empty());
}

#[test]
fn null_means_absent() {
    let (result, requests) = run(
        "contacts.get",
        &json!({"contactId": "c1"}),
        vec![Reply::json(200, &json!({"contact": {"id": "c1"}}))],
    );
    assert_eq!(result.unwrap(), json!({"id": "c1"}));
    assert_eq!(requests.len(), 1);
    refused("contacts.get", json!({"contactId": null}), "contactId");
}

#[test]
fn unknown_operation_and_wrong_kind() {
    let (result, requests) = run("contacts.nope", &json!({}), vec![]);
    assert_eq!(
        error_json(&result.unwrap_err())["kind"],
        "unknown-operation"
    );
    assert!(requests.is_empty());
    let (result, requests) = common::poll("contacts.create", &json!({}), None, vec![]);
    assert_eq!(
        error_json(&result.unwrap_err())["kind"],
        "unknown-operation"
    );
    assert!(requests.is_empty());
}

fn status_error(reply: Reply) -> Value {
    let (result, requests) = run("contacts.get", &json!({"contactId": "c1"}), vec![reply]);
    assert_eq!(requests.len(), 1);
    error_json(&result.expect_err("expected an error"))
}

#[test]
fn statuses_map_to_typed_errors() {
    let err = status_error(Reply::json(
        401,
        &json!({"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized", "traceId": "tr-1"}),
    ));
    assert_eq!(err["kind"], "unauthenticated");
    assert_eq!(err["failure"]["status"], 401);
    assert_eq!(
        err["failure"]["message"],
        "Invalid token: access token is invalid"
    );
    assert_eq!(err["failure"]["trace_id"], "tr-1");

    let err = status_error(Reply::json(
        403,
        &json!({"statusCode": 403, "message": "The token is not authorized for this scope."}),
    ));
    assert_eq!(err["kind"], "forbidden");
    assert_eq!(err["required_scopes"], json!(["contacts.readonly"]));
    assert_eq!(
        err["failure"]["message"],
        "The token is not authorized for this scope."
    );

    let err = status_error(Reply::json(
        404,
        &json!({"statusCode": 404, "message": "Contact not found"}),
    ));
    assert_eq!(err["kind"], "not-found");
    assert_eq!(err["failure"]["message"], "Contact not found");

    let err = status_error(Reply::json(
        400,
        &json!({"statusCode": 400, "message": "Bad contact id"}),
    ));
    assert_eq!(err["kind"], "rejected");
    assert_eq!(err["failure"]["status"], 400);

    let err = status_error(Reply::json(
        422,
        &json!({"statusCode": 422, "message": ["email must be an email", "phone is invalid"], "error": "Unprocessable Entity"}),
    ));
    assert_eq!(err["kind"], "rejected");
    assert_eq!(err["failure"]["status"], 422);
    assert_eq!(
        err["failure"]["message"],
        "email must be an email; phone is invalid"
    );

    for status in [500, 502, 503] {
        let err = status_error(Reply::json(
            status,
            &json!({"message": "Internal server error"}),
        ));
        assert_eq!(err["kind"], "unavailable", "{status}");
        assert_eq!(err["failure"]["status"], status);
    }

    // No JSON body at all: a generic message for the status.
    let err = status_error(Reply::bytes(502, b"<html>Bad gateway</html>".to_vec()));
    assert_eq!(err["kind"], "unavailable");
    assert_eq!(err["failure"]["message"], "GHL server error");
}

#[test]
fn rate_limits_carry_the_wait() {
    let err = status_error(
        Reply::json(
            429,
            &json!({"statusCode": 429, "message": "Too many requests"}),
        )
        .header("X-RateLimit-Max", "100")
        .header("X-RateLimit-Remaining", "0")
        .header("X-RateLimit-Interval-Milliseconds", "10000")
        .header("X-RateLimit-Daily-Remaining", "199000"),
    );
    assert_eq!(err["kind"], "rate-limited");
    assert_eq!(err["retry_after_ms"], 10000);
    assert_eq!(err["failure"]["status"], 429);

    let err = status_error(Reply::json(429, &json!({})).header("Retry-After", "3"));
    assert_eq!(err["retry_after_ms"], 3000);
    assert_eq!(
        err["failure"]["message"],
        "Too Many Requests: rate limit exceeded"
    );

    let err = status_error(Reply::json(429, &json!({})));
    assert_eq!(err["retry_after_ms"], Value::Null);
}

#[test]
fn ids_stay_inside_their_path_segment() {
    let cases = [
        ("a/b", "/contacts/a%2Fb"),
        ("../../users", "/contacts/..%2F..%2Fusers"),
        ("x?locationId=evil", "/contacts/x%3FlocationId%3Devil"),
        ("x#frag", "/contacts/x%23frag"),
        ("a%2Fb", "/contacts/a%252Fb"),
        ("a b+c", "/contacts/a%20b%2Bc"),
        ("é", "/contacts/%C3%A9"),
    ];
    for (id, path) in cases {
        let (result, requests) = run(
            "contacts.get",
            &json!({"contactId": id}),
            vec![Reply::json(200, &json!({"contact": {"id": id}}))],
        );
        assert_eq!(result.unwrap(), json!({"id": id}));
        assert_eq!(requests[0].path, path, "{id}");
        assert_eq!(
            requests[0].query, None,
            "{id}: nothing leaks into the query"
        );
        assert_eq!(requests[0].origin, "https://services.leadconnectorhq.com");
    }
    for id in ["", ".", ".."] {
        refused("contacts.get", json!({"contactId": id}), "contactId");
    }
    // The same through an alternate route (Find Contact by id), where the
    // id is a route's path parameter: found by the fuzz test.
    for id in ["", ".", ".."] {
        refused(
            "contacts.find",
            json!({"contactId": id, "email": "a@b.co"}),
            "contactId",
        );
    }
}

#[test]
fn the_token_never_appears_in_an_error() {
    let echo = format!("token {TOKEN} is not valid");
    let err = status_error(Reply::json(401, &json!({"message": echo})));
    let text = err.to_string();
    assert!(!text.contains(TOKEN), "{text}");
    assert!(text.contains("[redacted]"), "{text}");

    let mut bad = conn();
    bad.access_token = "two words".into();
    let (result, requests) = run_with(&bad, "contacts.get", &json!({"contactId": "c"}), vec![]);
    let err = error_json(&result.unwrap_err());
    assert_eq!(err["field"], "connection.access-token");
    assert!(!err.to_string().contains("two words"));
    assert!(requests.is_empty());

    bad.access_token = "  ".into();
    let (result, _) = run_with(&bad, "contacts.get", &json!({"contactId": "c"}), vec![]);
    assert_eq!(
        error_json(&result.unwrap_err())["field"],
        "connection.access-token"
    );
}

#[test]
fn base_url_rules() {
    let with_base = |base: &str| {
        let mut c = conn();
        c.base_url = Some(base.into());
        c
    };
    for bad in [
        "http://services.leadconnectorhq.com",
        "ftp://example.com",
        "https://user@evil.example",
        "https://example.com/api?x=1",
        "https://example.com/../x",
        "services.leadconnectorhq.com",
        "https://",
    ] {
        let (result, requests) = run_with(
            &with_base(bad),
            "contacts.get",
            &json!({"contactId": "c"}),
            vec![],
        );
        let err = error_json(&result.unwrap_err());
        assert_eq!(err["field"], "connection.base-url", "{bad}: {err}");
        assert!(requests.is_empty(), "{bad}");
    }
    // A white-label domain with a path prefix, and plain http on loopback.
    for (base, origin, path) in [
        (
            "https://api.agency.example/ghl/",
            "https://api.agency.example",
            "/ghl/contacts/c",
        ),
        (
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080",
            "/contacts/c",
        ),
        ("http://localhost:9", "http://localhost:9", "/contacts/c"),
    ] {
        let (result, requests) = run_with(
            &with_base(base),
            "contacts.get",
            &json!({"contactId": "c"}),
            vec![Reply::json(200, &json!({"contact": {}}))],
        );
        assert!(result.is_ok(), "{base}");
        assert_eq!(requests[0].origin, origin);
        assert_eq!(requests[0].path, path);
    }
}

#[test]
fn timeouts_malformed_and_oversized_responses() {
    let slow = Reply {
        delay: Some(Duration::from_secs(3600)),
        ..Reply::json(200, &json!({}))
    };
    let err = status_error(slow);
    assert_eq!(err["kind"], "timeout", "{err}");

    let html =
        Reply::bytes(200, b"<html>maintenance</html>".to_vec()).header("content-type", "text/html");
    let err = status_error(html);
    assert_eq!(err["kind"], "malformed-response");
    assert!(
        err["message"].as_str().unwrap().contains("text/html"),
        "{err}"
    );

    let err = status_error(Reply::json(200, &json!({"unexpected": true})));
    assert_eq!(err["kind"], "malformed-response");
    assert!(
        err["message"].as_str().unwrap().contains("contact"),
        "{err}"
    );

    let big = "x".repeat(9 * 1024 * 1024);
    let err = status_error(Reply::json(200, &json!({"contact": {"blob": big}})));
    assert_eq!(err["kind"], "too-large");
    assert_eq!(err["limit_bytes"], 8 * 1024 * 1024);
    assert!(err["message"].as_str().unwrap().contains("MiB"), "{err}");
}

#[test]
fn a_refused_connection_is_a_transport_error() {
    // The mock refuses requests it has no reply for.
    let err = status_error_without_reply();
    assert_eq!(err["kind"], "transport", "{err}");
}

fn status_error_without_reply() -> Value {
    let (result, requests) = run("contacts.get", &json!({"contactId": "c1"}), vec![]);
    assert_eq!(requests.len(), 1);
    error_json(&result.unwrap_err())
}

/// A component that loops forever or grows memory without bound: the
/// host stops it with a clear error and keeps serving the next call.
const MISBEHAVING: &str = r#"(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "spin") (loop $forever (br $forever)))
    (func (export "hog") (loop $more (drop (memory.grow (i32.const 16))) (br $more))))
  (core instance $i (instantiate $m))
  (func (export "spin") (canon lift (core func $i "spin")))
  (func (export "hog") (canon lift (core func $i "hog"))))"#;

#[test]
fn the_host_stops_a_runaway_guest_and_keeps_serving() {
    use ghl_host_test::{COMPONENT_WASM, Connector, Limits};
    let limits = Limits {
        call_deadline: std::time::Duration::from_millis(300),
        memory_bytes: 32 * 1024 * 1024,
        ..Limits::default()
    };
    stops_runaways(&Connector::with_limits(COMPONENT_WASM, limits).unwrap());

    // The same limits hold with the pooling allocator and a precompiled
    // component (the fast path `cargo bench` measures).
    let pooled = Limits {
        pooled_instances: Some(4),
        ..limits
    };
    let native = Connector::precompile(COMPONENT_WASM, &pooled).unwrap();
    // SAFETY: the bytes were just made by `precompile`.
    stops_runaways(&unsafe { Connector::from_precompiled(&native, pooled) }.unwrap());
}

fn stops_runaways(connector: &ghl_host_test::Connector) {
    let rt = common::runtime();
    let started = std::time::Instant::now();
    let err = rt
        .block_on(connector.run_foreign(MISBEHAVING.as_bytes(), "spin"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("ran past its deadline of 300ms"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    let err = rt
        .block_on(connector.run_foreign(MISBEHAVING.as_bytes(), "hog"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("over its memory limit of 32 MiB"), "{err}");

    // The same host serves the connector right after.
    let ops = rt.block_on(connector.operations()).unwrap();
    assert_eq!(ops.len(), 183);
    let (mock, transport) =
        common::scripted(vec![Reply::json(200, &json!({"contact": {"id": "c1"}}))]);
    let out = rt
        .block_on(connector.run_action(
            &transport,
            &conn(),
            "contacts.get",
            r#"{"contactId":"c1"}"#,
        ))
        .unwrap()
        .unwrap_or_else(|f| panic!("{}", error_json(&f.error)));
    assert_eq!(out.output, r#"{"id":"c1"}"#);
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn a_pooled_instance_serves_call_after_call_and_the_pool_is_bounded() {
    use ghl_host_test::{COMPONENT_WASM, Connector, Limits};
    let limits = Limits {
        pooled_instances: Some(2),
        ..Limits::default()
    };
    let connector = Connector::with_limits(COMPONENT_WASM, limits).unwrap();
    let rt = common::runtime();
    let (mock, transport) = common::scripted(vec![
        Reply::json(200, &json!({"contact": {"id": "c1"}})),
        Reply::json(200, &json!({"contact": {"id": "c2"}})),
        Reply::json(404, &json!({"message": "Contact not found"})),
    ]);
    rt.block_on(async {
        let mut kept = connector.instantiate(&transport).await.unwrap();
        for id in ["c1", "c2"] {
            let input = json!({ "contactId": id }).to_string();
            let out = kept
                .run_action(&conn(), "contacts.get", &input)
                .await
                .unwrap()
                .unwrap_or_else(|f| panic!("{}", error_json(&f.error)));
            assert_eq!(out.output, json!({ "id": id }).to_string());
        }
        // A typed error leaves the instance usable.
        let failure = kept
            .run_action(&conn(), "contacts.get", r#"{"contactId":"c3"}"#)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(error_json(&failure.error)["kind"], "not-found");
        let paths: Vec<String> = mock.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/contacts/c1", "/contacts/c2", "/contacts/c3"]);

        // Two slots: a second live instance fits, a third is refused
        // with an error (not a wait, not a crash) until one is dropped.
        let second = connector.instantiate(&transport).await.unwrap();
        let third = connector.instantiate(&transport).await;
        let err = format!("{:#}", third.err().expect("the pool has two slots"));
        assert!(err.contains("instantiate"), "{err}");
        drop(second);
        connector.instantiate(&transport).await.unwrap();
        drop(kept);
    });
}

/// The example input of an operation, from the catalog.
fn example(key: &str) -> Value {
    common::catalog()
        .into_iter()
        .find(|op| op["key"] == key)
        .map(|op| op["example_input"].clone())
        .unwrap()
}

/// Upstream faults for a read, a create, an update and a delete: each gives
/// the right typed error, after exactly one request (no retry inside the
/// component, so a create is never sent twice).
#[test]
fn upstream_fault_matrix() {
    let over_cap = {
        let mut body = b"{\"contact\":\"".to_vec();
        body.resize(9 * 1024 * 1024, b'x');
        body.extend_from_slice(b"\"}");
        Reply::bytes(200, body).header("content-type", "application/json")
    };
    let faults: Vec<(&str, Reply, &str)> = vec![
        (
            "429 with rate-limit headers",
            Reply::json(429, &json!({"message": "Too many"}))
                .header("x-ratelimit-interval-milliseconds", "10000")
                .header("x-ratelimit-remaining", "0"),
            "rate-limited",
        ),
        ("429 bare", Reply::bytes(429, Vec::new()), "rate-limited"),
        (
            "500",
            Reply::json(500, &json!({"message": "boom"})),
            "unavailable",
        ),
        (
            "502",
            Reply::bytes(502, b"<html>Bad gateway</html>".to_vec()),
            "unavailable",
        ),
        ("503", Reply::json(503, &json!({})), "unavailable"),
        ("504", Reply::bytes(504, Vec::new()), "unavailable"),
        ("connection reset", Reply::reset(), "transport"),
        (
            "timeout",
            Reply {
                delay: Some(Duration::from_secs(3600)),
                ..Reply::json(200, &json!({}))
            },
            "timeout",
        ),
        (
            "malformed JSON",
            Reply::bytes(200, b"{\"contact\": {".to_vec())
                .header("content-type", "application/json"),
            "malformed-response",
        ),
        (
            "HTML page",
            Reply::bytes(200, b"<!doctype html><p>Login</p>".to_vec())
                .header("content-type", "text/html"),
            "malformed-response",
        ),
        ("body over the cap", over_cap, "too-large"),
        (
            "slow body past the timeout",
            Reply::json(200, &json!({"contact": {}})).slow(Duration::from_secs(3600)),
            "timeout",
        ),
    ];
    for key in [
        "contacts.get",
        "contacts.create",
        "contacts.update",
        "contacts.delete",
    ] {
        for (name, reply, kind) in &faults {
            let (result, requests) = run(key, &example(key), vec![reply.clone()]);
            let err = error_json(&result.expect_err(name));
            assert_eq!(err["kind"], *kind, "{key} / {name}: {err}");
            assert_eq!(requests.len(), 1, "{key} / {name}: one request, no retry");
        }
        // An empty 2xx body is not an error for writes that answer nothing;
        // a read that needs its record says what is missing.
        let (result, _) = run(key, &example(key), vec![Reply::bytes(200, Vec::new())]);
        if key == "contacts.get" || key == "contacts.create" || key == "contacts.update" {
            let err = error_json(&result.unwrap_err());
            assert_eq!(err["kind"], "malformed-response", "{key}: {err}");
        } else {
            assert!(result.is_ok(), "{key}: an empty body is an empty output");
        }
    }
    let (result, _) = run(
        "contacts.get",
        &example("contacts.get"),
        vec![faults[0].1.clone()],
    );
    assert_eq!(error_json(&result.unwrap_err())["retry_after_ms"], 10_000);
}

/// An upstream that echoes the token everywhere it can: no error, output or
/// state the component produces contains it.
#[test]
fn secrets_never_leak_through_any_error_path() {
    let echoing = |status: u16| {
        Reply::json(
            status,
            &json!({"message": format!("token {TOKEN} refused"), "error": TOKEN, "detail": TOKEN, "traceId": TOKEN}),
        )
        .header("x-echo", TOKEN)
    };
    let mut produced: Vec<String> = Vec::new();
    for key in [
        "contacts.get",
        "contacts.create",
        "contacts.update",
        "contacts.delete",
        "contacts.list_notes",
    ] {
        for status in [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504] {
            let (result, _) = run(key, &example(key), vec![echoing(status)]);
            produced.push(error_json(&result.unwrap_err()).to_string());
        }
        let html = Reply::bytes(200, format!("<html>{TOKEN}</html>").into_bytes());
        let (result, _) = run(key, &example(key), vec![html]);
        produced.push(format!("{:?}", result.map_err(|e| error_json(&e))));
    }
    // A poll's state and events.
    let (result, _) = common::poll(
        "contacts.list_notes",
        &json!({"contactId": "c1"}),
        None,
        vec![Reply::json(200, &json!({"notes": [{"id": "n1"}]}))],
    );
    produced.push(result.unwrap().state);
    assert!(produced.len() > 60);
    for text in &produced {
        assert!(!text.contains(TOKEN), "leaked: {text}");
    }
}

fn with_policy(max_retries: u32, deadline_ms: Option<u32>) -> ghl_host_test::Connection {
    ghl_host_test::Connection {
        policy: Some(ghl_host_test::CallPolicy {
            deadline_ms,
            max_retries: Some(max_retries),
        }),
        ..conn()
    }
}

/// Retries: safe requests are repeated after transient failures, writes
/// never after an ambiguous one; the upstream's request count proves it.
#[test]
fn safe_requests_are_retried_and_writes_never_twice() {
    let c = with_policy(2, None);
    let ok_get = || Reply::json(200, &json!({"contact": {"id": "c1"}}));
    let unavailable = || Reply::json(503, &json!({"message": "down"}));

    // GET: two 503s, then the answer.
    let (result, requests) = run_with(
        &c,
        "contacts.get",
        &example("contacts.get"),
        vec![unavailable(), unavailable(), ok_get()],
    );
    assert_eq!(result.unwrap(), json!({"id": "c1"}));
    assert_eq!(requests.len(), 3);
    // GET: still failing after the retries: the last error.
    let (result, requests) = run_with(
        &c,
        "contacts.get",
        &example("contacts.get"),
        vec![unavailable(), unavailable(), unavailable()],
    );
    assert_eq!(error_json(&result.unwrap_err())["kind"], "unavailable");
    assert_eq!(requests.len(), 3);
    // PUT after a reset, DELETE after a 504: repeated.
    let (result, requests) = run_with(
        &c,
        "contacts.update",
        &example("contacts.update"),
        vec![
            Reply::reset(),
            Reply::json(200, &json!({"succeded": true, "contact": {"id": "c1"}})),
        ],
    );
    assert!(result.is_ok());
    assert_eq!(requests.len(), 2);
    let (result, requests) = run_with(
        &c,
        "contacts.delete",
        &example("contacts.delete"),
        vec![
            Reply::bytes(504, Vec::new()),
            Reply::json(200, &json!({"succeded": true})),
        ],
    );
    assert!(result.is_ok());
    assert_eq!(requests.len(), 2);

    // POST: never repeated after a 503, a reset or a timeout.
    let timeout = Reply {
        delay: Some(Duration::from_secs(3600)),
        ..Reply::json(201, &json!({}))
    };
    for (name, reply, kind) in [
        ("503", unavailable(), "unavailable"),
        ("reset", Reply::reset(), "transport"),
        ("timeout", timeout, "timeout"),
    ] {
        let (result, requests) = run_with(
            &c,
            "contacts.create",
            &example("contacts.create"),
            vec![reply, Reply::json(201, &json!({"contact": {"id": "dup"}}))],
        );
        assert_eq!(error_json(&result.unwrap_err())["kind"], kind, "{name}");
        assert_eq!(requests.len(), 1, "{name}: a create is sent once");
    }
    // POST after a 429: GHL did not process it, so it is sent again.
    let limited = Reply::json(429, &json!({"message": "slow down"})).header("retry-after", "0");
    let (result, requests) = run_with(
        &c,
        "contacts.create",
        &example("contacts.create"),
        vec![
            limited,
            Reply::json(201, &json!({"contact": {"id": "new"}})),
        ],
    );
    assert_eq!(result.unwrap(), json!({"id": "new"}));
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
}

/// The call's deadline cuts each request's timeouts and stops retries
/// whose wait would pass it.
#[test]
fn the_call_deadline_is_the_hosts_to_choose() {
    let slow = Reply {
        delay: Some(Duration::from_secs(2)),
        ..Reply::json(200, &json!({"contact": {"id": "c1"}}))
    };
    let started = std::time::Instant::now();
    let (result, requests) = run_with(
        &with_policy(0, Some(300)),
        "contacts.get",
        &example("contacts.get"),
        vec![slow],
    );
    assert_eq!(error_json(&result.unwrap_err())["kind"], "timeout");
    assert_eq!(requests.len(), 1);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );

    let failing: Vec<Reply> = (0..10).map(|_| Reply::json(503, &json!({}))).collect();
    let started = std::time::Instant::now();
    let (result, requests) = run_with(
        &with_policy(10, Some(700)),
        "contacts.get",
        &example("contacts.get"),
        failing,
    );
    assert_eq!(error_json(&result.unwrap_err())["kind"], "unavailable");
    assert!(
        requests.len() >= 2 && requests.len() < 6,
        "{} requests",
        requests.len()
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

/// A body that trickles in: read whole while the gaps stay within the
/// between-bytes timeout, a `timeout` once a gap reaches it (here cut by a
/// 300 ms call deadline).
#[test]
fn a_slow_body_is_read_or_times_out() {
    let body = json!({"contact": {"id": "c1", "firstName": "Slow"}});
    let slow = |gap_ms: u64| Reply::json(200, &body).slow(Duration::from_millis(gap_ms));
    let (result, requests) = run("contacts.get", &example("contacts.get"), vec![slow(50)]);
    assert_eq!(result.unwrap(), json!({"id": "c1", "firstName": "Slow"}));
    assert_eq!(requests.len(), 1);

    let started = std::time::Instant::now();
    let (result, _) = run_with(
        &with_policy(0, Some(300)),
        "contacts.get",
        &example("contacts.get"),
        vec![slow(400)],
    );
    let err = error_json(&result.unwrap_err());
    assert_eq!(err["kind"], "timeout", "{err}");
    assert!(started.elapsed() < Duration::from_millis(1500));
}
