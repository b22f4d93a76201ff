//! The `ghl` runner end to end: its own process, the real network code path
//! (default WASI-HTTP sender), against a loopback server started here.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::thread;

use serde_json::{Value, json};

mod common;

const TOKEN: &str = "pit-cli-test-0123456789";

/// One request as the loopback server saw it.
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Serves the given (status, body) replies, one per connection, on
/// 127.0.0.1; returns the base URL and a receiver of what was requested.
fn serve(replies: Vec<(u16, Value)>) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for (status, body) in replies {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (n, v) = line.split_once(':').unwrap();
                headers.push((n.trim().to_string(), v.trim().to_string()));
            }
            let len = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.parse::<usize>().unwrap())
                .unwrap_or(0);
            let mut body_bytes = vec![0; len];
            reader.read_exact(&mut body_bytes).unwrap();
            let payload = body.to_string();
            let reply = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
                payload.len()
            );
            let mut stream = reader.into_inner();
            stream.write_all(reply.as_bytes()).unwrap();
            let _ = tx.send(Seen {
                request_line: request_line.trim_end().to_string(),
                headers,
                body: body_bytes,
            });
        }
    });
    (base, rx)
}

fn ghl(args: &[&str], token: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ghl"));
    cmd.args(args)
        .env_remove("GHL_TOKEN")
        .env_remove("GHL_BASE_URL")
        .env("GHL_LOCATION_ID", "loc-cli");
    if let Some(token) = token {
        cmd.env("GHL_TOKEN", token);
    }
    cmd.output().expect("run ghl")
}

/// The JSON a successful run printed (stderr shown when it failed).
fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn ops_json_lists_the_catalog() {
    let out = ghl(&["ops", "--json"], None);
    let ops: Vec<Value> = stdout_json(&out).as_array().expect("a JSON array").clone();
    for (category, count) in common::SEED_CATEGORIES.iter().chain(&[("Advanced", 1)]) {
        let listed = ops
            .iter()
            .filter(|o| o["category"] == *category && o["kind"] != "webhook")
            .count();
        assert_eq!(listed, *count, "{category}");
    }
    for op in &ops {
        for field in [
            "key",
            "kind",
            "category",
            "label",
            "method",
            "path",
            "input_schema",
            "example_input",
            "dropdowns",
            "token",
        ] {
            assert!(!op[field].is_null(), "{} lacks {field}", op["key"]);
        }
        assert!(["trigger", "action", "webhook"].contains(&op["kind"].as_str().unwrap()));
    }
    let webhooks = ops.iter().filter(|o| o["kind"] == "webhook").count();
    assert_eq!(
        webhooks, 58,
        "one instant trigger per GHL webhook event page"
    );
    assert_eq!(
        ops.len() - webhooks,
        125,
        "124 seed operations and the raw request"
    );
    let get = ops.iter().find(|o| o["key"] == "contacts.get").unwrap();
    assert_eq!(get["method"], "GET");
    assert_eq!(get["path"], "/contacts/{contactId}");
    assert_eq!(get["input_schema"]["required"], json!(["contactId"]));
}

#[test]
fn call_sends_the_request_to_the_base_url_and_prints_the_output() {
    let (base, seen) = serve(vec![(
        201,
        json!({"contact": {"id": "new1", "firstName": "Ada"}}),
    )]);
    let out = ghl(
        &[
            "call",
            "contacts.create",
            "--input",
            r#"{"firstName":"Ada"}"#,
            "--base-url",
            &base,
        ],
        Some(TOKEN),
    );
    let output: Value = stdout_json(&out);
    assert_eq!(output, json!({"id": "new1", "firstName": "Ada"}));
    let req = seen.recv().unwrap();
    assert_eq!(req.request_line, "POST /contacts/ HTTP/1.1");
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(req.header("version"), Some("2021-07-28"));
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, json!({"locationId": "loc-cli", "firstName": "Ada"}));
}

