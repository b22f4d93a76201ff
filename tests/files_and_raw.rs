//! Files (recordings, transcript downloads) come back base64-encoded with
//! their size under a cap; the raw API request keeps to the connection's
//! base URL. (Per-case request shapes are in the fixtures.)

mod common;

use base64::Engine as _;
use ghl_host_test::{Reply, error_json};
use serde_json::json;

use common::{LOCATION, TOKEN, conn, run, run_with};

const MAX_FILE: usize = 5 * 1024 * 1024;

fn wav(len: usize) -> Reply {
    Reply::bytes(200, (0..len).map(|i| (i % 251) as u8).collect())
        .header("content-type", "audio/x-wav")
}

fn recording(reply: Reply) -> Result<serde_json::Value, serde_json::Value> {
    let (result, requests) = run(
        "conversations.get_recording",
        &json!({"messageId": "tUL6VZhJmXmO3EDYhxfl"}),
        vec![reply],
    );
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("accept"), Some("*/*"));
    assert_eq!(
        requests[0].path,
        format!("/conversations/messages/tUL6VZhJmXmO3EDYhxfl/locations/{LOCATION}/recording")
    );
    result.map_err(|e| error_json(&e))
}

#[test]
fn a_file_at_the_cap_comes_back_whole_and_decodes_to_the_same_bytes() {
    let reply = wav(MAX_FILE);
    let bytes = reply.body.clone();
    let out = recording(reply).expect("a file of exactly 5 MiB is returned");
    assert_eq!(out["size"], MAX_FILE);
    assert_eq!(out["encoding"], "base64");
    assert_eq!(out["contentType"], "audio/x-wav");
    assert_eq!(out["fileName"], serde_json::Value::Null);
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(out["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(decoded, bytes);
}

#[test]
fn a_file_over_the_cap_is_a_clear_too_large_error() {
    let err = recording(wav(MAX_FILE + 1)).expect_err("one byte over the cap");
    assert_eq!(err["kind"], "too-large");
    assert_eq!(err["limit_bytes"], MAX_FILE);
    let message = err["message"].as_str().unwrap();
    assert!(message.contains(&(MAX_FILE + 1).to_string()), "{message}");
    assert!(message.contains("5 MiB"), "{message}");
}

#[test]
fn an_empty_file_is_an_empty_payload_not_an_error() {
    let out = recording(wav(0)).unwrap();
    assert_eq!(out["size"], 0);
    assert_eq!(out["data"], "");
}

#[test]
fn file_endpoints_report_json_errors_as_usual() {
    let err = recording(Reply::json(401, &json!({"message": "Invalid JWT"}))).unwrap_err();
    assert_eq!(err["kind"], "unauthenticated");
}

#[test]
fn the_raw_request_keeps_the_base_url_prefix_and_origin() {
    let mut c = conn();
    c.base_url = Some("https://proxy.example.com/ghl/".into());
    let (result, requests) = run_with(
        &c,
        "api.request",
        &json!({"method": "GET", "path": "/contacts/abc"}),
        vec![Reply::json(200, &json!({"contact": {"id": "abc"}}))],
    );
    assert_eq!(result.unwrap(), json!({"contact": {"id": "abc"}}));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].origin, "https://proxy.example.com");
    assert_eq!(requests[0].path, "/ghl/contacts/abc");
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn no_raw_path_can_move_the_request_off_the_base_url() {
    // Each of these, appended to the base URL by naive concatenation,
    // would reach another host, climb out of the prefix, or change the
    // query; all are refused with nothing sent.
    for path in [
        "https://evil.example.com/x",
        "HTTP://evil.example.com/x",
        "//evil.example.com/x",
        "@evil.example.com/x",
        "evil.example.com/x",
        ".evil.example.com/x",
        ":8080/x",
        "/../x",
        "/a/..",
        "/a/%2E%2e/x",
        "/a/.%2e/x",
        "/a\\b",
        "/a?b=c",
        "/a#b",
        "/a%0d%0aX: y",
        "/a\r\nX-Injected: 1",
        "/a%",
        "/a%4",
        "",
    ] {
        let mut c = conn();
        c.base_url = Some("https://proxy.example.com/ghl".into());
        let (result, requests) = run_with(
            &c,
            "api.request",
            &json!({"method": "GET", "path": path}),
            vec![Reply::json(200, &json!({}))],
        );
        let err = error_json(&result.expect_err(path));
        assert_eq!(err["kind"], "invalid-input", "{path:?}");
        assert_eq!(err["field"], "path", "{path:?}");
        assert!(requests.is_empty(), "{path:?} sent a request");
    }
}