#[test]
fn options_prints_the_choices_of_a_dropdown() {
    let (base, seen) = serve(vec![(
        200,
        json!({"pipelines": [{"id": "p1", "name": "Sales", "stages": [
            {"id": "s1", "name": "New"}, {"id": "s2", "name": "Won"}
        ]}]}),
    )]);
    let out = ghl(
        &[
            "options",
            "opportunities.create",
            "pipelineStageId",
            "--input",
            r#"{"pipelineId":"p1"}"#,
            "--base-url",
            &base,
        ],
        Some(TOKEN),
    );
    let choices: Value = stdout_json(&out);
    assert_eq!(
        choices,
        json!([
            {"value": "s1", "label": "New", "detail": null},
            {"value": "s2", "label": "Won", "detail": null}
        ])
    );
    let req = seen.recv().unwrap();
    assert_eq!(
        req.request_line,
        "GET /opportunities/pipelines?locationId=loc-cli HTTP/1.1"
    );

    // A missing depends-on field: exit 1, JSON error, nothing served.
    let out = ghl(
        &[
            "options",
            "opportunities.create",
            "pipelineStageId",
            "--base-url",
            &base,
        ],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["field"], "pipelineId");
}

#[test]
fn call_errors_are_json_on_stderr_without_the_token() {
    let (base, _seen) = serve(vec![(
        404,
        json!({"statusCode": 404, "message": "Contact not found"}),
    )]);
    let out = ghl(
        &[
            "call",
            "contacts.get",
            "--input",
            r#"{"contactId":"missing"}"#,
            "--base-url",
            &base,
        ],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["kind"], "not-found");
    assert_eq!(err["error"]["failure"]["message"], "Contact not found");
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(TOKEN));
    }

    let out = ghl(
        &["call", "contacts.get", "--input", "{}", "--base-url", &base],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["kind"], "invalid-input");
    assert_eq!(err["error"]["field"], "contactId");
}

#[test]
fn call_without_a_token_is_a_usage_error() {
    let out = ghl(
        &["call", "contacts.get", "--input", r#"{"contactId":"c"}"#],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("GHL_TOKEN")
    );
}

#[test]
fn poll_keeps_its_state_in_the_file_and_prints_only_what_is_new() {
    let task = |id: &str| json!({"id": id, "title": format!("task {id}"), "completed": false});
    let page = json!({"tasks": [task("t1"), task("t2")]});
    let added = json!({"tasks": [task("t3"), task("t1"), task("t2")]});
    let (base, seen) = serve(vec![
        (200, page.clone()),
        (200, page.clone()),
        (200, added),
        (200, page),
    ]);
    let dir = std::env::temp_dir().join(format!("ghl-cli-poll-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    let state_arg = state.to_str().unwrap();
    let args = [
        "poll",
        "contacts.list_tasks",
        "--input",
        r#"{"contactId":"c1"}"#,
        "--state",
        state_arg,
        "--base-url",
        &base,
    ];
    let events = |out: &Output| -> Vec<Value> {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout_json(out).as_array().expect("a JSON array").clone()
    };

    // The first poll records the baseline: an empty list.
    assert!(events(&ghl(&args, Some(TOKEN))).is_empty());
    assert_eq!(
        seen.recv().unwrap().request_line,
        "GET /contacts/c1/tasks HTTP/1.1"
    );
    let stored = std::fs::read_to_string(&state).unwrap();
    assert!(!stored.contains(TOKEN), "no token in the state");

    // Unchanged server: an empty list again.
    assert!(events(&ghl(&args, Some(TOKEN))).is_empty());

    // One task added: exactly that one.
    let new = events(&ghl(&args, Some(TOKEN)));
    assert_eq!(new.len(), 1, "{new:?}");
    // Tasks are new-or-updated items: id plus a content fingerprint.
    assert!(new[0]["id"].as_str().unwrap().starts_with("t3@"), "{new:?}");
    assert_eq!(new[0]["data"], task("t3"));

    // A fresh state with --samples shows the newest items once.
    let fresh = dir.join("fresh.json");
    let mut sample_args = args.to_vec();
    let fresh_arg = fresh.to_str().unwrap();
    sample_args[5] = fresh_arg;
    sample_args.extend(["--samples", "1"]);
    let sampled = events(&ghl(&sample_args, Some(TOKEN)));
    assert_eq!(sampled.len(), 1);
    assert_eq!(sampled[0]["data"], task("t1"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn requests_to_another_origin_are_denied_by_the_host() {
    // The component only calls the connection's base URL; the runner's
    // transport enforces the same origin. Nothing listens on port 9: a
    // request there would be a transport error, not a hang.
    let out = ghl(
        &[
            "call",
            "contacts.get",
            "--input",
            r#"{"contactId":"c"}"#,
            "--base-url",
            "http://127.0.0.1:9",
        ],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["kind"], "transport");
}
